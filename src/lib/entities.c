/*
 * entities.c - stage 4: finding the people, places and organisations.
 *
 * Three passes over the tokens:
 *  1. gazetteer matches, longest first ("New York Post" is one ORG, not New
 *     York), with case rules: a lowercase word never matches a capitalised
 *     alias ("trump card"), an all-caps headline word does;
 *  2. names the gazetteer lacks, found by PCRE2 patterns around words that
 *     introduce them: titles ("regional Gov. Vadym Filaskhin"), place nouns
 *     ("the town of Chasiv Yar"), organisation heads ("Ministry of ...");
 *  3. later mentions of those names (a surname after a full name).
 * A person mention also records the title written before it ("Kremlin
 * spokesman Dmitry Peskov"), which attribution reports as the speaker text.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define KEY_MAX 1024
#define SMALL_PLACE 100000 /* people: below it, a one-word place name needs context */

/* Word lists are X-macros: the patterns are built from them, and so is the
 * prefilter that finds where a pattern can start (see find_candidates), so
 * the two cannot disagree. FIRST(w) writes the first word of an
 * alternation, NEXT(w) each later one. */
#define FIRST_RE(w) w
#define NEXT_RE(w) "|" w
#define ITEM(w) w,

/* Titles that introduce a person's name. Honorifics (Mr., Ms.) may precede
 * a surname alone; the others introduce a full name. */
#define DOTTED_HONORIFICS(F, N) F("Mr") N("Mrs") N("Ms") N("Dr")
#define PLAIN_HONORIFICS(F, N) F("Sir") N("Dame")
#define TITLE_ABBRS(F, N)                                                                   \
    F("Gov") N("Sen") N("Rep") N("Gen") N("Lt") N("Col") N("Maj") N("Capt") N("Cmdr")        \
    N("Sgt") N("Adm") N("Prof") N("Rev") N("Amb")
#define TITLE_WORDS(F, N)                                                                   \
    F("President") N("Vice President") N("Prime Minister") N("Minister") N("Premier")       \
    N("Chancellor") N("Secretary") N("Governor") N("Mayor") N("Ambassador") N("Senator")    \
    N("Representative") N("Congressman") N("Congresswoman") N("Councillor")                 \
    N("Councilor") N("Spokesman") N("spokesman") N("Spokeswoman") N("spokeswoman")          \
    N("Spokesperson") N("spokesperson") N("General") N("Commander") N("Colonel")            \
    N("Lieutenant") N("Captain") N("Admiral") N("Sergeant") N("Major") N("Prince")          \
    N("Princess") N("King") N("Queen") N("Sheikh") N("Pope") N("Judge") N("Justice")        \
    N("Prosecutor") N("Chairman") N("Chairwoman") N("Chair") N("CEO") N("Leader")           \
    N("leader") N("Chief") N("chief") N("Director") N("director") N("Adviser") N("adviser") \
    N("Advisor") N("advisor") N("Envoy") N("envoy") N("Analyst") N("analyst") N("Expert")   \
    N("expert") N("Official") N("official") N("Lawmaker") N("lawmaker") N("Aide") N("aide") \
    N("Deputy") N("deputy") N("commander") N("minister") N("president") N("governor")       \
    N("mayor") N("ambassador") N("secretary") N("Head") N("head")
#define TITLE_ABBR "(?:" TITLE_ABBRS(FIRST_RE, NEXT_RE) ")\\."
#define NAME_WORD "\\p{Lu}[\\p{L}\\p{M}]*(?:-\\p{Lu}?[\\p{L}\\p{M}]+)*"

static const char TITLE_PERSON_RE[] =
    "(?<![\\p{L}\\p{N}])((?:" DOTTED_HONORIFICS(FIRST_RE, NEXT_RE) ")\\.|"
    PLAIN_HONORIFICS(FIRST_RE, NEXT_RE) "|" TITLE_ABBR "(?:\\s+" TITLE_ABBR ")?|"
    TITLE_WORDS(FIRST_RE, NEXT_RE) ")"
    "\\s+((?:" NAME_WORD "\\s+(?:\\p{Lu}\\.\\s+)?){0,3}" NAME_WORD ")";

#define PLACE_NOUNS(F, N)                                                                  \
    F("town") N("village") N("city") N("settlement") N("region") N("province")              \
    N("district") N("county") N("port") N("oblast") N("municipality") N("suburb")           \
    N("neighbourhood") N("neighborhood")

static const char PLACE_OF_RE[] =
    "(?<![\\p{L}])(?:" PLACE_NOUNS(FIRST_RE, NEXT_RE) ")\\s+of\\s+(" NAME_WORD
    "(?:\\s+" NAME_WORD "){0,2})";

/* Heads that name an organisation, and those that may take "of ..." after
 * them ("Ministry of Foreign Affairs"; but not "Battalion of the Marine Corps",
 * which is two organisations). */
#define ORG_HEADS_OF(F, N)                                                                 \
    F("Ministry") N("Agency") N("Council") N("Committee") N("Commission") N("Party")        \
    N("Bank") N("University") N("Institute") N("Foundation") N("Court") N("Parliament")     \
    N("Office") N("Department") N("Authority") N("Association") N("Union") N("Federation")  \
    N("Organisation") N("Organization") N("Forces") N("Bureau") N("Directorate")            \
    N("Administration") N("Academy") N("Service")
#define ORG_HEADS_UNIT(F, N)                                                               \
    F("Corps") N("Battalion") N("Brigade") N("Regiment") N("Division") N("Group") N("Army") \
    N("Navy") N("Police") N("Company") N("Corporation") N("Guard") N("Command") N("Force")

static const char ORG_RE[] =
    "(?<![\\p{L}\\p{N}'-])((?:" NAME_WORD "\\s+(?:and\\s+)?){0,5}"
    "(?:(?:" ORG_HEADS_UNIT(FIRST_RE, NEXT_RE) ")|(?:" ORG_HEADS_OF(FIRST_RE, NEXT_RE) ")"
    "(?:\\s+(?:of|for|on)\\s+(?:the\\s+)?" NAME_WORD "(?:\\s+(?:and\\s+)?" NAME_WORD ")*)?))"
    "(?![\\p{L}\\p{N}])";

/* A name introduced by what the person is: "Fiona Hill, a Russia expert",
 * "Olena Shevchuk, 54, a teacher". */
static const char APPOSITION_RE[] =
    "(?<![\\p{L}\\p{N}])(" NAME_WORD "(?:\\s+" NAME_WORD "){1,2}),(?:\\s+\\d{1,3},)?\\s+(?:a|an|the)\\s+\\p{L}";

/* A role, then the name of who holds it: "the town's mayor, Petro Savchuk,". */
#define ROLE_NOUNS(F, N)                                                                   \
    F("mayor") N("minister") N("governor") N("spokesman") N("spokeswoman")                  \
    N("spokesperson") N("president") N("ambassador") N("commander") N("chief")              \
    N("director") N("leader") N("head") N("secretary") N("chancellor") N("premier")         \
    N("envoy") N("prosecutor") N("judge") N("official") N("adviser") N("advisor")           \
    N("lawyer") N("founder") N("owner") N("chairman") N("chairwoman") N("chair")            \
    N("economist") N("analyst") N("professor") N("researcher") N("teacher") N("doctor")     \
    N("nurse")

