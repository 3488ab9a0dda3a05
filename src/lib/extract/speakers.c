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

#include "extract.h"

#define AFTER_WINDOW 8   /* tokens between a quote and its "X said" */
#define TITLE_WINDOW 6   /* title words between "said" and the name */
#define APPOSITION_MAX 14
#define CONTINUATION_PARAGRAPHS 2 /* a speaker goes on across this many paragraphs */
#define PRONOUN_WINDOW 400 /* tokens back to look for a pronoun's person */

typedef struct attr_ctx {
    const ws__text *t;
    const ws__segments *seg;
    ws__entities *ents;
    ws__quotes *qs;
    int32_t *tok_quote; /* per token: index of the quote holding it, or -1 */
} attr_ctx;

/* What stands in a speaker's place. */
/* How a speaker is written, which says how it was identified. */
typedef enum speaker_form {
    SP_NAME,    /* a named person or organisation */
    SP_UNKNOWN, /* a name no gazetteer knows: becomes a person of the document */
    SP_PRONOUN, /* he, she, they: resolved to an earlier person */
    SP_ROLE     /* "the spokesman", "the ministry": resolved to who holds it */
} speaker_form;

typedef struct speaker {
    uint32_t ent;    /* entity, or WS__NONE */
    uint32_t tb, te; /* tokens as written, title included */
    speaker_form form;
    uint32_t name_b; /* with a role in apposition ("the mayor, Petro Savchuk"): */
    uint32_t role_e; /* where the name starts and the role ends, else 0 */
} speaker;

static const ws__token *tok(const attr_ctx *c, size_t k)
{
    return &c->seg->toks[k];
}

/* The word classes of token k (lexicon.c). */
static uint32_t tok_classes(const attr_ctx *c, size_t k)
{
    const ws__token *tk = tok(c, k);
    return ws__word_classes(&c->ents->gaz->lex, c->t->norm + tk->start, tk->end - tk->start);
}

static bool tok_is(const attr_ctx *c, size_t k, const char *w)
{
    const ws__token *tk = tok(c, k);
    if ((c->t->norm[tk->start] | 0x20) != (w[0] | 0x20))
        return false; /* most tokens differ in their first letter: no strlen */
    size_t n = strlen(w);
    return tk->end - tk->start == n && strncasecmp(c->t->norm + tk->start, w, n) == 0;
}

/* A speech verb as used here: not part of a name ("the New York Post"),
 * capitalised only at a sentence start or in a headline ("Trump Says"), and
 * not a noun after a determiner ("the claims"). */
static bool tok_is_cue(const attr_ctx *c, size_t k)
{
    const ws__token *tk = tok(c, k);
    if (!(tk->flags & WS__TOK_WORD) || c->tok_quote[k] >= 0 || c->ents->tok_ment[k] >= 0 ||
        !(tok_classes(c, k) & WS__W_CUE))
        return false;
    size_t sb = c->seg->sents[tk->sent].tok_begin;
    if (k == sb)
        return true;
    const ws__token *prev = tok(c, k - 1);
    if (prev->punct == '-' && !(tk->flags & WS__TOK_SPACE_BEFORE))
        return false; /* "so-called", "self-described" */
    if ((tk->flags & WS__TOK_CAP) && !(prev->flags & WS__TOK_CAP))
        return false;
    return !(tok_classes(c, k - 1) & WS__W_DETERMINER);
}

/* 'm' for he, 'f' for she, 'i' for it (an organisation), else 0. */
static int pronoun_gender(const attr_ctx *c, size_t k)
{
    if (tok_is(c, k, "he"))
        return 'm';
    if (tok_is(c, k, "she"))
        return 'f';
    if (tok_is(c, k, "it"))
        return 'i';
    return 0;
}

static bool in_prepositional_phrase(const attr_ctx *c, size_t k, size_t sb)
{
    size_t j = k;
    if (j > sb && (tok_is(c, j - 1, "the") || tok_is(c, j - 1, "a")))
        j--;
    if (j == sb)
        return false;
    return (tok_classes(c, j - 1) & WS__W_PREP) != 0;
}

/* Does a clause start at token k? Role phrases are subjects only there:
 * "derided the North Korean leader" has him as its object. */
