/*
 * dom.c - walking libxml2's tree and measuring its text the way the
 * article search needs: element steps that skip text and comments, and
 * text lengths counted as Readability counts them (trimmed, a run of
 * whitespace once, in UTF-16 units), without building the strings.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "web.h"

#define ARENA_BLOCK 256

struct web_arena_block {
    struct web_arena_block *next;
    size_t used;
    web_node nodes[ARENA_BLOCK];
};

web_node *web_node_of(web_arena *arena, xmlNode *n)
{
    struct web_arena_block *b = arena->blocks;

    if (n->_private)
        return n->_private;
    if (!b || b->used == ARENA_BLOCK) {
        b = calloc(1, sizeof *b);
        if (!b) {
            arena->failed = true;
            return NULL;
        }
        b->next = arena->blocks;
        arena->blocks = b;
    }
    n->_private = &b->nodes[b->used++];
    return n->_private;
}

void web_arena_free(web_arena *arena)
{
    while (arena->blocks) {
        struct web_arena_block *next = arena->blocks->next;

        free(arena->blocks);
        arena->blocks = next;
    }
}

bool web_is_any(const xmlNode *n, const char *const *tags)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return false;
    for (; *tags; tags++)
        if (xmlStrEqual(n->name, (const xmlChar *)*tags))
            return true;
    return false;
}

bool web_is_heading(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->name[0] == 'h' && n->name[1] >= '1' &&
           n->name[1] <= '6' && n->name[2] == '\0';
}

xmlNode *web_first_elem(const xmlNode *n)
{
    xmlNode *c = n->children;

    while (c && c->type != XML_ELEMENT_NODE)
        c = c->next;
    return c;
}

xmlNode *web_next_elem(const xmlNode *n)
{
    xmlNode *c = n->next;

    while (c && c->type != XML_ELEMENT_NODE)
        c = c->next;
    return c;
}

size_t web_elem_count(const xmlNode *n)
{
    size_t count = 0;

    for (xmlNode *c = web_first_elem(n); c; c = web_next_elem(c))
        count++;
    return count;
}

xmlNode *web_next_in(const xmlNode *root, const xmlNode *n, bool skip)
{
    xmlNode *c;

    if (!skip && (c = web_first_elem(n)))
        return c;
    while (n && n != root) {
        if ((c = web_next_elem(n)))
            return c;
        n = n->parent;
    }
    return NULL;
}

xmlNode *web_next_node(const xmlNode *n, bool skip)
{
    xmlNode *c;

    if (!skip && (c = web_first_elem(n)))
        return c;
    if ((c = web_next_elem(n)))
        return c;
    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if ((c = web_next_elem(n)))
            return c;
    return NULL;
}

void web_remove(xmlNode *n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

xmlNode *web_remove_next(xmlNode *n)
{
    xmlNode *next = web_next_node(n, true);

    web_remove(n);
    return next;
}

const char *web_attr(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (xmlStrEqual(a->name, (const xmlChar *)name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

void web_lower(const char *s, char *buf, size_t size)
{
    size_t i = 0;

    for (; s[i] && i + 1 < size; i++)
        buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    buf[i] = '\0';
}

const char *web_match_string(const xmlNode *n, char *buf, size_t size)
{
    const char *cls = web_attr(n, "class"), *id = web_attr(n, "id");
    char both[1024];

    snprintf(both, sizeof both, "%s %s", cls ? cls : "", id ? id : "");
    web_lower(both, buf, size);
    return buf;
}

bool web_has_ancestor(const xmlNode *n, const char *tag, int max_depth)
{
    int depth = 0;

    for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent, depth++) {
        if (max_depth > 0 && depth > max_depth)
            return false;
        if (web_is(n, tag))
            return true;
    }
    return false;
}

/* ---- text -------------------------------------------------------------- */

uint32_t web_utf8_next(const unsigned char **s, const unsigned char *end)
{
    const unsigned char *p = *s;
    uint32_t cp = *p++;
    int more = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;

    if (more)
        cp &= 0x3Fu >> more;
    while (more-- > 0 && p < end && (*p & 0xC0) == 0x80)
        cp = cp << 6 | (*p++ & 0x3Fu);
    *s = p;
    return cp;
}

size_t web_space_len_wide(const unsigned char *s, size_t n)
{
    if (s[0] == 0xC2 && n >= 2 && s[1] == 0xA0)
        return 2; /* no-break space */
    if (n >= 3) {
        uint32_t cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);

        if ((s[0] & 0xF0) == 0xE0 &&
            (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
             cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF))
            return 3;
    }
    return 0;
}

static bool is_comma(uint32_t cp)
{
    return cp == 0x2C || cp == 0x60C || cp == 0xFE50 || cp == 0xFE10 || cp == 0xFE11 ||
           cp == 0x2E41 || cp == 0x2E34 || cp == 0x2E32 || cp == 0xFF0C;
}

