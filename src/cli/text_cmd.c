/*
 * text_cmd.c - the text command: prints the text whosaid analyses of each
 * input, exactly: for a web page, the article's text that offsets refer
 * to; for a text file, its bytes. A user checks spans and the reader's
 * choices against it. No gazetteers are loaded: nothing is extracted.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "input.h"
#include "../lib/base/utf8.h"

static const char *const input_format_names[] = {"auto", "text", "jsonl", "html", NULL};
static const char *const text_format_names[] = {"text", "jsonl", NULL};

/* As input.c writes metadata. */
#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15))

static void print_text_help(void)
{
    ws_options defaults;

    ws_options_default(&defaults);
    printf("Usage: " PROG " text [OPTIONS] INPUT...\n"
           "\n"
           "Prints the text " PROG " analyses of each input, exactly as extract\n"
           "reads it: for a web page, the title, a blank line and the article's\n"
           "paragraphs, one a line (offsets in extract's output refer to it); for a\n"
           "text file, its bytes. Inputs are read as extract reads them.\n"
           "\n"
           "Options:\n"
           "  -f, --format FORMAT        text (default): the text; one input file gives\n"
           "                             exactly its text, more documents each follow a\n"
           "                             line '==> ORIGIN <=='\n"
           "                             jsonl: one object per document, in input order:\n"
           "                             {\"doc\", \"origin\", metadata..., \"text\"}\n"
           "                               " PROG " text page.html\n"
           "                               " PROG " text -i html --format jsonl pages/\n"
           "  -i, --input-format FORMAT  auto (default: *.jsonl and *.ndjson are JSON\n"
           "                             Lines; *.html, *.htm and files that start as\n"
           "                             HTML are web pages; the rest text), text,\n"
           "                             jsonl or html\n"
           "      --max-doc-size SIZE    fail inputs larger than SIZE bytes; K, M and G\n"
           "                             multiply by 1024 (default %zuM)\n"
           "  -q, --quiet                do not report warnings (errors still are)\n"
           "  -h, --help                 show this help and exit\n"
           "\n"
           "A document that cannot be read is named on standard error; in jsonl it\n"
           "still gets a record, with an \"error\" object and \"text\": null.\n"
           "\n"
           "Exit status: 0 every input was read, 1 some could not be or the output\n"
           "could not be written, 2 usage error.\n",
           defaults.max_document_bytes >> 20);
}

typedef struct text_run {
    int jsonl;
    int headers; /* more than one document may come: each gets a header line */
    int quiet;
    int some_failed;
    int output_failed;
    size_t documents;
} text_run;

/* Text as a JSON string: invalid UTF-8 bytes become U+FFFD, as the
 * analyser reads them. */
static json_t *text_value(const char *s, size_t len)
{
    char *clean = malloc(len * 3 + 1);
    size_t n = 0;
    json_t *value;

    if (!clean)
        return NULL;
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t l = u[0] < 0x80 ? 1 : ws_utf8_seq_len(u, len - i);

        if (l) {
            memcpy(clean + n, s + i, l);
            n += l;
            i += l;
        } else {
            memcpy(clean + n, "\xEF\xBF\xBD", 3);
            n += 3;
            i++;
        }
    }
    value = json_stringn(clean, n);
    free(clean);
    return value;
}

static bool is_record_key(const char *key)
{
    return strcmp(key, "doc") == 0 || strcmp(key, "origin") == 0 || strcmp(key, "text") == 0 ||
           strcmp(key, "error") == 0;
}

/* {"doc", "origin", metadata..., "text"}; a metadata key named like one of
 * these, or like a field renamed before it, gets "input_" prepended until
 * it is free, as in extract's records. */
static char *record_of(const ws_document *doc, const ws_error *failed)
{
    json_t *rec = json_object(), *meta = NULL, *value, *text;
    const char *key;
    char *line = NULL;
    int rc;

    if (!rec)
        return NULL;
    rc = json_object_set_new(rec, "doc", json_string(doc->id)) |
         json_object_set_new(rec, "origin", json_string(doc->origin ? doc->origin : ""));
    if (doc->meta_json && !(meta = json_loads(doc->meta_json, JSON_ALLOW_NUL, NULL)))
        rc = -1;
    /* (key must stay the iteration's own: the renamed name is another string) */
    json_object_foreach(meta, key, value) {
        char *name = strdup(key);

        while (name && (is_record_key(name) || json_object_get(rec, name))) {
            size_t size = strlen(name) + sizeof "input_";
            char *longer = malloc(size);

            if (longer)
                snprintf(longer, size, "input_%s", name);
            free(name);
            name = longer;
        }
        rc |= name ? json_object_set(rec, name, value) : -1;
        free(name);
    }
    if (failed) {
        json_t *err = json_pack("{s:s, s:s, s:s?, s:I, s:I}", "status", ws_status_str(failed->status),
                                "message", failed->message, "file", failed->file[0] ? failed->file : NULL,
                                "line", (json_int_t)failed->line, "byte", (json_int_t)failed->byte);

        rc |= json_object_set_new(rec, "error", err);
        text = json_null();
    } else {
        text = text_value(doc->text, doc->len);
    }
    rc |= json_object_set_new(rec, "text", text);
    if (rc == 0)
        line = json_dumps(rec, DUMP_FLAGS);
    json_decref(meta);
    json_decref(rec);
    return line;
}

