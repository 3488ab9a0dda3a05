/*
 * json_string.h - strings as JSON, as jansson writes them (json_string.c):
 * the escaping that most bytes of a JSON Lines record go through.
 */
#ifndef WS_JSON_STRING_H
#define WS_JSON_STRING_H

#include <stddef.h>
#include <stdint.h>

/* Plain bytes are copied a block at a time: 16 with SSE2, else a 64-bit
 * word. */
#ifdef __SSE2__
#define WS__JSON_BLOCK_SIZE 16
#else
#define WS__JSON_BLOCK_SIZE 8
#endif

/* The room a string of n bytes takes escaped: 6 bytes a byte (\u00XX),
 * the quotes, and a block to write its last one whole. In 64 bits, which
 * no sum of a few of them overflows even where size_t is 32. */
#define WS__JSON_ESCAPED_MAX(n) (6 * (uint64_t)(n) + 2 + WS__JSON_BLOCK_SIZE)

/* Writes s[0..n) as a JSON string, quotes included, at o, which has room
 * for WS__JSON_ESCAPED_MAX(n) bytes, and returns its end. The readable
 * bytes from s on (at least n) may be read, not written: a string cut from
 * a longer text is read by whole blocks up to its end. Invalid UTF-8
 * becomes U+FFFD. */
char *ws__json_escape(char *o, const char *s, size_t n, size_t readable);

#endif
