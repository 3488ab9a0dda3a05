/* test_speakers.c - who said each quote, and how it was found (speakers.c).
 * Through the public API: what a user sees is what matters. */
#include "helpers.h"

static const char ROWS[] =
    "H:trump\tPERSON\tDonald Trump\tTrump\tgender=m\n"
    "H:peskov\tPERSON\tDmitry Peskov\tPeskov\tgender=m;role=Kremlin spokesman\n"
    "H:umerov\tPERSON\tRustem Umerov\tUmerov\tgender=m\n"
    "H:kim\tPERSON\tKim Jong Un\tKim\tgender=m\n"
    "H:merkel\tPERSON\tAngela Merkel\tMerkel\tgender=f\n"
    "P:ru\tPLACE\tRussia\t\t\n"
    "P:kyiv\tPLACE\tKyiv\t\t\n"
    "O:kremlin\tORG\tKremlin\t\t\n";

static ws_extractor *ex;

#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"

/* Checks the quote starting with `prefix`: speaker name (NULL: none), method
 * (NULL: none), cue as written (NULL: none) and kind. */
static void check_attr(ws_result *res, const char *text, const char *prefix, const char *speaker,
                       const char *method, const char *cue, ws_quote_kind kind, int line)
{
    const ws_quote *q = find_quote(res, prefix);
    if (!q) {
        fprintf(stderr, "%s:%d: no quote starting \"%s\"\n", __FILE__, line, prefix);
        check_failures++;
        return;
    }
    char cue_text[64] = "";
    if (q->cue_span.end > q->cue_span.start)
        snprintf(cue_text, sizeof cue_text, "%.*s", (int)(q->cue_span.end - q->cue_span.start),
                 text + q->cue_span.start);
    const char *got[3] = {speaker_name(res, q), ws_quote_method_str(q->method), cue_text[0] ? cue_text : NULL};
    const char *want[3] = {speaker, method, cue};
    static const char *const what[3] = {"speaker", "method", "cue"};
    for (int i = 0; i < 3; i++) {
        if (!(got[i] == want[i] || (got[i] && want[i] && strcmp(got[i], want[i]) == 0))) {
            fprintf(stderr, "%s:%d: \"%s\": %s is \"%s\", expected \"%s\"\n", __FILE__, line, prefix,
                    what[i], got[i] ? got[i] : "(null)", want[i] ? want[i] : "(null)");
            check_failures++;
        }
    }
    if (q->kind != kind) {
        fprintf(stderr, "%s:%d: \"%s\": kind is %s, expected %s\n", __FILE__, line, prefix,
                ws_quote_kind_str(q->kind), ws_quote_kind_str(kind));
        check_failures++;
    }
    if (speaker && !(q->confidence > 0 && q->confidence <= 1)) {
        fprintf(stderr, "%s:%d: confidence %g out of (0, 1]\n", __FILE__, line, q->confidence);
        check_failures++;
    }
}

#define ATTR(text, prefix, speaker, method, cue, kind)                        \
    do {                                                                      \
        ws_result *res_ = extract_text(ex, text);                             \
        check_attr(res_, text, prefix, speaker, method, cue, kind, __LINE__); \
        ws_result_free(res_);                                                 \
    } while (0)

static void test_after_quote(void)
{
    ATTR(LQ "We have nothing to add to that statement," RQ " Peskov said.", "We have",
         "Dmitry Peskov", "explicit", "said", WS_QUOTE_DIRECT);
    ATTR(LQ "The front line is holding for now," RQ " said Umerov.", "The front",
         "Rustem Umerov", "explicit", "said", WS_QUOTE_DIRECT);
    ATTR("\"Are they serious?\" asked Peskov.", "Are they", "Dmitry Peskov", "explicit",
         "asked", WS_QUOTE_DIRECT);
    ATTR(LQ "We will keep talking," RQ " Peskov later told reporters.", "We will", "Dmitry Peskov",
         "explicit", "told", WS_QUOTE_DIRECT);
    /* the speaker as written includes the title */
    const char *text = LQ "No decision has been made," RQ " Kremlin spokesman Dmitry Peskov said.";
    ws_result *res = extract_text(ex, text);
    const ws_quote *q = find_quote(res, "No decision");
    CHECK(q != NULL);
    if (q)
        CHECK_SLICE_EQ(text, q->speaker_span.start, q->speaker_span.end, "Kremlin spokesman Dmitry Peskov");
    ws_result_free(res);
}

