/*
 * subject.c - the subject of a speech verb: the name opening its clause,
 * before it across appositions ("Hill, a Russia expert at Brookings,
 * said"), after "with" before a participle, or shared with an earlier verb
 * ("Brodsky called Reyes a “…” and said"). speaker.c says who a name,
 * pronoun or role at a position stands for.
 */
#include <string.h>

#include "attribution.h"

#define APPOSITIONS 3     /* appositions one after another */

/* Does a clause start at token k? Role phrases are subjects only there:
 * "derided the North Korean leader" has him as its object. */
static bool starts_clause(const ws__attr *c, size_t k, size_t sb)
{
    return k == sb || ws__tok(c, k - 1)->punct || (ws__tok_classes(c, k - 1) & WS__W_CLAUSE_OPENER);
}

/* The subject opening the clause [cs, end): a name followed by a verb, or
 * one word no pass knew followed by one. */
ws_status ws__clause_subject(ws__attr *c, size_t cs, size_t end, ws__speaker *sp, bool *found)
{
    size_t e;
    *found = false;
    if (cs + 1 >= end)
        return WS_OK;
    if (ws__speaker_at(c, cs, sp, &e)) {
        *found = sp->form == WS__SP_NAME && sp->ent != WS__NONE && e < end &&
                 (ws__tok(c, e)->flags & WS__TOK_LOWER) && !ws__is_possessor(c, sp) &&
                 c->ents->ents[sp->ent].type != WS_PLACE;
        return WS_OK;
    }
    return (ws__tok(c, cs + 1)->flags & WS__TOK_LOWER) ? ws__lone_speaker(c, cs, sp, found) : WS_OK;
}

/* An adverb in -ly at token k ("reportedly", "famously")? */
static bool ly_adverb(const ws__attr *c, size_t k)
{
    const ws__token *tk = ws__tok(c, k);
    return (tk->flags & WS__TOK_LOWER) && tk->end - tk->start > 4 && memcmp(c->t->norm + tk->end - 2, "ly", 2) == 0;
}

/* Does the name at token start end right before the verb v? */
static bool name_ends_at(ws__attr *c, size_t start, size_t v)
{
    ws__speaker probe;
    size_t e;
    if (!ws__speaker_at(c, start, &probe, &e))
        return false;
    if (e + 1 == v) /* an adverb between: "with Ruiz reportedly shouting" */
        return ly_adverb(c, e);
    return e == v;
}

/* Where the clause after an opening phrase starts: the token after the
 * first comma among the first words tokens of [sb, end), else sb ("On
 * Monday, Brodsky said …"). */
size_t ws__after_opening(const ws__attr *c, size_t sb, size_t end, size_t words)
{
    for (size_t j = sb; j < end && j < sb + words; j++)
        if (ws__tok(c, j)->punct == ',' && c->tok_quote[j] < 0) /* (not “reporter,” inside marks) */
            return j + 1;
    return sb;
}

/* The subject of the verb before a coordinator at token co: the nearest
 * name that opens its clause (at the sentence's start, after a comma or a
 * word such as "when") and a verb follows, or an apposition when it opens
 * the sentence ("Brodsky, speaking on the radio, called Reyes a “…” and
 * said …"; "such as when Brodsky knocked Reyes and called him “…”"). */
static bool first_verb_subject(ws__attr *c, size_t sb, size_t co, ws__speaker *sp)
{
    for (size_t j = co; j > sb;) {
        int32_t mi = c->ents->tok_ment[--j];
        if (mi < 0 || c->tok_quote[j] >= 0)
            continue;
        const ws__ment *m = &c->ents->ments[mi];
        size_t b = m->title_begin, e;
        if (b < sb)
            break; /* a name reaching into the sentence before */
        j = b;
        if (m->tok_end >= co || c->ents->ents[m->ent].type == WS_PLACE)
            continue;
        const ws__token *next = ws__tok(c, m->tok_end);
        bool opens = b == sb || ws__tok(c, b - 1)->punct == ',' || (ws__tok_classes(c, b - 1) & WS__W_CLAUSE_OPENER);
        bool verb = ((next->flags & WS__TOK_LOWER) && !(ws__tok_classes(c, m->tok_end) & WS__W_PREP)) ||
                    (b == sb && next->punct == ',');
        if (opens && verb && ws__speaker_at(c, b, sp, &e) && sp->form == WS__SP_NAME && !ws__is_possessor(c, sp))
            return true;
    }
    return false;
}

