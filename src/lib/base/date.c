/*
 * date.c - dates as feeds and sites write them, read into ISO 8601.
 *
 * A document's date decides whether --since and --until keep it, so a date
 * that cannot be read must be said, never guessed: each form below is read
 * whole or not at all, impossible days (2026-02-30) fail, and a numeric
 * day/month order that could go either way (02/04/2026) fails rather than
 * picking one. The day is the one written: a time zone is kept, not applied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "base.h"

/* The metadata fields that hold a document's date, in the order tried:
 * what JSON feeds, schema.org (datePublished) and RSS (pubDate) call it. */
static const char *const date_fields[] = {
    "date", "published", "publishedAt", "published_at", "datePublished", "date_published", "pubDate", NULL,
};

static const char *const month_names[] = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
};

/* A date being read: the text, where the reading is, and what was found. */
typedef struct reading {
    const char *s;
    int year, month, day;
    int has_time, hour, minute, second;
    int zone; /* 0: none written; 1: UTC ("Z"); 2: the offset below */
    int offset_minutes;
} reading;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* What may surround a date: a page's datetime attribute or a CSV cell may
 * hold a line break too. */
#define SPACES " \t\r\n"

static void skip_spaces(reading *r)
{
    r->s += strspn(r->s, SPACES);
}

/* Steps over c when it is next; never past the end of the text. */
static bool expect(reading *r, char c)
{
    if (*r->s != c)
        return false;
    r->s++;
    return true;
}

/* A number of min..max digits at the reading point; -1 when there is none. */
static int number(reading *r, int min, int max)
{
    int n = 0, digits = 0;

    while (is_digit(r->s[digits]) && digits <= max)
        n = n * 10 + (r->s[digits++] - '0');
    if (digits < min || digits > max)
        return -1;
    r->s += digits;
    return n;
}

/* Exactly n digits at the reading point, whatever follows; -1 when not. */
static int fixed(reading *r, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++)
        if (!is_digit(r->s[i]))
            return -1;
    for (int i = 0; i < n; i++)
        v = v * 10 + (*r->s++ - '0');
    return v;
}

/* A word of letters at the reading point, lowercased into buf (which holds
 * size bytes); its length, 0 when there is none or it is too long. */
static size_t word(reading *r, char *buf, size_t size)
{
    size_t n = 0;

    while (is_alpha(r->s[n])) {
        if (n + 1 >= size)
            return 0;
        buf[n] = lower(r->s[n]);
        n++;
    }
    buf[n] = '\0';
    r->s += n;
    return n;
}

/* 1..12 for a month's name or its abbreviation of three letters or more
 * ("Apr", "Sept"), else 0. */
static int month_of(const char *w, size_t n)
{
    for (int m = 0; m < 12; m++)
        if (n >= 3 && strncmp(month_names[m], w, n) == 0)
            return m + 1;
    return 0;
}

static bool is_weekday(const char *w, size_t n)
{
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                       "sunday"};

    for (size_t d = 0; d < sizeof days / sizeof *days; d++)
        if (n >= 3 && strncmp(days[d], w, n) == 0)
            return true;
    return false;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 && leap ? 29 : days[month - 1];
}

/* "+02:00", "+0200", "+02", "-05:00" at the reading point; false when not. */
static bool numeric_zone(reading *r)
{
    int sign = *r->s == '-' ? -1 : 1, h, m = 0;

    if (*r->s != '+' && *r->s != '-')
        return false;
    r->s++;
    if ((h = fixed(r, 2)) < 0)
        return false;
    if (*r->s == ':')
        r->s++;
    if (is_digit(*r->s) && (m = fixed(r, 2)) < 0)
        return false;
    if (h > 14 || m > 59)
        return false;
    r->zone = 2;
    r->offset_minutes = sign * (h * 60 + m);
    return true;
}

/* A zone after a time: Z, UTC, GMT, a numeric offset or a North American
 * or European abbreviation; true also when none is written. */
static bool zone(reading *r)
{
    static const struct { const char *name; int offset; } names[] = {
        {"utc", 0}, {"gmt", 0}, {"z", 0}, {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
        {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}, {"wet", 0}, {"west", 60}, {"bst", 60},
        {"cet", 60}, {"cest", 120}, {"eet", 120}, {"eest", 180},
    };
    char w[8];
    size_t n;

    if (*r->s == 'Z' || *r->s == 'z') {
        r->s++;
        r->zone = 1;
        return true;
    }
    skip_spaces(r);
    if (*r->s == '+' || *r->s == '-')
        return numeric_zone(r);
    if (!is_alpha(*r->s))
        return true;
    if (!(n = word(r, w, sizeof w)))
        return false;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (strcmp(w, names[i].name) == 0) {
            r->zone = names[i].offset == 0 ? 1 : 2;
            r->offset_minutes = names[i].offset;
            /* "GMT+2", "UTC-05:00" */
            return names[i].offset == 0 && (*r->s == '+' || *r->s == '-') ? numeric_zone(r) : true;
        }
    }
    return false;
}

