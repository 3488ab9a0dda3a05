/*
 * html_page.c - a document's page: its text with the mentions coloured by
 * type and every quote marked, and panels of speakers, quotes and entities.
 *
 * Text: the document is written in runs between the offsets where a quote or
 * a mention opens or closes. Each run goes through ws_result_text, so invalid
 * bytes become U+FFFD; the offsets are character boundaries (the library
 * promises text == document[start:end]), so no run splits a character. A
 * paragraph is a line, as in the segmenter. Elements still open at a line
 * end, or when an element that opened before them closes, are closed and
 * opened again, so the markup always nests.
 */
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* Quotes in the side list are cut after this many bytes. */
#define EXCERPT_BYTES 140

/* What a page shows of a quote besides its place in the text. The strings
 * are copies, as ws_result_text reuses its buffer. */
typedef struct quote_info {
    char *speaker_text, *cue, *excerpt;
    size_t speaker_key; /* 1-based key in the page's speaker list; 0: no speaker */
    int low;
} quote_info;

/* A line of the speaker panel. */
typedef struct speaker_row {
    size_t entity; /* or WS_NO_ENTITY for the quotes without a speaker */
    size_t key;
    size_t quotes;
} speaker_row;

enum { MARK_QUOTE, MARK_MENTION };

/* An element of the text: a quote or a mention. */
typedef struct text_mark {
    int kind;
    size_t index; /* into the result's quotes or mentions */
    ws_span span;
    int started;  /* its first part, which carries the id, is written */
} text_mark;

/* An element opening or closing, with what ordering needs of it, so that
 * events sort without a context pointer. */
typedef struct text_event {
    size_t at;
    int close;
    int kind;
    ws_span span;
    size_t mark; /* into page.marks */
} text_event;

typedef struct page {
    FILE *f;
    ws_result *res;
    const ws__html_summary *doc;
    quote_info *quotes;
    speaker_row *speakers; /* sorted for the panel */
    size_t nspeakers;
    text_mark *marks;
    size_t nmarks;
    size_t *open; /* marks open at this point of the text, outermost first */
    size_t nopen;
    int in_paragraph;
    int out_of_memory;
} page;

/* Quotes open before mentions and close after them, so that quotes are
 * outermost; at one offset everything closes before anything opens. */
static int compare_events(const void *a, const void *b)
{
    const text_event *x = a, *y = b;

    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    if (x->close != y->close)
        return x->close ? -1 : 1;
    if (x->kind != y->kind)
        return (x->kind == MARK_QUOTE) == !x->close ? -1 : 1;
    /* Of two elements of a kind, the longer one is outermost. */
    if (!x->close && x->span.end != y->span.end)
        return x->span.end > y->span.end ? -1 : 1;
    if (x->close && x->span.start != y->span.start)
        return x->span.start > y->span.start ? -1 : 1;
    return x->mark < y->mark ? -1 : x->mark > y->mark;
}

static bool is_low(const ws_quote *quote)
{
    return quote->kind != WS_QUOTE_OTHER &&
           (quote->speaker == WS_NO_ENTITY || !(quote->confidence >= LOW_CONFIDENCE));
}

static const char *speaker_name(const page *p, const ws_quote *quote)
{
    const ws_entity *speaker = ws__quote_speaker(p->res, quote);

    return speaker ? speaker->name : NULL;
}

/* The speaker key as written in data-speaker-key: "s2", or "none". */
static void put_speaker_key(FILE *f, size_t key)
{
    if (key)
        fprintf(f, "s%zu", key);
    else
        fputs("none", f);
}

