/*
 * errors.c - status strings, error details and the small helpers every
 * stage uses (growable arrays, string copies).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *ws_version(void)
{
    return WHOSAID_VERSION;
}

const char *ws_status_str(ws_status status)
{
    /* Indexed by number; numbers are never reused. */
    static const char *const names[] = {
        [WS_OK] = "success",
        [WS_ERR_NOMEM] = "out of memory",
        [WS_ERR_IO] = "input/output error",
        [WS_ERR_GAZETTEER] = "malformed gazetteer",
        [WS_ERR_INPUT] = "unprocessable document",
        [WS_ERR_USAGE] = "invalid argument",
        [WS_ERR_JSON] = "malformed JSON",
        [WS_ERR_LIMIT] = "limit exceeded",
        [WS_ERR_REGEX] = "pattern error",
    };
    if ((size_t)status < sizeof names / sizeof names[0] && names[status])
        return names[status];
    return "unknown status";
}

void ws_error_clear(ws_error *err)
{
    if (!err)
        return;
    err->status = WS_OK;
    err->file[0] = '\0';
    err->line = 0;
    err->byte = -1;
    err->message[0] = '\0';
}

ws_status ws__fail(ws_error *err, ws_status status, const char *file,
                   unsigned long line, long long byte, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->byte = byte;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

bool ws__grow_to(void *arrp, size_t *cap, size_t need, size_t elem_size)
{
    void **arr = arrp;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem_size)
            return false;
        ncap *= 2;
    }
    void *p = realloc(*arr, ncap * elem_size);
    if (!p)
        return false;
    *arr = p;
    *cap = ncap;
    return true;
}

char *ws__strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

const char *ws_entity_type_str(ws_entity_type type)
{
    switch (type) {
    case WS_PERSON: return "PERSON";
    case WS_PLACE: return "PLACE";
    case WS_ORG: return "ORG";
    }
    return "UNKNOWN";
}

const char *ws_quote_kind_str(ws_quote_kind kind)
{
    switch (kind) {
    case WS_QUOTE_DIRECT: return "direct";
    case WS_QUOTE_PARTIAL: return "partial";
    case WS_QUOTE_OTHER: return "other";
    case WS_QUOTE_INDIRECT: return "indirect";
    }
    return "unknown";
}
