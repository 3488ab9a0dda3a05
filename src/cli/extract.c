/*
 * extract.c - the extract command: parses its options, loads the
 * gazetteers, then extracts each input document and writes its record at
 * once, so that memory use does not grow with the number of documents.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "input.h"
#include "input_filter.h"
#include "parallel.h"
#include "ws_config.h"


typedef enum output_format { FORMAT_JSONL, FORMAT_JSON, FORMAT_CSV, FORMAT_HTML, FORMAT_EXPLAIN } output_format;

/* Names of output_format and cli_input_format values, in enum order. */
static const char *const output_format_names[] = {"jsonl", "json", "csv", "html", "explain", NULL};
static const char *const input_format_names[] = {"auto", "text", "jsonl", "html", NULL};

static void print_extract_help(void)
{
    ws_options defaults;

    ws_options_default(&defaults);
    printf("Usage: " PROG " extract [OPTIONS] INPUT...\n"
           "\n"
           "Extracts the entities and quotations of each document and writes one\n"
           "record per document as soon as it is done.\n"
           "\n"
           "Inputs:\n"
           "  FILE          a text file: one document, whose id is the file name\n"
           "                without folders and extension (news/a.txt -> a)\n"
           "  FILE.jsonl    JSON Lines (also *.ndjson): a document per line, an object\n"
           "                with \"text\" (string) and \"id\" (string or integer; default\n"
           "                NAME:LINE); its other fields are copied to the output. A\n"
           "                record with \"html\" instead of \"text\" is a web page\n"
           "  FILE.html     a web page (also *.htm, and any file that starts as HTML):\n"
           "                the document is its article's text ('" PROG " text' shows\n"
           "                it); its title, author, date, url, site and lang are\n"
           "                metadata\n"
           "  FOLDER        every file below it, in name order; names starting with\n"
           "                '.' are skipped, and so are files that are not text\n"
           "                (with a warning); --include and --exclude choose\n"
           "  -             standard input: text, or a web page when it starts\n"
           "                as HTML, unless -i says jsonl or html\n"
           "\n"
           "Options:\n"
           "  -f, --format FORMAT        output format:\n"
           "                               jsonl  one JSON object per line (default)\n"
           "                               json   one JSON array, one object per line\n"
           "                               csv    documents.csv, entities.csv,\n"
           "                                      mentions.csv, quotes.csv in --out\n"
           "                               html   index.html and a page per document\n"
           "                                      in --out, to read in a browser\n"
           "                               explain  for a person: each quote with its\n"
           "                                      speaker and the rule and text that\n"
           "                                      decided it (also --explain)\n"
           "                               " PROG " extract -f csv -o tables news/\n"
           CSV_OPTIONS_HELP
           "      --fields LIST          jsonl and json: the parts each record holds, of\n"
           "                             entities, mentions (each entity's own, so with\n"
           "                             entities) and quotes, separated by commas\n"
           "                             (default: all three); doc, origin, metadata,\n"
           "                             length, error and warnings are always there\n"
           "                               " PROG " extract --fields quotes feed.jsonl\n"
           "  -o, --out PATH             write to PATH instead of standard output; a\n"
           "                             folder for csv and html (required, created if\n"
           "                             missing).\n"
           "                             Results appear there only when complete.\n"
           "                               " PROG " extract -o out.jsonl news/\n"
           "  -i, --input-format FORMAT  auto (default: *.jsonl and *.ndjson are JSON\n"
           "                             Lines; *.html, *.htm and files that start as\n"
           "                             HTML are web pages; the rest text), text,\n"
           "                             jsonl or html\n"
           "                               cat feed.jsonl | " PROG " extract -i jsonl -\n"
           INPUT_FILTER_HELP
           DATA_OPTIONS_HELP
           "      --max-doc-size SIZE    fail documents larger than SIZE bytes; K, M and\n"
           "                             G multiply by 1024 (default %zuM)\n"
           "                               " PROG " extract --max-doc-size 512K news/\n"
           "      --max-quote-size SIZE  a quote mark left open longer than SIZE bytes\n"
           "                             opens no quote (default %zuK)\n"
           "                               " PROG " extract --max-quote-size 2K news/\n"
           "      --strict               warnings (invalid UTF-8 replaced, an empty\n"
           "                             document, a skipped file) also exit with 1\n"
           "                               " PROG " extract --strict feed.jsonl\n"
           "      --explain              the same as --format explain\n"
           "                               " PROG " extract --explain article.txt\n"
           "      --indirect             also report reported speech without quote\n"
           "                             marks (\"Peskov said that ...\"), kind indirect\n"
           "                               " PROG " extract --indirect news/\n"
           "  -j, --jobs N               extract on N threads (0: one per core);\n"
           "                             the output is the same, in input order\n"
           "                               " PROG " extract -j 0 big.jsonl > out.jsonl\n"
           "  -q, --quiet                do not report warnings (errors still are), nor\n"
           "                             show progress (shown on a terminal)\n"
           "                               " PROG " extract -q news/ > out.jsonl\n"
           "  -h, --help                 show this help and exit\n"
           "\n"
           "Bundled gazetteers: $" GAZETTEERS_ENV " if it is set, else the first\n"
           "folder that exists of:\n"
           "  <folder of the " PROG " program>/" RELOCATABLE_GAZETTEERS "\n"
           "  " WS_GAZETTEER_INSTALL_DIR "\n"
           "  " WS_GAZETTEER_SOURCE_DIR "\n"
           "Bundled word lists: $" LEXICON_ENV ", else likewise:\n"
           "  <folder of the " PROG " program>/" RELOCATABLE_LEXICON "\n"
           "  " WS_LEXICON_INSTALL_DIR "\n"
           "  " WS_LEXICON_SOURCE_DIR "\n"
           "\n"
           "Errors and warnings go to standard error as '" PROG ": FILE[:LINE]: message'.\n"
           "A document that fails still gets a record, with its error.\n"
           "Interrupted (SIGINT, SIGTERM), it stops after the current document, removes\n"
           "its partial --out output and ends by the signal.\n"
           "\n"
           "Exit status:\n"
           "  0  every document was processed\n"
           "  1  some documents failed, or the output could not be written; with\n"
           "     --strict, also when there were warnings\n"
           "  2  usage error: unknown option, bad value, no inputs, csv or html\n"
           "     without --out, or gazetteers that cannot be found or loaded\n"
           "\n"
           "The output (JSON fields, CSV columns) is documented in README.md.\n",
           defaults.max_document_bytes >> 20, defaults.max_quote_bytes >> 10);
}

