/*
 * export.h - what the writers share: the JSON Lines, CSV and HTML
 * exporters, and the quote database's CSV export (db/export.c).
 *
 * They read results through the public API only, so that the output
 * reflects exactly what a library user sees. What they share lives here so
 * that the formats cannot drift apart (quote ids, confidence rounding, the
 * CSV tables and their quoting, folders published whole).
 */
#ifndef WS_EXPORT_H
#define WS_EXPORT_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base.h"

/* Large enough for "q" and any size_t. */
#define WS__QUOTE_ID_SIZE 24
/* Large enough for a confidence printed as "0.00" .. "1.00". */
#define WS__CONFIDENCE_SIZE 8

/* The two digits of n, below 100 ("07" for 7), not NUL-terminated. */
static inline const char *ws__digit_pair(unsigned n)
{
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                "8081828384858687888990919293949596979899";

    return pairs + 2 * n;
}

/* Writes n in decimal into the bytes just before end; returns where it
 * starts (at most 20 bytes before end). By hand, two digits at a time:
 * snprintf's format parsing cost more than all the rest of a quote's id. */
static inline char *ws__decimal(char *end, unsigned long long n)
{
    for (; n >= 100; n /= 100) {
        end -= 2;
        memcpy(end, ws__digit_pair((unsigned)(n % 100)), 2);
    }
    if (n < 10) {
        *--end = (char)('0' + n);
    } else {
        end -= 2;
        memcpy(end, ws__digit_pair((unsigned)n), 2);
    }
    return end;
}

/* Quote ids are "q1", "q2"... by position in the document, so that rows of
 * quotes.csv and JSON records name the same quote the same way. Returns
 * the id's length. */
static inline size_t ws__quote_id(char buf[WS__QUOTE_ID_SIZE], size_t index)
{
    char digits[20], *start = ws__decimal(digits + sizeof digits, (size_t)(index + 1));
    size_t len = (size_t)(digits + sizeof digits - start);

    buf[0] = 'q';
    memcpy(buf + 1, start, len);
    buf[len + 1] = '\0';
    return len + 1;
}

/* The confidence with two decimals, as "%.2f" prints it. Clamped to the
 * documented 0..1 (which also maps NaN to 0), as the output schema promises
 * that range. By hand: printf's exact decimal expansion was the costliest
 * call of the JSON writer. Returns the length. */
static inline size_t ws__format_confidence(char buf[WS__CONFIDENCE_SIZE], double confidence)
{
    uint64_t bits, mantissa, scaled, half;
    unsigned shift, n;

    if (!(confidence >= 0.0))
        confidence = 0.0;
    else if (confidence > 1.0)
        confidence = 1.0;
    if (signbit(confidence)) {
        memcpy(buf, "-0.00", 6);
        return 5;
    }
    /* The double is mantissa / 2^shift exactly (IEEE 754 binary64), so
     * 100 times it is rounded exactly, ties to even as printf rounds them:
     * 0.125 is 0.12, 0.765 (0.76500000000000001) 0.77. */
    memcpy(&bits, &confidence, sizeof bits);
    mantissa = (bits & ((UINT64_C(1) << 52) - 1)) | UINT64_C(1) << 52;
    shift = 1075 - (unsigned)(bits >> 52); /* at least 52 up to 1.0; bits >> 52 is 0 for 0 and tiny ones */
    scaled = mantissa * 100;               /* below 2^60 */
    if (shift > 60) {
        n = 0; /* below 0.005 */
    } else {
        half = UINT64_C(1) << (shift - 1);
        n = (unsigned)(scaled >> shift);
        scaled &= (half << 1) - 1;
        n += scaled > half || (scaled == half && n % 2);
    }
    buf[0] = (char)('0' + n / 100);
    buf[1] = '.';
    buf[2] = (char)('0' + n / 10 % 10);
    buf[3] = (char)('0' + n % 10);
    buf[4] = '\0';
    return 4;
}

/* The entity a quote is attributed to, or NULL. */
static inline const ws_entity *ws__quote_speaker(const ws_result *res, const ws_quote *quote)
{
    return quote->speaker == WS_NO_ENTITY ? NULL : ws_result_entity(res, quote->speaker);
}

/* Whether a span holds no text (no speaker or cue was found). */
static inline int ws__span_empty(ws_span span)
{
    return span.end <= span.start;
}

/* ---- csv.c: the four tables -------------------------------------------- */

enum { WS__TABLE_DOCUMENTS, WS__TABLE_ENTITIES, WS__TABLE_MENTIONS, WS__TABLE_QUOTES, WS__TABLE_COUNT };

/* Each table's file and header row (README.md, "CSV"); the tables of the
 * database export (db/export.c) follow the same columns. */
typedef struct ws__csv_table {
    const char *file;
    const char *header;
} ws__csv_table;
extern const ws__csv_table ws__csv_tables[WS__TABLE_COUNT];

/* ws_csv_write_field: one field (a comma first unless first), quoted as RFC
 * 4180 wants only when it holds a comma, a quote or a line break, and
 * escaped by the OWASP rule unless flags hold WS_CSV_RAW. */
void ws__csv_field(FILE *f, bool first, const char *text, size_t len, unsigned flags);
/* The start of each table: a byte order mark with WS_CSV_BOM, the header. */
void ws__csv_header(FILE *f, int table, unsigned flags);

/* ---- staged.c: folders of files published whole ---------------------- */

/* "dir/file" followed by suffix, or NULL when memory runs out. */
char *ws__join_path(const char *dir, const char *file, const char *suffix);
/* Creates dir and its missing parents, like mkdir -p. */
ws_status ws__make_dirs(const char *dir, ws_error *err);

/* A folder whose files are written as NAME.tmp and renamed into place
 * together, in the order they were created, when all went well. */
typedef struct ws__staged {
    char *dir;
    char **names; /* files created, in order; "" once published */
    size_t n, cap;
    ws_error first_error; /* status WS_OK until something fails */
} ws__staged;

/* Creates dir (and missing parents) and starts an empty folder. */
ws_status ws__staged_open(ws__staged *s, const char *dir, ws_error *err);
/* Opens dir/name.tmp for writing; NULL (the error kept) on failure. */
FILE *ws__staged_create(ws__staged *s, const char *name);
/* Keeps a write error of f (ferror) as the first error, naming the file. */
ws_status ws__staged_check(ws__staged *s, FILE *f, const char *name);
/* Checks and closes f (NULL is fine). */
ws_status ws__staged_finish(ws__staged *s, FILE *f, const char *name);
/* Keeps a failure unless one is kept already: out of memory, or what
 * failed on path with errno's reason ("cannot write: No space left"). */
ws_status ws__staged_fail(ws__staged *s, ws_status status, const char *path, const char *what);
/* The first error (copied to err), or WS_OK. */
ws_status ws__staged_error(const ws__staged *s, ws_error *err);
/* Renames every file into place unless an error was kept, removes what
 * was not renamed and frees s; the first error. */
ws_status ws__staged_publish(ws__staged *s, ws_error *err);
/* Removes every temporary file and frees s. */
void ws__staged_discard(ws__staged *s);

#endif /* WS_EXPORT_H */
