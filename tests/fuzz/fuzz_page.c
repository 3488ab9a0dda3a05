/*
 * fuzz_page.c - any bytes as a web page (src/lib/web/): the page is read
 * or fails with a message; its text is valid UTF-8 without NUL bytes,
 * starts with the title when it has both, and ends with a newline; its
 * metadata is a JSON object of strings. Replayed over tests/fuzz/corpus/page
 * by `meson test --suite fuzz`; for a long run, with clang (the setup of
 * fuzz_gazetteer.c):
 *   ninja -C build-fuzz tests/fuzz_page
 *   build-fuzz/tests/fuzz_page -max_total_time=3600 tests/fuzz/corpus/page
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "whosaid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int valid_utf8(const unsigned char *s, size_t len)
{
    json_t *v = json_stringn((const char *)s, len); /* jansson checks UTF-8 */
    int ok = v != NULL;

    json_decref(v);
    return ok && !memchr(s, 0, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ws_page *page = NULL;
    ws_error err;
    ws_status status = ws_page_read(&page, (const char *)data, size, "https://example.org/a/b", &err);
    const char *text, *title, *meta;
    size_t len;

    if (status != WS_OK) {
        if (page || !err.message[0] || (status != WS_ERR_INPUT && status != WS_ERR_LIMIT))
            abort();
        return 0;
    }
    text = ws_page_text(page, &len);
    title = ws_page_title(page);
    if (strlen(text) != len || !valid_utf8((const unsigned char *)text, len) ||
        (len > 0 && text[len - 1] != '\n') ||
        (len > 0 && title && (strncmp(text, title, strlen(title)) != 0 ||
                              strncmp(text + strlen(title), "\n\n", 2) != 0)) ||
        (len == 0 && ws_page_warning_count(page) == 0))
        abort();
    if ((meta = ws_page_meta_json(page)) != NULL) {
        json_t *obj = json_loads(meta, 0, NULL);
        const char *key;
        json_t *value;

        if (!json_is_object(obj) || json_object_size(obj) == 0)
            abort();
        /* title and author are one line each: the title heads the text */
        json_object_foreach(obj, key, value)
            if (!json_is_string(value) ||
                ((strcmp(key, "title") == 0 || strcmp(key, "author") == 0) &&
                 strchr(json_string_value(value), '\n')))
                abort();
        json_decref(obj);
    }
    for (size_t i = 0; i < ws_page_warning_count(page); i++)
        if (!ws_page_warning(page, i)->message[0])
            abort();
    ws_page_free(page);
    return 0;
}
