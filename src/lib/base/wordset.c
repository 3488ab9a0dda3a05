/*
 * wordset.c - sets of words (speech verbs, titles, given names), looked up
 * in constant time.
 *
 * The stages ask "which word classes is this token in?" for most tokens.
 * A set is built once, when its lists are loaded, and only read after
 * that, so threads share it without locks. It grows by doubling and stays
 * at most half full, so a probe ends after a slot or two.
 */
#include <stdlib.h>
#include <string.h>

#include "base.h"

static uint32_t hash_of(const char *s, size_t n)
{
    uint64_t h = ws__hash(s, n);
    return (uint32_t)(h ^ h >> 32);
}

static size_t find(const ws__wordslot *slots, size_t nslots, const char *pool, uint32_t h,
                   const char *s, size_t n)
{
    size_t mask = nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const ws__wordslot *sl = &slots[i];
        if (!sl->word || (sl->hash == h && sl->len == n && memcmp(pool + sl->word - 1, s, n) == 0))
            return i;
    }
}

static bool rehash(ws__wordset *set, size_t nslots)
{
    ws__wordslot *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < set->nslots; i++) {
        const ws__wordslot *sl = &set->slots[i];
        if (!sl->word)
            continue;
        size_t j = sl->hash & (nslots - 1);
        while (slots[j].word)
            j = (j + 1) & (nslots - 1);
        slots[j] = *sl;
    }
    free(set->slots);
    set->slots = slots;
    set->nslots = nslots;
    return true;
}

/* A set read from its cache gets arrays of its own, so that it can change. */
static bool own_arrays(ws__wordset *set)
{
    ws__wordslot *slots = malloc(set->nslots * sizeof *slots);
    char *pool = malloc(set->pool_len + 1);
    if (!slots || !pool) {
        free(slots);
        free(pool);
        return false;
    }
    memcpy(slots, set->slots, set->nslots * sizeof *slots);
    memcpy(pool, set->pool, set->pool_len);
    free(set->image);
    set->image = NULL;
    set->slots = slots;
    set->pool = pool;
    set->pool_cap = set->pool_len + 1;
    return true;
}

bool ws__wordset_reserve(ws__wordset *set, size_t count, size_t pool_bytes)
{
    if (set->image && !own_arrays(set))
        return false;
    size_t nslots = set->nslots ? set->nslots : 64;
    while (nslots < (set->count + count) * 2)
        nslots *= 2;
    return (nslots == set->nslots || rehash(set, nslots)) &&
           ws__grow(&set->pool, &set->pool_cap, set->pool_len + pool_bytes, 1);
}

uint32_t *ws__wordset_put(ws__wordset *set, const char *s, size_t n, bool *added)
{
    *added = false;
    if (set->image && !own_arrays(set))
        return NULL;
    if (n >= UINT32_MAX || (set->count + 1) * 2 > set->nslots) {
        if (n >= UINT32_MAX || !rehash(set, set->nslots ? set->nslots * 2 : 64))
            return NULL;
    }
    uint32_t h = hash_of(s, n);
    ws__wordslot *sl = &set->slots[find(set->slots, set->nslots, set->pool, h, s, n)];
    if (sl->word)
        return &sl->value;
    if (set->pool_len + n + 1 >= UINT32_MAX ||
        !ws__grow(&set->pool, &set->pool_cap, set->pool_len + n + 1, 1))
        return NULL;
    memcpy(set->pool + set->pool_len, s, n);
    set->pool[set->pool_len + n] = '\0';
    *sl = (ws__wordslot){h, (uint32_t)set->pool_len + 1, (uint32_t)n, 0};
    set->pool_len += n + 1;
    set->count++;
    *added = true;
    return &sl->value;
}

void ws__wordset_free(ws__wordset *set)
{
    if (set->image) {
        free(set->image);
        memset(set, 0, sizeof *set);
        return;
    }
    free(set->slots);
    free(set->pool);
    memset(set, 0, sizeof *set);
}
