/*
 * clean.c - the clean-up of the article once found (Readability's
 * _prepArticle): forms, embeds, footers, asides and share bars go; so do
 * headings whose class says boilerplate; and lists, tables and divs that
 * look like boilerplate by their numbers: few commas with more images than
 * paragraphs, more list items than paragraphs outside a list, inputs, many
 * links, embeds, nothing but "Advertisement" or "Loading...". Tables of
 * data are kept whole.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web.h"

static const char *const positive_words[] = {"article", "body", "content", "entry", "hentry",
                                             "h-entry", "main", "page", "pagination", "post",
                                             "text", "blog", "story", NULL};
static const char *const negative_words[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
    "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
    "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", NULL};

/* s holds one of the words (all lower case; s is too). */
static bool has_word(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strstr(s, *words))
            return true;
    return false;
}

/* Readability's negative hints also take "hid" as a word of its own. */
static bool negative(const char *s)
{
    if (has_word(s, negative_words))
        return true;
    for (const char *p = s; (p = strstr(p, "hid")) != NULL; p += 3)
        if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
            return true;
    return false;
}

int web_class_weight(const web_article_ctx *ctx, const xmlNode *n)
{
    const char *hints[2] = {web_attr(n, "class"), web_attr(n, "id")};
    int weight = 0;

    if (!(ctx->flags & WEB_WEIGHT_CLASSES))
        return 0;
    for (size_t i = 0; i < 2; i++) {
        char lower[512];

        if (!hints[i] || !hints[i][0])
            continue;
        web_lower(hints[i], lower, sizeof lower);
        if (negative(lower))
            weight -= 25;
        if (has_word(lower, positive_words))
            weight += 25;
    }
    return weight;
}

/* A player the reader wants to keep: YouTube, Vimeo and the like. */
static bool is_video(const char *v)
{
    static const char *const hosts[] = {
        "dailymotion.com", "youtube.com", "youtube-nocookie.com", "player.vimeo.com", "v.qq.com",
        "bilibili.com", "live.bilibili.com", "archive.org", "upload.wikimedia.org",
        "player.twitch.tv", NULL};

    for (const char *p = v; (p = strstr(p, "//")) != NULL; p += 2) {
        const char *h = p + 2;

        if (strncasecmp(h, "www.", 4) == 0)
            h += 4;
        for (const char *const *host = hosts; *host; host++)
            if (strncasecmp(h, *host, strlen(*host)) == 0)
                return true;
    }
    return false;
}

static bool has_video_attr(const xmlNode *n)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->children && a->children->content && is_video((const char *)a->children->content))
            return true;
    return false;
}

/* ---- removing by tag --------------------------------------------------- */

typedef struct snapshot {
    xmlNode **items;
    size_t count, cap;
    bool failed;
} snapshot;

/* The descendants of root with one of the tags, in document order. */
static void snapshot_tags(const xmlNode *root, const char *const *tags, snapshot *s)
{
    s->count = 0;
    for (xmlNode *n = web_next_in(root, root, false); n; n = web_next_in(root, n, false)) {
        if (!web_is_any(n, tags))
            continue;
        if (s->count == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 32;
            xmlNode **grown = realloc(s->items, cap * sizeof *grown);

            if (!grown) {
                s->failed = true;
                return;
            }
            s->items = grown;
            s->cap = cap;
        }
        s->items[s->count++] = n;
    }
}

typedef bool (*remove_test)(web_article_ctx *ctx, xmlNode *n);

/* Removes the matching descendants the test picks. Last first: a node is
 * decided before any ancestor of it can be removed. */
static void remove_where(web_article_ctx *ctx, xmlNode *root, const char *tag, remove_test test,
                         snapshot *s)
{
    const char *tags[] = {tag, NULL};

    snapshot_tags(root, tags, s);
    for (size_t i = s->count; i-- > 0;)
        if (!test || test(ctx, s->items[i]))
            web_remove(s->items[i]);
}

static bool not_video(web_article_ctx *ctx, xmlNode *n)
{
    (void)ctx;
    return !has_video_attr(n);
}

/* ---- data tables ------------------------------------------------------- */

static bool has_descendant(const xmlNode *n, const char *tag)
{
    for (xmlNode *c = web_next_in(n, n, false); c; c = web_next_in(n, c, false))
        if (web_is(c, tag))
            return true;
    return false;
}

