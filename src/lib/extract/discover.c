/*
 * discover.c - the second pass over the names: people, places and
 * organisations the gazetteers lack, found by patterns around the words
 * that introduce them (lexicon.c): a title ("regional Gov. Vadym
 * Filaskhin"), an apposition ("Fiona Hill, a Russia expert"), a role
 * ("the town's mayor, Petro Savchuk,"), a place noun ("the village of
 * Cherkaska Lozova"), an organisation's head ("Ministry of ..."), a photo
 * credit ("EPA/SERGEY KOZLOV"). found.c makes each match's name an entity.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extract.h"

/* A capitalised word. The ASCII ranges add nothing to the properties but
 * speed: PCRE2's JIT tests them before it looks a character up. */
#define NAME_WORD "[A-Z\\p{Lu}][a-zA-Z\\p{L}\\p{M}]*(?:-[A-Z\\p{Lu}]?[a-zA-Z\\p{L}\\p{M}]+)*"

/* The patterns are built from the word lists (lexicon.c) when an
 * extractor is made; the prefilter that finds where they may start asks
 * the same lists (find_candidates), so the two cannot disagree. */
enum { PAT_APPOSITION, PAT_ROLE_NAME, PAT_TITLE_PERSON, PAT_PLACE_OF, PAT_ORG, PAT_CREDIT, NPATTERNS };

/* The capture group holding the name, per pattern. */
static const int pattern_group[NPATTERNS] = {
    [PAT_APPOSITION] = 1, [PAT_ROLE_NAME] = 1, [PAT_TITLE_PERSON] = 2,
    [PAT_PLACE_OF] = 1, [PAT_ORG] = 1, [PAT_CREDIT] = 1,
};

struct ws__patterns {
    pcre2_code *code[NPATTERNS];
    bool jit[NPATTERNS]; /* compiled to machine code: then pcre2_jit_match, without pcre2_match's checks */
    uint32_t ovector_pairs; /* the most any pattern needs: one match data serves them all */
    /* Are the words an organisation's name ends in, the roles and the
     * place nouns one word of ASCII letters each (those bundled are)? Then
     * a token holds the whole word, and find_candidates can look at the
     * tokens after it. */
    bool one_word_heads, one_word_roles, one_word_places;
};

/* A pattern's source, built in pieces. */
typedef struct regex_text {
    char *s;
    size_t len, cap;
    bool failed;
} regex_text;

static void put(regex_text *r, const char *s)
{
    size_t n = strlen(s);
    if (r->failed)
        return;
    if (!ws__grow(&r->s, &r->cap, r->len + n + 1, 1)) {
        r->failed = true;
        return;
    }
    memcpy(r->s + r->len, s, n + 1);
    r->len += n;
}

/* Does a word before word i of the list start with byte c? */
static bool earlier_start(const ws__wordlist *wl, size_t i, unsigned char c)
{
    for (size_t j = 0; j < i; j++)
        if ((unsigned char)wl->items[j][0] == c)
            return true;
    return false;
}

/* The words of a list as an alternation, each quoted (\Q...\E), so that a
 * user's entry is matched literally; an empty list matches nothing.
 * Words with the same ASCII first byte share a branch that tests it once,
 * "M(?:inistry|ayor)": PCRE2 tries the branches one by one, and most fail
 * at their first byte. Words that start differently never match at the
 * same place, so the branches' order does not matter, and the words keep
 * theirs within one; but an empty word matches anywhere, so a list with
 * one stays as it is. */
static void put_alternation(regex_text *r, const ws__wordlist *wl)
{
    bool share = true;
    for (size_t i = 0; i < wl->n; i++)
        share &= wl->items[i][0] != '\0';
    put(r, "(?:");
    for (size_t i = 0; i < wl->n; i++) {
        unsigned char c = (unsigned char)wl->items[i][0];
        bool shared = share && c < 0x80; /* a character of more bytes stays whole */
        if (shared && earlier_start(wl, i, c))
            continue; /* in the branch of an earlier word */
        put(r, i ? "|" : "");
        if (!shared) {
            put(r, "\\Q");
            put(r, wl->items[i]);
            put(r, "\\E");
            continue;
        }
        put(r, (char[]){'\\', 'Q', (char)c, '\\', 'E', '(', '?', ':', '\0'});
        for (size_t k = i; k < wl->n; k++) {
            if ((unsigned char)wl->items[k][0] != c)
                continue;
            put(r, k > i ? "|\\Q" : "\\Q");
            put(r, wl->items[k] + 1);
            put(r, "\\E");
        }
        put(r, ")");
    }
    if (wl->n == 0)
        put(r, "(*FAIL)");
    put(r, ")");
}

