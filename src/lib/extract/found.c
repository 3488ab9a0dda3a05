/*
 * found.c - the names that discovery's patterns (discover.c) find, each
 * made an entity of the document: the person after a title ("regional Gov.
 * Vadym Filaskhin"), the name an apposition introduces ("Fiona Hill, a
 * Russia expert"), the holder of a role ("the town's mayor, Petro
 * Savchuk,"), a place after its noun, an organisation up to its head, a
 * photo credit. Each is given the tokens of its match and of the name.
 */
#include <string.h>

#include "extract.h"

/* An earlier "Karim Haddad" for the surname at token k: the first name's token. */
static uint32_t first_name_before(const ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t k)
{
    const ws__token *sn = &seg->toks[k];
    size_t n = sn->end - sn->start;
    for (uint32_t j = 1; j < k; j++) {
        const ws__token *tj = &seg->toks[j];
        if (tj->end - tj->start == n && memcmp(t->norm + tj->start, t->norm + sn->start, n) == 0 &&
            e->tok_ment[j] < 0 && e->tok_ment[j - 1] < 0 && ws__after_first_name(e->gaz, t, seg, j))
            return j - 1;
    }
    return WS__NONE;
}

/* Does a name go on after token k, past what the name pattern takes: a
 * capitalised word, or lowercase words that lead to one ("Lena van Hout",
 * "Juma wa Kirui", "Nabil al-Karimi")? */
static bool name_goes_on(const ws__segments *seg, uint32_t k)
{
    for (uint32_t j = k + 1; j < seg->ntoks && seg->toks[j].sent == seg->toks[k].sent; j++) {
        const ws__token *tj = &seg->toks[j];
        if (tj->punct == '-' && !(tj->flags & WS__TOK_SPACE_BEFORE))
            continue;
        if (!(tj->flags & WS__TOK_WORD))
            return false;
        if (!(tj->flags & WS__TOK_LOWER))
            return true;
        if (j > k + 2)
            return false;
    }
    return false;
}

/* "Mayor Okafor", "Sen. Halloran": a title names a person by the surname
 * alone, as an honorific does, when the word after it can be nothing else:
 * a capitalised word of letters, of no word list, no common word or
 * demonym, the whole name, neither it nor the title in another name
 * ("General Motors"), and not the name of two of the document's people. */
static bool surname_after_title(const ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t title,
                                uint32_t k)
{
    const ws__token *tk = &seg->toks[k];
    const char *w = t->norm + tk->start;
    size_t n = tk->end - tk->start;
    char key[WS__KEY_MAX];
    uint32_t first;
    if ((tk->flags & (WS__TOK_CAP | WS__TOK_PLAIN)) != (WS__TOK_CAP | WS__TOK_PLAIN) || n < 2 || tk->cls ||
        e->tok_ment[k] >= 0 || e->tok_ment[title] >= 0 || name_goes_on(seg, k) ||
        ws__gaz_is_demonym(e->gaz, w, n) || ws__persons_named(e, w, n, 0, &first) > 1)
        return false;
    size_t klen = ws__fold(w, n, key, sizeof key);
    return klen > 0 && !ws__gaz_is_common(e->gaz, key, klen);
}

/* "Dr. Luis de la Cruz": the pattern's name stops at the lowercase
 * particles; the capitalised word after them ends it. */
static uint32_t past_particles(const ws__segments *seg, uint32_t te)
{
    uint32_t p = te;
    while (p < seg->ntoks && p < te + 2 && (seg->toks[p].cls & WS__W_NAME_PARTICLE) &&
           (seg->toks[p].flags & WS__TOK_LOWER))
        p++;
    return p > te && p < seg->ntoks && (seg->toks[p].flags & WS__TOK_CAP) && seg->toks[p].sent == seg->toks[te].sent
               ? p + 1
               : te;
}

