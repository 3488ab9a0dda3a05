/*
 * json_bytes.h - which bytes of a JSON string stand for themselves, eight
 * at a time: the test that the JSON writer and the CLI's JSON Lines reader
 * share. Header-only, as the CLI sees none of the library's internal
 * symbols.
 */
#ifndef WS_JSON_BYTES_H
#define WS_JSON_BYTES_H

#include <stddef.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Bit 7 set in each byte of w that does not stand for itself (a control
 * character, '"', '\\' or a byte from 0x80 on), and in no byte before the
 * first such one. Bytes below 0x80 minus 0x20 (or xor'ed with '"' or '\\',
 * minus 1) reach bit 7 only from a byte that is itself special, or by a
 * borrow, which moves towards the word's high end: the test is exact for
 * the word, and, little-endian, for its first special byte. */
static inline uint64_t ws_json_special_bytes(uint64_t w)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
    uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');

    return (w | (w - ones * 0x20) | (quote - ones) | (backslash - ones)) & highs;
}

/* How many of the 8 bytes of w, from the first, stand for themselves: 8,
 * or where the first other one is (0 where that is not known cheaply, for
 * the caller to go a byte at a time). */
static inline size_t ws_json_plain_bytes(uint64_t w)
{
    uint64_t special = ws_json_special_bytes(w);

    if (!special)
        return 8;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    return (size_t)__builtin_ctzll(special) / 8;
#else
    return 0;
#endif
}

#ifdef __SSE2__
/* As ws_json_plain_bytes, for the 16 bytes of v: 16, or where the first
 * other one is. Compared as signed, the bytes from 0x80 on are below 0x20
 * with the control characters. */
static inline size_t ws_json_plain_bytes16(__m128i v)
{
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"')), backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    __m128i special = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_or_si128(quote, backslash));
    unsigned mask = (unsigned)_mm_movemask_epi8(special);

    if (!mask)
        return 16;
#ifdef __GNUC__
    return (size_t)__builtin_ctz(mask);
#else
    return 0;
#endif
}
#endif

#endif
