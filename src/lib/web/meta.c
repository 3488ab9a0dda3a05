/*
 * meta.c - what a page says about itself: title, author, date, canonical
 * URL, site and language.
 *
 * Sources in the order Readability trusts them: a schema.org Article in
 * JSON-LD, then <meta> tags (Dublin Core, Open Graph, Twitter, Parse.ly),
 * then the document's <title> cut of its site name; a byline in the text
 * comes from the article search (boilerplate.c). Dates are also read from
 * the other tags publishers use (itemprop, DC.date, sailthru, <time>) and
 * written as ISO 8601.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <libxml/uri.h>

#include "web.h"

/* <meta> values Readability reads, keyed as it keys them ("og:title"). */
static const char *const meta_keys[] = {
    "dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
    "title", "twitter:title", "parsely-title", "dc:creator", "dcterm:creator", "author",
    "parsely-author", "article:author", "og:site_name", "article:published_time",
    "parsely-pub-date", NULL};
#define META_KEYS (sizeof meta_keys / sizeof *meta_keys - 1)

/* Other names a publication date goes by, most specific first. */
static const char *const date_names[] = {
    "datepublished", "og:published_time", "og:article:published_time", "article.published",
    "publishdate", "publish-date", "publish_date", "pubdate", "dc:date:issued", "dcterms:created",
    "dc:date", "dcterms:date", "sailthru:date", "citation_publication_date", "date", NULL};

/* Names of an author's tag that Readability leaves unread. */
static const char *const other_author_names[] = {"article:author", "byl", "sailthru:author",
                                                 "author", NULL};

typedef struct meta_values {
    const char *value[META_KEYS];
    const char *other_author[sizeof other_author_names / sizeof *other_author_names];
    const char *date[sizeof date_names / sizeof *date_names];
    const char *og_url, *og_locale, *content_language;
} meta_values;

static char *trimmed_dup(const char *s)
{
    size_t len;

    if (!s)
        return NULL;
    len = strlen(s);
    while (len > 0 && web_space_len((const unsigned char *)s, len))
        s += web_space_len((const unsigned char *)s, len), len = strlen(s);
    while (len > 0 && web_space_len((const unsigned char *)s + len - 1, 1))
        len--;
    while (len >= 2 && web_space_len((const unsigned char *)s + len - 2, 2) == 2)
        len -= 2;
    return strndup(s, len);
}

