/*
 * search.c - questions to the quote database: search by words,
 * speaker, entity and date; who said a quote; counts.
 *
 * The SQL is made of fixed fragments chosen by which filters are set; user
 * text only ever reaches SQLite as bound parameters, and reaches FTS5 as
 * quoted words (ws__db_fts_query), so it is never read as query syntax.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "export.h"
#include "db.h"

/* The columns every quote row is read from, in ws_db_quote order. */
#define QUOTE_COLUMNS                                                                      \
    "SELECT d.doc, d.date, d.source, d.url, d.title, q.ord, q.text, q.speaker, q.speaker_id," \
    " q.speaker_text, q.cue, q.kind, q.confidence, q.cluster"

/* Hands the current row of a QUOTE_COLUMNS query to fn; fn's value. */
static int deliver(sqlite3_stmt *s, ws_db_quote_fn fn, void *ctx)
{
    char quote_id[WS__QUOTE_ID_SIZE];
    ws_db_quote row;

    ws__quote_id(quote_id, (size_t)sqlite3_column_int64(s, 5));
    row.doc = ws__db_column_str(s, 0);
    row.date = ws__db_column_str(s, 1);
    row.source = ws__db_column_str(s, 2);
    row.url = ws__db_column_str(s, 3);
    row.title = ws__db_column_str(s, 4);
    row.quote_id = quote_id;
    row.text = ws__db_column_str(s, 6);
    row.speaker = ws__db_column_str(s, 7);
    row.speaker_id = ws__db_column_str(s, 8);
    row.speaker_text = ws__db_column_str(s, 9);
    row.cue = ws__db_column_str(s, 10);
    row.kind = ws__db_column_str(s, 11);
    row.confidence = sqlite3_column_double(s, 12);
    row.cluster = sqlite3_column_int64(s, 13);
    return fn(&row, ctx);
}

/* Steps through a bound QUOTE_COLUMNS query, handing each row to fn until
 * it returns nonzero; finalizes the statement. */
