/*
 * json.c - one result as one JSON Lines record.
 *
 * The schema is documented in README.md ("Output"). Every key a writer's
 * fields choose is present (null where there is nothing to say) and keys
 * come in a fixed order, so that records of different runs can be compared
 * line by line.
 *
 * The record is written straight into one buffer, which the writer keeps
 * from record to record, and then to the stream in one call: building a
 * jansson tree for every mention cost more than the extraction itself. The
 * output is what jansson writes with JSON_COMPACT (the same escapes,
 * numbers and spacing); jansson still parses and writes the metadata, whose
 * values may be any JSON.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "json_string.h"
#include "whosaid.h"

/* Reals from the input metadata print with 15 significant digits, like the
 * confidences, without binary noise such as 0.84999999999999998. Raw UTF-8
 * (no JSON_ENSURE_ASCII) keeps the output readable. */
#define META_DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

/* The keys of a record, those --fields leaves out too: metadata fields must
 * not hide them, and their names must not depend on the fields asked for. */
static const char *const record_keys[] = {
    "doc", "origin", "length", "error", "warnings", "entities", "quotes",
};

#define RENAME_PREFIX "input_"

/* Most records of news articles fit: one allocation, not a dozen doublings. */
#define RECORD_START_SIZE (16 * 1024)
/* A buffer grown past this by a record of a huge document is given back
 * before the next one, so that a writer (the command line keeps several)
 * does not hold it for the rest of a run. */
#define RECORD_KEEP_SIZE (4 * 1024 * 1024)

typedef struct buffer {
    char *data;
    size_t len, cap;
    bool failed; /* out of memory: the record is abandoned */
} buffer;

/* The names the library gives as static strings (ws_entity_type_str,
 * ws_quote_kind_str, ws_quote_method_str, and the gender and source
 * pipeline.c puts in each entity), escaped once and then copied: a few of
 * them are in every entity and quote. Kept by address, in a table that the
 * few there are never fill. */
#define NAME_SLOT_BITS 5
#define NAME_SLOTS (1 << NAME_SLOT_BITS)
#define NAME_MAX_LEN 16 /* longer names are not kept */
/* A known name's JSON, and null, are copied whole, a size the compiler
 * copies inline: names whose JSON is longer are not kept. */
#define NAME_JSON_SIZE 24
typedef struct known_name {
    const char *name;
    size_t len;
    char json[NAME_JSON_SIZE];
} known_name;

/* Where the record holds an entity's id and name, as JSON: a quote's
 * speaker copies them rather than escaping them again. */
typedef struct entity_json {
    size_t id_at, id_len, name_at, name_len;
} entity_json;

struct ws_jsonl_writer {
    unsigned fields; /* WS_JSONL_* */
    buffer record;
    const char *doc_text; /* the record's document, when its spans are cut from it (see put_record) */
    size_t doc_len;
    known_name names[NAME_SLOTS];
    entity_json *entities; /* the record's, when it has its entities */
    size_t entities_cap;
};

/* Room for n more bytes at the end of b, or NULL when memory ran out. */
static char *grow(buffer *b, uint64_t n)
{
    if (b->failed || n > SIZE_MAX - b->len || !ws__grow(&b->data, &b->cap, b->len + (size_t)n, 1)) {
        b->failed = true;
        return NULL;
    }
    return b->data + b->len;
}

/* As grow, for the common case where the room is there already. The
 * entities, mentions and quotes, most of a record, make the room for all
 * their bytes at once, from the most each of their parts takes, and then
 * write with no check a part (write_*, commit). */
static inline char *room(buffer *b, uint64_t n)
{
    return n <= b->cap - b->len ? b->data + b->len : grow(b, n);
}

/* The bytes written at the end of b, in its room, are those up to end. */
static inline void commit(buffer *b, const char *end)
{
    b->len = (size_t)(end - b->data);
}

static inline char *write_bytes(char *o, const char *s, size_t n)
{
    memcpy(o, s, n);
    return o + n;
}

/* A string literal, whose length the compiler knows. */
#define WRITE_LIT(o, s) write_bytes((o), "" s, sizeof(s) - 1)

