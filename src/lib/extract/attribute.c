/*
 * attribute.c - who said each quote, and how we know.
 *
 * Each quote is tried against the forms news writes attributions in, most
 * reliable first, and records which one matched (the method) so that a
 * fact-checker can see why:
 *   explicit       “…,” Peskov said. / “…,” said Umerov. / Trump told the paper: “…”
 *   split          “…,” he said, “…”  and later fragments of one sentence
 *   continuation   “…,” Trump said. “…”  (a new sentence of the same speaker)
 *   subject        Kim has called it “…”
 *   colon          a paragraph ending "… said:" before the quote's paragraph
 * The speaker itself is resolved by speaker.c.
 */
#include <stdlib.h>
#include <string.h>

#include "attribution.h"

#define AFTER_WINDOW 8            /* tokens between a quote and its "X said" */
#define CONTINUATION_PARAGRAPHS 2 /* a speaker goes on across this many paragraphs */
#define ANY_VERB_TRUST 0.9        /* “…,” NAME VERB. with a verb no list holds */
#define LATER_CUE_WINDOW 16       /* tokens from a quote to a later speech verb */
#define LATER_CUE_TRUST 0.85      /* the speaker found there */
#define SUBJECT_ONLY_TRUST 0.55   /* a quote in a sentence about someone, without a speech verb */
#define TAIL_WORDS 8              /* ", party spokesman Tom Reyes said." at a sentence's end */
#define SHORT_INTRO 5             /* words of a sentence opening that introduces a quote after a comma */

/* Does the verb before token k close its clause? A period or a comma
 * follows it, or a particle and then one, or a phrase: "“…,” Brandt shot
 * back with a laugh." */
static bool verb_closes(const ws__attr *c, size_t k)
{
    if (k + 1 < c->seg->ntoks && (ws__tok_classes(c, k) & WS__W_PARTICLE)) {
        k++;
        return ws__tok(c, k)->punct == '.' || ws__tok(c, k)->punct == ',' ||
               ((ws__tok_classes(c, k) & WS__W_PREP) && !ws__tok_is(c, k, "and"));
    }
    return k < c->seg->ntoks && (ws__tok(c, k)->punct == '.' || ws__tok(c, k)->punct == ',');
}

static bool is_tell(const ws__attr *c, size_t k)
{
    return ws__tok_is(c, k, "told") || ws__tok_is(c, k, "tell") || ws__tok_is(c, k, "tells") ||
           ws__tok_is(c, k, "telling");
}

/* The verb after a speaker ending at token e: an adverb or an auxiliary
 * may stand between ("Peskov later said", "Okafor has said", "he also
 * told", "Araghchi was quoted as saying"). */
static size_t verb_after(const ws__attr *c, size_t e)
{
    size_t v = e;
    while (v < c->seg->ntoks && v < e + 3 && !ws__tok_is_cue(c, v) && (ws__tok(c, v)->flags & WS__TOK_LOWER))
        v++;
    if (v < c->seg->ntoks && ws__tok_is(c, v, "quoted") && v + 2 < c->seg->ntoks && ws__tok_is(c, v + 1, "as"))
        v += 2;
    return v;
}

/* Does the quote end in an ellipsis, words trailing off (“… and plenty
 * of other things…” Ruiz said)? A name may follow as after a comma. */
static bool trails_off(const ws__attr *c, const ws__quote *q)
{
    const char *s = c->t->norm;
    return q->end >= q->start + 3 &&
           (memcmp(s + q->end - 3, "...", 3) == 0 || memcmp(s + q->end - 3, "\xe2\x80\xa6", 3) == 0);
}

/* The speech verb after a speaker ending at token e, right after it or
 * past an apposition between commas ("“…,” Okafor, the longtime mayor of
 * the town, said"); the number of tokens when there is none. */
static size_t cue_after(const ws__attr *c, size_t e)
{
    size_t n = c->seg->ntoks, v = verb_after(c, e);
    if ((v >= n || !ws__tok_is_cue(c, v)) && e < n && ws__tok(c, e)->punct == ',') {
        v = n;
        for (size_t j = e + 1; j < n && j <= e + APPOSITION_MAX && c->tok_quote[j] < 0 &&
                               ws__tok(c, j)->sent == ws__tok(c, e)->sent;
             j++)
            if (ws__tok(c, j)->punct == ',') {
                v = verb_after(c, j + 1);
                break;
            }
    }
    return v < n && ws__tok_is_cue(c, v) && !ws__tok_is(c, v, "according") ? v : n;
}

/* The token where "X said" may follow a quote (“…,” X said), past a comma
 * outside the marks and a doubled closing mark; the number of tokens when
 * the quote does not end as one that a speaker follows. *last is the
 * quote's last character. */
