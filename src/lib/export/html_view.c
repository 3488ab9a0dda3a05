/*
 * html_view.c - the HTML view: a folder with a page per document
 * (html_page.c) and index.html, which lists the documents with their
 * counts and charts the most quoted speakers. The writer keeps only a
 * summary per document, not the results; pages and index are published
 * together when the view is closed (staged.c).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "html.h"

/* Document ids give page names at most this long, after "doc-NNNN-". */
#define SLUG_BYTES 48
/* Speakers on the index chart. */
#define CHART_SPEAKERS 12

/* A speaker's quotes across all documents, for the chart. */
typedef struct tally {
    char *id, *name;
    size_t quotes;
} tally;

struct ws_html_writer {
    ws__staged folder;
    ws__html_summary *docs; /* in input order */
    size_t ndocs, docs_cap;
    tally *speakers; /* sorted by id */
    size_t nspeakers, speakers_cap;
};

/* "doc-0001-kyiv-talks.html": the position makes names unique, the slug
 * (ASCII letters and digits of the id, other runs as '-') makes them
 * recognisable. */
static char *page_file_name(size_t number, const char *doc_id)
{
    char slug[SLUG_BYTES + 1];
    size_t n = 0;
    char *name;

    for (const char *c = doc_id; *c && n < SLUG_BYTES; c++) {
        char ch = *c;

        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            slug[n++] = ch;
        else if (n > 0 && slug[n - 1] != '-')
            slug[n++] = '-';
    }
    while (n > 0 && slug[n - 1] == '-')
        n--;
    slug[n] = '\0';
    name = malloc(sizeof "doc--.html" + 24 + n);
    if (name)
        sprintf(name, n ? "doc-%04zu-%s.html" : "doc-%04zu.html", number, slug);
    return name;
}

static void free_summary(ws__html_summary *s)
{
    free(s->doc_id);
    free(s->origin);
    free(s->file);
    free(s->error);
    free(s->title);
    free(s->url);
    free(s->date);
}

/* Frees the writer; its files are gone or published already. */
static void free_writer(ws_html_writer *w)
{
    for (size_t i = 0; i < w->ndocs; i++)
        free_summary(&w->docs[i]);
    for (size_t i = 0; i < w->nspeakers; i++) {
        free(w->speakers[i].id);
        free(w->speakers[i].name);
    }
    free(w->speakers);
    free(w->docs);
    free(w);
}

static int compare_tally_id(const void *key, const void *elem)
{
    return strcmp(key, ((const tally *)elem)->id);
}

