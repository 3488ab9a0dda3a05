/*
 * mentions.c - the document's table of entities and their mentions, which
 * every pass that finds names writes and attribution reads: add an entity
 * or a mention, claim tokens from a shorter match, find a person of the
 * document by name or surname, and sort the mentions by position.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"

void ws__entities_free(ws__entities *e)
{
    for (size_t i = 0; i < e->nents; i++) {
        if (e->ents[i].local) {
            free((char *)e->ents[i].id); /* and the name, in its allocation (new_local) */
            free((char *)e->ents[i].role);
        }
    }
    free(e->ents);
    free(e->ments);
    free(e->tok_ment);
    free(e->caps);
    free(e->headline);
    free(e->title_line);
    memset(e, 0, sizeof *e);
}

/* A headline in title case capitalises every word; patterns that rely on
 * capitals would see names everywhere in it. A lowercase word of four
 * letters or more that is no preposition or article is running text: a
 * line of results ("Pavel Hrubek (Czech Republic) beat ...") is no headline. */
static bool is_title_case(const ws__segments *seg, size_t tb, size_t te)
{
    if (seg->toks[tb].flags & WS__TOK_DIGIT)
        return false; /* "65 Will Ostrander, Mark Tolland": a line of a table */
    size_t words = 0, caps = 0;
    for (size_t k = tb; k < te; k++) {
        const ws__token *tk = &seg->toks[k];
        if ((tk->flags & WS__TOK_WORD) && tk->end - tk->start > 3 && !(tk->flags & WS__TOK_DIGIT)) {
            if ((tk->flags & WS__TOK_LOWER) &&
                !(tk->cls & (WS__W_PREP | WS__W_PLACE_PREP | WS__W_DETERMINER)))
                return false;
            words++;
            caps += (tk->flags & WS__TOK_CAP) != 0;
        }
    }
    return words >= 3 && caps * 10 >= words * 8;
}

ws_status ws__entities_add_mention(ws__entities *e, uint32_t tb, uint32_t te, uint32_t ent)
{
    if (!ws__grow(&e->ments, &e->ments_cap, e->nments + 1, sizeof *e->ments))
        return WS_ERR_NOMEM;
    e->ments[e->nments++] = (ws__ment){tb, te, tb, ent, WS__NONE};
    return WS_OK;
}

ws_status ws__entities_add(ws__entities *e, const ws__ent *ent, uint32_t *idx)
{
    if (!ws__grow(&e->ents, &e->ents_cap, e->nents + 1, sizeof *e->ents))
        return WS_ERR_NOMEM;
    *idx = (uint32_t)e->nents;
    e->ents[e->nents++] = *ent;
    return WS_OK;
}

ws_status ws__entities_add_listed(ws__entities *e, uint32_t gaz, uint32_t *idx)
{
    const ws_gazetteer *g = e->gaz;
    const ws__gaz_entity *ge = &g->ents[gaz];
    ws__ent ent = {ws__gaz_str(g, ge->id), ws__gaz_str(g, ge->name), ws__gaz_str(g, ge->gender),
                   ws__gaz_str(g, ge->role), ge->type, false, gaz, {0}, 0, 0, 0};
    return ws__entities_add(e, &ent, idx);
}

/* Does a capitalised word that is no title stand right before token k, in
 * its sentence (a first name, so k is someone's surname)? */
bool ws__after_first_name(const ws_gazetteer *g, const ws__text *t,
                             const ws__segments *seg, uint32_t k)
{
    if (k == 0)
        return false;
    const ws__token *prev = &seg->toks[k - 1];
    if (prev->sent != seg->toks[k].sent)
        return false;
    const char *w = t->norm + prev->start;
    size_t n = prev->end - prev->start;
    char key[WS__KEY_MAX];
    /* a sentence's first word is capitalised anyway: a name only if no common word */
    if (seg->sents[prev->sent].tok_begin == k - 1 &&
        (!g || !g->has_common_words || ws__gaz_is_common(g, key, ws__fold(w, n, key, sizeof key))))
        return false;
    return (prev->flags & WS__TOK_CAP) && !(prev->flags & WS__TOK_UPPER) &&
           !(prev->cls & (WS__W_TITLE_WORD | WS__W_NAME_STOP));
}

/* Lets a name found by pattern take its tokens from shorter gazetteer
 * matches inside it ("Cherkaska Lozova" over the city "Lozova"). False when
 * a mention reaches outside the span. */
