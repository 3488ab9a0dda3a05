/*
 * charset.c - a page's bytes to UTF-8, before the parser sees them.
 *
 * The encoding is found as browsers find it (WHATWG Encoding and HTML's
 * prescan): a byte order mark, else what the page declares near its start,
 * else a guess. Two mislabellings that scrapers cause are undone: a page
 * saved as UTF-8 that still declares its old single-byte charset is read as
 * UTF-8, and a page declared UTF-8 whose every non-ASCII byte is invalid
 * UTF-8 is read as windows-1252. UTF-8 and windows-1252 (which browsers
 * read for ISO-8859-1 and ASCII too) are decoded here; other encodings
 * through iconv.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "utf8.h"
#include "web.h"

/* How far into the page a declaration is looked for. HTML's prescan stops
 * at 1024 bytes; real pages put long scripts and styles before it. */
#define PRESCAN_BYTES (16 * 1024)
/* A NUL byte this near the start means binary data, as git decides. */
#define BINARY_WINDOW 8000

static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* s[0..n) starts with the lower-case word w, in any case. */
static bool starts_nocase(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);

    if (n < wl)
        return false;
    for (size_t i = 0; i < wl; i++)
        if (ascii_lower(s[i]) != w[i])
            return false;
    return true;
}

/* Counts the valid multi-byte sequences and the invalid bytes. */
static void utf8_census(const unsigned char *s, size_t n, size_t *multi, size_t *invalid)
{
    *multi = *invalid = 0;
    for (size_t i = 0; i < n;) {
        size_t l;

        if (s[i] < 0x80) {
            i++;
        } else if ((l = ws_utf8_seq_len(s + i, n - i)) > 0) {
            ++*multi;
            i += l;
        } else {
            ++*invalid;
            i++;
        }
    }
}

/* ---- the declaration --------------------------------------------------- */

/* The charset in a Content-Type value ("text/html; charset=utf-8"). */
static bool charset_in_content(const char *v, size_t n, char *label, size_t size)
{
    for (size_t i = 0; i + 7 <= n; i++) {
        size_t j, k;

        if (!starts_nocase(v + i, n - i, "charset"))
            continue;
        j = i + 7;
        while (j < n && ascii_space(v[j]))
            j++;
        if (j >= n || v[j] != '=')
            continue;
        j++;
        while (j < n && ascii_space(v[j]))
            j++;
        if (j < n && (v[j] == '"' || v[j] == '\''))
            j++;
        for (k = j; k < n && !ascii_space(v[k]) && v[k] != ';' && v[k] != '"' && v[k] != '\''; k++)
            ;
        if (k == j || k - j >= size)
            return false;
        memcpy(label, v + j, k - j);
        label[k - j] = '\0';
        return true;
    }
    return false;
}

/* Reads the attributes of a <meta> tag from *pos; true when they declare
 * a charset (into label). */