static long span_of(const xmlNode *n, const char *attr)
{
    const char *v = web_attr(n, attr);
    long span = v ? strtol(v, NULL, 10) : 0;

    return span ? span : 1;
}

static bool data_table(const xmlNode *t)
{
    const char *role = web_attr(t, "role"), *datatable = web_attr(t, "datatable"),
               *summary = web_attr(t, "summary");
    long rows = 0, columns = 0;

    if (role && strcmp(role, "presentation") == 0)
        return false;
    if (datatable && strcmp(datatable, "0") == 0)
        return false;
    if (summary && summary[0])
        return true;
    for (xmlNode *c = web_next_in(t, t, false); c; c = web_next_in(t, c, false))
        if (web_is(c, "caption"))
            return c->children != NULL;
    if (has_descendant(t, "col") || has_descendant(t, "colgroup") || has_descendant(t, "tfoot") ||
        has_descendant(t, "thead") || has_descendant(t, "th"))
        return true;
    if (has_descendant(t, "table"))
        return false;
    for (xmlNode *tr = web_next_in(t, t, false); tr; tr = web_next_in(t, tr, false)) {
        long in_row = 0;

        if (!web_is(tr, "tr"))
            continue;
        rows += span_of(tr, "rowspan");
        for (xmlNode *td = web_next_in(tr, tr, false); td; td = web_next_in(tr, td, false))
            if (web_is(td, "td"))
                in_row += span_of(td, "colspan");
        if (in_row > columns)
            columns = in_row;
    }
    if (columns == 1 || rows == 1)
        return false;
    if (rows >= 10 || columns > 4)
        return true;
    return rows * columns > 10;
}

static void mark_data_tables(web_article_ctx *ctx, xmlNode *root)
{
    for (xmlNode *n = web_next_in(root, root, false); n; n = web_next_in(root, n, false)) {
        web_node *d;

        if (!web_is(n, "table"))
            continue;
        if (!(d = web_node_of(&ctx->arena, n)))
            return;
        d->data_table = data_table(n);
    }
}

static bool is_data_table(const xmlNode *n)
{
    return web_is(n, "table") && n->_private && web_node_get(n)->data_table;
}

/* ---- conditional cleaning ---------------------------------------------- */

/* Text inside elements with the tags, against the text of n. */
static double text_density(const xmlNode *n, const char *const *tags)
{
    size_t total = web_text_len(n), inner = 0;

    if (total == 0)
        return 0;
    for (xmlNode *c = web_next_in(n, n, false); c; c = web_next_in(n, c, false))
        if (web_is_any(c, tags))
            inner += web_text_len(c);
    return (double)inner / (double)total;
}

/* The whole text is one word of an ad or a loading label. */
static bool ad_or_loading(const xmlNode *n, size_t length)
{
    static const char *const words[] = {
        "ad", "advertising", "advertisement", "pub", "publicit\xC3\xA9", "werb", "werbung",
        "\xE5\xB9\xBF\xE5\x91\x8A", "\xD0\xA0\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0",
        "\xD1\x80\xD0\xB5\xD0\xBA\xD0\xBB\xD0\xB0\xD0\xBC\xD0\xB0", "anuncio", NULL};
    static const char *const loading[] = {
        "loading", "\xE6\xAD\xA3\xE5\x9C\xA8\xE5\x8A\xA0\xE8\xBD\xBD",
        "\xD0\x97\xD0\xB0\xD0\xB3\xD1\x80\xD1\x83\xD0\xB7\xD0\xBA\xD0\xB0",
        "\xD0\xB7\xD0\xB0\xD0\xB3\xD1\x80\xD1\x83\xD0\xB7\xD0\xBA\xD0\xB0", "chargement", "cargando",
        NULL};
    web_buf text = {0};
    bool found = false;

    if (length == 0 || length > 20)
        return false;
    if (web_inner_text(n, true, &text)) {
        for (const char *const *w = words; *w && !found; w++)
            found = strcasecmp(text.data, *w) == 0;
        for (const char *const *w = loading; *w && !found; w++) {
            size_t l = strlen(*w);

            found = strncasecmp(text.data, *w, l) == 0 &&
                    (text.data[l] == '\0' || strcmp(text.data + l, "...") == 0 ||
                     strcmp(text.data + l, "\xE2\x80\xA6") == 0);
        }
    }
    web_buf_free(&text);
    return found;
}