static ws_status deliver_all(ws_db *db, sqlite3_stmt *s, ws_db_quote_fn fn, void *ctx, ws_error *err)
{
    int rc;

    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (deliver(s, fn, ctx) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot search");
}

/* Binds a named parameter the query has; a missing name is a bug. */
static int bind_named_text(sqlite3_stmt *s, const char *name, const char *value)
{
    return ws__db_bind_str(s, sqlite3_bind_parameter_index(s, name), value);
}

/* ---------------------------------------------------------------------- */
/* Names to entity ids. */

static int add_id(json_t *ids, const char *id)
{
    size_t i;
    json_t *v;

    json_array_foreach(ids, i, v)
        if (strcmp(json_string_value(v), id) == 0)
            return 0;
    return json_array_append_new(ids, json_string(id));
}

/* Adds the ids a query with one text parameter returns. */
static ws_status add_ids_from(ws_db *db, const char *sql, const char *name, json_t *ids, ws_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (ws__db_prepare(db, sql, &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        rc = add_id(ids, ws__db_column_str(s, 0)) == 0 ? SQLITE_OK : SQLITE_NOMEM;
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot look up entities");
}

/* The entity ids a name may stand for, as a JSON array text (malloc'ed):
 * a stored canonical id, the entities extraction finds in the name (so any
 * gazetteer alias works), and stored entities of that name in any case. */
static char *resolve(ws_db *db, ws_extractor *names, const char *name, ws_error *err)
{
    json_t *ids = json_array();
    char *text = NULL;

    if (!ids) {
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        return NULL;
    }
    if (add_ids_from(db, "SELECT id FROM entities WHERE id = ?", name, ids, err) != WS_OK)
        goto done;
    if (names) {
        ws_document doc = {.id = "query", .text = name, .len = strlen(name), .origin = "query"};
        ws_result *res = NULL;

        if (ws_extract(names, &doc, &res, NULL) == WS_OK)
            for (size_t i = 0; i < ws_result_entity_count(res); i++)
                add_id(ids, ws_result_entity(res, i)->id);
        ws_result_free(res);
    }
    if (add_ids_from(db, "SELECT id FROM entities WHERE name = ? COLLATE NOCASE", name, ids, err) != WS_OK)
        goto done;
    if (!(text = json_dumps(ids, JSON_COMPACT)))
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
done:
    json_decref(ids);
    return text;
}

/* ---------------------------------------------------------------------- */
/* Search. */

/* The FTS5 query for a text: all its words; NULL (with err set) when the
 * text has no words or memory runs out. */
static char *words_query(const char *text, ws__db_match how, char **words_out, ws_error *err)
{
    char *folded = ws__db_fold(text, err);
    char *words = folded ? ws__db_words(folded, NULL) : NULL;
    char *query = NULL;

    if (!words)
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    else if (!words[0])
        ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "no words to search for in '%s'", text);
    else if (!(query = ws__db_fts_query(words, how)))
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    free(folded);
    if (words_out && query)
        *words_out = words;
    else
        free(words);
    return query;
}

ws_status ws_db_search(ws_db *db, const ws_db_query *q, ws_db_quote_fn fn, void *ctx, ws_error *err)
{
    char sql[2048];
    char *match = NULL, *speakers = NULL, *about = NULL;
    sqlite3_stmt *s = NULL;
    ws_status status = WS_ERR_IO;
    int rc = SQLITE_OK;

    if (!db || !q || !fn)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_search: database, query and callback are required");
    if ((q->text && !(match = words_query(q->text, WS__DB_ALL, NULL, err))) ||
        (q->speaker && !(speakers = resolve(db, q->names, q->speaker, err))) ||
        (q->about && !(about = resolve(db, q->names, q->about, err))))
        goto done;
    /* Starting from the full-text match when there is one: it is the most
     * selective, and its rank orders the results. */
    snprintf(sql, sizeof sql, "%s%s%s%s%s%s%s%s",
             QUOTE_COLUMNS,
             match ? " FROM quote_fts JOIN quotes q ON q.id = quote_fts.rowid"
                     " JOIN documents d ON d.id = q.document WHERE quote_fts MATCH :match"
                   : " FROM quotes q JOIN documents d ON d.id = q.document WHERE 1",
             speakers ? " AND q.speaker_id IN (SELECT value FROM json_each(:speakers))" : "",
             /* An entity named in the quote or in its sentence. */
             about ? " AND EXISTS (SELECT 1 FROM mentions m WHERE m.document = q.document"
                     " AND m.entity IN (SELECT value FROM json_each(:about))"
                     " AND m.start_byte >= min(q.sentence_start, q.start_byte)"
                     " AND m.end_byte <= max(q.sentence_end, q.end_byte))" : "",
             q->since ? " AND d.day >= :since" : "",
             q->until ? " AND d.day <= :until" : "",
             /* Rank alone: FTS5 then sorts inside the index and the LIMIT
              * stops the joins early; another key would sort every match. */
             match ? " ORDER BY quote_fts.rank"
                   : " ORDER BY d.day DESC, d.doc, q.ord",
             " LIMIT :limit");
    if (ws__db_prepare(db, sql, &s, err) != WS_OK)
        goto done;
    if (match)
        rc |= bind_named_text(s, ":match", match);
    if (speakers)
        rc |= bind_named_text(s, ":speakers", speakers);
    if (about)
        rc |= bind_named_text(s, ":about", about);
    if (q->since)
        rc |= bind_named_text(s, ":since", q->since);
    if (q->until)
        rc |= bind_named_text(s, ":until", q->until);
    rc |= sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":limit"),
                             q->limit ? (sqlite3_int64)q->limit : -1);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(s);
        ws__db_fail(db, err, "cannot search");
        goto done;
    }
    status = deliver_all(db, s, fn, ctx, err);
done:
    free(match);
    free(speakers);
    free(about);
    return status;
}

/* ---------------------------------------------------------------------- */
/* Who said it. */

typedef struct candidate {
    sqlite3_int64 cluster;
    double score;
} candidate;

typedef struct candidates {
    candidate *c;
    size_t n, cap;
} candidates;

/* Keeps a cluster's best score. */
static int add_candidate(candidates *cs, sqlite3_int64 cluster, double score)
{
    for (size_t i = 0; i < cs->n; i++) {
        if (cs->c[i].cluster == cluster) {
            if (score > cs->c[i].score)
                cs->c[i].score = score;
            return 0;
        }
    }
    if (!ws__grow(&cs->c, &cs->cap, cs->n + 1, sizeof *cs->c))
        return -1;
    cs->c[cs->n++] = (candidate){cluster, score};
    return 0;
}

static int by_score(const void *a, const void *b)
{
    const candidate *x = a, *y = b;

    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->cluster < y->cluster ? -1 : x->cluster > y->cluster;
}

/* How many full-text matches are weighed per step. */
#define WHO_SAID_CANDIDATES 500

/* The clusters of quotes matching words one way: a phrase and all words
 * take every match; any word takes the quotes that are the same quote by
 * the clustering rule. */
