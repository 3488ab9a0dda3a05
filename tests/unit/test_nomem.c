/*
 * test_nomem.c - every allocation the library makes may fail, and each
 * failure must come back as WS_ERR_NOMEM (or be survived), with nothing
 * leaked and nothing crashed. In dav1d's spirit: the library's calls to
 * malloc and its kin are wrapped (-Wl,--wrap, tests/meson.build), the
 * allocations of a real run are counted, then the run is repeated with the
 * Nth allocation failing, for every N.
 *
 * Runs: loading word lists and a gazetteer, extracting a real article
 * (data/sample, with --indirect), writing it as JSON Lines, CSV and HTML.
 * Allocations of other libraries (PCRE2, jansson, SQLite) are not wrapped.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);

/* The allocation that fails (1-based), or 0 for none; and how many were made. */
static unsigned long fail_at, calls;

/* The library's live blocks, to find leaks: an open-addressing set. */
#define LIVE_SLOTS (1u << 20)
static void **live;
static size_t nlive;

static size_t slot_of(void *p)
{
    uintptr_t x = (uintptr_t)p;
    return (size_t)((x >> 4) * 0x9E3779B97F4A7C15ULL >> 44) & (LIVE_SLOTS - 1);
}

static void live_add(void *p)
{
    if (!p)
        return;
    size_t i = slot_of(p);
    while (live[i])
        i = (i + 1) & (LIVE_SLOTS - 1);
    live[i] = p;
    nlive++;
}

/* Removes p; backward-shift deletion keeps every probe chain whole. */
static void live_remove(void *p)
{
    if (!p)
        return;
    size_t i = slot_of(p);
    while (live[i] && live[i] != p)
        i = (i + 1) & (LIVE_SLOTS - 1);
    if (!live[i])
        return; /* allocated by another library (jansson's strings) */
    nlive--;
    for (size_t j = (i + 1) & (LIVE_SLOTS - 1); live[j]; j = (j + 1) & (LIVE_SLOTS - 1)) {
        size_t home = slot_of(live[j]);
        /* move live[j] into the hole at i unless its home lies in (i, j] */
        if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
            live[i] = live[j];
            i = j;
        }
    }
    live[i] = NULL;
}

static bool failing_now(void)
{
    return ++calls == fail_at;
}

void *__wrap_malloc(size_t n)
{
    void *p = failing_now() ? NULL : __real_malloc(n);
    live_add(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    void *p = failing_now() ? NULL : __real_calloc(n, size);
    live_add(p);
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    if (failing_now())
        return NULL;
    void *p = __real_realloc(old, n);
    if (p) {
        live_remove(old);
        live_add(p);
    }
    return p;
}

void __wrap_free(void *p)
{
    live_remove(p);
    __real_free(p);
}

char *__wrap_strdup(const char *s)
{
    char *p = failing_now() ? NULL : __real_strdup(s);
    live_add(p);
    return p;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(99);
    }
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

/* One whole run; the status of the first call that failed, or WS_OK. */
static ws_status run(const char *text, size_t len, const char *out_dir)
{
    ws_gazetteer *g = NULL;
    ws_extractor *ex = NULL;
    ws_result *res = NULL;
    ws_csv_writer *csv = NULL;
    ws_html_writer *html = NULL;
    ws_options opt;
    ws_error err;
    char *mem = NULL;
    size_t memlen = 0;

    ws_options_default(&opt);
    opt.indirect = 1;
    ws_status st = ws_gazetteer_new(&g);
    if (st == WS_OK)
        st = ws_gazetteer_load_lexicon(g, WS_TEST_LEXICON, &err);
    if (st == WS_OK)
        st = ws_gazetteer_load_dir(g, WS_TEST_GAZETTEERS, &err);
    if (st == WS_OK)
        st = ws_extractor_new(&ex, g, &opt, &err);
    ws_document doc = {"kyiv-talks", text, len, "{\"url\":\"https://example.org/a\"}", "kyiv-talks.txt"};
    if (st == WS_OK) {
        st = ws_extract(ex, &doc, &res, &err);
        /* a failed document still has its result, unless that itself could not be made */
        if (st != WS_OK && st != WS_ERR_NOMEM)
            fprintf(stderr, "ws_extract: %s (%s)\n", ws_status_str(st), err.message);
    }
    FILE *f = st == WS_OK ? open_memstream(&mem, &memlen) : NULL;
    if (f) {
        st = ws_write_jsonl(res, f, &err);
        fclose(f);
    }
    if (st == WS_OK && (st = ws_csv_open(&csv, out_dir, &err)) == WS_OK) {
        st = ws_csv_write(csv, res, &err);
        ws_status closed = ws_csv_close(csv, &err);
        st = st != WS_OK ? st : closed;
    }
    if (st == WS_OK && (st = ws_html_open(&html, out_dir, &err)) == WS_OK) {
        st = ws_html_write(html, res, &err);
        if (st == WS_OK)
            st = ws_html_close(html, &err);
        else
            ws_html_abort(html);
    }
    free(mem);
    ws_result_free(res);
    ws_extractor_free(ex);
    ws_gazetteer_free(g);
    return st;
}

int main(void)
{
    live = __real_calloc(LIVE_SLOTS, sizeof *live);
    if (!live)
        return 99;
    /* the cache would turn the gazetteer's parse into one mapping */
    setenv("WHOSAID_NO_CACHE", "1", 1);
    size_t len;
    const char *text = read_file(WS_TEST_SAMPLE, &len);
    char *dir = tmp_dir();

    size_t before = nlive;
    calls = 0;
    fail_at = 0;
    CHECK_INT_EQ(run(text, len, dir), WS_OK);
    CHECK_INT_EQ(nlive, before);
    unsigned long total = calls;
    fprintf(stderr, "test_nomem: %lu allocations in a run; failing each in turn\n", total);
    CHECK(total > 100);

    unsigned long survived = 0, failed = 0;
    for (unsigned long n = 1; n <= total; n++) {
        calls = 0;
        fail_at = n;
        ws_status st = run(text, len, dir);
        fail_at = 0;
        if (st == WS_OK)
            survived++; /* the failure was one the library can go on without */
        else if (st == WS_ERR_NOMEM)
            failed++;
        else
            CHECK_INT_EQ(st, WS_ERR_NOMEM);
        if (nlive != before) {
            fprintf(stderr, "allocation %lu failing leaks %zu blocks\n", n, nlive - before);
            check_failures++;
            before = nlive; /* report each leak once */
        }
    }
    fprintf(stderr, "test_nomem: %lu runs reported out of memory, %lu went on without the block\n", failed,
            survived);
    CHECK(failed > 0);
    remove_tree(dir);
    free(dir);
    return CHECK_DONE();
}