/* The subject opening the sentence that starts at token sb, before token
 * end, or after its opening phrase ("On Monday, Brodsky said …"). */
static ws_status opening_subject(ws__attr *c, size_t sb, size_t end, ws__speaker *sp, bool *found)
{
    size_t cs = ws__after_opening(c, sb, end, INTRO_WORDS);
    ws_status st = ws__clause_subject(c, sb, end, sp, found);
    if (st == WS_OK && !*found && cs > sb)
        st = ws__clause_subject(c, cs, end, sp, found);
    return st;
}

/* Is the verb at token v joined by "and" or "but" to an earlier one, with
 * no subject of its own ("Brodsky says she would call the governor and
 * tell him “…”", "Brandt backed the mayor but now said …")? The coordinator's token, or 0. */
static size_t coordinated(const ws__attr *c, size_t v, size_t sb)
{
    for (size_t j = v; j > sb + 1 && v - j <= 2; j--) {
        if (ws__tok_is_coordinator(c, j - 1)) {
            /* not inside a relative clause: "Reyes, who backs Brodsky but
             * dismissed …"; one a comma closed is over ("Ruiz, who spoke
             * first, did not name Reyes, but told …") */
            bool relative = false;
            for (size_t r = sb; r + 2 < j; r++) {
                if (ws__tok_is(c, r, "who") || ws__tok_is(c, r, "which") || ws__tok_is(c, r, "whose"))
                    relative = true;
                else if (ws__tok(c, r)->punct == ',')
                    relative = false;
            }
            return relative ? 0 : j - 1;
        }
        const ws__token *p = ws__tok(c, j - 1);
        if (!(p->flags & WS__TOK_LOWER) || c->ents->tok_ment[j - 1] >= 0 || ws__pronoun_gender(c, j - 1) ||
            ws__tok_is(c, j - 1, "they") || ws__role_noun_at(c, j - 1) ||
            (ws__tok_classes(c, j - 1) & (WS__W_DETERMINER | WS__W_GROUP | WS__W_CUE)))
            return 0;
    }
    return 0;
}

/* Are the tokens [b, e) at most two words in lowercase that no phrase
 * starts with, as between a subject and its verb ("Ruiz later said")? */
static bool adverbs_only(const ws__attr *c, size_t b, size_t e)
{
    if (e < b || e - b > 2)
        return false;
    for (size_t j = b; j < e; j++)
        if (!(ws__tok(c, j)->flags & WS__TOK_LOWER) || (ws__tok_classes(c, j) & (WS__W_PREP | WS__W_DETERMINER)))
            return false;
    return true;
}

size_t ws__verb_group_start(const ws__attr *c, size_t v, size_t sb)
{
    size_t start = v;
    for (size_t j = v; j > sb + 1 && v - j < 3;) {
        if (ws__tok_classes(c, --j) & WS__W_AUXILIARY)
            start = j;
        else if (!ly_adverb(c, j))
            break; /* (an adverb in -ly may stand among them) */
    }
    return start;
}

/* "a Trump campaign poster", "the Ruiz campaign": a person's name after a
 * determiner and before a word in lowercase qualifies that word; so does
 * any name opening a compound. */
static bool qualifier(const ws__attr *c, const ws__speaker *sp, size_t e)
{
    if (sp->form != WS__SP_NAME || sp->ent == WS__NONE || e + 1 >= c->seg->ntoks)
        return false;
    /* "a Trump-like jab", "Kremlin-backed": the first half of a compound */
    const ws__token *next = ws__tok(c, e);
    if (next->punct == '-' && !(next->flags & WS__TOK_SPACE_BEFORE) && (ws__tok(c, e + 1)->flags & WS__TOK_LOWER) &&
        !(ws__tok(c, e + 1)->flags & WS__TOK_SPACE_BEFORE))
        return true;
    return c->ents->ents[sp->ent].type == WS_PERSON && sp->tb > 0 &&
           (ws__tok_classes(c, sp->tb - 1) & WS__W_DETERMINER) && (next->flags & WS__TOK_LOWER) &&
           !ws__tok_is_cue(c, e);
}

