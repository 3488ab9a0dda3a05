/*
 * extract.h - what the extraction stages share. Not installed.
 *
 * Data flows one way, and each module uses only those listed before it:
 *   lexicon     the word lists (data/lexicon/en)
 *   text        the normalised view of the document
 *   segment     paragraphs, sentences, tokens
 *   gazetteer   names (and gazcache, its binary form)
 *   mentions    the document's table of entities and mentions
 *   match, discover, link   the three passes that fill it
 *   quotes      quoted spans
 *   speaker, attribute, reported   who said each (attribution.h)
 *   pipeline    the extractor: the stages in order, and the result
 * Every stage works on the normalised view; spans are mapped back to the
 * original bytes only when the result is built. scripts/checksrc checks
 * the order from the object files.
 */
#ifndef WS_EXTRACT_H
#define WS_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* ---- lexicon.c: the word lists of data/lexicon/en -------------------- */

/* The classes of a word as written (bits). */
enum {
    WS__W_CUE = 1u << 0,            /* a speech verb: said, told */
    WS__W_TITLE_START = 1u << 1,    /* first word of a title or honorific: "President", "Vice", "Gov" */
    WS__W_TITLE_WORD = 1u << 2,     /* any word of one: "Minister", "Foreign", "Mr" */
    WS__W_HONORIFIC = 1u << 3,      /* may stand before a surname alone: Mr, Ms, Sir */
    WS__W_MALE = 1u << 4,           /* an honorific's gender */
    WS__W_FEMALE = 1u << 5,
    WS__W_ROLE = 1u << 6,           /* names a person by office: "spokesman" */
    WS__W_ORG_ROLE = 1u << 7,       /* names an organisation as a speaker: "ministry" */
    WS__W_ORG_HEAD = 1u << 8,       /* ends an organisation's name: "Agency" */
    WS__W_PLACE_NOUN = 1u << 9,     /* "the town of ..." */
    WS__W_TITLE_MODIFIER = 1u << 10, /* "former", "regional", "Kremlin" before a title */
    WS__W_NAME_STOP = 1u << 11,     /* never part of a name: weekdays, months, "The" */
    WS__W_PLACE_PREP = 1u << 12,    /* a preposition before a place */
    WS__W_PREP = 1u << 13,          /* makes a name an object: "with", "to" */
    WS__W_DETERMINER = 1u << 14,
    WS__W_CLAUSE_OPENER = 1u << 15,
    WS__W_ABBREVIATION = 1u << 16,  /* a period after it need not end a sentence */
    WS__W_ANY_ORG = 1u << 17,       /* as a speaker, whichever organisation: "the company" */
    WS__W_NAME_PARTICLE = 1u << 18, /* inside a person's name: "de", "van", "bin" */
    WS__W_NAME_SUFFIX = 1u << 19,   /* ends a person's name: "Jr", "III" */
    WS__W_GROUP = 1u << 20,         /* describes speakers without naming them: "officials" */
    WS__W_SPORT = 1u << 21,         /* a word of sports reports: "league", "innings" */
    WS__W_RESULT = 1u << 22,        /* stands between two teams: "beat", "v" */
    WS__W_PARTICLE = 1u << 23,      /* ends a phrasal verb: "shot back", "chimed in" */
    WS__W_AUXILIARY = 1u << 24,     /* between a subject and its verb: "has said" */
    WS__W_COMPANY = 1u << 25,       /* ends a company's name ("Inc"), or as a speaker stands for one ("the company") */
    WS__W_SPEECH_NOUN = 1u << 26,   /* what someone said: "response", "statement" */
    WS__W_PLACE_HEAD = 1u << 27,    /* ends a place's name: "County", "Stadium" */
    WS__W_LEGAL_FORM = 1u << 28     /* a company's legal form: "Inc", "Ltd" */
};

/* The lists the name patterns are built from, in the order loaded. */
enum {
    WS__L_HONORIFIC_DOTTED, /* Mr, Mrs: written with a period */
    WS__L_HONORIFIC,        /* Sir, Dame */
    WS__L_TITLE_ABBR,       /* Gov, Sen: written with a period */
    WS__L_TITLE,            /* President, president, Vice President */
    WS__L_ROLE,             /* mayor, spokesman (lowercase) */
    WS__L_PLACE_NOUN,       /* town, village */
    WS__L_ORG_HEAD_OF,      /* Ministry, Agency: may take "of ..." */
    WS__L_ORG_HEAD,         /* Corps, Brigade */
    WS__NLISTS
};

