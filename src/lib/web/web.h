/*
 * web.h - what the files of the web page reader share. Not installed.
 *
 * A page goes through four steps: charset.c decodes its bytes to UTF-8,
 * libxml2's HTML parser builds the tree (page.c), meta.c reads the
 * metadata (meta tags, JSON-LD; title.c the title, date.c the dates),
 * and boilerplate.c with clean.c
 * find the article and drop what is not part of it, in the way of
 * Readability (Arc90, then Mozilla): paragraphs score their ancestors by
 * their length and commas, class and id names weigh in, link density
 * scales the scores down, and the best candidate takes its siblings that
 * look like content. page.c writes the text of what is left.
 *
 * Internal names shared across these files start with web_.
 */
#ifndef WS_WEB_H
#define WS_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "whosaid.h"

/* ---- page.c: errors, buffers, warnings -------------------------------- */

#if defined(__GNUC__)
#define WEB_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define WEB_PRINTF(fmt, args)
#endif

/* Fills err (when not NULL) and returns status. */
ws_status web_fail(ws_error *err, ws_status status, long long byte, const char *fmt, ...)
    WEB_PRINTF(4, 5);

/* A growing byte buffer. After a failed allocation it stays as it was
 * and `failed` is set, so that callers check once at the end. */
typedef struct web_buf {
    char *data; /* NUL-terminated while not failed */
    size_t len, cap;
    bool failed;
} web_buf;

/* Room for n more bytes and the NUL; false (and failed) when memory ran out. */
bool web_buf_reserve(web_buf *b, size_t n);
void web_buf_add(web_buf *b, const char *s, size_t n);
void web_buf_addc(web_buf *b, char c);
void web_buf_addcp(web_buf *b, uint32_t cp); /* a code point as UTF-8 */
void web_buf_free(web_buf *b);

/* Warnings about a page, kept in the order they arise. */
typedef struct web_warnings {
    ws_warning *items;
    size_t count, cap;
    bool failed; /* memory ran out: some were lost */
} web_warnings;

void web_warn(web_warnings *w, long long byte, const char *fmt, ...) WEB_PRINTF(3, 4);

/* ---- charset.c: bytes to UTF-8 ----------------------------------------- */

/* Decodes a page to UTF-8 (into out, emptied first): the encoding its byte
 * order mark names, else the one it declares (<meta charset>, http-equiv
 * Content-Type, an XML declaration), else UTF-8 when it is valid UTF-8,
 * else windows-1252, what browsers assume of a page that says nothing.
 * Bytes that are invalid in the encoding become U+FFFD (one warning says
 * where the first was and how many there were); so do NUL bytes, which
 * HTML text cannot hold. charset receives the encoding's name. Fails with
 * WS_ERR_INPUT for binary data (a NUL byte near the start, not UTF-16)
 * and for a page mostly invalid in its encoding. */
ws_status web_decode(const char *in, size_t len, web_buf *out, char *charset, size_t charset_size,
                     web_warnings *warnings, ws_error *err);

/* ---- dom.c: the tree --------------------------------------------------- */

/* What the article search keeps per element (in xmlNode._private). */
typedef struct web_node {
    double score;
    bool scored;     /* has a content score */
    bool data_table; /* a table of data, not of layout */
    bool measured;   /* the text figures below hold (web_measure_tree) */
    size_t length;   /* of the text, as web_text_stats_of counts it */
    size_t commas;
    double links;    /* text in links, weighted as web_link_density weighs it */
} web_node;

/* A block of web_node records, freed at once. */
typedef struct web_arena {
    struct web_arena_block *blocks;
    bool failed;
} web_arena;

web_node *web_node_of(web_arena *arena, xmlNode *n); /* creates it; NULL when memory ran out */
static inline web_node *web_node_get(const xmlNode *n)
{
    return (web_node *)n->_private;
}
void web_arena_free(web_arena *arena);

/* Tag tests: libxml2 gives HTML tag names in lower case. */
static inline bool web_is(const xmlNode *n, const char *tag)
{
    return n && n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)tag);
}
bool web_is_any(const xmlNode *n, const char *const *tags); /* NULL-terminated list */
bool web_is_heading(const xmlNode *n);                      /* h1 to h6 */

xmlNode *web_first_elem(const xmlNode *n);
xmlNode *web_next_elem(const xmlNode *n);
size_t web_elem_count(const xmlNode *n); /* element children */
/* Depth-first order over elements below root (not root itself); skip jumps
 * over n's subtree. NULL past root's subtree. */
xmlNode *web_next_in(const xmlNode *root, const xmlNode *n, bool skip);
/* The element after n in document order, n's own children first unless
 * skip (Readability's _getNextNode). */
xmlNode *web_next_node(const xmlNode *n, bool skip);
/* Unlinks and frees n; returns the element that follows its subtree. */
xmlNode *web_remove_next(xmlNode *n);
void web_remove(xmlNode *n);

/* An attribute's value as parsed (entities decoded), or NULL; owned by
 * the tree. */
const char *web_attr(const xmlNode *n, const char *name);
/* "class id" in lower case, for the class and id hints (which ignore
 * case); in buf, cut at size. */