static inline void put(buffer *b, const char *s, size_t n)
{
    char *o = room(b, n);

    if (o)
        commit(b, write_bytes(o, s, n));
}

#define PUT_LIT(b, s) put((b), "" s, sizeof(s) - 1)

/* Writes n, below 100, at o; returns its end. */
static inline char *write_below_100(char *o, uint32_t n)
{
    if (n < 10) {
        *o++ = (char)('0' + n);
        return o;
    }
    return write_bytes(o, ws__digit_pair(n), 2);
}

/* Writes n, below 10000, at o; returns its end. */
static inline char *write_below_10000(char *o, uint32_t n)
{
    uint32_t high = n / 100, low = n % 100;

    if (!high)
        return write_below_100(o, low);
    o = write_below_100(o, high);
    return write_bytes(o, ws__digit_pair(low), 2);
}

/* Every number of a record is a count or an offset, and short: below 10^8
 * its digits are placed by comparisons, two at a time, in 32-bit
 * arithmetic, rather than counted first. */
#define UINT_DIGITS 20
static inline char *write_uint(char *o, unsigned long long n)
{
    uint32_t high, low;

    if (n >= 100000000) {
        char digits[UINT_DIGITS], *start = ws__decimal(digits + sizeof digits, n);
        return write_bytes(o, start, (size_t)(digits + sizeof digits - start));
    }
    high = (uint32_t)n / 10000;
    low = (uint32_t)n % 10000;
    if (!high)
        return write_below_10000(o, low);
    o = write_below_10000(o, high);
    o = write_bytes(o, ws__digit_pair(low / 100), 2);
    return write_bytes(o, ws__digit_pair(low % 100), 2);
}

/* "start":N,"end":N */
static char *write_offsets(char *o, ws_span span)
{
    o = WRITE_LIT(o, "\"start\":");
    o = write_uint(o, span.start);
    o = WRITE_LIT(o, ",\"end\":");
    return write_uint(o, span.end);
}

#define OFFSETS_MAX (sizeof "\"start\":,\"end\":" - 1 + 2 * UINT_DIGITS)

/* A string of a record, looked at before it is written so that its room
 * is known: bytes to escape, or bytes that are JSON already (null, or a
 * known name). */
typedef struct str_field {
    const char *bytes;
    size_t len;
    bool json;
} str_field;

static inline str_field str_or_null(const char *s)
{
    static const char null_json[NAME_JSON_SIZE] = "null";

    return s ? (str_field){s, strlen(s), false} : (str_field){null_json, 4, true};
}

/* Keeps name, escaped, in the free slot known; false when it is too long
 * to keep. */
static bool keep_name(known_name *known, const char *name)
{
    size_t len = strlen(name);
    char json[WS__JSON_ESCAPED_MAX(NAME_MAX_LEN)];

    if (len > NAME_MAX_LEN || (len = (size_t)(ws__json_escape(json, name, len, len) - json)) > NAME_JSON_SIZE)
        return false;
    known->name = name;
    known->len = len;
    memcpy(known->json, json, len);
    return true;
}

/* One of the library's static names, or null: see known_name. */
static inline str_field name_field(ws_jsonl_writer *w, const char *name)
{
    size_t slot = (size_t)((uint64_t)(uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15) >> (64 - NAME_SLOT_BITS));

    for (size_t probes = 0; name && probes < NAME_SLOTS; probes++, slot = (slot + 1) % NAME_SLOTS) {
        known_name *known = &w->names[slot];
        if (known->name == name || (!known->name && keep_name(known, name)))
            return (str_field){known->json, known->len, true};
        if (!known->name)
            break;
    }
    return str_or_null(name); /* null, too long to keep, or the table full */
}

static inline uint64_t field_room(str_field f)
{
    return f.json ? NAME_JSON_SIZE : WS__JSON_ESCAPED_MAX(f.len);
}

static inline char *write_field(char *o, str_field f)
{
    if (!f.json)
        return ws__json_escape(o, f.bytes, f.len, f.len + 1);
    memcpy(o, f.bytes, NAME_JSON_SIZE);
    return o + f.len;
}