static void test_pronouns(void)
{
    /* a pronoun goes to the nearest earlier person of its gender */
    ATTR("Trump spoke to Merkel on Monday. " LQ "It went very well," RQ " he said.", "It went",
         "Donald Trump", "pronoun", "said", WS_QUOTE_DIRECT);
    ATTR("Trump spoke to Merkel on Monday. " LQ "It was a difficult call," RQ " she said.", "It was",
         "Angela Merkel", "pronoun", "said", WS_QUOTE_DIRECT);
    /* a pronoun with no one before it has no speaker */
    ATTR(LQ "We are ready to go," RQ " he said.", "We are", NULL, "pronoun", "said",
         WS_QUOTE_DIRECT);
}

static void test_same_sentence_and_continuation(void)
{
    const char *text = "Umerov visited the front. " LQ "We are ready," RQ " he said, " LQ
                       "but we need more air defense." RQ;
    ATTR(text, "We are ready", "Rustem Umerov", "pronoun", "said", WS_QUOTE_DIRECT);
    ATTR(text, "but we need", "Rustem Umerov", "split", "said", WS_QUOTE_DIRECT);

    text = LQ "I hope it ends fast," RQ " Trump said. " LQ "Every day people are dying." RQ;
    ATTR(text, "I hope", "Donald Trump", "explicit", "said", WS_QUOTE_DIRECT);
    ATTR(text, "Every day", "Donald Trump", "continuation", NULL, WS_QUOTE_DIRECT);

    /* a multi-paragraph quote: the second paragraph goes on the first's speaker */
    text = "Trump spoke at length.\n"
           "Trump said: " LQ "We have made progress on many fronts,\n"
           LQ "and we will make more next week." RQ "\n";
    ws_result *res = extract_text(ex, text);
    const ws_quote *q = find_quote(res, "and we will");
    CHECK(q != NULL);
    CHECK_STR_EQ(speaker_name(res, q), "Donald Trump");
    CHECK(q && q->kind == WS_QUOTE_DIRECT);
    ws_result_free(res);
}

static void test_before_quote(void)
{
    ATTR("Trump told the newspaper: " LQ "We are very close to a deal." RQ, "We are very",
         "Donald Trump", "explicit", "told", WS_QUOTE_DIRECT);
    ATTR("Kim said the " LQ "hostile policy" RQ " of Washington must end.", "hostile policy",
         "Kim Jong Un", "subject", "said", WS_QUOTE_PARTIAL);
    /* the colon form: a paragraph ending "said:" and the quote's paragraph */
    ATTR("At a news conference in Kyiv, Umerov said:\n"
         LQ "Our soldiers are holding the line and will hold it." RQ "\n",
         "Our soldiers", "Rustem Umerov", "colon", "said", WS_QUOTE_DIRECT);
}

static void test_unknown_and_other(void)
{
    /* an unknown name in the speaker's place becomes a person of the document */
    const char *text = LQ "He wants a frozen conflict," RQ " Fiona Hill said.";
    ws_result *res = extract_text(ex, text);
    check_attr(res, text, "He wants", "Fiona Hill", "explicit", "said", WS_QUOTE_DIRECT, __LINE__);
    const ws_entity *e = find_entity(res, "Fiona Hill");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR_EQ(e->id, "local:Fiona_Hill");
        CHECK_INT_EQ(e->type, WS_PERSON);
        CHECK_INT_EQ(e->mention_count, 1);
    }
    ws_result_free(res);

    /* its name as written, on one line: a no-break space or a line break
     * of wrapped text inside it is a space, a soft hyphen goes */
    text = LQ "We will rebuild," RQ " said Tuyet\xC2\xA0Nguyen. "
           LQ "It was hard," RQ " said Okonkwo\nAd\xC2\xAD" "eyemi.";
    res = extract_text(ex, text);
    check_attr(res, text, "We will", "Tuyet Nguyen", "explicit", "said", WS_QUOTE_DIRECT, __LINE__);
    check_attr(res, text, "It was", "Okonkwo Adeyemi", "explicit", "said", WS_QUOTE_DIRECT, __LINE__);
    ws_result_free(res);

    /* scare quotes: a few words nobody is said to say */
    ATTR("The so-called " LQ "peace plan" RQ " was never published.", "peace plan", NULL, NULL, NULL,
         WS_QUOTE_OTHER);
}

