/*
 * export_dir.c - the folders that exporters writing several files (CSV
 * tables, HTML pages) write into.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export.h"

char *ws__join_path(const char *dir, const char *file, const char *suffix)
{
    size_t dir_len = strlen(dir), file_len = strlen(file), suffix_len = strlen(suffix);
    char *path = malloc(dir_len + 1 + file_len + suffix_len + 1);

    if (path) {
        memcpy(path, dir, dir_len);
        path[dir_len] = '/';
        memcpy(path + dir_len + 1, file, file_len);
        memcpy(path + dir_len + 1 + file_len, suffix, suffix_len + 1);
    }
    return path;
}

ws_status ws__make_dirs(const char *dir, ws_error *err)
{
    char *path = strdup(dir);
    struct stat st;

    if (!path)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    /* Each prefix ending before a '/', then the whole path. */
    for (char *p = path + 1;; p++) {
        char saved = *p;

        if (saved != '/' && saved != '\0')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            ws_status status = ws__fail(err, WS_ERR_IO, path, 0, -1, "cannot create folder: %s",
                                        strerror(errno));
            free(path);
            return status;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(path);
    if (stat(dir, &st) != 0)
        return ws__fail(err, WS_ERR_IO, dir, 0, -1, "%s", strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return ws__fail(err, WS_ERR_IO, dir, 0, -1, "not a folder");
    return WS_OK;
}