static const char ROLE_NAME_RE[] =
    "(?<![\\p{L}])(?:" ROLE_NOUNS(FIRST_RE, NEXT_RE) "),\\s+(" NAME_WORD "(?:\\s+" NAME_WORD
    "){1,2}),";

/* A photo credit: "EPA/SERGEY KOZLOV" names the photographer. */
static const char CREDIT_RE[] =
    "(?<![\\p{L}])\\p{Lu}{2,}/(\\p{Lu}{2,}(?:[ -]\\p{Lu}{2,}){1,2})(?![\\p{L}])";

/* The patterns, in the order they run: appositions first, so that an
 * honorific later ("Ms. Kowalczyk") finds the full name. */
enum { PAT_APPOSITION, PAT_ROLE_NAME, PAT_TITLE_PERSON, PAT_PLACE_OF, PAT_ORG, PAT_CREDIT, NPATTERNS };

static const struct pattern_def {
    const char *re;
    int group; /* the capture group holding the name */
} pattern_defs[NPATTERNS] = {
    [PAT_APPOSITION] = {APPOSITION_RE, 1}, [PAT_ROLE_NAME] = {ROLE_NAME_RE, 1},
    [PAT_TITLE_PERSON] = {TITLE_PERSON_RE, 2}, [PAT_PLACE_OF] = {PLACE_OF_RE, 1},
    [PAT_ORG] = {ORG_RE, 1}, [PAT_CREDIT] = {CREDIT_RE, 1},
};

/* A word of the prefilter: the patterns it may start, or an organisation head. */
#define KEYWORD_MAX 15
#define KEYWORD_SLOTS 512 /* a power of two, well over the number of words */
typedef struct keyword {
    char word[KEYWORD_MAX + 1];
    uint8_t len;
    uint8_t starts; /* bit p: pattern p may start here */
    bool org_head;
} keyword;

struct ws__patterns {
    pcre2_code *code[NPATTERNS];
    keyword words[KEYWORD_SLOTS];
};

static size_t keyword_hash(const char *w, size_t n)
{
    size_t h = n;
    for (size_t i = 0; i < n; i++)
        h = h * 31 + (unsigned char)w[i];
    return h & (KEYWORD_SLOTS - 1);
}

static const keyword *keyword_find(const ws__patterns *p, const char *w, size_t n)
{
    if (n > KEYWORD_MAX)
        return NULL;
    for (size_t i = keyword_hash(w, n);; i = (i + 1) & (KEYWORD_SLOTS - 1)) {
        const keyword *k = &p->words[i];
        if (!k->len)
            return NULL;
        if (k->len == n && memcmp(k->word, w, n) == 0)
            return k;
    }
}

/* Adds the first word of each phrase to the prefilter. */
static void keywords_add(ws__patterns *p, const char *const *phrases, size_t count, unsigned starts,
                         bool org_head)
{
    for (size_t j = 0; j < count; j++) {
        size_t n = strcspn(phrases[j], " ");
        size_t i = keyword_hash(phrases[j], n);
        while (p->words[i].len && !(p->words[i].len == n && memcmp(p->words[i].word, phrases[j], n) == 0))
            i = (i + 1) & (KEYWORD_SLOTS - 1);
        keyword *k = &p->words[i];
        memcpy(k->word, phrases[j], n);
        k->len = (uint8_t)n;
        k->starts |= (uint8_t)starts;
        k->org_head |= org_head;
    }
}

static pcre2_code *compile(const char *re, ws_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    /* anchored: each pattern is tried only where find_candidates says it may start */
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        ws__fail(err, WS_ERR_REGEX, NULL, 0, (long long)eo, "internal pattern: %s", (char *)msg);
        return NULL;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* an interpreter fallback is fine */
    return code;
}

#define ADD_KEYWORDS(list, starts, org_head)                                                \
    do {                                                                                   \
        static const char *const words_[] = {list(ITEM, ITEM)};                            \
        keywords_add(p, words_, sizeof words_ / sizeof words_[0], starts, org_head);      \
    } while (0)

ws_status ws__patterns_new(ws__patterns **out, ws_error *err)
{
    ws__patterns *p = calloc(1, sizeof *p);
    if (!p)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    for (int i = 0; i < NPATTERNS; i++) {
        if (!(p->code[i] = compile(pattern_defs[i].re, err))) {
            ws__patterns_free(p);
            return WS_ERR_REGEX;
        }
    }
    ADD_KEYWORDS(DOTTED_HONORIFICS, 1u << PAT_TITLE_PERSON, false);
    ADD_KEYWORDS(PLAIN_HONORIFICS, 1u << PAT_TITLE_PERSON, false);
    ADD_KEYWORDS(TITLE_ABBRS, 1u << PAT_TITLE_PERSON, false);
    ADD_KEYWORDS(TITLE_WORDS, 1u << PAT_TITLE_PERSON, false);
    ADD_KEYWORDS(PLACE_NOUNS, 1u << PAT_PLACE_OF, false);
    ADD_KEYWORDS(ROLE_NOUNS, 1u << PAT_ROLE_NAME, false);
    ADD_KEYWORDS(ORG_HEADS_OF, 0, true);
    ADD_KEYWORDS(ORG_HEADS_UNIT, 0, true);
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

/* Capitalised words that follow names but are not part of them. */
static bool is_calendar_word(const char *s, size_t n)
{
    static const char *const words[] = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "On", "In", "At", "The",
    };
    static ws__wordset set = WS__WORDSET(words);
    return ws__wordset_has(&set, s, n);
}

bool ws__is_title_word(const char *s, size_t n)
{
    static const char *const words[] = {
        "President", "president", "Vice", "Prime", "Minister", "minister", "Premier",
        "Chancellor", "Secretary", "secretary", "Governor", "governor", "Gov", "Mayor", "mayor",
        "Ambassador", "ambassador", "Senator", "Sen", "Rep", "Representative", "spokesman",
        "spokeswoman", "spokesperson", "Spokesman", "Spokeswoman", "General", "Gen", "Lt",
        "Lieutenant", "Col", "Colonel", "Maj", "Major", "Capt", "Captain", "Adm", "Admiral",
        "Sgt", "Cmdr", "Commander", "commander", "Mr", "Mrs", "Ms", "Dr", "Prof", "Rev",
        "King", "Queen", "Prince", "Princess", "Sheikh", "Pope", "Judge", "Chairman",
        "chairman", "Chairwoman", "leader", "Leader", "chief", "Chief", "envoy", "Envoy",
        "adviser", "advisor", "aide", "official", "lawmaker", "deputy", "Deputy", "Foreign",
        "Defense", "Defence", "Interior", "Finance", "foreign", "defense", "defence",
        "Amb", "Congressman", "Congresswoman", "CEO", "Director", "director", "Councillor",
        "Councilor", "Councilman", "Councilwoman", "councillor", "Alderman", "Speaker", "Sir",
        "Dame", "Lord", "Lady",
    };
    static ws__wordset set = WS__WORDSET(words);
    return ws__wordset_has(&set, s, n);
}

/* Lowercase words that may stand before a title: "regional Gov.", "former President". */
static bool is_title_modifier(const char *s, size_t n)
{
    static const char *const words[] = {
        "regional", "former", "acting", "deputy", "senior", "top", "then", "outgoing",
        "incoming", "interim", "foreign", "defense", "defence", "presidential", "military",
        "chief", "local", "provincial", "state", "federal", "retired", "Kremlin", "White", "House",
    };
    static ws__wordset set = WS__WORDSET(words);
    return ws__wordset_has(&set, s, n);
}