/* ---------------------------------------------------------------------- */
/* Output. */

typedef struct output {
    output_format format;
    unsigned csv_flags;     /* WS_CSV_*: --excel, --csv-raw */
    ws_jsonl_writer *jsonl; /* jsonl and json: --fields */
    const char *path;       /* --out, or NULL for standard output */
    out_file staged;        /* -o: written aside until it is complete */
    FILE *file;             /* jsonl and json */
    ws_csv_writer *csv;
    ws_html_writer *html;
    size_t records;
    par_pool *pool;         /* may hold JSON Lines records made by workers */
} output;

/* Reports a write error, except a closed pipe on standard output
 * (`whosaid extract ... | head`), which only means the reader is done. */
static void report_write_error(const output *out, int errnum, const ws_error *err)
{
    const char *where = out->path ? out->path : "standard output";

    if (!out->path && errnum == EPIPE)
        return;
    if (err)
        report_error(where, err);
    else
        report(where, 0, -1, strerror(errnum));
}

static int output_open(output *out)
{
    ws_error err;

    if (out->format == FORMAT_CSV) {
        if (ws_csv_open_with(&out->csv, out->path, out->csv_flags, &err) != WS_OK) {
            report_error(out->path, &err);
            return -1;
        }
        return 0;
    }
    if (out->format == FORMAT_HTML) {
        if (ws_html_open(&out->html, out->path, &err) != WS_OK) {
            report_error(out->path, &err);
            return -1;
        }
        return 0;
    }
    if (!out->path) {
        /* fewer, larger writes; a terminal still sees each line as it comes */
        static char stdout_buffer[64 << 10];
        if (!isatty(STDOUT_FILENO))
            setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
        out->file = stdout;
        return 0;
    }
    if (out_file_open(&out->staged, out->path) != 0)
        return -1;
    out->file = out->staged.file;
    return 0;
}

/* A JSON Lines record, or an element of the JSON array: the record a
 * worker made, else made here. */