#define WS__LEX_WORD_MAX 63 /* bytes of one entry */

typedef struct ws__wordlist {
    char **items;
    size_t n, cap;
} ws__wordlist;

/* The word-class table: a word as written -> its classes. The tokeniser
 * asks it for nearly every token, so a word is hashed and compared as its
 * first 16 bytes, zero-padded, read as two integers rather than a byte at a
 * time (a ws__wordset hashes with FNV-1a, which the caches store; this table
 * is built with the lexicon and never cached). A word is looked for in its
 * home slot alone, without a branch on what is found there, unless the slot
 * says that a word of that home was pushed on to a later one. */
#define WS__WORD_HEAD 16
typedef struct ws__classslot {
    uint64_t head[2]; /* the first WS__WORD_HEAD bytes, zero-padded */
    uint32_t len;     /* 0 for an empty slot */
    uint32_t cls;
    uint32_t word;    /* offset of the whole word in the pool */
    uint32_t probe;   /* WS__PROBE_*: when a lookup must go on past this slot */
} ws__classslot;

/* A slot's probe bits, by whether the word looked up is the slot's (as far
 * as its head and length tell): bit 0 when it is not, as a word whose home
 * is this slot is in a later one; bit 1 when it is, as the slot's word is
 * longer than its head. */
#define WS__PROBE_SPILL 1u
#define WS__PROBE_LONG 2u

typedef struct ws__classtable {
    ws__classslot *slots;
    size_t nslots; /* a power of two, kept at least four times count; or 0 */
    size_t count;
    unsigned shift; /* 64 - log2(nslots): a hash's top bits pick the slot */
    char *pool;
    size_t pool_len, pool_cap;
} ws__classtable;

typedef struct ws__lexicon {
    ws__classtable words; /* a word as written -> its classes */
    ws__wordset given; /* a given name as written ("Maria") -> WS__GIVEN_* bits */
    ws__wordlist lists[WS__NLISTS];
    struct ws__lexentry *entries; /* as loaded, in order */
    size_t nentries, entries_cap;
    ws__wordset entry_index; /* a file's number byte and an entry's text -> its index + 1 */
    unsigned loaded; /* folders loaded */
} ws__lexicon;

/* What the given-name table (given-names.tsv) says of a name, packed in
 * the value ws__given_name returns: 0 for a name it does not list. */
#define WS__GIVEN_MALE 1u
#define WS__GIVEN_FEMALE 2u
#define WS__GIVEN_AMBIGUOUS 4u /* also a common word or a place: needs more than a capital */
#define WS__GIVEN_LISTED 8u
#define WS__GIVEN_FREQUENCY(v) ((v) >> 4) /* US births 1940-2024 */

/* Loads the known lists of a folder (others fail the load); entries add
 * to those loaded before, "!entry" takes one out. */
ws_status ws__lexicon_load_dir(ws__lexicon *lx, const char *dir, ws_error *err);
/* Makes the table and the lists from what was loaded. */
ws_status ws__lexicon_build(ws__lexicon *lx, ws_error *err);
void ws__lexicon_free(ws__lexicon *lx);
/* Entries in force of a list file ("titles.txt"). */
size_t ws__lexicon_list_count(const ws__lexicon *lx, const char *name);
/* The name of list file i, or NULL past the last. */
const char *ws__lexicon_file_name(size_t i);

/* The given-name bits of a word as written, or 0; an all-caps word
 * ("MARIA") is looked up as capitalised. */
uint32_t ws__given_name(const ws__lexicon *lx, const char *s, size_t n);

/* ws__word_head_keep + WS__WORD_HEAD - k: 0xFF for the first k bytes, then zeros */
extern const unsigned char ws__word_head_keep[2 * WS__WORD_HEAD];

/* The first WS__WORD_HEAD bytes of the word s[0..n) into head, zero-padded;
 * avail >= n bytes may be read at s, and with 16 of them the word is read
 * whole and masked instead of copied a byte at a time. */
