/* test_gazetteer.c - loading gazetteer files (gazetteer.c). */
#include "helpers.h"
#include "gazkey.h"

static char *dir;

/* Loads one file holding `text`; returns the status, err filled. */
static ws_status load(ws_gazetteer *g, const char *name, const char *text, size_t len, ws_error *err,
                      char **path_out)
{
    char *path = write_file(dir, name, text, len);
    ws_error_clear(err);
    ws_status st = ws_gazetteer_load_file(g, path, err);
    if (path_out)
        *path_out = path;
    else
        free(path);
    return st;
}

static ws_status load_new(const char *text, ws_error *err, char **path)
{
    ws_gazetteer *g = NULL;
    gazetteer_with_lexicon(&g);
    ws_status st = load(g, "one.tsv", text, (size_t)-1, err, path);
    ws_gazetteer_free(g);
    return st;
}

static void test_errors(void)
{
    ws_error err;
    char *path = NULL;

    /* header */
    CHECK_INT_EQ(load_new("# comment\nid\ttype\tname\n", &err, &path), WS_ERR_GAZETTEER);
    CHECK_STR_EQ(err.file, path);
    CHECK_INT_EQ(err.line, 2);
    CHECK(strstr(err.message, "header") != NULL);
    free(path);
    CHECK_INT_EQ(load_new("# only comments\n\n", &err, NULL), WS_ERR_GAZETTEER);
    CHECK(strstr(err.message, "header") != NULL);

    /* column count, with file:line */
    CHECK_INT_EQ(load_new(TSV_HEADER "A:1\tPERSON\tAnna Ax\t\t\nA:2\tPERSON\n", &err, &path),
                 WS_ERR_GAZETTEER);
    CHECK_STR_EQ(err.file, path);
    CHECK_INT_EQ(err.line, 3);
    CHECK(strstr(err.message, "columns") != NULL);
    free(path);
    CHECK_INT_EQ(load_new(TSV_HEADER "A:1\tPERSON\tAnna Ax\t\t\textra\n", &err, NULL), WS_ERR_GAZETTEER);
    CHECK_INT_EQ(err.line, 2);
    CHECK(strstr(err.message, "found 6") != NULL);
    CHECK_INT_EQ(load_new(TSV_HEADER "A:1\tPERSON\tAnna Ax\t\t\textra\tmore\n", &err, NULL),
                 WS_ERR_GAZETTEER);
    CHECK(strstr(err.message, "found 7") != NULL);

    /* unknown type */
    CHECK_INT_EQ(load_new(TSV_HEADER "A:1\tPERSONA\tAnna Ax\t\t\n", &err, NULL), WS_ERR_GAZETTEER);
    CHECK_INT_EQ(err.line, 2);
    CHECK(strstr(err.message, "unknown type 'PERSONA'") != NULL);

    /* empty id */
    CHECK_INT_EQ(load_new(TSV_HEADER "\tPERSON\tAnna Ax\t\t\n", &err, NULL), WS_ERR_GAZETTEER);
    CHECK(strstr(err.message, "empty id") != NULL);

    /* bad attribute */
    CHECK_INT_EQ(load_new(TSV_HEADER "A:1\tPERSON\tAnna Ax\t\tgender\n", &err, NULL), WS_ERR_GAZETTEER);
    CHECK(strstr(err.message, "key=value") != NULL);

    /* duplicate id within one file names the first line */
    CHECK_INT_EQ(load_new(TSV_HEADER "A:1\tPERSON\tAnna Ax\t\t\nB:1\tPLACE\tBetaville\t\t\n"
                                     "A:1\tPERSON\tAnna Bx\t\t\n", &err, NULL),
                 WS_ERR_GAZETTEER);
    CHECK_INT_EQ(err.line, 4);
    CHECK(strstr(err.message, "duplicate id 'A:1'") != NULL);
    CHECK(strstr(err.message, "first on line 2") != NULL);

    /* invalid UTF-8, with its line and byte */
    const char bad[] = TSV_HEADER "A:1\tPERSON\tAnna Ax\t\t\nB:1\tPLACE\tBeta\xFFville\t\t\n";
    CHECK_INT_EQ(load_new(bad, &err, NULL), WS_ERR_GAZETTEER);
    CHECK_INT_EQ(err.line, 3);
    CHECK_INT_EQ(err.byte, strchr(bad, '\xFF') - bad);
    CHECK(strstr(err.message, "UTF-8") != NULL);

    /* NUL byte */
    ws_gazetteer *g = NULL;
    gazetteer_with_lexicon(&g);
    const char nul[] = TSV_HEADER "A:1\tPERSON\tAnna\0Ax\t\t\n";
    CHECK_INT_EQ(load(g, "nul.tsv", nul, sizeof nul - 1, &err, NULL), WS_ERR_GAZETTEER);
    CHECK_INT_EQ(err.line, 2);
    ws_gazetteer_free(g);

    /* missing file */
    gazetteer_with_lexicon(&g);
    CHECK_INT_EQ(ws_gazetteer_load_file(g, "/nonexistent/whosaid/x.tsv", &err), WS_ERR_IO);
    CHECK_STR_EQ(err.file, "/nonexistent/whosaid/x.tsv");
    CHECK_INT_EQ(ws_gazetteer_load_dir(g, "/nonexistent/whosaid", &err), WS_ERR_IO);
    ws_gazetteer_free(g);
}