void ws__entities_free(ws__entities *e)
{
    for (size_t i = 0; i < e->nents; i++) {
        if (e->ents[i].local) {
            free((char *)e->ents[i].id);
            free((char *)e->ents[i].name);
            free((char *)e->ents[i].role);
        }
    }
    free(e->ents);
    free(e->ments);
    free(e->tok_ment);
    free(e->headline);
    memset(e, 0, sizeof *e);
}

/* A headline in title case capitalises every word; patterns that rely on
 * capitals would see names everywhere in it. */
static bool is_title_case(const ws__segments *seg, size_t tb, size_t te)
{
    size_t words = 0, caps = 0;
    for (size_t k = tb; k < te; k++) {
        const ws__token *tk = &seg->toks[k];
        if ((tk->flags & WS__TOK_WORD) && tk->end - tk->start > 3 && !(tk->flags & WS__TOK_DIGIT)) {
            words++;
            caps += (tk->flags & WS__TOK_CAP) != 0;
        }
    }
    return words >= 3 && caps * 10 >= words * 8;
}

/* ---- pass 1: the gazetteer ---- */

typedef struct span_match {
    uint32_t tb, te;
    uint32_t fit, nfit; /* the aliases that fit the text: fits[fit .. fit + nfit) */
} span_match;

/* The matches of a document and, for each, the aliases whose case fits. */
typedef struct matches {
    span_match *m;
    size_t n, cap;
    uint32_t *fits;
    size_t nfits, fits_cap;
} matches;

/* Does the alias, as written, fit the text's case? Keys already agree when
 * folded; this rejects "trump card" for Trump while accepting "TRUMP". */
static bool case_fits(const ws_gazetteer *g, const ws__alias *a, const char *text, const ws__token *tt)
{
    const char *surface = g->pool + a->surface;
    ws__token at[WS__MAX_ALIAS_TOKENS];
    size_t n;
    if (ws__tokenize(surface, strlen(surface), at, WS__MAX_ALIAS_TOKENS, &n) != WS_OK || n != a->ntoks)
        return false;
    for (size_t i = 0; i < n; i++) {
        size_t al = at[i].end - at[i].start, tl = tt[i].end - tt[i].start;
        if (al == tl && memcmp(surface + at[i].start, text + tt[i].start, al) == 0)
            continue;
        if (tt[i].flags & WS__TOK_UPPER)
            continue; /* headline caps */
        if (!(at[i].flags & (WS__TOK_CAP | WS__TOK_UPPER)))
            continue; /* "of", "the", "region" in any case */
        return false;
    }
    return true;
}

/* Appends the chain's aliases that fit the text (of live entities) to
 * ms->fits; returns how many, or -1 when memory ran out. */
static long collect_fits(const ws_gazetteer *g, uint32_t chain, const char *text, const ws__token *tt,
                         matches *ms)
{
    long n = 0;
    for (uint32_t a = chain; a != WS__NONE; a = g->aliases[a].next) {
        if (g->ents[g->aliases[a].entity].replaced || !case_fits(g, &g->aliases[a], text, tt))
            continue;
        if (!ws__grow(&ms->fits, &ms->fits_cap, ms->nfits + 1, sizeof *ms->fits))
            return -1;
        ms->fits[ms->nfits++] = a;
        n++;
    }
    return n;
}

static ws_status match_gazetteer(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                                 matches *ms)
{
    char key[KEY_MAX];
    /* the key of the first n tokens is key[0 .. cut[n]), its hash hash[n] */
    size_t cut[WS__MAX_ALIAS_TOKENS + 1];
    uint64_t hash[WS__MAX_ALIAS_TOKENS + 1];
    /* Folding keeps lengths, so the document is folded once and each key
     * copied from it, rather than every token folded once per window. */
    char *folded = malloc(t->len + 1);
    if (!folded)
        return WS_ERR_NOMEM;
    ws__fold(t->norm, t->len, folded, t->len + 1);
    ws_status st = WS_OK;
    for (size_t p = 0; p < seg->nparas && st == WS_OK; p++) {
        const ws__paragraph *para = &seg->paras[p];
        size_t tb = seg->sents[para->sent_begin].tok_begin;
        size_t te = seg->sents[para->sent_end - 1].tok_end;
        for (size_t i = tb; i < te;) {
            if (!(seg->toks[i].flags & WS__TOK_WORD)) {
                i++;
                continue;
            }
            /* Read on while the filter allows a longer alias, noting the
             * lengths whose keys may be aliases: bit n of maybe for n tokens. */
            uint32_t maybe = 0;
            size_t n = 0, klen = 0;
            uint64_t h = WS__HASH_INIT;
            unsigned f = WS__GAZ_LONGER;
            while ((f & WS__GAZ_LONGER) && n < WS__MAX_ALIAS_TOKENS && i + n < te &&
                   (n == 0 || klen + 2 < sizeof key)) {
                const ws__token *tn = &seg->toks[i + n];
                size_t from = klen;
                if (n)
                    key[klen++] = ' ';
                size_t part = tn->end - tn->start < sizeof key - klen ? tn->end - tn->start : sizeof key - klen - 1;
                memcpy(key + klen, folded + tn->start, part);
                klen += part;
                h = ws__hash_more(h, key + from, klen - from);
                cut[++n] = klen;
                hash[n] = h;
                f = ws__gaz_filter(g, h);
                maybe |= f & WS__GAZ_KEY ? (uint32_t)1 << n : 0;
            }
            /* the longest alias whose case fits wins */
            size_t found = 0, fit = ms->nfits;
            long nfit = 0;
            for (size_t len = n; len >= 1 && nfit == 0; len--) {
                uint32_t chain = maybe >> len & 1 ? ws__gaz_lookup(g, hash[len], key, cut[len]) : WS__NONE;
                nfit = chain == WS__NONE ? 0 : collect_fits(g, chain, t->norm, &seg->toks[i], ms);
                found = len;
            }
            if (nfit < 0 || (nfit > 0 && !ws__grow(&ms->m, &ms->cap, ms->n + 1, sizeof *ms->m))) {
                st = WS_ERR_NOMEM;
                break;
            }
            if (nfit == 0) {
                i++;
                continue;
            }
            ms->m[ms->n++] = (span_match){(uint32_t)i, (uint32_t)(i + found), (uint32_t)fit, (uint32_t)nfit};
            i += found;
        }
    }
    free(folded);
    return st;
}

static ws_status add_mention(ws__entities *e, uint32_t tb, uint32_t te, uint32_t ent)
{
    if (!ws__grow(&e->ments, &e->ments_cap, e->nments + 1, sizeof *e->ments))
        return WS_ERR_NOMEM;
    e->ments[e->nments++] = (ws__ment){tb, te, tb, ent, WS__NONE};
    return WS_OK;
}

static ws_status add_entity(ws__entities *e, const ws__ent *ent, uint32_t *idx)
{
    if (!ws__grow(&e->ents, &e->ents_cap, e->nents + 1, sizeof *e->ents))
        return WS_ERR_NOMEM;
    *idx = (uint32_t)e->nents;
    e->ents[e->nents++] = *ent;
    return WS_OK;
}

/* A small map from gazetteer entities to what the document knows of them,
 * sized by the document rather than by the gazetteer. */
