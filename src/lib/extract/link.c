/*
 * link.c - the third pass over the names: later mentions of the names
 * found in this document, or of the gazetteer's people it names in full
 * (a surname after the full name), acronyms the
 * text defines ("the Federal Emergency Management Agency (FEMA)"), and the title
 * written before each person's mention ("Kremlin spokesman Dmitry
 * Peskov"), with the country a demonym in it names.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

/* A name found by pattern, as link_local_mentions looks for it. */
typedef struct local_name {
    uint32_t ent;
    const char *name, *surname; /* surname: a person's last word, or NULL */
    size_t len, surname_len;
    bool person;
    bool local; /* else a gazetteer person, matched in full already: only its surname is looked for */
    bool shared; /* a gazetteer person's surname that someone else of the document has too */
    /* their first two bytes (ws__first_pair), or NO_PAIR where there is
     * nothing to look for: one compare each, no test of local or surname */
    uint32_t name_pair, surname_pair;
} local_name;

/* "Ana Ruiz ... Ruiz said": a surname alone that the gazetteer gives
 * someone else (a congressman Ruiz) is the document's person's, when the
 * text named her in full before and never names the other by more than
 * the surname, or an honorific, and their first names differ; so is a
 * town's name ("Priya Raman ... Raman said"), where no mention of the town
 * follows a preposition of place ("in Raman"), and an organisation's
 * ("Maria Halloran ... Halloran said", Halloran News never named in
 * full). A possessive after the preposition is no place's ("in Raman's
 * view"): the preposition governs the noun after it. The mention at token
 * k goes to her. */
static bool take_from_namesake(ws__entities *e, const ws__text *t, const ws__segments *seg, size_t k,
                               uint32_t local)
{
    int32_t m = e->tok_ment[k];
    if (m < 0)
        return false;
    uint32_t other = e->ments[m].ent;
    const ws__ent *loc = &e->ents[local], *oth = &e->ents[other];
    /* a country or a city takes a surname alone only from someone whose
     * first name the text shows is a person's ("Tom Jordan"), not from
     * a team or a company found as a name ("North Millbrook") */
    bool town = oth->type == WS_PLACE &&
                (oth->gaz_index == WS__NONE || !ws__gaz_major_place(&e->gaz->ents[oth->gaz_index]) || loc->gender);
    if (e->ments[m].tok_begin != k || e->ments[m].tok_end != k + 1 || other == local || oth->local ||
        (oth->type == WS_PLACE && !town) || loc->name_e == 0 || loc->name_b >= seg->toks[k].start)
        return false;
    /* "Jim Okafor" may be the gazetteer's "James E. Okafor", "Vladimir V.
     * Putin" its "Vladimir Putin": only another first letter is someone else */
    if (oth->type == WS_PERSON && loc->name[0] == oth->name[0])
        return false;
    for (size_t i = 0; i < e->nments; i++) {
        const ws__ment *o = &e->ments[i];
        uint32_t before = o->tok_begin ? seg->toks[o->tok_begin - 1].cls : 0;
        if (o->ent == other && (o->tok_end - o->tok_begin > 1 || o->title_begin < o->tok_begin ||
                                ((before & WS__W_TITLE_WORD) && !(before & WS__W_HONORIFIC)) ||
                                (town && (before & (WS__W_PLACE_PREP | WS__W_PREP)) &&
                                 !(o->tok_end < seg->ntoks && ws__tok_is_possessive(t->norm, &seg->toks[o->tok_end])))))
            return false;
    }
    e->ments[m].ent = local;
    return true;
}

/* "… van der Berg said" after "T.J. van der Berg": the first token of a
 * surname's mention at token k, back over the particles the name has
 * before it too. */
