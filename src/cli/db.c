/*
 * db.c - the db command: `db add` extracts documents into a quote
 * database, one transaction per batch; `db stats` counts what it holds;
 * `db export` writes it back as the CSV tables of extract.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "input_filter.h"
#include "parallel.h"

#define DEFAULT_BATCH 500

static const char *const input_format_names[] = {"auto", "text", "jsonl", "html", NULL};

static void print_db_help(void)
{
    ws_options defaults;

    ws_options_default(&defaults);
    printf("Usage: " PROG " db add DATABASE [OPTIONS] INPUT...\n"
           "       " PROG " db stats DATABASE\n"
           "       " PROG " db export DATABASE --format csv --out DIR [--excel] [--csv-raw]\n"
           "       " PROG " db export DATABASE --format jsonl [--out FILE]\n"
           "\n"
           "Keeps extracted quotes in a database file (SQLite), to search them with\n"
           "'" PROG " search' and '" PROG " who-said'.\n"
           "\n"
           "  add      extracts the inputs (as '" PROG " extract' reads them) and stores\n"
           "           them, creating the database if needed. A document stored before\n"
           "           with the same text and metadata is skipped; one with the same id\n"
           "           and new content replaces the old version. Each batch of documents\n"
           "           is one transaction: an interrupted run keeps every batch it\n"
           "           committed, and running it again finishes the work.\n"
           "                " PROG " db add quotes.db news/2026-01-29/\n"
           "  stats    documents, quotes, clusters, speakers, and the top 10 speakers\n"
           "                " PROG " db stats quotes.db\n"
           "  export   the tables of '" PROG " extract --format csv' (documents.csv,\n"
           "           entities.csv, mentions.csv, quotes.csv) in DIR, or the JSON\n"
           "           Lines records of '" PROG " extract' (standard output or FILE)\n"
           "                " PROG " db export quotes.db --format csv --out dump/\n"
           "                " PROG " db export quotes.db --format jsonl > all.jsonl\n"
           "\n"
           "Options of add:\n"
           "  -i, --input-format FORMAT  auto (default), text, jsonl or html\n"
           "      --include GLOB, --exclude GLOB, --input-encoding ENC\n"
           "                             as for extract\n"
           "  -g, --gazetteers DIR       gazetteer folder, as for extract; repeatable.\n"
           "                             Its names are kept in the database: later\n"
           "                             searches know them without -g\n"
           "      --no-bundled-gazetteers, --lexicon DIR, --no-bundled-lexicon\n"
           "                             as for extract\n"
           "      --max-doc-size SIZE    fail documents larger than SIZE (default %zuM)\n"
           "      --batch N              documents per transaction (default %d)\n"
           "  -q, --quiet                no warnings, no progress line (shown on a\n"
           "                             terminal) and no summary\n"
           "  -h, --help                 show this help and exit\n"
           "Options of export:\n"
           "  -f, --format csv|jsonl     the four tables, or JSON Lines\n"
           "  -o, --out PATH             folder for the tables (created if missing), or\n"
           "                             the JSON Lines file (default: standard output)\n"
           CSV_OPTIONS_HELP
           "\n"
           "Options of stats: none.\n"
           "\n"
           "Exit status: 0 success, 1 some documents failed (they are stored with\n"
           "their error) or the database could not be written, 2 usage error.\n",
           defaults.max_document_bytes >> 20, DEFAULT_BATCH);
}

/* Opens the database or reports why not; NULL on failure. Only db add
 * creates one: a question to a misspelt name must not look like "nobody
 * said it". */
ws_db *open_db(const char *path, bool read_only)
{
    ws_db *db = NULL;
    ws_error err;

    ws_error_clear(&err);
    if (ws_db_open_with(&db, path, read_only ? WS_DB_READ_ONLY : 0, &err) == WS_OK)
        return db;
    if (read_only && err.status == WS_ERR_IO && strcmp(err.message, "no such database") == 0)
        strncat(err.message, " ('" PROG " db add DATABASE INPUT...' makes one)",
                sizeof err.message - strlen(err.message) - 1);
    report_error(path, &err);
    return NULL;
}

/* ---------------------------------------------------------------------- */
/* db add. */

typedef struct add_run {
    ws_db *db;
    par_pool *pool; /* one job: it shows the progress line */
    const char *path;
    ws_extractor *extractor;
    size_t batch, in_batch;
    size_t added, replaced, unchanged, failed;
    int quiet;
    int db_failed;
} add_run;