/* Counts the result's attributed quotes into the corpus-wide tally. */
static ws_status tally_speakers(ws_html_writer *w, ws_result *res)
{
    size_t nquotes = ws_result_quote_count(res);

    for (size_t i = 0; i < nquotes; i++) {
        const ws_entity *speaker = ws__quote_speaker(res, ws_result_quote(res, i));
        size_t lo = 0, hi = w->nspeakers;
        tally *t;

        if (!speaker)
            continue;
        t = w->nspeakers ? bsearch(speaker->id, w->speakers, w->nspeakers, sizeof *w->speakers, compare_tally_id)
                         : NULL;
        if (t) {
            t->quotes++;
            continue;
        }
        /* Insert in id order. */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;

            if (strcmp(w->speakers[mid].id, speaker->id) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (!ws__grow(&w->speakers, &w->speakers_cap, w->nspeakers + 1, sizeof *w->speakers))
            return WS_ERR_NOMEM;
        t = &w->speakers[lo];
        memmove(t + 1, t, (w->nspeakers - lo) * sizeof *t);
        t->id = strdup(speaker->id);
        t->name = strdup(speaker->name);
        t->quotes = 1;
        w->nspeakers++;
        if (!t->id || !t->name)
            return WS_ERR_NOMEM;
    }
    return WS_OK;
}

static int compare_tally_quotes(const void *a, const void *b)
{
    const tally *const *x = a, *const *y = b;

    if ((*x)->quotes != (*y)->quotes)
        return (*x)->quotes > (*y)->quotes ? -1 : 1;
    return strcmp((*x)->name, (*y)->name);
}

/* The most quoted speakers as CSS bars: readable without script or SVG. */
static ws_status put_chart(FILE *f, const ws_html_writer *w)
{
    size_t shown = w->nspeakers < CHART_SPEAKERS ? w->nspeakers : CHART_SPEAKERS;
    const tally **top;

    if (shown == 0)
        return WS_OK;
    top = malloc(w->nspeakers * sizeof *top);
    if (!top)
        return WS_ERR_NOMEM;
    for (size_t i = 0; i < w->nspeakers; i++)
        top[i] = &w->speakers[i];
    if (w->nspeakers > 1)
        qsort(top, w->nspeakers, sizeof *top, compare_tally_quotes);
    fputs("<section aria-labelledby=\"chart-h\">\n<h2 id=\"chart-h\">Most quoted speakers</h2>\n"
          "<ol class=\"bars\">\n", f);
    for (size_t i = 0; i < shown; i++) {
        fputs("<li data-speaker-id=\"", f);
        ws__html_str(f, top[i]->id);
        fprintf(f, "\" data-count=\"%zu\"><span>", top[i]->quotes);
        ws__html_str(f, top[i]->name);
        fprintf(f, "</span><span class=\"bar\" aria-hidden=\"true\"><span style=\"width:%zu%%\"></span></span>"
                   "<span class=\"n\">%zu</span></li>\n",
                top[i]->quotes * 100 / top[0]->quotes, top[i]->quotes);
    }
    fputs("</ol>\n</section>\n", f);
    free(top);
    return WS_OK;
}

static ws_status put_index(FILE *f, const ws_html_writer *w)
{
    size_t quotes = 0, low = 0, failed = 0;
    ws_status status;

    for (size_t i = 0; i < w->ndocs; i++) {
        quotes += w->docs[i].quotes;
        low += w->docs[i].low;
        failed += w->docs[i].error != NULL;
    }
    ws__html_head(f, "Articles");
    fprintf(f, "<header class=\"top\">\n<h1>Who said what</h1>\n<p class=\"meta\">%zu articles \xC2\xB7 "
               "%zu quotes \xC2\xB7 %zu speakers", w->ndocs, quotes, w->nspeakers);
    if (low)
        fprintf(f, " \xC2\xB7 <span class=\"flag\">%zu quotes to check</span>", low);
    if (failed)
        fprintf(f, " \xC2\xB7 <span class=\"flag\">%zu failed</span>", failed);
    fputs("</p>\n</header>\n<main class=\"index\">\n", f);
    status = put_chart(f, w);
    fputs("<section aria-labelledby=\"docs-h\">\n<h2 id=\"docs-h\">Articles</h2>\n<table>\n"
          "<thead><tr><th scope=\"col\">Article</th><th scope=\"col\" class=\"num\">Quotes</th>"
          "<th scope=\"col\" class=\"num\">Speakers</th><th scope=\"col\" class=\"num\">Entities</th>"
          "<th scope=\"col\" class=\"num\">Mentions</th><th scope=\"col\" class=\"num\">To check</th>"
          "</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < w->ndocs; i++) {
        const ws__html_summary *s = &w->docs[i];

        fputs("<tr data-doc=\"", f);
        ws__html_str(f, s->doc_id);
        fprintf(f, "\" data-quotes=\"%zu\" data-speakers=\"%zu\" data-entities=\"%zu\">"
                   "<td><a href=\"%s\">", s->quotes, s->speakers, s->entities, s->file);
        ws__html_str(f, s->title ? s->title : s->doc_id);
        fputs("</a>", f);
        if (s->title || s->date || s->url) {
            fputs("<br><small class=\"source\">", f);
            ws__html_source(f, s);
            fputs("</small>", f);
        }
        if (s->error) {
            fputs(" <span class=\"flag\">failed: ", f);
            ws__html_str(f, s->error);
            fputs("</span>", f);
        }
        fputs("<br><small>", f);
        ws__html_str(f, s->origin);
        fprintf(f, "</small></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                   "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%s%zu%s</td></tr>\n",
                s->quotes, s->speakers, s->entities, s->mentions,
                s->low ? "<span class=\"flag\">" : "", s->low, s->low ? "</span>" : "");
    }
    fputs("</tbody>\n</table>\n</section>\n</main>\n", f);
    ws__html_foot(f, 0);
    return status;
}

ws_status ws_html_open(ws_html_writer **out, const char *dir, ws_error *err)
{
    if (!out || !dir || !dir[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_html_open: a folder is required");
    *out = NULL;
    ws_html_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    ws_status status = ws__staged_open(&w->folder, dir, err);
    if (status != WS_OK) {
        ws__staged_discard(&w->folder);
        free(w);
        return status;
    }
    *out = w;
    return WS_OK;
}

/* A string field of the metadata, copied; NULL when absent. */
static int meta_string(json_t *meta, const char *key, char **out)
{
    const char *v = json_string_value(json_object_get(meta, key));

    *out = v && v[0] ? strdup(v) : NULL;
    return v && v[0] && !*out ? -1 : 0;
}

/* What the pages show of the metadata: title, url and date. */
static int summarise_meta(ws__html_summary *s, const char *meta_json)
{
    char date[WS_DATE_SIZE];
    json_t *meta = meta_json ? json_loads(meta_json, JSON_ALLOW_NUL, NULL) : NULL;
    int rc = 0;

    if (json_is_object(meta))
        rc = meta_string(meta, "title", &s->title) | meta_string(meta, "url", &s->url);
    json_decref(meta);
    if (rc == 0 && ws_document_date(meta_json, date, NULL) == WS_OK && date[0] && !(s->date = strdup(date)))
        rc = -1;
    return rc;
}

/* The summary of a result, with every count but the page's. */
static int summarise(ws__html_summary *s, size_t number, ws_result *res)
{
    const ws_error *failed = ws_result_error(res);

    memset(s, 0, sizeof *s);
    if (summarise_meta(s, ws_result_meta_json(res)) != 0)
        return -1;
    s->doc_id = strdup(ws_result_doc_id(res));
    s->origin = strdup(ws_result_origin(res));
    s->file = page_file_name(number, ws_result_doc_id(res));
    s->error = failed ? strdup(failed->message) : NULL;
    s->quotes = ws_result_quote_count(res);
    s->entities = ws_result_entity_count(res);
    s->mentions = ws_result_mention_count(res);
    return s->doc_id && s->origin && s->file && (!failed || s->error) ? 0 : -1;
}

ws_status ws_html_write(ws_html_writer *w, ws_result *res, ws_error *err)
{
    if (!w || !res)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_html_write: writer and result are required");
    /* After a failure the view is incomplete: writing more is pointless. */
    if (ws__staged_error(&w->folder, NULL) != WS_OK)
        return ws__staged_error(&w->folder, err);
    if (!ws__grow(&w->docs, &w->docs_cap, w->ndocs + 1, sizeof *w->docs)) {
        ws__staged_fail(&w->folder, WS_ERR_NOMEM, NULL, NULL);
        return ws__staged_error(&w->folder, err);
    }
    ws__html_summary *s = &w->docs[w->ndocs];
    if (summarise(s, w->ndocs + 1, res) != 0) {
        free_summary(s);
        ws__staged_fail(&w->folder, WS_ERR_NOMEM, NULL, NULL);
        return ws__staged_error(&w->folder, err);
    }
    w->ndocs++;
    FILE *f = ws__staged_create(&w->folder, s->file);
    ws_status status = f ? ws__html_page(f, res, s) : WS_OK;
    if (status == WS_OK && f)
        status = tally_speakers(w, res);
    if (status != WS_OK)
        ws__staged_fail(&w->folder, status, NULL, NULL);
    ws__staged_finish(&w->folder, f, s->file);
    return ws__staged_error(&w->folder, err);
}

ws_status ws_html_close(ws_html_writer *w, ws_error *err)
{
    if (!w)
        return WS_OK;
    /* The index last: once it is there, every page it links to is too. */
    FILE *f = ws__staged_create(&w->folder, INDEX_FILE);
    if (f && put_index(f, w) != WS_OK)
        ws__staged_fail(&w->folder, WS_ERR_NOMEM, NULL, NULL);
    ws__staged_finish(&w->folder, f, INDEX_FILE);
    ws_status status = ws__staged_publish(&w->folder, err);
    free_writer(w);
    return status;
}

void ws_html_abort(ws_html_writer *w)
{
    if (!w)
        return;
    ws__staged_discard(&w->folder);
    free_writer(w);
}