static void put_field(buffer *b, str_field f)
{
    char *o = room(b, field_room(f));

    if (o)
        commit(b, write_field(o, f));
}

static void put_str_or_null(buffer *b, const char *s)
{
    put_field(b, str_or_null(s));
}

/* An empty string counts as absent (an error's file). */
static void put_text_or_null(buffer *b, const char *s)
{
    put_str_or_null(b, s && s[0] ? s : NULL);
}

static void put_key(buffer *b, const char *key)
{
    put_str_or_null(b, key);
    PUT_LIT(b, ":");
}

static void put_uint(buffer *b, unsigned long long n)
{
    char *o = room(b, UINT_DIGITS);

    if (o)
        commit(b, write_uint(o, n));
}

/* The room a span's text takes, as write_span_text writes it: its bytes
 * escaped, also where ws_result_text makes three bytes (U+FFFD) of an
 * invalid one, which escape then copies as they are. */
static uint64_t span_room(const ws_jsonl_writer *w, ws_span span)
{
    return WS__JSON_ESCAPED_MAX(span.start <= span.end && span.end <= w->doc_len ? span.end - span.start : 0);
}

/* A span's text: cut from the document's, or else by ws_result_text,
 * whose buffer is reused by the next call, so it is written at once. */
static char *write_span_text(ws_jsonl_writer *w, ws_result *res, char *o, ws_span span)
{
    size_t len, readable;
    const char *text;

    if (w->doc_text) {
        if (span.start > span.end || span.end > w->doc_len)
            span.start = span.end = 0; /* as ws_result_text has it */
        text = w->doc_text + span.start;
        len = span.end - span.start;
        readable = w->doc_len - span.start;
    } else if ((text = ws_result_text(res, span, &len))) {
        readable = len;
    } else {
        w->record.failed = true;
        return o;
    }
    return ws__json_escape(o, text, len, readable);
}

/* As write_span_text, but null for an empty span (no speaker or cue found). */
static char *write_span_text_or_null(ws_jsonl_writer *w, ws_result *res, char *o, ws_span span)
{
    return ws__span_empty(span) ? WRITE_LIT(o, "null") : write_span_text(w, res, o, span);
}

/* A byte offset that is -1 when it does not apply. */
static void put_byte(buffer *b, long long byte)
{
    if (byte < 0)
        PUT_LIT(b, "null");
    else
        put_uint(b, (unsigned long long)byte);
}

static void put_error(buffer *b, const ws_error *err)
{
    if (!err) {
        PUT_LIT(b, "null");
        return;
    }
    PUT_LIT(b, "{\"status\":");
    put_str_or_null(b, ws_status_str(err->status));
    PUT_LIT(b, ",\"message\":");
    put_str_or_null(b, err->message);
    PUT_LIT(b, ",\"file\":");
    put_text_or_null(b, err->file);
    PUT_LIT(b, ",\"line\":");
    if (err->line)
        put_uint(b, err->line);
    else
        PUT_LIT(b, "null");
    PUT_LIT(b, ",\"byte\":");
    put_byte(b, err->byte);
    PUT_LIT(b, "}");
}

static void put_warnings(buffer *b, const ws_result *res)
{
    PUT_LIT(b, "[");
    for (size_t i = 0; i < ws_result_warning_count(res); i++) {
        const ws_warning *warning = ws_result_warning(res, i);
        if (i)
            PUT_LIT(b, ",");
        PUT_LIT(b, "{\"byte\":");
        put_byte(b, warning->byte);
        PUT_LIT(b, ",\"message\":");
        put_str_or_null(b, warning->message);
        PUT_LIT(b, "}");
    }
    PUT_LIT(b, "]");
}

/* More than the keys and punctuation of any entity, alternative, mention
 * or quote (a quote's, the most, are 171 bytes). */
#define KEYS_MAX 256

