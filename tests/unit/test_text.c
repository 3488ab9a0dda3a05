/* test_text.c - UTF-8 decoding and the normalised view (text.c). */
#include "helpers.h"

static void check_decode(const char *bytes, size_t n, size_t want_len, uint32_t want_cp, int line)
{
    uint32_t cp = 0;
    size_t len = ws__utf8_decode((const unsigned char *)bytes, n, &cp);
    if (len != want_len || cp != want_cp) {
        fprintf(stderr, "%s:%d: decode gave length %zu U+%04X, expected %zu U+%04X\n", __FILE__,
                line, len, (unsigned)cp, want_len, (unsigned)want_cp);
        check_failures++;
    }
}
#define DECODE(bytes, want_len, want_cp) \
    check_decode(bytes, sizeof bytes - 1, want_len, want_cp, __LINE__)

static void test_decode(void)
{
    DECODE("A", 1, 'A');
    DECODE("\xC3\xA9", 2, 0xE9);              /* é */
    DECODE("\xE2\x82\xAC", 3, 0x20AC);        /* € */
    DECODE("\xF0\x9F\x98\x80", 4, 0x1F600);   /* emoji */
    DECODE("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);  /* the last code point */
    DECODE("\xED\x9F\xBF", 3, 0xD7FF);        /* just below the surrogates */
    /* invalid: one byte consumed, U+FFFD */
    DECODE("\xC0\xAF", 1, 0xFFFD);            /* overlong '/' */
    DECODE("\xC1\xBF", 1, 0xFFFD);            /* overlong */
    DECODE("\xE0\x80\xAF", 1, 0xFFFD);        /* overlong, three bytes */
    DECODE("\xF0\x80\x80\xAF", 1, 0xFFFD);    /* overlong, four bytes */
    DECODE("\xED\xA0\x80", 1, 0xFFFD);        /* surrogate U+D800 */
    DECODE("\xED\xBF\xBF", 1, 0xFFFD);        /* surrogate U+DFFF */
    DECODE("\xF4\x90\x80\x80", 1, 0xFFFD);    /* past U+10FFFF */
    DECODE("\x80", 1, 0xFFFD);                /* stray continuation byte */
    DECODE("\xF8\x88\x80\x80\x80", 1, 0xFFFD);/* five-byte form */
    DECODE("\xFF", 1, 0xFFFD);
    DECODE("\xE2\x82", 1, 0xFFFD);            /* truncated at the end */
    DECODE("\xE2\x82Z", 1, 0xFFFD);           /* truncated before ASCII */
}

static void test_quote_marks(void)
{
    /* “Hi,” he said, ‘ok’ "x" */
    const char *src = "\xE2\x80\x9CHi,\xE2\x80\x9D he said, \xE2\x80\x98ok\xE2\x80\x99 \"x\"";
    ws__text t;
    ws_error err;
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, "\"Hi,\" he said, 'ok' \"x\"");
    CHECK_INT_EQ(t.len, strlen(t.norm));
    CHECK_INT_EQ(t.orig_len, strlen(src));
    CHECK_INT_EQ(t.nmarks, 6);
    if (t.nmarks == 6) {
        static const struct { size_t pos; char ch; ws__mark_dir dir; } want[] = {
            {0, '"', WS__OPEN}, {4, '"', WS__CLOSE}, {15, '\'', WS__OPEN},
            {18, '\'', WS__CLOSE}, {20, '"', WS__EITHER}, {22, '"', WS__EITHER},
        };
        for (size_t i = 0; i < 6; i++) {
            CHECK_INT_EQ(t.marks[i].pos, want[i].pos);
            CHECK_INT_EQ(t.marks[i].ch, want[i].ch);
            CHECK_INT_EQ(t.marks[i].dir, want[i].dir);
        }
    }
    /* positions map back: each curly mark is three bytes, its ASCII one */
    CHECK_INT_EQ(ws__text_to_orig(&t, 0), 0);  /* “ */
    CHECK_INT_EQ(ws__text_to_orig(&t, 1), 3);  /* H */
    CHECK_INT_EQ(ws__text_to_orig(&t, 4), 6);  /* ” */
    CHECK_INT_EQ(ws__text_to_orig(&t, 5), 9);  /* the space after it */
    CHECK_INT_EQ(ws__text_to_orig(&t, 16), 22); /* o of ok */
    CHECK_INT_EQ(ws__text_to_orig(&t, t.len), strlen(src));
    ws__text_free(&t);

    /* « » and „ open/close too; prime is no mark */
    src = "\xC2\xAB" "a" "\xC2\xBB" " \xE2\x80\x9E" "b" " 5\xE2\x80\xB2";
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, "\"a\" \"b 5'");
    CHECK_INT_EQ(t.nmarks, 3);
    if (t.nmarks == 3) {
        CHECK_INT_EQ(t.marks[0].dir, WS__OPEN);
        CHECK_INT_EQ(t.marks[1].dir, WS__CLOSE);
        CHECK_INT_EQ(t.marks[2].dir, WS__OPEN);
    }
    ws__text_free(&t);
}

