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

struct ws__patterns {
    pcre2_code *title_person;
    pcre2_code *place_of;
    pcre2_code *org;
    pcre2_code *credit;
    pcre2_code *apposition;
    pcre2_code *role_name;
};

/* Titles that introduce a person's name. Honorifics (Mr., Ms.) may precede
 * a surname alone; the others introduce a full name. */
#define HONORIFIC "(?:(?:Mr|Mrs|Ms|Dr)\\.|Sir|Dame)"
#define TITLE_ABBR "(?:Gov|Sen|Rep|Gen|Lt|Col|Maj|Capt|Cmdr|Sgt|Adm|Prof|Rev|Amb)\\."
#define TITLE_WORD                                                                         \
    "(?:President|Vice President|Prime Minister|Minister|Premier|Chancellor|Secretary|"   \
    "Governor|Mayor|Ambassador|Senator|Representative|Congressman|Congresswoman|Councill?or|"\
    "[Ss]pokes(?:man|woman|person)|General|Commander|Colonel|Lieutenant|Captain|Admiral|"  \
    "Sergeant|Major|Prince|Princess|King|Queen|Sheikh|Pope|Judge|Justice|Prosecutor|"      \
    "Chairman|Chairwoman|Chair|CEO|[Ll]eader|[Cc]hief|[Dd]irector|[Aa]dviser|[Aa]dvisor|"  \
    "[Ee]nvoy|[Aa]nalyst|[Ee]xpert|[Oo]fficial|[Ll]awmaker|[Aa]ide|[Dd]eputy|[Cc]ommander|" \
    "[Mm]inister|[Pp]resident|[Gg]overnor|[Mm]ayor|[Aa]mbassador|[Ss]ecretary|[Hh]ead)"
#define NAME_WORD "\\p{Lu}[\\p{L}\\p{M}]*(?:-\\p{Lu}?[\\p{L}\\p{M}]+)*"

static const char TITLE_PERSON_RE[] =
    "(?<![\\p{L}\\p{N}])(" HONORIFIC "|" TITLE_ABBR "(?:\\s+" TITLE_ABBR ")?|" TITLE_WORD ")"
    "\\s+((?:" NAME_WORD "\\s+(?:\\p{Lu}\\.\\s+)?){0,3}" NAME_WORD ")";

static const char PLACE_OF_RE[] =
    "(?<![\\p{L}])(?:town|village|city|settlement|region|province|district|county|port|"
    "oblast|municipality|suburb|neighbo(?:u)?rhood)\\s+of\\s+(" NAME_WORD "(?:\\s+" NAME_WORD "){0,2})";

/* Heads that name an organisation, and those that may take "of ..." after
 * them ("Ministry of Foreign Affairs"; but not "Battalion of the Marine Corps",
 * which is two organisations). */
#define ORG_HEAD_OF                                                                        \
    "(?:Ministry|Agency|Council|Committee|Commission|Party|Bank|University|Institute|"       \
    "Foundation|Court|Parliament|Office|Department|Authority|Association|Union|Federation|" \
    "Organi[sz]ation|Forces|Bureau|Directorate|Administration|Academy|Service)"
#define ORG_HEAD_UNIT                                                                      \
    "(?:Corps|Battalion|Brigade|Regiment|Division|Group|Army|Navy|Police|Company|"          \
    "Corporation|Guard|Command|Force)"

static const char ORG_RE[] =
    "(?<![\\p{L}\\p{N}'-])((?:" NAME_WORD "\\s+(?:and\\s+)?){0,5}"
    "(?:" ORG_HEAD_UNIT "|" ORG_HEAD_OF
    "(?:\\s+(?:of|for|on)\\s+(?:the\\s+)?" NAME_WORD "(?:\\s+(?:and\\s+)?" NAME_WORD ")*)?))"
    "(?![\\p{L}\\p{N}])";

/* A name introduced by what the person is: "Fiona Hill, a Russia expert",
 * "Olena Shevchuk, 54, a teacher". */