static void build_regex(regex_text *r, int pat, const ws__lexicon *lx)
{
    const ws__wordlist *l = lx->lists;
    switch (pat) {
    case PAT_APPOSITION:
        /* a name introduced by what the person is: "Fiona Hill, a Russia
         * expert", "Olena Shevchuk, 54, a teacher", or by an age alone in
         * running text: "Okonkwo Adeyemi, 45, said" */
        put(r, "(?<![\\p{L}\\p{N}])(" NAME_WORD "(?:\\s+" NAME_WORD "){1,2}),"
               "(?:\\s+\\d{1,3},\\s+\\p{Ll}|(?:\\s+\\d{1,3},)?\\s+(?:a|an|the)\\s+\\p{L})");
        break;
    case PAT_ROLE_NAME:
        /* a role, then the name of who holds it: "the town's mayor, Petro Savchuk," */
        put(r, "(?<![\\p{L}])");
        put_alternation(r, &l[WS__L_ROLE]);
        put(r, ",\\s+(" NAME_WORD "(?:\\s+" NAME_WORD "){1,2}),");
        break;
    case PAT_TITLE_PERSON:
        /* a title, then a name: "regional Gov. Vadym Filaskhin", "Ms. Weber" */
        put(r, "(?<![\\p{L}\\p{N}])(");
        put_alternation(r, &l[WS__L_HONORIFIC_DOTTED]);
        put(r, "\\.|");
        put_alternation(r, &l[WS__L_HONORIFIC]);
        put(r, "|");
        put_alternation(r, &l[WS__L_TITLE_ABBR]);
        put(r, "\\.(?:\\s+");
        put_alternation(r, &l[WS__L_TITLE_ABBR]);
        put(r, "\\.)?|");
        put_alternation(r, &l[WS__L_TITLE]);
        put(r, ")\\s+((?:" NAME_WORD "\\s+(?:\\p{Lu}\\.\\s+)?){0,3}" NAME_WORD ")");
        break;
    case PAT_PLACE_OF:
        /* "the town of Chasiv Yar" */
        put(r, "(?<![\\p{L}])");
        put_alternation(r, &l[WS__L_PLACE_NOUN]);
        put(r, "\\s+of\\s+(" NAME_WORD "(?:\\s+" NAME_WORD "){0,2})");
        break;
    case PAT_ORG:
        /* capitalised words ending in a head: "the Regional Road Safety
         * Service"; heads that may take "of ..." ("Ministry of Foreign
         * Affairs") are apart from those that may not ("Battalion of the
         * Marine Corps" is two organisations) */
        put(r, "(?<![\\p{L}\\p{N}'-])((?:" NAME_WORD "\\s+(?:and\\s+)?){0,5}(?:");
        put_alternation(r, &l[WS__L_ORG_HEAD]);
        put(r, "|");
        put_alternation(r, &l[WS__L_ORG_HEAD_OF]);
        put(r, "(?:\\s+(?:of|for|on)\\s+(?:the\\s+)?" NAME_WORD "(?:\\s+(?:and\\s+)?" NAME_WORD ")*)?))"
               "(?![\\p{L}\\p{N}])");
        break;
    case PAT_CREDIT:
        /* a photo credit: "EPA/SERGEY KOZLOV" names the photographer */
        put(r, "(?<![\\p{L}])\\p{Lu}{2,}/(\\p{Lu}{2,}(?:[ -]\\p{Lu}{2,}){1,2})(?![\\p{L}])");
        break;
    }
}

static pcre2_code *compile(const char *re, bool *jit, ws_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    /* anchored: each pattern is tried only where find_candidates says it may start */
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        ws__fail(err, WS_ERR_REGEX, NULL, 0, (long long)eo, "name pattern: %s", (char *)msg);
        return NULL;
    }
    *jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0; /* an interpreter fallback is fine */
    return code;
}

