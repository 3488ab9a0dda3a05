/*
 * input.c - reads the command line's inputs and hands each document to a
 * callback, so that documents are processed one at a time (streaming).
 *
 * A problem with one input (missing file, malformed JSON line) becomes a
 * failed document rather than an abort, so that every input is accounted
 * for in the output and the run goes on.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "input.h"
#include "input_filter.h"
#include "jsonl_text.h"
#include "page_input.h"
#include "whosaid.h"

#define STDIN_PATH "-"
#define STDIN_ID "stdin"
#define READ_CHUNK (64 * 1024)

/* Metadata is written back out by the library; 15 significant digits
 * print reals such as 0.1 as written rather than as 0.10000000000000001. */
#define META_DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(15))

/* Deeper folders are refused: the walk recurses once per level, and the
 * input, not the program, decides how deep a tree goes. */
#define MAX_FOLDER_DEPTH 64

typedef struct reader {
    cli_input_format format;
    size_t max_bytes;
    cli_doc_fn fn;
    cli_warn_fn warn;
    void *ctx;
    const cli_input_filter *filter; /* NULL: every file, UTF-8 */
    const char *root;               /* the input as given, for paths below it */
} reader;

/* A folder being walked and those above it, to stop at symbolic link loops. */
typedef struct visit {
    dev_t dev;
    ino_t ino;
    unsigned depth; /* 1 for a folder named on the command line */
    const struct visit *parent;
} visit;

static int read_path(reader *rd, const char *path, const visit *parent);

/* Hands a failed document to the callback. file and line locate the
 * problem (line 0 when it is about a whole file). */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static int fail(reader *rd, const ws_document *doc, ws_status status, const char *file,
                unsigned long line, const char *fmt, ...)
{
    ws_error err;
    va_list ap;

    ws_error_clear(&err);
    err.status = status;
    snprintf(err.file, sizeof err.file, "%s", file);
    err.line = line;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof err.message, fmt, ap);
    va_end(ap);
    return rd->fn(doc, &err, rd->ctx);
}

/* A failed document that stands for a whole file or folder. */
static int fail_path(reader *rd, const char *path, const char *id, ws_status status,
                     const char *message)
{
    ws_document doc = {.id = id, .origin = path};

    return fail(rd, &doc, status, path, 0, "%s", message);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t len = strlen(s), suffix_len = strlen(suffix);

    return len >= suffix_len && strcmp(s + len - suffix_len, suffix) == 0;
}

/* The document id of a file: its name without folders and without its last
 * extension ("news/a.b.txt" -> "a.b"). NULL when memory runs out. */
static char *path_id(const char *path)
{
    size_t end = strlen(path), start, dot;

    if (strcmp(path, STDIN_PATH) == 0)
        return strdup(STDIN_ID);
    while (end > 1 && path[end - 1] == '/')
        end--;
    start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    /* The last dot, unless it starts the name (".profile"). */
    dot = end;
    for (size_t i = start + 1; i < end; i++)
        if (path[i] == '.')
            dot = i;
    return strndup(path + start, dot - start);
}

/* "dir/name", without doubling a slash that dir ends with. */
static char *join_path(const char *dir, const char *name)
{
    size_t dir_len = strlen(dir), name_len = strlen(name);
    int slash = dir_len > 0 && dir[dir_len - 1] != '/';
    char *path = malloc(dir_len + (size_t)slash + name_len + 1);

    if (path) {
        memcpy(path, dir, dir_len);
        path[dir_len] = '/';
        memcpy(path + dir_len + slash, name, name_len + 1);
    }
    return path;
}

typedef enum slurp_status { SLURP_OK, SLURP_ERROR, SLURP_TOO_LARGE, SLURP_NOMEM } slurp_status;

/* Reads a whole stream; pipes have no size, so the buffer grows as needed.
 * Reads at most max_bytes + 1 bytes, so an oversized input is refused
 * without being read in full. */
