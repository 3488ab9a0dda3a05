/*
 * segment.c - paragraphs, sentences and tokens of the normalised view.
 *
 * A paragraph is a line (scraped news puts one paragraph per line; blank
 * lines are skipped). Sentences end at . ! ? (and the closing marks right
 * after them) unless the word before the period is an abbreviation such as
 * Mr., Gov., Lt. Gen., U.S. or an initial.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* What each byte is, by table: the tokeniser asks for every byte. */
enum { B_SPACE = 1, B_SMALL = 2, B_CAPITAL = 4, B_DIGIT = 8, B_HIGH = 16 };
#define B_ALPHA (B_SMALL | B_CAPITAL | B_HIGH)
#define B_ALNUM (B_ALPHA | B_DIGIT)

static const unsigned char byte_class[256] = {
    [' '] = B_SPACE, ['\n'] = B_SPACE,
    ['0'] = B_DIGIT, ['1'] = B_DIGIT, ['2'] = B_DIGIT, ['3'] = B_DIGIT, ['4'] = B_DIGIT,
    ['5'] = B_DIGIT, ['6'] = B_DIGIT, ['7'] = B_DIGIT, ['8'] = B_DIGIT, ['9'] = B_DIGIT,
#define SMALL(c) [c] = B_SMALL, [c - 32] = B_CAPITAL
    SMALL('a'), SMALL('b'), SMALL('c'), SMALL('d'), SMALL('e'), SMALL('f'), SMALL('g'), SMALL('h'), SMALL('i'),
    SMALL('j'), SMALL('k'), SMALL('l'), SMALL('m'), SMALL('n'), SMALL('o'), SMALL('p'), SMALL('q'), SMALL('r'),
    SMALL('s'), SMALL('t'), SMALL('u'), SMALL('v'), SMALL('w'), SMALL('x'), SMALL('y'), SMALL('z'),
#undef SMALL
#define HIGH16(c) [c] = B_HIGH, [c + 1] = B_HIGH, [c + 2] = B_HIGH, [c + 3] = B_HIGH, [c + 4] = B_HIGH, \
    [c + 5] = B_HIGH, [c + 6] = B_HIGH, [c + 7] = B_HIGH, [c + 8] = B_HIGH, [c + 9] = B_HIGH, [c + 10] = B_HIGH, \
    [c + 11] = B_HIGH, [c + 12] = B_HIGH, [c + 13] = B_HIGH, [c + 14] = B_HIGH, [c + 15] = B_HIGH
    HIGH16(0x80), HIGH16(0x90), HIGH16(0xA0), HIGH16(0xB0), HIGH16(0xC0), HIGH16(0xD0), HIGH16(0xE0), HIGH16(0xF0),
#undef HIGH16
};

static inline bool is_alnum_byte(unsigned char c)
{
    return byte_class[c] & B_ALNUM;
}

static inline bool is_alpha_byte(unsigned char c)
{
    return byte_class[c] & B_ALPHA;
}

static inline bool is_digit_byte(unsigned char c)
{
    return byte_class[c] & B_DIGIT;
}

/* letter_case beyond ASCII: Latin-1, Latin Extended-A, Greek and Cyrillic,
 * which is what names in English news are written in. */
static int letter_case_utf8(const char *s, size_t n)
{
    uint32_t cp;
    ws__utf8_decode((const unsigned char *)s, n, &cp);
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
        (cp >= 0x400 && cp <= 0x42F))
        return 1;
    if ((cp >= 0xDF && cp <= 0xFF && cp != 0xF7) || (cp >= 0x3B1 && cp <= 0x3C9) ||
        (cp >= 0x430 && cp <= 0x45F))
        return -1;
    /* Latin Extended-A pairs capital and small letter, the capital first;
     * the pairs start on an odd code point from Ĺ to ň and from Ź to ž,
     * and ĸ, ŉ and ſ have no capital */
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
        return -1;
    if (cp == 0x178)
        return 1; /* Ÿ, whose small letter is in Latin-1 */
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return (cp & 1) ? 1 : -1;
    if (cp >= 0x100 && cp <= 0x17F)
        return (cp & 1) ? -1 : 1;
    return 0;
}