static size_t after_close(const ws__attr *c, const ws__quote *q, char *last)
{
    const char *s = c->t->norm;
    size_t k = ws__token_at(c->seg, q->close + 1);
    *last = q->end > q->start ? s[q->end - 1] : 0;
    bool comma_outside = k < c->seg->ntoks && ws__tok(c, k)->punct == ',';
    if (!(*last == ',' || *last == '?' || *last == '!' || *last == '-' || comma_outside || trails_off(c, q)))
        return c->seg->ntoks;
    k += comma_outside;
    while (k < c->seg->ntoks && ws__tok_is_mark(ws__tok(c, k)) &&
           !(ws__tok(c, k)->flags & WS__TOK_SPACE_BEFORE))
        k++; /* a doubled closing mark: “…,”” Syrskyi said */
    return k;
}

/* May token e, after a name that starts at token k, be the name's verb: a
 * lowercase word of the same sentence, not a preposition, an article or a
 * word that opens a clause? */
static bool verb_may_follow(const ws__attr *c, size_t k, size_t e)
{
    return e < c->seg->ntoks && (ws__tok(c, e)->flags & WS__TOK_LOWER) && ws__tok(c, e)->sent == ws__tok(c, k)->sent &&
           !(ws__tok_classes(c, e) & (WS__W_PREP | WS__W_DETERMINER | WS__W_CLAUSE_OPENER));
}

/* Does a person other than `other` follow the quote in its sentence as
 * the subject of some verb, “…,” Reyes charged in his speech? Then that
 * sentence names its speaker, even with a verb no list holds, and no one
 * of another sentence goes on speaking there. A name no pass knew counts
 * when `unknown`. */
static bool person_after(ws__attr *c, const ws__quote *q, uint32_t other, bool unknown, ws__speaker *sp)
{
    char last;
    size_t k = after_close(c, q, &last), e;
    /* "“…,” an angry Reyes retaliated": past an article and an adjective or two */
    if (k + 2 < c->seg->ntoks && (ws__tok_classes(c, k) & WS__W_DETERMINER)) {
        size_t j = k + 1;
        while (j < k + 3 && j + 1 < c->seg->ntoks && (ws__tok(c, j)->flags & WS__TOK_LOWER) && !ws__role_noun_at(c, j))
            j++;
        if (j > k + 1 && (ws__tok(c, j)->flags & WS__TOK_CAP))
            k = j;
    }
    return k < c->seg->ntoks && ws__tok(c, k)->sent == ws__tok(c, q->close_tok)->sent &&
           ws__speaker_at(c, k, sp, &e) &&
           ((sp->form == WS__SP_NAME && sp->ent != WS__NONE && sp->ent != other &&
             c->ents->ents[sp->ent].type == WS_PERSON) ||
            (unknown && sp->form == WS__SP_UNKNOWN)) &&
           verb_may_follow(c, k, e);
}

static bool other_named_after(ws__attr *c, const ws__quote *q, uint32_t other)
{
    ws__speaker sp;
    return person_after(c, q, other, false, &sp);
}

/* Does a quote in the tokens (b, e) end a clause, another person's
 * following it ("While Okafor calls it a “…,” Ana Ruiz dwells on …")? A
 * speech verb at b is then not the verb of what comes after. After "that"
 * all is what is said ("Ruiz said that while it was “…,” Reyes had …"). */
static bool clause_of_other(ws__attr *c, size_t b, size_t e, uint32_t other, ws__speaker *sp)
{
    size_t k = b;
    for (size_t i = 0; i < c->qs->n; i++) {
        const ws__quote *p = &c->qs->q[i];
        size_t close = p->close_tok;
        if (close <= b)
            continue;
        if (close + 1 >= e)
            break;
        for (; k < close; k++)
            if (c->tok_quote[k] < 0 && ws__tok_is(c, k, "that"))
                return false;
        if (person_after(c, p, other, true, sp) && sp->te < e)
            return true;
    }
    return false;
}

/* sp is q's speaker as the subject of the clause holding it, with no
 * speech verb to say so: trusted least. */
static ws_status subject_only(ws__attr *c, ws__quote *q, ws__speaker *sp, bool *found)
{
    ws_status st = ws__settle(c, sp);
    if (st != WS_OK || sp->ent == WS__NONE)
        return st;
    ws__set_attribution(c, q, sp, sp->tb, WS__POS_SUBJECT);
    q->cue_b = q->cue_e = 0;
    q->confidence = SUBJECT_ONLY_TRUST;
    *found = true;
    return WS_OK;
}

