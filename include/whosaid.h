/*
 * whosaid.h - who said what, about whom, in news text.
 *
 * The one public header of libwhosaid. The library reads a document, finds
 * the people, places and organisations it names (from gazetteers), finds its
 * quotations and pairs each with its speaker, and writes the results as
 * JSON Lines or CSV tables.
 *
 * Ownership: every handle is created by a *_new / *_open function and freed
 * by the matching *_free / *_close function, which accepts NULL. Pointers
 * returned by accessors (strings, structs) are owned by the handle they came
 * from and stay valid until it is freed. Strings are NUL-terminated UTF-8.
 *
 * Errors: every call that can fail returns a ws_status and, when given a
 * non-NULL ws_error, fills it with a message and the position (file, line,
 * byte) the error is about. The library never prints and never exits.
 *
 * Offsets: every span (ws_span) is a pair of byte offsets [start, end) into
 * the document exactly as it was given, so that for valid UTF-8 input
 * document[start:end] is the span's text. Invalid UTF-8 bytes are reported as
 * warnings and appear as U+FFFD in extracted text; offsets still count the
 * original bytes.
 *
 * Lifetimes: a result's entity names and ids may point into the gazetteer, so
 * free results before the gazetteer they came from.
 *
 * Thread safety: a ws_gazetteer and a ws_extractor may be shared by threads
 * once built; ws_extract may run concurrently on one extractor, and
 * ws_page_read in several threads at once. A ws_result and a ws_page
 * belong to one thread at a time.
 */
#ifndef WHOSAID_H
#define WHOSAID_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Symbols of the public API; everything else in the library is hidden. */
#if defined(__GNUC__) && !defined(WS_STATIC)
#define WS_API __attribute__((visibility("default")))
#else
#define WS_API
#endif

#define WHOSAID_VERSION_MAJOR 0
#define WHOSAID_VERSION_MINOR 1
#define WHOSAID_VERSION_PATCH 0
#define WHOSAID_VERSION "0.1.0"

/* Version of the library actually linked, e.g. "0.1.0". */
WS_API const char *ws_version(void);

/* Status codes. Do not ever re-use a number: they are documented. */
typedef enum ws_status {
    WS_OK = 0,
    WS_ERR_NOMEM = 1,     /* out of memory */
    WS_ERR_IO = 2,        /* a file could not be read or written */
    WS_ERR_GAZETTEER = 3, /* a gazetteer file is malformed */
    WS_ERR_INPUT = 4,     /* a document cannot be processed (e.g. binary) */
    WS_ERR_USAGE = 5,     /* a call's arguments are wrong */
    WS_ERR_JSON = 6,      /* malformed JSON input */
    WS_ERR_LIMIT = 7,     /* a document exceeds a configured limit */
    WS_ERR_REGEX = 8      /* an internal pattern failed to compile or run */
} ws_status;

/* A short, static description of a status ("out of memory"). */
WS_API const char *ws_status_str(ws_status status);

/* Details of an error: what happened and where. Fields that do not apply are
 * empty (file), or 0 (line, which counts from 1) or -1 (byte). */
typedef struct ws_error {
    ws_status status;
    char file[512];     /* file the error is about, or "" */
    unsigned long line; /* 1-based line in that file, or 0 */
    long long byte;     /* byte offset in the file or document, or -1 */
    char message[512];  /* one line, no trailing newline */
} ws_error;

/* Resets an error to "no error". */
WS_API void ws_error_clear(ws_error *err);

/* ---------------------------------------------------------------------- */
/* Gazetteers: the names the library knows. */

typedef enum ws_entity_type {
    WS_PERSON = 0,
    WS_PLACE = 1,
    WS_ORG = 2
} ws_entity_type;

/* "PERSON", "PLACE" or "ORG". */
WS_API const char *ws_entity_type_str(ws_entity_type type);

typedef struct ws_gazetteer ws_gazetteer;

WS_API ws_status ws_gazetteer_new(ws_gazetteer **out);
WS_API void ws_gazetteer_free(ws_gazetteer *gaz); /* accepts NULL */

/* Loads one gazetteer file (format: data/gazetteers/README.md). An entity
 * whose id was loaded before replaces the earlier one, so files loaded later
 * override earlier ones. A malformed line fails the load with file:line. */
WS_API ws_status ws_gazetteer_load_file(ws_gazetteer *gaz, const char *path, ws_error *err);

