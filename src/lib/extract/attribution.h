/*
 * attribution.h - what the files of attribution share: speaker.c (who
 * stands in a speaker's place: a name, a pronoun, a role, an unknown
 * name), subject.c (whose verb a speech verb is), attribute.c (the forms
 * news writes attributions in, tried for each quote), colon.c (the forms
 * a colon introduces), kind.c (direct, partial or other) and reported.c
 * (reported speech without quote marks). Not used outside them.
 */
#ifndef WS_ATTRIBUTION_H
#define WS_ATTRIBUTION_H

#include <string.h>

#include "extract.h"

/* A document being attributed. */
typedef struct ws__attr {
    const ws__text *t;
    const ws__segments *seg;
    ws__entities *ents;
    ws__quotes *qs;
    int32_t *tok_quote; /* per token: index of the quote holding it, or -1 */
} ws__attr;

/* What stands in a speaker's place. */
/* How a speaker is written, which says how it was identified. */
typedef enum ws__speaker_form {
    WS__SP_NAME,    /* a named person or organisation */
    WS__SP_UNKNOWN, /* a name no gazetteer knows: becomes a person of the document */
    WS__SP_PRONOUN, /* he, she, they: resolved to an earlier person */
    WS__SP_ROLE     /* "the spokesman", "the ministry": resolved to who holds it */
} ws__speaker_form;

typedef struct ws__speaker {
    uint32_t ent;    /* entity, or WS__NONE */
    uint32_t tb, te; /* tokens as written, title included */
    ws__speaker_form form;
    uint32_t name_b; /* with a role in apposition ("the mayor, Petro Savchuk"): */
    uint32_t role_e; /* where the name starts and the role ends, else 0 */
} ws__speaker;

/* Where the attribution stands relative to the quote. */
typedef enum position {
    WS__POS_AFTER,   /* “…,” Peskov said. */
    WS__POS_BEFORE,  /* Peskov said: “…” / Trump told the newspaper: “…” */
    WS__POS_SUBJECT, /* the subject of a reporting verb earlier in the sentence */
    WS__POS_COLON    /* the previous paragraph ends "... said:" */
} ws__position;

static inline const ws__token *ws__tok(const ws__attr *c, size_t k)
{
    return &c->seg->toks[k];
}

/* Sets up the context: which quote each token is in; false when memory runs out. */
bool ws__attr_init(ws__attr *c, const ws__text *t, const ws__segments *seg, ws__entities *ents,
                   ws__quotes *qs);
/* The word classes of token k (lexicon.c). */
static inline uint32_t ws__tok_classes(const ws__attr *c, size_t k)
{
    return c->seg->toks[k].cls;
}
/* Is token k the word w, in any case? */
bool ws__tok_is(const ws__attr *c, size_t k, const char *w);
/* A word in -ing at token k ("saying", "referring"): a participle's
 * subject is its sentence's, never a name after it. */
static inline bool ws__tok_is_participle(const ws__attr *c, size_t k)
{
    const ws__token *tk = ws__tok(c, k);
    return tk->end - tk->start > 4 && memcmp(c->t->norm + tk->end - 3, "ing", 3) == 0;
}
/* "and" or "but" at token k: the words that join two clauses. */
static inline bool ws__tok_is_coordinator(const ws__attr *c, size_t k)
{
    return ws__tok_is(c, k, "and") || ws__tok_is(c, k, "but");
}
/* A hyphen at token k joining the words on both sides into one ("co-host",
 * "Secretary-Treasurer"). */
static inline bool ws__tok_is_word_hyphen(const ws__attr *c, size_t k)
{
    return k > 0 && k + 1 < c->seg->ntoks && ws__tok(c, k)->punct == '-' &&
           !(ws__tok(c, k)->flags & WS__TOK_SPACE_BEFORE) && !(ws__tok(c, k + 1)->flags & WS__TOK_SPACE_BEFORE) &&
           (ws__tok(c, k - 1)->flags & WS__TOK_WORD) && (ws__tok(c, k + 1)->flags & WS__TOK_WORD);
}
/* A speech verb as used here (not in a name, nor a noun after a determiner). */
bool ws__tok_is_cue(const ws__attr *c, size_t k);
/* 'm' for he, 'f' for she, 'i' for it (an organisation), else 0. */
int ws__pronoun_gender(const ws__attr *c, size_t k);
/* Does a preposition make the name at token k an object ("with Putin")? */
bool ws__in_prepositional_phrase(const ws__attr *c, size_t k, size_t sb);
/* A group or a people at token k, speakers described and not named:
 * "critics", "residents" (group-nouns.txt), "Americans" (a demonym's
 * plural). */
bool ws__people_at(const ws__attr *c, size_t k);
/* The classes of a role noun at token k (WS__W_ROLE, WS__W_ORG_ROLE), or 0. */
uint32_t ws__role_noun_at(const ws__attr *c, size_t k);
/* A one-word speaker no pass knew, at token k beside a speech verb
 * ("“…,” Paradis said", "said Sherman,"): the surname of someone named
 * before ("Sanders said" after "Bernie Sanders"), else a person of the
 * document (an organisation if in capitals, "NATO said"); a one-word town
 * there is taken for a surname. *found false when the word is no name. */