/* Case of the letter starting at s: 1 upper, -1 lower, 0 neither. */
static inline int letter_case(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z')
        return 1;
    if (c >= 'a' && c <= 'z')
        return -1;
    return c < 0x80 ? 0 : letter_case_utf8(s, n);
}

size_t ws__fold(const char *s, size_t n, char *buf, size_t cap)
{
    size_t len = n < cap ? n : cap - 1; /* folding keeps the length; room for the NUL */
    const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
    for (size_t i = 0; i < len; i++) {
        /* eight ASCII bytes at once: 0x20 added to each byte in A..Z */
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, s + i, 8), (w & high) == 0)) {
            uint64_t upper = (w + ones * (0x80 - 'A')) & ~(w + ones * (0x80 - 'Z' - 1)) & high;
            w |= upper >> 2;
            memcpy(buf + i, &w, 8);
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = (unsigned char)s[i];
        if ((unsigned)(c - 'A') < 26u) {
            c = (unsigned char)(c + 32);
        } else if (c == 0xC3 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9E && (unsigned char)s[i + 1] != 0x97) {
            /* Latin-1 capitals (À..Þ) to small letters */
            buf[i++] = (char)c;
            c = (unsigned char)(s[i] + 0x20);
        }
        buf[i] = (char)c;
    }
    buf[len] = '\0';
    return len;
}

/* How many bytes at the start of s[0..n) are small ASCII letters: most
 * of a text's bytes are, and a byte at a time is what makes tokenising
 * slow. Sixteen bytes at a time with SSE2, else eight. */
static inline size_t small_letter_run(const char *s, size_t n)
{
    size_t k = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    /* moved by 0x80 - 'a', the small letters are the bytes below 0x80 + 26 as signed */
    const __m128i move = _mm_set1_epi8((char)(0x80 - 'a')), limit = _mm_set1_epi8((char)(0x80 + 26));
    for (; k + 16 <= n; k += 16) {
        __m128i v = _mm_add_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + k)), move);
        unsigned small = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, limit));
        if (small != 0xFFFF)
            return k + (size_t)__builtin_ctz(~small);
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
    for (; k + 8 <= n; k += 8) {
        uint64_t w;
        memcpy(&w, s + k, 8);
        uint64_t x = w & ~high; /* no carries from byte to byte below */
        uint64_t small = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'z' - 1)) & ~w & high;
        if (small != high)
            return k + (size_t)__builtin_ctzll(~small & high) / 8;
    }
#endif
    while (k < n && (unsigned)(s[k] - 'a') < 26u)
        k++;
    return k;
}

/* Does the apostrophe at s[i], after a letter, join it to the letters after
 * it (it's, O'Brien)? Not when it starts a possessive 's or closes a quote. */
static inline bool apostrophe_joins(const char *s, size_t len, size_t i)
{
    return i + 1 < len && is_alpha_byte((unsigned char)s[i + 1]) &&
           !((s[i + 1] == 's' || s[i + 1] == 'S') && (i + 2 >= len || !is_alnum_byte((unsigned char)s[i + 2])));
}

/* Does the byte s[n] end the word s[0..n) of a letter and small letters?
 * Spaces and most marks do; an apostrophe may join more, and a period an
 * initial to more ("U.S."), which scan_word tells. */
static inline bool ends_plain_word(const char *s, size_t avail, size_t n)
{
    unsigned char d = (unsigned char)s[n];
    return !is_alnum_byte(d) && (d != '\'' || !apostrophe_joins(s, avail, n)) && (d != '.' || n > 1);
}

/* The length of the word at s[0..avail) if it is a letter and small ASCII
 * letters up to a byte that ends it, as most words are, with its head
 * (ws__word_head) into head; else 0. s[0] is an ASCII letter. */
static inline size_t plain_word(const char *s, size_t avail, uint64_t head[2])
{
#if defined(__SSE2__) && defined(__GNUC__)
    /* one load for the letters, the byte after them and the head */
    if (avail >= WS__WORD_HEAD) {
        const __m128i move = _mm_set1_epi8((char)(0x80 - 'a')), limit = _mm_set1_epi8((char)(0x80 + 26));
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
        unsigned small = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(_mm_add_epi8(v, move), limit));
        size_t n = (size_t)__builtin_ctz(~(small | 1));
        if (n < WS__WORD_HEAD) { /* longer words go the plain way below */
            if (!ends_plain_word(s, avail, n))
                return 0;
            __m128i keep = _mm_loadu_si128((const __m128i *)(const void *)(ws__word_head_keep + WS__WORD_HEAD - n));
            _mm_storeu_si128((__m128i *)(void *)head, _mm_and_si128(v, keep));
            return n;
        }
    }
