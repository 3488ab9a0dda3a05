/* test_export.c - JSON Lines records and CSV tables, through the public API
 * (export_json.c, export_csv.c). */
#include <dirent.h>
#include <stdint.h>
#include <jansson.h>
#include <sys/stat.h>

#include "export.h"
#include "helpers.h"
#include "utf8.h"

static const char ROWS[] =
    "H:peskov\tPERSON\tDmitry Peskov\tPeskov\tgender=m;role=Kremlin spokesman\n"
    "P:ru\tPLACE\tRussia\t\t\n"
    "P:kyiv\tPLACE\tKyiv\t\t\n";

/* Curly marks, an apostrophe, a comma and a quote in the quote, an invalid
 * byte and a name the gazetteer lacks: what the exporters must carry. */
static const char DOC[] =
    "Russia\xE2\x80\x99s envoy met Kyiv officials.\n"
    "\xE2\x80\x9CWe said \xE2\x80\x98no\xE2\x80\x99, twice,\xE2\x80\x9D Kremlin spokesman Dmitry Peskov said.\n"
    "\xE2\x80\x9CIt\xE2\x80\x99s over,\xE2\x80\x9D Fiona Hill said. Bad byte: \xFF.\n";

static const char *const RECORD_KEYS[] = {"doc", "origin", "url", "date", "length", "error",
                                          "warnings", "entities", "quotes", NULL};
static const char *const ENTITY_KEYS[] = {"id", "name", "type", "gender", "role", "source",
                                           "count", "alternatives", "mentions", NULL};
static const char *const MENTION_KEYS[] = {"text", "start", "end", "title", "country", NULL};
static const char *const QUOTE_KEYS[] = {"id", "text", "start", "end", "speaker", "speaker_id",
                                         "speaker_text", "cue", "kind", "method", "confidence",
                                         "sentence", "paragraph", NULL};

static void check_keys(json_t *obj, const char *const *keys, const char *what)
{
    const char *key;
    json_t *value;
    size_t i = 0;
    CHECK(json_is_object(obj));
    json_object_foreach(obj, key, value) {
        if (!keys[i] || strcmp(key, keys[i]) != 0) {
            fprintf(stderr, "%s: key %zu is \"%s\", expected \"%s\"\n", what, i, key,
                    keys[i] ? keys[i] : "(end)");
            check_failures++;
            return;
        }
        i++;
    }
    if (keys[i]) {
        fprintf(stderr, "%s: key \"%s\" missing\n", what, keys[i]);
        check_failures++;
    }
}

/* doc[start:end] is text, as valid UTF-8 (invalid bytes as U+FFFD). */
static void check_slice(json_t *obj, const char *text_key)
{
    json_int_t b = json_integer_value(json_object_get(obj, "start"));
    json_int_t e = json_integer_value(json_object_get(obj, "end"));
    const char *text = json_string_value(json_object_get(obj, text_key));
    CHECK(text != NULL && b >= 0 && b <= e && e <= (json_int_t)(sizeof DOC - 1));
    if (text && b >= 0 && b <= e && e <= (json_int_t)(sizeof DOC - 1))
        CHECK_SLICE_EQ(DOC, b, e, text);
}

static ws_result *extract_doc(ws_extractor *ex, const char *meta)
{
    ws_document doc = {"news-1", DOC, sizeof DOC - 1, meta, "feed/news-1.txt"};
    ws_result *res = NULL;
    ws_error err;
    CHECK_INT_EQ(ws_extract(ex, &doc, &res, &err), WS_OK);
    return res;
}