static inline void ws__word_head(const char *s, size_t n, size_t avail, uint64_t head[2])
{
    size_t k = n < WS__WORD_HEAD ? n : WS__WORD_HEAD;
    if (avail >= WS__WORD_HEAD) {
        uint64_t mask[2];
        memcpy(head, s, WS__WORD_HEAD);
        memcpy(mask, ws__word_head_keep + WS__WORD_HEAD - k, WS__WORD_HEAD);
        head[0] &= mask[0];
        head[1] &= mask[1];
    } else {
        unsigned char buf[WS__WORD_HEAD] = {0};
        memcpy(buf, s, k);
        memcpy(head, buf, WS__WORD_HEAD);
    }
}

/* Multiplicative hashing: the top bits depend on every byte of the head. */
static inline uint64_t ws__word_head_hash(const uint64_t head[2])
{
    return (head[0] ^ head[1] * 0x9E3779B97F4A7C15u) * 0xC2B2AE3D27D4EB4Fu;
}

/* The classes of the word s[0..n) past its home slot, or of a word longer
 * than its head: the probe ws__word_classes_of_head leaves to it. */
uint32_t ws__word_classes_probe(const ws__classtable *t, const uint64_t head[2], const char *s, size_t n);

/* The classes of the word s[0..n) whose head (ws__word_head) is given, 0
 * for none. Inline: the tokeniser asks it per word, and most words are in
 * no list, or in their home slot. */
static inline uint32_t ws__word_classes_of_head(const ws__lexicon *lx, const uint64_t head[2], const char *s,
                                                size_t n)
{
    const ws__classtable *t = &lx->words;
    if (!t->nslots)
        return 0;
    const ws__classslot *sl = &t->slots[ws__word_head_hash(head) >> t->shift];
    bool same = (sl->head[0] == head[0]) & (sl->head[1] == head[1]) & (sl->len == n);
    if (__builtin_expect((sl->probe >> same) & 1, 0))
        return ws__word_classes_probe(t, head, s, n);
    return sl->cls & (0u - (uint32_t)same); /* not ?: which compiles to a branch */
}

/* The classes of the word s[0..n) (0 for none), where avail >= n bytes may
 * be read at s. */
static inline uint32_t ws__word_classes_at(const ws__lexicon *lx, const char *s, size_t n, size_t avail)
{
    uint64_t head[2];
    ws__word_head(s, n, avail, head);
    return ws__word_classes_of_head(lx, head, s, n);
}

/* The classes of a word as written (0 for none). */
uint32_t ws__word_classes(const ws__lexicon *lx, const char *s, size_t n);
static inline bool ws__word_is(const ws__lexicon *lx, const char *s, size_t n, uint32_t cls)
{
    return (ws__word_classes(lx, s, n) & cls) != 0;
}

/* ---- text.c: validation and the normalised view ------------------------ */

typedef struct ws__mark {
    size_t pos;    /* position in the normalised view */
    char ch;       /* '"' for double marks, '\'' for single marks */
    ws__mark_dir dir;
} ws__mark;

typedef struct ws__text {
    char *norm;         /* normalised view, NUL-terminated */
    size_t len;
    size_t orig_len;
    /* Sparse map back to the original: at normalised position shift_at[i]
     * and after, original = normalised + shift[i]. */
    size_t *shift_at;
    ptrdiff_t *shift;
    size_t nshift, shift_cap;
    ws__mark *marks;    /* every quote mark, in order */
    size_t nmarks, marks_cap;
    long long *invalid; /* original offsets of invalid UTF-8 sequences */
    size_t ninvalid, invalid_cap;
} ws__text;

/* Builds the normalised view: invalid UTF-8 becomes U+FFFD; curly and
 * straight quote marks, apostrophes, dashes and exotic spaces become ASCII. */
ws_status ws__text_init(ws__text *t, const char *src, size_t len, ws_error *err);
void ws__text_free(ws__text *t);
size_t ws__text_to_orig(const ws__text *t, size_t npos);

/* ---- segment.c: paragraphs, sentences, tokens -------------------------- */

enum {
    WS__TOK_WORD = 1 << 0,  /* letters/digits */
    WS__TOK_CAP = 1 << 1,   /* first character an uppercase letter */
    WS__TOK_UPPER = 1 << 2, /* every letter uppercase, at least two letters */
    WS__TOK_LOWER = 1 << 3, /* first character a lowercase letter */
    WS__TOK_DIGIT = 1 << 4, /* starts with a digit */
    WS__TOK_SPACE_BEFORE = 1 << 5,
    WS__TOK_PLAIN = 1 << 6  /* an ASCII letter and small ASCII letters alone, as most words are */
};

