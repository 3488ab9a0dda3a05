/*
 * common.c - messages, option values and the gazetteer lookup shared by
 * the commands.
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

int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <folder of this program>/../share/whosaid/gazetteers, or "" when the
 * program cannot be located. */
static void relocatable_gazetteers(char *buf, size_t size)
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
        snprintf(buf, size, "%s/%s", exe, RELOCATABLE_GAZETTEERS);
    }
}

/* Loads the -g folders in order, or the default folder. */
int load_gazetteers(ws_gazetteer *gaz, const char *const *dirs, size_t count, int bundled,
                    const char *command)
{
    char relocatable[PATH_MAX + sizeof RELOCATABLE_GAZETTEERS];
    const char *fallback = getenv(GAZETTEERS_ENV);
    ws_error err;

    if (!bundled && count == 0)
        return usage_error(command, "--no-bundled-gazetteers needs -g DIR");
    if (bundled && (!fallback || !fallback[0])) {
        relocatable_gazetteers(relocatable, sizeof relocatable);
        if (relocatable[0] && is_dir(relocatable))
            fallback = relocatable;
        else if (is_dir(WS_GAZETTEER_INSTALL_DIR))
            fallback = WS_GAZETTEER_INSTALL_DIR;
        else if (is_dir(WS_GAZETTEER_SOURCE_DIR))
            fallback = WS_GAZETTEER_SOURCE_DIR;
        else
            return usage_error(command,
                               "no gazetteer folder found; looked in $" GAZETTEERS_ENV
                               ", %s, " WS_GAZETTEER_INSTALL_DIR ", " WS_GAZETTEER_SOURCE_DIR
                               "; use -g DIR --no-bundled-gazetteers",
                               relocatable[0] ? relocatable : "<program folder>/" RELOCATABLE_GAZETTEERS);
    }
    /* the bundled folder first: the user's folders override it, in order */
    if (bundled && ws_gazetteer_load_dir(gaz, fallback, &err) != WS_OK) {
        report_error(fallback, &err);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < count; i++) {
        if (ws_gazetteer_load_dir(gaz, dirs[i], &err) != WS_OK) {
            report_error(dirs[i], &err);
            return EXIT_USAGE;
        }
    }
    return EXIT_ALL_OK;
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