/* “…,” Peskov said / “…,” said regional Gov. Vadym Filaskhin */
static ws_status after_quote(ws__attr *c, ws__quote *q, bool *found)
{
    char last;
    size_t k = after_close(c, q, &last);
    if (k >= c->seg->ntoks)
        return WS_OK;
    /* “Are they serious?” Peskov asked. — the sentence splitter cannot know
     * that the name continues the sentence, so ?, ! and an ellipsis may
     * cross it */
    const ws__token *close_tok = ws__tok(c, q->close_tok);
    /* (not after a quote its own sentence introduced: "Ruiz replies with,
     * “Is the hall booked?” Reyes then answers." is two sentences) */
    size_t open_tok = q->open_tok, sb = c->seg->sents[ws__tok(c, open_tok)->sent].tok_begin;
    bool introduced = false;
    for (size_t j = sb; j < open_tok && !introduced; j++)
        introduced = (ws__tok(c, j)->flags & WS__TOK_WORD) != 0;
    if (k >= c->seg->ntoks ||
        (ws__tok(c, k)->sent != close_tok->sent &&
         !((last == '?' || last == '!' || trails_off(c, q)) && !introduced &&
           c->seg->sents[ws__tok(c, k)->sent].para == c->seg->sents[close_tok->sent].para)))
        return WS_OK;
    ws__speaker sp;
    size_t e;
    if (ws__speaker_at(c, k, &sp, &e)) {
        size_t v = cue_after(c, e);
        if (v < c->seg->ntoks) {
            ws_status st = ws__settle(c, &sp);
            ws__set_attribution(c, q, &sp, v, WS__POS_AFTER);
            *found = true;
            return st;
        }
        /* "“…,” Hannity pressed.": a name and one verb closing the sentence
         * attribute the quote, whatever the verb; the speech verbs list
         * cannot hold them all */
        if (sp.form == WS__SP_NAME && last != '-' && e + 1 < c->seg->ntoks && verb_may_follow(c, k, e) &&
            verb_closes(c, e + 1)) {
            ws_status st = ws__settle(c, &sp);
            ws__set_attribution(c, q, &sp, e, WS__POS_AFTER);
            q->confidence *= ANY_VERB_TRUST;
            *found = true;
            return st;
        }
        return WS_OK;
    }
    size_t v = cue_after(c, k + 1);
    if (v < c->seg->ntoks) {
        /* “…,” Paradis said: one word no pass knew */
        ws_status st = ws__lone_speaker(c, k, &sp, found);
        if (st == WS_OK && *found) {
            ws__set_attribution(c, q, &sp, v, WS__POS_AFTER);
            q->confidence *= LONE_TRUST;
        }
        if (st != WS_OK || *found)
            return st;
    }
    if (ws__tok_is(c, k, "according") && k + 2 < c->seg->ntoks && ws__tok_is(c, k + 1, "to")) {
        /* “…,” according to Syrskyi; a name no pass knew ends the sentence there */
        bool known = ws__speaker_at(c, k + 2, &sp, &e), lone = false;
        ws_status st = known ? ws__settle(c, &sp) : WS_OK;
        if (!known && k + 3 < c->seg->ntoks && ws__tok(c, k + 3)->punct == '.')
            st = ws__lone_speaker(c, k + 2, &sp, &lone);
        if (st == WS_OK && (known || lone)) {
            ws__set_attribution(c, q, &sp, k, WS__POS_AFTER);
            if (lone)
                q->confidence *= LONE_TRUST;
            *found = true;
        }
        return st;
    }
    /* "said regional Gov. Oleh Syniehubov": titles may stand between; but
     * "…,” telling Channel 5 that": who is told is no speaker, nor is who
     * follows a participle ("…,” saying the council", "referring to the
     * party"), whose subject is the sentence's */
    if (ws__tok_is_cue(c, k) && !ws__tok_is(c, k, "according") && !is_tell(c, k) && !ws__tok_is_participle(c, k)) {
        for (size_t j = k + 1; j < c->seg->ntoks && j <= k + AFTER_WINDOW; j++) {
            if (ws__speaker_at(c, j, &sp, &e)) {
                ws_status st = ws__settle(c, &sp);
                ws__set_attribution(c, q, &sp, k, WS__POS_AFTER);
                *found = true;
                return st;
            }
            if (j == k + 1) { /* "said Sherman," */
                ws_status st = ws__lone_speaker(c, j, &sp, found);
                if (st == WS_OK && *found) {
                    ws__set_attribution(c, q, &sp, k, WS__POS_AFTER);
                    q->confidence *= LONE_TRUST;
                }
                if (st != WS_OK || *found)
                    return st;
            }
            const ws__token *tj = ws__tok(c, j);
            if (!(tj->punct == '.' || (tj->flags & (WS__TOK_LOWER | WS__TOK_CAP)) || ws__tok_is_word_hyphen(c, j)) ||
                tj->punct == ',')
                break; /* (an office's words may be hyphenated: "said co-host NAME") */
        }
    }
    return WS_OK;
}

/* The speech verb that ends the sentence [from, end) after a comma, in
 * ", Tom Reyes said." or ", said Tom Reyes.", else end. */
static size_t tail_cue(const ws__attr *c, size_t from, size_t end)
{
    size_t e = end;
    while (e > from && (ws__tok(c, e - 1)->punct == '.' || ws__tok(c, e - 1)->punct == '"' ||
                        ws__tok(c, e - 1)->punct == '\''))
        e--;
    if (e > from && ws__tok_is_cue(c, e - 1)) {
        size_t n = e - 1;
        while (n > from && e - n <= TAIL_WORDS && ws__tok(c, n - 1)->punct != ',')
            n--;
        return n > from && ws__tok(c, n - 1)->punct == ',' ? e - 1 : end;
    }
    for (size_t v = e; v-- > from + 1 && v + TAIL_WORDS >= e;)
        if (ws__tok_is_cue(c, v) && ws__tok(c, v - 1)->punct == ',')
            return v;
    return end;
}

