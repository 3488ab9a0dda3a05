/*
 * speaker.c - who stands in a speaker's place: a person or organisation
 * named (with its title), a pronoun resolved to the nearest earlier person
 * of its gender, a role ("the spokesman") resolved to who holds it, or a
 * capitalised name no gazetteer knows, which becomes a person of the
 * document. subject.c finds whose verb a speech verb is.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attribution.h"

#define TITLE_WINDOW 6     /* title words between "said" and the name */
#define PRONOUN_WINDOW 400 /* tokens back to look for a pronoun's person */
#define OFFICE_WORDS 4     /* "said ABC-TV senior political anchor Ana Ruiz" */

bool ws__tok_is(const ws__attr *c, size_t k, const char *w)
{
    const ws__token *tk = ws__tok(c, k);
    if ((c->t->norm[tk->start] | 0x20) != (w[0] | 0x20))
        return false; /* most tokens differ in their first letter: no strlen */
    size_t n = strlen(w);
    return tk->end - tk->start == n && strncasecmp(c->t->norm + tk->start, w, n) == 0;
}

/* A speech verb as used here: not part of a name ("the New York Post"),
 * capitalised only at a sentence start or in a headline ("Trump Says"), and
 * not a noun after a determiner ("the claims"). "put it" reports words too
 * ("As Ruiz put it, “…”"), though "put" alone does not. */
bool ws__tok_is_cue(const ws__attr *c, size_t k)
{
    const ws__token *tk = ws__tok(c, k);
    if (!(tk->flags & WS__TOK_WORD) || c->tok_quote[k] >= 0 || c->ents->tok_ment[k] >= 0 ||
        !((ws__tok_classes(c, k) & WS__W_CUE) ||
          (ws__tok_is(c, k, "put") && k + 1 < c->seg->ntoks && ws__tok_is(c, k + 1, "it"))))
        return false;
    size_t sb = c->seg->sents[tk->sent].tok_begin;
    if (k == sb)
        return true;
    const ws__token *prev = ws__tok(c, k - 1);
    if (prev->punct == '-' && !(tk->flags & WS__TOK_SPACE_BEFORE))
        return false; /* "so-called", "self-described" */
    if ((tk->flags & WS__TOK_CAP) && !(prev->flags & WS__TOK_CAP))
        return false;
    return !(ws__tok_classes(c, k - 1) & WS__W_DETERMINER);
}

/* 'm' for he, 'f' for she, 'i' for it (an organisation), else 0. */
int ws__pronoun_gender(const ws__attr *c, size_t k)
{
    if (ws__tok_is(c, k, "he"))
        return 'm';
    if (ws__tok_is(c, k, "she"))
        return 'f';
    if (ws__tok_is(c, k, "it"))
        return 'i';
    return 0;
}

bool ws__in_prepositional_phrase(const ws__attr *c, size_t k, size_t sb)
{
    size_t j = k;
    if (j > sb && (ws__tok_is(c, j - 1, "the") || ws__tok_is(c, j - 1, "a")))
        j--;
    if (j == sb)
        return false;
    return (ws__tok_classes(c, j - 1) & WS__W_PREP) != 0;
}

/* The mention whose name or title starts at token k. A title may itself
 * hold a mention ("US President Donald Trump"): the titled person wins. */
static int32_t mention_starting(const ws__attr *c, size_t k)
{
    for (size_t j = k + 1; j < c->seg->ntoks && j <= k + TITLE_WINDOW; j++) {
        int32_t mj = c->ents->tok_ment[j];
        if (mj >= 0 && c->ents->ments[mj].title_begin <= k && c->ents->ments[mj].tok_begin == j)
            return mj;
    }
    int32_t m = c->ents->tok_ment[k];
    return m >= 0 && c->ents->ments[m].tok_begin == k ? m : -1;
}

static bool can_speak(const ws__attr *c, int32_t m)
{
    ws_entity_type type = c->ents->ents[c->ents->ments[m].ent].type;
    return type == WS_PERSON || type == WS_ORG;
}

/* Nearest earlier person outside quotes, of a compatible gender, within a
 * window: antecedents in news stand a few sentences back, and the bound
 * keeps a long document linear. */
