/*
 * fuzz_gazetteer.c - any bytes as a gazetteer file: loading must never
 * crash (a malformed line is an error, which is fine), and whatever loaded
 * must serve an extraction. Replayed over tests/fuzz/corpus/gazetteer by
 * `meson test --suite fuzz`; run under libFuzzer with scripts/fuzz.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "whosaid.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The word lists every run loads: the bundled ones, but only the first
 * GIVEN_NAMES lines of the given-name table, whose 48,000 names would
 * make a run of a few bytes take 50 ms under the sanitizers. */
#define GIVEN_NAMES 400
static char lexicon[] = "/tmp/whosaid-fuzz-lexicon-XXXXXX";

static void remove_lexicon(void)
{
    DIR *d = opendir(lexicon);
    char p[4096];

    for (struct dirent *de; d && (de = readdir(d)) != NULL;)
        if (de->d_name[0] != '.' && snprintf(p, sizeof p, "%s/%s", lexicon, de->d_name) < (int)sizeof p)
            unlink(p);
    if (d)
        closedir(d);
    rmdir(lexicon);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char from[4096], to[4096], line[1024];
    DIR *d;

    (void)argc;
    (void)argv;
    if (!mkdtemp(lexicon) || atexit(remove_lexicon) != 0 || !(d = opendir(WS_FUZZ_LEXICON)))
        abort();
    for (struct dirent *de; (de = readdir(d)) != NULL;) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(from, sizeof from, "%s/%s", WS_FUZZ_LEXICON, de->d_name);
        snprintf(to, sizeof to, "%s/%s", lexicon, de->d_name);
        if (strcmp(de->d_name, "given-names.tsv") != 0) {
            if (symlink(from, to) != 0)
                abort();
            continue;
        }
        FILE *in = fopen(from, "r"), *out = fopen(to, "w");
        for (int n = 0; in && out && n < GIVEN_NAMES && fgets(line, sizeof line, in); n++)
            fputs(line, out);
        if (!in || !out || fclose(out) != 0)
            abort();
        fclose(in);
    }
    closedir(d);
    return 0;
}

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
    if (ws_gazetteer_new(&gaz) != WS_OK || ws_gazetteer_load_lexicon(gaz, lexicon, NULL) != WS_OK)
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