static void put_mention(ws_jsonl_writer *w, ws_result *res, const ws_mention *mention, bool first)
{
    str_field country = str_or_null(mention->country);
    char *o = room(&w->record, KEYS_MAX + span_room(w, mention->span) + OFFSETS_MAX + span_room(w, mention->title) +
                                   field_room(country));

    if (!o)
        return;
    if (!first)
        *o++ = ',';
    o = WRITE_LIT(o, "{\"text\":");
    o = write_span_text(w, res, o, mention->span);
    o = WRITE_LIT(o, ",");
    o = write_offsets(o, mention->span);
    o = WRITE_LIT(o, ",\"title\":");
    o = write_span_text_or_null(w, res, o, mention->title);
    o = WRITE_LIT(o, ",\"country\":");
    o = write_field(o, country);
    *o++ = '}';
    commit(&w->record, o);
}

static void put_alternative(ws_jsonl_writer *w, const ws_alternative *alt, bool first)
{
    str_field id = str_or_null(alt->id), name = str_or_null(alt->name);
    str_field type = name_field(w, ws_entity_type_str(alt->type));
    char *o = room(&w->record, KEYS_MAX + field_room(id) + field_room(name) + field_room(type));

    if (!o)
        return;
    if (!first)
        *o++ = ',';
    o = WRITE_LIT(o, "{\"id\":");
    o = write_field(o, id);
    o = WRITE_LIT(o, ",\"name\":");
    o = write_field(o, name);
    o = WRITE_LIT(o, ",\"type\":");
    o = write_field(o, type);
    *o++ = '}';
    commit(&w->record, o);
}

static void put_entity(ws_jsonl_writer *w, ws_result *res, size_t index)
{
    buffer *b = &w->record;
    const ws_entity *entity = ws_result_entity(res, index);
    entity_json *json = &w->entities[index];
    str_field id = str_or_null(entity->id), name = str_or_null(entity->name);
    str_field type = name_field(w, ws_entity_type_str(entity->type)), gender = name_field(w, entity->gender);
    str_field role = str_or_null(entity->role), source = name_field(w, entity->source);
    char *o = room(b, KEYS_MAX + field_room(id) + field_room(name) + field_room(type) + field_room(gender) +
                          field_room(role) + field_room(source) + UINT_DIGITS);

    if (!o)
        return;
    if (index)
        *o++ = ',';
    o = WRITE_LIT(o, "{\"id\":");
    json->id_at = (size_t)(o - b->data);
    o = write_field(o, id);
    json->id_len = (size_t)(o - b->data) - json->id_at;
    o = WRITE_LIT(o, ",\"name\":");
    json->name_at = (size_t)(o - b->data);
    o = write_field(o, name);
    json->name_len = (size_t)(o - b->data) - json->name_at;
    o = WRITE_LIT(o, ",\"type\":");
    o = write_field(o, type);
    o = WRITE_LIT(o, ",\"gender\":");
    o = write_field(o, gender);
    o = WRITE_LIT(o, ",\"role\":");
    o = write_field(o, role);
    o = WRITE_LIT(o, ",\"source\":");
    o = write_field(o, source);
    o = WRITE_LIT(o, ",\"count\":");
    o = write_uint(o, entity->mention_count);
    o = WRITE_LIT(o, ",\"alternatives\":[");
    commit(b, o);
    for (size_t i = 0; i < entity->alternative_count; i++)
        put_alternative(w, &entity->alternatives[i], i == 0);
    PUT_LIT(b, "]");
    if (w->fields & WS_JSONL_MENTIONS) {
        PUT_LIT(b, ",\"mentions\":[");
        for (size_t i = 0; i < entity->mention_count; i++)
            put_mention(w, res, ws_result_mention(res, entity->mentions[i]), i == 0);
        PUT_LIT(b, "]");
    }
    PUT_LIT(b, "}");
}