typedef struct ws__token {
    uint32_t start, end; /* normalised view */
    uint32_t sent;       /* sentence index */
    uint32_t cls;        /* a word's classes in the lexicon (WS__W_*), looked up once by ws__segment */
    uint16_t flags;
    char punct;          /* the character for one-character punctuation, else 0 */
} ws__token;

typedef struct ws__sentence {
    uint32_t start, end;
    uint32_t tok_begin, tok_end;
    uint32_t para;
} ws__sentence;

typedef struct ws__paragraph {
    uint32_t start, end;
    uint32_t sent_begin, sent_end;
} ws__paragraph;

typedef struct ws__segments {
    ws__token *toks;
    size_t ntoks, toks_cap;
    ws__sentence *sents;
    size_t nsents, sents_cap;
    ws__paragraph *paras;
    size_t nparas, paras_cap;
    uint32_t *block_tok; /* per WS__BLOCK bytes of text: the first token starting at or after the block */
} ws__segments;

#define WS__BLOCK_BITS 4

ws_status ws__segment(const ws__lexicon *lx, const ws__text *t, ws__segments *seg, ws_error *err);
void ws__segments_free(ws__segments *seg);
/* Tokenizes a string on its own (a gazetteer alias), s[len] a NUL;
 * WS_ERR_LIMIT past cap tokens. */
ws_status ws__tokenize(const char *s, size_t len, ws__token *toks, size_t cap, size_t *n);
/* Index of the first token starting at or after pos. */
size_t ws__token_at(const ws__segments *seg, size_t pos);

/* Lowercases ASCII letters of a token into buf (NUL-terminated); returns its length. */
size_t ws__fold(const char *s, size_t n, char *buf, size_t cap);

/* A quote mark, straight or curly (the text view writes both as ASCII). */
static inline bool ws__tok_is_mark(const ws__token *tk)
{
    return tk->punct == '"' || tk->punct == '\'';
}

/* A possessive 's, one token of its own (segment.c), in the text s? */
static inline bool ws__tok_is_possessive(const char *s, const ws__token *tk)
{
    return tk->end - tk->start == 2 && s[tk->start] == '\'' && (s[tk->start + 1] | 0x20) == 's';
}

/* A word as a title of a work writes it: capitalised, or an article or a
 * preposition ("The Dana Okafor Show", “Meet the Press”). */
static inline bool ws__tok_is_title_word(const ws__token *tk)
{
    return (tk->flags & WS__TOK_WORD) &&
           ((tk->flags & WS__TOK_CAP) || (tk->cls & (WS__W_DETERMINER | WS__W_PREP | WS__W_PLACE_PREP)));
}

/* ---- gazetteer.c ------------------------------------------------------- */

/* What the gazetteer says an entity is (its subtype=), as far as the
 * rules ask. */
typedef enum ws__gaz_subtype {
    WS__SUBTYPE_OTHER,
    WS__SUBTYPE_STATE, /* a state or province: in sports news also a team's name */
    WS__SUBTYPE_COUNTRY,
    WS__SUBTYPE_CONTINENT,
    WS__SUBTYPE_REGION, /* a world region: the Middle East */
    WS__SUBTYPE_NEWS,   /* a news outlet */
    WS__SUBTYPE_COMPANY
} ws__gaz_subtype;

/* An entity as loaded, and as the cache stores it (gazcache.c reads the
 * array as it is: fixed-width fields, no padding). */
typedef struct ws__gaz_entity {
    uint32_t id, name;     /* strings in the pool (ws__gaz_str) */
    uint32_t gender, role; /* the same, or WS__NONE when not given */
    uint32_t region;       /* the same: the id of the region a place is in (region=) */
    uint32_t file_gen;     /* which load it came from, to tell overrides from duplicates */
    uint32_t line;
    uint8_t type;          /* a ws_entity_type */
    bool replaced;         /* a later file gave the same id: this one is no longer matched */
    uint16_t subtype;      /* a ws__gaz_subtype */
    uint64_t population;   /* places: breaks ties between namesakes; 0 when unknown */
} ws__gaz_entity;