const char *web_match_string(const xmlNode *n, char *buf, size_t size);
/* s in ASCII lower case into buf, cut at size. */
void web_lower(const char *s, char *buf, size_t size);
bool web_has_ancestor(const xmlNode *n, const char *tag, int max_depth);

/* Text of a subtree as Readability's _getInnerText measures it: the text
 * trimmed, whitespace runs counted once, in UTF-16 units as JavaScript
 * counts string length. */
typedef struct web_text_stats {
    size_t length;
    size_t commas;       /* commas of Latin, Arabic, CJK and other scripts */
    size_t ascii_commas; /* ',' alone */
} web_text_stats;
void web_text_stats_of(const xmlNode *n, web_text_stats *st);
size_t web_text_len(const xmlNode *n);
/* The text itself, trimmed, runs of whitespace made one space (when
 * normalise) or kept; false when memory ran out. */
bool web_inner_text(const xmlNode *n, bool normalise, web_buf *out);
bool web_is_blank(const xmlNode *n); /* text of only whitespace */
/* Share of the text inside links (those to #fragments count 0.3). */
double web_link_density(const xmlNode *n);
/* Measures the text of every element below root at once, bottom-up, for
 * the scoring, which asks it of nested elements many times; the figures
 * hold until the tree changes. false when memory ran out. */
bool web_measure_tree(web_arena *arena, xmlNode *root);
size_t web_count_tag(const xmlNode *n, const char *tag); /* descendants */

/* libxml2 leaves "&copy 2025" and "&amp " as written; HTML decodes them
 * (the Latin-1 names, &amp, &lt, &gt and &quot may go without ';'). Text
 * nodes only: attributes keep theirs. A page that wrote "&amp;copy" shows
 * a copyright sign too: after parsing the two look the same, and that one
 * is the rarer. */
void web_legacy_references(xmlNode *root);

/* Whitespace as JavaScript's \s knows it; the length of the one at s, or
 * 0. ASCII inline: it runs once per character of the page, many times. */
size_t web_space_len_wide(const unsigned char *s, size_t n);
static inline size_t web_space_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (s[0] < 0x80)
        return s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r');
    return web_space_len_wide(s, n);
}
uint32_t web_utf8_next(const unsigned char **s, const unsigned char *end);

/* ---- meta.c: metadata -------------------------------------------------- */

typedef struct web_meta {
    char *title, *author, *date, *url, *site, *lang;
    char *article_body;  /* JSON-LD articleBody, for pages whose markup hides the text */
    char *other_author;  /* from tags Readability does not read (name="article:author",
                            "byl", sailthru.author), when neither it nor the text has one */
} web_meta;

/* Reads the metadata before the article search changes the tree (it reads
 * scripts, which the search removes). url, when not NULL, is where the
 * page was found: a relative canonical URL is resolved against it. A value
 * that memory cannot be found for is left out: the page is read all the
 * same. */
void web_meta_read(xmlDoc *doc, const char *url, web_meta *meta);
void web_meta_free(web_meta *meta);

/* title.c: the document's <title> as Readability cuts it (site names off). */
char *web_document_title(xmlDoc *doc);
/* Readability's similarity of b to a: 1 the same words, 0 none shared. */
double web_text_similarity(const char *a, const char *b);
/* date.c: words of only dates and times ("Updated April 29, 2019 at 3:33 pm"):
 * a byline element that holds no name. */
bool web_date_like(const char *s);
/* A date as ws_date_normalise writes it (a copy), or NULL when it reads none
 * (or text is NULL). */
char *web_iso_date(const char *text);

/* ---- boilerplate.c and clean.c: the article ---------------------------- */

typedef struct web_article_ctx {
    xmlDoc *doc;
    const char *title; /* the metadata title, or NULL */
    char *byline;      /* the first byline found in the text (and left out of it) */
    unsigned flags;
    web_arena arena;
} web_article_ctx;

enum {
    WEB_STRIP_UNLIKELY = 1,    /* drop elements whose class or id look like boilerplate */
    WEB_WEIGHT_CLASSES = 2,    /* class and id hints count in scores */
    WEB_CLEAN_CONDITIONAL = 4  /* drop lists, tables, divs that look like boilerplate */
};

/* Removes scripts, styles, AMP's ads and image placeholders, turns <font>
 * into <span> and runs of <br> into paragraphs; false when memory ran out. */
bool web_prepare(xmlDoc *doc);
/* One search with ctx->flags, which changes the document: the article, a
 * new element out of the document holding the content found; NULL when
 * the page has no body, or with err set when memory ran out. Sets
 * ctx->byline at the first byline found. */
xmlNode *web_grab_article(web_article_ctx *ctx, ws_error *err);

/* Class or id words of boilerplate (menu, sidebar, comment...), and
 * not of content (article, main...). */
bool web_unlikely_hint(const char *match);

/* clean.c: the clean-up of the article found (Readability's _prepArticle). */
int web_class_weight(const web_article_ctx *ctx, const xmlNode *n);
void web_prep_article(web_article_ctx *ctx, xmlNode *article);

#endif /* WS_WEB_H */
