/*
 * input_filter.c - which files of a folder are read, and inputs in other
 * encodings than UTF-8.
 *
 * A news folder often holds more than articles: a README.md, images, a
 * PDF. The user says which files are articles with globs; files that are
 * not text are skipped (with a warning) rather than failed, as a named pipe
 * is: they are no documents. A file named on the command line is always
 * read, whatever it is.
 */
#include <errno.h>
#include <fnmatch.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input_filter.h"

/* Bytes sniffed for a NUL: text never holds one. */
#define SNIFF_BYTES 1024

/* Names of files that are not text, by their extension. */
static const char *const binary_extensions[] = {
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "tif", "tiff", "heic", "svgz", "pdf", "zip", "gz",
    "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "exe", "dll", "so", "o", "a", "class", "pyc",
    "mp3", "mp4", "m4a", "mov", "avi", "mkv", "webm", "wav", "ogg", "flac", "woff", "woff2", "ttf", "otf",
    "eot", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "sqlite", "db", "bin", NULL,
};

int input_filter_init(cli_input_filter *f, int argc)
{
    memset(f, 0, sizeof *f);
    f->include = calloc((size_t)argc, sizeof *f->include);
    f->exclude = calloc((size_t)argc, sizeof *f->exclude);
    if (f->include && f->exclude)
        return 0;
    input_filter_free(f);
    return -1;
}

void input_filter_free(cli_input_filter *f)
{
    free(f->include);
    free(f->exclude);
    f->include = f->exclude = NULL;
}

/* The iconv name of an encoding, or NULL for UTF-8 (nothing to do). */
static const char *encoding_name(const char *name)
{
    if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
        return NULL;
    if (strcasecmp(name, "latin1") == 0 || strcasecmp(name, "latin-1") == 0)
        return "ISO-8859-1";
    if (strcasecmp(name, "windows-1252") == 0 || strcasecmp(name, "cp1252") == 0)
        return "WINDOWS-1252";
    return name;
}

int input_filter_option(cli_input_filter *f, int c, const char *arg)
{
    switch (c) {
    case OPT_INCLUDE:
        f->include[f->ninclude++] = arg;
        return 1;
    case OPT_EXCLUDE:
        f->exclude[f->nexclude++] = arg;
        return 1;
    case OPT_INPUT_ENCODING: {
        const char *name = encoding_name(arg);
        iconv_t cd = name ? iconv_open("UTF-8", name) : NULL;
        if (cd == (iconv_t)-1)
            return -1;
        if (cd)
            iconv_close(cd);
        f->encoding = name;
        return 1;
    }
    default:
        return 0;
    }
}

/* A glob without '/' matches the file's name, one with '/' its path below
 * the folder given ('*' crossing '/'). */
static bool glob_matches(const char *glob, const char *rel)
{
    const char *name = strrchr(rel, '/');

    return fnmatch(glob, strchr(glob, '/') ? rel : name ? name + 1 : rel, 0) == 0;
}

static bool any_matches(const char *const *globs, size_t n, const char *rel)
{
    for (size_t i = 0; i < n; i++)
        if (glob_matches(globs[i], rel))
            return true;
    return false;
}

static bool has_binary_extension(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

    if (!dot || (slash && dot < slash))
        return false;
    for (size_t i = 0; binary_extensions[i]; i++)
        if (strcasecmp(dot + 1, binary_extensions[i]) == 0)
            return true;
    return false;
}

/* A NUL byte in the first SNIFF_BYTES; a file that cannot be opened is
 * read, to fail with its reason. */
static bool starts_binary(const char *path)
{
    char buf[SNIFF_BYTES];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return false;
    n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return memchr(buf, '\0', n) != NULL;
}

const char *input_filter_skip(const cli_input_filter *f, const char *path, const char *rel, bool *warn)
{
    *warn = false;
    if (f && f->ninclude && !any_matches(f->include, f->ninclude, rel))
        return "not matched by --include";
    if (f && any_matches(f->exclude, f->nexclude, rel))
        return "matched by --exclude";
    *warn = true;
    if (has_binary_extension(path))
        return "not text (its name says so); skipped (name it on the command line to read it)";
    if (starts_binary(path))
        return "not text (a NUL byte in its first KiB); skipped (name it on the command line to read it)";
    *warn = false;
    return NULL;
}

int input_filter_recode(const cli_input_filter *f, const char *text, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!f || !f->encoding)
        return 0;
    iconv_t cd = iconv_open("UTF-8", f->encoding);
    if (cd == (iconv_t)-1)
        return -1;
    /* At most 4 bytes a character of the single-byte encodings; 3 for
     * U+FFFD; grown for others. */
    size_t cap = len * 4 + 16, done = 0;
    char *buf = malloc(cap), *in = (char *)text;
    size_t in_left = len;
    int rc = 0;
    while (buf) {
        char *o = buf + done;
        size_t o_left = cap - done;
        size_t r = iconv(cd, in_left ? &in : NULL, in_left ? &in_left : NULL, &o, &o_left);
        done = (size_t)(o - buf);
        if (r != (size_t)-1 && !in_left)
            break;
        if (r == (size_t)-1 && (errno == EILSEQ || errno == EINVAL) && o_left >= 3) {
            memcpy(buf + done, "\xEF\xBF\xBD", 3); /* U+FFFD for the byte, and on */
            done += 3;
            in++;
            in_left--;
            continue;
        }
        if (r == (size_t)-1 && errno != E2BIG && errno != EILSEQ && errno != EINVAL) {
            rc = -1;
            break;
        }
        char *grown = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (!grown) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = grown;
        cap *= 2;
    }
    iconv_close(cd);
    if (!buf || rc != 0) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = done;
    return 0;
}
