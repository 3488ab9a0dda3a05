/*
 * speakers.c - stage 6: who said each quote, and how we know.
 *
 * Each quote is tried against the forms news writes attributions in, most
 * reliable first, and records which one matched (the method) so that a
 * fact-checker can see why:
 *   after-quote    “…,” Peskov said. / “…,” said Umerov. / “…,” he said.
 *   same-sentence  “…,” he said, “…”  and later fragments of one sentence
 *   continuation   “…,” Trump said. “…”  (a new sentence of the same speaker)
 *   before-quote   Trump told the paper: “…” / Kim said the “…”
 *   colon          a paragraph ending "… said:" before the quote's paragraph
 * Pronouns resolve to the nearest earlier person of a compatible gender
 * outside quotes. A capitalised name the gazetteer lacks, in a speaker's
 * place, becomes a person of the document.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

#define AFTER_WINDOW 8   /* tokens between a quote and its "X said" */
#define TITLE_WINDOW 6   /* title words between "said" and the name */
#define APPOSITION_MAX 14
#define PRONOUN_WINDOW 400 /* tokens back to look for a pronoun's person */

bool ws__is_cue(const char *s, size_t n)
{
    static const char *const cues[] = {
        "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds",
        "added", "adding", "write", "writes", "wrote", "writing", "ask", "asks", "asked",
        "states", "stated", "insist", "insists", "insisted", "warn", "warns", "warned",
        "warning", "notes", "noted", "declare", "declares", "declared", "claims", "claimed", "explain", "explains", "explained", "announce", "announced",
        "reply", "replies", "replied", "respond", "responds", "responded", "argue", "argues",
        "argued", "stress", "stresses", "stressed", "tweet", "tweeted", "posted",
        "acknowledge", "acknowledged", "admit", "admitted", "suggest", "suggested", "recall",
        "recalled", "conclude", "concluded", "describe", "described", "describing", "call",
        "calls", "called", "calling", "refer", "referred", "referring", "deride", "derided",
        "dub", "dubbed", "brand", "branded", "frame", "framed", "framing", "urge", "urged",
        "promise", "promised", "vow", "vowed", "pledge", "pledged", "confirm", "confirmed",
        "deny", "denied", "predict", "predicted", "quip", "quipped", "joke", "joked",
        "shout", "shouted", "remark", "remarked", "observe", "observed", "commented", "emphasise", "emphasised", "emphasize", "emphasized", "reiterate",
        "reiterated", "maintain", "maintained", "tell", "according", "reported",
        "reports", "announces", "boast", "boasted", "complain", "complained", "threaten",
        "threatened", "demanded", "agree", "agreed", "mused", "muses", "continued",
        "concede", "conceded", "countered", "retort", "retorted", "assert",
        "asserted", "testify", "testified", "wondered", "lamented", "praised", "accused",
    };
    char buf[32];
    if (n == 0 || n >= sizeof buf)
        return false;
    ws__fold(s, n, buf, sizeof buf);
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++)
        if (strcmp(cues[i], buf) == 0)
            return true;
    return false;
}

typedef struct attr_ctx {
    const ws__text *t;
    const ws__segments *seg;
    ws__entities *ents;
    ws__quotes *qs;
    int32_t *tok_quote; /* per token: index of the quote holding it, or -1 */
} attr_ctx;

/* What stands in a speaker's place. */
typedef struct speaker {
    uint32_t ent;    /* entity, or WS__NONE */
    uint32_t tb, te; /* tokens as written, title included */
    bool pronoun;
} speaker;

static const ws__token *tok(const attr_ctx *c, size_t k)
{
    return &c->seg->toks[k];
}

static bool tok_is(const attr_ctx *c, size_t k, const char *w)
{
    const ws__token *tk = tok(c, k);
    size_t n = strlen(w);
    return tk->end - tk->start == n && strncasecmp(c->t->norm + tk->start, w, n) == 0;
}

/* A speech verb as used here: not part of a name ("the New York Post"),
 * capitalised only at a sentence start or in a headline ("Trump Says"), and
 * not a noun after a determiner ("the claims"). */