/* Regressions: forms that once went unattributed. */
static void test_regressions(void)
{
    /* a question ends the sentence before the name that attributes it */
    ATTR(LQ "Are they serious?" RQ " Peskov asked reporters.", "Are they serious", "Dmitry Peskov",
         "explicit", "asked", WS_QUOTE_DIRECT);
    /* the speaker named only after the last paragraph of a running quote */
    const char *text = LQ "We will rebuild every school,\n" LQ "and every hospital," RQ " Umerov said.\n";
    ATTR(text, "We will rebuild", "Rustem Umerov", "continuation", NULL, WS_QUOTE_DIRECT);
    ATTR(text, "and every hospital", "Rustem Umerov", "explicit", "said", WS_QUOTE_DIRECT);
    /* the second half of "..., said X, ..." is as direct as the first */
    ATTR(LQ "We are ready," RQ " said Umerov, " LQ "and we will not wait." RQ, "and we will",
         "Rustem Umerov", "split", "said", WS_QUOTE_DIRECT);
    /* a speaker found by attribution is known by surname afterwards */
    text = LQ "Prices will rise," RQ " said Maria Kovalenko, an economist. " LQ "Wages will not," RQ
           " Kovalenko added.";
    ws_result *res = extract_text(ex, text);
    check_attr(res, text, "Wages will not", "Maria Kovalenko", "explicit", "added", WS_QUOTE_DIRECT,
               __LINE__);
    const ws_entity *e = find_entity(res, "Maria Kovalenko");
    CHECK(e && e->mention_count == 2);
    ws_result_free(res);
    /* a title before a gazetteer person without a role (once leaked a copy of it) */
    ATTR("Ukrainian Defense Minister Rustem Umerov said the " LQ "situation is difficult" RQ ".",
         "situation is", "Rustem Umerov", "subject", "said", WS_QUOTE_PARTIAL);
    /* empty and over-long quotes are dropped without harm */
    ATTR("Nothing: \"\". " LQ "We are ready," RQ " Trump said.", "We are ready", "Donald Trump",
         "explicit", "said", WS_QUOTE_DIRECT);
}

/* Why a quote has no speaker, for --explain. */
static const char *why(const char *text)
{
    static char out[256];
    ws_result *res = extract_text(ex, text);
    const ws_quote *q = ws_result_quote_count(res) ? ws_result_quote(res, 0) : NULL;
    snprintf(out, sizeof out, "%s", q && q->unattributed ? q->unattributed : "(attributed)");
    ws_result_free(res);
    return out;
}

static void test_unattributed(void)
{
    CHECK(strstr(why(LQ "Everyone knew," RQ " a witness said."), "described, not named"));
    CHECK(strstr(why("It was a " LQ "coalition of the willing" RQ " in name."), "scare quotes"));
    CHECK(strstr(why(LQ "We will win," RQ " she said."), "pronoun"));
    CHECK(strstr(why("Prices rose. " LQ "It is bad for all of us here." RQ), "no speech verb"));
    CHECK(strstr(why(LQ "We will win," RQ " the spokesman said."), "role"));
    /* a group or an indefinite description: described, not named (a people,
     * "Americans said", needs the demonyms: tests/attribution/cases.tsv) */
    CHECK(strstr(why("Ana Ruiz spoke. " LQ "We are tired," RQ " residents said."), "described, not named"));
    CHECK(strstr(why(LQ "We will see," RQ " said a Millbrook Democrat."), "described, not named"));
    CHECK_STR_EQ(why(LQ "We will win," RQ " Peskov said."), "(attributed)");
}

int main(void)
{
    ws_gazetteer *gaz = gazetteer_from(ROWS);
    ws_error err;
    if (ws_extractor_new(&ex, gaz, NULL, &err) != WS_OK)
        return 99;
    test_after_quote();
    test_pronouns();
    test_same_sentence_and_continuation();
    test_before_quote();
    test_unknown_and_other();
    test_regressions();
    test_unattributed();
    /* speech verbs match in any case */
    CHECK(ws__word_is(&gaz->lex, "said", 4, WS__W_CUE));
    CHECK(ws__word_is(&gaz->lex, "Told", 4, WS__W_CUE));
    CHECK(ws__word_is(&gaz->lex, "SAYS", 4, WS__W_CUE));
    CHECK(!ws__word_is(&gaz->lex, "table", 5, WS__W_CUE));
    ws_extractor_free(ex);
    ws_gazetteer_free(gaz);
    return CHECK_DONE();
}
