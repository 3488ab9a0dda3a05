/* test_date.c - dates read into ISO 8601 (base/date.c): the forms feeds
 * write, impossible and ambiguous days, and a document's date field. */
#include "check.h"
#include "whosaid.h"

#include <stdlib.h>

/* text reads as expected ("" when it must fail). The text is read from a
 * heap copy of its exact size, so a sanitizer build sees any read past its
 * end. */
static void check_date(const char *literal, const char *expected)
{
    char iso[WS_DATE_SIZE];
    ws_error err;
    char *text = strdup(literal);
    ws_status status = ws_date_normalise(text, iso, &err);

    if (expected[0]) {
        if (status != WS_OK)
            fprintf(stderr, "'%s': %s\n", text, err.message);
        CHECK_INT_EQ(status, WS_OK);
        CHECK_STR_EQ(iso, expected);
    } else {
        if (status == WS_OK)
            fprintf(stderr, "'%s' read as %s\n", text, iso);
        CHECK_INT_EQ(status, WS_ERR_INPUT);
        CHECK_STR_EQ(iso, "");
        CHECK(strstr(err.message, text) != NULL);
    }
    free(text);
}

static void test_forms(void)
{
    check_date("2026-04-02", "2026-04-02");
    check_date(" 2026-04-02 ", "2026-04-02");
    check_date("2026-4-2", "2026-04-02");
    check_date("2026/04/02", "2026-04-02");
    check_date("2026.04.02", "2026-04-02");
    check_date("20260403", "2026-04-03");
    check_date("2026-01-03T08:00:00Z", "2026-01-03T08:00:00Z");
    check_date("2026-01-03T08:00Z", "2026-01-03T08:00:00Z");
    check_date("2026-01-03T08:00:00.123+02:00", "2026-01-03T08:00:00+02:00");
    check_date("2026-01-03 23:30:00-0500", "2026-01-03T23:30:00-05:00");
    check_date("2026-01-03T08:00:00", "2026-01-03T08:00:00");
    check_date("April 2, 2026", "2026-04-02");
    check_date("april 2 2026", "2026-04-02");
    check_date("Apr. 2nd, 2026", "2026-04-02");
    check_date("Sept 30, 2026", "2026-09-30");
    check_date("2 April 2026", "2026-04-02");
    check_date("2nd of April, 2026", "2026-04-02");
    check_date("02-Apr-2026", "2026-04-02");
    check_date("Thursday, April 2, 2026", "2026-04-02");
    check_date("April 2, 2026 at 8:15 p.m. EDT", "2026-04-02T20:15:00-04:00");
    check_date("April 2, 2026, 12:05 am", "2026-04-02T00:05:00");
    check_date("Thu, 02 Apr 2026 08:00:00 +0000", "2026-04-02T08:00:00+00:00");
    check_date("Thu, 02 Apr 2026 08:00:00 GMT", "2026-04-02T08:00:00Z");
    check_date("31/03/2026", "2026-03-31");
    check_date("03/31/2026", "2026-03-31");
    check_date("04/04/2026", "2026-04-04");
    check_date("2024-02-29", "2024-02-29");
    /* as web pages write them */
    check_date("\n  2026-04-02\r\n", "2026-04-02");
    check_date("2026/4/2", "2026-04-02");
    check_date("Sept. 30th, 2026", "2026-09-30");
    check_date("20260402T08:00:00Z", "2026-04-02T08:00:00Z");
    check_date("2026-04-02 08:00", "2026-04-02T08:00:00");
    check_date("2 April 2026 08:00", "2026-04-02T08:00:00");
    check_date("05/29/2007 09:49:00", "2007-05-29T09:49:00");
    check_date("2026-04-02T10:00:00 CET", "2026-04-02T10:00:00+01:00");
    check_date("2 April 2026 10:00 CEST", "2026-04-02T10:00:00+02:00");
    check_date("Thu, 02 Apr 2026 08:00:00 BST", "2026-04-02T08:00:00+01:00");
}

