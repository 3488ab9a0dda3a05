/*
 * db.h - what the files of the quote database share. Not installed.
 *
 * open.c opens the database, store.c stores results, cluster.c folds quote
 * text into words, search keys and similarity, search.c answers queries
 * and export.c writes the CSV tables (with export/'s table writer).
 */
#ifndef WS_DB_H
#define WS_DB_H

#include <stdint.h>

#include <sqlite3.h>

#include "base.h"

/* The statements used per document, prepared once (store.c). */
enum {
    WS__DB_FIND_DOC, WS__DB_DELETE_DOC, WS__DB_INSERT_DOC, WS__DB_UPSERT_ENTITY,
    WS__DB_INSERT_DOC_ENTITY, WS__DB_INSERT_MENTION, WS__DB_FIND_CLUSTER,
    WS__DB_BAND_CLUSTERS, WS__DB_CLUSTER_KEY, WS__DB_INSERT_CLUSTER, WS__DB_INSERT_BAND,
    WS__DB_INSERT_QUOTE, WS__DB_INSERT_FTS,
    WS__DB_INSERT_PERSON, WS__DB_FIND_PERSON, WS__DB_FIND_ROLE, WS__DB_FIND_FIRST_DOC, WS__DB_FIND_ALIAS,
    WS__DB_INSERT_NAME, WS__DB_STMT_COUNT
};

struct ws_db {
    sqlite3 *sql;
    char *path;
    int in_batch;
    sqlite3_stmt *stmts[WS__DB_STMT_COUNT];
    ws__wordset seen; /* names and people stored by this handle (names.c) */
};

/* Fails with SQLite's message for the database's last error. */
ws_status ws__db_fail(ws_db *db, ws_error *err, const char *what);
/* Runs statements that return no rows; on failure reports what failed. */
ws_status ws__db_exec(ws_db *db, const char *sql, ws_error *err, const char *what);
/* Prepares sql; on failure reports it. */
ws_status ws__db_prepare(ws_db *db, const char *sql, sqlite3_stmt **stmt, ws_error *err);
/* A cached statement of the enum above, reset and unbound, or NULL after
 * reporting (store.c). */
sqlite3_stmt *ws__db_stmt(ws_db *db, int which, ws_error *err);
/* Runs a statement that returns no rows, once its parameters are bound:
 * bound is the OR of the bind calls' codes (SQLITE_OK is 0). */
ws_status ws__db_run(ws_db *db, sqlite3_stmt *s, int bound, ws_error *err, const char *what);
/* Steps a query whose parameters are bound (bound: as for ws__db_run) to
 * its first row; *rc is SQLITE_ROW or SQLITE_DONE on success. */
ws_status ws__db_first_row(ws_db *db, sqlite3_stmt *s, int bound, int *rc, ws_error *err, const char *what);
/* Binds a string, or NULL when s is NULL. */
int ws__db_bind_str(sqlite3_stmt *stmt, int index, const char *s);
/* A column as a string, or NULL. */
const char *ws__db_column_str(sqlite3_stmt *stmt, int col);

/* ---- cluster.c ------------------------------------------------------- */

/* The folded view of a text: quote marks, apostrophes and dashes as ASCII
 * (the view extraction works on), malloc'ed. What is indexed and what is
 * queried are folded the same way, so "haven't" finds "haven’t". */
char *ws__db_fold(const char *text, ws_error *err);

/* The words of a folded text: runs of ASCII letters and digits and of
 * non-ASCII bytes, ASCII lowercased, joined by single spaces; malloc'ed. */
char *ws__db_words(const char *folded, size_t *count);

/* The words a query looks for: as ws__db_words, but the letters around an
 * apostrophe are one word ("don't" -> "dont"), so that "dont", "don't" and
 * "don’t" find each other (the index holds the joined form of each word
 * with an apostrophe as well: ws__db_joined_words); malloc'ed. */
char *ws__db_query_words(const char *folded);
/* Only the words of a folded text that hold an apostrophe, joined
 * ("don't Kyiv's" -> "dont kyivs"): the index's second column; malloc'ed. */
char *ws__db_joined_words(const char *folded);

/* An FTS5 query for words: each word quoted (so no query syntax gets
 * through), as one phrase or joined by AND or OR; malloc'ed. */
typedef enum ws__db_match { WS__DB_PHRASE, WS__DB_ALL, WS__DB_ANY } ws__db_match;
char *ws__db_fts_query(const char *words, ws__db_match how);

#define WS__DB_BANDS 8
/* Near-duplicate candidates share a band: MinHash of the word set, two
 * hashes per band. Only quotes of WS__DB_NEAR_MIN_WORDS words or more get
 * bands; shorter ones cluster by exact words only. Returns 0 when there are
 * too few words. */
#define WS__DB_NEAR_MIN_WORDS 6
int ws__db_bands(const char *words, int64_t bands[WS__DB_BANDS]);

/* Similarity of two word strings for clustering: shared distinct words
 * over the smaller set (so a trimmed quote matches its whole), 0 when the
 * shorter has less than half the words of the longer. */
double ws__db_overlap(const char *a, const char *b);
#define WS__DB_SAME_QUOTE 0.8

/* Jaccard similarity of the distinct words, to rank matches. */
double ws__db_jaccard(const char *a, const char *b);

/* ---- names.c ---------------------------------------------------------- */

/* A name folded for comparing: lowercase, Latin letters without their
 * diacritics, apostrophes dropped, other punctuation and spaces as single
 * spaces; malloc'ed. */
char *ws__db_fold_name(const char *s);

/* Who an entity of a stored document is in the database. */
typedef struct ws__db_person {
    char *id;              /* people.id */
    const char *linked_by; /* "gazetteer id", "user gazetteer", "same role", "same name", "first seen" */
} ws__db_person;

/* Links every entity of res (people: one per entity) to a person of the
 * database, creating people as needed, and stores their names. */
ws_status ws__db_link(ws_db *db, ws_result *res, ws__db_person *people, ws_error *err);
/* Stores a mention's text as a name of its person. */
ws_status ws__db_add_mention_name(ws_db *db, ws_result *res, const ws_mention *m, const char *person,
                                  ws_error *err);
void ws__db_people_free(ws__db_person *people, size_t n);
/* Forgets what names.c remembers having stored: after a rollback. */
void ws__db_forget(ws_db *db);

/* The people ids a name stands for (ws_db_find_people), as a JSON array
 * text (malloc'ed; "[]" for none), handing each to fn when fn is set. */
char *ws__db_resolve(ws_db *db, ws_extractor *names, const char *name, ws_db_person_fn fn, void *ctx,
                     int *ambiguous, ws_error *err);

#endif /* WS_DB_H */