static ws_status match_clusters(ws_db *db, const char *words, ws__db_match how, candidates *cs,
                                ws_error *err)
{
    char *match = ws__db_fts_query(words, how);
    sqlite3_stmt *s = NULL;
    int rc;

    if (!match)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if (ws__db_prepare(db,
                       "SELECT q.cluster, quote_fts.text FROM quote_fts"
                       " JOIN quotes q ON q.id = quote_fts.rowid"
                       " WHERE quote_fts MATCH ? ORDER BY quote_fts.rank LIMIT ?",
                       &s, err) != WS_OK) {
        free(match);
        return WS_ERR_IO;
    }
    rc = sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC) |
         sqlite3_bind_int(s, 2, WHO_SAID_CANDIDATES);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        char *quote = ws__db_words(ws__db_column_str(s, 1), NULL);
        double score = quote ? ws__db_jaccard(words, quote) : 0.0;

        if (!quote || (how == WS__DB_ANY && ws__db_overlap(words, quote) < WS__DB_SAME_QUOTE))
            score = -1.0;
        free(quote);
        rc = score >= 0.0 && add_candidate(cs, sqlite3_column_int64(s, 0), score) != 0 ? SQLITE_NOMEM
                                                                                     : SQLITE_OK;
    }
    sqlite3_finalize(s);
    free(match);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot search");
}

ws_status ws_db_who_said(ws_db *db, const char *text, size_t limit, ws_db_quote_fn fn, void *ctx,
                         ws_error *err)
{
    static const ws__db_match steps[] = {WS__DB_PHRASE, WS__DB_ALL, WS__DB_ANY};
    candidates cs = {0};
    char *words = NULL, *query;
    ws_status status = WS_OK;
    int stop = 0;

    if (!db || !text || !fn)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_who_said: database, text and callback are required");
    if (!(query = words_query(text, WS__DB_PHRASE, &words, err)))
        return err ? err->status : WS_ERR_USAGE;
    free(query);
    for (size_t i = 0; i < sizeof steps / sizeof *steps && cs.n == 0 && status == WS_OK; i++)
        status = match_clusters(db, words, steps[i], &cs, err);
    if (cs.n > 1)
        qsort(cs.c, cs.n, sizeof *cs.c, by_score);
    if (limit && cs.n > limit)
        cs.n = limit;
    for (size_t i = 0; i < cs.n && status == WS_OK && !stop; i++) {
        sqlite3_stmt *s;
        int rc;

        /* Every occurrence, the first published first; undated last. */
        if ((status = ws__db_prepare(db,
                                     QUOTE_COLUMNS " FROM quotes q JOIN documents d ON d.id = q.document"
                                     " WHERE q.cluster = ?"
                                     " ORDER BY d.day IS NULL, d.day, d.date, d.doc, q.ord",
                                     &s, err)) != WS_OK)
            break;
        if ((rc = sqlite3_bind_int64(s, 1, cs.c[i].cluster)) != SQLITE_OK) {
            sqlite3_finalize(s);
            status = ws__db_fail(db, err, "cannot search");
            break;
        }
        while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW)
            stop = deliver(s, fn, ctx) != 0;
        sqlite3_finalize(s);
        if (!stop && rc != SQLITE_DONE)
            status = ws__db_fail(db, err, "cannot search");
    }
    free(cs.c);
    free(words);
    return status;
}

/* ---------------------------------------------------------------------- */
/* Counts. */

/* The one number a query returns. */
static ws_status count(ws_db *db, const char *sql, long long *out, ws_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (ws__db_prepare(db, sql, &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? WS_OK : ws__db_fail(db, err, "cannot count");
}

ws_status ws_db_get_stats(ws_db *db, ws_db_stats *out, ws_error *err)
{
    if (!db || !out)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_get_stats: database and output are required");
    memset(out, 0, sizeof *out);
    if (count(db, "SELECT count(*) FROM documents", &out->documents, err) != WS_OK ||
        count(db, "SELECT count(*) FROM documents WHERE status <> 'ok'", &out->failed, err) != WS_OK ||
        count(db, "SELECT count(*) FROM entities", &out->entities, err) != WS_OK ||
        count(db, "SELECT count(*) FROM mentions", &out->mentions, err) != WS_OK ||
        count(db, "SELECT count(*) FROM quotes", &out->quotes, err) != WS_OK ||
        count(db, "SELECT count(*) FROM clusters", &out->clusters, err) != WS_OK ||
        count(db, "SELECT count(DISTINCT speaker_id) FROM quotes", &out->speakers, err) != WS_OK)
        return WS_ERR_IO;
    return WS_OK;
}

ws_status ws_db_top_speakers(ws_db *db, size_t limit, ws_db_speaker_fn fn, void *ctx, ws_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (!db || !fn)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_top_speakers: database and callback are required");
    if (ws__db_prepare(db,
                       "SELECT q.speaker_id, coalesce(e.name, max(q.speaker)), count(*) AS n"
                       " FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id"
                       " WHERE q.speaker_id IS NOT NULL"
                       " GROUP BY q.speaker_id ORDER BY n DESC, q.speaker_id LIMIT ?",
                       &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_bind_int64(s, 1, limit ? (sqlite3_int64)limit : -1);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        rc = fn(ws__db_column_str(s, 0), ws__db_column_str(s, 1), sqlite3_column_int64(s, 2), ctx) == 0
                 ? SQLITE_OK : SQLITE_DONE;
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot count speakers");
}