/* "Ryan's comments", "John Kerry's partners": a name followed by 's
 * qualifies a noun; the noun, not the name, is the subject. */
bool ws__possessive(const ws__attr *c, size_t te)
{
    return te < c->seg->ntoks && ws__tok_is_possessive(c->t->norm, ws__tok(c, te));
}

bool ws__is_possessor(const ws__attr *c, const ws__speaker *sp)
{
    return ws__possessive(c, sp->te);
}

/* Does the sentence open with someone described, not named: "A retired
 * teacher who ...", "One father, who asked ...", "Some residents", "His
 * wife, Carol, said"? */
static bool opens_with_description(const ws__attr *c, const ws__sentence *sn)
{
    size_t b = sn->tok_begin;
    if (sn->tok_end - b < 3 || c->tok_quote[b] >= 0 || !(ws__tok(c, b + 1)->flags & WS__TOK_LOWER))
        return false;
    if (!ws__tok_is(c, b, "a") && !ws__tok_is(c, b, "an") && !ws__tok_is(c, b, "one") &&
        !ws__tok_is(c, b, "another") && !ws__tok_is(c, b, "some") && !ws__tok_is(c, b, "his") &&
        !ws__tok_is(c, b, "her") && !ws__tok_is(c, b, "their"))
        return false;
    for (size_t k = b; k < sn->tok_end && k < b + 4; k++)
        if (c->ents->tok_ment[k] >= 0)
            return false;
    return true;
}

/* Does entity e fit a pronoun of this gender ('i' for it)? */
static bool fits_pronoun(const ws__ent *e, int gender)
{
    return gender == 'i' ? e->type == WS_ORG
                         : e->type == WS_PERSON && !(e->gender && gender && e->gender[0] != gender);
}

static uint32_t resolve_pronoun(const ws__attr *c, size_t k, int gender)
{
    size_t stop = k > PRONOUN_WINDOW ? k - PRONOUN_WINDOW : 0;
    uint32_t object = WS__NONE; /* the nearest person in a prepositional phrase */
    size_t para = c->seg->sents[ws__tok(c, k)->sent].para, sent = ws__tok(c, k)->sent;
    /* "Reyes went after Okafor at the forum, when he called him “…”": later
     * in its sentence, a pronoun is the subject's that opens it, when the
     * subject fits, before any nearer name */
    int32_t first = mention_starting(c, c->seg->sents[sent].tok_begin);
    if (first >= 0) {
        const ws__ment *m = &c->ents->ments[first];
        if (m->tok_end < k && c->tok_quote[m->tok_begin] < 0 && (ws__tok(c, m->tok_end)->flags & WS__TOK_LOWER) &&
            fits_pronoun(&c->ents->ents[m->ent], gender))
            return m->ent;
    }
    bool passed = false; /* a person of the other gender was nearer */
    while (k-- > stop) {
        /* "A retired schoolteacher ... said she had heard rumours. “…,” she
         * said": the pronoun's paragraph introduced someone it does not
         * name, who is nearer than any name */
        size_t s = ws__tok(c, k)->sent;
        if (s != sent) {
            sent = s;
            if (c->seg->sents[s].para == para && opens_with_description(c, &c->seg->sents[s]))
                return object;
        }
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0)
            continue;
        const ws__ment *m = &c->ents->ments[mi];
        const ws__ent *e = &c->ents->ents[m->ent];
        /* "Tom Halloran said … “…,” she added": not back past him to a
         * woman of an earlier paragraph, whom the writer would have named */
        if (passed && c->seg->sents[s].para != para)
            return object;
        passed |= e->type == WS_PERSON && !fits_pronoun(e, gender);
        if (fits_pronoun(e, gender)) {
            /* "Witkoff spent five hours with Putin. “…,” he said": the subject */
            size_t sb = c->seg->sents[ws__tok(c, m->tok_begin)->sent].tok_begin;
            if (!ws__in_prepositional_phrase(c, m->title_begin, sb))
                return m->ent;
            if (object == WS__NONE)
                object = m->ent;
        }
        k = m->title_begin < k ? m->title_begin : k;
    }
    return object;
}

