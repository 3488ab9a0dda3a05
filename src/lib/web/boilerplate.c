/*
 * boilerplate.c - finds the article in a page and leaves the rest.
 *
 * The method is Readability's (Arc90's, as Mozilla keeps it for Firefox's
 * reader view), which the article-extraction benchmarks measure others
 * against: elements whose class or id say menu, comment, sidebar, share...
 * and hidden ones go first; each paragraph then gives its parent, and less
 * of it to older ancestors, a score from its length and commas; class and
 * id hints add or take 25; link density scales a candidate down; the best
 * candidate, moved up while its parent scores higher, takes its siblings
 * that score near it or read like prose. When that finds under 500
 * characters, the search runs again on the page as it was, trusting class
 * names less each time, and the longest result wins (page.c).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web.h"

#define TOP_CANDIDATES 5

/* match, in lower case, holds one of the words. */
static bool matches_any(const char *match, const char *const *words)
{
    for (; *words; words++)
        if (strstr(match, *words))
            return true;
    return false;
}

/* Class and id words (Readability's regular expressions, as lists). */
static const char *const unlikely_words[] = {
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
    "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
    "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
    "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", NULL};
static const char *const maybe_words[] = {"and", "article", "body", "column", "content",
                                          "main", "mathjax", "shadow", NULL};
static const char *const byline_words[] = {"byline", "author", "dateline", "writtenby",
                                           "p-author", NULL};
static const char *const unlikely_roles[] = {"menu", "menubar", "complementary", "navigation",
                                             "alert", "alertdialog", "dialog", NULL};
static const char *const scored_tags[] = {"section", "h2", "h3", "h4", "h5", "h6", "p", "td",
                                          "pre", NULL};
static const char *const block_tags[] = {"blockquote", "dl", "div", "img", "ol", "p", "pre",
                                         "table", "ul", NULL};
static const char *const phrasing_tags[] = {
    "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em",
    "embed", "i", "img", "input", "kbd", "label", "mark", "math", "meter", "noscript", "object",
    "output", "progress", "q", "ruby", "samp", "script", "select", "small", "span", "strong",
    "sub", "sup", "textarea", "time", "var", "wbr", NULL};
static const char *const keep_tag_tags[] = {"div", "article", "section", "p", "ol", "ul", NULL};

bool web_unlikely_hint(const char *match)
{
    return matches_any(match, unlikely_words) && !matches_any(match, maybe_words);
}

/* ---- what Readability asks of a node ----------------------------------- */

/* Text (or a comment) of only whitespace: a node the <br> chains skip. */
static bool blank_content(const xmlNode *n)
{
    const unsigned char *s = n->content;

    if (!s)
        return true;
    for (size_t len = strlen((const char *)s), sp; len > 0; s += sp, len -= sp)
        if (!(sp = web_space_len(s, len)))
            return false;
    return true;
}

static xmlNode *next_nonblank(xmlNode *n)
{
    while (n && n->type != XML_ELEMENT_NODE && blank_content(n))
        n = n->next;
    return n;
}

static bool is_phrasing(const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return true;
    if (web_is_any(n, phrasing_tags))
        return true;
    if (web_is(n, "a") || web_is(n, "del") || web_is(n, "ins")) {
        for (const xmlNode *c = n->children; c; c = c->next)
            if (!is_phrasing(c))
                return false;
        return true;
    }
    return false;
}

static bool is_whitespace(const xmlNode *n)
{
    return ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && blank_content(n)) ||
           web_is(n, "br");
}

static bool has_child_block(const xmlNode *n)
{
    for (const xmlNode *c = web_next_in(n, n, false); c; c = web_next_in(n, c, false))
        if (web_is_any(c, block_tags))
            return true;
    return false;
}

/* One element child, tag, and no text beside it. */
static bool single_tag_inside(const xmlNode *n, const char *tag)
{
    xmlNode *only = web_first_elem(n);

    if (!only || web_next_elem(only) || !web_is(only, tag))
        return false;
    for (const xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
            c->content[0]) {
            const unsigned char *s = c->content;
            size_t len = strlen((const char *)s);
            /* Readability's /\S$/: the text does not end in whitespace */
            bool ends_space = web_space_len(s + len - 1, 1) ||
                              (len >= 2 && web_space_len(s + len - 2, 2) == 2) ||
                              (len >= 3 && web_space_len(s + len - 3, 3) == 3);

            if (!ends_space)
                return false;
        }
    return true;
}

