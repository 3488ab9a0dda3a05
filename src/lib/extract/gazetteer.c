/*
 * gazetteer.c - loading gazetteer files into a hash table.
 *
 * File format (data/gazetteers/README.md): UTF-8, tab-separated, '#'
 * comments, a header line "id type name aliases attributes", then one entity
 * per line. Aliases are keyed by their case-folded tokens, so that the
 * matcher looks up a run of document tokens in one probe whatever the size
 * of the gazetteer; the alias as written is kept for the case checks.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract.h"
#include "gazkey.h"

#define FILTER_SIZE ((size_t)sizeof(uint64_t) << WS__FILTER_BITS)
#define KEY_MAX 1024

ws_status ws_gazetteer_new(ws_gazetteer **out)
{
    *out = NULL;
    ws_gazetteer *g = calloc(1, sizeof *g);
    if (!g)
        return WS_ERR_NOMEM;
    g->filter = calloc(1, FILTER_SIZE);
    if (!g->filter) {
        free(g);
        return WS_ERR_NOMEM;
    }
    *out = g;
    return WS_OK;
}

void ws_gazetteer_free(ws_gazetteer *g)
{
    if (!g)
        return;
    ws__lexicon_free(&g->lex);
    if (g->image) {
        ws__gazcache_free(g);
        return;
    }
    free(g->ents);
    free(g->aliases);
    ws__wordset_free(&g->lower_starts);
    free(g->short_starts);
    free(g->pool);
    free(g->slots);
    free(g->ids);
    free(g->filter);
    for (size_t i = 0; i < g->nfiles; i++)
        free(g->files[i]);
    free(g->files);
    free(g);
}

ws_status ws_gazetteer_load_lexicon(ws_gazetteer *g, const char *dir, ws_error *err)
{
    ws_status st = ws__lexicon_load_dir(&g->lex, dir, err);
    return st == WS_OK ? ws__lexicon_build(&g->lex, err) : st;
}

int ws_gazetteer_foreach_word_list(const ws_gazetteer *g, ws_word_list_fn fn, void *ctx)
{
    const char *name;
    for (size_t i = 0; (name = ws__lexicon_file_name(i)) != NULL; i++) {
        int rc = fn(name, ws__lexicon_list_count(&g->lex, name), ctx);
        if (rc)
            return rc;
    }
    return 0;
}

size_t ws_gazetteer_entity_count(const ws_gazetteer *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->nents; i++)
        n += !g->ents[i].replaced;
    return n;
}

size_t ws_gazetteer_alias_count(const ws_gazetteer *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->naliases; i++)
        n += !g->ents[g->aliases[i].entity].replaced;
    return n;
}

int ws_gazetteer_from_cache(const ws_gazetteer *g)
{
    return (g->image ? WS_CACHED_NAMES : 0) | (g->lex.given.image ? WS_CACHED_GIVEN_NAMES : 0);
}

int ws_gazetteer_foreach_alias(const ws_gazetteer *g, ws_alias_fn fn, void *ctx)
{
    for (size_t i = 0; i < g->naliases; i++) {
        const ws__gaz_entity *e = &g->ents[g->aliases[i].entity];
        int rc = e->replaced ? 0 : fn(g->pool + g->aliases[i].surface, ws__gaz_str(g, e->id), ctx);
        if (rc)
            return rc;
    }
    return 0;
}

static const char *file_of(const ws_gazetteer *g, const ws__gaz_entity *e)
{
    return e->file_gen >= 1 && e->file_gen <= g->nfiles && g->files[e->file_gen - 1]
               ? g->files[e->file_gen - 1] : "";
}

int ws_gazetteer_foreach_clash(const ws_gazetteer *g, ws_clash_fn fn, void *ctx)
{
    for (size_t i = 0; i < g->nslots; i++) {
        const ws__slot *sl = &g->slots[i];
        uint32_t first = WS__NONE;
        if (sl->key == WS__NONE)
            continue;
        for (uint32_t a = sl->head; a != WS__NONE; a = g->aliases[a].next) {
            const ws__alias *al = &g->aliases[a];
            if (g->ents[al->entity].replaced || (first != WS__NONE && g->aliases[first].entity == al->entity))
                continue;
            if (first == WS__NONE) {
                first = a;
                continue;
            }
            const ws__gaz_entity *e = &g->ents[g->aliases[first].entity], *o = &g->ents[al->entity];
            ws_alias_clash clash = {g->pool + g->aliases[first].surface, ws__gaz_str(g, e->id), file_of(g, e),
                                    e->line, ws__gaz_str(g, o->id), file_of(g, o), o->line};
            int rc = fn(&clash, ctx);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static uint32_t pool_add(ws_gazetteer *g, const char *s, size_t n)
{
    if (g->pool_len + n + 1 > UINT32_MAX ||
        !ws__grow(&g->pool, &g->pool_cap, g->pool_len + n + 1, 1))
        return WS__NONE;
    uint32_t off = (uint32_t)g->pool_len;
    memcpy(g->pool + off, s, n);
    g->pool[off + n] = '\0';
    g->pool_len += n + 1;
    return off;
}

/* ---- the key table ---- */