/* The alias chain of a folded key. */
static uint32_t lookup(const ws_gazetteer *g, const char *key)
{
    const ws__slot *sl = ws__gaz_lookup(g, ws__hash(key, strlen(key)), key, strlen(key));
    return sl ? sl->head : WS__NONE;
}

/* What the filter says of a folded key, hashed word by word as the matcher does. */
static bool filter_says(const ws_gazetteer *g, const char *key, unsigned what)
{
    uint64_t h = WS__GAZ_FILTER_INIT;
    size_t len = strlen(key), from = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || key[i] == ' ') {
            h = ws__gaz_filter_more(h, ws__gaz_word_hash(key + from, i - from, len - from));
            from = i + 1;
        }
    }
    return (ws__gaz_filter(g, h) & what) == what;
}

static void test_counts_and_lookup(void)
{
    ws_gazetteer *g = NULL;
    ws_error err;
    CHECK_INT_EQ(gazetteer_with_lexicon(&g), WS_OK);
    CHECK_INT_EQ(ws_gazetteer_entity_count(g), 0);
    CHECK_INT_EQ(load(g, "a.tsv",
                      TSV_HEADER
                      "# a comment\n"
                      "P:nyc\tPLACE\tNew York City\tNew York|NYC||New York\t\n"
                      "O:nyp\tORG\tNew York Post\t\t\n"
                      "H:1\tPERSON\tAnna Ax\tAx|Ms. Ax\tgender=f;role=Mayor of Betaville;x=y\n",
                      (size_t)-1, &err, NULL),
                 WS_OK);
    CHECK_INT_EQ(ws_gazetteer_entity_count(g), 3);
    /* names count as aliases; an empty or repeated alias does not */
    CHECK_INT_EQ(ws_gazetteer_alias_count(g), 3 + 1 + 3);

    uint32_t a = lookup(g, "new york");
    CHECK(a != WS__NONE);
    if (a != WS__NONE) {
        CHECK_STR_EQ(ws__gaz_str(g, g->ents[g->aliases[a].entity].name), "New York City");
        CHECK(!g->aliases[a].canonical);
        CHECK_INT_EQ(g->aliases[a].ntoks, 2);
        CHECK_INT_EQ(g->aliases[a].next, WS__NONE);
        CHECK_STR_EQ(g->pool + g->aliases[a].surface, "New York");
    }
    a = lookup(g, "new york post");
    CHECK(a != WS__NONE && g->aliases[a].canonical);
    CHECK(lookup(g, "ms . ax") != WS__NONE); /* keys are folded tokens */
    CHECK_INT_EQ(lookup(g, "New York"), WS__NONE); /* the key is folded */
    CHECK_INT_EQ(lookup(g, "york"), WS__NONE);
    /* the filter errs only towards yes */
    CHECK(filter_says(g, "new", WS__GAZ_LONGER));
    CHECK(filter_says(g, "new york", WS__GAZ_KEY | WS__GAZ_LONGER));
    CHECK(filter_says(g, "new york post", WS__GAZ_KEY));
    CHECK(filter_says(g, "ms .", WS__GAZ_LONGER));
    /* attributes */
    a = lookup(g, "anna ax");
    CHECK(a != WS__NONE);
    if (a != WS__NONE) {
        const ws__gaz_entity *e = &g->ents[g->aliases[a].entity];
        CHECK_STR_EQ(ws__gaz_str(g, e->gender), "f");
        CHECK_STR_EQ(ws__gaz_str(g, e->role), "Mayor of Betaville");
        CHECK_INT_EQ(e->type, WS_PERSON);
    }
    ws_gazetteer_free(g);
    ws_gazetteer_free(NULL);
}

