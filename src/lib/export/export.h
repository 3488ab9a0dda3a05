/*
 * export.h - helpers shared by the JSON Lines and CSV exporters.
 *
 * Both exporters read results through the public API only, so that the
 * output reflects exactly what a library user sees. What they share lives here so
 * that the two formats cannot drift apart (quote ids, confidence rounding).
 */
#ifndef WS_EXPORT_H
#define WS_EXPORT_H

#include <math.h>
#include <stdio.h>

#include "base.h"

/* Large enough for "q" and any size_t. */
#define WS__QUOTE_ID_SIZE 24
/* Large enough for a confidence printed as "0.00" .. "1.00". */
#define WS__CONFIDENCE_SIZE 8

/* Quote ids are "q1", "q2"... by position in the document, so that rows of
 * quotes.csv and JSON records name the same quote the same way. */
static inline void ws__quote_id(char buf[WS__QUOTE_ID_SIZE], size_t index)
{
    snprintf(buf, WS__QUOTE_ID_SIZE, "q%zu", index + 1);
}

/* The confidence with two decimals, as "%.2f" prints it. Clamped to the
 * documented 0..1 (which also maps NaN to 0), as the output schema promises
 * that range. Digits are made by hand: printf's exact decimal expansion was
 * the costliest call of the JSON writer. */
static inline void ws__format_confidence(char buf[WS__CONFIDENCE_SIZE], double confidence)
{
    if (!(confidence >= 0.0))
        confidence = 0.0;
    else if (confidence > 1.0)
        confidence = 1.0;
    double hundredths = confidence * 100.0;
    double fraction = hundredths - (double)(unsigned)hundredths;
    /* Near a tie (0.125) the product's rounding error could pick the last
     * digit, and a negative zero prints as "-0.00": printf decides those. */
    if (signbit(confidence) || (fraction > 0.5 - 1e-6 && fraction < 0.5 + 1e-6)) {
        snprintf(buf, WS__CONFIDENCE_SIZE, "%.2f", confidence);
        return;
    }
    unsigned n = (unsigned)(hundredths + 0.5);
    buf[0] = (char)('0' + n / 100);
    buf[1] = '.';
    buf[2] = (char)('0' + n / 10 % 10);
    buf[3] = (char)('0' + n % 10);
    buf[4] = '\0';
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

/* export_dir.c: for exporters that write several files into a folder. */

/* "dir/file" followed by suffix, or NULL when memory runs out. */
char *ws__join_path(const char *dir, const char *file, const char *suffix);
/* Creates dir and its missing parents, like mkdir -p. */
ws_status ws__make_dirs(const char *dir, ws_error *err);

#endif /* WS_EXPORT_H */
