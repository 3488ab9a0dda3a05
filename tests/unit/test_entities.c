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
    "O:kremlin\tORG\tKremlin\t\t\n"
    "P:leeds\tPLACE\tLeeds\t\tpopulation=455123\n"
    "P:hull\tPLACE\tHull\t\tpopulation=302296\n"
    "P:burton\tPLACE\tBurton\t\tpopulation=72299\n"
    "H:haley\tPERSON\tNikki Haley\tHaley\tgender=f\n"
    "P:us\tPLACE\tUnited States\tU.S.\t\n"
    "P:jp\tPLACE\tJapan\t\tsubtype=country\n"
    "P:sy\tPLACE\tSyria\t\tsubtype=country\n"
    "P:tx\tPLACE\tTexas\t\tsubtype=state\n"
    "P:raman\tPLACE\tRaman\t\tsubtype=city\n"
    "H:dokafor\tPERSON\tDana Okafor\t\tgender=f\n"
    "H:bokafor\tPERSON\tBen Okafor\t\tgender=m\n"
    "H:marsh\tPERSON\tLena Marsh Jr.\t\t\n"
    "O:halnews\tORG\tHalloran News\tHalloran\t\n"
    "P:oh\tPLACE\tOhio\t\tsubtype=state\n"
    "P:ky\tPLACE\tKentucky\tKy.\tsubtype=state\n"
    "P:ashford-oh\tPLACE\tAshford\t\tpopulation=9000;region=P:oh\n"
    "P:ashford-ky\tPLACE\tAshford\t\tpopulation=20000;region=P:ky\n";

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

    /* the organisation a title serves, at a clause's start, is the title's too */
    const char *union_leader = "The plan failed, union leader Dmitry Peskov said.";
    ws_result *res = extract_text(ex, union_leader);
    CHECK_INT_EQ(ws_result_mention_count(res), 1);
    if (ws_result_mention_count(res) == 1) {
        const ws_mention *m = ws_result_mention(res, 0);
        CHECK_SLICE_EQ(union_leader, m->title.start, m->title.end, "union leader");
    }
    ws_result_free(res);

    /* no title: title_begin is the name itself */
    stages_run(&s, gaz, "Yesterday Peskov declined to comment.", 3);
    CHECK_INT_EQ(s.ents.nments, 1);
    if (s.ents.nments == 1)
        CHECK_INT_EQ(s.ents.ments[0].title_begin, s.ents.ments[0].tok_begin);
    stages_free(&s);

    CHECK(ws__word_is(&gaz->lex, "spokesman", 9, WS__W_TITLE_WORD));
    CHECK(ws__word_is(&gaz->lex, "Gov", 3, WS__W_TITLE_WORD));
    CHECK(!ws__word_is(&gaz->lex, "said", 4, WS__W_TITLE_WORD));
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
    /* a role keeps its modifiers, not the article or the clause before it */
    res = extract_text(ex, "The gap came to light when a new treasurer, Ana Ruiz, checked the books. "
                           "The town's mayor, Tom Reyes, spoke.");
    e = find_entity(res, "Ana Ruiz");
    CHECK(e && e->role && strcmp(e->role, "new treasurer") == 0);
    e = find_entity(res, "Tom Reyes");
    CHECK(e && e->role && strcmp(e->role, "town's mayor") == 0);
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

    /* a title-case headline is not mined for names, even with a full stop */
    CHECK(strstr(mentions("Senator Backs Higher Tax On Diesel Trucks."), "Backs") == NULL);
    /* a title-case headline is not mined for names */
    res = extract_text(ex, "Minister Says Village Of Big Stones Will Rebuild Quickly");
    CHECK_INT_EQ(ws_result_entity_count(res), 0);
    ws_result_free(res);

}

/* The entity ids a text yields, in order of first mention, joined with spaces. */
static const char *entity_ids(const char *text)
{
    static char out[1024];
    ws_result *res = extract_text(ex, text);
    out[0] = '\0';
    for (size_t i = 0; i < ws_result_entity_count(res); i++) {
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s", i ? " " : "", ws_result_entity(res, i)->id);
    }
    ws_result_free(res);
    return out;
}

/* Patterns run only where a match can begin; these are the edges of that
 * prefilter: a paragraph's first byte, after punctuation that is not ASCII,
 * capitals that are not ASCII, a head far from the name's start, numbers
 * in an apposition, and two matches in one paragraph. (Sentences are long
 * enough not to read as title-case headlines.) */
