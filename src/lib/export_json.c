/*
 * export_json.c - one result as one JSON Lines record.
 *
 * The schema is documented in README.md ("Output"). Every key is always
 * present (null where there is nothing to say) and keys come in a fixed
 * order, so that records of different runs can be compared line by line.
 *
 * Values are built with json_pack: it steals the references given with "o"
 * even when it fails, and fails on a NULL "o", so one NULL check covers the
 * allocation of every nested value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "whosaid.h"

/* Only confidences are reals and they have two decimals; 15 significant
 * digits print them, and reals from the input metadata, without binary
 * noise such as 0.84999999999999998. Raw UTF-8 (no JSON_ENSURE_ASCII) keeps
 * the output readable and the same size as the input text. */
#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15))

/* The keys of a record; metadata fields must not hide them. */
static const char *const record_keys[] = {
    "doc", "origin", "length", "error", "warnings", "entities", "quotes",
};

#define RENAME_PREFIX "input_"

/* Length of the valid UTF-8 character at s, or 0 when it is not one
 * (stray continuation byte, overlong form, surrogate, beyond U+10FFFF). */
static size_t utf8_char_len(const unsigned char *s)
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
    /* Also stops at the terminating NUL, which is no continuation byte. */
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

/* A string that came from outside the library's own data (ids and origins
 * from file names, error messages cut to fit ws_error) may not be valid
 * UTF-8, which JSON strings must be: invalid bytes become U+FFFD, as they
 * do in document text. NULL when memory ran out. */
static json_t *text_json(const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *in = (const unsigned char *)s;
    json_t *json = json_string(s);
    char *fixed, *out;

    if (json)
        return json;
    /* Each invalid byte grows to three. */
    fixed = malloc(3 * strlen(s) + 1);
    if (!fixed)
        return NULL;
    out = fixed;
    while (*in) {
        size_t len = utf8_char_len(in);

        if (len) {
            memcpy(out, in, len);
            out += len;
            in += len;
        } else {
            memcpy(out, replacement, sizeof replacement - 1);
            out += sizeof replacement - 1;
            in++;
        }
    }
    *out = '\0';
    json = json_string(fixed);
    free(fixed);
    return json;
}

static json_t *text_or_null(const char *s)
{
    return s && s[0] ? text_json(s) : json_null();
}

static json_t *size_json(size_t n)
{
    return json_integer((json_int_t)n);
}

/* A span's text. The result reuses its text buffer on the next call, so the
 * text is copied into the JSON string at once. NULL when memory ran out. */
static json_t *span_text(ws_result *res, ws_span span)
{
    size_t len;
    const char *text = ws_result_text(res, span, &len);

    return text ? json_stringn(text, len) : NULL;
}

/* As span_text, but null for an empty span (no speaker or cue found). */
static json_t *span_text_or_null(ws_result *res, ws_span span)
{
    return ws__span_empty(span) ? json_null() : span_text(res, span);
}

static json_t *span_json(ws_span span)
{
    return json_pack("{s:o, s:o}", "start", size_json(span.start), "end", size_json(span.end));
}

/* A byte offset that is -1 when it does not apply. */
static json_t *byte_json(long long byte)
{
    return byte < 0 ? json_null() : json_integer(byte);
}

static json_t *error_json(const ws_error *err)
{
    if (!err)
        return json_null();
    return json_pack("{s:s, s:o, s:o, s:o, s:o}",
                     "status", ws_status_str(err->status),
                     "message", text_json(err->message),
                     "file", text_or_null(err->file),
                     "line", err->line ? json_integer((json_int_t)err->line) : json_null(),
                     "byte", byte_json(err->byte));
}

static json_t *warnings_json(const ws_result *res)
{
    json_t *warnings = json_array();
    size_t count = ws_result_warning_count(res);

    for (size_t i = 0; warnings && i < count; i++) {
        const ws_warning *warning = ws_result_warning(res, i);
        json_t *item = json_pack("{s:o, s:o}", "byte", byte_json(warning->byte),
                                 "message", text_json(warning->message));

        if (json_array_append_new(warnings, item) != 0) {
            json_decref(warnings);
            warnings = NULL;
        }
    }
    return warnings;
}