static uint32_t surname_start(const ws__entities *e, const ws__text *t, const ws__segments *seg, size_t k,
                              const local_name *ln)
{
    const char *at = ln->surname; /* in ln->name */
    size_t tb = k;
    while (tb > 0 && seg->toks[tb - 1].sent == seg->toks[k].sent && (seg->toks[tb - 1].cls & WS__W_NAME_PARTICLE) &&
           e->tok_ment[tb - 1] < 0) {
        const ws__token *p = &seg->toks[tb - 1];
        size_t n = p->end - p->start;
        if ((size_t)(at - ln->name) < n + 1 || at[-1] != ' ' || memcmp(at - 1 - n, t->norm + p->start, n) != 0)
            break;
        at -= n + 1;
        tb--;
    }
    return (uint32_t)tb;
}

/* The token after the one that ends at byte end, for the name that token k
 * starts, or WS__NONE where no token ends there. */
static uint32_t tokens_end(const ws__segments *seg, size_t k, size_t end)
{
    size_t te = ws__token_at(seg, end);
    return te > k && seg->toks[te - 1].end == end ? (uint32_t)te : WS__NONE;
}

/* Is tokens [tb, te) a mention of a person of that name alone, without a
 * title or a role, which is a company's name without its legal form
 * (ln)? Then the words were the company's, taken for a given name and a
 * surname ("Veltrix to buy Corran Semiconductor" before "Corran
 * Semiconductor Corp."). */
static bool company_not_person(const ws__entities *e, uint32_t tb, uint32_t te, const local_name *ln)
{
    int32_t m = e->tok_ment[tb];
    if (ln->person || m < 0 || e->ments[m].tok_begin != tb || e->ments[m].tok_end != te)
        return false;
    const ws__ent *held = &e->ents[e->ments[m].ent];
    return held->local && held->type == WS_PERSON && !held->role && strlen(held->name) == ln->len &&
           memcmp(held->name, ln->name, ln->len) == 0;
}

/* Links the capitalised token k to the name ln when it is the full name
 * or a person's surname; true when the token is done with, linked or not,
 * false to try the next name. */
static bool link_token(ws__entities *e, const ws__text *t, const ws__segments *seg, size_t k, const local_name *ln,
                       ws_status *st)
{
    const char *s = t->norm;
    const ws__token *tk = &seg->toks[k];
    size_t tl = tk->end - tk->start;
    if (!ln->local && e->tok_ment[k] >= 0)
        return false; /* (a gazetteer person's surname takes no namesake's mention) */
    /* the full name, or a person's surname */
    uint32_t tb = (uint32_t)k, te = WS__NONE;
    bool surname = false;
    if (ln->local && ln->name[0] == s[tk->start] && ln->len <= t->len - tk->start &&
        memcmp(s + tk->start, ln->name, ln->len) == 0) {
        te = tokens_end(seg, k, tk->start + ln->len);
    } else if (ln->surname && ln->surname_len == tl && memcmp(ln->surname, s + tk->start, tl) == 0) {
        te = (uint32_t)k + 1;
        tb = surname_start(e, t, seg, k, ln);
        surname = true;
    } else if (ln->surname && ln->surname_len > tl && ln->surname_len <= t->len - tk->start &&
               memcmp(ln->surname, s + tk->start, ln->surname_len) == 0) {
        te = tokens_end(seg, k, tk->start + ln->surname_len); /* "Valdez-Ruiz" */
    }
    /* one word of a person after a first name is someone else's surname */
    if (surname && ln->person && ws__after_first_name(NULL, t, seg, (uint32_t)k))
        return false;
    bool claimed = false;
    if (surname && ln->person && take_from_namesake(e, t, seg, k, ln->ent))
        return true;
    if (te != WS__NONE && company_not_person(e, tb, te, ln)) {
        e->ments[e->tok_ment[tb]].ent = ln->ent; /* "Veltrix to buy Corran Semiconductor" */
        return true;
    }
    if (te != WS__NONE)
        *st = ws__entities_claim_mention(e, tb, te, ln->ent, &claimed);
    return claimed || *st != WS_OK;
}

/* The entities to link later mentions to (take, one an entity): those
 * found by pattern, and with gazetteer_people the gazetteer's people
 * written in full somewhere in the document ("Boris Johnson ... Johnson
 * said"), whose surname alone the gazetteer does not hold when it is
 * several people's. */
