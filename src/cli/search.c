/*
 * search.c - the search and who-said commands: questions to a quote
 * database, answered as an aligned table (on a terminal), CSV or JSON,
 * every row with the article id, date and source to go back to.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

typedef enum out_format { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_HTML } out_format;

static const char *const out_format_names[] = {"table", "csv", "json", "html", NULL};

/* The columns of a row in CSV and JSON, in ws_db_quote order below. */
static const char *const columns[] = {
    "doc", "date", "source", "url", "title", "quote_id", "speaker", "speaker_id",
    "speaker_text", "cue", "kind", "confidence", "cluster", "text", "person", "linked_by", NULL,
};
enum { COL_DOC, COL_DATE, COL_SOURCE, COL_URL, COL_TITLE, COL_QUOTE_ID, COL_SPEAKER,
       COL_SPEAKER_ID, COL_SPEAKER_TEXT, COL_CUE, COL_KIND, COL_CONFIDENCE, COL_CLUSTER,
       COL_TEXT, COL_PERSON, COL_LINKED_BY, COL_COUNT };

/* A result row kept until the output is laid out. */
typedef struct row {
    char *field[COL_COUNT]; /* NULL when absent */
} row;

typedef struct rows {
    row *r;
    size_t n, cap;
    int out_of_memory;
} rows;

static char *dup_or_null(const char *s, int *failed)
{
    char *d = s ? strdup(s) : NULL;

    if (s && !d)
        *failed = 1;
    return d;
}

static int keep_row(const ws_db_quote *q, void *ctx)
{
    rows *rs = ctx;
    const char *values[COL_COUNT] = {q->doc, q->date, q->source, q->url, q->title, q->quote_id,
                                     q->speaker, q->speaker_id, q->speaker_text, q->cue, q->kind};
    char confidence[16], cluster[24];
    row *r;

    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 64;
        row *grown = realloc(rs->r, cap * sizeof *grown);

        if (!grown) {
            rs->out_of_memory = 1;
            return 1;
        }
        rs->r = grown;
        rs->cap = cap;
    }
    snprintf(confidence, sizeof confidence, "%.2f", q->confidence);
    snprintf(cluster, sizeof cluster, "%lld", q->cluster);
    values[COL_CONFIDENCE] = confidence;
    values[COL_CLUSTER] = cluster;
    values[COL_TEXT] = q->text;
    values[COL_PERSON] = q->person;
    values[COL_LINKED_BY] = q->linked_by;
    r = &rs->r[rs->n++];
    for (int c = 0; c < COL_COUNT; c++)
        r->field[c] = dup_or_null(values[c], &rs->out_of_memory);
    return rs->out_of_memory;
}

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        for (int c = 0; c < COL_COUNT; c++)
            free(rs->r[i].field[c]);
    free(rs->r);
}

/* ---------------------------------------------------------------------- */
/* CSV and JSON. */

/* RFC 4180, as the extract tables, by the same code (formulas escaped
 * unless --csv-raw, a byte order mark with --excel). */
static void print_csv(const rows *rs, unsigned flags)
{
    if (flags & WS_CSV_BOM)
        fputs("\xEF\xBB\xBF", stdout);
    for (int c = 0; c < COL_COUNT; c++)
        ws_csv_write_field(stdout, c == 0, columns[c], strlen(columns[c]), WS_CSV_RAW);
    fputs("\r\n", stdout);
    for (size_t i = 0; i < rs->n; i++) {
        for (int c = 0; c < COL_COUNT; c++) {
            const char *v = rs->r[i].field[c];
            ws_csv_write_field(stdout, c == 0, v, v ? strlen(v) : 0, flags);
        }
        fputs("\r\n", stdout);
    }
}

static json_t *row_json(const row *r)
{
    json_t *o = json_object();

    for (int c = 0; o && c < COL_COUNT; c++) {
        const char *v = r->field[c];
        json_t *value = !v ? json_null()
                        : c == COL_CONFIDENCE ? json_real(strtod(v, NULL))
                        : c == COL_CLUSTER ? json_integer(strtoll(v, NULL, 10))
                        : json_string(v);

        json_object_set_new(o, columns[c], value);
    }
    return o;
}

/* A page for a browser: the rows back as the library's quote rows, under
 * the query. */
