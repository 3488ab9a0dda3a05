/*
 * cli.h - what the commands of the whosaid program share: exit codes,
 * messages, option values and the gazetteer lookup. The program uses the
 * library's public API (whosaid.h) only.
 */
#ifndef WS_CLI_H
#define WS_CLI_H

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
/* Relative to the folder of the program, for an installed tree moved elsewhere. */
#define RELOCATABLE_GAZETTEERS "../share/whosaid/gazetteers"

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

int is_dir(const char *path);
/* Loads the bundled gazetteers (unless !bundled), then the -g folders in
 * order, each overriding what came before; an exit code. */
int load_gazetteers(ws_gazetteer *gaz, const char *const *dirs, size_t count, int bundled,
                    const char *command);
/* The index of value in a NULL-terminated list of names, or -1. */
int parse_choice(const char *value, const char *const *names);
/* A positive number of bytes, optionally with K, M or G (powers of 1024); 0 or -1. */
int parse_size(const char *text, size_t *out);

/* The commands: argv[0] is the command's name. */
int cmd_extract(int argc, char **argv);
int cmd_db(int argc, char **argv);        /* db.c: db add, db stats, db export */
int cmd_search(int argc, char **argv);    /* search.c */
int cmd_who_said(int argc, char **argv);  /* search.c */
int cmd_gazetteer(int argc, char **argv); /* gazetteer_cmd.c: aliases, stats */
int cmd_text(int argc, char **argv);      /* text_cmd.c: the text that is analysed */

/* db.c: opens a quote database, or reports why not and returns NULL. */
ws_db *open_db(const char *path);

#endif /* WS_CLI_H */