/* The subject of the speech verb at token v: the nearest speaker before it
 * in its sentence, skipping quotes, appositions ("Hill, a Russia expert at
 * Brookings, said") and names inside prepositional phrases. */
ws_status ws__subject_of(ws__attr *c, size_t v, ws__speaker *sp, bool *found)
{
    size_t sb = c->seg->sents[ws__tok(c, v)->sent].tok_begin;
    if (ws__tok_is(c, v, "according")) {
        size_t e;
        if (v + 3 >= c->seg->ntoks || !ws__tok_is(c, v + 1, "to"))
            return WS_OK;
        if (ws__speaker_at(c, v + 2, sp, &e)) {
            *found = true;
            return ws__settle(c, sp);
        }
        /* "According to Millpost: “…”": one word no pass knew, ending the
         * phrase that introduces the quote */
        char after = ws__tok(c, v + 3)->punct;
        return after == ',' || after == ':' ? ws__lone_speaker(c, v + 2, sp, found) : WS_OK;
    }
    size_t e0;
    if (v + 2 < c->seg->ntoks && ws__tok_is(c, v + 1, "by") && ws__speaker_at(c, v + 2, sp, &e0) &&
        sp->form != WS__SP_PRONOUN) {
        *found = true; /* the passive: "was described by Sybiha as" */
        return ws__settle(c, sp);
    }
    size_t vg = ws__verb_group_start(c, v, sb), k = vg;
    /* "Halloran teased the BBC “newsman,” saying, “…”": a participle after a
     * quote's comma; its subject opens the sentence, after any
     * introductory phrase */
    bool participle = ws__tok_is_participle(c, v);
    if (participle && v > sb && ws__tok_is_mark(ws__tok(c, v - 1)) &&
        c->tok_quote[v - 1] >= 0) {
        size_t cs = ws__after_opening(c, sb, v, INTRO_WORDS);
        ws_status st = ws__clause_subject(c, cs, v, sp, found);
        if (st != WS_OK || *found)
            return *found ? ws__settle(c, sp) : st;
    }
    /* an unknown name counts only right before the verb (or its apposition):
     * elsewhere capitals are too often adjectives ("the North Korean leader").
     * Appositions may follow one another: "Sanders, meanwhile, who sits at
     * zero, said" */
    if (k > sb + 1 && ly_adverb(c, k - 1) && ws__tok(c, k - 2)->punct == ',')
        k--; /* "Ruiz, exasperated, famously responded" */
    for (int hop = 0; hop < APPOSITIONS && k > sb && ws__tok(c, k - 1)->punct == ','; hop++) {
        size_t j = k - 1;
        while (j > sb && j + APPOSITION_MAX > k && ws__tok(c, j - 1)->punct != ',')
            j--;
        size_t e;
        /* "its president, Christine Lagarde, said": the name is the subject,
         * and the role before it is hers */
        if (ws__speaker_at(c, j, sp, &e) && e == k - 1 && (sp->form == WS__SP_NAME || sp->form == WS__SP_UNKNOWN)) {
            if (j >= sb + 2 && ws__role_noun_at(c, j - 2)) {
                size_t rb = j - 2;
                while (rb > sb && j - rb < 6 && !ws__tok(c, rb - 1)->punct)
                    rb--;
                sp->name_b = sp->tb;
                sp->tb = (uint32_t)rb;
                sp->role_e = (uint32_t)(j - 1);
            }
            *found = true;
            return ws__settle(c, sp);
        }
        /* "Trump returned the compliment, telling Reuters": a participle's
         * subject opens the clause before it */
        if (participle && hop == 0) {
            bool lone = false;
            while (j + 1 < k - 1 && (c->tok_quote[j] >= 0 || ws__tok(c, j)->punct == '"' ||
                                     ws__tok(c, j)->punct == '\''))
                j++; /* “…,” Trump told a rally, saying: the clause follows the quote */
            if (ws__speaker_at(c, j, sp, &e) && sp->form != WS__SP_ROLE && e < k - 1 &&
                (ws__tok(c, e)->flags & WS__TOK_LOWER)) {
                *found = true;
                return ws__settle(c, sp);
            }
            if (j + 1 < k - 1 && (ws__tok(c, j + 1)->flags & WS__TOK_LOWER)) {
                ws_status st = ws__lone_speaker(c, j, sp, &lone);
                if (st != WS_OK || lone) {
                    *found = lone;
                    return st;
                }
            }
        }
        if (!(j > sb && ws__tok(c, j - 1)->punct == ','))
            break;
        k = j - 1;
    }
    /* a verb sharing the sentence's subject: the name right before it is
     * the first verb's object */
    size_t co = k == vg ? coordinated(c, vg, sb) : 0;
    if (co) {
        ws_status st = opening_subject(c, sb, co, sp, found);
        if (st == WS_OK && !*found)
            *found = first_verb_subject(c, sb, co, sp);
        if (st != WS_OK || *found)
            return *found ? ws__settle(c, sp) : st;
    }
    /* "Ruiz endorsed Reyes in June, …, telling reporters “…”": a participle
     * after a comma says what the sentence's subject did */
    if (participle && v > sb && ws__tok(c, v - 1)->punct == ',') {
        ws_status st = opening_subject(c, sb, v, sp, found);
        if (st != WS_OK || *found)
            return *found ? ws__settle(c, sp) : st;
    }
    size_t name_end = k;
    while (k > sb) {
        k--;
        if (c->tok_quote[k] >= 0)
            continue;
        size_t start = k;
        int32_t m = c->ents->tok_ment[k];
        if (m >= 0)
            start = c->ents->ments[m].title_begin;
        else if (ws__role_noun_at(c, k)) {
            /* a role phrase ends here: its determiner starts it */
            size_t b = k;
            while (b > sb && k - b < 3 && !ws__role_phrase(c, b, &(size_t){0}))
                b--;
            start = b;
        } else if (!ws__pronoun_gender(c, k) && !ws__tok_is(c, k, "they")) {
            /* an unknown name ends here: find where it starts */
            size_t b = k;
            while (b > sb && (ws__tok(c, b - 1)->flags & WS__TOK_CAP) && c->ents->tok_ment[b - 1] < 0 && k - b < 2)
                b--;
            start = b;
        }
        size_t e;
        /* "with Sen. John McCain telling reporters": before a participle,
         * the name after "with" is its subject */
        bool absolute = participle && name_ends_at(c, start, v);
        /* "…, and Reyes vowed", "As Reyes said,": a word opening a clause
         * ("and", also "as" or "after", prepositions too) right before the
         * verb's own subject */
        bool joined = start > sb && (ws__tok_is_coordinator(c, start - 1) ||
                                     (ws__tok_classes(c, start - 1) & WS__W_CLAUSE_OPENER));
        if (ws__speaker_at(c, start, sp, &e) && e > k &&
            (absolute || (joined && adverbs_only(c, e, name_end)) || !ws__in_prepositional_phrase(c, start, sb)) &&
            !ws__possessive(c, e) && !qualifier(c, sp, e) &&
            (sp->form != WS__SP_UNKNOWN || e == name_end) && (sp->form != WS__SP_ROLE || starts_clause(c, start, sb)) &&
            /* "it" speaks only right before its verb ("it said"): elsewhere
             * it is an object or an expletive ("denied it happened") */
            !(sp->form == WS__SP_PRONOUN && ws__tok_is(c, start, "it") && e + 1 < name_end)) {
            *found = true;
            return ws__settle(c, sp);
        }
        /* "Rhodes noted that ...": one word right before the verb (after
         * "and" or "as" too: "and Rhodes says", "As Millpost put it" start
         * a clause, though "as" may be a preposition), or opening the
         * sentence before another that is no noun it qualifies ("Rhodes
         * went on to say", not "Rhodes aides say") */
        bool opens_clause =
            k > sb && (ws__tok_is_coordinator(c, k - 1) || (ws__tok_classes(c, k - 1) & WS__W_CLAUSE_OPENER));
        if ((k + 1 == name_end && (opens_clause || !ws__in_prepositional_phrase(c, k, sb))) ||
            (k == sb && (ws__tok(c, k + 1)->flags & WS__TOK_LOWER) && !ws__role_noun_at(c, k + 1))) {
            ws_status st = ws__lone_speaker(c, k, sp, found);
            if (st != WS_OK || *found)
                return st;
        }
        if (m >= 0)
            k = c->ents->ments[m].title_begin < k ? c->ents->ments[m].title_begin : k;
    }
    return WS_OK;
}
