/*
 * gazcache.c - the gazetteer's compact binary form, cached between runs.
 *
 * Parsing the bundled gazetteers (165k aliases) takes about half a second;
 * reading their binary form takes about ten milliseconds. The cache of a
 * folder is one file, $XDG_CACHE_HOME/whosaid/gaz-<hash of the folder's
 * path>.bin (else ~/.cache/whosaid/), holding the gazetteer's arrays as they
 * are in memory, so that loading is a read (ws__cache_read), a checksum pass
 * and a check of the entities' strings and types. It is used only when the format version,
 * the struct layout and the sources (names, sizes and mtimes of every file
 * of the folder the loader reads) match, and when its length and checksum
 * are right: a stale, truncated or damaged cache is rebuilt, never trusted.
 * Set WHOSAID_NO_CACHE=1 to parse every time.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"

#define CACHE_MAGIC "WSGAZC\r\n" /* the \r\n catches a text-mode copy */
#define CACHE_VERSION 11u /* 2: slots carry maxlen; 3: the filter for first_max, key lengths for maxlen;
                             4: entities carry major_place; 5: the filter hashes keys word by word;
                             6: place holds PLACE_MAJOR and PLACE_STATE; 7: the entities as they
                             are in memory, their strings in the pool; 8: entities carry region;
                             9: a subtype instead of major_place and state;
                             10: the company subtype; 11: aliases carry live and titled */
#define FILTER_SIZE ((size_t)sizeof(uint64_t) << WS__FILTER_BITS)

typedef struct cache_header {
    char magic[8];
    uint32_t version;
    uint32_t layout;   /* sizes of the stored structs: another build never misreads */
    uint64_t sources;  /* hash of the folder's path and its files' names, sizes, mtimes */
    uint64_t length;   /* of the whole file */
    uint64_t checksum; /* of everything after the header */
    uint64_t nents, naliases, pool_len, nslots, nused, nids, nid_slots;
    uint64_t file_gen, has_common_words;
    /* section offsets from the start of the file, each 8-byte aligned; the
     * id table is not stored: only loading more files needs it */
    uint64_t ents, aliases, pool, slots, filter;
} cache_header;

#define LAYOUT ((uint32_t)(sizeof(ws__gaz_entity) | sizeof(ws__alias) << 8 | sizeof(ws__slot) << 16 | \
                           sizeof(ws__idslot) << 24))

/* Written as bytes and read back as they are: no padding, whose bytes would be
 * anyone's. */
_Static_assert(sizeof(ws__gaz_entity) == 40, "ws__gaz_entity has no padding");

/* ---- reading ---- */

static bool section_ok(const cache_header *h, uint64_t off, uint64_t count, size_t elem)
{
    return off % 8 == 0 && off >= sizeof *h && off <= h->length &&
           (elem == 0 || count <= (h->length - off) / elem);
}

/* Are the cached entities' strings in the pool (which ends with a NUL, so
 * that each ends within it), and their types known ones? */
static bool ents_ok(const ws__gaz_entity *ents, size_t n, uint64_t pool_len)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) { /* no branch per entity: they are all fine */
        const ws__gaz_entity *e = &ents[i];
        ok &= (e->id < pool_len) & (e->name < pool_len) & ((e->gender == WS__NONE) | (e->gender < pool_len)) &
              ((e->role == WS__NONE) | (e->role < pool_len)) & ((e->region == WS__NONE) | (e->region < pool_len)) &
              ((e->type == WS_PERSON) | (e->type == WS_PLACE) | (e->type == WS_ORG));
    }
    return ok;
}

