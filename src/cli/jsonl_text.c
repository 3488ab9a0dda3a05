/*
 * jsonl_text.c - the article text of a JSON Lines record, decoded without
 * jansson.
 *
 * The text is nearly all of a line, and jansson lexes a string a byte at a
 * time through function calls: it took a third of a run. One pass here finds
 * the value of the record's top-level "text" key and decodes it, plain ASCII
 * 16 or 8 bytes at a time; jansson parses the line with that value replaced
 * by "", so that the id, the metadata and every check of the structure stay
 * its own. Whatever is unusual (no such key, the key twice or spelt with escapes,
 * a value that is not a string jansson would accept) is left to jansson on
 * the whole line, so that errors and their columns read as they always did.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl_text.h"
#include "../lib/base/json_bytes.h"
#include "../lib/base/utf8.h"

/* The code unit of the 4 hex digits after "\u" at s, or -1. */
static long unicode_escape(const unsigned char *s, size_t n)
{
    long unit = 0;

    if (n < 6 || s[0] != '\\' || s[1] != 'u')
        return -1;
    for (size_t i = 2; i < 6; i++) {
        unsigned char c = s[i];
        int digit = c >= '0' && c <= '9' ? c - '0'
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10
                  : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        if (digit < 0)
            return -1;
        unit = unit * 16 + digit;
    }
    return unit;
}

/* Writes code point cp as UTF-8; returns its length. */
static size_t put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Whether byte c stands for itself in a JSON string: what ws_json_plain_bytes asks
 * of each of its 8. */
static int plain_byte(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Decodes the JSON string whose contents start at s into out, which never
 * grows past the input (an escape is longer than what it stands for).
 * Returns its closing quote, or NULL for a string that jansson would refuse
 * or that is unterminated. Plain ASCII is copied 16 or 8 bytes at a time: a
 * block is written whole, and the output moves on by its plain bytes. */
static const unsigned char *decode_string(const unsigned char *s, size_t n, char *out,
                                          size_t *out_len)
{
    size_t i = 0, o = 0;

    for (;;) {
        uint64_t word;
        size_t plain = 16;
        long unit, low;

#ifdef __SSE2__
        /* sixteen bytes at a time; eight for the last few, or after a
         * special byte in the second eight */
        while (plain == 16 && n - i >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));

            _mm_storeu_si128((__m128i *)(void *)(out + o), v);
            plain = ws_json_plain_bytes16(v);
            i += plain;
            o += plain;
        }
#endif
        while (plain >= sizeof word && n - i >= sizeof word) {
            memcpy(&word, s + i, sizeof word);
            memcpy(out + o, &word, sizeof word);
            plain = ws_json_plain_bytes(word);
            i += plain;
            o += plain;
        }
        while (i < n && plain_byte(s[i]))
            out[o++] = (char)s[i++];
        if (i == n)
            return NULL;
        if (s[i] == '"') {
            *out_len = o;
            return s + i;
        }
        if (s[i] < 0x20)
            return NULL;
        if (s[i] >= 0x80) {
            size_t len = ws_utf8_seq_len(s + i, n - i);

            if (len == 0)
                return NULL;
            /* 2 to 4 bytes: the first two and the last two */
            memcpy(out + o, s + i, 2);
            memcpy(out + o + len - 2, s + i + len - 2, 2);
            i += len;
            o += len;
            continue;
        }
        /* a backslash */
        if (n - i < 2)
            return NULL;
        switch (s[i + 1]) {
        case '"': case '\\': case '/': out[o++] = (char)s[i + 1]; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u':
            unit = unicode_escape(s + i, n - i);
            if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
                return NULL;
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                i += 6;
                low = unicode_escape(s + i, n - i);
                if (low < 0xDC00 || low > 0xDFFF)
                    return NULL;
                unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            }
            o += put_utf8(out + o, (unsigned long)unit);
            i += 4; /* the digits; the 2 bytes of "\u" below */
            break;
        default:
            return NULL;
        }
        i += 2;
    }
}

/* Where the string whose contents start at i ends (its closing quote), or
 * n when it does not. Its contents are left for jansson to check. */
static size_t string_end(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && s[i] != '"')
        i += s[i] == '\\' ? 2 : 1;
    return i < n ? i : n;
}