static size_t slot_find(const ws_gazetteer *g, uint64_t h, const char *key, size_t len)
{
    size_t mask = g->nslots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const ws__slot *sl = &g->slots[i];
        if (sl->key == WS__NONE)
            return i;
        if (sl->hash != h || sl->keylen != len)
            continue;
        /* The key is nearly always this one: its first alias, which the
         * matcher reads next, is fetched while the key is compared. */
        if (sl->head != WS__NONE)
            __builtin_prefetch(&g->aliases[sl->head]);
        if (memcmp(g->pool + sl->key, key, len) == 0)
            return i;
    }
}

static bool slots_rehash(ws_gazetteer *g)
{
    size_t n = g->nslots ? g->nslots * 2 : 1024;
    ws__slot *ns = calloc(n, sizeof *ns); /* zeroed padding: the cache writes slots as bytes */
    if (!ns)
        return false;
    for (size_t i = 0; i < n; i++)
        ns[i].key = WS__NONE;
    for (size_t i = 0; i < g->nslots; i++) {
        if (g->slots[i].key == WS__NONE)
            continue;
        size_t mask = n - 1, j = (size_t)g->slots[i].hash & mask;
        while (ns[j].key != WS__NONE)
            j = (j + 1) & mask;
        ns[j] = g->slots[i];
    }
    free(g->slots);
    g->slots = ns;
    g->nslots = n;
    return true;
}

const ws__slot *ws__gaz_lookup(const ws_gazetteer *g, uint64_t h, const char *key, size_t len)
{
    if (!g->nslots)
        return NULL;
    size_t i = slot_find(g, h, key, len);
    return g->slots[i].key == WS__NONE ? NULL : &g->slots[i];
}

/* ---- the filter ----
 *
 * A Bloom filter in front of the key table, blocked so that a query reads
 * one 64-bit word: two bits of it for "an alias key", two for "the start of
 * a longer alias key". The matcher reads on from a word only while the
 * filter allows a longer alias, and probes the table, a cache miss each
 * time, only for keys the filter allows. The probe and the query are
 * inline in extract.h. */

static void filter_add(ws_gazetteer *g, uint64_t h, unsigned what)
{
    ws__filter_probe p = ws__filter_probe_of(h);
    g->filter[p.word] |= (what & WS__GAZ_KEY ? p.key : 0) | (what & WS__GAZ_LONGER ? p.longer : 0);
}


/* ---- the id table ---- */

static size_t id_find(const ws_gazetteer *g, const char *id, uint64_t h)
{
    size_t mask = g->nid_slots - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const ws__idslot *sl = &g->ids[i];
        if (sl->ent == WS__NONE || (sl->hash == h && strcmp(ws__gaz_str(g, g->ents[sl->ent].id), id) == 0))
            return i;
    }
}

