/*
 * lexicon.c - the word lists the rules read: speech verbs, titles and
 * roles, organisation heads, place nouns, and the small words around them
 * (data/lexicon/en, documented in data/lexicon/README.md).
 *
 * Lists are data, so that a journalist can extend them without a
 * compiler: a folder of files with known names, one entry a line, loaded in
 * order (the bundled folder, then the user's), a later "!entry" taking an
 * earlier entry out. When loading is done, ws__lexicon_build turns the
 * entries into one table from a word, exactly as written, to its classes
 * (every case form a list allows is in it), so that a stage asks one
 * question per token whatever it wants to know; and into the ordered
 * lists the name patterns are built from, so patterns, prefilter and word
 * classes cannot disagree.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

/* The files of a lexicon folder, and how each matches case:
 * ANY        lowercase, Capitalised and UPPER forms of a lowercase entry
 * CAPITALISED a lowercase entry also capitalised; others as written
 * EXACT      as written */
enum { ANY, CAPITALISED, EXACT };
enum {
    F_SPEECH_VERBS, F_TITLES, F_ORG_HEADS, F_PLACE_NOUNS, F_NAME_STOPS, F_TITLE_MODIFIERS,
    F_PLACE_PREPOSITIONS, F_PREPOSITIONS, F_DETERMINERS, F_CLAUSE_OPENERS, F_ABBREVIATIONS, F_NAME_PARTICLES,
    F_NAME_SUFFIXES, F_GROUP_NOUNS, F_SPORTS_WORDS, F_VERB_PARTICLES, F_AUXILIARIES, F_SPEECH_NOUNS, F_PLACE_HEADS,
    F_GIVEN_NAMES, NFILES
};
static const struct list_file {
    const char *name;
    int cases;
    uint32_t cls; /* the class every entry gets; titles and heads say more */
} files[NFILES] = {
    [F_SPEECH_VERBS] = {"speech-verbs.txt", ANY, WS__W_CUE},
    [F_TITLES] = {"titles.txt", CAPITALISED, 0},
    [F_ORG_HEADS] = {"org-heads.txt", EXACT, 0},
    [F_PLACE_NOUNS] = {"place-nouns.txt", EXACT, WS__W_PLACE_NOUN},
    [F_NAME_STOPS] = {"name-stops.txt", EXACT, WS__W_NAME_STOP},
    [F_TITLE_MODIFIERS] = {"title-modifiers.txt", EXACT, WS__W_TITLE_MODIFIER},
    [F_PLACE_PREPOSITIONS] = {"place-prepositions.txt", EXACT, WS__W_PLACE_PREP},
    [F_PREPOSITIONS] = {"prepositions.txt", ANY, WS__W_PREP},
    [F_DETERMINERS] = {"determiners.txt", ANY, WS__W_DETERMINER},
    [F_CLAUSE_OPENERS] = {"clause-openers.txt", ANY, WS__W_CLAUSE_OPENER},
    [F_ABBREVIATIONS] = {"abbreviations.txt", EXACT, WS__W_ABBREVIATION},
    [F_NAME_PARTICLES] = {"name-particles.txt", EXACT, WS__W_NAME_PARTICLE},
    [F_NAME_SUFFIXES] = {"name-suffixes.txt", EXACT, WS__W_NAME_SUFFIX},
    [F_GROUP_NOUNS] = {"group-nouns.txt", ANY, WS__W_GROUP},
    [F_SPORTS_WORDS] = {"sports-words.txt", ANY, WS__W_SPORT},
    [F_VERB_PARTICLES] = {"verb-particles.txt", EXACT, WS__W_PARTICLE},
    [F_AUXILIARIES] = {"auxiliaries.txt", EXACT, WS__W_AUXILIARY},
    [F_SPEECH_NOUNS] = {"speech-nouns.txt", ANY, WS__W_SPEECH_NOUN},
    [F_PLACE_HEADS] = {"place-heads.txt", EXACT, WS__W_PLACE_HEAD},
    [F_GIVEN_NAMES] = {"given-names.tsv", EXACT, 0},
};