#endif
    size_t n = 1 + small_letter_run(s + 1, avail - 1);
    if (n < avail && !ends_plain_word(s, avail, n))
        return 0;
    ws__word_head(s, n, avail, head);
    return n;
}

/* The end of the word starting at b, and its flags (WS__TOK_*) into *flags. */
static inline size_t scan_word(const char *s, size_t len, size_t b, uint16_t *flags)
{
    size_t i = b;
    unsigned char c = (unsigned char)s[b];
    size_t letters = 0, upper = 0;
    while (i < len) {
        unsigned char d = (unsigned char)s[i];
        unsigned char cls = byte_class[d];
        if (cls == B_SMALL) {
            size_t run = small_letter_run(s + i, len - i);
            letters += run;
            i += run;
            continue;
        }
        if (cls == B_CAPITAL) { /* the other common case, without decoding */
            letters++;
            upper++;
            i++;
            continue;
        }
        if (cls & B_ALNUM) {
            if (is_alpha_byte(d) && (d < 0x80 || (d & 0xC0) != 0x80)) {
                int lc = letter_case(s + i, len - i);
                letters += lc != 0;
                upper += lc > 0;
            }
            i++;
            continue;
        }
        if (d != '\'' && d != ',' && d != '.')
            break; /* what ends most words: a space */
        bool next_alpha = i + 1 < len && is_alpha_byte((unsigned char)s[i + 1]);
        bool next_digit = i + 1 < len && is_digit_byte((unsigned char)s[i + 1]);
        if (d == '\'' && is_alpha_byte((unsigned char)s[i - 1]) && apostrophe_joins(s, len, i)) {
            i++;
            continue;
        }
        /* 12,000 and 20.06 */
        if ((d == ',' || d == '.') && next_digit && is_digit_byte((unsigned char)s[i - 1])) {
            i++;
            continue;
        }
        /* U.S., U.K.: single letters joined by periods, the last one included */
        if (d == '.' && is_alpha_byte((unsigned char)s[i - 1]) && (i - 1 == b || s[i - 2] == '.')) {
            if (next_alpha && i + 2 < len && s[i + 2] == '.') {
                i++;
                continue;
            }
            if (i - 1 > b) {
                i++;
                break;
            }
        }
        break;
    }
    if (is_digit_byte(c))
        *flags |= WS__TOK_DIGIT;
    int lc = letter_case(s + b, len - b);
    if (lc > 0)
        *flags |= WS__TOK_CAP;
    else if (lc < 0)
        *flags |= WS__TOK_LOWER;
    if (letters >= 2 && upper == letters)
        *flags |= WS__TOK_UPPER;
    return i;
}

/* Scans up to cap tokens from *pos into toks; returns how many, fewer only
 * at the end of the text. Every later pass asks what a word is: its
 * classes are looked up here, when lx is given (no list holds
 * punctuation). One loop over all the tokens, and no call per token.
 * s[len] is a NUL, which stops the spaces' loop: no test of i there. */
