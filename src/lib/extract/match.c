/*
 * match.c - the first pass over the names: gazetteer matches, longest
 * first ("New York Post" is one ORG, not New York), with case rules (a
 * lowercase word never matches a capitalised alias, "trump card"; an
 * all-caps headline word does), then each match's entity chosen by the
 * evidence around it and in the rest of the document.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "gazkey.h"

#define SMALL_PLACE 100000 /* people: below it, a one-word place name needs context */

typedef struct span_match {
    uint32_t tb, te;
    uint32_t fit, nfit; /* the aliases that fit the text: fits[fit .. fit + nfit) */
    bool common;        /* its key is a common English word ("reading") */
} span_match;

/* The matches of a document and, for each, the aliases whose case fits. */
typedef struct matches {
    span_match *m;
    size_t n, cap;
    uint32_t *fits;
    size_t nfits, fits_cap;
} matches;

/* Is the text of the n tokens the alias exactly, spaces where the text
 * has them? Mostly it is ("Trump" for Trump), and then the alias need
 * not be taken apart. */
static bool written_alike(const char *surface, const char *text, const ws__token *tt, size_t n)
{
    size_t at = 0, slen = strlen(surface);
    for (size_t i = 0; i < n; i++) {
        size_t len = tt[i].end - tt[i].start;
        if (i && (tt[i].flags & WS__TOK_SPACE_BEFORE) && (at >= slen || surface[at++] != ' '))
            return false;
        if (at + len > slen || memcmp(surface + at, text + tt[i].start, len) != 0)
            return false;
        at += len;
    }
    return at == slen;
}

/* Does the alias, as written, fit the text's case? Keys already agree when
 * folded; this rejects "trump card" for Trump while accepting "TRUMP". */
static bool case_fits(const ws_gazetteer *g, const ws__alias *a, const char *text, const ws__token *tt)
{
    const char *surface = g->pool + a->surface;
    if (written_alike(surface, text, tt, a->ntoks))
        return true;
    ws__token at[WS__MAX_ALIAS_TOKENS];
    size_t n;
    if (ws__tokenize(surface, strlen(surface), at, WS__MAX_ALIAS_TOKENS, &n) != WS_OK || n != a->ntoks)
        return false;
    for (size_t i = 0; i < n; i++) {
        size_t al = at[i].end - at[i].start, tl = tt[i].end - tt[i].start;
        if (al == tl && memcmp(surface + at[i].start, text + tt[i].start, al) == 0)
            continue;
        /* headline caps; but two capitals are an acronym or a numeral ("the
         * second XI"), not a name written in capitals */
        if ((tt[i].flags & WS__TOK_UPPER) && tt[i].end - tt[i].start > 2)
            continue;
        if (!(at[i].flags & (WS__TOK_CAP | WS__TOK_UPPER)))
            continue; /* "of", "the", "region" in any case */
        return false;
    }
    return true;
}

/* Are the n tokens at tt, whose key is klen bytes, their key with each
 * word's first letter in capitals ("New York"), spaced as the key? Then
 * they fit an alias written so (ws__alias.titled) without a look at it. */
static bool titled_text(const ws__token *tt, size_t n, size_t klen)
{
    size_t len = n - 1; /* the spaces */
    bool titled = true;
    for (size_t i = 0; i < n; i++) {
        titled &= ((tt[i].flags & (WS__TOK_PLAIN | WS__TOK_CAP)) == (WS__TOK_PLAIN | WS__TOK_CAP)) &
                  ((i == 0) | ((tt[i].flags & WS__TOK_SPACE_BEFORE) != 0));
        len += tt[i].end - tt[i].start;
    }
    return titled && len == klen; /* not a key cut short */
}

/* Appends the chain's aliases of the n tokens at tt, whose key is klen
 * bytes, that fit the text (of live entities) to ms->fits; returns how
 * many, or -1 when memory ran out. */
static long collect_fits(const ws_gazetteer *g, uint32_t chain, const char *text, const ws__token *tt, size_t n,
                         size_t klen, matches *ms)
{
    bool titled = titled_text(tt, n, klen);
    long nfit = 0;
    for (uint32_t a = chain; a != WS__NONE; a = g->aliases[a].next) {
        const ws__alias *al = &g->aliases[a];
        if (!al->live || (!(titled && al->titled) && !case_fits(g, al, text, tt)))
            continue;
        __builtin_prefetch(&g->ents[al->entity]); /* for resolve_gazetteer */
        if (!ws__grow(&ms->fits, &ms->fits_cap, ms->nfits + 1, sizeof *ms->fits))
            return -1;
        ms->fits[ms->nfits++] = a;
        nfit++;
    }
    return nfit;
}

