/*
 * export_html.c - results as a folder of HTML pages: index.html and one page
 * per document.
 *
 * Safety: every string that comes from a document or a gazetteer goes
 * through put_escaped, in text and in attributes alike. Ids and class names
 * are never derived from data: they come from positions (q3, s2, e5) or from
 * fixed tables (entity types), so nothing needs sanitising there. The script
 * is a constant and reads its data from data- attributes, so no JSON is ever
 * embedded in it.
 *
 * Text: the document is written in runs between the offsets where a quote or
 * a mention opens or closes. Each run goes through ws_result_text, so invalid
 * bytes become U+FFFD; the offsets are character boundaries (the library
 * promises text == document[start:end]), so no run splits a character. A
 * paragraph is a line, as in segment.c. Elements still open at a line end,
 * or when an element that opened before them closes, are closed and opened
 * again, so the markup always nests.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "whosaid.h"

#define TMP_SUFFIX ".tmp"
#define INDEX_FILE "index.html"
/* Attributions below this confidence, or without a speaker, stand out. */
#define LOW_CONFIDENCE 0.6
/* Quotes in the side list are cut after this many bytes. */
#define EXCERPT_BYTES 140
/* Document ids give page names at most this long, after "doc-NNNN-". */
#define SLUG_BYTES 48
/* Speakers on the index chart. */
#define CHART_SPEAKERS 12

/* What the index needs of a document; the results themselves are freed. */
typedef struct summary {
    char *doc_id, *origin, *file, *error;
    size_t quotes, speakers, entities, mentions, low;
} summary;

/* A speaker's quotes across all documents, for the chart. */
typedef struct tally {
    char *id, *name;
    size_t quotes;
} tally;

struct ws_html_writer {
    char *dir;
    summary *docs; /* in input order; the last one may be partly written */
    size_t ndocs, docs_cap;
    tally *speakers; /* sorted by id */
    size_t nspeakers, speakers_cap;
    ws_error first_error; /* status WS_OK until a write fails */
};

/* ---------------------------------------------------------------------- */
/* Styles and script, shared by every page. */

