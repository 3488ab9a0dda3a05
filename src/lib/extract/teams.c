/*
 * teams.c - sports teams named by their place. In a sports report a place
 * standing where a team stands is the team, an organisation: before or
 * after a score ("Leeds 2 Arsenal 1", standings "West Ham 3 1 1 1"), or on
 * either side of a word that stands between two teams ("Brighton v
 * Scunthorpe", "Japan beat Syria"). A player's country in brackets,
 * "Martina Hingis (Switzerland)", stays a place.
 *
 * Only in a sports report (ws__entities.sports_report): "beat" alone in a
 * story on elections changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

static uint32_t classes(const ws__entities *e, const ws__text *t, const ws__segments *seg, size_t k)
{
    const ws__token *tk = &seg->toks[k];
    return ws__word_classes(&e->gaz->lex, t->norm + tk->start, tk->end - tk->start);
}

static bool same_line(const ws__segments *seg, size_t a, size_t b)
{
    return seg->sents[seg->toks[a].sent].para == seg->sents[seg->toks[b].sent].para;
}

/* A score or a column of standings: a short number, not a year ("LONDON
 * 1996-08-24" is a dateline). */
static bool is_score(const ws__segments *seg, size_t k)
{
    return (seg->toks[k].flags & WS__TOK_DIGIT) && seg->toks[k].end - seg->toks[k].start <= 3;
}

/* Does the mention of tokens [tb, te) stand where a team stands? */
static bool team_position(const ws__entities *e, const ws__text *t, const ws__segments *seg, size_t tb, size_t te)
{
    if (te < seg->ntoks && same_line(seg, tb, te) &&
        (is_score(seg, te) || (classes(e, t, seg, te) & WS__W_RESULT)))
        return true;
    if (tb == 0 || !same_line(seg, tb - 1, tb))
        return false;
    if (classes(e, t, seg, tb - 1) & WS__W_RESULT)
        return true;
    /* "Bradford 1 Tranmere 0": after a score that follows a name */
    return tb >= 2 && is_score(seg, tb - 1) && same_line(seg, tb - 2, tb) && (seg->toks[tb - 2].flags & WS__TOK_CAP);
}

ws_status ws__name_teams(const ws__text *t, const ws__segments *seg, ws__entities *e)
{
    if (!e->sports_report)
        return WS_OK;
    /* a place once a team in the report is the team throughout: "Leeds 2
     * Arsenal 1" and "Leeds manager George Graham" are one club */
    uint32_t *team_of = malloc((e->nents + 1) * sizeof *team_of);
    if (!team_of)
        return WS_ERR_NOMEM;
    size_t nents = e->nents;
    for (size_t i = 0; i < nents; i++)
        team_of[i] = WS__NONE;
    ws_status st = WS_OK;
    for (size_t i = 0; i < e->nments && st == WS_OK; i++) {
        uint32_t ent = e->ments[i].ent;
        if (ent == WS__NONE || ent >= nents || team_of[ent] != WS__NONE || e->ents[ent].type != WS_PLACE ||
            !team_position(e, t, seg, e->ments[i].tok_begin, e->ments[i].tok_end))
            continue;
        const char *name = e->ents[ent].name;
        st = ws__entities_add_local_entity(e, name, strlen(name), WS_ORG, &team_of[ent]);
    }
    for (size_t i = 0; i < e->nments && st == WS_OK; i++)
        if (e->ments[i].ent < nents && team_of[e->ments[i].ent] != WS__NONE)
            e->ments[i].ent = team_of[e->ments[i].ent];
    free(team_of);
    return st;
}