static void test_jsonl(ws_extractor *ex)
{
    ws_result *res = extract_doc(ex, "{\"url\":\"https://example.com/a\",\"date\":\"2025-03-01\"}");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ws_error err;
    CHECK_INT_EQ(ws_write_jsonl(res, mem, &err), WS_OK);
    fclose(mem);
    CHECK(len > 0 && buf[len - 1] == '\n');
    CHECK(memchr(buf, '\n', len) == buf + len - 1); /* one line */

    json_error_t je;
    json_t *rec = json_loadb(buf, len, 0, &je);
    CHECK(rec != NULL);
    if (!rec) {
        fprintf(stderr, "JSON: %s\n", je.text);
        free(buf);
        ws_result_free(res);
        return;
    }
    check_keys(rec, RECORD_KEYS, "record");
    CHECK_STR_EQ(json_string_value(json_object_get(rec, "doc")), "news-1");
    CHECK_STR_EQ(json_string_value(json_object_get(rec, "origin")), "feed/news-1.txt");
    CHECK_STR_EQ(json_string_value(json_object_get(rec, "url")), "https://example.com/a");
    CHECK_INT_EQ(json_integer_value(json_object_get(rec, "length")), sizeof DOC - 1);
    CHECK(json_is_null(json_object_get(rec, "error")));

    /* the invalid byte is a warning with its offset */
    json_t *warnings = json_object_get(rec, "warnings");
    CHECK_INT_EQ(json_array_size(warnings), 1);
    CHECK_INT_EQ(json_integer_value(json_object_get(json_array_get(warnings, 0), "byte")),
                 strchr(DOC, '\xFF') - DOC);

    size_t i;
    json_t *ent, *m, *q;
    json_t *entities = json_object_get(rec, "entities");
    CHECK(json_array_size(entities) >= 4);
    json_array_foreach(entities, i, ent) {
        check_keys(ent, ENTITY_KEYS, "entity");
        json_t *mentions = json_object_get(ent, "mentions");
        CHECK_INT_EQ(json_array_size(mentions), json_integer_value(json_object_get(ent, "count")));
        size_t j;
        json_array_foreach(mentions, j, m) {
            check_keys(m, MENTION_KEYS, "mention");
            check_slice(m, "text");
        }
    }
    json_t *quotes = json_object_get(rec, "quotes");
    CHECK_INT_EQ(json_array_size(quotes), 2);
    json_array_foreach(quotes, i, q) {
        check_keys(q, QUOTE_KEYS, "quote");
        check_slice(q, "text");
    }
    q = json_array_get(quotes, 0);
    CHECK_STR_EQ(json_string_value(json_object_get(q, "id")), "q1");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "text")), "We said \xE2\x80\x98no\xE2\x80\x99, twice,");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "speaker")), "Dmitry Peskov");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "speaker_id")), "H:peskov");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "speaker_text")), "Kremlin spokesman Dmitry Peskov");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "cue")), "said");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "kind")), "direct");
    CHECK_STR_EQ(json_string_value(json_object_get(q, "method")), "explicit");
    double conf = json_number_value(json_object_get(q, "confidence"));
    CHECK(conf > 0 && conf <= 1);
    /* the sentence and paragraph spans hold the quote */
    json_t *sent = json_object_get(q, "sentence"), *para = json_object_get(q, "paragraph");
    CHECK(json_integer_value(json_object_get(sent, "start")) <= json_integer_value(json_object_get(q, "start")));
    CHECK(json_integer_value(json_object_get(sent, "end")) >= json_integer_value(json_object_get(q, "end")));
    CHECK(json_integer_value(json_object_get(para, "start")) <= json_integer_value(json_object_get(sent, "start")));
    CHECK(json_integer_value(json_object_get(para, "end")) >= json_integer_value(json_object_get(sent, "end")));
    q = json_array_get(quotes, 1);
    CHECK_STR_EQ(json_string_value(json_object_get(q, "speaker_id")), "local:Fiona_Hill");
    json_decref(rec);
    free(buf);

    /* metadata may not hide our keys: theirs are renamed */
    ws_result_free(res);
    res = extract_doc(ex, "{\"doc\":\"theirs\",\"quotes\":1}");
    mem = open_memstream(&buf, &len);
    CHECK_INT_EQ(ws_write_jsonl(res, mem, &err), WS_OK);
    fclose(mem);
    rec = json_loadb(buf, len, 0, &je);
    CHECK_STR_EQ(json_string_value(json_object_get(rec, "doc")), "news-1");
    CHECK_STR_EQ(json_string_value(json_object_get(rec, "input_doc")), "theirs");
    CHECK_INT_EQ(json_integer_value(json_object_get(rec, "input_quotes")), 1);
    json_decref(rec);
    free(buf);
    ws_result_free(res);

    /* a failed document is a record with its error */
    ws_document bin = {"bin", "a\0b", 3, NULL, "bin.txt"};
    CHECK_INT_EQ(ws_extract(ex, &bin, &res, &err), WS_ERR_INPUT);
    CHECK(res != NULL && ws_result_error(res) != NULL);
    mem = open_memstream(&buf, &len);
    CHECK_INT_EQ(ws_write_jsonl(res, mem, &err), WS_OK);
    fclose(mem);
    rec = json_loadb(buf, len, 0, &je);
    json_t *error = json_object_get(rec, "error");
    CHECK_STR_EQ(json_string_value(json_object_get(error, "status")), ws_status_str(WS_ERR_INPUT));
    CHECK_INT_EQ(json_integer_value(json_object_get(error, "byte")), 1);
    CHECK_INT_EQ(json_array_size(json_object_get(rec, "quotes")), 0);
    json_decref(rec);
    free(buf);
    ws_result_free(res);
}

