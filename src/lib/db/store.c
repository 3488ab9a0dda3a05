/*
 * store.c - the quote database: opening it (schema, WAL), batches, and
 * storing results idempotently by content hash.
 *
 * The schema below is the documented one (README.md, "Quote database");
 * scripts/pg-schema.sql is the same for PostgreSQL. Deleting a document
 * deletes what hangs off it through triggers, so that replacing an updated
 * article is one DELETE and the inserts of the new version.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "db.h"

#define SCHEMA_VERSION 1
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
    "  hash TEXT NOT NULL);\n"           /* FNV-1a 64 of text and metadata, hex */
    "CREATE INDEX IF NOT EXISTS documents_day ON documents(day);\n"
    "CREATE TABLE IF NOT EXISTS entities (\n"
    "  id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS document_entities (\n"
    "  document INTEGER NOT NULL, ord INTEGER NOT NULL, entity TEXT NOT NULL,\n"
    "  name TEXT NOT NULL, type TEXT NOT NULL, gender TEXT, role TEXT, count INTEGER NOT NULL,\n"
    "  source TEXT, alternatives TEXT,\n" /* ids separated by '|' */
    "  PRIMARY KEY (document, ord)) WITHOUT ROWID;\n"
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
    "  UNIQUE (document, ord));\n"
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);\n"
    "CREATE INDEX IF NOT EXISTS quotes_cluster ON quotes(cluster);\n"
    /* rowid = quotes.id; the folded text, so that typed quote marks match. */
    "CREATE VIRTUAL TABLE IF NOT EXISTS quote_fts USING fts5(text,\n"
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

static const char *const stmt_sql[WS__DB_STMT_COUNT] = {
    [WS__DB_FIND_DOC] = "SELECT id, hash FROM documents WHERE doc = ?",
    [WS__DB_DELETE_DOC] = "DELETE FROM documents WHERE id = ?",
    [WS__DB_INSERT_DOC] =
        "INSERT INTO documents (doc, origin, status, error, bytes, entities, mentions, quotes,"
        " warnings, meta, source, url, date, title, day, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_UPSERT_ENTITY] =
        "INSERT INTO entities (id, name, type) VALUES (?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type"
        " WHERE name <> excluded.name OR type <> excluded.type",
    [WS__DB_INSERT_DOC_ENTITY] =
        "INSERT INTO document_entities (document, ord, entity, name, type, gender, role, count,"
        " source, alternatives) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_INSERT_MENTION] =
        "INSERT INTO mentions (document, ord, entity, entity_ord, text, start_byte, end_byte,"
        " title, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_FIND_CLUSTER] = "SELECT id FROM clusters WHERE words = ?",
    [WS__DB_BAND_CLUSTERS] = "SELECT cluster FROM cluster_bands WHERE band = ?",
    [WS__DB_CLUSTER_KEY] = "SELECT words FROM clusters WHERE id = ?",
    [WS__DB_INSERT_CLUSTER] = "INSERT INTO clusters (words) VALUES (?)",
    [WS__DB_INSERT_BAND] = "INSERT OR IGNORE INTO cluster_bands (band, cluster) VALUES (?, ?)",
    [WS__DB_INSERT_QUOTE] =
        "INSERT INTO quotes (document, ord, text, start_byte, end_byte, speaker, speaker_id,"
        " speaker_text, cue, kind, method, confidence, sentence_start, sentence_end,"
        " paragraph_start, paragraph_end, cluster)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_INSERT_FTS] = "INSERT INTO quote_fts (rowid, text) VALUES (?, ?)",
};

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

/* A cached statement, reset and unbound, or NULL after reporting. */
static sqlite3_stmt *stmt(ws_db *db, int which, ws_error *err)
{
    sqlite3_stmt **s = &db->stmts[which];

    if (!*s && ws__db_prepare(db, stmt_sql[which], s, err) != WS_OK)
        return NULL;
    sqlite3_reset(*s);
    sqlite3_clear_bindings(*s);
    return *s;
}

/* Runs a statement that returns no rows, once its parameters are bound:
 * bound is the OR of the bind calls' codes (SQLITE_OK is 0). */