static bool ids_grow(ws_gazetteer *g)
{
    if ((g->nids + 1) * 2 <= g->nid_slots)
        return true;
    size_t n = g->nid_slots ? g->nid_slots * 2 : 1024;
    ws__idslot *ns = malloc(n * sizeof *ns);
    if (!ns)
        return false;
    for (size_t i = 0; i < n; i++)
        ns[i].ent = WS__NONE;
    for (size_t i = 0; i < g->nid_slots; i++) {
        if (g->ids[i].ent == WS__NONE)
            continue;
        size_t j = (size_t)g->ids[i].hash & (n - 1);
        while (ns[j].ent != WS__NONE)
            j = (j + 1) & (n - 1);
        ns[j] = g->ids[i];
    }
    free(g->ids);
    g->ids = ns;
    g->nid_slots = n;
    return true;
}

/* ---- loading ---- */

typedef struct load_ctx {
    ws_gazetteer *g;
    const char *path;
    unsigned long line;
    ws_error *err;
    bool header_seen;
} load_ctx;

/* The slot of a folded key, created when missing. */
static ws_status key_slot(load_ctx *c, const char *key, size_t klen, size_t *out)
{
    ws_gazetteer *g = c->g;
    if ((g->nused + 1) * 2 > g->nslots && !slots_rehash(g))
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, c->line, -1, "out of memory loading gazetteer");
    uint64_t h = ws__hash(key, klen);
    size_t si = slot_find(g, h, key, klen);
    if (g->slots[si].key == WS__NONE) {
        uint32_t koff = pool_add(g, key, klen);
        if (koff == WS__NONE)
            return ws__fail(c->err, WS_ERR_NOMEM, c->path, c->line, -1, "out of memory loading gazetteer");
        ws__slot *sl = &g->slots[si]; /* its padding was zeroed with the table */
        sl->hash = h;
        sl->key = koff;
        sl->head = WS__NONE;
        sl->country = WS__NONE;
        sl->keylen = (uint16_t)klen;
        sl->common = false;
        g->nused++;
    }
    *out = si;
    return WS_OK;
}

/* Is the surface the key with the first letter of each word in capitals
 * ("New York" of "new york"), as nearly nine aliases in ten are? */
static bool titled(const char *key, size_t klen, const char *surface, size_t n)
{
    for (size_t i = 0; i < n && n == klen; i++) {
        bool up = (i == 0 || key[i - 1] == ' ') && key[i] >= 'a' && key[i] <= 'z';
        if (surface[i] != (up ? key[i] - 'a' + 'A' : key[i]))
            return false;
    }
    return n == klen;
}

