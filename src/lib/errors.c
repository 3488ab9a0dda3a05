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

static const struct {
    const char *name, *rule;
} quote_methods[] = {
    [WS_METHOD_NONE] = {NULL, "no attribution found"},
    [WS_METHOD_EXPLICIT] = {"explicit", "the speaker is named beside the quote: \u201c\u2026,\u201d NAME said / said NAME / NAME said: \u201c\u2026\u201d"},
    [WS_METHOD_PRONOUN] = {"pronoun", "a pronoun beside the quote (\u201c\u2026,\u201d he said), resolved to the nearest earlier person of that gender"},
    [WS_METHOD_ROLE] = {"role", "a role beside the quote (\u201c\u2026,\u201d the spokesman said), resolved to the person who holds it"},
    [WS_METHOD_SUBJECT] = {"subject", "the subject of the speech verb before the quote in its sentence (NAME called it \u201c\u2026\u201d)"},
    [WS_METHOD_SPLIT] = {"split", "the later part of a sentence whose first part is attributed (\u201c\u2026,\u201d he said, \u201c\u2026\u201d)"},
    [WS_METHOD_CONTINUATION] = {"continuation", "a new quoted sentence after an attributed one, with no other speaker in between"},
    [WS_METHOD_COLON] = {"colon", "introduced by the words before a colon (NAME said: / NAME: \u2026)"},
};

const char *ws_quote_method_str(ws_quote_method method)
{
    return (unsigned)method < sizeof quote_methods / sizeof quote_methods[0] ? quote_methods[method].name : NULL;
}

const char *ws_quote_method_rule(ws_quote_method method)
{
    return (unsigned)method < sizeof quote_methods / sizeof quote_methods[0] ? quote_methods[method].rule
                                                                             : quote_methods[0].rule;
}