/* The record of res that a writer of fields makes, parsed; the same bytes
 * whether made in memory or written to a stream. */
static json_t *record_with(ws_jsonl_writer *w, ws_result *res)
{
    const char *record;
    size_t record_len, len = 0;
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, &len);
    ws_error err;

    CHECK_INT_EQ(ws_jsonl_writer_write(w, res, mem, &err), WS_OK);
    fclose(mem);
    CHECK_INT_EQ(ws_jsonl_writer_record(w, res, &record, &record_len, &err), WS_OK);
    CHECK(record_len == len && memcmp(record, buf, len) == 0);
    json_t *rec = json_loadb(buf, len, 0, NULL);
    CHECK(rec != NULL);
    free(buf);
    return rec;
}

/* A writer's fields leave keys out, and the rest is the full record's. */
static void test_jsonl_fields(ws_extractor *ex)
{
    static const char *const header[] = {"doc", "origin", "url", "length", "error", "warnings", NULL};
    static const char *const with_quotes[] = {"doc", "origin", "url", "length", "error", "warnings", "quotes",
                                              NULL};
    static const char *const with_entities[] = {"doc", "origin", "url", "length", "error", "warnings",
                                                "entities", NULL};
    static const char *const entity_alone[] = {"id", "name", "type", "gender", "role", "source", "count",
                                               "alternatives", NULL};
    ws_result *res = extract_doc(ex, "{\"url\":\"u\"}"), *other = extract_doc(ex, NULL);
    ws_jsonl_writer *all, *w;
    ws_error err;

    /* every field: ws_write_jsonl's bytes, record after record from one writer */
    CHECK_INT_EQ(ws_jsonl_writer_new(&all, WS_JSONL_ALL, &err), WS_OK);
    for (int round = 0; round < 2; round++) {
        ws_result *r = round ? other : res;
        char *buf = NULL;
        size_t len = 0;
        const char *record;
        size_t record_len;
        FILE *mem = open_memstream(&buf, &len);
        CHECK_INT_EQ(ws_write_jsonl(r, mem, &err), WS_OK);
        fclose(mem);
        CHECK_INT_EQ(ws_jsonl_writer_record(all, r, &record, &record_len, &err), WS_OK);
        CHECK(record_len == len && memcmp(record, buf, len) == 0);
        free(buf);
    }
    json_t *full = record_with(all, res);

    CHECK_INT_EQ(ws_jsonl_writer_new(&w, WS_JSONL_QUOTES, &err), WS_OK);
    json_t *rec = record_with(w, res), *expected = json_deep_copy(full);
    check_keys(rec, with_quotes, "quotes record");
    json_object_del(expected, "entities");
    CHECK(json_equal(rec, expected));
    json_decref(rec);
    json_decref(expected);
    ws_jsonl_writer_free(w);

    CHECK_INT_EQ(ws_jsonl_writer_new(&w, WS_JSONL_ENTITIES, &err), WS_OK);
    rec = record_with(w, res);
    expected = json_deep_copy(full);
    check_keys(rec, with_entities, "entities record");
    json_object_del(expected, "quotes");
    size_t i;
    json_t *ent;
    json_array_foreach(json_object_get(expected, "entities"), i, ent) json_object_del(ent, "mentions");
    json_array_foreach(json_object_get(rec, "entities"), i, ent) check_keys(ent, entity_alone, "entity");
    CHECK(json_array_size(json_object_get(rec, "entities")) > 0 && json_equal(rec, expected));
    json_decref(rec);
    json_decref(expected);
    ws_jsonl_writer_free(w);

    CHECK_INT_EQ(ws_jsonl_writer_new(&w, WS_JSONL_ENTITIES | WS_JSONL_MENTIONS, &err), WS_OK);
    rec = record_with(w, res);
    expected = json_deep_copy(full);
    json_object_del(expected, "quotes");
    CHECK(json_equal(rec, expected));
    json_decref(rec);
    json_decref(expected);
    ws_jsonl_writer_free(w);

    CHECK_INT_EQ(ws_jsonl_writer_new(&w, 0, &err), WS_OK);
    rec = record_with(w, res);
    check_keys(rec, header, "header record");
    json_decref(rec);
    ws_jsonl_writer_free(w);

    /* flags that are none, mentions without their entities, missing arguments */
    w = all;
    CHECK_INT_EQ(ws_jsonl_writer_new(&w, 0x8, &err), WS_ERR_USAGE);
    CHECK(w == NULL);
    CHECK_INT_EQ(ws_jsonl_writer_new(&w, WS_JSONL_MENTIONS | WS_JSONL_QUOTES, &err), WS_ERR_USAGE);
    CHECK(strstr(err.message, "WS_JSONL_ENTITIES") != NULL);
    CHECK_INT_EQ(ws_jsonl_writer_write(all, res, NULL, &err), WS_ERR_USAGE);
    CHECK_INT_EQ(ws_jsonl_writer_record(all, NULL, NULL, NULL, &err), WS_ERR_USAGE);
    ws_jsonl_writer_free(NULL);

    json_decref(full);
    ws_jsonl_writer_free(all);
    ws_result_free(res);
    ws_result_free(other);
}