static void test_pattern_starts(void)
{
    CHECK_STR_EQ(entity_ids("The army said that Gen. Ivan Petrenko and Col. Anna Bondar had visited the "
                            "troops on the front line."),
                 "local:Ivan_Petrenko local:Anna_Bondar");
    CHECK_STR_EQ(entity_ids("\xE2\x80\xA2President Olha Marchenko spoke."), "local:Olha_Marchenko");
    CHECK_STR_EQ(entity_ids("Students of \xC3\x96rebro University protested."),
                 "local:\xC3\x96rebro_University");
    CHECK_STR_EQ(entity_ids("In Lozova on Monday the Regional Road Safety Service closed roads."),
                 "P:lozova local:Regional_Road_Safety_Service");
    CHECK_STR_EQ(entity_ids("Olena Shevchuk, 54, a teacher, left."), "local:Olena_Shevchuk");
    CHECK_STR_EQ(entity_ids("Roads closed. A Regional Road Safety Service spokesman said so."),
                 "local:Regional_Road_Safety_Service");
    CHECK_STR_EQ(entity_ids("But Zorvan Petrenko, a retired ferry pilot, stayed on the dock."),
                 "local:Zorvan_Petrenko");
    CHECK_STR_EQ(entity_ids("The town's mayor, Petro Savchuk, said so."), "local:Petro_Savchuk");
    /* a town's name that is the surname of a person named in full before is hers */
    CHECK_STR_EQ(entity_ids("Dr. Priya Raman works at the clinic on Elm Street. "
                            "Raman said the hospital had hired nurses."),
                 "local:Priya_Raman");
    /* after a preposition, but before a possessive, the name is no place's:
     * the preposition governs the noun after it */
    CHECK_STR_EQ(entity_ids("Dr. Priya Raman works at the clinic on Elm Street. Nurses praised the work of "
                            "Raman's team. Raman said the hospital had hired nurses."),
                 "local:Priya_Raman");
    CHECK_STR_EQ(entity_ids("Dr. Priya Raman works at the clinic on Elm Street in Raman. Raman is a small town."),
                 "local:Priya_Raman P:raman");
    /* a middle initial the gazetteer's name lacks: its person */
    CHECK_STR_EQ(entity_ids("No title precedes Dmitry A. Peskov here, nor a head."), "H:peskov");
    CHECK_STR_EQ(entity_ids("A photo by EPA/SERGEY KOZLOV shows it."), "local:SERGEY_KOZLOV");
    CHECK_STR_EQ(entity_ids("Fighting near the city of Chasiv Yar and the village of Ivanivske."),
                 "local:Chasiv_Yar local:Ivanivske");
    /* the tokens after a capital: a head five words on, past "and" and
     * hyphens (a sixth word is one too many), and a hyphen in an apposition */
    CHECK_STR_EQ(entity_ids("Money came from the Big Greater Kharkiv Regional Road Safety Service and others."),
                 "local:Greater_Kharkiv_Regional_Road_Safety_Service");
    CHECK_STR_EQ(entity_ids("Repairs were paid for by the Road and Bridge Safety Agency of Kharkiv last year."),
                 "local:Road_and_Bridge_Safety_Agency_of_Kharkiv");
    CHECK_STR_EQ(entity_ids("The works were run by the Kharkiv-Based Road Safety Service all summer long."),
                 "local:Kharkiv-Based_Road_Safety_Service");
    CHECK_STR_EQ(entity_ids("Then Jean-Luc Marie Dubois, an engineer, said the bridge was safe."),
                 "local:Jean-Luc_Marie_Dubois");
    /* without a title, a given name is the evidence (shapes.c); a capital is not */
    CHECK_STR_EQ(entity_ids("No title precedes Ivan Petrenko here, nor a head."), "local:Ivan_Petrenko");
    CHECK_STR_EQ(entity_ids("No title precedes Zorvan Petrenko here, nor a head."), "");
}

/* ---- the evidence rules, with word lists beside the table ---- */

