/*
 * quotes.c - pairing quote marks into quoted spans.
 *
 * Each mark's direction comes from its shape (“ opens, ” closes) checked
 * against its neighbours (a mark after a space and before a word opens),
 * so that straight quotes and mis-typeset curly ones pair as well.
 * Pairing never crosses a paragraph: a mark left open at the end of a
 * paragraph is a quote only when the next paragraph opens with a mark
 * again (the newspaper convention for quotes that run on), so an
 * unbalanced mark never swallows the rest of the document. Single marks
 * pair only outside double-quoted spans, and an apostrophe between letters
 * (it's, Kyiv's) is never a mark.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static bool is_space_or_edge(const char *s, size_t len, size_t i)
{
    return i >= len || s[i] == ' ' || s[i] == '\n';
}

static bool is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Effective direction of the mark at pos, or -1 for an apostrophe. */
static int mark_direction(const ws__text *t, const ws__mark *m)
{
    const char *s = t->norm;
    size_t pos = m->pos;
    unsigned char prev = pos ? (unsigned char)s[pos - 1] : ' ';
    unsigned char next = pos + 1 < t->len ? (unsigned char)s[pos + 1] : ' ';
    bool open_left = pos == 0 || prev == ' ' || prev == '\n' || prev == '(' || prev == '[' ||
                     prev == '-' || prev == '/' || prev == '"' || prev == '\'';
    bool close_right = is_space_or_edge(s, t->len, pos + 1) || strchr(".,;:!?)]-/\"'", next) != NULL;
    if (m->ch == '\'' && is_word_byte(prev) && is_word_byte(next))
        return -1; /* it's, Kyiv's, O'Brien */
    if (open_left && !close_right)
        return WS__OPEN;
    if (!open_left && close_right)
        return WS__CLOSE;
    if (m->ch == '\'')
        return m->dir == WS__OPEN && open_left ? WS__OPEN : -1;
    return (int)m->dir;
}

typedef struct pairing {
    const ws__text *t;
    const ws__segments *seg;
    size_t max_quote;
    ws__quotes *qs;
} pairing;

/* Records a quote unless it is empty or too long; false only when memory runs out. */
static bool emit(pairing *p, size_t open, size_t close, char mark, bool unclosed, bool continues)
{
    size_t start = open + 1, end = close;
    const char *s = p->t->norm;
    size_t b = start, e = end;
    while (b < e && (s[b] == ' ' || s[b] == '\n'))
        b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n'))
        e--;
    if (b == e || end - start > p->max_quote)
        return true; /* empty, or too long to be one quote */
    if (!ws__grow(&p->qs->q, &p->qs->cap, p->qs->n + 1, sizeof *p->qs->q))
        return false;
    ws__quote *q = &p->qs->q[p->qs->n++];
    memset(q, 0, sizeof *q);
    q->open = (uint32_t)open;
    q->close = (uint32_t)close;
    q->start = (uint32_t)b;
    q->end = (uint32_t)e;
    q->tok_begin = (uint32_t)ws__token_at(p->seg, b);
    q->tok_end = (uint32_t)ws__token_at(p->seg, e);
    q->open_tok = (uint32_t)ws__token_at(p->seg, open);
    q->close_tok = (uint32_t)ws__token_at(p->seg, close);
    q->mark = mark;
    q->unclosed = unclosed;
    q->continues = continues;
    q->speaker = WS__NONE;
    return true;
}

/* Does the paragraph after index pi begin with an opening double mark? */
static bool next_paragraph_opens(const pairing *p, size_t pi, const ws__mark *marks, size_t nm, size_t mi)
{
    if (pi + 1 >= p->seg->nparas)
        return false;
    size_t start = p->seg->paras[pi + 1].start;
    for (; mi < nm && marks[mi].pos < start; mi++)
        ;
    return mi < nm && marks[mi].pos == start && marks[mi].ch == '"' &&
           mark_direction(p->t, &marks[mi]) != WS__CLOSE;
}

static int compare_quotes(const void *a, const void *b)
{
    const ws__quote *x = a, *y = b;
    return (x->open > y->open) - (x->open < y->open);
}

ws_status ws__find_quotes(const ws__text *t, const ws__segments *seg, size_t max_quote,
                          ws__quotes *qs, ws_error *err)
{
    memset(qs, 0, sizeof *qs);
    pairing p = {t, seg, max_quote, qs};
    const ws__mark *marks = t->marks;
    size_t nm = t->nmarks, mi = 0;
    bool continued = false;
    for (size_t pi = 0; pi < seg->nparas; pi++) {
        const ws__paragraph *para = &seg->paras[pi];
        while (mi < nm && marks[mi].pos < para->start)
            mi++;
        size_t first = mi, dq_first = qs->n;
        /* double marks */
        long open = -1;
        for (; mi < nm && marks[mi].pos < para->end; mi++) {
            if (marks[mi].ch != '"')
                continue;
            int dir = mark_direction(t, &marks[mi]);
            if (open < 0) {
                if (dir != WS__CLOSE)
                    open = (long)marks[mi].pos;
            } else if (dir == WS__OPEN) {
                open = (long)marks[mi].pos; /* the earlier mark was stray */
            } else {
                /* the first quote of a paragraph may carry on the last one */
                if (!emit(&p, (size_t)open, marks[mi].pos, '"', false, continued && qs->n == dq_first))
                    goto nomem;
                open = -1;
            }
        }
        bool runs_on = open >= 0 && next_paragraph_opens(&p, pi, marks, nm, mi);
        if (runs_on) {
            if (!emit(&p, (size_t)open, para->end, '"', true, continued && qs->n == dq_first))
                goto nomem;
        }
        continued = runs_on;
        /* single marks, outside the double-quoted spans of this paragraph */
        size_t dq_end = qs->n, d = dq_first;
        long sopen = -1;
        for (size_t k = first; k < mi; k++) {
            if (marks[k].ch != '\'')
                continue;
            /* double-quoted spans are in order: walk them alongside */
            while (d < dq_end && qs->q[d].close < marks[k].pos)
                d++;
            if (d < dq_end && marks[k].pos > qs->q[d].open && marks[k].pos < qs->q[d].close)
                continue;
            int dir = mark_direction(t, &marks[k]);
            if (dir == WS__OPEN) {
                sopen = (long)marks[k].pos;
            } else if (dir == WS__CLOSE && sopen >= 0) {
                if (!emit(&p, (size_t)sopen, marks[k].pos, '\'', false, false))
                    goto nomem;
                sopen = -1;
            }
        }
    }
    ws__sort_quotes(qs);
    return WS_OK;
nomem:
    ws__quotes_free(qs);
    return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory finding quotes");
}

void ws__sort_quotes(ws__quotes *qs)
{
    if (qs->n > 1)
        qsort(qs->q, qs->n, sizeof *qs->q, compare_quotes);
}

void ws__quotes_free(ws__quotes *qs)
{
    free(qs->q);
    memset(qs, 0, sizeof *qs);
}