static ws_status add_alias(load_ctx *c, uint32_t ent, const char *surface, size_t n, bool canonical)
{
    ws_gazetteer *g = c->g;
    ws__text nt;
    ws_status st = ws__text_init(&nt, surface, n, c->err);
    if (st != WS_OK)
        return st;
    ws__token toks[WS__MAX_ALIAS_TOKENS];
    size_t ntoks;
    if (ws__tokenize(nt.norm, nt.len, toks, WS__MAX_ALIAS_TOKENS, &ntoks) != WS_OK) {
        ws__text_free(&nt);
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                        "alias '%.*s' has more than %d words", (int)n, surface, WS__MAX_ALIAS_TOKENS);
    }
    if (ntoks == 0) {
        ws__text_free(&nt);
        return WS_OK;
    }
    char key[KEY_MAX];
    size_t klen = 0;
    uint64_t h = WS__GAZ_FILTER_INIT;
    for (size_t i = 0; i < ntoks; i++) {
        if (i && klen + 1 < sizeof key)
            key[klen++] = ' ';
        size_t from = klen;
        klen += ws__fold(nt.norm + toks[i].start, toks[i].end - toks[i].start, key + klen,
                         sizeof key - klen);
        /* the key so far, as the matcher hashes it reading the same tokens */
        h = ws__gaz_filter_more(h, ws__gaz_word_hash(key + from, klen - from, sizeof key - from));
        filter_add(g, h, i + 1 < ntoks ? WS__GAZ_LONGER : WS__GAZ_KEY);
        /* The first word keeps a key of its own, as when it held the
         * longest alias starting so: the table's order, which clash
         * reports follow, stays the same. */
        size_t fsi;
        st = i == 0 ? key_slot(c, key, klen, &fsi) : WS_OK;
        if (st != WS_OK) {
            ws__text_free(&nt);
            return st;
        }
    }

    size_t si;
    st = key_slot(c, key, klen, &si);
    if (st != WS_OK) {
        ws__text_free(&nt);
        return st;
    }
    ws__slot *sl = &g->slots[si];
    /* Append to the chain, keeping load order; an entity lists a surface once. */
    uint32_t last = WS__NONE;
    for (uint32_t a = sl->head; a != WS__NONE; a = g->aliases[a].next) {
        if (g->aliases[a].entity == ent && strcmp(g->pool + g->aliases[a].surface, nt.norm) == 0) {
            ws__text_free(&nt);
            return WS_OK;
        }
        last = a;
    }
    uint32_t soff = pool_add(g, nt.norm, nt.len);
    if (soff == WS__NONE || g->naliases >= WS__NONE ||
        !ws__grow(&g->aliases, &g->aliases_cap, g->naliases + 1, sizeof *g->aliases))
        goto nomem;
    uint32_t ai = (uint32_t)g->naliases++;
    ws__alias *al = &g->aliases[ai];
    memset(al, 0, sizeof *al); /* padding too: the cache writes aliases as bytes */
    al->entity = ent;
    al->surface = soff;
    al->next = WS__NONE;
    al->ntoks = (uint8_t)ntoks;
    al->canonical = canonical;
    al->titled = titled(key, klen, nt.norm, nt.len);
    if (last == WS__NONE)
        g->slots[si].head = ai;
    else
        g->aliases[last].next = ai;
    ws__text_free(&nt);
    return WS_OK;
nomem:
    ws__text_free(&nt);
    return ws__fail(c->err, WS_ERR_NOMEM, c->path, c->line, -1, "out of memory loading gazetteer");
}

static ws__gaz_subtype subtype_of(const char *val)
{
    return strcmp(val, "state") == 0       ? WS__SUBTYPE_STATE
           : strcmp(val, "country") == 0   ? WS__SUBTYPE_COUNTRY
           : strcmp(val, "continent") == 0 ? WS__SUBTYPE_CONTINENT
           : strcmp(val, "region") == 0    ? WS__SUBTYPE_REGION
           : strcmp(val, "news") == 0      ? WS__SUBTYPE_NEWS
           : strcmp(val, "company") == 0   ? WS__SUBTYPE_COMPANY
                                           : WS__SUBTYPE_OTHER;
}

static ws_status parse_attributes(load_ctx *c, char *attrs, ws__gaz_entity *e)
{
    for (char *kv = attrs; kv && *kv;) {
        char *next = strchr(kv, ';');
        if (next)
            *next++ = '\0';
        char *eq = strchr(kv, '=');
        if (!eq)
            return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                            "attribute '%s' is not key=value", kv);
        *eq = '\0';
        const char *val = eq + 1;
        if (strcmp(kv, "population") == 0) {
            char *end;
            e->population = strtoul(val, &end, 10);
            if (*val == '\0' || *end != '\0')
                return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                                "population '%s' is not a whole number", val);
        }
        if (strcmp(kv, "subtype") == 0)
            e->subtype = subtype_of(val);
        uint32_t *slot = strcmp(kv, "gender") == 0   ? &e->gender
                         : strcmp(kv, "role") == 0   ? &e->role
                         : strcmp(kv, "region") == 0 ? &e->region
                                                     : NULL;
        if (slot && *val && (*slot = pool_add(c->g, val, strlen(val))) == WS__NONE)
            return ws__fail(c->err, WS_ERR_NOMEM, c->path, c->line, -1, "out of memory");
        kv = next;
    }
    return WS_OK;
}