static void put_quote(ws_jsonl_writer *w, ws_result *res, size_t index)
{
    const ws_quote *quote = ws_result_quote(res, index);
    const ws_entity *speaker = ws__quote_speaker(res, quote);
    const entity_json *written = speaker && w->entities && !w->record.failed ? &w->entities[quote->speaker] : NULL;
    str_field speaker_name = str_or_null(speaker && !written ? speaker->name : NULL);
    str_field speaker_id = str_or_null(speaker && !written ? speaker->id : NULL);
    str_field kind = name_field(w, ws_quote_kind_str(quote->kind));
    str_field method = name_field(w, ws_quote_method_str(quote->method));
    uint64_t speaker_room = written ? written->name_len + written->id_len
                                    : field_room(speaker_name) + field_room(speaker_id);
    char *o = room(&w->record, KEYS_MAX + WS__QUOTE_ID_SIZE + span_room(w, quote->span) + 3 * OFFSETS_MAX +
                                   speaker_room + span_room(w, quote->speaker_span) + span_room(w, quote->cue_span) +
                                   field_room(kind) + field_room(method) + WS__CONFIDENCE_SIZE);
    const char *record = w->record.data; /* where o is: room may have moved it */
    size_t confidence_len;

    if (!o)
        return;
    if (index)
        *o++ = ',';
    /* the id, "q" and digits, is JSON as it is */
    o = WRITE_LIT(o, "{\"id\":\"");
    o += ws__quote_id(o, index);
    o = WRITE_LIT(o, "\",\"text\":");
    o = write_span_text(w, res, o, quote->span);
    o = WRITE_LIT(o, ",");
    o = write_offsets(o, quote->span);
    o = WRITE_LIT(o, ",\"speaker\":");
    o = written ? write_bytes(o, record + written->name_at, written->name_len) : write_field(o, speaker_name);
    o = WRITE_LIT(o, ",\"speaker_id\":");
    o = written ? write_bytes(o, record + written->id_at, written->id_len) : write_field(o, speaker_id);
    o = WRITE_LIT(o, ",\"speaker_text\":");
    o = write_span_text_or_null(w, res, o, quote->speaker_span);
    o = WRITE_LIT(o, ",\"cue\":");
    o = write_span_text_or_null(w, res, o, quote->cue_span);
    o = WRITE_LIT(o, ",\"kind\":");
    o = write_field(o, kind);
    o = WRITE_LIT(o, ",\"method\":");
    o = write_field(o, method);
    o = WRITE_LIT(o, ",\"confidence\":");
    /* As jansson prints the real "0.80" stands for: %.15g drops trailing
     * zeros (0.8), and jansson keeps a ".0" on whole numbers (1.0). */
    confidence_len = ws__format_confidence(o, quote->confidence);
    while (o[confidence_len - 1] == '0' && o[confidence_len - 2] != '.')
        confidence_len--;
    o += confidence_len;
    o = WRITE_LIT(o, ",\"sentence\":{");
    o = write_offsets(o, quote->sentence);
    o = WRITE_LIT(o, "},\"paragraph\":{");
    o = write_offsets(o, quote->paragraph);
    o = WRITE_LIT(o, "}}");
    commit(&w->record, o);
}

static bool is_record_key(const char *key)
{
    for (size_t i = 0; i < sizeof record_keys / sizeof record_keys[0]; i++)
        if (strcmp(key, record_keys[i]) == 0)
            return true;
    return false;
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
        PUT_LIT(b, ",");
        put_key(b, name);
        put(b, dumped, strlen(dumped));
        free(dumped);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    json_decref(meta);
    return status;
}