static bool starts_clause(const attr_ctx *c, size_t k, size_t sb)
{
    return k == sb || tok(c, k - 1)->punct || (tok_classes(c, k - 1) & WS__W_CLAUSE_OPENER);
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
    uint32_t object = WS__NONE; /* the nearest person in a prepositional phrase */
    while (k-- > stop) {
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0)
            continue;
        const ws__ment *m = &c->ents->ments[mi];
        const ws__ent *e = &c->ents->ents[m->ent];
        bool fits = gender == 'i' ? e->type == WS_ORG
                                  : e->type == WS_PERSON && !(e->gender && gender && e->gender[0] != gender);
        if (fits) {
            /* "Witkoff spent five hours with Putin. “…,” he said": the subject */
            size_t sb = c->seg->sents[tok(c, m->tok_begin)->sent].tok_begin;
            if (!in_prepositional_phrase(c, m->title_begin, sb))
                return m->ent;
            if (object == WS__NONE)
                object = m->ent;
        }
        k = m->title_begin < k ? m->title_begin : k;
    }
    return object;
}

/* The role noun at token k, which names a speaker by office ("the
 * spokesman said", "the ministry said"): its classes, WS__W_ROLE for a
 * person's office, WS__W_ORG_ROLE for an organisation's; 0 for none. */
static uint32_t role_noun_at(const attr_ctx *c, size_t k)
{
    if (!(tok(c, k)->flags & WS__TOK_LOWER))
        return 0;
    return tok_classes(c, k) & (WS__W_ROLE | WS__W_ORG_ROLE | WS__W_ANY_ORG);
}

/* "the spokesman", "the defence ministry", "a senior official": a
 * determiner, up to two modifiers, a role noun. */
static bool role_phrase(const attr_ctx *c, size_t k, size_t *te)
{
    if (!(tok_classes(c, k) & WS__W_DETERMINER))
        return false;
    for (size_t j = k + 1; j < c->seg->ntoks && j <= k + 3; j++) {
        if (c->tok_quote[j] >= 0 || c->ents->tok_ment[j] >= 0 || !(tok(c, j)->flags & WS__TOK_WORD))
            return false;
        if (role_noun_at(c, j)) {
            *te = j + 1;
            return true;
        }
    }
    return false;
}

static bool contains_word(const char *hay, size_t n, const char *word, size_t wl)
{
    for (size_t i = 0; i + wl <= n; i++)
        if (strncasecmp(hay + i, word, wl) == 0)
            return true;
    return false;
}

/* Does the text hold every word of tokens [wb, we)? */
static bool holds_words(const attr_ctx *c, const char *hay, size_t n, size_t wb, size_t we)
{
    for (size_t k = wb; k < we; k++) {
        const ws__token *tk = tok(c, k);
        if (tk->end - tk->start >= 64 || /* a word this long is in no role or name */
            !contains_word(hay, n, c->t->norm + tk->start, tk->end - tk->start))
            return false;
    }
    return true;
}

/* The nearest earlier holder of the role: a person whose title or gazetteer
 * role has the noun ("Kremlin spokesman Dmitry Peskov" for "the
 * spokesman"), or an organisation whose name has it ("the ministry"). A
 * "statement" is its organisation's. Indefinite phrases ("a spokesman")
 * name nobody in particular. */
static uint32_t role_holder(const attr_ctx *c, size_t tb, size_t te, size_t wb)
{
    uint32_t rn = role_noun_at(c, te - 1);
    bool org = rn & WS__W_ORG_ROLE, any_org = rn & WS__W_ANY_ORG;
    size_t stop = tb > PRONOUN_WINDOW ? tb - PRONOUN_WINDOW : 0;
    for (size_t k = tb; k-- > stop;) {
        int32_t mi = c->ents->tok_ment[k];
        if (mi < 0 || c->tok_quote[k] >= 0)
            continue;
        const ws__ment *m = &c->ents->ments[mi];
        const ws__ent *e = &c->ents->ents[m->ent];
        if (org) {
            if (e->type == WS_ORG && (any_org || holds_words(c, e->name, strlen(e->name), wb, te)))
                return m->ent;
            continue;
        }
        k = m->title_begin < k ? m->title_begin : k; /* the rest of this mention is seen */
        if (e->type != WS_PERSON)
            continue;
        size_t tl = c->seg->toks[m->tok_begin].start - c->seg->toks[m->title_begin].start;
        if ((tl && holds_words(c, c->t->norm + c->seg->toks[m->title_begin].start, tl, wb, te)) ||
            (e->role && holds_words(c, e->role, strlen(e->role), wb, te)))
            return m->ent;
    }
    return WS__NONE;
}