typedef struct ent_slot {
    uint32_t gaz;     /* WS__NONE: empty */
    uint32_t doc;     /* document entity, or WS__NONE before its first mention */
    bool confirmed;   /* named in full somewhere in the document */
    bool evidenced;   /* named somewhere where no evidence was wanting */
} ent_slot;

static ent_slot *ent_map_get(ent_slot *map, size_t mask, uint32_t gaz)
{
    size_t i = (size_t)(gaz * 2654435761u) & mask;
    while (map[i].gaz != WS__NONE && map[i].gaz != gaz)
        i = (i + 1) & mask;
    if (map[i].gaz == WS__NONE)
        map[i] = (ent_slot){gaz, WS__NONE, false, false};
    return &map[i];
}

/* Does a capitalised word that is no title stand right before token k, in
 * its sentence (a first name, so k is someone's surname)? */
static bool after_first_name(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg, uint32_t k)
{
    if (k == 0)
        return false;
    const ws__token *prev = &seg->toks[k - 1];
    if (prev->sent != seg->toks[k].sent)
        return false;
    const char *w = t->norm + prev->start;
    size_t n = prev->end - prev->start;
    char key[KEY_MAX];
    /* a sentence's first word is capitalised anyway: a name only if no common word */
    if (seg->sents[prev->sent].tok_begin == k - 1 &&
        (!g || !g->has_common_words || ws__gaz_is_common(g, key, ws__fold(w, n, key, sizeof key))))
        return false;
    return (prev->flags & WS__TOK_CAP) && !(prev->flags & WS__TOK_UPPER) &&
           !ws__is_title_word(w, n) && !is_calendar_word(w, n);
}

/* "Anna Weber" is not the congressman Randy Weber: a person's surname alias
 * right after a capitalised word that is no title is someone else's name;
 * so is one after an honorific of the other gender. */
static bool other_first_name(const ws_gazetteer *g, const ws__alias *al, const ws__text *t,
                             const ws__segments *seg, uint32_t tb)
{
    if (al->ntoks != 1 || al->canonical || g->ents[al->entity].type != WS_PERSON || tb == 0)
        return false;
    const char *gender = g->ents[al->entity].gender;
    /* "Ms. Weber" is not a man named Weber, nor "Mr. May" a woman */
    if (gender && tb >= 2 && seg->toks[tb - 1].punct == '.') {
        const ws__token *h = &seg->toks[tb - 2];
        size_t hn = h->end - h->start;
        bool female = (hn == 2 && memcmp(t->norm + h->start, "Ms", 2) == 0) ||
                      (hn == 3 && memcmp(t->norm + h->start, "Mrs", 3) == 0);
        bool male = hn == 2 && memcmp(t->norm + h->start, "Mr", 2) == 0;
        if ((female && gender[0] == 'm') || (male && gender[0] == 'f'))
            return true;
    }
    return after_first_name(g, t, seg, tb);
}

static void add_alternative(ws__ent *ent, uint32_t gaz)
{
    for (size_t k = 0; k < ent->nalts; k++)
        if (ent->alts[k] == gaz)
            return;
    if (ent->nalts < MAX_ALTERNATIVES)
        ent->alts[ent->nalts++] = gaz;
}

/* What the words around a one-word match say for it being a name. */
typedef struct evidence {
    bool common;  /* the word is also a common English word ("Reading", "Nice") */
    bool capital; /* capitalised mid-sentence, in running text (not a headline) */
    bool place;   /* a preposition before it, or ", PLACE" after it */
    bool name;    /* a title before it, a speech verb or 's after it */
} evidence;

static bool is_place_preposition(const char *s, size_t n)
{
    static const char *const words[] = {"in", "from", "near", "at", "to", "outside", "across",
                                        "around", "toward", "towards", "into", "via", "through",
                                        "between", "of", "on", "over", "along", "beyond", "past",
                                        "behind", "inside", "within", "In", "From", "Near", "At",
                                        "Outside"};
    static ws__wordset set = WS__WORDSET(words);
    return ws__wordset_has(&set, s, n);
}

static evidence evidence_for(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                             const span_match *m, size_t n, size_t i, bool headline)
{
    evidence ev = {false, false, false, false};
    const ws__token *tk = &seg->toks[m[i].tb];
    char key[KEY_MAX];
    size_t klen = ws__fold(t->norm + tk->start, tk->end - tk->start, key, sizeof key);
    ev.common = m[i].te - m[i].tb == 1 && ws__gaz_is_common(g, key, klen);
    size_t sb = seg->sents[tk->sent].tok_begin, k = m[i].tb;
    while (k > sb && seg->toks[k - 1].punct && seg->toks[k - 1].punct != ',')
        k--; /* quote marks and brackets at the sentence start */
    ev.capital = k > sb && !headline && (tk->flags & WS__TOK_CAP) && !(tk->flags & WS__TOK_UPPER);
    if (m[i].tb > sb) {
        const ws__token *p = &seg->toks[m[i].tb - 1];
        const char *w = t->norm + p->start;
        size_t wn = p->end - p->start;
        ev.place = is_place_preposition(w, wn);
        ev.name = ws__is_title_word(w, wn) ||
                  (p->punct == '.' && m[i].tb >= 2 &&
                   ws__is_title_word(t->norm + seg->toks[m[i].tb - 2].start,
                                     seg->toks[m[i].tb - 2].end - seg->toks[m[i].tb - 2].start));
    }
    /* "Pokrovsk, Donetsk region": a place followed by the place it is in */
    if (i + 1 < n && m[i + 1].tb == m[i].te + 1 && seg->toks[m[i].te].punct == ',')
        ev.place = true;
    /* "Trump told ...", "Tusk's government": what follows a name */
    if (m[i].te < seg->ntoks && seg->toks[m[i].te].sent == tk->sent) {
        const ws__token *nx = &seg->toks[m[i].te];
        const char *w = t->norm + nx->start;
        size_t wn = nx->end - nx->start;
        if (ws__is_cue(w, wn) || (wn == 2 && w[0] == '\'' && (w[1] == 's' || w[1] == 'S')))
            ev.name = true;
    }
    return ev;
}

/* May this alias of this entity stand here without help from the rest of
 * the document? A place named by a common word needs capitals in running
 * text or a preposition; a small place named with one word ("Jackson",
 * "Lozova") needs a preposition or the place it is in. */
static bool self_evident(const ws_gazetteer *g, const ws__alias *al, const evidence *ev)
{
    const ws__gaz_entity *ge = &g->ents[al->entity];
    bool context = ge->type == WS_PLACE ? ev->place : ev->name;
    bool small_place = ge->type == WS_PLACE && al->ntoks == 1 && ge->population > 0 &&
                       ge->population < SMALL_PLACE;
    if (small_place)
        return context;
    /* people's and organisations' names that are words were admitted by the
     * gazetteers' curators one by one (Trump, Tusk, Shell) */
    if (ev->common && ge->type == WS_PLACE)
        return ev->capital || context;
    return true;
}

/* Picks each span's entity. Where an alias belongs to several entities, an
 * entity named in full elsewhere in the document wins, then a place or one
 * whose own name this is (the city "Warren" over a senator's surname), then
 * the larger place (Washington, D.C. over Washington in England), then load
 * order. A match that needs evidence (self_evident) stands only if its entity
 * is named with evidence elsewhere in the document. The entities a match
 * beat are kept as its entity's alternatives. */