bool ws__entities_can_claim(const ws__entities *e, uint32_t tb, uint32_t te)
{
    for (uint32_t k = tb; k < te; k++) {
        int32_t m = e->tok_ment[k];
        if (m >= 0 && (e->ments[m].tok_begin < tb || e->ments[m].tok_end > te ||
                       (e->ments[m].tok_begin == tb && e->ments[m].tok_end == te)))
            return false;
    }
    return true;
}

static bool claim(ws__entities *e, uint32_t tb, uint32_t te)
{
    if (!ws__entities_can_claim(e, tb, te))
        return false;
    for (uint32_t k = tb; k < te; k++) {
        int32_t m = e->tok_ment[k];
        if (m >= 0)
            e->ments[m].ent = WS__NONE; /* dropped by ws__index_mentions */
        e->tok_ment[k] = -1;
    }
    return true;
}

static void mark_tokens(ws__entities *e, size_t mi)
{
    for (uint32_t k = e->ments[mi].tok_begin; k < e->ments[mi].tok_end; k++)
        e->tok_ment[k] = (int32_t)mi;
}

ws_status ws__entities_claim_mention(ws__entities *e, uint32_t tb, uint32_t te, uint32_t ent, bool *claimed)
{
    bool ok = claim(e, tb, te);
    if (claimed)
        *claimed = ok;
    if (!ok)
        return WS_OK;
    ws_status st = ws__entities_add_mention(e, tb, te, ent);
    if (st == WS_OK)
        mark_tokens(e, e->nments - 1);
    return st;
}

static uint32_t find_local(const ws__entities *e, const char *name, size_t n, ws_entity_type type)
{
    for (size_t k = 0; k < e->nents; k++)
        if (e->ents[k].local && e->ents[k].type == type && e->ents[k].name[0] == name[0] &&
            strlen(e->ents[k].name) == n && memcmp(e->ents[k].name, name, n) == 0)
            return (uint32_t)k;
    return WS__NONE;
}

static bool name_has_word(const char *name, const char *w, size_t n)
{
    for (const char *p = name; *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (len == n && memcmp(p, w, n) == 0)
            return true;
        p = sp ? sp + 1 : p + len;
    }
    return false;
}

size_t ws__persons_named(const ws__entities *e, const char *w, size_t n, int gender, uint32_t *first)
{
    size_t count = 0;
    *first = WS__NONE;
    for (size_t k = 0; k < e->nents; k++) {
        const ws__ent *en = &e->ents[k];
        if (en->type != WS_PERSON || (gender && en->gender && en->gender[0] != gender) ||
            !name_has_word(en->name, w, n))
            continue;
        if (!count++)
            *first = (uint32_t)k;
    }
    return count;
}

uint32_t ws__person_named(const ws__entities *e, const char *w, size_t n, int gender)
{
    uint32_t first;
    return ws__persons_named(e, w, n, gender, &first) == 1 ? first : WS__NONE; /* two: say nothing */
}

uint32_t ws__local_by_surname(const ws__entities *e, const char *s, size_t n)
{
    for (size_t k = 0; k < e->nents; k++) {
        const ws__ent *en = &e->ents[k];
        const char *last = en->local && en->type == WS_PERSON ? strrchr(en->name, ' ') : NULL;
        if (last && strlen(last + 1) == n && memcmp(last + 1, s, n) == 0)
            return (uint32_t)k;
    }
    return WS__NONE;
}

/* "Ms. Weber" met before "Anna Weber" was known: her mentions join the full
 * name, whose last word, hyphens and all, is the surname ("Valdez-Ruiz"). */
static void adopt_surname(ws__entities *e, uint32_t full, const char *name, size_t n)
{
    size_t at = n;
    while (at > 0 && name[at - 1] != ' ')
        at--;
    if (at == 0)
        return;
    uint32_t lone = find_local(e, name + at, n - at, WS_PERSON);
    if (lone == WS__NONE || lone == full)
        return;
    for (size_t i = 0; i < e->nments; i++)
        if (e->ments[i].ent == lone)
            e->ments[i].ent = full;
}

/* "Fitzgerald-Mensah said" after "Delroy Fitzgerald-Mensah", "Van Dijk
 * said" at a sentence's start after "Annelies van Dijk": the one person
 * of the document whose name ends in this one, its first letter's case
 * aside, where it is the last word or starts at a particle; WS__NONE when
 * there is none, or another person's name ends so too. */