static bool without_content(const xmlNode *n)
{
    size_t children = web_elem_count(n);

    return n->type == XML_ELEMENT_NODE && web_is_blank(n) &&
           (children == 0 || children == web_count_tag(n, "br") + web_count_tag(n, "hr"));
}

/* style="display: none" and the like, as the last declaration says. */
static bool style_says(const char *style, const char *property, const char *value)
{
    bool found = false;
    size_t plen = strlen(property), vlen = strlen(value);

    for (const char *p = style; p && *p; p = strchr(p, ';'), p = p ? p + 1 : NULL) {
        const char *q = p, *v;

        while (*q == ' ' || *q == '\t' || *q == '\n')
            q++;
        if (strncasecmp(q, property, plen) != 0)
            continue;
        v = q + plen;
        while (*v == ' ' || *v == '\t')
            v++;
        if (*v != ':')
            continue;
        v++;
        while (*v == ' ' || *v == '\t')
            v++;
        found = strncasecmp(v, value, vlen) == 0 &&
                (v[vlen] == '\0' || v[vlen] == ';' || v[vlen] == ' ' || v[vlen] == '!');
    }
    return found;
}

static bool probably_visible(const xmlNode *n)
{
    const char *style = web_attr(n, "style"), *aria = web_attr(n, "aria-hidden"),
               *cls = web_attr(n, "class");

    if (style && (style_says(style, "display", "none") || style_says(style, "visibility", "hidden")))
        return false;
    if (web_attr(n, "hidden"))
        return false;
    return !aria || strcmp(aria, "true") != 0 || (cls && strstr(cls, "fallback-image"));
}

/* Length of a node's trimmed text, whitespace runs kept, in UTF-16 units. */
static size_t raw_trimmed_len(const xmlNode *n, web_buf *scratch)
{
    size_t count = 0;

    scratch->len = 0;
    if (!web_inner_text(n, false, scratch))
        return 0;
    for (const unsigned char *s = (const unsigned char *)scratch->data, *end = s + scratch->len; s < end; s++)
        if ((*s & 0xC0) != 0x80)
            count += *s >= 0xF0 ? 2 : 1;
    return count;
}

static bool valid_byline(const xmlNode *n, const char *match, web_buf *scratch)
{
    const char *rel = web_attr(n, "rel"), *itemprop = web_attr(n, "itemprop");
    size_t len;

    if (!((rel && strcmp(rel, "author") == 0) || (itemprop && strstr(itemprop, "author")) ||
          matches_any(match, byline_words)))
        return false;
    len = raw_trimmed_len(n, scratch);
    return len > 0 && len < 100;
}

/* ---- changing the tree ------------------------------------------------- */

static xmlNode *set_tag(xmlNode *n, const char *tag)
{
    xmlNodeSetName(n, (const xmlChar *)tag);
    return n;
}

/* Two or more <br> in a row end a paragraph: the first becomes a <p> that
 * takes the phrasing content after it (Readability's _replaceBrs). */
static bool replace_brs(xmlDoc *doc, xmlNode *body)
{
    for (xmlNode *n = web_next_in(body, body, false); n; n = web_next_in(body, n, false)) {
        xmlNode *next, *p;
        bool replaced = false;

        if (!web_is(n, "br"))
            continue;
        next = n->next;
        while ((next = next_nonblank(next)) && web_is(next, "br")) {
            xmlNode *after = next->next;

            replaced = true;
            web_remove(next);
            next = after;
        }
        if (!replaced)
            continue;
        p = xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL);
        if (!p)
            return false;
        xmlReplaceNode(n, p);
        xmlFreeNode(n);
        n = p;
        for (next = p->next; next;) {
            xmlNode *sibling;

            if (web_is(next, "br")) {
                xmlNode *after = next_nonblank(next->next);

                if (after && web_is(after, "br"))
                    break;
            }
            if (!is_phrasing(next))
                break;
            sibling = next->next;
            xmlUnlinkNode(next);
            xmlAddChild(p, next); /* may merge it into the text before: not used after */
            next = sibling;
        }
        while (p->last && is_whitespace(p->last))
            web_remove(p->last);
        if (web_is(p->parent, "p"))
            set_tag(p->parent, "div");
    }
    return true;
}