static const char EVIDENCE_ROWS[] =
    "P:nice\tPLACE\tNice\t\tpopulation=342522\n"
    "P:reading\tPLACE\tReading\t\tpopulation=244070\n"
    "P:mobile\tPLACE\tMobile\t\tpopulation=190000\n"
    "P:jackson\tPLACE\tJackson\t\tpopulation=28000\n"
    "P:ga\tPLACE\tGeorgia\t\t\n"
    "P:ga-us\tPLACE\tGeorgia\t\tpopulation=10700000\n"
    "P:ru\tPLACE\tRussia\t\t\n"
    "P:ms\tPLACE\tMississippi\t\t\n"
    "P:tr\tPLACE\tTurkey\t\tsubtype=country\n"
    "P:cz\tPLACE\tCzech Republic\t\tsubtype=country\n"
    "P:kyiv\tPLACE\tKyiv\tKiev\tpopulation=2900000\n"
    "H:trump\tPERSON\tDonald Trump\tTrump\tgender=m\n"
    "H:putin\tPERSON\tVladimir Putin\tPutin\tgender=m\n"
    "H:weber\tPERSON\tRandy Weber\tWeber\tgender=m\n";

static ws_extractor *evidence_extractor(ws_gazetteer **g)
{
    char *dir = tmp_dir();
    size_t n = strlen(TSV_HEADER) + strlen(EVIDENCE_ROWS) + 1;
    char *table = malloc(n);
    snprintf(table, n, "%s%s", TSV_HEADER, EVIDENCE_ROWS);
    free(write_file(dir, "g.tsv", table, (size_t)-1));
    free(write_file(dir, "common-words.txt",
                    "# words\nmay\nmobile\nnice\nreading\ntrump\nlater\npower\nstars\nturkey\nwill\n", (size_t)-1));
    free(write_file(dir, "demonyms.txt", "Russian\tP:ru\n", (size_t)-1));
    ws_error err;
    ws_extractor *x = NULL;
    if (gazetteer_with_lexicon(g) != WS_OK || ws_gazetteer_load_dir(*g, dir, &err) != WS_OK ||
        ws_extractor_new(&x, *g, NULL, &err) != WS_OK) {
        fprintf(stderr, "evidence gazetteer: %s\n", err.message);
        exit(99);
    }
    remove_tree(dir);
    free(table);
    free(dir);
    return x;
}

