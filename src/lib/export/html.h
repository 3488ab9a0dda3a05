/*
 * html.h - what the files of the HTML view share: html_assets.c (style,
 * script, escaping, page head and foot), html_page.c (a document's page),
 * html_view.c (the folder and its index) and html_search.c (a page of
 * stored quotes).
 */
#ifndef WS_HTML_H
#define WS_HTML_H

#include <stdio.h>

#include "export.h"

#define INDEX_FILE "index.html"
/* Attributions below this confidence, or without a speaker, stand out. */
#define LOW_CONFIDENCE 0.6

/* What the index needs of a document; the results themselves are freed. */
typedef struct ws__html_summary {
    char *doc_id, *origin, *file, *error;
    char *title, *url, *date; /* from the metadata (the date as ws_document_date reads it), or NULL */
    size_t quotes, speakers, entities, mentions, low;
} ws__html_summary;

/* Writes text with & < > " ' escaped, which makes it safe both as element
 * content and as a quoted attribute value. */
void ws__html_escaped(FILE *f, const char *s, size_t n);
/* A NUL-terminated string, escaped; NULL writes nothing. */
void ws__html_str(FILE *f, const char *s);
/* Only web addresses become links: a "javascript:" url must stay text. */
bool ws__html_is_web_url(const char *url);
/* The date, a link to the url and the document id of a document, for the
 * lines under a title; what is absent is left out. */
void ws__html_source(FILE *f, const ws__html_summary *s);
/* Class suffix of an entity type: a fixed table, never data. */
const char *ws__html_type_class(ws_entity_type type);
/* The page's head (with the style sheet) and foot (with the script if asked). */
void ws__html_head(FILE *f, const char *title);
void ws__html_foot(FILE *f, int with_script);

/* Writes the page of res to f, after counting its speakers and the quotes
 * to check into s. */
ws_status ws__html_page(FILE *f, ws_result *res, ws__html_summary *s);

#endif /* WS_HTML_H */