/* The record of a document that failed with why, as ws_write_jsonl writes it. */
static char *failed_record(const ws_document *doc, const char *why)
{
    ws_error failed, err;
    ws_result *res = NULL;
    char *buf = NULL;
    size_t len = 0;
    ws_error_clear(&failed);
    failed.status = WS_ERR_JSON;
    snprintf(failed.message, sizeof failed.message, "%s", why);
    CHECK_INT_EQ(ws_result_new_failed(doc, &failed, &res), WS_OK);
    FILE *mem = open_memstream(&buf, &len);
    CHECK_INT_EQ(ws_write_jsonl(res, mem, &err), WS_OK);
    fclose(mem);
    ws_result_free(res);
    return buf;
}

/* The record starts with the id as jansson writes valid, which is id
 * with its invalid UTF-8 made U+FFFD. */
static void check_id_escaped_as(const char *id, const char *valid)
{
    ws_document doc = {id, NULL, 0, NULL, "o"};
    char *buf = failed_record(&doc, "m");
    json_t *str = json_string(valid);
    char *dumped = json_dumps(str, JSON_ENCODE_ANY | JSON_COMPACT);
    if (!buf || strncmp(buf, "{\"doc\":", 7) != 0 || strncmp(buf + 7, dumped, strlen(dumped)) != 0) {
        fprintf(stderr, "id %s: record %.60s\n", dumped, buf ? buf : "(none)");
        check_failures++;
    }
    free(dumped);
    json_decref(str);
    free(buf);
}

static void check_id_escaped(const char *id)
{
    check_id_escaped_as(id, id);
}

/* The record's strings and reals are written byte for byte as jansson
 * writes them, and invalid UTF-8 becomes U+FFFD. */