/* Attributes an entry may carry after a tab. */
enum {
    A_ROLE = 1 << 0,      /* titles, heads: also names the office as a speaker */
    A_ROLE_ONLY = 1 << 1, /* only names the office */
    A_HONORIFIC = 1 << 2,
    A_MALE = 1 << 3,
    A_FEMALE = 1 << 4,
    A_PART = 1 << 5, /* a word of longer titles */
    A_OF = 1 << 6,   /* an organisation head that may take "of ..." */
    A_ANY = 1 << 7,  /* a speaker noun standing for whichever organisation */
    A_RESULT = 1 << 8, /* a sports word that stands between two teams */
    A_COMPANY = 1 << 9, /* an organisation head of companies */
    A_LEGAL = 1 << 10   /* a company's legal form, which later mentions leave out */
};
static const struct attribute {
    const char *name;
    unsigned bit, files; /* the files it is allowed in, by bit */
} attributes[] = {
    {"role", A_ROLE, 1u << F_TITLES | 1u << F_ORG_HEADS},
    {"role-only", A_ROLE_ONLY, 1u << F_TITLES | 1u << F_ORG_HEADS},
    {"honorific", A_HONORIFIC, 1u << F_TITLES},
    {"m", A_MALE, 1u << F_TITLES},
    {"f", A_FEMALE, 1u << F_TITLES},
    {"part", A_PART, 1u << F_TITLES},
    {"of", A_OF, 1u << F_ORG_HEADS},
    {"any", A_ANY, 1u << F_ORG_HEADS},
    {"company", A_COMPANY, 1u << F_ORG_HEADS},
    {"legal", A_LEGAL, 1u << F_ORG_HEADS},
    {"result", A_RESULT, 1u << F_SPORTS_WORDS},
};

struct ws__lexentry {
    char *text;
    uint8_t file;
    uint16_t attrs;
    bool removed;
};

static void classtable_free(ws__classtable *t)
{
    free(t->slots);
    free(t->pool);
    memset(t, 0, sizeof *t);
}

void ws__lexicon_free(ws__lexicon *lx)
{
    for (size_t i = 0; i < lx->nentries; i++)
        free(lx->entries[i].text);
    free(lx->entries);
    ws__wordset_free(&lx->entry_index);
    classtable_free(&lx->words);
    ws__wordset_free(&lx->given);
    for (int l = 0; l < WS__NLISTS; l++) {
        for (size_t i = 0; i < lx->lists[l].n; i++)
            free(lx->lists[l].items[i]);
        free(lx->lists[l].items);
    }
    memset(lx, 0, sizeof *lx);
}

typedef struct load_ctx {
    ws__lexicon *lx;
    int file;
    const char *path;
    ws_error *err;
} load_ctx;

static ws_status entry_line(void *ctx, char *line, unsigned long number)
{
    load_ctx *c = ctx;
    bool remove = line[0] == '!';
    char *text = line + remove;
    char *tab = strchr(text, '\t');
    unsigned attrs = 0;
    if (tab) {
        *tab = '\0';
        char *save = NULL;
        for (char *a = strtok_r(tab + 1, " \t", &save); a; a = strtok_r(NULL, " \t", &save)) {
            size_t i = 0;
            while (i < sizeof attributes / sizeof attributes[0] && strcmp(attributes[i].name, a) != 0)
                i++;
            if (i == sizeof attributes / sizeof attributes[0] || !(attributes[i].files & 1u << c->file))
                return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, number, -1,
                                "unknown attribute '%s' (data/lexicon/README.md lists them)", a);
            attrs |= attributes[i].bit;
        }
    }
    size_t n = strlen(text);
    if (n == 0 || n > WS__LEX_WORD_MAX || text[0] == ' ' || text[n - 1] == ' ')
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, number, -1,
                        n == 0 ? "empty entry" : n > WS__LEX_WORD_MAX ? "entry longer than %d bytes"
                                                                      : "entry with a space at an end",
                        WS__LEX_WORD_MAX);
    ws__lexicon *lx = c->lx;
    /* a later load of the same entry replaces it, so the user's folder wins */
    char key[WS__LEX_WORD_MAX + 2];
    key[0] = (char)(c->file + 1);
    memcpy(key + 1, text, n);
    uint32_t *slot = ws__wordset_put(&lx->entry_index, key, n + 1, &(bool){false});
    if (!slot)
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, number, -1, "out of memory");
    if (*slot) { /* (0: only ever taken out) */
        struct ws__lexentry *e = &lx->entries[*slot - 1];
        e->removed = remove;
        e->attrs = (uint16_t)attrs;
        return WS_OK;
    }
    if (remove)
        return WS_OK; /* taking out what was never there changes nothing */
    if (!ws__grow(&lx->entries, &lx->entries_cap, lx->nentries + 1, sizeof *lx->entries))
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, number, -1, "out of memory");
    struct ws__lexentry *e = &lx->entries[lx->nentries];
    if (!(e->text = ws__strndup(text, n)))
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, number, -1, "out of memory");
    e->file = (uint8_t)c->file;
    e->attrs = (uint16_t)attrs;
    e->removed = false;
    *slot = (uint32_t)++lx->nentries;
    return WS_OK;
}

