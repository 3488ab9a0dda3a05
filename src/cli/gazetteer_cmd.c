/*
 * gazetteer_cmd.c - the gazetteer command: what the loaded gazetteers hold.
 * `aliases` prints one alias a line (the benchmark feeds it to grep -F -f
 * as the baseline); `stats` prints counts and how long loading took;
 * `clashes` lists the aliases that name several entities.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static void print_gazetteer_help(void)
{
    fputs("Usage: " PROG " gazetteer aliases|stats|clashes [-g DIR]... [--lexicon DIR]...\n"
          "\n"
          "  aliases   every alias that can match, one a line, in load order\n"
          "              " PROG " gazetteer aliases > aliases.txt\n"
          "  stats     entities, aliases, load time in milliseconds, whether the\n"
          "            binary cache was used (WHOSAID_NO_CACHE=1 turns it off), and\n"
          "            the entries of each word list\n"
          "              " PROG " gazetteer stats\n"
          "  clashes   aliases that name several entities, as FILE:LINE of each;\n"
          "            they are kept under all of them and resolved by context\n"
          "              " PROG " gazetteer clashes --no-bundled-gazetteers -g mine/\n"
          "\n"
          "Options (as extract):\n"
          DATA_OPTIONS_HELP
          "  -h, --help                 show this help and exit\n",
          stdout);
}

static int print_clash(const ws_alias_clash *c, void *ctx)
{
    return fprintf(ctx, "%s:%lu: alias '%s' of %s also names %s (%s:%lu); kept under both, resolved by context\n",
                   c->file, c->line, c->alias, c->id, c->other_id, c->other_file, c->other_line) < 0;
}

static int print_alias(const char *alias, const char *entity_id, void *ctx)
{
    (void)entity_id;
    return fputs(alias, ctx) == EOF || putc('\n', ctx) == EOF;
}

static int print_word_list(const char *list, size_t entries, void *ctx)
{
    fprintf(ctx, "words %s: %zu\n", list, entries);
    return 0;
}

static const struct option gazetteer_long_options[] = {
    DATA_LONG_OPTIONS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cmd_gazetteer(int argc, char **argv)
{
    const char *help = PROG " gazetteer";
    data_options data;
    int c, status;
    ws_gazetteer *gaz = NULL;
    struct timespec t0, t1;

    if (data_options_init(&data, argc) != 0)
        return EXIT_SOME_FAILED;
    opterr = 0;
    status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, ":g:h", gazetteer_long_options, NULL)) != -1) {
        if (data_option(&data, c, optarg))
            continue;
        switch (c) {
        case 'h':
            print_gazetteer_help();
            status = EXIT_ALL_OK;
            break;
        case ':':
            status = usage_error(help, "option '%s' needs a value", argv[optind - 1]);
            break;
        default:
            status = usage_error(help, "unknown option '%s'", argv[optind - 1]);
            break;
        }
    }
    const char *what = optind + 1 == argc ? argv[optind] : "";
    if (status < 0 && strcmp(what, "aliases") != 0 && strcmp(what, "stats") != 0 &&
        strcmp(what, "clashes") != 0)
        status = usage_error(help, "expected 'aliases', 'stats' or 'clashes'");
    if (status >= 0) {
        data_options_free(&data);
        return status;
    }
    /* the cache keeps no file names: clashes are reported from the text */
    if (strcmp(what, "clashes") == 0)
        setenv("WHOSAID_NO_CACHE", "1", 1);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    status = load_data(&gaz, &data, help);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (status == EXIT_ALL_OK && strcmp(what, "stats") != 0) {
        int failed = strcmp(what, "aliases") == 0 ? ws_gazetteer_foreach_alias(gaz, print_alias, stdout)
                                                  : ws_gazetteer_foreach_clash(gaz, print_clash, stdout);
        if (failed || fflush(stdout) != 0) {
            if (errno != EPIPE) /* a reader that stopped early (| head) is no error */
                report("standard output", 0, -1, strerror(errno));
            status = EXIT_SOME_FAILED;
        }
    } else if (status == EXIT_ALL_OK) {
        int cached = ws_gazetteer_from_cache(gaz);
        printf("entities: %zu\naliases: %zu\nload_ms: %.1f\ncache: %s\ngiven-name cache: %s\n",
               ws_gazetteer_entity_count(gaz), ws_gazetteer_alias_count(gaz),
               (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
               cached & WS_CACHED_NAMES ? "used" : "not used", cached & WS_CACHED_GIVEN_NAMES ? "used" : "not used");
        ws_gazetteer_foreach_word_list(gaz, print_word_list, stdout);
    }
    ws_gazetteer_free(gaz);
    data_options_free(&data);
    return status;
}