static ws_status run(ws_db *db, sqlite3_stmt *s, int bound, ws_error *err, const char *what)
{
    int rc;

    if (bound != SQLITE_OK)
        return ws__fail(err, WS_ERR_IO, db->path, 0, -1, "%s: %s", what, sqlite3_errstr(bound));
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, what);
}

static ws_status exec(ws_db *db, const char *sql, ws_error *err, const char *what)
{
    return sqlite3_exec(db->sql, sql, NULL, NULL, NULL) == SQLITE_OK ? WS_OK
                                                                   : ws__db_fail(db, err, what);
}

/* ---------------------------------------------------------------------- */
/* Opening. */

ws_status ws_db_open(ws_db **out, const char *path, ws_error *err)
{
    ws_db *db;
    ws_status status;
    int version = -1;
    sqlite3_stmt *s;

    if (!out || !path || !path[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_open: a path is required");
    *out = NULL;
    db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    }
    if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        status = ws__db_fail(db, err, "cannot open the database");
        goto fail;
    }
    /* Another process (an import) may hold the write lock for a batch. */
    sqlite3_busy_timeout(db->sql, 10000);
    /* WAL: readers go on during an import; NORMAL: a crash loses at most
     * the last commits, never consistency. */
    status = exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", err,
                  "cannot open the database");
    if (status != WS_OK)
        goto fail;
    if ((status = ws__db_prepare(db, "PRAGMA user_version", &s, err)) != WS_OK)
        goto fail;
    if (sqlite3_step(s) == SQLITE_ROW)
        version = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (version == 0) {
        status = exec(db, "BEGIN", err, "cannot create the schema");
        if (status == WS_OK)
            status = exec(db, schema, err, "cannot create the schema");
        if (status == WS_OK)
            status = exec(db, "PRAGMA user_version = " AS_STRING(SCHEMA_VERSION) "; COMMIT", err,
                          "cannot create the schema");
        if (status != WS_OK)
            goto fail;
    } else if (version != SCHEMA_VERSION) {
        status = ws__fail(err, WS_ERR_INPUT, path, 0, -1,
                          "not a whosaid database (schema version %d, expected %d)", version,
                          SCHEMA_VERSION);
        goto fail;
    }
    *out = db;
    return WS_OK;
fail:
    ws_db_close(db);
    return status;
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
    free(db->path);
    free(db);
}

ws_status ws_db_begin(ws_db *db, ws_error *err)
{
    if (!db || db->in_batch)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_begin: a batch is already open");
    if (exec(db, "BEGIN IMMEDIATE", err, "cannot begin a batch") != WS_OK)
        return err ? err->status : WS_ERR_IO;
    db->in_batch = 1;
    return WS_OK;
}

ws_status ws_db_commit(ws_db *db, ws_error *err)
{
    if (!db || !db->in_batch)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_commit: no batch is open");
    db->in_batch = 0;
    return exec(db, "COMMIT", err, "cannot commit");
}

/* ---------------------------------------------------------------------- */
/* Storing. */

/* FNV-1a 64 of the text, then of the metadata, as 16 hex digits. */
static void content_hash(char hex[17], const char *text, size_t len, const char *meta)
{
    uint64_t h = ws__hash(text, len);

    if (meta) {
        for (const char *p = meta; *p; p++) {
            h ^= (unsigned char)*p;
            h *= 1099511628211ULL;
        }
    }
    snprintf(hex, 17, "%016llx", (unsigned long long)h);
}

/* Steps a query whose parameters are bound (bound: as for run) to its
 * first row; *rc is SQLITE_ROW or SQLITE_DONE on success. */
static ws_status first_row(ws_db *db, sqlite3_stmt *s, int bound, int *rc, ws_error *err,
                           const char *what)
{
    if (bound != SQLITE_OK)
        return ws__fail(err, WS_ERR_IO, db->path, 0, -1, "%s: %s", what, sqlite3_errstr(bound));
    *rc = sqlite3_step(s);
    if (*rc == SQLITE_ROW || *rc == SQLITE_DONE)
        return WS_OK;
    sqlite3_reset(s);
    return ws__db_fail(db, err, what);
}

/* Looks up a document: *rowid 0 when it is not stored, *same when its hash
 * is this one. */