static void test_evidence(void)
{
    ws_gazetteer *g;
    ws_extractor *saved = ex;
    ex = evidence_extractor(&g);
    /* common words: not names in ordinary sentences */
    CHECK_STR_EQ(mentions("Reading the report, they may play a trump card."), "");
    CHECK_STR_EQ(mentions("Nice weather helped. Mobile phones were banned."), "");
    CHECK_STR_EQ(mentions("the nice mobile reading may go on"), "");
    /* ...but names with evidence: capitals in running text, a preposition */
    CHECK_STR_EQ(mentions("The summit in Nice ended."), "Nice=P:nice");
    CHECK_STR_EQ(mentions("Officials said Reading was flooded."), "Reading=P:reading");
    /* a person's common-word name is the curators' call: always a name */
    CHECK_STR_EQ(mentions("Trump told reporters he was pleased."), "Trump=H:trump");
    /* an ambiguous given name needs a surname that is no word; in a
     * title-case headline no word of a name may be a word */
    CHECK_STR_EQ(mentions("Will Power is a film. Will the council vote?"), "");
    CHECK_STR_EQ(mentions("Julia Ormond Stars In New Film\nThe film opened."), "Julia Ormond=local:Julia_Ormond");
    /* a small one-word place needs a preposition or the place it is in */
    CHECK_STR_EQ(mentions("Jackson said nothing."), "");
    CHECK_STR_EQ(mentions("Officials in Jackson, Mississippi agreed."), "Jackson=P:jackson Mississippi=P:ms");
    /* ...and then it is known for the rest of the document */
    CHECK_STR_EQ(mentions("In Jackson the mood was calm. Jackson voted."), "Jackson=P:jackson Jackson=P:jackson");
    /* an all-caps dateline and a possessive */
    CHECK_STR_EQ(mentions("KYIV, Ukraine - Putin's envoy arrived in Kiev."), "KYIV=P:kyiv Putin=H:putin Kiev=P:kyiv");
    /* a surname after another first name, or "Later" at a sentence start */
    CHECK_STR_EQ(mentions("Anna Weber, a nurse, spoke."), "Anna Weber=local:Anna_Weber");
    CHECK_STR_EQ(mentions("Later Trump left."), "Trump=H:trump");
    /* a country named by a word is the country wherever it is capitalised,
     * a sentence's or a headline's first word included; the word is not */
    CHECK_STR_EQ(mentions("Turkey Says Talks Will Go Ahead\nTurkey has said so."),
                 "Turkey=P:tr Turkey=P:tr");
    CHECK_STR_EQ(mentions("The turkey was roasted."), "");
    /* in a sports report a competitor's country follows the name, and a
     * line of results, with lowercase words, is no headline */
    CHECK_STR_EQ(mentions("Tennis results from the tournament, second round:\n"
                          "Marek Dvorak (Czech Republic) beat Ivo Kral (Turkey) 6-4"),
                 "Marek Dvorak=local:Marek_Dvorak Czech Republic=P:cz Ivo Kral=local:Ivo_Kral Turkey=P:tr");
    CHECK_STR_EQ(mentions("Shares of Acme Widgets (Turkey) rose."), "Turkey=P:tr");

    /* ambiguity: the larger place wins, and the other is kept as an alternative */
    ws_result *res = extract_text(ex, "Georgia held an election.");
    CHECK_INT_EQ(ws_result_entity_count(res), 1);
    if (ws_result_entity_count(res) == 1) {
        const ws_entity *e = ws_result_entity(res, 0);
        CHECK_STR_EQ(e->id, "P:ga-us");
        CHECK_STR_EQ(e->source, "gazetteer");
        CHECK_INT_EQ(e->alternative_count, 1);
        if (e->alternative_count == 1)
            CHECK_STR_EQ(e->alternatives[0].id, "P:ga");
    }
    ws_result_free(res);

    /* a demonym in the title names the country; it is no entity itself */
    const char *text = "Russian President Vladimir Putin spoke.";
    res = extract_text(ex, text);
    const ws_entity *p = find_entity(res, "Vladimir Putin");
    CHECK(p != NULL && ws_result_entity_count(res) == 1);
    if (p && p->mention_count == 1) {
        const ws_mention *m = ws_result_mention(res, p->mentions[0]);
        CHECK_SLICE_EQ(text, m->title.start, m->title.end, "Russian President");
        CHECK_STR_EQ(m->country, "P:ru");
    }
    ws_result_free(res);

    /* discovered names say so */
    res = extract_text(ex, "Marta Kowalczyk, a Russia expert at a Warsaw institute, spoke.");
    const ws_entity *k = find_entity(res, "Marta Kowalczyk");
    CHECK(k != NULL);
    if (k) {
        CHECK_STR_EQ(k->source, "discovered");
        CHECK_STR_EQ(k->id, "local:Marta_Kowalczyk");
    }
    ws_result_free(res);
    ws_extractor_free(ex);
    ws_gazetteer_free(g);
    ex = saved;
}

/* The "TEXT=ID:TYPE:GENDER" of every entity's first mention. */
static const char *entity_facts(const char *text)
{
    static char out[2048];
    ws_result *res = extract_text(ex, text);
    out[0] = '\0';
    for (size_t i = 0; i < ws_result_entity_count(res); i++) {
        const ws_entity *e = ws_result_entity(res, i);
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s:%s:%s", i ? " " : "", e->id, ws_entity_type_str(e->type),
                 e->gender ? e->gender : "-");
    }
    ws_result_free(res);
    return out;
}