static ws_status write_record(output *out, ws_result *res, ws_error *err)
{
    const char *record;
    size_t len;

    if (!par_record(out->pool, res, &record, &len)) {
        ws_status status = ws_jsonl_writer_record(out->jsonl, res, &record, &len, err);
        if (status != WS_OK)
            return status;
    }
    /* In the array the separator (",\n") goes before the next record: a
     * record is written without its newline. */
    if (out->format == FORMAT_JSON) {
        fputs(out->records == 0 ? "[\n" : ",\n", out->file);
        len--;
    }
    /* Write errors are sticky: ferror covers the separator too. */
    if (fwrite(record, 1, len, out->file) != len || ferror(out->file)) {
        int saved_errno = errno; /* EPIPE is no error on standard output */

        err->status = WS_ERR_IO;
        snprintf(err->message, sizeof err->message, "cannot write output: %s", strerror(saved_errno));
        errno = saved_errno;
        return WS_ERR_IO;
    }
    return WS_OK;
}

/* Prints a span's text on one line: newlines become spaces. */
static void put_span(FILE *f, ws_result *res, ws_span span)
{
    const char *text = ws_result_text(res, span, NULL);

    for (const char *p = text ? text : ""; *p; p++)
        fputc(*p == '\n' ? ' ' : *p, f);
}

/* --explain: each quote with its speaker, and the rule and text that decided it. */
static ws_status write_explanation(FILE *f, ws_result *res, ws_error *err)
{
    size_t nquotes = ws_result_quote_count(res);
    const ws_error *failed = ws_result_error(res);

    fprintf(f, "== %s (%s): %zu quotes, %zu entities\n", ws_result_doc_id(res), ws_result_origin(res),
            nquotes, ws_result_entity_count(res));
    if (failed)
        fprintf(f, "   not processed: %s\n", failed->message);
    for (size_t i = 0; i < nquotes; i++) {
        const ws_quote *q = ws_result_quote(res, i);
        const ws_entity *who = q->speaker == WS_NO_ENTITY ? NULL : ws_result_entity(res, q->speaker);

        fprintf(f, "q%zu  %s  \u201c", i + 1, ws_quote_kind_str(q->kind));
        put_span(f, res, q->span);
        fprintf(f, "\u201d\n    speaker:    ");
        if (who)
            fprintf(f, "%s [%s]", who->name, who->id);
        else
            fputs("none", f);
        if (q->speaker_span.end > q->speaker_span.start) {
            fputs(", written \u201c", f);
            put_span(f, res, q->speaker_span);
            fputs("\u201d", f);
        }
        fputs("\n    cue:        ", f);
        if (q->cue_span.end > q->cue_span.start)
            put_span(f, res, q->cue_span);
        else
            fputs("none", f);
        fprintf(f, "\n    rule:       %s: %s\n", who && q->method ? ws_quote_method_str(q->method) : "none",
                q->unattributed ? q->unattributed : ws_quote_method_rule(q->method));
        fprintf(f, "    confidence: %.2f\n    evidence:   bytes %zu-%zu: ", q->confidence,
                q->sentence.start, q->sentence.end);
        put_span(f, res, q->sentence);
        fputc('\n', f);
    }
    if (ferror(f)) {
        snprintf(err->message, sizeof err->message, "cannot write output: %s", strerror(errno));
        return WS_ERR_IO;
    }
    return WS_OK;
}

static int output_write(output *out, ws_result *res)
{
    ws_error err;
    ws_status status;

    ws_error_clear(&err);
    switch (out->format) {
    case FORMAT_CSV:
        status = ws_csv_write(out->csv, res, &err);
        break;
    case FORMAT_HTML:
        status = ws_html_write(out->html, res, &err);
        break;
    case FORMAT_EXPLAIN:
        status = write_explanation(out->file, res, &err);
        break;
    default: /* FORMAT_JSONL, FORMAT_JSON */
        status = write_record(out, res, &err);
        break;
    }
    if (status != WS_OK) {
        report_write_error(out, errno, &err);
        return -1;
    }
    out->records++;
    return 0;
}

/* Finishes the output and, when ok, publishes it; else removes what was
 * written. Returns 0 when the output was published. */
static int output_close(output *out, int ok)
{
    ws_error err;

    if (out->format == FORMAT_CSV) {
        if (!ok) {
            ws_csv_abort(out->csv);
            return -1;
        }
        if (ws_csv_close(out->csv, &err) != WS_OK) {
            report_error(out->path, &err);
            return -1;
        }
        return 0;
    }
    if (out->format == FORMAT_HTML) {
        if (!ok) {
            ws_html_abort(out->html);
            return -1;
        }
        if (ws_html_close(out->html, &err) != WS_OK) {
            report_error(out->path, &err);
            return -1;
        }
        return 0;
    }
    if (ok && out->format == FORMAT_JSON)
        fputs(out->records == 0 ? "[\n]\n" : "\n]\n", out->file);
    if (out->file != stdout)
        return out_file_close(&out->staged, ok);
    /* Write errors are sticky: one check after the flush covers them all. */
    if (ok && (fflush(out->file) != 0 || ferror(out->file))) {
        report_write_error(out, errno, NULL);
        ok = 0;
    }
    return ok ? 0 : -1;
}