static ws_status find_document(ws_db *db, const char *doc, const char *hash, sqlite3_int64 *rowid,
                               int *same, ws_error *err)
{
    sqlite3_stmt *s = stmt(db, WS__DB_FIND_DOC, err);
    int rc = SQLITE_DONE;

    *rowid = 0;
    *same = 0;
    if (!s || first_row(db, s, sqlite3_bind_text(s, 1, doc, -1, SQLITE_STATIC), &rc, err,
                        "cannot read documents") != WS_OK)
        return WS_ERR_IO;
    if (rc == SQLITE_ROW) {
        *rowid = sqlite3_column_int64(s, 0);
        *same = strcmp(ws__db_column_str(s, 1), hash) == 0;
    }
    sqlite3_reset(s);
    return WS_OK;
}

ws_status ws_db_has(ws_db *db, const ws_document *doc, int *stored, ws_error *err)
{
    char hash[17];
    sqlite3_int64 rowid;

    if (!db || !doc || !doc->id || !stored)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_has: database and document are required");
    *stored = 0;
    if (!doc->text)
        return WS_OK;
    content_hash(hash, doc->text, doc->len, doc->meta_json);
    return find_document(db, doc->id, hash, &rowid, stored, err);
}

/* The metadata fields a fact-checker needs, from the JSON object. */
typedef struct doc_meta {
    json_t *root;
    const char *source, *url, *date, *title;
    char day[11];
} doc_meta;

static void meta_init(doc_meta *m, const char *meta_json)
{
    memset(m, 0, sizeof *m);
    m->root = meta_json ? json_loads(meta_json, 0, NULL) : NULL;
    if (!json_is_object(m->root))
        return;
    m->source = json_string_value(json_object_get(m->root, "source"));
    /* a web page names its publication "site" (README.md, "Web pages") */
    if (!m->source)
        m->source = json_string_value(json_object_get(m->root, "site"));
    m->url = json_string_value(json_object_get(m->root, "url"));
    m->date = json_string_value(json_object_get(m->root, "date"));
    m->title = json_string_value(json_object_get(m->root, "title"));
    /* ISO 8601 starts with YYYY-MM-DD; anything else has no day. */
    if (m->date && strlen(m->date) >= 10 && m->date[4] == '-' && m->date[7] == '-') {
        memcpy(m->day, m->date, 10);
        for (int i = 0; i < 10; i++)
            if (i != 4 && i != 7 && (m->day[i] < '0' || m->day[i] > '9'))
                m->day[0] = '\0';
    }
}

static ws_status insert_document(ws_db *db, ws_result *res, const char *hash, sqlite3_int64 *rowid,
                                 ws_error *err)
{
    sqlite3_stmt *s = stmt(db, WS__DB_INSERT_DOC, err);
    const ws_error *failed = ws_result_error(res);
    ws_status status;
    doc_meta m;
    int rc = SQLITE_OK;

    if (!s)
        return WS_ERR_IO;
    meta_init(&m, ws_result_meta_json(res));
    rc |= sqlite3_bind_text(s, 1, ws_result_doc_id(res), -1, SQLITE_STATIC);
    rc |= sqlite3_bind_text(s, 2, ws_result_origin(res), -1, SQLITE_STATIC);
    rc |= sqlite3_bind_text(s, 3, failed ? "error" : "ok", -1, SQLITE_STATIC);
    rc |= ws__db_bind_str(s, 4, failed ? failed->message : NULL);
    rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)ws_result_doc_len(res));
    rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)ws_result_entity_count(res));
    rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)ws_result_mention_count(res));
    rc |= sqlite3_bind_int64(s, 8, (sqlite3_int64)ws_result_quote_count(res));
    rc |= sqlite3_bind_int64(s, 9, (sqlite3_int64)ws_result_warning_count(res));
    rc |= ws__db_bind_str(s, 10, ws_result_meta_json(res));
    rc |= ws__db_bind_str(s, 11, m.source);
    rc |= ws__db_bind_str(s, 12, m.url);
    rc |= ws__db_bind_str(s, 13, m.date);
    rc |= ws__db_bind_str(s, 14, m.title);
    rc |= ws__db_bind_str(s, 15, m.day[0] ? m.day : NULL);
    rc |= sqlite3_bind_text(s, 16, hash, -1, SQLITE_STATIC);
    status = run(db, s, rc, err, "cannot store a document");
    json_decref(m.root);
    *rowid = sqlite3_last_insert_rowid(db->sql);
    return status;
}

