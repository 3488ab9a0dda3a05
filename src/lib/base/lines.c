/*
 * lines.c - reading the line-based data files (gazetteers, word lists).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base.h"

static ws_status check_utf8(const char *path, const char *buf, size_t len, ws_error *err)
{
    unsigned long line = 1;
    for (size_t i = 0; i < len;) {
        uint64_t word;
        if (i + 8 <= len && (memcpy(&word, buf + i, 8), !(word & 0x8080808080808080ULL))) {
            i += 8; /* most of a data file is ASCII; lines are counted only for a message */
            continue;
        }
        if ((unsigned char)buf[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ws__utf8_decode((const unsigned char *)buf + i, len - i, &cp);
        if (cp == 0xFFFD && n == 1) {
            for (size_t k = 0; k < i; k++)
                line += buf[k] == '\n';
            return ws__fail(err, WS_ERR_GAZETTEER, path, line, (long long)i, "invalid UTF-8 at byte %zu", i);
        }
        i += n;
    }
    return WS_OK;
}

ws_status ws__read_lines(const char *path, ws__line_fn fn, void *ctx, ws_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ws__fail(err, WS_ERR_IO, path, 0, -1, "cannot open: %s", strerror(errno));
    char *buf = NULL;
    struct stat info;
    /* the whole file at once when its size is known: a list is a few KB,
     * and a buffer of its size, not a fixed large one, is cheap to get */
    size_t len = 0, cap = 0, n, want = 65536;
    if (fstat(fileno(f), &info) == 0 && S_ISREG(info.st_mode) && info.st_size >= 0)
        want = (size_t)info.st_size + 2;
    do {
        if (cap - len < 2 && !ws__grow(&buf, &cap, len + want, 1)) {
            fclose(f);
            free(buf);
            return ws__fail(err, WS_ERR_NOMEM, path, 0, -1, "out of memory");
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        want = len + 65536; /* it grew while being read, or is no regular file */
    } while (n > 0);
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return ws__fail(err, WS_ERR_IO, path, 0, -1, "read error");
    }
    buf[len] = '\0';
    ws_status st = check_utf8(path, buf, len, err);
    unsigned long number = 0;
    /* a NUL byte would end a line early, unseen */
    const char *nul = st == WS_OK ? memchr(buf, '\0', len) : NULL;
    for (char *p = buf; st == WS_OK && p < buf + len;) {
        char *nl = memchr(p, '\n', (size_t)(buf + len - p));
        char *end = nl ? nl : buf + len;
        number++;
        size_t ll = (size_t)(end - p);
        *end = '\0';
        if (ll && p[ll - 1] == '\r')
            p[--ll] = '\0';
        if (nul && nul >= p && nul < p + ll)
            st = ws__fail(err, WS_ERR_GAZETTEER, path, number, -1, "NUL byte in line");
        else if (*p != '#' && *p != '\0')
            st = fn(ctx, p, number);
        p = end + 1;
    }
    free(buf);
    return st;
}