static void test_override(void)
{
    ws_gazetteer *g = NULL;
    ws_error err;
    gazetteer_with_lexicon(&g);
    CHECK_INT_EQ(load(g, "a.tsv", TSV_HEADER "X:1\tPERSON\tAlpha Person\tAlpha\t\nX:2\tPLACE\tGammatown\t\t\n",
                      (size_t)-1, &err, NULL), WS_OK);
    CHECK_INT_EQ(load(g, "b.tsv", TSV_HEADER "X:1\tPERSON\tBeta Person\t\tgender=m\n", (size_t)-1, &err, NULL),
                 WS_OK);
    CHECK_INT_EQ(ws_gazetteer_entity_count(g), 2);
    CHECK_INT_EQ(ws_gazetteer_alias_count(g), 2); /* Alpha's two are gone */

    /* the old entry is no longer matched; the new one is */
    ws_extractor *ex = NULL;
    CHECK_INT_EQ(ws_extractor_new(&ex, g, NULL, &err), WS_OK);
    ws_result *res = extract_text(ex, "Alpha Person met Beta Person in Gammatown.");
    /* the overridden entry is gone (a name of that shape may still be discovered) */
    const ws_entity *alpha = find_entity(res, "Alpha Person");
    CHECK(alpha == NULL || strcmp(alpha->source, "discovered") == 0);
    const ws_entity *beta = find_entity(res, "Beta Person");
    CHECK(beta != NULL);
    if (beta) {
        CHECK_STR_EQ(beta->id, "X:1");
        CHECK_STR_EQ(beta->gender, "m");
    }
    CHECK(find_entity(res, "Gammatown") != NULL);
    ws_result_free(res);
    ws_extractor_free(ex);
    ws_gazetteer_free(g);
}

static void test_crlf_and_dir(void)
{
    char *sub = tmp_dir();
    ws_gazetteer *g = NULL;
    ws_error err;
    /* files load in name order: b.tsv overrides a.tsv; other files are skipped */
    free(write_file(sub, "b.tsv",
                    "# crlf\r\nid\ttype\tname\taliases\tattributes\r\n"
                    "K:1\tORG\tKremlin\tthe Kremlin\trole=seat of power\r\n"
                    "K:2\tPLACE\tMoscow\t\t\r\n",
                    (size_t)-1));
    free(write_file(sub, "a.tsv", TSV_HEADER "K:1\tORG\tOld Kremlin\t\t\n", (size_t)-1));
    free(write_file(sub, "notes.txt", "not a gazetteer", (size_t)-1));
    free(write_file(sub, ".hidden.tsv", "not a gazetteer either", (size_t)-1));
    gazetteer_with_lexicon(&g);
    CHECK_INT_EQ(ws_gazetteer_load_dir(g, sub, &err), WS_OK);
    CHECK_INT_EQ(ws_gazetteer_entity_count(g), 2);
    uint32_t a = lookup(g, "kremlin");
    CHECK(a != WS__NONE);
    if (a != WS__NONE) {
        /* the \r is not part of the last column */
        CHECK_STR_EQ(ws__gaz_str(g, g->ents[g->aliases[a].entity].role), "seat of power");
        CHECK_STR_EQ(ws__gaz_str(g, g->ents[g->aliases[a].entity].name), "Kremlin");
    }
    a = lookup(g, "moscow");
    CHECK(a != WS__NONE && strcmp(ws__gaz_str(g, g->ents[g->aliases[a].entity].name), "Moscow") == 0);
    ws_gazetteer_free(g);
    remove_tree(sub);
    free(sub);

    /* a folder without *.tsv */
    sub = tmp_dir();
    gazetteer_with_lexicon(&g);
    CHECK_INT_EQ(ws_gazetteer_load_dir(g, sub, &err), WS_ERR_GAZETTEER);
    ws_gazetteer_free(g);
    remove_tree(sub);
    free(sub);
}

/* The longest alias whose case fits wins; the matcher reads on past a
 * word only while a longer alias may follow. */