bool ws__people_at(const ws__attr *c, size_t k)
{
    const ws__token *w = ws__tok(c, k);
    return (ws__tok_classes(c, k) & WS__W_GROUP) ||
           ((w->flags & WS__TOK_CAP) && ws__gaz_is_people(c->ents->gaz, c->t->norm + w->start, w->end - w->start));
}

uint32_t ws__role_noun_at(const ws__attr *c, size_t k)
{
    uint32_t cls = ws__tok_classes(c, k);
    /* capitalised, only a role that is never a title: "a Nevada Democrat",
     * not "President" */
    if (!(ws__tok(c, k)->flags & WS__TOK_LOWER)) {
        /* "the Gazette", "the Agency": the end of an organisation's name
         * standing for it after "the" */
        if ((cls & WS__W_ORG_HEAD) && k > 0 && ws__tok_is(c, k - 1, "the"))
            return WS__W_ORG_ROLE;
        return cls & (WS__W_TITLE_WORD | WS__W_TITLE_START) ? 0 : cls & WS__W_ROLE;
    }
    return cls & (WS__W_ROLE | WS__W_ORG_ROLE | WS__W_ANY_ORG | WS__W_GROUP);
}

/* "the spokesman", "the defence ministry", "a senior official": a
 * determiner, up to two modifiers, a role noun. After "a" one modifier may
 * be an organisation's or a place's name: "a prominent Republican National
 * Committee member" is someone unnamed there, not the committee. */
bool ws__role_phrase(const ws__attr *c, size_t k, size_t *te)
{
    if (!(ws__tok_classes(c, k) & WS__W_DETERMINER))
        return false;
    bool indefinite = ws__tok_is(c, k, "a") || ws__tok_is(c, k, "an") || ws__tok_is(c, k, "another");
    for (size_t j = k + 1, last = k + 3; j < c->seg->ntoks && j <= last; j++) {
        int32_t m = c->ents->tok_ment[j];
        if (m >= 0 && indefinite && c->ents->ments[m].tok_begin == j &&
            c->ents->ents[c->ents->ments[m].ent].type != WS_PERSON) {
            indefinite = false; /* one name only */
            last += c->ents->ments[m].tok_end - j - 1;
            j = c->ents->ments[m].tok_end - 1;
            continue;
        }
        if (c->tok_quote[j] >= 0 || m >= 0 || !(ws__tok(c, j)->flags & WS__TOK_WORD))
            return false;
        if (ws__role_noun_at(c, j)) {
            *te = j + 1;
            return true;
        }
    }
    return false;
}

static bool contains_word(const char *hay, size_t n, const char *word, size_t wl)
{
    for (size_t i = 0; i + wl <= n; i++)
        if (strncasecmp(hay + i, word, wl) == 0)
            return true;
    return false;
}

/* Does the text hold every word of tokens [wb, we)? */
static bool holds_words(const ws__attr *c, const char *hay, size_t n, size_t wb, size_t we)
{
    for (size_t k = wb; k < we; k++) {
        const ws__token *tk = ws__tok(c, k);
        if (tk->end - tk->start >= 64 || /* a word this long is in no role or name */
            !contains_word(hay, n, c->t->norm + tk->start, tk->end - tk->start))
            return false;
    }
    return true;
}

/* Can "the company" or "the firm" stand for the organisation of mention m?
 * A company can: one the gazetteer lists as a company, or one whose name
 * ends as companies' do ("Millbrook Paper Co."); a league, a ministry or
 * an alliance cannot. A news outlet can, but only where no other company
 * is named: it is mostly how the words reach the reader ("Reuters
 * reported"), not who says them. */
typedef enum { NOT_COMPANY, NEWS_OUTLET, COMPANY } company_rank;

static company_rank company_of(const ws__attr *c, const ws__ment *m)
{
    const ws__ent *e = &c->ents->ents[m->ent];
    ws__gaz_subtype sub = e->gaz_index != WS__NONE ? c->ents->gaz->ents[e->gaz_index].subtype : WS__SUBTYPE_OTHER;
    if (sub == WS__SUBTYPE_COMPANY || (ws__tok_classes(c, m->tok_end - 1) & WS__W_COMPANY))
        return COMPANY;
    return sub == WS__SUBTYPE_NEWS ? NEWS_OUTLET : NOT_COMPANY;
}

