/*
 * fuzz_extract.c - any bytes through ws_extract and back out as JSON that
 * parses. Replayed over tests/fuzz/corpus/extract by `meson test --suite fuzz`;
 * for a long run, with clang:
 *   CC=clang meson setup build-fuzz -Db_sanitize=address,undefined \
 *       -Db_lundef=false -Dc_args=-fsanitize=fuzzer-no-link
 *   ninja -C build-fuzz tests/fuzz_extract
 *   build-fuzz/tests/fuzz_extract -max_total_time=3600 -max_len=65536 \
 *       tests/fuzz/corpus/extract
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "whosaid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ws_gazetteer *gaz;
    static ws_extractor *ex;
    if (!ex && (ws_gazetteer_new(&gaz) != WS_OK ||
                ws_gazetteer_load_dir(gaz, WS_FUZZ_GAZETTEERS, NULL) != WS_OK ||
                ws_gazetteer_load_lexicon(gaz, WS_FUZZ_LEXICON, NULL) != WS_OK ||
                ws_extractor_new(&ex, gaz, NULL, NULL) != WS_OK))
        abort();
    ws_document doc = {"fuzz", (const char *)data, size, NULL, "fuzz"};
    ws_result *res = NULL;
    ws_extract(ex, &doc, &res, NULL);
    char *out = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&out, &len);
    if (!res || !mem || ws_write_jsonl(res, mem, NULL) != WS_OK || fclose(mem) != 0)
        abort();
    json_t *rec = json_loadb(out, len, 0, NULL);
    if (!json_is_object(rec))
        abort();
    json_decref(rec);
    free(out);
    ws_result_free(res);
    return 0;
}