static const char STYLE[] =
    ":root{--ink:#1b1f24;--muted:#57606a;--line:#d8dee4;--paper:#fff;--panel:#f6f8fa;"
    "--accent:#0b5cad;--person:#1d4ed8;--person-bg:#e3ecff;--place:#0f766e;--place-bg:#daf3ee;"
    "--org:#7e22ce;--org-bg:#f1e6ff;--quote-bg:#fff4c2;--quote-line:#b58105;"
    "--low-bg:#ffe3e0;--low-line:#c0271a;--hl:#ffd23f}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--paper);color:var(--ink);"
    "font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
    "a{color:var(--accent)}\n"
    ":focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}\n"
    "header.top{border-bottom:1px solid var(--line);padding:1rem max(2rem,calc((100% - 72rem)/2));background:var(--panel)}\n"
    "header.top h1{margin:.2rem 0;font-size:1.5rem;overflow-wrap:anywhere}\n"
    ".crumb{margin:0;font-size:.9rem}.meta{margin:0;color:var(--muted);font-size:.9rem}\n"
    ".layout{display:grid;grid-template-columns:minmax(0,44rem) minmax(16rem,24rem);gap:2.5rem;"
    "padding:1.5rem 2rem;align-items:start;max-width:76rem;margin:0 auto}\n"
    "@media (max-width:900px){.layout{grid-template-columns:1fr}}\n"
    "h2{font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);margin:0 0 .6rem}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;margin:0 0 1.2rem;padding:.6rem .8rem;"
    "border:1px solid var(--line);border-radius:6px;font-size:.85rem;list-style:none}\n"
    ".doc{font-family:Charter,'Bitstream Charter','Iowan Old Style',Georgia,'Times New Roman',serif;"
    "font-size:1.08rem;line-height:1.7}\n"
    ".doc p{margin:0 0 1rem}\n"
    ".m{border-radius:3px;padding:0 .1em;border-bottom:1px solid}\n"
    ".m-person{color:var(--person);background:var(--person-bg)}\n"
    ".m-place{color:var(--place);background:var(--place-bg)}\n"
    ".m-org{color:var(--org);background:var(--org-bg)}\n"
    ".q{background:var(--quote-bg);border-bottom:2px solid var(--quote-line);padding:.05em 0}\n"
    ".q-low{background:var(--low-bg);border-bottom:2px dashed var(--low-line)}\n"
    ".q-other{background:none;border-bottom:2px dotted var(--muted)}\n"
    ".q:target{outline:2px solid var(--accent)}\n"
    ".filtering .q:not(.hl){background:none;border-bottom-color:var(--line)}\n"
    ".q.hl{background:var(--hl);box-shadow:0 0 0 2px var(--hl)}\n"
    ".swatch{display:inline-block;padding:0 .35em;margin-right:.3em}\n"
    "aside section{margin-bottom:1.8rem}\n"
    "aside ul,aside ol{list-style:none;margin:0;padding:0}\n"
    ".hint{margin:0 0 .5rem;font-size:.85rem;color:var(--muted)}\n"
    ".speaker{display:flex;width:100%;align-items:baseline;gap:.5rem;margin:0 0 .3rem;padding:.4rem .6rem;"
    "border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink);font:inherit;"
    "text-align:left;cursor:pointer}\n"
    ".speaker:hover{border-color:var(--accent)}\n"
    ".speaker[aria-pressed=true]{background:var(--hl);border-color:var(--quote-line)}\n"
    ".speaker .role{color:var(--muted);font-size:.8rem;flex:1}\n"
    ".speaker .who{font-weight:600}.speaker.none .who{color:var(--low-line)}\n"
    ".n{margin-left:auto;min-width:1.8em;text-align:center;border-radius:9px;background:var(--panel);"
    "border:1px solid var(--line);font-size:.8rem;font-variant-numeric:tabular-nums}\n"
    ".qi a{display:block;padding:.45rem .6rem;margin:0 0 .35rem;border-left:4px solid var(--quote-line);"
    "background:var(--panel);border-radius:0 6px 6px 0;color:var(--ink);text-decoration:none;font-size:.88rem}\n"
    ".qi a:hover{background:#eef1f4}\n"
    ".qi.low a{border-left-color:var(--low-line);background:#fff5f4}\n"
    ".qi.other a{border-left:4px dotted var(--muted)}\n"
    ".filtering .qi:not(.hl){opacity:.4}\n"
    ".qi .who{font-weight:600}.qi .info{display:block;color:var(--muted);font-size:.8rem}\n"
    ".qi .text{display:block;font-style:italic}\n"
    ".flag{color:var(--low-line);font-weight:600}\n"
    ".ent{display:flex;gap:.5rem;align-items:baseline;padding:.2rem 0;border-bottom:1px solid var(--panel);font-size:.9rem}\n"
    ".type{font-size:.7rem;font-weight:700;padding:0 .35em;border-radius:3px;min-width:4.2em;text-align:center}\n"
    ".t-person{color:var(--person);background:var(--person-bg)}\n"
    ".t-place{color:var(--place);background:var(--place-bg)}\n"
    ".t-org{color:var(--org);background:var(--org-bg)}\n"
    ".error{padding:1rem;border-left:4px solid var(--low-line);background:var(--low-bg)}\n"
    "main.index{padding:1.5rem 2rem;max-width:76rem;margin:0 auto}\n"
    "table{border-collapse:collapse;width:100%;font-size:.92rem}\n"
    "th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid var(--line)}\n"
    "th{font-size:.78rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "td small{color:var(--muted)}\n"
    ".bars{margin:0 0 2rem;padding:0;list-style:none;max-width:44rem}\n"
    ".bars li{display:grid;grid-template-columns:15rem 1fr 3rem;gap:.6rem;align-items:center;margin:.25rem 0}\n"
    ".bar{height:1rem;background:var(--panel);border-radius:3px}\n"
    ".bar span{display:block;height:100%;background:var(--accent);border-radius:3px}\n"
    ".bars .n{border:none;background:none;text-align:right}\n"
    "footer{padding:1rem max(2rem,calc((100% - 72rem)/2));color:var(--muted);font-size:.8rem;border-top:1px solid var(--line)}\n";

/* Selecting a speaker highlights their quotes, in the text and in the list;
 * #speaker-s2 in the address selects one on load, so a view can be shared. */
