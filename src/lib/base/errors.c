/*
 * errors.c - the library's version, status strings and error details.
 */
#include <stdarg.h>
#include <stdio.h>

#include "base.h"

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
