/*
 * html_search.c - one self-contained page of stored quotes (search
 * results), each with its speaker, date, source and confidence, under the
 * query and filters that found them.
 */
#include <errno.h>
#include <string.h>

#include "html.h"

/* A cell's text, or a dash when the value is absent. */
static void put_cell(FILE *f, const char *s)
{
    if (s && *s)
        ws__html_str(f, s);
    else
        fputs("\xE2\x80\x94", f);
}

/* One line of the query: what was asked for, as the options name it. */
static void put_filter(FILE *f, const char *name, const char *value)
{
    if (!value)
        return;
    fputs("<div><dt>", f);
    ws__html_str(f, name);
    fputs("</dt><dd>", f);
    ws__html_str(f, value);
    fputs("</dd></div>", f);
}

/* The query and filters that produced the rows, so that a page saved or
 * sent on says what it holds. */
static void put_query(FILE *f, const ws_db_query *q)
{
    char limit[24];

    if (!q)
        return;
    fputs("<dl class=\"query\" aria-label=\"Search\">", f);
    put_filter(f, "words", q->text);
    put_filter(f, "speaker", q->speaker);
    put_filter(f, "about", q->about);
    put_filter(f, "since", q->since);
    put_filter(f, "until", q->until);
    snprintf(limit, sizeof limit, "%zu", q->limit);
    put_filter(f, "limit", q->limit ? limit : NULL);
    if (!q->text && !q->speaker && !q->about && !q->since && !q->until)
        put_filter(f, "filters", "none: every quote, newest first");
    fputs("</dl>\n", f);
}

static ws_status write_page(FILE *f, const char *title, const ws_db_query *query, const ws_db_quote *rows,
                            size_t count, ws_error *err)
{
    ws__html_head(f, title);
    fputs("<header class=\"top\"><h1>", f);
    ws__html_str(f, title);
    fputs("</h1>", f);
    put_query(f, query);
    fprintf(f, "<p>%zu quote%s</p></header>\n<main>\n<table>\n<thead><tr><th>Speaker</th>"
               "<th>Quote</th><th>Date</th><th>Source</th><th class=\"num\">Confidence</th></tr></thead>\n"
               "<tbody>\n", count, count == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        const ws_db_quote *q = &rows[i];
        int low = !q->speaker || q->confidence < LOW_CONFIDENCE;
        fprintf(f, "<tr%s><td><strong%s>", low ? " class=\"low\"" : "", q->speaker ? "" : " class=\"flag\"");
        put_cell(f, q->speaker ? q->speaker : "no speaker");
        fputs("</strong>", f);
        if (q->speaker_text) {
            fputs("<br><small>", f);
            ws__html_str(f, q->speaker_text);
            fputs("</small>", f);
        }
        fputs("</td><td>\xE2\x80\x9C", f);
        ws__html_str(f, q->text);
        fputs("\xE2\x80\x9D<br><small>", f);
        ws__html_str(f, q->kind);
        if (q->cue) {
            fputs(", ", f);
            ws__html_str(f, q->cue);
        }
        fputs("</small></td><td>", f);
        put_cell(f, q->date);
        fputs("</td><td>", f);
        const char *source = q->source ? q->source : q->url;
        if (ws__html_is_web_url(q->url)) {
            fputs("<a href=\"", f);
            ws__html_str(f, q->url);
            fputs("\">", f);
            ws__html_str(f, source);
            fputs("</a><br>", f);
        } else if (source) {
            ws__html_str(f, source);
            fputs("<br>", f);
        }
        fputs("<small>", f);
        ws__html_str(f, q->doc);
        fputs(" ", f);
        ws__html_str(f, q->quote_id);
        fprintf(f, "</small></td><td class=\"num\">%.2f%s</td></tr>\n", q->confidence,
                low ? " <span class=\"flag\">check</span>" : "");
    }
    fputs("</tbody>\n</table>\n</main>\n", f);
    ws__html_foot(f, 0);
    if (ferror(f))
        return ws__fail(err, WS_ERR_IO, NULL, 0, -1, "cannot write the page: %s", strerror(errno));
    return WS_OK;
}

ws_status ws_html_write_quotes(FILE *f, const char *title, const ws_db_quote *rows, size_t count,
                               ws_error *err)
{
    return write_page(f, title, NULL, rows, count, err);
}

ws_status ws_html_write_search(FILE *f, const ws_db_query *q, const ws_db_quote *rows, size_t count,
                               ws_error *err)
{
    if (!q)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_html_write_search: a query is required");
    return write_page(f, "Search results", q, rows, count, err);
}