/* Checks a cache file's image from end to end; true when it can be used. */
static bool header_ok(const cache_header *h, size_t file_len, uint64_t sources)
{
    return file_len >= sizeof *h && memcmp(h->magic, CACHE_MAGIC, 8) == 0 &&
           h->version == CACHE_VERSION && h->layout == LAYOUT && h->sources == sources &&
           h->length == file_len && h->nents < WS__NONE && h->naliases < WS__NONE &&
           h->pool_len < WS__NONE && h->nslots > 0 && (h->nslots & (h->nslots - 1)) == 0 &&
           (h->nid_slots & (h->nid_slots - 1)) == 0 &&
           section_ok(h, h->ents, h->nents, sizeof(ws__gaz_entity)) &&
           section_ok(h, h->aliases, h->naliases, sizeof(ws__alias)) &&
           section_ok(h, h->pool, h->pool_len, 1) &&
           section_ok(h, h->slots, h->nslots, sizeof(ws__slot)) && h->nids <= h->nents &&
           section_ok(h, h->filter, FILTER_SIZE, 1);
}

bool ws__gazcache_load(ws_gazetteer *g, const char *dir, const char *const *names, size_t n)
{
    char path[PATH_MAX];
    uint64_t sources;
    size_t len;

    if (g->nents || g->nslots || g->image || !ws__cache_identity("gaz", dir, names, n, path, sizeof path, &sources))
        return false;
    unsigned char *image = ws__cache_read(path, sizeof(cache_header), &len);
    if (!image)
        return false;
    const cache_header *h = (const cache_header *)image;
    bool ok = header_ok(h, len, sources) &&
              ws__cache_checksum(image + sizeof *h, len - sizeof *h) == h->checksum &&
              (h->pool_len == 0 || image[h->pool + h->pool_len - 1] == '\0') &&
              ents_ok((const ws__gaz_entity *)(image + h->ents), h->nents, h->pool_len);
    if (!ok) {
        free(image);
        return false;
    }
    g->ents = (ws__gaz_entity *)(image + h->ents);
    g->nents = g->ents_cap = h->nents;
    g->aliases = (ws__alias *)(image + h->aliases);
    g->naliases = h->naliases;
    g->pool = (char *)image + h->pool;
    g->pool_len = h->pool_len;
    g->slots = (ws__slot *)(image + h->slots);
    g->nslots = h->nslots;
    g->nused = h->nused;
    g->ids = NULL; /* rebuilt by ws__gazcache_own */
    g->nids = h->nids;
    g->nid_slots = h->nid_slots;
    memcpy(g->filter, image + h->filter, FILTER_SIZE);
    g->file_gen = (unsigned)h->file_gen;
    g->has_common_words = h->has_common_words != 0;
    g->aliases_cap = g->pool_cap = 0; /* nothing to grow until they are its own */
    g->image = image;
    return true;
}

/* ---- writing ---- */

typedef struct writer {
    FILE *f;
    uint64_t off;
    bool ok;
} writer;

static uint64_t put(writer *w, const void *p, size_t n)
{
    static const char zeros[8];
    uint64_t at = w->off;

    if (n && fwrite(p, 1, n, w->f) != n)
        w->ok = false;
    w->off += n;
    /* every section starts 8-byte aligned */
    size_t pad = (8 - w->off % 8) % 8;
    if (pad && fwrite(zeros, 1, pad, w->f) != pad)
        w->ok = false;
    w->off += pad;
    return at;
}

