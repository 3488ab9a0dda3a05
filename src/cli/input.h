/*
 * input.h - turns the command line's inputs (files, folders, JSON Lines,
 * standard input) into documents, one at a time.
 */
#ifndef WHOSAID_CLI_INPUT_H
#define WHOSAID_CLI_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "whosaid.h"

typedef enum cli_input_format {
    CLI_INPUT_AUTO,  /* by name: *.jsonl and *.ndjson are JSON Lines; *.html, *.htm and
                        files that start as HTML are web pages; the rest text */
    CLI_INPUT_TEXT,  /* a whole file is one document */
    CLI_INPUT_JSONL, /* one JSON object per line, each a document */
    CLI_INPUT_HTML   /* a whole file is a web page: the document is its article's text */
} cli_input_format;

/* Receives each document, which lives only during the call. When it could
 * not be read, failed says why (file, line) and doc->text is NULL; doc->id
 * and doc->origin are set either way. Returns 0 to go on, anything else to
 * stop reading (the output is gone, for example). */
typedef int (*cli_doc_fn)(const ws_document *doc, const ws_error *failed, void *ctx);

/* Receives a warning about an input that is not a document (a named pipe
 * inside a folder), which is skipped, or about a web page (invalid bytes,
 * no main text); NULL drops it silently. */
typedef void (*cli_warn_fn)(const char *path, const char *message, void *ctx);

/* Reads one command-line input: a file, a folder (every file below it,
 * in byte-wise name order, skipping names that start with '.') or "-" for
 * standard input. A text document larger than max_bytes fails without
 * being read whole. Folders nest at most 64 deep; a deeper one, or a link
 * to a folder above it, is a failed document. Inside folders only regular
 * files are read; others get a warning. A web page (CLI_INPUT_HTML, or in
 * CLI_INPUT_AUTO a name or content that says HTML, or a JSON Lines record
 * with "html") is handed on as its article's text, the page's metadata
 * after the record's own (src/cli/page_input.c). Returns 0, or the
 * callback's nonzero value. */
int cli_read_input(const char *path, cli_input_format format, size_t max_bytes,
                   cli_doc_fn fn, cli_warn_fn warn, void *ctx);

/* cli_read_input choosing the files of folders and reading another
 * encoding as filter says (input_filter.h; NULL: all files, UTF-8). A file
 * of a folder that is not text is skipped with a warning (warn). */
struct cli_input_filter;
int cli_read_input_filtered(const char *path, cli_input_format format, size_t max_bytes,
                            const struct cli_input_filter *filter, cli_doc_fn fn, cli_warn_fn warn, void *ctx);

/* Reads JSON Lines from an open stream, which stays open; name stands for
 * it in ids, origins and errors. The per-line parsing of cli_read_input,
 * on its own for the fuzz target (tests/fuzz/fuzz_jsonl.c). */
int cli_read_jsonl_stream(FILE *fp, const char *name, cli_doc_fn fn, void *ctx);

#endif /* WHOSAID_CLI_INPUT_H */