/* A line of given-names.tsv: name, gender (m, f or u), then optionally
 * frequency, sources, ambiguous (0 or 1) and why; "!name" takes one out.
 * Straight into the table: the list is long, and later lines win. */
static ws_status given_name_line(void *ctx, char *line, unsigned long number)
{
    load_ctx *c = ctx;
    char *field[6] = {0};
    size_t n = 0;
    for (char *f = line; f && n < 6; n++) {
        field[n] = f;
        if ((f = strchr(f, '\t')) != NULL)
            *f++ = '\0';
    }
    bool remove = field[0] && field[0][0] == '!';
    const char *name = field[0] ? field[0] + remove : "";
    if (strcmp(name, "name") == 0 && number <= 32)
        return WS_OK; /* the header */
    size_t len = strlen(name);
    if (len == 0 || len > WS__LEX_WORD_MAX || (!remove && n < 2))
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, number, -1,
                        "expected name<TAB>gender[<TAB>frequency<TAB>sources<TAB>ambiguous<TAB>why]");
    bool added;
    uint32_t *v = ws__wordset_put(&c->lx->given, name, len, &added);
    if (!v)
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, number, -1, "out of memory");
    if (remove) {
        *v = 0;
        return WS_OK;
    }
    const char *g = field[1];
    if (strcmp(g, "m") != 0 && strcmp(g, "f") != 0 && strcmp(g, "u") != 0)
        return ws__fail(c->err, WS_ERR_GAZETTEER, c->path, number, -1, "gender '%s': m, f or u", g);
    uint32_t freq = 0;
    for (const char *d = n > 2 ? field[2] : ""; *d >= '0' && *d <= '9'; d++)
        freq = freq < (UINT32_MAX >> 4) / 10 ? freq * 10 + (uint32_t)(*d - '0') : UINT32_MAX >> 4;
    *v = WS__GIVEN_LISTED | (g[0] == 'm' ? WS__GIVEN_MALE : g[0] == 'f' ? WS__GIVEN_FEMALE : 0) |
         (n > 4 && strcmp(field[4], "1") == 0 ? WS__GIVEN_AMBIGUOUS : 0) | freq << 4;
    return WS_OK;
}

/* The given-name table of a folder: mapped from its cache when the
 * table is the first, else parsed (its size known first, so that the set
 * is built without growing) and cached for the next run. */
static ws_status load_given_names(load_ctx *c, const char *dir, FILE *f)
{
    bool first = c->lx->given.count == 0;
    if (first && ws__cache_load_words(&c->lx->given, dir, files[F_GIVEN_NAMES].name)) {
        fclose(f);
        return WS_OK;
    }
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    fclose(f);
    /* about twenty bytes a line, ten of them the name */
    if (size > 0 && !ws__wordset_reserve(&c->lx->given, (size_t)size / 20, (size_t)size / 2))
        return ws__fail(c->err, WS_ERR_NOMEM, c->path, 0, -1, "out of memory");
    ws_status st = ws__read_lines(c->path, given_name_line, c, c->err);
    if (st == WS_OK && first)
        ws__cache_save_words(&c->lx->given, dir, files[F_GIVEN_NAMES].name);
    return st;
}

const unsigned char ws__word_head_keep[2 * WS__WORD_HEAD] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

uint32_t ws__word_classes(const ws__lexicon *lx, const char *s, size_t n)
{
    return ws__word_classes_at(lx, s, n, n);
}

uint32_t ws__given_name(const ws__lexicon *lx, const char *s, size_t n)
{
    char buf[WS__LEX_WORD_MAX + 1];
    if (n < 2 || n > WS__LEX_WORD_MAX)
        return 0;
    bool upper = true;
    for (size_t i = 1; i < n && upper; i++)
        upper = !(s[i] >= 'a' && s[i] <= 'z');
    if (upper) { /* "MARIA" in a headline or a byline */
        buf[0] = s[0];
        for (size_t i = 1; i < n; i++)
            buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
        s = buf;
    }
    const uint32_t *v = ws__wordset_get(&lx->given, s, n);
    return v ? *v : 0;
}

