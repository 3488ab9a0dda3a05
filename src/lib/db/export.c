/*
 * export.c - the database back out: as the four CSV tables of `extract
 * --format csv` (export/csv.c), written by the same code (same files,
 * columns, quoting and number formats), and as the JSON Lines records of
 * `extract`, the same bytes, so that a database and an extract of the same
 * inputs give the same output.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "db.h"

enum { NO_COLUMN = -1 };

/* The rows of each table of ws__csv_tables, in its order. */
static const struct table {
    const char *sql;
    int quote_id;   /* column holding a quote's ord, written as its id "q1" */
    int confidence; /* column written with two decimals */
} tables[] = {
    [WS__TABLE_DOCUMENTS] = {"SELECT doc, origin, status, error, bytes, entities, mentions, quotes, warnings, meta,"
     " date FROM documents ORDER BY id",
     NO_COLUMN, NO_COLUMN},
    [WS__TABLE_ENTITIES] = {"SELECT d.doc, e.entity, e.name, e.type, e.gender, e.role, e.count, e.source,"
     " e.alternatives"
     " FROM document_entities e JOIN documents d ON d.id = e.document ORDER BY d.id, e.ord",
     NO_COLUMN, NO_COLUMN},
    [WS__TABLE_MENTIONS] = {"SELECT d.doc, m.entity, e.name, e.type, m.text, m.start_byte, m.end_byte, m.title,"
     " m.country"
     " FROM mentions m JOIN documents d ON d.id = m.document"
     " JOIN document_entities e ON e.document = m.document AND e.ord = m.entity_ord"
     " ORDER BY d.id, m.ord",
     NO_COLUMN, NO_COLUMN},
    [WS__TABLE_QUOTES] = {"SELECT d.doc, q.ord, q.text, q.start_byte, q.end_byte, q.speaker, q.speaker_id,"
     " q.speaker_text, q.cue, q.kind, q.method, q.confidence, q.sentence_start,"
     " q.sentence_end, q.paragraph_start, q.paragraph_end, d.date, d.url, d.title, q.sentence"
     " FROM quotes q JOIN documents d ON d.id = q.document ORDER BY d.id, q.ord",
     1, 11},
};

/* Writes one table; write errors are found by ferror at the end. */
static ws_status write_table(ws_db *db, int table, FILE *f, unsigned flags, ws_error *err)
{
    sqlite3_stmt *s;
    int rc, columns;

    const struct table *t = &tables[table];
    if (ws__db_prepare(db, t->sql, &s, err) != WS_OK)
        return WS_ERR_IO;
    columns = sqlite3_column_count(s);
    ws__csv_header(f, table, flags);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int c = 0; c < columns; c++) {
            char buf[WS__QUOTE_ID_SIZE > WS__CONFIDENCE_SIZE ? WS__QUOTE_ID_SIZE : WS__CONFIDENCE_SIZE];
            const char *text = ws__db_column_str(s, c);

            if (c == t->quote_id) {
                ws__quote_id(buf, (size_t)sqlite3_column_int64(s, c));
                text = buf;
            } else if (c == t->confidence) {
                ws__format_confidence(buf, sqlite3_column_double(s, c));
                text = buf;
            }
            ws__csv_field(f, c == 0, text ? text : "", text ? strlen(text) : 0, flags);
        }
        fputs("\r\n", f);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot export");
}