/* HH:MM[:SS[.fraction]] [am|pm] [zone]; false when what follows is not one. */
static bool time_of_day(reading *r)
{
    char w[8];

    if ((r->hour = number(r, 1, 2)) < 0 || !expect(r, ':') || (r->minute = number(r, 2, 2)) < 0)
        return false;
    if (*r->s == ':' && (r->s++, (r->second = number(r, 2, 2)) < 0))
        return false;
    if (*r->s == '.' || *r->s == ',') /* a fraction of a second */
        for (r->s++; is_digit(*r->s); r->s++)
            ;
    skip_spaces(r);
    const char *before = r->s;
    size_t n = word(r, w, sizeof w);
    if (n == 2 && (strcmp(w, "am") == 0 || strcmp(w, "pm") == 0)) {
        if (r->hour < 1 || r->hour > 12)
            return false;
        r->hour = r->hour % 12 + (w[0] == 'p' ? 12 : 0);
    } else if (n == 1 && (w[0] == 'a' || w[0] == 'p') && r->s[0] == '.' && lower(r->s[1]) == 'm' &&
               r->s[2] == '.') { /* "a.m." */
        r->s += 3;
        if (r->hour < 1 || r->hour > 12)
            return false;
        r->hour = r->hour % 12 + (w[0] == 'p' ? 12 : 0);
    } else {
        r->s = before;
    }
    r->has_time = 1;
    return r->hour <= 23 && r->minute <= 59 && r->second <= 60 && zone(r);
}

/* What may follow a day: nothing, or a time (after "T", a space, ", " or
 * " at "). */
static bool rest(reading *r)
{
    char w[4];

    if (*r->s == 'T' || *r->s == 't') {
        r->s++;
        return time_of_day(r);
    }
    if (*r->s == ',')
        r->s++;
    skip_spaces(r);
    if (!*r->s)
        return true;
    const char *before = r->s;
    if (word(r, w, sizeof w) == 2 && strcmp(w, "at") == 0)
        skip_spaces(r);
    else
        r->s = before;
    return time_of_day(r);
}

/* 2026-04-02, 2026/04/02, 2026.04.02, with what may follow. */
static bool year_first(reading *r)
{
    char sep;

    if ((r->year = number(r, 4, 4)) < 0)
        return false;
    sep = *r->s;
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    r->s++;
    if ((r->month = number(r, 1, 2)) < 0 || !expect(r, sep) || (r->day = number(r, 1, 2)) < 0)
        return false;
    return rest(r);
}

/* A day number with an optional ordinal suffix (2nd, 21st). */
static int day_number(reading *r)
{
    char w[4];
    int d = number(r, 1, 2);

    if (d < 0)
        return -1;
    const char *before = r->s;
    size_t n = word(r, w, sizeof w);
    if (n && !(n == 2 && (strcmp(w, "st") == 0 || strcmp(w, "nd") == 0 || strcmp(w, "rd") == 0 ||
                          strcmp(w, "th") == 0)))
        r->s = before;
    return d;
}

/* A month's name, with a full stop after an abbreviation; 0 when not. */
static int month_word(reading *r)
{
    char w[16];
    size_t n = word(r, w, sizeof w);
    int m = n ? month_of(w, n) : 0;

    if (m && *r->s == '.')
        r->s++;
    return m;
}

/* "April 2, 2026", "2 April 2026", "2nd of April, 2026", after an optional
 * weekday, with what may follow. */
static bool named_month(reading *r)
{
    char w[16];
    const char *before = r->s;
    size_t n = word(r, w, sizeof w);

    if (n && is_weekday(w, n)) {
        if (*r->s == '.')
            r->s++;
        if (*r->s == ',')
            r->s++;
        skip_spaces(r);
    } else {
        r->s = before;
    }
    if (is_alpha(*r->s)) {
        if (!(r->month = month_word(r)))
            return false;
        skip_spaces(r);
        if ((r->day = day_number(r)) < 0)
            return false;
    } else {
        if ((r->day = day_number(r)) < 0)
            return false;
        skip_spaces(r);
        before = r->s;
        if (word(r, w, sizeof w) == 2 && strcmp(w, "of") == 0)
            skip_spaces(r);
        else
            r->s = before;
        if (*r->s == '-') /* 02-Apr-2026 */
            r->s++;
        if (!(r->month = month_word(r)))
            return false;
        if (*r->s == '-')
            r->s++;
    }
    if (*r->s == ',')
        r->s++;
    skip_spaces(r);
    return (r->year = number(r, 4, 4)) >= 0 && rest(r);
}