static uint32_t resolve_role(const attr_ctx *c, size_t tb, size_t te)
{
    if (!tok_is(c, tb, "the") && !tok_is(c, tb, "its") && !tok_is(c, tb, "their"))
        return WS__NONE;
    /* every word of "the defence minister" first, then the noun alone */
    uint32_t holder = role_holder(c, tb, te, tb + 1);
    return holder != WS__NONE ? holder : role_holder(c, tb, te, te - 1);
}

/* Two or three capitalised words not known as anything: a new person. */
static bool unknown_name(const attr_ctx *c, size_t tb, size_t *te)
{
    size_t k = tb;
    while (k < c->seg->ntoks && k < tb + 3 && (tok(c, k)->flags & WS__TOK_CAP) &&
           !(tok(c, k)->flags & WS__TOK_UPPER) && c->ents->tok_ment[k] < 0 && c->tok_quote[k] < 0 &&
           !(tok_classes(c, k) & WS__W_TITLE_WORD) &&
           !tok_is(c, k, "The") && !tok_is_cue(c, k))
        k++;
    if (k - tb < 2)
        return false;
    *te = k;
    return true;
}

/* One capitalised word nobody knows, right before a speech verb. */
static bool lone_name(const attr_ctx *c, size_t k)
{
    const ws__token *tk = tok(c, k);
    char key[64];
    if (k + 1 >= c->seg->ntoks || !(tk->flags & WS__TOK_CAP) || (tk->flags & WS__TOK_UPPER) ||
        c->ents->tok_ment[k] >= 0 || c->tok_quote[k] >= 0 || !tok_is_cue(c, k + 1) ||
        tk->end - tk->start >= sizeof key || (tok_classes(c, k) & WS__W_TITLE_WORD))
        return false;
    size_t n = ws__fold(c->t->norm + tk->start, tk->end - tk->start, key, sizeof key);
    return !ws__gaz_is_common(c->ents->gaz, key, n) && !pronoun_gender(c, k) && !tok_is(c, k, "they");
}

/* A speaker at token k: a person or organisation mention (with its title),
 * a pronoun, or an unknown name. On success *end is the token after it. */
static bool speaker_at(attr_ctx *c, size_t k, speaker *sp, size_t *end)
{
    if (k >= c->seg->ntoks || c->tok_quote[k] >= 0)
        return false;
    int32_t m = mention_starting(c, k);
    if (m < 0 && tok_is(c, k, "the") && k + 1 < c->seg->ntoks) {
        m = mention_starting(c, k + 1); /* "the IAEA said" */
        if (m >= 0 && c->ents->ents[c->ents->ments[m].ent].type != WS_ORG)
            m = -1;
    }
    if (m >= 0) {
        if (!can_speak(c, m))
            return false;
        const ws__ment *mm = &c->ents->ments[m];
        *sp = (speaker){mm->ent, (uint32_t)k, mm->tok_end, SP_NAME, 0, 0};
        *end = mm->tok_end;
        return true;
    }
    int g = pronoun_gender(c, k);
    if (g || tok_is(c, k, "they") || tok_is(c, k, "it")) {
        *sp = (speaker){g ? resolve_pronoun(c, k, g) : WS__NONE, (uint32_t)k, (uint32_t)k + 1, SP_PRONOUN, 0, 0};
        *end = k + 1;
        return true;
    }
    const ws__token *tk = tok(c, k);
    uint32_t known = (tk->flags & WS__TOK_CAP) && c->ents->tok_ment[k] < 0
                         ? ws__local_by_surname(c->ents, c->t->norm + tk->start, tk->end - tk->start)
                         : WS__NONE;
    if (known != WS__NONE) { /* "Kovalenko said", after "Maria Kovalenko" spoke */
        *sp = (speaker){known, (uint32_t)k, (uint32_t)k + 1, SP_NAME, 0, 0};
        *end = k + 1;
        return true;
    }
    size_t te;
    if (role_phrase(c, k, &te)) {
        size_t ne;
        speaker named;
        /* "the Danish prime minister, Mette Frederiksen," names the holder */
        if (te + 1 < c->seg->ntoks && tok(c, te)->punct == ',' && speaker_at(c, te + 1, &named, &ne) &&
            (named.form == SP_NAME || named.form == SP_UNKNOWN)) {
            *sp = (speaker){named.ent, (uint32_t)k, (uint32_t)ne, named.form, named.tb, (uint32_t)te};
            *end = ne < c->seg->ntoks && tok(c, ne)->punct == ',' ? ne + 1 : ne;
            return true;
        }
        *sp = (speaker){resolve_role(c, k, te), (uint32_t)k, (uint32_t)te, SP_ROLE, 0, 0};
        *end = te;
        return true;
    }
    if (unknown_name(c, k, &te)) {
        *sp = (speaker){WS__NONE, (uint32_t)k, (uint32_t)te, SP_UNKNOWN, 0, 0};
        *end = te;
        return true;
    }
    return false;
}

