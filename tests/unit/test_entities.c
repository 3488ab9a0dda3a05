/* test_entities.c - gazetteer matches, names found by pattern and titles
 * (entities.c). */
#include "helpers.h"

static const char ROWS[] =
    "P:nyc\tPLACE\tNew York City\tNew York\t\n"
    "O:nyp\tORG\tNew York Post\t\t\n"
    "H:trump\tPERSON\tDonald Trump\tTrump\tgender=m\n"
    "H:peskov\tPERSON\tDmitry Peskov\tPeskov\tgender=m;role=Kremlin spokesman\n"
    "P:ru\tPLACE\tRussia\t\t\n"
    "P:lozova\tPLACE\tLozova\t\t\n"
    "O:kremlin\tORG\tKremlin\t\t\n";

static ws_gazetteer *gaz;
static ws_extractor *ex;

/* The mentions of a result, "TEXT=ID" joined with spaces. */
static const char *mentions(const char *text)
{
    static char out[1024];
    ws_result *res = extract_text(ex, text);
    out[0] = '\0';
    for (size_t i = 0; i < ws_result_mention_count(res); i++) {
        const ws_mention *m = ws_result_mention(res, i);
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%.*s=%s", i ? " " : "", (int)(m->span.end - m->span.start),
                 text + m->span.start, ws_result_entity(res, m->entity)->id);
    }
    ws_result_free(res);
    return out;
}

static void test_gazetteer_matches(void)
{
    /* longest match first */
    CHECK_STR_EQ(mentions("She writes for the New York Post in New York."),
                 "New York Post=O:nyp New York=P:nyc");
    /* case: a lowercase word never matches a capitalised alias; headline caps do */
    CHECK_STR_EQ(mentions("He played his trump card."), "");
    CHECK_STR_EQ(mentions("TRUMP WINS AGAIN"), "TRUMP=H:trump");
    /* possessives, straight and curly */
    CHECK_STR_EQ(mentions("Russia's army and Russia\xE2\x80\x99s navy."), "Russia=P:ru Russia=P:ru");
    CHECK_STR_EQ(mentions("Trump, Trump's and Trump."), "Trump=H:trump Trump=H:trump Trump=H:trump");
    /* not inside a longer word */
    CHECK_STR_EQ(mentions("Trumpism and Russian ships."), "");
}

static void test_entity_list(void)
{
    ws_result *res = extract_text(ex, "Trump called Peskov. Later Trump left Russia.");
    CHECK_INT_EQ(ws_result_entity_count(res), 3);
    const ws_entity *t = find_entity(res, "Donald Trump");
    CHECK(t != NULL);
    if (t) {
        CHECK_STR_EQ(t->id, "H:trump");
        CHECK_INT_EQ(t->type, WS_PERSON);
        CHECK_STR_EQ(t->gender, "m");
        CHECK_INT_EQ(t->mention_count, 2);
        if (t->mention_count == 2) {
            CHECK_INT_EQ(ws_result_mention(res, t->mentions[0])->span.start, 0);
            CHECK_INT_EQ(ws_result_mention(res, t->mentions[1])->span.start, 27);
        }
    }
    /* entities in order of first mention */
    CHECK_STR_EQ(ws_result_entity(res, 0)->name, "Donald Trump");
    CHECK_STR_EQ(ws_result_entity(res, 1)->name, "Dmitry Peskov");
    CHECK_STR_EQ(ws_result_entity(res, 2)->name, "Russia");
    ws_result_free(res);
}

static void test_titles(void)
{
    stages s;
    stages_run(&s, gaz, "Kremlin spokesman Dmitry Peskov declined to comment.", 3);
    int found = 0;
    for (size_t i = 0; i < s.ents.nments; i++) {
        const ws__ment *m = &s.ents.ments[i];
        if (strcmp(s.ents.ents[m->ent].id, "H:peskov") != 0)
            continue;
        found = 1;
        CHECK_STR_EQ(tok_text(&s, m->tok_begin, m->tok_end), "Dmitry Peskov");
        CHECK_STR_EQ(tok_text(&s, m->title_begin, m->tok_begin), "Kremlin spokesman");
    }
    CHECK(found);
    stages_free(&s);

    /* no title: title_begin is the name itself */
    stages_run(&s, gaz, "Yesterday Peskov declined to comment.", 3);
    CHECK_INT_EQ(s.ents.nments, 1);
    if (s.ents.nments == 1)
        CHECK_INT_EQ(s.ents.ments[0].title_begin, s.ents.ments[0].tok_begin);
    stages_free(&s);

    CHECK(ws__is_title_word("spokesman", 9));
    CHECK(ws__is_title_word("Gov", 3));
    CHECK(!ws__is_title_word("said", 4));
}

static void test_patterns(void)
{
    /* a titled name the gazetteer lacks is a person of the document, and
     * its surname later links to it */
    const char *text = "The strike hit Kharkiv, regional Gov. Vadym Filaskhin said. "
                       "Filaskhin said two people died.";
    ws_result *res = extract_text(ex, text);
    const ws_entity *e = find_entity(res, "Vadym Filaskhin");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR_EQ(e->id, "local:Vadym_Filaskhin");
        CHECK_INT_EQ(e->type, WS_PERSON);
        CHECK_STR_EQ(e->role, "Gov.");
        CHECK_INT_EQ(e->mention_count, 2);
        if (e->mention_count == 2) {
            const ws_mention *m = ws_result_mention(res, e->mentions[1]);
            CHECK_SLICE_EQ(text, m->span.start, m->span.end, "Filaskhin");
        }
    }
    ws_result_free(res);

    /* "the village of X": a place, which takes over the shorter "Lozova" */
    text = "Shelling hit the village of Cherkaska Lozova overnight.";
    res = extract_text(ex, text);
    e = find_entity(res, "Cherkaska Lozova");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT_EQ(e->type, WS_PLACE);
        CHECK_STR_EQ(e->id, "local:Cherkaska_Lozova");
    }
    CHECK(find_entity(res, "Lozova") == NULL);
    ws_result_free(res);

    /* organisation heads */
    text = "A statement from the Ministry of National Defense said otherwise.";
    res = extract_text(ex, text);
    e = find_entity(res, "Ministry of National Defense");
    CHECK(e != NULL);
    if (e)
        CHECK_INT_EQ(e->type, WS_ORG);
    ws_result_free(res);

    /* a title-case headline is not mined for names */
    res = extract_text(ex, "Minister Says Village Of Big Stones Will Rebuild Quickly");
    CHECK_INT_EQ(ws_result_entity_count(res), 0);
    ws_result_free(res);
}

int main(void)
{
    gaz = gazetteer_from(ROWS);
    ws_error err;
    if (ws_extractor_new(&ex, gaz, NULL, &err) != WS_OK)
        return 99;
    test_gazetteer_matches();
    test_entity_list();
    test_titles();
    test_patterns();
    ws_extractor_free(ex);
    ws_gazetteer_free(gaz);
    return CHECK_DONE();
}