/* The quote's attribution in words, for its title attribute. */
static void put_quote_title(page *p, size_t i)
{
    const ws_quote *quote = ws_result_quote(p->res, i);
    const quote_info *info = &p->quotes[i];
    const char *name = speaker_name(p, quote);
    char confidence[WS__CONFIDENCE_SIZE];

    if (quote->kind == WS_QUOTE_OTHER) {
        fputs("Not speech (scare quotes or a title)", p->f);
        return;
    }
    ws__format_confidence(confidence, quote->confidence);
    fputs("Speaker: ", p->f);
    if (name) {
        ws__html_str(p->f, name);
        if (info->speaker_text && strcmp(info->speaker_text, name) != 0) {
            fputs(" (as written: ", p->f);
            ws__html_str(p->f, info->speaker_text);
            fputs(")", p->f);
        }
    } else {
        fputs("none found", p->f);
    }
    fputs("&#10;Cue: ", p->f);
    ws__html_str(p->f, info->cue ? info->cue : "none");
    fputs("&#10;Method: ", p->f);
    ws__html_str(p->f, quote->method ? ws_quote_method_str(quote->method) : "none");
    fprintf(p->f, "&#10;Confidence: %s%s", confidence, info->low ? " (low)" : "");
}

static void put_open_tag(page *p, text_mark *mark)
{
    FILE *f = p->f;

    if (mark->kind == MARK_QUOTE) {
        const ws_quote *quote = ws_result_quote(p->res, mark->index);
        const ws_entity *speaker = ws__quote_speaker(p->res, quote);
        char id[WS__QUOTE_ID_SIZE];

        ws__quote_id(id, mark->index);
        fprintf(f, "<span class=\"q q-%s%s\"", ws_quote_kind_str(quote->kind),
                p->quotes[mark->index].low ? " q-low" : "");
        /* Only the first part of a quote split over paragraphs has the id. */
        if (!mark->started)
            fprintf(f, " id=\"%s\"", id);
        fprintf(f, " data-quote=\"%s\" data-speaker-key=\"", id);
        put_speaker_key(f, p->quotes[mark->index].speaker_key);
        fputs("\" data-speaker=\"", f);
        ws__html_str(f, speaker ? speaker->name : NULL);
        fputs("\" data-speaker-id=\"", f);
        ws__html_str(f, speaker ? speaker->id : NULL);
        fputs("\" title=\"", f);
        put_quote_title(p, mark->index);
        fputs("\">", f);
    } else {
        const ws_mention *mention = ws_result_mention(p->res, mark->index);
        const ws_entity *entity = ws_result_entity(p->res, mention->entity);

        fprintf(f, "<span class=\"m m-%s\" data-entity=\"e%zu\" title=\"", ws__html_type_class(entity->type),
                mention->entity + 1);
        ws__html_str(f, entity->name);
        fprintf(f, " \xC2\xB7 %s", ws_entity_type_str(entity->type));
        if (entity->role) {
            fputs(" \xC2\xB7 ", f);
            ws__html_str(f, entity->role);
        }
        fputs("\">", f);
    }
    mark->started = 1;
}

static void begin_paragraph(page *p)
{
    fputs("<p>", p->f);
    for (size_t i = 0; i < p->nopen; i++)
        put_open_tag(p, &p->marks[p->open[i]]);
    p->in_paragraph = 1;
}

static void end_paragraph(page *p)
{
    for (size_t i = 0; i < p->nopen; i++)
        fputs("</span>", p->f);
    fputs("</p>\n", p->f);
    p->in_paragraph = 0;
}

/* Writes document bytes [start, end): a paragraph per line, blank lines
 * skipped, and elements opened in a paragraph only once it has text. */
static void put_text(page *p, size_t start, size_t end)
{
    size_t len;
    const char *text = ws_result_text(p->res, (ws_span){start, end}, &len);

    if (!text) {
        p->out_of_memory = 1;
        return;
    }
    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t line = nl ? (size_t)(nl - text) : len;
        size_t shown = line;

        /* The \r of a CRLF line end is no text. */
        if (nl && shown > 0 && text[shown - 1] == '\r')
            shown--;
        if (!p->in_paragraph && strspn(text, " \t\r") < shown)
            begin_paragraph(p);
        if (p->in_paragraph)
            ws__html_escaped(p->f, text, shown);
        if (nl && p->in_paragraph)
            end_paragraph(p);
        text += nl ? line + 1 : line;
        len -= nl ? line + 1 : line;
    }
}

