/*
 * gazkey.h - the gazetteer filter's hash of a key, word by word, shared by
 * gazetteer.c, which fills the filter, and match.c, which asks it.
 *
 * A key's filter hash is ws__gaz_filter_more over the hashes of its words
 * in turn, from WS__GAZ_FILTER_INIT, so that the matcher hashes each word
 * of a window once, eight bytes at a time, folding it as it reads it,
 * rather than folding the document and hashing keys byte by byte. A word is
 * hashed as ws__fold folds it. The key table keeps ws__hash of the whole
 * key, which the other stages' lookups use.
 */
#ifndef WS_GAZKEY_H
#define WS_GAZKEY_H

#include "extract.h"

#define WS__GAZ_FILTER_INIT 0x243F6A8885A308D3u
#define WS__HIGH_BYTES 0x8080808080808080u

/* The first n (at most 8) bytes at w, and zeros; avail >= n bytes may be
 * read at w, and with eight of them the chunk is read whole and masked
 * rather than copied. */
static inline uint64_t ws__gaz_chunk(const char *w, size_t n, size_t avail)
{
    uint64_t chunk, mask;
    if (avail >= 8) {
        memcpy(&chunk, w, 8);
        memcpy(&mask, ws__word_head_keep + WS__WORD_HEAD - n, 8);
        return chunk & mask;
    }
    unsigned char buf[8] = {0};
    memcpy(buf, w, n);
    memcpy(&chunk, buf, 8);
    return chunk;
}

/* A chunk of ASCII folded as ws__fold folds it: 0x20 added to each byte in A..Z. */
static inline uint64_t ws__gaz_fold_ascii(uint64_t chunk)
{
    const uint64_t ones = 0x0101010101010101u;
    return chunk | ((chunk + ones * (0x80 - 'A')) & ~(chunk + ones * (0x80 - 'Z' - 1)) & WS__HIGH_BYTES) >> 2;
}

static inline uint64_t ws__gaz_word_mix(uint64_t h, uint64_t chunk)
{
    h = (h ^ chunk) * 0x9E3779B97F4A7C15u;
    return h ^ h >> 32;
}

/* The hash of the word w[0..n) folded: its chunks mixed in turn, from n.
 * ws__gaz_word_hash is the inline part, for a short word of ASCII, nearly
 * every one; avail >= n bytes may be read at w, and n < WS__KEY_MAX. */
uint64_t ws__gaz_word_hash_long(const char *w, size_t n, size_t avail);
static inline uint64_t ws__gaz_word_hash(const char *w, size_t n, size_t avail)
{
    uint64_t chunk = n <= 8 ? ws__gaz_chunk(w, n, avail) : WS__HIGH_BYTES;
    return chunk & WS__HIGH_BYTES ? ws__gaz_word_hash_long(w, n, avail)
                                  : ws__gaz_word_mix(n, ws__gaz_fold_ascii(chunk));
}

/* Folds the word w[0..n) into out as ws__fold does, but without the NUL:
 * out has room for n + 8 bytes, avail >= n bytes may be read at w, and
 * n < WS__KEY_MAX. The inline part is for a short word of ASCII. */
void ws__gaz_fold_word_long(char *out, const char *w, size_t n, size_t avail);
static inline void ws__gaz_fold_word(char *out, const char *w, size_t n, size_t avail)
{
    uint64_t chunk = n <= 8 ? ws__gaz_chunk(w, n, avail) : WS__HIGH_BYTES;
    if (chunk & WS__HIGH_BYTES) {
        ws__gaz_fold_word_long(out, w, n, avail);
        return;
    }
    chunk = ws__gaz_fold_ascii(chunk);
    memcpy(out, &chunk, 8);
}

/* The filter hash of key h followed by a word whose ws__gaz_word_hash is word. */
static inline uint64_t ws__gaz_filter_more(uint64_t h, uint64_t word)
{
    h = (h ^ word) * 0xC2B2AE3D27D4EB4Fu;
    return h ^ h >> 29;
}

#endif
