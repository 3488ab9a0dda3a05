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
#include "json_bytes.h"
#include "utf8.h"
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

/* The room a string of n bytes takes escaped: 6 bytes a byte (\u00XX),
 * the quotes, and 8 to write its last word whole. */
#define ESCAPED_MAX(n) (6 * (n) + 2 + 8)

/* The names the library gives as static strings (ws_entity_type_str,
 * ws_quote_kind_str, ws_quote_method_str), escaped once and then copied:
 * a few of them are in every entity and quote. Kept by address, in a table
 * that the few there are never fill. */
#define NAME_SLOT_BITS 5
#define NAME_SLOTS (1 << NAME_SLOT_BITS)
#define NAME_MAX_LEN 16 /* longer names are not kept */
typedef struct known_name {
    const char *name;
    size_t len;
    char json[ESCAPED_MAX(NAME_MAX_LEN)];
} known_name;

struct ws_jsonl_writer {
    unsigned fields; /* WS_JSONL_* */
    buffer record;
    const char *doc_text; /* the record's document, when its spans are cut from it (see put_record) */
    size_t doc_len;
    known_name names[NAME_SLOTS];
};

/* Room for n more bytes at the end of b, or NULL when memory ran out. */
static char *grow(buffer *b, size_t n)
{
    if (b->failed || !ws__grow(&b->data, &b->cap, b->len + n, 1)) {
        b->failed = true;
        return NULL;
    }
    return b->data + b->len;
}

/* As grow, for the common case where the room is there already. */
static inline char *room(buffer *b, size_t n)
{
    return n <= b->cap - b->len ? b->data + b->len : grow(b, n);
}

static inline void put(buffer *b, const char *s, size_t n)
{
    char *o = room(b, n);

    if (o) {
        memcpy(o, s, n);
        b->len += n;
    }
}

/* A string literal, whose length the compiler knows. */
#define PUT_LIT(b, s) put((b), "" s, sizeof(s) - 1)

/* How each byte is written in a JSON string, as jansson writes it: 0 as
 * itself, a letter after a backslash ('u': \u00XX), or, for bytes from
 * 0x80 on, checked as part of a UTF-8 character. */
#define ESC_UTF8 0x80
#define PLAIN_16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define UTF8_16                                                                                    \
    ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8,      \
        ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8, ESC_UTF8
static const unsigned char escapes[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u',
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    PLAIN_16,
    PLAIN_16,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0,  0,   0,
    PLAIN_16,
    PLAIN_16,
    UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16, UTF8_16,
};

/* The most a string of n bytes takes escaped, or 0 when that does not fit
 * a size_t. */
static inline size_t escaped_max(size_t n)
{
    return n <= (SIZE_MAX - ESCAPED_MAX(0)) / 6 ? ESCAPED_MAX(n) : 0;
}

/* The k (1 to 7) bytes at p followed by spaces, which need no escape, as
 * one word: a string's last bytes, read without reading past them. */
static inline uint64_t last_word(const unsigned char *p, size_t k)
{
    unsigned char bytes[8];
    uint64_t word;

    memset(bytes, ' ', sizeof bytes);
    if (k >= 4) {
        memcpy(bytes, p, 4);
        memcpy(bytes + k - 4, p + k - 4, 4);
    } else {
        bytes[0] = p[0];
        bytes[k / 2] = p[k / 2];
        bytes[k - 1] = p[k - 1];
    }
    memcpy(&word, bytes, sizeof word);
    return word;
}

/* Writes the character at *in that ws_json_plain_bytes did not pass at o, and
 * moves both past it. */
static inline void escape_char(char **o, const unsigned char **in, const unsigned char *end)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned char c = **in, esc = escapes[c];
    size_t len = 1;

    if (!esc) {
        *(*o)++ = (char)c;
    } else if (esc != ESC_UTF8) {
        char seq[6] = {'\\', (char)esc, '0', '0', hex[c >> 4], hex[c & 0xF]};
        memcpy(*o, seq, sizeof seq);
        *o += esc == 'u' ? 6 : 2;
    } else if ((len = ws_utf8_seq_len(*in, (size_t)(end - *in))) > 0) {
        /* 2 to 4 bytes: the first two and the last two */
        memcpy(*o, *in, 2);
        memcpy(*o + len - 2, *in + len - 2, 2);
        *o += len;
    } else {
        memcpy(*o, "\xEF\xBF\xBD", 3);
        *o += 3;
        len = 1;
    }
    *in += len;
}

/* Writes s[0..n) as a JSON string at o, which has room for escaped_max(n)
 * bytes, and returns its end. Strings from outside the library's own data
 * (ids and origins from file names, messages cut to fit ws_error) may not
 * be valid UTF-8, which JSON strings must be: invalid bytes become U+FFFD,
 * as they do in document text. ASCII that needs no escape, most of any
 * text, is copied 8 bytes at a time, a string's last bytes too: a word is
 * written whole and the output moves on by its plain bytes, so a word's
 * bytes after an escape are written again from where it left off. */