/* Makes a document person of an unknown name once its place is confirmed. */
static ws_status settle(attr_ctx *c, speaker *sp)
{
    if (sp->form != SP_UNKNOWN)
        return WS_OK;
    uint32_t nb = sp->role_e ? sp->name_b : sp->tb;
    ws_status st = ws__entities_add_local(c->ents, c->t, c->seg, nb, sp->te, WS_PERSON, &sp->ent);
    ws__ent *e = sp->ent != WS__NONE ? &c->ents->ents[sp->ent] : NULL;
    if (st == WS_OK && e && e->local && !e->role && sp->role_e) {
        /* the role given in apposition lets "the mayor" find this person later */
        size_t rb = c->seg->toks[sp->tb].start, re = c->seg->toks[sp->role_e - 1].end;
        if (!(e->role = ws__strndup(c->t->norm + rb, re - rb)))
            return WS_ERR_NOMEM;
    }
    return st;
}

/* Where the attribution stands relative to the quote. */
typedef enum position {
    POS_AFTER,   /* “…,” Peskov said. */
    POS_BEFORE,  /* Peskov said: “…” / Trump told the newspaper: “…” */
    POS_SUBJECT, /* the subject of a reporting verb earlier in the sentence */
    POS_COLON    /* the previous paragraph ends "... said:" */
} position;

/* The method reported for an attribution, and how much it is trusted
 * (measured on tests/attribution/cases.tsv and the shared gold). */