static uint32_t surname_holder(const ws__entities *e, const char *name, size_t n)
{
    uint32_t found = WS__NONE;
    for (size_t k = 0; k < e->nents; k++) {
        const ws__ent *en = &e->ents[k];
        size_t len = en->type == WS_PERSON ? strlen(en->name) : 0;
        if (len <= n)
            continue;
        const char *tail = en->name + len - n;
        if (tail[-1] != ' ' || (tail[0] | 0x20) != (name[0] | 0x20) || memcmp(tail + 1, name + 1, n - 1) != 0)
            continue;
        const char *sp = memchr(tail, ' ', n);
        if (found != WS__NONE || !en->local ||
            (sp && !ws__word_is(&e->gaz->lex, tail, (size_t)(sp - tail), WS__W_NAME_PARTICLE)))
            return WS__NONE;
        found = (uint32_t)k;
    }
    return found;
}

/* A new entity for a name found only in this document. */
static ws_status new_local(ws__entities *e, const char *name, size_t n, ws_entity_type type, uint32_t *idx)
{
    const char *nul = memchr(name, '\0', n);
    size_t len = nul ? (size_t)(nul - name) : n; /* n, unless the text holds a NUL */
    /* the id and then the name, in one allocation: a document makes many */
    char *id = malloc(2 * len + 8);
    if (!id)
        return WS_ERR_NOMEM;
    char *nm = id + 6 + len + 1;
    memcpy(nm, name, len);
    nm[len] = '\0';
    /* "local:" and the name, spaces as underscores: "local:Vadym_Filaskhin" */
    memcpy(id, "local:", 6);
    for (size_t i = 0; i < len; i++)
        id[6 + i] = nm[i] == ' ' ? '_' : nm[i];
    id[6 + len] = '\0';
    ws__ent ent = {id, nm, NULL, NULL, type, true, WS__NONE, {0}, 0, 0, 0};
    ws_status st = ws__entities_add(e, &ent, idx);
    if (st != WS_OK)
        free(id);
    return st;
}

ws_status ws__entities_add_local_entity(ws__entities *e, const char *name, size_t n, ws_entity_type type,
                                        uint32_t *ent_out)
{
    uint32_t idx = find_local(e, name, n, type);
    if (idx == WS__NONE) {
        ws_status st = new_local(e, name, n, type, &idx);
        if (st != WS_OK)
            return st;
    }
    *ent_out = idx;
    return WS_OK;
}

/* Is token k a middle initial, "V" with its period ("Vladimir V. Putin")?
 * Then *after is the token past the period. */
static bool middle_initial(const ws__text *t, const ws__segments *seg, size_t k, size_t te, size_t *after)
{
    const ws__token *tk = &seg->toks[k];
    if (tk->end - tk->start != 1 || !(tk->flags & WS__TOK_CAP) || k + 2 >= te || seg->toks[k + 1].punct != '.')
        return false;
    *after = k + 2;
    return true;
}

/* "Vladimir V. Putin", "Dmitri S. Peskov": a person named with middle
 * initials is the gazetteer's one person of that name without them: its
 * gazetteer index, or WS__NONE. */
static uint32_t listed_without_initials(const ws__entities *e, const ws__text *t, const ws__segments *seg,
                                        uint32_t tb, uint32_t te)
{
    char key[WS__KEY_MAX];
    size_t len = 0, after;
    bool dropped = false;
    for (size_t k = tb; k < te;) {
        if (k > tb && middle_initial(t, seg, k, te, &after)) {
            dropped = true;
            k = after;
            continue;
        }
        const ws__token *tk = &seg->toks[k];
        if (len && (tk->flags & WS__TOK_SPACE_BEFORE))
            key[len++] = ' ';
        if (len + (tk->end - tk->start) + 1 >= sizeof key)
            return WS__NONE;
        len += ws__fold(t->norm + tk->start, tk->end - tk->start, key + len, sizeof key - len);
        k++;
    }
    const ws_gazetteer *g = e->gaz;
    const ws__slot *slot = dropped ? ws__gaz_lookup(g, ws__hash(key, len), key, len) : NULL;
    uint32_t found = WS__NONE;
    for (uint32_t a = slot ? slot->head : WS__NONE; a != WS__NONE; a = g->aliases[a].next) {
        uint32_t ge = g->aliases[a].entity;
        if (g->ents[ge].type != WS_PERSON)
            continue;
        if (found != WS__NONE && found != ge)
            return WS__NONE; /* two people of that name: say nothing */
        found = ge;
    }
    return found;
}