static char *escape(char *o, const char *s, size_t n)
{
    const unsigned char *in = (const unsigned char *)s, *end = in + n;

    *o++ = '"';
    while (in < end) {
        size_t left = (size_t)(end - in), plain;
        uint64_t word;

        if (left >= sizeof word)
            memcpy(&word, in, sizeof word);
        else
            word = last_word(in, left);
        memcpy(o, &word, sizeof word);
        plain = ws_json_plain_bytes(word);
        if (plain >= left) {
            o += left;
            break;
        }
        o += plain;
        in += plain;
        if (plain < sizeof word)
            escape_char(&o, &in, end);
    }
    *o++ = '"';
    return o;
}

static void put_string(buffer *b, const char *s, size_t n)
{
    size_t max = escaped_max(n);
    char *o = max ? room(b, max) : NULL;

    if (o)
        b->len += (size_t)(escape(o, s, n) - o);
    else
        b->failed = true;
}

static void put_str_or_null(buffer *b, const char *s)
{
    if (s)
        put_string(b, s, strlen(s));
    else
        PUT_LIT(b, "null");
}

/* An empty string counts as absent (an error's file). */
static void put_text_or_null(buffer *b, const char *s)
{
    put_str_or_null(b, s && s[0] ? s : NULL);
}

/* One of the library's static names, or null: see known_name. */
static void put_name(ws_jsonl_writer *w, const char *name)
{
    size_t slot = (size_t)((uint64_t)(uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15) >> (64 - NAME_SLOT_BITS)), len;

    for (size_t probes = 0; name && probes < NAME_SLOTS; probes++, slot = (slot + 1) % NAME_SLOTS) {
        known_name *known = &w->names[slot];
        if (!known->name && (len = strlen(name)) <= NAME_MAX_LEN) {
            known->name = name;
            known->len = (size_t)(escape(known->json, name, len) - known->json);
        }
        if (known->name == name) {
            put(&w->record, known->json, known->len);
            return;
        }
        if (!known->name)
            break;
    }
    put_str_or_null(&w->record, name); /* null, too long to keep, or the table full */
}

static void put_key(buffer *b, const char *key)
{
    put_string(b, key, strlen(key));
    PUT_LIT(b, ":");
}

/* Every number of a record is a count or an offset. Its digits end half
 * way into scratch, and 20 bytes from the first are copied, a size the
 * compiler copies inline; the record keeps the digits. (Counting the
 * digits first cost a multiplication a digit.) */
#define UINT_DIGITS 20
static void put_uint(buffer *b, unsigned long long n)
{
    char scratch[2 * UINT_DIGITS], *end = scratch + UINT_DIGITS, *digits = ws__decimal(end, n);
    char *o = room(b, UINT_DIGITS);

    if (o) {
        memcpy(o, digits, UINT_DIGITS);
        b->len += (size_t)(end - digits);
    }
}

/* A span's text: cut from the document's, or else by ws_result_text,
 * whose buffer is reused by the next call, so it is written at once. */
static void put_span_text(ws_jsonl_writer *w, ws_result *res, ws_span span)
{
    size_t len;
    const char *text;

    if (w->doc_text) {
        if (span.start > span.end || span.end > w->doc_len)
            span.start = span.end = 0; /* as ws_result_text has it */
        text = w->doc_text + span.start;
        len = span.end - span.start;
    } else {
        text = ws_result_text(res, span, &len);
    }
    if (text)
        put_string(&w->record, text, len);
    else
        w->record.failed = true;
}

/* As put_span_text, but null for an empty span (no speaker or cue found). */
static void put_span_text_or_null(ws_jsonl_writer *w, ws_result *res, ws_span span)
{
    if (ws__span_empty(span))
        PUT_LIT(&w->record, "null");
    else
        put_span_text(w, res, span);
}

/* "start":N,"end":N */
static void put_offsets(buffer *b, ws_span span)
{
    PUT_LIT(b, "\"start\":");
    put_uint(b, span.start);
    PUT_LIT(b, ",\"end\":");
    put_uint(b, span.end);
}

static void put_span(buffer *b, ws_span span)
{
    PUT_LIT(b, "{");
    put_offsets(b, span);
    PUT_LIT(b, "}");
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
    put_string(b, err->message, strlen(err->message));
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
        put_string(b, warning->message, strlen(warning->message));
        PUT_LIT(b, "}");
    }
    PUT_LIT(b, "]");
}

static void put_mentions(ws_jsonl_writer *w, ws_result *res, const ws_entity *entity)
{
    buffer *b = &w->record;

    PUT_LIT(b, ",\"mentions\":[");
    for (size_t i = 0; i < entity->mention_count; i++) {
        const ws_mention *mention = ws_result_mention(res, entity->mentions[i]);
        if (i)
            PUT_LIT(b, ",");
        PUT_LIT(b, "{\"text\":");
        put_span_text(w, res, mention->span);
        PUT_LIT(b, ",");
        put_offsets(b, mention->span);
        PUT_LIT(b, ",\"title\":");
        put_span_text_or_null(w, res, mention->title);
        PUT_LIT(b, ",\"country\":");
        put_str_or_null(b, mention->country);
        PUT_LIT(b, "}");
    }
    PUT_LIT(b, "]");
}