static void set_attribution(attr_ctx *c, ws__quote *q, const speaker *sp, size_t cue, position pos)
{
    static const double position_confidence[] = {
        [POS_AFTER] = 0.95, [POS_BEFORE] = 0.92, [POS_SUBJECT] = 0.75, [POS_COLON] = 0.85,
    };
    static const ws_quote_method position_method[] = {
        [POS_AFTER] = WS_METHOD_EXPLICIT, [POS_BEFORE] = WS_METHOD_EXPLICIT, [POS_SUBJECT] = WS_METHOD_SUBJECT,
        [POS_COLON] = WS_METHOD_COLON,
    };
    const ws__segments *seg = c->seg;
    q->speaker = sp->ent;
    q->speaker_b = seg->toks[sp->tb].start;
    q->speaker_e = seg->toks[sp->te - 1].end;
    q->cue_b = seg->toks[cue].start;
    q->cue_e = seg->toks[cue].end;
    if (tok_is(c, cue, "according") && cue + 1 < seg->ntoks && tok_is(c, cue + 1, "to"))
        q->cue_e = seg->toks[cue + 1].end;
    q->method = position_method[pos];
    q->confidence = position_confidence[pos];
    q->attributed_after = pos == POS_AFTER;
    if (sp->form == SP_PRONOUN) {
        q->method = WS_METHOD_PRONOUN;
        q->confidence *= 0.85;
    } else if (sp->form == SP_ROLE) {
        q->method = WS_METHOD_ROLE;
        q->confidence *= 0.8;
    }
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
    while (k < c->seg->ntoks && (tok(c, k)->punct == '"' || tok(c, k)->punct == '\'') &&
           !(tok(c, k)->flags & WS__TOK_SPACE_BEFORE))
        k++; /* a doubled closing mark: “…,”” Syrskyi said */
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
        /* an adverb or an auxiliary may stand between: "Peskov later said",
         * "he also told", "Araghchi was quoted as saying" */
        size_t v = e;
        while (v < c->seg->ntoks && v < e + 3 && !tok_is_cue(c, v) && (tok(c, v)->flags & WS__TOK_LOWER))
            v++;
        if (v < c->seg->ntoks && tok_is(c, v, "quoted") && v + 2 < c->seg->ntoks && tok_is(c, v + 1, "as"))
            v += 2;
        if (v < c->seg->ntoks && tok_is_cue(c, v) && !tok_is(c, v, "according")) {
            ws_status st = settle(c, &sp);
            set_attribution(c, q, &sp, v, POS_AFTER);
            *found = true;
            return st;
        }
        return WS_OK;
    }
    if (lone_name(c, k)) {
        /* “…,” Metinvest said: a single unknown name, never introduced as a
         * person, is most often a company or an agency */
        sp = (speaker){WS__NONE, (uint32_t)k, (uint32_t)k + 1, SP_NAME, 0, 0};
        ws_status st = ws__entities_add_local(c->ents, c->t, c->seg, (uint32_t)k, (uint32_t)k + 1, WS_ORG, &sp.ent);
        if (st == WS_OK && sp.ent != WS__NONE) {
            set_attribution(c, q, &sp, k + 1, POS_AFTER);
            q->confidence *= 0.8;
            *found = true;
        }
        return st;
    }
    if (tok_is(c, k, "according") && k + 2 < c->seg->ntoks && tok_is(c, k + 1, "to") &&
        speaker_at(c, k + 2, &sp, &e)) {
        ws_status st = settle(c, &sp); /* “…,” according to Syrskyi */
        set_attribution(c, q, &sp, k, POS_AFTER);
        *found = true;
        return st;
    }
    if (tok_is_cue(c, k) && !tok_is(c, k, "according")) {
        /* "said regional Gov. Oleh Syniehubov": titles may stand between */
        for (size_t j = k + 1; j < c->seg->ntoks && j <= k + AFTER_WINDOW; j++) {
            if (speaker_at(c, j, &sp, &e)) {
                ws_status st = settle(c, &sp);
                set_attribution(c, q, &sp, k, POS_AFTER);
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
    size_t e0;
    if (v + 2 < c->seg->ntoks && tok_is(c, v + 1, "by") && speaker_at(c, v + 2, sp, &e0) &&
        sp->form != SP_PRONOUN) {
        *found = true; /* the passive: "was described by Sybiha as" */
        return settle(c, sp);
    }
    size_t k = v;
    /* an unknown name counts only right before the verb (or its apposition):
     * elsewhere capitals are too often adjectives ("the North Korean leader") */
    if (k > sb && tok(c, k - 1)->punct == ',') {
        size_t j = k - 1;
        while (j > sb && j + APPOSITION_MAX > k && tok(c, j - 1)->punct != ',')
            j--;
        size_t e;
        /* "its president, Christine Lagarde, said": the name is the subject,
         * and the role before it is hers */
        if (speaker_at(c, j, sp, &e) && e == k - 1 && (sp->form == SP_NAME || sp->form == SP_UNKNOWN)) {
            if (j >= sb + 2 && role_noun_at(c, j - 2)) {
                size_t rb = j - 2;
                while (rb > sb && j - rb < 6 && !tok(c, rb - 1)->punct)
                    rb--;
                sp->name_b = sp->tb;
                sp->tb = (uint32_t)rb;
                sp->role_e = (uint32_t)(j - 1);
            }
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
        else if (role_noun_at(c, k)) {
            /* a role phrase ends here: its determiner starts it */
            size_t b = k;
            while (b > sb && k - b < 3 && !role_phrase(c, b, &(size_t){0}))
                b--;
            start = b;
        } else if (!pronoun_gender(c, k) && !tok_is(c, k, "they")) {
            /* an unknown name ends here: find where it starts */
            size_t b = k;
            while (b > sb && (tok(c, b - 1)->flags & WS__TOK_CAP) && c->ents->tok_ment[b - 1] < 0 && k - b < 2)
                b--;
            start = b;
        }
        size_t e;
        if (speaker_at(c, start, sp, &e) && e > k && !in_prepositional_phrase(c, start, sb) &&
            (sp->form != SP_UNKNOWN || e == name_end) && (sp->form != SP_ROLE || starts_clause(c, start, sb))) {
            *found = true;
            return settle(c, sp);
        }
        if (m >= 0)
            k = c->ents->ments[m].title_begin < k ? c->ents->ments[m].title_begin : k;
    }
    return WS_OK;
}

/* Trump told the paper: “…” / Kim said the “…”. The speaker is the subject
 * of the nearest speech verb before the quote in its sentence (from is the
 * quote's opening mark, or the colon ending the paragraph before it). */
static ws_status before_quote(attr_ctx *c, ws__quote *q, size_t from, bool colon, bool *found)
{
    size_t sb = c->seg->sents[tok(c, from)->sent].tok_begin;
    for (size_t v = from; v-- > sb;) {
        if (!tok_is_cue(c, v))
            continue;
        speaker sp;
        ws_status st = subject_of(c, v, &sp, found);
        if (st != WS_OK)
            return st;
        if (!*found) {
            /* "a person briefed on the talks said the draft was “…”": said, by nobody named */
            q->cue_b = c->seg->toks[v].start;
            q->cue_e = c->seg->toks[v].end;
            return WS_OK;
        }
        /* "said:", "told the newspaper:" right before the quote introduce it */
        char intro = from > 0 ? tok(c, from - 1)->punct : 0;
        bool adjacent = intro == ':' || (intro == ',' && from - v <= 5);
        set_attribution(c, q, &sp, v, colon ? POS_COLON : adjacent ? POS_BEFORE : POS_SUBJECT);
        return WS_OK;
    }
    return WS_OK;
}

/* The name that opens the sentence holding token k: "Peskov: Kremlin ‘Open
 * to Dialogue’" (right_before_colon: the name stands right before a colon),
 * or "The Kremlin released a statement after the call:" before the quote's
 * paragraph. Nothing is said, so there is no cue. */
static void opening_name(attr_ctx *c, ws__quote *q, size_t k, bool right_before_colon, bool *found)
{
    size_t sb = c->seg->sents[tok(c, k)->sent].tok_begin;
    speaker sp;
    size_t e;
    if (!speaker_at(c, sb, &sp, &e) || sp.form != SP_NAME || sp.ent == WS__NONE)
        return;
    if (right_before_colon && (e >= c->seg->ntoks || tok(c, e)->punct != ':'))
        return;
    set_attribution(c, q, &sp, sb, POS_COLON);
    q->cue_b = q->cue_e = 0;
    *found = true;
}

static bool holds_quote(const attr_ctx *c, const ws__sentence *sn)
{
    for (size_t k = sn->tok_begin; k < sn->tok_end; k++)
        if (c->tok_quote[k] >= 0)
            return true;
    return false;
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

static void inherit(attr_ctx *c, ws__quote *q, const ws__quote *prev, bool keep_cue, ws_quote_method method)
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
    /* "Rutte said:", "Rutte told delegates, “We must…”": introduced as a sentence */
    bool introduced = false;
    if (open_tok > sb && (tok(c, open_tok - 1)->punct == ':' || tok(c, open_tok - 1)->punct == ',')) {
        for (size_t k = open_tok - 1; k-- > sb && k + 5 >= open_tok && !introduced;)
            introduced = tok_is_cue(c, k);
        introduced = (introduced && (first->flags & WS__TOK_CAP)) || tok(c, open_tok - 1)->punct == ':';
    }
    size_t words = 0;
    for (size_t k = q->tok_begin; k < q->tok_end; k++)
        words += (tok(c, k)->flags & WS__TOK_WORD) != 0;
    bool second_half = prev && q->method == WS_METHOD_SPLIT &&
                       prev->kind == WS_QUOTE_DIRECT && (first->flags & WS__TOK_LOWER);
    if (sentence_start || introduced || q->continues || second_half ||
        ((first->flags & WS__TOK_CAP) && words >= 4 && q->attributed_after))
        q->kind = WS_QUOTE_DIRECT;
    else
        q->kind = WS_QUOTE_PARTIAL;
    /* marks around a few words that nobody is said to say: scare quotes, titles */
    if (q->speaker == WS__NONE && q->speaker_e == q->speaker_b && q->cue_e == q->cue_b && words <= 4 &&
        !sentence_start)
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
        inherit(c, q, prev, true, WS_METHOD_SPLIT);
        return WS_OK;
    }
    /* “…,” Trump said. “…”: the same speaker goes on */
    if (prev_attributed && (sentence_start || q->continues) && prev_para + CONTINUATION_PARAGRAPHS >= para &&
        !other_person_between(c, prev_close, open_tok, prev->speaker, ws__token_at(c->seg, prev->speaker_b),
                              ws__token_at(c->seg, prev->speaker_e))) {
        inherit(c, q, prev, false, WS_METHOD_CONTINUATION);
        return WS_OK;
    }
    st = before_quote(c, q, open_tok, false, &found);
    if (st != WS_OK || found || q->cue_e > q->cue_b)
        return st;
    opening_name(c, q, open_tok, true, &found);
    if (found)
        return WS_OK;
    /* a paragraph ending "... said:" introduces the quote that opens the next one */
    const ws__paragraph *pp = para ? &c->seg->paras[para - 1] : NULL;
    if (pp && open_tok == c->seg->sents[c->seg->paras[para].sent_begin].tok_begin) {
        size_t last = c->seg->sents[pp->sent_end - 1].tok_end - 1;
        if (tok(c, last)->punct == ':') {
            st = before_quote(c, q, last, true, &found);
            if (st == WS_OK && !found)
                opening_name(c, q, last, false, &found);
            if (found)
                return st;
        }
    }
    /* “…” after "Rutte said the alliance would hold firm.": the speaker of
     * the sentence before goes on */
    if (sentence_start && sent > 0 && c->seg->sents[sent - 1].para + 1 >= para) {
        const ws__sentence *ps = &c->seg->sents[sent - 1];
        if (!holds_quote(c, ps)) {
            ws__quote probe = *q;
            st = before_quote(c, &probe, ps->tok_end - 1, false, &found);
            if (st == WS_OK && found && probe.speaker != WS__NONE) {
                inherit(c, q, &probe, false, WS_METHOD_CONTINUATION);
                q->confidence = 0.7;
            }
        }
    }
    return st;
}

/* Sets up the context: which quote each token is in. */
static bool ctx_init(attr_ctx *c, const ws__text *t, const ws__segments *seg, ws__entities *ents,
                     ws__quotes *qs)
{
    *c = (attr_ctx){t, seg, ents, qs, malloc((seg->ntoks + 1) * sizeof(int32_t))};
    if (!c->tok_quote)
        return false;
    for (size_t k = 0; k < seg->ntoks; k++)
        c->tok_quote[k] = -1;
    for (size_t i = 0; i < qs->n; i++) {
        /* the marks belong to the quote too: "said the “main obstacle”" */
        size_t b = ws__token_at(seg, qs->q[i].open), e = ws__token_at(seg, qs->q[i].close + 1);
        for (size_t k = b; k < e && k < seg->ntoks; k++)
            c->tok_quote[k] = (int32_t)i;
    }
    return true;
}

ws_status ws__attribute(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                        ws__quotes *qs, ws_error *err)
{
    attr_ctx c;
    if (!ctx_init(&c, t, seg, ents, qs))
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory attributing quotes");
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
            inherit(&c, q, next, false, WS_METHOD_CONTINUATION);
            q->kind = WS_QUOTE_DIRECT;
        }
    }
    free(c.tok_quote);
    if (st != WS_OK)
        return ws__fail(err, st, NULL, 0, -1, "%s while attributing quotes", ws_status_str(st));
    return WS_OK;
}

