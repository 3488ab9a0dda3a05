/*
 * store.c - storing results in the quote database idempotently by content
 * hash: a document, its entities, mentions and quotes, and the quotes'
 * clusters. The schema is in open.c.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "db.h"

static const char *const stmt_sql[WS__DB_STMT_COUNT] = {
    [WS__DB_FIND_DOC] = "SELECT id, hash FROM documents WHERE doc = ?",
    [WS__DB_DELETE_DOC] = "DELETE FROM documents WHERE id = ?",
    [WS__DB_INSERT_DOC] =
        "INSERT INTO documents (doc, origin, status, error, bytes, entities, mentions, quotes,"
        " warnings, meta, source, url, date, title, day, hash, error_detail, warning_list)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_UPSERT_ENTITY] =
        "INSERT INTO entities (id, name, type) VALUES (?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type"
        " WHERE name <> excluded.name OR type <> excluded.type",
    [WS__DB_INSERT_DOC_ENTITY] =
        "INSERT INTO document_entities (document, ord, entity, name, type, gender, role, count,"
        " source, alternatives, person, linked_by, alternative_list)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        " paragraph_start, paragraph_end, cluster, person, sentence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_INSERT_FTS] = "INSERT INTO quote_fts (rowid, text, joined) VALUES (?, ?, ?)",
    [WS__DB_INSERT_PERSON] =
        "INSERT OR IGNORE INTO people (id, entity, name, type, role, role_key, first_doc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
    [WS__DB_FIND_PERSON] = "SELECT id FROM people WHERE id = ?",
    [WS__DB_FIND_ROLE] = "SELECT id FROM people WHERE entity = ? AND role_key = ? ORDER BY id LIMIT 1",
    [WS__DB_FIND_FIRST_DOC] = "SELECT id FROM people WHERE entity = ? AND first_doc = ? ORDER BY id LIMIT 1",
    [WS__DB_FIND_ALIAS] =
        "SELECT min(person), count(DISTINCT person) FROM names WHERE folded = ? AND kind = 'alias'",
    [WS__DB_INSERT_NAME] = "INSERT OR IGNORE INTO names (folded, kind, person) VALUES (?, ?, ?)",
};

sqlite3_stmt *ws__db_stmt(ws_db *db, int which, ws_error *err)
{
    sqlite3_stmt **s = &db->stmts[which];

    if (!*s && ws__db_prepare(db, stmt_sql[which], s, err) != WS_OK)
        return NULL;
    sqlite3_reset(*s);
    sqlite3_clear_bindings(*s);
    return *s;
}

ws_status ws__db_run(ws_db *db, sqlite3_stmt *s, int bound, ws_error *err, const char *what)
{
    int rc;

    if (bound != SQLITE_OK)
        return ws__fail(err, WS_ERR_IO, db->path, 0, -1, "%s: %s", what, sqlite3_errstr(bound));
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, what);
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

ws_status ws__db_first_row(ws_db *db, sqlite3_stmt *s, int bound, int *rc, ws_error *err, const char *what)
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
    sqlite3_stmt *s = ws__db_stmt(db, WS__DB_FIND_DOC, err);
    int rc = SQLITE_DONE;

    *rowid = 0;
    *same = 0;
    if (!s || ws__db_first_row(db, s, sqlite3_bind_text(s, 1, doc, -1, SQLITE_STATIC), &rc, err,
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

/* The metadata fields a fact-checker needs, from the JSON object: the
 * date normalised (ws_document_date), so that --since finds "April 2,
 * 2026" and a "published" field; an unreadable date is no date. */
typedef struct doc_meta {
    json_t *root;
    const char *source, *url, *title;
    char date[WS_DATE_SIZE], day[11];
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
    m->title = json_string_value(json_object_get(m->root, "title"));
    if (ws_document_date(meta_json, m->date, NULL) == WS_OK && m->date[0])
        snprintf(m->day, sizeof m->day, "%.10s", m->date);
}

/* Binds a JSON value as compact text (NULL for NULL), freeing it; an
 * SQLite code, as the bind calls return. The flags of the JSON Lines
 * writer, so that the export writes the same bytes. */
static int bind_json(sqlite3_stmt *s, int index, json_t *value)
{
    char *text;

    if (!value)
        return sqlite3_bind_null(s, index);
    text = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(value);
    return text ? sqlite3_bind_text(s, index, text, -1, free) : SQLITE_NOMEM;
}

/* A JSON integer, or null for a value that is absent (below 0). */
static json_t *integer_or_null(long long n)
{
    return n < 0 ? json_null() : json_integer(n);
}