static void test_doubled_single_marks(void)
{
    /* ''Hi,'' she said: two apostrophes are one double mark, both ways */
    const char *src = "''Hi,'' she said.";
    ws__text t;
    ws_error err;
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, "\"Hi,\" she said.");
    CHECK_INT_EQ(t.nmarks, 2);
    if (t.nmarks == 2)
        CHECK_INT_EQ(t.marks[0].ch, '"');
    CHECK_INT_EQ(ws__text_to_orig(&t, 1), 2);  /* H */
    CHECK_INT_EQ(ws__text_to_orig(&t, 4), 5);  /* the closing pair */
    CHECK_INT_EQ(ws__text_to_orig(&t, 5), 7);  /* the space after it */
    CHECK_INT_EQ(ws__text_to_orig(&t, t.len), strlen(src));
    ws__text_free(&t);

    /* ‘‘ and ’’ alike; of three, the outer two pair and the inner one stays */
    src = "\xE2\x80\x98\xE2\x80\x98It,\xE2\x80\x99\xE2\x80\x99 and ''we said 'no,''' and ''' Tis.''";
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, "\"It,\" and \"we said 'no,'\" and \"' Tis.\"");
    ws__text_free(&t);

    /* one apostrophe, or four in a row, is left as it is */
    src = "rock 'n' roll ''''";
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, src);
    ws__text_free(&t);
}

static void test_invalid_bytes(void)
{
    /* "ab" 0xFF "cd" 0xC0 0xAF "e" */
    const char src[] = "ab\xFF" "cd\xC0\xAF" "e";
    ws__text t;
    ws_error err;
    CHECK_INT_EQ(ws__text_init(&t, src, sizeof src - 1, &err), WS_OK);
    CHECK_STR_EQ(t.norm, "ab\xEF\xBF\xBD" "cd\xEF\xBF\xBD\xEF\xBF\xBD" "e");
    CHECK_INT_EQ(t.ninvalid, 3);
    if (t.ninvalid == 3) {
        CHECK_INT_EQ(t.invalid[0], 2);
        CHECK_INT_EQ(t.invalid[1], 5);
        CHECK_INT_EQ(t.invalid[2], 6);
    }
    CHECK_INT_EQ(ws__text_to_orig(&t, 0), 0);
    CHECK_INT_EQ(ws__text_to_orig(&t, 1), 1);
    CHECK_INT_EQ(ws__text_to_orig(&t, 2), 2);  /* the U+FFFD */
    CHECK_INT_EQ(ws__text_to_orig(&t, 5), 3);  /* c */
    CHECK_INT_EQ(ws__text_to_orig(&t, 6), 4);  /* d */
    CHECK_INT_EQ(ws__text_to_orig(&t, 7), 5);  /* first U+FFFD of the overlong */
    CHECK_INT_EQ(ws__text_to_orig(&t, 10), 6); /* second */
    CHECK_INT_EQ(ws__text_to_orig(&t, 13), 7); /* e */
    CHECK_INT_EQ(ws__text_to_orig(&t, 14), 8); /* the end */
    ws__text_free(&t);

    /* a lone lead byte at the very end */
    const char end[] = "abc\xE2";
    CHECK_INT_EQ(ws__text_init(&t, end, sizeof end - 1, &err), WS_OK);
    CHECK_INT_EQ(t.ninvalid, 1);
    CHECK_INT_EQ(t.len, 6);
    CHECK_INT_EQ(ws__text_to_orig(&t, 6), 4);
    ws__text_free(&t);
}