/* A web page's warning (invalid bytes, no main text) or a file of a folder
 * that is no document (not text, a named pipe); reported as a document's
 * own warnings are. */
static void add_warning(const char *path, const char *message, void *ctx)
{
    const add_run *r = ctx;

    if (!r->quiet)
        report(path, 0, -1, message);
}

/* Ends the batch when it is full and begins the next. */
static int next_in_batch(add_run *r)
{
    ws_error err;

    if (++r->in_batch < r->batch)
        return 0;
    r->in_batch = 0;
    if (ws_db_commit(r->db, &err) != WS_OK || ws_db_begin(r->db, &err) != WS_OK) {
        report_error(r->path, &err);
        r->db_failed = 1;
        return -1;
    }
    return 0;
}

/* A date in the metadata that cannot be read would make the document
 * vanish from --since and --until: said, with the document and its line. */
static void warn_date(const ws_document *doc)
{
    char iso[WS_DATE_SIZE];
    ws_error err;

    if (ws_document_date(doc->meta_json, iso, &err) == WS_OK)
        return;
    strncat(err.message, "; stored without a date", sizeof err.message - strlen(err.message) - 1);
    report(doc->origin, 0, -1, err.message);
}

static int add_document(const ws_document *doc, const ws_error *failed, void *ctx)
{
    add_run *r = ctx;

    /* Through the pool, which counts the document for the progress line
     * and hands it back here at once (one job: no threads). */
    if (!par_emitting(r->pool))
        return par_submit(r->pool, doc, failed);
    ws_result *res = NULL;
    ws_db_change change;
    ws_error err;
    int stored = 0;

    ws_error_clear(&err);
    if (!failed && ws_db_has(r->db, doc, &stored, &err) != WS_OK) {
        report_error(r->path, &err);
        r->db_failed = 1;
        return 1;
    }
    if (stored) {
        r->unchanged++;
        return 0;
    }
    if (!failed && !r->quiet)
        warn_date(doc);
    if (failed) {
        report_error(doc->origin, failed);
        if (ws_result_new_failed(doc, failed, &res) != WS_OK)
            report(doc->origin, 0, -1, "out of memory");
    } else if (par_extract(r->pool, doc, &res, &err) != WS_OK) {
        report_error(doc->origin, &err);
    }
    if (!res) {
        r->failed++;
        return 0;
    }
    if (ws_result_error(res))
        r->failed++;
    if (!r->quiet)
        for (size_t i = 0; i < ws_result_warning_count(res); i++)
            report(doc->origin, 0, ws_result_warning(res, i)->byte, ws_result_warning(res, i)->message);
    if (ws_db_add(r->db, res, &change, &err) != WS_OK) {
        report_error(r->path, &err);
        r->db_failed = 1;
    }
    par_release(r->pool, res);
    if (r->db_failed)
        return 1;
    if (change == WS_DB_UNCHANGED) {
        r->unchanged++;
        return 0;
    }
    *(change == WS_DB_ADDED ? &r->added : &r->replaced) += 1;
    return next_in_batch(r);
}

/* The aliases of the user's -g folders go into the database, so that later
 * searches know those names without -g; the bundled gazetteers are known
 * to every search anyway. Returns 0, or -1 after reporting. */
static int store_user_gazetteers(ws_db *db, const char *path, const data_options *data)
{
    ws_gazetteer *user = NULL;
    ws_error err;
    int rc = 0;

    if (data->gazetteer_count == 0)
        return 0;
    if (ws_gazetteer_new(&user) != WS_OK) {
        report(NULL, 0, -1, "out of memory");
        return -1;
    }
    for (size_t i = 0; rc == 0 && i < data->gazetteer_count; i++)
        if (ws_gazetteer_load_dir(user, data->gazetteer_dirs[i], &err) != WS_OK) {
            report_error(data->gazetteer_dirs[i], &err);
            rc = -1;
        }
    if (rc == 0 && ws_db_add_gazetteer(db, user, &err) != WS_OK) {
        report_error(path, &err);
        rc = -1;
    }
    ws_gazetteer_free(user);
    return rc;
}

enum { OPT_MAX_DOC_SIZE = 256, OPT_BATCH };