static size_t scan_tokens(const ws__lexicon *lx, const char *s, size_t len, size_t *pos, ws__token *toks,
                          size_t cap)
{
    size_t i = *pos, n = 0;
    for (; n < cap; n++) {
        bool space = s[i] == ' '; /* one space before most tokens */
        i += space;
        while (byte_class[(unsigned char)s[i]] & B_SPACE) {
            i++;
            space = true;
        }
        if (i >= len)
            break;
        size_t b = i;
        unsigned char c = (unsigned char)s[i], kind = byte_class[c];
        uint16_t flags = space ? WS__TOK_SPACE_BEFORE : 0;
        uint32_t cls = 0;
        char punct = 0;
        if (kind & B_ALNUM) {
            uint64_t head[2];
            size_t plain = kind & (B_SMALL | B_CAPITAL) ? plain_word(s + b, len - b, head) : 0;
            flags |= WS__TOK_WORD;
            if (plain) {
                flags |= WS__TOK_PLAIN | (kind == B_SMALL ? WS__TOK_LOWER : WS__TOK_CAP);
                i = b + plain;
            } else {
                i = scan_word(s, len, b, &flags);
                ws__word_head(s + b, i - b, len - b, head);
            }
            if (lx)
                cls = ws__word_classes_of_head(lx, head, s + b, i - b);
        } else if (c == '\'' && i + 1 < len && (s[i + 1] == 's' || s[i + 1] == 'S') &&
                   (i + 2 >= len || !is_alnum_byte((unsigned char)s[i + 2])) && i > 0 &&
                   is_alnum_byte((unsigned char)s[i - 1])) {
            i += 2; /* possessive 's is one token, so that "Russia's" matches "Russia" */
        } else {
            punct = (char)c;
            i++;
        }
        ws__token *tok = &toks[n]; /* (its sentence is ws__segment's to set) */
        tok->start = (uint32_t)b;
        tok->end = (uint32_t)i;
        tok->cls = cls;
        tok->flags = flags;
        tok->punct = punct;
    }
    *pos = i;
    return n;
}

/* May a period after this word stand inside a sentence ("Gov.", "Inc.")? */
static bool is_abbreviation(const ws__token *tk, const char *w, size_t n)
{
    if (n == 1 && letter_case(w, n) > 0)
        return true; /* an initial: Dmitri S. Peskov */
    if (tk->cls & WS__W_ABBREVIATION)
        return true;
    /* U.S., U.N.: the token already holds its inner periods */
    return memchr(w, '.', n) != NULL;
}

static bool push_sentence(ws__segments *seg, uint32_t tb, uint32_t te, uint32_t para)
{
    if (te <= tb)
        return true;
    if (!ws__grow(&seg->sents, &seg->sents_cap, seg->nsents + 1, sizeof *seg->sents))
        return false;
    uint32_t idx = (uint32_t)seg->nsents++;
    seg->sents[idx] = (ws__sentence){seg->toks[tb].start, seg->toks[te - 1].end, tb, te, para};
    for (uint32_t k = tb; k < te; k++)
        seg->toks[k].sent = idx;
    return true;
}

static inline bool is_terminator(char punct)
{
    return punct == '.' || punct == '!' || punct == '?';
}

/* Does a sentence end after token k (a terminator) of the paragraph's tokens [.., te)? */
static bool ends_sentence(const char *s, const ws__segments *seg, uint32_t k,
                          uint32_t te, uint32_t *last)
{
    const ws__token *tk = &seg->toks[k];
    if (tk->punct == '.' && k > 0) {
        const ws__token *prev = &seg->toks[k - 1];
        if ((prev->flags & WS__TOK_WORD) && !(tk->flags & WS__TOK_SPACE_BEFORE) &&
            is_abbreviation(prev, s + prev->start, prev->end - prev->start)) {
            /* "Gov." ends a sentence only before something that cannot be a name */
            if (k + 1 < te && !(seg->toks[k + 1].flags & WS__TOK_LOWER))
                return false;
        }
    }
    uint32_t j = k + 1;
    /* closing marks and brackets glued to the terminator stay with the sentence */
    while (j < te && (seg->toks[j].punct == '"' || seg->toks[j].punct == '\'' ||
                      seg->toks[j].punct == ')' || seg->toks[j].punct == '.' ||
                      seg->toks[j].punct == '!' || seg->toks[j].punct == '?') &&
           !(seg->toks[j].flags & WS__TOK_SPACE_BEFORE))
        j++;
    *last = j - 1;
    if (j >= te)
        return true;
    const ws__token *nx = &seg->toks[j];
    return (nx->flags & (WS__TOK_CAP | WS__TOK_DIGIT)) || nx->punct == '"' ||
           nx->punct == '\'' || nx->punct == '(' || nx->punct == '[' ||
           (!(nx->flags & WS__TOK_WORD) && nx->punct == 0);
}

