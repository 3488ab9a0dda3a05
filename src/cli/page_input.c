/*
 * page_input.c - web pages among the command line's inputs: a file named
 * or sniffed as HTML, or a JSON Lines record with "html" instead of
 * "text", becomes the document of its article's text, with the page's
 * metadata beside the record's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "page_input.h"

/* As input.c writes metadata back out. */
#define META_DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15))

static int ends_with_nocase(const char *s, const char *suffix)
{
    size_t len = strlen(s), suffix_len = strlen(suffix);

    return len >= suffix_len && strcasecmp(s + len - suffix_len, suffix) == 0;
}

int cli_html_name(const char *path)
{
    return ends_with_nocase(path, ".html") || ends_with_nocase(path, ".htm") ||
           ends_with_nocase(path, ".xhtml");
}

int cli_looks_like_html(const char *bytes, size_t len)
{
    /* WHATWG MIME Sniffing's HTML patterns, each ended by a space or '>' */
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<script", "<iframe",
                                       "<h1", "<div", "<font", "<table", "<a", "<style", "<title",
                                       "<b", "<body", "<br", "<p", "<meta", NULL};
    const unsigned char *s = (const unsigned char *)bytes, *end = s + len;

    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
        s += 3;
    else if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && s[2] == '<' && s[3] == 0) ||
                          (s[0] == 0xFE && s[1] == 0xFF && s[2] == 0 && s[3] == '<')))
        return 1; /* UTF-16 with its mark, starting with a tag */
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f'))
        s++;
    if ((size_t)(end - s) >= 4 && memcmp(s, "<!--", 4) == 0)
        return 1;
    if ((size_t)(end - s) >= 5 && strncasecmp((const char *)s, "<?xml", 5) == 0) {
        /* XHTML: an XML declaration, then the html element or its doctype */
        size_t window = (size_t)(end - s) < 1024 ? (size_t)(end - s) : 1024;

        for (size_t i = 5; i + 5 <= window; i++)
            if (strncasecmp((const char *)s + i, "<html", 5) == 0 ||
                (i + 14 <= window && strncasecmp((const char *)s + i, "<!doctype html", 14) == 0))
                return 1;
        return 0;
    }
    for (const char *const *t = tags; *t; t++) {
        size_t n = strlen(*t);

        if ((size_t)(end - s) > n && strncasecmp((const char *)s, *t, n) == 0 &&
            (s[n] == ' ' || s[n] == '>' || s[n] == '\t' || s[n] == '\n' || s[n] == '\r' ||
             s[n] == '\f'))
            return 1;
    }
    return 0;
}

/* The record's fields as JSON text, NULL for none; -1 when memory ran out. */
static int record_text(json_t *record, char **out)
{
    *out = NULL;
    if (!record || json_object_size(record) == 0)
        return 0;
    *out = json_dumps(record, META_DUMP_FLAGS);
    return *out ? 0 : -1;
}

int cli_read_page(const ws_document *doc, const char *html, size_t len, const char *url,
                  json_t *record, const char *file, unsigned long line, cli_doc_fn fn,
                  cli_warn_fn warn, void *ctx)
{
    ws_document page_doc = *doc;
    ws_page *page = NULL;
    ws_error err;
    char *fields = NULL;
    ws_status status;
    int rc;

    if (ws_page_read(&page, html, len, url, &err) != WS_OK) {
        snprintf(err.file, sizeof err.file, "%s", file);
        err.line = line;
        return fn(doc, &err, ctx);
    }
    for (size_t i = 0; warn && i < ws_page_warning_count(page); i++) {
        const ws_warning *w = ws_page_warning(page, i);
        char message[600];

        if (w->byte >= 0)
            snprintf(message, sizeof message, "byte %lld: %s", w->byte, w->message);
        else
            snprintf(message, sizeof message, "%s", w->message);
        warn(doc->origin, message, ctx);
    }
    /* The record's fields first, then those of the page it lacks. */
    if (record_text(record, &fields) != 0) {
        ws_error_clear(&err);
        status = err.status = WS_ERR_NOMEM;
        snprintf(err.message, sizeof err.message, "out of memory");
    } else {
        status = ws_page_document(page, fields, &page_doc, &err);
    }
    if (status != WS_OK) {
        snprintf(err.file, sizeof err.file, "%s", file);
        err.line = line;
        rc = fn(doc, &err, ctx);
    } else {
        rc = fn(&page_doc, NULL, ctx);
    }
    free(fields);
    ws_page_free(page);
    return rc;
}
