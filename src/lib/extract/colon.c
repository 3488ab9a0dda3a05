/*
 * colon.c - quotes a colon introduces without a speech verb: "Ruiz: “…”"
 * opening a roundup's item, "Former secretary of state Ana Ruiz: “…”",
 * and a paragraph ending "… released the following statement:" before
 * the quote's. attribute.c tries these among its forms.
 */
#include "attribution.h"

#define TITLED_NAME_WORDS 10    /* "Former secretary of state Ana Ruiz:" */
#define OPENING_PHRASE_WORDS 12 /* "In response to the loss of life, Ruiz issued …:" */

/* "Republican pollster Dana Reyes: “…”", "Former secretary of state Ana
 * Ruiz: “…”": a clause that is only a person's name after the words that
 * give their office, right before the colon that introduces the quote (a
 * transcript's or a roundup's form). The office's words are role nouns,
 * title modifiers ("former"), capitalised words that name nobody, a word
 * after "of" and a word right before a role noun ("transport minister");
 * anything else, a verb whose object the name is ("The mayor attacked
 * economist Dana Reyes:"), makes it no introduction. */
bool ws__titled_name(ws__attr *c, size_t cs, size_t colon, ws__speaker *sp)
{
    bool office = false;
    if (ws__tok_classes(c, cs) & WS__W_DETERMINER)
        return false;
    for (size_t j = cs; j < colon && j < cs + TITLED_NAME_WORDS; j++) {
        const ws__token *tk = ws__tok(c, j);
        size_t e;
        if (!(tk->flags & WS__TOK_WORD) || ws__tok_is_cue(c, j))
            return false;
        bool cap = tk->flags & WS__TOK_CAP;
        if (cap && ws__speaker_at(c, j, sp, &e))
            return office && e == colon && sp->form == WS__SP_NAME && sp->ent != WS__NONE &&
                   c->ents->ents[sp->ent].type == WS_PERSON;
        if (ws__role_noun_at(c, j))
            office = true;
        else if (!cap && !(ws__tok_classes(c, j) & WS__W_TITLE_MODIFIER) && !(j > cs && ws__tok_is(c, j - 1, "of")) &&
                 !ws__tok_is(c, j, "of") && !(j + 1 < colon && ws__role_noun_at(c, j + 1)))
            return false;
    }
    return false;
}

/* "Ruiz's response was: “…”", "From Reyes's statement:": the clause
 * [cs, colon) is a person's possessive and a noun for what they said (a
 * word or two may qualify it: "Reyes's Facebook post:"), then perhaps
 * "was"; sp is that person. Nothing is said, so there is no cue. */
bool ws__possessed_words(ws__attr *c, size_t cs, size_t colon, ws__speaker *sp)
{
    size_t e, k = colon;
    if (k > cs && (ws__tok_is(c, k - 1, "was") || ws__tok_is(c, k - 1, "is")))
        k--;
    if (k <= cs + 2 || !(ws__tok_classes(c, k - 1) & WS__W_SPEECH_NOUN))
        return false;
    if (ws__tok_classes(c, cs) & WS__W_PREP)
        cs++;
    if (!ws__speaker_at(c, cs, sp, &e) || sp->form != WS__SP_NAME || sp->ent == WS__NONE ||
        c->ents->ents[sp->ent].type != WS_PERSON || !ws__possessive(c, e) || e + 1 >= k || k - e - 1 > 3)
        return false;
    for (size_t j = e + 1; j + 1 < k; j++)
        if (!(ws__tok(c, j)->flags & WS__TOK_WORD) || (ws__tok_classes(c, j) & (WS__W_PREP | WS__W_DETERMINER)))
            return false;
    return true;
}

/* "Here's Ruiz in 1992: “…”", "Here is Reyes on the budget:": the
 * writer brings on a person named, who speaks the quote; a phrase after
 * the name must open with a preposition. */
bool ws__presented_name(ws__attr *c, size_t cs, size_t colon, ws__speaker *sp)
{
    size_t e, k = cs + 1;
    if (!ws__tok_is(c, cs, "here") || k >= colon || !(ws__possessive(c, k) || ws__tok_is(c, k, "is")))
        return false;
    if (!ws__speaker_at(c, k + 1, sp, &e) || sp->form != WS__SP_NAME || sp->ent == WS__NONE ||
        c->ents->ents[sp->ent].type != WS_PERSON || e > colon)
        return false;
    return e == colon || (ws__tok_classes(c, e) & WS__W_PREP);
}

/* A person named at token k, before token end, as a sentence's subject: a
 * verb or an apposition follows ("Sen. Ana Ruiz, D-Ill., delivered"). */
bool ws__opening_subject(ws__attr *c, size_t k, size_t end, ws__speaker *sp)
{
    size_t e;
    if (k >= end || !ws__speaker_at(c, k, sp, &e) || sp->form != WS__SP_NAME || sp->ent == WS__NONE || e >= end ||
        c->ents->ents[sp->ent].type != WS_PERSON)
        return false;
    const ws__token *next = ws__tok(c, e);
    return next->punct == ',' || ((next->flags & WS__TOK_LOWER) && !(ws__tok_classes(c, e) & WS__W_PREP));
}

bool ws__heading_dash(const ws__attr *c, size_t j)
{
    return ws__tok(c, j)->punct == '-' && (ws__tok(c, j)->flags & WS__TOK_SPACE_BEFORE) &&
           j + 1 < c->seg->ntoks && (ws__tok(c, j + 1)->flags & WS__TOK_SPACE_BEFORE);
}

