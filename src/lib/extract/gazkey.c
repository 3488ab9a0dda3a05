/*
 * gazkey.c - the out-of-line parts of gazkey.h: long words, and words that
 * are not ASCII, hashed and folded.
 */
#include <string.h>

#include "gazkey.h"

/* The chunks of w[0..n) mixed in turn from n, each folded as ASCII; *high
 * gets whether any byte was not ASCII. */
static uint64_t mix_chunks(const char *w, size_t n, size_t avail, bool *high)
{
    uint64_t h = n, seen = 0;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t chunk = ws__gaz_chunk(w + i, n - i < 8 ? n - i : 8, avail - i);
        seen |= chunk;
        h = ws__gaz_word_mix(h, ws__gaz_fold_ascii(chunk));
    }
    *high = (seen & WS__HIGH_BYTES) != 0;
    return h;
}

uint64_t ws__gaz_word_hash_long(const char *w, size_t n, size_t avail)
{
    bool high;
    uint64_t h = mix_chunks(w, n, avail, &high);
    if (!high)
        return h;
    /* Latin-1 capitals too: the word hashed again, folded as ws__fold folds it */
    char folded[WS__KEY_MAX + 8];
    ws__fold(w, n, folded, sizeof folded);
    return mix_chunks(folded, n, sizeof folded, &high);
}

void ws__gaz_fold_word_long(char *out, const char *w, size_t n, size_t avail)
{
    for (size_t i = 0; i < n; i += 8) {
        uint64_t chunk = ws__gaz_chunk(w + i, n - i < 8 ? n - i : 8, avail - i);
        if (chunk & WS__HIGH_BYTES) {
            ws__fold(w, n, out, n + 1); /* Latin-1 capitals too */
            return;
        }
        chunk = ws__gaz_fold_ascii(chunk);
        memcpy(out + i, &chunk, 8);
    }
}
