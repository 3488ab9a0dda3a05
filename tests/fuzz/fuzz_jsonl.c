/*
 * fuzz_jsonl.c - any bytes as a JSON Lines input, through the CLI's line
 * parsing (src/cli/input.c): every document it hands on either has its text
 * or says why not, and metadata is a JSON object. Replayed over
 * tests/fuzz/corpus/jsonl by `meson test --suite fuzz`; for a long run, with
 * clang (the setup of fuzz_gazetteer.c):
 *   ninja -C build-fuzz tests/fuzz_jsonl
 *   build-fuzz/tests/fuzz_jsonl -max_total_time=3600 tests/fuzz/corpus/jsonl
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "input.h"

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
        json_t *meta = json_loads(doc->meta_json, 0, NULL);

        if (!json_is_object(meta))
            abort();
        json_decref(meta);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t sum = 0;
    /* fmemopen refuses an empty buffer: /dev/null stands for it. */
    FILE *fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");

    if (!fp || cli_read_jsonl_stream(fp, "fuzz.jsonl", check, &sum) != 0)
        abort();
    fclose(fp);
    return 0;
}