/* ---------------------------------------------------------------------- */
/* Extraction. */

typedef struct run {
    ws_extractor *extractor;
    par_pool *pool;
    output *out;
    int quiet;
    int strict;
    int some_failed;
    int output_failed;
    int warned; /* for --strict */
} run;

/* The signal that asked the run to stop, or 0. A handler can safely do
 * little more than set it: the run checks it between documents. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

/* No SA_RESTART: a read blocked on a pipe returns, so that the run stops.
 * A signal ignored at the start (nohup, a background job) stays ignored. */
static void catch_interrupts(void)
{
    static const int signals[] = {SIGINT, SIGTERM};
    struct sigaction sa = {.sa_handler = on_interrupt}, old;

    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(signals[i], &sa, NULL);
}

static void report_warnings(const ws_result *res, const char *origin)
{
    size_t count = ws_result_warning_count(res);

    for (size_t i = 0; i < count; i++) {
        const ws_warning *warning = ws_result_warning(res, i);

        report(origin, 0, warning->byte, warning->message);
    }
}

/* Extracts one document (or records why it could not be read) and writes
 * its result. A failed document is reported and still written, so that
 * every input is accounted for in the output. */
static int on_document(const ws_document *doc, const ws_error *failed, void *ctx)
{
    run *r = ctx;
    ws_result *res = NULL;
    ws_error err;
    ws_status status;

    /* Interrupted, the document may be cut short: it is not written. */
    if (interrupted)
        return 1;
    /* With workers, this comes back here in input order once extracted. */
    if (!par_emitting(r->pool))
        return par_submit(r->pool, doc, failed);
    if (failed) {
        report_error(doc->origin, failed);
        r->some_failed = 1;
        status = ws_result_new_failed(doc, failed, &res);
        if (status != WS_OK)
            report(doc->origin, 0, -1, ws_status_str(status));
    } else if (par_extract(r->pool, doc, &res, &err) != WS_OK) {
        report_error(doc->origin, &err);
        r->some_failed = 1;
    }
    /* Without a result, memory ran out: it has been reported. */
    if (!res)
        return 0;
    if (ws_result_warning_count(res) > 0)
        r->warned = 1;
    if (!r->quiet)
        report_warnings(res, doc->origin);
    if (output_write(r->out, res) != 0)
        r->output_failed = 1;
    par_release(r->pool, res);
    return r->output_failed;
}

/* An input that is no document (a named pipe in a folder) was skipped. */
static void on_skipped(const char *path, const char *message, void *ctx)
{
    run *r = ctx;

    r->warned = 1;
    if (!r->quiet)
        report(path, 0, -1, message);
}

/* ---------------------------------------------------------------------- */
/* Options. */

typedef struct extract_options {
    output_format format;
    unsigned fields;       /* WS_JSONL_*: --fields */
    const char *fields_arg; /* as given, or NULL */
    const char *out_path;
    cli_input_format input_format;
    data_options data;
    ws_options limits;
    int quiet;
    int strict;
    unsigned jobs;
    unsigned csv_flags;
    cli_input_filter filter; /* --include, --exclude, --input-encoding */
} extract_options;

enum { OPT_MAX_QUOTE_SIZE = 300, OPT_STRICT, OPT_FIELDS };

enum { OPT_MAX_DOC_SIZE = 256, OPT_EXPLAIN, OPT_INDIRECT }; /* long options without a short form */

static const struct option extract_long_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"fields", required_argument, NULL, OPT_FIELDS},
    {"out", required_argument, NULL, 'o'},
    {"input-format", required_argument, NULL, 'i'},
    DATA_LONG_OPTIONS,
    {"max-doc-size", required_argument, NULL, OPT_MAX_DOC_SIZE},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"indirect", no_argument, NULL, OPT_INDIRECT},
    {"max-quote-size", required_argument, NULL, OPT_MAX_QUOTE_SIZE},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    CSV_LONG_OPTIONS,
    INPUT_FILTER_LONG_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};