/* The nearest earlier holder of the role: a person whose title or gazetteer
 * role has the noun ("Kremlin spokesman Dmitry Peskov" for "the
 * spokesman"), or an organisation whose name has it ("the ministry"). A
 * "statement" is its organisation's. Indefinite phrases ("a spokesman")
 * name nobody in particular. */
static uint32_t role_holder(const ws__attr *c, size_t tb, size_t te, size_t wb)
{
    uint32_t rn = ws__role_noun_at(c, te - 1);
    bool org = rn & WS__W_ORG_ROLE, any_org = rn & WS__W_ANY_ORG;
    bool company = ws__tok_classes(c, te - 1) & WS__W_COMPANY;
    if (!(rn & (WS__W_ROLE | WS__W_ORG_ROLE | WS__W_ANY_ORG)))
        return WS__NONE; /* "the diplomat": someone described, not named */
    size_t stop = tb > PRONOUN_WINDOW ? tb - PRONOUN_WINDOW : 0;
    uint32_t outlet = WS__NONE;
    for (size_t k = tb; k-- > stop;) {
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0)
            continue;
        const ws__ment *m = &c->ents->ments[mi];
        const ws__ent *e = &c->ents->ents[m->ent];
        if (org) {
            if (e->type != WS_ORG)
                continue;
            company_rank rank = company ? company_of(c, m) : COMPANY;
            if ((any_org && rank == COMPANY) || holds_words(c, e->name, strlen(e->name), wb, te))
                return m->ent;
            if (any_org && rank == NEWS_OUTLET && outlet == WS__NONE)
                outlet = m->ent;
            continue;
        }
        k = m->title_begin < k ? m->title_begin : k; /* the rest of this mention is seen */
        if (e->type != WS_PERSON)
            continue;
        size_t tl = c->seg->toks[m->tok_begin].start - c->seg->toks[m->title_begin].start;
        if ((tl && holds_words(c, c->t->norm + c->seg->toks[m->title_begin].start, tl, wb, te)) ||
            (e->role && holds_words(c, e->role, strlen(e->role), wb, te)))
            return m->ent;
    }
    return outlet;
}

static uint32_t resolve_role(const ws__attr *c, size_t tb, size_t te)
{
    if (!ws__tok_is(c, tb, "the") && !ws__tok_is(c, tb, "its") && !ws__tok_is(c, tb, "their"))
        return WS__NONE;
    /* every word of "the defence minister" first, then the noun alone */
    uint32_t holder = role_holder(c, tb, te, tb + 1);
    return holder != WS__NONE ? holder : role_holder(c, tb, te, te - 1);
}

/* Two or three capitalised words not known as anything: a new person. */
static bool unknown_name(const ws__attr *c, size_t tb, size_t *te)
{
    size_t k = tb;
    while (k < c->seg->ntoks && k < tb + 3 && (ws__tok(c, k)->flags & WS__TOK_CAP) &&
           !(ws__tok(c, k)->flags & WS__TOK_UPPER) && c->ents->tok_ment[k] < 0 && c->tok_quote[k] < 0 &&
           !(ws__tok_classes(c, k) & (WS__W_TITLE_WORD | WS__W_NAME_STOP)) &&
           !ws__tok_is(c, k, "The") && !ws__tok_is_cue(c, k))
        k++;
    if (k - tb < 2)
        return false;
    *te = k;
    return true;
}

/* A town of the gazetteer mentioned by one word ("Burton", "Gilbert"),
 * which in a speaker's place is someone's surname: places do not speak,
 * and surnames are towns everywhere. Countries and regions do speak for
 * their governments ("Russia said"). */
static bool is_town_mention(const ws__attr *c, int32_t m)
{
    const ws__ment *mm = &c->ents->ments[m];
    const ws__ent *en = &c->ents->ents[mm->ent];
    return mm->tok_end - mm->tok_begin == 1 && en->type == WS_PLACE && !en->local &&
           strncmp(en->id, "geonames:", 9) == 0;
}

/* The first token of the hyphenated name ending at token k ("Ruiz-Moreno",
 * its hyphens glued to the words), or k. */