static ws_status resolve_gazetteer(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                                   const matches *ms, ws__entities *e)
{
    const span_match *m = ms->m;
    size_t n = ms->n;
    size_t size = 16;
    while (size < ms->nfits * 2)
        size *= 2;
    ent_slot *map = malloc(size * sizeof *map);
    evidence *ev = malloc((n + 1) * sizeof *ev);
    if (!map || !ev) {
        free(map);
        free(ev);
        return WS_ERR_NOMEM;
    }
    for (size_t i = 0; i < size; i++)
        map[i].gaz = WS__NONE;
    for (size_t i = 0; i < n; i++) {
        const ws__token *tk = &seg->toks[m[i].tb];
        ev[i] = evidence_for(g, t, seg, m, n, i, e->headline[seg->sents[tk->sent].para]);
        for (uint32_t f = m[i].fit; f < m[i].fit + m[i].nfit; f++) {
            const ws__alias *al = &g->aliases[ms->fits[f]];
            ent_slot *slot = ent_map_get(map, size - 1, al->entity);
            /* a one-word place name confirms nothing: namesakes abound */
            if (al->ntoks > 1 || (al->canonical && g->ents[al->entity].type != WS_PLACE))
                slot->confirmed = true;
            if (self_evident(g, al, &ev[i]))
                slot->evidenced = true;
        }
    }
    ws_status st = WS_OK;
    for (size_t i = 0; i < n && st == WS_OK; i++) {
        ent_slot *passing[MAX_ALTERNATIVES + 1], *best = NULL;
        size_t npassing = 0;
        unsigned rank = 0;
        for (uint32_t f = m[i].fit; f < m[i].fit + m[i].nfit; f++) {
            const ws__alias *al = &g->aliases[ms->fits[f]];
            if (other_first_name(g, al, t, seg, m[i].tb))
                continue;
            ent_slot *slot = ent_map_get(map, size - 1, al->entity);
            if (!self_evident(g, al, &ev[i]) && !slot->evidenced)
                continue;
            bool listed = false;
            for (size_t k = 0; k < npassing && !listed; k++)
                listed = passing[k] == slot;
            if (!listed && npassing <= MAX_ALTERNATIVES)
                passing[npassing++] = slot;
            unsigned r = slot->confirmed ? 3 : al->canonical || g->ents[al->entity].type == WS_PLACE ? 2 : 1;
            if (r > rank || (r == rank && g->ents[al->entity].population > g->ents[best->gaz].population))
                best = slot, rank = r;
        }
        if (!best)
            continue;
        if (best->doc == WS__NONE) {
            const ws__gaz_entity *ge = &g->ents[best->gaz];
            ws__ent ent = {ge->id, ge->name, ge->gender, ge->role, ge->type, false, best->gaz, {0}, 0};
            st = add_entity(e, &ent, &best->doc);
        }
        for (size_t k = 0; k < npassing && st == WS_OK; k++)
            if (passing[k] != best)
                add_alternative(&e->ents[best->doc], passing[k]->gaz);
        if (st == WS_OK)
            st = add_mention(e, m[i].tb, m[i].te, best->doc);
    }
    free(map);
    free(ev);
    return st;
}

/* ---- pass 2: names found by pattern ---- */

/* Lets a name found by pattern take its tokens from shorter gazetteer
 * matches inside it ("Cherkaska Lozova" over the city "Lozova"). False when
 * a mention reaches outside the span. */
static bool can_claim(const ws__entities *e, uint32_t tb, uint32_t te)
{
    for (uint32_t k = tb; k < te; k++) {
        int32_t m = e->tok_ment[k];
        if (m >= 0 && (e->ments[m].tok_begin < tb || e->ments[m].tok_end > te ||
                       (e->ments[m].tok_begin == tb && e->ments[m].tok_end == te)))
            return false;
    }
    return true;
}

static bool claim_span(ws__entities *e, uint32_t tb, uint32_t te)
{
    if (!can_claim(e, tb, te))
        return false;
    for (uint32_t k = tb; k < te; k++) {
        int32_t m = e->tok_ment[k];
        if (m >= 0)
            e->ments[m].ent = WS__NONE; /* dropped by ws__index_mentions */
        e->tok_ment[k] = -1;
    }
    return true;
}

static void mark_tokens(ws__entities *e, size_t mi)
{
    for (uint32_t k = e->ments[mi].tok_begin; k < e->ments[mi].tok_end; k++)
        e->tok_ment[k] = (int32_t)mi;
}

static uint32_t find_local(const ws__entities *e, const char *name, size_t n, ws_entity_type type)
{
    for (size_t k = 0; k < e->nents; k++)
        if (e->ents[k].local && e->ents[k].type == type && strlen(e->ents[k].name) == n &&
            memcmp(e->ents[k].name, name, n) == 0)
            return (uint32_t)k;
    return WS__NONE;
}

/* The one person of the document whose name has this word, of a
 * compatible gender ('m', 'f' or 0 for either), or WS__NONE. */
static uint32_t person_named(const ws__entities *e, const char *w, size_t n, int gender)
{
    uint32_t found = WS__NONE;
    for (size_t k = 0; k < e->nents; k++) {
        const ws__ent *en = &e->ents[k];
        if (en->type != WS_PERSON || (gender && en->gender && en->gender[0] != gender))
            continue;
        for (const char *p = en->name; *p;) {
            const char *sp = strchr(p, ' ');
            size_t len = sp ? (size_t)(sp - p) : strlen(p);
            if (len == n && memcmp(p, w, n) == 0) {
                if (found != WS__NONE && found != k)
                    return WS__NONE; /* two candidates: say nothing */
                found = (uint32_t)k;
            }
            p = sp ? sp + 1 : p + len;
        }
    }
    return found;
}

uint32_t ws__local_by_surname(const ws__entities *e, const char *s, size_t n)
{
    for (size_t k = 0; k < e->nents; k++) {
        const ws__ent *en = &e->ents[k];
        const char *last = en->local && en->type == WS_PERSON ? strrchr(en->name, ' ') : NULL;
        if (last && strlen(last + 1) == n && memcmp(last + 1, s, n) == 0)
            return (uint32_t)k;
    }
    return WS__NONE;
}

/* "Ms. Weber" met before "Anna Weber" was known: her mentions join the full name. */
static void adopt_surname(ws__entities *e, uint32_t full, const char *surname, size_t n)
{
    uint32_t lone = find_local(e, surname, n, WS_PERSON);
    if (lone == WS__NONE || lone == full)
        return;
    for (size_t i = 0; i < e->nments; i++)
        if (e->ments[i].ent == lone)
            e->ments[i].ent = full;
}

