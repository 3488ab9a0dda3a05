/*
 * helpers.h - setting up what the unit tests of the stages need: a
 * gazetteer from a few lines of TSV, the stages run one after another, and
 * one-call extraction through the public API.
 *
 * Header-only (static functions) so that each test is one .c file.
 */
#ifndef WS_TEST_HELPERS_H
#define WS_TEST_HELPERS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "extract.h"

#define TSV_HEADER "id\ttype\tname\taliases\tattributes\n"

/* A fresh temporary folder (mkdtemp), or exits. */
static inline char *tmp_dir(void)
{
    static char tmpl[64];
    const char *base = getenv("TMPDIR");
    snprintf(tmpl, sizeof tmpl, "%s/whosaid-test-XXXXXX", base && strlen(base) < 40 ? base : "/tmp");
    char *dir = mkdtemp(tmpl);
    if (!dir) {
        perror("mkdtemp");
        exit(99);
    }
    return strdup(dir);
}

/* Writes len bytes (strlen when len is (size_t)-1) to dir/name; returns the
 * path, which the caller frees. */
static inline char *write_file(const char *dir, const char *name, const char *bytes, size_t len)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(99);
    }
    fwrite(bytes, 1, len == (size_t)-1 ? strlen(bytes) : len, f);
    fclose(f);
    return path;
}

/* Removes a folder and the plain files in it. */
static inline void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* A new gazetteer with the bundled word lists (WS_TEST_LEXICON, the
 * source tree's data/lexicon/en) loaded, as an extractor needs; or exits. */
static inline ws_status gazetteer_with_lexicon(ws_gazetteer **g)
{
    ws_error err;
    if (ws_gazetteer_new(g) != WS_OK || ws_gazetteer_load_lexicon(*g, WS_TEST_LEXICON, &err) != WS_OK) {
        fprintf(stderr, "word lists: %s:%lu: %s\n", err.file, err.line, err.message);
        exit(99);
    }
    return WS_OK;
}

/* A gazetteer from TSV rows (the header is added), or exits. */
static inline ws_gazetteer *gazetteer_from(const char *rows)
{
    char *dir = tmp_dir();
    size_t n = strlen(TSV_HEADER) + strlen(rows) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s", TSV_HEADER, rows);
    char *path = write_file(dir, "g.tsv", text, (size_t)-1);
    ws_gazetteer *g = NULL;
    ws_error err;
    if (gazetteer_with_lexicon(&g) != WS_OK || ws_gazetteer_load_file(g, path, &err) != WS_OK) {
        fprintf(stderr, "gazetteer: %s:%lu: %s\n", err.file, err.line, err.message);
        exit(99);
    }
    remove_tree(dir);
    free(path);
    free(text);
    free(dir);
    return g;
}

/* ---- the stages, run directly ---- */

typedef struct stages {
    ws__text t;
    ws__segments seg;
    ws__entities ents;
    ws__quotes qs;
    ws__patterns *pats;
} stages;

/* Runs the stages up to and including `upto` (1 text, 2 segment, 3 entities,
 * 4 quotes, 5 speakers). Without a gazetteer (g NULL) the entities stage is
 * skipped, which quotes can do without but speakers cannot. Exits on failure. */
static inline void stages_run(stages *s, const ws_gazetteer *g, const char *text, int upto)
{
    static ws_gazetteer *words_only; /* the word lists, for segmenting without g */
    ws_error err;
    memset(s, 0, sizeof *s);
    if (!g && !words_only)
        gazetteer_with_lexicon(&words_only);
    const ws__lexicon *lx = g ? &g->lex : &words_only->lex;
    ws_status st = ws__text_init(&s->t, text, strlen(text), &err);
    if (st == WS_OK && upto >= 2)
        st = ws__segment(lx, &s->t, &s->seg, &err);
    if (st == WS_OK && upto >= 3 && g && (st = ws__patterns_new(lx, &s->pats, &err)) == WS_OK)
        st = ws__find_entities(g, s->pats, &s->t, &s->seg, &s->ents, &err);
    if (st == WS_OK && upto >= 4)
        st = ws__find_quotes(&s->t, &s->seg, 8192, &s->qs, &err);
    if (st == WS_OK && upto >= 5)
        st = ws__attribute(&s->t, &s->seg, &s->ents, &s->qs, &err);
    if (st != WS_OK) {
        fprintf(stderr, "stages: %s\n", err.message);
        exit(99);
    }
}

static inline void stages_free(stages *s)
{
    ws__quotes_free(&s->qs);
    ws__entities_free(&s->ents);
    ws__patterns_free(s->pats);
    ws__segments_free(&s->seg);
    ws__text_free(&s->t);
}

/* Text of tokens [tb, te) of the normalised view, in a static buffer. */
static inline const char *tok_text(const stages *s, size_t tb, size_t te)
{
    static char buf[512];
    if (te <= tb || te > s->seg.ntoks)
        return "";
    size_t b = s->seg.toks[tb].start, e = s->seg.toks[te - 1].end;
    snprintf(buf, sizeof buf, "%.*s", (int)(e - b), s->t.norm + b);
    return buf;
}

/* ---- the public API ---- */

static inline ws_result *extract_text(ws_extractor *ex, const char *text)
{
    ws_document doc = {"doc", text, strlen(text), NULL, "test"};
    ws_result *res = NULL;
    ws_error err;
    if (ws_extract(ex, &doc, &res, &err) != WS_OK) {
        fprintf(stderr, "ws_extract: %s\n", err.message);
        exit(99);
    }
    return res;
}

/* The entity with this name in a result, or NULL. */
static inline const ws_entity *find_entity(const ws_result *res, const char *name)
{
    for (size_t i = 0; i < ws_result_entity_count(res); i++)
        if (strcmp(ws_result_entity(res, i)->name, name) == 0)
            return ws_result_entity(res, i);
    return NULL;
}

/* The first quote whose text starts with prefix, or NULL. */
static inline const ws_quote *find_quote(ws_result *res, const char *prefix)
{
    for (size_t i = 0; i < ws_result_quote_count(res); i++) {
        const ws_quote *q = ws_result_quote(res, i);
        const char *text = ws_result_text(res, q->span, NULL);
        if (text && strncmp(text, prefix, strlen(prefix)) == 0)
            return q;
    }
    return NULL;
}

/* The name of a quote's speaker, or NULL. */
static inline const char *speaker_name(const ws_result *res, const ws_quote *q)
{
    if (!q || q->speaker == WS_NO_ENTITY)
        return NULL;
    return ws_result_entity(res, q->speaker)->name;
}

#endif /* WS_TEST_HELPERS_H */