ws_status ws_db_export_csv_with(ws_db *db, const char *dir, unsigned flags, ws_error *err)
{
    ws__staged folder;
    ws_status status;

    if (!db || !dir || !dir[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_export_csv: database and folder are required");
    if ((status = ws__staged_open(&folder, dir, err)) != WS_OK)
        return status;
    /* One read transaction: the four tables show the same moment. */
    if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        ws__staged_discard(&folder);
        return ws__db_fail(db, err, "cannot export");
    }
    for (int t = 0; t < WS__TABLE_COUNT && status == WS_OK; t++) {
        FILE *f = ws__staged_create(&folder, ws__csv_tables[t].file);
        if (f)
            status = write_table(db, t, f, flags, err);
        ws__staged_finish(&folder, f, ws__csv_tables[t].file);
        if (status == WS_OK)
            status = ws__staged_error(&folder, err);
    }
    sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    /* published only when every table is complete */
    if (status != WS_OK) {
        ws__staged_discard(&folder);
        return status;
    }
    return ws__staged_publish(&folder, err);
}

ws_status ws_db_export_csv(ws_db *db, const char *dir, ws_error *err)
{
    return ws_db_export_csv_with(db, dir, 0, err);
}

/* ---------------------------------------------------------------------- */
/* JSON Lines: the records of extract, from the rows. json.c writes what
 * jansson writes with these flags, so jansson writes the same bytes here. */

#define JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

/* The record's keys; a metadata field named like one is renamed (json.c). */
static const char *const record_keys[] = {"doc", "origin", "length", "error", "warnings", "entities", "quotes"};

static bool is_taken(json_t *record, const char *key)
{
    for (size_t i = 0; i < sizeof record_keys / sizeof *record_keys; i++)
        if (strcmp(key, record_keys[i]) == 0)
            return true;
    return json_object_get(record, key) != NULL;
}

/* A column as a JSON string, or null. */
static json_t *column_string(sqlite3_stmt *s, int col)
{
    const char *text = ws__db_column_str(s, col);
    return text ? json_string(text) : json_null();
}

/* A column holding JSON text, or dflt (a new reference) when it is NULL. */
static json_t *column_json(sqlite3_stmt *s, int col, json_t *dflt)
{
    const char *text = ws__db_column_str(s, col);
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;

    if (v) {
        json_decref(dflt);
        return v;
    }
    return dflt;
}

/* Adds the metadata fields in their order, renamed "input_..." while
 * their name is taken, as json.c does. */
static void add_meta(json_t *record, const char *meta_json)
{
    json_t *meta = meta_json ? json_loads(meta_json, JSON_ALLOW_NUL, NULL) : NULL;
    const char *key;
    json_t *value;

    json_object_foreach(meta, key, value) {
        char *name = strdup(key);
        while (name && is_taken(record, name)) {
            char *longer = malloc(strlen(name) + sizeof "input_");
            if (longer) {
                memcpy(longer, "input_", 6);
                strcpy(longer + 6, name);
            }
            free(name);
            name = longer;
        }
        if (name)
            json_object_set(record, name, value);
        free(name);
    }
    json_decref(meta);
}

/* The entities of document doc with their mentions, in order. */
static json_t *entities_of(ws_db *db, sqlite3_stmt *e, sqlite3_stmt *m, sqlite3_int64 doc)
{
    json_t *list = json_array();

    sqlite3_reset(e);
    sqlite3_bind_int64(e, 1, doc);
    while (list && sqlite3_step(e) == SQLITE_ROW) {
        json_t *mentions = json_array();
        json_t *entity = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o}", "id", column_string(e, 0),
                                   "name", column_string(e, 1), "type", column_string(e, 2), "gender",
                                   column_string(e, 3), "role", column_string(e, 4), "source",
                                   column_string(e, 5), "count", (json_int_t)sqlite3_column_int64(e, 6),
                                   "alternatives", column_json(e, 7, json_array()), "mentions", mentions);
        sqlite3_reset(m);
        sqlite3_bind_int64(m, 1, doc);
        sqlite3_bind_int64(m, 2, sqlite3_column_int64(e, 8));
        while (sqlite3_step(m) == SQLITE_ROW)
            json_array_append_new(mentions, json_pack("{s:o, s:I, s:I, s:o, s:o}", "text", column_string(m, 0),
                                                      "start", (json_int_t)sqlite3_column_int64(m, 1), "end",
                                                      (json_int_t)sqlite3_column_int64(m, 2), "title",
                                                      column_string(m, 3), "country", column_string(m, 4)));
        json_array_append_new(list, entity);
    }
    (void)db;
    return list;
}

