/*
 * main.c - the whosaid program: dispatches to its commands.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void print_general_help(void)
{
    fputs("Usage: " PROG " extract [OPTIONS] INPUT...\n"
          "       " PROG " db add DATABASE [OPTIONS] INPUT...\n"
          "       " PROG " db stats DATABASE\n"
          "       " PROG " db export DATABASE --format csv|jsonl [--out PATH]\n"
          "       " PROG " search DATABASE [WORDS] [OPTIONS]\n"
          "       " PROG " who-said DATABASE TEXT [OPTIONS]\n"
          "       " PROG " text [OPTIONS] INPUT...\n"
          "       " PROG " gazetteer aliases|stats|clashes [-g DIR]...\n"
          "       " PROG " --help | --version\n"
          "\n"
          "Finds the people, places and organisations that news texts name, and\n"
          "who said each quotation. Reads text, JSON Lines and web pages (HTML).\n"
          "\n"
          "Commands:\n"
          "  extract            extract entities and quotes from documents\n"
          "                       " PROG " extract news/*.txt > out.jsonl\n"
          "  db add             extract documents into a quote database\n"
          "                       " PROG " db add quotes.db news/\n"
          "  db stats           count what a quote database holds, top speakers\n"
          "  db export          a quote database as the CSV tables or the JSON\n"
          "                     Lines of extract\n"
          "  search             search the quotes of a database by words, speaker,\n"
          "                     entity and date\n"
          "                       " PROG " search quotes.db --speaker Peskov bridge\n"
          "  who-said           who said a quote, where it was first published and\n"
          "                     the articles that carried it\n"
          "                       " PROG " who-said quotes.db \"I hope it's fast\"\n"
          "  text               print the text that is analysed: for a web page, its\n"
          "                     article's text, which offsets refer to\n"
          "                       " PROG " text page.html\n"
          "  gazetteer aliases  every alias the gazetteers hold, one a line\n"
          "  gazetteer stats    count the gazetteers and time their loading\n"
          "  gazetteer clashes  aliases that name several entities\n"
          "'" PROG " COMMAND --help' tells more (extract, db, search, who-said,\n"
          "text, gazetteer); 'man " PROG "' tells all.\n"
          "\n"
          "Options:\n"
          "  -h, --help     show this help and exit\n"
          "  -V, --version  show the version and exit\n"
          "\n"
          "Exit status: 0 all documents processed, 1 some documents failed or the\n"
          "output could not be written, 2 usage error.\n"
          "\n"
          "The output (JSON fields, CSV columns) is documented in README.md.\n",
          stdout);
}

int main(int argc, char **argv)
{
    /* A closed output pipe (`whosaid extract ... | head`) then shows as a
     * write error, EPIPE, which ends the run quietly through the normal
     * path, instead of as a signal that kills the process mid-write. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2)
        return usage_error(PROG, "no command (did you mean '" PROG " extract FILE...'?)");
    if (strcmp(argv[1], "extract") == 0)
        return cmd_extract(argc - 1, argv + 1);
    if (strcmp(argv[1], "db") == 0)
        return cmd_db(argc - 1, argv + 1);
    if (strcmp(argv[1], "search") == 0)
        return cmd_search(argc - 1, argv + 1);
    if (strcmp(argv[1], "who-said") == 0)
        return cmd_who_said(argc - 1, argv + 1);
    if (strcmp(argv[1], "text") == 0)
        return cmd_text(argc - 1, argv + 1);
    if (strcmp(argv[1], "gazetteer") == 0)
        return cmd_gazetteer(argc - 1, argv + 1);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_general_help();
        return EXIT_ALL_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf(PROG " %s\n", ws_version());
        return EXIT_ALL_OK;
    }
    if (argv[1][0] == '-')
        return usage_error(PROG, "unknown option '%s'", argv[1]);
    return usage_error(PROG, "unknown command '%s'", argv[1]);
}
