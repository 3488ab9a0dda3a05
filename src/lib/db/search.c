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
    " q.speaker_text, q.cue, q.kind, q.confidence, q.cluster, q.person,"                    \
    " (SELECT e.linked_by FROM document_entities e WHERE e.document = q.document AND e.entity = q.speaker_id)"

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
    row.person = ws__db_column_str(s, 14);
    row.linked_by = ws__db_column_str(s, 15);
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
/* Search. */

/* The FTS5 query for a text: its words as a phrase (split at apostrophes,
 * as the text column holds them), or all or any of them (joined, as a query
 * reads them: ws__db_query_words); NULL (with err set) when the text has no
 * words or memory runs out. */
static char *words_query(const char *text, ws__db_match how, char **words_out, ws_error *err)
{
    char *folded = ws__db_fold(text, err);
    char *words = !folded ? NULL : how == WS__DB_PHRASE ? ws__db_words(folded, NULL) : ws__db_query_words(folded);
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

/* A since or until date as a day, read as documents' dates are. */
static ws_status query_day(const char *text, const char *what, char day[WS_DATE_SIZE], ws_error *err)
{
    ws_error why;

    if (ws_date_normalise(text, day, &why) != WS_OK)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "bad %s date: %s", what, why.message);
    day[10] = '\0';
    return WS_OK;
}

ws_status ws_db_search(ws_db *db, const ws_db_query *q, ws_db_quote_fn fn, void *ctx, ws_error *err)
{
    char sql[2048], since[WS_DATE_SIZE], until[WS_DATE_SIZE];
    char *match = NULL, *speakers = NULL, *about = NULL;
    sqlite3_stmt *s = NULL;
    ws_status status = WS_ERR_IO;
    int rc = SQLITE_OK;

    if (!db || !q || !fn)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_search: database, query and callback are required");
    if ((q->since && query_day(q->since, "since", since, err) != WS_OK) ||
        (q->until && query_day(q->until, "until", until, err) != WS_OK))
        return WS_ERR_USAGE;
    if ((q->text && !(match = words_query(q->text, WS__DB_ALL, NULL, err))) ||
        (q->speaker && !(speakers = ws__db_resolve(db, q->names, q->speaker, NULL, NULL, NULL, err))) ||
        (q->about && !(about = ws__db_resolve(db, q->names, q->about, NULL, NULL, NULL, err))))
        goto done;
    /* Starting from the full-text match when there is one: it is the most
     * selective, and its rank orders the results. */
    snprintf(sql, sizeof sql, "%s%s%s%s%s%s%s%s",
             QUOTE_COLUMNS,
             match ? " FROM quote_fts JOIN quotes q ON q.id = quote_fts.rowid"
                     " JOIN documents d ON d.id = q.document WHERE quote_fts MATCH :match"
                   : " FROM quotes q JOIN documents d ON d.id = q.document WHERE 1",
             speakers ? " AND q.person IN (SELECT value FROM json_each(:speakers))" : "",
             /* An entity named in the quote or in its sentence, but not the
              * speaker named as the speaker ("..., Peskov said" is not
              * about Peskov; "Peskov will win," Peskov said is). */
             about ? " AND EXISTS (SELECT 1 FROM document_entities e JOIN mentions m"
                     " ON m.document = e.document AND m.entity = e.entity"
                     " WHERE e.document = q.document AND e.person IN (SELECT value FROM json_each(:about))"
                     " AND m.start_byte >= min(q.sentence_start, q.start_byte)"
                     " AND m.end_byte <= max(q.sentence_end, q.end_byte)"
                     " AND NOT (m.entity IS q.speaker_id AND (m.start_byte < q.start_byte OR m.end_byte > q.end_byte)))"
                   : "",
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
        rc |= bind_named_text(s, ":since", since);
    if (q->until)
        rc |= bind_named_text(s, ":until", until);
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

/* The clusters of quotes matching words one way: a phrase (of the words
 * as the text column splits them) and all words take every match; any word
 * takes the quotes that are the same quote by the clustering rule. Scores
 * compare the words as queries join them. */
static ws_status match_clusters(ws_db *db, const char *phrase, const char *words, ws__db_match how,
                                candidates *cs, ws_error *err)
{
    char *match = ws__db_fts_query(how == WS__DB_PHRASE ? phrase : words, how);
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
        char *quote = ws__db_query_words(ws__db_column_str(s, 1));
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
    char *phrase = NULL, *words = NULL, *query;
    ws_status status = WS_OK;
    int stop = 0;

    if (!db || !text || !fn)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_who_said: database, text and callback are required");
    if (!(query = words_query(text, WS__DB_PHRASE, &phrase, err)))
        return err ? err->status : WS_ERR_USAGE;
    free(query);
    if (!(query = words_query(text, WS__DB_ALL, &words, err))) {
        free(phrase);
        return err ? err->status : WS_ERR_USAGE;
    }
    free(query);
    for (size_t i = 0; i < sizeof steps / sizeof *steps && cs.n == 0 && status == WS_OK; i++)
        status = match_clusters(db, phrase, words, steps[i], &cs, err);
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
    free(phrase);
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
        count(db, "SELECT count(DISTINCT person) FROM quotes", &out->speakers, err) != WS_OK)
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
                       "SELECT q.person, coalesce(p.name, max(q.speaker)), count(*) AS n"
                       " FROM quotes q LEFT JOIN people p ON p.id = q.person"
                       " WHERE q.person IS NOT NULL"
                       " GROUP BY q.person ORDER BY n DESC, q.person LIMIT ?",
                       &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_bind_int64(s, 1, limit ? (sqlite3_int64)limit : -1);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        rc = fn(ws__db_column_str(s, 0), ws__db_column_str(s, 1), sqlite3_column_int64(s, 2), ctx) == 0
                 ? SQLITE_OK : SQLITE_DONE;
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot count speakers");
}