/* The ids of what an entity's names could also have meant, separated by
 * '|' as in entities.csv; NULL when there are none. */
static int bind_alternatives(sqlite3_stmt *s, int index, const ws_entity *e)
{
    size_t len = 0, o = 0;
    char *ids;

    if (e->alternative_count == 0)
        return sqlite3_bind_null(s, index);
    for (size_t i = 0; i < e->alternative_count; i++)
        len += strlen(e->alternatives[i].id) + 1;
    if (!(ids = malloc(len)))
        return SQLITE_NOMEM;
    for (size_t i = 0; i < e->alternative_count; i++) {
        size_t n = strlen(e->alternatives[i].id);

        memcpy(ids + o, e->alternatives[i].id, n);
        o += n;
        ids[o++] = '|';
    }
    ids[o - 1] = '\0';
    return sqlite3_bind_text(s, index, ids, -1, free);
}

static ws_status insert_entities(ws_db *db, ws_result *res, sqlite3_int64 doc, ws_error *err)
{
    size_t count = ws_result_entity_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_entity *e = ws_result_entity(res, i);
        const char *type = ws_entity_type_str(e->type);
        sqlite3_stmt *s = stmt(db, WS__DB_UPSERT_ENTITY, err);
        int rc = SQLITE_OK;

        if (!s)
            return WS_ERR_IO;
        rc |= sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 2, e->name, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 3, type, -1, SQLITE_STATIC);
        if (run(db, s, rc, err, "cannot store an entity") != WS_OK)
            return WS_ERR_IO;
        if (!(s = stmt(db, WS__DB_INSERT_DOC_ENTITY, err)))
            return WS_ERR_IO;
        rc |= sqlite3_bind_int64(s, 1, doc);
        rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        rc |= sqlite3_bind_text(s, 3, e->id, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 4, e->name, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 5, type, -1, SQLITE_STATIC);
        rc |= ws__db_bind_str(s, 6, e->gender);
        rc |= ws__db_bind_str(s, 7, e->role);
        rc |= sqlite3_bind_int64(s, 8, (sqlite3_int64)e->mention_count);
        rc |= ws__db_bind_str(s, 9, e->source);
        rc |= bind_alternatives(s, 10, e);
        if (run(db, s, rc, err, "cannot store an entity") != WS_OK)
            return WS_ERR_IO;
    }
    return WS_OK;
}

/* Binds a span's text; an empty span is NULL, as it is an empty field in
 * the CSV tables. An SQLite code, as the bind calls return. */
static int bind_span(sqlite3_stmt *s, int index, ws_result *res, ws_span span)
{
    size_t len = 0;
    const char *text;

    if (ws__span_empty(span))
        return sqlite3_bind_null(s, index);
    if (!(text = ws_result_text(res, span, &len)))
        return SQLITE_NOMEM;
    return sqlite3_bind_text(s, index, text, (int)len, SQLITE_TRANSIENT);
}

static ws_status insert_mentions(ws_db *db, ws_result *res, sqlite3_int64 doc, ws_error *err)
{
    size_t count = ws_result_mention_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_mention *m = ws_result_mention(res, i);
        sqlite3_stmt *s = stmt(db, WS__DB_INSERT_MENTION, err);
        int rc = SQLITE_OK;

        if (!s)
            return WS_ERR_IO;
        rc |= sqlite3_bind_int64(s, 1, doc);
        rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
        rc |= sqlite3_bind_text(s, 3, ws_result_entity(res, m->entity)->id, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_int64(s, 4, (sqlite3_int64)m->entity);
        rc |= bind_span(s, 5, res, m->span);
        rc |= sqlite3_bind_int64(s, 6, (sqlite3_int64)m->span.start);
        rc |= sqlite3_bind_int64(s, 7, (sqlite3_int64)m->span.end);
        rc |= bind_span(s, 8, res, m->title);
        rc |= ws__db_bind_str(s, 9, m->country);
        if (run(db, s, rc, err, "cannot store a mention") != WS_OK)
            return WS_ERR_IO;
    }
    return WS_OK;
}

