/*
 * page_input.h - web pages among the inputs: telling one from text, and
 * turning it into a document (src/cli/page_input.c).
 */
#ifndef WHOSAID_CLI_PAGE_INPUT_H
#define WHOSAID_CLI_PAGE_INPUT_H

#include <stddef.h>

#include <jansson.h>

#include "input.h"
#include "whosaid.h"

/* A file name that says web page: *.html, *.htm, *.xhtml. */
int cli_html_name(const char *path);

/* Bytes that start as a web page does (WHATWG MIME sniffing: <!DOCTYPE
 * HTML, <html, <head, <body, <p, <div, <!-- ... after a byte order mark and
 * whitespace). */
int cli_looks_like_html(const char *bytes, size_t len);

/* Reads html as a web page and hands fn the document it gives: doc's id
 * and origin, the page's text, and as metadata the fields of record (a
 * JSON Lines record's own, which win; may be NULL) followed by those the
 * page gives and the record lacks. url (may be NULL) is where the page was
 * found. A page that cannot be read goes to fn as failed, located at file
 * and line (0 for a whole file) and the page's byte; its warnings go to
 * warn (may be NULL) as "byte N: message". Returns fn's value. */
int cli_read_page(const ws_document *doc, const char *html, size_t len, const char *url,
                  json_t *record, const char *file, unsigned long line, cli_doc_fn fn,
                  cli_warn_fn warn, void *ctx);

#endif /* WHOSAID_CLI_PAGE_INPUT_H */