#define QUOTED_TITLE_TOKENS 8 /* "The Dana Okafor Show", as kind.c's titles */

/* Are tokens [tb, te) inside marks that hold only a few words in title case,
 * and more than them ("The film “Tom Reyes Goes to Town” opened")? A title
 * of a work names nobody, but for a host after a preposition ("The Late
 * Show With Tom Reyes"). */
static bool in_quoted_title(const ws__segments *seg, uint32_t tb, uint32_t te)
{
    if (tb > 0 && (seg->toks[tb - 1].cls & WS__W_PREP))
        return false;
    size_t b = tb, a = te;
    while (b > 0 && te - b < QUOTED_TITLE_TOKENS && ws__tok_is_title_word(&seg->toks[b - 1]))
        b--;
    while (a < seg->ntoks && a - tb < QUOTED_TITLE_TOKENS && ws__tok_is_title_word(&seg->toks[a]))
        a++;
    size_t words_end = a;
    if (a < seg->ntoks && (seg->toks[a].punct == ',' || seg->toks[a].punct == '.'))
        a++; /* set inside the marks, American style */
    /* (a name alone in marks, “Ana Ruiz”, may be the person's) */
    return (b < tb || words_end > te) && b > 0 && a < seg->ntoks && ws__tok_is_mark(&seg->toks[b - 1]) &&
           ws__tok_is_mark(&seg->toks[a]) && !(seg->toks[b].flags & WS__TOK_SPACE_BEFORE) &&
           !(seg->toks[a].flags & WS__TOK_SPACE_BEFORE);
}

ws_status ws__entities_add_local(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                 uint32_t tb, uint32_t te, ws_entity_type type, uint32_t *ent_out)
{
    if (type == WS_PERSON && in_quoted_title(seg, tb, te)) {
        *ent_out = WS__NONE;
        return WS_OK;
    }
    const char *name = t->norm + seg->toks[tb].start;
    size_t n = seg->toks[te - 1].end - seg->toks[tb].start;
    uint32_t listed = type == WS_PERSON && te - tb > 3 ? listed_without_initials(e, t, seg, tb, te) : WS__NONE;
    if (listed != WS__NONE && ws__entities_can_claim(e, tb, te)) {
        *ent_out = WS__NONE;
        for (size_t i = 0; i < e->nents && *ent_out == WS__NONE; i++)
            if (!e->ents[i].local && e->ents[i].gaz_index == listed)
                *ent_out = (uint32_t)i;
        ws_status st = *ent_out == WS__NONE ? ws__entities_add_listed(e, listed, ent_out) : WS_OK;
        return st == WS_OK ? ws__entities_claim_mention(e, tb, te, *ent_out, NULL) : st;
    }
    uint32_t idx = find_local(e, name, n, type);
    if (idx == WS__NONE && type == WS_PERSON)
        idx = surname_holder(e, name, n);
    if (idx == WS__NONE && !ws__entities_can_claim(e, tb, te)) {
        *ent_out = WS__NONE;
        return WS_OK;
    }
    if (idx == WS__NONE) {
        ws_status st = new_local(e, name, n, type, &idx);
        if (st != WS_OK)
            return st;
        e->ents[idx].name_b = seg->toks[tb].start;
        e->ents[idx].name_e = seg->toks[te - 1].end;
        if (type == WS_PERSON)
            adopt_surname(e, idx, name, n);
    }
    *ent_out = idx;
    return ws__entities_claim_mention(e, tb, te, idx, NULL);
}

static int compare_mentions(const void *a, const void *b)
{
    const ws__ment *x = a, *y = b;
    return (x->tok_begin > y->tok_begin) - (x->tok_begin < y->tok_begin);
}

/* The length of the sorted run at the start of ments. */
static size_t sorted_run(const ws__ment *m, size_t n)
{
    size_t i = 1;
    while (i < n && m[i - 1].tok_begin <= m[i].tok_begin)
        i++;
    return n ? i : 0;
}

/* Sorts the mentions by position, as qsort would (stably): the gazetteer's
 * come in order and the names found later after them, so only that tail is
 * sorted, then merged from the back with the run before it, through the
 * spare room past the mentions. */
