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
    WS__DB_INSERT_QUOTE, WS__DB_INSERT_FTS, WS__DB_STMT_COUNT
};

struct ws_db {
    sqlite3 *sql;
    char *path;
    int in_batch;
    sqlite3_stmt *stmts[WS__DB_STMT_COUNT];
};

/* Fails with SQLite's message for the database's last error. */
ws_status ws__db_fail(ws_db *db, ws_error *err, const char *what);
/* Runs statements that return no rows; on failure reports what failed. */
ws_status ws__db_exec(ws_db *db, const char *sql, ws_error *err, const char *what);
/* Prepares sql; on failure reports it. */
ws_status ws__db_prepare(ws_db *db, const char *sql, sqlite3_stmt **stmt, ws_error *err);
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

#endif /* WS_DB_H */