void ws__gazcache_save(const ws_gazetteer *g, const char *dir, const char *const *names, size_t n)
{
    char path[PATH_MAX], tmp[PATH_MAX + 32];
    cache_header h;
    memset(&h, 0, sizeof h); /* padding too: the header is written as bytes */
    h.version = CACHE_VERSION;
    h.layout = LAYOUT;
    bool ok = ws__cache_identity("gaz", dir, names, n, path, sizeof path, &h.sources);
    FILE *f = NULL;
    if (ok) {
        snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
        f = fopen(tmp, "w+b");
    }
    if (f) {
        writer w = {f, 0, true};
        memcpy(h.magic, CACHE_MAGIC, 8);
        put(&w, &h, sizeof h); /* rewritten below, once complete */
        h.ents = put(&w, g->ents, g->nents * sizeof *g->ents);
        h.aliases = put(&w, g->aliases, g->naliases * sizeof *g->aliases);
        h.pool = put(&w, g->pool, g->pool_len);
        h.slots = put(&w, g->slots, g->nslots * sizeof *g->slots);
        h.filter = put(&w, g->filter, FILTER_SIZE);
        h.length = w.off;
        h.nents = g->nents;
        h.naliases = g->naliases;
        h.pool_len = g->pool_len;
        h.nslots = g->nslots;
        h.nused = g->nused;
        h.nids = g->nids;
        h.nid_slots = g->nid_slots;
        h.file_gen = g->file_gen;
        h.has_common_words = g->has_common_words;
        /* The checksum is taken from the file as written, padding included. */
        unsigned char *body = w.ok && fflush(f) == 0 ? malloc((size_t)(w.off - sizeof h)) : NULL;
        ok = body && fseek(f, (long)sizeof h, SEEK_SET) == 0 &&
             fread(body, 1, (size_t)(w.off - sizeof h), f) == w.off - sizeof h;
        if (ok)
            h.checksum = ws__cache_checksum(body, (size_t)(w.off - sizeof h));
        free(body);
        ok = ok && fseek(f, 0, SEEK_SET) == 0 && fwrite(&h, sizeof h, 1, f) == 1;
        ok = fclose(f) == 0 && ok && rename(tmp, path) == 0;
        if (!ok)
            remove(tmp);
    }
}

/* ---- taking the arrays out of the image ---- */

static bool dup_array(void *dst, const void *src, size_t n, size_t elem)
{
    void *p = malloc(n ? n * elem : 1);
    if (!p)
        return false;
    memcpy(p, src, n * elem);
    *(void **)dst = p;
    return true;
}

/* The id table as loading left it: each id to the last entity that has it. */
static ws__idslot *ids_rebuild(const ws_gazetteer *g)
{
    ws__idslot *ids = malloc(g->nid_slots * sizeof *ids);
    size_t mask = g->nid_slots - 1;

    if (!ids)
        return NULL;
    for (size_t i = 0; i < g->nid_slots; i++)
        ids[i].ent = WS__NONE;
    for (size_t e = 0; e < g->nents; e++) {
        const char *id = ws__gaz_str(g, g->ents[e].id);
        uint64_t h = ws__hash(id, strlen(id));
        size_t i = (size_t)h & mask;
        while (ids[i].ent != WS__NONE && !(ids[i].hash == h && strcmp(ws__gaz_str(g, g->ents[ids[i].ent].id), id) == 0))
            i = (i + 1) & mask;
        ids[i] = (ws__idslot){h, (uint32_t)e};
    }
    return ids;
}

ws_status ws__gazcache_own(ws_gazetteer *g)
{
    ws__gaz_entity *ents = NULL;
    ws__alias *aliases = NULL;
    char *pool = NULL;
    ws__slot *slots = NULL;
    ws__idslot *ids = ids_rebuild(g);
    bool ok = ids && dup_array(&ents, g->ents, g->nents, sizeof *ents) &&
              dup_array(&aliases, g->aliases, g->naliases, sizeof *aliases) &&
              dup_array(&pool, g->pool, g->pool_len, 1) &&
              dup_array(&slots, g->slots, g->nslots, sizeof *slots);
    if (!ok) {
        free(ents);
        free(aliases);
        free(pool);
        free(slots);
        free(ids);
        return WS_ERR_NOMEM;
    }
    free(g->image);
    g->image = NULL;
    g->ents = ents;
    g->ents_cap = g->nents;
    g->aliases = aliases;
    g->aliases_cap = g->naliases;
    g->pool = pool;
    g->pool_cap = g->pool_len;
    g->slots = slots;
    g->ids = ids;
    return WS_OK;
}

void ws__gazcache_free(ws_gazetteer *g)
{
    ws__wordset_free(&g->lower_starts);
    free(g->short_starts);
    free(g->image);
    free(g->filter);
    free(g);
}