/* The speaker named in the words between a quote and a later speech verb
 * of its sentence: "“…,” Veltrix co-founder Priya Raman told",
 * "“…,” Ines Brandt, the party's chair, said": the last person (else
 * organisation) of the words before a comma or the verb; "“…” about the
 * cuts, said Ana Ruiz": after the verb. */
static ws_status later_cue(ws__attr *c, ws__quote *q, bool *found)
{
    size_t k = ws__token_at(c->seg, q->close + 1);
    if (k >= c->seg->ntoks)
        return WS_OK;
    size_t sent = ws__tok(c, k)->sent, end = c->seg->sents[sent].tok_end;
    if (ws__tok(c, q->close_tok)->sent != sent)
        return WS_OK;
    size_t v = k;
    while (v < end && v < k + LATER_CUE_WINDOW && c->tok_quote[v] < 0 && !ws__tok_is_cue(c, v))
        v++;
    /* farther on, only the verb that ends the sentence: ", Tom Reyes said." */
    bool tail = v >= end || v >= k + LATER_CUE_WINDOW || c->tok_quote[v] >= 0;
    /* (a quote running over paragraphs leaves the verb to its last one) */
    if (tail)
        v = ws__quote_words(c, q) > WS__SCARE_WORDS && !q->unclosed ? tail_cue(c, k, end) : end;
    /* "…,” prompting Trump to respond": an infinitive reports no words yet */
    if (v >= end || ws__tok_is(c, v, "according") || (v > k && ws__tok_is(c, v - 1, "to")))
        return WS_OK;
    /* "Ruiz said she would make the mill “a beacon,” and Reyes vowed …":
     * the later verb opens a clause of its own when one before the quote
     * reports it; but "“…” and bookings have recovered, Ruiz said" goes on */
    size_t open = q->open_tok;
    bool reported_before = false;
    for (size_t j = c->seg->sents[sent].tok_begin; j < open && !reported_before; j++)
        reported_before = c->tok_quote[j] < 0 && ws__tok_is_cue(c, j);
    for (size_t j = k; j < v && reported_before; j++)
        if (ws__tok_is_coordinator(c, j) && c->tok_quote[j] < 0 &&
            (j == k || ws__tok(c, j - 1)->punct == ','))
            return WS_OK;
    ws__speaker sp;
    int32_t best = -1;
    bool lone = false;
    /* "… next to the mayor's plan, Halloran said": the name right before the
     * verb, or its auxiliaries ("…, Halloran has said") */
    size_t vg = ws__verb_group_start(c, v, k);
    int32_t m = vg > k ? c->ents->tok_ment[vg - 1] : -1;
    if (m >= 0 && c->ents->ments[m].tok_end == vg && ws__tok(c, c->ents->ments[m].tok_begin)->sent == sent &&
        c->ents->ents[c->ents->ments[m].ent].type != WS_PLACE) {
        best = m;
    } else if (vg > k && ws__tok(c, vg - 1)->punct != ',' &&
               (m < 0 || c->ents->ents[c->ents->ments[m].ent].type == WS_PLACE)) {
        /* one word no pass knew, or a town's name that is a surname here */
        ws_status st = ws__lone_speaker(c, vg - 1, &sp, &lone);
        if (st != WS_OK)
            return st;
    } else if (vg > k + 2 && ws__tok(c, vg - 1)->punct == ',') {
        /* "…’s chief of staff, Pia Aaltonen, told": a name in apposition before the verb */
        m = c->ents->tok_ment[vg - 2];
        if (m >= 0 && c->ents->ments[m].tok_end == vg - 1 && c->ents->ments[m].tok_begin > k &&
            ws__tok(c, c->ents->ments[m].title_begin - 1)->punct == ',' &&
            c->ents->ents[c->ents->ments[m].ent].type == WS_PERSON)
            best = m;
    }
    /* "Ines Brandt, the party's chair in the county, said": the first name
     * of the words after the quote, neither a possessor nor in a phrase */
    size_t comma = k;
    while (comma < v && ws__tok(c, comma)->punct != ',')
        comma++;
    for (size_t j = k; j < comma && best < 0 && !lone && !tail; j++) {
        m = c->ents->tok_ment[j];
        if (m < 0 || c->ents->ments[m].tok_begin != j)
            continue;
        const ws__ment *mm = &c->ents->ments[m];
        ws_entity_type type = c->ents->ents[mm->ent].type;
        size_t e = mm->tok_end;
        /* "Brodsky spokesman Tom Reyes": the person the title belongs to */
        while (e < comma && c->ents->tok_ment[e] >= 0 &&
               c->ents->ents[c->ents->ments[c->ents->tok_ment[e]].ent].type == WS_PERSON)
            e = c->ents->ments[c->ents->tok_ment[e]].tok_end;
        if (type == WS_PLACE || e > mm->tok_end || ws__in_prepositional_phrase(c, mm->title_begin, k))
            continue;
        ws__speaker probe = {mm->ent, mm->title_begin, mm->tok_end, WS__SP_NAME, 0, 0};
        if (!ws__is_possessor(c, &probe))
            best = m;
    }
    if (lone) {
        /* found right before the verb */
    } else if (best >= 0) {
        const ws__ment *mm = &c->ents->ments[best];
        sp = (ws__speaker){mm->ent, mm->title_begin, mm->tok_end, WS__SP_NAME, 0, 0};
    } else {
        size_t e;
        /* ", said Ana Ruiz": the speaker follows the verb (but "told
         * Reuters" names who heard it) */
        if (ws__tok(c, v - 1)->punct != ',' || is_tell(c, v) || v + 1 >= end || !ws__speaker_at(c, v + 1, &sp, &e) ||
            sp.form == WS__SP_PRONOUN)
            return WS_OK;
        ws_status st = ws__settle(c, &sp);
        if (st != WS_OK)
            return st;
    }
    if (sp.ent == WS__NONE)
        return WS_OK;
    /* "Tom Reyes says the mill was “a beacon” until Ruiz said …": after a
     * quote its own sentence reports, a later verb names the speaker only
     * set off by commas (", Ruiz said.", ", said Ana Ruiz,"); otherwise it
     * opens a clause of its own */
    bool set_off = ws__tok(c, v - 1)->punct == ',' || (sp.tb > k && ws__tok(c, sp.tb - 1)->punct == ',') ||
                   ((sp.tb == k || (sp.tb == k + 1 && (ws__tok_classes(c, k) & WS__W_DETERMINER))) &&
                    q->end > q->start && c->t->norm[q->end - 1] == ',');
    if (reported_before && !set_off)
        return WS_OK;
    ws__set_attribution(c, q, &sp, v, WS__POS_AFTER);
    q->confidence *= LATER_CUE_TRUST;
    q->attributed_after = false; /* words stand between: the quote is no sentence of its own */
    *found = true;
    return WS_OK;
}