static int print_html(const rows *rs, const ws_db_query *q)
{
    ws_db_quote *list = calloc(rs->n + 1, sizeof *list);
    ws_error err;
    int failed = 0;

    if (!list) {
        report(NULL, 0, -1, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < rs->n; i++) {
        char *const *v = rs->r[i].field;
        list[i] = (ws_db_quote){v[COL_DOC], v[COL_DATE], v[COL_SOURCE], v[COL_URL], v[COL_TITLE],
                                v[COL_QUOTE_ID], v[COL_TEXT], v[COL_SPEAKER], v[COL_SPEAKER_ID],
                                v[COL_SPEAKER_TEXT], v[COL_CUE], v[COL_KIND],
                                strtod(v[COL_CONFIDENCE], NULL), strtoll(v[COL_CLUSTER], NULL, 10),
                                v[COL_PERSON], v[COL_LINKED_BY]};
    }
    if (ws_html_write_search(stdout, q, list, rs->n, &err) != WS_OK) {
        report("standard output", 0, -1, err.message);
        failed = 1;
    }
    free(list);
    return failed ? -1 : 0;
}

/* One JSON array of row objects; who-said groups them by cluster. */
static int print_json(const rows *rs, int by_cluster)
{
    json_t *all = json_array(), *group = NULL;
    int failed;

    for (size_t i = 0; all && i < rs->n; i++) {
        const row *r = &rs->r[i];

        if (!by_cluster) {
            json_array_append_new(all, row_json(r));
            continue;
        }
        if (i == 0 || strcmp(r->field[COL_CLUSTER], rs->r[i - 1].field[COL_CLUSTER]) != 0) {
            group = json_pack("{s:I, s:s?, s:o, s:[]}", "cluster",
                              (json_int_t)strtoll(r->field[COL_CLUSTER], NULL, 10), "text",
                              r->field[COL_TEXT], "first", row_json(r), "occurrences");
            json_array_append_new(all, group);
        }
        json_array_append_new(json_object_get(group, "occurrences"), row_json(r));
    }
    failed = !all || json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(3)) != 0;
    putchar('\n');
    json_decref(all);
    return failed ? -1 : 0;
}

/* ---------------------------------------------------------------------- */
/* Tables for people. */

