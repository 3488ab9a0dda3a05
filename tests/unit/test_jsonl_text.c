/* test_jsonl_text.c - the "text" value of a JSON line decoded aside from
 * jansson (src/cli/jsonl_text.c): what it decodes, and what it leaves to
 * jansson. */
#include <stdlib.h>

#include "check.h"
#include "jsonl_text.h"

/* One split for every line, as a reader keeps it: lines long and short
 * reuse its buffer. */
static cli_jsonl_split split;

/* line splits into the text of want_len bytes and the rest want_rest. */
static void check_split(const char *line, const char *want, size_t want_len,
                        const char *want_rest, int at)
{
    if (!cli_jsonl_split_text(line, strlen(line), &split)) {
        fprintf(stderr, "%s:%d: not split: %s\n", __FILE__, at, line);
        check_failures++;
        return;
    }
    if (split.text_len != want_len || memcmp(split.text, want, want_len) != 0 ||
        split.text[want_len] != '\0' || split.rest_len != strlen(want_rest) ||
        strcmp(split.rest, want_rest) != 0) {
        fprintf(stderr, "%s:%d: split as \"%.*s\" (%zu bytes) and %s\n", __FILE__, at,
                (int)split.text_len, split.text, split.text_len, split.rest);
        check_failures++;
    }
}
#define SPLIT(line, want, want_rest) check_split(line, want, sizeof want - 1, want_rest, __LINE__)

/* line is left whole to jansson. */
static void check_whole(const char *line, size_t len, int at)
{
    split.text = (char *)"";
    if (cli_jsonl_split_text(line, len, &split) || split.text) {
        fprintf(stderr, "%s:%d: split, but should not be: %s\n", __FILE__, at, line);
        check_failures++;
    }
}
#define WHOLE(line) check_whole(line, sizeof line - 1, __LINE__)

static void test_decoded(void)
{
    SPLIT("{\"id\":\"a\",\"text\":\"Kim left.\",\"k\":1}", "Kim left.",
          "{\"id\":\"a\",\"text\":\"\",\"k\":1}");
    SPLIT("{\"text\":\"\"}", "", "{\"text\":\"\"}");
    SPLIT(" { \"text\" :\t\"x\" } ", "x", " { \"text\" :\t\"\" } ");
    /* long enough for the 8-byte runs, an escape inside one */
    SPLIT("{\"text\":\"0123456789abcdef\\n0123456789\"}", "0123456789abcdef\n0123456789",
          "{\"text\":\"\"}");
    SPLIT("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", "\"\\/\b\f\n\r\t", "{\"text\":\"\"}");
    SPLIT("{\"text\":\"\\u0041\\u00e9\\u00E9\\u20AC\"}", "A\xC3\xA9\xC3\xA9\xE2\x82\xAC",
          "{\"text\":\"\"}");
    SPLIT("{\"text\":\"\\ud83d\\ude00 \\uD800\\uDC00 \\uDBFF\\uDFFF\"}",
          "\xF0\x9F\x98\x80 \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF", "{\"text\":\"\"}");
    SPLIT("{\"text\":\"\\ud7ff\\ue000\\uffff\"}", "\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF",
          "{\"text\":\"\"}");
    SPLIT("{\"text\":\"a\\u0000b\"}", "a\0b", "{\"text\":\"\"}");
    SPLIT("{\"text\":\"\xE2\x80\x9C" "caf\xC3\xA9 \xF0\x9F\x98\x80\xE2\x80\x9D\"}",
          "\xE2\x80\x9C" "caf\xC3\xA9 \xF0\x9F\x98\x80\xE2\x80\x9D", "{\"text\":\"\"}");
    /* an escape or a character at each place of a word, and two in one */
    static const struct { const char *json, *text; } pieces[] = {
        {"\\n", "\n"}, {"\\\"\\\\", "\"\\"}, {"\\u00e9", "\xC3\xA9"}, {"\xE2\x80\x9D", "\xE2\x80\x9D"},
        {"\xC3\xA9\\t", "\xC3\xA9\t"},
    };
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++)
        for (int at = 0; at <= 16; at++) {
            char line[96], text[64];
            snprintf(line, sizeof line, "{\"text\":\"%.*s%s%s\"}", at, "abcdefghijklmnop", pieces[p].json,
                     "ABCDEFGHIJKLMNOP");
            snprintf(text, sizeof text, "%.*s%s%s", at, "abcdefghijklmnop", pieces[p].text, "ABCDEFGHIJKLMNOP");
            check_split(line, text, strlen(text), "{\"text\":\"\"}", __LINE__);
        }
}

