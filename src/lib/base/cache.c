/*
 * cache.c - binary copies of data files, kept between runs in
 * $XDG_CACHE_HOME/whosaid/ (else ~/.cache/whosaid/), so that a start-up reads
 * a file's image instead of parsing text: what a cache is checked against,
 * how it is read, the checksum, and the cached form of a word set. The gazetteer's own form is
 * extract/gazcache.c's.
 *
 * A cache is used only when its sources (names, sizes and mtimes of the
 * files read) match, and its length and checksum are right: a stale,
 * truncated or damaged cache is rebuilt, never trusted. WHOSAID_NO_CACHE=1
 * turns caches off.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"

static uint64_t rotl(uint64_t x, int r)
{
    return x << r | x >> (64 - r);
}

/* A word-at-a-time hash in four lanes: fast enough (several GB/s) to check
 * the whole file on every start-up. It guards against damage, not attack. */
uint64_t ws__cache_checksum(const unsigned char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h[4] = {1, 2, 3, 4}, w[4];
    size_t i = 0;

    for (; i + sizeof w <= n; i += sizeof w) {
        memcpy(w, p + i, sizeof w);
        for (int j = 0; j < 4; j++)
            h[j] = rotl((h[j] ^ w[j]) * k, 29);
    }
    memset(w, 0, sizeof w);
    memcpy(w, p + i, n - i);
    for (int j = 0; j < 4; j++)
        h[j] = rotl((h[j] ^ w[j]) * k, 29);
    return (h[0] ^ rotl(h[1], 16) ^ rotl(h[2], 32) ^ rotl(h[3], 48) ^ n) * k;
}

/* Read, not mapped, into memory the kernel may back with 2 MB pages. The
 * checksum touches every byte of a file of up to 30 MB, and how much the
 * first touch of a file mapping's pages costs varies from file to file
 * and with the host's load, on a virtual machine by several times: start-up
 * with the gazetteer's cache mapped took 39 to 55 ms, read 30 to 38. */
#define HUGE_PAGE ((size_t)2 << 20)

unsigned char *ws__cache_read(const char *path, size_t min_len, size_t *len)
{
    struct stat st;
    unsigned char *image = NULL;
    size_t got = 0;

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) == 0 && st.st_size >= 0 && (uint64_t)st.st_size >= min_len &&
        (uint64_t)st.st_size < SIZE_MAX - HUGE_PAGE) {
        size_t cap = ((size_t)st.st_size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
        image = aligned_alloc(HUGE_PAGE, cap ? cap : HUGE_PAGE);
#ifdef MADV_HUGEPAGE
        if (image)
            madvise(image, cap, MADV_HUGEPAGE); /* a hint: 4 KB pages work too */
#endif
        while (image && got < (size_t)st.st_size) {
            ssize_t n = read(fd, image + got, (size_t)st.st_size - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += (size_t)n;
        }
    }
    close(fd);
    if (image && got != (size_t)st.st_size) { /* shrunk while read: rebuilt */
        free(image);
        image = NULL;
    }
    *len = image ? got : 0;
    return image;
}

static bool cache_enabled(void)
{
    const char *off = getenv("WHOSAID_NO_CACHE");
    return !off || !*off || strcmp(off, "0") == 0;
}

/* The cache file of a folder, its parent folders created; false when there
 * is no place for it. */
static bool cache_path(const char *kind, const char *real_dir, char *path, size_t cap)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int n;

    if (xdg && xdg[0] == '/')
        n = snprintf(path, cap, "%s/whosaid", xdg);
    else if (home && home[0] == '/')
        n = snprintf(path, cap, "%s/.cache/whosaid", home);
    else
        return false;
    if (n < 0 || (size_t)n >= cap)
        return false;
    size_t base = (size_t)n;
    /* Creates ~/.cache when missing, then whosaid in it. */
    char *slash = strrchr(path, '/');
    *slash = '\0';
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return false;
    *slash = '/';
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return false;
    n = snprintf(path + base, cap - base, "/%s-%016llx.bin", kind,
                 (unsigned long long)ws__hash(real_dir, strlen(real_dir)));
    return n > 0 && (size_t)n < cap - base;
}

/* What the cache must match: the folder and, for each source file, its
 * name, size and mtime (a missing word list counts too). */
