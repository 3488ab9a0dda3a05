/*
 * page.c - the web page reader's public face: decode, parse, read the
 * metadata, find the article, and write its text, one paragraph a line.
 *
 * libxml2's HTML parser (the one lxml, and so trafilatura and
 * readability-lxml, are built on) reads the page: it is maintained, fast,
 * and recovers from broken markup as a browser would in most cases, which
 * a home-made parser would get wrong in its own ways.
 */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "web.h"

/* Elements nested deeper than this fail the page. The article search
 * measures nested elements within nested elements, which costs the cube
 * of the depth; libxml2 copies trees by recursion; and pages nest 20 to
 * 60 deep, a few hundred with unclosed tags. */
#define MAX_DEPTH 512

struct ws_page {
    char *text;
    size_t len;
    web_meta meta;
    char *meta_json;
    char *doc_meta_json; /* ws_page_document's */
    char charset[32];
    web_warnings warnings;
};

/* ---- helpers shared by the reader's files ------------------------------ */

ws_status web_fail(ws_error *err, ws_status status, long long byte, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return status;
    ws_error_clear(err);
    err->status = status;
    err->byte = byte;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

bool web_buf_reserve(web_buf *b, size_t n)
{
    size_t cap;
    char *grown;

    if (b->failed)
        return false;
    if (b->len + n + 1 <= b->cap)
        return true;
    if (n > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    grown = realloc(b->data, cap);
    if (!grown) {
        b->failed = true;
        return false;
    }
    b->data = grown;
    b->cap = cap;
    return true;
}

void web_buf_add(web_buf *b, const char *s, size_t n)
{
    if (!web_buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void web_buf_addc(web_buf *b, char c)
{
    web_buf_add(b, &c, 1);
}

void web_buf_addcp(web_buf *b, uint32_t cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    }
    web_buf_add(b, u, n);
}

void web_buf_free(web_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void web_warn(web_warnings *w, long long byte, const char *fmt, ...)
{
    char message[256];
    va_list ap;
    char *copy;

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (w->count == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4;
        ws_warning *grown = realloc(w->items, cap * sizeof *grown);

        if (!grown) {
            w->failed = true;
            return;
        }
        w->items = grown;
        w->cap = cap;
    }
    if (!(copy = strdup(message))) {
        w->failed = true;
        return;
    }
    w->items[w->count].byte = byte;
    w->items[w->count++].message = copy;
}

/* ---- the text ---------------------------------------------------------- */

static const char *const block_tags[] = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main",
    "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
    "tr", "ul", NULL};

/* Writes lines: a break or a cell boundary waits for the next text, so that
 * no line is empty and none starts or ends with a space. */
typedef struct writer {
    web_buf *out;
    bool line_has_text, pending_space, pending_break, pending_cell;
    int in_pre;
} writer;

static void put_text(writer *w, const unsigned char *s)
{
    size_t len = strlen((const char *)s);

    for (size_t i = 0; i < len;) {
        size_t sp = web_space_len(s + i, len - i), run;

        if (sp) {
            if (w->in_pre && s[i] == '\n')
                w->pending_break |= w->line_has_text;
            else
                w->pending_space |= w->line_has_text;
            i += sp;
            continue;
        }
        if (w->pending_break) {
            web_buf_addc(w->out, '\n');
            w->line_has_text = false;
        } else if (w->pending_cell && w->line_has_text) {
            web_buf_addc(w->out, '\t');
        } else if (w->pending_space && w->line_has_text) {
            web_buf_addc(w->out, ' ');
        }
        w->pending_break = w->pending_space = w->pending_cell = false;
        for (run = i; run < len && !web_space_len(s + run, len - run);)
            run += s[run] < 0x80 ? 1 : s[run] >= 0xF0 ? 4 : s[run] >= 0xE0 ? 3 : 2;
        if (run > len)
            run = len;
        web_buf_add(w->out, (const char *)s + i, run - i);
        w->line_has_text = true;
        i = run;
    }
}

static void line_break(writer *w)
{
    w->pending_break |= w->line_has_text;
}

static void put_node(writer *w, const xmlNode *root)
{
    /* iterative: the tree's depth is the page's to choose */
    const xmlNode *n = root->children;

    while (n) {
        bool block = web_is_any(n, block_tags);

        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                put_text(w, n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            if (web_is(n, "br")) {
                line_break(w);
            } else if (web_is(n, "td") || web_is(n, "th")) {
                w->pending_cell |= w->line_has_text;
            } else if (block) {
                line_break(w);
            }
            w->in_pre += web_is(n, "pre");
            if (n->children && !web_is(n, "script") && !web_is(n, "style") && !web_is(n, "template")) {
                n = n->children;
                continue;
            }
            w->in_pre -= web_is(n, "pre");
            if (block)
                line_break(w);
        }
        /* the next node: a sibling, or up until there is one */
        while (n != root && !n->next) {
            n = n->parent;
            if (n == root)
                break;
            w->in_pre -= web_is(n, "pre");
            if (web_is_any(n, block_tags))
                line_break(w);
        }
        n = n == root ? NULL : n->next;
    }
}

/* JSON-LD articleBody as lines, when it is plain text. */
static void put_plain(writer *w, const char *text)
{
    w->in_pre = 1; /* its newlines are its paragraphs */
    put_text(w, (const unsigned char *)text);
    w->in_pre = 0;
}

/* Lines that are never the article's, however they came in: ad labels,
 * "Read more", share and newsletter prompts, headings of link lists.
 * Compared in lower case, without a trailing colon, ellipsis or arrow. */
static const char *const boilerplate_lines[] = {
    "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content", "paid content",
    "read more", "read more here", "continue reading", "continue reading below",
    "story continues below", "story continues below advertisement", "article continues below",
    "article continues after advertisement", "scroll to continue with content",
    "skip advertisement", "share", "share this", "share this article", "share this story",
    "share on facebook", "share on twitter", "print", "email", "tweet", "related",
    "related stories", "related articles", "related content", "more on this story",
    "recommended", "recommended for you", "you may also like", "most read", "most popular",
    "trending", "sign up", "subscribe", "sign up for our newsletter", "loading", NULL};

static bool boilerplate_line(const char *s, size_t len)
{
    char low[64];
    size_t n = 0;

    if (len >= sizeof low)
        return false;
    for (size_t i = 0; i < len; i++)
        low[n++] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    low[n] = '\0';
    for (;;) {
        size_t before = n;

        while (n > 0 && (low[n - 1] == ':' || low[n - 1] == '.' || low[n - 1] == ' ' || low[n - 1] == '>'))
            low[--n] = '\0';
        if (n >= 3 && memcmp(low + n - 3, "\xE2\x80\xA6", 3) == 0) /* ellipsis */
            low[n -= 3] = '\0';
        if (n >= 2 && memcmp(low + n - 2, "\xC2\xBB", 2) == 0) /* guillemet */
            low[n -= 2] = '\0';
        if (n == before)
            break;
    }
    for (const char *const *b = boilerplate_lines; *b; b++)
        if (strcmp(low, *b) == 0)
            return true;
    return false;
}

/* Drops boilerplate lines from text of lines, in place. */
static void drop_boilerplate_lines(web_buf *text)
{
    size_t out = 0;

    for (size_t at = 0; at < text->len;) {
        char *nl = memchr(text->data + at, '\n', text->len - at);
        size_t end = nl ? (size_t)(nl - text->data) : text->len, next = nl ? end + 1 : end;

        if (!boilerplate_line(text->data + at, end - at)) {
            memmove(text->data + out, text->data + at, next - at);
            out += next - at;
        }
        at = next;
    }
    while (out > 0 && text->data[out - 1] == '\n')
        out--;
    text->len = out;
    if (text->data)
        text->data[out] = '\0';
}

/* Text outside links, as the search counts it: under MIN_PROSE, what the
 * search found is link lists and labels, no article. */
#define MIN_PROSE 50

static size_t prose_len(const xmlNode *article)
{
    size_t total = web_text_len(article), links = 0;

    for (xmlNode *n = web_next_in(article, article, false); n;) {
        if (web_is(n, "a")) {
            links += web_text_len(n);
            n = web_next_in(article, n, true);
        } else {
            n = web_next_in(article, n, false);
        }
    }
    return total > links ? total - links : 0;
}

/* ---- the page ---------------------------------------------------------- */

static size_t depth_of(const xmlNode *root)
{
    size_t depth = 0, max = 0;

    for (const xmlNode *n = root; n;) {
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            if (++depth > max)
                max = depth;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            depth--;
            if (n == root || !n || n->type != XML_ELEMENT_NODE) {
                n = NULL;
                break;
            }
        }
        if (n)
            n = n->next;
    }
    return max;
}

/* A byline's first line without its "By": "By Jane Doe\n  March 5, 2024"
 * gives "Jane Doe". Spaces inside a line stay as the page has them. */
static char *clean_author(const char *byline)
{
    static const char *const prefixes[] = {"written by", "posted by", "by", "von", "par", "por",
                                           "door", NULL};
    const char *line = byline;

    while (*line) {
        const char *end = line + strcspn(line, "\r\n"), *a = line, *b = end;

        while (a < b && web_space_len((const unsigned char *)a, (size_t)(b - a)))
            a += web_space_len((const unsigned char *)a, (size_t)(b - a));
        for (const char *const *p = prefixes; *p; p++) {
            size_t pl = strlen(*p);

            if ((size_t)(b - a) >= pl && strncasecmp(a, *p, pl) == 0 &&
                (a + pl == b || a[pl] == ' ' || a[pl] == ':' || a[pl] == '\t')) {
                a += pl;
                while (a < b && (*a == ':' || web_space_len((const unsigned char *)a, (size_t)(b - a))))
                    a += *a == ':' ? 1 : web_space_len((const unsigned char *)a, (size_t)(b - a));
                break;
            }
        }
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        while (b - a >= 2 && web_space_len((const unsigned char *)b - 2, 2) == 2)
            b -= 2;
        if (b > a) {
            char *author = strndup(a, (size_t)(b - a));

            for (char *t = author; t && *t; t++)
                if (*t == '\t')
                    *t = ' ';
            return author;
        }
        line = *end ? end + 1 : end;
    }
    return NULL;
}

/* Sets the page's fields that obj lacks (all of them for an empty one),
 * in the order of ws_page_meta_json; -1 when memory ran out. */
static int add_page_fields(json_t *obj, const ws_page *page)
{
    const char *keys[] = {"title", "author", "date", "url", "site", "lang"};
    const char *values[] = {page->meta.title, page->meta.author, page->meta.date,
                            page->meta.url, page->meta.site, page->meta.lang};
    int rc = 0;

    for (size_t i = 0; i < sizeof keys / sizeof *keys && rc == 0; i++)
        if (values[i] && values[i][0] && !json_object_get(obj, keys[i]))
            rc = json_object_set_new(obj, keys[i], json_string(values[i]));
    return rc;
}

/* obj as compact JSON in *out, NULL when it is empty; reals from a record
 * keep 15 significant digits, as the command line passes a JSON line's
 * fields on. -1 when memory ran out. */
static int dump_meta(json_t *obj, char **out)
{
    *out = NULL;
    if (json_object_size(obj) == 0)
        return 0;
    *out = json_dumps(obj, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15));
    return *out ? 0 : -1;
}

static ws_status page_meta_json(ws_page *page)
{
    json_t *obj = json_object();
    int rc = obj ? add_page_fields(obj, page) : -1;

    if (rc == 0)
        rc = dump_meta(obj, &page->meta_json);
    json_decref(obj);
    return rc == 0 ? WS_OK : WS_ERR_NOMEM;
}

/* The title heads the text as its first line: line breaks in a meta tag
 * or JSON-LD value become spaces. */
static void single_line(char *s)
{
    for (; s && *s; s++)
        if (*s == '\n' || *s == '\r' || *s == '\t')
            *s = ' ';
}

/* The searches for the article, each on the page as it was parsed: one
 * that finds fewer characters than this is followed by one that trusts
 * class names less (Readability's flags), and the longest result wins. */
#define CHAR_THRESHOLD 500
static const unsigned attempt_flags[] = {
    WEB_STRIP_UNLIKELY | WEB_WEIGHT_CLASSES | WEB_CLEAN_CONDITIONAL,
    WEB_WEIGHT_CLASSES | WEB_CLEAN_CONDITIONAL, WEB_CLEAN_CONDITIONAL, 0};
#define ATTEMPTS (sizeof attempt_flags / sizeof *attempt_flags)

/* The bytes are UTF-8 already (charset.c): the parser is told so, which
 * spares it a copy through its UTF-8 "converter", and told to ignore what
 * the page declares. */
static xmlDoc *parse(const web_buf *utf8)
{
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
                        XML_PARSE_HUGE; /* then depth_of decides, with a clear message */
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(utf8->data, (int)utf8->len);
    xmlDoc *doc = NULL;

    if (!ctxt)
        return NULL;
    /* Both report only what they could not do: an option this libxml2 has
     * not, the document's errors it recovered from. The tree is what counts. */
    htmlCtxtUseOptions(ctxt, options);
    if (xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8) == 0) {
        htmlParseDocument(ctxt);
        doc = ctxt->myDoc;
        ctxt->myDoc = NULL;
    }
    htmlFreeParserCtxt(ctxt);
    return doc;
}