/* Never text of the article: code, and AMP's ads, menus and share bars. */
static const char *const dropped_tags[] = {
    "script", "noscript", "style", "template", "amp-ad", "amp-embed", "amp-sticky-ad",
    "amp-auto-ads", "amp-analytics", "amp-consent", "amp-sidebar", "amp-social-share", NULL};

bool web_prepare(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc), *body = NULL;

    if (!root)
        return true;
    for (xmlNode *n = root; n;) {
        if (web_is_any(n, dropped_tags)) {
            n = web_remove_next(n);
            continue;
        }
        if (web_is(n, "img")) {
            /* a placeholder: nothing says where its image is */
            bool image = false;

            for (const xmlAttr *a = n->properties; a && !image; a = a->next) {
                static const char *const suffixes[] = {".jpg", ".jpeg", ".png", ".webp", NULL};
                char v[1024];

                web_lower(a->children && a->children->content ? (const char *)a->children->content : "",
                          v, sizeof v);
                image = xmlStrEqual(a->name, (const xmlChar *)"src") ||
                        xmlStrEqual(a->name, (const xmlChar *)"srcset") ||
                        xmlStrEqual(a->name, (const xmlChar *)"data-src") ||
                        xmlStrEqual(a->name, (const xmlChar *)"data-srcset") || matches_any(v, suffixes);
            }
            if (!image) {
                n = web_remove_next(n);
                continue;
            }
        }
        if (web_is(n, "font"))
            set_tag(n, "span");
        if (web_is(n, "body") && !body)
            body = n;
        n = web_next_node(n, false);
    }
    return !body || replace_brs(doc, body);
}

/* Runs of phrasing content directly in a <div> become paragraphs. */
static bool wrap_phrasing(xmlDoc *doc, xmlNode *div)
{
    xmlNode *child = div->children;

    while (child) {
        xmlNode *next = child->next, *p;

        if (!is_phrasing(child)) {
            child = next;
            continue;
        }
        p = xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL);
        if (!p)
            return false;
        while (child && is_phrasing(child)) {
            next = child->next;
            xmlUnlinkNode(child);
            xmlAddChild(p, child);
            child = next;
        }
        while (p->children && is_whitespace(p->children))
            web_remove(p->children);
        while (p->last && is_whitespace(p->last))
            web_remove(p->last);
        if (!p->children)
            xmlFreeNode(p);
        else if (next)
            xmlAddPrevSibling(next, p);
        else
            xmlAddChild(div, p);
        child = next;
    }
    return true;
}

/* ---- scoring ----------------------------------------------------------- */

typedef struct node_list {
    xmlNode **items;
    size_t count, cap;
    bool failed;
} node_list;

static void list_add(node_list *l, xmlNode *n)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        xmlNode **grown = realloc(l->items, cap * sizeof *grown);

        if (!grown) {
            l->failed = true;
            return;
        }
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->count++] = n;
}

static web_node *init_node(web_article_ctx *ctx, xmlNode *n)
{
    web_node *d = web_node_of(&ctx->arena, n);
    const char *tag = (const char *)n->name;

    if (!d)
        return NULL;
    d->scored = true;
    d->score = 0;
    if (strcmp(tag, "div") == 0)
        d->score += 5;
    else if (strcmp(tag, "pre") == 0 || strcmp(tag, "td") == 0 || strcmp(tag, "blockquote") == 0)
        d->score += 3;
    else if (strcmp(tag, "address") == 0 || strcmp(tag, "ol") == 0 || strcmp(tag, "ul") == 0 ||
             strcmp(tag, "dl") == 0 || strcmp(tag, "dd") == 0 || strcmp(tag, "dt") == 0 ||
             strcmp(tag, "li") == 0 || strcmp(tag, "form") == 0)
        d->score -= 3;
    else if (web_is_heading(n) || strcmp(tag, "th") == 0)
        d->score -= 5;
    d->score += web_class_weight(ctx, n);
    return d;
}

