/*
 * parallel.h - extracts documents on worker threads and hands them back in
 * input order, and shows a progress line on a terminal.
 *
 * The command's document callback stays the one place that reports and
 * writes a document: the pool calls it back, on the calling thread and in
 * input order, once the document is extracted (par_emitting is
 * then true, and par_extract / par_record hand over what the pool made).
 * With one job there are no threads: documents go straight through.
 */
#ifndef WHOSAID_CLI_PARALLEL_H
#define WHOSAID_CLI_PARALLEL_H

#include <stdio.h>

#include "input.h"

typedef struct par_pool par_pool;

typedef struct par_config {
    unsigned jobs;             /* threads extracting, the calling one included; 1 = no workers */
    ws_extractor *extractor;
    int render_jsonl;          /* workers also make each record as JSON Lines */
    unsigned jsonl_fields;     /* of these WS_JSONL_* keys */
    int progress;              /* show a progress line on standard error */
    unsigned long long total;  /* input bytes expected, for the ETA; 0 = unknown */
} par_config;

/* The bytes of the inputs when all are regular files (for the ETA), else 0. */
unsigned long long par_input_size(char *const *paths, int n);

/* emit is the command's document callback; 0 or -1 (out of memory). */
int par_open(par_pool **out, const par_config *cfg, cli_doc_fn emit, void *ctx);

/* Queues a copy of a document; emits finished ones, and extracts one
 * itself while the queue is full. Returns emit's nonzero value once it has
 * stopped the run, else 0. */
int par_submit(par_pool *p, const ws_document *doc, const ws_error *failed);

/* Is the pool calling the document callback back with a finished document? */
int par_emitting(const par_pool *p);

/* The result of the document being emitted, or, outside emission,
 * ws_extract's. The caller owns *res either way, and gives it back with
 * par_release. */
ws_status par_extract(par_pool *p, const ws_document *doc, ws_result **res, ws_error *err);

/* Frees a result par_extract handed over (accepts NULL); one a worker made
 * goes back to that worker to be freed. */
void par_release(par_pool *p, ws_result *res);

/* The JSON Lines record of res, which par_extract handed over, when the
 * pool made it: 1 and *record (valid until the callback returns) and *len
 * set; else 0, and the caller makes it. */
int par_record(const par_pool *p, const ws_result *res, const char **record, size_t *len);

/* Emits what is left unless stopped, ends the workers and the progress
 * line, frees the pool (accepts NULL). Returns emit's nonzero value or 0. */
int par_close(par_pool *p);

#endif /* WHOSAID_CLI_PARALLEL_H */
