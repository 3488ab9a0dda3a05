/*
 * csv.c - results as four CSV tables in a folder.
 *
 * The tables follow RFC 4180: a header row, CRLF line ends, and a field in
 * double quotes (with quotes doubled, by libcsv) only when it holds a comma,
 * a quote or a line break. Text is UTF-8, with a byte order mark only when
 * asked (WS_CSV_BOM, for Excel). Absent values are empty fields. The
 * columns are documented in README.md.
 *
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return) as a formula, and a quote such as "=SUM(A1:A9) is what we owe"
 * would be one (CSV injection). Unless WS_CSV_RAW, such a cell is escaped
 * by the OWASP rule: a single quote before it, and the cell in double
 * quotes.
 *
 * Write errors are sticky in a stdio stream, so rows are written without a
 * check per field and ws_csv_write checks each table once per document.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <jansson.h>

#include "export.h"
#include "whosaid.h"

const ws__csv_table ws__csv_tables[WS__TABLE_COUNT] = {
    [WS__TABLE_DOCUMENTS] = {"documents.csv",
                             "doc,origin,status,error,bytes,entities,mentions,quotes,warnings,meta,date"},
    [WS__TABLE_ENTITIES] = {"entities.csv", "doc,entity_id,name,type,gender,role,count,source,alternatives"},
    [WS__TABLE_MENTIONS] = {"mentions.csv", "doc,entity_id,name,type,text,start,end,title,country"},
    [WS__TABLE_QUOTES] = {"quotes.csv",
                          "doc,quote_id,text,start,end,speaker,speaker_id,speaker_text,cue,kind,"
                          "method,confidence,sentence_start,sentence_end,paragraph_start,paragraph_end,"
                          "date,url,title,sentence"},
};

struct ws_csv_writer {
    ws__staged folder;
    FILE *files[WS__TABLE_COUNT];
    unsigned flags;
};

/* Whether a spreadsheet would read the cell as a formula (OWASP, "CSV
 * Injection"). */
static bool is_formula(const char *text, size_t len)
{
    return len > 0 && strchr("=+-@\t\r", text[0]) != NULL;
}

void ws__csv_field(FILE *f, bool first, const char *text, size_t len, unsigned flags)
{
    if (!first)
        putc(',', f);
    if (!(flags & WS_CSV_RAW) && is_formula(text, len)) {
        fputs("\"'", f);
        for (size_t i = 0; i < len; i++) {
            if (text[i] == '"')
                putc('"', f);
            putc(text[i], f);
        }
        putc('"', f);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (text[i] == ',' || text[i] == '"' || text[i] == '\r' || text[i] == '\n') {
            csv_fwrite(f, text, len);
            return;
        }
    }
    fwrite(text, 1, len, f);
}

void ws_csv_write_field(FILE *f, int first, const char *text, size_t len, unsigned flags)
{
    ws__csv_field(f, first != 0, text ? text : "", text ? len : 0, flags);
}

void ws__csv_header(FILE *f, int table, unsigned flags)
{
    if (flags & WS_CSV_BOM)
        fputs("\xEF\xBB\xBF", f);
    fputs(ws__csv_tables[table].header, f);
    fputs("\r\n", f);
}

/* A row being written. Only memory can fail while it is built; write
 * errors are found later with ferror. */
typedef struct row {
    FILE *file;
    size_t fields;
    unsigned flags;
    int out_of_memory;
} row;