/* The record's "error": {status, message, file, line, byte}, or NULL. */
static json_t *error_json(const ws_error *e)
{
    if (!e)
        return NULL;
    return json_pack("{s:s?, s:s, s:s?, s:o, s:o}", "status", ws_status_str(e->status), "message", e->message,
                     "file", e->file[0] ? e->file : NULL, "line", e->line ? json_integer((json_int_t)e->line)
                                                                         : json_null(),
                     "byte", integer_or_null(e->byte));
}

/* The record's "warnings": [{byte, message}], or NULL when there are none. */
static json_t *warnings_json(const ws_result *res)
{
    size_t n = ws_result_warning_count(res);
    json_t *list = n ? json_array() : NULL;

    for (size_t i = 0; list && i < n; i++) {
        const ws_warning *w = ws_result_warning(res, i);
        json_array_append_new(list, json_pack("{s:o, s:s}", "byte", integer_or_null(w->byte), "message",
                                              w->message));
    }
    return list;
}

/* An entity's "alternatives": [{id, name, type}], or NULL for none. */
static json_t *alternatives_json(const ws_entity *e)
{
    json_t *list = e->alternative_count ? json_array() : NULL;

    for (size_t i = 0; list && i < e->alternative_count; i++)
        json_array_append_new(list, json_pack("{s:s?, s:s?, s:s?}", "id", e->alternatives[i].id, "name",
                                              e->alternatives[i].name, "type",
                                              ws_entity_type_str(e->alternatives[i].type)));
    return list;
}