static void test_structure(void)
{
    /* "text" inside another value is not the record's */
    SPLIT("{\"meta\":{\"text\":\"inner\"},\"text\":\"outer\"}", "outer",
          "{\"meta\":{\"text\":\"inner\"},\"text\":\"\"}");
    SPLIT("{\"a\":[{\"text\":1},\"text\"],\"text\":\"x\"}", "x",
          "{\"a\":[{\"text\":1},\"text\"],\"text\":\"\"}");
    SPLIT("{\"a\":\"}{,\\\"text\\\":\",\"text\":\"x\"}", "x",
          "{\"a\":\"}{,\\\"text\\\":\",\"text\":\"\"}");
    SPLIT("{\"texts\":\"a\",\"tex\":\"b\",\"text\":\"x\"}", "x",
          "{\"texts\":\"a\",\"tex\":\"b\",\"text\":\"\"}");
    WHOLE("{\"meta\":{\"text\":\"inner\"}}");
    WHOLE("[{\"text\":\"x\"}]");
    WHOLE("{\"id\":\"a\"}");
    WHOLE("");
    /* jansson keeps the last of two; which one, and errors, are its own */
    WHOLE("{\"text\":\"a\",\"text\":\"b\"}");
    WHOLE("{\"text\":\"a\",\"t\\u0065xt\":\"b\"}");
    WHOLE("{\"t\\u0065xt\":\"a\"}");
    WHOLE("{\"text\":5}");
    WHOLE("{\"text\":null}");
    WHOLE("{\"text\":{\"a\":\"b\"}}");
    WHOLE("{\"text\"}");
    WHOLE("{\"text\":\"unterminated");
    WHOLE("{\"text\":\"x\",\"k\":\"unterminated");
}

static void test_left_to_jansson(void)
{
    WHOLE("{\"text\":\"\xFF\"}");
    WHOLE("{\"text\":\"\xC0\xAF\"}");         /* overlong */
    WHOLE("{\"text\":\"\xED\xA0\x80\"}");     /* a surrogate in UTF-8 */
    WHOLE("{\"text\":\"\xF4\x90\x80\x80\"}"); /* past U+10FFFF */
    WHOLE("{\"text\":\"\xE2\x82\"}");         /* cut short */
    WHOLE("{\"text\":\"a\tb\"}");             /* a raw control character */
    WHOLE("{\"text\":\"a\0b\"}");
    WHOLE("{\"text\":\"\\x\"}");
    WHOLE("{\"text\":\"\\u12G4\"}");
    WHOLE("{\"text\":\"\\u12\"}");
    WHOLE("{\"text\":\"\\ud83d\"}");          /* lone high surrogate */
    WHOLE("{\"text\":\"\\ud83d x\"}");
    WHOLE("{\"text\":\"\\ud83d\\u0041\"}");
    WHOLE("{\"text\":\"\\ude00\"}");          /* lone low surrogate */
    WHOLE("{\"text\":\"\\udc00\"}");
    WHOLE("{\"text\":\"\\udfff\"}");
    WHOLE("{\"text\":\"\\ud800\\ud800\"}");
    WHOLE("{\"text\":\"\\udbff\\ue000\"}");
    WHOLE("{\"text\":\"\\");
}

/* line splits, and its rest is an id at most: want_id, or NULL for none;
 * or, with want 0, the rest is jansson's. */
static void check_id_only(const char *line, int want, const char *want_id, int at)
{
    const char *id = NULL;
    int got = 0;

    if (cli_jsonl_split_text(line, strlen(line), &split)) {
        id = "";
        got = cli_jsonl_id_only(&split, &id);
    }

    if (got != want || (want_id ? !id || strcmp(id, want_id) != 0 : id != NULL)) {
        fprintf(stderr, "%s:%d: %s: %s, id %s\n", __FILE__, at, line, got ? "id only" : "jansson's",
                id ? id : "(none)");
        check_failures++;
    }
}
#define ID_ONLY(line, want_id) check_id_only(line, 1, want_id, __LINE__)
#define NOT_ID_ONLY(line) check_id_only(line, 0, NULL, __LINE__)

static void test_id_only(void)
{
    ID_ONLY("{\"id\":\"a-1\",\"text\":\"Kim left.\"}", "a-1");
    ID_ONLY(" {\t\"text\" : \"x\\n\" ,\r\"id\" :\"\" } \r", "");
    ID_ONLY("{\"text\":\"x\"}", NULL);
    ID_ONLY("{\"id\":\"~ !#\x7F\",\"text\":\"x\"}", "~ !#\x7F");
    /* anything more is jansson's: metadata, escapes, other bytes, numbers, twice a key */
    NOT_ID_ONLY("{\"id\":\"a\",\"text\":\"x\",\"url\":\"u\"}");
    NOT_ID_ONLY("{\"url\":\"u\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"a\\n\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"\\u0069d\":\"a\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"caf\xC3\xA9\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"a\xFF\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"a\tb\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":7,\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":null,\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"a\",\"id\":\"b\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"\",\"id\":\"b\",\"text\":\"x\"}");
    /* and what jansson would refuse */
    NOT_ID_ONLY("{\"id\":\"a\",\"text\":\"x\"");
    NOT_ID_ONLY("{\"id\":\"a\",\"text\":\"x\"}}");
    NOT_ID_ONLY("{\"id\":\"a\",\"text\":\"x\"} x");
    NOT_ID_ONLY("{\"id\":\"a\",\"text\":\"x\",}");
    NOT_ID_ONLY("{\"id\":\"a\" \"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\" \"a\",\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"a\",\"text\":\"x\"}\v");
    NOT_ID_ONLY("{\"id\":\"a\",,\"text\":\"x\"}");
    NOT_ID_ONLY("{\"id\":\"a");
}

int main(void)
{
    test_decoded();
    test_structure();
    test_left_to_jansson();
    test_id_only();
    cli_jsonl_split_free(&split);
    return CHECK_DONE();
}