/* A country, state, continent or world region. */
static inline bool ws__gaz_major_place(const ws__gaz_entity *ge)
{
    return ge->subtype >= WS__SUBTYPE_STATE && ge->subtype <= WS__SUBTYPE_REGION;
}

/* One way of writing an entity's name. Aliases with the same folded key
 * ("new york post") are chained in load order. */
typedef struct ws__alias {
    uint32_t entity;
    uint32_t surface; /* offset in the pool: the alias as written, normalised */
    uint32_t next;    /* next alias with the same key, or WS__NONE */
    uint8_t ntoks;
    bool canonical;   /* the entity's own name, not a variant or a short form */
    /* What the matcher asks of most aliases, kept here so that it need not
     * read the entity or the surface, each a cache miss: */
    bool live;        /* its entity is not replaced (set after every load) */
    bool titled;      /* the surface is its key with each word's first letter in capitals */
} ws__alias;

typedef struct ws__slot {
    uint64_t hash;
    uint32_t key;     /* offset in the pool, or WS__NONE for an empty slot */
    uint32_t head;    /* first alias with this key, or WS__NONE */
    uint32_t country; /* for a demonym ("Russian"): the country entity, else WS__NONE */
    uint16_t keylen;  /* so that a probe compares with memcmp, without strlen */
    bool common;      /* a common English word: as a name it needs evidence */
} ws__slot;

typedef struct ws__idslot {
    uint64_t hash;
    uint32_t ent; /* WS__NONE for an empty slot */
} ws__idslot;

/* The gazetteer is a hash table from folded token keys to alias chains, so
 * that a lookup costs the same whatever the number of aliases. */
struct ws_gazetteer {
    ws__gaz_entity *ents;
    size_t nents, ents_cap;
    ws__alias *aliases;
    size_t naliases, aliases_cap;
    char *pool; /* alias surfaces and keys, entities' strings, NUL-terminated each */
    size_t pool_len, pool_cap;
    ws__slot *slots;
    size_t nslots, nused;
    ws__idslot *ids;
    size_t nids, nid_slots;
    uint64_t *filter;   /* 1 << WS__FILTER_BITS words: which keys may be alias keys or start one */
    unsigned file_gen;
    bool has_common_words; /* a common-words.txt was loaded: words can be told from names */
    char **files;          /* path of each file loaded as text, by file_gen - 1 */
    size_t nfiles, files_cap;
    ws__lexicon lex; /* the word lists, loaded by ws_gazetteer_load_lexicon */
    /* The folded first words of the few aliases that start in lowercase
     * ("the Kremlin", "la Paz"): a lowercase word starts no other alias,
     * so matching starts there only for these (ws__gaz_lower_may_start,
     * then ws__gaz_is_lower_start). */
    ws__wordset lower_starts;
    uint32_t lower_lens[256]; /* by first byte, either case: bit n for a start of n bytes (31: longer) */
    /* the starts of at most eight bytes of ASCII, each as the chunk
     * gazkey.h reads, found without hashing byte by byte: a power of two
     * of slots (or 0), 0 in an empty one */
    uint64_t *short_starts;
    size_t nshort_slots;
    /* A gazetteer read from its cache (gazcache.c) keeps its entities,
     * aliases, pool (the entities' strings too) and slots in the file's
     * image, unchanged until ws__gazcache_own. */
    void *image;
};

#define WS__NONE UINT32_MAX

/* An entity's string in the pool, or NULL for WS__NONE. */
static inline const char *ws__gaz_str(const ws_gazetteer *g, uint32_t at)
{
    return at == WS__NONE ? NULL : g->pool + at;
}
#define WS__MAX_ALIAS_TOKENS 24

static inline size_t ws__first_pair(const char *word, size_t len)
{
    return (size_t)(unsigned char)word[0] << 8 | (len > 1 ? (unsigned char)word[1] : 0);
}
/* Is the word, folded, one that some alias starts with? avail >= len
 * bytes may be read at word, which holds no NUL byte. */
bool ws__gaz_is_lower_start(const ws_gazetteer *g, const char *word, size_t len, size_t avail);
/* May an alias start with a lowercase word of this first byte and length
 * ("the")? 1 or 0, without a branch. Asked of most words: it answers no for
 * nearly all, and ws__gaz_is_lower_start the rest. */