/* Among the clusters sharing a band with these, the one most like words
 * at or above the threshold; *found 0 when there is none. */
static ws_status near_cluster(ws_db *db, const char *words, const int64_t bands[WS__DB_BANDS],
                              sqlite3_int64 *cluster, int *found, ws_error *err)
{
    double best = WS__DB_SAME_QUOTE;

    *found = 0;
    for (int b = 0; b < WS__DB_BANDS; b++) {
        sqlite3_stmt *s = stmt(db, WS__DB_BAND_CLUSTERS, err);
        int rc;

        if (!s || first_row(db, s, sqlite3_bind_int64(s, 1, bands[b]), &rc, err,
                            "cannot read clusters") != WS_OK)
            return WS_ERR_IO;
        for (; rc == SQLITE_ROW; rc = sqlite3_step(s)) {
            sqlite3_int64 candidate = sqlite3_column_int64(s, 0);
            sqlite3_stmt *k = stmt(db, WS__DB_CLUSTER_KEY, err);
            double similarity;
            int krc = SQLITE_DONE;

            if (!k || first_row(db, k, sqlite3_bind_int64(k, 1, candidate), &krc, err,
                                "cannot read clusters") != WS_OK) {
                sqlite3_reset(s);
                return WS_ERR_IO;
            }
            similarity = krc == SQLITE_ROW ? ws__db_overlap(words, ws__db_column_str(k, 0)) : 0.0;
            sqlite3_reset(k);
            if (similarity >= best) {
                best = similarity;
                *cluster = candidate;
                *found = 1;
            }
        }
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return ws__db_fail(db, err, "cannot read clusters");
    }
    return WS_OK;
}

/* The cluster of a quote with these words: the same words, else a near
 * duplicate, else a new cluster. */
static ws_status cluster_of(ws_db *db, const char *words, sqlite3_int64 *cluster, ws_error *err)
{
    int64_t bands[WS__DB_BANDS];
    int has_bands, found, rc;
    sqlite3_stmt *s = stmt(db, WS__DB_FIND_CLUSTER, err);

    if (!s || first_row(db, s, sqlite3_bind_text(s, 1, words, -1, SQLITE_STATIC), &rc, err,
                        "cannot read clusters") != WS_OK)
        return WS_ERR_IO;
    if (rc == SQLITE_ROW)
        *cluster = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return WS_OK;
    has_bands = ws__db_bands(words, bands);
    if (has_bands) {
        if (near_cluster(db, words, bands, cluster, &found, err) != WS_OK)
            return WS_ERR_IO;
        if (found)
            return WS_OK;
    }
    if (!(s = stmt(db, WS__DB_INSERT_CLUSTER, err)) ||
        run(db, s, sqlite3_bind_text(s, 1, words, -1, SQLITE_STATIC), err,
            "cannot store a cluster") != WS_OK)
        return WS_ERR_IO;
    *cluster = sqlite3_last_insert_rowid(db->sql);
    for (int b = 0; has_bands && b < WS__DB_BANDS; b++) {
        if (!(s = stmt(db, WS__DB_INSERT_BAND, err)) ||
            run(db, s, sqlite3_bind_int64(s, 1, bands[b]) | sqlite3_bind_int64(s, 2, *cluster),
                err, "cannot store a cluster") != WS_OK)
            return WS_ERR_IO;
    }
    return WS_OK;
}