static const char APPOSITION_RE[] =
    "(?<![\\p{L}\\p{N}])(" NAME_WORD "(?:\\s+" NAME_WORD "){1,2}),(?:\\s+\\d{1,3},)?\\s+(?:a|an|the)\\s+\\p{L}";

/* A role, then the name of who holds it: "the town's mayor, Petro Savchuk,". */
static const char ROLE_NAME_RE[] =
    "(?<![\\p{L}])(?:mayor|minister|governor|spokes(?:man|woman|person)|president|ambassador|"
    "commander|chief|director|leader|head|secretary|chancellor|premier|envoy|prosecutor|judge|"
    "official|advis[eo]r|lawyer|founder|owner|chair(?:man|woman)?|economist|analyst|professor|"
    "researcher|teacher|doctor|nurse),\\s+(" NAME_WORD "(?:\\s+" NAME_WORD "){1,2}),";

/* A photo credit: "EPA/SERGEY KOZLOV" names the photographer. */
static const char CREDIT_RE[] =
    "(?<![\\p{L}])\\p{Lu}{2,}/(\\p{Lu}{2,}(?:[ -]\\p{Lu}{2,}){1,2})(?![\\p{L}])";

static pcre2_code *compile(const char *re, ws_error *err)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                     &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        ws__fail(err, WS_ERR_REGEX, NULL, 0, (long long)eo, "internal pattern: %s", (char *)msg);
        return NULL;
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* an interpreter fallback is fine */
    return code;
}

ws_status ws__patterns_new(ws__patterns **out, ws_error *err)
{
    ws__patterns *p = calloc(1, sizeof *p);
    if (!p)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if (!(p->title_person = compile(TITLE_PERSON_RE, err)) || !(p->place_of = compile(PLACE_OF_RE, err)) ||
        !(p->org = compile(ORG_RE, err)) || !(p->credit = compile(CREDIT_RE, err)) ||
        !(p->apposition = compile(APPOSITION_RE, err)) || !(p->role_name = compile(ROLE_NAME_RE, err))) {
        ws__patterns_free(p);
        return WS_ERR_REGEX;
    }
    *out = p;
    return WS_OK;
}

void ws__patterns_free(ws__patterns *p)
{
    if (!p)
        return;
    pcre2_code_free(p->title_person);
    pcre2_code_free(p->place_of);
    pcre2_code_free(p->org);
    pcre2_code_free(p->credit);
    pcre2_code_free(p->apposition);
    pcre2_code_free(p->role_name);
    free(p);
}

static bool word_in(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (n && list[i][0] == s[0] && strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return true;
    return false;
}

/* Capitalised words that follow names but are not part of them. */
static bool is_calendar_word(const char *s, size_t n)
{
    static const char *const words[] = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "On", "In", "At", "The",
    };
    return word_in(s, n, words, sizeof words / sizeof words[0]);
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
    return word_in(s, n, words, sizeof words / sizeof words[0]);
}

/* Lowercase words that may stand before a title: "regional Gov.", "former President". */
static bool is_title_modifier(const char *s, size_t n)
{
    static const char *const words[] = {
        "regional", "former", "acting", "deputy", "senior", "top", "then", "outgoing",
        "incoming", "interim", "foreign", "defense", "defence", "presidential", "military",
        "chief", "local", "provincial", "state", "federal", "retired", "Kremlin", "White", "House",
    };
    return word_in(s, n, words, sizeof words / sizeof words[0]);
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
    for (size_t p = 0; p < seg->nparas; p++) {
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
                klen += ws__fold(t->norm + tn->start, tn->end - tn->start, key + klen, sizeof key - klen);
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
            if (nfit < 0 || (nfit > 0 && !ws__grow(&ms->m, &ms->cap, ms->n + 1, sizeof *ms->m)))
                return WS_ERR_NOMEM;
            if (nfit == 0) {
                i++;
                continue;
            }
            ms->m[ms->n++] = (span_match){(uint32_t)i, (uint32_t)(i + found), (uint32_t)fit, (uint32_t)nfit};
            i += found;
        }
    }
    return WS_OK;
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
    return word_in(s, n, words, sizeof words / sizeof words[0]);
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