/* Loads every *.tsv file of a folder, in name order. */
WS_API ws_status ws_gazetteer_load_dir(ws_gazetteer *gaz, const char *dir, ws_error *err);

/* Loads a folder of word lists (data/lexicon/en: speech verbs, titles and
 * roles, organisation heads..., documented in data/lexicon/README.md) that
 * the rules read. Entries add to the lists loaded before; a line "!entry"
 * takes one out; an unknown file name fails the load. An extractor needs
 * at least one folder loaded. */
WS_API ws_status ws_gazetteer_load_lexicon(ws_gazetteer *gaz, const char *dir, ws_error *err);

/* Receives a word list's file name ("titles.txt") and its number of entries. */
typedef int (*ws_word_list_fn)(const char *list, size_t entries, void *ctx);
/* Calls fn for every known word list, loaded or not, in a fixed order;
 * returns fn's nonzero value, or 0. */
WS_API int ws_gazetteer_foreach_word_list(const ws_gazetteer *gaz, ws_word_list_fn fn, void *ctx);

WS_API size_t ws_gazetteer_entity_count(const ws_gazetteer *gaz);
WS_API size_t ws_gazetteer_alias_count(const ws_gazetteer *gaz);

/* ws_gazetteer_load_dir into an empty gazetteer keeps a compact binary form
 * of the folder in $XDG_CACHE_HOME/whosaid/ (else ~/.cache/whosaid/) and maps
 * it on later loads instead of parsing, while the folder's files keep their
 * names, sizes and mtimes; a damaged cache is rebuilt, an unwritable cache
 * folder only costs time. WHOSAID_NO_CACHE=1 in the environment turns it off.
 * The first word-list folder's given-name table is cached the same way.
 * Returns which came from a cache: WS_CACHED_NAMES (the gazetteer),
 * WS_CACHED_GIVEN_NAMES, both, or 0. */
#define WS_CACHED_NAMES 1
#define WS_CACHED_GIVEN_NAMES 2
WS_API int ws_gazetteer_from_cache(const ws_gazetteer *gaz);

/* Receives an alias as written (normalised: ASCII quote marks and dashes)
 * and the id of its entity; returns 0 to go on, anything else to stop. */
typedef int (*ws_alias_fn)(const char *alias, const char *entity_id, void *ctx);

/* Calls fn for every alias that can match (not of an entity overridden by
 * a later file), in load order; returns fn's nonzero value, or 0. */
WS_API int ws_gazetteer_foreach_alias(const ws_gazetteer *gaz, ws_alias_fn fn, void *ctx);

/* An alias that names two entities: kept under both, and resolved by
 * context when matched. file is "" and line 0 where not known (an entity
 * loaded from the cache). */
typedef struct ws_alias_clash {
    const char *alias;
    const char *id, *file;             /* the entity loaded first */
    unsigned long line;
    const char *other_id, *other_file; /* another entity with this alias */
    unsigned long other_line;
} ws_alias_clash;

typedef int (*ws_clash_fn)(const ws_alias_clash *clash, void *ctx);

/* Calls fn for every pair of entities sharing an alias (the first entity
 * loaded with each of the others), in an order that is the same from run to
 * run; returns fn's nonzero value, or 0. File names and lines are known for
 * files loaded without the cache (WHOSAID_NO_CACHE=1). */
WS_API int ws_gazetteer_foreach_clash(const ws_gazetteer *gaz, ws_clash_fn fn, void *ctx);

/* ---------------------------------------------------------------------- */
/* Extraction. */

typedef struct ws_options {
    size_t max_document_bytes; /* larger documents fail with WS_ERR_LIMIT; 0 = default */
    size_t max_quote_bytes;    /* a quote mark left open longer than this is not a quote; 0 = default */
    int indirect;              /* also report reported speech without quote marks (kind indirect) */
} ws_options;

/* Sets every field to its default: 64 MiB documents, 8 KiB quotes, no
 * indirect speech. */
WS_API void ws_options_default(ws_options *opt);

typedef struct ws_extractor ws_extractor;

/* The gazetteer must outlive the extractor and must not be loaded into
 * while the extractor exists. opt may be NULL for the defaults. */
WS_API ws_status ws_extractor_new(ws_extractor **out, const ws_gazetteer *gaz,
                           const ws_options *opt, ws_error *err);
WS_API void ws_extractor_free(ws_extractor *ex); /* accepts NULL */

