/*
 * cluster.c - quote text as words: the folding shared by the index
 * and the queries, full-text queries, and the keys and similarity that
 * group the same quote carried by many articles into one cluster.
 *
 * The clustering rule (README.md, "Quote database"): two quotes are the
 * same when their words are equal (lowercased, punctuation dropped), or,
 * for quotes of 6 words or more, when at least 80% of the smaller word set
 * is shared and the shorter quote has at least half the words of the
 * longer. Candidates for the second test are found through MinHash bands.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"

char *ws__db_fold(const char *text, ws_error *err)
{
    char *folded = ws__normalise(text, strlen(text));

    if (!folded)
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory normalising the document");
    return folded;
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* An apostrophe between two word characters: "don't", "Kyiv's", "O'Brien". */
static bool joins(const char *s, size_t i, size_t len)
{
    return s[i] == '\'' && i > 0 && i + 1 < len && is_word_byte((unsigned char)s[i - 1]) &&
           is_word_byte((unsigned char)s[i + 1]);
}

/* The words of a folded text, lowercased and joined by single spaces:
 * split at every apostrophe (join 0), or with the letters around an
 * apostrophe joined into one word (join 1); only_joined keeps only the
 * words that held one. */
static char *word_list(const char *folded, bool join, bool only_joined, size_t *count)
{
    size_t len = strlen(folded), o = 0, n = 0;
    char *out = malloc(len + 1);

    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t start = o;
        bool joined = false;

        if (!is_word_byte((unsigned char)folded[i])) {
            i++;
            continue;
        }
        if (o > 0)
            out[o++] = ' ';
        for (; i < len && (is_word_byte((unsigned char)folded[i]) || (join && joins(folded, i, len))); i++) {
            char c = folded[i];

            if (c == '\'') {
                joined = true;
                continue;
            }
            out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        if (only_joined && !joined)
            o = start;
        else
            n++;
    }
    out[o] = '\0';
    if (count)
        *count = n;
    return out;
}

char *ws__db_words(const char *folded, size_t *count)
{
    return word_list(folded, false, false, count);
}

char *ws__db_query_words(const char *folded)
{
    return word_list(folded, true, false, NULL);
}

char *ws__db_joined_words(const char *folded)
{
    return word_list(folded, true, true, NULL);
}

char *ws__db_fts_query(const char *words, ws__db_match how)
{
    /* At worst every one-byte word becomes `"w" OR `: 7 bytes per 2. */
    size_t len = strlen(words);
    char *out = malloc(len * 4 + 3);
    const char *sep = how == WS__DB_ANY ? "\" OR \"" : how == WS__DB_ALL ? "\" \"" : " ";
    size_t o = 0;

    if (!out)
        return NULL;
    out[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        if (words[i] == ' ') {
            memcpy(out + o, sep, strlen(sep));
            o += strlen(sep);
        } else {
            out[o++] = words[i];
        }
    }
    out[o++] = '"';
    out[o] = '\0';
    return out;
}

/* ---------------------------------------------------------------------- */
/* Word sets. */

typedef struct word_set {
    uint64_t *hashes; /* sorted, distinct */
    size_t n;
} word_set;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The distinct words of a word string; -1 when memory runs out. */
static int word_set_init(word_set *s, const char *words)
{
    size_t cap = 1, n = 0;

    for (const char *p = words; *p; p++)
        cap += *p == ' ';
    s->hashes = malloc(cap * sizeof *s->hashes);
    s->n = 0;
    if (!s->hashes)
        return -1;
    for (const char *p = words; *p;) {
        size_t k = strcspn(p, " ");

        s->hashes[n++] = ws__hash(p, k);
        p += k + (p[k] == ' ');
    }
    if (n > 1)
        qsort(s->hashes, n, sizeof *s->hashes, cmp_u64);
    for (size_t i = 0; i < n; i++)
        if (s->n == 0 || s->hashes[s->n - 1] != s->hashes[i])
            s->hashes[s->n++] = s->hashes[i];
    return 0;
}

static size_t shared(const word_set *a, const word_set *b)
{
    size_t i = 0, j = 0, common = 0;

    while (i < a->n && j < b->n) {
        if (a->hashes[i] == b->hashes[j]) {
            common++;
            i++;
            j++;
        } else if (a->hashes[i] < b->hashes[j]) {
            i++;
        } else {
            j++;
        }
    }
    return common;
}

/* A splitmix64 step: one independent hash function per seed. */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

int ws__db_bands(const char *words, int64_t bands[WS__DB_BANDS])
{
    uint64_t mins[WS__DB_BANDS * 2];
    word_set s;

    if (word_set_init(&s, words) != 0 || s.n < WS__DB_NEAR_MIN_WORDS) {
        free(s.hashes);
        return 0;
    }
    for (size_t k = 0; k < WS__DB_BANDS * 2; k++) {
        mins[k] = UINT64_MAX;
        for (size_t i = 0; i < s.n; i++) {
            uint64_t h = mix(s.hashes[i] ^ (k * 0x632BE59BD9B4E019ULL));

            if (h < mins[k])
                mins[k] = h;
        }
    }
    for (size_t b = 0; b < WS__DB_BANDS; b++)
        bands[b] = (int64_t)(mix(mins[2 * b] ^ mix(mins[2 * b + 1] ^ b)) >> 1);
    free(s.hashes);
    return 1;
}

/* Shared words, and the sizes of both sets; -1 when memory runs out. */
static int compare(const char *a, const char *b, size_t *common, size_t *na, size_t *nb)
{
    word_set x, y;
    int ok = word_set_init(&x, a) == 0 && word_set_init(&y, b) == 0;

    if (ok) {
        *common = shared(&x, &y);
        *na = x.n;
        *nb = y.n;
        free(y.hashes);
    }
    free(x.hashes);
    return ok ? 0 : -1;
}

double ws__db_overlap(const char *a, const char *b)
{
    size_t common, na, nb, lo, hi;

    if (compare(a, b, &common, &na, &nb) != 0)
        return 0.0;
    lo = na < nb ? na : nb;
    hi = na < nb ? nb : na;
    if (lo == 0 || lo * 2 < hi)
        return 0.0;
    return (double)common / (double)lo;
}

double ws__db_jaccard(const char *a, const char *b)
{
    size_t common, na, nb;

    if (compare(a, b, &common, &na, &nb) != 0 || na + nb == common)
        return 0.0;
    return (double)common / (double)(na + nb - common);
}