/* “Trump blamed the shootings on “sickos”": a fragment quoted in what a
 * sentence says of a person is that person's, when no speech verb says
 * whose: the subject opening the sentence, after an introductory phrase
 * ("On Monday, Cruz coached Trump to “breathe”"). Trusted least. */
static ws_status sentence_subject(ws__attr *c, ws__quote *q, size_t open_tok, bool *found)
{
    size_t sb = c->seg->sents[ws__tok(c, open_tok)->sent].tok_begin;
    size_t start = ws__after_opening(c, sb, open_tok, INTRO_WORDS);
    if (start >= open_tok)
        return WS_OK;
    ws__speaker sp;
    size_t e;
    bool lone = false;
    if (ws__speaker_at(c, start, &sp, &e)) {
        if (sp.form != WS__SP_NAME || e >= open_tok || !(ws__tok(c, e)->flags & WS__TOK_LOWER) ||
            c->ents->ents[sp.ent].type == WS_PLACE || ws__is_possessor(c, &sp))
            return WS_OK;
    } else if (start + 1 < open_tok && (ws__tok(c, start + 1)->flags & WS__TOK_LOWER)) {
        ws_status st = ws__lone_speaker(c, start, &sp, &lone);
        if (st != WS_OK || !lone)
            return st;
    } else {
        return WS_OK;
    }
    return subject_only(c, q, &sp, found);
}

/* "Continued Marsh: “…”", "Because of the calendar, explained Okonkwo,
 * “…”": a speech verb opening its clause, the speaker after it and the
 * quote right after the speaker's colon or comma. Not after "told",
 * whose name is who heard it. */
static ws_status inverted_subject(ws__attr *c, ws__quote *q, size_t v, size_t from, size_t sb, bool *found)
{
    char lead = ws__tok(c, from - 1)->punct;
    if ((lead != ':' && lead != ',') || from < v + 3 || (v > sb && ws__tok(c, v - 1)->punct != ',') ||
        is_tell(c, v) || ws__tok_is(c, v, "according") || ws__tok_is(c, v + 1, "it"))
        return WS_OK; /* (the "it" of ", put it:" is the verb's object) */
    ws__speaker sp;
    size_t e;
    ws_status st = WS_OK;
    bool lone = false;
    if (ws__speaker_at(c, v + 1, &sp, &e)) {
        if (e != from - 1)
            return WS_OK;
        st = ws__settle(c, &sp);
        *found = st == WS_OK;
    } else if (v + 2 == from - 1) {
        st = ws__lone_speaker(c, v + 1, &sp, &lone);
        *found = lone;
    }
    if (*found) {
        ws__set_attribution(c, q, &sp, v, WS__POS_BEFORE);
        if (lone)
            q->confidence *= LONE_TRUST;
    }
    return st;
}