static void put_text(row *r, const char *text, size_t len)
{
    ws__csv_field(r->file, r->fields++ == 0, text, len, r->flags);
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
static void row_begin(row *r, const ws_csv_writer *w, int table, ws_result *res)
{
    r->file = w->files[table];
    r->fields = 0;
    r->flags = w->flags;
    r->out_of_memory = 0;
    put_str(r, ws_result_doc_id(res));
}

/* Ends the row; returns -1 when memory ran out while it was built. */
static int row_end(row *r)
{
    fputs("\r\n", r->file);
    return r->out_of_memory ? -1 : 0;
}

ws_status ws_csv_open_with(ws_csv_writer **out, const char *dir, unsigned flags, ws_error *err)
{
    if (!out || !dir || !dir[0])
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_csv_open: a folder is required");
    *out = NULL;
    ws_csv_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    w->flags = flags;
    ws_status status = ws__staged_open(&w->folder, dir, err);
    for (int t = 0; t < WS__TABLE_COUNT && status == WS_OK; t++) {
        FILE *f = w->files[t] = ws__staged_create(&w->folder, ws__csv_tables[t].file);
        if (f)
            ws__csv_header(f, t, flags);
        status = ws__staged_check(&w->folder, f, ws__csv_tables[t].file);
        if (status != WS_OK)
            ws__staged_error(&w->folder, err);
    }
    if (status != WS_OK) {
        ws_csv_abort(w);
        return status;
    }
    *out = w;
    return WS_OK;
}

ws_status ws_csv_open(ws_csv_writer **out, const char *dir, ws_error *err)
{
    return ws_csv_open_with(out, dir, 0, err);
}

/* What the tables show of a document's metadata beside its meta column:
 * the date as ws_document_date reads it, the url and the title. */
typedef struct doc_fields {
    json_t *meta;
    char date[WS_DATE_SIZE];
    const char *url, *title;
} doc_fields;

static void doc_fields_init(doc_fields *d, const char *meta_json)
{
    memset(d, 0, sizeof *d);
    if (ws_document_date(meta_json, d->date, NULL) != WS_OK)
        d->date[0] = '\0';
    d->meta = meta_json ? json_loads(meta_json, JSON_ALLOW_NUL, NULL) : NULL;
    if (json_is_object(d->meta)) {
        d->url = json_string_value(json_object_get(d->meta, "url"));
        d->title = json_string_value(json_object_get(d->meta, "title"));
    }
}

static int write_document_row(ws_csv_writer *w, ws_result *res, const doc_fields *d)
{
    const ws_error *failed = ws_result_error(res);
    row r;

    row_begin(&r, w, WS__TABLE_DOCUMENTS, res);
    put_str(&r, ws_result_origin(res));
    put_str(&r, failed ? "error" : "ok");
    put_str(&r, failed ? failed->message : NULL);
    put_size(&r, ws_result_doc_len(res));
    put_size(&r, ws_result_entity_count(res));
    put_size(&r, ws_result_mention_count(res));
    put_size(&r, ws_result_quote_count(res));
    put_size(&r, ws_result_warning_count(res));
    put_str(&r, ws_result_meta_json(res));
    put_str(&r, d->date[0] ? d->date : NULL);
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

        row_begin(&r, w, WS__TABLE_ENTITIES, res);
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

        row_begin(&r, w, WS__TABLE_MENTIONS, res);
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

static int write_quote_rows(ws_csv_writer *w, ws_result *res, const doc_fields *d)
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
        row_begin(&r, w, WS__TABLE_QUOTES, res);
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
        put_str(&r, d->date[0] ? d->date : NULL);
        put_str(&r, d->url);
        put_str(&r, d->title);
        put_span_text(&r, res, quote->sentence);
        if (row_end(&r) != 0)
            return -1;
    }
    return 0;
}

ws_status ws_csv_write(ws_csv_writer *w, ws_result *res, ws_error *err)
{
    if (!w || !res)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_csv_write: writer and result are required");
    /* After a failure the tables are incomplete: writing more is pointless. */
    if (ws__staged_error(&w->folder, NULL) != WS_OK)
        return ws__staged_error(&w->folder, err);
    doc_fields d;
    doc_fields_init(&d, ws_result_meta_json(res));
    if (write_document_row(w, res, &d) != 0 || write_entity_rows(w, res) != 0 ||
        write_mention_rows(w, res) != 0 || write_quote_rows(w, res, &d) != 0)
        ws__staged_fail(&w->folder, WS_ERR_NOMEM, NULL, NULL);
    json_decref(d.meta);
    for (int t = 0; t < WS__TABLE_COUNT; t++)
        ws__staged_check(&w->folder, w->files[t], ws__csv_tables[t].file);
    return ws__staged_error(&w->folder, err);
}

/* Closes every table, even after a failure, keeping the first error. */
static void close_tables(ws_csv_writer *w)
{
    for (int t = 0; t < WS__TABLE_COUNT; t++) {
        ws__staged_finish(&w->folder, w->files[t], ws__csv_tables[t].file);
        w->files[t] = NULL;
    }
}

ws_status ws_csv_close(ws_csv_writer *w, ws_error *err)
{
    if (!w)
        return WS_OK;
    close_tables(w);
    ws_status status = ws__staged_publish(&w->folder, err);
    free(w);
    return status;
}

void ws_csv_abort(ws_csv_writer *w)
{
    if (!w)
        return;
    close_tables(w);
    ws__staged_discard(&w->folder);
    free(w);
}