static bool one_word_each(const ws__wordlist *wl)
{
    for (size_t i = 0; i < wl->n; i++)
        for (const char *c = wl->items[i]; *c; c++)
            if (!((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z'))
                return false;
    return true;
}

ws_status ws__patterns_new(const ws__lexicon *lx, ws__patterns **out, ws_error *err)
{
    ws__patterns *p = calloc(1, sizeof *p);
    if (!p)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    p->one_word_heads = one_word_each(&lx->lists[WS__L_ORG_HEAD]) && one_word_each(&lx->lists[WS__L_ORG_HEAD_OF]);
    p->one_word_roles = one_word_each(&lx->lists[WS__L_ROLE]);
    p->one_word_places = one_word_each(&lx->lists[WS__L_PLACE_NOUN]);
    for (int i = 0; i < NPATTERNS; i++) {
        regex_text r = {0};
        build_regex(&r, i, lx);
        if (r.failed) {
            free(r.s);
            ws__patterns_free(p);
            return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        }
        p->code[i] = compile(r.s, &p->jit[i], err);
        free(r.s);
        if (!p->code[i]) {
            ws__patterns_free(p);
            return WS_ERR_REGEX;
        }
        uint32_t groups = 0;
        pcre2_pattern_info(p->code[i], PCRE2_INFO_CAPTURECOUNT, &groups);
        if (groups + 1 > p->ovector_pairs)
            p->ovector_pairs = groups + 1;
    }
    *out = p;
    return WS_OK;
}

void ws__patterns_free(ws__patterns *p)
{
    if (!p)
        return;
    for (int i = 0; i < NPATTERNS; i++)
        pcre2_code_free(p->code[i]);
    free(p);
}

/* Where each pattern may start, as offsets in the normalised text, in
 * order, each with its paragraph's index above it (so that run_pattern
 * need not find the paragraph again). Without them PCRE2 would try every
 * byte: the patterns begin with a lookbehind and \p{Lu}, which defeat its
 * own start-of-match scan. */
typedef struct candidates {
    uint64_t *at[NPATTERNS];
    size_t n[NPATTERNS], cap[NPATTERNS];
    size_t para; /* the paragraph being scanned */
} candidates;

static void candidates_free(candidates *c)
{
    for (int i = 0; i < NPATTERNS; i++)
        free(c->at[i]);
}

static bool candidates_add(candidates *c, int pat, uint32_t at)
{
    if (!ws__grow(&c->at[pat], &c->cap[pat], c->n[pat] + 1, sizeof *c->at[pat]))
        return false;
    c->at[pat][c->n[pat]++] = (uint64_t)c->para << 32 | at;
    return true;
}

static bool is_ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* A byte that may be \s, or a byte of a multi-byte character (which may be one). */
static bool maybe_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || c >= 0x80;
}

/* ", a", ", an", ", the" or ", 54," at s[i] == ',', the article before a
 * letter ("Fiona Hill, a Russia expert"). A byte of a multi-byte character
 * counts as a space or a letter: a superset of the pattern is safe here. */
static bool apposition_comma(const unsigned char *s, size_t i, size_t len)
{
    size_t j = i + 1;
    while (j < len && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] >= 0x80))
        j++;
    if (j == i + 1 || j >= len)
        return false;
    if (s[j] >= '0' && s[j] <= '9')
        return true;
    size_t a = j + 1; /* after the article */
    if (s[j] == 'a')
        a += a < len && s[a] == 'n';
    else if (s[j] == 't' && j + 3 <= len && s[j + 1] == 'h' && s[j + 2] == 'e')
        a += 2;
    else
        return false;
    if (a >= len || !maybe_space(s[a]))
        return false;
    while (a < len && s[a] < 0x80 && maybe_space(s[a]))
        a++;
    return a < len && (is_ascii_letter(s[a]) || s[a] >= 0x80);
}

/* A byte a capitalised name can reach across: letters, hyphens, spaces. A
 * byte of a multi-byte character counts, as it may be a letter or a space.
 * By table, without a branch: one load, where bit masks took eight
 * instructions, for every token of the document. */
#define LETTER_PAIR(c) [c] = 1, [c + 32] = 1
#define HIGH16(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, [c + 5] = 1, [c + 6] = 1, \
    [c + 7] = 1, [c + 8] = 1, [c + 9] = 1, [c + 10] = 1, [c + 11] = 1, [c + 12] = 1, [c + 13] = 1, [c + 14] = 1, \
    [c + 15] = 1
