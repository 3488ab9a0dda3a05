/*
 * staged.c - folders of output files (CSV tables, HTML pages) published
 * all at once.
 *
 * Each file is written under a temporary name (NAME.tmp) and renamed into
 * place by ws__staged_publish, in the order the files were created, only
 * when every write succeeded: an interrupted or failed run never leaves a
 * file that looks complete. The first error is kept and reported by every
 * later call, so a writer need not check each step.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export.h"

#define TMP_SUFFIX ".tmp"

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

ws_status ws__staged_open(ws__staged *s, const char *dir, ws_error *err)
{
    memset(s, 0, sizeof *s);
    ws_error_clear(&s->first_error);
    ws_status status = ws__make_dirs(dir, err);
    if (status != WS_OK)
        return status;
    if (!(s->dir = strdup(dir)))
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    return WS_OK;
}

ws_status ws__staged_fail(ws__staged *s, ws_status status, const char *path, const char *what)
{
    if (s->first_error.status != WS_OK)
        return s->first_error.status;
    if (status == WS_ERR_NOMEM)
        return ws__fail(&s->first_error, status, NULL, 0, -1, "out of memory");
    return ws__fail(&s->first_error, status, path, 0, -1, "%s: %s", what ? what : "cannot write", strerror(errno));
}

FILE *ws__staged_create(ws__staged *s, const char *name)
{
    if (s->first_error.status != WS_OK)
        return NULL;
    char *tmp = ws__join_path(s->dir, name, TMP_SUFFIX);
    char *own = strdup(name);
    if (!tmp || !own || !ws__grow(&s->names, &s->cap, s->n + 1, sizeof *s->names)) {
        free(tmp);
        free(own);
        ws__staged_fail(s, WS_ERR_NOMEM, NULL, NULL);
        return NULL;
    }
    /* registered before it exists, so that a failure still removes it */
    s->names[s->n++] = own;
    FILE *f = fopen(tmp, "wb");
    if (!f)
        ws__staged_fail(s, WS_ERR_IO, tmp, "cannot write");
    free(tmp);
    return f;
}

ws_status ws__staged_check(ws__staged *s, FILE *f, const char *name)
{
    if (f && ferror(f)) {
        char *tmp = ws__join_path(s->dir, name, TMP_SUFFIX);
        ws__staged_fail(s, tmp ? WS_ERR_IO : WS_ERR_NOMEM, tmp, "cannot write");
        free(tmp);
    }
    return s->first_error.status;
}

ws_status ws__staged_finish(ws__staged *s, FILE *f, const char *name)
{
    if (!f)
        return s->first_error.status;
    ws__staged_check(s, f, name);
    if (fclose(f) != 0) {
        char *tmp = ws__join_path(s->dir, name, TMP_SUFFIX);
        ws__staged_fail(s, tmp ? WS_ERR_IO : WS_ERR_NOMEM, tmp, "cannot write");
        free(tmp);
    }
    return s->first_error.status;
}

ws_status ws__staged_error(const ws__staged *s, ws_error *err)
{
    if (err)
        *err = s->first_error;
    return s->first_error.status;
}

/* Removes the temporary files not renamed, and frees what s holds. */
void ws__staged_discard(ws__staged *s)
{
    for (size_t i = 0; i < s->n; i++) {
        char *tmp = s->names[i][0] ? ws__join_path(s->dir, s->names[i], TMP_SUFFIX) : NULL;
        if (tmp)
            remove(tmp);
        free(tmp);
        free(s->names[i]);
    }
    free(s->names);
    free(s->dir);
    memset(s, 0, sizeof *s);
}

ws_status ws__staged_publish(ws__staged *s, ws_error *err)
{
    for (size_t i = 0; i < s->n && s->first_error.status == WS_OK; i++) {
        char *tmp = ws__join_path(s->dir, s->names[i], TMP_SUFFIX);
        char *path = ws__join_path(s->dir, s->names[i], "");
        if (!tmp || !path)
            ws__staged_fail(s, WS_ERR_NOMEM, NULL, NULL);
        else if (rename(tmp, path) != 0)
            ws__staged_fail(s, WS_ERR_IO, path, "cannot create");
        else
            s->names[i][0] = '\0'; /* published: nothing to remove */
        free(tmp);
        free(path);
    }
    ws_status status = ws__staged_error(s, err);
    ws__staged_discard(s);
    return status;
}
