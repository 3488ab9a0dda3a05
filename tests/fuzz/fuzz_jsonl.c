/*
 * fuzz_jsonl.c - any bytes as a JSON Lines input, through the CLI's line
 * parsing (src/cli/input.c): every document it hands on either has its text
 * or says why not, and metadata is a JSON object; and each line that
 * src/cli/jsonl_text.c splits gives what jansson gives for the whole line,
 * its id too when it takes that without jansson.
 * Replayed over tests/fuzz/corpus/jsonl by `meson test --suite fuzz`; run
 * under libFuzzer with scripts/fuzz.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "jsonl_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(const ws_document *doc, const ws_error *failed, void *ctx)
{
    size_t *sum = ctx;

    if (!doc->id || !doc->origin || (failed ? !failed->message[0] || doc->text : !doc->text))
        abort();
    /* Every byte is read, so that a wrong length shows under ASan. */
    for (size_t i = 0; !failed && i < doc->len; i++)
        *sum += (unsigned char)doc->text[i];
    if (doc->meta_json) {
        /* a metadata string may hold \u0000, as the line's could */
        json_t *meta = json_loads(doc->meta_json, JSON_ALLOW_NUL, NULL);

        if (!json_is_object(meta))
            abort();
        json_decref(meta);
    }
    return 0;
}

/* A split must stand for its line: jansson accepts the rest exactly when
 * it accepts the line, and then the text is the line's "text" value, byte
 * for byte, and the rest the line's record with "" for it, keys in order.
 * A rest taken as an id at most is a record of that id and the text. */
static void check_split(const char *line, size_t len, cli_jsonl_split *split)
{
    json_t *whole, *rest, *text, *id;
    const char *plain_id;

    if (!cli_jsonl_split_text(line, len, split))
        return;
    whole = json_loadb(line, len, CLI_JSONL_LOAD_FLAGS, NULL);
    rest = json_loadb(split->rest, split->rest_len, CLI_JSONL_LOAD_FLAGS, NULL);
    if (!whole != !rest)
        abort();
    if (whole) {
        size_t flags = JSON_PRESERVE_ORDER | JSON_COMPACT;
        char *whole_dump, *rest_dump;

        text = json_object_get(whole, "text");
        if (!json_is_string(text) || json_string_length(text) != split->text_len ||
            memcmp(json_string_value(text), split->text, split->text_len) != 0 ||
            split->text[split->text_len] != '\0' ||
            json_object_set_new(whole, "text", json_string("")) != 0)
            abort();
        whole_dump = json_dumps(whole, flags);
        rest_dump = json_dumps(rest, flags);
        if (!whole_dump || !rest_dump || strcmp(whole_dump, rest_dump) != 0)
            abort();
        free(whole_dump);
        free(rest_dump);
    }
    /* after jansson has read rest, which this changes */
    if (cli_jsonl_id_only(split, &plain_id)) {
        id = json_object_get(rest, "id");
        if (!rest || json_object_size(rest) != (id ? 2 : 1) || !json_is_string(json_object_get(rest, "text")))
            abort();
        if (id ? !plain_id || !json_is_string(id) || json_string_length(id) != strlen(plain_id) ||
                     memcmp(json_string_value(id), plain_id, strlen(plain_id)) != 0
               : plain_id != NULL)
            abort();
    }
    json_decref(whole);
    json_decref(rest);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t sum = 0;
    cli_jsonl_split split = {0}; /* one for all lines, as the reader keeps it */

    for (const char *line = (const char *)data, *end = line + size, *nl; line < end; line = nl + 1) {
        nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl)
            nl = end;
        check_split(line, (size_t)(nl - line), &split);
    }
    cli_jsonl_split_free(&split);
    /* fmemopen refuses an empty buffer: /dev/null stands for it. */
    FILE *fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");

    if (!fp || cli_read_jsonl_stream(fp, "fuzz.jsonl", check, &sum) != 0)
        abort();
    fclose(fp);
    return 0;
}
