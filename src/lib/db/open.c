/*
 * open.c - the quote database's file: its schema, opening it (WAL, read
 * only for questions), batches, and the helpers every file of db/ uses.
 *
 * The schema below is the documented one (README.md, "Quote database");
 * scripts/pg-schema.sql is the same for PostgreSQL. Deleting a document
 * deletes what hangs off it through triggers, so that replacing an updated
 * article is one DELETE and the inserts of the new version.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"

/* 2: people and names (who is who across documents), the joined forms of
 * words with apostrophes in the full-text index, what the JSON Lines export
 * needs (errors, warnings, alternatives), quotes' sentences. */
#define SCHEMA_VERSION 2
#define STRINGIFY(x) #x
#define AS_STRING(x) STRINGIFY(x)

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS documents (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  doc TEXT NOT NULL UNIQUE,\n"      /* document id as given */
    "  origin TEXT NOT NULL,\n"
    "  status TEXT NOT NULL,\n"          /* ok | error */
    "  error TEXT,\n"
    "  bytes INTEGER NOT NULL,\n"
    "  entities INTEGER NOT NULL, mentions INTEGER NOT NULL,\n"
    "  quotes INTEGER NOT NULL, warnings INTEGER NOT NULL,\n"
    "  meta TEXT,\n"                     /* the input's metadata, a JSON object */
    "  source TEXT, url TEXT, date TEXT, title TEXT,\n" /* from the metadata */
    "  day TEXT,\n"                      /* YYYY-MM-DD of date, for --since/--until */
    "  hash TEXT NOT NULL,\n"
    /* the error and the warnings as the JSON Lines record has them */
    "  error_detail TEXT, warning_list TEXT);\n"           /* FNV-1a 64 of text and metadata, hex */
    "CREATE INDEX IF NOT EXISTS documents_day ON documents(day);\n"
    "CREATE TABLE IF NOT EXISTS entities (\n"
    "  id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS document_entities (\n"
    "  document INTEGER NOT NULL, ord INTEGER NOT NULL, entity TEXT NOT NULL,\n"
    "  name TEXT NOT NULL, type TEXT NOT NULL, gender TEXT, role TEXT, count INTEGER NOT NULL,\n"
    "  source TEXT, alternatives TEXT,\n" /* ids separated by '|' */
    "  alternative_list TEXT,\n"           /* [{id, name, type}] as in the JSON Lines record */
    "  person TEXT NOT NULL, linked_by TEXT NOT NULL,\n" /* who it is across documents, and why */
    "  PRIMARY KEY (document, ord)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS document_entities_person ON document_entities(person);\n"
    /* The people (places, organisations) the database tells apart: a
     * gazetteer entity is one, a name discovered in several documents may
     * be several (names.c). */
    "CREATE TABLE IF NOT EXISTS people (\n"
    "  id TEXT PRIMARY KEY,\n"            /* the entity id, or local:Name#2 for a second Name */
    "  entity TEXT NOT NULL,\n"           /* the entity id extraction gives */
    "  name TEXT NOT NULL, type TEXT NOT NULL, role TEXT,\n"
    "  role_key TEXT,\n"                  /* the role folded, to link by */
    "  first_doc TEXT NOT NULL) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS people_entity ON people(entity, role_key);\n"
    /* Every name a person is known by, folded (case, diacritics,
     * punctuation): kind is name, written (as a text wrote it), surname, or
     * alias (of a user's gazetteer: person is then its entity id). */
    "CREATE TABLE IF NOT EXISTS names (\n"
    "  folded TEXT NOT NULL, kind TEXT NOT NULL, person TEXT NOT NULL,\n"
    "  PRIMARY KEY (folded, kind, person)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS mentions (\n"
    "  document INTEGER NOT NULL, ord INTEGER NOT NULL, entity TEXT NOT NULL,\n"
    "  entity_ord INTEGER NOT NULL, text TEXT NOT NULL,\n"
    "  start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,\n"
    "  title TEXT, country TEXT,\n"
    "  PRIMARY KEY (document, ord)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity, document);\n"
    "CREATE TABLE IF NOT EXISTS clusters (\n"
    "  id INTEGER PRIMARY KEY, words TEXT NOT NULL UNIQUE);\n" /* of its first quote */
    "CREATE TABLE IF NOT EXISTS cluster_bands (\n"
    "  band INTEGER NOT NULL, cluster INTEGER NOT NULL,\n"
    "  PRIMARY KEY (band, cluster)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS cluster_bands_cluster ON cluster_bands(cluster);\n"
    "CREATE TABLE IF NOT EXISTS quotes (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  document INTEGER NOT NULL, ord INTEGER NOT NULL,\n" /* quote id is q<ord+1> */
    "  text TEXT NOT NULL, start_byte INTEGER NOT NULL, end_byte INTEGER NOT NULL,\n"
    "  speaker TEXT, speaker_id TEXT, speaker_text TEXT, cue TEXT,\n"
    "  kind TEXT NOT NULL, method TEXT, confidence REAL NOT NULL,\n"
    "  sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,\n"
    "  paragraph_start INTEGER NOT NULL, paragraph_end INTEGER NOT NULL,\n"
    "  cluster INTEGER NOT NULL,\n"
    "  person TEXT,\n"                    /* the speaker's people.id */
    "  sentence TEXT,\n"                  /* the text of the sentence(s), as quotes.csv has it */
    "  UNIQUE (document, ord));\n"
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);\n"
    "CREATE INDEX IF NOT EXISTS quotes_person ON quotes(person);\n"
    "CREATE INDEX IF NOT EXISTS quotes_cluster ON quotes(cluster);\n"
    /* rowid = quotes.id; the folded text, so that typed quote marks match,
     * and the words that hold an apostrophe joined ("dont" for "don't"). */
    "CREATE VIRTUAL TABLE IF NOT EXISTS quote_fts USING fts5(text, joined,\n"
    "  tokenize = 'unicode61 remove_diacritics 2');\n"
    "CREATE TRIGGER IF NOT EXISTS documents_delete AFTER DELETE ON documents BEGIN\n"
    "  DELETE FROM quotes WHERE document = old.id;\n"
    "  DELETE FROM mentions WHERE document = old.id;\n"
    "  DELETE FROM document_entities WHERE document = old.id;\n"
    "END;\n"
    "CREATE TRIGGER IF NOT EXISTS quotes_delete AFTER DELETE ON quotes BEGIN\n"
    "  DELETE FROM quote_fts WHERE rowid = old.id;\n"
    "  DELETE FROM clusters WHERE id = old.cluster\n"
    "    AND NOT EXISTS (SELECT 1 FROM quotes WHERE cluster = old.cluster);\n"
    "END;\n"
    "CREATE TRIGGER IF NOT EXISTS clusters_delete AFTER DELETE ON clusters BEGIN\n"
    "  DELETE FROM cluster_bands WHERE cluster = old.id;\n"
    "END;\n";