static bool sources_hash(const char *real_dir, const char *const *names, size_t n, uint64_t *out)
{
    uint64_t h = ws__hash_more(WS__HASH_INIT, real_dir, strlen(real_dir) + 1);
    char path[PATH_MAX];

    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int64_t facts[3] = {-1, -1, -1};

        if (snprintf(path, sizeof path, "%s/%s", real_dir, names[i]) >= (int)sizeof path)
            return false;
        if (stat(path, &st) == 0) {
            facts[0] = (int64_t)st.st_size;
            facts[1] = (int64_t)st.st_mtim.tv_sec;
            facts[2] = (int64_t)st.st_mtim.tv_nsec;
        } else if (errno != ENOENT) {
            return false;
        }
        h = ws__hash_more(h, names[i], strlen(names[i]) + 1);
        h = ws__hash_more(h, facts, sizeof facts);
    }
    *out = h;
    return true;
}

bool ws__cache_identity(const char *kind, const char *dir, const char *const *names, size_t n,
                           char *path, size_t cap, uint64_t *sources)
{
    char real_dir[PATH_MAX];

    return cache_enabled() && realpath(dir, real_dir) && cache_path(kind, real_dir, path, cap) &&
           sources_hash(real_dir, names, n, sources);
}

/* ---- word sets ---- */

#define WORDS_MAGIC "WSWORD\r\n"
#define WORDS_VERSION 1u

typedef struct words_header {
    char magic[8];
    uint32_t version, layout; /* layout: sizeof(ws__wordslot) */
    uint64_t sources, length, checksum;
    uint64_t nslots, count, pool_len;
    uint64_t slots, pool; /* section offsets */
} words_header;

bool ws__cache_load_words(ws__wordset *set, const char *dir, const char *file)
{
    char path[PATH_MAX];
    uint64_t sources;
    size_t len;

    if (set->count || !ws__cache_identity("words", dir, &file, 1, path, sizeof path, &sources))
        return false;
    unsigned char *image = ws__cache_read(path, sizeof(words_header), &len);
    if (!image)
        return false;
    const words_header *h = (const words_header *)image;
    bool ok = memcmp(h->magic, WORDS_MAGIC, 8) == 0 && h->version == WORDS_VERSION &&
              h->layout == sizeof(ws__wordslot) && h->sources == sources && h->length == len &&
              h->nslots > 0 && (h->nslots & (h->nslots - 1)) == 0 && h->count < h->nslots &&
              h->slots == sizeof *h && h->nslots <= (len - h->slots) / sizeof(ws__wordslot) &&
              h->pool == h->slots + h->nslots * sizeof(ws__wordslot) && h->pool_len <= len - h->pool &&
              ws__cache_checksum(image + sizeof *h, len - sizeof *h) == h->checksum;
    /* every slot's word must lie in the pool (no branch per slot: they are
     * all fine, and half of them empty at random) */
    const ws__wordslot *slots = (const ws__wordslot *)(image + (ok ? h->slots : 0));
    for (size_t i = 0; ok && i < h->nslots; i++)
        ok = (slots[i].word == 0) | ((uint64_t)slots[i].word - 1 + slots[i].len < h->pool_len);
    if (!ok) {
        free(image);
        return false;
    }
    set->slots = (ws__wordslot *)(image + h->slots);
    set->nslots = h->nslots;
    set->count = h->count;
    set->pool = (char *)image + h->pool;
    set->pool_len = h->pool_len;
    set->pool_cap = 0;
    set->image = image;
    return true;
}

void ws__cache_save_words(const ws__wordset *set, const char *dir, const char *file)
{
    char path[PATH_MAX], tmp[PATH_MAX + 32];
    words_header h;
    memset(&h, 0, sizeof h);
    if (!set->count || !ws__cache_identity("words", dir, &file, 1, path, sizeof path, &h.sources))
        return;
    memcpy(h.magic, WORDS_MAGIC, 8);
    h.version = WORDS_VERSION;
    h.layout = sizeof(ws__wordslot);
    h.nslots = set->nslots;
    h.count = set->count;
    h.pool_len = set->pool_len;
    h.slots = sizeof h;
    h.pool = h.slots + set->nslots * sizeof(ws__wordslot);
    size_t body_len = set->nslots * sizeof(ws__wordslot) + set->pool_len;
    unsigned char *body = malloc(body_len ? body_len : 1);
    if (!body)
        return;
    memcpy(body, set->slots, set->nslots * sizeof(ws__wordslot));
    memcpy(body + set->nslots * sizeof(ws__wordslot), set->pool, set->pool_len);
    h.length = sizeof h + body_len;
    h.checksum = ws__cache_checksum(body, body_len);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(&h, sizeof h, 1, f) == 1 && fwrite(body, 1, body_len, f) == body_len;
    if (f)
        ok = fclose(f) == 0 && ok && rename(tmp, path) == 0;
    if (f && !ok)
        remove(tmp);
    free(body);
}