static size_t hyphenated_start(const ws__attr *c, size_t k)
{
    size_t kb = k;
    while (kb >= 2 && ws__tok_is_word_hyphen(c, kb - 1) && (ws__tok(c, kb - 2)->flags & WS__TOK_CAP) &&
           ws__tok(c, kb - 2)->sent == ws__tok(c, k)->sent)
        kb -= 2;
    return kb;
}

/* "I'm", "They're": a contraction, no name ("O'Brien" keeps its capital). */
static bool contraction(const ws__attr *c, size_t k)
{
    const ws__token *tk = ws__tok(c, k);
    const char *w = c->t->norm + tk->start;
    const char *apostrophe = memchr(w, '\'', tk->end - tk->start);
    return apostrophe && apostrophe + 1 < c->t->norm + tk->end && apostrophe[1] >= 'a' && apostrophe[1] <= 'z';
}

ws_status ws__lone_speaker(ws__attr *c, size_t k, ws__speaker *sp, bool *found)
{
    *found = false;
    const ws__token *tk = ws__tok(c, k);
    if (!(tk->flags & WS__TOK_CAP) || tk->end - tk->start < 2 || c->tok_quote[k] >= 0 || ws__pronoun_gender(c, k) ||
        ws__tok_is(c, k, "they") || contraction(c, k) ||
        (ws__tok_classes(c, k) & (WS__W_TITLE_WORD | WS__W_NAME_STOP | WS__W_CUE | WS__W_DETERMINER |
                                  WS__W_ORG_HEAD | WS__W_PLACE_NOUN | WS__W_GROUP)))
        return WS_OK;
    /* "Ruiz-Moreno said": the whole hyphenated name, over what matched its halves */
    size_t kb = hyphenated_start(c, k);
    if (kb < k && !ws__entities_can_claim(c->ents, (uint32_t)kb, (uint32_t)k + 1))
        return WS_OK;
    const char *w = c->t->norm + ws__tok(c, kb)->start;
    size_t n = tk->end - ws__tok(c, kb)->start;
    int32_t m = kb < k ? -1 : c->ents->tok_ment[k];
    if ((m >= 0 && !is_town_mention(c, m)) || ws__gaz_is_demonym(c->ents->gaz, w, n) || ws__people_at(c, k))
        return WS_OK; /* (a people is no person: "“…,” Americans said") */
    /* one word: with a capitalised word beside it, it is part of a longer
     * name; not after a sentence's first word that starts no name ("And
     * Ruiz says") */
    if ((k + 1 < c->seg->ntoks && (ws__tok(c, k + 1)->flags & WS__TOK_CAP) && !ws__tok_is_cue(c, k + 1)) ||
        (kb > 0 && ws__tok(c, kb - 1)->sent == tk->sent && (ws__tok(c, kb - 1)->flags & WS__TOK_CAP) &&
         c->tok_quote[kb - 1] < 0 && !ws__tok_is_cue(c, kb - 1) &&
         !(ws__tok_classes(c, kb - 1) & (WS__W_NAME_STOP | WS__W_CLAUSE_OPENER | WS__W_DETERMINER | WS__W_PREP))))
        return WS_OK;
    /* "Sanders said", after "Bernie Sanders": the person named before */
    uint32_t ent = ws__local_by_surname(c->ents, w, n);
    if (ent == WS__NONE)
        ent = ws__person_named(c->ents, w, n, 0);
    ws_status st = WS_OK;
    if (ent == WS__NONE) {
        char key[WS__KEY_MAX];
        size_t kn = ws__fold(w, n, key, sizeof key);
        /* a capital opening a sentence says nothing: "Shields said" there may
         * be a word; within a sentence it is a name */
        if (m < 0 && kb == c->seg->sents[tk->sent].tok_begin && ws__gaz_is_common(c->ents->gaz, key, kn))
            return WS_OK;
        /* "NATO said": a word in capitals is an organisation's */
        ws_entity_type type = tk->flags & WS__TOK_UPPER ? WS_ORG : WS_PERSON;
        st = m >= 0 ? ws__entities_add_local_entity(c->ents, w, n, type, &ent)
                    : ws__entities_add_local(c->ents, c->t, c->seg, (uint32_t)kb, (uint32_t)k + 1, type, &ent);
    } else if (m < 0) {
        st = ws__entities_claim_mention(c->ents, (uint32_t)kb, (uint32_t)k + 1, ent, NULL);
    }
    if (st != WS_OK || ent == WS__NONE)
        return st;
    if (m >= 0)
        c->ents->ments[m].ent = ent; /* the town's mention is the person's */
    *sp = (ws__speaker){ent, (uint32_t)kb, (uint32_t)k + 1, WS__SP_NAME, 0, 0};
    *found = true;
    return WS_OK;
}