static void test_longest_match(void)
{
    ws_gazetteer *g = NULL;
    ws_error err;
    gazetteer_with_lexicon(&g);
    CHECK_INT_EQ(load(g, "a.tsv",
                      TSV_HEADER "P:ny\tPLACE\tNew York\t\t\n"
                                 "O:nyp\tORG\tNew York Post\t\t\n"
                                 "O:nytc\tORG\tNew York Times Company\t\t\n",
                      (size_t)-1, &err, NULL),
                 WS_OK);
    ws_extractor *ex = NULL;
    CHECK_INT_EQ(ws_extractor_new(&ex, g, NULL, &err), WS_OK);
    ws_result *res = extract_text(ex, "Editors of the New York Post met in New York. A New York post office "
                                      "closed. He read the New York Times.\n\nThey left New York");
    const ws_entity *ny = find_entity(res, "New York"), *post = find_entity(res, "New York Post");
    CHECK(ny && ny->mention_count == 4); /* "post office" is no Post; "Times" alone no Company */
    CHECK(post && post->mention_count == 1);
    CHECK(find_entity(res, "New York Times Company") == NULL);
    ws_result_free(res);
    ws_extractor_free(ex);
    ws_gazetteer_free(g);
}

/* Most aliases are their key with each word's first letter in capitals,
 * and a text written so fits them without a look at the alias as written;
 * the case rules hold for the others. The second run reads the cache the
 * first wrote, and loading a file on top of it still drops the aliases of
 * the entities it replaces. */
static void test_case_rules(void)
{
    char *cache = tmp_dir(), *sub = tmp_dir();
    setenv("XDG_CACHE_HOME", cache, 1);
    free(write_file(sub, "a.tsv",
                    TSV_HEADER "P:ny\tPLACE\tNew York\t\t\n"
                               "P:boe\tORG\tBank of England\t\t\n"
                               "P:rm\tPERSON\tRonald McDonald\tMcDonald\t\n"
                               "O:nasa\tORG\tNASA\t\t\n"
                               "O:old\tORG\tOldco Holdings\t\t\n",
                    (size_t)-1));
    for (int run = 0; run < 2; run++) {
        ws_gazetteer *g = NULL;
        ws_error err;
        gazetteer_with_lexicon(&g);
        CHECK_INT_EQ(ws_gazetteer_load_dir(g, sub, &err), WS_OK);
        CHECK_INT_EQ(ws_gazetteer_from_cache(g) & WS_CACHED_NAMES, run ? WS_CACHED_NAMES : 0);
        CHECK_INT_EQ(load(g, "b.tsv", TSV_HEADER "O:old\tORG\tNewco Holdings\t\t\n", (size_t)-1, &err, NULL),
                     WS_OK);
        ws_extractor *ex = NULL;
        CHECK_INT_EQ(ws_extractor_new(&ex, g, NULL, &err), WS_OK);
        ws_result *res = extract_text(ex, "Mcdonald and Nasa met in New York, then NEW YORK, at the Bank Of "
                                          "England. McDonald and NASA left the Bank of England. Oldco Holdings "
                                          "became Newco Holdings.");
        const ws_entity *e = find_entity(res, "New York");
        CHECK(e && e->mention_count == 2);
        CHECK((e = find_entity(res, "Bank of England")) && e->mention_count == 2);
        CHECK((e = find_entity(res, "Ronald McDonald")) && e->mention_count == 1); /* not "Mcdonald" */
        CHECK((e = find_entity(res, "NASA")) && e->mention_count == 1);            /* not "Nasa" */
        CHECK((e = find_entity(res, "Newco Holdings")) && e->mention_count == 1);
        e = find_entity(res, "Oldco Holdings"); /* replaced: at most discovered */
        CHECK(e == NULL || strcmp(e->source, "discovered") == 0);
        ws_result_free(res);
        ws_extractor_free(ex);
        ws_gazetteer_free(g);
    }
    unsetenv("XDG_CACHE_HOME");
    remove_tree(sub);
    free(sub);
    remove_tree(cache);
    free(cache);
}

int main(void)
{
    dir = tmp_dir();
    test_errors();
    test_counts_and_lookup();
    test_override();
    test_crlf_and_dir();
    test_longest_match();
    test_case_rules();
    remove_tree(dir);
    free(dir);
    return CHECK_DONE();
}