static inline unsigned ws__gaz_lower_may_start(const ws_gazetteer *g, unsigned char first, size_t len)
{
    return g->lower_lens[first] >> (len < 31 ? len : 31) & 1;
}
/* The key table's slot of a folded key ("new york post") whose ws__hash is
 * h, or NULL: its alias chain, and whether it is a common word. */
const ws__slot *ws__gaz_lookup(const ws_gazetteer *g, uint64_t h, const char *key, size_t len);
/* What a folded key, by its filter hash (gazkey.h), may be: an alias key,
 * the start of a longer one ("new york" of "new york post"), both or
 * neither. The answer errs only towards yes; it costs no cache miss in the
 * key table. */
enum { WS__GAZ_KEY = 1, WS__GAZ_LONGER = 2 };
/* 256 KiB: with the bundled gazetteers, about 3 % of the keys that are
 * not there pass the filter */
#define WS__FILTER_BITS 15
/* Where a key's bits are in the filter (gazetteer.c says how it works). */
typedef struct ws__filter_probe {
    size_t word;
    uint64_t key, longer; /* the bits of each answer */
} ws__filter_probe;
static inline ws__filter_probe ws__filter_probe_of(uint64_t h)
{
    /* the multiply spreads all of h into the high bits taken here */
    uint64_t x = h * 0x9E3779B97F4A7C15ULL;
    ws__filter_probe p = {(size_t)(x >> (64 - WS__FILTER_BITS)),
                          (uint64_t)1 << (x >> 20 & 63) | (uint64_t)1 << (x >> 26 & 63),
                          (uint64_t)1 << (x >> 32 & 63) | (uint64_t)1 << (x >> 38 & 63)};
    return p;
}
/* Inline, as the matcher asks once or more a word. */
static inline unsigned ws__gaz_filter(const ws_gazetteer *g, uint64_t h)
{
    ws__filter_probe p = ws__filter_probe_of(h);
    uint64_t w = g->filter[p.word];
    return ((w & p.key) == p.key ? WS__GAZ_KEY : 0) | ((w & p.longer) == p.longer ? WS__GAZ_LONGER : 0);
}
/* Is a folded word in the gazetteers' common-words list? */
bool ws__gaz_is_common(const ws_gazetteer *g, const char *key, size_t len);
/* The country a folded demonym ("russian", "north korean") names, or WS__NONE. */
uint32_t ws__gaz_demonym(const ws_gazetteer *g, const char *key, size_t len);
/* Is the word w, as written, a demonym ("Russian")? */
bool ws__gaz_is_demonym(const ws_gazetteer *g, const char *w, size_t n);
/* Is it a people, a demonym's plural ("Americans", "Belgians")? */
bool ws__gaz_is_people(const ws_gazetteer *g, const char *w, size_t n);


/* ---- gazcache.c: the gazetteer's compact binary form, cached ----------- */

/* Maps the cache of folder dir into an empty gazetteer when one exists
 * whose sources (dir/names[i]: names, sizes, mtimes) are unchanged and
 * whose length and checksum are right; false otherwise, and when
 * WHOSAID_NO_CACHE is set: the caller then parses the sources. */
bool ws__gazcache_load(ws_gazetteer *g, const char *dir, const char *const *names, size_t n);
/* Caches a gazetteer just loaded from dir alone. Best effort: a cache that
 * cannot be written only costs time. */
void ws__gazcache_save(const ws_gazetteer *g, const char *dir, const char *const *names, size_t n);
/* Copies a gazetteer read from its cache into arrays of its own, so that
 * more can be loaded into it; WS_ERR_NOMEM leaves it as it was. */
ws_status ws__gazcache_own(ws_gazetteer *g);
/* Frees a gazetteer read from its cache: its own parts and the image. */
void ws__gazcache_free(ws_gazetteer *g);

/* ---- mentions.c: the document's entities and mentions ---------------- */

#define MAX_ALTERNATIVES 4
#define WS__KEY_MAX 1024 /* bytes of a folded gazetteer key */

typedef struct ws__ent {
    const char *id, *name, *gender, *role; /* borrowed from the gazetteer, or owned (local) */
    ws_entity_type type;
    bool local;          /* found by pattern in this document; strings owned */
    uint32_t gaz_index;  /* gazetteer entity, or WS__NONE */
    uint32_t alts[MAX_ALTERNATIVES]; /* gazetteer entities a mention of it beat */
    uint8_t nalts;
    uint32_t name_b, name_e; /* local: where the name was first written (normalised view), to
                                give it as written ("O’Malley"); name_e 0 when nowhere */
} ws__ent;