/* The long name of an option, for messages ("format"), or NULL. */
static const char *option_name(int val)
{
    for (const struct option *o = extract_long_options; o->name; o++)
        if (o->val == val)
            return o->name;
    return NULL;
}

/* The names --fields takes, and the keys each stands for. */
static const struct {
    const char *name;
    unsigned fields;
} field_names[] = {
    {"entities", WS_JSONL_ENTITIES},
    {"mentions", WS_JSONL_ENTITIES | WS_JSONL_MENTIONS}, /* written in their entities */
    {"quotes", WS_JSONL_QUOTES},
};

/* --fields: names separated by commas, read into *fields (WS_JSONL_*).
 * Returns NULL, or the name that is none, *bad_len bytes long. */
static const char *parse_fields(const char *list, unsigned *fields, size_t *bad_len)
{
    *fields = 0;
    for (const char *name = list;; name++) {
        size_t len = strcspn(name, ","), i = 0;

        while (i < sizeof field_names / sizeof *field_names &&
               !(strlen(field_names[i].name) == len && memcmp(field_names[i].name, name, len) == 0))
            i++;
        if (i == sizeof field_names / sizeof *field_names) {
            *bad_len = len;
            return name;
        }
        *fields |= field_names[i].fields;
        name += len;
        if (!*name)
            return NULL;
    }
}

/* Parses the options of extract; *first_input is the index of the first
 * input in argv. Returns -1 to go on, or an exit code. */
static int parse_extract_options(int argc, char **argv, extract_options *opt, int *first_input)
{
    const char *help = PROG " extract";
    int c, choice;

    opterr = 0; /* our own messages, in our own format */
    while ((c = getopt_long(argc, argv, ":f:o:i:g:j:qh", extract_long_options, NULL)) != -1) {
        if (data_option(&opt->data, c, optarg) || csv_option(&opt->csv_flags, c))
            continue;
        if ((choice = input_filter_option(&opt->filter, c, optarg)) != 0) {
            if (choice < 0)
                return usage_error(help, UNKNOWN_ENCODING, optarg);
            continue;
        }
        switch (c) {
        case 'f':
            if ((choice = parse_choice(optarg, output_format_names)) < 0)
                return usage_error(help, "unknown output format '%s' (jsonl, json, csv or html)", optarg);
            opt->format = (output_format)choice;
            break;
        case OPT_FIELDS: {
            size_t bad_len = 0;
            const char *bad = parse_fields(optarg, &opt->fields, &bad_len);
            if (bad)
                return usage_error(help, "unknown field '%.*s' in --fields '%s' (entities, mentions or quotes)",
                                   (int)bad_len, bad, optarg);
            opt->fields_arg = optarg;
            break;
        }
        case 'o':
            opt->out_path = optarg;
            break;
        case 'i':
            if ((choice = parse_choice(optarg, input_format_names)) < 0)
                return usage_error(help, "unknown input format '%s' (auto, text, jsonl or html)", optarg);
            opt->input_format = (cli_input_format)choice;
            break;
        case OPT_MAX_DOC_SIZE:
            if (parse_size(optarg, &opt->limits.max_document_bytes) != 0)
                return usage_error(help, "bad --max-doc-size '%s' (a positive number of bytes, "
                                         "with K, M or G)", optarg);
            break;
        case OPT_EXPLAIN:
            opt->format = FORMAT_EXPLAIN;
            break;
        case OPT_INDIRECT:
            opt->limits.indirect = 1;
            break;
        case OPT_MAX_QUOTE_SIZE:
            if (parse_size(optarg, &opt->limits.max_quote_bytes) != 0)
                return usage_error(help, "bad --max-quote-size '%s' (a positive number of bytes, "
                                         "with K, M or G)", optarg);
            break;
        case OPT_STRICT:
            opt->strict = 1;
            break;
        case 'j': {
            char *end;
            unsigned long n = strtoul(optarg, &end, 10);
            if (*optarg < '0' || *optarg > '9' || *end || n > 1024)
                return usage_error(help, "bad --jobs '%s' (0 to 1024; 0: one per core)", optarg);
            long cores = sysconf(_SC_NPROCESSORS_ONLN);
            opt->jobs = n ? (unsigned)n : cores > 1 ? (unsigned)cores : 1;
            break;
        }
        case 'q':
            opt->quiet = 1;
            break;
        case 'h':
            print_extract_help();
            return EXIT_ALL_OK;
        case ':':
            return usage_error(help, "option --%s needs a value", option_name(optopt));
        default:
            /* getopt_long sets optopt to 0 for an unknown long option, and
             * to a known one's value when it was given a value it takes not. */
            if (optopt == 0)
                return usage_error(help, "unknown option '%s'", argv[optind - 1]);
            if (option_name(optopt))
                return usage_error(help, "option --%s takes no value", option_name(optopt));
            return usage_error(help, "unknown option '-%c'", optopt);
        }
    }
    if (optind == argc)
        return usage_error(help, "no inputs (give files, folders, or - for standard input)");
    if ((opt->format == FORMAT_CSV || opt->format == FORMAT_HTML) && !opt->out_path)
        return usage_error(help, "--format %s needs --out FOLDER", output_format_names[opt->format]);
    if (opt->csv_flags && opt->format != FORMAT_CSV)
        return usage_error(help, "--excel and --csv-raw are for --format csv");
    if (opt->fields_arg && opt->format != FORMAT_JSONL && opt->format != FORMAT_JSON)
        return usage_error(help, "--fields is for --format jsonl and json");
    *first_input = optind;
    return -1;
}