static bool tok_is_cue(const attr_ctx *c, size_t k)
{
    static const char *const determiners[] = {"the", "a", "an", "this", "that", "his", "her",
                                              "its", "their", "our", "these", "those"};
    const ws__token *tk = tok(c, k);
    if (!(tk->flags & WS__TOK_WORD) || c->tok_quote[k] >= 0 || c->ents->tok_ment[k] >= 0 ||
        !ws__is_cue(c->t->norm + tk->start, tk->end - tk->start))
        return false;
    size_t sb = c->seg->sents[tk->sent].tok_begin;
    if (k == sb)
        return true;
    const ws__token *prev = tok(c, k - 1);
    if ((tk->flags & WS__TOK_CAP) && !(prev->flags & WS__TOK_CAP))
        return false;
    for (size_t i = 0; i < sizeof determiners / sizeof determiners[0]; i++)
        if (tok_is(c, k - 1, determiners[i]))
            return false;
    return true;
}

static int pronoun_gender(const attr_ctx *c, size_t k)
{
    if (tok_is(c, k, "he"))
        return 'm';
    if (tok_is(c, k, "she"))
        return 'f';
    return 0;
}

static bool in_prepositional_phrase(const attr_ctx *c, size_t k, size_t sb)
{
    static const char *const preps[] = {"with", "to", "by", "from", "of", "in", "at", "for",
                                        "about", "on", "aboard", "against", "toward", "towards",
                                        "than", "like", "and", "into", "as"};
    size_t j = k;
    if (j > sb && (tok_is(c, j - 1, "the") || tok_is(c, j - 1, "a")))
        j--;
    if (j == sb)
        return false;
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        if (tok_is(c, j - 1, preps[i]))
            return true;
    return false;
}

/* The mention whose name or title starts at token k. A title may itself
 * hold a mention ("US President Donald Trump"): the titled person wins. */
static int32_t mention_starting(const attr_ctx *c, size_t k)
{
    for (size_t j = k + 1; j < c->seg->ntoks && j <= k + TITLE_WINDOW; j++) {
        int32_t mj = c->ents->tok_ment[j];
        if (mj >= 0 && c->ents->ments[mj].title_begin <= k && c->ents->ments[mj].tok_begin == j)
            return mj;
    }
    int32_t m = c->ents->tok_ment[k];
    return m >= 0 && c->ents->ments[m].tok_begin == k ? m : -1;
}

static bool can_speak(const attr_ctx *c, int32_t m)
{
    ws_entity_type type = c->ents->ents[c->ents->ments[m].ent].type;
    return type == WS_PERSON || type == WS_ORG;
}

/* Nearest earlier person outside quotes, of a compatible gender, within a
 * window: antecedents in news stand a few sentences back, and the bound
 * keeps a long document linear. */
static uint32_t resolve_pronoun(const attr_ctx *c, size_t k, int gender)
{
    size_t stop = k > PRONOUN_WINDOW ? k - PRONOUN_WINDOW : 0;
    while (k-- > stop) {
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0)
            continue;
        const ws__ent *e = &c->ents->ents[c->ents->ments[mi].ent];
        if (e->type == WS_PERSON && !(e->gender && gender && e->gender[0] != gender))
            return c->ents->ments[mi].ent;
    }
    return WS__NONE;
}

/* Two or three capitalised words not known as anything: a new person. */
static bool unknown_name(const attr_ctx *c, size_t tb, size_t *te)
{
    size_t k = tb;
    while (k < c->seg->ntoks && k < tb + 3 && (tok(c, k)->flags & WS__TOK_CAP) &&
           !(tok(c, k)->flags & WS__TOK_UPPER) && c->ents->tok_ment[k] < 0 && c->tok_quote[k] < 0 &&
           !ws__is_title_word(c->t->norm + tok(c, k)->start, tok(c, k)->end - tok(c, k)->start) &&
           !tok_is(c, k, "The") && !tok_is_cue(c, k))
        k++;
    if (k - tb < 2)
        return false;
    *te = k;
    return true;
}

/* A speaker at token k: a person or organisation mention (with its title),
 * a pronoun, or an unknown name. On success *end is the token after it. */
static bool speaker_at(attr_ctx *c, size_t k, speaker *sp, size_t *end)
{
    if (k >= c->seg->ntoks || c->tok_quote[k] >= 0)
        return false;
    int32_t m = mention_starting(c, k);
    if (m >= 0) {
        if (!can_speak(c, m))
            return false;
        const ws__ment *mm = &c->ents->ments[m];
        *sp = (speaker){mm->ent, mm->title_begin < k ? k : mm->title_begin, mm->tok_end, false};
        *end = mm->tok_end;
        return true;
    }
    int g = pronoun_gender(c, k);
    if (g || tok_is(c, k, "they")) {
        *sp = (speaker){g ? resolve_pronoun(c, k, g) : WS__NONE, (uint32_t)k, (uint32_t)k + 1, true};
        *end = k + 1;
        return true;
    }
    const ws__token *tk = tok(c, k);
    uint32_t known = (tk->flags & WS__TOK_CAP) && c->ents->tok_ment[k] < 0
                         ? ws__local_by_surname(c->ents, c->t->norm + tk->start, tk->end - tk->start)
                         : WS__NONE;
    if (known != WS__NONE) { /* "Kovalenko said", after "Maria Kovalenko" spoke */
        *sp = (speaker){known, (uint32_t)k, (uint32_t)k + 1, false};
        *end = k + 1;
        return true;
    }
    size_t te;
    if (unknown_name(c, k, &te)) {
        *sp = (speaker){WS__NONE, (uint32_t)k, (uint32_t)te, false};
        *end = te;
        return true;
    }
    return false;
}