static json_t *mentions_json(ws_result *res, const ws_entity *entity)
{
    json_t *mentions = json_array();

    for (size_t i = 0; mentions && i < entity->mention_count; i++) {
        const ws_mention *mention = ws_result_mention(res, entity->mentions[i]);
        json_t *text = span_text(res, mention->span);
        json_t *item = json_pack("{s:o, s:o, s:o, s:o, s:s?}", "text", text,
                                 "start", size_json(mention->span.start),
                                 "end", size_json(mention->span.end),
                                 "title", span_text_or_null(res, mention->title),
                                 "country", mention->country);

        if (json_array_append_new(mentions, item) != 0) {
            json_decref(mentions);
            mentions = NULL;
        }
    }
    return mentions;
}

static json_t *alternatives_json(const ws_entity *entity)
{
    json_t *alternatives = json_array();

    for (size_t i = 0; alternatives && i < entity->alternative_count; i++) {
        const ws_alternative *alt = &entity->alternatives[i];
        json_t *item = json_pack("{s:s, s:s, s:s}", "id", alt->id, "name", alt->name,
                                 "type", ws_entity_type_str(alt->type));

        if (json_array_append_new(alternatives, item) != 0) {
            json_decref(alternatives);
            alternatives = NULL;
        }
    }
    return alternatives;
}

static json_t *entities_json(ws_result *res)
{
    json_t *entities = json_array();
    size_t count = ws_result_entity_count(res);

    for (size_t i = 0; entities && i < count; i++) {
        const ws_entity *entity = ws_result_entity(res, i);
        json_t *item = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:o, s:o, s:o}",
                                 "id", entity->id,
                                 "name", entity->name,
                                 "type", ws_entity_type_str(entity->type),
                                 "gender", entity->gender,
                                 "role", entity->role,
                                 "source", entity->source,
                                 "count", size_json(entity->mention_count),
                                 "alternatives", alternatives_json(entity),
                                 "mentions", mentions_json(res, entity));

        if (json_array_append_new(entities, item) != 0) {
            json_decref(entities);
            entities = NULL;
        }
    }
    return entities;
}

static json_t *quote_json(ws_result *res, size_t index)
{
    const ws_quote *quote = ws_result_quote(res, index);
    const ws_entity *speaker = ws__quote_speaker(res, quote);
    char id[WS__QUOTE_ID_SIZE];
    char confidence[WS__CONFIDENCE_SIZE];
    /* One text at a time: each call of ws_result_text reuses the buffer. */
    json_t *text = span_text(res, quote->span);
    json_t *speaker_text = span_text_or_null(res, quote->speaker_span);
    json_t *cue = span_text_or_null(res, quote->cue_span);

    ws__quote_id(id, index);
    ws__format_confidence(confidence, quote->confidence);
    return json_pack("{s:s, s:o, s:o, s:o, s:s?, s:s?, s:o, s:o, s:s, s:s?, s:f, s:o, s:o}",
                     "id", id,
                     "text", text,
                     "start", size_json(quote->span.start),
                     "end", size_json(quote->span.end),
                     "speaker", speaker ? speaker->name : NULL,
                     "speaker_id", speaker ? speaker->id : NULL,
                     "speaker_text", speaker_text,
                     "cue", cue,
                     "kind", ws_quote_kind_str(quote->kind),
                     "method", quote->method,
                     "confidence", strtod(confidence, NULL),
                     "sentence", span_json(quote->sentence),
                     "paragraph", span_json(quote->paragraph));
}

static json_t *quotes_json(ws_result *res)
{
    json_t *quotes = json_array();
    size_t count = ws_result_quote_count(res);

    for (size_t i = 0; quotes && i < count; i++) {
        if (json_array_append_new(quotes, quote_json(res, i)) != 0) {
            json_decref(quotes);
            quotes = NULL;
        }
    }
    return quotes;
}