ws_status ws__lexicon_load_dir(ws__lexicon *lx, const char *dir, ws_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return ws__fail(err, WS_ERR_IO, dir, 0, -1, "cannot open word-list folder: %s", strerror(errno));
    /* every .txt file must be a list we know: a misspelt name would be ignored otherwise */
    ws_status st = WS_OK;
    for (struct dirent *de; st == WS_OK && (de = readdir(d)) != NULL;) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5 ||
            (strcmp(de->d_name + l - 4, ".txt") != 0 && strcmp(de->d_name + l - 4, ".tsv") != 0))
            continue;
        int f = 0;
        while (f < NFILES && strcmp(files[f].name, de->d_name) != 0)
            f++;
        if (f == NFILES)
            st = ws__fail(err, WS_ERR_GAZETTEER, dir, 0, -1,
                          "unknown word list '%s' (data/lexicon/README.md lists the files)", de->d_name);
    }
    closedir(d);
    for (int f = 0; f < NFILES && st == WS_OK; f++) {
        size_t pl = strlen(dir) + strlen(files[f].name) + 2;
        char *path = malloc(pl);
        if (!path)
            return ws__fail(err, WS_ERR_NOMEM, dir, 0, -1, "out of memory");
        snprintf(path, pl, "%s/%s", dir, files[f].name);
        load_ctx c = {lx, f, path, err};
        FILE *probe = fopen(path, "rb");
        if (probe && f == F_GIVEN_NAMES) {
            st = load_given_names(&c, dir, probe);
        } else if (probe) {
            fclose(probe);
            st = ws__read_lines(path, entry_line, &c, err);
        }
        free(path);
    }
    lx->loaded += st == WS_OK;
    return st;
}

/* ---- building the table and the lists ---- */

/* The slot of the word, or of the empty slot where it goes; when add is
 * set and that slot is past the word's home, marks the home slot as
 * spilled, for ws__word_classes_of_head to probe on from it. */
static ws__classslot *classtable_slot(const ws__classtable *t, const uint64_t head[2], const char *s, size_t n,
                                      bool add)
{
    size_t mask = t->nslots - 1, home = (size_t)(ws__word_head_hash(head) >> t->shift);
    for (size_t i = home;; i = (i + 1) & mask) {
        ws__classslot *sl = &t->slots[i];
        if (!sl->len || (sl->head[0] == head[0] && sl->head[1] == head[1] && sl->len == n &&
                         memcmp(t->pool + sl->word, s, n) == 0)) {
            if (add && !sl->len && i != home)
                t->slots[home].probe |= WS__PROBE_SPILL;
            return sl;
        }
    }
}

uint32_t ws__word_classes_probe(const ws__classtable *t, const uint64_t head[2], const char *s, size_t n)
{
    const ws__classslot *sl = classtable_slot(t, head, s, n, false);
    return sl->len ? sl->cls : 0;
}

/* Puts the words in a table of nslots, the shortest first: the short words
 * are the frequent ones ("a", "was", "has"), and a word that finds its home
 * slot taken is looked up the slow way, past a mispredicted branch. */
static bool classtable_rehash(ws__classtable *t, size_t nslots, unsigned bits)
{
    ws__classtable grown = *t;
    ws__classslot *words = malloc((t->count + 1) * sizeof *words);
    if (!words || !(grown.slots = calloc(nslots, sizeof *grown.slots))) {
        free(words);
        return false;
    }
    grown.nslots = nslots;
    grown.shift = 64 - bits;
    /* by length, counted: an entry has at most WS__LEX_WORD_MAX bytes */
    size_t at[WS__LEX_WORD_MAX + 2] = {0};
    for (size_t i = 0; i < t->nslots; i++)
        at[t->slots[i].len + 1] += t->slots[i].len != 0;
    for (size_t l = 1; l <= WS__LEX_WORD_MAX; l++)
        at[l + 1] += at[l];
    for (size_t i = 0; i < t->nslots; i++)
        if (t->slots[i].len)
            words[at[t->slots[i].len]++] = t->slots[i];
    for (size_t k = 0; k < t->count; k++) {
        ws__classslot *sl = classtable_slot(&grown, words[k].head, t->pool + words[k].word, words[k].len, true);
        uint32_t spill = sl->probe & WS__PROBE_SPILL;
        *sl = words[k];
        sl->probe = (sl->probe & ~WS__PROBE_SPILL) | spill;
    }
    free(words);
    free(t->slots);
    *t = grown;
    return true;
}