static void put_entity(ws_jsonl_writer *w, ws_result *res, const ws_entity *entity)
{
    buffer *b = &w->record;

    PUT_LIT(b, "{\"id\":");
    put_str_or_null(b, entity->id);
    PUT_LIT(b, ",\"name\":");
    put_str_or_null(b, entity->name);
    PUT_LIT(b, ",\"type\":");
    put_name(w, ws_entity_type_str(entity->type));
    PUT_LIT(b, ",\"gender\":");
    put_str_or_null(b, entity->gender);
    PUT_LIT(b, ",\"role\":");
    put_str_or_null(b, entity->role);
    PUT_LIT(b, ",\"source\":");
    put_str_or_null(b, entity->source);
    PUT_LIT(b, ",\"count\":");
    put_uint(b, entity->mention_count);
    PUT_LIT(b, ",\"alternatives\":[");
    for (size_t i = 0; i < entity->alternative_count; i++) {
        const ws_alternative *alt = &entity->alternatives[i];
        if (i)
            PUT_LIT(b, ",");
        PUT_LIT(b, "{\"id\":");
        put_str_or_null(b, alt->id);
        PUT_LIT(b, ",\"name\":");
        put_str_or_null(b, alt->name);
        PUT_LIT(b, ",\"type\":");
        put_name(w, ws_entity_type_str(alt->type));
        PUT_LIT(b, "}");
    }
    PUT_LIT(b, "]");
    if (w->fields & WS_JSONL_MENTIONS)
        put_mentions(w, res, entity);
    PUT_LIT(b, "}");
}

static void put_quote(ws_jsonl_writer *w, ws_result *res, size_t index)
{
    buffer *b = &w->record;
    const ws_quote *quote = ws_result_quote(res, index);
    const ws_entity *speaker = ws__quote_speaker(res, quote);
    char id[WS__QUOTE_ID_SIZE], confidence[WS__CONFIDENCE_SIZE];
    size_t id_len = ws__quote_id(id, index);
    size_t confidence_len = ws__format_confidence(confidence, quote->confidence);

    /* As jansson prints the real "0.80" stands for: %.15g drops trailing
     * zeros (0.8), and jansson keeps a ".0" on whole numbers (1.0). */
    while (confidence[confidence_len - 1] == '0' && confidence[confidence_len - 2] != '.')
        confidence_len--;
    PUT_LIT(b, "{\"id\":");
    put_string(b, id, id_len);
    PUT_LIT(b, ",\"text\":");
    put_span_text(w, res, quote->span);
    PUT_LIT(b, ",");
    put_offsets(b, quote->span);
    PUT_LIT(b, ",\"speaker\":");
    put_str_or_null(b, speaker ? speaker->name : NULL);
    PUT_LIT(b, ",\"speaker_id\":");
    put_str_or_null(b, speaker ? speaker->id : NULL);
    PUT_LIT(b, ",\"speaker_text\":");
    put_span_text_or_null(w, res, quote->speaker_span);
    PUT_LIT(b, ",\"cue\":");
    put_span_text_or_null(w, res, quote->cue_span);
    PUT_LIT(b, ",\"kind\":");
    put_name(w, ws_quote_kind_str(quote->kind));
    PUT_LIT(b, ",\"method\":");
    put_name(w, ws_quote_method_str(quote->method));
    PUT_LIT(b, ",\"confidence\":");
    put(b, confidence, confidence_len);
    PUT_LIT(b, ",\"sentence\":");
    put_span(b, quote->sentence);
    PUT_LIT(b, ",\"paragraph\":");
    put_span(b, quote->paragraph);
    PUT_LIT(b, "}");
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
    if (ws_result_quote_count(res) || ((w->fields & WS_JSONL_MENTIONS) && ws_result_mention_count(res))) {
        size_t len;
        const char *text;

        w->doc_len = ws_result_doc_len(res);
        text = ws_result_text(res, (ws_span){0, w->doc_len}, &len);
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
    put_uint(b, ws_result_doc_len(res));
    PUT_LIT(b, ",\"error\":");
    put_error(b, ws_result_error(res));
    PUT_LIT(b, ",\"warnings\":");
    put_warnings(b, res);
    if (w->fields & WS_JSONL_ENTITIES) {
        PUT_LIT(b, ",\"entities\":[");
        for (size_t i = 0; i < ws_result_entity_count(res); i++) {
            if (i)
                PUT_LIT(b, ",");
            put_entity(w, res, ws_result_entity(res, i));
        }
        PUT_LIT(b, "]");
    }
    if (w->fields & WS_JSONL_QUOTES) {
        PUT_LIT(b, ",\"quotes\":[");
        for (size_t i = 0; i < ws_result_quote_count(res); i++) {
            if (i)
                PUT_LIT(b, ",");
            put_quote(w, res, i);
        }
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
    return status;
}