/* Makes a document person of an unknown name once its place is confirmed. */
static ws_status settle(attr_ctx *c, speaker *sp)
{
    if (sp->ent != WS__NONE || sp->pronoun)
        return WS_OK;
    return ws__entities_add_local(c->ents, c->t, c->seg, sp->tb, sp->te, WS_PERSON, &sp->ent);
}

static void set_attribution(attr_ctx *c, ws__quote *q, const speaker *sp, size_t cue,
                            const char *method, double confidence)
{
    const ws__segments *seg = c->seg;
    q->speaker = sp->ent;
    q->speaker_b = seg->toks[sp->tb].start;
    q->speaker_e = seg->toks[sp->te - 1].end;
    if (cue != (size_t)-1) {
        q->cue_b = seg->toks[cue].start;
        q->cue_e = seg->toks[cue].end;
        if (tok_is(c, cue, "according") && cue + 1 < seg->ntoks && tok_is(c, cue + 1, "to"))
            q->cue_e = seg->toks[cue + 1].end;
    }
    q->method = method;
    q->confidence = sp->pronoun ? confidence * 0.85 : confidence;
}

/* “…,” Peskov said / “…,” said regional Gov. Vadym Filaskhin */
static ws_status after_quote(attr_ctx *c, ws__quote *q, bool *found)
{
    const char *s = c->t->norm;
    size_t k = ws__token_at(c->seg, q->close + 1);
    char last = q->end > q->start ? s[q->end - 1] : 0;
    bool comma_outside = k < c->seg->ntoks && tok(c, k)->punct == ',';
    if (!(last == ',' || last == '?' || last == '!' || last == '-' || comma_outside))
        return WS_OK;
    if (comma_outside)
        k++;
    /* “Are they serious?” Peskov asked. — the sentence splitter cannot know
     * that the name continues the sentence, so ? and ! may cross it */
    const ws__token *close_tok = tok(c, ws__token_at(c->seg, q->close));
    if (k >= c->seg->ntoks ||
        (tok(c, k)->sent != close_tok->sent &&
         !((last == '?' || last == '!') && c->seg->sents[tok(c, k)->sent].para == c->seg->sents[close_tok->sent].para)))
        return WS_OK;
    speaker sp;
    size_t e;
    if (speaker_at(c, k, &sp, &e)) {
        /* one adverb may stand between: "Peskov later said", "he also told" */
        size_t v = e;
        if (v < c->seg->ntoks && !tok_is_cue(c, v) && (tok(c, v)->flags & WS__TOK_LOWER) &&
            v + 1 < c->seg->ntoks && tok_is_cue(c, v + 1))
            v++;
        if (v < c->seg->ntoks && tok_is_cue(c, v) && !tok_is(c, v, "according")) {
            ws_status st = settle(c, &sp);
            set_attribution(c, q, &sp, v, "after-quote", 0.9);
            *found = true;
            return st;
        }
        return WS_OK;
    }
    if (tok_is_cue(c, k) && !tok_is(c, k, "according")) {
        /* "said regional Gov. Oleh Syniehubov": titles may stand between */
        for (size_t j = k + 1; j < c->seg->ntoks && j <= k + AFTER_WINDOW; j++) {
            if (speaker_at(c, j, &sp, &e)) {
                ws_status st = settle(c, &sp);
                set_attribution(c, q, &sp, k, "after-quote", 0.9);
                *found = true;
                return st;
            }
            const ws__token *tj = tok(c, j);
            if (!(tj->punct == '.' || (tj->flags & (WS__TOK_LOWER | WS__TOK_CAP))) || tj->punct == ',')
                break;
        }
    }
    return WS_OK;
}

/* The subject of the speech verb at token v: the nearest speaker before it
 * in its sentence, skipping quotes, appositions ("Hill, a Russia expert at
 * Brookings, said") and names inside prepositional phrases. */
