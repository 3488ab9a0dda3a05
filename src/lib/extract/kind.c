/*
 * kind.c - what a quote is: a whole quoted clause (direct), a fragment
 * built into prose (partial), or marks that no one is said to speak
 * (other: scare quotes, a title, a nickname). Decided after attribution,
 * since a speaker named beside a few words makes them speech.
 */
#include "attribution.h"

#define TITLE_WORDS 6 /* a title in marks: "The Dana Okafor Show" */

size_t ws__quote_words(const ws__attr *c, const ws__quote *q)
{
    size_t words = 0;
    for (size_t k = q->tok_begin; k < q->tok_end; k++)
        words += (ws__tok(c, k)->flags & WS__TOK_WORD) != 0;
    return words;
}

/* A few words in title case, without a mark that ends a clause: every word
 * capitalised but articles and prepositions, the first too, outside a
 * headline. The comma or period that American style sets inside the
 * closing mark ("on WKRP's “Morning Ledger.”") belongs to the sentence.
 * One word is a title only after a possessive: a network's show, a
 * paper's column ("on WKRP's “Sunrise,”"). */
static bool is_title(const ws__attr *c, const ws__quote *q, size_t words, size_t open_tok)
{
    bool possessed = open_tok > 0 && ws__tok_is_possessive(c->t->norm, ws__tok(c, open_tok - 1));
    if (words < (possessed ? 1u : 2u) || words > TITLE_WORDS || q->tok_end <= q->tok_begin ||
        !(ws__tok(c, q->tok_begin)->flags & WS__TOK_CAP) ||
        c->ents->headline[c->seg->sents[ws__tok(c, q->tok_begin)->sent].para])
        return false; /* (in a title-case headline every word is capitalised) */
    for (size_t k = q->tok_begin; k < q->tok_end; k++) {
        const ws__token *tk = ws__tok(c, k);
        bool last = k + 1 == q->tok_end;
        if (((tk->punct == ',' || tk->punct == '.') && !last) || tk->punct == '?' || tk->punct == '!' ||
            tk->punct == ':')
            return false;
        if ((tk->flags & WS__TOK_WORD) && !ws__tok_is_title_word(tk))
            return false;
    }
    return true;
}

bool ws__own_paragraph(const ws__attr *c, const ws__quote *q)
{
    const ws__segments *seg = c->seg;
    size_t open = q->open_tok, close = q->close_tok;
    size_t para = seg->sents[ws__tok(c, open)->sent].para;
    if (q->unclosed || close >= seg->ntoks || open != seg->sents[seg->paras[para].sent_begin].tok_begin ||
        seg->sents[ws__tok(c, close)->sent].para != para)
        return false;
    size_t end = seg->sents[seg->paras[para].sent_end - 1].tok_end;
    for (size_t k = close + 1; k < end; k++)
        if (ws__tok(c, k)->flags & WS__TOK_WORD)
            return false;
    return true;
}

/* 'Back to the budget.' alone in its paragraph, a few words in single
 * marks where the text quotes in double ones: a subheading, set as
 * headlines set their quotes, and no speaker going on. */
bool ws__subheading(const ws__attr *c, const ws__quote *q)
{
    if (q->mark != '\'' || ws__quote_words(c, q) > WS__SCARE_WORDS || !ws__own_paragraph(c, q))
        return false;
    size_t single = 0;
    for (size_t i = 0; i < c->qs->n; i++)
        single += c->qs->q[i].mark == '\'';
    return 2 * single < c->qs->n;
}

#define DATELINE_TOKENS 10 /* "SPRINGFIELD, Ill. (AP) —" and longer */

/* Does a dateline's dash stand before the quote, as the paragraph's first
 * words ("SPRINGFIELD, Ill. (AP) — “…,” she said"), so that the quote opens
 * the sentence? */
static bool after_dateline(const ws__attr *c, size_t open_tok)
{
    const ws__paragraph *para = &c->seg->paras[c->seg->sents[ws__tok(c, open_tok)->sent].para];
    size_t pb = c->seg->sents[para->sent_begin].tok_begin;
    const ws__token *dash = ws__tok(c, open_tok - 1);
    return open_tok > pb + 1 && open_tok - pb <= DATELINE_TOKENS && dash->punct == '-' &&
           (dash->flags & WS__TOK_SPACE_BEFORE) && (ws__tok(c, pb)->flags & WS__TOK_UPPER);
}

void ws__classify_quote(ws__attr *c, ws__quote *q, const ws__quote *prev, size_t open_tok)
{
    const ws__token *first = ws__tok(c, q->tok_begin);
    size_t sb = c->seg->sents[ws__tok(c, open_tok)->sent].tok_begin;
    bool sentence_start = open_tok == sb || after_dateline(c, open_tok);
    /* "Rutte said:", "Rutte told delegates, “We must…”": introduced as a sentence */
    bool introduced = false;
    if (open_tok > sb && (ws__tok(c, open_tok - 1)->punct == ':' || ws__tok(c, open_tok - 1)->punct == ',')) {
        for (size_t k = open_tok - 1; k-- > sb && k + 5 >= open_tok && !introduced;)
            introduced = ws__tok_is_cue(c, k);
        /* "Brandt shot back, “The …”": a speaker named before the comma introduces it too */
        introduced = introduced || (q->speaker_e > q->speaker_b && q->speaker_e <= q->open);
        introduced = (introduced && (first->flags & WS__TOK_CAP)) || ws__tok(c, open_tok - 1)->punct == ':';
    }
    size_t words = ws__quote_words(c, q);
    bool second_half = prev && q->method == WS_METHOD_SPLIT &&
                       prev->kind == WS_QUOTE_DIRECT && (first->flags & WS__TOK_LOWER);
    if (sentence_start || introduced || q->continues || second_half ||
        ((first->flags & WS__TOK_CAP) && words >= 4 && q->attributed_after))
        q->kind = WS_QUOTE_DIRECT;
    else
        q->kind = WS_QUOTE_PARTIAL;
    /* marks around a few words that nobody is said to say: scare quotes, titles */
    if (q->speaker == WS__NONE && q->speaker_e == q->speaker_b && q->cue_e == q->cue_b && words <= WS__SCARE_WORDS &&
        !sentence_start)
        q->kind = WS_QUOTE_OTHER;
    if (ws__subheading(c, q))
        q->kind = WS_QUOTE_OTHER;
    /* "The Dana Okafor Show", “Meet the Press”: a title is nobody's words,
     * whatever verb stands near it */
    if (!sentence_start && is_title(c, q, words, open_tok)) {
        q->kind = WS_QUOTE_OTHER;
        q->speaker = WS__NONE;
        q->speaker_b = q->speaker_e = q->cue_b = q->cue_e = 0;
        q->method = WS_METHOD_NONE;
        q->confidence = 0;
    }
}
