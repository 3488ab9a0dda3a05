/*
 * shapes.c - people known by the shape of their name: a run of capitalised
 * words that opens with a given name ("Maria J. Okafor", "Kevin O'Malley
 * Jr.", "Jean-Luc de la Cruz", Robert "Bobby" Tillman), in running text.
 * Most people quoted in the news are in no gazetteer; a given name
 * (given-names.tsv) is the evidence a capital letter alone is not. It runs after the patterns (discover.c),
 * which know more (a title, a role), and before later mentions are linked.
 *
 * A given name that is also a word or a place ("Will", "May", "Paris")
 * needs more: its surname may be no common word ("Will Power"), and in a
 * headline, where every word is capitalised, it is not enough, nor is a
 * common word part of a name ("Julia Ormond Stars In New Film"). A
 * gazetteer's one-word alias inside the run ("Haley" in "Haley Pryce", a
 * surname alias of someone else) gives way to the longer name; a gazetteer
 * name that is the whole run stands. A person found by any pass takes the
 * gender of their given name.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define MAX_NAME_WORDS 5

static bool is_common(const ws__entities *e, const ws__text *t, const ws__token *tk)
{
    char key[WS__KEY_MAX];
    size_t n = ws__fold(t->norm + tk->start, tk->end - tk->start, key, sizeof key);
    return e->gaz->has_common_words && ws__gaz_is_common(e->gaz, key, n);
}

/* A gazetteer mention that a longer name may take over: one word, of a
 * person (a surname alias), of a place (a surname that is also a town) or
 * of an organisation named for someone ("Maria Halloran" is no
 * Halloran News). */
static bool yields(const ws__entities *e, int32_t m)
{
    if (m < 0)
        return true;
    const ws__ment *mm = &e->ments[m];
    return mm->tok_end - mm->tok_begin == 1 && !e->ents[mm->ent].local;
}

/* The classes of a word that is no part of a name. */
#define NOT_NAME_CLASSES (WS__W_NAME_STOP | WS__W_TITLE_WORD | WS__W_ORG_HEAD | WS__W_CUE | WS__W_DETERMINER)

/* A capitalised word that can be part of a name here. */
static bool name_word(const ws__entities *e, const ws__segments *seg, size_t k)
{
    const ws__token *tk = &seg->toks[k];
    if (!(tk->flags & WS__TOK_CAP) || (tk->flags & WS__TOK_UPPER && tk->end - tk->start > 1) ||
        !yields(e, e->tok_ment[k]))
        return false;
    return !(tk->cls & NOT_NAME_CLASSES);
}

/* A nickname at token k: one capitalised word in marks glued to it ("Bobby"),
 * then more of the name. */
static bool nickname_at(const ws__entities *e, const ws__segments *seg, size_t k)
{
    if (k + 3 >= seg->ntoks)
        return false;
    const ws__token *open = &seg->toks[k], *close = &seg->toks[k + 2];
    return ws__tok_is_mark(open) && close->punct == open->punct &&
           !(seg->toks[k + 1].flags & WS__TOK_SPACE_BEFORE) && !(close->flags & WS__TOK_SPACE_BEFORE) &&
           (seg->toks[k + 3].flags & WS__TOK_SPACE_BEFORE) && seg->toks[k + 3].sent == seg->toks[k].sent &&
           name_word(e, seg, k + 1) && name_word(e, seg, k + 3);
}

/* The end of the name that starts with the given name at token b, or b
 * when there is none: surnames, initials ("J."), particles ("de la"),
 * hyphenated parts ("Jean-Luc") and a suffix ("Jr."). */