/* ---- reported speech ---- */

/* Adds a reported-speech span [tb, te) of tokens with its attribution. */
static ws_status add_reported(attr_ctx *c, size_t tb, size_t te, const speaker *sp, size_t cue, position pos)
{
    while (te > tb && c->seg->toks[te - 1].punct && c->seg->toks[te - 1].punct != ')')
        te--; /* the closing period */
    size_t words = 0;
    for (size_t k = tb; k < te; k++)
        words += (tok(c, k)->flags & WS__TOK_WORD) != 0;
    if (words < 3)
        return WS_OK;
    ws__quotes *qs = c->qs;
    if (!ws__grow(&qs->q, &qs->cap, qs->n + 1, sizeof *qs->q))
        return WS_ERR_NOMEM;
    ws__quote *q = &qs->q[qs->n++];
    memset(q, 0, sizeof *q);
    q->start = q->open = tok(c, tb)->start;
    q->end = q->close = tok(c, te - 1)->end;
    q->tok_begin = (uint32_t)tb;
    q->tok_end = (uint32_t)te;
    q->kind = WS_QUOTE_INDIRECT;
    set_attribution(c, q, sp, cue, pos);
    q->confidence *= 0.9; /* the bounds of reported speech are softer than quote marks */
    return WS_OK;
}

