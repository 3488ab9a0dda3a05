/*
 * utf8.c - decoding UTF-8, and the characters that text normalisation
 * replaces (quote marks, dashes and spaces to ASCII), which the normalised
 * view of a document (extract/text.c) and the quote database's folding of
 * quote text (db/cluster.c) share.
 */
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "utf8.h"

size_t ws__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len = ws_utf8_seq_len(s, n);
    if (len == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t v = s[0] & (0x7F >> len); /* the lead byte's payload bits */
    for (size_t i = 1; i < len; i++)
        v = (v << 6) | (s[i] & 0x3F);
    *cp = v;
    return len;
}

ws__replacement ws__replacement_for(uint32_t cp)
{
    ws__replacement r = {NULL, 0, WS__EITHER};
    switch (cp) {
    case '"': r.mark = '"'; break;
    case '\'': r.mark = '\''; break;
    case 0x201C: case 0x201E: case 0x201F: case 0x00AB:
        r.with = "\"", r.mark = '"', r.dir = WS__OPEN; break;
    case 0x201D: case 0x00BB:
        r.with = "\"", r.mark = '"', r.dir = WS__CLOSE; break;
    case 0x2018: case 0x201A: case 0x201B: case 0x2039:
        r.with = "'", r.mark = '\'', r.dir = WS__OPEN; break;
    case 0x2019: case 0x203A:
        r.with = "'", r.mark = '\'', r.dir = WS__CLOSE; break;
    case 0x2032: case 0x02BC: /* prime and modifier apostrophe: never quote marks */
        r.with = "'"; break;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        r.with = "-"; break;
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004:
    case 0x2005: case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A:
    case 0x202F: case 0x205F: case 0x3000: case '\r': case '\t': case '\v': case '\f':
        r.with = " "; break;
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD:
        r.with = ""; break; /* invisible: zero-width spaces, BOM, soft hyphen */
    case 0x2026:
        r.with = "..."; break;
    case 0x2028: case 0x2029:
        r.with = "\n"; break;
    default: break;
    }
    return r;
}

char *ws__normalise(const char *s, size_t n)
{
    /* an invalid byte grows to three (U+FFFD); nothing else grows */
    if (n > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = ws__utf8_decode(p + i, n - i, &cp);
        const char *with = cp == 0xFFFD && len == 1 ? "\xEF\xBF\xBD" : ws__replacement_for(cp).with;
        if (!with) {
            memcpy(o, p + i, len);
            o += len;
        } else {
            size_t wl = strlen(with);
            memcpy(o, with, wl);
            o += wl;
        }
        i += len;
    }
    *o = '\0';
    return out;
}