static const unsigned char name_stretch_byte[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, ['-'] = 1,
    LETTER_PAIR('A'), LETTER_PAIR('B'), LETTER_PAIR('C'), LETTER_PAIR('D'), LETTER_PAIR('E'), LETTER_PAIR('F'),
    LETTER_PAIR('G'), LETTER_PAIR('H'), LETTER_PAIR('I'), LETTER_PAIR('J'), LETTER_PAIR('K'), LETTER_PAIR('L'),
    LETTER_PAIR('M'), LETTER_PAIR('N'), LETTER_PAIR('O'), LETTER_PAIR('P'), LETTER_PAIR('Q'), LETTER_PAIR('R'),
    LETTER_PAIR('S'), LETTER_PAIR('T'), LETTER_PAIR('U'), LETTER_PAIR('V'), LETTER_PAIR('W'), LETTER_PAIR('X'),
    LETTER_PAIR('Y'), LETTER_PAIR('Z'),
    HIGH16(0x80), HIGH16(0x90), HIGH16(0xA0), HIGH16(0xB0), HIGH16(0xC0), HIGH16(0xD0), HIGH16(0xE0), HIGH16(0xF0),
};
#undef LETTER_PAIR
#undef HIGH16

static inline bool in_name_stretch(unsigned char c)
{
    return name_stretch_byte[c];
}

/* A capitalised word where a name may start, and its token. */
typedef struct cap {
    uint32_t at, tok;
    bool kept;
} cap;

/* The scan of find_candidates, over one paragraph: which capitals make
 * up the current stretch, and whether it holds an organisation's head. */
typedef struct scan {
    const ws__patterns *pats;
    const ws__lexicon *lx;
    const ws__segments *seg;
    const unsigned char *s;
    size_t b, end; /* the paragraph */
    candidates *c;
    cap *caps; /* capitals of the paragraph, in order */
    size_t ncaps, caps_cap;
    size_t stretch; /* the first capital of the current stretch, in caps */
    bool head;
    bool bytewise; /* a token went byte by byte from the stretch's first capital on: no filtered candidates */
} scan;

/* Does token k start with an ASCII letter, after a space? In a name it
 * starts one of the pattern's words. */
static bool word_after_space(const scan *sc, size_t k)
{
    const ws__token *tk = &sc->seg->toks[k];
    return (tk->flags & WS__TOK_SPACE_BEFORE) && is_ascii_letter(sc->s[tk->start]);
}

static bool token_is(const scan *sc, size_t k, const char *w, size_t n)
{
    const ws__token *tk = &sc->seg->toks[k];
    return tk->end - tk->start == n && memcmp(sc->s + tk->start, w, n) == 0;
}

/* Marks the capitals of the stretch a name of pattern pat can start at:
 * an organisation's at most five words before its head ("Regional Road
 * Safety Service"), with "and" between them; an apposition's two or three
 * before the comma at token stop ("Olena Shevchuk, 54, a"). A word after a
 * space must be a capitalised one (or "and" or the head): a word in
 * lowercase there stops the name. Counted back from the stop, in one pass. */
static void mark_reaching(scan *sc, int pat, size_t stop)
{
    enum { FAR = 100 };
    const ws__token *toks = sc->seg->toks;
    bool org = pat == PAT_ORG;
    size_t most = org ? 4 : 2; /* words of the name after its first */
    size_t after = org ? FAR : 0; /* words from token j + 1 to the head or the comma */
    size_t i = sc->ncaps;
    if (!org && (toks[stop].flags & WS__TOK_SPACE_BEFORE))
        after = FAR; /* "Hill , a": a name ends in no space */
    for (size_t j = stop; i > sc->stretch && j-- > sc->caps[sc->stretch].tok;) {
        bool head = org && (toks[j].cls & WS__W_ORG_HEAD);
        if (sc->caps[i - 1].tok == j) {
            i--;
            sc->caps[i].kept = head || after <= most;
        }
        if (head)
            after = 0;
        else if (word_after_space(sc, j) && !(org && token_is(sc, j, "and", 3)))
            after = sc->s[toks[j].start] >= 'a' || after >= FAR ? FAR : after + 1;
    }
}

/* Adds the capitals of the stretch as candidates of pat: those marked by
 * mark_reaching when filter is true. */
static bool add_stretch(scan *sc, int pat, size_t stop, bool filter)
{
    if (filter)
        mark_reaching(sc, pat, stop);
    for (size_t i = sc->stretch; i < sc->ncaps; i++)
        if ((!filter || sc->caps[i].kept) && !candidates_add(sc->c, pat, sc->caps[i].at))
            return false;
    return true;
}