typedef struct ws__ment {
    uint32_t tok_begin, tok_end; /* tokens of the name */
    uint32_t title_begin;        /* first token of a title before it ("Kremlin spokesman"), or tok_begin */
    uint32_t ent;
    uint32_t country;            /* gazetteer country of a demonym in the title, or WS__NONE */
} ws__ment;

typedef struct ws__entities {
    const ws_gazetteer *gaz;
    ws__ent *ents;
    size_t nents, ents_cap;
    ws__ment *ments; /* sorted by position once indexed */
    size_t nments, ments_cap;
    int32_t *tok_ment; /* per token: mention index or -1 */
    uint32_t *caps;    /* the tokens that start with a capital (WS__TOK_CAP), in order */
    size_t ncaps;
    bool *headline;    /* per paragraph: in title case, where capitals say nothing */
    bool *title_line;  /* per paragraph: one line in title case, a headline but for a full stop at its end */
    bool sports_report; /* three or more words of sports reports (sports-words.txt) */
} ws__entities;

/* An empty table for a segmented document, with its headlines found. */
ws_status ws__entities_init(ws__entities *e, const ws_gazetteer *g, const ws__segments *seg);
void ws__entities_free(ws__entities *e);
ws_status ws__entities_add(ws__entities *e, const ws__ent *ent, uint32_t *idx);
/* Adds the gazetteer's entity gaz as an entity of the document. */
ws_status ws__entities_add_listed(ws__entities *e, uint32_t gaz, uint32_t *idx);
/* A mention, not yet indexed by token (ws__index_mentions does that). */
ws_status ws__entities_add_mention(ws__entities *e, uint32_t tb, uint32_t te, uint32_t ent);
/* May a new name take tokens [tb, te) from shorter matches inside it? */
bool ws__entities_can_claim(const ws__entities *e, uint32_t tb, uint32_t te);
/* A mention of ent at [tb, te) that takes its tokens from shorter mentions
 * inside it; *claimed (may be NULL) false when a mention reaches outside. */
ws_status ws__entities_claim_mention(ws__entities *e, uint32_t tb, uint32_t te, uint32_t ent, bool *claimed);
/* Adds a person, place or organisation found only in this document (or
 * finds it again) with a mention at [tb, te); *ent_out WS__NONE when the
 * tokens cannot be claimed. */
ws_status ws__entities_add_local(ws__entities *e, const ws__text *t, const ws__segments *seg,
                                 uint32_t tb, uint32_t te, ws_entity_type type, uint32_t *ent_out);
/* The entity of a name found only in this document (found again when it
 * exists), with no mention yet. */
ws_status ws__entities_add_local_entity(ws__entities *e, const char *name, size_t n, ws_entity_type type,
                                        uint32_t *ent_out);
/* Drops mentions given up to longer names and sorts the rest by position. */
void ws__index_mentions(ws__entities *e);
/* A person found in this document whose surname this is, or WS__NONE. */
uint32_t ws__local_by_surname(const ws__entities *e, const char *s, size_t n);
/* The one person of the document whose name has this word, of a
 * compatible gender ('m', 'f' or 0 for either), or WS__NONE. */
uint32_t ws__person_named(const ws__entities *e, const char *w, size_t n, int gender);
/* How many persons of the document have this word in their name, of a
 * compatible gender; *first is the first of them, or WS__NONE. */
size_t ws__persons_named(const ws__entities *e, const char *w, size_t n, int gender, uint32_t *first);
/* Does a capitalised word that is no title stand right before token k, in
 * its sentence (a first name, so k is someone's surname)? With g, a
 * sentence's first word counts only when it is no common word. */
bool ws__after_first_name(const ws_gazetteer *g, const ws__text *t,
                          const ws__segments *seg, uint32_t k);

/* ---- the passes that find names, in the order they run ---------------- */

/* match.c: gazetteer matches, and the entity of each. */
ws_status ws__match_gazetteer(const ws_gazetteer *g, const ws__text *t, const ws__segments *seg,
                              ws__entities *e);

