/*
 * date.c - publication dates as ISO 8601, from the forms pages write them
 * in: 2024-03-05T10:00:00+01:00 (and 2024/3/5, 20240305), RFC 822 ("Tue,
 * 05 Mar 2024 10:00:00 GMT"), "March 5, 2024" and "5 March 2024". A time
 * is kept only with its zone or in ISO form; an impossible day is no date.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web.h"

typedef struct when {
    int year, month, day, hour, minute, second;
    bool has_time;
    int zone; /* minutes east of UTC */
    bool has_zone;
} when;

static size_t digits(const char *s, size_t max, int *value)
{
    size_t n = 0;

    *value = 0;
    while (n < max && s[n] >= '0' && s[n] <= '9')
        *value = *value * 10 + (s[n++] - '0');
    return n;
}

static int month_named(const char *s, size_t *len)
{
    static const char *const names[] = {"january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december"};
    size_t n = 0;

    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))
        n++;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++)
        if (n <= strlen(names[m]) && strncasecmp(s, names[m], n) == 0 &&
            (n == 3 || n == strlen(names[m]) || (m == 8 && n == 4))) {
            *len = n + (s[n] == '.');
            return m + 1;
        }
    return 0;
}

/* [T or space]HH:MM[:SS[.fff]] then Z, +HH:MM, +HHMM, +HH, UTC or GMT. */
static void parse_time(const char *s, when *w)
{
    int h, m, sec = 0, zh, zm = 0;
    size_t n;

    if (*s != 'T' && *s != 't' && *s != ' ')
        return;
    s++;
    while (*s == ' ')
        s++;
    if (digits(s, 2, &h) != 2 || s[2] != ':' || digits(s + 3, 2, &m) != 2)
        return;
    s += 5;
    if (*s == ':' && digits(s + 1, 2, &sec) == 2) {
        s += 3;
        if (*s == '.' || *s == ',')
            for (s++; *s >= '0' && *s <= '9'; s++)
                ;
    }
    if (h > 23 || m > 59 || sec > 60)
        return;
    w->hour = h, w->minute = m, w->second = sec > 59 ? 59 : sec;
    w->has_time = true;
    while (*s == ' ')
        s++;
    if (*s == 'Z' || *s == 'z' || strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0) {
        w->has_zone = true;
        w->zone = 0;
    } else if ((*s == '+' || *s == '-') && (n = digits(s + 1, 2, &zh)) == 2) {
        const char *z = s + 3;

        if (*z == ':')
            z++;
        if (digits(z, 2, &zm) != 2)
            zm = 0;
        if (zh <= 14 && zm <= 59) {
            w->has_zone = true;
            w->zone = (*s == '-' ? -1 : 1) * (zh * 60 + zm);
        }
    }
}

static bool valid_day(const when *w)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (w->year < 1000 || w->year > 2999 || w->month < 1 || w->month > 12 || w->day < 1 ||
        w->day > days[w->month - 1])
        return false;
    return w->month != 2 || w->day < 29 ||
           (w->year % 4 == 0 && (w->year % 100 != 0 || w->year % 400 == 0));
}

/* "2019-03-05", "2019/3/5", "20190305", with a time after. */
static bool numeric_date(const char *s, when *w)
{
    char sep;

    if (digits(s, 4, &w->year) != 4)
        return false;
    sep = s[4];
    if (sep == '-' || sep == '/' || sep == '.') {
        size_t m = digits(s + 5, 2, &w->month), d;

        if (m == 0 || s[5 + m] != sep || (d = digits(s + 6 + m, 2, &w->day)) == 0)
            return false;
        parse_time(s + 6 + m + d, w);
        return true;
    }
    if (digits(s + 4, 2, &w->month) == 2 && digits(s + 6, 2, &w->day) == 2 &&
        (s[8] < '0' || s[8] > '9')) {
        parse_time(s + 8, w);
        return true;
    }
    return false;
}

/* "Tue, 05 Mar 2019 10:00:00 GMT", "March 5, 2019", "5 March 2019". */
static bool written_date(const char *s, when *w)
{
    size_t len = 0, n;

    /* a weekday first */
    while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) {
        if (month_named(s, &len))
            break;
        while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
            s++;
        while (*s == ',' || *s == '.' || *s == ' ')
            s++;
    }
    if ((w->month = month_named(s, &len)) != 0) {
        s += len;
        while (*s == ' ')
            s++;
        if ((n = digits(s, 2, &w->day)) == 0)
            return false;
        s += n;
        if (strncasecmp(s, "st", 2) == 0 || strncasecmp(s, "nd", 2) == 0 ||
            strncasecmp(s, "rd", 2) == 0 || strncasecmp(s, "th", 2) == 0)
            s += 2;
        while (*s == ',' || *s == ' ')
            s++;
        return digits(s, 4, &w->year) == 4;
    }
    if ((n = digits(s, 2, &w->day)) == 0)
        return false;
    s += n;
    if (strncasecmp(s, "st", 2) == 0 || strncasecmp(s, "nd", 2) == 0 ||
        strncasecmp(s, "rd", 2) == 0 || strncasecmp(s, "th", 2) == 0)
        s += 2;
    while (*s == ' ' || *s == '-' || *s == '.')
        s++;
    if ((w->month = month_named(s, &len)) == 0)
        return false;
    s += len;
    while (*s == ' ' || *s == '-' || *s == ',')
        s++;
    if (digits(s, 4, &w->year) != 4)
        return false;
    s += 4;
    /* RFC 822 times carry their zone; a time without one stays out */
    parse_time(s, w);
    if (!w->has_zone)
        w->has_time = false;
    return true;
}

char *web_iso_date(const char *text)
{
    when w = {0};
    char out[40];

    if (!text)
        return NULL;
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    if (!(numeric_date(text, &w) || (memset(&w, 0, sizeof w), written_date(text, &w))) ||
        !valid_day(&w))
        return NULL;
    if (!w.has_time)
        snprintf(out, sizeof out, "%04d-%02d-%02d", w.year, w.month, w.day);
    else if (!w.has_zone)
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d", w.year, w.month, w.day, w.hour,
                 w.minute, w.second);
    else if (w.zone == 0)
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", w.year, w.month, w.day, w.hour,
                 w.minute, w.second);
    else
        snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", w.year, w.month,
                 w.day, w.hour, w.minute, w.second, w.zone < 0 ? '-' : '+', abs(w.zone) / 60,
                 abs(w.zone) % 60);
    return strdup(out);
}

bool web_date_like(const char *s)
{
    static const char *const words[] = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october",
        "november", "december", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "am", "pm", "a", "p",
        "m", "at", "on", "updated", "published", "posted", "last", "modified", "gmt", "utc", "bst",
        "cet", "cest", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "ct",
        "st", "nd", "rd", "th", "min", "mins", "read", "hours", "hour", "ago", "and", NULL};
    bool digit = false;

    for (const char *p = s; *p;) {
        size_t n = 0;
        bool known = false;

        if ((unsigned char)*p >= 0x80)
            return false; /* letters of other scripts: maybe a name */
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
            digit |= *p >= '0' && *p <= '9';
            p++;
            continue;
        }
        while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
            n++;
        for (const char *const *w = words; *w && !known; w++)
            known = strlen(*w) == n && strncasecmp(p, *w, n) == 0;
        if (!known)
            return false;
        p += n;
    }
    return digit;
}
