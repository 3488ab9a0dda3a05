/* test_page.c - the web page reader (src/lib/web/): charsets, the text it
 * writes, the boilerplate it leaves out, metadata, and bad pages. The pages
 * here are small and made up for each check; tests/pages holds whole ones. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "web.h"
#include "whosaid.h"

/* A paragraph of prose long enough for the article search to trust it. */
#define PROSE(words)                                                                                \
    "<p>" words ", said the council, which met on Monday to hear the residents, the engineers "    \
    "and the mayor, who spoke for an hour about the bridge, its cost, and the years it took.</p>\n"

static ws_page *read_page(const char *html, size_t len)
{
    ws_page *page = NULL;
    ws_error err;

    if (ws_page_read(&page, html, len, NULL, &err) != WS_OK) {
        fprintf(stderr, "ws_page_read failed: %s (byte %lld)\n", err.message, err.byte);
        check_failures++;
    }
    return page;
}

static ws_page *read_str(const char *html)
{
    return read_page(html, strlen(html));
}

/* The text holds s. */
#define CHECK_HAS(page, s)                                                                          \
    do {                                                                                            \
        const char *t_ = (page) ? ws_page_text((page), NULL) : "";                                  \
        if (!strstr(t_, (s))) {                                                                     \
            fprintf(stderr, "%s:%d: text lacks \"%s\":\n%s\n", __FILE__, __LINE__, (s), t_);       \
            check_failures++;                                                                       \
        }                                                                                           \
    } while (0)
#define CHECK_LACKS(page, s)                                                                        \
    do {                                                                                            \
        const char *t_ = (page) ? ws_page_text((page), NULL) : "";                                  \
        if (strstr(t_, (s))) {                                                                      \
            fprintf(stderr, "%s:%d: text holds \"%s\":\n%s\n", __FILE__, __LINE__, (s), t_);       \
            check_failures++;                                                                       \
        }                                                                                           \
    } while (0)