ws_status ws__db_fail(ws_db *db, ws_error *err, const char *what)
{
    return ws__fail(err, WS_ERR_IO, db->path, 0, -1, "%s: %s", what, sqlite3_errmsg(db->sql));
}

ws_status ws__db_prepare(ws_db *db, const char *sql, sqlite3_stmt **stmt, ws_error *err)
{
    if (sqlite3_prepare_v2(db->sql, sql, -1, stmt, NULL) != SQLITE_OK)
        return ws__db_fail(db, err, "cannot prepare a query");
    return WS_OK;
}

int ws__db_bind_str(sqlite3_stmt *stmt, int index, const char *s)
{
    return s ? sqlite3_bind_text(stmt, index, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(stmt, index);
}

const char *ws__db_column_str(sqlite3_stmt *stmt, int col)
{
    return (const char *)sqlite3_column_text(stmt, col);
}

ws_status ws__db_exec(ws_db *db, const char *sql, ws_error *err, const char *what)
{
    return sqlite3_exec(db->sql, sql, NULL, NULL, NULL) == SQLITE_OK ? WS_OK
                                                                   : ws__db_fail(db, err, what);
}

/* ---------------------------------------------------------------------- */
/* Opening. */

/* The schema version the file holds: 0 for a new (empty) database. */
static ws_status schema_version(ws_db *db, int *version, ws_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (ws__db_prepare(db, "PRAGMA user_version", &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? WS_OK : ws__db_fail(db, err, "cannot read the database");
}

static ws_status create_schema(ws_db *db, ws_error *err)
{
    ws_status status = ws__db_exec(db, "BEGIN", err, "cannot create the schema");

    if (status == WS_OK)
        status = ws__db_exec(db, schema, err, "cannot create the schema");
    if (status == WS_OK)
        status = ws__db_exec(db, "PRAGMA user_version = " AS_STRING(SCHEMA_VERSION) "; COMMIT", err,
                             "cannot create the schema");
    return status;
}

/* Why a file is no database of ours, for the read-only open. */
static ws_status not_ours(const char *path, int version, ws_error *err)
{
    struct stat st;

    if (version == 0 && stat(path, &st) == 0 && st.st_size == 0)
        return ws__fail(err, WS_ERR_INPUT, path, 0, -1, "an empty file, not a quote database");
    if (version == 0)
        return ws__fail(err, WS_ERR_INPUT, path, 0, -1, "not a whosaid database (no schema)");
    return ws__fail(err, WS_ERR_INPUT, path, 0, -1,
                    "not a whosaid database of this version (schema version %d, expected %d): "
                    "build it again from its inputs", version, SCHEMA_VERSION);
}

ws_status ws_db_open_with(ws_db **out, const char *path, unsigned flags, ws_error *err)
{
    int read_only = (flags & WS_DB_READ_ONLY) != 0, version = -1;
    ws_status status;
    struct stat st;
    ws_db *db;

    if (!out || !path || !path[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_open: a path is required");
    *out = NULL;
    /* SQLite would say "unable to open database file" for a typo. */
    if (read_only && stat(path, &st) != 0)
        return ws__fail(err, WS_ERR_IO, path, 0, -1, "%s", errno == ENOENT ? "no such database" : strerror(errno));
    db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    }
    if (sqlite3_open_v2(path, &db->sql, read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK) {
        status = ws__db_fail(db, err, "cannot open the database");
        goto fail;
    }
    /* Another process (an import) may hold the write lock for a batch. */
    sqlite3_busy_timeout(db->sql, 10000);
    /* WAL: readers go on during an import; NORMAL: a crash loses at most
     * the last commits, never consistency. A reader leaves the mode as the
     * writer set it. */
    if (!read_only && (status = ws__db_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", err,
                                            "cannot open the database")) != WS_OK)
        goto fail;
    if ((status = schema_version(db, &version, err)) != WS_OK)
        goto fail;
    if (version == SCHEMA_VERSION) {
        *out = db;
        return WS_OK;
    }
    if (version == 0 && !read_only && (status = create_schema(db, err)) == WS_OK) {
        *out = db;
        return WS_OK;
    }
    if (version != 0 || read_only)
        status = not_ours(path, version, err);
fail:
    ws_db_close(db);
    return status;
}

ws_status ws_db_open(ws_db **out, const char *path, ws_error *err)
{
    return ws_db_open_with(out, path, 0, err);
}

void ws_db_close(ws_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < WS__DB_STMT_COUNT; i++)
        sqlite3_finalize(db->stmts[i]);
    if (db->in_batch)
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db->sql);
    ws__db_forget(db);
    free(db->path);
    free(db);
}

ws_status ws_db_begin(ws_db *db, ws_error *err)
{
    if (!db || db->in_batch)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_begin: a batch is already open");
    if (ws__db_exec(db, "BEGIN IMMEDIATE", err, "cannot begin a batch") != WS_OK)
        return err ? err->status : WS_ERR_IO;
    db->in_batch = 1;
    return WS_OK;
}

ws_status ws_db_commit(ws_db *db, ws_error *err)
{
    if (!db || !db->in_batch)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_commit: no batch is open");
    db->in_batch = 0;
    if (ws__db_exec(db, "COMMIT", err, "cannot commit") != WS_OK) {
        ws__db_forget(db);
        return WS_ERR_IO;
    }
    return WS_OK;
}