/* "said ABC-TV anchor Ana Ruiz", "said Ohio state senator Ana Ruiz": after
 * an organisation, a place or a person (ending at token from: "said Reyes
 * campaign manager Ana Ruiz"), the words of an office there and the name
 * of who holds it, who is the speaker. After a possessive any owner will
 * do: "Mayor Lopez's aide, Dana Whitfield". At most lead words come before
 * the office's noun: after a person's name more would be a clause of hers
 * ("Brandt used to support Mayor Ana Brodsky"). */
static bool office_holder(ws__attr *c, size_t from, size_t lead, ws__speaker *named, size_t *end)
{
    size_t j = from, n = c->seg->ntoks;
    if (ws__possessive(c, j))
        j++;
    else if (ws__tok_is_word_hyphen(c, j))
        j += 2; /* "ABC-TV" */
    bool office = false, after_of = false; /* an office's words end here: "aide", "chief of staff" */
    for (size_t last = j + OFFICE_WORDS; j < n && j <= last; j++) {
        const ws__token *tk = ws__tok(c, j);
        if (office && tk->punct == ',' && j + 1 < n && (ws__tok(c, j + 1)->flags & WS__TOK_CAP))
            tk = ws__tok(c, ++j); /* the office, then its holder in apposition */
        if (ws__tok_is_word_hyphen(c, j)) {
            last++; /* "co-host", "Secretary-Treasurer": one word of the office */
            continue;
        }
        if (!(tk->flags & WS__TOK_WORD) || c->tok_quote[j] >= 0 || ws__tok_is_cue(c, j))
            return false;
        if (office && (tk->flags & WS__TOK_CAP) && ws__speaker_at(c, j, named, end))
            return (named->form == WS__SP_NAME && named->ent != WS__NONE &&
                    c->ents->ents[named->ent].type == WS_PERSON) ||
                   named->form == WS__SP_UNKNOWN;
        bool of = office && ws__tok_is(c, j, "of");
        bool was_office = office;
        office = of || ws__role_noun_at(c, j) || (ws__tok_classes(c, j) & WS__W_TITLE_WORD) ||
                 (after_of && (tk->flags & WS__TOK_LOWER));
        after_of = of;
        if (!office && !was_office && lead-- == 0)
            return false;
    }
    return false;
}

/* A speaker at token k: a person or organisation mention (with its title),
 * a pronoun, or an unknown name. On success *end is the token after it. */