ws_status ws__entities_add_local(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                 uint32_t tb, uint32_t te, ws_entity_type type, uint32_t *ent_out)
{
    const char *name = t->norm + seg->toks[tb].start;
    size_t n = seg->toks[te - 1].end - seg->toks[tb].start;
    uint32_t idx = find_local(e, name, n, type);
    if (idx == WS__NONE && !can_claim(e, tb, te)) {
        *ent_out = WS__NONE;
        return WS_OK;
    }
    if (idx == WS__NONE) {
        size_t idlen = n + 7;
        char *id = malloc(idlen);
        char *nm = ws__strndup(name, n);
        if (!id || !nm) {
            free(id);
            free(nm);
            return WS_ERR_NOMEM;
        }
        snprintf(id, idlen, "local:%s", nm);
        for (char *p = id; *p; p++)
            if (*p == ' ')
                *p = '_';
        ws__ent ent = {id, nm, NULL, NULL, type, true, WS__NONE, {0}, 0};
        ws_status st = add_entity(e, &ent, &idx);
        if (st != WS_OK) {
            free(id);
            free(nm);
            return st;
        }
        if (type == WS_PERSON && te - tb > 1)
            adopt_surname(e, idx, t->norm + seg->toks[te - 1].start,
                          seg->toks[te - 1].end - seg->toks[te - 1].start);
    }
    *ent_out = idx;
    if (!claim_span(e, tb, te))
        return WS_OK;
    ws_status st = add_mention(e, tb, te, idx);
    if (st == WS_OK)
        mark_tokens(e, e->nments - 1);
    return st;
}

/* Where each pattern may start, as offsets in the normalised text, in
 * order. Without them PCRE2 would try every byte: the patterns begin with a
 * lookbehind and \p{Lu}, which defeat its own start-of-match scan. */
typedef struct candidates {
    uint32_t *at[NPATTERNS];
    size_t n[NPATTERNS], cap[NPATTERNS];
} candidates;

static void candidates_free(candidates *c)
{
    for (int i = 0; i < NPATTERNS; i++)
        free(c->at[i]);
}

static bool candidates_add(candidates *c, int pat, const uint32_t *pos, size_t n)
{
    if (n == 0)
        return true; /* pos may be NULL then */
    if (!ws__grow(&c->at[pat], &c->cap[pat], c->n[pat] + n, sizeof *c->at[pat]))
        return false;
    memcpy(c->at[pat] + c->n[pat], pos, n * sizeof *pos);
    c->n[pat] += n;
    return true;
}

static bool is_ascii_letter(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* ", a", ", an", ", the" or ", 54," at s[i] == ','. A byte of a multi-byte
 * character counts as a space: a superset of \s is safe here. */
static bool apposition_comma(const unsigned char *s, size_t i, size_t len)
{
    size_t j = i + 1;
    while (j < len && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t' || s[j] >= 0x80))
        j++;
    return j > i + 1 && j < len && (s[j] == 'a' || s[j] == 't' || (s[j] >= '0' && s[j] <= '9'));
}

/* A byte a capitalised name can reach across: letters, hyphens, spaces. A
 * byte of a multi-byte character counts, as it may be a letter or a space. */
static bool in_name_stretch(unsigned char c)
{
    return is_ascii_letter(c) || c == '-' || c == ' ' || c == '\n' || c == '\t' || c == '\v' ||
           c == '\f' || c == '\r' || c >= 0x80;
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
 *    at a slash ("EPA/SERGEY KOZLOV"). */
static ws_status find_candidates(const ws__patterns *pats, const ws__text *t, const ws__segments *seg,
                                 const bool *headline, candidates *c)
{
    const unsigned char *s = (const unsigned char *)t->norm;
    uint32_t *caps = NULL;
    size_t ncaps = 0, caps_cap = 0;
    bool ok = true;
    for (size_t p = 0; p < seg->nparas && ok; p++) {
        if (headline[p])
            continue;
        size_t b = seg->paras[p].start, end = seg->paras[p].end;
        size_t stretch = 0; /* the first capital of the current stretch, in caps */
        bool head = false;
        ncaps = 0;
        for (size_t i = b; i <= end && ok; i++) {
            if (i == end || !in_name_stretch(s[i])) {
                unsigned char stop = i < end ? s[i] : 0;
                /* no capital yet: caps is NULL, and NULL + 0 is undefined in C */
                const uint32_t *from = caps ? caps + stretch : NULL;
                if (head)
                    ok = candidates_add(c, PAT_ORG, from, ncaps - stretch);
                if (ok && stop == ',' && apposition_comma(s, i, end))
                    ok = candidates_add(c, PAT_APPOSITION, from, ncaps - stretch);
                if (ok && stop == '/')
                    ok = candidates_add(c, PAT_CREDIT, from, ncaps - stretch);
                stretch = ncaps;
                head = false;
                continue;
            }
            unsigned char ch = s[i];
            bool word_start = i == b || !is_ascii_letter(s[i - 1]);
            if (!word_start || !(is_ascii_letter(ch) || ch >= 0xC0))
                continue;
            if ((ch >= 'A' && ch <= 'Z') || ch >= 0xC0) {
                if (!(ok = ws__grow(&caps, &caps_cap, ncaps + 1, sizeof *caps)))
                    break;
                caps[ncaps++] = (uint32_t)i;
            }
            if (ch >= 0x80)
                continue;
            size_t q = i + 1;
            while (q < end && is_ascii_letter(s[q]))
                q++;
            const keyword *k = keyword_find(pats, (const char *)s + i, q - i);
            if (k) {
                head |= k->org_head;
                for (int pat = 0; pat < NPATTERNS && ok; pat++) {
                    uint32_t at = (uint32_t)i;
                    if (k->starts & (1u << pat))
                        ok = candidates_add(c, pat, &at, 1);
                }
            }
            i = q - 1;
        }
    }
    free(caps);
    return ok ? WS_OK : WS_ERR_NOMEM;
}

/* Runs one pattern at its candidates, calling back with the token range of
 * the name group and of the whole match. Candidates are tried in order and
 * a match resumes the search after its end, so the matches are those of an
 * unanchored search of each paragraph. */
typedef ws_status (*pattern_fn)(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                uint32_t match_tb, uint32_t name_tb, uint32_t name_te);

static ws_status run_pattern(const pcre2_code *re, int group, const uint32_t *cand, size_t ncand,
                             ws__entities *e, const ws__text *t, const ws__segments *seg, pattern_fn fn)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md)
        return WS_ERR_NOMEM;
    ws_status st = WS_OK;
    size_t p = 0, resume = 0;
    for (size_t k = 0; k < ncand && st == WS_OK; k++) {
        if (cand[k] < resume)
            continue;
        while (seg->paras[p].end <= cand[k])
            p++;
        const ws__paragraph *para = &seg->paras[p];
        PCRE2_SPTR subj = (PCRE2_SPTR)(t->norm + para->start);
        int rc = pcre2_match(re, subj, para->end - para->start, cand[k] - para->start,
                             PCRE2_NO_UTF_CHECK, md, NULL);
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
    pcre2_match_data_free(md);
    return st;
}

/* An earlier "Karim Haddad" for the surname at token k: the first name's token. */
static uint32_t first_name_before(const ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t k)
{
    const ws__token *sn = &seg->toks[k];
    size_t n = sn->end - sn->start;
    for (uint32_t j = 1; j < k; j++) {
        const ws__token *tj = &seg->toks[j];
        if (tj->end - tj->start == n && memcmp(t->norm + tj->start, t->norm + sn->start, n) == 0 &&
            e->tok_ment[j] < 0 && e->tok_ment[j - 1] < 0 && after_first_name(e->gaz, t, seg, j))
            return j - 1;
    }
    return WS__NONE;
}

static ws_status on_title_person(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                 uint32_t mtb, uint32_t tb, uint32_t te)
{
    const char *s = t->norm;
    /* names end before a weekday, a month or a sentence-ending period */
    for (uint32_t k = tb; k < te; k++) {
        const ws__token *tk = &seg->toks[k];
        if (is_calendar_word(s + tk->start, tk->end - tk->start) || seg->toks[k].sent != seg->toks[tb].sent) {
            te = k;
            break;
        }
    }
    while (te > tb && !(seg->toks[te - 1].flags & WS__TOK_WORD))
        te--;
    /* "Secretary General Mark Rutte": more title before the name */
    while (tb < te && ws__is_title_word(s + seg->toks[tb].start, seg->toks[tb].end - seg->toks[tb].start))
        tb++;
    if (te <= tb)
        return WS_OK;
    size_t words = 0;
    for (uint32_t k = tb; k < te; k++) {
        int32_t m = e->tok_ment[k];
        if (m >= 0 && e->ents[e->ments[m].ent].type == WS_PERSON)
            return WS_OK; /* a known person: the gazetteer's name stands */
        words += (seg->toks[k].flags & WS__TOK_WORD) && seg->toks[k].end - seg->toks[k].start > 1;
    }
    const ws__token *title = &seg->toks[mtb];
    size_t tl = title->end - title->start;
    bool knighted = (tl == 3 && memcmp(s + title->start, "Sir", 3) == 0) ||
                    (tl == 4 && memcmp(s + title->start, "Dame", 4) == 0);
    bool honorific = knighted || (tl <= 3 && s[title->end] == '.' && (s[title->start] == 'M' || s[title->start] == 'D'));
    if (words < (honorific ? 1u : 2u))
        return WS_OK;
    uint32_t ent;
    if (honorific && te - tb == 1) {
        /* "Ms. Kim" after "Kim Yo Jong": the person of that name and gender */
        int gender = knighted ? (s[title->start] == 'S' ? 'm' : 'f')
                     : s[title->start + 1] == 'r' && tl == 2 ? 'm'
                     : s[title->start] == 'M' ? 'f' : 0;
        ent = person_named(e, s + seg->toks[tb].start, seg->toks[tb].end - seg->toks[tb].start, gender);
        uint32_t first = ent == WS__NONE ? first_name_before(e, t, seg, tb) : WS__NONE;
        if (first != WS__NONE) {
            /* "Karim Haddad runs a bakery ... said Mr. Haddad" */
            ws_status st = ws__entities_add_local(e, t, seg, first, first + 2, WS_PERSON, &ent);
            if (st != WS_OK)
                return st;
        }
        if (ent != WS__NONE) {
            if (!claim_span(e, tb, te))
                return WS_OK;
            ws_status st = add_mention(e, tb, te, ent);
            if (st == WS_OK)
                mark_tokens(e, e->nments - 1);
            return st;
        }
    }
    ws_status st = ws__entities_add_local(e, t, seg, tb, te, WS_PERSON, &ent);
    if (st == WS_OK && ent != WS__NONE && !e->ents[ent].role && mtb < tb && !honorific) {
        size_t rb = seg->toks[mtb].start, re = seg->toks[tb - 1].end;
        e->ents[ent].role = ws__strndup(s + rb, re - rb);
        if (!e->ents[ent].role)
            return WS_ERR_NOMEM;
    }
    return st;
}

/* "Marta Kowalczyk, a Russia expert at ...", "Olena Shevchuk, 54, a
 * teacher": a name the text introduces by what the person is. */
static ws_status on_apposition(ws__entities *e, const ws__text *t, const ws__segments *seg,
                               uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    for (uint32_t k = tb; k < te; k++)
        if (e->tok_ment[k] >= 0 || ws__is_title_word(t->norm + seg->toks[k].start,
                                                     seg->toks[k].end - seg->toks[k].start))
            return WS_OK;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_PERSON, &ent);
}

static ws_status on_role_name(ws__entities *e, const ws__text *t, const ws__segments *seg,
                              uint32_t mtb, uint32_t tb, uint32_t te)
{
    for (uint32_t k = tb; k < te; k++)
        if (e->tok_ment[k] >= 0)
            return WS_OK;
    uint32_t ent;
    ws_status st = ws__entities_add_local(e, t, seg, tb, te, WS_PERSON, &ent);
    if (st != WS_OK || ent == WS__NONE || e->ents[ent].role)
        return st;
    /* the role with its modifiers: "Danish prime minister", "town's mayor" */
    uint32_t rb = mtb, sb = seg->sents[seg->toks[mtb].sent].tok_begin;
    while (rb > sb && rb + 3 > mtb && !seg->toks[rb - 1].punct &&
           !(seg->toks[rb - 1].end - seg->toks[rb - 1].start == 3 &&
             strncasecmp(t->norm + seg->toks[rb - 1].start, "the", 3) == 0))
        rb--;
    size_t b = seg->toks[rb].start, end = seg->toks[mtb].end;
    if (!(e->ents[ent].role = ws__strndup(t->norm + b, end - b)))
        return WS_ERR_NOMEM;
    return WS_OK;
}

static ws_status on_place(ws__entities *e, const ws__text *t, const ws__segments *seg,
                          uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_PLACE, &ent);
}