ws_status ws__segment(const ws__lexicon *lx, const ws__text *t, ws__segments *seg, ws_error *err)
{
    memset(seg, 0, sizeof *seg);
    const char *s = t->norm;
    size_t pos = 0;
    /* news has a token every five bytes or so: room for most documents at once */
    size_t room = t->len / 4 + 16;
    do {
        if (!ws__grow(&seg->toks, &seg->toks_cap, seg->ntoks + room, sizeof *seg->toks))
            goto nomem;
        seg->ntoks += scan_tokens(lx, s, t->len, &pos, seg->toks + seg->ntoks, seg->toks_cap - seg->ntoks);
        room = 1;
    } while (seg->ntoks == seg->toks_cap);
    /* one past the last, so that ws__token_at may read on without a test */
    seg->toks[seg->ntoks] = (ws__token){.start = UINT32_MAX, .end = UINT32_MAX};
    /* Positions to tokens by table, not by search: the stages ask often */
    size_t nblocks = (t->len >> WS__BLOCK_BITS) + 1;
    if (!(seg->block_tok = malloc(nblocks * sizeof *seg->block_tok)))
        goto nomem;
    /* Without a branch per block or token (how many tokens start in a block
     * is anyone's guess): each block first gets its first token, the last
     * write winning, then a block where none starts takes the next one's. */
    memset(seg->block_tok, 0xFF, nblocks * sizeof *seg->block_tok);
    for (size_t k = seg->ntoks; k-- > 0;)
        seg->block_tok[seg->toks[k].start >> WS__BLOCK_BITS] = (uint32_t)k;
    uint32_t next = (uint32_t)seg->ntoks;
    for (size_t b = nblocks; b-- > 0;) {
        next = seg->block_tok[b] < next ? seg->block_tok[b] : next;
        seg->block_tok[b] = next;
    }
    /* Paragraphs: runs of tokens on one line. */
    size_t k = 0;
    while (k < seg->ntoks) {
        const char *nl = memchr(s + seg->toks[k].start, '\n', t->len - seg->toks[k].start);
        size_t line_end = nl ? (size_t)(nl - s) : t->len;
        size_t e = ws__token_at(seg, line_end);
        if (!ws__grow(&seg->paras, &seg->paras_cap, seg->nparas + 1, sizeof *seg->paras))
            goto nomem;
        uint32_t pi = (uint32_t)seg->nparas++;
        ws__paragraph *para = &seg->paras[pi];
        para->start = seg->toks[k].start;
        para->end = seg->toks[e - 1].end;
        para->sent_begin = (uint32_t)seg->nsents;
        uint32_t sb = (uint32_t)k;
        const ws__token *toks = seg->toks;
        for (uint32_t j = (uint32_t)k; j < e; j++) {
            uint32_t last;
            if (is_terminator(toks[j].punct) && ends_sentence(s, seg, j, (uint32_t)e, &last)) {
                if (!push_sentence(seg, sb, last + 1, pi))
                    goto nomem;
                j = last;
                sb = last + 1;
            }
        }
        if (!push_sentence(seg, sb, (uint32_t)e, pi))
            goto nomem;
        seg->paras[pi].sent_end = (uint32_t)seg->nsents;
        k = e;
    }
    return WS_OK;
nomem:
    ws__segments_free(seg);
    return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory segmenting the document");
}

void ws__segments_free(ws__segments *seg)
{
    free(seg->toks);
    free(seg->sents);
    free(seg->paras);
    free(seg->block_tok);
    memset(seg, 0, sizeof *seg);
}

size_t ws__token_at(const ws__segments *seg, size_t pos)
{
    size_t lo = 0, hi = seg->ntoks;
    if (seg->block_tok && hi > 0 && pos <= seg->toks[hi - 1].end) {
        lo = seg->block_tok[pos >> WS__BLOCK_BITS]; /* a few tokens at most before pos */
        /* how many is anyone's guess: three steps without a branch (the
         * token past the last stops them), a loop for the rare rest */
        lo += seg->toks[lo].start < pos;
        lo += seg->toks[lo].start < pos;
        lo += seg->toks[lo].start < pos;
        while (seg->toks[lo].start < pos)
            lo++;
        return lo;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (seg->toks[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

ws_status ws__tokenize(const char *s, size_t len, ws__token *toks, size_t cap, size_t *n)
{
    size_t pos = 0;
    ws__token more;
    *n = scan_tokens(NULL, s, len, &pos, toks, cap); /* no lexicon here */
    return scan_tokens(NULL, s, len, &pos, &more, 1) ? WS_ERR_LIMIT : WS_OK;
}
