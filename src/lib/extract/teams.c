/*
 * teams.c - sports teams named by their place. In a sports report a place
 * standing where a team stands is the team, an organisation: before or
 * after a score ("Leeds 2 Arsenal 1", standings "West Ham 3 1 1 1"), or on
 * either side of a word that stands between two teams ("Brighton v
 * Scunthorpe"). A country for its national side ("Japan beat Syria") and a
 * player's country in brackets ("Ruth Amsel (Switzerland)") stay places.
 *
 * Only in a sports report (ws__entities.sports_report): "beat" alone in a
 * story on elections changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define MAX_TEAM_WORDS 4

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
static bool team_position(const ws__segments *seg, size_t tb, size_t te)
{
    if (te < seg->ntoks && same_line(seg, tb, te) &&
        (is_score(seg, te) || (seg->toks[te].cls & WS__W_RESULT)))
        return true;
    if (tb == 0 || !same_line(seg, tb - 1, tb))
        return false;
    if (seg->toks[tb - 1].cls & WS__W_RESULT)
        return true;
    /* "Bradford 1 Tranmere 0": after a score that follows a name */
    return tb >= 2 && is_score(seg, tb - 1) && same_line(seg, tb - 2, tb) && (seg->toks[tb - 2].flags & WS__TOK_CAP);
}

/* The end of a run of capitalised words from token k on its line ("Kessel
 * Rovers", "Ash Vale County"), or k when there is none. */
static size_t capitalised_run(const ws__segments *seg, size_t k,
                              size_t line_end)
{
    size_t b = k;
    while (k < line_end && k - b < MAX_TEAM_WORDS && (seg->toks[k].flags & WS__TOK_CAP) &&
           !(seg->toks[k].cls & (WS__W_NAME_STOP | WS__W_RESULT)))
        k++;
    return k;
}

static bool is_versus(const ws__segments *seg, size_t k)
{
    return (seg->toks[k].flags & WS__TOK_LOWER) && (seg->toks[k].cls & WS__W_RESULT);
}

/* Tokens [tb, te) are a team: a new one, or one that a given name made a
 * person ("Maria Sittard"). */
static ws_status add_team(const ws__text *t, const ws__segments *seg, ws__entities *e, size_t tb, size_t te)
{
    int32_t m = e->tok_ment[tb];
    if (m >= 0 && e->ments[m].tok_begin == tb && e->ments[m].tok_end == te &&
        e->ents[e->ments[m].ent].local && e->ents[e->ments[m].ent].type == WS_PERSON) {
        e->ents[e->ments[m].ent].type = WS_ORG;
        e->ents[e->ments[m].ent].gender = NULL;
        return WS_OK;
    }
    uint32_t ent;
    return ws__entities_add_local(e, t, seg, (uint32_t)tb, (uint32_t)te, WS_ORG, &ent);
}

/* Clubs no gazetteer knows, by the lines of results that pair them: "Kessel
 * Rovers 2 Maria Sittard 1", "Ash Vale v Kessel County". Each side
 * is a whole run of capitalised words that opens the line or follows a
 * score or a comma, and the other side mirrors it; inside brackets stand
 * scorers ("(Charvet 8th)"), not teams. */
static ws_status pair_unknown_teams(const ws__text *t, const ws__segments *seg, ws__entities *e)
{
    for (size_t p = 0; p < seg->nparas; p++) {
        const ws__paragraph *para = &seg->paras[p];
        size_t lb = seg->sents[para->sent_begin].tok_begin, le = seg->sents[para->sent_end - 1].tok_end;
        int depth = 0;
        for (size_t k = lb; k < le; k++) {
            const ws__token *tk = &seg->toks[k];
            depth += (tk->punct == '(') - (tk->punct == ')');
            bool opens = k == lb || is_score(seg, k - 1) || seg->toks[k - 1].punct == ',' ||
                         seg->toks[k - 1].punct == ':';
            if (depth != 0 || !opens)
                continue;
            size_t ae = capitalised_run(seg, k, le);
            if (ae == k || ae + 1 >= le)
                continue;
            bool by_score = is_score(seg, ae);
            if (!by_score && !is_versus(seg, ae))
                continue;
            size_t bb = ae + 1, be = capitalised_run(seg, bb, le);
            if (be == bb)
                continue;
            bool b_ends = by_score ? be < le && is_score(seg, be)
                                   : be == le || seg->toks[be].punct == ',' || is_score(seg, be);
            if (!b_ends)
                continue;
            ws_status st = add_team(t, seg, e, k, ae);
            if (st == WS_OK)
                st = add_team(t, seg, e, bb, be);
            if (st != WS_OK)
                return st;
            k = be - 1;
        }
    }
    return WS_OK;
}

/* "Japan beat Syria": a country stands for its national side and stays the
 * country, whose id a reader can follow, as does a continent ("Europe"); a
 * club named by its town or state is a club of its own ("Leeds 2 Hull 1",
 * "TEXAS 73 54" in baseball standings). */
static bool is_country(const ws__entities *e, uint32_t ent)
{
    uint32_t gaz = e->ents[ent].gaz_index;
    return gaz != WS__NONE && ws__gaz_major_place(&e->gaz->ents[gaz]) && e->gaz->ents[gaz].subtype != WS__SUBTYPE_STATE;
}

ws_status ws__name_teams(const ws__text *t, const ws__segments *seg, ws__entities *e)
{
    if (!e->sports_report)
        return WS_OK;
    ws_status st = pair_unknown_teams(t, seg, e);
    if (st != WS_OK)
        return st;
    /* a place once a team in the report is the team throughout: "Leeds 2
     * Arsenal 1" and "Leeds manager George Graham" are one club */
    uint32_t *team_of = malloc((e->nents + 1) * sizeof *team_of);
    if (!team_of)
        return WS_ERR_NOMEM;
    size_t nents = e->nents;
    for (size_t i = 0; i < nents; i++)
        team_of[i] = WS__NONE;
    for (size_t i = 0; i < e->nments && st == WS_OK; i++) {
        uint32_t ent = e->ments[i].ent;
        if (ent == WS__NONE || ent >= nents || team_of[ent] != WS__NONE || e->ents[ent].type != WS_PLACE ||
            is_country(e, ent) || !team_position(seg, e->ments[i].tok_begin, e->ments[i].tok_end))
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