static bool parse_type(const char *s, ws_entity_type *type)
{
    static const ws_entity_type types[] = {WS_PERSON, WS_PLACE, WS_ORG};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(s, ws_entity_type_str(types[i])) == 0)
            return *type = types[i], true;
    return false;
}

static ws_status load_line(load_ctx *c, char *line)
{
    char *f[5] = {0};
    size_t nf = 0;
    for (char *p = line; p; nf++) {
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = '\0';
        if (nf < 5)
            f[nf] = p;
        p = tab ? tab + 1 : NULL;
    }
    if (nf < 4 || nf > 5)
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                        "expected 5 tab-separated columns (id, type, name, aliases, attributes), found %zu", nf);
    if (!*f[0] || !*f[2])
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1, "empty %s", *f[0] ? "name" : "id");
    ws__gaz_entity e = {.gender = WS__NONE, .role = WS__NONE, .region = WS__NONE};
    ws_entity_type type;
    if (!parse_type(f[1], &type))
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                        "unknown type '%s' (PERSON, PLACE or ORG)", f[1]);
    e.type = (uint8_t)type;
    ws_gazetteer *g = c->g;
    if (!ids_grow(g) || !ws__grow(&g->ents, &g->ents_cap, g->nents + 1, sizeof *g->ents))
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, c->line, -1, "out of memory");
    uint64_t h = ws__hash(f[0], strlen(f[0]));
    size_t is = id_find(g, f[0], h);
    if (g->ids[is].ent != WS__NONE) {
        ws__gaz_entity *old = &g->ents[g->ids[is].ent];
        if (old->file_gen == g->file_gen)
            return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                            "duplicate id '%s' (first on line %lu)", f[0], (unsigned long)old->line);
        old->replaced = true; /* a later file overrides */
    } else {
        g->nids++;
    }
    e.file_gen = g->file_gen;
    e.line = c->line > UINT32_MAX ? UINT32_MAX : (uint32_t)c->line;
    e.id = pool_add(g, f[0], strlen(f[0]));
    e.name = pool_add(g, f[2], strlen(f[2]));
    if (e.id == WS__NONE || e.name == WS__NONE)
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, c->line, -1, "out of memory");
    ws_status st = nf == 5 ? parse_attributes(c, f[4], &e) : WS_OK;
    if (st != WS_OK)
        return st;
    uint32_t ent = (uint32_t)g->nents++;
    g->ents[ent] = e;
    g->ids[is] = (ws__idslot){h, ent};
    st = add_alias(c, ent, f[2], strlen(f[2]), true);
    for (char *a = f[3]; st == WS_OK && a && *a;) {
        char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        if (n)
            st = add_alias(c, ent, a, n, false);
        a = bar ? bar + 1 : NULL;
    }
    return st;
}

/* Runs fn on each line of c->path (base.h: ws__read_lines), with c->line set. */
typedef ws_status (*line_fn)(load_ctx *c, char *line);

typedef struct line_call {
    load_ctx *c;
    line_fn fn;
} line_call;

static ws_status call_line(void *ctx, char *line, unsigned long number)
{
    line_call *call = ctx;
    call->c->line = number;
    return call->fn(call->c, line);
}

static ws_status for_each_line(load_ctx *c, line_fn fn)
{
    line_call call = {c, fn};
    return ws__read_lines(c->path, call_line, &call, c->err);
}

static ws_status tsv_line(load_ctx *c, char *line)
{
    if (c->header_seen)
        return load_line(c, line);
    c->header_seen = true;
    if (strcmp(line, "id\ttype\tname\taliases\tattributes") != 0)
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                        "expected the header 'id<TAB>type<TAB>name<TAB>aliases<TAB>attributes'");
    return WS_OK;
}

static size_t short_slot(uint64_t chunk, size_t nslots)
{
    return (size_t)((chunk * 0x9E3779B97F4A7C15u) >> 32) & (nslots - 1);
}