/* discover.c: names the gazetteers lack, found by patterns built from the
 * word lists (compiled once per extractor, shared by threads). */
typedef struct ws__patterns ws__patterns;
ws_status ws__patterns_new(const ws__lexicon *lx, ws__patterns **out, ws_error *err);
void ws__patterns_free(ws__patterns *p);
ws_status ws__discover_names(const ws__patterns *pats, const ws__text *t, const ws__segments *seg,
                             ws__entities *e);
/* found.c: what each pattern's match makes, given the tokens where the
 * match begins (match_tb) and those of the name [name_tb, name_te). */
typedef ws_status ws__found_fn(ws__entities *e, const ws__text *t, const ws__segments *seg, uint32_t match_tb,
                               uint32_t name_tb, uint32_t name_te);
ws__found_fn ws__found_title_person, ws__found_apposition, ws__found_role_name, ws__found_place, ws__found_org,
    ws__found_credit;

/* shapes.c: people known by the shape of their name (a given name, then
 * surnames) that no pattern found. */
ws_status ws__shape_names(const ws__text *t, const ws__segments *seg, ws__entities *e);

/* link.c: later mentions of names found in this document (a surname after
 * the full name), and with gazetteer_people, of the gazetteer's people it
 * names in full; run again after attribution adds speakers, without them
 * (their surnames are linked already). */
ws_status ws__link_local_mentions(ws__entities *e, const ws__text *t, const ws__segments *seg, bool gazetteer_people);
/* "the Federal Emergency Management Agency (FEMA)": the acronym names the
 * organisation before it, there and later. */
ws_status ws__link_acronyms(const ws__text *t, const ws__segments *seg, ws__entities *e);
/* The title before each person's mention, and the country it names. */
void ws__attach_titles(const ws_gazetteer *g, ws__entities *e, const ws__text *t, const ws__segments *seg);

/* teams.c: in a sports report, a place standing as a team is the team. */
ws_status ws__name_teams(const ws__text *t, const ws__segments *seg, ws__entities *e);

/* pipeline.c: the passes above, in order, into an indexed table. */
ws_status ws__find_entities(const ws_gazetteer *g, const ws__patterns *pats, const ws__text *t,
                            const ws__segments *seg, ws__entities *ents, ws_error *err);

/* ---- quotes.c ---------------------------------------------------------- */

typedef struct ws__quote {
    uint32_t open, close;    /* positions of the marks in the normalised view */
    uint32_t open_tok, close_tok; /* their ws__token_at, which attribution asks often */
    uint32_t start, end;     /* the quoted words */
    uint32_t tok_begin, tok_end;
    uint32_t open_tok_before; /* tokens before the opening mark start at tok_begin - 1 */
    char mark;               /* '"' or '\'' */
    bool continues;          /* an opening mark of a paragraph continuing the previous quote */
    bool unclosed;           /* ran to the end of its paragraph */
    /* filled by attribute.c */
    ws_quote_kind kind;
    uint32_t speaker;        /* entity index or UINT32_MAX */
    uint32_t speaker_b, speaker_e; /* normalised span of the speaker as written */
    uint32_t cue_b, cue_e;
    ws_quote_method method;
    double confidence;
    bool attributed_after;   /* by "“…,” X said": the quote is a sentence of its own */
    uint8_t speaker_form;    /* how the speaker was written (attribution.h: ws__speaker_form) */
    const char *unattributed; /* with no speaker: why (a static string) */
} ws__quote;

typedef struct ws__quotes {
    ws__quote *q;
    size_t n, cap;
} ws__quotes;

ws_status ws__find_quotes(const ws__text *t, const ws__segments *seg, size_t max_quote,
                          ws__quotes *qs, ws_error *err);
/* Puts quotes in document order. */
void ws__sort_quotes(ws__quotes *qs);
void ws__quotes_free(ws__quotes *qs);

/* ---- attribute.c, reported.c: attribution ------------------------------ */

ws_status ws__attribute(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                        ws__quotes *qs, ws_error *err);

/* Adds reported speech without quote marks, in sentences that hold none:
 * "Peskov said that ...", "..., said Gov. X.", "According to X, ...". */
ws_status ws__find_reported(const ws__text *t, const ws__segments *seg, ws__entities *ents,
                            ws__quotes *qs, ws_error *err);

#endif /* WS_EXTRACT_H */