static ws_status insert_document(ws_db *db, ws_result *res, const char *hash, sqlite3_int64 *rowid,
                                 ws_error *err)
{
    sqlite3_stmt *s = ws__db_stmt(db, WS__DB_INSERT_DOC, err);
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
    rc |= ws__db_bind_str(s, 13, m.date[0] ? m.date : NULL);
    rc |= ws__db_bind_str(s, 14, m.title);
    rc |= ws__db_bind_str(s, 15, m.day[0] ? m.day : NULL);
    rc |= sqlite3_bind_text(s, 16, hash, -1, SQLITE_STATIC);
    rc |= bind_json(s, 17, error_json(failed));
    rc |= bind_json(s, 18, warnings_json(res));
    status = ws__db_run(db, s, rc, err, "cannot store a document");
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

static ws_status insert_entities(ws_db *db, ws_result *res, sqlite3_int64 doc, const ws__db_person *people,
                                 ws_error *err)
{
    size_t count = ws_result_entity_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_entity *e = ws_result_entity(res, i);
        const char *type = ws_entity_type_str(e->type);
        sqlite3_stmt *s = ws__db_stmt(db, WS__DB_UPSERT_ENTITY, err);
        int rc = SQLITE_OK;

        if (!s)
            return WS_ERR_IO;
        rc |= sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 2, e->name, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 3, type, -1, SQLITE_STATIC);
        if (ws__db_run(db, s, rc, err, "cannot store an entity") != WS_OK)
            return WS_ERR_IO;
        if (!(s = ws__db_stmt(db, WS__DB_INSERT_DOC_ENTITY, err)))
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
        rc |= sqlite3_bind_text(s, 11, people[i].id, -1, SQLITE_STATIC);
        rc |= sqlite3_bind_text(s, 12, people[i].linked_by, -1, SQLITE_STATIC);
        rc |= bind_json(s, 13, alternatives_json(e));
        if (ws__db_run(db, s, rc, err, "cannot store an entity") != WS_OK)
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

static ws_status insert_mentions(ws_db *db, ws_result *res, sqlite3_int64 doc, const ws__db_person *people,
                                 ws_error *err)
{
    size_t count = ws_result_mention_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_mention *m = ws_result_mention(res, i);
        sqlite3_stmt *s = ws__db_stmt(db, WS__DB_INSERT_MENTION, err);
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
        if (ws__db_run(db, s, rc, err, "cannot store a mention") != WS_OK ||
            ws__db_add_mention_name(db, res, m, people[m->entity].id, err) != WS_OK)
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
        sqlite3_stmt *s = ws__db_stmt(db, WS__DB_BAND_CLUSTERS, err);
        int rc = SQLITE_DONE;

        if (!s || ws__db_first_row(db, s, sqlite3_bind_int64(s, 1, bands[b]), &rc, err,
                            "cannot read clusters") != WS_OK)
            return WS_ERR_IO;
        for (; rc == SQLITE_ROW; rc = sqlite3_step(s)) {
            sqlite3_int64 candidate = sqlite3_column_int64(s, 0);
            sqlite3_stmt *k = ws__db_stmt(db, WS__DB_CLUSTER_KEY, err);
            double similarity;
            int krc = SQLITE_DONE;

            if (!k || ws__db_first_row(db, k, sqlite3_bind_int64(k, 1, candidate), &krc, err,
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
    int has_bands, found, rc = SQLITE_DONE;
    sqlite3_stmt *s = ws__db_stmt(db, WS__DB_FIND_CLUSTER, err);

    if (!s || ws__db_first_row(db, s, sqlite3_bind_text(s, 1, words, -1, SQLITE_STATIC), &rc, err,
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
    if (!(s = ws__db_stmt(db, WS__DB_INSERT_CLUSTER, err)) ||
        ws__db_run(db, s, sqlite3_bind_text(s, 1, words, -1, SQLITE_STATIC), err,
            "cannot store a cluster") != WS_OK)
        return WS_ERR_IO;
    *cluster = sqlite3_last_insert_rowid(db->sql);
    for (int b = 0; has_bands && b < WS__DB_BANDS; b++) {
        if (!(s = ws__db_stmt(db, WS__DB_INSERT_BAND, err)) ||
            ws__db_run(db, s, sqlite3_bind_int64(s, 1, bands[b]) | sqlite3_bind_int64(s, 2, *cluster),
                err, "cannot store a cluster") != WS_OK)
            return WS_ERR_IO;
    }
    return WS_OK;
}

/* Stores one quote: its row, its cluster and its folded text for search. */
static ws_status insert_quote(ws_db *db, ws_result *res, sqlite3_int64 doc, size_t i, const ws__db_person *people,
                              ws_error *err)
{
    const ws_quote *q = ws_result_quote(res, i);
    const ws_entity *speaker = ws__quote_speaker(res, q);
    const char *text = ws_result_text(res, q->span, NULL);
    char *folded = text ? ws__db_fold(text, err) : NULL;
    char *words = folded ? ws__db_words(folded, NULL) : NULL;
    char *joined = folded ? ws__db_joined_words(folded) : NULL;
    sqlite3_stmt *s;
    sqlite3_int64 cluster;
    ws_status status = WS_ERR_IO;
    int rc = SQLITE_OK;

    if (!words || !joined) {
        status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        goto done;
    }
    if (cluster_of(db, words, &cluster, err) != WS_OK || !(s = ws__db_stmt(db, WS__DB_INSERT_QUOTE, err)))
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
    rc |= ws__db_bind_str(s, 18, speaker ? people[q->speaker].id : NULL);
    rc |= bind_span(s, 19, res, q->sentence);
    if (ws__db_run(db, s, rc, err, "cannot store a quote") != WS_OK || !(s = ws__db_stmt(db, WS__DB_INSERT_FTS, err)))
        goto done;
    rc = sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(db->sql));
    rc |= sqlite3_bind_text(s, 2, folded, -1, SQLITE_STATIC);
    rc |= sqlite3_bind_text(s, 3, joined, -1, SQLITE_STATIC);
    status = ws__db_run(db, s, rc, err, "cannot index a quote");
done:
    free(folded);
    free(words);
    free(joined);
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
    if (old != 0 && (!(s = ws__db_stmt(db, WS__DB_DELETE_DOC, err)) ||
                     ws__db_run(db, s, sqlite3_bind_int64(s, 1, old), err, "cannot replace a document") != WS_OK))
        return WS_ERR_IO;
    /* Who its entities are, then the rows that name them. */
    size_t nentities = ws_result_entity_count(res);
    ws__db_person *people = calloc(nentities + 1, sizeof *people);
    if (!people)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if ((status = insert_document(db, res, hash, &doc, err)) == WS_OK &&
        (status = ws__db_link(db, res, people, err)) == WS_OK &&
        (status = insert_entities(db, res, doc, people, err)) == WS_OK)
        status = insert_mentions(db, res, doc, people, err);
    for (size_t i = 0; i < quotes && status == WS_OK; i++)
        status = insert_quote(db, res, doc, i, people, err);
    ws__db_people_free(people, nentities);
    return status;
}

ws_status ws_db_add(ws_db *db, ws_result *res, ws_db_change *change, ws_error *err)
{
    ws_db_change ignored;
    ws_status status;

    if (!db || !res)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_add: database and result are required");
    /* A savepoint makes each document whole, in a batch or on its own. */
    if ((status = ws__db_exec(db, "SAVEPOINT add_document", err, "cannot store a document")) != WS_OK)
        return status;
    status = store(db, res, change ? change : &ignored, err);
    if (status != WS_OK) {
        sqlite3_exec(db->sql, "ROLLBACK TO add_document; RELEASE add_document", NULL, NULL, NULL);
        ws__db_forget(db);
        return status;
    }
    return ws__db_exec(db, "RELEASE add_document", err, "cannot store a document");
}