static void test_jsonl_bytes(ws_extractor *ex)
{
    char id[160];
    size_t n = 0;
    for (int c = 1; c < 0x80; c++)
        id[n++] = (char)c;
    strcpy(id + n, "\xC3\xA9\xE2\x80\x9D\xF0\x9F\x98\x80 end"); /* é ” 😀 */
    check_id_escaped(id);
    /* each ASCII byte at each place of an 8-byte word, runs on both sides */
    for (int c = 1; c < 0x80; c++)
        for (int at = 0; at < 9; at++) {
            snprintf(id, sizeof id, "%.*s%c%s", at, "aaaaaaaa", c, "bbbbbbbbb");
            check_id_escaped(id);
        }

    /* and in strings shorter than a word, whose last bytes are read as one */
    for (int c = 1; c < 0x80; c++)
        for (int at = 0; at < 4; at++)
            for (int after = 0; after < 5; after++) {
                snprintf(id, sizeof id, "%.*s%c%.*s", at, "aaa", c, after, "bbbb");
                check_id_escaped(id);
            }
    /* two to escape in one word, and characters of 2 to 4 bytes, valid or
     * cut short, at each place of strings of 1 to 20 bytes */
    static const struct { const char *in, *valid; } pieces[] = {
        {"\"\\", "\"\\"}, {"\n\"", "\n\""}, {"\xC3\xA9", "\xC3\xA9"}, {"\xE2\x80\x9D", "\xE2\x80\x9D"},
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"}, {"\xE2\x80", "\xEF\xBF\xBD\xEF\xBF\xBD"}, {"\xFF", "\xEF\xBF\xBD"},
    };
    char valid[160];
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++)
        for (int at = 0; at < 10; at++)
            for (int after = 0; after < 10; after++) {
                snprintf(id, sizeof id, "%.*s%s%.*s", at, "aaaaaaaaaa", pieces[p].in, after, "bbbbbbbbbb");
                snprintf(valid, sizeof valid, "%.*s%s%.*s", at, "aaaaaaaaaa", pieces[p].valid, after, "bbbbbbbbbb");
                check_id_escaped_as(id, valid);
            }
    check_id_escaped("\xC3\xA9");
    check_id_escaped("abcdefg\xE2\x80\x9D");
    check_id_escaped("abcdef\xF0\x9F\x98\x80xyz");

    ws_document doc = {"d", NULL, 0, NULL, "o\xFF\xE2\x82k\xC0\x80\xED\xA0\x80"};
    char *buf = failed_record(&doc, "tab\there");
    char expected[512];
    snprintf(expected, sizeof expected,
             "{\"doc\":\"d\",\"origin\":\"o\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDk"
             "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\","
             "\"length\":0,\"error\":{\"status\":\"%s\",\"message\":\"tab\\there\"",
             ws_status_str(WS_ERR_JSON));
    CHECK(buf && strncmp(buf, expected, strlen(expected)) == 0);
    free(buf);

    /* numbers of every length: a failed document's length is as given */
    for (unsigned long long power = 1; power; power = power * 10 > power ? power * 10 : 0)
        for (unsigned long long k = power - 1; k <= power; k++) {
            ws_document big = {"d", NULL, (size_t)k, NULL, "o"};
            buf = failed_record(&big, "m");
            snprintf(expected, sizeof expected, "{\"doc\":\"d\",\"origin\":\"o\",\"length\":%llu,", k);
            CHECK(buf && strncmp(buf, expected, strlen(expected)) == 0);
            free(buf);
        }
    buf = failed_record(&(ws_document){"d", NULL, SIZE_MAX, NULL, "o"}, "m");
    snprintf(expected, sizeof expected, "{\"doc\":\"d\",\"origin\":\"o\",\"length\":%zu,", (size_t)SIZE_MAX);
    CHECK(buf && strncmp(buf, expected, strlen(expected)) == 0);
    free(buf);

    /* confidences: as jansson prints a real read from the record */
    ws_result *res = extract_doc(ex, NULL);
    ws_error err;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CHECK_INT_EQ(ws_write_jsonl(res, mem, &err), WS_OK);
    fclose(mem);
    size_t found = 0;
    for (const char *p = buf; (p = strstr(p, "\"confidence\":")) != NULL; found++) {
        p += strlen("\"confidence\":");
        size_t token = strcspn(p, ",}");
        json_t *real = json_real(strtod(p, NULL));
        char *dumped = json_dumps(real, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));
        CHECK(strlen(dumped) == token && strncmp(p, dumped, token) == 0);
        free(dumped);
        json_decref(real);
    }
    CHECK(found > 0);
    free(buf);
    ws_result_free(res);
}

