/*
 * utf8.h - the check of one UTF-8 sequence that the normalised view, the
 * JSON writer, the web page reader and the CLI's JSON Lines reader share. Header-only, as the
 * CLI sees none of the library's internal symbols.
 */
#ifndef WS_UTF8_H
#define WS_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 character at s[0..n) whose first byte is not
 * ASCII, or 0 when it is none: a stray continuation byte, an overlong
 * form, a UTF-16 surrogate or a code point past U+10FFFF (RFC 3629, which
 * jansson follows too). */
static inline size_t ws_utf8_seq_len(const unsigned char *s, size_t n)
{
    size_t len = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
               : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;

    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

#endif
