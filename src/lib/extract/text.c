/*
 * text.c - UTF-8 validation and the normalised view.
 *
 * Later stages read a normalised copy of the document in which every quote
 * mark, apostrophe, dash and unusual space is plain ASCII, so that they can
 * compare bytes instead of decoding. A sparse map takes every normalised
 * position back to the original byte offset; it has one entry per change of
 * length, so it costs nothing for ordinary text.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

void ws__text_free(ws__text *t)
{
    free(t->norm);
    free(t->shift_at);
    free(t->shift);
    free(t->marks);
    free(t->invalid);
    memset(t, 0, sizeof *t);
}

static bool record_shift(ws__text *t, size_t npos, size_t opos)
{
    size_t cap = t->shift_cap;
    if (!ws__grow(&t->shift_at, &cap, t->nshift + 1, sizeof *t->shift_at))
        return false;
    cap = t->shift_cap;
    if (!ws__grow(&t->shift, &cap, t->nshift + 1, sizeof *t->shift))
        return false;
    t->shift_cap = cap;
    t->shift_at[t->nshift] = npos;
    t->shift[t->nshift] = (ptrdiff_t)opos - (ptrdiff_t)npos;
    t->nshift++;
    return true;
}

/* How many bytes at the start of s[0..n) are plain ASCII of the usual
 * kinds, in a row: a space, or from '(' (past the quote marks) to DEL, and
 * newlines too where that costs nothing. Most text is: sixteen bytes at a
 * time with SSE2, else eight. */
static inline size_t plain_run(const unsigned char *s, size_t n)
{
    size_t k = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    /* as signed bytes, those past ASCII are below '(' */
    const __m128i below = _mm_set1_epi8('(' - 1), space = _mm_set1_epi8(' '), newline = _mm_set1_epi8('\n');
    for (; k + 16 <= n; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
        __m128i plain = _mm_or_si128(_mm_cmpgt_epi8(v, below),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, newline)));
        unsigned mask = (unsigned)_mm_movemask_epi8(plain);
        if (mask != 0xFFFF)
            return k + (size_t)__builtin_ctz(~mask);
    }
#endif
    const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
    for (; k + 8 <= n; k += 8) {
        uint64_t w;
        memcpy(&w, s + k, 8);
        /* carries run up from bytes past ASCII and borrows from spaces, so
         * bytes before the first one marked are judged right (a borrow can
         * only pass a '!', which is plain too) */
        uint64_t from_paren = w + ones * (0x80 - '(');
        uint64_t x = w ^ ones * ' ';
        uint64_t spaces = (x - ones) & ~x;
        uint64_t other = (~(from_paren | spaces) | w) & high;
        if (other) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
            return k + (size_t)__builtin_ctzll(other) / 8;
#else
            break; /* the bytes one at a time */
#endif
        }
    }
    while (k < n && (s[k] == ' ' || s[k] == '\n' || (s[k] >= '(' && s[k] < 0x80)))
        k++;
    return k;
}

/* An ASCII byte the normalised view keeps: not a quote mark and not a
 * space other than ' ' and newline. */
static bool is_plain_byte(unsigned char c)
{
    return c < 0x80 && c != '"' && c != '\'' && c != '\r' && c != '\t' && c != '\v' && c != '\f';
}

/* Two single marks written as one double mark: ''…'' in plain-text news
 * feeds (and ‘‘…’’) stand for “…”. Returns the bytes the pair takes at
 * s[i] (each mark is n bytes), or 0. Of three in a row, the double mark
 * is the outer pair: the first two open (''' Tis), the last two close
 * ('no,'''), so the single mark inside stays single. */
static size_t doubled_single(const unsigned char *s, size_t len, size_t i, size_t n)
{
    size_t first = i, run = 0;
    while (first >= n && memcmp(s + first - n, s + i, n) == 0)
        first -= n;
    while (first + (run + 1) * n <= len && memcmp(s + first + run * n, s + i, n) == 0)
        run++;
    bool opening = first == 0 || s[first - 1] == ' ' || s[first - 1] == '\n';
    size_t at = (i - first) / n;
    if ((run == 2 && at == 0) || (run == 3 && at == (opening ? 0u : 1u)))
        return 2 * n;
    return 0;
}

ws_status ws__text_init(ws__text *t, const char *src, size_t len, ws_error *err)
{
    memset(t, 0, sizeof *t);
    t->orig_len = len;
    /* An invalid byte grows to three (U+FFFD); nothing else grows. */
    if (len > (SIZE_MAX - 1) / 3)
        return ws__fail(err, WS_ERR_LIMIT, NULL, 0, -1, "document too large");
    t->norm = malloc(len * 3 + 1);
    if (!t->norm)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory normalising the document");

    const unsigned char *s = (const unsigned char *)src;
    size_t i = 0, o = 0;
    while (i < len) {
        /* most text is a run of ASCII that stays as it is: copy it whole;
         * past a byte plain_run does not take (a '$'), many at a time again */
        size_t run = i;
        for (;;) {
            run += plain_run(s + run, len - run);
            if (run >= len || !is_plain_byte(s[run]))
                break;
            run++;
        }
        if (run > i) {
            memcpy(t->norm + o, s + i, run - i);
            o += run - i;
            i = run;
            continue;
        }
        uint32_t cp;
        size_t n = ws__utf8_decode(s + i, len - i, &cp);
        ws__replacement r = ws__replacement_for(cp);
        if (r.mark == '\'') {
            size_t pair = doubled_single(s, len, i, n);
            if (pair) {
                n = pair;
                r = (ws__replacement){"\"", '"', r.dir};
            }
        }
        if (cp == 0xFFFD && n == 1) {
            if (!ws__grow(&t->invalid, &t->invalid_cap, t->ninvalid + 1, sizeof *t->invalid))
                goto nomem;
            t->invalid[t->ninvalid++] = (long long)i;
            r.with = "\xEF\xBF\xBD";
        }
        if (r.mark) {
            if (!ws__grow(&t->marks, &t->marks_cap, t->nmarks + 1, sizeof *t->marks))
                goto nomem;
            t->marks[t->nmarks++] = (ws__mark){o, r.mark, r.dir};
        }
        if (!r.with) {
            memcpy(t->norm + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        size_t wl = strlen(r.with);
        memcpy(t->norm + o, r.with, wl);
        o += wl;
        i += n;
        if (wl != n && !record_shift(t, o, i))
            goto nomem;
    }
    t->norm[o] = '\0';
    t->len = o;
    char *fit = realloc(t->norm, o + 1); /* give back the room kept for U+FFFD */
    if (fit)
        t->norm = fit;
    return WS_OK;
nomem:
    ws__text_free(t);
    return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory normalising the document");
}

size_t ws__text_to_orig(const ws__text *t, size_t npos)
{
    /* Last shift recorded at or before npos. */
    size_t lo = 0, hi = t->nshift;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->shift_at[mid] <= npos)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return npos;
    return (size_t)((ptrdiff_t)npos + t->shift[lo - 1]);
}
