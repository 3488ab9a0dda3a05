/*
 * html_search.c - one self-contained page of stored quotes (search
 * results), each with its speaker, date, source and confidence.
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

/* Only web addresses become links: a "javascript:" url must stay text. */
static bool is_web_url(const char *url)
{
    return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

ws_status ws_html_write_quotes(FILE *f, const char *title, const ws_db_quote *rows, size_t count,
                               ws_error *err)
{
    ws__html_head(f, title);
    fputs("<header class=\"top\"><h1>", f);
    ws__html_str(f, title);
    fprintf(f, "</h1><p>%zu quote%s</p></header>\n<main>\n<table>\n<thead><tr><th>Speaker</th>"
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
        if (is_web_url(q->url)) {
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