bool ws__speaker_at(ws__attr *c, size_t k, ws__speaker *sp, size_t *end)
{
    if (k >= c->seg->ntoks || c->tok_quote[k] >= 0)
        return false;
    int32_t m = mention_starting(c, k);
    if (m < 0 && ws__tok_is(c, k, "the") && k + 1 < c->seg->ntoks) {
        m = mention_starting(c, k + 1); /* "the IAEA said" */
        if (m >= 0 && c->ents->ents[c->ents->ments[m].ent].type != WS_ORG)
            m = -1;
    }
    if (m >= 0) {
        const ws__ment *mm = &c->ents->ments[m];
        ws__speaker holder;
        bool person = c->ents->ents[mm->ent].type == WS_PERSON && !ws__possessive(c, mm->tok_end);
        if (office_holder(c, mm->tok_end, person ? 1 : OFFICE_WORDS, &holder, end)) {
            *sp = (ws__speaker){holder.ent, (uint32_t)k, holder.te, holder.form, holder.tb, holder.tb};
            return true;
        }
        if (!can_speak(c, m))
            return false;
        *sp = (ws__speaker){mm->ent, (uint32_t)k, mm->tok_end, WS__SP_NAME, 0, 0};
        *end = mm->tok_end;
        return true;
    }
    /* the same after a capitalised word no pass knew ("KTV-AFT President Ana Ruiz") */
    if (m < 0 && (ws__tok(c, k)->flags & WS__TOK_CAP) && c->ents->tok_ment[k] < 0 &&
        !(ws__tok_classes(c, k) & (WS__W_TITLE_WORD | WS__W_NAME_STOP | WS__W_DETERMINER | WS__W_CUE))) {
        ws__speaker holder;
        if (office_holder(c, k + 1, OFFICE_WORDS, &holder, end)) {
            *sp = (ws__speaker){holder.ent, (uint32_t)k, holder.te, holder.form, holder.tb, holder.tb};
            return true;
        }
    }
    int g = ws__pronoun_gender(c, k);
    if (g || ws__tok_is(c, k, "they") || ws__tok_is(c, k, "it")) {
        *sp = (ws__speaker){g ? resolve_pronoun(c, k, g) : WS__NONE, (uint32_t)k, (uint32_t)k + 1,
                            WS__SP_PRONOUN, 0, 0};
        *end = k + 1;
        return true;
    }
    const ws__token *tk = ws__tok(c, k);
    uint32_t known = (tk->flags & WS__TOK_CAP) && c->ents->tok_ment[k] < 0
                         ? ws__local_by_surname(c->ents, c->t->norm + tk->start, tk->end - tk->start)
                         : WS__NONE;
    if (known != WS__NONE) { /* "Kovalenko said", after "Maria Kovalenko" spoke */
        *sp = (ws__speaker){known, (uint32_t)k, (uint32_t)k + 1, WS__SP_NAME, 0, 0};
        *end = k + 1;
        return true;
    }
    size_t te;
    if (ws__role_phrase(c, k, &te)) {
        size_t ne;
        ws__speaker named;
        /* "the Danish prime minister, Mette Frederiksen," and "his campaign
         * manager Jacob Wexler" name the holder */
        size_t nb = te + 1 < c->seg->ntoks && ws__tok(c, te)->punct == ',' ? te + 1 : te;
        if (nb < c->seg->ntoks && (nb > te || (ws__tok(c, nb)->flags & WS__TOK_CAP)) &&
            ws__speaker_at(c, nb, &named, &ne) && (named.form == WS__SP_NAME || named.form == WS__SP_UNKNOWN)) {
            *sp = (ws__speaker){named.ent, (uint32_t)k, (uint32_t)ne, named.form, named.tb, (uint32_t)te};
            *end = ne < c->seg->ntoks && ws__tok(c, ne)->punct == ',' ? ne + 1 : ne;
            return true;
        }
        /* "the governor's spokesman, Arlen Voss" */
        if (ws__possessive(c, te) && office_holder(c, te, OFFICE_WORDS, &named, &ne)) {
            *sp = (ws__speaker){named.ent, (uint32_t)k, named.te, named.form, named.tb, named.tb};
            *end = ne;
            return true;
        }
        *sp = (ws__speaker){resolve_role(c, k, te), (uint32_t)k, (uint32_t)te, WS__SP_ROLE, 0, 0};
        *end = te;
        return true;
    }
    /* "“…,” critics said", "Americans said": a group or a people speaks,
     * described, not named; no one is guessed (but "Parent Kevin Okafor"
     * is a person) */
    if (ws__people_at(c, k) && !(k + 1 < c->seg->ntoks && (ws__tok(c, k + 1)->flags & WS__TOK_CAP))) {
        *sp = (ws__speaker){WS__NONE, (uint32_t)k, (uint32_t)k + 1, WS__SP_ROLE, 0, 0};
        *end = k + 1;
        return true;
    }
    if (unknown_name(c, k, &te)) {
        *sp = (ws__speaker){WS__NONE, (uint32_t)k, (uint32_t)te, WS__SP_UNKNOWN, 0, 0};
        *end = te;
        return true;
    }
    return false;
}