/* The candidates of a stretch that holds a capital, ended at i in token
 * stop: head and filter as stretch_stop found them. */
static bool end_stretch(scan *sc, size_t i, size_t stop, bool head, bool filter)
{
    unsigned char ch = i < sc->end ? sc->s[i] : 0;
    bool ok = true;
    if (head)
        ok = add_stretch(sc, PAT_ORG, stop, filter && sc->pats->one_word_heads);
    if (ok && ch == ',' && apposition_comma(sc->s, i, sc->end))
        ok = add_stretch(sc, PAT_APPOSITION, stop, filter);
    if (ok && ch == '/')
        ok = add_stretch(sc, PAT_CREDIT, stop, false);
    sc->stretch = sc->ncaps;
    return ok;
}

/* A byte that no name reaches across, at i in token stop (at the
 * paragraph's end, its end and its last token + 1). Most stretches hold no
 * capital, and so no candidate: those take no call. */
static inline bool stretch_stop(scan *sc, size_t i, size_t stop)
{
    bool head = sc->head, filter = !sc->bytewise;
    sc->head = sc->bytewise = false;
    return sc->ncaps == sc->stretch || end_stretch(sc, i, stop, head, filter);
}

/* "the town's mayor, Petro Savchuk,": a role goes on with a comma. */
static bool comma_after(const scan *sc, size_t k)
{
    if (k + 1 >= sc->seg->ntoks)
        return false;
    const ws__token *nx = &sc->seg->toks[k + 1];
    return nx->punct == ',' && !(nx->flags & WS__TOK_SPACE_BEFORE);
}

/* "the town of Chasiv Yar": a place noun goes on with spaces and "of";
 * spaces other than ASCII begin the token after them. */
static bool of_after(const scan *sc, size_t k)
{
    if (k + 1 >= sc->seg->ntoks)
        return false;
    const ws__token *nx = &sc->seg->toks[k + 1];
    return (nx->flags & WS__TOK_SPACE_BEFORE) && (token_is(sc, k + 1, "of", 2) || sc->s[nx->start] >= 0x80);
}

/* A capital at i, of token k (WS__NONE when only part of one: mark_reaching,
 * which goes by token, cannot weigh it). */
static bool add_cap(scan *sc, size_t i, size_t k)
{
    if (!ws__grow(&sc->caps, &sc->caps_cap, sc->ncaps + 1, sizeof *sc->caps))
        return false;
    sc->caps[sc->ncaps++] = (cap){(uint32_t)i, (uint32_t)k, false};
    sc->bytewise |= k == WS__NONE;
    return true;
}

/* The classes of a word that matter to find_candidates. */
#define WORD_CLASSES (WS__W_ORG_HEAD | WS__W_TITLE_START | WS__W_ROLE | WS__W_PLACE_NOUN)

/* A word of ASCII letters at i, of classes cls, not preceded by an ASCII
 * letter: token k, or WS__NONE when only part of one. A word in lowercase
 * with none of WORD_CLASSES changes nothing. */
static bool scan_word(scan *sc, size_t i, size_t k, uint32_t cls)
{
    unsigned char ch = sc->s[i];
    if (ch >= 'A' && ch <= 'Z' && !add_cap(sc, i, k))
        return false;
    sc->head |= (cls & WS__W_ORG_HEAD) != 0;
    bool whole = k != WS__NONE, ok = true;
    if (cls & WS__W_TITLE_START)
        ok = candidates_add(sc->c, PAT_TITLE_PERSON, (uint32_t)i);
    if (ok && (cls & WS__W_ROLE) && (!whole || !sc->pats->one_word_roles || comma_after(sc, k)))
        ok = candidates_add(sc->c, PAT_ROLE_NAME, (uint32_t)i);
    if (ok && (cls & WS__W_PLACE_NOUN) && (!whole || !sc->pats->one_word_places || of_after(sc, k)))
        ok = candidates_add(sc->c, PAT_PLACE_OF, (uint32_t)i);
    return ok;
}

/* The bytes [i, to) of token k, a token other than a word of ASCII
 * letters, one by one: words start inside it after a digit, an apostrophe
 * or a period. Only its bytes from the stretch's first capital on keep the
 * stretch from being filtered: "Russia's Ministry" ends one stretch at the
 * apostrophe, and its "s" opens the next before any capital. */
