/*
 * fuzz_extract.c - any bytes through ws_extract and back out as JSON that
 * parses. Replayed over tests/fuzz/corpus/extract by `meson test --suite fuzz`;
 * run under libFuzzer with scripts/fuzz.
 */
#include <jansson.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "whosaid.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One extractor for the process, as the CLI keeps one per thread: loading
 * the gazetteers and compiling the patterns cost more than extracting from
 * a small input. It lives until the process ends. */
static ws_extractor *ex;

/* jansson's parse of the output made most of a run's allocations and,
 * through ASan's allocator, half its time; jansson itself is not
 * instrumented, so ASan checks little there. Its allocations come from an
 * arena instead, emptied after every run (nothing jansson allocates
 * outlives one), and from malloc when the arena is full. */
static alignas(max_align_t) unsigned char arena[16 << 20];
static size_t arena_used;

static void *arena_alloc(size_t n)
{
    size_t step = (n + alignof(max_align_t) - 1) / alignof(max_align_t) * alignof(max_align_t);

    if (step < n || step > sizeof arena - arena_used)
        return malloc(n);
    arena_used += step;
    return arena + arena_used - step;
}

static void arena_free(void *p)
{
    if ((uintptr_t)p - (uintptr_t)arena >= sizeof arena)
        free(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ws_gazetteer *gaz;
    /* A quote limit of 512 bytes, not the default 8 KiB: inputs within
     * fuzz_extract.options's max_len then reach a quote mark left open too long. */
    ws_options opt = {.max_quote_bytes = 512};

    if (ws_gazetteer_new(&gaz) != WS_OK || ws_gazetteer_load_dir(gaz, WS_FUZZ_GAZETTEERS, NULL) != WS_OK ||
        ws_gazetteer_load_lexicon(gaz, WS_FUZZ_LEXICON, NULL) != WS_OK ||
        ws_extractor_new(&ex, gaz, &opt, NULL) != WS_OK)
        abort();
    json_set_alloc_funcs(arena_alloc, arena_free);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
    arena_used = 0;
    return 0;
}
