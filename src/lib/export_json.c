/*
 * export_json.c - one result as one JSON Lines record.
 *
 * The schema is documented in README.md ("Output"). Every key is always
 * present (null where there is nothing to say) and keys come in a fixed
 * order, so that records of different runs can be compared line by line.
 *
 * The record is written straight into one buffer and then to the stream in
 * one call: building a jansson tree for every mention cost more than the
 * extraction itself. The output is what jansson writes with JSON_COMPACT
 * (the same escapes, numbers and spacing); jansson still parses and writes
 * the metadata, whose values may be any JSON.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "whosaid.h"

/* Reals from the input metadata print with 15 significant digits, like the
 * confidences, without binary noise such as 0.84999999999999998. Raw UTF-8
 * (no JSON_ENSURE_ASCII) keeps the output readable. */
#define META_DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

/* The keys of a record; metadata fields must not hide them. */
static const char *const record_keys[] = {
    "doc", "origin", "length", "error", "warnings", "entities", "quotes",
};

#define RENAME_PREFIX "input_"

typedef struct buffer {
    char *data;
    size_t len, cap;
    int failed; /* out of memory: the record is abandoned */
} buffer;

static void put(buffer *b, const char *s, size_t n)
{
    if (b->failed || !ws__grow(&b->data, &b->cap, b->len + n + 1, 1)) {
        b->failed = 1;
        return;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void puts_raw(buffer *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Length of the valid UTF-8 character at s[0..n), or 0 when it is not one
 * (stray continuation byte, overlong form, surrogate, beyond U+10FFFF). */
static size_t utf8_char_len(const unsigned char *s, size_t n)
{
    size_t len;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

/* A JSON string, escaped as jansson escapes it. Strings from outside the
 * library's own data (ids and origins from file names, messages cut to fit
 * ws_error) may not be valid UTF-8, which JSON strings must be: invalid
 * bytes become U+FFFD, as they do in document text. */
static void put_string(buffer *b, const char *s, size_t n)
{
    const unsigned char *in = (const unsigned char *)s;
    size_t run = 0; /* bytes that need no escape, written together */

    put(b, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = in[i];
        size_t len = c < 0x80 ? 1 : utf8_char_len(in + i, n - i);
        const char *esc = NULL;
        char seq[8];

        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c < 0x20) {
            switch (c) {
            case '\b': esc = "\\b"; break;
            case '\f': esc = "\\f"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\t': esc = "\\t"; break;
            default:
                snprintf(seq, sizeof seq, "\\u%04X", c);
                esc = seq;
            }
        } else if (len == 0) {
            esc = "\xEF\xBF\xBD";
            len = 1;
        }
        if (!esc) {
            run += len;
            i += len;
            continue;
        }
        put(b, s + i - run, run);
        run = 0;
        puts_raw(b, esc);
        i += len;
    }
    put(b, s + n - run, run);
    put(b, "\"", 1);
}

static void put_str_or_null(buffer *b, const char *s)
{
    if (s)
        put_string(b, s, strlen(s));
    else
        puts_raw(b, "null");
}

/* An empty string counts as absent (an error's file). */
static void put_text_or_null(buffer *b, const char *s)
{
    put_str_or_null(b, s && s[0] ? s : NULL);
}

static void put_key(buffer *b, const char *key)
{
    put_string(b, key, strlen(key));
    put(b, ":", 1);
}

static void put_int(buffer *b, long long n)
{
    char num[24];
    put(b, num, (size_t)snprintf(num, sizeof num, "%lld", n));
}

/* A span's text; the result's text buffer is reused by the next call, so
 * it is written at once. */
static void put_span_text(buffer *b, ws_result *res, ws_span span)
{
    size_t len;
    const char *text = ws_result_text(res, span, &len);

    if (text)
        put_string(b, text, len);
    else
        b->failed = 1;
}

/* As put_span_text, but null for an empty span (no speaker or cue found). */
static void put_span_text_or_null(buffer *b, ws_result *res, ws_span span)
{
    if (ws__span_empty(span))
        puts_raw(b, "null");
    else
        put_span_text(b, res, span);
}

/* "start":N,"end":N */
static void put_offsets(buffer *b, ws_span span)
{
    puts_raw(b, "\"start\":");
    put_int(b, (long long)span.start);
    puts_raw(b, ",\"end\":");
    put_int(b, (long long)span.end);
}

static void put_span(buffer *b, ws_span span)
{
    put(b, "{", 1);
    put_offsets(b, span);
    put(b, "}", 1);
}

/* A byte offset that is -1 when it does not apply. */
static void put_byte(buffer *b, long long byte)
{
    if (byte < 0)
        puts_raw(b, "null");
    else
        put_int(b, byte);
}

static void put_error(buffer *b, const ws_error *err)
{
    if (!err) {
        puts_raw(b, "null");
        return;
    }
    puts_raw(b, "{\"status\":");
    put_str_or_null(b, ws_status_str(err->status));
    puts_raw(b, ",\"message\":");
    put_string(b, err->message, strlen(err->message));
    puts_raw(b, ",\"file\":");
    put_text_or_null(b, err->file);
    puts_raw(b, ",\"line\":");
    if (err->line)
        put_int(b, (long long)err->line);
    else
        puts_raw(b, "null");
    puts_raw(b, ",\"byte\":");
    put_byte(b, err->byte);
    put(b, "}", 1);
}

static void put_warnings(buffer *b, const ws_result *res)
{
    put(b, "[", 1);
    for (size_t i = 0; i < ws_result_warning_count(res); i++) {
        const ws_warning *warning = ws_result_warning(res, i);
        puts_raw(b, i ? ",{\"byte\":" : "{\"byte\":");
        put_byte(b, warning->byte);
        puts_raw(b, ",\"message\":");
        put_string(b, warning->message, strlen(warning->message));
        put(b, "}", 1);
    }
    put(b, "]", 1);
}

static void put_entity(buffer *b, ws_result *res, const ws_entity *entity)
{
    puts_raw(b, "{\"id\":");
    put_str_or_null(b, entity->id);
    puts_raw(b, ",\"name\":");
    put_str_or_null(b, entity->name);
    puts_raw(b, ",\"type\":");
    put_str_or_null(b, ws_entity_type_str(entity->type));
    puts_raw(b, ",\"gender\":");
    put_str_or_null(b, entity->gender);
    puts_raw(b, ",\"role\":");
    put_str_or_null(b, entity->role);
    puts_raw(b, ",\"source\":");
    put_str_or_null(b, entity->source);
    puts_raw(b, ",\"count\":");
    put_int(b, (long long)entity->mention_count);
    puts_raw(b, ",\"alternatives\":[");
    for (size_t i = 0; i < entity->alternative_count; i++) {
        const ws_alternative *alt = &entity->alternatives[i];
        puts_raw(b, i ? ",{\"id\":" : "{\"id\":");
        put_str_or_null(b, alt->id);
        puts_raw(b, ",\"name\":");
        put_str_or_null(b, alt->name);
        puts_raw(b, ",\"type\":");
        put_str_or_null(b, ws_entity_type_str(alt->type));
        put(b, "}", 1);
    }
    puts_raw(b, "],\"mentions\":[");
    for (size_t i = 0; i < entity->mention_count; i++) {
        const ws_mention *mention = ws_result_mention(res, entity->mentions[i]);
        puts_raw(b, i ? ",{\"text\":" : "{\"text\":");
        put_span_text(b, res, mention->span);
        put(b, ",", 1);
        put_offsets(b, mention->span);
        puts_raw(b, ",\"title\":");
        put_span_text_or_null(b, res, mention->title);
        puts_raw(b, ",\"country\":");
        put_str_or_null(b, mention->country);
        put(b, "}", 1);
    }
    puts_raw(b, "]}");
}

static void put_quote(buffer *b, ws_result *res, size_t index)
{
    const ws_quote *quote = ws_result_quote(res, index);
    const ws_entity *speaker = ws__quote_speaker(res, quote);
    char id[WS__QUOTE_ID_SIZE], confidence[WS__CONFIDENCE_SIZE], real[32];

    ws__quote_id(id, index);
    ws__format_confidence(confidence, quote->confidence);
    /* jansson prints reals with %.15g and keeps a ".0" on whole numbers */
    int n = snprintf(real, sizeof real, "%.15g", strtod(confidence, NULL));
    if (!strpbrk(real, ".eE"))
        snprintf(real + n, sizeof real - (size_t)n, ".0");
    puts_raw(b, "{\"id\":");
    put_string(b, id, strlen(id));
    puts_raw(b, ",\"text\":");
    put_span_text(b, res, quote->span);
    put(b, ",", 1);
    put_offsets(b, quote->span);
    puts_raw(b, ",\"speaker\":");
    put_str_or_null(b, speaker ? speaker->name : NULL);
    puts_raw(b, ",\"speaker_id\":");
    put_str_or_null(b, speaker ? speaker->id : NULL);
    puts_raw(b, ",\"speaker_text\":");
    put_span_text_or_null(b, res, quote->speaker_span);
    puts_raw(b, ",\"cue\":");
    put_span_text_or_null(b, res, quote->cue_span);
    puts_raw(b, ",\"kind\":");
    put_str_or_null(b, ws_quote_kind_str(quote->kind));
    puts_raw(b, ",\"method\":");
    put_str_or_null(b, quote->method);
    puts_raw(b, ",\"confidence\":");
    puts_raw(b, real);
    puts_raw(b, ",\"sentence\":");
    put_span(b, quote->sentence);
    puts_raw(b, ",\"paragraph\":");
    put_span(b, quote->paragraph);
    put(b, "}", 1);
}

static int is_record_key(const char *key)
{
    for (size_t i = 0; i < sizeof record_keys / sizeof record_keys[0]; i++)
        if (strcmp(key, record_keys[i]) == 0)
            return 1;
    return 0;
}

/* Was this name given to a metadata field already? */
static int name_taken(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

/* Writes the metadata fields in their input order. A name that is one of
 * ours, or already taken by an earlier renamed field, gets "input_"
 * prepended until it is free, so that no input field is lost. */
static ws_status put_meta(buffer *b, const char *meta_json, ws_error *err)
{
    json_error_t parse_error;
    json_t *meta = json_loads(meta_json, JSON_ALLOW_NUL, &parse_error);
    const char *key;
    json_t *value;
    char **names = NULL;
    size_t n = 0, cap = 0;
    ws_status status = WS_OK;

    if (!json_is_object(meta)) {
        json_decref(meta);
        return ws__fail(err, WS_ERR_JSON, NULL, 0, -1, "document metadata is not a JSON object%s%s",
                        meta ? "" : ": ", meta ? "" : parse_error.text);
    }
    json_object_foreach(meta, key, value) {
        size_t len = strlen(key), prefix = strlen(RENAME_PREFIX);
        char *name = ws__strndup(key, len);
        while (name && (is_record_key(name) || name_taken(names, n, name))) {
            char *longer = malloc(prefix + len + 1);
            if (longer) {
                memcpy(longer, RENAME_PREFIX, prefix);
                memcpy(longer + prefix, name, len + 1);
                len += prefix;
            }
            free(name);
            name = longer;
        }
        char *dumped = json_dumps(value, META_DUMP_FLAGS);
        if (!name || !dumped || !ws__grow(&names, &cap, n + 1, sizeof *names)) {
            free(name);
            free(dumped);
            status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
            break;
        }
        names[n++] = name;
        put(b, ",", 1);
        put_key(b, name);
        puts_raw(b, dumped);
        free(dumped);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    json_decref(meta);
    return status;
}

static ws_status put_record(buffer *b, ws_result *res, ws_error *err)
{
    const char *meta_json = ws_result_meta_json(res);

    puts_raw(b, "{\"doc\":");
    put_str_or_null(b, ws_result_doc_id(res));
    puts_raw(b, ",\"origin\":");
    put_text_or_null(b, ws_result_origin(res));
    if (meta_json) {
        ws_status status = put_meta(b, meta_json, err);
        if (status != WS_OK)
            return status;
    }
    puts_raw(b, ",\"length\":");
    put_int(b, (long long)ws_result_doc_len(res));
    puts_raw(b, ",\"error\":");
    put_error(b, ws_result_error(res));
    puts_raw(b, ",\"warnings\":");
    put_warnings(b, res);
    puts_raw(b, ",\"entities\":[");
    for (size_t i = 0; i < ws_result_entity_count(res); i++) {
        if (i)
            put(b, ",", 1);
        put_entity(b, res, ws_result_entity(res, i));
    }
    puts_raw(b, "],\"quotes\":[");
    for (size_t i = 0; i < ws_result_quote_count(res); i++) {
        if (i)
            put(b, ",", 1);
        put_quote(b, res, i);
    }
    puts_raw(b, "]}\n");
    return b->failed ? ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory") : WS_OK;
}

ws_status ws_write_jsonl(ws_result *res, FILE *out, ws_error *err)
{
    if (!res || !out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_write_jsonl: result and stream are required");
    buffer b = {NULL, 0, 0, 0};
    ws_status status = put_record(&b, res, err);
    if (status == WS_OK)
        fwrite(b.data, 1, b.len, out);
    free(b.data);
    if (status == WS_OK && ferror(out)) {
        /* errno is kept for the caller, which may want to tell a closed
         * pipe (EPIPE) from a real failure. */
        int saved_errno = errno;

        ws__fail(err, WS_ERR_IO, NULL, 0, -1, "cannot write output: %s", strerror(saved_errno));
        errno = saved_errno;
        return WS_ERR_IO;
    }
    return status;
}