/* One input document. The library copies what it keeps. */
typedef struct ws_document {
    const char *id;        /* document id (UTF-8), e.g. the file name without extension */
    const char *text;      /* document bytes; need not be valid UTF-8 or NUL-terminated */
    size_t len;            /* number of bytes in text */
    const char *meta_json; /* NULL, or a JSON object of extra fields carried to the output */
    const char *origin;    /* where it came from, for messages: "news/a.txt", "feed.jsonl:12" */
} ws_document;

typedef struct ws_result ws_result;

/* Extracts entities and quotes from one document. On success *out holds the
 * result. When the document cannot be processed, the call returns the error
 * and still sets *out to a result that carries the error (ws_result_error),
 * so that every document can be accounted for in the output; *out is NULL
 * only when memory ran out. */
WS_API ws_status ws_extract(ws_extractor *ex, const ws_document *doc, ws_result **out,
                     ws_error *err);

/* A result that only records that a document failed before extraction (for
 * example a JSON line that could not be parsed). doc->text may be NULL. */
WS_API ws_status ws_result_new_failed(const ws_document *doc, const ws_error *why,
                               ws_result **out);

WS_API void ws_result_free(ws_result *res); /* accepts NULL */

/* A span of the document: byte offsets [start, end). */
typedef struct ws_span {
    size_t start;
    size_t end;
} ws_span;

/* A gazetteer entity that the same name could also have meant. */
typedef struct ws_alternative {
    const char *id;
    const char *name;
    ws_entity_type type;
} ws_alternative;

/* An entity found in the document. */
typedef struct ws_entity {
    const char *id;        /* canonical id: a Wikidata QID or another namespaced id ("geonames:703448"),
                              or "local:Name" for one found only in this document */
    const char *name;      /* canonical name */
    ws_entity_type type;
    const char *gender;    /* "m", "f", or NULL when unknown */
    const char *role;      /* role as written or from the gazetteer ("Kremlin spokesman"), or NULL */
    const char *source;    /* "gazetteer", or "discovered" for a name found only in this document */
    size_t mention_count;
    const size_t *mentions; /* indexes into ws_result_mention, in document order */
    size_t alternative_count;
    const ws_alternative *alternatives; /* what its ambiguous names could also have meant */
} ws_entity;

/* One place an entity is named. */
typedef struct ws_mention {
    ws_span span;        /* the name as written ("Putin", "Russia" in "Russia's") */
    size_t entity;       /* index into ws_result_entity */
    ws_span title;       /* a title written before a person ("Russian President"); empty if none */
    const char *country; /* id of the country a demonym in the title names ("Q159" for Russia), or NULL */
} ws_mention;

typedef enum ws_quote_kind {
    WS_QUOTE_DIRECT = 0,  /* a full quoted clause or sentence */
    WS_QUOTE_PARTIAL = 1, /* a quoted fragment built into reporting prose */
    WS_QUOTE_OTHER = 2,   /* marks that are not speech: scare quotes, titles */
    WS_QUOTE_INDIRECT = 3 /* reported speech without quote marks ("Peskov said that ..."),
                             only with ws_options.indirect */
} ws_quote_kind;

/* "direct", "partial", "other" or "indirect". */
WS_API const char *ws_quote_kind_str(ws_quote_kind kind);

/* How a quote's speaker was found. */
typedef enum ws_quote_method {
    WS_METHOD_NONE = 0,         /* no speaker was found */
    WS_METHOD_EXPLICIT = 1,     /* named beside the quote: “…,” NAME said / said NAME / NAME said: “…” */
    WS_METHOD_PRONOUN = 2,      /* “…,” he said: the nearest earlier person of that gender */
    WS_METHOD_ROLE = 3,         /* “…,” the spokesman said: the person holding the role */
    WS_METHOD_SUBJECT = 4,      /* the subject of the speech verb before the quote in its sentence */
    WS_METHOD_SPLIT = 5,        /* a later part of a sentence whose first part is attributed */
    WS_METHOD_CONTINUATION = 6, /* a new quoted sentence or paragraph of the same speaker */
    WS_METHOD_COLON = 7         /* introduced by the words before a colon (NAME said: / NAME: …) */
} ws_quote_method;

/* "explicit", "pronoun", "role", "subject", "split", "continuation",
 * "colon", or NULL for WS_METHOD_NONE (and an unknown value). */
WS_API const char *ws_quote_method_str(ws_quote_method method);
/* One line saying how the method decides, for a person reading the result. */
WS_API const char *ws_quote_method_rule(ws_quote_method method);

