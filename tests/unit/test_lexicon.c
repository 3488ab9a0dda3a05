/* test_lexicon.c - the word lists (lexicon.c): files, case forms, classes,
 * a user's folder adding and taking out entries, and load errors. */
#include "helpers.h"

static uint32_t classes(const ws_gazetteer *g, const char *w)
{
    return ws__word_classes(&g->lex, w, strlen(w));
}

static void test_bundled_classes(void)
{
    ws_gazetteer *g;
    gazetteer_with_lexicon(&g);
    /* speech verbs in any case */
    CHECK(classes(g, "said") & WS__W_CUE);
    CHECK(classes(g, "Said") & WS__W_CUE);
    CHECK(classes(g, "SAID") & WS__W_CUE);
    /* a lowercase title also capitalised, and a role in lowercase only */
    CHECK(classes(g, "spokesman") & WS__W_TITLE_START);
    CHECK(classes(g, "Spokesman") & WS__W_TITLE_WORD);
    CHECK(classes(g, "spokesman") & WS__W_ROLE);
    CHECK(!(classes(g, "Spokesman") & WS__W_ROLE));
    /* a capitalised title only so: "general" is an adjective, but a role */
    CHECK(classes(g, "General") & WS__W_TITLE_START);
    CHECK(!(classes(g, "general") & WS__W_TITLE_WORD));
    CHECK(classes(g, "general") & WS__W_ROLE);
    /* one list of titles and roles: a prosecutor is both, a lawyer only a role */
    CHECK(classes(g, "Prosecutor") & WS__W_TITLE_WORD);
    CHECK(classes(g, "prosecutor") & WS__W_ROLE);
    CHECK(classes(g, "lawyer") & WS__W_ROLE);
    CHECK(!(classes(g, "Lawyer") & WS__W_TITLE_WORD));
    /* honorifics with their gender; abbreviations written with a period */
    CHECK((classes(g, "Ms") & (WS__W_HONORIFIC | WS__W_FEMALE | WS__W_ABBREVIATION)) ==
          (WS__W_HONORIFIC | WS__W_FEMALE | WS__W_ABBREVIATION));
    CHECK((classes(g, "Sir") & (WS__W_HONORIFIC | WS__W_MALE)) == (WS__W_HONORIFIC | WS__W_MALE));
    CHECK(classes(g, "Gov") & WS__W_ABBREVIATION);
    CHECK(classes(g, "Inc") & WS__W_ABBREVIATION);
    /* the words of a longer title */
    CHECK(classes(g, "Vice") & WS__W_TITLE_START);
    CHECK(classes(g, "Foreign") & WS__W_TITLE_WORD);
    CHECK(!(classes(g, "Foreign") & WS__W_TITLE_START));
    /* organisation heads as written, their speaker nouns in lowercase */
    CHECK(classes(g, "Ministry") & WS__W_ORG_HEAD);
    CHECK(classes(g, "ministry") & WS__W_ORG_ROLE);
    CHECK(classes(g, "statement") & WS__W_ANY_ORG);
    CHECK(!(classes(g, "Statement") & WS__W_ORG_HEAD));
    CHECK(classes(g, "May") & WS__W_NAME_STOP);
    CHECK(classes(g, "village") & WS__W_PLACE_NOUN);
    CHECK(classes(g, "said") == WS__W_CUE);
    CHECK(classes(g, "xylophone") == 0);
    CHECK(ws__lexicon_list_count(&g->lex, "speech-verbs.txt") > 150);
    ws_gazetteer_free(g);
}

/* A user's folder adds to the bundled lists and takes entries out; the
 * patterns follow the lists. */