static size_t name_end(const ws__entities *e, const ws__text *t, const ws__segments *seg, size_t b, bool headline)
{
    size_t k = b + 1, words = 1, sent = seg->toks[b].sent, last = b + 1;
    while (k < seg->ntoks && seg->toks[k].sent == sent && words < MAX_NAME_WORDS) {
        const ws__token *tk = &seg->toks[k];
        /* "Jean-Luc": a hyphen glued to the words on both sides */
        if (tk->punct == '-' && !(tk->flags & WS__TOK_SPACE_BEFORE) && k + 1 < seg->ntoks &&
            !(seg->toks[k + 1].flags & WS__TOK_SPACE_BEFORE) && name_word(e, seg, k + 1)) {
            k += 2;
            last = k;
            continue;
        }
        /* an initial: "J." */
        if ((tk->flags & WS__TOK_CAP) && tk->end - tk->start == 1 && k + 1 < seg->ntoks &&
            seg->toks[k + 1].punct == '.' && yields(e, e->tok_ment[k])) {
            k += 2;
            words++;
            continue; /* a name does not end on an initial */
        }
        /* a nickname in marks after the given name: Robert "Bobby" Tillman */
        if (words == 1 && nickname_at(e, seg, k)) {
            k += 3;
            continue;
        }
        uint32_t cls = tk->cls;
        if (cls & WS__W_NAME_SUFFIX) {
            last = k + 1 + (k + 1 < seg->ntoks && seg->toks[k + 1].punct == '.');
            break;
        }
        /* "de la Cruz": particles, then a capitalised word */
        size_t p = k;
        while (p < seg->ntoks && p < k + 2 && (seg->toks[p].cls & WS__W_NAME_PARTICLE) &&
               (seg->toks[p].flags & WS__TOK_LOWER))
            p++;
        if (p > k && p < seg->ntoks && name_word(e, seg, p)) {
            k = p + 1;
            last = k;
            words++;
            continue;
        }
        /* in a headline a word is capitalised whatever it is: "Julia Ormond Speaks" */
        if (!name_word(e, seg, k) || (headline && is_common(e, t, tk)))
            break;
        k++;
        last = k;
        words++;
    }
    return last;
}

/* Words that make the run something other than a person: a place or an
 * organisation follows ("Maria Lopez Foundation" was the patterns' to find). */
static bool followed_by_head(const ws__segments *seg, size_t te)
{
    return te < seg->ntoks && (seg->toks[te].flags & WS__TOK_CAP) &&
           (seg->toks[te].cls & (WS__W_ORG_HEAD | WS__W_PLACE_NOUN));
}

/* "North Korean": a people, not a person. */
static bool is_demonym(const ws__entities *e, const ws__text *t, const ws__segments *seg, size_t tb, size_t te)
{
    char key[WS__KEY_MAX];
    size_t n = ws__fold(t->norm + seg->toks[tb].start, seg->toks[te - 1].end - seg->toks[tb].start, key, sizeof key);
    return ws__gaz_demonym(e->gaz, key, n) != WS__NONE;
}

/* Initials that stand for given names: "T.J.", "J.R." (the token holds
 * its periods). */
static bool is_initials(const char *s, size_t n)
{
    if (n < 4)
        return false;
    for (size_t i = 0; i < n; i += 2)
        if (!(s[i] >= 'A' && s[i] <= 'Z') || i + 1 >= n || s[i + 1] != '.')
            return false;
    return true;
}

/* What the given name at token k says (given-names.tsv), a hyphenated
 * name as a whole when the table has it ("Jean-Luc"); initials count as
 * a given name of no known gender. */
static uint32_t given_at(const ws__lexicon *lx, const ws__text *t, const ws__segments *seg, size_t k)
{
    const ws__token *tk = &seg->toks[k];
    const char *s = t->norm + tk->start;
    if (k + 2 < seg->ntoks && seg->toks[k + 1].punct == '-' && !(seg->toks[k + 1].flags & WS__TOK_SPACE_BEFORE) &&
        !(seg->toks[k + 2].flags & WS__TOK_SPACE_BEFORE)) {
        uint32_t whole = ws__given_name(lx, s, seg->toks[k + 2].end - tk->start);
        if (whole)
            return whole;
    }
    if (is_initials(s, tk->end - tk->start))
        return WS__GIVEN_LISTED;
    return ws__given_name(lx, s, tk->end - tk->start);
}

