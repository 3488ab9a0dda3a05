/*
 * title.c - the article's title from the document's <title>, as
 * Readability cuts it: a site name after the last separator (| - / >) goes
 * unless too few words stay, the part after a colon is taken unless a
 * heading reads the whole, and a title too short or too long gives way to
 * the page's only <h1>. Also the word similarity Readability uses to tell
 * a heading that repeats the title.
 */
#include <stdlib.h>
#include <string.h>

#include "web.h"

/* JavaScript's str.split(/\s+/).length. */
static size_t word_count(const char *s)
{
    size_t count = 1, len = strlen(s);

    for (size_t i = 0; i < len;) {
        size_t sp = web_space_len((const unsigned char *)s + i, len - i);

        if (!sp) {
            i++;
            continue;
        }
        count++;
        while (i < len && (sp = web_space_len((const unsigned char *)s + i, len - i)))
            i += sp;
    }
    return count;
}

static size_t utf16_len(const char *s)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n += *p >= 0xF0 ? 2 : 1;
    return n;
}

/* Is there a title separator (| - – — \ / > ») between spaces at s? Its
 * byte length then, else 0. */
static size_t separator_at(const char *s, size_t len, bool hierarchical_only)
{
    static const char *const all[] = {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\\", "/", ">",
                                      "\xC2\xBB", NULL};
    size_t sp = web_space_len((const unsigned char *)s, len);

    if (!sp)
        return 0;
    for (const char *const *sep = all + (hierarchical_only ? 4 : 0); *sep; sep++) {
        size_t l = strlen(*sep), after;

        if (sp + l > len || memcmp(s + sp, *sep, l) != 0)
            continue;
        after = web_space_len((const unsigned char *)s + sp + l, len - sp - l);
        if (after)
            return sp + l + after;
    }
    return 0;
}

static bool is_separator_char(const char *s, size_t *len)
{
    static const char *const all[] = {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94", "\\", "/", ">",
                                      "\xC2\xBB", NULL};

    for (const char *const *sep = all; *sep; sep++)
        if (strncmp(s, *sep, strlen(*sep)) == 0) {
            *len = strlen(*sep);
            return true;
        }
    return false;
}

/* JavaScript's s.trim().replace(/\s{2,}/g, " "): a lone whitespace
 * character stays as it is (an ideographic space in a Japanese title). */
