/* test_segment.c - paragraphs, sentences and tokens (segment.c). */
#include "helpers.h"

/* The sentences of a text, joined with " | ". */
static const char *sentences(const char *text)
{
    static char out[1024];
    stages s;
    stages_run(&s, NULL, text, 2);
    out[0] = '\0';
    for (size_t i = 0; i < s.seg.nsents; i++) {
        const ws__sentence *se = &s.seg.sents[i];
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%.*s", i ? " | " : "", (int)(se->end - se->start),
                 s.t.norm + se->start);
    }
    stages_free(&s);
    return out;
}

/* The tokens of a text, joined with spaces. */
static const char *tokens(const char *text)
{
    static char out[1024];
    stages s;
    stages_run(&s, NULL, text, 2);
    out[0] = '\0';
    for (size_t i = 0; i < s.seg.ntoks; i++) {
        size_t n = strlen(out);
        snprintf(out + n, sizeof out - n, "%s%s", i ? " " : "", tok_text(&s, i, i + 1));
    }
    stages_free(&s);
    return out;
}

static void test_sentences(void)
{
    CHECK_STR_EQ(sentences("Mr. Trump said. He left."), "Mr. Trump said. | He left.");
    CHECK_STR_EQ(sentences("Regional Gov. Oleh Syniehubov said the attack hit a school."),
                 "Regional Gov. Oleh Syniehubov said the attack hit a school.");
    CHECK_STR_EQ(sentences("Kremlin spokesman Dmitri S. Peskov declined to comment."),
                 "Kremlin spokesman Dmitri S. Peskov declined to comment.");
    CHECK_STR_EQ(sentences("The U.S. said nothing. Lt. Gen. Smith left."),
                 "The U.S. said nothing. | Lt. Gen. Smith left.");
    /* the closing quote after the period stays in its sentence */
    CHECK_STR_EQ(sentences("\"It is over.\" He left. Really?! Yes."),
                 "\"It is over.\" | He left. | Really?! | Yes.");
    CHECK_STR_EQ(sentences("\xE2\x80\x9CWe are ready.\xE2\x80\x9D The talks resume today."),
                 "\"We are ready.\" | The talks resume today.");
    /* numbers are no ends */
    CHECK_STR_EQ(sentences("Prices rose 2.5 percent in 2024. Then 12,000 people left."),
                 "Prices rose 2.5 percent in 2024. | Then 12,000 people left.");
    /* a lowercase word after a period goes on the sentence */
    CHECK_STR_EQ(sentences("He met Gen. smith at noon."), "He met Gen. smith at noon.");
    CHECK_STR_EQ(sentences("no terminator at all"), "no terminator at all");
}

static void test_paragraphs(void)
{
    stages s;
    stages_run(&s, NULL, "First line. Two sentences.\nSecond line\n\n\nThird line.\n", 2);
    CHECK_INT_EQ(s.seg.nparas, 3);
    CHECK_INT_EQ(s.seg.nsents, 4);
    if (s.seg.nparas == 3) {
        CHECK_INT_EQ(s.seg.paras[0].sent_begin, 0);
        CHECK_INT_EQ(s.seg.paras[0].sent_end, 2);
        CHECK_SLICE_EQ(s.t.norm, s.seg.paras[1].start, s.seg.paras[1].end, "Second line");
        CHECK_SLICE_EQ(s.t.norm, s.seg.paras[2].start, s.seg.paras[2].end, "Third line.");
        CHECK_INT_EQ(s.seg.sents[3].para, 2);
    }
    /* every token knows its sentence */
    for (size_t i = 0; i < s.seg.nsents; i++)
        for (size_t k = s.seg.sents[i].tok_begin; k < s.seg.sents[i].tok_end; k++)
            CHECK_INT_EQ(s.seg.toks[k].sent, i);
    stages_free(&s);

    /* \r\n and a sentence never crosses a line */
    CHECK_STR_EQ(sentences("A line without end\r\nNext line."), "A line without end | Next line.");
    stages_run(&s, NULL, "   \n\n  ", 2);
    CHECK_INT_EQ(s.seg.ntoks, 0);
    CHECK_INT_EQ(s.seg.nparas, 0);
    stages_free(&s);
}

