/*
 * export_csv.c - results as four CSV tables in a folder.
 *
 * The tables follow RFC 4180: a header row, CRLF line ends, and a field in
 * double quotes (with quotes doubled, by libcsv) only when it holds a comma,
 * a quote or a line break. Text is UTF-8 without a byte order mark. Absent
 * values are empty fields. The columns are documented in README.md.
 *
 * Write errors are sticky in a stdio stream, so rows are written without a
 * check per field and ws_csv_write checks each table once per document.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "export.h"
#include "whosaid.h"

enum { TABLE_DOCUMENTS, TABLE_ENTITIES, TABLE_MENTIONS, TABLE_QUOTES, TABLE_COUNT };

static const struct table {
    const char *file;
    const char *header;
} tables[TABLE_COUNT] = {
    [TABLE_DOCUMENTS] = {"documents.csv",
                         "doc,origin,status,error,bytes,entities,mentions,quotes,warnings,meta"},
    [TABLE_ENTITIES] = {"entities.csv", "doc,entity_id,name,type,gender,role,count,source,alternatives"},
    [TABLE_MENTIONS] = {"mentions.csv", "doc,entity_id,name,type,text,start,end,title,country"},
    [TABLE_QUOTES] = {"quotes.csv",
                      "doc,quote_id,text,start,end,speaker,speaker_id,speaker_text,cue,kind,"
                      "method,confidence,sentence_start,sentence_end,paragraph_start,paragraph_end"},
};

#define TMP_SUFFIX ".tmp"

struct ws_csv_writer {
    char *tmp_paths[TABLE_COUNT];
    char *final_paths[TABLE_COUNT];
    FILE *files[TABLE_COUNT];
    ws_error first_error; /* status WS_OK until a write fails */
};

/* A row being written. Only memory can fail while it is built; write
 * errors are found later with ferror. */
typedef struct row {
    FILE *file;
    size_t fields;
    int out_of_memory;
} row;

static int needs_quotes(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n')
            return 1;
    return 0;
}

static void put_text(row *r, const char *text, size_t len)
{
    if (r->fields++ > 0)
        putc(',', r->file);
    if (needs_quotes(text, len))
        csv_fwrite(r->file, text, len);
    else
        fwrite(text, 1, len, r->file);
}

/* A string field; NULL is an empty field. */
static void put_str(row *r, const char *s)
{
    put_text(r, s ? s : "", s ? strlen(s) : 0);
}

static void put_size(row *r, size_t n)
{
    char buf[24];

    put_text(r, buf, (size_t)snprintf(buf, sizeof buf, "%zu", n));
}

/* A span's text; an empty span is an empty field. */
static void put_span_text(row *r, ws_result *res, ws_span span)
{
    size_t len = 0;
    const char *text = ws__span_empty(span) ? "" : ws_result_text(res, span, &len);

    if (!text)
        r->out_of_memory = 1;
    put_text(r, text ? text : "", len);
}

/* Every table starts with the document id. */
static void row_begin(row *r, FILE *file, ws_result *res)
{
    r->file = file;
    r->fields = 0;
    r->out_of_memory = 0;
    put_str(r, ws_result_doc_id(res));
}

/* Ends the row; returns -1 when memory ran out while it was built. */
static int row_end(row *r)
{
    fputs("\r\n", r->file);
    return r->out_of_memory ? -1 : 0;
}

/* Closes and removes the temporary tables and frees the writer. */
static void discard(ws_csv_writer *w)
{
    for (int t = 0; t < TABLE_COUNT; t++) {
        if (w->files[t])
            fclose(w->files[t]);
        if (w->tmp_paths[t])
            remove(w->tmp_paths[t]);
        free(w->tmp_paths[t]);
        free(w->final_paths[t]);
    }
    free(w);
}

