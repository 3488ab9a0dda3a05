/*
 * common.c - messages, option values, the gazetteer lookup and output
 * files shared by the commands.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ws_config.h"

int usage_error(const char *help_command, const char *fmt, ...)
{
    va_list ap;

    fputs(PROG ": ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry '%s --help'\n", help_command);
    return EXIT_USAGE;
}

/* "whosaid: WHERE[:LINE]: [byte N: ]message" on standard error; without a
 * WHERE (NULL), "whosaid: message". */
void report(const char *where, unsigned long line, long long byte, const char *message)
{
    fputs(PROG ": ", stderr);
    if (where) {
        fputs(where, stderr);
        if (line > 0)
            fprintf(stderr, ":%lu", line);
        fputs(": ", stderr);
    }
    if (byte >= 0)
        fprintf(stderr, "byte %lld: ", byte);
    fprintf(stderr, "%s\n", message);
}

/* An error is about err->file when it names one, else about `about` (NULL: no place). */
void report_error(const char *about, const ws_error *err)
{
    if (err->file[0])
        report(err->file, err->line, err->byte, err->message);
    else
        report(about, 0, err->byte, err->message);
}

/* ---------------------------------------------------------------------- */
/* Gazetteers. */

bool is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <folder of this program>/relative, or "" when the program cannot be located. */
static void relocatable(char *buf, size_t size, const char *relative)
{
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;

    buf[0] = '\0';
    if (len < 0)
        return;
    exe[len] = '\0';
    slash = strrchr(exe, '/');
    if (slash) {
        *slash = '\0';
        snprintf(buf, size, "%s/%s", exe, relative);
    }
}

/* A bundled data folder: $env if set, else the first of the relocatable,
 * installed and source folders that exists; NULL (reported) when none. */
static const char *bundled_folder(char *buf, size_t size, const char *env, const char *relative,
                                  const char *installed, const char *source, const char *what,
                                  const char *command)
{
    const char *dir = getenv(env);

    if (dir && dir[0])
        return dir;
    relocatable(buf, size, relative);
    if (buf[0] && is_dir(buf))
        return buf;
    if (is_dir(installed))
        return installed;
    if (is_dir(source))
        return source;
    usage_error(command, "no %s folder found; looked in $%s, %s, %s, %s", what, env,
                buf[0] ? buf : relative, installed, source);
    return NULL;
}

int data_options_init(data_options *o, int argc)
{
    memset(o, 0, sizeof *o);
    o->gazetteer_dirs = calloc((size_t)argc, sizeof *o->gazetteer_dirs);
    o->lexicon_dirs = calloc((size_t)argc, sizeof *o->lexicon_dirs);
    if (o->gazetteer_dirs && o->lexicon_dirs)
        return 0;
    data_options_free(o);
    report(NULL, 0, -1, "out of memory");
    return -1;
}

void data_options_free(data_options *o)
{
    free(o->gazetteer_dirs);
    free(o->lexicon_dirs);
    o->gazetteer_dirs = o->lexicon_dirs = NULL;
}

int data_option(data_options *o, int c, const char *arg)
{
    switch (c) {
    case 'g': o->gazetteer_dirs[o->gazetteer_count++] = arg; return 1;
    case OPT_LEXICON: o->lexicon_dirs[o->lexicon_count++] = arg; return 1;
    case OPT_NO_BUNDLED_GAZETTEERS: o->no_bundled_gazetteers = 1; return 1;
    case OPT_NO_BUNDLED_LEXICON: o->no_bundled_lexicon = 1; return 1;
    default: return 0;
    }
}