static const struct option add_options[] = {
    {"input-format", required_argument, NULL, 'i'},
    DATA_LONG_OPTIONS,
    INPUT_FILTER_LONG_OPTIONS,
    {"max-doc-size", required_argument, NULL, OPT_MAX_DOC_SIZE},
    {"batch", required_argument, NULL, OPT_BATCH},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int db_add(int argc, char **argv)
{
    const char *help = PROG " db";
    cli_input_filter filter;
    data_options data;
    cli_input_format input_format = CLI_INPUT_AUTO;
    ws_gazetteer *gaz = NULL;
    ws_options limits = {0}; /* ws_options_default sets only the limits */
    add_run r = {.batch = DEFAULT_BATCH};
    ws_error err;
    int c, choice, status = EXIT_SOME_FAILED;
    size_t size;

    if (data_options_init(&data, argc) != 0)
        return EXIT_SOME_FAILED;
    if (input_filter_init(&filter, argc) != 0) {
        report(NULL, 0, -1, "out of memory");
        data_options_free(&data);
        return EXIT_SOME_FAILED;
    }
    ws_options_default(&limits);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":i:g:qh", add_options, NULL)) != -1) {
        if (data_option(&data, c, optarg))
            continue;
        if ((choice = input_filter_option(&filter, c, optarg)) != 0) {
            if (choice > 0)
                continue;
            status = usage_error(help, UNKNOWN_ENCODING, optarg);
            goto done;
        }
        switch (c) {
        case 'i':
            if ((choice = parse_choice(optarg, input_format_names)) < 0) {
                status = usage_error(help, "unknown input format '%s' (auto, text, jsonl or html)", optarg);
                goto done;
            }
            input_format = (cli_input_format)choice;
            break;
        case OPT_MAX_DOC_SIZE:
            if (parse_size(optarg, &limits.max_document_bytes) != 0) {
                status = usage_error(help, "bad --max-doc-size '%s'", optarg);
                goto done;
            }
            break;
        case OPT_BATCH:
            if (parse_size(optarg, &size) != 0) {
                status = usage_error(help, "bad --batch '%s' (a positive number)", optarg);
                goto done;
            }
            r.batch = size;
            break;
        case 'q':
            r.quiet = 1;
            break;
        case 'h':
            print_db_help();
            status = EXIT_ALL_OK;
            goto done;
        default:
            status = usage_error(help, "bad option '%s' for db add", argv[optind - 1]);
            goto done;
        }
    }
    if (argc - optind < 2) {
        status = usage_error(help, "db add needs a database and inputs");
        goto done;
    }
    r.path = argv[optind++];
    if ((status = load_data(&gaz, &data, help)) != EXIT_ALL_OK)
        goto done;
    status = EXIT_SOME_FAILED;
    if (ws_extractor_new(&r.extractor, gaz, &limits, &err) != WS_OK) {
        if (err.status == WS_ERR_USAGE)
            status = usage_error(help, "%s", err.message); /* --max-doc-size over the limit */
        else
            report_error(NULL, &err);
        goto done;
    }
    if (!(r.db = open_db(r.path, false)))
        goto done;
    if (ws_db_begin(r.db, &err) != WS_OK) {
        report_error(r.path, &err);
        goto done;
    }
    if (store_user_gazetteers(r.db, r.path, &data) != 0)
        goto done;
    /* The progress line of extract, on a terminal. */
    par_config one = {.jobs = 1, .extractor = r.extractor, .progress = !r.quiet && isatty(STDERR_FILENO),
                      .total = par_input_size(argv + optind, argc - optind)};
    if (par_open(&r.pool, &one, add_document, &r) != 0) {
        report(NULL, 0, -1, "out of memory");
        goto done;
    }
    for (int i = optind; i < argc && !r.db_failed; i++)
        cli_read_input_filtered(argv[i], input_format, limits.max_document_bytes, &filter, add_document,
                                add_warning, &r);
    par_close(r.pool);
    r.pool = NULL;
    if (!r.db_failed && ws_db_commit(r.db, &err) != WS_OK) {
        report_error(r.path, &err);
        r.db_failed = 1;
    }
    if (!r.quiet)
        fprintf(stderr, PROG ": %s: %zu added, %zu replaced, %zu unchanged, %zu failed\n", r.path,
                r.added, r.replaced, r.unchanged, r.failed);
    status = r.db_failed || r.failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
done:
    par_close(r.pool);
    ws_db_close(r.db); /* rolls back a batch left open by a failure */
    ws_extractor_free(r.extractor);
    ws_gazetteer_free(gaz);
    data_options_free(&data);
    input_filter_free(&filter);
    return status;
}

/* ---------------------------------------------------------------------- */
/* db stats and db export. */

static int print_speaker(const char *id, const char *name, long long quotes, void *ctx)
{
    (void)ctx;
    printf("  %8lld  %s (%s)\n", quotes, name ? name : "?", id);
    return 0;
}