#define WS_NO_ENTITY ((size_t)-1)

/* A quotation and its attribution. */
typedef struct ws_quote {
    ws_span span;          /* the quoted words, without the marks */
    ws_quote_kind kind;
    size_t speaker;        /* index into ws_result_entity, or WS_NO_ENTITY */
    ws_span speaker_span;  /* the speaker as written ("Kremlin spokesman Dmitry Peskov", "he"); empty if none */
    ws_span cue_span;      /* the speech verb as written ("said", "told"); empty if none */
    ws_span sentence;      /* the sentence(s) holding the quote and its evidence */
    ws_span paragraph;     /* the paragraph holding the quote */
    ws_quote_method method; /* how the speaker was found (ws_quote_method_str names it) */
    double confidence;     /* 0..1, how sure the attribution is */
    const char *unattributed; /* with no speaker: why none was found, one line for a person
                                 ("said by someone described, not named"); else NULL */
} ws_quote;

/* A problem with the input that did not stop extraction (invalid UTF-8...). */
typedef struct ws_warning {
    long long byte;        /* byte offset in the document, or -1 */
    const char *message;
} ws_warning;

/* NULL when the document was processed; else why it failed. */
WS_API const ws_error *ws_result_error(const ws_result *res);

WS_API const char *ws_result_doc_id(const ws_result *res);
WS_API const char *ws_result_origin(const ws_result *res);   /* may be "" */
WS_API const char *ws_result_meta_json(const ws_result *res); /* JSON object text, or NULL */
WS_API size_t ws_result_doc_len(const ws_result *res);

WS_API size_t ws_result_entity_count(const ws_result *res);
WS_API const ws_entity *ws_result_entity(const ws_result *res, size_t i);
WS_API size_t ws_result_mention_count(const ws_result *res);
WS_API const ws_mention *ws_result_mention(const ws_result *res, size_t i);
WS_API size_t ws_result_quote_count(const ws_result *res);
WS_API const ws_quote *ws_result_quote(const ws_result *res, size_t i);
WS_API size_t ws_result_warning_count(const ws_result *res);
WS_API const ws_warning *ws_result_warning(const ws_result *res, size_t i);

/* The text of a span as valid UTF-8 (invalid bytes become U+FFFD), in a
 * buffer owned by the result and valid until the next call of this function
 * on the same result. Returns NULL only when memory runs out. */
WS_API const char *ws_result_text(ws_result *res, ws_span span, size_t *len);

/* ---------------------------------------------------------------------- */
/* Web pages: the article a saved HTML page holds, as the text to extract
 * from, and what the page says about itself. README.md ("Web pages")
 * describes the method.
 *
 *     ws_page *page;
 *     if (ws_page_read(&page, html, len, NULL, &err) == WS_OK) {
 *         size_t n;
 *         const char *text = ws_page_text(page, &n);
 *         ws_document doc = {.id = "a", .text = text, .len = n,
 *                            .meta_json = ws_page_meta_json(page)};
 *         ws_extract(ex, &doc, &res, &err);   (offsets refer to text)
 *         ws_page_free(page);
 *     }
 *
 * A page is read with libxml2's HTML parser after its bytes are decoded to
 * UTF-8 (byte order mark, <meta charset>, http-equiv; windows-1252 when it
 * says nothing and is not UTF-8). Its text is the title, a blank line,
 * then the article's paragraphs, headings, list items, quotes and captions,
 * one per line; menus, sidebars, related stories, share bars, comments and
 * the like are left out. */
typedef struct ws_page ws_page;

/* Reads a page of len bytes. url, when not NULL, is where the page was
 * found: it resolves a relative canonical URL and is the page's url when
 * the page names none. A page without main text is no error: its text is
 * empty and a warning says so. Fails with WS_ERR_INPUT, err->byte at the
 * cause, for binary data and for a page mostly invalid in its encoding;
 * *out is then NULL. */
WS_API ws_status ws_page_read(ws_page **out, const char *html, size_t len, const char *url,
                              ws_error *err);
WS_API void ws_page_free(ws_page *page); /* accepts NULL */

/* The text to analyse: valid UTF-8 without NUL bytes, "" when the page has
 * no main text; len (when not NULL) receives its length in bytes. */
