/*
 * cli.h - what the commands of the whosaid program share: exit codes,
 * messages, option values and the gazetteer lookup. The program uses the
 * library's public API (whosaid.h) only.
 */
#ifndef WS_CLI_H
#define WS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "whosaid.h"

/* Exit codes; documented in the help texts and README.md. */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1, /* documents failed or the output could not be written */
    EXIT_USAGE = 2
};

#define PROG "whosaid"
#define GAZETTEERS_ENV "WHOSAID_GAZETTEERS"
#define LEXICON_ENV "WHOSAID_LEXICON"
/* Relative to the folder of the program, for an installed tree moved elsewhere. */
#define RELOCATABLE_GAZETTEERS "../share/whosaid/gazetteers"
#define RELOCATABLE_LEXICON "../share/whosaid/lexicon/en"

#if defined(__GNUC__)
#define CLI_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLI_PRINTF(fmt, args)
#endif

/* "whosaid: message" and "try 'HELP_COMMAND --help'"; returns EXIT_USAGE. */
int usage_error(const char *help_command, const char *fmt, ...) CLI_PRINTF(2, 3);
/* "whosaid: WHERE[:LINE]: [byte N: ]message" on standard error. */
void report(const char *where, unsigned long line, long long byte, const char *message);
/* An error is about err->file when it names one, else about `about`. */
void report_error(const char *about, const ws_error *err);

bool is_dir(const char *path);

/* What the commands that read names load: the bundled gazetteers and word
 * lists, then the user's folders, in order. */
typedef struct data_options {
    const char **gazetteer_dirs; /* -g */
    size_t gazetteer_count;
    const char **lexicon_dirs; /* --lexicon */
    size_t lexicon_count;
    int no_bundled_gazetteers, no_bundled_lexicon;
} data_options;

/* Their long options, for a command's getopt_long table (-g is "g:"). */
enum { OPT_NO_BUNDLED_GAZETTEERS = 200, OPT_LEXICON, OPT_NO_BUNDLED_LEXICON };
#define DATA_LONG_OPTIONS                                                         \
    {"gazetteers", required_argument, NULL, 'g'},                                 \
    {"no-bundled-gazetteers", no_argument, NULL, OPT_NO_BUNDLED_GAZETTEERS},      \
    {"lexicon", required_argument, NULL, OPT_LEXICON},                            \
    {"no-bundled-lexicon", no_argument, NULL, OPT_NO_BUNDLED_LEXICON}
/* Their help, for a command's --help. */
#define DATA_OPTIONS_HELP                                                                        \
    "  -g, --gazetteers DIR       also load the gazetteers (*.tsv) in DIR; its\n"                \
    "                             entries override the bundled ones with the same\n"            \
    "                             id; repeat to add folders, later ones override\n"             \
    "                             earlier ones\n"                                               \
    "                               " PROG " extract -g my-gazetteers/ a.txt\n"                   \
    "      --no-bundled-gazetteers  load only the -g folders\n"                                  \
    "      --lexicon DIR          also load the word lists in DIR (speech verbs,\n"             \
    "                             titles...: data/lexicon/README.md); their entries\n"          \
    "                             add to the bundled lists, '!entry' takes one out\n"           \
    "                               " PROG " extract --lexicon my-words/ a.txt\n"                 \
    "      --no-bundled-lexicon   load only the --lexicon folders\n"

/* The options of CSV output (extract -f csv, db export, search -f csv):
 * the library's WS_CSV_* flags. */
enum { OPT_CSV_RAW = 210, OPT_EXCEL };
#define CSV_LONG_OPTIONS                                   \
    {"csv-raw", no_argument, NULL, OPT_CSV_RAW},           \
    {"excel", no_argument, NULL, OPT_EXCEL}
#define CSV_OPTIONS_HELP                                                                         \
    "      --excel                CSV for Excel: a UTF-8 byte order mark first, so that\n"     \
    "                             accents and curly quotes show as written\n"                  \
    "      --csv-raw              CSV cells exactly as they are: no escaping of cells a\n"      \
    "                             spreadsheet would run as formulas (=, +, -, @), for\n"       \
    "                             programs rather than spreadsheets\n"
/* Takes getopt_long's c when it is one of CSV_LONG_OPTIONS: 1; else 0. */
int csv_option(unsigned *flags, int c);

/* Room for argc folders; -1 when memory runs out (reported). */
int data_options_init(data_options *o, int argc);
void data_options_free(data_options *o);
/* Takes getopt_long's c when it is one of DATA_LONG_OPTIONS: 1; else 0. */
int data_option(data_options *o, int c, const char *arg);
/* A new gazetteer with what o says loaded, into *gaz; an exit code. */
int load_data(ws_gazetteer **gaz, const data_options *o, const char *command);
/* The index of value in a NULL-terminated list of names, or -1. */
int parse_choice(const char *value, const char *const *names);
/* A positive number of bytes, optionally with K, M or G (powers of 1024); 0 or -1. */
int parse_size(const char *text, size_t *out);

/* An output file written under a temporary name (PATH.tmp) and renamed
 * into place when complete, so that a reader never sees half of it; or,
 * when PATH is not a regular file (/dev/null, a pipe, a symbolic link),
 * written in place, which a rename would replace. */
typedef struct out_file {
    FILE *file;
    const char *path;
    char *tmp_path; /* NULL when written in place */
} out_file;
/* 0, or -1 after saying why. */
int out_file_open(out_file *o, const char *path);
/* Closes the file and, when ok, publishes it; else removes what was
 * written. 0 when published, else -1 (the reason said). */
int out_file_close(out_file *o, int ok);

/* The commands: argv[0] is the command's name. */
int cmd_extract(int argc, char **argv);
int cmd_db(int argc, char **argv);        /* db.c: db add, db stats, db export */
int cmd_search(int argc, char **argv);    /* search.c */
int cmd_who_said(int argc, char **argv);  /* search.c */
int cmd_gazetteer(int argc, char **argv); /* gazetteer_cmd.c: aliases, stats */
int cmd_text(int argc, char **argv);      /* text_cmd.c: the text that is analysed */

/* db.c: opens a quote database (read_only: an existing one, to read it),
 * or reports why not and returns NULL. */
ws_db *open_db(const char *path, bool read_only);

#endif /* WS_CLI_H */