/* What ws_result_text makes of s[0..n): invalid UTF-8 as U+FFFD. */
static size_t valid_text(char *out, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = (unsigned char)s[i] < 0x80 ? 1 : ws_utf8_seq_len((const unsigned char *)s + i, n - i);
        if (k) {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    return o;
}

/* Every span of a document valid (the text as it is, but for characters
 * cut in two) and invalid; the JSON record's texts, cut from a valid
 * document, are the same. */
static void test_result_text(ws_extractor *ex)
{
    for (size_t valid_len = 0; valid_len <= 1; valid_len++) {
        size_t n = valid_len ? (size_t)(strstr(DOC, "Bad byte") - DOC) : sizeof DOC - 1;
        ws_document doc = {"d", DOC, n, NULL, "o"};
        ws_result *res = NULL;
        ws_error err;
        char expected[3 * sizeof DOC];
        CHECK_INT_EQ(ws_extract(ex, &doc, &res, &err), WS_OK);
        for (size_t b = 0; b <= n; b++)
            for (size_t e = b; e <= n; e++) {
                size_t len = 0, expected_len = valid_text(expected, DOC + b, e - b);
                const char *text = ws_result_text(res, (ws_span){b, e}, &len);
                if (!text || len != expected_len || memcmp(text, expected, len) != 0 || text[len]) {
                    fprintf(stderr, "text of [%zu, %zu) of %zu bytes\n", b, e, n);
                    check_failures++;
                }
            }
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        CHECK_INT_EQ(ws_write_jsonl(res, mem, &err), WS_OK);
        fclose(mem);
        json_t *rec = json_loadb(buf, len, 0, NULL), *entity, *mention, *quote;
        size_t i, j, spans = 0;
        json_array_foreach(json_object_get(rec, "entities"), i, entity)
            json_array_foreach(json_object_get(entity, "mentions"), j, mention) {
                check_slice(mention, "text");
                spans++;
            }
        json_array_foreach(json_object_get(rec, "quotes"), i, quote) {
            check_slice(quote, "text");
            spans++;
        }
        CHECK(spans > 4);
        json_decref(rec);
        free(buf);
        ws_result_free(res);
    }
}

/* A confidence is written as "%.2f" writes it, ties and their neighbours
 * included; out of range, clamped to 0..1. */
static void check_confidence(double x)
{
    char ours[WS__CONFIDENCE_SIZE], printed[32];
    double clamped = x > 1.0 ? 1.0 : x >= 0.0 ? x : 0.0;

    size_t len = ws__format_confidence(ours, x);
    snprintf(printed, sizeof printed, "%.2f", clamped);
    if (strcmp(ours, printed) != 0 || len != strlen(printed)) {
        fprintf(stderr, "confidence %.17g: \"%s\", expected \"%s\"\n", x, ours, printed);
        check_failures++;
    }
}

static void test_confidence(void)
{
    /* the doubles on either side of k / 200: every hundredth and every tie */
    for (int k = 0; k <= 200; k++) {
        double x = k / 200.0;
        uint64_t bits;
        memcpy(&bits, &x, sizeof bits);
        for (int d = -3; d <= 3; d++) {
            uint64_t near = bits + (uint64_t)(int64_t)d;
            double y;
            memcpy(&y, &near, sizeof y);
            if (y >= 0.0)
                check_confidence(y);
        }
    }
    /* confidences as attribution makes them: a base scaled down (a pronoun's 0.85) */
    for (int k = 0; k <= 10000; k++) {
        check_confidence(k / 10000.0);
        check_confidence(k / 10000.0 * 0.85);
        check_confidence(k / 10000.0 * 0.8);
    }
    srand(7);
    for (int i = 0; i < 100000; i++)
        check_confidence((double)rand() / RAND_MAX);
    check_confidence(0.005);
    check_confidence(0.0049999999999999);
    check_confidence(1e-300);
    check_confidence(4.9e-324);
    check_confidence(-0.0);
    check_confidence(-0.5);
    check_confidence(1.5);
    check_confidence(NAN);
}

/* ---- CSV: a small RFC 4180 reader, independent of the writer's libcsv ---- */

typedef struct table {
    size_t rows, cols;   /* cols of the header */
    char *cells[64][32]; /* enough for these tests */
    int ragged;          /* a row with another number of fields */
} table;

static void table_free(table *t)
{
    for (size_t r = 0; r < t->rows; r++)
        for (size_t c = 0; c < t->cols; c++)
            free(t->cells[r][c]);
}

static int read_table(const char *path, table *t)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char field[4096];
    size_t n = 0, col = 0;
    int quoted = 0, c, at_start = 1;
    while ((c = getc(f)) != EOF) {
        if (quoted) {
            if (c == '"') {
                int d = getc(f);
                if (d == '"') {
                    field[n++] = '"';
                    continue;
                }
                quoted = 0;
                if (d == EOF)
                    break;
                c = d;
            } else {
                field[n++] = (char)c;
                continue;
            }
        }
        if (c == '"' && n == 0 && at_start) {
            quoted = 1;
            at_start = 0;
            continue;
        }
        if (c == ',' || c == '\n') {
            if (n && field[n - 1] == '\r' && c == '\n')
                n--;
            field[n] = '\0';
            if (t->rows < 64 && col < 32)
                t->cells[t->rows][col] = strdup(field);
            col++;
            n = 0;
            at_start = 1;
            if (c == '\n') {
                if (t->rows == 0)
                    t->cols = col;
                else if (col != t->cols)
                    t->ragged = 1;
                t->rows++;
                col = 0;
            }
            continue;
        }
        at_start = 0;
        if (n < sizeof field - 1)
            field[n++] = (char)c;
    }
    fclose(f);
    if (n || col || quoted)
        t->ragged = 1; /* the last row must end with a line break */
    return 0;
}

static const char *cell(const table *t, size_t row, const char *column)
{
    for (size_t c = 0; c < t->cols; c++)
        if (t->cells[0][c] && strcmp(t->cells[0][c], column) == 0)
            return row < t->rows ? t->cells[row][c] : NULL;
    return NULL;
}