/* The table of short starts for the chunks of the n words in chunks. */
static ws_status index_short_starts(ws_gazetteer *g, const uint64_t *chunks, size_t n)
{
    size_t nslots = 8;
    while (nslots < n * 2)
        nslots *= 2;
    if (!(g->short_starts = calloc(nslots, sizeof *g->short_starts)))
        return WS_ERR_NOMEM;
    g->nshort_slots = nslots;
    for (size_t k = 0; k < n; k++) {
        size_t i = short_slot(chunks[k], nslots);
        while (g->short_starts[i])
            i = (i + 1) & (nslots - 1);
        g->short_starts[i] = chunks[k];
    }
    return WS_OK;
}

/* Lists the first words of the aliases that start in lowercase, anew
 * after every load: a few dozen of the aliases, found by their first byte.
 * Marks the aliases of entities a later file replaced too. */
static ws_status index_lower_starts(ws_gazetteer *g)
{
    ws__wordset_free(&g->lower_starts);
    free(g->short_starts);
    g->short_starts = NULL;
    g->nshort_slots = 0;
    memset(g->lower_lens, 0, sizeof g->lower_lens);
    uint64_t *shorts = NULL;
    size_t nshorts = 0, shorts_cap = 0, a;
    for (a = 0; a < g->naliases && !g->image; a++) /* a cache keeps them as saved */
        g->aliases[a].live = !g->ents[g->aliases[a].entity].replaced;
    for (a = 0; a < g->naliases; a++) {
        const char *surface = g->pool + g->aliases[a].surface;
        unsigned char c = (unsigned char)surface[0];
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            continue;
        ws__token toks[WS__MAX_ALIAS_TOKENS];
        size_t n;
        if (ws__tokenize(surface, strlen(surface), toks, WS__MAX_ALIAS_TOKENS, &n) != WS_OK || n == 0 ||
            !(toks[0].flags & WS__TOK_LOWER))
            continue;
        char key[KEY_MAX];
        size_t klen = ws__fold(surface + toks[0].start, toks[0].end - toks[0].start, key, sizeof key);
        bool added;
        if (!ws__wordset_put(&g->lower_starts, key, klen, &added))
            break;
        /* the first byte as written, either case; folding keeps lengths */
        unsigned char first = (unsigned char)key[0];
        uint32_t len_bit = (uint32_t)1 << (klen < 31 ? klen : 31);
        g->lower_lens[first] |= len_bit;
        if (first >= 'a' && first <= 'z')
            g->lower_lens[first - 32] |= len_bit;
        uint64_t chunk = klen <= 8 ? ws__gaz_chunk(key, klen, sizeof key) : WS__HIGH_BYTES;
        if (added && !(chunk & WS__HIGH_BYTES)) {
            if (!ws__grow(&shorts, &shorts_cap, nshorts + 1, sizeof *shorts))
                break;
            shorts[nshorts++] = chunk;
        }
    }
    ws_status st = a == g->naliases ? index_short_starts(g, shorts, nshorts) : WS_ERR_NOMEM;
    free(shorts);
    if (st != WS_OK)
        memset(g->lower_lens, 0, sizeof g->lower_lens); /* no start is known */
    return st;
}

bool ws__gaz_is_lower_start(const ws_gazetteer *g, const char *word, size_t len, size_t avail)
{
    uint64_t chunk = len <= 8 ? ws__gaz_chunk(word, len, avail) : WS__HIGH_BYTES;
    if (!(chunk & WS__HIGH_BYTES)) {
        /* short and ASCII, as nearly all are: with no NUL in it, the
         * folded chunk is the word */
        chunk = ws__gaz_fold_ascii(chunk);
        for (size_t i = short_slot(chunk, g->nshort_slots);; i = (i + 1) & (g->nshort_slots - 1)) {
            if (g->short_starts[i] == chunk)
                return true;
            if (!g->short_starts[i])
                return false;
        }
    }
    char key[WS__KEY_MAX + 8];
    /* a longer word is none of the starts, kept to WS__KEY_MAX - 1 bytes */
    if (len >= WS__KEY_MAX)
        return false;
    ws__gaz_fold_word(key, word, len, avail);
    return ws__wordset_get(&g->lower_starts, key, len) != NULL;
}