static int is_record_key(const char *key)
{
    for (size_t i = 0; i < sizeof record_keys / sizeof record_keys[0]; i++)
        if (strcmp(key, record_keys[i]) == 0)
            return 1;
    return 0;
}

/* Adds one metadata field. A name that is one of ours, or that is already
 * taken (by an earlier renamed field), gets "input_" prepended until it is
 * free, so that no input field is lost. Returns 0, or -1 when memory ran
 * out (value is released either way). */
static int add_meta_field(json_t *record, const char *key, json_t *value)
{
    size_t prefix_len = strlen(RENAME_PREFIX);
    size_t key_len = strlen(key);
    char *name = strdup(key);
    int rc;

    if (!name) {
        json_decref(value);
        return -1;
    }
    while (is_record_key(name) || json_object_get(record, name)) {
        char *longer = malloc(prefix_len + key_len + 1);

        if (!longer) {
            free(name);
            json_decref(value);
            return -1;
        }
        memcpy(longer, RENAME_PREFIX, prefix_len);
        memcpy(longer + prefix_len, name, key_len + 1);
        free(name);
        name = longer;
        key_len += prefix_len;
    }
    rc = json_object_set_new(record, name, value);
    free(name);
    return rc;
}

/* Copies the fields of the metadata object, in their input order. */
static ws_status add_meta(json_t *record, const char *meta_json, ws_error *err)
{
    json_error_t parse_error;
    json_t *meta = json_loads(meta_json, JSON_ALLOW_NUL, &parse_error);
    const char *key;
    json_t *value;
    ws_status status = WS_OK;

    if (!json_is_object(meta)) {
        json_decref(meta);
        return ws__fail(err, WS_ERR_JSON, NULL, 0, -1, "document metadata is not a JSON object%s%s",
                               meta ? "" : ": ", meta ? "" : parse_error.text);
    }
    json_object_foreach(meta, key, value) {
        if (add_meta_field(record, key, json_incref(value)) != 0) {
            status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
            break;
        }
    }
    json_decref(meta);
    return status;
}

static ws_status record_json(ws_result *res, json_t **out, ws_error *err)
{
    const char *meta_json = ws_result_meta_json(res);
    json_t *record = json_pack("{s:o, s:o}", "doc", text_json(ws_result_doc_id(res)),
                               "origin", text_or_null(ws_result_origin(res)));
    ws_status status;

    if (!record)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if (meta_json) {
        status = add_meta(record, meta_json, err);
        if (status != WS_OK) {
            json_decref(record);
            return status;
        }
    }
    if (json_object_set_new(record, "length", size_json(ws_result_doc_len(res))) != 0 ||
        json_object_set_new(record, "error", error_json(ws_result_error(res))) != 0 ||
        json_object_set_new(record, "warnings", warnings_json(res)) != 0 ||
        json_object_set_new(record, "entities", entities_json(res)) != 0 ||
        json_object_set_new(record, "quotes", quotes_json(res)) != 0) {
        json_decref(record);
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    }
    *out = record;
    return WS_OK;
}

ws_status ws_write_jsonl(ws_result *res, FILE *out, ws_error *err)
{
    json_t *record = NULL;
    ws_status status;
    int dumped;

    if (!res || !out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_write_jsonl: result and stream are required");
    status = record_json(res, &record, err);
    if (status != WS_OK)
        return status;
    dumped = json_dumpf(record, out, DUMP_FLAGS) == 0 && putc('\n', out) != EOF;
    json_decref(record);
    if (ferror(out)) {
        /* errno is kept for the caller, which may want to tell a closed
         * pipe (EPIPE) from a real failure. */
        int saved_errno = errno;

        ws__fail(err, WS_ERR_IO, NULL, 0, -1, "cannot write output: %s", strerror(saved_errno));
        errno = saved_errno;
        return WS_ERR_IO;
    }
    if (!dumped)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    return WS_OK;
}