/* People known by the shape of their name (shapes.c). */
static void test_shapes(void)
{
    CHECK_STR_EQ(entity_facts("The vote went to board president Maria Delgado on Monday."),
                 "local:Maria_Delgado:PERSON:f");
    /* an honorific says the gender; a surname alone takes none from the given names */
    CHECK_STR_EQ(entity_facts("Ms. Adeyemi, who runs the shelter, said so. Mr. Okafor did not."),
                 "local:Adeyemi:PERSON:f local:Okafor:PERSON:m");
    CHECK_STR_EQ(entity_facts("Parent Kevin O'Malley Jr. spoke, then T.J. Whitlock and Maria J. Okafor."),
                 "local:Kevin_O'Malley_Jr.:PERSON:m local:T.J._Whitlock:PERSON:- local:Maria_J._Okafor:PERSON:f");
    CHECK_STR_EQ(entity_facts("Then came Jean-Luc de la Cruz."), "local:Jean-Luc_de_la_Cruz:PERSON:m");
    /* a double-barrelled surname alone whose first half is a given name
     * ("Spencer") gives the person named in full no gender of its own */
    CHECK_STR_EQ(entity_facts("The museum's director, Harriet Spencer-Vance, spoke. Spencer-Vance said it would open."),
                 "local:Harriet_Spencer-Vance:PERSON:f");
    /* a gazetteer's one-word alias gives way to the longer name */
    CHECK_STR_EQ(entity_facts("Spokeswoman Haley Pryce said no."), "local:Haley_Pryce:PERSON:f");
    /* a name ending in an organisation's head is a person's only when it
     * is a common given name and the head ("Margaret Court") */
    CHECK_STR_EQ(entity_facts("The Osgood Institute, a think tank, agreed."), "local:Osgood_Institute:ORG:-");
    CHECK_STR_EQ(entity_facts("Walter Pruitt Foundation, a charity, agreed."),
                 "local:Walter_Pruitt_Foundation:ORG:-");
    CHECK_STR_EQ(entity_facts("Then Margaret Court, a former champion, agreed."), "local:Margaret_Court:PERSON:f");
    /* a company named once with its legal form goes on without it, and
     * takes a headline's words taken for a person's name */
    CHECK_STR_EQ(entity_facts("Ridgeway to buy Teresa Fabrics\nTeresa Fabrics Ltd. agreed to the sale. "
                              "Teresa Fabrics said it was pleased."),
                 "local:Teresa_Fabrics_Ltd:ORG:-");
    /* plural heads and a newspaper's */
    CHECK_STR_EQ(entity_facts("Staff of Brekke Ice Services told the Zorvan Gazette so."),
                 "local:Brekke_Ice_Services:ORG:- local:Zorvan_Gazette:ORG:-");
    /* a month that is a given name, before a surname and an age, is hers */
    CHECK_STR_EQ(entity_facts("May Brekke, 91, will cut the cake."), "local:May_Brekke:PERSON:f");
    /* a place's head makes a place of a run that opens with a given name */
    CHECK_STR_EQ(entity_facts("Voters in Harlow County waited. Brekke County, a rural place, voted."),
                 "local:Harlow_County:PLACE:- local:Brekke_County:PLACE:-");
    /* an organisation's head makes the whole phrase one: no city of Leeds in it */
    CHECK_STR_EQ(entity_facts("Pupils at Leeds High School and Burton Elementary left."),
                 "local:Leeds_High_School:ORG:- local:Burton_Elementary:ORG:-");
    /* a lone initial opens a name as a scorecard writes it; a plan's letter does not */
    CHECK_STR_EQ(entity_facts("J. Whitlock not out 94, R. Okafor 54."),
                 "local:J._Whitlock:PERSON:- local:R._Okafor:PERSON:-");
    CHECK_STR_EQ(entity_facts("The council chose Plan B. Officials said it was cheaper."), "");
    /* a line of a table that opens with a number is no headline */
    CHECK_STR_EQ(entity_facts("Leading scores after the first round:\n65 Will Ostrander, Mark Tolland, Ruth Amsel"),
                 "local:Will_Ostrander:PERSON:m local:Mark_Tolland:PERSON:m local:Ruth_Amsel:PERSON:f");
    /* nor is a list's line wrapped after a bracket, though all capitalised */
    CHECK_STR_EQ(entity_facts("Scores after the first round:\n70 Ruth Amsel, Lena Okafor\n"
                              "(Sweden), Will Ostrander, Mark Tolland"),
                 "local:Ruth_Amsel:PERSON:f local:Lena_Okafor:PERSON:f local:Will_Ostrander:PERSON:m "
                 "local:Mark_Tolland:PERSON:m");
    /* after a person in a list, an ambiguous given name and a word are a name */
    CHECK_STR_EQ(entity_facts("Ruth Amsel, Will Power and Lena Okafor spoke on Monday."),
                 "local:Ruth_Amsel:PERSON:f local:Will_Power:PERSON:m local:Lena_Okafor:PERSON:f");
    /* a place's initials are no person's */
    CHECK_STR_EQ(entity_facts("The U.S. Open starts today."), "P:us:PLACE:-");
}