/* The article of the longest search into *article (NULL when there is
 * none); docs[i] holds the document of search i. A search that has to run
 * again parses the page again: cheaper than copying every page's tree in
 * case its first search falls short, which few do. */
static ws_status find_article(web_article_ctx *ctx, const web_buf *utf8, xmlDoc **docs,
                              xmlNode **article, ws_error *err)
{
    size_t best_len = 0;

    for (size_t i = 0; i < ATTEMPTS && best_len < CHAR_THRESHOLD; i++) {
        xmlNode *found;
        ws_error why;
        size_t len;

        if (i > 0) {
            if (!(docs[i] = parse(utf8)))
                return web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
            web_legacy_references(xmlDocGetRootElement(docs[i]));
            if (!web_prepare(docs[i]))
                return web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
        }
        ctx->doc = docs[i];
        ctx->flags = attempt_flags[i];
        ws_error_clear(&why);
        found = web_grab_article(ctx, &why);
        if (!found && why.status != WS_OK)
            return web_fail(err, why.status, -1, "%s", why.message);
        if (!found)
            break; /* no body: nothing to search again */
        len = web_text_len(found);
        if (!*article || len > best_len) {
            xmlFreeNode(*article);
            *article = found;
            best_len = len;
        } else {
            xmlFreeNode(found);
        }
    }
    if (*article && best_len == 0) {
        xmlFreeNode(*article);
        *article = NULL;
    }
    return WS_OK;
}