static int db_stats(int argc, char **argv)
{
    ws_db_stats stats;
    ws_error err;
    ws_db *db;
    int status = EXIT_ALL_OK;

    if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
        print_db_help();
        return EXIT_ALL_OK;
    }
    if (argc != 2)
        return usage_error(PROG " db", "db stats needs one database");
    if (!(db = open_db(argv[1], true)))
        return EXIT_SOME_FAILED;
    if (ws_db_get_stats(db, &stats, &err) != WS_OK) {
        report_error(argv[1], &err);
        status = EXIT_SOME_FAILED;
    } else {
        printf("documents  %lld (%lld failed)\n"
               "entities   %lld\n"
               "mentions   %lld\n"
               "quotes     %lld\n"
               "clusters   %lld\n"
               "speakers   %lld\n"
               "top speakers by quotes:\n",
               stats.documents, stats.failed, stats.entities, stats.mentions, stats.quotes,
               stats.clusters, stats.speakers);
        if (ws_db_top_speakers(db, 10, print_speaker, NULL, &err) != WS_OK) {
            report_error(argv[1], &err);
            status = EXIT_SOME_FAILED;
        }
    }
    if (fflush(stdout) != 0 && status == EXIT_ALL_OK)
        status = EXIT_SOME_FAILED;
    ws_db_close(db);
    return status;
}

static const struct option export_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"out", required_argument, NULL, 'o'},
    CSV_LONG_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* The JSON Lines export, to standard output or to path (out_file: written
 * aside and renamed into place when complete); an exit code. */
static int export_jsonl(ws_db *db, const char *db_path, const char *path)
{
    out_file staged = {stdout, NULL, NULL};
    ws_error err;
    int ok;

    if (path && out_file_open(&staged, path) != 0)
        return EXIT_SOME_FAILED;
    ws_error_clear(&err);
    ok = ws_db_export_jsonl(db, staged.file, &err) == WS_OK;
    if (!ok)
        report_error(err.status == WS_ERR_IO && !err.file[0] ? (path ? path : "standard output") : db_path, &err);
    if (path) {
        ok = out_file_close(&staged, ok) == 0;
    } else if (fflush(stdout) != 0 || ferror(stdout)) {
        if (ok)
            report("standard output", 0, -1, strerror(errno));
        ok = 0;
    }
    return ok ? EXIT_ALL_OK : EXIT_SOME_FAILED;
}

static int db_export(int argc, char **argv)
{
    const char *help = PROG " db", *out = NULL;
    unsigned csv_flags = 0;
    ws_error err;
    ws_db *db;
    int c, jsonl = 0, status = EXIT_ALL_OK;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:h", export_options, NULL)) != -1) {
        if (csv_option(&csv_flags, c))
            continue;
        switch (c) {
        case 'f':
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "jsonl") != 0)
                return usage_error(help, "unknown export format '%s' (csv or jsonl)", optarg);
            jsonl = strcmp(optarg, "jsonl") == 0;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            print_db_help();
            return EXIT_ALL_OK;
        default:
            return usage_error(help, "bad option '%s' for db export", argv[optind - 1]);
        }
    }
    if (argc - optind != 1)
        return usage_error(help, "db export needs one database");
    if (!out && !jsonl)
        return usage_error(help, "db export --format csv needs --out DIR");
    if (jsonl && csv_flags)
        return usage_error(help, "--excel and --csv-raw are for --format csv");
    if (!(db = open_db(argv[optind], true)))
        return EXIT_SOME_FAILED;
    if (jsonl) {
        status = export_jsonl(db, argv[optind], out);
    } else if (ws_db_export_csv_with(db, out, csv_flags, &err) != WS_OK) {
        report_error(out, &err);
        status = EXIT_SOME_FAILED;
    }
    ws_db_close(db);
    return status;
}

int cmd_db(int argc, char **argv)
{
    if (argc < 2)
        return usage_error(PROG " db", "db needs a subcommand: add, stats or export");
    if (strcmp(argv[1], "add") == 0)
        return db_add(argc - 1, argv + 1);
    if (strcmp(argv[1], "stats") == 0)
        return db_stats(argc - 1, argv + 1);
    if (strcmp(argv[1], "export") == 0)
        return db_export(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_db_help();
        return EXIT_ALL_OK;
    }
    return usage_error(PROG " db", "unknown db subcommand '%s' (add, stats or export)", argv[1]);
}