static int on_text(const ws_document *doc, const ws_error *failed, void *ctx)
{
    text_run *r = ctx;

    if (failed) {
        report_error(doc->origin, failed);
        r->some_failed = 1;
    }
    if (r->jsonl) {
        char *line = record_of(doc, failed);

        if (!line) {
            report(doc->origin, 0, -1, "out of memory");
            r->output_failed = 1;
            return 1;
        }
        puts(line);
        free(line);
    } else if (!failed) {
        if (r->headers)
            printf("%s==> %s <==\n", r->documents > 0 ? "\n" : "", doc->origin);
        fwrite(doc->text, 1, doc->len, stdout);
        if (r->headers && doc->len > 0 && doc->text[doc->len - 1] != '\n')
            putchar('\n');
    }
    r->documents++;
    /* a closed pipe or a full disk: no use reading on */
    if (ferror(stdout)) {
        if (errno != EPIPE)
            report("standard output", 0, -1, strerror(errno));
        r->output_failed = 1;
        return 1;
    }
    return 0;
}

static void on_warning(const char *path, const char *message, void *ctx)
{
    const text_run *r = ctx;

    if (!r->quiet)
        report(path, 0, -1, message);
}

enum { OPT_MAX_DOC_SIZE = 256 };

static const struct option text_options[] = {
    {"format", required_argument, NULL, 'f'},
    {"input-format", required_argument, NULL, 'i'},
    {"max-doc-size", required_argument, NULL, OPT_MAX_DOC_SIZE},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* One document comes of one input only when it is a file read whole. */
static int several_documents(char **inputs, int count, cli_input_format format)
{
    size_t len;

    if (count != 1)
        return 1;
    if (format == CLI_INPUT_JSONL || is_dir(inputs[0]))
        return 1;
    len = strlen(inputs[0]);
    return format == CLI_INPUT_AUTO &&
           ((len >= 6 && strcmp(inputs[0] + len - 6, ".jsonl") == 0) ||
            (len >= 7 && strcmp(inputs[0] + len - 7, ".ndjson") == 0));
}

int cmd_text(int argc, char **argv)
{
    const char *help = PROG " text";
    cli_input_format input_format = CLI_INPUT_AUTO;
    ws_options limits;
    text_run r = {0};
    int c, choice;

    ws_options_default(&limits);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:i:qh", text_options, NULL)) != -1) {
        switch (c) {
        case 'f':
            if ((choice = parse_choice(optarg, text_format_names)) < 0)
                return usage_error(help, "unknown text format '%s' (text or jsonl)", optarg);
            r.jsonl = choice == 1;
            break;
        case 'i':
            if ((choice = parse_choice(optarg, input_format_names)) < 0)
                return usage_error(help, "unknown input format '%s' (auto, text, jsonl or html)", optarg);
            input_format = (cli_input_format)choice;
            break;
        case OPT_MAX_DOC_SIZE:
            if (parse_size(optarg, &limits.max_document_bytes) != 0)
                return usage_error(help, "bad --max-doc-size '%s' (a positive number of bytes, "
                                         "with K, M or G)", optarg);
            break;
        case 'q':
            r.quiet = 1;
            break;
        case 'h':
            print_text_help();
            return EXIT_ALL_OK;
        case ':':
            return usage_error(help, "option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error(help, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind == argc)
        return usage_error(help, "no inputs (give files, folders, or - for standard input)");
    r.headers = several_documents(argv + optind, argc - optind, input_format);
    for (int i = optind; i < argc && !r.output_failed; i++)
        cli_read_input(argv[i], input_format, limits.max_document_bytes, on_text, on_warning, &r);
    if (!r.output_failed && fflush(stdout) != 0) {
        if (errno != EPIPE)
            report("standard output", 0, -1, strerror(errno));
        r.output_failed = 1;
    }
    return r.some_failed || r.output_failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
}
