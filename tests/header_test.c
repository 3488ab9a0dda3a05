/* header_test.c - whosaid.h compiles on its own, with strict warnings as
 * errors (see tests/meson.build), and declares what it promises. */
#include <whosaid.h>

int main(void)
{
    ws_error err;
    ws_options opt;
    ws_span span = {0, 0};
    ws_gazetteer_free(NULL); /* every free accepts NULL */
    ws_extractor_free(NULL);
    ws_result_free(NULL);
    ws_csv_abort(NULL);
    ws_error_clear(&err);
    ws_options_default(&opt);
    (void)span;
    return WS_OK + (WHOSAID_VERSION_MAJOR < 0) + (WS_NO_ENTITY == 0);
}