static ws_status on_org(ws__entities *e, const ws__text *t, const ws__segments *seg,
                        uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    const char *s = t->norm;
    /* "The Ministry of ..." at a sentence start: the article is not the name */
    while (tb < te && ((seg->toks[tb].flags & WS__TOK_LOWER) ||
                       (seg->toks[tb].end - seg->toks[tb].start == 3 && memcmp(s + seg->toks[tb].start, "The", 3) == 0)))
        tb++;
    /* keep the part not already named by the gazetteer: "Russia's Ministry" */
    while (tb < te && e->tok_ment[tb] >= 0)
        tb++;
    /* "Air Force One", "Marine Corps Base": the name goes on past the head */
    if (te < seg->ntoks && seg->toks[te].sent == seg->toks[tb].sent && (seg->toks[te].flags & WS__TOK_CAP) &&
        !ws__is_title_word(s + seg->toks[te].start, seg->toks[te].end - seg->toks[te].start))
        return WS_OK;
    if (te - tb < 2)
        return WS_OK;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_ORG, &ent);
}

static ws_status on_credit(ws__entities *e, const ws__text *t, const ws__segments *seg,
                           uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_PERSON, &ent);
}

/* ---- pass 3: later mentions of names found by pattern ---- */

/* A name found by pattern, as link_local_mentions looks for it. */
typedef struct local_name {
    uint32_t ent;
    const char *name, *surname; /* surname: a person's last word, or NULL */
    size_t len, surname_len;
    bool person;
} local_name;