/* Stores one quote: its row, its cluster and its folded text for search. */
static ws_status insert_quote(ws_db *db, ws_result *res, sqlite3_int64 doc, size_t i, ws_error *err)
{
    const ws_quote *q = ws_result_quote(res, i);
    const ws_entity *speaker = ws__quote_speaker(res, q);
    const char *text = ws_result_text(res, q->span, NULL);
    char *folded = text ? ws__db_fold(text, err) : NULL;
    char *words = folded ? ws__db_words(folded, NULL) : NULL;
    sqlite3_stmt *s;
    sqlite3_int64 cluster;
    ws_status status = WS_ERR_IO;
    int rc = SQLITE_OK;

    if (!words) {
        status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        goto done;
    }
    if (cluster_of(db, words, &cluster, err) != WS_OK || !(s = stmt(db, WS__DB_INSERT_QUOTE, err)))
        goto done;
    rc |= sqlite3_bind_int64(s, 1, doc);
    rc |= sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
    /* Copied now: the text's buffer is reused by the next span. */
    rc |= sqlite3_bind_text(s, 3, text, -1, SQLITE_TRANSIENT);
    rc |= sqlite3_bind_int64(s, 4, (sqlite3_int64)q->span.start);
    rc |= sqlite3_bind_int64(s, 5, (sqlite3_int64)q->span.end);
    rc |= ws__db_bind_str(s, 6, speaker ? speaker->name : NULL);
    rc |= ws__db_bind_str(s, 7, speaker ? speaker->id : NULL);
    rc |= bind_span(s, 8, res, q->speaker_span);
    rc |= bind_span(s, 9, res, q->cue_span);
    rc |= sqlite3_bind_text(s, 10, ws_quote_kind_str(q->kind), -1, SQLITE_STATIC);
    rc |= ws__db_bind_str(s, 11, ws_quote_method_str(q->method));
    rc |= sqlite3_bind_double(s, 12, q->confidence);
    rc |= sqlite3_bind_int64(s, 13, (sqlite3_int64)q->sentence.start);
    rc |= sqlite3_bind_int64(s, 14, (sqlite3_int64)q->sentence.end);
    rc |= sqlite3_bind_int64(s, 15, (sqlite3_int64)q->paragraph.start);
    rc |= sqlite3_bind_int64(s, 16, (sqlite3_int64)q->paragraph.end);
    rc |= sqlite3_bind_int64(s, 17, cluster);
    if (run(db, s, rc, err, "cannot store a quote") != WS_OK || !(s = stmt(db, WS__DB_INSERT_FTS, err)))
        goto done;
    rc = sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(db->sql));
    rc |= sqlite3_bind_text(s, 2, folded, -1, SQLITE_STATIC);
    status = run(db, s, rc, err, "cannot index a quote");
done:
    free(folded);
    free(words);
    return status;
}

static ws_status store(ws_db *db, ws_result *res, ws_db_change *change, ws_error *err)
{
    size_t len = 0, quotes = ws_result_quote_count(res);
    const char *text = ws_result_text(res, (ws_span){0, ws_result_doc_len(res)}, &len);
    char hash[17];
    sqlite3_int64 old, doc;
    sqlite3_stmt *s;
    int same;
    ws_status status;

    if (!text)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    content_hash(hash, text, len, ws_result_meta_json(res));
    if ((status = find_document(db, ws_result_doc_id(res), hash, &old, &same, err)) != WS_OK)
        return status;
    *change = old == 0 ? WS_DB_ADDED : same ? WS_DB_UNCHANGED : WS_DB_REPLACED;
    if (*change == WS_DB_UNCHANGED)
        return WS_OK;
    /* The triggers delete the old version's entities, mentions and quotes. */
    if (old != 0 && (!(s = stmt(db, WS__DB_DELETE_DOC, err)) ||
                     run(db, s, sqlite3_bind_int64(s, 1, old), err, "cannot replace a document") != WS_OK))
        return WS_ERR_IO;
    if ((status = insert_document(db, res, hash, &doc, err)) != WS_OK ||
        (status = insert_entities(db, res, doc, err)) != WS_OK ||
        (status = insert_mentions(db, res, doc, err)) != WS_OK)
        return status;
    for (size_t i = 0; i < quotes; i++)
        if ((status = insert_quote(db, res, doc, i, err)) != WS_OK)
            return status;
    return WS_OK;
}

ws_status ws_db_add(ws_db *db, ws_result *res, ws_db_change *change, ws_error *err)
{
    ws_db_change ignored;
    ws_status status;

    if (!db || !res)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_add: database and result are required");
    /* A savepoint makes each document whole, in a batch or on its own. */
    if ((status = exec(db, "SAVEPOINT add_document", err, "cannot store a document")) != WS_OK)
        return status;
    status = store(db, res, change ? change : &ignored, err);
    if (status != WS_OK) {
        sqlite3_exec(db->sql, "ROLLBACK TO add_document; RELEASE add_document", NULL, NULL, NULL);
        return status;
    }
    return exec(db, "RELEASE add_document", err, "cannot store a document");
}