/* One sentence without quote marks: "According to X, ...", "..., said X.",
 * "..., X said.", or "X said (that) ...". */
static ws_status reported_in(attr_ctx *c, const ws__sentence *sn)
{
    size_t sb = sn->tok_begin, se = sn->tok_end, e;
    speaker sp;
    bool found = false;
    if (se - sb > 4 && tok_is(c, sb, "according") && tok_is(c, sb + 1, "to") && speaker_at(c, sb + 2, &sp, &e) &&
        e < se && tok(c, e)->punct == ',') {
        ws_status st = settle(c, &sp);
        return st != WS_OK ? st : add_reported(c, e + 1, se, &sp, sb, POS_BEFORE);
    }
    /* the attribution closes the sentence after a comma */
    size_t end = se;
    while (end > sb && tok(c, end - 1)->punct)
        end--;
    for (size_t k = end; k-- > sb + 3 && k + 8 > end;) {
        if (tok(c, k)->punct != ',')
            continue;
        if (tok_is_cue(c, k + 1) && speaker_at(c, k + 2, &sp, &e) && e == end) {
            ws_status st = settle(c, &sp);
            return st != WS_OK ? st : add_reported(c, sb, k, &sp, k + 1, POS_AFTER);
        }
        if (speaker_at(c, k + 1, &sp, &e) && e + 1 == end && tok_is_cue(c, e)) {
            ws_status st = settle(c, &sp);
            return st != WS_OK ? st : add_reported(c, sb, k, &sp, e, POS_AFTER);
        }
        break;
    }
    for (size_t v = sb + 1; v < end; v++) {
        if (!tok_is_cue(c, v) || tok_is(c, v, "according"))
            continue;
        ws_status st = subject_of(c, v, &sp, &found);
        if (st != WS_OK || !found)
            return st;
        /* "told reporters that ...": the clause after "that" */
        size_t from = v + 1;
        for (size_t k = v + 1; k < end && k <= v + 5; k++)
            if (tok_is(c, k, "that")) {
                from = k + 1;
                break;
            }
        return add_reported(c, from, end, &sp, v, POS_SUBJECT);
    }
    return WS_OK;
}

ws_status ws__find_reported(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                            ws__quotes *qs, ws_error *err)
{
    attr_ctx c;
    if (!ctx_init(&c, t, seg, ents, qs))
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory finding reported speech");
    ws_status st = WS_OK;
    for (size_t i = 0; i < seg->nsents && st == WS_OK; i++)
        if (!holds_quote(&c, &seg->sents[i]))
            st = reported_in(&c, &seg->sents[i]);
    free(c.tok_quote);
    if (st != WS_OK)
        return ws__fail(err, st, NULL, 0, -1, "%s while finding reported speech", ws_status_str(st));
    ws__sort_quotes(qs);
    return WS_OK;
}