/* Text nodes (and CDATA, as scripts hold it) of a subtree, in order. */
static const xmlNode *next_text(const xmlNode *root, const xmlNode *n)
{
    for (;;) {
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
        } else {
            while (n != root && !n->next)
                n = n->parent;
            if (n == root)
                return NULL;
            n = n->next;
        }
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            return n;
    }
}

typedef struct measure {
    size_t length, commas, ascii_commas;
    bool started, pending;
} measure;

static void measure_text(measure *m, const unsigned char *s)
{
    const unsigned char *end = s + strlen((const char *)s);

    while (s < end) {
        size_t sp;

        /* ASCII first, without the general case's calls */
        if (*s < 0x80) {
            unsigned char c = *s++;

            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                m->pending = m->started;
            } else {
                m->length += m->pending ? 2 : 1;
                m->pending = false;
                m->started = true;
                m->commas += c == ',';
                m->ascii_commas += c == ',';
            }
            continue;
        }
        sp = web_space_len_wide(s, (size_t)(end - s));

        if (sp) {
            m->pending = m->started;
            s += sp;
            continue;
        }
        uint32_t cp = web_utf8_next(&s, end);

        m->length += (m->pending ? 1 : 0) + (cp >= 0x10000 ? 2 : 1);
        m->pending = false;
        m->started = true;
        m->commas += is_comma(cp);
        m->ascii_commas += cp == ',';
    }
}

void web_text_stats_of(const xmlNode *n, web_text_stats *st)
{
    measure m = {0, 0, 0, false, false};

    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content)
            measure_text(&m, n->content);
    } else {
        for (const xmlNode *t = next_text(n, n); t; t = next_text(n, t))
            measure_text(&m, t->content);
    }
    st->length = m.length;
    st->commas = m.commas;
    st->ascii_commas = m.ascii_commas;
}

size_t web_text_len(const xmlNode *n)
{
    web_text_stats st;

    web_text_stats_of(n, &st);
    return st.length;
}

/* Stops at the first character that is not whitespace: asked of every
 * div, it must not measure them all. */
static bool blank_string(const unsigned char *s)
{
    for (size_t len = strlen((const char *)s), sp; len > 0; s += sp, len -= sp)
        if (!(sp = web_space_len(s, len)))
            return false;
    return true;
}

bool web_is_blank(const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return !n->content || blank_string(n->content);
    for (const xmlNode *t = next_text(n, n); t; t = next_text(n, t))
        if (!blank_string(t->content))
            return false;
    return true;
}

bool web_inner_text(const xmlNode *n, bool normalise, web_buf *out)
{
    bool pending = false;
    size_t start = out->len;

    for (const xmlNode *t = n->type == XML_ELEMENT_NODE ? next_text(n, n) : n; t;
         t = n->type == XML_ELEMENT_NODE ? next_text(n, t) : NULL) {
        const unsigned char *s = t->content, *end;

        if (!s)
            continue;
        end = s + strlen((const char *)s);
        while (s < end) {
            size_t sp = web_space_len(s, (size_t)(end - s));

            if (!sp) {
                const unsigned char *run = s;

                while (run < end && !web_space_len(run, (size_t)(end - run)))
                    run += *run < 0x80 ? 1 : (*run >= 0xF0 ? 4 : *run >= 0xE0 ? 3 : 2);
                if (run > end)
                    run = end;
                if (pending && out->len > start)
                    web_buf_addc(out, ' ');
                pending = false;
                web_buf_add(out, (const char *)s, (size_t)(run - s));
                s = run;
            } else if (normalise) {
                pending = true;
                s += sp;
            } else {
                if (out->len > start)
                    web_buf_add(out, (const char *)s, sp);
                s += sp;
            }
        }
    }
    if (!normalise) /* trim what follows the last word */
        while (out->len > start &&
               web_space_len((const unsigned char *)out->data + out->len - 1, 1))
            out->len--;
    web_buf_add(out, "", 0);
    return !out->failed;
}

/* ---- the text of every element at once -------------------------------- */

/* A stretch of text as measure_text sees it: its trimmed length, and
 * whether it starts or ends with whitespace (or, empty, holds some), which
 * decides the one space counted where two stretches meet. */
typedef struct stretch {
    size_t length, commas;
    double links;
    bool empty, lead, trail;
} stretch;

static void stretch_of_text(const unsigned char *s, stretch *st)
{
    measure m = {0, 0, 0, false, false};
    size_t len = strlen((const char *)s);

    measure_text(&m, s);
    st->length = m.length;
    st->commas = m.commas;
    st->links = 0;
    st->empty = !m.started;
    st->lead = len > 0 && web_space_len(s, len) > 0;
    /* whitespace at the end: ASCII, or a no-break space and the like */
    st->trail = len > 0 && (web_space_len(s + len - 1, 1) ||
                            (len >= 2 && web_space_len(s + len - 2, 2) == 2) ||
                            (len >= 3 && web_space_len(s + len - 3, 3) == 3));
    if (st->empty)
        st->lead = st->trail = len > 0;
}