static void open_mark(page *p, size_t m)
{
    p->open[p->nopen++] = m;
    if (p->in_paragraph)
        put_open_tag(p, &p->marks[m]);
}

/* Closes mark m; the elements opened inside it that are still open (they
 * overlap it) are closed with it and opened again after it. */
static void close_mark(page *p, size_t m)
{
    size_t depth = p->nopen;

    while (depth > 0 && p->open[depth - 1] != m)
        depth--;
    if (depth == 0)
        return;
    if (p->in_paragraph)
        for (size_t i = depth - 1; i < p->nopen; i++)
            fputs("</span>", p->f);
    memmove(&p->open[depth - 1], &p->open[depth], (p->nopen - depth) * sizeof *p->open);
    p->nopen--;
    if (p->in_paragraph)
        for (size_t i = depth - 1; i < p->nopen; i++)
            put_open_tag(p, &p->marks[p->open[i]]);
}

static int add_mark(page *p, int kind, size_t index, ws_span span, size_t doc_len)
{
    /* An empty span marks nothing. */
    if (ws__span_empty(span) || span.end > doc_len)
        return 0;
    p->marks[p->nmarks++] = (text_mark){.kind = kind, .index = index, .span = span};
    return 1;
}

static ws_status put_article_text(page *p)
{
    size_t nquotes = ws_result_quote_count(p->res), nmentions = ws_result_mention_count(p->res);
    size_t doc_len = ws_result_doc_len(p->res), pos = 0, nevents = 0;
    text_event *events;

    p->marks = malloc((nquotes + nmentions + 1) * sizeof *p->marks);
    p->open = malloc((nquotes + nmentions + 1) * sizeof *p->open);
    events = malloc((nquotes + nmentions + 1) * 2 * sizeof *events);
    if (!p->marks || !p->open || !events) {
        free(events);
        return WS_ERR_NOMEM;
    }
    for (size_t i = 0; i < nquotes; i++)
        add_mark(p, MARK_QUOTE, i, ws_result_quote(p->res, i)->span, doc_len);
    for (size_t i = 0; i < nmentions; i++)
        add_mark(p, MARK_MENTION, i, ws_result_mention(p->res, i)->span, doc_len);
    for (size_t m = 0; m < p->nmarks; m++) {
        const text_mark *mark = &p->marks[m];

        events[nevents++] = (text_event){mark->span.start, 0, mark->kind, mark->span, m};
        events[nevents++] = (text_event){mark->span.end, 1, mark->kind, mark->span, m};
    }
    if (nevents > 1)
        qsort(events, nevents, sizeof *events, compare_events);
    fputs("<article class=\"doc\" aria-label=\"Article text\">\n", p->f);
    for (size_t e = 0; e < nevents && !p->out_of_memory; e++) {
        put_text(p, pos, events[e].at);
        pos = events[e].at;
        if (events[e].close)
            close_mark(p, events[e].mark);
        else
            open_mark(p, events[e].mark);
    }
    if (!p->out_of_memory)
        put_text(p, pos, doc_len);
    if (p->in_paragraph)
        end_paragraph(p);
    fputs("</article>\n", p->f);
    free(events);
    return p->out_of_memory ? WS_ERR_NOMEM : WS_OK;
}

/* A copy of a span's text, "" for an empty span; at most max bytes, cut at
 * a character boundary and marked with an ellipsis. */
static char *span_copy(ws_result *res, ws_span span, size_t max)
{
    size_t len = 0;
    const char *text = ws__span_empty(span) ? "" : ws_result_text(res, span, &len);
    char *copy;

    if (!text)
        return NULL;
    if (len <= max)
        return ws__strndup(text, len);
    /* ws_result_text gives valid UTF-8: back off continuation bytes. */
    while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
        max--;
    copy = malloc(max + 4);
    if (copy) {
        memcpy(copy, text, max);
        memcpy(copy + max, "\xE2\x80\xA6", 4);
    }
    return copy;
}

