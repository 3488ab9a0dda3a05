/*
 * base.h - what every part of libwhosaid shares: errors, growable arrays,
 * string copies, hashing, UTF-8 and sets of words. Not installed.
 *
 * The library has four parts, each a folder with its own private header,
 * and each depends only on the ones listed before it:
 *   base/     this header: no knowledge of news text
 *   extract/  the stages that turn a document into a result (extract.h)
 *   export/   JSON Lines, CSV and HTML writers (export.h)
 *   db/       the quote database (db.h)
 * export/ and db/ see results only through the public header, whosaid.h,
 * and this one: what they write is exactly what a library user can read.
 *
 * Internal names shared across files start with ws__.
 */
#ifndef WS_BASE_H
#define WS_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "whosaid.h"

/* ---- errors.c ---------------------------------------------------------- */

/* Fills err (when not NULL) and returns status, so that a failure is one
 * statement: return ws__fail(err, WS_ERR_IO, path, line, -1, "...", ...). */
ws_status ws__fail(ws_error *err, ws_status status, const char *file,
                   unsigned long line, long long byte, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* ---- alloc.c ----------------------------------------------------------- */

/* Growable arrays: ws__grow(&arr, &cap, n + 1, sizeof *arr). Inline, as
 * it runs once per token; only growing calls out. */
bool ws__grow_to(void *arrp, size_t *cap, size_t need, size_t elem_size);
static inline bool ws__grow(void *arrp, size_t *cap, size_t need, size_t elem_size)
{
    return need <= *cap || ws__grow_to(arrp, cap, need, elem_size);
}

/* A NUL-terminated copy of s[0..n), or NULL when memory runs out. */
char *ws__strndup(const char *s, size_t n);

/* ---- lines.c: data files --------------------------------------------- */

/* Receives one line (no newline, no CR) and its 1-based number. */
typedef ws_status (*ws__line_fn)(void *ctx, char *line, unsigned long number);
/* Reads a UTF-8 text file and calls fn for each line that is neither blank
 * nor a '#' comment, until fn fails. Invalid UTF-8 and NUL bytes fail with
 * WS_ERR_GAZETTEER and the file, line and byte. */
ws_status ws__read_lines(const char *path, ws__line_fn fn, void *ctx, ws_error *err);

/* ---- hashing ----------------------------------------------------------- */

/* FNV-1a. ws__hash_more(ws__hash(a, n), b, m) is the hash of a followed by
 * b, so that keys are hashed token by token as they grow. */
#define WS__HASH_INIT 1469598103934665603ULL
static inline uint64_t ws__hash_more(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}
static inline uint64_t ws__hash(const char *s, size_t n)
{
    return ws__hash_more(WS__HASH_INIT, s, n);
}

/* ---- utf8.c: characters ------------------------------------------------ */

/* Decodes one UTF-8 sequence; returns its length (1 for an invalid byte,
 * with *cp = 0xFFFD). */
size_t ws__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Direction a quote mark suggests by its shape: “ opens, ” closes, " may do either. */
typedef enum ws__mark_dir { WS__OPEN, WS__CLOSE, WS__EITHER } ws__mark_dir;

/* What a character becomes when text is normalised: curly quote marks,
 * apostrophes, dashes and unusual spaces become ASCII. */
typedef struct ws__replacement {
    const char *with; /* NULL: kept as it is; "": dropped */
    char mark;        /* '"' or '\'' for a quote mark, else 0 */
    ws__mark_dir dir;
} ws__replacement;
ws__replacement ws__replacement_for(uint32_t cp);

/* The normalised form of a string (invalid UTF-8 becomes U+FFFD), as a
 * new NUL-terminated string, or NULL when memory runs out. */
char *ws__normalise(const char *s, size_t n);

/* ---- wordset.c: sets of words ------------------------------------------ */

/* A set of byte strings, each with a 32-bit value, sized from its
 * contents: an open-addressing table kept at most half full, the words in
 * one pool, so that the whole set is three flat arrays (which the
 * gazetteer cache stores as they are). */
typedef struct ws__wordslot {
    uint32_t hash;
    uint32_t word;  /* offset of the word in the pool + 1; 0 for an empty slot */
    uint32_t len;
    uint32_t value;
} ws__wordslot;

typedef struct ws__wordset {
    ws__wordslot *slots;
    size_t nslots; /* a power of two, or 0 */
    size_t count;
    char *pool;
    size_t pool_len, pool_cap;
    /* A set read from a cache file has its slots and pool in the file's
     * image (ws__cache_read), and is copied out before it is changed. */
    void *image;
} ws__wordset;

/* The slot of the word, added with value 0 when missing (*added then set),
 * or NULL when memory runs out. The pointer is good until the next add. */
uint32_t *ws__wordset_put(ws__wordset *set, const char *s, size_t n, bool *added);
/* Makes room for count words at once: the table is then built without
 * growing; false when memory runs out. */
bool ws__wordset_reserve(ws__wordset *set, size_t count, size_t pool_bytes);
/* The word's value, or NULL when it is not in the set. Inline: the stages
 * ask for nearly every token. */
static inline const uint32_t *ws__wordset_get(const ws__wordset *set, const char *s, size_t n)
{
    if (!set->count)
        return NULL;
    uint64_t h64 = ws__hash(s, n);
    uint32_t h = (uint32_t)(h64 ^ h64 >> 32);
    size_t mask = set->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const ws__wordslot *sl = &set->slots[i];
        if (!sl->word)
            return NULL;
        if (sl->hash == h && sl->len == n && memcmp(set->pool + sl->word - 1, s, n) == 0)
            return &sl->value;
    }
}
void ws__wordset_free(ws__wordset *set);

/* ---- cache.c: binary copies of data files ----------------------------- */

/* The cache file of kind ("gaz") for a folder, and the hash of its
 * sources (dir/names[i]: names, sizes, mtimes); false when caches are off
 * (WHOSAID_NO_CACHE) or cannot be used for it. */
bool ws__cache_identity(const char *kind, const char *dir, const char *const *names, size_t n,
                        char *path, size_t cap, uint64_t *sources);
/* A fast checksum (several GB/s), against damage, not attack. */
uint64_t ws__cache_checksum(const unsigned char *p, size_t n);
/* A cache file read whole, into memory of its own (free it with free()),
 * or NULL when it cannot be read or is shorter than min_len. */
unsigned char *ws__cache_read(const char *path, size_t min_len, size_t *len);
/* A word set read from one file of a folder: taken from its cache when
 * the cache is good (then true), for an empty set only. */
bool ws__cache_load_words(ws__wordset *set, const char *dir, const char *file);
/* Writes that cache; best effort: a cache not written only costs time. */
void ws__cache_save_words(const ws__wordset *set, const char *dir, const char *file);

#endif /* WS_BASE_H */