static const char SCRIPT[] =
    "(function () {\n"
    "  var buttons = document.querySelectorAll('button[data-speaker-key]');\n"
    "  var marked = document.querySelectorAll('.q, .qi');\n"
    "  function select(key) {\n"
    "    document.body.classList.toggle('filtering', key !== null);\n"
    "    buttons.forEach(function (b) {\n"
    "      b.setAttribute('aria-pressed', String(b.getAttribute('data-speaker-key') === key));\n"
    "    });\n"
    "    marked.forEach(function (m) {\n"
    "      m.classList.toggle('hl', m.getAttribute('data-speaker-key') === key);\n"
    "    });\n"
    "  }\n"
    "  buttons.forEach(function (b) {\n"
    "    b.addEventListener('click', function () {\n"
    "      var key = b.getAttribute('aria-pressed') === 'true' ? null : b.getAttribute('data-speaker-key');\n"
    "      select(key);\n"
    "      /* Some browsers refuse history changes on file: pages. */\n"
    "      try { history.replaceState(null, '', key ? '#speaker-' + key : location.pathname); } catch (e) {}\n"
    "    });\n"
    "  });\n"
    "  var wanted = /^#speaker-(s[0-9]+|none)$/.exec(location.hash);\n"
    "  if (wanted) select(wanted[1]);\n"
    "})();\n";

/* ---------------------------------------------------------------------- */
/* Escaping. */

/* Writes text with & < > " ' escaped, which makes it safe both as element
 * content and as a quoted attribute value. */
static void put_escaped(FILE *f, const char *s, size_t n)
{
    size_t run = 0;

    for (size_t i = 0; i < n; i++) {
        const char *entity;

        switch (s[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case '\'': entity = "&#39;"; break;
        default: continue;
        }
        fwrite(s + run, 1, i - run, f);
        fputs(entity, f);
        run = i + 1;
    }
    fwrite(s + run, 1, n - run, f);
}

/* A NUL-terminated string, escaped; NULL writes nothing. */
static void put_str(FILE *f, const char *s)
{
    if (s)
        put_escaped(f, s, strlen(s));
}

/* Class suffix of an entity type: a fixed table, never data. */
static const char *type_class(ws_entity_type type)
{
    switch (type) {
    case WS_PERSON: return "person";
    case WS_PLACE: return "place";
    case WS_ORG: return "org";
    }
    return "other";
}

static void put_page_head(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"whosaid " WHOSAID_VERSION "\">\n<title>", f);
    put_str(f, title);
    fputs(" \xE2\x80\x94 whosaid</title>\n<style>\n", f);
    fputs(STYLE, f);
    fputs("</style>\n</head>\n<body>\n", f);
}

static void put_page_foot(FILE *f, int with_script)
{
    fputs("<footer>Made by whosaid " WHOSAID_VERSION ". Attributions are automatic: "
          "check them against the text before publishing.</footer>\n", f);
    if (with_script) {
        fputs("<script>\n", f);
        fputs(SCRIPT, f);
        fputs("</script>\n", f);
    }
    fputs("</body>\n</html>\n", f);
}

/* ---------------------------------------------------------------------- */
/* A document's page. */

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
    const summary *doc;
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