static ws_status load_file(ws_gazetteer *g, const char *path, ws_error *err);

ws_status ws_gazetteer_load_file(ws_gazetteer *g, const char *path, ws_error *err)
{
    ws_status st = load_file(g, path, err);
    if (st == WS_OK && index_lower_starts(g) != WS_OK)
        st = ws__fail(err, WS_ERR_NOMEM, path, 0, -1, "out of memory");
    return st;
}

static ws_status load_file(ws_gazetteer *g, const char *path, ws_error *err)
{
    load_ctx c = {g, path, 0, err, false};
    if (g->image && ws__gazcache_own(g) != WS_OK)
        return ws__fail(err, WS_ERR_NOMEM, path, 0, -1, "out of memory");
    g->file_gen++;
    /* the path of each file, for reports that name file and line */
    if (!ws__grow(&g->files, &g->files_cap, g->file_gen, sizeof *g->files))
        return ws__fail(err, WS_ERR_NOMEM, path, 0, -1, "out of memory");
    while (g->nfiles < g->file_gen)
        g->files[g->nfiles++] = NULL;
    if (!(g->files[g->file_gen - 1] = ws__strndup(path, strlen(path))))
        return ws__fail(err, WS_ERR_NOMEM, path, 0, -1, "out of memory");
    ws_status st = for_each_line(&c, tsv_line);
    if (st == WS_OK && !c.header_seen)
        st = ws__fail(err, WS_ERR_GAZETTEER, path, c.line, -1, "no header line: not a gazetteer file");
    return st;
}

/* common-words.txt: one lowercase word a line. */
static ws_status common_word_line(load_ctx *c, char *line)
{
    char key[KEY_MAX];
    size_t klen = ws__fold(line, strlen(line), key, sizeof key), si;
    if (strchr(key, ' ') || strchr(key, '\t'))
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1, "'%s' is not one word", line);
    ws_status st = key_slot(c, key, klen, &si);
    if (st == WS_OK)
        c->g->slots[si].common = true;
    c->g->has_common_words = true;
    return st;
}

/* demonyms.txt: "Russian<TAB>Q159" — the country must be loaded. */
static ws_status demonym_line(load_ctx *c, char *line)
{
    char *tab = strchr(line, '\t');
    if (!tab || strchr(tab + 1, '\t'))
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1,
                        "expected 2 tab-separated columns (demonym, entity id)");
    *tab = '\0';
    const char *id = tab + 1;
    ws_gazetteer *g = c->g;
    size_t is = g->nid_slots ? id_find(g, id, ws__hash(id, strlen(id))) : 0;
    if (!g->nid_slots || g->ids[is].ent == WS__NONE)
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1, "unknown entity id '%s'", id);
    char key[KEY_MAX];
    size_t klen = 0, si;
    ws__token toks[WS__MAX_ALIAS_TOKENS];
    size_t ntoks;
    if (ws__tokenize(line, strlen(line), toks, WS__MAX_ALIAS_TOKENS, &ntoks) != WS_OK || ntoks == 0)
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, c->line, -1, "demonym '%s' is empty or too long", line);
    for (size_t i = 0; i < ntoks; i++) {
        if (i && klen + 1 < sizeof key)
            key[klen++] = ' ';
        klen += ws__fold(line + toks[i].start, toks[i].end - toks[i].start, key + klen, sizeof key - klen);
    }
    ws_status st = key_slot(c, key, klen, &si);
    if (st == WS_OK)
        g->slots[si].country = g->ids[is].ent;
    return st;
}

bool ws__gaz_is_common(const ws_gazetteer *g, const char *key, size_t len)
{
    if (!g->nslots)
        return false;
    size_t i = slot_find(g, ws__hash(key, len), key, len);
    return g->slots[i].key != WS__NONE && g->slots[i].common;
}