/* Can a name that starts at token k go on to the next token (name_end)?
 * When not, it is one word, no name by shape: its given name need not be
 * looked up. A period may end a lone initial ("J. Crawley"), whose name
 * starts after it; a hyphen may join a name's parts, a mark open a
 * nickname. Without a branch, as it is asked of every capital: the token
 * past the last (all zeros but its position) goes on to nothing. */
static inline bool may_go_on(const ws__segments *seg, size_t k)
{
    const uint64_t joins = (uint64_t)1 << '-' | (uint64_t)1 << '"' | (uint64_t)1 << '\'';
    const ws__token *nx = &seg->toks[k + 1];
    unsigned char p = (unsigned char)nx->punct;
    bool goes = (nx->flags & WS__TOK_CAP) | ((p < 64) & (joins >> (p & 63))) |
                ((nx->cls & (WS__W_NAME_SUFFIX | WS__W_NAME_PARTICLE)) != 0);
    return (p == '.') | ((nx->sent == seg->toks[k].sent) & goes);
}

/* "J. Crawley", "A. Flower": one capital letter and a period opening a
 * name, as scorecards and bylines write it. Not the letter of a plan or a
 * group ("Plan B. Officials"), which follows a capitalised word. */
static bool lone_initial(const ws__entities *e, const ws__segments *seg, size_t k)
{
    const ws__token *tk = &seg->toks[k];
    if (tk->end - tk->start != 1 || k + 2 >= seg->ntoks || seg->toks[k + 1].punct != '.' ||
        (seg->toks[k + 1].flags & WS__TOK_SPACE_BEFORE) || !(seg->toks[k + 2].flags & WS__TOK_SPACE_BEFORE))
        return false;
    if (k > 0 && seg->toks[k - 1].sent == tk->sent && (seg->toks[k - 1].flags & WS__TOK_CAP))
        return false;
    return seg->toks[k + 2].sent == tk->sent && name_word(e, seg, k + 2);
}

/* "Pavel Hrubek (Czech Republic)", "Pieter Vosloo (South Africa)": in a
 * sports report, the country in brackets after a run of capitalised words,
 * as results and line-ups write a competitor's ("Acme Widgets (Turkey)"
 * elsewhere is no one). */
static bool country_follows(const ws__entities *e, const ws__segments *seg, size_t te)
{
    if (te + 2 >= seg->ntoks || seg->toks[te].punct != '(' || e->tok_ment[te + 1] < 0)
        return false;
    const ws__ment *m = &e->ments[e->tok_ment[te + 1]];
    const ws__ent *en = &e->ents[m->ent];
    return m->tok_begin == te + 1 && m->tok_end < seg->ntoks && seg->toks[m->tok_end].punct == ')' &&
           en->gaz_index != WS__NONE && ws__gaz_major_place(&e->gaz->ents[en->gaz_index]);
}

/* Does the name at token k follow a person in a list ("Justin Rose, Mark
 * Brooks")? Then an ambiguous given name and a common word are a person
 * too. */
static bool after_listed_person(const ws__entities *e, const ws__segments *seg, size_t k)
{
    if (k < 2 || seg->toks[k - 1].punct != ',' || e->tok_ment[k - 2] < 0 ||
        seg->toks[k - 2].sent != seg->toks[k].sent)
        return false;
    return e->ents[e->ments[e->tok_ment[k - 2]].ent].type == WS_PERSON;
}

/* A person found by any pass ("board president Maria Delgado") takes the
 * gender of their given name, when the table says one. A name of one word
 * is a surname ("Ms. Adeyemi"), whatever the table says of it. */
static void given_genders(ws__entities *e)
{
    for (size_t i = 0; i < e->nents; i++) {
        ws__ent *en = &e->ents[i];
        size_t first = en->local ? strcspn(en->name, " ") : 0;
        if (!en->local || en->type != WS_PERSON || en->gender || en->name[first] == '\0')
            continue;
        uint32_t given = ws__given_name(&e->gaz->lex, en->name, first);
        if (given & (WS__GIVEN_MALE | WS__GIVEN_FEMALE))
            en->gender = given & WS__GIVEN_MALE ? "m" : "f";
    }
}