static bool has_score(const xmlNode *n)
{
    return n->_private && web_node_get(n)->scored;
}

static double score_of(const xmlNode *n)
{
    return has_score(n) ? web_node_get(n)->score : 0;
}

/* An element inside the page: its parent is an element too. */
static bool inner_element(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->parent && n->parent->type == XML_ELEMENT_NODE;
}

static bool in_list(xmlNode *const *list, size_t count, const xmlNode *n)
{
    for (size_t i = 0; i < count; i++)
        if (list[i] == n)
            return true;
    return false;
}

/* The first pass: drops what is unlikely, turns text-only divs into
 * paragraphs and collects what gets scored. */
static void prune_and_collect(web_article_ctx *ctx, node_list *to_score, web_buf *scratch)
{
    bool strip = ctx->flags & WEB_STRIP_UNLIKELY, title_header = true;
    char match[512];

    for (xmlNode *n = xmlDocGetRootElement(ctx->doc); n;) {
        const char *role = web_attr(n, "role"), *modal = web_attr(n, "aria-modal");

        /* The root and the body stay, whatever their class or style (a
         * body hidden until its scripts run): the search holds on to them. */
        if (web_is(n, "html") || web_is(n, "body")) {
            n = web_next_node(n, false);
            continue;
        }
        web_match_string(n, match, sizeof match);
        if (!probably_visible(n) || (modal && strcmp(modal, "true") == 0 && role && strcmp(role, "dialog") == 0)) {
            n = web_remove_next(n);
            continue;
        }
        /* The byline goes, whether or not the metadata names the author
         * too (Readability keeps it then): it repeats what the record says. */
        if (!ctx->byline && valid_byline(n, match, scratch)) {
            xmlNode *end = web_next_node(n, true), *name = NULL;

            for (xmlNode *c = web_next_node(n, false); c && c != end && !name; c = web_next_node(c, false)) {
                const char *itemprop = web_attr(c, "itemprop");

                if (itemprop && strstr(itemprop, "name"))
                    name = c;
            }
            scratch->len = 0;
            if (web_inner_text(name ? name : n, false, scratch))
                ctx->byline = strdup(scratch->data);
            n = web_remove_next(n);
            continue;
        }
        if (title_header && ctx->title && (web_is(n, "h1") || web_is(n, "h2"))) {
            scratch->len = 0;
            if (web_inner_text(n, false, scratch) &&
                web_text_similarity(ctx->title, scratch->data) > 0.75) {
                title_header = false;
                n = web_remove_next(n);
                continue;
            }
        }
        /* Navigation, whatever its class says (Readability goes by class
         * only); after the byline, which some pages put in it. */
        if (web_is(n, "nav")) {
            n = web_remove_next(n);
            continue;
        }
        if (strip && web_unlikely_hint(match) &&
            !web_has_ancestor(n, "table", 3) && !web_has_ancestor(n, "code", 3) &&
            !web_is(n, "body") && !web_is(n, "a")) {
            n = web_remove_next(n);
            continue;
        }
        if (strip && role) {
            bool unlikely = false;

            for (const char *const *r = unlikely_roles; *r && !unlikely; r++)
                unlikely = strcmp(role, *r) == 0;
            if (unlikely) {
                n = web_remove_next(n);
                continue;
            }
        }
        if ((web_is(n, "div") || web_is(n, "section") || web_is(n, "header") || web_is_heading(n)) &&
            without_content(n)) {
            n = web_remove_next(n);
            continue;
        }
        if (web_is_any(n, scored_tags))
            list_add(to_score, n);
        if (web_is(n, "div")) {
            if (!wrap_phrasing(ctx->doc, n))
                ctx->arena.failed = true; /* reported as running out of memory */
            if (single_tag_inside(n, "p") && web_link_density(n) < 0.25) {
                xmlNode *p = web_first_elem(n);

                xmlUnlinkNode(p);
                xmlReplaceNode(n, p);
                xmlFreeNode(n);
                n = p;
                list_add(to_score, n);
            } else if (!has_child_block(n)) {
                set_tag(n, "p");
                list_add(to_score, n);
            }
        }
        n = web_next_node(n, false);
    }
}