static void test_charsets(void)
{
    /* windows-1252 declared through http-equiv: curly quotes, the euro */
    static const char cp1252[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
        "<title>Prices</title></head><body>" PROSE("\x93It costs 5 \x80,\x94 the caf\xe9 owner said")
        "</body></html>";
    /* ISO-8859-1 reads as windows-1252, as browsers read it */
    static const char latin1[] = "<meta charset='ISO-8859-1'><body>" PROSE("Cr\xe8me br\xfbl\xe9" "e") "</body>";
    /* no declaration, not UTF-8: windows-1252 */
    static const char guess[] = "<body>" PROSE("Na\xefve") "</body>";
    /* declares Latin-1, but a scraper saved it as UTF-8 */
    static const char resaved[] = "<meta charset=iso-8859-1><body>" PROSE("Z\xc3\xbcrich") "</body>";
    static const char bom[] = "\xEF\xBB\xBF<body>" PROSE("Gda\xc5\x84sk") "</body>";
    static const char koi8[] = "<meta charset=\"koi8-r\"><body>" PROSE("\xf0\xd2\xc9\xd7\xc5\xd4") "</body>";
    ws_page *page;

    page = read_page(cp1252, sizeof cp1252 - 1);
    CHECK_HAS(page, "\xE2\x80\x9CIt costs 5 \xE2\x82\xAC,\xE2\x80\x9D the caf\xC3\xA9 owner said");
    CHECK_STR_EQ(page ? ws_page_charset(page) : NULL, "windows-1252");
    CHECK_INT_EQ(page ? ws_page_warning_count(page) : 1, 0);
    ws_page_free(page);
    page = read_page(latin1, sizeof latin1 - 1);
    CHECK_HAS(page, "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
    ws_page_free(page);
    page = read_page(guess, sizeof guess - 1);
    CHECK_HAS(page, "Na\xC3\xAFve");
    ws_page_free(page);
    page = read_page(resaved, sizeof resaved - 1);
    CHECK_HAS(page, "Z\xC3\xBCrich");
    CHECK_STR_EQ(page ? ws_page_charset(page) : NULL, "UTF-8");
    ws_page_free(page);
    page = read_page(bom, sizeof bom - 1);
    CHECK_HAS(page, "Gda\xC5\x84sk");
    CHECK(page && ws_page_text(page, NULL)[0] != '\xEF');
    ws_page_free(page);
    page = read_page(koi8, sizeof koi8 - 1); /* through iconv */
    CHECK_HAS(page, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"); /* Привет */
    ws_page_free(page);
}

static void test_utf16(void)
{
    const char *ascii = "<body>" PROSE("Wide") "</body>";
    size_t n = strlen(ascii), len = 2 + 2 * n;
    char *wide = malloc(len);
    ws_page *page;

    if (!wide)
        exit(99);
    wide[0] = '\xFF', wide[1] = '\xFE';
    for (size_t i = 0; i < n; i++)
        wide[2 + 2 * i] = ascii[i], wide[3 + 2 * i] = 0;
    page = read_page(wide, len);
    CHECK_HAS(page, "Wide, said the council");
    CHECK_STR_EQ(page ? ws_page_charset(page) : NULL, "UTF-16LE");
    ws_page_free(page);
    free(wide);
}

static void test_invalid_bytes(void)
{
    static const char some[] = "<meta charset=utf-8><body>" PROSE("K\xc3\xb6ln \xff bad") "</body>";
    static const char unknown[] = "<meta charset=x-no-such-charset><body>" PROSE("Plain") "</body>";
    ws_page *page;
    const ws_warning *w;

    page = read_page(some, sizeof some - 1);
    CHECK_HAS(page, "K\xC3\xB6ln \xEF\xBF\xBD bad");
    CHECK_INT_EQ(page ? ws_page_warning_count(page) : 0, 1);
    w = page ? ws_page_warning(page, 0) : NULL;
    CHECK(w && w->byte == (long long)(strstr(some, "\xff") - some));
    CHECK(w && strstr(w->message, "1 invalid byte in UTF-8"));
    ws_page_free(page);
    page = read_page(unknown, sizeof unknown - 1);
    CHECK_HAS(page, "Plain, said");
    w = page ? ws_page_warning(page, 0) : NULL;
    CHECK(w && strstr(w->message, "unknown charset 'x-no-such-charset'"));
    ws_page_free(page);
}

static void test_bad_pages(void)
{
    static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    /* Shift_JIS: its iconv module loads no helper library, which valgrind
     * would take ld.so's word-wise reads for errors in (EUC-JP's does) */
    char undecodable[400] = "<meta charset=sjis><p>";
    ws_page *page = (ws_page *)1;
    ws_error err;

    CHECK_INT_EQ(ws_page_read(&page, binary, sizeof binary - 1, NULL, &err), WS_ERR_INPUT);
    CHECK(page == NULL);
    CHECK_INT_EQ(err.byte, 8);
    CHECK_STR_EQ(err.message, "binary data, not a web page (a NUL byte)");
    memset(undecodable + strlen(undecodable), '\xff', 300);
    CHECK_INT_EQ(ws_page_read(&page, undecodable, strlen(undecodable), NULL, &err), WS_ERR_INPUT);
    CHECK_STR_EQ(err.message, "not decodable as CP932: 300 of 322 bytes are invalid");
    CHECK_INT_EQ(err.byte, 22);
    CHECK_INT_EQ(ws_page_read(NULL, "", 0, NULL, &err), WS_ERR_USAGE);
    CHECK_INT_EQ(ws_page_read(&page, NULL, 3, NULL, &err), WS_ERR_USAGE);
    ws_page_free(NULL);

    /* empty, and nothing but navigation: no text, a warning, no error */
    page = read_page("", 0);
    CHECK_STR_EQ(page ? ws_page_text(page, NULL) : NULL, "");
    CHECK(page && ws_page_warning_count(page) == 1 &&
          strcmp(ws_page_warning(page, 0)->message, "no main text found in the page") == 0);
    ws_page_free(page);
    page = read_str("<html><body><nav><a href=/>Home</a><a href=/a>About</a></nav></body></html>");
    CHECK_STR_EQ(page ? ws_page_text(page, NULL) : NULL, "");
    CHECK_INT_EQ(page ? ws_page_warning_count(page) : 0, 1);
    ws_page_free(page);
}

static void test_text(void)
{
    ws_page *page = read_str(
        "<html><head><title>Council backs the bridge plan after a long debate</title>"
        "<style>p { color: red }</style><script>var x = '<p>not text</p>';</script></head><body>"
        "<article><h1>Council backs the bridge plan after a long debate</h1>"
        PROSE("Tom &amp; Jerry&nbsp;&#8220;agreed&#8221; &eacute;")
        "<p>First line<br>second line of the same paragraph, with enough words to stay in it.</p>"
        "<noscript>Turn on scripts</noscript><p style=\"display:none\">Hidden words here</p>"
        "<ul><li>One item of the list, kept as its own line</li><li>Another item, also kept</li></ul>"
        "<blockquote>A quoted passage that the article holds, which stays in the text.</blockquote>"
        "<table><tr><td>Cell one</td><td>Cell two</td></tr><tr><td>Cell three</td><td>Cell four</td></tr>"
        "<tr><td>5</td><td>6</td></tr><tr><td>7</td><td>8</td></tr></table>"
        PROSE("The last paragraph") "</article></body></html>");
    const char *text = page ? ws_page_text(page, NULL) : "";

    /* the title, a blank line, the body; the h1 that repeats the title is not repeated */
    CHECK(strncmp(text, "Council backs the bridge plan after a long debate\n\nTom & Jerry", 62) == 0);
    /* a no-break space is a space to the analyser */
    CHECK_HAS(page, "Tom & Jerry \xE2\x80\x9C" "agreed\xE2\x80\x9D \xC3\xA9, said");
    CHECK_HAS(page, "\nFirst line\nsecond line of the same paragraph");
    CHECK_HAS(page, "\nOne item of the list, kept as its own line\nAnother item, also kept\n");
    CHECK_HAS(page, "\nA quoted passage that the article holds, which stays in the text.\n");
    CHECK_HAS(page, "\nCell one\tCell two\nCell three\tCell four\n");
    CHECK_LACKS(page, "not text");
    CHECK_LACKS(page, "color");
    CHECK_LACKS(page, "Turn on scripts");
    CHECK_LACKS(page, "Hidden words");
    CHECK(text[strlen(text) - 1] == '\n' && !strstr(text, "\n\n\n") && !strstr(text, " \n"));
    ws_page_free(page);
}

static void test_boilerplate(void)
{
    ws_page *page = read_str(
        "<html><body><header class=\"site-header\"><nav class=\"menu\"><a href=/>Home</a> "
        "<a href=/world>World</a></nav></header>"
        "<div class=\"cookie-banner popup\">We use cookies. Accept all?</div>"
        "<div id=\"main\"><div class=\"entry-content\">" PROSE("The first paragraph")
        PROSE("The second paragraph") PROSE("The third paragraph")
        "<div class=\"sharedaddy share-buttons\"><a href=#>Share on Facebook</a> <a href=#>Tweet</a></div>"
        "</div><div class=\"related-posts\"><h3>Related</h3><ul><li><a href=/x>Another story</a></li>"
        "<li><a href=/y>Yet another story</a></li></ul></div>"
        "<div id=\"comments\" class=\"comments-area\"><p>Great article, thanks for writing it, I "
        "enjoyed reading about the bridge and its long history.</p></div></div>"
        "<aside class=\"sidebar\"><div class=\"widget\">Subscribe to our newsletter</div></aside>"
        "<footer>Copyright 2024 Example News</footer></body></html>");

    CHECK_HAS(page, "The first paragraph, said");
    CHECK_HAS(page, "The third paragraph, said");
    CHECK_LACKS(page, "Home");
    CHECK_LACKS(page, "cookies");
    CHECK_LACKS(page, "Share on Facebook");
    CHECK_LACKS(page, "Another story");
    CHECK_LACKS(page, "Great article");
    CHECK_LACKS(page, "newsletter");
    CHECK_LACKS(page, "Copyright");
    ws_page_free(page);
}

static void test_metadata(void)
{
    static const char json_ld[] =
        "<html lang=\"en-GB\"><head><title>Bridge opens | Example News</title>"
        "<meta property=\"og:title\" content=\"An Open Graph title\">"
        "<meta name=\"author\" content=\"Meta Author\">"
        "<link rel=\"canonical\" href=\"/2024/03/bridge\">"
        "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@graph\": ["
        "{\"@type\": \"WebSite\", \"name\": \"Example\"},"
        "{\"@type\": \"NewsArticle\", \"headline\": \"Bridge opens after three years\","
        " \"author\": [{\"@type\": \"Person\", \"name\": \"Ana Ruiz\"}, {\"name\": \"Li Wei\"}],"
        " \"datePublished\": \"2024-03-05T09:30:00+01:00\","
        " \"publisher\": {\"@type\": \"Organization\", \"name\": \"Example News\"}}]}</script>"
        "</head><body>" PROSE("Text") PROSE("More text") "</body></html>";
    ws_page *page = NULL;
    ws_error err;

    CHECK_INT_EQ(ws_page_read(&page, json_ld, sizeof json_ld - 1, "https://news.example/a?b=1", &err), WS_OK);
    if (!page)
        return;
    CHECK_STR_EQ(ws_page_title(page), "Bridge opens after three years");
    CHECK_STR_EQ(ws_page_author(page), "Ana Ruiz, Li Wei");
    CHECK_STR_EQ(ws_page_date(page), "2024-03-05T09:30:00+01:00");
    CHECK_STR_EQ(ws_page_url(page), "https://news.example/2024/03/bridge");
    CHECK_STR_EQ(ws_page_site(page), "Example News");
    CHECK_STR_EQ(ws_page_lang(page), "en-GB");
    CHECK_STR_EQ(ws_page_meta_json(page),
                 "{\"title\":\"Bridge opens after three years\",\"author\":\"Ana Ruiz, Li Wei\","
                 "\"date\":\"2024-03-05T09:30:00+01:00\",\"url\":\"https://news.example/2024/03/bridge\","
                 "\"site\":\"Example News\",\"lang\":\"en-GB\"}");
    ws_page_free(page);

    /* meta tags alone; the <title> cut of its site name; a byline in the text */
    page = read_str("<html><head><title>Council votes to build the new bridge - The Town Crier</title>"
                    "<meta property=\"article:published_time\" content=\"2023-11-02\">"
                    "<meta property=\"og:site_name\" content=\"The Town Crier\"></head><body>"
                    "<div class=\"byline\">By <span>Sam Lee</span>\n  Nov. 2, 2023</div>"
                    PROSE("Text") PROSE("More") PROSE("And more") "</body></html>");
    CHECK_STR_EQ(page ? ws_page_title(page) : NULL, "Council votes to build the new bridge");
    CHECK_STR_EQ(page ? ws_page_author(page) : NULL, "Sam Lee");
    CHECK_STR_EQ(page ? ws_page_date(page) : NULL, "2023-11-02");
    CHECK_STR_EQ(page ? ws_page_site(page) : NULL, "The Town Crier");
    CHECK_STR_EQ(page ? ws_page_url(page) : NULL, NULL);
    CHECK_LACKS(page, "Sam Lee");
    ws_page_free(page);

    /* a <time> element, an author tag of another name, no metadata at all */
    page = read_str("<html><head><meta name=\"byl\" content=\"By Kim Park\"></head><body><article>"
                    "<time datetime=\"2022-07-14T18:00:00Z\">July 14</time>" PROSE("Text") "</article></body></html>");
    CHECK_STR_EQ(page ? ws_page_date(page) : NULL, "2022-07-14T18:00:00Z");
    CHECK_STR_EQ(page ? ws_page_author(page) : NULL, "Kim Park");
    ws_page_free(page);
    /* JSON-LD's author as a plain name; its @type as a list */
    page = read_str("<script type=\"application/ld+json\">{\"@context\": \"http://schema.org/\", "
                    "\"@type\": [\"BlogPosting\"], \"author\": \"Jo Plain\"}</script><body>"
                    PROSE("Text") "</body>");
    CHECK_STR_EQ(page ? ws_page_author(page) : NULL, "Jo Plain");
    ws_page_free(page);
    page = read_str("<body>" PROSE("Text") "</body>");
    CHECK_STR_EQ(page ? ws_page_meta_json(page) : "x", NULL);
    CHECK_STR_EQ(page ? ws_page_title(page) : "x", NULL);
    CHECK(page && strncmp(ws_page_text(page, NULL), "Text, said", 10) == 0);
    ws_page_free(page);
}

static void test_dates(void)
{
    char *iso;

    /* read as ws_date_normalise reads them (test_date.c has the forms) */
    CHECK_STR_EQ(iso = web_iso_date("Tue, 05 Mar 2024 10:00:00 GMT"), "2024-03-05T10:00:00Z");
    free(iso);
    CHECK_STR_EQ(iso = web_iso_date("5 March 2024 10:00"), "2024-03-05T10:00:00");
    free(iso);
    CHECK(!web_iso_date("2024-02-30"));
    CHECK(!web_iso_date("yesterday"));
    CHECK(!web_iso_date(NULL));
    CHECK(web_date_like("Updated April 29, 2019 at 3:33 pm"));
    CHECK(!web_date_like("Jane Doe, April 29, 2019"));
    CHECK(!web_date_like("Staff"));
}

static void test_titles(void)
{
    static const char *const cases[][2] = {
        /* the site name after the last separator goes */
        {"Council votes to build a bridge | Example News", "Council votes to build a bridge"},
        /* too short without it: the part after the first separator */
        {"News - Council votes to build a bridge", "Council votes to build a bridge"},
        /* a colon: what follows it, unless a heading says the whole */
        {"Example News: Council votes to build a bridge", "Council votes to build a bridge"},
        /* short: kept whole */
        {"Bridge | Example", "Bridge | Example"},
        {"  Spaces\n inside   the  title of this page  ", "Spaces inside the title of this page"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char html[512];
        ws_page *page;

        snprintf(html, sizeof html, "<title>%s</title><body>" PROSE("Text") "</body>", cases[i][0]);
        page = read_str(html);
        CHECK_STR_EQ(page ? ws_page_title(page) : NULL, cases[i][1]);
        ws_page_free(page);
    }
    CHECK(web_text_similarity("Bridge opens today", "bridge opens today") == 1.0);
    CHECK(web_text_similarity("Bridge opens today", "Rain falls") == 0.0);
}

static void test_broken_markup(void)
{
    ws_page *page = read_str("<title>Unclosed</title><div class=article><p>First paragraph of the "
                             "story, with <b>bold <i>and</b> italic</i> words, unclosed"
                             "<p>Second paragraph, which a browser would start here, and "
                             "so does the parser, all the same.<div><p>Third, in a div "
                             "never closed, still the article's, with a comma, or two.");

    CHECK_HAS(page, "First paragraph of the story, with bold and italic words, unclosed\n"
                    "Second paragraph, which a browser would start here");
    CHECK_HAS(page, "\nThird, in a div never closed");
    ws_page_free(page);
}

static void test_depth(void)
{
    size_t depth = 600, len = depth * 11 + 200;
    char *html = malloc(len), *p = html;
    ws_page *page = NULL;
    ws_error err;

    if (!html)
        exit(99);
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<div>");
    p += sprintf(p, "<p>Deep.</p>");
    CHECK_INT_EQ(ws_page_read(&page, html, (size_t)(p - html), NULL, &err), WS_ERR_LIMIT);
    CHECK_STR_EQ(err.message, "elements nested deeper than 512 levels; not read");
    free(html);
}

/* ws_page_document: the page's text, the record's fields first (winning),
 * then the page's it lacks, in ws_page_meta_json's order. */
static void test_document(void)
{
    ws_page *page = read_str("<html lang=en><head><title>Bridge opens | The Ledger</title>"
                             "<meta property=og:site_name content='The Ledger'>"
                             "<meta name=author content='Jane Doe'></head><body>" PROSE("Open") "</body></html>");
    ws_document doc = {.id = "a", .origin = "feed.jsonl:3"};
    ws_error err;
    size_t len;

    if (!page)
        return;
    CHECK_INT_EQ(ws_page_document(page, "{\"title\":\"Mine\",\"n\":0.30000000000000004,\"x\":null}", &doc,
                                  &err), WS_OK);
    CHECK(doc.text == ws_page_text(page, &len) && doc.len == len);
    CHECK_STR_EQ(doc.id, "a");
    CHECK_STR_EQ(doc.origin, "feed.jsonl:3");
    CHECK_STR_EQ(doc.meta_json, "{\"title\":\"Mine\",\"n\":0.3,\"x\":null,\"author\":\"Jane Doe\","
                                "\"site\":\"The Ledger\",\"lang\":\"en\"}");
    CHECK_INT_EQ(ws_page_document(page, NULL, &doc, &err), WS_OK);
    CHECK_STR_EQ(doc.meta_json, ws_page_meta_json(page));
    CHECK_INT_EQ(ws_page_document(page, "{}", &doc, &err), WS_OK);
    CHECK_STR_EQ(doc.meta_json, ws_page_meta_json(page));
    CHECK_INT_EQ(ws_page_document(page, "[1]", &doc, &err), WS_ERR_JSON);
    CHECK_STR_EQ(err.message, "the record's fields are not a JSON object");
    CHECK_STR_EQ(doc.meta_json, ws_page_meta_json(page)); /* unchanged */
    CHECK_INT_EQ(ws_page_document(page, "{\"a\":", &doc, &err), WS_ERR_JSON);
    CHECK_INT_EQ(ws_page_document(NULL, NULL, &doc, &err), WS_ERR_USAGE);
    ws_page_free(page);

    /* a page that says nothing, a record with nothing: no metadata */
    page = read_str("<body>" PROSE("Plain") "</body>");
    if (!page)
        return;
    CHECK_INT_EQ(ws_page_document(page, NULL, &doc, &err), WS_OK);
    CHECK(doc.meta_json == NULL && doc.len > 0);
    ws_page_free(page);
}

int main(void)
{
    test_charsets();
    test_utf16();
    test_invalid_bytes();
    test_bad_pages();
    test_text();
    test_boilerplate();
    test_metadata();
    test_dates();
    test_titles();
    test_broken_markup();
    test_depth();
    test_document();
    return CHECK_DONE();
}