/* What fishy() counts below a node, in one walk. */
typedef struct census {
    size_t p, img, li, input, embeds;
    size_t list_len;   /* text in lists (nested ones count again, as in Readability) */
    bool data_table;   /* holds a table of data */
    bool video;        /* holds a player to keep */
    bool textish_text; /* some text in paragraphs, divs, lists, cells... */
} census;

static void take_census(const xmlNode *n, census *c)
{
    static const char *const textish[] = {"span", "li", "td", "blockquote", "dl", "div", "img",
                                          "ol", "p", "pre", "table", "ul", NULL};

    memset(c, 0, sizeof *c);
    for (xmlNode *d = web_next_in(n, n, false); d; d = web_next_in(n, d, false)) {
        const char *tag = (const char *)d->name;

        if (strcmp(tag, "p") == 0)
            c->p++;
        else if (strcmp(tag, "img") == 0)
            c->img++;
        else if (strcmp(tag, "li") == 0)
            c->li++;
        else if (strcmp(tag, "input") == 0)
            c->input++;
        else if (strcmp(tag, "object") == 0 || strcmp(tag, "embed") == 0 || strcmp(tag, "iframe") == 0)
            c->embeds++, c->video |= has_video_attr(d);
        else if (strcmp(tag, "ul") == 0 || strcmp(tag, "ol") == 0)
            c->list_len += web_text_len(d);
        c->data_table |= is_data_table(d);
        /* whether any has text, not how much: Readability's text density
         * of these tags is only ever compared with 0 */
        if (!c->textish_text && web_is_any(d, textish) && !web_is_blank(d))
            c->textish_text = true;
    }
}

static bool fishy(web_article_ctx *ctx, xmlNode *n)
{
    static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    web_text_stats st;
    census c;
    bool is_list = web_is(n, "ul") || web_is(n, "ol"), figure_child, remove;
    long li;
    double link_density;
    int weight;

    if (!(ctx->flags & WEB_CLEAN_CONDITIONAL) || is_data_table(n))
        return false;
    for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (is_data_table(a))
            return false;
    if (web_has_ancestor(n, "code", 3))
        return false;
    take_census(n, &c);
    if (c.data_table)
        return false;
    weight = web_class_weight(ctx, n);
    if (weight < 0)
        return true;
    web_text_stats_of(n, &st);
    if (st.ascii_commas >= 10)
        return false;
    if (!is_list)
        is_list = st.length > 0 && (double)c.list_len / (double)st.length > 0.9;
    if (c.video)
        return false;
    if (ad_or_loading(n, st.length))
        return true;
    li = (long)c.li - 100;
    link_density = web_link_density(n);
    figure_child = web_has_ancestor(n, "figure", 3);
    remove = (!figure_child && c.img > 1 && (double)c.p / (double)c.img < 0.5) ||
             (!is_list && li > (long)c.p) || c.input > c.p / 3 ||
             (!is_list && !figure_child && st.length < 25 && (c.img == 0 || c.img > 2) &&
              link_density > 0 && text_density(n, headings) < 0.9) ||
             (!is_list && weight < 25 && link_density > 0.2) ||
             (weight >= 25 && link_density > 0.5) ||
             (c.embeds == 1 && st.length < 75) || c.embeds > 1 ||
             (c.img == 0 && !c.textish_text);
    if (is_list && remove) {
        /* a list of images may stay: one image in each item */
        for (xmlNode *child = web_first_elem(n); child; child = web_next_elem(child))
            if (web_elem_count(child) > 1)
                return true;
        if (c.img == c.li)
            return false;
    }
    return remove;
}

/* ---- share bars and headings ------------------------------------------- */

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Readability's (\b|_)(share|sharedaddy)(\b|_) in "class id". */
static bool share_hint(const char *s)
{
    for (const char *p = s; *p; p++) {
        size_t len;

        if (strncasecmp(p, "sharedaddy", 10) == 0)
            len = 10;
        else if (strncasecmp(p, "share", 5) == 0)
            len = 5;
        else
            continue;
        if ((p == s || !word_char(p[-1]) || p[-1] == '_') && (!word_char(p[len]) || p[len] == '_'))
            return true;
    }
    return false;
}