static void test_user_folder(void)
{
    char *dir = tmp_dir();
    free(write_file(dir, "speech-verbs.txt", "# more verbs\nopined\n!said\n", (size_t)-1));
    free(write_file(dir, "titles.txt", "Marshal\trole\n", (size_t)-1));
    ws_gazetteer *g;
    gazetteer_with_lexicon(&g);
    ws_error err;
    CHECK_INT_EQ(ws_gazetteer_load_lexicon(g, dir, &err), WS_OK);
    CHECK(classes(g, "Opined") & WS__W_CUE);
    CHECK(!(classes(g, "said") & WS__W_CUE));
    CHECK(classes(g, "says") & WS__W_CUE);
    CHECK(classes(g, "marshal") & WS__W_ROLE);
    CHECK(g->lex.lists[WS__L_TITLE].n > 0);

    ws_extractor *ex = NULL;
    CHECK_INT_EQ(ws_extractor_new(&ex, g, NULL, &err), WS_OK);
    ws_result *res = extract_text(ex, "\xE2\x80\x9CWe hold the line,\xE2\x80\x9D Marshal Ada Quint opined.");
    const ws_entity *who = find_entity(res, "Ada Quint");
    CHECK(who != NULL);
    CHECK_STR_EQ(speaker_name(res, find_quote(res, "We hold")), "Ada Quint");
    ws_result_free(res);
    ws_extractor_free(ex);
    ws_gazetteer_free(g);
    remove_tree(dir);
    free(dir);
}

/* The word-class table reads a word as its first 16 bytes, masked from a
 * longer read when the text has them: the bytes after the word, and those
 * after the 16th, must still count. */
static void test_word_table(void)
{
    char *dir = tmp_dir();
    free(write_file(dir, "speech-verbs.txt", "counterinsurgency\n", (size_t)-1));
    ws_gazetteer *g;
    gazetteer_with_lexicon(&g);
    ws_error err;
    CHECK_INT_EQ(ws_gazetteer_load_lexicon(g, dir, &err), WS_OK);
    CHECK(classes(g, "counterinsurgency") == WS__W_CUE);
    CHECK(classes(g, "COUNTERINSURGENCY") == WS__W_CUE);
    CHECK(classes(g, "counterinsurgencx") == 0);
    CHECK(classes(g, "counterinsurgenc") == 0);
    CHECK(classes(g, "counterinsurgencyy") == 0);
    const char *text = "said saidsaidsaidsaidsaid counterinsurgencyx said";
    size_t len = strlen(text);
    CHECK(ws__word_classes_at(&g->lex, text, 4, len) == WS__W_CUE);
    CHECK(ws__word_classes_at(&g->lex, text, 3, len) == 0);
    CHECK(ws__word_classes_at(&g->lex, text + 5, 4, len - 5) == WS__W_CUE);
    CHECK(ws__word_classes_at(&g->lex, text + 5, 8, len - 5) == 0);
    CHECK(ws__word_classes_at(&g->lex, text + 26, 17, len - 26) == WS__W_CUE);
    CHECK(ws__word_classes_at(&g->lex, text + 26, 18, len - 26) == 0);
    CHECK(ws__word_classes_at(&g->lex, text + len - 4, 4, 4) == WS__W_CUE);
    CHECK(ws__word_classes_at(&g->lex, text + len - 8, 4, 8) == 0); /* "x sa" */
    ws_gazetteer_free(g);
    remove_tree(dir);
    free(dir);
}

/* Many words: some find their home slot taken and go on to a later one,
 * which their home slot must send the lookup to; none of the words left
 * out is found. */
static void test_word_table_spills(void)
{
    char *dir = tmp_dir();
    size_t cap = 4000 * 12, len = 0;
    char *list = malloc(cap);
    for (int i = 0; i < 4000; i++)
        len += (size_t)snprintf(list + len, cap - len, "zq%dverb\n", i);
    free(write_file(dir, "speech-verbs.txt", list, len));
    free(list);
    ws_gazetteer *g;
    gazetteer_with_lexicon(&g);
    ws_error err;
    CHECK_INT_EQ(ws_gazetteer_load_lexicon(g, dir, &err), WS_OK);
    size_t spilled = 0;
    for (size_t i = 0; i < g->lex.words.nslots; i++)
        spilled += (g->lex.words.slots[i].probe & WS__PROBE_SPILL) != 0;
    CHECK(spilled > 0);
    char w[32];
    for (int i = 0; i < 4000; i++) {
        snprintf(w, sizeof w, "zq%dverb", i);
        CHECK(classes(g, w) & WS__W_CUE);
        snprintf(w, sizeof w, "zq%dverbs", i);
        CHECK(classes(g, w) == 0);
    }
    ws_gazetteer_free(g);
    remove_tree(dir);
    free(dir);
}