static int is_low(const ws_quote *quote)
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
        put_str(p->f, name);
        if (info->speaker_text && strcmp(info->speaker_text, name) != 0) {
            fputs(" (as written: ", p->f);
            put_str(p->f, info->speaker_text);
            fputs(")", p->f);
        }
    } else {
        fputs("none found", p->f);
    }
    fputs("&#10;Cue: ", p->f);
    put_str(p->f, info->cue ? info->cue : "none");
    fputs("&#10;Method: ", p->f);
    put_str(p->f, quote->method ? ws_quote_method_str(quote->method) : "none");
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
        put_str(f, speaker ? speaker->name : NULL);
        fputs("\" data-speaker-id=\"", f);
        put_str(f, speaker ? speaker->id : NULL);
        fputs("\" title=\"", f);
        put_quote_title(p, mark->index);
        fputs("\">", f);
    } else {
        const ws_mention *mention = ws_result_mention(p->res, mark->index);
        const ws_entity *entity = ws_result_entity(p->res, mention->entity);

        fprintf(f, "<span class=\"m m-%s\" data-entity=\"e%zu\" title=\"", type_class(entity->type),
                mention->entity + 1);
        put_str(f, entity->name);
        fprintf(f, " \xC2\xB7 %s", ws_entity_type_str(entity->type));
        if (entity->role) {
            fputs(" \xC2\xB7 ", f);
            put_str(f, entity->role);
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
            put_escaped(p->f, text, shown);
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
        put_str(f, entity ? entity->id : NULL);
        fprintf(f, "\" data-count=\"%zu\"><span class=\"who\">", row->quotes);
        put_str(f, entity ? entity->name : "No speaker found");
        fputs("</span><span class=\"role\">", f);
        put_str(f, entity ? entity->role : NULL);
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
            put_str(f, name ? name : "No speaker found");
        fputs("</span>", f);
        if (info->low)
            fputs(" <span class=\"flag\">low confidence</span>", f);
        fprintf(f, "<span class=\"info\">%s \xC2\xB7 ", id);
        put_str(f, info->cue ? info->cue : "no cue");
        fputs(" \xC2\xB7 ", f);
        put_str(f, quote->method ? ws_quote_method_str(quote->method) : "no method");
        fprintf(f, " \xC2\xB7 %s</span><span class=\"text\">\xE2\x80\x9C", confidence);
        put_str(f, info->excerpt);
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
        put_str(f, sorted[i]->id);
        fprintf(f, "\" data-count=\"%zu\"><span class=\"type t-%s\">%s</span><span>", sorted[i]->mention_count,
                type_class(sorted[i]->type), ws_entity_type_str(sorted[i]->type));
        put_str(f, sorted[i]->name);
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
    const summary *s = p->doc;
    size_t nwarnings = ws_result_warning_count(p->res);

    fputs("<a class=\"skip\" href=\"#text\">Skip to the text</a>\n<header class=\"top\">\n"
          "<p class=\"crumb\"><a href=\"" INDEX_FILE "\">\xE2\x86\x90 All articles</a></p>\n<h1>", f);
    put_str(f, s->doc_id);
    fputs("</h1>\n<p class=\"meta\">", f);
    if (s->origin[0]) {
        put_str(f, s->origin);
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
            put_str(f, warning->message);
            fputs("</li>\n", f);
        }
        fputs("</ul></details>\n", f);
    }
    fputs("</header>\n", f);
}