/* Lower case, spaces out, dots as colons: "DC.Creator" -> "dc:creator". */
static void key_of(const char *s, size_t n, char *key, size_t size)
{
    size_t k = 0;

    for (size_t i = 0; i < n && k + 1 < size; i++) {
        char c = s[i];

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        key[k++] = c == '.' ? ':' : (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    key[k] = '\0';
}

static void set_value(meta_values *mv, const char *key, const char *content)
{
    for (size_t i = 0; i < META_KEYS; i++)
        if (strcmp(key, meta_keys[i]) == 0)
            mv->value[i] = content; /* the last tag wins, as in Readability */
}

static void set_date(meta_values *mv, const char *key, const char *content)
{
    for (size_t i = 0; date_names[i]; i++)
        if (strcmp(key, date_names[i]) == 0 && !mv->date[i])
            mv->date[i] = content;
}

/* A name Readability reads: author, title... alone or after dc, dcterm,
 * og, twitter, parsely or weibo:article/webpage and - . or : */
static bool known_name(const char *key)
{
    static const char *const prefixes[] = {"dc", "dcterm", "og", "twitter", "parsely",
                                           "weibo:article", "weibo:webpage", NULL};
    static const char *const names[] = {"author", "creator", "pub-date", "description", "title",
                                        "site_name", NULL};

    for (const char *const *n = names; *n; n++)
        if (strcmp(key, *n) == 0)
            return true;
    for (const char *const *pre = prefixes; *pre; pre++) {
        size_t pl = strlen(*pre);

        if (strncmp(key, *pre, pl) != 0 || (key[pl] != '-' && key[pl] != ':'))
            continue;
        for (const char *const *n = names; *n; n++)
            if (strcmp(key + pl + 1, *n) == 0)
                return true;
    }
    return false;
}

/* A property holds space-separated names; Readability takes the first of
 * its (article|dc|dcterm|og|twitter):(author|...) names. */
static bool property_key(const char *prop, char *key, size_t size)
{
    static const char *const prefixes[] = {"article", "dcterm", "dc", "og", "twitter", NULL};
    static const char *const names[] = {"author", "creator", "description", "published_time",
                                        "title", "site_name", NULL};

    for (const char *p = prop; *p; p++)
        for (const char *const *pre = prefixes; *pre; pre++) {
            size_t pl = strlen(*pre);
            const char *q = p + pl;

            if (strncasecmp(p, *pre, pl) != 0)
                continue;
            while (*q == ' ')
                q++;
            if (*q != ':')
                continue;
            q++;
            while (*q == ' ')
                q++;
            for (const char *const *name = names; *name; name++)
                if (strncasecmp(q, *name, strlen(*name)) == 0) {
                    snprintf(key, size, "%s:%s", *pre, *name);
                    for (char *k = key; *k; k++)
                        *k = (*k >= 'A' && *k <= 'Z') ? (char)(*k - 'A' + 'a') : *k;
                    return true;
                }
        }
    return false;
}

static void read_meta_tag(const xmlNode *n, meta_values *mv)
{
    const char *name = web_attr(n, "name"), *prop = web_attr(n, "property"),
               *itemprop = web_attr(n, "itemprop"), *content = web_attr(n, "content"),
               *equiv = web_attr(n, "http-equiv");
    char key[64];

    if (!content || !content[0])
        return;
    if (equiv && strcasecmp(equiv, "content-language") == 0)
        mv->content_language = content;
    if (prop && property_key(prop, key, sizeof key)) {
        set_value(mv, key, content);
    } else if (name) {
        key_of(name, strlen(name), key, sizeof key);
        if (known_name(key))
            set_value(mv, key, content);
    }
    /* dates and authors go by more names */
    if (name) {
        key_of(name, strlen(name), key, sizeof key);
        set_date(mv, key, content);
        for (size_t i = 0; other_author_names[i]; i++)
            if (strcmp(key, other_author_names[i]) == 0 && !mv->other_author[i])
                mv->other_author[i] = content;
    }
    if (prop) {
        key_of(prop, strlen(prop), key, sizeof key);
        if (strcmp(key, "og:url") == 0)
            mv->og_url = content;
        else if (strcmp(key, "og:locale") == 0)
            mv->og_locale = content;
        else
            set_date(mv, key, content);
    }
    if (itemprop) {
        key_of(itemprop, strlen(itemprop), key, sizeof key);
        set_date(mv, key, content);
        if (strcmp(key, "author") == 0 && !mv->other_author[3])
            mv->other_author[3] = content;
    }
}

/* Readability's _unescapeHtmlEntities: meta values escaped twice. */
static void unescape(char *s)
{
    char *out = s;
    web_buf cp = {0};

    if (!s)
        return;
    for (const char *p = s; *p;) {
        static const struct {
            const char *name;
            char c;
        } named[] = {{"&quot;", '"'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
        bool done = false;

        if (*p != '&') {
            *out++ = *p++;
            continue;
        }
        for (size_t i = 0; i < sizeof named / sizeof *named && !done; i++)
            if (strncmp(p, named[i].name, strlen(named[i].name)) == 0) {
                *out++ = named[i].c;
                p += strlen(named[i].name);
                done = true;
            }
        if (!done && p[1] == '#') {
            bool hex = p[2] == 'x' || p[2] == 'X';
            char *end;
            unsigned long v = strtoul(p + (hex ? 3 : 2), &end, hex ? 16 : 10);

            /* the UTF-8 form is never longer than the reference */
            if (*end == ';' && end > p + (hex ? 3 : 2) && (size_t)(end - p) >= 3) {
                if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                    v = 0xFFFD;
                cp.len = 0;
                web_buf_addcp(&cp, (uint32_t)v);
                if (!cp.failed && cp.len <= (size_t)(end + 1 - p)) {
                    memcpy(out, cp.data, cp.len);
                    out += cp.len;
                    p = end + 1;
                    done = true;
                }
            }
        }
        if (!done)
            *out++ = *p++;
    }
    *out = '\0';
    web_buf_free(&cp);
}

/* ---- JSON-LD ----------------------------------------------------------- */

static bool article_type(json_t *type)
{
    static const char *const kinds[] = {"Article", "Report", "SocialMediaPosting", "BlogPosting",
                                        "DiscussionForumPosting", "APIReference", NULL};
    size_t i;
    json_t *t;

    if (json_is_array(type)) {
        json_array_foreach(type, i, t)
            if (article_type(t))
                return true;
        return false;
    }
    if (!json_is_string(type))
        return false;
    for (const char *const *k = kinds; *k; k++)
        if (strstr(json_string_value(type), *k))
            return true;
    return false;
}

static bool schema_org(const char *s)
{
    return s && (strncmp(s, "http://schema.org", 17) == 0 || strncmp(s, "https://schema.org", 18) == 0) &&
           (s[s[4] == 's' ? 18 : 17] == '\0' || strcmp(s + (s[4] == 's' ? 18 : 17), "/") == 0);
}

static bool schema_context(json_t *ctx)
{
    size_t i;
    json_t *c;

    if (json_is_string(ctx))
        return schema_org(json_string_value(ctx));
    if (json_is_object(ctx))
        return schema_org(json_string_value(json_object_get(ctx, "@vocab")));
    if (json_is_array(ctx))
        json_array_foreach(ctx, i, c)
            if (schema_context(c))
                return true;
    return false;
}

static json_t *find_article(json_t *list)
{
    size_t i;
    json_t *it;

    json_array_foreach(list, i, it)
        if (json_is_object(it) && article_type(json_object_get(it, "@type")))
            return it;
    return NULL;
}

static bool looks_like_url(const char *s);

static char *string_of(json_t *v)
{
    return json_is_string(v) ? trimmed_dup(json_string_value(v)) : NULL;
}

/* A schema.org Article of the page's JSON-LD scripts; fills what it says. */
static void read_json_ld(xmlDoc *doc, web_meta *meta, char **site, char **date)
{
    for (xmlNode *n = xmlDocGetRootElement(doc); n; n = web_next_node(n, false)) {
        const char *type = web_attr(n, "type");
        web_buf text = {0};
        json_t *root, *art, *author;
        char *body, *end;

        if (!web_is(n, "script") || !type || strcmp(type, "application/ld+json") != 0)
            continue;
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->content)
                web_buf_add(&text, (const char *)c->content, strlen((const char *)c->content));
        web_buf_add(&text, "", 0);
        body = text.data ? text.data : (char *)"";
        while (*body == ' ' || *body == '\n' || *body == '\r' || *body == '\t')
            body++;
        if (strncmp(body, "<![CDATA[", 9) == 0)
            body += 9;
        if ((end = strstr(body, "]]>")) != NULL)
            *end = '\0';
        root = text.failed ? NULL : json_loads(body, JSON_DECODE_ANY, NULL);
        web_buf_free(&text);
        art = json_is_array(root) ? find_article(root) : root;
        if (!json_is_object(art) || !schema_context(json_object_get(art, "@context"))) {
            json_decref(root);
            continue;
        }
        if (!json_object_get(art, "@type") && json_is_array(json_object_get(art, "@graph")))
            art = find_article(json_object_get(art, "@graph"));
        if (!art || !article_type(json_object_get(art, "@type"))) {
            json_decref(root);
            continue;
        }
        {
            json_t *name = json_object_get(art, "name"), *headline = json_object_get(art, "headline");

            if (json_is_string(name) && json_is_string(headline) &&
                strcmp(json_string_value(name), json_string_value(headline)) != 0) {
                /* a site may put its own name in "name": the one like the <title> */
                char *title = web_document_title(doc);
                bool name_like = title && web_text_similarity(json_string_value(name), title) > 0.75;
                bool headline_like = title && web_text_similarity(json_string_value(headline), title) > 0.75;

                free(title);
                meta->title = strdup(json_string_value(headline_like && !name_like ? headline : name));
            } else {
                meta->title = string_of(json_is_string(name) ? name : headline);
            }
        }
        author = json_object_get(art, "author");
        if (json_is_object(author) && json_is_string(json_object_get(author, "name"))) {
            meta->author = string_of(json_object_get(author, "name"));
        } else if (json_is_string(author) && !looks_like_url(json_string_value(author))) {
            /* a plain name, which Readability does not read */
            meta->author = string_of(author);
        } else if (json_is_array(author) && json_is_object(json_array_get(author, 0)) &&
                   json_is_string(json_object_get(json_array_get(author, 0), "name"))) {
            web_buf names = {0};
            size_t i;
            json_t *a;

            json_array_foreach(author, i, a) {
                char *nm = json_is_object(a) ? string_of(json_object_get(a, "name")) : NULL;

                if (!nm)
                    continue;
                if (names.len)
                    web_buf_add(&names, ", ", 2);
                web_buf_add(&names, nm, strlen(nm));
                free(nm);
            }
            web_buf_add(&names, "", 0);
            if (!names.failed)
                meta->author = names.data;
            else
                web_buf_free(&names);
        }
        if (json_is_object(json_object_get(art, "publisher")))
            *site = string_of(json_object_get(json_object_get(art, "publisher"), "name"));
        *date = string_of(json_object_get(art, "datePublished"));
        meta->article_body = string_of(json_object_get(art, "articleBody"));
        if (!meta->lang)
            meta->lang = string_of(json_object_get(art, "inLanguage"));
        json_decref(root);
        return;
    }
}

/* ---- all of it --------------------------------------------------------- */

/* A URL: a scheme and a colon, as the URL parser would take it. */
static bool looks_like_url(const char *s)
{
    const char *p = s;

    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
        return false;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '+' || *p == '-' || *p == '.')
        p++;
    return *p == ':' && p[1] != '\0' && p[1] != ' ';
}

/* href resolved against base (when there is one and href is relative). */
static char *resolved(const char *href, const char *base)
{
    char *t = trimmed_dup(href), *out;
    xmlChar *abs;

    if (!t || !t[0] || !base || looks_like_url(t))
        return t;
    abs = xmlBuildURI((const xmlChar *)t, (const xmlChar *)base);
    if (!abs)
        return t;
    out = strdup((const char *)abs);
    xmlFree(abs);
    if (out)
        free(t);
    return out ? out : t;
}

static char *first_of(const meta_values *mv, const char *const *keys)
{
    for (; *keys; keys++)
        for (size_t i = 0; i < META_KEYS; i++)
            if (strcmp(meta_keys[i], *keys) == 0 && mv->value[i])
                return trimmed_dup(mv->value[i]);
    return NULL;
}

void web_meta_read(xmlDoc *doc, const char *url, web_meta *meta)
{
    static const char *const title_keys[] = {"dc:title", "dcterm:title", "og:title",
                                             "weibo:article:title", "weibo:webpage:title", "title",
                                             "twitter:title", "parsely-title", NULL};
    static const char *const author_keys[] = {"dc:creator", "dcterm:creator", "author",
                                              "parsely-author", NULL};
    static const char *const date_keys[] = {"article:published_time", "parsely-pub-date", NULL};
    static const char *const article_author[] = {"article:author", NULL};
    static const char *const site_keys[] = {"og:site_name", NULL};
    meta_values mv;
    xmlNode *root = xmlDocGetRootElement(doc), *time_first = NULL, *time_marked = NULL;
    const char *canonical = NULL, *html_lang = NULL;
    char *site = NULL, *date = NULL, *iso;

    memset(&mv, 0, sizeof mv);
    memset(meta, 0, sizeof *meta);
    for (xmlNode *n = root; n; n = web_next_node(n, false)) {
        const char *rel, *itemprop;

        if (web_is(n, "meta")) {
            read_meta_tag(n, &mv);
        } else if (web_is(n, "link") && (rel = web_attr(n, "rel")) && strcasecmp(rel, "canonical") == 0 &&
                   !canonical) {
            canonical = web_attr(n, "href");
        } else if (web_is(n, "html") && !html_lang) {
            html_lang = web_attr(n, "lang");
        } else if (web_is(n, "time") && web_attr(n, "datetime")) {
            /* the time marked as the publication's, else the first */
            itemprop = web_attr(n, "itemprop");
            if (!time_first)
                time_first = n;
            if (!time_marked && ((itemprop && strstr(itemprop, "datePublished")) || web_attr(n, "pubdate")))
                time_marked = n;
        }
    }
    read_json_ld(doc, meta, &site, &date);
    if (!meta->title)
        meta->title = first_of(&mv, title_keys);
    if (!meta->title)
        meta->title = web_document_title(doc);
    if (!meta->author) {
        meta->author = first_of(&mv, author_keys);
        if (!meta->author) {
            char *a = first_of(&mv, article_author);

            if (a && !looks_like_url(a))
                meta->author = a;
            else
                free(a);
        }
    }
    for (size_t i = 0; other_author_names[i] && !meta->other_author; i++)
        if (mv.other_author[i] && !looks_like_url(mv.other_author[i]) && !web_date_like(mv.other_author[i]))
            meta->other_author = trimmed_dup(mv.other_author[i]);
    if (!site)
        site = first_of(&mv, site_keys);
    meta->site = site;
    if (!date)
        date = first_of(&mv, date_keys);
    iso = web_iso_date(date);
    for (size_t i = 0; !iso && date_names[i]; i++)
        iso = web_iso_date(mv.date[i]);
    if (!iso && (time_marked || time_first))
        iso = web_iso_date(web_attr(time_marked ? time_marked : time_first, "datetime"));
    meta->date = iso;
    free(date);
    meta->url = canonical && canonical[0] ? resolved(canonical, url)
              : mv.og_url ? resolved(mv.og_url, url) : url && url[0] ? strdup(url) : NULL;
    if (!meta->lang)
        meta->lang = html_lang && html_lang[0] ? trimmed_dup(html_lang)
                   : mv.content_language ? trimmed_dup(mv.content_language) : NULL;
    if (!meta->lang && mv.og_locale) {
        meta->lang = trimmed_dup(mv.og_locale);
        for (char *p = meta->lang; p && *p; p++)
            if (*p == '_')
                *p = '-';
    }
    unescape(meta->title);
    unescape(meta->author);
    unescape(meta->site);
    unescape(meta->other_author);
}

void web_meta_free(web_meta *meta)
{
    free(meta->title);
    free(meta->author);
    free(meta->date);
    free(meta->url);
    free(meta->site);
    free(meta->lang);
    free(meta->article_body);
    free(meta->other_author);
    memset(meta, 0, sizeof *meta);
}