static bool meta_charset(const char *s, size_t n, size_t *pos, char *label, size_t size)
{
    size_t i = *pos;
    bool pragma = false, found = false;
    char from_content[64] = "";

    while (i < n && s[i] != '>') {
        size_t name, name_len, value = 0, value_len = 0;

        while (i < n && (ascii_space(s[i]) || s[i] == '/'))
            i++;
        if (i >= n || s[i] == '>')
            break;
        name = i;
        while (i < n && !ascii_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/')
            i++;
        name_len = i - name;
        while (i < n && ascii_space(s[i]))
            i++;
        if (i < n && s[i] == '=') {
            i++;
            while (i < n && ascii_space(s[i]))
                i++;
            if (i < n && (s[i] == '"' || s[i] == '\'')) {
                char q = s[i++];
                value = i;
                while (i < n && s[i] != q)
                    i++;
                value_len = i - value;
                if (i < n)
                    i++;
            } else {
                value = i;
                while (i < n && !ascii_space(s[i]) && s[i] != '>')
                    i++;
                value_len = i - value;
            }
        }
        if (name_len == 7 && starts_nocase(s + name, name_len, "charset") && value_len > 0 &&
            value_len < size && !found) {
            memcpy(label, s + value, value_len);
            label[value_len] = '\0';
            found = true;
        } else if (name_len == 10 && starts_nocase(s + name, name_len, "http-equiv")) {
            pragma = value_len == 12 && starts_nocase(s + value, value_len, "content-type");
        } else if (name_len == 7 && starts_nocase(s + name, name_len, "content")) {
            charset_in_content(s + value, value_len, from_content, sizeof from_content);
        }
    }
    *pos = i;
    if (!found && pragma && from_content[0] && strlen(from_content) < size) {
        strcpy(label, from_content);
        found = true;
    }
    return found;
}

/* The charset the page declares in its first bytes, into label; false when
 * it declares none. */
static bool declared_charset(const char *s, size_t n, char *label, size_t size)
{
    if (n > PRESCAN_BYTES)
        n = PRESCAN_BYTES;
    if (starts_nocase(s, n, "<?xml")) {
        const char *end = memchr(s, '>', n);
        size_t decl = end ? (size_t)(end - s) : n;

        for (size_t i = 5; i + 8 < decl; i++)
            if (starts_nocase(s + i, decl - i, "encoding")) {
                size_t j = i + 8, k;

                while (j < decl && (ascii_space(s[j]) || s[j] == '=' || s[j] == '"' || s[j] == '\''))
                    j++;
                for (k = j; k < decl && s[k] != '"' && s[k] != '\'' && !ascii_space(s[k]); k++)
                    ;
                if (k > j && k - j < size) {
                    memcpy(label, s + j, k - j);
                    label[k - j] = '\0';
                    return true;
                }
            }
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<')
            continue;
        if (starts_nocase(s + i, n - i, "<!--")) {
            const char *end = NULL;

            for (size_t j = i + 4; j + 3 <= n && !end; j++)
                if (memcmp(s + j, "-->", 3) == 0)
                    end = s + j;
            if (!end)
                return false;
            i = (size_t)(end - s) + 2;
        } else if (starts_nocase(s + i, n - i, "<meta") && i + 5 < n &&
                   (ascii_space(s[i + 5]) || s[i + 5] == '/')) {
            size_t pos = i + 5;

            if (meta_charset(s, n, &pos, label, size))
                return true;
            i = pos;
        }
    }
    return false;
}

/* The decoder for a label: "UTF-8", "windows-1252" (both decoded here),
 * or a name for iconv, in name (of size 64). WHATWG folds several labels
 * into one encoding. */
static const char *encoding_for(const char *label, char *name)
{
    static const struct {
        const char *label, *name;
    } table[] = {
        {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
        /* a <meta> read as ASCII cannot be right about UTF-16 */
        {"utf-16", "UTF-8"}, {"utf-16le", "UTF-8"}, {"utf-16be", "UTF-8"}, {"unicode", "UTF-8"},
        {"windows-1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
        {"iso-8859-1", "windows-1252"}, {"iso8859-1", "windows-1252"}, {"iso88591", "windows-1252"},
        {"iso_8859-1", "windows-1252"}, {"latin1", "windows-1252"}, {"l1", "windows-1252"},
        {"ascii", "windows-1252"}, {"us-ascii", "windows-1252"}, {"cp819", "windows-1252"},
        {"ibm819", "windows-1252"}, {"x-user-defined", "windows-1252"},
        {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"}, {"gb18030", "GB18030"},
        {"chinese", "GB18030"}, {"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"},
        {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
        {"ms_kanji", "CP932"}, {"windows-31j", "CP932"}, {"euc-kr", "CP949"},
        {"ks_c_5601-1987", "CP949"}, {"windows-949", "CP949"}, {"iso-8859-9", "CP1254"},
        {"latin5", "CP1254"}, {"tis-620", "CP874"}, {"iso-8859-11", "CP874"},
    };

    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(label, table[i].label) == 0)
            return table[i].name;
    /* iconv's own name, written as iconv -l writes it */
    for (size_t i = 0; i < 64; i++)
        if (!(name[i] = label[i] >= 'a' && label[i] <= 'z' ? (char)(label[i] - 'a' + 'A') : label[i]))
            break;
    return name;
}

/* ---- decoders ---------------------------------------------------------- */

/* A count of invalid bytes, and where the first was. */
typedef struct invalid_bytes {
    size_t count;
    size_t first;
} invalid_bytes;

static void note_invalid(invalid_bytes *bad, size_t at)
{
    if (bad->count++ == 0)
        bad->first = at;
}

/* Bytes of ASCII without NUL from s on: eight at a time, as most of a
 * page is. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
    const uint64_t high = 0x8080808080808080u, ones = 0x0101010101010101u;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t w;

        memcpy(&w, s + i, 8);
        if ((w & high) || ((w - ones) & ~w & high))
            break;
    }
    while (i < n && s[i] != 0 && s[i] < 0x80)
        i++;
    return i;
}

/* Counts the valid multi-byte sequences (multi may be NULL) and the
 * invalid bytes as it decodes. */
static void decode_utf8(const unsigned char *s, size_t n, size_t base, web_buf *out,
                        invalid_bytes *bad, size_t *multi)
{
    size_t i = 0;

    while (i < n) {
        size_t run = i + ascii_run(s + i, n - i), l;

        web_buf_add(out, (const char *)s + i, run - i);
        i = run;
        if (i >= n)
            break;
        if (s[i] == 0) {
            web_buf_addcp(out, 0xFFFD);
            i++;
        } else if ((l = ws_utf8_seq_len(s + i, n - i)) > 0) {
            web_buf_add(out, (const char *)s + i, l);
            i += l;
            if (multi)
                ++*multi;
        } else {
            note_invalid(bad, base + i);
            web_buf_addcp(out, 0xFFFD);
            i++;
        }
    }
}

static void decode_cp1252(const unsigned char *s, size_t n, web_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];

        if (c == 0)
            web_buf_addcp(out, 0xFFFD);
        else if (c < 0x80)
            web_buf_addc(out, (char)c);
        else if (c < 0xA0)
            web_buf_addcp(out, cp1252_high[c - 0x80]);
        else
            web_buf_addcp(out, c);
    }
}

/* NUL characters become U+FFFD: the parser's strings would end at them. */
static void replace_nuls(web_buf *out)
{
    web_buf clean = {0};
    const char *p = out->data, *end = out->data + out->len, *nul;

    if (out->failed || !memchr(p, 0, out->len))
        return;
    while ((nul = memchr(p, 0, (size_t)(end - p))) != NULL) {
        web_buf_add(&clean, p, (size_t)(nul - p));
        web_buf_addcp(&clean, 0xFFFD);
        p = nul + 1;
    }
    web_buf_add(&clean, p, (size_t)(end - p));
    if (clean.failed) {
        web_buf_free(&clean);
        out->failed = true;
        return;
    }
    web_buf_free(out);
    *out = clean;
}

/* Through iconv; false when iconv does not know the encoding. */
static bool decode_iconv(const char *name, const char *s, size_t n, size_t base, web_buf *out,
                         invalid_bytes *bad)
{
    iconv_t cd = iconv_open("UTF-8", name);
    char *in = (char *)s;
    size_t in_left = n;

    if (cd == (iconv_t)-1)
        return false;
    /* Room for the worst case of what is left; a stateful encoding's
     * closing sequence fits in the 16 bytes over. */
    while (web_buf_reserve(out, in_left * 4 + 16)) {
        char *op = out->data + out->len;
        size_t out_left = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &in_left, &op, &out_left);

        if (r != (size_t)-1 && in_left == 0)
            iconv(cd, NULL, NULL, &op, &out_left);
        out->len = (size_t)(op - out->data);
        out->data[out->len] = '\0';
        if (r != (size_t)-1 && in_left == 0)
            break;
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        /* EILSEQ, or EINVAL for a sequence cut short at the end */
        note_invalid(bad, base + (size_t)(in - s));
        web_buf_addcp(out, 0xFFFD);
        in++;
        in_left--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    replace_nuls(out);
    return true;
}

ws_status web_decode(const char *in, size_t len, web_buf *out, char *charset, size_t charset_size,
                     web_warnings *warnings, ws_error *err)
{
    const unsigned char *s = (const unsigned char *)in;
    const char *name = NULL;
    char label[64], iconv_name[64];
    size_t skip = 0, multi = 0, invalid = 0;
    const void *nul = memchr(in, 0, len < BINARY_WINDOW ? len : BINARY_WINDOW);
    invalid_bytes bad = {0, 0};

    out->len = 0;
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        name = "UTF-8";
        skip = 3;
    } else if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
        name = s[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        skip = 2;
    } else if (len >= 4 && s[0] == '<' && s[1] == 0 && s[2] != 0 && s[3] == 0) {
        name = "UTF-16LE"; /* no mark, but "<\0h\0" can only be that */
    } else if (len >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0 && s[3] != 0) {
        name = "UTF-16BE";
    } else if (nul) {
        return web_fail(err, WS_ERR_INPUT, (const char *)nul - in,
                        "binary data, not a web page (a NUL byte)");
    }
    if (!name && declared_charset(in, len, label, sizeof label)) {
        size_t a = 0, b = strlen(label);

        while (a < b && ascii_space(label[a]))
            a++;
        while (b > a && ascii_space(label[b - 1]))
            b--;
        memmove(label, label + a, b - a);
        label[b - a] = '\0';
        for (char *p = label; *p; p++)
            *p = ascii_lower(*p);
        name = encoding_for(label, iconv_name);
        if (strcmp(name, "UTF-8") != 0) {
            /* saved as UTF-8 by a scraper, still declaring the old charset */
            utf8_census(s, len, &multi, &invalid);
            if (multi > 0 && invalid == 0)
                name = "UTF-8";
        }
    }
    if (!name || strcmp(name, "UTF-8") == 0) {
        /* decoded as UTF-8 first; read again as windows-1252 when no byte
         * beyond ASCII was valid UTF-8 */
        multi = 0;
        decode_utf8(s + skip, len - skip, skip, out, &bad, &multi);
        if (bad.count > 0 && multi == 0) {
            if (name)
                web_warn(warnings, -1, "declares UTF-8, but no byte beyond ASCII is valid UTF-8: "
                                       "read as windows-1252");
            name = "windows-1252";
            out->len = 0;
            bad.count = 0;
        } else {
            name = "UTF-8";
        }
    }
    snprintf(charset, charset_size, "%s", name);
    if (strcmp(name, "windows-1252") == 0) {
        decode_cp1252(s + skip, len - skip, out);
    } else if (strcmp(name, "UTF-8") != 0 && !decode_iconv(name, in + skip, len - skip, skip, out, &bad)) {
        web_warn(warnings, -1, "unknown charset '%s': read as %s", label,
                 invalid == 0 ? "UTF-8" : "windows-1252");
        snprintf(charset, charset_size, "%s", invalid == 0 ? "UTF-8" : "windows-1252");
        out->len = 0;
        if (invalid == 0)
            decode_utf8(s, len, 0, out, &bad, NULL);
        else
            decode_cp1252(s, len, out);
    }
    web_buf_add(out, "", 0); /* terminated even when empty */
    if (out->failed)
        return web_fail(err, WS_ERR_NOMEM, -1, "out of memory");
    if (bad.count > 0 && bad.count > (len - skip) / 4)
        return web_fail(err, WS_ERR_INPUT, (long long)bad.first,
                        "not decodable as %s: %zu of %zu bytes are invalid", charset, bad.count,
                        len - skip);
    if (bad.count > 0)
        web_warn(warnings, (long long)bad.first,
                 "%zu invalid byte%s in %s, replaced by U+FFFD", bad.count,
                 bad.count == 1 ? "" : "s", charset);
    return WS_OK;
}