ws_status ws__lone_speaker(ws__attr *c, size_t k, ws__speaker *sp, bool *found);
/* A speaker at token k: a person or organisation mention (with its title),
 * a pronoun, a role, or an unknown name. On success *end is the token after it. */
bool ws__speaker_at(ws__attr *c, size_t k, ws__speaker *sp, size_t *end);
/* Is the speaker found a possessor ("Ryan's comments"), not a subject? */
bool ws__is_possessor(const ws__attr *c, const ws__speaker *sp);
/* Does 's at token te make the name before it a possessor? */
bool ws__possessive(const ws__attr *c, size_t te);
/* "the spokesman", "a senior official": a role phrase at token k, ending
 * before *te. */
bool ws__role_phrase(const ws__attr *c, size_t k, size_t *te);
/* Makes a document person of an unknown name once its place is confirmed. */
ws_status ws__settle(ws__attr *c, ws__speaker *sp);
/* Records sp as q's speaker, found by the cue at token cue in position pos. */
void ws__set_attribution(ws__attr *c, ws__quote *q, const ws__speaker *sp, size_t cue, ws__position pos);
#define INTRO_WORDS 8     /* an introductory phrase before a sentence's subject */
#define APPOSITION_MAX 24 /* tokens of an apposition between a name and its verb */
/* The token after the first comma among the first words tokens of
 * [sb, end), else sb: where the clause after an opening phrase starts. */
size_t ws__after_opening(const ws__attr *c, size_t sb, size_t end, size_t words);
/* Where the verb at token v starts with its auxiliaries ("has said",
 * "would later say", "is publicly praising"): up to three words before it
 * from auxiliaries.txt or adverbs in -ly, one of them at least from the
 * list. The subject stands right before that; v when none is there. */
size_t ws__verb_group_start(const ws__attr *c, size_t v, size_t sb);
/* The subject opening the clause [cs, end): a name followed by a verb, or
 * one word no pass knew followed by one; *found says whether there is one. */
ws_status ws__clause_subject(ws__attr *c, size_t cs, size_t end, ws__speaker *sp, bool *found);
/* The subject of the speech verb at token v; *found says whether there is one. */
ws_status ws__subject_of(ws__attr *c, size_t v, ws__speaker *sp, bool *found);
/* Does a quote hold any token of the sentence? */
bool ws__holds_quote(const ws__attr *c, const ws__sentence *sn);

/* ---- colon.c ---- */

#define LONE_TRUST 0.9          /* a one-word name no pass knew, beside the quote */
#define COLON_SUBJECT_TRUST 0.9 /* the subject of a paragraph ending in a colon, with any verb */
/* "Former secretary of state Ana Ruiz:": the clause [cs, colon) is a
 * person's name after the words of their office; sp is that person. */
bool ws__titled_name(ws__attr *c, size_t cs, size_t colon, ws__speaker *sp);
/* "Ruiz's response was:": the clause [cs, colon) is a person's
 * possessive and a noun for their words; sp is that person. */
bool ws__possessed_words(ws__attr *c, size_t cs, size_t colon, ws__speaker *sp);
/* "Here's Ruiz in 1992:": the clause [cs, colon) brings on a person
 * named; sp is that person. */
bool ws__presented_name(ws__attr *c, size_t cs, size_t colon, ws__speaker *sp);
/* A dash with a space either side at token j: in a roundup it ends an
 * item's heading ("TURNOUT IS UP - Ana Ruiz: “…”"). */
bool ws__heading_dash(const ws__attr *c, size_t j);
/* A person named at token k, before token end, as a sentence's subject. */
bool ws__opening_subject(ws__attr *c, size_t k, size_t end, ws__speaker *sp);
/* The name opening the sentence of token k ("Peskov: …", or a sentence
 * ending the paragraph before in a colon) speaks q. */
ws_status ws__opening_name(ws__attr *c, ws__quote *q, size_t k, bool right_before_colon, bool *found);
/* The first person after the opening phrase of the sentence ending in
 * the colon at token colon, a verb after the name, speaks q. */
void ws__colon_sentence_subject(ws__attr *c, ws__quote *q, size_t colon, bool *found);
/* A quote that is a paragraph of its own, and one after it opening with
 * a dash and a name ("- Ana Ruiz, mayor."): that name speaks q. */
ws_status ws__credit_line(ws__attr *c, ws__quote *q, bool *found);

/* ---- kind.c ---- */

#define WS__SCARE_WORDS 4 /* marks around this many words or fewer, said by nobody, are not speech */
/* The words between a quote's marks. */
size_t ws__quote_words(const ws__attr *c, const ws__quote *q);
/* Is q a paragraph of its own, nothing but marks and punctuation around it? */
bool ws__own_paragraph(const ws__attr *c, const ws__quote *q);
/* Is q a subheading: a few words in single marks, a paragraph of their
 * own, in a text that quotes in double marks? */
bool ws__subheading(const ws__attr *c, const ws__quote *q);
/* Sets q's kind (direct, partial, other) once it is attributed; prev is
 * the quote before it, or NULL. A title in marks loses any speaker. */
void ws__classify_quote(ws__attr *c, ws__quote *q, const ws__quote *prev, size_t open_tok);

#endif /* WS_ATTRIBUTION_H */