/* The quotes of document doc, in order. */
static json_t *quotes_of(sqlite3_stmt *q, sqlite3_int64 doc)
{
    json_t *list = json_array();

    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, doc);
    while (list && sqlite3_step(q) == SQLITE_ROW) {
        char id[WS__QUOTE_ID_SIZE], confidence[WS__CONFIDENCE_SIZE];

        ws__quote_id(id, (size_t)sqlite3_column_int64(q, 0));
        /* the two decimals the record has, as a number */
        ws__format_confidence(confidence, sqlite3_column_double(q, 9));
        json_array_append_new(list, json_pack(
            "{s:s, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:{s:I, s:I}, s:{s:I, s:I}}", "id", id,
            "text", column_string(q, 1), "start", (json_int_t)sqlite3_column_int64(q, 2), "end",
            (json_int_t)sqlite3_column_int64(q, 3), "speaker", column_string(q, 4), "speaker_id",
            column_string(q, 5), "speaker_text", column_string(q, 6), "cue", column_string(q, 7), "kind",
            column_string(q, 8), "method", column_string(q, 14), "confidence", strtod(confidence, NULL),
            "sentence", "start", (json_int_t)sqlite3_column_int64(q, 10), "end",
            (json_int_t)sqlite3_column_int64(q, 11), "paragraph", "start", (json_int_t)sqlite3_column_int64(q, 12),
            "end", (json_int_t)sqlite3_column_int64(q, 13)));
    }
    return list;
}

/* The statements of the JSON Lines export, in the order of the enum. */
enum { X_DOCS, X_ENTITIES, X_MENTIONS, X_QUOTES, X_COUNT };
static const char *const jsonl_sql[X_COUNT] = {
    [X_DOCS] = "SELECT id, doc, origin, meta, bytes, error_detail, warning_list FROM documents ORDER BY id",
    [X_ENTITIES] = "SELECT entity, name, type, gender, role, source, count, alternative_list, ord"
                   " FROM document_entities WHERE document = ? ORDER BY ord",
    [X_MENTIONS] = "SELECT text, start_byte, end_byte, title, country FROM mentions"
                   " WHERE document = ? AND entity_ord = ? ORDER BY ord",
    [X_QUOTES] = "SELECT ord, text, start_byte, end_byte, speaker, speaker_id, speaker_text, cue, kind,"
                 " confidence, sentence_start, sentence_end, paragraph_start, paragraph_end, method"
                 " FROM quotes WHERE document = ? ORDER BY ord",
};

ws_status ws_db_export_jsonl(ws_db *db, FILE *out, ws_error *err)
{
    sqlite3_stmt *st[X_COUNT] = {0};
    ws_status status = WS_OK;
    int rc = SQLITE_DONE;

    if (!db || !out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_export_jsonl: database and stream are required");
    if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return ws__db_fail(db, err, "cannot export");
    for (int i = 0; i < X_COUNT && status == WS_OK; i++)
        status = ws__db_prepare(db, jsonl_sql[i], &st[i], err);
    while (status == WS_OK && (rc = sqlite3_step(st[X_DOCS])) == SQLITE_ROW) {
        sqlite3_stmt *d = st[X_DOCS];
        sqlite3_int64 doc = sqlite3_column_int64(d, 0);
        const char *origin = ws__db_column_str(d, 2);
        json_t *record = json_object();

        json_object_set_new(record, "doc", column_string(d, 1));
        json_object_set_new(record, "origin", origin && origin[0] ? json_string(origin) : json_null());
        add_meta(record, ws__db_column_str(d, 3));
        json_object_set_new(record, "length", json_integer((json_int_t)sqlite3_column_int64(d, 4)));
        json_object_set_new(record, "error", column_json(d, 5, json_null()));
        json_object_set_new(record, "warnings", column_json(d, 6, json_array()));
        json_object_set_new(record, "entities", entities_of(db, st[X_ENTITIES], st[X_MENTIONS], doc));
        json_object_set_new(record, "quotes", quotes_of(st[X_QUOTES], doc));
        char *line = json_dumps(record, JSON_FLAGS);
        json_decref(record);
        if (!line)
            status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        else if (fputs(line, out) == EOF || putc('\n', out) == EOF)
            status = ws__fail(err, WS_ERR_IO, NULL, 0, -1, "cannot write: %s", strerror(errno));
        free(line);
    }
    if (status == WS_OK && rc != SQLITE_DONE)
        status = ws__db_fail(db, err, "cannot export");
    for (int i = 0; i < X_COUNT; i++)
        sqlite3_finalize(st[i]);
    sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    return status;
}