static void sort_mentions(ws__entities *e)
{
    ws__ment *m = e->ments;
    size_t n = e->nments, run = sorted_run(m, n), tail = n - run;
    if (tail == 0)
        return;
    if (sorted_run(m + run, tail) < tail)
        qsort(m + run, tail, sizeof *m, compare_mentions);
    if (m[run - 1].tok_begin <= m[run].tok_begin)
        return;
    if (!ws__grow(&e->ments, &e->ments_cap, n + tail, sizeof *e->ments)) {
        qsort(e->ments, n, sizeof *m, compare_mentions); /* no room: all at once */
        return;
    }
    m = e->ments;
    ws__ment *later = memcpy(m + n, m + run, tail * sizeof *m);
    /* on equal positions the run's mention stays first */
    for (size_t i = run, j = tail, w = n; j > 0;)
        m[--w] = i > 0 && m[i - 1].tok_begin > later[j - 1].tok_begin ? m[--i] : later[--j];
}

void ws__index_mentions(ws__entities *e)
{
    size_t live = 0;
    for (size_t i = 0; i < e->nments; i++)
        if (e->ments[i].ent != WS__NONE)
            e->ments[live++] = e->ments[i];
    e->nments = live;
    sort_mentions(e);
    /* Every token a live mention covers is marked again below; the others
     * hold -1 already, as only mark_tokens sets a token and claim() clears
     * the tokens of the mentions it drops. So no pass over all tokens. */
    for (size_t i = 0; i < e->nments; i++)
        mark_tokens(e, i);
}

#define SPORTS_WORDS 3 /* words of sports reports that make one */

/* A line of a list wrapped over several lines, as results print their
 * players: "(Sweden), Will Ostrander (Peru), Mark Tolland, Ruth Amsel" is
 * no headline, though every word is capitalised. It opens with a bracket
 * or a comma, follows a line ending in a comma, or, in a sports report,
 * holds two commas or more. */
static bool is_list_line(const ws__segments *seg, size_t p, size_t tb, size_t te, bool sports_report)
{
    char first = seg->toks[tb].punct;
    if (first == '(' || first == ',')
        return true;
    if (p > 0) {
        const ws__paragraph *prev = &seg->paras[p - 1];
        size_t end = prev->sent_end > prev->sent_begin ? seg->sents[prev->sent_end - 1].tok_end : 0;
        if (end > 0 && seg->toks[end - 1].punct == ',')
            return true;
    }
    size_t commas = 0;
    for (size_t k = tb; k < te && sports_report; k++)
        commas += seg->toks[k].punct == ',';
    return commas >= 2;
}

ws_status ws__entities_init(ws__entities *e, const ws_gazetteer *g, const ws__segments *seg)
{
    memset(e, 0, sizeof *e);
    e->gaz = g;
    e->tok_ment = malloc((seg->ntoks + 1) * sizeof *e->tok_ment);
    e->headline = malloc(seg->nparas + 1);
    e->title_line = malloc(seg->nparas + 1);
    e->caps = malloc((seg->ntoks + 1) * sizeof *e->caps);
    if (!e->tok_ment || !e->headline || !e->title_line || !e->caps) {
        ws__entities_free(e);
        return WS_ERR_NOMEM;
    }
    memset(e->tok_ment, 0xFF, seg->ntoks * sizeof *e->tok_ment); /* -1 each */
    size_t sports_words = 0;
    for (size_t k = 0; k < seg->ntoks; k++) { /* no branch: capitals come at random */
        e->caps[e->ncaps] = (uint32_t)k;
        e->ncaps += (seg->toks[k].flags & WS__TOK_CAP) != 0;
        sports_words += (seg->toks[k].cls & WS__W_SPORT) != 0; /* (only words have classes) */
    }
    e->sports_report = sports_words >= SPORTS_WORDS;
    for (size_t p = 0; p < seg->nparas; p++) {
        const ws__paragraph *para = &seg->paras[p];
        size_t tb = seg->sents[para->sent_begin].tok_begin, te = seg->sents[para->sent_end - 1].tok_end;
        /* a headline is one line that ends with no full stop; a sentence full
         * of names ("Pupils at Leeds High School and Burton Elementary
         * left.") is no headline */
        size_t last = te - 1;
        while (last > tb && ws__tok_is_mark(&seg->toks[last]))
            last--;
        e->title_line[p] = para->sent_end - para->sent_begin == 1 && !is_list_line(seg, p, tb, te, e->sports_report) &&
                           is_title_case(seg, tb, te);
        e->headline[p] = e->title_line[p] && seg->toks[last].punct != '.';
    }
    return WS_OK;
}
