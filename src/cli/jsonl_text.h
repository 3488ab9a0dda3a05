/*
 * jsonl_text.h - takes the "text" value out of a JSON Lines record, so that
 * jansson parses only the rest of the line.
 */
#ifndef WHOSAID_CLI_JSONL_TEXT_H
#define WHOSAID_CLI_JSONL_TEXT_H

#include <stddef.h>

#include <jansson.h>

/* How a record's line is given to jansson. Without JSON_DECODE_ANY, "42"
 * would get jansson's puzzling "'[' or '{' expected" instead of the CLI's
 * "expected a JSON object". */
#define CLI_JSONL_LOAD_FLAGS (JSON_DECODE_ANY | JSON_ALLOW_NUL)

/* A line split in two, in a buffer kept from line to line: zero it
 * before the first line, and free it with cli_jsonl_split_free. */
typedef struct cli_jsonl_split {
    char *text;      /* the "text" value decoded, NUL-terminated; may hold NULs */
    size_t text_len;
    char *rest;      /* the line with that value replaced by "" */
    size_t rest_len;
    char *buf;       /* holds text and rest */
    size_t cap;
} cli_jsonl_split;

/* Splits line when it has one top-level "text" key whose value is a string
 * decoded here exactly as json_loadb with CLI_JSONL_LOAD_FLAGS would decode
 * it, and returns 1. The split stands for the line only if jansson then
 * accepts rest: the line is checked no further here. Otherwise (no such
 * key, anything unusual, out of memory) returns 0 with split->text NULL,
 * and the whole line is jansson's. */
int cli_jsonl_split_text(const char *line, size_t len, cli_jsonl_split *split);

/* Whether the rest of a split line is {"text": ""} and, before or after,
 * maybe an "id" whose value is plain ASCII without escapes (spaces as JSON
 * allows them): a record that jansson accepts, whose id is those bytes and
 * which has no metadata. Most records are so, and jansson took more than
 * the text's decoding to parse them. Then returns 1 with *id the id,
 * NUL-terminated in place of its closing quote (rest is no longer valid
 * JSON), or NULL; otherwise 0, with *id NULL. */
int cli_jsonl_id_only(cli_jsonl_split *split, const char **id);

void cli_jsonl_split_free(cli_jsonl_split *split);

#endif /* WHOSAID_CLI_JSONL_TEXT_H */