static ws_status subject_of(attr_ctx *c, size_t v, speaker *sp, bool *found)
{
    size_t sb = c->seg->sents[tok(c, v)->sent].tok_begin;
    if (tok_is(c, v, "according")) {
        size_t e;
        if (v + 2 < c->seg->ntoks && tok_is(c, v + 1, "to") && speaker_at(c, v + 2, sp, &e)) {
            *found = true;
            return settle(c, sp);
        }
        return WS_OK;
    }
    size_t k = v;
    /* an unknown name counts only right before the verb (or its apposition):
     * elsewhere capitals are too often adjectives ("the North Korean leader") */
    if (k > sb && tok(c, k - 1)->punct == ',') {
        size_t j = k - 1;
        while (j > sb && j + APPOSITION_MAX > k && tok(c, j - 1)->punct != ',')
            j--;
        size_t e;
        /* "its president, Christine Lagarde, said": the name is the subject */
        if (speaker_at(c, j, sp, &e) && e == k - 1 && !sp->pronoun) {
            *found = true;
            return settle(c, sp);
        }
        if (j > sb && tok(c, j - 1)->punct == ',')
            k = j - 1;
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
        else if (!pronoun_gender(c, k) && !tok_is(c, k, "they")) {
            /* an unknown name ends here: find where it starts */
            size_t b = k;
            while (b > sb && (tok(c, b - 1)->flags & WS__TOK_CAP) && c->ents->tok_ment[b - 1] < 0 && k - b < 2)
                b--;
            start = b;
        }
        size_t e;
        if (speaker_at(c, start, sp, &e) && e > k && !in_prepositional_phrase(c, start, sb) &&
            (sp->ent != WS__NONE || sp->pronoun || e == name_end)) {
            *found = true;
            return settle(c, sp);
        }
        if (m >= 0)
            k = c->ents->ments[m].title_begin < k ? c->ents->ments[m].title_begin : k;
    }
    return WS_OK;
}

/* Trump told the paper: “…” / Kim said the “…” */
static ws_status before_quote(attr_ctx *c, ws__quote *q, size_t from, const char *method, bool *found)
{
    size_t open_tok = from;
    size_t sb = c->seg->sents[tok(c, open_tok)->sent].tok_begin;
    for (size_t v = open_tok; v-- > sb;) {
        if (!tok_is_cue(c, v))
            continue;
        speaker sp;
        ws_status st = subject_of(c, v, &sp, found);
        if (st != WS_OK || !*found)
            return st;
        set_attribution(c, q, &sp, v, method, 0.75);
        return WS_OK;
    }
    return WS_OK;
}

/* Any person named between two token positions other than the given one? */
static bool other_person_between(const attr_ctx *c, size_t tb, size_t te, uint32_t ent, size_t skip_b, size_t skip_e)
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

static bool cue_between(const attr_ctx *c, size_t tb, size_t te, size_t skip_b, size_t skip_e)
{
    for (size_t k = tb; k < te; k++)
        if (tok_is_cue(c, k) && !(c->seg->toks[k].start >= skip_b && c->seg->toks[k].end <= skip_e))
            return true;
    return false;
}

static void inherit(attr_ctx *c, ws__quote *q, const ws__quote *prev, bool keep_cue, const char *method)
{
    q->speaker = prev->speaker;
    q->speaker_b = prev->speaker_b;
    q->speaker_e = prev->speaker_e;
    if (keep_cue) {
        q->cue_b = prev->cue_b;
        q->cue_e = prev->cue_e;
    }
    q->method = method;
    q->confidence = prev->confidence * 0.9;
    (void)c;
}

static void classify(attr_ctx *c, ws__quote *q, const ws__quote *prev, size_t open_tok)
{
    const ws__token *first = tok(c, q->tok_begin);
    size_t sb = c->seg->sents[tok(c, open_tok)->sent].tok_begin;
    bool sentence_start = open_tok == sb;
    bool after_colon = open_tok > 0 && (tok(c, open_tok - 1)->punct == ':' ||
                                        (tok(c, open_tok - 1)->punct == ',' && open_tok > 1 &&
                                         tok_is_cue(c, open_tok - 2)));
    size_t words = 0;
    for (size_t k = q->tok_begin; k < q->tok_end; k++)
        words += (tok(c, k)->flags & WS__TOK_WORD) != 0;
    bool second_half = prev && q->method && strcmp(q->method, "same-sentence") == 0 &&
                       prev->kind == WS_QUOTE_DIRECT && (first->flags & WS__TOK_LOWER);
    if (sentence_start || after_colon || q->continues || second_half ||
        ((first->flags & WS__TOK_CAP) && words >= 4 && q->method && strcmp(q->method, "after-quote") == 0))
        q->kind = WS_QUOTE_DIRECT;
    else
        q->kind = WS_QUOTE_PARTIAL;
    /* marks around a few words that nobody is said to say: scare quotes, titles */
    if (q->speaker == WS__NONE && q->speaker_e == q->speaker_b && words <= 4 && !sentence_start)
        q->kind = WS_QUOTE_OTHER;
}