/* Runs one pattern over a paragraph, calling back with the token range of
 * capture group 1 (the name) and of the whole match. */
typedef ws_status (*pattern_fn)(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                uint32_t match_tb, uint32_t name_tb, uint32_t name_te);

static ws_status run_pattern(const pcre2_code *re, int group, ws__entities *e, const ws__text *t,
                             const ws__segments *seg, pattern_fn fn)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!md)
        return WS_ERR_NOMEM;
    ws_status st = WS_OK;
    for (size_t p = 0; p < seg->nparas && st == WS_OK; p++) {
        const ws__paragraph *para = &seg->paras[p];
        if (e->headline[p])
            continue;
        PCRE2_SPTR subj = (PCRE2_SPTR)(t->norm + para->start);
        size_t len = para->end - para->start, off = 0;
        while (off < len && st == WS_OK) {
            int rc = pcre2_match(re, subj, len, off, PCRE2_NO_UTF_CHECK, md, NULL);
            if (rc <= group)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t nb = para->start + ov[2 * group], ne = para->start + ov[2 * group + 1];
            uint32_t ntb = (uint32_t)ws__token_at(seg, nb), nte = (uint32_t)ws__token_at(seg, ne);
            uint32_t mtb = (uint32_t)ws__token_at(seg, para->start + ov[0]);
            if (nte > ntb)
                st = fn(e, t, seg, mtb, ntb, nte);
            off = ov[1] > off ? ov[1] : off + 1;
        }
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

ws_status ws__link_local_mentions(ws__entities *e, const ws__text *t, const ws__segments *seg)
{
    const char *s = t->norm;
    size_t nents = e->nents;
    for (size_t k = 0; k < seg->ntoks; k++) {
        const ws__token *tk = &seg->toks[k];
        if (!(tk->flags & WS__TOK_CAP))
            continue;
        for (size_t x = 0; x < nents; x++) {
            const ws__ent *en = &e->ents[x];
            if (!en->local)
                continue;
            /* the full name, or a person's surname (its last word) */
            const char *name = en->name;
            size_t nl = strlen(name);
            const char *last = strrchr(name, ' ');
            size_t tl = tk->end - tk->start;
            uint32_t te = WS__NONE;
            if (nl <= t->len - tk->start && memcmp(s + tk->start, name, nl) == 0) {
                te = (uint32_t)ws__token_at(seg, tk->start + nl);
                if (te <= k || seg->toks[te - 1].end != tk->start + nl)
                    te = WS__NONE;
            } else if (en->type == WS_PERSON && last && strlen(last + 1) == tl &&
                       memcmp(last + 1, s + tk->start, tl) == 0) {
                te = (uint32_t)k + 1;
            }
            /* one word of a person after a first name is someone else's surname */
            if (te == (uint32_t)k + 1 && en->type == WS_PERSON && after_first_name(NULL, t, seg, (uint32_t)k))
                continue;
            if (te == WS__NONE || !claim_span(e, (uint32_t)k, te))
                continue;
            ws_status st = add_mention(e, (uint32_t)k, te, (uint32_t)x);
            if (st != WS_OK)
                return st;
            mark_tokens(e, e->nments - 1);
            break;
        }
    }
    return WS_OK;
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
    /* names the gazetteer lacks; appositions first, so that an honorific
     * later ("Ms. Kowalczyk") finds the full name */
    const struct {
        const pcre2_code *re;
        int group;
        pattern_fn fn;
    } passes[] = {
        {pats->apposition, 1, on_apposition}, {pats->role_name, 1, on_role_name},
        {pats->title_person, 2, on_title_person}, {pats->place_of, 1, on_place},
        {pats->org, 1, on_org}, {pats->credit, 1, on_credit},
    };
    if (st == WS_OK)
        ws__index_mentions(e, seg->ntoks);
    for (size_t i = 0; i < sizeof passes / sizeof passes[0] && st == WS_OK; i++)
        st = run_pattern(passes[i].re, passes[i].group, e, t, seg, passes[i].fn);
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