WS_API const char *ws_page_text(const ws_page *page, size_t *len);
/* What the page says about itself, NULL where it says nothing: */
WS_API const char *ws_page_title(const ws_page *page);  /* the headline, site name cut off */
WS_API const char *ws_page_author(const ws_page *page); /* as the byline gives it */
WS_API const char *ws_page_date(const ws_page *page);   /* published, ISO 8601: 2024-03-05 or
                                                           2024-03-05T10:00:00+01:00 */
WS_API const char *ws_page_url(const ws_page *page);    /* canonical, absolute where known */
WS_API const char *ws_page_site(const ws_page *page);   /* the publication's name */
WS_API const char *ws_page_lang(const ws_page *page);   /* language tag, as "en-GB" */
WS_API const char *ws_page_charset(const ws_page *page); /* the encoding it was read in */
/* The same as one JSON object ({"title": ..., "author": ..., "date": ...,
 * "url": ..., "site": ..., "lang": ...}, fields present only when known),
 * for ws_document.meta_json; NULL when the page says none of them. */
WS_API const char *ws_page_meta_json(const ws_page *page);
/* Problems that did not stop the reading: invalid bytes replaced, an
 * unknown charset, no main text. byte is an offset in the page, or -1. */
WS_API size_t ws_page_warning_count(const ws_page *page);
WS_API const ws_warning *ws_page_warning(const ws_page *page, size_t i);
/* Dates of documents, for the quote database and the CSV tables. */

/* Room for the longest date written ("2026-04-02T08:00:00+05:30") and its NUL. */
#define WS_DATE_SIZE 32

/* Reads a date as feeds and sites write it into ISO 8601: "2026-04-02" for
 * a day, "2026-04-02T08:00:00Z" (or "+02:00": a zone is kept as written,
 * never applied) with a time. Reads ISO 8601 (2026-04-02, 2026-04-02T08:00Z,
 * 2026-04-02 08:00:00+02:00), 2026/04/02, 20260402, "April 2, 2026",
 * "Apr. 2nd 2026", "2 April 2026", "Thursday, April 2, 2026", RFC 2822
 * ("Thu, 02 Apr 2026 08:00:00 +0000"), and 31/03/2026 or 03/31/2026 where
 * the numbers tell the order; a time's zone as Z, an offset, UTC, GMT or a
 * North American or European abbreviation (EST, PDT, CET, BST). An
 * impossible day (2026-02-30), an ambiguous order (02/04/2026) or anything
 * else fails with WS_ERR_INPUT, the message saying why; iso is then "". */
WS_API ws_status ws_date_normalise(const char *text, char iso[WS_DATE_SIZE], ws_error *err);

/* The date of a document from its metadata (ws_document.meta_json, a JSON
 * object, or NULL): the first of the fields date, published, publishedAt,
 * published_at, datePublished, date_published and pubDate that reads as a
 * date (ws_date_normalise; a number is YYYYMMDD or Unix time in seconds or
 * milliseconds). iso is "" when the metadata has none of them. When they
 * are there but none reads, fails with WS_ERR_INPUT and a message naming
 * the first field and why ("\"published\": 'yesterday' is not a date ..."). */
WS_API ws_status ws_document_date(const char *meta_json, char iso[WS_DATE_SIZE], ws_error *err);
/* The document to extract from the page, as the command line makes it of a
 * page file or a JSON Lines record with "html": sets doc's text and len to
 * ws_page_text's, and its meta_json to the fields of record_json (a JSON
 * object: the record's own fields but its id and html, which win; NULL for
 * none) in their order, followed by those of ws_page_meta_json that it
 * lacks; NULL when there are none. Reals keep 15 significant digits. doc's
 * id and origin are left as they are. The metadata is owned by the page
 * and valid until it is freed or this is called again on it. Fails with
 * WS_ERR_JSON, doc unchanged, when record_json is not a JSON object. */
WS_API ws_status ws_page_document(ws_page *page, const char *record_json, ws_document *doc,
                                  ws_error *err);

/* ---------------------------------------------------------------------- */
/* Export. The output schema is documented in README.md ("Output"). */

/* Writes one result as one line of JSON (a JSON Lines record). */
WS_API ws_status ws_write_jsonl(ws_result *res, FILE *out, ws_error *err);

/* A JSON Lines writer: the records of ws_write_jsonl, or fewer of their
 * keys for readers that need less, made in one buffer that it keeps from
 * record to record. A writer belongs to one thread at a time.
 *
 * Its fields say which keys besides the document's own are written; those
 * left out are absent, not empty. A record always has doc, origin, the
 * metadata, length, error and warnings. */
