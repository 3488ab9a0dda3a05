/*
 * wordset.c - small fixed sets of words (speech verbs, titles, calendar
 * words), looked up in constant time.
 *
 * The stages ask "is this token one of these words?" for most tokens, and a
 * scan of a list of two hundred verbs was a visible share of the run time.
 * A set is declared as a static next to its list and builds its hash table
 * on first use; a set is read by every worker thread, so the build is
 * guarded by an atomic state rather than a lock on every lookup.
 */
#include <string.h>

#include "internal.h"

enum { UNBUILT, BUILDING, BUILT };

static size_t slot_of(const char *s, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h & (WS__WORDSET_SLOTS - 1);
}

static void build(ws__wordset *set)
{
    int expected = UNBUILT;
    if (!atomic_compare_exchange_strong(&set->state, &expected, BUILDING)) {
        while (atomic_load_explicit(&set->state, memory_order_acquire) != BUILT)
            ; /* another thread is building: a few hundred insertions */
        return;
    }
    for (size_t w = 0; w < set->count; w++) {
        size_t i = slot_of(set->words[w], strlen(set->words[w]));
        while (set->slot[i])
            i = (i + 1) & (WS__WORDSET_SLOTS - 1);
        set->slot[i] = (uint16_t)(w + 1);
    }
    atomic_store_explicit(&set->state, BUILT, memory_order_release);
}

bool ws__wordset_has(ws__wordset *set, const char *s, size_t n)
{
    if (atomic_load_explicit(&set->state, memory_order_acquire) != BUILT)
        build(set);
    for (size_t i = slot_of(s, n); set->slot[i]; i = (i + 1) & (WS__WORDSET_SLOTS - 1)) {
        const char *w = set->words[set->slot[i] - 1];
        if (strncmp(w, s, n) == 0 && w[n] == '\0')
            return true;
    }
    return false;
}