static void append_stretch(stretch *acc, const stretch *b)
{
    acc->links += b->links;
    acc->commas += b->commas;
    if (b->empty) {
        if (acc->empty)
            acc->lead |= b->lead;
        acc->trail |= b->lead;
        return;
    }
    if (acc->empty) {
        bool ws = acc->lead;

        acc->length = b->length;
        acc->empty = false;
        acc->lead = ws || b->lead;
        acc->trail = b->trail;
        return;
    }
    acc->length += b->length + (acc->trail || b->lead ? 1 : 0);
    acc->trail = b->trail;
}

/* Recursion is bounded: pages nest at most MAX_DEPTH deep (page.c). */
static bool measure_element(web_arena *arena, xmlNode *n, stretch *out)
{
    stretch acc = {0, 0, 0, true, false, false};
    web_node *d;

    for (xmlNode *c = n->children; c; c = c->next) {
        stretch part;

        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
            stretch_of_text(c->content, &part);
        } else if (c->type == XML_ELEMENT_NODE) {
            if (!measure_element(arena, c, &part))
                return false;
            if (web_is(c, "a")) {
                const char *href = web_attr(c, "href");

                part.links += (double)part.length * (href && href[0] == '#' && href[1] ? 0.3 : 1.0);
            }
        } else {
            continue;
        }
        append_stretch(&acc, &part);
    }
    if (!(d = web_node_of(arena, n)))
        return false;
    d->measured = true;
    d->length = acc.length;
    d->commas = acc.commas;
    d->links = acc.links;
    *out = acc;
    return true;
}

bool web_measure_tree(web_arena *arena, xmlNode *root)
{
    stretch all;

    return measure_element(arena, root, &all);
}

double web_link_density(const xmlNode *n)
{
    size_t total = web_text_len(n);
    double links = 0;

    if (total == 0)
        return 0;
    for (xmlNode *a = web_next_in(n, n, false); a; a = web_next_in(n, a, false)) {
        if (!web_is(a, "a"))
            continue;
        const char *href = web_attr(a, "href");
        double weight = href && href[0] == '#' && href[1] ? 0.3 : 1.0;

        links += (double)web_text_len(a) * weight;
    }
    return links / (double)total;
}

size_t web_count_tag(const xmlNode *n, const char *tag)
{
    size_t count = 0;

    for (xmlNode *c = web_next_in(n, n, false); c; c = web_next_in(n, c, false))
        count += web_is(c, tag);
    return count;
}

/* ---- references without their semicolon -------------------------------- */

/* The code point of a reference that HTML lets go without ';' (&amp, &lt,
 * &gt, &quot and the Latin-1 names, &copy, &eacute...), or 0. */
static uint32_t legacy_entity(const char *name, size_t len)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } basic[] = {{"amp", '&'}, {"AMP", '&'}, {"lt", '<'}, {"LT", '<'}, {"gt", '>'}, {"GT", '>'},
                 {"quot", '"'}, {"QUOT", '"'}};
    char buf[16];
    const htmlEntityDesc *e;

    if (len >= sizeof buf)
        return 0;
    memcpy(buf, name, len);
    buf[len] = '\0';
    for (size_t i = 0; i < sizeof basic / sizeof *basic; i++)
        if (strcmp(buf, basic[i].name) == 0)
            return basic[i].cp;
    e = htmlEntityLookup((const xmlChar *)buf);
    return e && e->value >= 160 && e->value <= 255 ? e->value : 0;
}

/* One text: "&copy 2025" as "\u00a9 2025", the longest name that fits. */
static bool fix_text(const char *s, web_buf *out)
{
    bool changed = false;

    out->len = 0;
    for (const char *p = s; *p;) {
        const char *amp = strchr(p, '&'), *name;
        size_t run = 0, len;
        uint32_t cp = 0;

        if (!amp) {
            web_buf_add(out, p, strlen(p));
            break;
        }
        web_buf_add(out, p, (size_t)(amp - p));
        name = amp + 1;
        while ((name[run] >= 'a' && name[run] <= 'z') || (name[run] >= 'A' && name[run] <= 'Z') ||
               (name[run] >= '0' && name[run] <= '9'))
            run++;
        for (len = run; len >= 2 && !(cp = legacy_entity(name, len)); len--)
            ;
        if (cp && name[len] != ';') {
            web_buf_addcp(out, cp);
            p = name + len;
            changed = true;
        } else {
            web_buf_addc(out, '&');
            p = name;
        }
    }
    web_buf_add(out, "", 0);
    return changed && !out->failed;
}

void web_legacy_references(xmlNode *root)
{
    web_buf fixed = {0};

    for (xmlNode *n = root; n;) {
        if (n->type == XML_TEXT_NODE && n->content && strchr((const char *)n->content, '&') &&
            fix_text((const char *)n->content, &fixed))
            xmlNodeSetContent(n, (const xmlChar *)fixed.data);
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n != root && !n->next)
            n = n->parent;
        n = n == root ? NULL : n->next;
    }
    web_buf_free(&fixed);
}