/* The author: the metadata's, else the byline in the text unless it holds
 * only a date, else a tag Readability leaves unread; without its "By". */
static void choose_author(web_meta *meta, const char *byline)
{
    char *clean;

    if (!meta->author && byline && !web_date_like(byline))
        meta->author = strdup(byline);
    if (!meta->author && meta->other_author)
        meta->author = strdup(meta->other_author);
    if (!meta->author)
        return;
    clean = clean_author(meta->author);
    free(meta->author);
    meta->author = clean;
}

/* libxml2 asks to be initialised once before threads use it. */
static pthread_once_t parser_ready = PTHREAD_ONCE_INIT;

static void init_parser(void)
{
    xmlInitParser();
}

static ws_status read_page(ws_page *page, const char *html, size_t len, const char *url, ws_error *err)
{
    web_buf utf8 = {0}, body = {0}, text = {0};
    web_article_ctx ctx = {0};
    xmlNode *article = NULL, *root;
    xmlDoc *docs[ATTEMPTS] = {NULL};
    ws_status status;
    writer w = {&body, false, false, false, false, 0};

    status = web_decode(html, len, &utf8, page->charset, sizeof page->charset, &page->warnings, err);
    if (status != WS_OK)
        goto done;
    if (utf8.len > INT_MAX) {
        status = web_fail(err, WS_ERR_LIMIT, -1, "page is %zu bytes, over the %d the parser takes",
                          utf8.len, INT_MAX);
        goto done;
    }
    pthread_once(&parser_ready, init_parser);
    /* libxml2 makes no tree of nothing: an empty page has no text */
    if (utf8.len > 0 && !(docs[0] = parse(&utf8))) {
        status = web_fail(err, WS_ERR_INPUT, -1, "cannot be parsed as HTML");
        goto done;
    }
    root = docs[0] ? xmlDocGetRootElement(docs[0]) : NULL;
    if (root && depth_of(root) > MAX_DEPTH) {
        status = web_fail(err, WS_ERR_LIMIT, -1, "elements nested deeper than %d levels; not read",
                          MAX_DEPTH);
        goto done;
    }
    if (docs[0]) {
        web_legacy_references(root);
        web_meta_read(docs[0], url, &page->meta);
        if (!web_prepare(docs[0])) {
            status = web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
            goto done;
        }
        ctx.title = page->meta.title;
        if ((status = find_article(&ctx, &utf8, docs, &article, err)) != WS_OK)
            goto done;
        choose_author(&page->meta, ctx.byline);
        if (article && prose_len(article) >= MIN_PROSE) {
            put_node(&w, article);
            drop_boilerplate_lines(&body);
        }
        /* markup that hides the text (rendered by scripts): the article
         * body the page gives its search engines, when it is plain text */
        if (page->meta.article_body && !strchr(page->meta.article_body, '<') &&
            strlen(page->meta.article_body) > 2 * body.len + 200) {
            body.len = 0;
            w = (writer){&body, false, false, false, false, 0};
            put_plain(&w, page->meta.article_body);
        }
    } else if (url && url[0] && !(page->meta.url = strdup(url))) {
        status = web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
        goto done;
    }
    single_line(page->meta.title);
    single_line(page->meta.author);
    if (body.len > 0) {
        if (page->meta.title && page->meta.title[0]) {
            web_buf_add(&text, page->meta.title, strlen(page->meta.title));
            web_buf_add(&text, "\n\n", 2);
        }
        web_buf_add(&text, body.data, body.len);
        web_buf_addc(&text, '\n');
    } else {
        web_warn(&page->warnings, -1, "no main text found in the page");
    }
    web_buf_add(&text, "", 0);
    if (body.failed || text.failed || page_meta_json(page) != WS_OK) {
        status = web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
        goto done;
    }
    page->text = text.data;
    page->len = text.len;
    text.data = NULL;
    status = WS_OK;
done:
    xmlFreeNode(article); /* before the documents: its names are in one's dictionary */
    for (size_t i = 0; i < ATTEMPTS; i++)
        xmlFreeDoc(docs[i]);
    free(ctx.byline);
    web_arena_free(&ctx.arena);
    web_buf_free(&utf8);
    web_buf_free(&body);
    web_buf_free(&text);
    return status;
}