/* Text figures of an element, from web_measure_tree while they hold. */
static size_t text_length(const xmlNode *n)
{
    const web_node *d = web_node_get(n);

    return d && d->measured ? d->length : web_text_len(n);
}

static double link_density(const xmlNode *n)
{
    const web_node *d = web_node_get(n);

    if (!d || !d->measured)
        return web_link_density(n);
    return d->length ? d->links / (double)d->length : 0;
}

/* Each paragraph scores its ancestors; returns the candidates. */
static void score_paragraphs(web_article_ctx *ctx, const node_list *to_score, node_list *candidates)
{
    for (size_t i = 0; i < to_score->count; i++) {
        xmlNode *e = to_score->items[i], *a;
        web_text_stats st;
        double score;
        int level = 0;

        if (!inner_element(e))
            continue;
        if (web_node_get(e) && web_node_get(e)->measured) {
            st.length = web_node_get(e)->length;
            st.commas = web_node_get(e)->commas;
        } else {
            web_text_stats_of(e, &st);
        }
        if (st.length < 25)
            continue;
        score = 1 + (double)(st.commas + 1) + (double)(st.length / 100 < 3 ? st.length / 100 : 3);
        for (a = e->parent; a && a->type == XML_ELEMENT_NODE && level < 5; a = a->parent, level++) {
            web_node *d;

            if (!inner_element(a))
                continue;
            if (!has_score(a)) {
                if (!init_node(ctx, a))
                    return;
                list_add(candidates, a);
            }
            d = web_node_get(a);
            d->score += score / (level == 0 ? 1 : level == 1 ? 2 : level * 3.0);
        }
    }
}

/* Ancestors of n up to the document. */
static size_t ancestors_of(const xmlNode *n, xmlNode **out, size_t max)
{
    size_t count = 0;

    for (n = n->parent; n && n->type == XML_ELEMENT_NODE && count < max; n = n->parent)
        out[count++] = (xmlNode *)n;
    return count;
}

#define MAX_ANCESTORS 256

/* The best candidate, moved up where the content spreads higher. */
static xmlNode *choose_top(web_article_ctx *ctx, node_list *candidates, xmlNode *body)
{
    xmlNode *top[TOP_CANDIDATES] = {NULL}, *best, *parent;
    size_t ntop = 0;

    for (size_t i = 0; i < candidates->count; i++) {
        xmlNode *c = candidates->items[i];
        web_node *d = web_node_get(c);

        d->score *= 1 - link_density(c);
        for (size_t t = 0; t < TOP_CANDIDATES; t++)
            if (t >= ntop || d->score > score_of(top[t])) {
                memmove(top + t + 1, top + t, (TOP_CANDIDATES - t - 1) * sizeof *top);
                top[t] = c;
                if (ntop < TOP_CANDIDATES)
                    ntop++;
                break;
            }
    }
    best = ntop ? top[0] : NULL;
    if (!best || web_is(best, "body")) {
        xmlNode *div = xmlNewDocNode(ctx->doc, NULL, (const xmlChar *)"div", NULL);

        if (!div) {
            ctx->arena.failed = true; /* reported as running out of memory */
            return NULL;
        }
        while (body->children) {
            xmlNode *c = body->children;

            xmlUnlinkNode(c);
            xmlAddChild(div, c);
        }
        xmlAddChild(body, div);
        if (!init_node(ctx, div))
            return NULL;
        return div;
    }
    /* Several near-best candidates under one ancestor: that ancestor. */
    {
        xmlNode *alt[TOP_CANDIDATES][MAX_ANCESTORS];
        size_t alt_len[TOP_CANDIDATES], nalt = 0;

        for (size_t i = 1; i < ntop; i++)
            if (score_of(top[i]) / score_of(best) >= 0.75)
                alt_len[nalt] = ancestors_of(top[i], alt[nalt], MAX_ANCESTORS), nalt++;
        if (nalt >= 3)
            for (parent = best->parent; parent && parent->type == XML_ELEMENT_NODE && !web_is(parent, "body");
                 parent = parent->parent) {
                size_t lists = 0;

                for (size_t i = 0; i < nalt && lists < 3; i++)
                    lists += in_list(alt[i], alt_len[i], parent);
                if (lists >= 3) {
                    best = parent;
                    break;
                }
            }
    }
    if (!has_score(best) && !init_node(ctx, best))
        return NULL;
    /* A parent that scores higher holds more of the content. */
    {
        double last = score_of(best), threshold = last / 3;

        for (parent = best->parent; parent && parent->type == XML_ELEMENT_NODE && !web_is(parent, "body");
             parent = parent->parent) {
            if (!has_score(parent))
                continue;
            if (score_of(parent) < threshold)
                break;
            if (score_of(parent) > last) {
                best = parent;
                break;
            }
            last = score_of(parent);
        }
    }
    /* An only child: its parent, so that siblings can join. */
    for (parent = best->parent; parent && parent->type == XML_ELEMENT_NODE && !web_is(parent, "body") &&
                                web_elem_count(parent) == 1;
         parent = best->parent)
        best = parent;
    if (!has_score(best) && !init_node(ctx, best))
        return NULL;
    return best;
}