/* sp, named at token at without a speech verb, speaks q: there is no
 * cue, and a word no pass knew (lone) is trusted less. */
static void name_speaks(ws__attr *c, ws__quote *q, const ws__speaker *sp, size_t at, ws__position pos, bool lone)
{
    ws__set_attribution(c, q, sp, at, pos);
    if (lone)
        q->confidence *= LONE_TRUST;
    q->cue_b = q->cue_e = 0;
}

/* The name that opens the sentence holding token k: "Peskov: Kremlin ‘Open
 * to Dialogue’" (right_before_colon: the name stands right before a colon),
 * or "The Kremlin released a statement after the call:" before the quote's
 * paragraph. Nothing is said, so there is no cue. */
ws_status ws__opening_name(ws__attr *c, ws__quote *q, size_t k, bool right_before_colon, bool *found)
{
    size_t sb = c->seg->sents[ws__tok(c, k)->sent].tok_begin;
    /* "TURNOUT IS UP IN THE COUNTY - Ana Ruiz: “…”": in a roundup a spaced
     * dash ends the item's heading, and the name after it opens a clause */
    for (size_t j = k; right_before_colon && j-- > sb + 1 && j + TITLED_NAME_WORDS > k;) {
        if (ws__heading_dash(c, j)) {
            sb = j + 1;
            break;
        }
    }
    ws__speaker sp;
    size_t e;
    bool lone = false;
    if (!ws__speaker_at(c, sb, &sp, &e)) {
        /* "Halloran: “…”": one word no pass knew, alone before the colon */
        if (!right_before_colon || sb + 1 >= c->seg->ntoks || ws__tok(c, sb + 1)->punct != ':')
            return WS_OK;
        ws_status st = ws__lone_speaker(c, sb, &sp, &lone);
        if (st != WS_OK || !lone)
            return st;
        e = sb + 1;
    }
    if (sp.form != WS__SP_NAME || sp.ent == WS__NONE)
        return WS_OK;
    if (right_before_colon && (e >= c->seg->ntoks || ws__tok(c, e)->punct != ':'))
        return WS_OK;
    name_speaks(c, q, &sp, sb, WS__POS_COLON, lone);
    *found = true;
    return WS_OK;
}

/* "When the governor died, President Ana Ruiz released the following
 * statement:" ending the paragraph before the quote's: the first person
 * named after the sentence's opening phrase, with a verb after the name,
 * introduces it; a person in a prepositional phrase there does not. */
void ws__colon_sentence_subject(ws__attr *c, ws__quote *q, size_t colon, bool *found)
{
    size_t sb = c->seg->sents[ws__tok(c, colon)->sent].tok_begin;
    size_t cs = ws__after_opening(c, sb, colon, OPENING_PHRASE_WORDS);
    for (size_t k = cs; k < colon; k++) {
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0)
            continue;
        const ws__ment *m = &c->ents->ments[mi];
        if (c->ents->ents[m->ent].type != WS_PERSON) {
            k = m->tok_end - 1;
            continue;
        }
        ws__speaker sp;
        size_t e;
        if (m->tok_end < colon && (ws__tok(c, m->tok_end)->flags & WS__TOK_LOWER) &&
            !(ws__tok_classes(c, m->tok_end) & WS__W_PREP) && !ws__in_prepositional_phrase(c, m->title_begin, sb) &&
            ws__speaker_at(c, m->title_begin, &sp, &e) && sp.form == WS__SP_NAME) {
            ws__set_attribution(c, q, &sp, m->title_begin, WS__POS_COLON);
            q->cue_b = q->cue_e = 0;
            q->confidence *= COLON_SUBJECT_TRUST;
            *found = true;
        }
        return;
    }
}

/* “…” alone in its paragraph, then a paragraph opening "- Ana Ruiz, mayor
 * of Millbrook.": a pull quote's or a quote roundup's credit line names
 * who said it, with no verb; the name ends at a comma or the sentence's
 * end. */
ws_status ws__credit_line(ws__attr *c, ws__quote *q, bool *found)
{
    const ws__segments *seg = c->seg;
    size_t para = seg->sents[ws__tok(c, q->open_tok)->sent].para;
    if (para + 1 >= seg->nparas || !ws__own_paragraph(c, q))
        return WS_OK;
    size_t next = seg->sents[seg->paras[para + 1].sent_begin].tok_begin, k = next;
    while (k < seg->ntoks && ws__tok(c, k)->punct == '-')
        k++;
    if (k == next || k >= seg->ntoks)
        return WS_OK;
    ws__speaker sp;
    size_t e;
    bool lone = false;
    ws_status st = WS_OK;
    if (!ws__speaker_at(c, k, &sp, &e)) {
        e = k + 1;
        st = ws__lone_speaker(c, k, &sp, &lone);
        if (st != WS_OK || !lone)
            return st;
    }
    if (sp.form != WS__SP_NAME || sp.ent == WS__NONE ||
        !(e >= seg->ntoks || ws__tok(c, e)->punct == ',' || ws__tok(c, e)->punct == '.' ||
          seg->sents[ws__tok(c, e)->sent].para != para + 1))
        return WS_OK;
    name_speaks(c, q, &sp, next, WS__POS_AFTER, lone);
    *found = true;
    return WS_OK;
}