/* Trump told the paper: “…” / Kim said the “…”. The speaker is the subject
 * of the nearest speech verb before the quote in its sentence (from is the
 * quote's opening mark, or the colon ending the paragraph before it). */
static ws_status before_quote(ws__attr *c, ws__quote *q, size_t from, bool colon, bool *found)
{
    size_t sb = c->seg->sents[ws__tok(c, from)->sent].tok_begin;
    /* "When Trump suggested it, Rubio fired back: “…”": a clause ending in a
     * colon introduces the quote, and its subject speaks, verb or not; so
     * does a short sentence opening before a comma and a quote that starts
     * as a sentence does ("Sanders shot back, “Secretary Clinton …”") */
    char lead = from > sb + 1 ? ws__tok(c, from - 1)->punct : 0;
    if (!colon && (lead == ':' || lead == ',')) {
        size_t cs = from - 1;
        bool cue = false;
        while (cs > sb && ws__tok(c, cs - 1)->punct != ',' && ws__tok(c, cs - 1)->punct != ';' &&
               !(lead == ':' && ws__heading_dash(c, cs - 1)))
            cs--;
        /* a roundup's heading ends at a dash, and its words say nothing:
         * "Pollsters agree - Ana Ruiz: “…”", "VOTERS STATE THEIR CASE -" */
        if (lead == ':' && cs > sb && ws__heading_dash(c, cs - 1))
            sb = cs;
        for (size_t k = cs; k + 1 < from; k++)
            cue |= ws__tok_is_cue(c, k);
        if (lead == ',' &&
            (from - 1 - cs > SHORT_INTRO || !(ws__tok(c, q->tok_begin)->flags & WS__TOK_CAP)))
            cue = true; /* no introduction: left to the speech verbs */
        ws__speaker sp;
        ws_status st = cue ? WS_OK : ws__clause_subject(c, cs, from - 1, &sp, found);
        bool titled = st == WS_OK && !cue && !*found && lead == ':' &&
                      (ws__titled_name(c, cs, from - 1, &sp) || ws__possessed_words(c, cs, from - 1, &sp) ||
                       ws__presented_name(c, cs, from - 1, &sp));
        /* "Sen. Ana Ruiz, D-Ill., delivered a blunt message: “…”": the
         * clause has no subject of its own; the sentence's speaks */
        bool opening = st == WS_OK && !cue && !*found && !titled && lead == ':' && cs > sb &&
                       (ws__opening_subject(c, sb, cs, &sp) ||
                        ws__opening_subject(c, ws__after_opening(c, sb, cs, INTRO_WORDS), cs, &sp));
        if (titled || opening)
            *found = true;
        if (st != WS_OK || *found) {
            if (*found) {
                ws__set_attribution(c, q, &sp, cs, titled ? WS__POS_COLON : WS__POS_BEFORE);
                q->cue_b = q->cue_e = 0;
                if (opening)
                    q->confidence *= COLON_SUBJECT_TRUST;
            }
            return st;
        }
    }
    for (size_t v = from; v-- > sb;) {
        if (!ws__tok_is_cue(c, v))
            continue;
        /* (from is the colon itself when it ends the paragraph before:
         * "Added Okafor:") */
        ws_status st = inverted_subject(c, q, v, colon ? from + 1 : from, sb, found);
        if (st != WS_OK || *found)
            return st;
        ws__speaker sp;
        st = ws__subject_of(c, v, &sp, found);
        if (st != WS_OK)
            return st;
        if (!*found) {
            /* "a person briefed on the talks said the draft was “…”": said, by nobody named */
            q->cue_b = c->seg->toks[v].start;
            q->cue_e = c->seg->toks[v].end;
            return WS_OK;
        }
        ws__speaker other;
        if (clause_of_other(c, v, from, sp.ent, &other)) {
            *found = false; /* another person's clause holds the quote */
            return colon ? WS_OK : subject_only(c, q, &other, found);
        }
        /* "said:", "told the newspaper:" right before the quote introduce it */
        char intro = from > 0 ? ws__tok(c, from - 1)->punct : 0;
        bool adjacent = intro == ':' || (intro == ',' && from - v <= 5);
        ws__set_attribution(c, q, &sp, v, colon ? WS__POS_COLON : adjacent ? WS__POS_BEFORE : WS__POS_SUBJECT);
        return WS_OK;
    }
    return WS_OK;
}

/* Any person named between two token positions other than the given one? */
static bool other_person_between(const ws__attr *c, size_t tb, size_t te, uint32_t ent, size_t skip_b, size_t skip_e)
{
    for (size_t k = tb; k < te; k++) {
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0 || (k >= skip_b && k < skip_e))
            continue;
        uint32_t e = c->ents->ments[mi].ent;
        if (c->ents->ents[e].type == WS_PERSON && e != ent)
            return true;
    }
    return false;
}