static size_t count_files(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *de; d && (de = readdir(d)) != NULL;)
        n += de->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void test_csv(ws_extractor *ex)
{
    char *dir = tmp_dir();
    ws_csv_writer *w = NULL;
    ws_error err;
    CHECK_INT_EQ(ws_csv_open(&w, dir, &err), WS_OK);
    ws_result *res = extract_doc(ex, "{\"url\":\"https://example.com/a,b\",\"title\":\"=HYPERLINK(x)\","
                                     "\"published\":\"April 2, 2026\"}");
    CHECK_INT_EQ(ws_csv_write(w, res, &err), WS_OK);
    ws_result_free(res);
    /* a document id with a comma, a quote and a line break */
    ws_document odd = {"odd, \"id\"\nhere", "Peskov said nothing.", 20, NULL, "odd"};
    CHECK_INT_EQ(ws_extract(ex, &odd, &res, &err), WS_OK);
    CHECK_INT_EQ(ws_csv_write(w, res, &err), WS_OK);
    ws_result_free(res);
    /* nothing is published before close */
    char path[600];
    snprintf(path, sizeof path, "%s/documents.csv", dir);
    struct stat st;
    CHECK(stat(path, &st) != 0);
    CHECK_INT_EQ(ws_csv_close(w, &err), WS_OK);
    CHECK_INT_EQ(count_files(dir), 4); /* and no temporary files left */

    table t;
    CHECK_INT_EQ(read_table(path, &t), 0);
    CHECK(!t.ragged);
    CHECK_INT_EQ(t.rows, 3);
    CHECK_STR_EQ(cell(&t, 1, "doc"), "news-1");
    CHECK_STR_EQ(cell(&t, 2, "doc"), "odd, \"id\"\nhere");
    CHECK(cell(&t, 1, "meta") && strstr(cell(&t, 1, "meta"), "https://example.com/a,b"));
    CHECK_STR_EQ(cell(&t, 1, "date"), "2026-04-02");
    CHECK_STR_EQ(cell(&t, 2, "date"), "");
    table_free(&t);

    snprintf(path, sizeof path, "%s/quotes.csv", dir);
    CHECK_INT_EQ(read_table(path, &t), 0);
    CHECK(!t.ragged);
    CHECK_INT_EQ(t.rows, 3);
    CHECK_STR_EQ(cell(&t, 1, "quote_id"), "q1");
    CHECK_STR_EQ(cell(&t, 1, "text"), "We said \xE2\x80\x98no\xE2\x80\x99, twice,");
    CHECK_STR_EQ(cell(&t, 1, "speaker_id"), "H:peskov");
    CHECK_STR_EQ(cell(&t, 2, "speaker"), "Fiona Hill");
    /* beside each quote: the document's date, url and title, and the sentence */
    CHECK_STR_EQ(cell(&t, 1, "date"), "2026-04-02");
    CHECK_STR_EQ(cell(&t, 1, "url"), "https://example.com/a,b");
    CHECK_STR_EQ(cell(&t, 1, "title"), "'=HYPERLINK(x)"); /* escaped: no formula */
    CHECK_STR_EQ(cell(&t, 1, "sentence"), "\xE2\x80\x9CWe said \xE2\x80\x98no\xE2\x80\x99, twice,\xE2\x80\x9D "
                                          "Kremlin spokesman Dmitry Peskov said.");
    const char *start = cell(&t, 1, "start"), *end = cell(&t, 1, "end");
    if (start && end)
        CHECK_SLICE_EQ(DOC, strtoul(start, NULL, 10), strtoul(end, NULL, 10),
                       "We said \xE2\x80\x98no\xE2\x80\x99, twice,");
    table_free(&t);

    snprintf(path, sizeof path, "%s/mentions.csv", dir);
    CHECK_INT_EQ(read_table(path, &t), 0);
    CHECK(!t.ragged);
    for (size_t r = 1; r < t.rows; r++) {
        if (strcmp(cell(&t, r, "doc"), "news-1") != 0)
            continue;
        const char *text = cell(&t, r, "text");
        CHECK_SLICE_EQ(DOC, strtoul(cell(&t, r, "start"), NULL, 10), strtoul(cell(&t, r, "end"), NULL, 10),
                       text);
    }
    table_free(&t);
    snprintf(path, sizeof path, "%s/entities.csv", dir);
    CHECK_INT_EQ(read_table(path, &t), 0);
    CHECK(!t.ragged && t.rows >= 5);
    table_free(&t);
    remove_tree(dir);
    free(dir);

    /* abort leaves nothing */
    dir = tmp_dir();
    CHECK_INT_EQ(ws_csv_open(&w, dir, &err), WS_OK);
    res = extract_doc(ex, NULL);
    CHECK_INT_EQ(ws_csv_write(w, res, &err), WS_OK);
    ws_result_free(res);
    ws_csv_abort(w);
    CHECK_INT_EQ(count_files(dir), 0);
    remove_tree(dir);
    free(dir);
    CHECK_INT_EQ(ws_csv_close(NULL, &err), WS_OK);
}

