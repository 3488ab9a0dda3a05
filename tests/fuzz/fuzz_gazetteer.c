/*
 * fuzz_gazetteer.c - any bytes as a gazetteer file: loading must never
 * crash (a malformed line is an error, which is fine), and whatever loaded
 * must serve an extraction. Replayed over tests/fuzz/corpus/gazetteer by
 * `meson test --suite fuzz`; run under libFuzzer with scripts/fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "whosaid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The loader reads files only: one temporary file, rewritten each run. */
static char path[] = "/tmp/whosaid-fuzz-XXXXXX";

static void remove_file(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char text[] = "\xE2\x80\x9CWe will hold,\xE2\x80\x9D Donald Trump said in Moscow. "
                               "Peskov of the Kremlin said \"no\" on Monday.";
    static int fd = -1;
    ws_gazetteer *gaz = NULL;
    ws_extractor *ex = NULL;
    ws_result *res = NULL;
    ws_error err;

    if (fd < 0 && ((fd = mkstemp(path)) < 0 || atexit(remove_file) != 0))
        abort();
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    if (ws_gazetteer_new(&gaz) != WS_OK || ws_gazetteer_load_lexicon(gaz, WS_FUZZ_LEXICON, NULL) != WS_OK)
        abort();
    if (ws_gazetteer_load_file(gaz, path, &err) == WS_OK) {
        ws_document doc = {"fuzz", text, sizeof text - 1, NULL, "fuzz"};

        if (ws_extractor_new(&ex, gaz, NULL, NULL) != WS_OK ||
            ws_extract(ex, &doc, &res, NULL) != WS_OK)
            abort();
    } else if (!err.message[0]) {
        abort(); /* every error says why */
    }
    ws_result_free(res);
    ws_extractor_free(ex);
    ws_gazetteer_free(gaz);
    return 0;
}