static void test_tokens(void)
{
    CHECK_STR_EQ(tokens("Russia's army"), "Russia 's army");
    CHECK_STR_EQ(tokens("Russia\xE2\x80\x99s army"), "Russia 's army"); /* curly apostrophe */
    CHECK_STR_EQ(tokens("they're O'Brien's"), "they're O'Brien 's");
    CHECK_STR_EQ(tokens("the U.S. and U.K."), "the U.S. and U.K.");
    CHECK_STR_EQ(tokens("Dmitri S. Peskov"), "Dmitri S . Peskov");
    CHECK_STR_EQ(tokens("12,000 and 20.06,"), "12,000 and 20.06 ,");
    CHECK_STR_EQ(tokens("\"Yes,\" he said."), "\" Yes , \" he said .");
    CHECK_STR_EQ(tokens("well-known"), "well - known");

    stages s;
    stages_run(&s, NULL, "NATO Trump trump 9th \xC3\x89lys\xC3\xA9" "e", 2);
    CHECK_INT_EQ(s.seg.ntoks, 5);
    if (s.seg.ntoks == 5) {
        CHECK(s.seg.toks[0].flags & WS__TOK_UPPER);
        CHECK(s.seg.toks[0].flags & WS__TOK_CAP);
        CHECK(s.seg.toks[1].flags & WS__TOK_CAP);
        CHECK(!(s.seg.toks[1].flags & WS__TOK_UPPER));
        CHECK(s.seg.toks[2].flags & WS__TOK_LOWER);
        CHECK(s.seg.toks[3].flags & WS__TOK_DIGIT);
        CHECK(s.seg.toks[4].flags & WS__TOK_CAP); /* É */
        CHECK(s.seg.toks[1].flags & WS__TOK_SPACE_BEFORE);
        CHECK(!(s.seg.toks[0].flags & WS__TOK_SPACE_BEFORE));
        CHECK_INT_EQ(ws__token_at(&s.seg, s.seg.toks[2].start), 2);
        CHECK_INT_EQ(ws__token_at(&s.seg, s.seg.toks[2].start + 1), 3);
        CHECK_INT_EQ(ws__token_at(&s.seg, s.t.len), 5);
    }
    stages_free(&s);

    /* Latin Extended-A: Ł, Ż and Ź are capitals on odd code points, Ā and Š on even
     * ones; ł, ź, ā and ĸ are small */
    stages_run(&s, NULL, "\xC5\x81\xC3\xB3" "d\xC5\xBA \xC5\xBB" "ab \xC5\xB9le \xC4\x80ra \xC5\xA0ta "
                         "\xC5\x82za \xC5\xBAle \xC4\x81ra \xC4\xB8" "a", 2);
    CHECK_INT_EQ(s.seg.ntoks, 9);
    for (size_t k = 0; k < s.seg.ntoks && s.seg.ntoks == 9; k++)
        CHECK(s.seg.toks[k].flags & (k < 5 ? WS__TOK_CAP : WS__TOK_LOWER));
    stages_free(&s);

    ws__token toks[4];
    size_t n = 0;
    CHECK_INT_EQ(ws__tokenize("New York Post", 13, toks, 4, &n), WS_OK);
    CHECK_INT_EQ(n, 3);
    CHECK_INT_EQ(ws__tokenize("a b c d e", 9, toks, 4, &n), WS_ERR_LIMIT);

    char buf[32];
    CHECK_INT_EQ(ws__fold("New \xC3\x89lys", 9, buf, sizeof buf), 9);
    CHECK_STR_EQ(buf, "new \xC3\xA9lys");
    /* a short buffer cuts the key, never a letter's second byte into a capital */
    CHECK_INT_EQ(ws__fold("AB\xC3\x89", 4, buf, 4), 3);
    CHECK_STR_EQ(buf, "ab\xC3");
}

/* A period after a word of abbreviations.txt, or after a title or
 * honorific written with one (titles.txt), ends no sentence before a
 * capital; nor after an initial or a word with inner periods. */
static void test_abbreviations(void)
{
    CHECK_STR_EQ(sentences("Amb. Ruiz spoke. Acme Inc. Board members left."),
                 "Amb. Ruiz spoke. | Acme Inc. Board members left.");
    CHECK_STR_EQ(sentences("Mrs. Ode and Sen. Park met. S. Lee and the U.S. Army came."),
                 "Mrs. Ode and Sen. Park met. | S. Lee and the U.S. Army came.");
    CHECK_STR_EQ(sentences("They said. S came."), "They said. | S came.");
}

/* ws__token_at against a search of the tokens, at every position of a text
 * whose 16-byte blocks hold no token start, one, or many, with words past
 * 16 bytes; and the plain-word flag, which discovery trusts. */
static void test_token_at(void)
{
    const char *text = "a b c d e f g h i j k l, m. Counterrevolutionaries and "
                       "extraordinarily\n\nlong words: x y z O'Brien's 12,000 \xC3\x89lys\xC3\xA9" "e";
    stages s;
    stages_run(&s, NULL, text, 2);
    CHECK(s.seg.ntoks > 20);
    for (size_t pos = 0; pos <= s.t.len; pos++) {
        size_t want = 0;
        while (want < s.seg.ntoks && s.seg.toks[want].start < pos)
            want++;
        CHECK_INT_EQ(ws__token_at(&s.seg, pos), want);
    }
    for (size_t k = 0; k < s.seg.ntoks; k++) {
        const ws__token *tk = &s.seg.toks[k];
        bool plain = tk->end - tk->start > 0;
        for (size_t i = tk->start; i < tk->end; i++) {
            unsigned char ch = (unsigned char)s.t.norm[i];
            plain = plain && (i == tk->start ? (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z' : ch >= 'a' && ch <= 'z');
        }
        /* marked only if plain (a plain word the fast path passed over, as
         * "m" before a period that may make it an initial, is merely slower) */
        if (tk->flags & WS__TOK_PLAIN)
            CHECK(plain);
    }
    stages_free(&s);
}

int main(void)
{
    test_sentences();
    test_paragraphs();
    test_tokens();
    test_token_at();
    test_abbreviations();
    return CHECK_DONE();
}
