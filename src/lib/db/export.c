/*
 * quotedb_export.c - the database back out as the four CSV tables of
 * `extract --format csv` (export_csv.c): same files, columns, quoting and
 * number formats, so that a database and an extract of the same inputs
 * give the same rows.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "export.h"
#include "db.h"

enum { NO_COLUMN = -1 };

static const struct table {
    const char *file;
    const char *header;
    const char *sql;
    int quote_id;   /* column holding a quote's ord, written as its id "q1" */
    int confidence; /* column written with two decimals */
} tables[] = {
    {"documents.csv", "doc,origin,status,error,bytes,entities,mentions,quotes,warnings,meta",
     "SELECT doc, origin, status, error, bytes, entities, mentions, quotes, warnings, meta"
     " FROM documents ORDER BY id",
     NO_COLUMN, NO_COLUMN},
    {"entities.csv", "doc,entity_id,name,type,gender,role,count,source,alternatives",
     "SELECT d.doc, e.entity, e.name, e.type, e.gender, e.role, e.count, e.source, e.alternatives"
     " FROM document_entities e JOIN documents d ON d.id = e.document ORDER BY d.id, e.ord",
     NO_COLUMN, NO_COLUMN},
    {"mentions.csv", "doc,entity_id,name,type,text,start,end,title,country",
     "SELECT d.doc, m.entity, e.name, e.type, m.text, m.start_byte, m.end_byte, m.title, m.country"
     " FROM mentions m JOIN documents d ON d.id = m.document"
     " JOIN document_entities e ON e.document = m.document AND e.ord = m.entity_ord"
     " ORDER BY d.id, m.ord",
     NO_COLUMN, NO_COLUMN},
    {"quotes.csv",
     "doc,quote_id,text,start,end,speaker,speaker_id,speaker_text,cue,kind,"
     "method,confidence,sentence_start,sentence_end,paragraph_start,paragraph_end",
     "SELECT d.doc, q.ord, q.text, q.start_byte, q.end_byte, q.speaker, q.speaker_id,"
     " q.speaker_text, q.cue, q.kind, q.method, q.confidence, q.sentence_start,"
     " q.sentence_end, q.paragraph_start, q.paragraph_end"
     " FROM quotes q JOIN documents d ON d.id = q.document ORDER BY d.id, q.ord",
     1, 11},
};

#define TABLE_COUNT (sizeof tables / sizeof *tables)

/* A field as RFC 4180 wants it: quoted only when it must be. */
static void put_field(FILE *f, int first, const char *text)
{
    size_t len = text ? strlen(text) : 0;

    if (!first)
        putc(',', f);
    if (strpbrk(text ? text : "", ",\"\r\n"))
        csv_fwrite(f, text, len);
    else
        fwrite(text ? text : "", 1, len, f);
}

/* Writes one table; write errors are found by ferror at the end. */
static ws_status write_table(ws_db *db, const struct table *t, FILE *f, ws_error *err)
{
    sqlite3_stmt *s;
    int rc, columns;

    if (ws__db_prepare(db, t->sql, &s, err) != WS_OK)
        return WS_ERR_IO;
    columns = sqlite3_column_count(s);
    fprintf(f, "%s\r\n", t->header);
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
            put_field(f, c == 0, text);
        }
        fputs("\r\n", f);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot export");
}

ws_status ws_db_export_csv(ws_db *db, const char *dir, ws_error *err)
{
    char *finals[TABLE_COUNT] = {0}, *tmps[TABLE_COUNT] = {0};
    size_t written = 0;
    ws_status status = WS_OK;

    if (!db || !dir || !dir[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_export_csv: database and folder are required");
    if ((status = ws__make_dirs(dir, err)) != WS_OK)
        return status;
    /* One read transaction: the four tables show the same moment. */
    if (sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return ws__db_fail(db, err, "cannot export");
    for (; written < TABLE_COUNT && status == WS_OK; written++) {
        FILE *f;

        finals[written] = ws__join_path(dir, tables[written].file, "");
        tmps[written] = ws__join_path(dir, tables[written].file, ".tmp");
        if (!finals[written] || !tmps[written]) {
            status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
            break;
        }
        if (!(f = fopen(tmps[written], "wb"))) {
            status = ws__fail(err, WS_ERR_IO, tmps[written], 0, -1, "cannot write: %s", strerror(errno));
            break;
        }
        status = write_table(db, &tables[written], f, err);
        int failed = ferror(f);
        failed |= fclose(f) != 0;
        if (failed && status == WS_OK)
            status = ws__fail(err, WS_ERR_IO, tmps[written], 0, -1, "cannot write: %s", strerror(errno));
    }
    sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
    /* Published only when every table is complete. */
    for (size_t t = 0; t < TABLE_COUNT && status == WS_OK; t++)
        if (rename(tmps[t], finals[t]) != 0)
            status = ws__fail(err, WS_ERR_IO, finals[t], 0, -1, "cannot create: %s", strerror(errno));
    for (size_t t = 0; t < TABLE_COUNT; t++) {
        if (status != WS_OK && tmps[t])
            remove(tmps[t]);
        free(finals[t]);
        free(tmps[t]);
    }
    return status;
}