#define WS_JSONL_ENTITIES 0x1u /* "entities"; each entity's "count" stays without its mentions */
#define WS_JSONL_MENTIONS 0x2u /* each entity's "mentions" (needs WS_JSONL_ENTITIES) */
#define WS_JSONL_QUOTES 0x4u   /* "quotes" */
#define WS_JSONL_ALL (WS_JSONL_ENTITIES | WS_JSONL_MENTIONS | WS_JSONL_QUOTES) /* ws_write_jsonl's */

typedef struct ws_jsonl_writer ws_jsonl_writer;

/* fields: WS_JSONL_* flags (0: the document's own keys only). An unknown
 * flag, or WS_JSONL_MENTIONS without WS_JSONL_ENTITIES, fails with
 * WS_ERR_USAGE. */
WS_API ws_status ws_jsonl_writer_new(ws_jsonl_writer **out, unsigned fields, ws_error *err);
WS_API void ws_jsonl_writer_free(ws_jsonl_writer *w); /* accepts NULL */
/* Writes one result as one line of JSON. */
WS_API ws_status ws_jsonl_writer_write(ws_jsonl_writer *w, ws_result *res, FILE *out, ws_error *err);
/* Makes the record of one result, its newline included, without writing
 * it: *record points into the writer, valid until its next call; for a
 * record headed elsewhere than a stream (from one thread to another, into
 * a JSON array). */
WS_API ws_status ws_jsonl_writer_record(ws_jsonl_writer *w, ws_result *res, const char **record,
                                        size_t *len, ws_error *err);

/* CSV tables in a folder: documents.csv, entities.csv, mentions.csv and
 * quotes.csv. The tables are written to temporary files and renamed into
 * place by ws_csv_close, so an interrupted run never leaves a table that
 * looks complete.
 *
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage
 * return) as a formula: a quote such as "=SUM(A1:A9) is what we owe" would
 * be one (CSV injection). By default such a cell is escaped by the OWASP
 * rule: a single quote before it ("'=SUM(A1:A9) is what we owe", in double
 * quotes). These flags change that and more. */
#define WS_CSV_RAW 0x1u /* cells exactly as they are, for programs rather than spreadsheets */
#define WS_CSV_BOM 0x2u /* a UTF-8 byte order mark first in each file, so that Excel reads UTF-8 */

typedef struct ws_csv_writer ws_csv_writer;

/* ws_csv_open_with(out, dir, 0, err). */
WS_API ws_status ws_csv_open(ws_csv_writer **out, const char *dir, ws_error *err);
/* The tables with WS_CSV_* flags (0: the defaults). */
WS_API ws_status ws_csv_open_with(ws_csv_writer **out, const char *dir, unsigned flags, ws_error *err);
WS_API ws_status ws_csv_write(ws_csv_writer *w, ws_result *res, ws_error *err);
/* Finishes the tables. Returns the first write error, if any. Accepts NULL. */
WS_API ws_status ws_csv_close(ws_csv_writer *w, ws_error *err);
/* Removes the temporary files without publishing them. Accepts NULL. */
WS_API void ws_csv_abort(ws_csv_writer *w);

/* Writes one field as the tables do: a comma before it unless first, in
 * double quotes (RFC 4180) when it holds a comma, a double quote or a line
 * break, and a formula escaped unless flags hold WS_CSV_RAW. NULL text is
 * an empty field. For other tables of the same kind (whosaid search). */
WS_API void ws_csv_write_field(FILE *f, int first, const char *text, size_t len, unsigned flags);

/* ---------------------------------------------------------------------- */
/* Quote database: results kept in one SQLite file (WAL mode) with full-text
 * search over quotes and clusters of the same quote carried by many
 * articles. The schema is documented in README.md ("Quote database").
 * A database error fails with WS_ERR_IO and SQLite's message; err->file is
 * the database path. One ws_db belongs to one thread at a time. */

typedef struct ws_db ws_db;

/* Opens the database at path, creating it and its schema when missing. */
WS_API ws_status ws_db_open(ws_db **out, const char *path, ws_error *err);

/* Flags of ws_db_open_with. */
#define WS_DB_READ_ONLY 0x1u /* only to read: never creates a file; a missing path fails with
                                WS_ERR_IO "no such database", a file that is not a quote
                                database (an empty one too) with WS_ERR_INPUT */