ws_status ws__found_title_person(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                 uint32_t mtb, uint32_t tb, uint32_t te)
{
    const char *s = t->norm;
    /* "Senator Backs Higher Tax On Diesel Trucks.": a headline, even with
     * a full stop, whose capitals name nobody */
    if (e->title_line[seg->sents[seg->toks[mtb].sent].para])
        return WS_OK;
    te = past_particles(seg, te);
    /* names end before a weekday, a month or a sentence-ending period */
    for (uint32_t k = tb; k < te; k++) {
        const ws__token *tk = &seg->toks[k];
        if ((tk->cls & WS__W_NAME_STOP) ||
            seg->toks[k].sent != seg->toks[tb].sent) {
            te = k;
            break;
        }
    }
    while (te > tb && !(seg->toks[te - 1].flags & WS__TOK_WORD))
        te--;
    /* "Secretary General Mark Rutte": more title before the name */
    while (tb < te && (seg->toks[tb].cls & WS__W_TITLE_WORD))
        tb++;
    if (te <= tb)
        return WS_OK;
    /* "spokesman Navy Capt. Tom Reyes": a rank written with its period ends
     * no name; the title goes on, and the name after it is the person's */
    for (uint32_t k = tb; k < te; k++)
        if ((seg->toks[k].cls & WS__W_TITLE_WORD) && k + 1 < seg->ntoks && seg->toks[k + 1].punct == '.' &&
            !(seg->toks[k + 1].flags & WS__TOK_SPACE_BEFORE))
            return WS_OK;
    size_t words = 0;
    for (uint32_t k = tb; k < te; k++) {
        int32_t m = e->tok_ment[k];
        if (m >= 0 && e->ents[e->ments[m].ent].type == WS_PERSON)
            return WS_OK; /* a known person: the gazetteer's name stands */
        words += (seg->toks[k].flags & WS__TOK_WORD) && seg->toks[k].end - seg->toks[k].start > 1;
    }
    const ws__token *title = &seg->toks[mtb];
    uint32_t title_cls = title->cls;
    bool honorific = (title_cls & WS__W_HONORIFIC) != 0;
    if (words < (honorific ? 1u : 2u) && !(te - tb == 1 && surname_after_title(e, t, seg, mtb, tb)))
        return WS_OK;
    uint32_t ent;
    if (te - tb == 1) {
        /* "Ms. Kim" after "Kim Yo Jong": the person of that name and gender */
        int gender = title_cls & WS__W_MALE ? 'm' : title_cls & WS__W_FEMALE ? 'f' : 0;
        ent = ws__person_named(e, s + seg->toks[tb].start, seg->toks[tb].end - seg->toks[tb].start, gender);
        uint32_t first = ent == WS__NONE ? first_name_before(e, t, seg, tb) : WS__NONE;
        if (first != WS__NONE) {
            /* "Karim Haddad runs a bakery ... said Mr. Haddad" */
            ws_status st = ws__entities_add_local(e, t, seg, first, first + 2, WS_PERSON, &ent);
            if (st != WS_OK)
                return st;
        }
        if (ent != WS__NONE)
            return ws__entities_claim_mention(e, tb, te, ent, NULL);
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

/* The given-name bits of the word at token k (given-names.tsv), or 0. */
static uint32_t given_at(const ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t k)
{
    return ws__given_name(&e->gaz->lex, t->norm + seg->toks[k].start, seg->toks[k].end - seg->toks[k].start);
}

#define COMMON_GIVEN_NAME 100000 /* US births 1940-2024 */

/* The type of a name found by pattern. One ending in a place's head is a
 * place ("Brekke County, a suburb,"). One ending in an organisation's
 * head is the organisation's ("The building's owner, Ridgeway Storage
 * LLC,"), unless it is a common given name and the head alone ("the
 * champion, Margaret Court,"); a rarer one is less evidence than the head
 * ("the Osgood Institute, a think tank,"), and a name between them makes a
 * founder's ("Walter Pruitt Foundation"). */
static ws_entity_type name_type(const ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t tb,
                                uint32_t te)
{
    const ws__token *last = &seg->toks[te - 1];
    if (te - tb >= 2 && (last->cls & WS__W_PLACE_HEAD))
        return WS_PLACE;
    if (te - tb < 2 || !(last->cls & WS__W_ORG_HEAD) || !(last->flags & WS__TOK_CAP))
        return WS_PERSON;
    return te - tb == 2 && WS__GIVEN_FREQUENCY(given_at(e, t, seg, tb)) >= COMMON_GIVEN_NAME ? WS_PERSON : WS_ORG;
}

/* "Mexican Ana Ruiz, 45,": a people's name ("Mexican", "Belgians") before
 * a given name is no part of the name ("American Action Forum" is one). */
static bool people_word(const ws__entities *e, const ws__text *t, const ws__token *tk)
{
    const char *w = t->norm + tk->start;
    size_t n = tk->end - tk->start;
    return ws__gaz_is_demonym(e->gaz, w, n) || ws__gaz_is_people(e->gaz, w, n);
}

/* Is token tb, which opens the words [tb, te) before an apposition, no
 * word of the name? "But Olena Shevchuk, a teacher": the sentence's first
 * word is not; "For Ruiz, the vote was" holds no full name. A month that
 * is a given name before a surname alone is hers ("May Okafor, 91,"). */
static bool not_of_name(const ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t tb, uint32_t te)
{
    uint32_t cls = seg->toks[tb].cls;
    if (cls & (WS__W_NAME_STOP | WS__W_CLAUSE_OPENER | WS__W_DETERMINER))
        return !(te - tb == 2 && cls == WS__W_NAME_STOP && given_at(e, t, seg, tb));
    return tb + 2 < te && people_word(e, t, &seg->toks[tb]) && given_at(e, t, seg, tb + 1);
}

/* "Marta Kowalczyk, a Russia expert at ...", "Olena Shevchuk, 54, a
 * teacher": a name the text introduces by what the person is. */
ws_status ws__found_apposition(ws__entities *e, const ws__text *t, const ws__segments *seg,
                               uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    /* a name longer than the pattern reaches ("Maria Luisa Okoro Vega,
     * 20,") is the other passes' to find whole */
    if (tb > 0 && seg->toks[tb - 1].sent == seg->toks[tb].sent && (seg->toks[tb - 1].flags & WS__TOK_CAP))
        return WS_OK;
    uint32_t first = tb;
    while (tb < te && not_of_name(e, t, seg, tb, te))
        tb++;
    if (tb > first && te - tb < 2)
        return WS_OK;
    for (uint32_t k = tb; k < te; k++)
        if (e->tok_ment[k] >= 0 || (seg->toks[k].cls & WS__W_TITLE_WORD))
            return WS_OK;
    uint32_t ent;
    return tb < te ? ws__entities_add_local(e, t, seg, tb, te, name_type(e, t, seg, tb, te), &ent) : WS_OK;
}

ws_status ws__found_role_name(ws__entities *e, const ws__text *t, const ws__segments *seg,
                              uint32_t mtb, uint32_t tb, uint32_t te)
{
    for (uint32_t k = tb; k < te; k++)
        if (e->tok_ment[k] >= 0)
            return WS_OK;
    uint32_t ent;
    ws_entity_type type = name_type(e, t, seg, tb, te);
    ws_status st = ws__entities_add_local(e, t, seg, tb, te, type, &ent);
    if (st != WS_OK || ent == WS__NONE || type != WS_PERSON || e->ents[ent].role)
        return st;
    /* the role with its modifiers: "Danish prime minister", "town's
     * mayor", not the article or the clause before ("when a new treasurer") */
    uint32_t rb = mtb, sb = seg->sents[seg->toks[mtb].sent].tok_begin;
    while (rb > sb && rb + 3 > mtb && !seg->toks[rb - 1].punct &&
           !(seg->toks[rb - 1].cls & (WS__W_DETERMINER | WS__W_CLAUSE_OPENER | WS__W_PREP)))
        rb--;
    size_t b = seg->toks[rb].start, end = seg->toks[mtb].end;
    if (!(e->ents[ent].role = ws__strndup(t->norm + b, end - b)))
        return WS_ERR_NOMEM;
    return WS_OK;
}

ws_status ws__found_place(ws__entities *e, const ws__text *t, const ws__segments *seg,
                          uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_PLACE, &ent);
}

/* "The", "An" or "A", capitalised; not the initial "A." (a token's next
 * one may be read: the last token has a sentinel after it). */
static bool is_article(const char *s, const ws__token *tk)
{
    size_t n = tk->end - tk->start;
    const char *w = s + tk->start;
    return (n == 3 && memcmp(w, "The", 3) == 0) || (n == 2 && memcmp(w, "An", 2) == 0) ||
           (n == 1 && w[0] == 'A' && tk[1].punct != '.');
}

ws_status ws__found_org(ws__entities *e, const ws__text *t, const ws__segments *seg,
                        uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    const char *s = t->norm;
    /* "The Ministry of ...", "A State Department spokeswoman" at a
     * sentence start: the article is not the name */
    while (tb < te && ((seg->toks[tb].flags & WS__TOK_LOWER) || is_article(s, &seg->toks[tb])))
        tb++;
    /* "Russia's Ministry": the possessor is a name of its own; but "Lincoln
     * High School" is no city of Lincoln, "Harris Elementary" no Harris */
    for (uint32_t k = tb; k + 1 < te; k++) {
        const ws__token *nx = &seg->toks[k + 1];
        if (nx->end - nx->start == 2 && s[nx->start] == '\'' && (s[nx->start + 1] | 0x20) == 's')
            tb = k + 2;
    }
    /* what is left must still be a name: "West Bank on Thursday" leaves none */
    if (tb < te && !(seg->toks[tb].flags & WS__TOK_CAP))
        return WS_OK;
    for (uint32_t k = tb; k < te; k++)
        if (seg->toks[k].cls & WS__W_NAME_STOP)
            return WS_OK;
    /* "Air Force One", "Marine Corps Base": the name goes on past the head */
    if (te < seg->ntoks && seg->toks[te].sent == seg->toks[tb].sent && (seg->toks[te].flags & WS__TOK_CAP) &&
        !(seg->toks[te].cls & WS__W_TITLE_WORD))
        return WS_OK;
    if (te - tb < 2)
        return WS_OK;
    /* "Leeds High School and Burton Elementary": two names, each with its head */
    for (uint32_t k = tb + 1; k + 3 < te; k++) {
        const ws__token *and = &seg->toks[k + 1];
        if (and->end - and->start == 3 && memcmp(s + and->start, "and", 3) == 0 &&
            (seg->toks[k].cls & WS__W_ORG_HEAD)) {
            uint32_t first;
            ws_status st = ws__entities_add_local(e, t, seg, tb, k + 1, WS_ORG, &first);
            if (st != WS_OK)
                return st;
            tb = k + 2;
            break;
        }
    }
    if (te - tb < 2)
        return WS_OK;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_ORG, &ent);
}

ws_status ws__found_credit(ws__entities *e, const ws__text *t, const ws__segments *seg,
                           uint32_t mtb, uint32_t tb, uint32_t te)
{
    (void)mtb;
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, tb, te, WS_PERSON, &ent);
}