static ws_status put_page(page *p)
{
    const summary *s = p->doc;
    ws_status status = WS_OK;

    put_page_head(p->f, s->doc_id);
    put_page_header(p);
    fputs("<div class=\"layout\">\n<main id=\"text\">\n", p->f);
    if (s->error) {
        fputs("<p class=\"error\" role=\"alert\">This document could not be processed: ", p->f);
        put_str(p->f, s->error);
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
    put_page_foot(p->f, 1);
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

/* ---------------------------------------------------------------------- */
/* The writer. */

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

static void free_summary(summary *s)
{
    free(s->doc_id);
    free(s->origin);
    free(s->file);
    free(s->error);
}

/* Removes the temporary files left (every file not yet renamed) and frees
 * the writer. */
static void discard(ws_html_writer *w)
{
    char *tmp;

    for (size_t i = 0; i < w->ndocs; i++) {
        if ((tmp = ws__join_path(w->dir, w->docs[i].file, TMP_SUFFIX)) != NULL)
            remove(tmp);
        free(tmp);
        free_summary(&w->docs[i]);
    }
    if ((tmp = ws__join_path(w->dir, INDEX_FILE, TMP_SUFFIX)) != NULL)
        remove(tmp);
    free(tmp);
    for (size_t i = 0; i < w->nspeakers; i++) {
        free(w->speakers[i].id);
        free(w->speakers[i].name);
    }
    free(w->speakers);
    free(w->docs);
    free(w->dir);
    free(w);
}

/* Hands out the first error: every later call reports it again. */
static ws_status report_first_error(ws_html_writer *w, ws_error *err)
{
    if (err)
        *err = w->first_error;
    return w->first_error.status;
}

static ws_status fail_nomem(ws_html_writer *w, ws_error *err)
{
    ws__fail(&w->first_error, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    return report_first_error(w, err);
}

/* Writes a file to dir/name.tmp with put; a write error names the file. */
static ws_status write_file(ws_html_writer *w, const char *name,
                            ws_status (*put)(FILE *f, void *ctx), void *ctx)
{
    char *tmp = ws__join_path(w->dir, name, TMP_SUFFIX);
    FILE *f;
    ws_status status;
    int failed;

    if (!tmp)
        return ws__fail(&w->first_error, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    f = fopen(tmp, "wb");
    if (!f) {
        status = ws__fail(&w->first_error, WS_ERR_IO, tmp, 0, -1, "cannot write: %s", strerror(errno));
        free(tmp);
        return status;
    }
    status = put(f, ctx);
    failed = ferror(f);
    if (fclose(f) != 0)
        failed = 1;
    if (status == WS_ERR_NOMEM)
        ws__fail(&w->first_error, status, NULL, 0, -1, "out of memory");
    else if (failed)
        status = ws__fail(&w->first_error, WS_ERR_IO, tmp, 0, -1, "cannot write: %s", strerror(errno));
    free(tmp);
    return status;
}

static ws_status put_page_file(FILE *f, void *ctx)
{
    page *p = ctx;

    p->f = f;
    return put_page(p);
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
        put_str(f, top[i]->id);
        fprintf(f, "\" data-count=\"%zu\"><span>", top[i]->quotes);
        put_str(f, top[i]->name);
        fprintf(f, "</span><span class=\"bar\" aria-hidden=\"true\"><span style=\"width:%zu%%\"></span></span>"
                   "<span class=\"n\">%zu</span></li>\n",
                top[i]->quotes * 100 / top[0]->quotes, top[i]->quotes);
    }
    fputs("</ol>\n</section>\n", f);
    free(top);
    return WS_OK;
}

static ws_status put_index(FILE *f, void *ctx)
{
    const ws_html_writer *w = ctx;
    size_t quotes = 0, low = 0, failed = 0;
    ws_status status;

    for (size_t i = 0; i < w->ndocs; i++) {
        quotes += w->docs[i].quotes;
        low += w->docs[i].low;
        failed += w->docs[i].error != NULL;
    }
    put_page_head(f, "Articles");
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
        const summary *s = &w->docs[i];

        fputs("<tr data-doc=\"", f);
        put_str(f, s->doc_id);
        fprintf(f, "\" data-quotes=\"%zu\" data-speakers=\"%zu\" data-entities=\"%zu\">"
                   "<td><a href=\"%s\">", s->quotes, s->speakers, s->entities, s->file);
        put_str(f, s->doc_id);
        fputs("</a>", f);
        if (s->error) {
            fputs(" <span class=\"flag\">failed: ", f);
            put_str(f, s->error);
            fputs("</span>", f);
        }
        fputs("<br><small>", f);
        put_str(f, s->origin);
        fprintf(f, "</small></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
                   "<td class=\"num\">%zu</td><td class=\"num\">%zu</td><td class=\"num\">%s%zu%s</td></tr>\n",
                s->quotes, s->speakers, s->entities, s->mentions,
                s->low ? "<span class=\"flag\">" : "", s->low, s->low ? "</span>" : "");
    }
    fputs("</tbody>\n</table>\n</section>\n</main>\n", f);
    put_page_foot(f, 0);
    return status;
}

ws_status ws_html_open(ws_html_writer **out, const char *dir, ws_error *err)
{
    ws_html_writer *w;
    ws_status status;

    if (!out || !dir || !dir[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_html_open: a folder is required");
    *out = NULL;
    status = ws__make_dirs(dir, err);
    if (status != WS_OK)
        return status;
    w = calloc(1, sizeof *w);
    if (!w || !(w->dir = strdup(dir))) {
        free(w);
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    }
    ws_error_clear(&w->first_error);
    *out = w;
    return WS_OK;
}

/* The summary of a result, with every count but the page's. */
static int summarise(summary *s, size_t number, ws_result *res)
{
    const ws_error *failed = ws_result_error(res);

    memset(s, 0, sizeof *s);
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
    page p = {.res = res};
    summary *s;
    ws_status status;

    if (!w || !res)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_html_write: writer and result are required");
    /* After a failure the view is incomplete: writing more is pointless. */
    if (w->first_error.status != WS_OK)
        return report_first_error(w, err);
    if (!ws__grow(&w->docs, &w->docs_cap, w->ndocs + 1, sizeof *w->docs))
        return fail_nomem(w, err);
    s = &w->docs[w->ndocs];
    if (summarise(s, w->ndocs + 1, res) != 0) {
        free_summary(s);
        return fail_nomem(w, err);
    }
    /* Counted from here on, so that discard removes its temporary file. */
    w->ndocs++;
    p.doc = s;
    status = gather_quotes(&p);
    if (status == WS_OK) {
        for (size_t i = 0; i < p.nspeakers; i++)
            s->speakers += p.speakers[i].entity != WS_NO_ENTITY;
        for (size_t i = 0; i < s->quotes; i++)
            s->low += p.quotes[i].low;
        status = write_file(w, s->file, put_page_file, &p);
    }
    if (status == WS_OK)
        status = tally_speakers(w, res);
    free_page(&p);
    if (status == WS_ERR_NOMEM)
        return fail_nomem(w, err);
    return status == WS_OK ? WS_OK : report_first_error(w, err);
}

/* Moves dir/name.tmp to dir/name. */
static void publish(ws_html_writer *w, const char *name)
{
    char *tmp = ws__join_path(w->dir, name, TMP_SUFFIX);
    char *path = ws__join_path(w->dir, name, "");

    if (!tmp || !path)
        ws__fail(&w->first_error, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    else if (rename(tmp, path) != 0)
        ws__fail(&w->first_error, WS_ERR_IO, path, 0, -1, "cannot create: %s", strerror(errno));
    free(tmp);
    free(path);
}

ws_status ws_html_close(ws_html_writer *w, ws_error *err)
{
    ws_status status;

    if (!w)
        return WS_OK;
    if (w->first_error.status == WS_OK)
        write_file(w, INDEX_FILE, put_index, w);
    /* The index last: once it is there, every page it links to is too. */
    for (size_t i = 0; i < w->ndocs && w->first_error.status == WS_OK; i++)
        publish(w, w->docs[i].file);
    if (w->first_error.status == WS_OK)
        publish(w, INDEX_FILE);
    status = w->first_error.status;
    if (status != WS_OK)
        report_first_error(w, err);
    /* Removes what was not renamed. */
    discard(w);
    return status;
}

void ws_html_abort(ws_html_writer *w)
{
    if (w)
        discard(w);
}

/* ---------------------------------------------------------------------- */
/* A page of stored quotes. */

/* A cell's text, or a dash when the value is absent. */
static void put_cell(FILE *f, const char *s)
{
    if (s && *s)
        put_str(f, s);
    else
        fputs("\xE2\x80\x94", f);
}

/* Only web addresses become links: a "javascript:" url must stay text. */
static int is_web_url(const char *url)
{
    return url && (strncmp(url, "https://", 8) == 0 || strncmp(url, "http://", 7) == 0);
}

ws_status ws_html_write_quotes(FILE *f, const char *title, const ws_db_quote *rows, size_t count,
                               ws_error *err)
{
    put_page_head(f, title);
    fputs("<header class=\"top\"><h1>", f);
    put_str(f, title);
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
            put_str(f, q->speaker_text);
            fputs("</small>", f);
        }
        fputs("</td><td>\xE2\x80\x9C", f);
        put_str(f, q->text);
        fputs("\xE2\x80\x9D<br><small>", f);
        put_str(f, q->kind);
        if (q->cue) {
            fputs(", ", f);
            put_str(f, q->cue);
        }
        fputs("</small></td><td>", f);
        put_cell(f, q->date);
        fputs("</td><td>", f);
        const char *source = q->source ? q->source : q->url;
        if (is_web_url(q->url)) {
            fputs("<a href=\"", f);
            put_str(f, q->url);
            fputs("\">", f);
            put_str(f, source);
            fputs("</a><br>", f);
        } else if (source) {
            put_str(f, source);
            fputs("<br>", f);
        }
        fputs("<small>", f);
        put_str(f, q->doc);
        fputs(" ", f);
        put_str(f, q->quote_id);
        fprintf(f, "</small></td><td class=\"num\">%.2f%s</td></tr>\n", q->confidence,
                low ? " <span class=\"flag\">check</span>" : "");
    }
    fputs("</tbody>\n</table>\n</main>\n", f);
    put_page_foot(f, 0);
    if (ferror(f))
        return ws__fail(err, WS_ERR_IO, NULL, 0, -1, "cannot write the page: %s", strerror(errno));
    return WS_OK;
}