/* ws_db_open with flags (0: the same as ws_db_open). */
WS_API ws_status ws_db_open_with(ws_db **out, const char *path, unsigned flags, ws_error *err);
/* Rolls back an open batch. Accepts NULL. */
WS_API void ws_db_close(ws_db *db);

/* A batch: the adds between begin and commit are one transaction, so an
 * interrupted import keeps every committed batch whole. Without a batch,
 * each add commits on its own. */
WS_API ws_status ws_db_begin(ws_db *db, ws_error *err);
WS_API ws_status ws_db_commit(ws_db *db, ws_error *err);

typedef enum ws_db_change {
    WS_DB_UNCHANGED = 0, /* stored before with the same content hash */
    WS_DB_ADDED = 1,
    WS_DB_REPLACED = 2   /* same document id, new content: the old version is gone */
} ws_db_change;

/* Stores a result, a failed one too. The content hash covers the text and
 * the metadata. change may be NULL. */
WS_API ws_status ws_db_add(ws_db *db, ws_result *res, ws_db_change *change, ws_error *err);

/* Sets *stored when the document is stored with exactly this content, so
 * that extracting it again can be skipped. */
WS_API ws_status ws_db_has(ws_db *db, const ws_document *doc, int *stored, ws_error *err);

/* Stores the aliases of a gazetteer (every one ws_gazetteer_foreach_alias
 * gives) as names of their entities, so that later questions know the
 * names of a user's gazetteer folder without loading it: ws_db_search finds
 * its entities by any alias, and a person discovered in a document under
 * one of its names is linked to its entity (linked_by "user gazetteer").
 * Meant for the user's folders, not the bundled ones; idempotent. */
WS_API ws_status ws_db_add_gazetteer(ws_db *db, const ws_gazetteer *gaz, ws_error *err);

/* A person (or place, organisation) as the database tells them apart. A
 * gazetteer entity is one person everywhere. A person discovered in a
 * document ("John Smith, a farmer") is a new person of the database unless
 * evidence links them to one already there: a user's gazetteer (see
 * ws_db_add_gazetteer) or the same role; the rows of document_entities say
 * which (linked_by, README.md "Quote database"). */
typedef struct ws_db_person {
    const char *id;      /* the entity id; "local:John_Smith#2" for a second person of one name */
    const char *entity;  /* the entity id extraction gave ("local:John_Smith") */
    const char *name, *type;
    const char *role;    /* as first seen, or NULL */
    const char *matched; /* how the name asked for matched: "id", "gazetteer", "name", "written", "alias",
                            "surname" */
    long long quotes;    /* quotes attributed to this person */
} ws_db_person;

/* Receives people; returns 0 to go on, anything else to stop. */
typedef int (*ws_db_person_fn)(const ws_db_person *person, void *ctx);

/* The people a name stands for in the database, as ws_db_search reads its
 * speaker and about: people with that id; the entities extraction finds in
 * the name (names, when not NULL; also with the words capitalised, so that
 * "zelensky" finds Zelensky); people known by the name, compared folded
 * (case, diacritics, punctuation: "Etienne Marchand" finds "Étienne
 * Marchand"), as a canonical name, as texts wrote it or as an alias of a
 * stored gazetteer; and, when none of those match, people whose surname it
 * is, if it is the surname of one name only. Else, when several names share
 * the surname, *ambiguous (may be NULL) is set and fn receives them, but
 * ws_db_search takes none. fn (may be NULL) receives each person matched. */
WS_API ws_status ws_db_find_people(ws_db *db, ws_extractor *names, const char *name, ws_db_person_fn fn,
                                   void *ctx, int *ambiguous, ws_error *err);

/* What to search for; NULL fields do not filter. */
typedef struct ws_db_query {
    const char *text;    /* words the quote holds, all of them (folded: case, diacritics, quote marks;
                            "dont" finds "don't" and the other way round) */
    const char *speaker; /* the speaker: a name, as ws_db_find_people reads it */
    const char *about;   /* a person, place or organisation (as ws_db_find_people reads it) named in the
                            quote or in its sentence; the speaker's own mention outside the quote does
                            not count */
    const char *since;   /* document date, inclusive, read as ws_date_normalise does (of a time, the
                            day counts); one that does not read fails with WS_ERR_USAGE */
    const char *until;
    ws_extractor *names; /* resolves aliases as extraction does; may be NULL */
    size_t limit;        /* at most this many rows; 0 = all */
} ws_db_query;

/* One stored quote with where it was published. Absent values are NULL;
 * strings live only during the callback. */