ws_status ws_page_read(ws_page **out, const char *html, size_t len, const char *url, ws_error *err)
{
    ws_page *page;
    ws_status status;

    ws_error_clear(err);
    if (!out || (!html && len > 0))
        return web_fail(err, WS_ERR_USAGE, -1, "ws_page_read: no page given");
    *out = NULL;
    if (!(page = calloc(1, sizeof *page)))
        return web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
    status = read_page(page, html ? html : "", len, url, err);
    if (status == WS_OK && page->warnings.failed)
        status = web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
    if (status != WS_OK) {
        ws_page_free(page);
        return status;
    }
    *out = page;
    return WS_OK;
}

void ws_page_free(ws_page *page)
{
    if (!page)
        return;
    for (size_t i = 0; i < page->warnings.count; i++)
        free((char *)page->warnings.items[i].message);
    free(page->warnings.items);
    web_meta_free(&page->meta);
    free(page->meta_json);
    free(page->doc_meta_json);
    free(page->text);
    free(page);
}

const char *ws_page_text(const ws_page *page, size_t *len)
{
    if (len)
        *len = page->len;
    return page->text;
}

/* An empty value is none. */
static const char *field(const char *value)
{
    return value && value[0] ? value : NULL;
}

const char *ws_page_title(const ws_page *page)
{
    return field(page->meta.title);
}