static void test_refused(void)
{
    check_date("2026-02-30", "");
    check_date("2025-02-29", "");
    check_date("2026-13-01", "");
    check_date("2026-00-10", "");
    check_date("20261301", "");
    check_date("02/04/2026", ""); /* 2 April or February 4 */
    check_date("yesterday", "");
    check_date("April 2026", "");
    check_date("2026-04-02 and more", "");
    check_date("20260402 and more", "");
    check_date("2026-04-02T10:00 IST", ""); /* India, Ireland or Israel */
    check_date("2026-04-02T25:00", "");
    check_date("Smarch 2, 2026", "");
    check_date("", "");
    /* cut short where a separator is due (a fuzzed page's datetime) */
    check_date("2020-1", "");
    check_date("2026-04-02T08", "");
    check_date("3/4", "");
    check_date("12.", "");

    char iso[WS_DATE_SIZE];
    ws_error err;
    CHECK_INT_EQ(ws_date_normalise("2026-02-30", iso, &err), WS_ERR_INPUT);
    CHECK(strstr(err.message, "february 2026 has 28 days") != NULL);
    CHECK_INT_EQ(ws_date_normalise("02/04/2026", iso, &err), WS_ERR_INPUT);
    CHECK(strstr(err.message, "ambiguous") != NULL);
}

static void test_document_date(void)
{
    char iso[WS_DATE_SIZE];
    ws_error err;

    CHECK_INT_EQ(ws_document_date(NULL, iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "");
    CHECK_INT_EQ(ws_document_date("{\"url\":\"x\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "");
    CHECK_INT_EQ(ws_document_date("{\"published\":\"April 2, 2026\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-02");
    CHECK_INT_EQ(ws_document_date("{\"publishedAt\":\"2026-04-02T08:00:00Z\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-02T08:00:00Z");
    CHECK_INT_EQ(ws_document_date("{\"datePublished\":\"20260403\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-03");
    CHECK_INT_EQ(ws_document_date("{\"pubDate\":\"Thu, 02 Apr 2026 08:00:00 GMT\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-02T08:00:00Z");
    CHECK_INT_EQ(ws_document_date("{\"date\":20260403}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-03");
    CHECK_INT_EQ(ws_document_date("{\"date\":1775116800}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-02T08:00:00Z");
    CHECK_INT_EQ(ws_document_date("{\"date\":1775116800000}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-04-02T08:00:00Z");
    /* date comes first; an empty one is no date */
    CHECK_INT_EQ(ws_document_date("{\"pubDate\":\"2026-01-01\",\"date\":\"2026-02-02\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-02-02");
    CHECK_INT_EQ(ws_document_date("{\"date\":\"\",\"published\":\"2026-02-03\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-02-03");
    CHECK_INT_EQ(ws_document_date("{\"date\":\" \\n\",\"published\":\"2026-02-03\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-02-03");
    /* an unreadable field: the first readable one, else the first reason */
    CHECK_INT_EQ(ws_document_date("{\"date\":\"soon\",\"published\":\"2026-02-03\"}", iso, &err), WS_OK);
    CHECK_STR_EQ(iso, "2026-02-03");
    CHECK_INT_EQ(ws_document_date("{\"published\":\"yesterday\"}", iso, &err), WS_ERR_INPUT);
    CHECK_STR_EQ(iso, "");
    CHECK(strstr(err.message, "\"published\"") != NULL && strstr(err.message, "yesterday") != NULL);
    CHECK_INT_EQ(ws_document_date("{\"date\":true}", iso, &err), WS_ERR_INPUT);
    CHECK_INT_EQ(ws_document_date("[1]", iso, &err), WS_ERR_JSON);
}

int main(void)
{
    test_forms();
    test_refused();
    test_document_date();
    return CHECK_DONE();
}