static bool scan_bytes(scan *sc, size_t i, size_t to, size_t k)
{
    const unsigned char *s = sc->s;
    for (; i < to; i++) {
        unsigned char ch = s[i];
        if (!in_name_stretch(ch)) {
            if (!stretch_stop(sc, i, k))
                return false;
            continue;
        }
        sc->bytewise |= sc->ncaps > sc->stretch;
        if ((i > sc->b && is_ascii_letter(s[i - 1])) || !(is_ascii_letter(ch) || ch >= 0xC0))
            continue;
        if (ch >= 0x80) {
            if (!add_cap(sc, i, WS__NONE))
                return false;
            continue;
        }
        size_t q = i + 1;
        while (q < to && is_ascii_letter(s[q]))
            q++;
        if (!scan_word(sc, i, WS__NONE, ws__word_classes(sc->lx, (const char *)s + i, q - i)))
            return false;
        i = q - 1;
    }
    return true;
}

/* Is a token a word of ASCII letters alone (most are)? A word of up to
 * sixteen bytes in one test where the text's len bytes have them (SSE2), of
 * up to eight in one read as small_letter_run does in segment.c. */
static inline bool ascii_letters(const unsigned char *s, size_t len, const ws__token *tk)
{
    size_t n = tk->end - tk->start;
#ifdef __SSE2__
    if (n <= 16 && tk->start + 16 <= len) {
        /* a letter in lowercase, less 'a', is below 26: signed, below -128 + 26 after adding 0x80 */
        __m128i v = _mm_or_si128(_mm_loadu_si128((const __m128i *)(s + tk->start)), _mm_set1_epi8(0x20));
        __m128i from_a = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 'a')));
        unsigned letters = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(from_a, _mm_set1_epi8((char)(0x80 + 26))));
        unsigned counted = (1u << n) - 1;
        return (letters & counted) == counted;
    }
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
    if (n <= 8 && tk->start + 8 <= len) {
        uint64_t w, counted = high >> (64 - 8 * n);
        memcpy(&w, s + tk->start, 8);
        uint64_t x = (w | ones * 0x20) & ~high; /* letters in lowercase; no carries from byte to byte below */
        return ((x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'z' - 1)) & ~w & counted) == counted;
    }
#else
    (void)len;
#endif
    for (size_t i = tk->start; i < tk->end; i++)
        if (!is_ascii_letter(s[i]))
            return false;
    return true;
}

/* Finds, in one scan of each paragraph, a superset of the places where
 * each pattern can match. A match begins where no letter precedes it
 * (every pattern has that lookbehind), so only words not preceded by an
 * ASCII letter are looked at:
 *  - the title, role and place patterns begin with one of their start words;
 *  - the others begin with a capitalised word, and reach what they need
 *    across a stretch of letters, hyphens and spaces: an organisation's
 *    stretch holds its head ("the Regional Road Safety Service"), an
 *    apposition's ends at ", a" ("Olena Shevchuk, 54, a"), and a credit's
 *    at a slash ("EPA/SERGEY KOZLOV").
 * The scan goes by token, not byte: the spaces between tokens are part of
 * a stretch, and a token of ASCII letters is one word (no word token starts
 * right after an ASCII letter) whose classes the tokeniser looked up; only
 * the other words go byte by byte. */