ws_status ws__link_local_mentions(ws__entities *e, const ws__text *t, const ws__segments *seg)
{
    const char *s = t->norm;
    local_name *names = malloc((e->nents + 1) * sizeof *names);
    if (!names)
        return WS_ERR_NOMEM;
    size_t nnames = 0;
    bool starts[256] = {false}; /* first bytes of the names and surnames: most words need no look */
    for (size_t x = 0; x < e->nents; x++) {
        const ws__ent *en = &e->ents[x];
        if (!en->local)
            continue;
        const char *last = en->type == WS_PERSON ? strrchr(en->name, ' ') : NULL;
        names[nnames++] = (local_name){(uint32_t)x, en->name, last ? last + 1 : NULL, strlen(en->name),
                                       last ? strlen(last + 1) : 0, en->type == WS_PERSON};
        starts[(unsigned char)en->name[0]] = true;
        if (last)
            starts[(unsigned char)last[1]] = true;
    }
    ws_status st = WS_OK;
    for (size_t k = 0; k < seg->ntoks && nnames && st == WS_OK; k++) {
        const ws__token *tk = &seg->toks[k];
        if (!(tk->flags & WS__TOK_CAP) || !starts[(unsigned char)s[tk->start]])
            continue;
        size_t tl = tk->end - tk->start;
        for (size_t i = 0; i < nnames; i++) {
            const local_name *ln = &names[i];
            /* the full name, or a person's surname */
            uint32_t te = WS__NONE;
            if (ln->name[0] == s[tk->start] && ln->len <= t->len - tk->start &&
                memcmp(s + tk->start, ln->name, ln->len) == 0) {
                te = (uint32_t)ws__token_at(seg, tk->start + ln->len);
                if (te <= k || seg->toks[te - 1].end != tk->start + ln->len)
                    te = WS__NONE;
            } else if (ln->surname && ln->surname_len == tl && memcmp(ln->surname, s + tk->start, tl) == 0) {
                te = (uint32_t)k + 1;
            }
            /* one word of a person after a first name is someone else's surname */
            if (te == (uint32_t)k + 1 && ln->person && after_first_name(NULL, t, seg, (uint32_t)k))
                continue;
            if (te == WS__NONE || !claim_span(e, (uint32_t)k, te))
                continue;
            st = add_mention(e, (uint32_t)k, te, ln->ent);
            if (st == WS_OK)
                mark_tokens(e, e->nments - 1);
            break;
        }
    }
    free(names);
    return st;
}

/* ---- titles before person mentions ---- */

static bool is_demonym(const ws_gazetteer *g, const char *w, size_t n)
{
    char key[KEY_MAX];
    size_t len = ws__fold(w, n, key, sizeof key);
    return ws__gaz_demonym(g, key, len) != WS__NONE;
}

/* A demonym among the title's words ("Russian", "North Korean"): its country. */
static uint32_t title_country(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                              uint32_t tb, uint32_t te)
{
    char key[KEY_MAX];
    for (uint32_t k = tb; k < te; k++) {
        for (uint32_t n = 2; n >= 1; n--) {
            if (k + n > te)
                continue;
            size_t len = 0;
            for (uint32_t j = k; j < k + n; j++) {
                if (j > k && len + 1 < sizeof key)
                    key[len++] = ' ';
                len += ws__fold(t->norm + seg->toks[j].start, seg->toks[j].end - seg->toks[j].start,
                                key + len, sizeof key - len);
            }
            uint32_t country = ws__gaz_demonym(g, key, len);
            if (country != WS__NONE)
                return country;
        }
    }
    return WS__NONE;
}

static void attach_titles(const ws_gazetteer *g, ws__entities *e, const ws__text *t, const ws__segments *seg)
{
    const char *s = t->norm;
    for (size_t i = 0; i < e->nments; i++) {
        ws__ment *m = &e->ments[i];
        m->title_begin = m->tok_begin;
        if (e->ents[m->ent].type != WS_PERSON)
            continue;
        uint32_t sb = seg->sents[seg->toks[m->tok_begin].sent].tok_begin;
        uint32_t k = m->tok_begin;
        bool titled = false;
        while (k > sb) {
            const ws__token *p = &seg->toks[k - 1];
            size_t n = p->end - p->start;
            /* "Gov." and "Secretary-General": a title word, then a period or a hyphen */
            if ((p->punct == '.' || (p->punct == '-' && titled)) && k - 1 > sb &&
                ws__is_title_word(s + seg->toks[k - 2].start, seg->toks[k - 2].end - seg->toks[k - 2].start)) {
                k -= 2;
                titled = true;
            } else if ((p->flags & WS__TOK_WORD) && ws__is_title_word(s + p->start, n)) {
                k--;
                titled = true;
            } else if (titled && (p->flags & WS__TOK_WORD) &&
                       (is_title_modifier(s + p->start, n) || e->tok_ment[k - 1] >= 0 ||
                        ((p->flags & WS__TOK_CAP) && (k - 1 > sb || is_demonym(g, s + p->start, n))))) {
                k--; /* "Kremlin spokesman", "Ukrainian Defense Minister", "US President" */
            } else {
                break;
            }
        }
        m->title_begin = titled ? k : m->tok_begin;
        m->country = title_country(g, t, seg, m->title_begin, m->tok_begin);
    }
}

static int compare_mentions(const void *a, const void *b)
{
    const ws__ment *x = a, *y = b;
    return (x->tok_begin > y->tok_begin) - (x->tok_begin < y->tok_begin);
}

void ws__index_mentions(ws__entities *e, size_t ntoks)
{
    size_t live = 0;
    for (size_t i = 0; i < e->nments; i++)
        if (e->ments[i].ent != WS__NONE)
            e->ments[live++] = e->ments[i];
    e->nments = live;
    if (e->nments > 1)
        qsort(e->ments, e->nments, sizeof *e->ments, compare_mentions);
    for (size_t k = 0; k < ntoks; k++)
        e->tok_ment[k] = -1;
    for (size_t i = 0; i < e->nments; i++)
        mark_tokens(e, i);
}

ws_status ws__find_entities(const ws_gazetteer *g, const ws__patterns *pats, const ws__text *t,
                            const ws__segments *seg, ws__entities *e, ws_error *err)
{
    memset(e, 0, sizeof *e);
    e->gaz = g;
    e->tok_ment = malloc((seg->ntoks + 1) * sizeof *e->tok_ment);
    e->headline = malloc(seg->nparas + 1);
    for (size_t p = 0; e->headline && p < seg->nparas; p++)
        e->headline[p] = is_title_case(seg, seg->sents[seg->paras[p].sent_begin].tok_begin,
                                       seg->sents[seg->paras[p].sent_end - 1].tok_end);
    matches ms = {0};
    ws_status st = e->tok_ment && e->headline ? match_gazetteer(g, t, seg, &ms) : WS_ERR_NOMEM;
    if (st == WS_OK)
        st = resolve_gazetteer(g, t, seg, &ms, e);
    free(ms.m);
    free(ms.fits);
    /* names the gazetteer lacks */
    static const pattern_fn on_match[NPATTERNS] = {
        [PAT_APPOSITION] = on_apposition, [PAT_ROLE_NAME] = on_role_name,
        [PAT_TITLE_PERSON] = on_title_person, [PAT_PLACE_OF] = on_place,
        [PAT_ORG] = on_org, [PAT_CREDIT] = on_credit,
    };
    candidates cand = {0};
    if (st == WS_OK) {
        ws__index_mentions(e, seg->ntoks);
        st = find_candidates(pats, t, seg, e->headline, &cand);
    }
    for (int i = 0; i < NPATTERNS && st == WS_OK; i++)
        st = run_pattern(pats->code[i], pattern_defs[i].group, cand.at[i], cand.n[i], e, t, seg,
                         on_match[i]);
    candidates_free(&cand);
    if (st == WS_OK)
        st = ws__link_local_mentions(e, t, seg);
    if (st != WS_OK) {
        ws__entities_free(e);
        return ws__fail(err, st, NULL, 0, -1, "%s while finding entities", ws_status_str(st));
    }
    ws__index_mentions(e, seg->ntoks);
    attach_titles(g, e, t, seg);
    return WS_OK;
}
