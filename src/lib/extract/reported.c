/*
 * reported.c - reported speech without quote marks, in sentences that hold
 * none: "Peskov said that ...", "..., said Gov. X.", "According to X, ...".
 * Only with ws_options.indirect; reported as quotes of kind indirect.
 */
#include <stdlib.h>
#include <string.h>

#include "attribution.h"

/* Adds a reported-speech span [tb, te) of tokens with its attribution. */
static ws_status add_reported(ws__attr *c, size_t tb, size_t te, const ws__speaker *sp, size_t cue, ws__position pos)
{
    while (te > tb && c->seg->toks[te - 1].punct && c->seg->toks[te - 1].punct != ')')
        te--; /* the closing period */
    size_t words = 0;
    for (size_t k = tb; k < te; k++)
        words += (ws__tok(c, k)->flags & WS__TOK_WORD) != 0;
    if (words < 3)
        return WS_OK;
    ws__quotes *qs = c->qs;
    if (!ws__grow(&qs->q, &qs->cap, qs->n + 1, sizeof *qs->q))
        return WS_ERR_NOMEM;
    ws__quote *q = &qs->q[qs->n++];
    memset(q, 0, sizeof *q);
    q->start = q->open = ws__tok(c, tb)->start;
    q->end = q->close = ws__tok(c, te - 1)->end;
    q->tok_begin = (uint32_t)tb;
    q->tok_end = (uint32_t)te;
    q->open_tok = (uint32_t)ws__token_at(c->seg, q->open);
    q->close_tok = (uint32_t)ws__token_at(c->seg, q->close);
    q->kind = WS_QUOTE_INDIRECT;
    ws__set_attribution(c, q, sp, cue, pos);
    q->confidence *= 0.9; /* the bounds of reported speech are softer than quote marks */
    return WS_OK;
}

/* One sentence without quote marks: "According to X, ...", "..., said X.",
 * "..., X said.", or "X said (that) ...". */
static ws_status reported_in(ws__attr *c, const ws__sentence *sn)
{
    size_t sb = sn->tok_begin, se = sn->tok_end, e;
    ws__speaker sp;
    bool found = false;
    if (se - sb > 4 && ws__tok_is(c, sb, "according") && ws__tok_is(c, sb + 1, "to") &&
        ws__speaker_at(c, sb + 2, &sp, &e) &&
        e < se && ws__tok(c, e)->punct == ',') {
        ws_status st = ws__settle(c, &sp);
        return st != WS_OK ? st : add_reported(c, e + 1, se, &sp, sb, WS__POS_BEFORE);
    }
    /* the attribution closes the sentence after a comma */
    size_t end = se;
    while (end > sb && ws__tok(c, end - 1)->punct)
        end--;
    for (size_t k = end; k-- > sb + 3 && k + 8 > end;) {
        if (ws__tok(c, k)->punct != ',')
            continue;
        if (ws__tok_is_cue(c, k + 1) && ws__speaker_at(c, k + 2, &sp, &e) && e == end) {
            ws_status st = ws__settle(c, &sp);
            return st != WS_OK ? st : add_reported(c, sb, k, &sp, k + 1, WS__POS_AFTER);
        }
        if (ws__speaker_at(c, k + 1, &sp, &e) && e + 1 == end && ws__tok_is_cue(c, e)) {
            ws_status st = ws__settle(c, &sp);
            return st != WS_OK ? st : add_reported(c, sb, k, &sp, e, WS__POS_AFTER);
        }
        break;
    }
    for (size_t v = sb + 1; v < end; v++) {
        if (!ws__tok_is_cue(c, v) || ws__tok_is(c, v, "according"))
            continue;
        ws_status st = ws__subject_of(c, v, &sp, &found);
        if (st != WS_OK || !found)
            return st;
        /* "told reporters that ...": the clause after "that" */
        size_t from = v + 1;
        for (size_t k = v + 1; k < end && k <= v + 5; k++)
            if (ws__tok_is(c, k, "that")) {
                from = k + 1;
                break;
            }
        return add_reported(c, from, end, &sp, v, WS__POS_SUBJECT);
    }
    return WS_OK;
}

ws_status ws__find_reported(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                            ws__quotes *qs, ws_error *err)
{
    ws__attr c;
    if (!ws__attr_init(&c, t, seg, ents, qs))
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory finding reported speech");
    ws_status st = WS_OK;
    for (size_t i = 0; i < seg->nsents && st == WS_OK; i++)
        if (!ws__holds_quote(&c, &seg->sents[i]))
            st = reported_in(&c, &seg->sents[i]);
    free(c.tok_quote);
    if (st != WS_OK)
        return ws__fail(err, st, NULL, 0, -1, "%s while finding reported speech", ws_status_str(st));
    ws__sort_quotes(qs);
    return WS_OK;
}