static int compare_speaker_rows(const void *a, const void *b)
{
    const speaker_row *x = a, *y = b;

    /* Most quoted first, then in order of first quote; "no speaker" last. */
    if ((x->entity == WS_NO_ENTITY) != (y->entity == WS_NO_ENTITY))
        return x->entity == WS_NO_ENTITY ? 1 : -1;
    if (x->quotes != y->quotes)
        return x->quotes > y->quotes ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Fills p->quotes and p->speakers. */
static ws_status gather_quotes(page *p)
{
    size_t nquotes = ws_result_quote_count(p->res);
    size_t *row_of = calloc(ws_result_entity_count(p->res) + 1, sizeof *row_of);
    size_t none_row = 0;

    p->quotes = calloc(nquotes + 1, sizeof *p->quotes);
    p->speakers = calloc(nquotes + 1, sizeof *p->speakers);
    if (!row_of || !p->quotes || !p->speakers) {
        free(row_of);
        return WS_ERR_NOMEM;
    }
    for (size_t i = 0; i < nquotes; i++) {
        const ws_quote *quote = ws_result_quote(p->res, i);
        quote_info *info = &p->quotes[i];
        size_t *row = quote->speaker == WS_NO_ENTITY ? &none_row : &row_of[quote->speaker];

        info->low = is_low(quote);
        info->excerpt = span_copy(p->res, quote->span, EXCERPT_BYTES);
        info->speaker_text = ws__span_empty(quote->speaker_span)
                                 ? NULL : span_copy(p->res, quote->speaker_span, SIZE_MAX);
        info->cue = ws__span_empty(quote->cue_span) ? NULL : span_copy(p->res, quote->cue_span, SIZE_MAX);
        if (!info->excerpt || (!info->speaker_text && !ws__span_empty(quote->speaker_span)) ||
            (!info->cue && !ws__span_empty(quote->cue_span))) {
            free(row_of);
            return WS_ERR_NOMEM;
        }
        /* Rows are numbered from 1, so 0 in row_of means "none yet". */
        if (*row == 0) {
            *row = ++p->nspeakers;
            p->speakers[*row - 1] = (speaker_row){quote->speaker, 0, 0};
            if (quote->speaker != WS_NO_ENTITY)
                p->speakers[*row - 1].key = *row;
        }
        p->speakers[*row - 1].quotes++;
        info->speaker_key = p->speakers[*row - 1].key;
    }
    free(row_of);
    if (p->nspeakers > 1)
        qsort(p->speakers, p->nspeakers, sizeof *p->speakers, compare_speaker_rows);
    return WS_OK;
}

static void put_legend(FILE *f)
{
    fputs("<ul class=\"legend\" aria-label=\"Legend\">\n"
          "<li><span class=\"swatch m m-person\">Person</span></li>\n"
          "<li><span class=\"swatch m m-place\">Place</span></li>\n"
          "<li><span class=\"swatch m m-org\">Organisation</span></li>\n"
          "<li><span class=\"swatch q\">Quote</span></li>\n"
          "<li><span class=\"swatch q q-low\">Low confidence or no speaker</span></li>\n"
          "<li><span class=\"swatch q q-other\">Not speech</span></li>\n"
          "</ul>\n", f);
}

static void put_speaker_panel(page *p)
{
    FILE *f = p->f;

    fputs("<section aria-labelledby=\"speakers-h\">\n<h2 id=\"speakers-h\">Speakers</h2>\n", f);
    if (p->nspeakers == 0) {
        fputs("<p class=\"hint\">No quotes found.</p>\n</section>\n", f);
        return;
    }
    fputs("<p class=\"hint\">Select a speaker to highlight their quotes.</p>\n<ul>\n", f);
    for (size_t i = 0; i < p->nspeakers; i++) {
        const speaker_row *row = &p->speakers[i];
        const ws_entity *entity = row->entity == WS_NO_ENTITY ? NULL : ws_result_entity(p->res, row->entity);

        fprintf(f, "<li><button type=\"button\" class=\"speaker%s\" aria-pressed=\"false\" "
                   "data-speaker-key=\"", entity ? "" : " none");
        put_speaker_key(f, row->key);
        fputs("\" data-speaker-id=\"", f);
        ws__html_str(f, entity ? entity->id : NULL);
        fprintf(f, "\" data-count=\"%zu\"><span class=\"who\">", row->quotes);
        ws__html_str(f, entity ? entity->name : "No speaker found");
        fputs("</span><span class=\"role\">", f);
        ws__html_str(f, entity ? entity->role : NULL);
        fprintf(f, "</span><span class=\"n\" aria-label=\"quotes: %zu\">%zu</span></button></li>\n",
                row->quotes, row->quotes);
    }
    fputs("</ul>\n</section>\n", f);
}

static void put_quote_list(page *p)
{
    FILE *f = p->f;
    size_t nquotes = ws_result_quote_count(p->res);

    if (nquotes == 0)
        return;
    fputs("<section aria-labelledby=\"quotes-h\">\n<h2 id=\"quotes-h\">Quotes</h2>\n<ol>\n", f);
    for (size_t i = 0; i < nquotes; i++) {
        const ws_quote *quote = ws_result_quote(p->res, i);
        const quote_info *info = &p->quotes[i];
        const char *name = speaker_name(p, quote);
        char id[WS__QUOTE_ID_SIZE];
        char confidence[WS__CONFIDENCE_SIZE];

        ws__quote_id(id, i);
        ws__format_confidence(confidence, quote->confidence);
        fprintf(f, "<li class=\"qi%s%s\" data-speaker-key=\"", info->low ? " low" : "",
                quote->kind == WS_QUOTE_OTHER ? " other" : "");
        put_speaker_key(f, info->speaker_key);
        fprintf(f, "\"><a href=\"#%s\"><span class=\"who\">", id);
        if (quote->kind == WS_QUOTE_OTHER)
            fputs("Not speech", f);
        else
            ws__html_str(f, name ? name : "No speaker found");
        fputs("</span>", f);
        if (info->low)
            fputs(" <span class=\"flag\">low confidence</span>", f);
        fprintf(f, "<span class=\"info\">%s \xC2\xB7 ", id);
        ws__html_str(f, info->cue ? info->cue : "no cue");
        fputs(" \xC2\xB7 ", f);
        ws__html_str(f, quote->method ? ws_quote_method_str(quote->method) : "no method");
        fprintf(f, " \xC2\xB7 %s</span><span class=\"text\">\xE2\x80\x9C", confidence);
        ws__html_str(f, info->excerpt);
        fputs("\xE2\x80\x9D</span></a></li>\n", f);
    }
    fputs("</ol>\n</section>\n", f);
}

static int compare_entities(const void *a, const void *b)
{
    const ws_entity *const *x = a, *const *y = b;

    /* Most mentioned first; pointers into one array keep first-mention order. */
    if ((*x)->mention_count != (*y)->mention_count)
        return (*x)->mention_count > (*y)->mention_count ? -1 : 1;
    return *x < *y ? -1 : *x > *y;
}

static ws_status put_entity_panel(page *p)
{
    FILE *f = p->f;
    size_t count = ws_result_entity_count(p->res);
    const ws_entity **sorted;

    if (count == 0)
        return WS_OK;
    sorted = malloc(count * sizeof *sorted);
    if (!sorted)
        return WS_ERR_NOMEM;
    for (size_t i = 0; i < count; i++)
        sorted[i] = ws_result_entity(p->res, i);
    if (count > 1)
        qsort(sorted, count, sizeof *sorted, compare_entities);
    fputs("<section aria-labelledby=\"entities-h\">\n<h2 id=\"entities-h\">Entities</h2>\n<ul>\n", f);
    for (size_t i = 0; i < count; i++) {
        fprintf(f, "<li class=\"ent\" data-entity-id=\"");
        ws__html_str(f, sorted[i]->id);
        fprintf(f, "\" data-count=\"%zu\"><span class=\"type t-%s\">%s</span><span>", sorted[i]->mention_count,
                ws__html_type_class(sorted[i]->type), ws_entity_type_str(sorted[i]->type));
        ws__html_str(f, sorted[i]->name);
        fprintf(f, "</span><span class=\"n\" aria-label=\"mentions: %zu\">%zu</span></li>\n",
                sorted[i]->mention_count, sorted[i]->mention_count);
    }
    fputs("</ul>\n</section>\n", f);
    free(sorted);
    return WS_OK;
}

static void put_page_header(page *p)
{
    FILE *f = p->f;
    const ws__html_summary *s = p->doc;
    size_t nwarnings = ws_result_warning_count(p->res);

    fputs("<a class=\"skip\" href=\"#text\">Skip to the text</a>\n<header class=\"top\">\n"
          "<p class=\"crumb\"><a href=\"" INDEX_FILE "\">\xE2\x86\x90 All articles</a></p>\n<h1>", f);
    ws__html_str(f, s->title ? s->title : s->doc_id);
    fputs("</h1>\n", f);
    /* Where it was published, to check the quotes against the original. */
    if (s->title || s->date || s->url) {
        fputs("<p class=\"meta source\">", f);
        ws__html_source(f, s);
        fputs("</p>\n", f);
    }
    fputs("<p class=\"meta\">", f);
    if (s->origin[0]) {
        ws__html_str(f, s->origin);
        fputs(" \xC2\xB7 ", f);
    }
    fprintf(f, "%zu bytes \xC2\xB7 %zu quotes \xC2\xB7 %zu speakers \xC2\xB7 %zu entities",
            ws_result_doc_len(p->res), s->quotes, s->speakers, s->entities);
    if (s->low)
        fprintf(f, " \xC2\xB7 <span class=\"flag\">%zu to check</span>", s->low);
    fputs("</p>\n", f);
    if (nwarnings > 0) {
        fprintf(f, "<details class=\"meta\"><summary>%zu warnings</summary><ul>\n", nwarnings);
        for (size_t i = 0; i < nwarnings; i++) {
            const ws_warning *warning = ws_result_warning(p->res, i);

            fputs("<li>", f);
            if (warning->byte >= 0)
                fprintf(f, "byte %lld: ", warning->byte);
            ws__html_str(f, warning->message);
            fputs("</li>\n", f);
        }
        fputs("</ul></details>\n", f);
    }
    fputs("</header>\n", f);
}

static ws_status put_page(page *p)
{
    const ws__html_summary *s = p->doc;
    ws_status status = WS_OK;

    ws__html_head(p->f, s->title ? s->title : s->doc_id);
    put_page_header(p);
    fputs("<div class=\"layout\">\n<main id=\"text\">\n", p->f);
    if (s->error) {
        fputs("<p class=\"error\" role=\"alert\">This document could not be processed: ", p->f);
        ws__html_str(p->f, s->error);
        fputs("</p>\n", p->f);
    } else {
        put_legend(p->f);
        status = put_article_text(p);
    }
    fputs("</main>\n<aside aria-label=\"Speakers, quotes and entities\">\n", p->f);
    put_speaker_panel(p);
    put_quote_list(p);
    if (status == WS_OK)
        status = put_entity_panel(p);
    fputs("</aside>\n</div>\n", p->f);
    ws__html_foot(p->f, 1);
    return status;
}

static void free_page(page *p)
{
    for (size_t i = 0; p->quotes && i < ws_result_quote_count(p->res); i++) {
        free(p->quotes[i].speaker_text);
        free(p->quotes[i].cue);
        free(p->quotes[i].excerpt);
    }
    free(p->quotes);
    free(p->speakers);
    free(p->marks);
    free(p->open);
}

ws_status ws__html_page(FILE *f, ws_result *res, ws__html_summary *s)
{
    page p = {.f = f, .res = res, .doc = s};
    ws_status status = gather_quotes(&p);
    if (status == WS_OK) {
        for (size_t i = 0; i < p.nspeakers; i++)
            s->speakers += p.speakers[i].entity != WS_NO_ENTITY;
        for (size_t i = 0; i < s->quotes; i++)
            s->low += p.quotes[i].low;
        status = put_page(&p);
    }
    free_page(&p);
    return status;
}