/* Makes a document person of an unknown name once its place is confirmed. */
ws_status ws__settle(ws__attr *c, ws__speaker *sp)
{
    if (sp->form != WS__SP_UNKNOWN)
        return WS_OK;
    uint32_t nb = sp->role_e ? sp->name_b : sp->tb;
    ws_status st = ws__entities_add_local(c->ents, c->t, c->seg, nb, sp->te, WS_PERSON, &sp->ent);
    ws__ent *e = sp->ent != WS__NONE ? &c->ents->ents[sp->ent] : NULL;
    if (st == WS_OK && e && e->local && !e->role && sp->role_e) {
        /* the role given in apposition lets "the mayor" find this person later */
        size_t rb = c->seg->toks[sp->tb].start, re = c->seg->toks[sp->role_e - 1].end;
        if (!(e->role = ws__strndup(c->t->norm + rb, re - rb)))
            return WS_ERR_NOMEM;
    }
    return st;
}

/* The method reported for an attribution, and how much it is trusted
 * (measured on tests/attribution/cases.tsv and the shared gold). */
void ws__set_attribution(ws__attr *c, ws__quote *q, const ws__speaker *sp, size_t cue, ws__position pos)
{
    static const double position_confidence[] = {
        [WS__POS_AFTER] = 0.95, [WS__POS_BEFORE] = 0.92, [WS__POS_SUBJECT] = 0.75, [WS__POS_COLON] = 0.85,
    };
    static const ws_quote_method position_method[] = {
        [WS__POS_AFTER] = WS_METHOD_EXPLICIT, [WS__POS_BEFORE] = WS_METHOD_EXPLICIT,
        [WS__POS_SUBJECT] = WS_METHOD_SUBJECT,
        [WS__POS_COLON] = WS_METHOD_COLON,
    };
    const ws__segments *seg = c->seg;
    q->speaker = sp->ent;
    q->speaker_form = (uint8_t)sp->form;
    q->speaker_b = seg->toks[sp->tb].start;
    q->speaker_e = seg->toks[sp->te - 1].end;
    q->cue_b = seg->toks[cue].start;
    q->cue_e = seg->toks[cue].end;
    if (ws__tok_is(c, cue, "according") && cue + 1 < seg->ntoks && ws__tok_is(c, cue + 1, "to"))
        q->cue_e = seg->toks[cue + 1].end;
    q->method = position_method[pos];
    q->confidence = position_confidence[pos];
    q->attributed_after = pos == WS__POS_AFTER;
    if (sp->form == WS__SP_PRONOUN) {
        q->method = WS_METHOD_PRONOUN;
        q->confidence *= 0.85;
        /* "Okonkwo Adeyemi, 45, said … “…,” he said": the text gives a
         * person found by shape their gender, which later pronouns heed
         * (here, where an attribution is made, not where one is tried) */
        ws__ent *en = sp->ent != WS__NONE ? &c->ents->ents[sp->ent] : NULL;
        int g = ws__pronoun_gender(c, sp->tb);
        if (en && en->local && en->type == WS_PERSON && !en->gender && (g == 'm' || g == 'f'))
            en->gender = g == 'm' ? "m" : "f";
    } else if (sp->form == WS__SP_ROLE) {
        q->method = WS_METHOD_ROLE;
        q->confidence *= 0.8;
    }
}

bool ws__holds_quote(const ws__attr *c, const ws__sentence *sn)
{
    for (size_t k = sn->tok_begin; k < sn->tok_end; k++)
        if (c->tok_quote[k] >= 0)
            return true;
    return false;
}

/* Sets up the context: which quote each token is in. */
bool ws__attr_init(ws__attr *c, const ws__text *t, const ws__segments *seg, ws__entities *ents,
                     ws__quotes *qs)
{
    *c = (ws__attr){t, seg, ents, qs, malloc((seg->ntoks + 1) * sizeof(int32_t))};
    if (!c->tok_quote)
        return false;
    for (size_t k = 0; k < seg->ntoks; k++)
        c->tok_quote[k] = -1;
    for (size_t i = 0; i < qs->n; i++) {
        /* the marks belong to the quote too: "said the “main obstacle”" */
        size_t b = qs->q[i].open_tok, e = ws__token_at(seg, qs->q[i].close + 1);
        for (size_t k = b; k < e && k < seg->ntoks; k++)
            c->tok_quote[k] = (int32_t)i;
    }
    return true;
}