/* The tokens of toks[tb .. te) where an alias may start, into out: the
 * words, but of the lowercase ones only those whose first byte and length
 * some alias's first word has ("the" of "the Kremlin"), which the caller
 * then looks up. Most tokens are passed by here, in a loop without a
 * branch on what they are. */
static size_t start_candidates(const ws_gazetteer *g, const char *text, const ws__token *toks, size_t tb,
                               size_t te, uint32_t *out)
{
    size_t n = 0;
    for (size_t k = tb; k < te; k++) {
        unsigned flags = toks[k].flags;
        size_t len = toks[k].end - toks[k].start;
        unsigned lower_may = ws__gaz_lower_may_start(g, (unsigned char)text[toks[k].start], len);
        out[n] = (uint32_t)k;
        n += ((flags & WS__TOK_WORD) != 0) & ((flags & WS__TOK_LOWER) == 0 || lower_may);
    }
    return n;
}

static ws_status match_gazetteer(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                                 matches *ms)
{
    char key[WS__KEY_MAX + 8]; /* eight more for ws__gaz_fold_word */
    /* the key of the first n tokens is key[0 .. cut[n]), its ws__hash hash[n] */
    size_t cut[WS__MAX_ALIAS_TOKENS + 1];
    uint64_t hash[WS__MAX_ALIAS_TOKENS + 1];
    hash[0] = WS__HASH_INIT;
    const char *text = t->norm;
    size_t avail = t->len + 1;
    uint32_t *starts = malloc((seg->ntoks + 1) * sizeof *starts);
    ws_status st = starts ? WS_OK : WS_ERR_NOMEM;
    for (size_t p = 0; p < seg->nparas && st == WS_OK; p++) {
        const ws__paragraph *para = &seg->paras[p];
        size_t tb = seg->sents[para->sent_begin].tok_begin;
        size_t te = seg->sents[para->sent_end - 1].tok_end;
        size_t ncand = start_candidates(g, text, seg->toks, tb, te, starts);
        for (size_t c = 0; c < ncand; c++) {
            size_t i = starts[c];
            const ws__token *ti = &seg->toks[i];
            if ((ti->flags & WS__TOK_LOWER) &&
                !ws__gaz_is_lower_start(g, text + ti->start, ti->end - ti->start, avail - ti->start))
                continue; /* no alias's start */
            /* Read on while the filter allows a longer alias, noting the
             * lengths whose keys may be aliases: bit n of maybe for n tokens.
             * The filter hashes the words as written, folding them as it
             * goes; a key is folded into key, and hashed for the table, only
             * to be looked up. */
            uint32_t maybe = 0;
            size_t n = 0, klen = 0;
            uint64_t h = WS__GAZ_FILTER_INIT;
            cut[0] = 0;
            unsigned f = WS__GAZ_LONGER;
            while ((f & WS__GAZ_LONGER) && n < WS__MAX_ALIAS_TOKENS && i + n < te &&
                   (n == 0 || klen + 2 < WS__KEY_MAX)) {
                const ws__token *tn = &seg->toks[i + n];
                klen += n > 0; /* the space */
                size_t part = tn->end - tn->start < WS__KEY_MAX - klen ? tn->end - tn->start : WS__KEY_MAX - klen - 1;
                h = ws__gaz_filter_more(h, ws__gaz_word_hash(text + tn->start, part, avail - tn->start));
                klen += part;
                cut[++n] = klen;
                f = ws__gaz_filter(g, h);
                maybe |= (uint32_t)(f & WS__GAZ_KEY) << n; /* WS__GAZ_KEY is bit 0 */
            }
            /* the longest alias whose case fits wins: of the lengths the
             * filter allows, longest first */
            size_t found = 0, fit = ms->nfits, copied = 0;
            long nfit = 0;
            const ws__slot *slot = NULL;
            for (; maybe && nfit == 0; maybe &= ~((uint32_t)1 << found)) {
                found = 31 - (size_t)__builtin_clz(maybe);
                for (; copied < found; copied++) {
                    size_t from = cut[copied] + (copied > 0);
                    if (copied)
                        key[cut[copied]] = ' ';
                    size_t at = seg->toks[i + copied].start;
                    ws__gaz_fold_word(key + from, text + at, cut[copied + 1] - from, avail - at);
                    hash[copied + 1] = ws__hash_more(hash[copied], key + cut[copied], cut[copied + 1] - cut[copied]);
                }
                slot = ws__gaz_lookup(g, hash[found], key, cut[found]);
                nfit = slot ? collect_fits(g, slot->head, text, &seg->toks[i], found, cut[found], ms) : 0;
            }
            if (nfit < 0 || (nfit > 0 && !ws__grow(&ms->m, &ms->cap, ms->n + 1, sizeof *ms->m))) {
                st = WS_ERR_NOMEM;
                break;
            }
            if (nfit == 0)
                continue;
            ms->m[ms->n++] = (span_match){(uint32_t)i, (uint32_t)(i + found), (uint32_t)fit, (uint32_t)nfit,
                                          slot->common};
            while (c + 1 < ncand && starts[c + 1] < i + found)
                c++; /* inside the match */
        }
    }
    free(starts);
    return st;
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

/* "Anna Weber" is not the congressman Randy Weber: a person's surname alias
 * right after a capitalised word that is no title is someone else's name;
 * so is one after an honorific of the other gender. */
static bool other_first_name(const ws_gazetteer *g, const ws__alias *al, const ws__text *t,
                             const ws__segments *seg, uint32_t tb)
{
    if (al->ntoks != 1 || al->canonical || g->ents[al->entity].type != WS_PERSON || tb == 0)
        return false;
    const char *gender = ws__gaz_str(g, g->ents[al->entity].gender);
    /* "Ms. Weber" is not a man named Weber, nor "Mr. May" a woman */
    if (gender && tb >= 2 && seg->toks[tb - 1].punct == '.') {
        const ws__token *h = &seg->toks[tb - 2];
        uint32_t cls = h->cls;
        if ((cls & WS__W_HONORIFIC) && (cls & (gender[0] == 'm' ? WS__W_FEMALE : WS__W_MALE)))
            return true;
    }
    return ws__after_first_name(g, t, seg, tb);
}

/* Is the word at token k glued by the hyphen at token hyphen to a name,
 * a capitalised word that is no common word ("Anti-Trump" is not)? */
static bool glued_name(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg, uint32_t hyphen, uint32_t k)
{
    const ws__token *h = &seg->toks[hyphen], *w = &seg->toks[k];
    if (h->punct != '-' || (h->flags & WS__TOK_SPACE_BEFORE) || (seg->toks[hyphen + 1].flags & WS__TOK_SPACE_BEFORE) ||
        !(w->flags & WS__TOK_CAP) || (w->flags & WS__TOK_UPPER) || !g->has_common_words)
        return false;
    char key[WS__KEY_MAX];
    return !ws__gaz_is_common(g, key, ws__fold(t->norm + w->start, w->end - w->start, key, sizeof key));
}

/* Is the one-word match [tb, te) half of a hyphenated name: "Moreno" in
 * "Carla Ruiz-Moreno", who is not the senator Moreno? Or of a pair,
 * "Trump-Putin talks"; told apart by whether the person is named in full
 * elsewhere in the document. */
static bool hyphen_half(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg, uint32_t tb, uint32_t te)
{
    return te - tb == 1 && ((tb >= 2 && glued_name(g, t, seg, tb - 1, tb - 2)) ||
                            (te + 1 < seg->ntoks && glued_name(g, t, seg, te, te + 1)));
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
    bool written; /* capitalised or in capitals anywhere */
    bool place;   /* a preposition before it, or ", PLACE" after it */
    bool name;    /* a title before it, a speech verb or 's after it */
} evidence;

static evidence evidence_for(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                             const span_match *m, size_t n, size_t i, bool headline)
{
    evidence ev = {false, false, false, false, false};
    const ws__token *tk = &seg->toks[m[i].tb];
    ev.common = m[i].te - m[i].tb == 1 && m[i].common;
    size_t sb = seg->sents[tk->sent].tok_begin, k = m[i].tb;
    while (k > sb && seg->toks[k - 1].punct && seg->toks[k - 1].punct != ',')
        k--; /* quote marks and brackets at the sentence start */
    ev.written = (tk->flags & (WS__TOK_CAP | WS__TOK_UPPER)) != 0;
    ev.capital = k > sb && !headline && (tk->flags & WS__TOK_CAP) && !(tk->flags & WS__TOK_UPPER);
    if (m[i].tb > sb) {
        const ws__token *p = &seg->toks[m[i].tb - 1];
        ev.place = (p->cls & WS__W_PLACE_PREP) != 0;
        ev.name = (p->cls & WS__W_TITLE_WORD) ||
                  (p->punct == '.' && m[i].tb >= 2 &&
                   (seg->toks[m[i].tb - 2].cls & WS__W_TITLE_WORD));
    }
    /* a dateline: "FRANKFURT 1996-08-22", "SPRINGFIELD, Ill. (AP) —", "KYIV (Reuters) -":
     * a line that opens with a place in capitals, then a date, a comma or a bracket */
    const ws__paragraph *para = &seg->paras[seg->sents[tk->sent].para];
    if ((tk->flags & WS__TOK_UPPER) && m[i].tb == seg->sents[para->sent_begin].tok_begin &&
        m[i].te < seg->ntoks && seg->toks[m[i].te].start < para->end) {
        const ws__token *nx = &seg->toks[m[i].te];
        /* a date, not a score: "CHICAGO 81 47" opens a table of standings */
        if (((nx->flags & WS__TOK_DIGIT) && nx->end - nx->start >= 4) || nx->punct == '(' || nx->punct == ',')
            ev.place = true; /* but "CRICKET - ENGLAND WIN" is a headline's topic */
    }
    /* "Pokrovsk, Donetsk region": a place followed by the place it is in */
    if (i + 1 < n && m[i + 1].tb == m[i].te + 1 && seg->toks[m[i].te].punct == ',')
        ev.place = true;
    /* "Trump told ...", "Tusk's government": what follows a name */
    if (m[i].te < seg->ntoks && seg->toks[m[i].te].sent == tk->sent) {
        const ws__token *nx = &seg->toks[m[i].te];
        const char *w = t->norm + nx->start;
        size_t wn = nx->end - nx->start;
        if ((nx->cls & WS__W_CUE) || (wn == 2 && w[0] == '\'' && (w[1] == 's' || w[1] == 'S')))
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
    /* "China", "Turkey", "Chile": a country is rarely the word, even at a
     * sentence start or in a headline, and says things as often as people */
    if (ev->common && ge->type == WS_PLACE && ws__gaz_major_place(ge))
        return ev->written;
    if (ev->common && ge->type == WS_PLACE)
        return ev->capital || context;
    return true;
}

/* Is the place of alias al in a region that the match after it, past a
 * comma, may name ("Springfield, Ill.", "SPRINGFIELD, Illinois")? */
static bool in_region_named_after(const ws_gazetteer *g, const ws__alias *al, const ws__segments *seg,
                                  const matches *ms, size_t i)
{
    const ws__gaz_entity *ge = &g->ents[al->entity];
    const span_match *m = ms->m;
    if (ge->region == WS__NONE || i + 1 >= ms->n || m[i + 1].tb != m[i].te + 1 || seg->toks[m[i].te].punct != ',')
        return false;
    const char *region = ws__gaz_str(g, ge->region);
    for (uint32_t f = m[i + 1].fit; f < m[i + 1].fit + m[i + 1].nfit; f++)
        if (strcmp(ws__gaz_str(g, g->ents[g->aliases[ms->fits[f]].entity].id), region) == 0)
            return true;
    return false;
}

/* Picks each span's entity. Where an alias belongs to several entities, the
 * place in the region named after it wins ("Springfield, Ill."), then an
 * entity named in full elsewhere in the document, then a place or one
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
        bool hyphenated = hyphen_half(g, t, seg, m[i].tb, m[i].te);
        for (uint32_t f = m[i].fit; f < m[i].fit + m[i].nfit; f++) {
            const ws__alias *al = &g->aliases[ms->fits[f]];
            if (other_first_name(g, al, t, seg, m[i].tb))
                continue;
            ent_slot *slot = ent_map_get(map, size - 1, al->entity);
            if (hyphenated && !al->canonical && g->ents[al->entity].type == WS_PERSON && !slot->confirmed)
                continue;
            if (!self_evident(g, al, &ev[i]) && !slot->evidenced)
                continue;
            bool listed = false;
            for (size_t k = 0; k < npassing && !listed; k++)
                listed = passing[k] == slot;
            if (!listed && npassing <= MAX_ALTERNATIVES)
                passing[npassing++] = slot;
            unsigned r = in_region_named_after(g, al, seg, ms, i)                      ? 4
                         : slot->confirmed                                             ? 3
                         : al->canonical || g->ents[al->entity].type == WS_PLACE ? 2
                                                                                 : 1;
            if (r > rank || (r == rank && g->ents[al->entity].population > g->ents[best->gaz].population))
                best = slot, rank = r;
        }
        if (!best)
            continue;
        if (best->doc == WS__NONE)
            st = ws__entities_add_listed(e, best->gaz, &best->doc);
        for (size_t k = 0; k < npassing && st == WS_OK; k++)
            if (passing[k] != best)
                add_alternative(&e->ents[best->doc], passing[k]->gaz);
        if (st == WS_OK)
            st = ws__entities_add_mention(e, m[i].tb, m[i].te, best->doc);
    }
    free(map);
    free(ev);
    return st;
}

ws_status ws__match_gazetteer(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                              ws__entities *e)
{
    matches ms = {0};
    ws_status st = match_gazetteer(g, t, seg, &ms);
    if (st == WS_OK)
        st = resolve_gazetteer(g, t, seg, &ms, e);
    free(ms.m);
    free(ms.fits);
    return st;
}