/* Raw text length, whitespace and all, as Readability's textContent.length. */
static size_t raw_len(const xmlNode *n)
{
    size_t len = 0;

    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            len += raw_len(c);
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            for (const unsigned char *s = c->content; *s; s++)
                if ((*s & 0xC0) != 0x80)
                    len += *s >= 0xF0 ? 2 : 1;
        }
    }
    return len;
}

/* Share bars below each child of the article (not the children themselves). */
static void clean_share(xmlNode *article)
{
    char match[512];

    for (xmlNode *top = web_first_elem(article); top; top = web_next_elem(top))
        for (xmlNode *n = web_next_in(top, top, false); n;) {
            if (share_hint(web_match_string(n, match, sizeof match)) && raw_len(n) < 500) {
                xmlNode *next = web_next_in(top, n, true);

                web_remove(n);
                n = next;
            } else {
                n = web_next_in(top, n, false);
            }
        }
}

static bool low_weight_heading(web_article_ctx *ctx, xmlNode *n)
{
    return web_class_weight(ctx, n) < 0;
}

/* An empty paragraph: no text and nothing embedded. */
static bool empty_paragraph(web_article_ctx *ctx, xmlNode *n)
{
    (void)ctx;
    return web_count_tag(n, "img") + web_count_tag(n, "embed") + web_count_tag(n, "object") +
                   web_count_tag(n, "iframe") == 0 && web_is_blank(n);
}

/* A menu or sidebar that came in with the article (Readability spares
 * them inside tables, where old pages put their menus): named so, and
 * mostly links. */
static bool linky_boilerplate(web_article_ctx *ctx, xmlNode *n)
{
    char match[512];

    (void)ctx;
    return web_unlikely_hint(web_match_string(n, match, sizeof match)) && web_link_density(n) > 0.5;
}

/* "Read more: <a>another story</a>" and its kin: a paragraph that points
 * elsewhere, labelled so, and mostly a link. */
static bool teaser_paragraph(web_article_ctx *ctx, xmlNode *n)
{
    static const char *const labels[] = {"read more", "read also", "also read", "see also",
                                         "related", "more:", "watch:", "listen:", "recommended",
                                         NULL};
    web_buf text = {0};
    bool teaser = false;

    (void)ctx;
    if (web_link_density(n) < 0.5 || !web_inner_text(n, true, &text)) {
        web_buf_free(&text);
        return false;
    }
    for (const char *const *l = labels; *l && !teaser; l++)
        teaser = strncasecmp(text.data, *l, strlen(*l)) == 0;
    web_buf_free(&text);
    return teaser;
}

void web_prep_article(web_article_ctx *ctx, xmlNode *article)
{
    snapshot s = {0};

    mark_data_tables(ctx, article);
    remove_where(ctx, article, "form", fishy, &s);
    remove_where(ctx, article, "fieldset", fishy, &s);
    remove_where(ctx, article, "object", not_video, &s);
    remove_where(ctx, article, "embed", not_video, &s);
    remove_where(ctx, article, "footer", NULL, &s);
    remove_where(ctx, article, "link", NULL, &s);
    remove_where(ctx, article, "aside", NULL, &s);
    clean_share(article);
    remove_where(ctx, article, "iframe", not_video, &s);
    remove_where(ctx, article, "input", NULL, &s);
    remove_where(ctx, article, "textarea", NULL, &s);
    remove_where(ctx, article, "select", NULL, &s);
    remove_where(ctx, article, "button", NULL, &s);
    remove_where(ctx, article, "h1", low_weight_heading, &s);
    remove_where(ctx, article, "h2", low_weight_heading, &s);
    remove_where(ctx, article, "table", fishy, &s);
    remove_where(ctx, article, "ul", fishy, &s);
    remove_where(ctx, article, "div", fishy, &s);
    remove_where(ctx, article, "p", empty_paragraph, &s);
    remove_where(ctx, article, "p", teaser_paragraph, &s);
    remove_where(ctx, article, "td", linky_boilerplate, &s);
    remove_where(ctx, article, "div", linky_boilerplate, &s);
    remove_where(ctx, article, "ul", linky_boilerplate, &s);
    if (s.failed)
        ctx->arena.failed = true; /* reported as running out of memory */
    free(s.items);
}