static ws_status find_candidates(const ws__patterns *pats, const ws__lexicon *lx, const ws__text *t,
                                 const ws__segments *seg, const bool *headline, candidates *c)
{
    scan sc = {.pats = pats, .lx = lx, .seg = seg, .s = (const unsigned char *)t->norm, .c = c};
    uint32_t *live = malloc((seg->ntoks + 1) * sizeof *live);
    bool ok = live != NULL;
    for (size_t p = 0; p < seg->nparas && ok; p++) {
        if (headline[p])
            continue;
        const ws__paragraph *para = &seg->paras[p];
        sc.b = para->start;
        sc.end = para->end;
        c->para = p;
        sc.ncaps = sc.stretch = 0;
        sc.head = sc.bytewise = false;
        size_t kb = seg->sents[para->sent_begin].tok_begin, ke = seg->sents[para->sent_end - 1].tok_end;
        /* First the tokens that may change anything, in a loop without a
         * branch on what they are: a plain lowercase word without
         * WORD_CLASSES, or a mark a name reaches across, goes on with the
         * stretch as it is. */
        size_t nlive = 0;
        for (size_t k = kb; k < ke; k++) {
            const ws__token *tk = &seg->toks[k];
            unsigned plain_lower = (tk->flags & (WS__TOK_PLAIN | WS__TOK_LOWER)) == (WS__TOK_PLAIN | WS__TOK_LOWER);
            live[nlive] = (uint32_t)k;
            nlive += !((plain_lower & ((tk->cls & WORD_CLASSES) == 0)) | in_name_stretch((unsigned char)tk->punct));
        }
        for (size_t l = 0; l < nlive && ok; l++) {
            size_t k = live[l];
            const ws__token *tk = &seg->toks[k];
            if (tk->punct) {
                ok = stretch_stop(&sc, tk->start, k);
                continue;
            }
            /* a plain word is ASCII letters alone; the tokeniser said so */
            bool letters = (tk->flags & WS__TOK_PLAIN) ||
                           ((tk->flags & WS__TOK_WORD) && ascii_letters(sc.s, t->len, tk));
            if (!letters)
                ok = scan_bytes(&sc, tk->start, tk->end, k);
            else if ((tk->flags & WS__TOK_CAP) || (tk->cls & WORD_CLASSES))
                ok = scan_word(&sc, tk->start, k, tk->cls);
        }
        ok = ok && stretch_stop(&sc, sc.end, ke);
    }
    free(live);
    free(sc.caps);
    return ok ? WS_OK : WS_ERR_NOMEM;
}

/* Runs one pattern at its candidates, calling back with the token range of
 * the name group and of the whole match. Candidates are tried in order and
 * a match resumes the search after its end, so the matches are those of an
 * unanchored search of each paragraph. */
typedef ws__found_fn *pattern_fn;

static ws_status run_pattern(const ws__patterns *pats, int pat, const uint64_t *cand, size_t ncand,
                             pcre2_match_data *md, ws__entities *e, const ws__text *t, const ws__segments *seg,
                             pattern_fn fn)
{
    const pcre2_code *re = pats->code[pat];
    int group = pattern_group[pat];
    ws_status st = WS_OK;
    size_t resume = 0;
    for (size_t k = 0; k < ncand && st == WS_OK; k++) {
        uint32_t from = (uint32_t)cand[k];
        if (from < resume)
            continue;
        const ws__paragraph *para = &seg->paras[cand[k] >> 32];
        PCRE2_SPTR subj = (PCRE2_SPTR)(t->norm + para->start);
        size_t len = para->end - para->start, at = from - para->start;
        int rc = pats->jit[pat] ? pcre2_jit_match(re, subj, len, at, 0, md, NULL)
                                : pcre2_match(re, subj, len, at, PCRE2_NO_UTF_CHECK, md, NULL);
        if (rc <= group)
            continue;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t nb = para->start + ov[2 * group], ne = para->start + ov[2 * group + 1];
        uint32_t ntb = (uint32_t)ws__token_at(seg, nb), nte = (uint32_t)ws__token_at(seg, ne);
        uint32_t mtb = (uint32_t)ws__token_at(seg, para->start + ov[0]);
        if (nte > ntb)
            st = fn(e, t, seg, mtb, ntb, nte);
        resume = para->start + ov[1];
    }
    return st;
}

ws_status ws__discover_names(const ws__patterns *pats, const ws__text *t, const ws__segments *seg,
                             ws__entities *e)
{
    static const pattern_fn on_match[NPATTERNS] = {
        [PAT_APPOSITION] = ws__found_apposition, [PAT_ROLE_NAME] = ws__found_role_name,
        [PAT_TITLE_PERSON] = ws__found_title_person, [PAT_PLACE_OF] = ws__found_place,
        [PAT_ORG] = ws__found_org, [PAT_CREDIT] = ws__found_credit,
    };
    candidates cand = {0};
    ws__index_mentions(e);
    ws_status st = find_candidates(pats, &e->gaz->lex, t, seg, e->headline, &cand);
    pcre2_match_data *md = st == WS_OK ? pcre2_match_data_create(pats->ovector_pairs, NULL) : NULL;
    if (st == WS_OK && !md)
        st = WS_ERR_NOMEM;
    for (int i = 0; i < NPATTERNS && st == WS_OK; i++)
        st = run_pattern(pats, i, cand.at[i], cand.n[i], md, e, t, seg, on_match[i]);
    pcre2_match_data_free(md);
    candidates_free(&cand);
    return st;
}