typedef struct ws_db_quote {
    const char *doc, *date, *source, *url, *title;
    const char *quote_id; /* "q1"... as in the extract output */
    const char *text, *speaker, *speaker_id, *speaker_text, *cue, *kind;
    double confidence;
    long long cluster;    /* the cluster of the same quote across articles */
    const char *person;    /* the speaker as the database tells people apart (ws_db_person.id) */
    const char *linked_by; /* how the speaker of this document was linked to that person */
} ws_db_quote;

/* Receives rows; returns 0 to go on, anything else to stop. */
typedef int (*ws_db_quote_fn)(const ws_db_quote *row, void *ctx);

/* Quotes matching q, best match first (newest first without text). */
WS_API ws_status ws_db_search(ws_db *db, const ws_db_query *q, ws_db_quote_fn fn, void *ctx,
                              ws_error *err);

/* The clusters whose quotes match text (as a phrase, else all its words,
 * else most of them), most similar first, at most limit (0 = all). Each
 * cluster's occurrences come one after another, the first seen first. */
WS_API ws_status ws_db_who_said(ws_db *db, const char *text, size_t limit, ws_db_quote_fn fn,
                                void *ctx, ws_error *err);

typedef struct ws_db_stats {
    long long documents, failed, entities, mentions, quotes, clusters, speakers;
} ws_db_stats;

WS_API ws_status ws_db_get_stats(ws_db *db, ws_db_stats *out, ws_error *err);

/* Receives speakers with their number of quotes, most quoted first. */
typedef int (*ws_db_speaker_fn)(const char *id, const char *name, long long quotes, void *ctx);
WS_API ws_status ws_db_top_speakers(ws_db *db, size_t limit, ws_db_speaker_fn fn, void *ctx,
                                    ws_error *err);

/* Writes the tables of ws_csv_open (same files, columns and rows) from the
 * database into dir, published only when complete. */
WS_API ws_status ws_db_export_csv(ws_db *db, const char *dir, ws_error *err);
/* The same with WS_CSV_* flags. */
WS_API ws_status ws_db_export_csv_with(ws_db *db, const char *dir, unsigned flags, ws_error *err);

/* Writes every stored document, in the order stored, as the JSON Lines
 * record ws_write_jsonl wrote for its result: the same keys, order and
 * values, byte for byte. */
WS_API ws_status ws_db_export_jsonl(ws_db *db, FILE *out, ws_error *err);

/* ---------------------------------------------------------------------- */
/* HTML view: a folder a journalist opens in a browser. index.html lists the
 * documents and the most quoted speakers; each document gets a page
 * (doc-0001-<id>.html, ...) with its text, its entity mentions highlighted by
 * type, its quotes marked with speaker, cue, method and confidence, and
 * panels of speakers and entities. Pages are self-contained (no network) and
 * readable without JavaScript; no document text can inject markup.
 *
 * A document's title, date and url (from its metadata) head its page and
 * its line of the index, the url as a link.
 *
 * Pages are written to temporary files as documents come and renamed into
 * place, with the index, by ws_html_close. The writer keeps only a summary
 * per document, not the results. */
typedef struct ws_html_writer ws_html_writer;

/* Creates dir (and missing parents) if needed. */
WS_API ws_status ws_html_open(ws_html_writer **out, const char *dir, ws_error *err);
/* Writes the page of one result; a failed result gets a page with its error. */
WS_API ws_status ws_html_write(ws_html_writer *w, ws_result *res, ws_error *err);
/* Writes the index and publishes every page. Returns the first write error,
 * if any. Accepts NULL. */
WS_API ws_status ws_html_close(ws_html_writer *w, ws_error *err);
/* Removes the temporary files without publishing them. Accepts NULL. */
WS_API void ws_html_abort(ws_html_writer *w);

/* One self-contained page listing stored quotes (search results): each with
 * its speaker, date, source (a link to its url) and confidence, low
 * confidence standing out. */
WS_API ws_status ws_html_write_quotes(FILE *out, const char *title, const ws_db_quote *rows, size_t count,
                                      ws_error *err);
/* The same page for the rows of a search, headed by the query and the
 * filters that found them (words, speaker, about, since, until, limit). */
WS_API ws_status ws_html_write_search(FILE *out, const ws_db_query *q, const ws_db_quote *rows, size_t count,
                                      ws_error *err);

#ifdef __cplusplus
}
#endif

#endif /* WHOSAID_H */