static bool cue_between(const ws__attr *c, size_t tb, size_t te, size_t skip_b, size_t skip_e)
{
    for (size_t k = tb; k < te; k++)
        if (ws__tok_is_cue(c, k) && !(c->seg->toks[k].start >= skip_b && c->seg->toks[k].end <= skip_e))
            return true;
    return false;
}

static void inherit(ws__attr *c, ws__quote *q, const ws__quote *prev, bool keep_cue, ws_quote_method method)
{
    q->speaker = prev->speaker;
    q->speaker_b = prev->speaker_b;
    q->speaker_e = prev->speaker_e;
    if (keep_cue) {
        q->cue_b = prev->cue_b;
        q->cue_e = prev->cue_e;
    }
    q->method = method;
    q->speaker_form = prev->speaker_form;
    q->confidence = prev->confidence * 0.9;
    (void)c;
}

/* The last quote before quote qi that is someone's words: a title or scare
 * quotes between (“…,” Ruiz said on WKRP's “Morning Ledger.” “…”) do not stop
 * a speaker going on. */
static const ws__quote *previous_speech(const ws__attr *c, size_t qi)
{
    while (qi-- > 0)
        if (c->qs->q[qi].kind != WS_QUOTE_OTHER)
            return &c->qs->q[qi];
    return NULL;
}

static ws_status attribute_one(ws__attr *c, size_t qi)
{
    ws__quote *q = &c->qs->q[qi];
    const ws__quote *prev = previous_speech(c, qi);
    size_t open_tok = q->open_tok;
    size_t sent = ws__tok(c, open_tok)->sent;
    size_t para = c->seg->sents[sent].para;
    bool sentence_start = open_tok == c->seg->sents[sent].tok_begin;
    bool prev_attributed = prev && prev->speaker_e > prev->speaker_b;
    size_t prev_close = prev ? prev->close_tok : 0;
    size_t prev_para = prev ? c->seg->sents[ws__tok(c, prev_close)->sent].para : 0;
    bool found = false;
    ws_status st = after_quote(c, q, &found);
    if (st == WS_OK && !found)
        st = later_cue(c, q, &found); /* a speaker named after the quote wins over one before it */
    if (st == WS_OK && !found)
        st = ws__credit_line(c, q, &found);
    if (st != WS_OK || found || ws__subheading(c, q))
        return st;
    /* “…,” he said, “…”: a later fragment of the same sentence, unless
     * another person's clause comes between */
    if (prev_attributed && ws__tok(c, prev_close)->sent == sent &&
        !cue_between(c, prev_close, open_tok, prev->cue_b, prev->cue_e)) {
        ws__speaker other;
        bool cue_before = prev->cue_e > prev->cue_b && prev->cue_e <= prev->open;
        size_t from = cue_before ? ws__token_at(c->seg, prev->cue_b) : prev_close;
        if (clause_of_other(c, from, open_tok, prev->speaker, &other))
            return subject_only(c, q, &other, &found);
        inherit(c, q, prev, true, WS_METHOD_SPLIT);
        return WS_OK;
    }
    /* “…,” Trump said. “…”: the same speaker goes on, unless a sentence
     * after the one of that quote names someone else (in that sentence a
     * name is what the speaker talks of: "…, he said of Clinton") */
    size_t prev_sent_end = c->seg->sents[ws__tok(c, prev_close)->sent].tok_end;
    if (prev_attributed && (sentence_start || q->continues) && prev_para + CONTINUATION_PARAGRAPHS >= para &&
        !other_person_between(c, prev_sent_end > open_tok ? prev_close : prev_sent_end, open_tok, prev->speaker,
                              ws__token_at(c->seg, prev->speaker_b), ws__token_at(c->seg, prev->speaker_e)) &&
        !(prev_sent_end < open_tok && cue_between(c, prev_sent_end, open_tok, 0, 0)) &&
        !other_named_after(c, q, prev->speaker)) {
        inherit(c, q, prev, false, WS_METHOD_CONTINUATION);
        return WS_OK;
    }
    st = before_quote(c, q, open_tok, false, &found);
    if (st != WS_OK || found || q->cue_e > q->cue_b)
        return st;
    st = ws__opening_name(c, q, open_tok, true, &found);
    if (st != WS_OK || found)
        return st;
    /* a paragraph ending "... said:" introduces the quote that opens the next one */
    const ws__paragraph *pp = para ? &c->seg->paras[para - 1] : NULL;
    if (pp && open_tok == c->seg->sents[c->seg->paras[para].sent_begin].tok_begin) {
        size_t last = c->seg->sents[pp->sent_end - 1].tok_end - 1;
        if (ws__tok(c, last)->punct == ':') {
            st = before_quote(c, q, last, true, &found);
            /* without a speech verb, only for a quote that ends its
             * sentence: after "“…?” a voice off camera is heard asking
             * Ruiz" the voice speaks */
            size_t close_tok = q->close_tok;
            size_t qe = c->seg->sents[ws__tok(c, close_tok)->sent].tok_end, k = close_tok + 1;
            while (k < qe && !(ws__tok(c, k)->flags & WS__TOK_WORD))
                k++;
            if (st == WS_OK && !found && k == qe)
                st = ws__opening_name(c, q, last, false, &found);
            if (st == WS_OK && !found && k == qe)
                ws__colon_sentence_subject(c, q, last, &found);
            if (found)
                return st;
        }
    }
    /* “…” after "Rutte said the alliance would hold firm.": the speaker of
     * the nearest sentence before that reports speech goes on, across up
     * to two paragraphs, while nobody else is named in between */
    for (size_t ps = sent; sentence_start && ps-- > 0 && c->seg->sents[ps].para + CONTINUATION_PARAGRAPHS >= para;) {
        const ws__sentence *sn = &c->seg->sents[ps];
        if (ws__holds_quote(c, sn))
            break; /* its quote's speaker went on already, or nobody's did */
        ws__quote probe = *q;
        st = before_quote(c, &probe, sn->tok_end - 1, false, &found);
        if (st != WS_OK || found) {
            if (found && probe.speaker != WS__NONE &&
                !other_person_between(c, ws__token_at(c->seg, probe.speaker_e), open_tok, probe.speaker, 0, 0)) {
                inherit(c, q, &probe, false, WS_METHOD_CONTINUATION);
                q->confidence = ps + 1 == sent ? 0.7 : 0.6;
            }
            break;
        }
        if (probe.cue_e > probe.cue_b)
            break; /* said by nobody named */
    }
    if (st == WS_OK && !found && q->speaker == WS__NONE && ws__quote_words(c, q) > WS__SCARE_WORDS)
        st = sentence_subject(c, q, open_tok, &found);
    return st;
}