/* The top candidate and the siblings that belong with it, moved into a new
 * element. */
static xmlNode *gather(web_article_ctx *ctx, xmlNode *top, web_buf *scratch)
{
    xmlNode *article = xmlNewDocNode(ctx->doc, NULL, (const xmlChar *)"div", NULL);
    xmlNode *parent = top->parent, *s, *next;
    const char *top_class = web_attr(top, "class");
    double threshold = score_of(top) * 0.2 > 10 ? score_of(top) * 0.2 : 10;

    if (!article || !parent)
        return article;
    for (s = web_first_elem(parent); s; s = next) {
        bool append = s == top;
        const char *cls = web_attr(s, "class");

        next = web_next_elem(s);
        if (!append) {
            double bonus = top_class && top_class[0] && cls && strcmp(cls, top_class) == 0
                               ? score_of(top) * 0.2 : 0;

            if (has_score(s) && score_of(s) + bonus >= threshold) {
                append = true;
            } else if (web_is(s, "p")) {
                double density = link_density(s);
                size_t len;

                scratch->len = 0;
                web_inner_text(s, true, scratch);
                len = text_length(s);
                if (len > 80 && density < 0.25)
                    append = true;
                else if (len < 80 && len > 0 && density == 0 && scratch->data &&
                         (strstr(scratch->data, ". ") ||
                          (scratch->len > 0 && scratch->data[scratch->len - 1] == '.')))
                    append = true;
            }
        }
        if (!append)
            continue;
        if (!web_is_any(s, keep_tag_tags))
            set_tag(s, "div");
        xmlUnlinkNode(s);
        xmlAddChild(article, s);
    }
    return article;
}

/* The clean-up changes the tree as it measures: live figures from here. */
static void forget_measures(xmlNode *root)
{
    for (xmlNode *n = root; n; n = web_next_in(root, n, false))
        if (n->_private)
            web_node_get(n)->measured = false;
}

static xmlNode *body_of(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc);

    for (xmlNode *n = root ? web_first_elem(root) : NULL; n; n = web_next_elem(n))
        if (web_is(n, "body"))
            return n;
    return NULL;
}

/* One search with the current flags; the article, or NULL when memory ran out. */
xmlNode *web_grab_article(web_article_ctx *ctx, ws_error *err)
{
    node_list to_score = {0}, candidates = {0};
    xmlNode *body = body_of(ctx->doc), *top = NULL, *article = NULL;
    web_buf scratch = {0};

    if (!body)
        return NULL;
    prune_and_collect(ctx, &to_score, &scratch);
    /* from here to the clean-up the tree keeps its text: measured once */
    if (web_measure_tree(&ctx->arena, body))
        score_paragraphs(ctx, &to_score, &candidates);
    if (!to_score.failed && !candidates.failed && !ctx->arena.failed) {
        top = choose_top(ctx, &candidates, body);
        article = top ? gather(ctx, top, &scratch) : NULL;
        if (article) {
            forget_measures(article);
            web_prep_article(ctx, article);
        }
    }
    if (to_score.failed || candidates.failed || ctx->arena.failed || scratch.failed || (top && !article)) {
        xmlFreeNode(article);
        article = NULL;
        web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
    }
    free(to_score.items);
    free(candidates.items);
    web_buf_free(&scratch);
    return article;
}