static char *normalised(const char *s)
{
    web_buf b = {0};
    size_t len = strlen(s);

    for (size_t i = 0; i < len;) {
        size_t sp = web_space_len((const unsigned char *)s + i, len - i), run = 0, chars = 0;

        if (!sp) {
            web_buf_addc(&b, s[i++]);
            continue;
        }
        while (i + run < len && (sp = web_space_len((const unsigned char *)s + i + run, len - i - run))) {
            run += sp;
            chars++;
        }
        if (b.len > 0 && i + run < len) {
            if (chars == 1)
                web_buf_add(&b, s + i, run);
            else
                web_buf_addc(&b, ' ');
        }
        i += run;
    }
    web_buf_add(&b, "", 0);
    if (b.failed) {
        web_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* The text of a node as it is, whitespace and all (textContent). */
static char *raw_text(const xmlNode *n)
{
    web_buf b = {0};
    const xmlNode *t = n->children;

    while (t) {
        if ((t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE) && t->content)
            web_buf_add(&b, (const char *)t->content, strlen((const char *)t->content));
        if (t->children && t->type == XML_ELEMENT_NODE) {
            t = t->children;
            continue;
        }
        while (t != n && !t->next)
            t = t->parent;
        t = t == n ? NULL : t->next;
    }
    web_buf_add(&b, "", 0);
    if (b.failed) {
        web_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* document.title: the text with ASCII whitespace stripped and collapsed. */
static char *ascii_collapsed(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    bool pending = false;

    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f') {
            pending = o > out;
            continue;
        }
        if (pending)
            *o++ = ' ';
        pending = false;
        *o++ = *s;
    }
    *o = '\0';
    return out;
}

static char *element_text(const xmlNode *n, bool normalise)
{
    web_buf b = {0};

    if (!web_inner_text(n, normalise, &b)) {
        web_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Some h1 or h2 reads exactly text. */
static bool heading_is(xmlDoc *doc, const char *text)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    bool found = false;

    for (xmlNode *n = root; n && !found; n = web_next_node(n, false))
        if (web_is(n, "h1") || web_is(n, "h2")) {
            char *t = element_text(n, false);

            found = t && strcmp(t, text) == 0;
            free(t);
        }
    return found;
}

char *web_document_title(xmlDoc *doc)
{
    xmlNode *root = xmlDocGetRootElement(doc), *title = NULL, *only_h1 = NULL;
    size_t h1s = 0, len, last = 0, seps = 0;
    char *orig, *cur;
    bool hierarchical = false;

    for (xmlNode *n = root; n; n = web_next_node(n, false)) {
        if (web_is(n, "title") && !title)
            title = n;
        if (web_is(n, "h1") && h1s++ == 0)
            only_h1 = n;
    }
    if (title) {
        char *raw = raw_text(title);

        orig = raw ? ascii_collapsed(raw) : NULL;
        free(raw);
    } else {
        orig = strdup("");
    }
    if (!orig)
        return NULL;
    len = strlen(orig);
    for (size_t i = 0; i < len; i++) {
        if (separator_at(orig + i, len - i, false)) {
            seps++;
            last = i;
            i += separator_at(orig + i, len - i, false) - 1;
        }
        hierarchical |= separator_at(orig + i, len - i, true) > 0;
    }
    if (seps > 0) {
        cur = strndup(orig, last);
        if (cur && word_count(cur) < 3) {
            /* too short: the part after the first separator instead */
            size_t i = 0, sl = 0;

            free(cur);
            while (i < len && !is_separator_char(orig + i, &sl))
                i++;
            cur = strdup(i < len ? orig + i + sl : orig);
        }
    } else if (strstr(orig, ": ")) {
        if (heading_is(doc, orig)) {
            cur = strdup(orig);
        } else {
            cur = strdup(strrchr(orig, ':') + 1);
            if (cur && word_count(cur) < 3) {
                free(cur);
                cur = strdup(strchr(orig, ':') + 1);
            } else if (cur) {
                char *before = strndup(orig, (size_t)(strchr(orig, ':') - orig));

                if (before && word_count(before) > 5) {
                    free(cur);
                    cur = strdup(orig);
                }
                free(before);
            }
        }
    } else if ((utf16_len(orig) > 150 || utf16_len(orig) < 15) && h1s == 1) {
        cur = raw_text(only_h1);
    } else {
        cur = strdup(orig);
    }
    if (cur) {
        char *n = normalised(cur);
        size_t words;

        free(cur);
        cur = n;
        words = cur ? word_count(cur) : 0;
        if (cur && words <= 4) {
            /* the title without its separators, in words */
            web_buf plain = {0};
            size_t plain_words;

            for (size_t i = 0; i < len;) {
                size_t s = separator_at(orig + i, len - i, false);

                if (s) {
                    i += s;
                } else {
                    web_buf_addc(&plain, orig[i]);
                    i++;
                }
            }
            web_buf_add(&plain, "", 0);
            plain_words = plain.failed ? 0 : word_count(plain.data);
            web_buf_free(&plain);
            if (!hierarchical || words != plain_words - 1) {
                free(cur);
                cur = strdup(orig);
            }
        }
    }
    free(orig);
    return cur;
}

/* ---- similarity -------------------------------------------------------- */

/* Lower-case words of ASCII letters, digits and '_' (JavaScript's \W+
 * splits at everything else), as one string each, NUL-separated. */
static size_t ascii_words(const char *s, web_buf *out)
{
    size_t count = 0;

    out->len = 0;
    for (const char *p = s; *p;) {
        char c = *p;
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

        if (!word) {
            p++;
            continue;
        }
        while (*p && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                      (*p >= '0' && *p <= '9') || *p == '_')) {
            web_buf_addc(out, (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p);
            p++;
        }
        web_buf_addc(out, '\0');
        count++;
    }
    return out->failed ? 0 : count;
}

double web_text_similarity(const char *a, const char *b)
{
    web_buf wa = {0}, wb = {0};
    size_t na = ascii_words(a, &wa), nb = ascii_words(b, &wb), all = 0, unique = 0, nunique = 0;
    double similarity = 0;

    if (na > 0 && nb > 0) {
        const char *w = wb.data;

        for (size_t i = 0; i < nb; i++, w += strlen(w) + 1) {
            const char *v = wa.data;
            bool shared = false;

            for (size_t j = 0; j < na && !shared; j++, v += strlen(v) + 1)
                shared = strcmp(v, w) == 0;
            all += strlen(w);
            if (!shared) {
                unique += strlen(w);
                nunique++;
            }
        }
        /* lengths of the words joined by spaces */
        all += nb - 1;
        unique += nunique ? nunique - 1 : 0;
        similarity = 1 - (double)unique / (double)all;
    }
    web_buf_free(&wa);
    web_buf_free(&wb);
    return similarity;
}