/* Why a quote has no speaker, in words for a person (--explain). */
static const char *why_unattributed(ws__attr *c, const ws__quote *q)
{
    if (q->kind == WS_QUOTE_OTHER)
        return "marks around a few words nobody is said to say: scare quotes, a title or a nickname";
    if (q->speaker_e > q->speaker_b) {
        size_t k = ws__token_at(c->seg, q->speaker_e) - 1;
        if (q->speaker_form == WS__SP_PRONOUN)
            return "the pronoun beside it refers to nobody the text named before it, or only to someone of an "
                   "earlier paragraph past a nearer person of the other gender";
        size_t b = ws__token_at(c->seg, q->speaker_b);
        bool described = ws__people_at(c, k) || ws__tok_is(c, b, "a") || ws__tok_is(c, b, "an") ||
                         ws__tok_is(c, b, "another") || ws__tok_is(c, b, "one");
        if (q->speaker_form == WS__SP_ROLE && !described)
            return "the role beside it names nobody the text introduced with that role";
        return "said by someone described, not named (\u201ca witness said\u201d, \u201cofficials said\u201d)";
    }
    if (q->cue_e > q->cue_b)
        return "the speech verb beside it has no named subject";
    if (other_named_after(c, q, WS__NONE))
        return "the person named after it does something no speech verb says (\u201c\u2026,\u201d Reyes charged "
               "in a speech): not taken as the speaker, nor anyone before";
    return "no speech verb and no name beside it, in its sentence or the ones before";
}

ws_status ws__attribute(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                        ws__quotes *qs, ws_error *err)
{
    ws__attr c;
    if (!ws__attr_init(&c, t, seg, ents, qs))
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory attributing quotes");
    ws_status st = WS_OK;
    for (size_t i = 0; i < qs->n && st == WS_OK; i++) {
        st = attribute_one(&c, i);
        ws__classify_quote(&c, &qs->q[i], previous_speech(&c, i), qs->q[i].open_tok);
    }
    /* a quote running over paragraphs may name its speaker only at the end;
     * so may fragments of one sentence: Guns are “…” and “…,” Dean said */
    for (size_t i = qs->n; i-- > 1;) {
        ws__quote *q = &qs->q[i - 1];
        const ws__quote *next = &qs->q[i];
        if (q->speaker_e > q->speaker_b || next->speaker_e <= next->speaker_b)
            continue;
        if (q->unclosed && next->continues) {
            inherit(&c, q, next, false, WS_METHOD_CONTINUATION);
            q->kind = WS_QUOTE_DIRECT;
        } else if (q->kind != WS_QUOTE_OTHER && q->cue_e == q->cue_b && next->speaker_b > next->close &&
                   ws__tok(&c, q->close_tok)->sent == ws__tok(&c, next->open_tok)->sent &&
                   !cue_between(&c, q->close_tok, next->open_tok, 0, 0)) {
            inherit(&c, q, next, true, WS_METHOD_SPLIT);
        }
    }
    for (size_t i = 0; i < qs->n; i++)
        qs->q[i].unattributed = qs->q[i].speaker == WS__NONE ? why_unattributed(&c, &qs->q[i]) : NULL;
    free(c.tok_quote);
    if (st != WS_OK)
        return ws__fail(err, st, NULL, 0, -1, "%s while attributing quotes", ws_status_str(st));
    return WS_OK;
}
