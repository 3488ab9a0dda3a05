/*
 * json_string.c - strings as JSON, as jansson writes them: the same
 * escapes (\" \\ \b \f \n \r \t, \u00XX for other control characters),
 * UTF-8 as it is.
 */
#include <string.h>

#include "json_bytes.h"
#include "json_string.h"
#include "utf8.h"

/* How each byte is written in a JSON string, as jansson writes it: 0 as
 * itself, a letter after a backslash ('u': \u00XX), or, for bytes from
 * 0x80 on, checked as part of a UTF-8 character. */
#define ESC_UTF8 0x80
#define PLAIN_16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define UTF8_16                                                                                    \
    ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8,      \
        ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8
static const unsigned char escapes[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    PLAIN_16,
    PLAIN_16,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0,  0,   0,
    PLAIN_16,
    PLAIN_16,
    UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16,
};

/* The k (1 to 7) bytes at p followed by spaces, which need no escape, as
 * one word: a string's last bytes, read without reading past them. */
static inline uint64_t last_word(const unsigned char *p, size_t k)
{
    unsigned char bytes[8];
    uint64_t word;

    memset(bytes, ' ', sizeof bytes);
    if (k >= 4) {
        memcpy(bytes, p, 4);
        memcpy(bytes + k - 4, p + k - 4, 4);
    } else {
        bytes[0] = p[0];
        bytes[k / 2] = p[k / 2];
        bytes[k - 1] = p[k - 1];
    }
    memcpy(&word, bytes, sizeof word);
    return word;
}

/* Writes the character at *in that ws_json_plain_bytes did not pass at o, and
 * moves both past it. */
static inline void escape_char(char **o, const unsigned char **in, const unsigned char *end)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned char c = **in, esc = escapes[c];
    size_t len = 1;

    if (!esc) {
        *(*o)++ = (char)c;
    } else if (esc != ESC_UTF8) {
        char seq[6] = {'\\', (char)esc, '0', '0', hex[c >> 4], hex[c & 0xF]};
        memcpy(*o, seq, sizeof seq);
        *o += esc == 'u' ? 6 : 2;
    } else if ((len = ws_utf8_seq_len(*in, (size_t)(end - *in))) > 0) {
        /* 2 to 4 bytes: the first two and the last two */
        memcpy(*o, *in, 2);
        memcpy(*o + len - 2, *in + len - 2, 2);
        *o += len;
    } else {
        memcpy(*o, "\xEF\xBF\xBD", 3);
        *o += 3;
        len = 1;
    }
    *in += len;
}

/* Copies the block at in to o; returns how many of its bytes, from the
 * first, stand for themselves (see ws_json_plain_bytes). */
static inline size_t copy_block(char *o, const unsigned char *in)
{
#ifdef __SSE2__
    __m128i block = _mm_loadu_si128((const __m128i *)(const void *)in);

    _mm_storeu_si128((__m128i *)(void *)o, block);
    return ws_json_plain_bytes16(block);
#else
    uint64_t word;

    memcpy(&word, in, sizeof word);
    memcpy(o, &word, sizeof word);
    return ws_json_plain_bytes(word);
#endif
}

/* Strings from outside the library's own data (ids and origins from file
 * names, messages cut to fit ws_error) may not be valid UTF-8, which JSON
 * strings must be: invalid bytes become U+FFFD, as they do in document
 * text. ASCII that needs no escape, most of any text, is copied a block at
 * a time, a string's last bytes too: a block is written whole and the
 * output moves on by its plain bytes, so a block's bytes after an escape
 * are written again from where it left off, and a block's bytes past the
 * string count only where they are not before its first special byte. The
 * last bytes, where less than a block is readable, go as a word. */
char *ws__json_escape(char *o, const char *s, size_t n, size_t readable)
{
    const unsigned char *in = (const unsigned char *)s, *end = in + n;
    /* before these, a block or a word read is whole */
    const unsigned char *blocks_end = in + (readable >= WS__JSON_BLOCK_SIZE ? readable + 1 - WS__JSON_BLOCK_SIZE : 0);
    const unsigned char *words_end = in + (readable >= 8 ? readable + 1 - 8 : 0);

    *o++ = '"';
    while (in < end) {
        size_t left = (size_t)(end - in), plain, size = WS__JSON_BLOCK_SIZE;

        if (in < blocks_end) {
            plain = copy_block(o, in);
        } else {
            uint64_t word;

            if (in < words_end)
                memcpy(&word, in, sizeof word);
            else
                word = last_word(in, left);
            memcpy(o, &word, sizeof word);
            plain = ws_json_plain_bytes(word);
            size = sizeof word;
        }
        if (plain >= left) {
            o += left;
            break;
        }
        o += plain;
        in += plain;
        if (plain < size)
            escape_char(&o, &in, end);
    }
    *o++ = '"';
    return o;
}