uint32_t ws__gaz_demonym(const ws_gazetteer *g, const char *key, size_t len)
{
    if (!g->nslots)
        return WS__NONE;
    size_t i = slot_find(g, ws__hash(key, len), key, len);
    return g->slots[i].key == WS__NONE ? WS__NONE : g->slots[i].country;
}

bool ws__gaz_is_demonym(const ws_gazetteer *g, const char *w, size_t n)
{
    char key[WS__KEY_MAX];
    size_t len = ws__fold(w, n, key, sizeof key);
    return ws__gaz_demonym(g, key, len) != WS__NONE;
}

bool ws__gaz_is_people(const ws_gazetteer *g, const char *w, size_t n)
{
    return n > 2 && w[n - 1] == 's' && ws__gaz_is_demonym(g, w, n - 1);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files a folder's load reads besides its tables, after them. */
static const char *const word_lists[] = {"common-words.txt", "demonyms.txt"};
#define NWORD_LISTS (sizeof word_lists / sizeof word_lists[0])

ws_status ws_gazetteer_load_dir(ws_gazetteer *g, const char *dir, ws_error *err)
{
    bool was_empty = g->nents == 0 && g->nslots == 0 && g->file_gen == 0 && !g->image;
    DIR *d = opendir(dir);
    if (!d)
        return ws__fail(err, WS_ERR_IO, dir, 0, -1, "cannot open gazetteer folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    ws_status st = WS_OK;
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".tsv") != 0)
            continue;
        if (!ws__grow(&names, &cap, n + 1, sizeof *names) || !(names[n] = ws__strndup(de->d_name, l))) {
            st = ws__fail(err, WS_ERR_NOMEM, dir, 0, -1, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (st == WS_OK && n == 0)
        st = ws__fail(err, WS_ERR_GAZETTEER, dir, 0, -1, "no gazetteer files (*.tsv) in folder");
    if (n > 1)
        qsort(names, n, sizeof *names, compare_names);
    /* Every file read, for the cache to be checked against. */
    const char **sources = st == WS_OK ? malloc((n + NWORD_LISTS) * sizeof *sources) : NULL;
    if (sources) {
        memcpy(sources, names, n * sizeof *names);
        memcpy(sources + n, word_lists, sizeof word_lists);
    }
    bool cached = sources && was_empty && ws__gazcache_load(g, dir, sources, n + NWORD_LISTS);
    for (size_t i = 0; i < n && st == WS_OK && !cached; i++) {
        size_t pl = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(pl);
        if (!path) {
            st = ws__fail(err, WS_ERR_NOMEM, dir, 0, -1, "out of memory");
            break;
        }
        snprintf(path, pl, "%s/%s", dir, names[i]);
        st = load_file(g, path, err);
        free(path);
    }
    /* word lists refer to what the tables loaded */
    static const line_fn list_fns[NWORD_LISTS] = {common_word_line, demonym_line};
    for (size_t i = 0; i < NWORD_LISTS && st == WS_OK && !cached; i++) {
        size_t pl = strlen(dir) + strlen(word_lists[i]) + 2;
        char *path = malloc(pl);
        if (!path) {
            st = ws__fail(err, WS_ERR_NOMEM, dir, 0, -1, "out of memory");
            break;
        }
        snprintf(path, pl, "%s/%s", dir, word_lists[i]);
        load_ctx c = {g, path, 0, err, false};
        if (access(path, F_OK) == 0)
            st = for_each_line(&c, list_fns[i]);
        free(path);
    }
    if (st == WS_OK && index_lower_starts(g) != WS_OK)
        st = ws__fail(err, WS_ERR_NOMEM, dir, 0, -1, "out of memory");
    /* Only a folder loaded into an empty gazetteer has a cache of its own. */
    if (sources && !cached && st == WS_OK && was_empty)
        ws__gazcache_save(g, dir, sources, n + NWORD_LISTS);
    free(sources);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}