/* Adds cls to the classes of the word (an empty word is no token's). */
static bool add_form(ws__lexicon *lx, const char *s, size_t n, uint32_t cls)
{
    ws__classtable *t = &lx->words;
    if (n == 0)
        return true;
    /* a quarter full at most: few words then miss their home slot */
    if ((t->count + 1) * 4 > t->nslots) {
        unsigned bits = t->nslots ? 65 - t->shift : 6;
        if (!classtable_rehash(t, (size_t)1 << bits, bits))
            return false;
    }
    uint64_t head[2];
    ws__word_head(s, n, n, head);
    ws__classslot *sl = classtable_slot(t, head, s, n, true);
    if (!sl->len) {
        if (t->pool_len + n >= UINT32_MAX || !ws__grow(&t->pool, &t->pool_cap, t->pool_len + n, 1))
            return false;
        memcpy(t->pool + t->pool_len, s, n);
        *sl = (ws__classslot){{head[0], head[1]}, (uint32_t)n, 0, (uint32_t)t->pool_len,
                              sl->probe | (n > WS__WORD_HEAD ? WS__PROBE_LONG : 0)};
        t->pool_len += n;
        t->count++;
    }
    sl->cls |= cls;
    return true;
}

/* The forms of an entry its file matches: *n of them into forms. */
static size_t case_forms(const char *text, int cases, char forms[3][WS__LEX_WORD_MAX + 1])
{
    size_t len = strlen(text), n = 1;
    memcpy(forms[0], text, len + 1);
    bool lower = text[0] >= 'a' && text[0] <= 'z';
    if (cases == EXACT || !lower)
        return n;
    memcpy(forms[n], text, len + 1);
    forms[n++][0] = (char)(text[0] - 'a' + 'A');
    if (cases == ANY) {
        for (size_t i = 0; i <= len; i++)
            forms[n][i] = text[i] >= 'a' && text[i] <= 'z' ? (char)(text[i] - 'a' + 'A') : text[i];
        n++;
    }
    return n;
}

static bool list_add(ws__lexicon *lx, int list, const char *s, size_t n)
{
    ws__wordlist *wl = &lx->lists[list];
    for (size_t i = 0; i < wl->n; i++)
        if (strlen(wl->items[i]) == n && memcmp(wl->items[i], s, n) == 0)
            return true;
    if (!ws__grow(&wl->items, &wl->cap, wl->n + 1, sizeof *wl->items) || !(wl->items[wl->n] = ws__strndup(s, n)))
        return false;
    wl->n++;
    return true;
}

/* Every word of a title is a title word; the first starts one (unless the
 * form is only part of longer titles). */
static bool add_title_words(ws__lexicon *lx, const char *form, uint32_t cls, bool starts)
{
    bool first = starts;
    for (const char *p = form; *p;) {
        size_t n = strcspn(p, " ");
        if (!add_form(lx, p, n, WS__W_TITLE_WORD | cls | (first ? WS__W_TITLE_START : 0)))
            return false;
        first = false;
        p += n;
        p += *p == ' ';
    }
    return true;
}

static bool add_lowercase(ws__lexicon *lx, const char *text, uint32_t cls)
{
    char low[WS__LEX_WORD_MAX + 1];
    size_t n = strlen(text);
    for (size_t i = 0; i <= n; i++)
        low[i] = text[i] >= 'A' && text[i] <= 'Z' ? (char)(text[i] - 'A' + 'a') : text[i];
    return add_form(lx, low, n, cls) && (cls != WS__W_ROLE || list_add(lx, WS__L_ROLE, low, n));
}

