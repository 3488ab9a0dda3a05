/*
 * date.c - dates on pages: the published date, read as whosaid reads every
 * date (ws_date_normalise, base/date.c), and bylines that hold only a date.
 */
#include <string.h>
#include <strings.h>

#include "web.h"

char *web_iso_date(const char *text)
{
    char iso[WS_DATE_SIZE];

    /* a time without a zone stays: it is the site's local time, as ISO 8601 writes one */
    return ws_date_normalise(text, iso, NULL) == WS_OK ? strdup(iso) : NULL;
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