const char *ws_page_author(const ws_page *page)
{
    return field(page->meta.author);
}

const char *ws_page_date(const ws_page *page)
{
    return field(page->meta.date);
}

const char *ws_page_url(const ws_page *page)
{
    return field(page->meta.url);
}

const char *ws_page_site(const ws_page *page)
{
    return field(page->meta.site);
}

const char *ws_page_lang(const ws_page *page)
{
    return field(page->meta.lang);
}

const char *ws_page_charset(const ws_page *page)
{
    return page->charset;
}

const char *ws_page_meta_json(const ws_page *page)
{
    return page->meta_json;
}

size_t ws_page_warning_count(const ws_page *page)
{
    return page->warnings.count;
}

const ws_warning *ws_page_warning(const ws_page *page, size_t i)
{
    return i < page->warnings.count ? &page->warnings.items[i] : NULL;
}

ws_status ws_page_document(ws_page *page, const char *record_json, ws_document *doc, ws_error *err)
{
    json_error_t parse_error;
    json_t *meta;
    char *text = NULL;
    int rc;

    ws_error_clear(err);
    if (!page || !doc)
        return web_fail(err, WS_ERR_USAGE, -1, "ws_page_document: page and document are required");
    /* NUL bytes in strings, as a JSON line may hold them */
    meta = record_json ? json_loads(record_json, JSON_ALLOW_NUL, &parse_error) : json_object();
    if (record_json && !json_is_object(meta)) {
        json_decref(meta);
        if (!meta && json_error_code(&parse_error) == json_error_out_of_memory)
            return web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
        return web_fail(err, WS_ERR_JSON, -1, "the record's fields are not a JSON object%s%s",
                        meta ? "" : ": ", meta ? "" : parse_error.text);
    }
    rc = meta ? add_page_fields(meta, page) : -1;
    if (rc == 0)
        rc = dump_meta(meta, &text);
    json_decref(meta);
    if (rc != 0)
        return web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
    free(page->doc_meta_json);
    page->doc_meta_json = text;
    doc->text = page->text;
    doc->len = page->len;
    doc->meta_json = text;
    return WS_OK;
}