/* Characters (not bytes) of UTF-8 text. */
static size_t width(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Prints at most max characters of s, padded to pad; "…" marks a cut.
 * Line breaks become spaces, so that a row stays one line. */
static void put_cell(const char *s, size_t max, size_t pad)
{
    size_t shown = 0, w = width(s);

    for (; s && *s && shown < max; s++) {
        int starts = ((unsigned char)*s & 0xC0) != 0x80;

        if (starts && w > max && shown + 1 == max)
            break;
        shown += starts;
        putchar(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
    }
    if (w > max) {
        fputs("…", stdout);
        shown++;
    }
    for (; shown < pad; shown++)
        putchar(' ');
}

static size_t terminal_width(void)
{
    struct winsize ws;
    const char *env = getenv("COLUMNS");

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    if (env && atoi(env) > 0)
        return (size_t)atoi(env);
    return 120;
}

/* Where a row was published: the source name, else its url. */
static const char *where(const row *r)
{
    return r->field[COL_SOURCE] ? r->field[COL_SOURCE] : r->field[COL_URL];
}

static void print_table(const rows *rs, int with_speaker_text)
{
    enum { DATE, DOC, SOURCE, SPEAKER, QUOTE, CELLS };
    static const char *const heads[CELLS] = {"DATE", "DOC", "SOURCE", "SPEAKER", "QUOTE"};
    static const size_t caps[CELLS] = {10, 28, 32, 28, 0};
    size_t widths[CELLS], used = 0;

    for (int c = 0; c < CELLS; c++)
        widths[c] = width(heads[c]);
    for (size_t i = 0; i < rs->n; i++) {
        const row *r = &rs->r[i];
        const char *cells[QUOTE] = {r->field[COL_DATE], r->field[COL_DOC], where(r),
                                    r->field[with_speaker_text ? COL_SPEAKER_TEXT : COL_SPEAKER]};

        for (int c = 0; c < QUOTE; c++)
            if (width(cells[c]) > widths[c])
                widths[c] = width(cells[c]) < caps[c] ? width(cells[c]) : caps[c];
    }
    for (int c = 0; c < QUOTE; c++)
        used += widths[c] + 2;
    widths[QUOTE] = terminal_width() > used + 20 ? terminal_width() - used - 1 : 20;
    for (int c = 0; c < CELLS; c++) {
        put_cell(heads[c], widths[c], c == QUOTE ? 0 : widths[c] + 2);
    }
    putchar('\n');
    for (size_t i = 0; i < rs->n; i++) {
        const row *r = &rs->r[i];
        const char *cells[CELLS] = {r->field[COL_DATE], r->field[COL_DOC], where(r),
                                    r->field[with_speaker_text ? COL_SPEAKER_TEXT : COL_SPEAKER],
                                    r->field[COL_TEXT]};

        for (int c = 0; c < CELLS; c++)
            put_cell(cells[c] ? cells[c] : "-", widths[c], c == QUOTE ? 0 : widths[c] + 2);
        putchar('\n');
    }
}

/* Articles listed per cluster by who-said's table unless --all. */
#define CARRIED_SHOWN 20

/* who-said for people: per cluster, the speakers, the first source, then
 * the articles that carried it, the first `shown` of them (0: all). */
static void print_clusters(const rows *rs, size_t shown_max)
{
    for (size_t begin = 0, end; begin < rs->n; begin = end) {
        const row *first = &rs->r[begin];
        rows group = {.r = rs->r + begin};

        for (end = begin; end < rs->n &&
                          strcmp(rs->r[end].field[COL_CLUSTER], first->field[COL_CLUSTER]) == 0;
             end++)
            ;
        group.n = end - begin;
        printf("%s\"%s\"\n", begin ? "\n" : "", first->field[COL_TEXT]);
        fputs("  said by: ", stdout);
        for (size_t i = begin, shown = 0; i < end; i++) {
            const row *r = &rs->r[i];
            int seen = 0;

            /* Each speaker once, in order of first appearance; people the
             * database keeps apart are apart here too. */
            for (size_t j = begin; j < i && !seen; j++)
                seen = (!r->field[COL_PERSON] && !rs->r[j].field[COL_PERSON]) ||
                       (r->field[COL_PERSON] && rs->r[j].field[COL_PERSON] &&
                        strcmp(r->field[COL_PERSON], rs->r[j].field[COL_PERSON]) == 0);
            if (seen)
                continue;
            if (r->field[COL_PERSON])
                printf("%s%s (%s)", shown++ ? ", " : "", r->field[COL_SPEAKER], r->field[COL_PERSON]);
            else
                printf("%sunknown", shown++ ? ", " : "");
        }
        printf("\n  first:   %s  %s  %s%s%s\n", first->field[COL_DATE] ? first->field[COL_DATE] : "(no date)",
               first->field[COL_DOC], where(first) ? where(first) : "",
               first->field[COL_URL] && where(first) != first->field[COL_URL] ? "  " : "",
               first->field[COL_URL] && where(first) != first->field[COL_URL] ? first->field[COL_URL] : "");
        printf("  carried by %zu article%s:\n", group.n, group.n == 1 ? "" : "s");
        size_t more = shown_max && group.n > shown_max ? group.n - shown_max : 0;
        group.n -= more;
        print_table(&group, 1);
        if (more)
            printf("  ... and %zu more article%s (--all lists every one; -f csv or json gives them all)\n",
                   more, more == 1 ? "" : "s");
    }
}

/* ---------------------------------------------------------------------- */
/* Options. */

enum { OPT_SPEAKER = 256, OPT_ABOUT, OPT_SINCE, OPT_UNTIL, OPT_ALL };

static const struct option search_options[] = {
    {"speaker", required_argument, NULL, OPT_SPEAKER},
    {"about", required_argument, NULL, OPT_ABOUT},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"format", required_argument, NULL, 'f'},
    {"limit", required_argument, NULL, 'n'},
    {"all", no_argument, NULL, OPT_ALL},
    DATA_LONG_OPTIONS,
    CSV_LONG_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void print_search_help(void)
{
    fputs("Usage: " PROG " search DATABASE [WORDS] [OPTIONS]\n"
          "       " PROG " who-said DATABASE TEXT [-f FORMAT] [-n N]\n"
          "\n"
          "search: the quotes of a database ('" PROG " db add') holding every one of\n"
          "the WORDS, best match first (newest first without words). Case,\n"
          "diacritics and curly or straight quote marks do not matter.\n"
          "  --speaker NAME     said by NAME: an id, any name or alias the gazetteers\n"
          "                     know ('Zelenskiy' finds Zelensky), a name as the\n"
          "                     texts wrote it, in any case and without accents\n"
          "                     ('etienne marchand'), or a surname that is only\n"
          "                     one person's; a name that matches nobody is said\n"
          "                     on standard error\n"
          "  --about NAME       naming NAME in the quote or its sentence (the\n"
          "                     speaker's own name as the speaker does not count)\n"
          "  --since DATE, --until DATE\n"
          "                     document date, inclusive (2026-04-02, April 2, 2026,\n"
          "                     2 April 2026...); undated documents are left out\n"
          "                     by either\n"
          "  -n, --limit N      at most N rows (default 50; clusters for who-said,\n"
          "                     default 10)\n"
          "  -f, --format F     table (default on a terminal), csv (default\n"
          "                     otherwise), json, or html (a page for a browser)\n"
          "      --excel, --csv-raw  CSV for Excel (a byte order mark), or with\n"
          "                     cells as they are (no escaping of formulas)\n"
          "  -g, --gazetteers DIR  as for extract, to resolve names (also\n"
          "                     --no-bundled-gazetteers, --lexicon DIR,\n"
          "                     --no-bundled-lexicon)\n"
          "  -h, --help         show this help and exit\n"
          "    " PROG " search quotes.db \"bridge we haven't crossed\"\n"
          "    " PROG " search quotes.db --speaker Peskov --about Kyiv --since 2026-01-01 -f csv\n"
          "\n"
          "who-said: the quote clusters (the same quote in many articles) matching\n"
          "TEXT as a phrase, else all its words, else nearly: the speakers, the first\n"
          "source and date, and the articles that carried it: the first 20 and a\n"
          "count of the rest in the table, every one in csv and json.\n"
          "  --all              list every article in the table\n"
          "    " PROG " who-said quotes.db \"I hope it's fast\"\n"
          "\n"
          "Exit status: 0 success (also with no results), 1 the database could not\n"
          "be read, 2 usage error.\n",
          stdout);
}

typedef struct query_options {
    ws_db_query q;
    char since[WS_DATE_SIZE], until[WS_DATE_SIZE]; /* the days of --since and --until */
    out_format format;
    size_t limit;
    int all; /* who-said --all */
    unsigned csv_flags;
    data_options data;
} query_options;

/* Parses the options of search (who_said = 0) or who-said; -1 to go on,
 * else an exit code. */
static int parse_query_options(int argc, char **argv, int who_said, query_options *o, int *first)
{
    const char *help = who_said ? PROG " who-said" : PROG " search";
    size_t n;
    int c, choice;

    o->format = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_CSV;
    o->limit = who_said ? 10 : 50;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:n:g:h", search_options, NULL)) != -1) {
        if (who_said && c >= OPT_SPEAKER && c <= OPT_UNTIL)
            return usage_error(help, "who-said takes no --%s", search_options[c - OPT_SPEAKER].name);
        if (!who_said && c == OPT_ALL)
            return usage_error(help, "--all is an option of who-said");
        if (data_option(&o->data, c, optarg) || csv_option(&o->csv_flags, c))
            continue;
        switch (c) {
        case OPT_SPEAKER:
            o->q.speaker = optarg;
            break;
        case OPT_ABOUT:
            o->q.about = optarg;
            break;
        case OPT_ALL:
            o->all = 1;
            break;
        case OPT_SINCE:
        case OPT_UNTIL: {
            /* Read as documents' dates are; of a time, the day counts. */
            char *day = c == OPT_SINCE ? o->since : o->until;
            ws_error err;
            if (ws_date_normalise(optarg, day, &err) != WS_OK)
                return usage_error(help, "bad date for --%s: %s", c == OPT_SINCE ? "since" : "until", err.message);
            day[10] = '\0';
            *(c == OPT_SINCE ? &o->q.since : &o->q.until) = day;
            break;
        }
        case 'f':
            if ((choice = parse_choice(optarg, out_format_names)) < 0)
                return usage_error(help, "unknown format '%s' (table, csv, json or html)", optarg);
            o->format = (out_format)choice;
            break;
        case 'n':
            if (parse_size(optarg, &n) != 0 || strpbrk(optarg, "KkMmGg"))
                return usage_error(help, "bad --limit '%s' (a positive number)", optarg);
            o->limit = n;
            break;
        case 'h':
            print_search_help();
            return EXIT_ALL_OK;
        case ':':
            return usage_error(help, "option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error(help, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error(help, "no database given");
    if (o->csv_flags && o->format != OUT_CSV)
        return usage_error(help, "--excel and --csv-raw are for --format csv");
    if (who_said ? argc - optind != 2 : argc - optind > 2)
        return usage_error(help, who_said ? "who-said needs a database and one TEXT (quote it)"
                                          : "search takes one WORDS argument (quote it)");
    *first = optind;
    return -1;
}

/* ---------------------------------------------------------------------- */
/* Names that match nobody, or several people. */

typedef struct name_notice {
    char list[400]; /* "John Smith (local:John_Smith, a farmer), ..." */
    size_t people;
} name_notice;

static int note_person(const ws_db_person *p, void *ctx)
{
    name_notice *n = ctx;
    size_t used = strlen(n->list);

    if (used < sizeof n->list - 1)
        snprintf(n->list + used, sizeof n->list - used, "%s%s (%s%s%s)", n->people ? ", " : "", p->name, p->id,
                 p->role ? ", " : "", p->role ? p->role : "");
    n->people++;
    return 0;
}

/* Says on standard error what a --speaker or --about name matched when a
 * search would otherwise be silent or puzzling: nobody, only a surname
 * several people share, or several people the database keeps apart. */
static int explain_name(ws_db *db, ws_extractor *names, const char *option, const char *name, const char *path)
{
    name_notice n = {{0}, 0};
    ws_error err;
    int ambiguous = 0;
    char message[640];

    if (ws_db_find_people(db, names, name, note_person, &n, &ambiguous, &err) != WS_OK) {
        report_error(path, &err);
        return -1;
    }
    if (n.people == 0)
        snprintf(message, sizeof message, "%s '%s' matches nobody in the database", option, name);
    else if (ambiguous)
        snprintf(message, sizeof message, "%s '%s' is the surname of %zu people: %s; give a full name or an id",
                 option, name, n.people, n.list);
    else if (n.people > 1)
        snprintf(message, sizeof message, "%s '%s' matches %zu people the database keeps apart: %s", option, name,
                 n.people, n.list);
    else
        return 0;
    report(NULL, 0, -1, message);
    return 0;
}

/* Runs search or who-said. */
static int run_query(int argc, char **argv, int who_said)
{
    query_options o;
    ws_gazetteer *gaz = NULL;
    ws_extractor *names = NULL;
    ws_db *db = NULL;
    rows rs = {0};
    ws_error err;
    ws_status st;
    int first = 0, status;

    memset(&o, 0, sizeof o);
    if (data_options_init(&o.data, argc) != 0)
        return EXIT_SOME_FAILED;
    if ((status = parse_query_options(argc, argv, who_said, &o, &first)) >= 0)
        goto done;
    /* Names need the gazetteers; a word search does without their load time. */
    if (o.q.speaker || o.q.about) {
        if ((status = load_data(&gaz, &o.data, PROG " search")) != EXIT_ALL_OK)
            goto done;
        if (ws_extractor_new(&names, gaz, NULL, &err) != WS_OK) {
            report_error(NULL, &err);
            status = EXIT_SOME_FAILED;
            goto done;
        }
    }
    status = EXIT_SOME_FAILED;
    if (!(db = open_db(argv[first], true)))
        goto done;
    ws_error_clear(&err);
    if (who_said) {
        st = ws_db_who_said(db, argv[first + 1], o.limit, keep_row, &rs, &err);
    } else {
        if ((o.q.speaker && explain_name(db, names, "--speaker", o.q.speaker, argv[first]) != 0) ||
            (o.q.about && explain_name(db, names, "--about", o.q.about, argv[first]) != 0))
            goto done;
        o.q.text = first + 1 < argc ? argv[first + 1] : NULL;
        o.q.names = names;
        o.q.limit = o.limit;
        st = ws_db_search(db, &o.q, keep_row, &rs, &err);
    }
    if (st == WS_ERR_USAGE) {
        status = usage_error(who_said ? PROG " who-said" : PROG " search", "%s", err.message);
        goto done;
    }
    if (st != WS_OK || rs.out_of_memory) {
        if (rs.out_of_memory)
            report(argv[first], 0, -1, "out of memory");
        else
            report_error(argv[first], &err);
        goto done;
    }
    status = EXIT_ALL_OK;
    if (who_said)
        o.q.text = argv[first + 1]; /* what the html page says was asked */
    if (o.format == OUT_CSV)
        print_csv(&rs, o.csv_flags);
    else if (o.format == OUT_JSON)
        status = print_json(&rs, who_said) == 0 ? EXIT_ALL_OK : EXIT_SOME_FAILED;
    else if (o.format == OUT_HTML)
        status = print_html(&rs, &o.q) == 0 ? EXIT_ALL_OK : EXIT_SOME_FAILED;
    else if (who_said)
        print_clusters(&rs, o.all ? 0 : CARRIED_SHOWN);
    else
        print_table(&rs, 0);
    if (fflush(stdout) != 0 || ferror(stdout))
        status = EXIT_SOME_FAILED;
done:
    rows_free(&rs);
    ws_db_close(db);
    ws_extractor_free(names);
    ws_gazetteer_free(gaz);
    data_options_free(&o.data);
    return status;
}

int cmd_search(int argc, char **argv)
{
    return run_query(argc, argv, 0);
}

int cmd_who_said(int argc, char **argv)
{
    return run_query(argc, argv, 1);
}