static ws_status put_record(ws_jsonl_writer *w, ws_result *res, ws_error *err)
{
    buffer *b = &w->record;
    const char *meta_json = ws_result_meta_json(res);

    if (b->cap > RECORD_KEEP_SIZE) {
        free(b->data);
        *b = (buffer){0};
    }
    b->len = 0;
    b->failed = false;
    room(b, RECORD_START_SIZE);
    /* The document's text, once, rather than each span's: when it is as
     * long as the document, no byte was replaced, and a span's bytes are
     * the document's. A span that cuts a character in two is no exception:
     * escape makes U+FFFD of the pieces, as ws_result_text does. */
    w->doc_text = NULL;
    w->doc_len = ws_result_doc_len(res);
    if (ws_result_quote_count(res) || ((w->fields & WS_JSONL_MENTIONS) && ws_result_mention_count(res))) {
        size_t len;
        const char *text = ws_result_text(res, (ws_span){0, w->doc_len}, &len);

        if (text && len == w->doc_len)
            w->doc_text = text;
    }
    PUT_LIT(b, "{\"doc\":");
    put_str_or_null(b, ws_result_doc_id(res));
    PUT_LIT(b, ",\"origin\":");
    put_text_or_null(b, ws_result_origin(res));
    if (meta_json) {
        ws_status status = put_meta(b, meta_json, err);
        if (status != WS_OK)
            return status;
    }
    PUT_LIT(b, ",\"length\":");
    put_uint(b, w->doc_len);
    PUT_LIT(b, ",\"error\":");
    put_error(b, ws_result_error(res));
    PUT_LIT(b, ",\"warnings\":");
    put_warnings(b, res);
    if (w->fields & WS_JSONL_ENTITIES) {
        size_t count = ws_result_entity_count(res);
        if (!ws__grow(&w->entities, &w->entities_cap, count + 1, sizeof *w->entities))
            return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        PUT_LIT(b, ",\"entities\":[");
        for (size_t i = 0; i < count; i++)
            put_entity(w, res, i);
        PUT_LIT(b, "]");
    }
    if (w->fields & WS_JSONL_QUOTES) {
        PUT_LIT(b, ",\"quotes\":[");
        for (size_t i = 0; i < ws_result_quote_count(res); i++)
            put_quote(w, res, i);
        PUT_LIT(b, "]");
    }
    PUT_LIT(b, "}\n");
    return b->failed ? ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory") : WS_OK;
}

ws_status ws_jsonl_writer_new(ws_jsonl_writer **out, unsigned fields, ws_error *err)
{
    if (!out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_jsonl_writer_new: out is required");
    *out = NULL;
    if (fields & ~WS_JSONL_ALL)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_jsonl_writer_new: unknown fields 0x%x",
                        fields & ~WS_JSONL_ALL);
    if ((fields & WS_JSONL_MENTIONS) && !(fields & WS_JSONL_ENTITIES))
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1,
                        "ws_jsonl_writer_new: mentions are written in their entities: WS_JSONL_MENTIONS "
                        "needs WS_JSONL_ENTITIES");
    ws_jsonl_writer *w = calloc(1, sizeof *w);
    if (!w)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    w->fields = fields;
    *out = w;
    return WS_OK;
}

void ws_jsonl_writer_free(ws_jsonl_writer *w)
{
    if (w) {
        free(w->record.data);
        free(w->entities);
        free(w);
    }
}

ws_status ws_jsonl_writer_record(ws_jsonl_writer *w, ws_result *res, const char **record, size_t *len,
                                 ws_error *err)
{
    if (!w || !res || !record || !len)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1,
                        "ws_jsonl_writer_record: writer, result, record and len are required");
    ws_status status = put_record(w, res, err);
    *record = status == WS_OK ? w->record.data : NULL;
    *len = status == WS_OK ? w->record.len : 0;
    return status;
}

ws_status ws_jsonl_writer_write(ws_jsonl_writer *w, ws_result *res, FILE *out, ws_error *err)
{
    if (!w || !res || !out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1,
                        "ws_jsonl_writer_write: writer, result and stream are required");
    ws_status status = put_record(w, res, err);
    if (status != WS_OK)
        return status;
    fwrite(w->record.data, 1, w->record.len, out);
    if (ferror(out)) {
        /* errno is kept for the caller, which may want to tell a closed
         * pipe (EPIPE) from a real failure. */
        int saved_errno = errno;

        ws__fail(err, WS_ERR_IO, NULL, 0, -1, "cannot write output: %s", strerror(saved_errno));
        errno = saved_errno;
        return WS_ERR_IO;
    }
    return WS_OK;
}

ws_status ws_write_jsonl(ws_result *res, FILE *out, ws_error *err)
{
    if (!res || !out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_write_jsonl: result and stream are required");
    ws_jsonl_writer w = {.fields = WS_JSONL_ALL};
    ws_status status = ws_jsonl_writer_write(&w, res, out, err);
    free(w.record.data);
    free(w.entities);
    return status;
}