int load_data(ws_gazetteer **gaz, const data_options *o, const char *command)
{
    char gaz_buf[PATH_MAX + sizeof RELOCATABLE_GAZETTEERS], lex_buf[PATH_MAX + sizeof RELOCATABLE_LEXICON];
    const char *gaz_dir = NULL, *lex_dir = NULL;
    ws_error err;

    *gaz = NULL;
    if (o->no_bundled_gazetteers && o->gazetteer_count == 0)
        return usage_error(command, "--no-bundled-gazetteers needs -g DIR");
    if (o->no_bundled_lexicon && o->lexicon_count == 0)
        return usage_error(command, "--no-bundled-lexicon needs --lexicon DIR");
    if (!o->no_bundled_gazetteers &&
        !(gaz_dir = bundled_folder(gaz_buf, sizeof gaz_buf, GAZETTEERS_ENV, RELOCATABLE_GAZETTEERS,
                                   WS_GAZETTEER_INSTALL_DIR, WS_GAZETTEER_SOURCE_DIR, "gazetteer", command)))
        return EXIT_USAGE;
    if (!o->no_bundled_lexicon &&
        !(lex_dir = bundled_folder(lex_buf, sizeof lex_buf, LEXICON_ENV, RELOCATABLE_LEXICON,
                                   WS_LEXICON_INSTALL_DIR, WS_LEXICON_SOURCE_DIR, "word-list", command)))
        return EXIT_USAGE;
    if (ws_gazetteer_new(gaz) != WS_OK) {
        report(NULL, 0, -1, "out of memory");
        return EXIT_SOME_FAILED;
    }
    /* the bundled folders first: the user's override them, in order */
    const char *failed = NULL;
    if (gaz_dir && ws_gazetteer_load_dir(*gaz, gaz_dir, &err) != WS_OK)
        failed = gaz_dir;
    for (size_t i = 0; !failed && i < o->gazetteer_count; i++)
        if (ws_gazetteer_load_dir(*gaz, o->gazetteer_dirs[i], &err) != WS_OK)
            failed = o->gazetteer_dirs[i];
    if (!failed && lex_dir && ws_gazetteer_load_lexicon(*gaz, lex_dir, &err) != WS_OK)
        failed = lex_dir;
    for (size_t i = 0; !failed && i < o->lexicon_count; i++)
        if (ws_gazetteer_load_lexicon(*gaz, o->lexicon_dirs[i], &err) != WS_OK)
            failed = o->lexicon_dirs[i];
    if (failed) {
        report_error(failed, &err);
        ws_gazetteer_free(*gaz);
        *gaz = NULL;
        return EXIT_USAGE;
    }
    return EXIT_ALL_OK;
}

int csv_option(unsigned *flags, int c)
{
    switch (c) {
    case OPT_CSV_RAW: *flags |= WS_CSV_RAW; return 1;
    case OPT_EXCEL: *flags |= WS_CSV_BOM; return 1;
    default: return 0;
    }
}

/* The index of value in a NULL-terminated list of names, or -1. */
int parse_choice(const char *value, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(value, names[i]) == 0)
            return i;
    return -1;
}

/* A positive number of bytes, optionally with K, M or G (powers of 1024). */
int parse_size(const char *text, size_t *out)
{
    unsigned long long n;
    unsigned shift = 0;
    char *end;

    if (*text < '0' || *text > '9') /* strtoull would accept "-1" and " 1" */
        return -1;
    errno = 0;
    n = strtoull(text, &end, 10);
    if (errno != 0)
        return -1;
    switch (*end) {
    case 'K': case 'k': shift = 10; end++; break;
    case 'M': case 'm': shift = 20; end++; break;
    case 'G': case 'g': shift = 30; end++; break;
    default: break;
    }
    if (*end != '\0' || n == 0 || n > (SIZE_MAX >> shift))
        return -1;
    *out = (size_t)n << shift;
    return 0;
}

int out_file_open(out_file *o, const char *path)
{
    struct stat st;

    *o = (out_file){NULL, path, NULL};
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (!(o->file = fopen(path, "wb"))) {
            report(path, 0, -1, strerror(errno));
            return -1;
        }
        return 0;
    }
    if (!(o->tmp_path = malloc(strlen(path) + sizeof ".tmp"))) {
        report(path, 0, -1, "out of memory");
        return -1;
    }
    sprintf(o->tmp_path, "%s.tmp", path);
    if (!(o->file = fopen(o->tmp_path, "wb"))) {
        report(o->tmp_path, 0, -1, strerror(errno));
        free(o->tmp_path);
        o->tmp_path = NULL;
        return -1;
    }
    return 0;
}

int out_file_close(out_file *o, int ok)
{
    /* write errors are sticky: one check after the flush covers them all */
    if (ok && (fflush(o->file) != 0 || ferror(o->file))) {
        report(o->path, 0, -1, strerror(errno));
        ok = 0;
    }
    if (fclose(o->file) != 0 && ok) {
        report(o->path, 0, -1, strerror(errno));
        ok = 0;
    }
    if (o->tmp_path) {
        if (ok && rename(o->tmp_path, o->path) != 0) {
            report(o->path, 0, -1, strerror(errno));
            ok = 0;
        }
        if (!ok)
            remove(o->tmp_path);
        free(o->tmp_path);
    }
    *o = (out_file){NULL, NULL, NULL};
    return ok ? 0 : -1;
}