static void entities_to_link(const ws__entities *e, bool gazetteer_people, bool *take)
{
    for (size_t x = 0; x < e->nents; x++)
        take[x] = e->ents[x].local;
    for (size_t i = 0; i < e->nments && gazetteer_people; i++) {
        const ws__ment *m = &e->ments[i];
        if (m->tok_end - m->tok_begin >= 2 && m->ent != WS__NONE) /* (WS__NONE: a mention given up) */
            take[m->ent] |= e->ents[m->ent].type == WS_PERSON;
    }
}

/* The last word of a person's name, a suffix aside ("Martin Luther King
 * Jr." is King), or NULL for a name of one word. */
static const char *surname_of(const ws__entities *e, const char *name, size_t *len)
{
    const char *sp = strrchr(name, ' ');
    if (!sp)
        return NULL;
    size_t n = strlen(sp + 1);
    if (ws__word_classes(&e->gaz->lex, sp + 1, n - (n > 1 && sp[n] == '.')) & WS__W_NAME_SUFFIX) {
        const char *end = sp;
        while (sp > name && sp[-1] != ' ')
            sp--;
        if (sp == name)
            return NULL;
        sp--;
        n = (size_t)(end - sp - 1);
    }
    *len = n;
    return sp + 1;
}

/* The nickname in marks inside a person's name (Robert “Bobby” Tillman,
 * as shapes.c finds it), or NULL. */
static const char *nickname_of(const char *name, size_t *len)
{
    for (const char *sp = strchr(name, ' '); sp; sp = strchr(sp + 1, ' ')) {
        const unsigned char *m = (const unsigned char *)sp + 1;
        /* " or ', or “ or ‘ in UTF-8 */
        size_t ml = *m == '"' || *m == '\'' ? 1
                    : m[0] == 0xE2 && m[1] == 0x80 && (m[2] == 0x9C || m[2] == 0x98) ? 3
                                                                                     : 0;
        size_t n = ml ? strcspn(sp + 1 + ml, " \"'\xE2") : 0;
        if (n > 0) {
            *len = n;
            return sp + 1 + ml;
        }
    }
    return NULL;
}

/* Two people of the document with the same surname, one of them the
 * gazetteer's: the surname alone is neither's ("Ana Okafor" and "Ben
 * Okafor"); two found by pattern keep their order. */
static void drop_shared_surnames(local_name *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        local_name *ni = &names[i];
        for (size_t j = 0; j < n && !ni->local && ni->surname && !ni->shared; j++)
            ni->shared = j != i && names[j].surname && names[j].surname_len == ni->surname_len &&
                         memcmp(names[j].surname, ni->surname, ni->surname_len) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (names[i].shared)
            names[i].surname = NULL;
}

/* The length of an organisation's name without the legal form it ends in
 * ("Corran Semiconductor" of "Corran Semiconductor Corp"), or 0. */
static size_t without_legal_form(const ws__entities *e, const char *name)
{
    const char *sp = strrchr(name, ' ');
    return sp && ws__word_is(&e->gaz->lex, sp + 1, strlen(sp + 1), WS__W_LEGAL_FORM) ? (size_t)(sp - name) : 0;
}

/* No word's first two bytes (ws__first_pair gives 16 bits). */
#define NO_PAIR UINT32_MAX

/* One of 64 buckets for a word's first two bytes (ws__first_pair). */
static inline size_t pair_bucket(uint16_t pair)
{
    return (uint32_t)(pair * 0x9E3779B1u) >> 26;
}