/* A sports report's place standing as a team is the team (teams.c). */
static void test_teams(void)
{
    CHECK_STR_EQ(entity_facts("Soccer results in the league this season.\nLeeds 2 Hull 1\nThe goal came late."),
                 "local:Leeds:ORG:- local:Hull:ORG:-");
    /* clubs no gazetteer knows, paired by a line of results; a given name
     * does not make one a person, and scorers in brackets are no clubs */
    CHECK_STR_EQ(entity_facts("Soccer results in the league this season.\n"
                              "Kessel Rovers 2 Maria Sittard 1 (Brandt 8th)\nAsh Vale v Kessel County, Leeds v Hull\n"),
                 "local:Kessel_Rovers:ORG:- local:Maria_Sittard:ORG:- local:Ash_Vale:ORG:- "
                 "local:Kessel_County:ORG:- local:Leeds:ORG:- local:Hull:ORG:-");
    /* a country for its national side stays the country */
    CHECK_STR_EQ(entity_facts("Soccer results in the league this season.\nJapan 2 Syria 1\nLeeds 2 Hull 1\n"),
                 "P:jp:PLACE:- P:sy:PLACE:- local:Leeds:ORG:- local:Hull:ORG:-");
    /* a state is a club's name ("Texas" for its baseball team) */
    CHECK_STR_EQ(entity_facts("Baseball standings of the league this season.\nTEXAS 73 54\nLeeds 2 Hull 1\n"),
                 "local:Texas:ORG:- local:Leeds:ORG:- local:Hull:ORG:-");
    /* outside a sports report a place stays a place */
    CHECK_STR_EQ(entity_facts("Leeds 2 Hull 1 is a bus timetable."), "P:leeds:PLACE:- P:hull:PLACE:-");
}

/* An acronym the text defines names its organisation there and later (link.c). */
static void test_acronyms(void)
{
    CHECK_STR_EQ(mentions("The Federal Emergency Management Agency (FEMA) came. Later FEMA left."),
                 "Federal Emergency Management Agency=local:Federal_Emergency_Management_Agency "
                 "FEMA=local:Federal_Emergency_Management_Agency FEMA=local:Federal_Emergency_Management_Agency");
    /* letters that spell nothing before them define nothing */
    CHECK_STR_EQ(mentions("Prices rose (BBQ) on Friday."), "");
}

/* A dateline's place needs no more evidence (match.c). */
static void test_datelines(void)
{
    CHECK_STR_EQ(entity_facts("Rail strike called off.\nBURTON 1996-08-22\nThe union said nothing."),
                 "P:burton:PLACE:-");
    CHECK_STR_EQ(entity_facts("CRICKET - BURTON WIN"), "");
}

/* A document with more names than one group of 64 in the linker's pair
 * buckets: each surname alone later still goes to its own full name. */
/* The gazetteer's people written in full: their surname alone is theirs,
 * unless two of them share it. */
static void test_gazetteer_surnames(void)
{
    CHECK_STR_EQ(mentions("Dana Okafor arrived. Later Okafor left."), "Dana Okafor=H:dokafor Okafor=H:dokafor");
    CHECK_STR_EQ(mentions("Okafor left early. Dana Okafor came back."), "Okafor=H:dokafor Dana Okafor=H:dokafor");
    CHECK_STR_EQ(mentions("Lena Marsh Jr. arrived. Marsh left."), "Lena Marsh Jr.=H:marsh Marsh=H:marsh");
    CHECK_STR_EQ(mentions("Dana Okafor and Ben Okafor arrived. Okafor left."),
                 "Dana Okafor=H:dokafor Ben Okafor=H:bokafor");
}

/* An organisation's one-word alias inside a person's name gives way to it,
 * and its later mentions are hers while the organisation is never named in
 * full. */
static void test_names_over_organisations(void)
{
    CHECK_STR_EQ(mentions("Maria Halloran spoke at the hall. Later Halloran left."),
                 "Maria Halloran=local:Maria_Halloran Halloran=local:Maria_Halloran");
    CHECK_STR_EQ(mentions("Halloran News filmed it. Maria Halloran spoke. Later Halloran left."),
                 "Halloran News=O:halnews Maria Halloran=local:Maria_Halloran Halloran=O:halnews");
}

/* A title before a surname alone names a person, as an honorific does;
 * not a word of another name, nor a surname two people share. */