static size_t skip_space(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

/* Strings are skipped whole, so that brackets, commas and colons are
 * counted only outside them; a string at depth 1 after '{' or ',' is a key
 * of the record. For a line jansson accepts once split, that is the
 * structure jansson sees. */
int cli_jsonl_split_text(const char *line, size_t len, cli_jsonl_split *split)
{
    const unsigned char *s = (const unsigned char *)line;
    size_t depth = 0, value = 0, value_end = 0;
    int at_key = 0;

    split->text = NULL;
    for (size_t i = 0; i < len; i++) {
        size_t end;

        switch (s[i]) {
        case '{':
            at_key = ++depth == 1;
            break;
        case '[':
            depth++;
            break;
        case '}':
        case ']':
            depth--;
            break;
        case ',':
            at_key = depth == 1;
            break;
        case '"':
            end = string_end(s, len, i + 1);
            if (end == len)
                goto refuse;
            if (at_key) {
                /* An escape could spell "text" in a way only jansson reads. */
                if (memchr(s + i + 1, '\\', end - i - 1))
                    goto refuse;
                if (end - i - 1 == 4 && memcmp(s + i + 1, "text", 4) == 0) {
                    size_t colon = skip_space(s, len, end + 1), quote = skip_space(s, len, colon + 1);
                    const unsigned char *close;

                    if (split->text || quote >= len || s[colon] != ':' || s[quote] != '"')
                        goto refuse;
                    /* the text first, the rest after it: both fit in len + 4 */
                    if (split->cap < len + 4) {
                        size_t cap = len + 4 > 2 * split->cap ? len + 4 : 2 * split->cap;
                        char *grown = realloc(split->buf, cap);
                        if (!grown)
                            goto refuse;
                        split->buf = grown;
                        split->cap = cap;
                    }
                    split->text = split->buf;
                    close = decode_string(s + quote + 1, len - quote - 1, split->text,
                                          &split->text_len);
                    if (!close)
                        goto refuse;
                    end = (size_t)(close - s);
                    value = quote;
                    value_end = end + 1;
                }
                at_key = 0;
            }
            i = end;
            break;
        default:
            break;
        }
    }
    if (!split->text)
        return 0;
    split->text[split->text_len] = '\0';
    split->rest = split->text + (value_end - value);
    memcpy(split->rest, line, value);
    memcpy(split->rest + value, "\"\"", 2);
    memcpy(split->rest + value + 2, line + value_end, len - value_end);
    split->rest_len = len - (value_end - value) + 2;
    split->rest[split->rest_len] = '\0';
    return 1;
refuse:
    split->text = NULL;
    return 0;
}

/* Where the string whose contents start at i ends (its closing quote) when
 * all of it is plain ASCII, which stands for itself; n when it is not. */
static size_t plain_string_end(const unsigned char *s, size_t n, size_t i)
{
    while (i < n && plain_byte(s[i]))
        i++;
    return i < n && s[i] == '"' ? i : n;
}

int cli_jsonl_id_only(cli_jsonl_split *split, const char **id)
{
    unsigned char *s = (unsigned char *)split->rest;
    size_t n = split->rest_len, i = skip_space(s, n, 0), id_start = 0, id_end = 0;
    int text = 0;

    *id = NULL;
    if (i == n || s[i] != '{')
        return 0;
    do {
        size_t key = skip_space(s, n, i + 1), key_end = key < n && s[key] == '"' ? plain_string_end(s, n, key + 1) : n;
        size_t colon = skip_space(s, n, key_end + 1), value = skip_space(s, n, colon + 1), value_end;

        if (value >= n || s[colon] != ':' || s[value] != '"' || (value_end = plain_string_end(s, n, value + 1)) == n)
            return 0;
        if (key_end - key == 5 && memcmp(s + key + 1, "text", 4) == 0 && value_end == value + 1 && !text) {
            text = 1;
        } else if (key_end - key == 3 && memcmp(s + key + 1, "id", 2) == 0 && !id_end) {
            id_start = value + 1;
            id_end = value_end;
        } else {
            return 0;
        }
        i = skip_space(s, n, value_end + 1);
    } while (i < n && s[i] == ',');
    if (!text || i == n || s[i] != '}' || skip_space(s, n, i + 1) != n)
        return 0;
    if (id_end) {
        s[id_end] = '\0';
        *id = (const char *)s + id_start;
    }
    return 1;
}

void cli_jsonl_split_free(cli_jsonl_split *split)
{
    free(split->buf);
    *split = (cli_jsonl_split){0};
}