ws_status ws__link_local_mentions(ws__entities *e, const ws__text *t, const ws__segments *seg, bool gazetteer_people)
{
    const char *s = t->norm;
    /* the names, and in groups of 64 by a hash of their pairs (the low
     * bits would be the second letter's alone), a bit per name: a word goes
     * to the few names its pair may be, in order */
    enum { PAIR_BITS = 4096, BUCKETS = 64 };
    size_t cap = 2 * e->nents + 1; /* a person's nickname is a name of its own */
    size_t ngroups = (cap + BUCKETS - 1) / BUCKETS + 1;
    /* one allocation for the names, their buckets, the capitals to look
     * at and the entities to link: this runs twice a document */
    size_t names_size = cap * sizeof(local_name), by_pair_size = ngroups * BUCKETS * sizeof(uint64_t);
    char *block = malloc(names_size + by_pair_size + (e->ncaps + 1) * sizeof(uint64_t) + e->nents + 1);
    if (!block)
        return WS_ERR_NOMEM;
    local_name *names = (local_name *)block;
    uint64_t *by_pair = (uint64_t *)(block + names_size);
    uint64_t *hits = by_pair + ngroups * BUCKETS;
    bool *take = (bool *)(hits + e->ncaps + 1);
    memset(by_pair, 0, by_pair_size);
    entities_to_link(e, gazetteer_people, take);
    size_t nnames = 0;
    for (size_t x = 0; x < e->nents; x++) {
        const ws__ent *en = &e->ents[x];
        if (!take[x])
            continue;
        size_t surname_len = 0;
        const char *surname = en->type == WS_PERSON ? surname_of(e, en->name, &surname_len) : NULL;
        names[nnames++] = (local_name){(uint32_t)x, en->name, surname, strlen(en->name), surname_len,
                                       en->type == WS_PERSON, en->local, false, NO_PAIR, NO_PAIR};
        /* the nickname alone, as a surname is, and never as a full name */
        size_t nick_len = 0;
        const char *nick = en->type == WS_PERSON && en->local ? nickname_of(en->name, &nick_len) : NULL;
        if (nick)
            names[nnames++] = (local_name){(uint32_t)x, en->name, nick, strlen(en->name), nick_len, true, false,
                                           false, NO_PAIR, NO_PAIR};
        /* "Veltrix Inc." named once, then "Veltrix": a company's name
         * without its legal form, as a full name (no person has both) */
        size_t short_len = en->type == WS_ORG && en->local ? without_legal_form(e, en->name) : 0;
        if (short_len)
            names[nnames++] = (local_name){(uint32_t)x, en->name, NULL, short_len, 0, false, true, false, NO_PAIR,
                                           NO_PAIR};
    }
    drop_shared_surnames(names, nnames);
    /* the first two bytes of the names and surnames, by their low 12 bits
     * (a small table, cleared twice a document): most words need no look */
    uint64_t pairs[PAIR_BITS / 64] = {0};
    for (size_t i = 0; i < nnames; i++) {
        local_name *ln = &names[i];
        if (ln->local) {
            ln->name_pair = (uint32_t)ws__first_pair(ln->name, ln->len);
            pairs[ln->name_pair % PAIR_BITS / 64] |= (uint64_t)1 << (ln->name_pair % 64);
            by_pair[i / BUCKETS * BUCKETS + pair_bucket((uint16_t)ln->name_pair)] |= (uint64_t)1 << (i % BUCKETS);
        }
        if (ln->surname) {
            ln->surname_pair = (uint32_t)ws__first_pair(ln->surname, ln->surname_len);
            pairs[ln->surname_pair % PAIR_BITS / 64] |= (uint64_t)1 << (ln->surname_pair % 64);
            by_pair[i / BUCKETS * BUCKETS + pair_bucket((uint16_t)ln->surname_pair)] |= (uint64_t)1 << (i % BUCKETS);
        }
    }
    /* the capitals whose pair is in the table, each with its pair above
     * its token, gathered first in a loop without a branch on it: whether
     * a capital's is comes at random */
    size_t nhits = 0;
    for (size_t c = 0; c < e->ncaps && nnames; c++) {
        const ws__token *tk = &seg->toks[e->caps[c]];
        uint64_t pair = ws__first_pair(s + tk->start, tk->end - tk->start);
        hits[nhits] = pair << 32 | e->caps[c];
        nhits += pairs[pair % PAIR_BITS / 64] >> (pair % 64) & 1;
    }
    ws_status st = WS_OK;
    for (size_t h = 0; h < nhits && st == WS_OK; h++) {
        size_t k = (uint32_t)hits[h];
        uint16_t pair = (uint16_t)(hits[h] >> 32);
        bool done = false;
        for (size_t g = 0; g * BUCKETS < nnames && !done; g++) {
            for (uint64_t bits = by_pair[g * BUCKETS + pair_bucket(pair)]; bits && !done; bits &= bits - 1) {
                const local_name *ln = &names[g * BUCKETS + (size_t)__builtin_ctzll(bits)];
                if ((ln->name_pair == pair) | (ln->surname_pair == pair))
                    done = link_token(e, t, seg, k, ln, &st);
            }
        }
    }
    free(block);
    return st;
}