/* The OWASP rule for cells a spreadsheet would run, the raw flag, and the
 * byte order mark. */
static void test_csv_cells(ws_extractor *ex)
{
    static const struct { const char *in, *escaped; } cells[] = {
        {"=SUM(A1:A9) is what we owe", "\"'=SUM(A1:A9) is what we owe\""},
        {"+1 for the plan", "\"'+1 for the plan\""},
        {"-5 degrees", "\"'-5 degrees\""},
        {"@mayor said so", "\"'@mayor said so\""},
        {"\tindented", "\"'\tindented\""},
        {"=\"quoted\", too", "\"'=\"\"quoted\"\", too\""},
        {"plain, with a comma", "\"plain, with a comma\""},
        {"a=b is fine", "a=b is fine"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        ws_csv_write_field(mem, 1, cells[i].in, strlen(cells[i].in), 0);
        ws_csv_write_field(mem, 0, cells[i].in, strlen(cells[i].in), WS_CSV_RAW);
        fclose(mem);
        char *comma = buf + strlen(cells[i].escaped);
        CHECK(strncmp(buf, cells[i].escaped, strlen(cells[i].escaped)) == 0 && *comma == ',');
        /* raw: as it is, quoted only by RFC 4180 */
        if (*comma == ',' && !strpbrk(cells[i].in, ",\""))
            CHECK_STR_EQ(comma + 1, cells[i].in);
        free(buf);
    }

    /* a quote that is a formula, in a table with a byte order mark */
    static const char formula_doc[] = "\xE2\x80\x9C=SUM(A1:A9) is what we owe,\xE2\x80\x9D Kremlin spokesman "
                                      "Dmitry Peskov said.\n";
    ws_document doc = {"f", formula_doc, sizeof formula_doc - 1, NULL, "f.txt"};
    for (unsigned flags = 0; flags <= (WS_CSV_RAW | WS_CSV_BOM); flags++) {
        char *dir = tmp_dir(), path[600];
        ws_csv_writer *w = NULL;
        ws_result *res = NULL;
        ws_error err;
        CHECK_INT_EQ(ws_csv_open_with(&w, dir, flags, &err), WS_OK);
        CHECK_INT_EQ(ws_extract(ex, &doc, &res, &err), WS_OK);
        CHECK_INT_EQ(ws_csv_write(w, res, &err), WS_OK);
        ws_result_free(res);
        CHECK_INT_EQ(ws_csv_close(w, &err), WS_OK);
        snprintf(path, sizeof path, "%s/quotes.csv", dir);
        FILE *f = fopen(path, "rb");
        char head[3] = {0};
        CHECK(f && fread(head, 1, 3, f) == 3);
        if (f)
            fclose(f);
        CHECK_INT_EQ(memcmp(head, "\xEF\xBB\xBF", 3) == 0, (flags & WS_CSV_BOM) != 0);
        if (!(flags & WS_CSV_BOM)) {
            table t;
            CHECK_INT_EQ(read_table(path, &t), 0);
            CHECK_STR_EQ(cell(&t, 1, "text"), flags & WS_CSV_RAW ? "=SUM(A1:A9) is what we owe,"
                                                                 : "'=SUM(A1:A9) is what we owe,");
            table_free(&t);
        }
        remove_tree(dir);
        free(dir);
    }
}

int main(void)
{
    ws_gazetteer *gaz = gazetteer_from(ROWS);
    ws_extractor *ex = NULL;
    ws_error err;
    if (ws_extractor_new(&ex, gaz, NULL, &err) != WS_OK)
        return 99;
    test_jsonl(ex);
    test_jsonl_bytes(ex);
    test_result_text(ex);
    test_jsonl_fields(ex);
    test_confidence();
    test_csv(ex);
    test_csv_cells(ex);
    CHECK_STR_EQ(ws_quote_kind_str(WS_QUOTE_OTHER), "other");
    CHECK_STR_EQ(ws_entity_type_str(WS_ORG), "ORG");
    CHECK_STR_EQ(ws_version(), WHOSAID_VERSION);
    ws_extractor_free(ex);
    ws_gazetteer_free(gaz);
    return CHECK_DONE();
}