/* The given-name table: gender, ambiguity, all caps, a user's additions
 * and removals, and the same answers from its cache. */
static void test_given_names(void)
{
    char *cache = tmp_dir();
    setenv("XDG_CACHE_HOME", cache, 1);
    for (int run = 0; run < 2; run++) { /* the second run maps the cache the first wrote */
        ws_gazetteer *g;
        gazetteer_with_lexicon(&g);
        uint32_t v = ws__given_name(&g->lex, "Maria", 5);
        CHECK(v & WS__GIVEN_LISTED);
        CHECK(v & WS__GIVEN_FEMALE);
        CHECK(WS__GIVEN_FREQUENCY(v) > 1000);
        CHECK(ws__given_name(&g->lex, "MARIA", 5) == v);
        CHECK(ws__given_name(&g->lex, "Will", 4) & WS__GIVEN_AMBIGUOUS);
        CHECK(ws__given_name(&g->lex, "Oyelaran", 8) == 0);
        CHECK(ws__given_name(&g->lex, "maria", 5) == 0);
        CHECK(ws__given_name(&g->lex, "Sherman", 7) & WS__GIVEN_MALE);

        char *dir = tmp_dir();
        free(write_file(dir, "given-names.tsv", "name\tgender\nOyelaran\tf\n!Sherman\n", (size_t)-1));
        ws_error err;
        CHECK_INT_EQ(ws_gazetteer_load_lexicon(g, dir, &err), WS_OK);
        CHECK(ws__given_name(&g->lex, "Oyelaran", 8) & WS__GIVEN_FEMALE);
        CHECK(ws__given_name(&g->lex, "Sherman", 7) == 0);
        CHECK(ws__given_name(&g->lex, "Maria", 5) == v);
        ws_gazetteer_free(g);
        remove_tree(dir);
        free(dir);
    }
    unsetenv("XDG_CACHE_HOME");
    remove_tree(cache);
    free(cache);
}

static void test_errors(void)
{
    char *dir = tmp_dir();
    ws_gazetteer *g;
    ws_error err;

    /* a misspelt file name would be ignored: it fails the load instead */
    free(write_file(dir, "speech-verb.txt", "said\n", (size_t)-1));
    ws_gazetteer_new(&g);
    CHECK_INT_EQ(ws_gazetteer_load_lexicon(g, dir, &err), WS_ERR_GAZETTEER);
    CHECK(strstr(err.message, "speech-verb.txt") != NULL);
    ws_gazetteer_free(g);
    remove_tree(dir);
    free(dir);

    dir = tmp_dir();
    free(write_file(dir, "titles.txt", "# titles\nMarshal\trole\nAdmiral\tranking\n", (size_t)-1));
    ws_gazetteer_new(&g);
    CHECK_INT_EQ(ws_gazetteer_load_lexicon(g, dir, &err), WS_ERR_GAZETTEER);
    CHECK_INT_EQ(err.line, 3);
    CHECK(strstr(err.message, "ranking") != NULL);
    ws_gazetteer_free(g);
    remove_tree(dir);
    free(dir);

    /* an extractor needs word lists */
    ws_gazetteer_new(&g);
    ws_extractor *ex = NULL;
    CHECK_INT_EQ(ws_extractor_new(&ex, g, NULL, &err), WS_ERR_USAGE);
    CHECK(ex == NULL);
    ws_gazetteer_free(g);
}

int main(void)
{
    test_bundled_classes();
    test_user_folder();
    test_word_table();
    test_word_table_spills();
    test_given_names();
    test_errors();
    return CHECK_DONE();
}