static slurp_status slurp(FILE *fp, size_t max_bytes, char **out, size_t *out_len)
{
    size_t limit = max_bytes < SIZE_MAX ? max_bytes + 1 : SIZE_MAX;
    size_t cap = 0, len = 0;
    char *buf = NULL;

    for (;;) {
        size_t want, got;

        if (len == cap) {
            size_t new_cap = cap == 0 ? READ_CHUNK : cap > limit / 2 ? limit : cap * 2;
            char *grown;

            if (new_cap > limit)
                new_cap = limit;
            grown = realloc(buf, new_cap);
            if (!grown) {
                free(buf);
                return SLURP_NOMEM;
            }
            buf = grown;
            cap = new_cap;
        }
        want = cap - len;
        got = fread(buf + len, 1, want, fp);
        len += got;
        *out_len = len;
        if (len > max_bytes) {
            free(buf);
            return SLURP_TOO_LARGE;
        }
        if (got < want) {
            if (ferror(fp)) {
                free(buf);
                return SLURP_ERROR;
            }
            *out = buf;
            return SLURP_OK;
        }
    }
}

/* One file (or standard input) as one document. */
static int read_text(reader *rd, const char *path, const char *id)
{
    int is_stdin = strcmp(path, STDIN_PATH) == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    struct stat st;
    ws_document doc = {.id = id, .origin = path};
    char *text = NULL;
    size_t len = 0;
    slurp_status status;
    int size_known = 0, read_errno, rc;

    if (!fp)
        return fail_path(rd, path, id, WS_ERR_IO, strerror(errno));
    /* A regular file tells its size: refuse an oversized one unread. */
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
        (uintmax_t)st.st_size > rd->max_bytes) {
        size_known = 1;
        status = SLURP_TOO_LARGE;
    } else {
        status = slurp(fp, rd->max_bytes, &text, &len);
    }
    read_errno = errno;
    if (!is_stdin)
        fclose(fp); /* opened for reading: closing cannot lose data */
    switch (status) {
    case SLURP_OK: {
        /* a web page says its own encoding (page.c); text is in --input-encoding */
        if (rd->format == CLI_INPUT_HTML ||
            (rd->format == CLI_INPUT_AUTO && (cli_html_name(path) || cli_looks_like_html(text, len)))) {
            rc = cli_read_page(&doc, text, len, NULL, NULL, path, 0, rd->fn, rd->warn, rd->ctx);
            free(text);
            return rc;
        }
        char *utf8 = NULL;
        size_t utf8_len = 0;
        if (input_filter_recode(rd->filter, text, len, &utf8, &utf8_len) != 0) {
            free(text);
            return fail_path(rd, path, id, WS_ERR_NOMEM, "out of memory");
        }
        doc.text = utf8 ? utf8 : text;
        doc.len = utf8 ? utf8_len : len;
        rc = rd->fn(&doc, NULL, rd->ctx);
        free(utf8);
        free(text);
        return rc;
    }
    case SLURP_TOO_LARGE:
        /* Worded as the library words it for a document read in full. */
        if (size_known)
            return fail(rd, &doc, WS_ERR_LIMIT, path, 0,
                        "document is %jd bytes, over the limit of %zu bytes (--max-doc-size)",
                        (intmax_t)st.st_size, rd->max_bytes);
        return fail(rd, &doc, WS_ERR_LIMIT, path, 0,
                    "document is over the limit of %zu bytes (--max-doc-size)", rd->max_bytes);
    case SLURP_NOMEM:
        return fail_path(rd, path, id, WS_ERR_NOMEM, "out of memory");
    case SLURP_ERROR:
        break;
    }
    return fail_path(rd, path, id, WS_ERR_IO, strerror(read_errno));
}

/* "name:line", the origin or the default id of each record of a JSON
 * Lines stream: the name is copied once, the number written over. */
typedef struct line_name {
    char *text;    /* "name:" and room for a number, or NULL when memory ran out */
    size_t prefix; /* the length of "name:" */
} line_name;

static line_name line_name_new(const char *name)
{
    size_t len = strlen(name);
    line_name n = {malloc(len + 1 + 21), len + 1};

    if (n.text) {
        memcpy(n.text, name, len);
        n.text[len] = ':';
    }
    return n;
}