static void test_spaces_and_invisibles(void)
{
    ws__text t;
    ws_error err;
    /* NBSP -> space (two bytes become one) */
    const char *src = "Mr.\xC2\xA0Trump";
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, "Mr. Trump");
    CHECK_INT_EQ(ws__text_to_orig(&t, 3), 3);
    CHECK_INT_EQ(ws__text_to_orig(&t, 4), 5); /* T */
    ws__text_free(&t);

    /* soft hyphen dropped; BOM dropped; tab, CR -> space; dashes -> '-' */
    src = "\xEF\xBB\xBF" "co\xC2\xADop\ta\r\nb\xE2\x80\x94" "c\xE2\x80\xA6";
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_STR_EQ(t.norm, "coop a \nb-c...");
    CHECK_INT_EQ(ws__text_to_orig(&t, 0), 3);  /* c, after the BOM */
    CHECK_INT_EQ(ws__text_to_orig(&t, 2), 7);  /* o after the soft hyphen */
    CHECK_INT_EQ(ws__text_to_orig(&t, 8), 13); /* b */
    CHECK_INT_EQ(ws__text_to_orig(&t, 9), 14); /* the dash */
    CHECK_INT_EQ(ws__text_to_orig(&t, 10), 17); /* c */
    CHECK_INT_EQ(ws__text_to_orig(&t, t.len), strlen(src));
    CHECK_INT_EQ(t.nmarks, 0);
    CHECK_INT_EQ(t.ninvalid, 0);
    ws__text_free(&t);

    /* plain ASCII needs no shifts */
    src = "Nothing to change here.";
    CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
    CHECK_INT_EQ(t.nshift, 0);
    CHECK_INT_EQ(ws__text_to_orig(&t, 10), 10);
    ws__text_free(&t);

    /* empty input */
    CHECK_INT_EQ(ws__text_init(&t, "", 0, &err), WS_OK);
    CHECK_INT_EQ(t.len, 0);
    CHECK_STR_EQ(t.norm, "");
    ws__text_free(&t);
}

/* Plain ASCII is taken eight bytes at a time: a byte that needs a change
 * must be found wherever it falls in those eight, after plain bytes the
 * fast test leaves to the slow one (newline, '$', '!' after a space). */
static void test_plain_runs(void)
{
    static const struct { const char *stop, *becomes; size_t marks; } stops[] = {
        {"\"", "\"", 1}, {"'", "'", 1}, {"\t", " ", 0}, {"\xE2\x80\x9C", "\"", 1}, {"\xC3\xA9", "\xC3\xA9", 0},
    };
    const char *plain = "Ab c!d $e\nf (g) h, i. j-k; l? m: n/o ";
    for (size_t k = 0; k < 24; k++) {
        for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
            char src[128], want[128];
            snprintf(src, sizeof src, "%.*s%sxy z 1234567890", (int)k, plain, stops[i].stop);
            snprintf(want, sizeof want, "%.*s%sxy z 1234567890", (int)k, plain, stops[i].becomes);
            ws__text t;
            ws_error err;
            CHECK_INT_EQ(ws__text_init(&t, src, strlen(src), &err), WS_OK);
            CHECK_STR_EQ(t.norm, want);
            CHECK_INT_EQ(t.nmarks, stops[i].marks);
            if (t.nmarks == 1)
                CHECK_INT_EQ(t.marks[0].pos, k);
            ws__text_free(&t);
        }
    }
}

int main(void)
{
    test_decode();
    test_quote_marks();
    test_doubled_single_marks();
    test_invalid_bytes();
    test_spaces_and_invisibles();
    test_plain_runs();
    return CHECK_DONE();
}