ws_status ws__shape_names(const ws__text *t, const ws__segments *seg, ws__entities *e)
{
    const ws__lexicon *lx = &e->gaz->lex;
    /* Only initials in capitals open a name without being a name word
     * (below). The capitals that may open one by what they are, gathered
     * first in a loop without a branch on it; whether a name word yields
     * to a mention made here is asked after. */
    uint32_t *opens = malloc((e->ncaps + 1) * sizeof *opens);
    if (!opens)
        return WS_ERR_NOMEM;
    size_t nopens = 0;
    for (size_t c = 0; c < e->ncaps; c++) {
        size_t k = e->caps[c];
        const ws__token *tk = &seg->toks[k];
        bool upper = tk->flags & WS__TOK_UPPER, word = (tk->cls & NOT_NAME_CLASSES) == 0;
        opens[nopens] = (uint32_t)k;
        nopens += may_go_on(seg, k) & (upper | word);
    }
    ws_status st = WS_OK;
    for (size_t c = 0; c < nopens && st == WS_OK; c++) {
        size_t k = opens[c];
        const ws__token *tk = &seg->toks[k];
        if (!(tk->flags & WS__TOK_UPPER) && !yields(e, e->tok_ment[k]))
            continue;
        uint32_t given = given_at(lx, t, seg, k);
        size_t from = k; /* where name_end starts: a lone initial's period */
        if (!given && lone_initial(e, seg, k)) {
            given = WS__GIVEN_LISTED;
            from = k + 1;
        }
        if (!given && e->sports_report && name_word(e, seg, k) &&
            country_follows(e, seg, name_end(e, t, seg, k, true)))
            given = WS__GIVEN_LISTED;
        bool initials = given == WS__GIVEN_LISTED && (tk->flags & WS__TOK_UPPER);
        if (initials && e->tok_ment[k] >= 0)
            continue; /* "U.S. Open": the initials of a place, not of a person */
        /* all capitals: a headline or a byline, where capitals say nothing */
        if (!given || (!initials && !name_word(e, seg, k)))
            continue;
        bool headline = e->headline[seg->sents[tk->sent].para];
        size_t te = name_end(e, t, seg, from, headline);
        if (te < k + 2 || followed_by_head(seg, te) || is_demonym(e, t, seg, k, te))
            continue;
        size_t surname = te - 1;
        while (surname > k && !(seg->toks[surname].flags & WS__TOK_WORD))
            surname--; /* "Jr." */
        if (seg->toks[surname].cls & WS__W_NAME_SUFFIX)
            surname--;
        if ((given & WS__GIVEN_AMBIGUOUS) && is_common(e, t, &seg->toks[surname]) && !after_listed_person(e, seg, k))
            continue; /* "Will Power", "May Day", "Will the council vote" */
        if (headline && (given & WS__GIVEN_AMBIGUOUS))
            continue; /* "May Day Parade": a headline's capitals say nothing */
        /* "Harlow County", "Bennet Street": a place's head ends the run */
        bool place = (seg->toks[surname].cls & WS__W_PLACE_HEAD) != 0;
        uint32_t ent;
        st = ws__entities_add_local(e, t, seg, (uint32_t)k, (uint32_t)te, place ? WS_PLACE : WS_PERSON, &ent);
        if (st != WS_OK || place)
            continue;
        /* (not the person whose surname the run is: "Osgood-Vance" after
         * "Harriet Osgood-Vance" has no given name) */
        if (ent != WS__NONE && e->ents[ent].local && !e->ents[ent].gender &&
            e->ents[ent].name_b == seg->toks[k].start && (given & (WS__GIVEN_MALE | WS__GIVEN_FEMALE)))
            e->ents[ent].gender = given & WS__GIVEN_MALE ? "m" : "f";
        while (ent != WS__NONE && c + 1 < nopens && opens[c + 1] < te)
            c++; /* the rest of the name */
    }
    free(opens);
    if (st == WS_OK)
        given_genders(e);
    return st;
}