#define ACRONYM_MIN 2
#define ACRONYM_MAX 8

/* A small word inside a name its acronym skips: "Bureau of Alcohol,
 * Tobacco and Firearms" (ATF), "Médecins Sans Frontières" aside. */
static bool is_connector(const ws__token *tk)
{
    return (tk->flags & WS__TOK_LOWER) &&
           (tk->cls & (WS__W_PREP | WS__W_DETERMINER | WS__W_NAME_PARTICLE | WS__W_CLAUSE_OPENER));
}

/* Where the name whose capitals spell the acronym begins, ending at token
 * end ("Federal Emergency Management Agency" for FEMA), or WS__NONE. */
static size_t spelled_by(const ws__text *t, const ws__segments *seg, size_t end, const char *acr, size_t n)
{
    size_t k = end, letters = n;
    while (k > 0 && letters > 0 && end - k < ACRONYM_MAX * 2) {
        const ws__token *tk = &seg->toks[k - 1];
        if (tk->sent != seg->toks[end - 1].sent)
            return WS__NONE;
        if (tk->flags & WS__TOK_CAP) {
            if ((t->norm[tk->start] | 0x20) != (acr[letters - 1] | 0x20))
                return WS__NONE;
            letters--;
        } else if (!is_connector(tk)) {
            return WS__NONE;
        }
        k--;
    }
    return letters == 0 ? k : WS__NONE;
}

ws_status ws__link_acronyms(const ws__text *t, const ws__segments *seg, ws__entities *e)
{
    /* brackets are few: found in the text by memchr, not token by token
     * (each is a token of its own) */
    const char *s = t->norm, *end = s + t->len;
    for (const char *p = memchr(s, '(', t->len); p; p = memchr(p + 1, '(', (size_t)(end - p - 1))) {
        size_t k = ws__token_at(seg, (size_t)(p - s));
        if (k == 0 || k + 2 >= seg->ntoks)
            continue;
        const ws__token *acr = &seg->toks[k + 1];
        size_t n = acr->end - acr->start;
        if (seg->toks[k].punct != '(' || seg->toks[k + 2].punct != ')' || !(acr->flags & WS__TOK_UPPER) ||
            n < ACRONYM_MIN || n > ACRONYM_MAX || seg->toks[k - 1].sent != acr->sent)
            continue;
        const char *a = t->norm + acr->start;
        /* the words whose capitals spell it, else the organisation right before */
        uint32_t ent = WS__NONE;
        size_t b = spelled_by(t, seg, k, a, n);
        int32_t m = b == WS__NONE ? -1 : e->tok_ment[b];
        if (m >= 0 && e->ments[m].tok_begin == b && e->ments[m].tok_end == k) {
            ent = e->ments[m].ent; /* named by the gazetteer in full */
        } else if (b != WS__NONE) {
            ws_status st = ws__entities_add_local(e, t, seg, (uint32_t)b, (uint32_t)k, WS_ORG, &ent);
            if (st != WS_OK)
                return st;
        }
        m = e->tok_ment[k - 1];
        if (ent == WS__NONE && m >= 0 && e->ments[m].tok_end == k && e->ents[e->ments[m].ent].type == WS_ORG)
            ent = e->ments[m].ent;
        if (ent == WS__NONE)
            continue;
        /* the acronym, here and wherever it comes again */
        for (size_t j = k + 1; j < seg->ntoks; j++) {
            const ws__token *tj = &seg->toks[j];
            if (tj->end - tj->start != n || memcmp(t->norm + tj->start, a, n) != 0)
                continue;
            int32_t mj = e->tok_ment[j];
            if (mj >= 0 && e->ments[mj].tok_end - e->ments[mj].tok_begin == 1) {
                e->ments[mj].ent = ent; /* defined in this text: it wins over a namesake */
            } else if (mj < 0) {
                ws_status st = ws__entities_claim_mention(e, (uint32_t)j, (uint32_t)j + 1, ent, NULL);
                if (st != WS_OK)
                    return st;
            }
        }
    }
    return WS_OK;
}