static void test_title_surnames(void)
{
    ws_result *res = extract_text(ex, "The council met. Mayor Reyes said it would wait.");
    const ws_entity *e = find_entity(res, "Reyes");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT_EQ(e->type, WS_PERSON);
        CHECK_STR_EQ(e->role, "Mayor");
    }
    ws_result_free(res);
    CHECK_STR_EQ(mentions("After the game, Coach Reyes said little."), "Reyes=local:Reyes");
    CHECK_STR_EQ(mentions("Tom Reyes won the seat. Later Sen. Reyes thanked the staff."),
                 "Tom Reyes=local:Tom_Reyes Reyes=local:Tom_Reyes");
    CHECK_STR_EQ(mentions("Dana Okafor and Ben Okafor arrived. Sen. Okafor left."),
                 "Dana Okafor=H:dokafor Ben Okafor=H:bokafor");
    /* a double-barrelled surname alone is the person named in full, before
     * or after, and a namesake with another first name keeps his own */
    CHECK_STR_EQ(mentions("Board member Nadia Obi-Lawson spoke first. Obi-Lawson said the vote was close."),
                 "Nadia Obi-Lawson=local:Nadia_Obi-Lawson Obi-Lawson=local:Nadia_Obi-Lawson");
    CHECK_STR_EQ(mentions("Nadia Leeds-Burton spoke. The mayor thanked Leeds-Burton."),
                 "Nadia Leeds-Burton=local:Nadia_Leeds-Burton Leeds-Burton=local:Nadia_Leeds-Burton");
    CHECK_STR_EQ(mentions("The meeting ran late. Obi-Lawson said the vote was close. Nadia Obi-Lawson left."),
                 "Obi-Lawson=local:Nadia_Obi-Lawson Nadia Obi-Lawson=local:Nadia_Obi-Lawson");
    CHECK_STR_EQ(mentions("Nadia Obi-Lawson and Tomas Obi-Lawson spoke. Obi-Lawson said the vote was close."),
                 "Nadia Obi-Lawson=local:Nadia_Obi-Lawson Tomas Obi-Lawson=local:Tomas_Obi-Lawson "
                 "Obi-Lawson=local:Obi-Lawson");
    /* particles after a title's name, and a surname that starts with one,
     * capitalised at a sentence's start */
    CHECK_STR_EQ(mentions("On Monday, Dr. Marta de la Fuente spoke."), "Marta de la Fuente=local:Marta_de_la_Fuente");
    CHECK_STR_EQ(mentions("Pieter van Hoorn runs the clinic. Van Hoorn said it was full."),
                 "Pieter van Hoorn=local:Pieter_van_Hoorn Van Hoorn=local:Pieter_van_Hoorn");
    /* the rest of the name after a particle or a hyphen is the pattern's to miss, not a surname */
    CHECK(strstr(mentions("On Monday, Gen. Lena van Hout spoke."), "=local:Lena ") == NULL);
    CHECK(strstr(mentions("On Monday, President Nabil al-Karimi spoke."), "=local:Nabil ") == NULL);
    /* a people or a common word is no surname */
    CHECK_STR_EQ(mentions("Their President Said nothing."), "");
}

/* An age in commas after a name makes a person of it (a people's name
 * before it is cases.tsv's, which has the bundled demonyms); a religious
 * title is a title. */
static void test_age_appositions(void)
{
    CHECK_STR_EQ(mentions("The river rose overnight, and Okonkwo Adeyemi, 45, said it came fast."),
                 "Okonkwo Adeyemi=local:Okonkwo_Adeyemi");
    /* no age, no article: no apposition */
    CHECK_STR_EQ(mentions("The river rose overnight, and Okonkwo Adeyemi said it came fast."), "");
    /* a name longer than the pattern reaches is found whole, by its given name */
    CHECK_STR_EQ(mentions("The river rose, and Maria Luisa Okoro Vega, 45, said it came fast."),
                 "Maria Luisa Okoro Vega=local:Maria_Luisa_Okoro_Vega");
    ws_result *res = extract_text(ex, "The bells rang, and Father Tom Okoro said mass.");
    const ws_entity *e = find_entity(res, "Tom Okoro");
    CHECK(e != NULL);
    if (e)
        CHECK_STR_EQ(e->role, "Father");
    ws_result_free(res);
}

/* A pronoun that resolves to a person found by shape gives them its gender. */
static void test_pronoun_genders(void)
{
    ws_result *res = extract_text(ex, "Okonkwo Adeyemi, 45, said the water rose. \xE2\x80\x9CIt came fast,\xE2\x80\x9D "
                                      "he said.");
    const ws_entity *e = find_entity(res, "Okonkwo Adeyemi");
    CHECK(e != NULL);
    if (e)
        CHECK_STR_EQ(e->gender ? e->gender : "(none)", "m");
    ws_result_free(res);
}