static ws_status attribute_one(attr_ctx *c, size_t qi)
{
    ws__quote *q = &c->qs->q[qi];
    const ws__quote *prev = qi ? &c->qs->q[qi - 1] : NULL;
    size_t open_tok = ws__token_at(c->seg, q->open);
    size_t sent = tok(c, open_tok)->sent;
    size_t para = c->seg->sents[sent].para;
    bool sentence_start = open_tok == c->seg->sents[sent].tok_begin;
    bool prev_attributed = prev && prev->speaker_e > prev->speaker_b;
    size_t prev_close = prev ? ws__token_at(c->seg, prev->close) : 0;
    size_t prev_para = prev ? c->seg->sents[tok(c, prev_close)->sent].para : 0;
    bool found = false;
    ws_status st = after_quote(c, q, &found);
    if (st != WS_OK || found)
        return st;
    /* “…,” he said, “…”: a later fragment of the same sentence */
    if (prev_attributed && tok(c, prev_close)->sent == sent &&
        !cue_between(c, prev_close, open_tok, prev->cue_b, prev->cue_e)) {
        inherit(c, q, prev, true, "same-sentence");
        return WS_OK;
    }
    /* “…,” Trump said. “…”: the same speaker goes on */
    if (prev_attributed && (sentence_start || q->continues) && (prev_para == para || prev_para + 1 == para) &&
        !other_person_between(c, prev_close, open_tok, prev->speaker, ws__token_at(c->seg, prev->speaker_b),
                              ws__token_at(c->seg, prev->speaker_e))) {
        inherit(c, q, prev, false, "continuation");
        return WS_OK;
    }
    st = before_quote(c, q, open_tok, "before-quote", &found);
    if (st != WS_OK || found)
        return st;
    /* a paragraph ending "... said:" introduces the quote that opens the next one */
    const ws__paragraph *pp = para ? &c->seg->paras[para - 1] : NULL;
    if (pp && open_tok == c->seg->sents[c->seg->paras[para].sent_begin].tok_begin) {
        size_t last = c->seg->sents[pp->sent_end - 1].tok_end - 1;
        if (tok(c, last)->punct == ':')
            st = before_quote(c, q, last, "colon", &found);
    }
    return st;
}

ws_status ws__attribute(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                        ws__quotes *qs, ws_error *err)
{
    attr_ctx c = {t, seg, ents, qs, malloc((seg->ntoks + 1) * sizeof(int32_t))};
    if (!c.tok_quote)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory attributing quotes");
    for (size_t k = 0; k < seg->ntoks; k++)
        c.tok_quote[k] = -1;
    for (size_t i = 0; i < qs->n; i++) {
        /* the marks belong to the quote too: "said the “main obstacle”" */
        size_t b = ws__token_at(seg, qs->q[i].open), e = ws__token_at(seg, qs->q[i].close + 1);
        for (size_t k = b; k < e && k < seg->ntoks; k++)
            c.tok_quote[k] = (int32_t)i;
    }
    ws_status st = WS_OK;
    for (size_t i = 0; i < qs->n && st == WS_OK; i++) {
        st = attribute_one(&c, i);
        classify(&c, &qs->q[i], i ? &qs->q[i - 1] : NULL, ws__token_at(seg, qs->q[i].open));
    }
    /* a quote running over paragraphs may name its speaker only at the end */
    for (size_t i = qs->n; i-- > 1;) {
        ws__quote *q = &qs->q[i - 1];
        const ws__quote *next = &qs->q[i];
        if (q->unclosed && next->continues && q->speaker_e == q->speaker_b && next->speaker_e > next->speaker_b) {
            inherit(&c, q, next, false, "continuation");
            q->kind = WS_QUOTE_DIRECT;
        }
    }
    free(c.tok_quote);
    if (st != WS_OK)
        return ws__fail(err, st, NULL, 0, -1, "%s while attributing quotes", ws_status_str(st));
    return WS_OK;
}