/* A demonym among the title's words ("Russian", "North Korean"): its country. */
static uint32_t title_country(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                              uint32_t tb, uint32_t te)
{
    char key[WS__KEY_MAX];
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

#define TITLE_NOUNS 2 /* "school board president" */

/* "1st", "2nd", "23rd", "4th": a number with an ordinal's ending. */
static bool is_ordinal(const ws__text *t, const ws__token *tk)
{
    const char *w = t->norm + tk->start;
    size_t n = tk->end - tk->start, d = 0;
    while (d < n && w[d] >= '0' && w[d] <= '9')
        d++;
    if (d == 0 || n != d + 2)
        return false;
    char a = (char)(w[d] | 0x20), b = (char)(w[d + 1] | 0x20);
    return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') || (a == 't' && b == 'h');
}

/* Where a title starts with the organisation it serves before it ("board
 * president", "union leader"): lowercase organisation words right before
 * token k, at a clause's start, after a mark, a comma or a speech verb; else
 * k. */
static uint32_t noun_modifiers_before(const ws__segments *seg, uint32_t sb, uint32_t k)
{
    uint32_t j = k;
    while (j > sb && k - j < TITLE_NOUNS && (seg->toks[j - 1].flags & WS__TOK_LOWER) &&
           (seg->toks[j - 1].cls & (WS__W_ORG_HEAD | WS__W_ORG_ROLE)))
        j--;
    bool opening = j == sb || ws__tok_is_mark(&seg->toks[j - 1]) || seg->toks[j - 1].punct == ',' ||
                   (seg->toks[j - 1].cls & WS__W_CUE);
    return j < k && opening ? j : k;
}

void ws__attach_titles(const ws_gazetteer *g, ws__entities *e, const ws__text *t, const ws__segments *seg)
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
                (seg->toks[k - 2].cls & WS__W_TITLE_WORD)) {
                k -= 2;
                titled = true;
            } else if ((p->flags & WS__TOK_WORD) && (p->cls & WS__W_TITLE_WORD)) {
                k--;
                titled = true;
            } else if (titled && (p->flags & WS__TOK_WORD) &&
                       ((p->cls & WS__W_TITLE_MODIFIER) || e->tok_ment[k - 1] >= 0 ||
                        ((p->flags & WS__TOK_CAP) && (k - 1 > sb || ws__gaz_is_demonym(g, s + p->start, n))))) {
                k--; /* "Kremlin spokesman", "Ukrainian Defense Minister", "US President" */
            } else if (titled && (p->flags & WS__TOK_DIGIT) && is_ordinal(t, p) &&
                       (seg->toks[k].cls & WS__W_TITLE_WORD)) {
                k--; /* a rank's grade: "Air Force 1st Lt.", "2nd Lt." */
            } else {
                if (titled)
                    k = noun_modifiers_before(seg, sb, k);
                break;
            }
        }
        m->title_begin = titled ? k : m->tok_begin;
        /* (most mentions have no title to look in: no call for them) */
        m->country = titled ? title_country(g, t, seg, m->title_begin, m->tok_begin) : WS__NONE;
        /* "Ms. Adeyemi": an honorific says a person of the document's gender */
        ws__ent *en = &e->ents[m->ent];
        for (uint32_t j = m->title_begin; j < m->tok_begin && en->local; j++)
            if ((seg->toks[j].cls & WS__W_HONORIFIC) && (seg->toks[j].cls & (WS__W_MALE | WS__W_FEMALE)))
                en->gender = seg->toks[j].cls & WS__W_MALE ? "m" : "f";
    }
}