static const char *line_name_at(line_name *n, unsigned long line)
{
    char digits[21], *start = digits + sizeof digits;

    *--start = '\0';
    do
        *--start = (char)('0' + line % 10);
    while (line /= 10);
    memcpy(n->text + n->prefix, start, (size_t)(digits + sizeof digits - start));
    return n->text;
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* What a JSON Lines stream keeps from line to line. */
typedef struct jsonl_stream {
    const char *path, *file_id;
    line_name origin, default_id; /* path:N and file_id:N */
    cli_jsonl_split split;
} jsonl_stream;

/* One line of a JSON Lines file: {"id": ..., "text": "...", other fields}.
 * The other fields are passed on as the document's metadata. */
static int read_record(reader *rd, jsonl_stream *st, unsigned long line_no, const char *line, size_t len)
{
    const char *path = st->path;
    ws_document doc = {.id = line_name_at(&st->default_id, line_no), .origin = line_name_at(&st->origin, line_no)};
    char int_id[32];
    json_error_t json_error;
    json_t *record = NULL, *id, *text, *html, *meta = NULL;
    cli_jsonl_split *split = &st->split;
    char *meta_text = NULL;
    int rc;

    /* The text decoded aside, jansson parses the rest, unless that is a
     * plain id at most; should it refuse the rest, it parses the whole
     * line, and its error is about that. */
    if (cli_jsonl_split_text(line, len, split)) {
        const char *plain_id;

        if (cli_jsonl_id_only(split, &plain_id)) {
            doc.id = plain_id ? plain_id : doc.id;
            doc.text = split->text;
            doc.len = split->text_len;
            return rd->fn(&doc, NULL, rd->ctx);
        }
        if (!(record = json_loadb(split->rest, split->rest_len, CLI_JSONL_LOAD_FLAGS, &json_error)))
            split->text = NULL;
    }
    if (!record)
        record = json_loadb(line, len, CLI_JSONL_LOAD_FLAGS, &json_error);
    if (!record) {
        /* jansson gives column 0 for errors at the end of the line. */
        rc = json_error.column > 0
                 ? fail(rd, &doc, WS_ERR_JSON, path, line_no, "invalid JSON: %s (column %d)",
                        json_error.text, json_error.column)
                 : fail(rd, &doc, WS_ERR_JSON, path, line_no, "invalid JSON: %s", json_error.text);
        goto done;
    }
    if (!json_is_object(record)) {
        rc = fail(rd, &doc, WS_ERR_JSON, path, line_no, "expected a JSON object");
        goto done;
    }
    id = json_object_get(record, "id");
    if (json_is_string(id)) {
        doc.id = json_string_value(id);
    } else if (json_is_integer(id)) {
        snprintf(int_id, sizeof int_id, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        doc.id = int_id;
    } else if (id) {
        rc = fail(rd, &doc, WS_ERR_JSON, path, line_no, "\"id\" must be a string or an integer");
        goto done;
    }
    text = json_object_get(record, "text");
    /* A web page saved by a scraper: "html" instead of "text". */
    html = text ? NULL : json_object_get(record, "html");
    if (html && !json_is_string(html)) {
        rc = fail(rd, &doc, WS_ERR_JSON, path, line_no, "\"html\" must be a string");
        goto done;
    }
    if (!html && !json_is_string(text)) {
        rc = fail(rd, &doc, WS_ERR_JSON, path, line_no,
                  text ? "\"text\" must be a string" : "no \"text\" field (nor \"html\" for a web page)");
        goto done;
    }
    /* The metadata: the other fields, of a shallow copy (deleting from it
     * leaves id and text alive in record), unless there are none, as in a
     * record of only its id and text. */
    if ((html || json_object_size(record) > 1 + (id != NULL)) &&
        (!(meta = json_copy(record)) || json_object_del(meta, html ? "html" : "text") != 0 ||
         (id && json_object_del(meta, "id") != 0) ||
         (!html && !(meta_text = json_dumps(meta, META_DUMP_FLAGS))))) {
        rc = fail(rd, &doc, WS_ERR_NOMEM, path, line_no, "out of memory");
        goto done;
    }
    if (html) {
        json_t *url = json_object_get(meta, "url");

        rc = cli_read_page(&doc, json_string_value(html), json_string_length(html),
                           json_is_string(url) ? json_string_value(url) : NULL, meta, path, line_no,
                           rd->fn, rd->warn, rd->ctx);
        goto done;
    }
    doc.text = split->text ? split->text : json_string_value(text);
    doc.len = split->text ? split->text_len : json_string_length(text);
    doc.meta_json = meta_text;
    rc = rd->fn(&doc, NULL, rd->ctx);
done:
    free(meta_text);
    json_decref(meta);
    json_decref(record);
    return rc;
}

/* Lines of a stream, read in blocks: a line is handed out where it lies in
 * the block, and moved only when it runs past it. A read takes what the
 * stream has, as getc did, so that lines from a pipe are read as they come. */
typedef struct line_reader {
    FILE *fp;
    char *buf;              /* JSONL_READ_BLOCK bytes, doubled for a longer line */
    size_t start, end, cap; /* buf[start..end) is read and not handed out */
    bool done;              /* the stream has no more: its end, or an error */
    int error;              /* errno of a read that failed (ENOMEM too), or 0 */
} line_reader;

/* A read's size, not stdio's 4 KiB: each read is a system call, which costs
 * the thread that feeds the workers. */
#define JSONL_READ_BLOCK ((size_t)256 << 10)

/* Reads more at buf[end..cap - 1), the last byte kept for a NUL: with the
 * file's descriptor where it has one, else (a stream in memory) fread. */
static void read_more(line_reader *r)
{
    size_t want = r->cap - 1 - r->end;
    int fd = fileno(r->fp);
    ssize_t got;

    if (fd >= 0) {
        got = read(fd, r->buf + r->end, want);
    } else {
        got = (ssize_t)fread(r->buf + r->end, 1, want, r->fp);
        if (got == 0 && ferror(r->fp))
            got = -1;
    }
    if (got > 0) {
        r->end += (size_t)got;
        return;
    }
    r->done = true;
    r->error = got < 0 ? errno : 0;
}

/* The next line, without its newline and NUL-terminated, in the reader's
 * buffer until the next call. A line of more than limit bytes is read to
 * its end but not kept: *too_long is set and the line is empty. Returns
 * its length, or -1 at the end of the stream and on an error (r->error). */
static ssize_t next_line(line_reader *r, size_t limit, char **line, bool *too_long)
{
    size_t searched = 0; /* of buf[start..end): no newline there */

    *too_long = false;
    for (;;) {
        char *at = r->buf + r->start, *nl = memchr(at + searched, '\n', r->end - r->start - searched);
        size_t len = nl ? (size_t)(nl - at) : r->end - r->start;

        if (nl || (r->done && (len > 0 || *too_long))) {
            r->start += len + (nl != NULL);
            *too_long = *too_long || len > limit;
            at[*too_long ? 0 : len] = '\0';
            *line = at;
            return *too_long ? 0 : (ssize_t)len;
        }
        if (r->done)
            return -1;
        searched = len;
        if (len > limit) { /* too long already: what is read of it is not kept */
            *too_long = true;
            r->start = r->end;
            searched = 0;
        }
        /* room to read: the line to the front, the buffer doubled when the
         * line leaves less than half a block */
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
        if (r->cap - 1 - r->end < JSONL_READ_BLOCK / 2) {
            size_t cap = 2 * r->cap;
            char *grown = cap > r->cap ? realloc(r->buf, cap) : NULL;
            if (!grown) {
                r->done = true;
                r->error = ENOMEM;
                return -1;
            }
            r->buf = grown;
            r->cap = cap;
        }
        read_more(r);
    }
}

/* How long a JSON line may be for a document of max_bytes: escapes
 * (\u00e9) grow text up to six times, and the metadata needs room too. */
static size_t line_limit(size_t max_bytes)
{
    size_t room = (size_t)1 << 20;
    return max_bytes > (SIZE_MAX - room) / 6 ? SIZE_MAX : max_bytes * 6 + room;
}

/* JSON Lines from an open stream, read line by line so that a large file
 * never has to fit in memory, and a line only up to what its document may
 * be. Blank lines are skipped. */
static int read_jsonl_stream(reader *rd, FILE *fp, const char *path, const char *file_id)
{
    static const char bom[] = "\xEF\xBB\xBF";
    line_reader lines = {.fp = fp, .buf = malloc(JSONL_READ_BLOCK), .cap = JSONL_READ_BLOCK};
    jsonl_stream st = {path, file_id, line_name_new(path), line_name_new(file_id), {0}};
    char *line;
    ssize_t len;
    unsigned long line_no = 0;
    int rc = 0;
    bool too_long;

    if (!lines.buf || !st.origin.text || !st.default_id.text)
        rc = fail_path(rd, path, file_id, WS_ERR_NOMEM, "out of memory");
    while (rc == 0 && (len = next_line(&lines, line_limit(rd->max_bytes), &line, &too_long)) != -1) {
        const char *start = line;

        line_no++;
        if (too_long) {
            /* the line's record says why, as for a malformed line */
            ws_document doc = {.id = line_name_at(&st.default_id, line_no),
                               .origin = line_name_at(&st.origin, line_no)};
            rc = fail(rd, &doc, WS_ERR_LIMIT, path, line_no,
                      "line longer than %zu bytes, more than a document of --max-doc-size %zu bytes needs",
                      line_limit(rd->max_bytes), rd->max_bytes);
            continue;
        }
        /* Some editors start UTF-8 files with a byte order mark. */
        if (line_no == 1 && len >= (ssize_t)(sizeof bom - 1) &&
            memcmp(line, bom, sizeof bom - 1) == 0) {
            start += sizeof bom - 1;
            len -= (ssize_t)(sizeof bom - 1);
        }
        char *utf8 = NULL;
        size_t utf8_len = 0;
        if (input_filter_recode(rd->filter, start, (size_t)len, &utf8, &utf8_len) != 0) {
            rc = fail_path(rd, path, file_id, WS_ERR_NOMEM, "out of memory");
            break;
        }
        if (utf8) {
            start = utf8;
            len = (ssize_t)utf8_len;
        }
        if (!is_blank(start, (size_t)len))
            rc = read_record(rd, &st, line_no, start, (size_t)len);
        free(utf8);
    }
    if (rc == 0 && lines.error)
        rc = fail(rd, &(ws_document){.id = file_id, .origin = path},
                  lines.error == ENOMEM ? WS_ERR_NOMEM : WS_ERR_IO, path, line_no + 1, "%s",
                  strerror(lines.error));
    free(lines.buf);
    free(st.origin.text);
    free(st.default_id.text);
    cli_jsonl_split_free(&st.split);
    return rc;
}

/* A JSON Lines file, or standard input. */
static int read_jsonl(reader *rd, const char *path, const char *file_id)
{
    int is_stdin = strcmp(path, STDIN_PATH) == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    int rc;

    if (!fp)
        return fail_path(rd, path, file_id, WS_ERR_IO, strerror(errno));
    rc = read_jsonl_stream(rd, fp, path, file_id);
    if (!is_stdin)
        fclose(fp);
    return rc;
}

static int names_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* The entries of a folder, without those starting with '.', sorted
 * byte-wise so that every run reads them in the same order. Returns 0 or
 * an errno value. */
static int list_dir(const char *path, char ***out, size_t *out_count)
{
    DIR *dir = opendir(path);
    char **names = NULL;
    size_t count = 0, cap = 0;
    int error = 0;

    if (!dir)
        return errno;
    for (;;) {
        struct dirent *entry;

        errno = 0;
        entry = readdir(dir);
        if (!entry) {
            error = errno;
            break;
        }
        if (entry->d_name[0] == '.')
            continue;
        if (count == cap) {
            size_t new_cap = cap ? 2 * cap : 32;
            char **grown = realloc(names, new_cap * sizeof *names);

            if (!grown) {
                error = ENOMEM;
                break;
            }
            names = grown;
            cap = new_cap;
        }
        names[count] = strdup(entry->d_name);
        if (!names[count]) {
            error = ENOMEM;
            break;
        }
        count++;
    }
    closedir(dir);
    if (error) {
        free_names(names, count);
        return error;
    }
    if (count > 0)
        qsort(names, count, sizeof *names, names_cmp);
    *out = names;
    *out_count = count;
    return 0;
}

static int read_dir(reader *rd, const char *path, const char *id, const visit *self)
{
    char **names = NULL;
    size_t count = 0;
    int error = list_dir(path, &names, &count), rc = 0;

    if (error)
        return fail_path(rd, path, id, error == ENOMEM ? WS_ERR_NOMEM : WS_ERR_IO, strerror(error));
    for (size_t i = 0; rc == 0 && i < count; i++) {
        char *child = join_path(path, names[i]);

        rc = child ? read_path(rd, child, self)
                   : fail_path(rd, path, id, WS_ERR_NOMEM, "out of memory");
        free(child);
    }
    free_names(names, count);
    return rc;
}

/* A file, or standard input, in the format asked for or named by its suffix. */
static int read_file(reader *rd, const char *path, const char *id)
{
    int jsonl = rd->format == CLI_INPUT_AUTO
                    ? ends_with(path, ".jsonl") || ends_with(path, ".ndjson")
                    : rd->format == CLI_INPUT_JSONL;

    return jsonl ? read_jsonl(rd, path, id) : read_text(rd, path, id);
}

/* Whether a file found in a folder is left out (input_filter.c): by the
 * user's globs, silently, or as no text, with a warning. */
static bool skipped(reader *rd, const char *path)
{
    size_t root_len = strlen(rd->root);
    const char *rel = strncmp(path, rd->root, root_len) == 0 ? path + root_len : path;
    bool warn;
    const char *why;

    while (*rel == '/')
        rel++;
    why = input_filter_skip(rd->filter, path, rel, &warn);
    if (why && warn && rd->warn)
        rd->warn(path, why, rd->ctx);
    return why != NULL;
}

/* parent is NULL for an input named on the command line. */
static int read_path(reader *rd, const char *path, const visit *parent)
{
    char *id = path_id(path);
    struct stat st;
    int rc;

    if (!id)
        return fail_path(rd, path, path, WS_ERR_NOMEM, "out of memory");
    if (strcmp(path, STDIN_PATH) == 0) {
        rc = read_file(rd, path, id);
    } else if (stat(path, &st) != 0) {
        rc = fail_path(rd, path, id, WS_ERR_IO, strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
        visit self = {st.st_dev, st.st_ino, parent ? parent->depth + 1 : 1, parent};
        const visit *above = parent;

        while (above && !(above->dev == st.st_dev && above->ino == st.st_ino))
            above = above->parent;
        if (above)
            rc = fail_path(rd, path, id, WS_ERR_IO, "folder loop (a link to a folder above it)");
        else if (self.depth > MAX_FOLDER_DEPTH)
            rc = fail(rd, &(ws_document){.id = id, .origin = path}, WS_ERR_LIMIT, path, 0,
                      "folders nested deeper than %d levels; not read", MAX_FOLDER_DEPTH);
        else
            rc = read_dir(rd, path, id, &self);
    } else if (parent && S_ISREG(st.st_mode) && skipped(rd, path)) {
        rc = 0;
    } else if (parent && !S_ISREG(st.st_mode)) {
        /* Inside folders only regular files are documents: a named pipe
         * or a device there could block or never end. Named on the command
         * line (<(cmd), /dev/stdin), anything readable is one. */
        if (rd->warn)
            rd->warn(path, "not a regular file; skipped", rd->ctx);
        rc = 0;
    } else {
        rc = read_file(rd, path, id);
    }
    free(id);
    return rc;
}

int cli_read_input(const char *path, cli_input_format format, size_t max_bytes,
                   cli_doc_fn fn, cli_warn_fn warn, void *ctx)
{
    return cli_read_input_filtered(path, format, max_bytes, NULL, fn, warn, ctx);
}

int cli_read_input_filtered(const char *path, cli_input_format format, size_t max_bytes,
                            const cli_input_filter *filter, cli_doc_fn fn, cli_warn_fn warn, void *ctx)
{
    reader rd = {format, max_bytes, fn, warn, ctx, filter, path};

    return read_path(&rd, path, NULL);
}

int cli_read_jsonl_stream(FILE *fp, const char *name, cli_doc_fn fn, void *ctx)
{
    reader rd = {CLI_INPUT_JSONL, SIZE_MAX, fn, NULL, ctx, NULL, name};
    char *id = path_id(name);
    int rc;

    if (!id)
        return fail_path(&rd, name, name, WS_ERR_NOMEM, "out of memory");
    rc = read_jsonl_stream(&rd, fp, name, id);
    free(id);
    return rc;
}