/* A title of a work in marks names nobody, but for its host. */
static void test_quoted_titles(void)
{
    CHECK_STR_EQ(mentions("The film \xE2\x80\x9CTom Reyes Goes to Town\xE2\x80\x9D opened on Friday."), "");
    CHECK_STR_EQ(mentions("She spoke on \xE2\x80\x9CThe Late Show With Tom Reyes\xE2\x80\x9D last week."),
                 "Tom Reyes=local:Tom_Reyes");
    CHECK_STR_EQ(mentions("Voters wrote in \xE2\x80\x9CTom Reyes\xE2\x80\x9D by the hundred."),
                 "Tom Reyes=local:Tom_Reyes");
}

/* A nickname in marks inside a name links the nickname alone later. */
static void test_nicknames(void)
{
    CHECK_STR_EQ(mentions("Robert \"Bobby\" Tillman spoke first. Later Bobby left."),
                 "Robert \"Bobby\" Tillman=local:Robert_\"Bobby\"_Tillman Bobby=local:Robert_\"Bobby\"_Tillman");
    CHECK_STR_EQ(mentions("Robert 'Bobby' Tillman spoke first. Later Tillman left."),
                 "Robert 'Bobby' Tillman=local:Robert_'Bobby'_Tillman Tillman=local:Robert_'Bobby'_Tillman");
}

/* A place followed by the region it is in is the namesake of that region. */
static void test_places_in_regions(void)
{
    CHECK_STR_EQ(mentions("ASHFORD, Ohio (AP) \xE2\x80\x94 It rained all day."), "ASHFORD=P:ashford-oh Ohio=P:oh");
    CHECK_STR_EQ(mentions("Rain fell in Ashford, Ky., on Monday."), "Ashford=P:ashford-ky Ky.=P:ky");
    CHECK_STR_EQ(mentions("Rain fell in Ashford, Ohio, on Monday."), "Ashford=P:ashford-oh Ohio=P:oh");
    /* otherwise the larger */
    CHECK_STR_EQ(mentions("Rain fell in Ashford on Monday."), "Ashford=P:ashford-ky");
}

/* A surname's particles are its mention's too, where the name has them. */
static void test_surname_particles(void)
{
    CHECK_STR_EQ(mentions("Ana de la Cruz spoke first. Later de la Cruz left."),
                 "Ana de la Cruz=local:Ana_de_la_Cruz de la Cruz=local:Ana_de_la_Cruz");
    CHECK_STR_EQ(mentions("Ana de la Cruz spoke first. Later the Cruz family left."),
                 "Ana de la Cruz=local:Ana_de_la_Cruz Cruz=local:Ana_de_la_Cruz");
}

static void test_many_names(void)
{
    static const char *given[] = {"Anna", "Peter", "Maria", "John", "Laura", "David", "Helen"};
    size_t cap = 16384, len = 0;
    char *text = malloc(cap);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 70; i++) {
            /* made-up surnames, two letters apart, none a given name or a place */
            char surname[16];
            snprintf(surname, sizeof surname, "Zv%c%cberg", 'a' + i % 26, 'a' + i / 26);
            if (pass == 0)
                len += (size_t)snprintf(text + len, cap - len, "%s %s spoke at the hall. ", given[i % 7], surname);
            else
                len += (size_t)snprintf(text + len, cap - len, "%s agreed. ", surname);
        }
        len += (size_t)snprintf(text + len, cap - len, "\n\n");
    }
    ws_result *res = extract_text(ex, text);
    char name[32];
    int linked = 0;
    for (int i = 0; i < 70; i++) {
        snprintf(name, sizeof name, "%s Zv%c%cberg", given[i % 7], 'a' + i % 26, 'a' + i / 26);
        const ws_entity *en = find_entity(res, name);
        linked += en && en->mention_count == 2;
    }
    CHECK_INT_EQ(linked, 70);
    ws_result_free(res);
    free(text);
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
    test_pattern_starts();
    test_evidence();
    test_shapes();
    test_teams();
    test_datelines();
    test_acronyms();
    test_many_names();
    test_gazetteer_surnames();
    test_names_over_organisations();
    test_title_surnames();
    test_surname_particles();
    test_places_in_regions();
    test_nicknames();
    test_age_appositions();
    test_quoted_titles();
    test_pronoun_genders();
    ws_extractor_free(ex);
    ws_gazetteer_free(gaz);
    return CHECK_DONE();
}