ws_status ws_csv_open(ws_csv_writer **out, const char *dir, ws_error *err)
{
    ws_csv_writer *w;
    ws_status status;

    if (!out || !dir || !dir[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_csv_open: a folder is required");
    *out = NULL;
    status = ws__make_dirs(dir, err);
    if (status != WS_OK)
        return status;
    w = calloc(1, sizeof *w);
    if (!w)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    ws_error_clear(&w->first_error);
    for (int t = 0; t < TABLE_COUNT; t++) {
        w->tmp_paths[t] = ws__join_path(dir, tables[t].file, TMP_SUFFIX);
        w->final_paths[t] = ws__join_path(dir, tables[t].file, "");
        if (!w->tmp_paths[t] || !w->final_paths[t]) {
            discard(w);
            return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        }
        w->files[t] = fopen(w->tmp_paths[t], "wb");
        if (!w->files[t] || fputs(tables[t].header, w->files[t]) == EOF ||
            fputs("\r\n", w->files[t]) == EOF) {
            status = ws__fail(err, WS_ERR_IO, w->tmp_paths[t], 0, -1, "cannot write: %s",
                                     strerror(errno));
            discard(w);
            return status;
        }
    }
    *out = w;
    return WS_OK;
}

static int write_document_row(ws_csv_writer *w, ws_result *res)
{
    const ws_error *failed = ws_result_error(res);
    row r;

    row_begin(&r, w->files[TABLE_DOCUMENTS], res);
    put_str(&r, ws_result_origin(res));
    put_str(&r, failed ? "error" : "ok");
    put_str(&r, failed ? failed->message : NULL);
    put_size(&r, ws_result_doc_len(res));
    put_size(&r, ws_result_entity_count(res));
    put_size(&r, ws_result_mention_count(res));
    put_size(&r, ws_result_quote_count(res));
    put_size(&r, ws_result_warning_count(res));
    put_str(&r, ws_result_meta_json(res));
    return row_end(&r);
}

/* The alternatives' ids, separated by '|' as aliases are in gazetteers. */
static void put_alternatives(row *r, const ws_entity *entity)
{
    size_t len = 0;
    for (size_t i = 0; i < entity->alternative_count; i++)
        len += strlen(entity->alternatives[i].id) + 1;
    char *ids = malloc(len + 1);
    if (!ids) {
        r->out_of_memory = 1;
        return;
    }
    ids[0] = '\0';
    for (size_t i = 0; i < entity->alternative_count; i++) {
        if (i)
            strcat(ids, "|");
        strcat(ids, entity->alternatives[i].id);
    }
    put_str(r, ids);
    free(ids);
}

static int write_entity_rows(ws_csv_writer *w, ws_result *res)
{
    size_t count = ws_result_entity_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_entity *entity = ws_result_entity(res, i);
        row r;

        row_begin(&r, w->files[TABLE_ENTITIES], res);
        put_str(&r, entity->id);
        put_str(&r, entity->name);
        put_str(&r, ws_entity_type_str(entity->type));
        put_str(&r, entity->gender);
        put_str(&r, entity->role);
        put_size(&r, entity->mention_count);
        put_str(&r, entity->source);
        put_alternatives(&r, entity);
        if (row_end(&r) != 0)
            return -1;
    }
    return 0;
}

/* In document order, which is the order of ws_result_mention. */
static int write_mention_rows(ws_csv_writer *w, ws_result *res)
{
    size_t count = ws_result_mention_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_mention *mention = ws_result_mention(res, i);
        const ws_entity *entity = ws_result_entity(res, mention->entity);
        row r;

        row_begin(&r, w->files[TABLE_MENTIONS], res);
        put_str(&r, entity->id);
        put_str(&r, entity->name);
        put_str(&r, ws_entity_type_str(entity->type));
        put_span_text(&r, res, mention->span);
        put_size(&r, mention->span.start);
        put_size(&r, mention->span.end);
        put_span_text(&r, res, mention->title);
        put_str(&r, mention->country);
        if (row_end(&r) != 0)
            return -1;
    }
    return 0;
}

static int write_quote_rows(ws_csv_writer *w, ws_result *res)
{
    size_t count = ws_result_quote_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_quote *quote = ws_result_quote(res, i);
        const ws_entity *speaker = ws__quote_speaker(res, quote);
        char id[WS__QUOTE_ID_SIZE];
        char confidence[WS__CONFIDENCE_SIZE];
        row r;

        ws__quote_id(id, i);
        ws__format_confidence(confidence, quote->confidence);
        row_begin(&r, w->files[TABLE_QUOTES], res);
        put_str(&r, id);
        put_span_text(&r, res, quote->span);
        put_size(&r, quote->span.start);
        put_size(&r, quote->span.end);
        put_str(&r, speaker ? speaker->name : NULL);
        put_str(&r, speaker ? speaker->id : NULL);
        put_span_text(&r, res, quote->speaker_span);
        put_span_text(&r, res, quote->cue_span);
        put_str(&r, ws_quote_kind_str(quote->kind));
        put_str(&r, ws_quote_method_str(quote->method));
        put_str(&r, confidence);
        put_size(&r, quote->sentence.start);
        put_size(&r, quote->sentence.end);
        put_size(&r, quote->paragraph.start);
        put_size(&r, quote->paragraph.end);
        if (row_end(&r) != 0)
            return -1;
    }
    return 0;
}

/* Hands out the first error: every later call reports it again. */
static ws_status report_first_error(ws_csv_writer *w, ws_error *err)
{
    if (err)
        *err = w->first_error;
    return w->first_error.status;
}

ws_status ws_csv_write(ws_csv_writer *w, ws_result *res, ws_error *err)
{
    if (!w || !res)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_csv_write: writer and result are required");
    /* After a failure the tables are incomplete: writing more is pointless. */
    if (w->first_error.status != WS_OK)
        return report_first_error(w, err);
    if (write_document_row(w, res) != 0 || write_entity_rows(w, res) != 0 ||
        write_mention_rows(w, res) != 0 || write_quote_rows(w, res) != 0) {
        ws__fail(&w->first_error, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        return report_first_error(w, err);
    }
    for (int t = 0; t < TABLE_COUNT; t++) {
        if (ferror(w->files[t])) {
            ws__fail(&w->first_error, WS_ERR_IO, w->tmp_paths[t], 0, -1, "cannot write: %s",
                            strerror(errno));
            return report_first_error(w, err);
        }
    }
    return WS_OK;
}

ws_status ws_csv_close(ws_csv_writer *w, ws_error *err)
{
    ws_status status;

    if (!w)
        return WS_OK;
    /* Close every table, even after a failure, and keep the first error. */
    for (int t = 0; t < TABLE_COUNT; t++) {
        int failed = fclose(w->files[t]) != 0;

        w->files[t] = NULL;
        if (failed && w->first_error.status == WS_OK)
            ws__fail(&w->first_error, WS_ERR_IO, w->tmp_paths[t], 0, -1, "cannot write: %s",
                            strerror(errno));
    }
    for (int t = 0; t < TABLE_COUNT && w->first_error.status == WS_OK; t++) {
        if (rename(w->tmp_paths[t], w->final_paths[t]) != 0)
            ws__fail(&w->first_error, WS_ERR_IO, w->final_paths[t], 0, -1, "cannot create: %s",
                            strerror(errno));
    }
    status = w->first_error.status;
    if (status != WS_OK)
        report_first_error(w, err);
    /* Removes what was not renamed. */
    discard(w);
    return status;
}

void ws_csv_abort(ws_csv_writer *w)
{
    if (w)
        discard(w);
}