int cmd_extract(int argc, char **argv)
{
    extract_options opt = {.format = FORMAT_JSONL, .fields = WS_JSONL_ALL, .input_format = CLI_INPUT_AUTO, .jobs = 1};
    ws_gazetteer *gaz = NULL;
    output out = {0};
    run r = {0};
    ws_error err;
    int first_input = 0, status;

    ws_options_default(&opt.limits);
    if (data_options_init(&opt.data, argc) != 0)
        return EXIT_SOME_FAILED;
    if (input_filter_init(&opt.filter, argc) != 0) {
        report(NULL, 0, -1, "out of memory");
        data_options_free(&opt.data);
        return EXIT_SOME_FAILED;
    }
    status = parse_extract_options(argc, argv, &opt, &first_input);
    if (status >= 0)
        goto done;
    status = load_data(&gaz, &opt.data, PROG " extract");
    if (status != EXIT_ALL_OK)
        goto done;
    if (ws_extractor_new(&r.extractor, gaz, &opt.limits, &err) != WS_OK) {
        if (err.status == WS_ERR_USAGE) {
            status = usage_error(PROG " extract", "%s", err.message); /* --max-doc-size over the limit */
        } else {
            report_error(NULL, &err);
            status = EXIT_SOME_FAILED;
        }
        goto done;
    }
    out.format = opt.format;
    out.csv_flags = opt.csv_flags;
    out.path = opt.out_path;
    if ((out.format == FORMAT_JSONL || out.format == FORMAT_JSON) &&
        ws_jsonl_writer_new(&out.jsonl, opt.fields, &err) != WS_OK) {
        report_error(NULL, &err);
        status = EXIT_SOME_FAILED;
        goto done;
    }
    if (output_open(&out) != 0) {
        status = EXIT_SOME_FAILED;
        goto done;
    }
    r.out = &out;
    r.quiet = opt.quiet;
    r.strict = opt.strict;
    par_config workers = {.jobs = opt.jobs, .extractor = r.extractor, .render_jsonl = out.jsonl != NULL,
                          .jsonl_fields = opt.fields, .progress = !opt.quiet && isatty(STDERR_FILENO),
                          .total = par_input_size(argv + first_input, argc - first_input)};
    if (par_open(&r.pool, &workers, on_document, &r) != 0) {
        report(NULL, 0, -1, "out of memory");
        r.output_failed = 1;
    }
    out.pool = r.pool;
    catch_interrupts();
    for (int i = first_input; i < argc && !r.output_failed && !interrupted; i++)
        cli_read_input_filtered(argv[i], opt.input_format, opt.limits.max_document_bytes, &opt.filter,
                                on_document, on_skipped, &r);
    par_close(r.pool); /* the last documents are written */
    out.pool = NULL;
    if (output_close(&out, !r.output_failed && !interrupted) != 0)
        r.output_failed = 1;
    status = r.some_failed || r.output_failed || (r.strict && r.warned) ? EXIT_SOME_FAILED
                                                                        : EXIT_ALL_OK;
done:
    ws_jsonl_writer_free(out.jsonl);
    ws_extractor_free(r.extractor);
    ws_gazetteer_free(gaz);
    data_options_free(&opt.data);
    input_filter_free(&opt.filter);
    /* The partial output is gone: end as the signal would have ended us. */
    if (interrupted) {
        signal(interrupted, SIG_DFL);
        raise(interrupted);
    }
    return status;
}