ws_status ws_date_normalise(const char *text, char iso[WS_DATE_SIZE], ws_error *err)
{
    reading r = {.s = text};
    bool ok;

    if (!text || !iso)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_date_normalise: text and output are required");
    iso[0] = '\0';
    skip_spaces(&r);
    const char *start = r.s;
    size_t digits = strspn(start, "0123456789");
    if (digits == 8) { /* 20260402 */
        r.year = fixed(&r, 4);
        r.month = fixed(&r, 2);
        r.day = fixed(&r, 2);
        ok = rest(&r);
    } else if (digits == 4 && (start[4] == '-' || start[4] == '/' || start[4] == '.')) {
        ok = year_first(&r);
    } else if (digits >= 1 && digits <= 2 && (start[digits] == '/' || start[digits] == '.' ||
                                              (start[digits] == '-' && is_digit(start[digits + 1])))) {
        /* 31/03/2026 or 03/31/2026: the order only when the numbers say it */
        char sep = start[digits];
        int a = number(&r, 1, 2), b;
        r.s++;
        b = number(&r, 1, 2);
        ok = b >= 0 && expect(&r, sep) && (r.year = number(&r, 4, 4)) >= 0 && rest(&r);
        if (ok && a <= 12 && b <= 12 && a != b)
            return ws__fail(err, WS_ERR_INPUT, NULL, 0, -1,
                            "'%s' is ambiguous: day %d of month %d, or day %d of month %d? write it as %04d-%02d-%02d",
                            text, a, b, b, a, r.year, b, a);
        r.day = a > 12 ? a : b;
        r.month = a > 12 ? b : a;
    } else {
        ok = named_month(&r);
    }
    skip_spaces(&r);
    if (!ok || *r.s)
        return ws__fail(err, WS_ERR_INPUT, NULL, 0, -1,
                        "'%s' is not a date (as 2026-04-02, 2026-04-02T08:00Z, 'April 2, 2026' or '2 April 2026')",
                        text);
    if (r.year < 1000 || r.month < 1 || r.month > 12)
        return ws__fail(err, WS_ERR_INPUT, NULL, 0, -1, "'%s': there is no month %d", text, r.month);
    if (r.day < 1 || r.day > days_in_month(r.year, r.month))
        return ws__fail(err, WS_ERR_INPUT, NULL, 0, -1, "'%s': %s %d has %d days", text,
                        month_names[r.month - 1], r.year, days_in_month(r.year, r.month));
    int n = snprintf(iso, WS_DATE_SIZE, "%04d-%02d-%02d", r.year, r.month, r.day);
    if (r.has_time)
        n += snprintf(iso + n, WS_DATE_SIZE - (size_t)n, "T%02d:%02d:%02d", r.hour, r.minute, r.second);
    if (r.zone == 1)
        snprintf(iso + n, WS_DATE_SIZE - (size_t)n, "Z");
    else if (r.zone == 2)
        snprintf(iso + n, WS_DATE_SIZE - (size_t)n, "%c%02d:%02d", r.offset_minutes < 0 ? '-' : '+',
                 abs(r.offset_minutes) / 60, abs(r.offset_minutes) % 60);
    return WS_OK;
}

/* A number in a date field: YYYYMMDD, or Unix time in seconds or, from
 * 10^11 on, milliseconds (UTC). */
static ws_status number_date(json_int_t v, char iso[WS_DATE_SIZE], ws_error *err)
{
    char digits[24];
    struct tm tm;

    if (v >= 10000101 && v <= 99991231) {
        snprintf(digits, sizeof digits, "%lld", (long long)v);
        return ws_date_normalise(digits, iso, err);
    }
    if (v >= 100000000000LL)
        v /= 1000;
    time_t t = (time_t)v;
    if (v < 100000000 || !gmtime_r(&t, &tm))
        return ws__fail(err, WS_ERR_INPUT, NULL, 0, -1, "%lld is not a date (YYYYMMDD or Unix time)", (long long)v);
    strftime(iso, WS_DATE_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return WS_OK;
}

ws_status ws_document_date(const char *meta_json, char iso[WS_DATE_SIZE], ws_error *err)
{
    ws_status status = WS_OK;
    ws_error first;
    json_t *meta;
    int bad = 0;

    if (!iso)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_document_date: an output is required");
    iso[0] = '\0';
    if (!meta_json)
        return WS_OK;
    if (!(meta = json_loads(meta_json, JSON_DECODE_ANY, NULL)) || !json_is_object(meta)) {
        json_decref(meta);
        return ws__fail(err, WS_ERR_JSON, NULL, 0, -1, "the metadata is not a JSON object");
    }
    /* The first field that reads as a date; else the first one's reason. */
    for (size_t i = 0; date_fields[i]; i++) {
        json_t *v = json_object_get(meta, date_fields[i]);
        ws_error why;

        if (!v || json_is_null(v) || (json_is_string(v) && !json_string_value(v)[strspn(json_string_value(v), SPACES)]))
            continue;
        status = json_is_string(v) ? ws_date_normalise(json_string_value(v), iso, &why)
                 : json_is_integer(v) ? number_date(json_integer_value(v), iso, &why)
                 : json_is_real(v) ? number_date((json_int_t)json_real_value(v), iso, &why)
                 : ws__fail(&why, WS_ERR_INPUT, NULL, 0, -1, "not a date but a JSON %s",
                            json_is_boolean(v) ? "boolean" : json_is_array(v) ? "array" : "object");
        if (status == WS_OK)
            break;
        if (!bad++)
            ws__fail(&first, why.status, NULL, 0, -1, "\"%s\": %s", date_fields[i], why.message);
    }
    json_decref(meta);
    if (status != WS_OK) {
        iso[0] = '\0';
        if (err)
            *err = first;
        return first.status;
    }
    return WS_OK;
}
