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
    fputs("Usage: " PROG " gazetteer aliases|stats|clashes [-g DIR]... [--no-bundled-gazetteers]\n"
          "\n"
          "  aliases   every alias that can match, one a line, in load order\n"
          "              " PROG " gazetteer aliases > aliases.txt\n"
          "  stats     entities, aliases, load time in milliseconds, and whether\n"
          "            the binary cache was used (WHOSAID_NO_CACHE=1 turns it off)\n"
          "              " PROG " gazetteer stats\n"
          "  clashes   aliases that name several entities, as FILE:LINE of each;\n"
          "            they are kept under all of them and resolved by context\n"
          "              " PROG " gazetteer clashes --no-bundled-gazetteers -g mine/\n"
          "\n"
          "Options:\n"
          "  -g, --gazetteers DIR       also load the gazetteers in DIR (as extract)\n"
          "      --no-bundled-gazetteers  load only the -g folders\n"
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

enum { OPT_NO_BUNDLED = 256 };

static const struct option gazetteer_long_options[] = {
    {"gazetteers", required_argument, NULL, 'g'},
    {"no-bundled-gazetteers", no_argument, NULL, OPT_NO_BUNDLED},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cmd_gazetteer(int argc, char **argv)
{
    const char *help = PROG " gazetteer";
    const char **dirs = calloc((size_t)argc, sizeof *dirs);
    size_t ndirs = 0;
    int c, bundled = 1, status;
    ws_gazetteer *gaz = NULL;
    struct timespec t0, t1;

    if (!dirs) {
        report(NULL, 0, -1, "out of memory");
        return EXIT_SOME_FAILED;
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":g:h", gazetteer_long_options, NULL)) != -1) {
        switch (c) {
        case 'g':
            dirs[ndirs++] = optarg;
            break;
        case OPT_NO_BUNDLED:
            bundled = 0;
            break;
        case 'h':
            print_gazetteer_help();
            free(dirs);
            return EXIT_ALL_OK;
        case ':':
            free(dirs);
            return usage_error(help, "option -g needs a value");
        default:
            free(dirs);
            return usage_error(help, "unknown option '%s'", argv[optind - 1]);
        }
    }
    const char *what = optind + 1 == argc ? argv[optind] : "";
    if (strcmp(what, "aliases") != 0 && strcmp(what, "stats") != 0 && strcmp(what, "clashes") != 0) {
        free(dirs);
        return usage_error(help, "expected 'aliases', 'stats' or 'clashes'");
    }
    /* the cache keeps no file names: clashes are reported from the text */
    if (strcmp(what, "clashes") == 0)
        setenv("WHOSAID_NO_CACHE", "1", 1);
    if (ws_gazetteer_new(&gaz) != WS_OK) {
        free(dirs);
        report(NULL, 0, -1, "out of memory");
        return EXIT_SOME_FAILED;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    status = load_gazetteers(gaz, dirs, ndirs, bundled, help);
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
        printf("entities: %zu\naliases: %zu\nload_ms: %.1f\ncache: %s\n",
               ws_gazetteer_entity_count(gaz), ws_gazetteer_alias_count(gaz),
               (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
               ws_gazetteer_from_cache(gaz) ? "used" : "not used");
    }
    ws_gazetteer_free(gaz);
    free(dirs);
    return status;
}
