/*
 * export.c - the database back out as the four CSV tables of `extract
 * --format csv` (export/csv.c), written by the same code: same files,
 * columns, quoting and number formats, so that a database and an extract
 * of the same inputs give the same rows.
 */
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "db.h"

enum { NO_COLUMN = -1 };

/* The rows of each table of ws__csv_tables, in its order. */
static const struct table {
    const char *sql;
    int quote_id;   /* column holding a quote's ord, written as its id "q1" */
    int confidence; /* column written with two decimals */
} tables[] = {
    [WS__TABLE_DOCUMENTS] = {"SELECT doc, origin, status, error, bytes, entities, mentions, quotes, warnings, meta"
     " FROM documents ORDER BY id",
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
     " q.sentence_end, q.paragraph_start, q.paragraph_end"
     " FROM quotes q JOIN documents d ON d.id = q.document ORDER BY d.id, q.ord",
     1, 11},
};

/* Writes one table; write errors are found by ferror at the end. */
static ws_status write_table(ws_db *db, int table, FILE *f, ws_error *err)
{
    sqlite3_stmt *s;
    int rc, columns;

    const struct table *t = &tables[table];
    if (ws__db_prepare(db, t->sql, &s, err) != WS_OK)
        return WS_ERR_IO;
    columns = sqlite3_column_count(s);
    fprintf(f, "%s\r\n", ws__csv_tables[table].header);
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
            ws__csv_field(f, c == 0, text ? text : "", text ? strlen(text) : 0);
        }
        fputs("\r\n", f);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot export");
}

ws_status ws_db_export_csv(ws_db *db, const char *dir, ws_error *err)
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
            status = write_table(db, t, f, err);
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
