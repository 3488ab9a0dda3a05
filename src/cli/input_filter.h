/*
 * input_filter.h - which files of a folder are documents (--include,
 * --exclude, and files that are not text skipped), and the encoding inputs
 * are read in (--input-encoding). Used by input.c, set by the commands that
 * read inputs (extract, db add).
 */
#ifndef WHOSAID_CLI_INPUT_FILTER_H
#define WHOSAID_CLI_INPUT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cli_input_filter {
    const char **include, **exclude; /* globs; room for argc each */
    size_t ninclude, nexclude;
    const char *encoding;            /* NULL: UTF-8 as it is; else the iconv name to convert from */
} cli_input_filter;

/* Their long options, for a command's getopt_long table. */
enum { OPT_INCLUDE = 220, OPT_EXCLUDE, OPT_INPUT_ENCODING };
#define INPUT_FILTER_LONG_OPTIONS                                      \
    {"include", required_argument, NULL, OPT_INCLUDE},                 \
    {"exclude", required_argument, NULL, OPT_EXCLUDE},                 \
    {"input-encoding", required_argument, NULL, OPT_INPUT_ENCODING}
#define INPUT_FILTER_HELP                                                                         \
    "      --include GLOB         in folders, read only the files GLOB matches (a\n"             \
    "                             GLOB without '/' matches the file name, one with\n"            \
    "                             '/' the path below the folder given); repeatable\n"             \
    "                               " PROG " extract --include '*.txt' news/\n"                   \
    "      --exclude GLOB         in folders, skip the files GLOB matches; repeatable\n"          \
    "                               " PROG " extract --exclude README.md news/\n"                 \
    "                             Files in folders that are not text (a NUL byte in\n"            \
    "                             their first KiB, or an image, archive or office\n"              \
    "                             file by name) are skipped with a warning\n"                     \
    "      --input-encoding ENC   inputs are in ENC (latin1, windows-1252, or any\n"              \
    "                             name iconv knows), converted to UTF-8 first;\n"                 \
    "                             offsets then count the UTF-8 bytes (default utf-8)\n"           \
    "                               " PROG " extract --input-encoding windows-1252 old/\n"

/* Room for argc globs; -1 when memory runs out. */
int input_filter_init(cli_input_filter *f, int argc);
void input_filter_free(cli_input_filter *f);
/* Takes getopt_long's c when it is one of INPUT_FILTER_LONG_OPTIONS: 1, or
 * -1 for an encoding iconv does not know (a usage error: UNKNOWN_ENCODING
 * says so); else 0. */
int input_filter_option(cli_input_filter *f, int c, const char *arg);
#define UNKNOWN_ENCODING "unknown --input-encoding '%s' (utf-8, latin1, windows-1252, or a name iconv knows: iconv -l)"

/* Why a file found in a folder is not read, or NULL to read it. rel is
 * its path below the folder given on the command line. *warn says whether
 * to warn (a file that is not text) or not (a glob the user gave). */
const char *input_filter_skip(const cli_input_filter *f, const char *path, const char *rel, bool *warn);

/* The bytes text[0..len) converted from the filter's encoding to UTF-8,
 * malloc'ed into *out (*out_len bytes); a byte that is no character of
 * the encoding becomes U+FFFD. 0, or -1 when memory runs out. Without an
 * encoding, *out is NULL: the text is used as it is. */
int input_filter_recode(const cli_input_filter *f, const char *text, size_t len, char **out, size_t *out_len);

#endif /* WHOSAID_CLI_INPUT_FILTER_H */