static bool build_title(ws__lexicon *lx, const struct ws__lexentry *e)
{
    char forms[3][WS__LEX_WORD_MAX + 1];
    size_t nforms = case_forms(e->text, CAPITALISED, forms);
    if (e->attrs & (A_ROLE | A_ROLE_ONLY) && !add_lowercase(lx, e->text, WS__W_ROLE))
        return false;
    /* a role that is no title is one capitalised too: "a Nevada Democrat" */
    if (e->attrs & A_ROLE_ONLY)
        return nforms < 2 || add_form(lx, forms[1], strlen(forms[1]), WS__W_ROLE);
    for (size_t i = 0; i < nforms; i++) {
        char *f = forms[i];
        size_t n = strlen(f);
        bool dotted = f[n - 1] == '.';
        if (dotted)
            f[--n] = '\0';
        if (e->attrs & A_PART) {
            if (!add_title_words(lx, f, 0, false))
                return false;
            continue;
        }
        uint32_t cls = dotted ? WS__W_ABBREVIATION : 0;
        int list = dotted ? WS__L_TITLE_ABBR : WS__L_TITLE;
        if (e->attrs & A_HONORIFIC) {
            cls |= WS__W_HONORIFIC | (e->attrs & A_MALE ? WS__W_MALE : 0) | (e->attrs & A_FEMALE ? WS__W_FEMALE : 0);
            list = dotted ? WS__L_HONORIFIC_DOTTED : WS__L_HONORIFIC;
        }
        if (!add_title_words(lx, f, cls, true) || !list_add(lx, list, f, n))
            return false;
    }
    return true;
}

static bool build_org_head(ws__lexicon *lx, const struct ws__lexentry *e)
{
    uint32_t company = (e->attrs & A_COMPANY ? WS__W_COMPANY : 0) | (e->attrs & A_LEGAL ? WS__W_LEGAL_FORM : 0);
    if (e->attrs & (A_ROLE | A_ROLE_ONLY) &&
        !add_lowercase(lx, e->text, WS__W_ORG_ROLE | (e->attrs & A_ANY ? WS__W_ANY_ORG : 0) | company))
        return false;
    if (e->attrs & A_ROLE_ONLY)
        return true;
    return add_form(lx, e->text, strlen(e->text), WS__W_ORG_HEAD | company) &&
           list_add(lx, e->attrs & A_OF ? WS__L_ORG_HEAD_OF : WS__L_ORG_HEAD, e->text, strlen(e->text));
}

ws_status ws__lexicon_build(ws__lexicon *lx, ws_error *err)
{
    classtable_free(&lx->words);
    for (int l = 0; l < WS__NLISTS; l++) {
        for (size_t i = 0; i < lx->lists[l].n; i++)
            free(lx->lists[l].items[i]);
        lx->lists[l].n = 0;
    }
    bool ok = true;
    for (size_t i = 0; i < lx->nentries && ok; i++) {
        const struct ws__lexentry *e = &lx->entries[i];
        if (e->removed)
            continue;
        if (e->file == F_TITLES) {
            ok = build_title(lx, e);
        } else if (e->file == F_ORG_HEADS) {
            ok = build_org_head(lx, e);
        } else {
            char forms[3][WS__LEX_WORD_MAX + 1];
            size_t nforms = case_forms(e->text, files[e->file].cases, forms);
            uint32_t cls = files[e->file].cls | (e->file == F_SPORTS_WORDS && (e->attrs & A_RESULT) ? WS__W_RESULT : 0);
            for (size_t k = 0; k < nforms && ok; k++)
                ok = add_form(lx, forms[k], strlen(forms[k]), cls);
            if (ok && e->file == F_PLACE_NOUNS)
                ok = list_add(lx, WS__L_PLACE_NOUN, e->text, strlen(e->text));
        }
    }
    /* and once more, as the last words added went in as they came */
    ws__classtable *t = &lx->words;
    if (!ok || (t->nslots && !classtable_rehash(t, t->nslots, 64 - t->shift)))
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory building the word lists");
    return WS_OK;
}

size_t ws__lexicon_list_count(const ws__lexicon *lx, const char *name)
{
    int f = 0;
    while (f < NFILES && strcmp(files[f].name, name) != 0)
        f++;
    size_t n = 0;
    if (f == F_GIVEN_NAMES) {
        for (size_t i = 0; i < lx->given.nslots; i++)
            n += lx->given.slots[i].word && lx->given.slots[i].value;
        return n;
    }
    for (size_t i = 0; i < lx->nentries; i++)
        n += lx->entries[i].file == f && !lx->entries[i].removed;
    return n;
}

const char *ws__lexicon_file_name(size_t i)
{
    return i < NFILES ? files[i].name : NULL;
}
