/*
 * names.c - who is who across the documents of a quote database: the
 * people (places, organisations) it tells apart, the names they are known
 * by, and the names a search is given.
 *
 * Extraction names an entity per document. A gazetteer entity is the same
 * entity in every document: its id says so. A name discovered in a
 * document ("John Smith, a farmer") is only a name: another document's
 * "state Sen. John Smith" may be someone else. So a discovered person is a
 * new person of the database unless evidence links them: a user's
 * gazetteer naming them (its aliases are stored, ws_db_add_gazetteer), or
 * the same role. document_entities.linked_by says which linked each.
 *
 * Names are compared folded: lowercase, without diacritics (Étienne is
 * etienne), apostrophes dropped and other punctuation as spaces, so that
 * "--speaker zelensky" or "Etienne Marchand" find what the texts wrote.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "db.h"

/* U+00C0..U+017F without their diacritics, lowercase; "" is no letter
 * (× and ÷). */
static const char *const latin[] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
    "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
    "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
    "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
    "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
    "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
    "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
    "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* What a character of a name folds to: letters and digits as a string
 * (ASCII ones in ascii, which the caller owns: handles of several threads
 * fold at once), NULL for an apostrophe (dropped), "" for a separator.
 * Other scripts are kept as they are (*keep). */
static const char *fold_char(uint32_t cp, bool *keep, char ascii[2])
{
    *keep = false;
    ascii[1] = '\0';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
        ascii[0] = (char)cp;
        return ascii;
    }
    if (cp >= 'A' && cp <= 'Z') {
        ascii[0] = (char)(cp - 'A' + 'a');
        return ascii;
    }
    if (cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
        return NULL;
    if (cp >= 0xC0 && cp < 0x180)
        return latin[cp - 0xC0];
    if (cp >= 0x218 && cp <= 0x21B) /* Romanian Ș ș Ț ț */
        return cp < 0x21A ? "s" : "t";
    *keep = cp >= 0x80 && cp != 0xA0 && !(cp >= 0x2000 && cp <= 0x206F);
    return "";
}

char *ws__db_fold_name(const char *s)
{
    size_t len = strlen(s), o = 0;
    /* ß and Æ grow by a byte, from two: the output is never longer. */
    char *out = malloc(len + 1);
    bool space = false;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = ws__utf8_decode((const unsigned char *)s + i, len - i, &cp);
        bool keep;
        char ascii[2];
        const char *f = fold_char(cp, &keep, ascii);

        if (keep || (f && f[0])) {
            if (space && o > 0)
                out[o++] = ' ';
            space = false;
            if (keep) {
                memcpy(out + o, s + i, n);
                o += n;
            } else {
                memcpy(out + o, f, strlen(f));
                o += strlen(f);
            }
        } else if (f) {
            space = true;
        }
        i += n;
    }
    out[o] = '\0';
    return out;
}

/* ---------------------------------------------------------------------- */
/* What this handle stored: the same names come back in document after
 * document, and each INSERT OR IGNORE of one costs a B-tree search. A
 * cache, emptied when it holds SEEN_MAX keys and after a rollback. */

#define SEEN_MAX 200000

/* Whether kind, a and b were stored before by this handle; remembers them
 * when not. A key that does not fit, or no memory, is simply not known. */
static bool seen_before(ws_db *db, const char *kind, const char *a, const char *b)
{
    char key[512];
    int n = snprintf(key, sizeof key, "%s\x1f%s\x1f%s", kind, a, b);
    bool added = false;

    if (n < 0 || (size_t)n >= sizeof key)
        return false;
    if (db->seen.count >= SEEN_MAX)
        ws__db_forget(db);
    return ws__wordset_put(&db->seen, key, (size_t)n, &added) && !added;
}

void ws__db_forget(ws_db *db)
{
    ws__wordset_free(&db->seen);
}

/* ---------------------------------------------------------------------- */
/* Who each entity of a stored document is. */

/* Reports that memory ran out; -1. */
static int out_of_memory(ws_error *err)
{
    ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    return -1;
}

/* A role folded, without its article ("a farmer" and "farmer"); NULL for none. */
static char *role_key(const char *role)
{
    static const char *const articles[] = {"a ", "an ", "the "};
    char *key = role ? ws__db_fold_name(role) : NULL;

    if (!key)
        return NULL;
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
        size_t n = strlen(articles[i]);
        if (strncmp(key, articles[i], n) == 0) {
            memmove(key, key + n, strlen(key + n) + 1);
            break;
        }
    }
    if (!key[0]) {
        free(key);
        return NULL;
    }
    return key;
}

/* The first column of the first row of a cached statement whose
 * parameters are bound, copied (NULL when there is no row); -1 on failure. */
static int first_text(ws_db *db, sqlite3_stmt *s, int bound, char **out, ws_error *err)
{
    int rc;

    *out = NULL;
    if (ws__db_first_row(db, s, bound, &rc, err, "cannot read people") != WS_OK)
        return -1;
    if (rc == SQLITE_ROW && !(*out = strdup(ws__db_column_str(s, 0)))) {
        sqlite3_reset(s);
        return out_of_memory(err);
    }
    sqlite3_reset(s);
    return 0;
}

/* The one entity a user's gazetteer gives this folded name, or NULL (none,
 * or several: no evidence then). */
static int gazetteer_link(ws_db *db, const char *folded, char **id, ws_error *err)
{
    sqlite3_stmt *s = ws__db_stmt(db, WS__DB_FIND_ALIAS, err);
    int rc;

    *id = NULL;
    if (!s || ws__db_first_row(db, s, sqlite3_bind_text(s, 1, folded, -1, SQLITE_STATIC), &rc, err,
                               "cannot read names") != WS_OK)
        return -1;
    if (rc == SQLITE_ROW && sqlite3_column_int64(s, 1) == 1 && !(*id = strdup(ws__db_column_str(s, 0)))) {
        sqlite3_reset(s);
        return out_of_memory(err);
    }
    sqlite3_reset(s);
    return 0;
}

/* A new id for another person named like entity: the entity id itself
 * while it is free, else "ID#2", "ID#3"... */
static int new_person_id(ws_db *db, const char *entity, char **id, ws_error *err)
{
    sqlite3_stmt *s;
    char *taken = NULL;

    for (long n = 1;; n++) {
        size_t size = strlen(entity) + 24;

        if (!(*id = malloc(size)))
            return out_of_memory(err);
        snprintf(*id, size, n == 1 ? "%s" : "%s#%ld", entity, n);
        if (!(s = ws__db_stmt(db, WS__DB_FIND_PERSON, err)) ||
            first_text(db, s, sqlite3_bind_text(s, 1, *id, -1, SQLITE_STATIC), &taken, err) != 0) {
            free(*id);
            *id = NULL;
            return -1;
        }
        if (!taken)
            return 0;
        free(taken);
        free(*id);
    }
}

/* Who a discovered person is: the entity a user's gazetteer names them
 * by, the person seen with the same role, the person this document named
 * before it was replaced, or a new person. */
static int link_discovered(ws_db *db, const ws_entity *e, const char *doc, const char *role,
                           ws__db_person *p, ws_error *err)
{
    char *folded = ws__db_fold_name(e->name);
    sqlite3_stmt *s;
    int rc = -1;

    if (!folded)
        return out_of_memory(err);
    if (gazetteer_link(db, folded, &p->id, err) != 0)
        goto done;
    if (p->id) {
        p->linked_by = "user gazetteer";
        rc = 0;
        goto done;
    }
    if (role) {
        if (!(s = ws__db_stmt(db, WS__DB_FIND_ROLE, err)) ||
            first_text(db, s, sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC) |
                                  sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC), &p->id, err) != 0)
            goto done;
        if (p->id) {
            p->linked_by = "same role";
            rc = 0;
            goto done;
        }
    }
    p->linked_by = "first seen";
    if (!(s = ws__db_stmt(db, WS__DB_FIND_FIRST_DOC, err)) ||
        first_text(db, s, sqlite3_bind_text(s, 1, e->id, -1, SQLITE_STATIC) |
                              sqlite3_bind_text(s, 2, doc, -1, SQLITE_STATIC), &p->id, err) != 0)
        goto done;
    rc = p->id ? 0 : new_person_id(db, e->id, &p->id, err);
done:
    free(folded);
    return rc;
}

/* Adds a folded name of a person; an empty one is none. */
static ws_status add_name(ws_db *db, const char *name, const char *kind, const char *person, ws_error *err)
{
    char *folded = ws__db_fold_name(name);
    sqlite3_stmt *s;
    ws_status status = WS_OK;

    if (!folded)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if (folded[0] && !seen_before(db, kind, person, folded)) {
        if (!(s = ws__db_stmt(db, WS__DB_INSERT_NAME, err)))
            status = WS_ERR_IO;
        else
            status = ws__db_run(db, s, sqlite3_bind_text(s, 1, folded, -1, SQLITE_STATIC) |
                                           sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC) |
                                           sqlite3_bind_text(s, 3, person, -1, SQLITE_STATIC),
                                err, "cannot store a name");
    }
    free(folded);
    return status;
}

/* A person's names: the canonical one and, for a person of several
 * words, the last as the surname. */
static ws_status add_entity_names(ws_db *db, const ws_entity *e, const char *person, ws_error *err)
{
    const char *last = strrchr(e->name, ' ');

    if (add_name(db, e->name, "name", person, err) != WS_OK)
        return WS_ERR_IO;
    if (e->type == WS_PERSON && last && last[1])
        return add_name(db, last + 1, "surname", person, err);
    return WS_OK;
}

/* Stores the person p an entity was linked to, unless stored before. */
static ws_status insert_person(ws_db *db, const ws_entity *e, const ws__db_person *p, const char *role,
                               const char *doc, ws_error *err)
{
    /* Linked to a user's gazetteer entity, the person is that entity. */
    const char *entity = strcmp(p->linked_by, "user gazetteer") == 0 ? p->id : e->id;
    sqlite3_stmt *s;

    if (seen_before(db, "person", p->id, ""))
        return WS_OK;
    if (!(s = ws__db_stmt(db, WS__DB_INSERT_PERSON, err)))
        return WS_ERR_IO;
    return ws__db_run(db, s,
                      sqlite3_bind_text(s, 1, p->id, -1, SQLITE_STATIC) |
                          sqlite3_bind_text(s, 2, entity, -1, SQLITE_STATIC) |
                          sqlite3_bind_text(s, 3, e->name, -1, SQLITE_STATIC) |
                          sqlite3_bind_text(s, 4, ws_entity_type_str(e->type), -1, SQLITE_STATIC) |
                          ws__db_bind_str(s, 5, e->role) | ws__db_bind_str(s, 6, role) |
                          sqlite3_bind_text(s, 7, doc, -1, SQLITE_STATIC),
                      err, "cannot store a person");
}

ws_status ws__db_link(ws_db *db, ws_result *res, ws__db_person *people, ws_error *err)
{
    size_t count = ws_result_entity_count(res);
    const char *doc = ws_result_doc_id(res);

    for (size_t i = 0; i < count; i++) {
        const ws_entity *e = ws_result_entity(res, i);
        ws__db_person *p = &people[i];
        char *role = role_key(e->role);
        int rc = 0;

        if (e->role && !role)
            return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        if (e->source && strcmp(e->source, "discovered") == 0 && e->type == WS_PERSON) {
            rc = link_discovered(db, e, doc, role, p, err);
        } else {
            /* A gazetteer id is the same entity everywhere; a discovered
             * place or organisation is its name. */
            p->linked_by = e->source && strcmp(e->source, "discovered") == 0 ? "same name" : "gazetteer id";
            if (!(p->id = strdup(e->id)))
                rc = out_of_memory(err);
        }
        if (rc == 0 && insert_person(db, e, p, role, doc, err) != WS_OK)
            rc = -1;
        if (rc == 0 && add_entity_names(db, e, p->id, err) != WS_OK)
            rc = -1;
        free(role);
        if (rc != 0)
            return err ? err->status : WS_ERR_IO;
    }
    return WS_OK;
}

ws_status ws__db_add_mention_name(ws_db *db, ws_result *res, const ws_mention *m, const char *person,
                                  ws_error *err)
{
    const ws_entity *e = ws_result_entity(res, m->entity);
    size_t len = 0;
    const char *text = ws_result_text(res, m->span, &len);

    if (!text)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    /* One word of a person is a surname (or a given name): matched only
     * where it is nobody else's. */
    return add_name(db, text, e->type == WS_PERSON && !memchr(text, ' ', len) ? "surname" : "written", person,
                    err);
}

void ws__db_people_free(ws__db_person *people, size_t n)
{
    for (size_t i = 0; people && i < n; i++)
        free(people[i].id);
    free(people);
}

/* ---------------------------------------------------------------------- */
/* A user's gazetteer. */

typedef struct alias_run {
    ws_db *db;
    ws_error *err;
    ws_status status;
} alias_run;

static int store_alias(const char *alias, const char *entity_id, void *ctx)
{
    alias_run *r = ctx;

    r->status = add_name(r->db, alias, "alias", entity_id, r->err);
    return r->status != WS_OK;
}

ws_status ws_db_add_gazetteer(ws_db *db, const ws_gazetteer *gaz, ws_error *err)
{
    alias_run r = {db, err, WS_OK};
    ws_status status;

    if (!db || !gaz)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_add_gazetteer: database and gazetteer are required");
    if ((status = ws__db_exec(db, "SAVEPOINT add_gazetteer", err, "cannot store names")) != WS_OK)
        return status;
    ws_gazetteer_foreach_alias(gaz, store_alias, &r);
    if (r.status != WS_OK) {
        sqlite3_exec(db->sql, "ROLLBACK TO add_gazetteer; RELEASE add_gazetteer", NULL, NULL, NULL);
        return r.status;
    }
    return ws__db_exec(db, "RELEASE add_gazetteer", err, "cannot store names");
}

/* ---------------------------------------------------------------------- */
/* The names a question gives. */

/* People found for a name, each once, with how they matched. */
typedef struct found {
    char **ids;
    const char **how;
    size_t n, cap, how_cap;
} found;

static int found_add(found *f, const char *id, const char *how)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->ids[i], id) == 0)
            return 0;
    if (!ws__grow(&f->ids, &f->cap, f->n + 1, sizeof *f->ids) ||
        !ws__grow(&f->how, &f->how_cap, f->n + 1, sizeof *f->how) || !(f->ids[f->n] = strdup(id)))
        return -1;
    f->how[f->n++] = how;
    return 0;
}

static void found_free(found *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->ids[i]);
    free(f->ids);
    free(f->how);
}

/* Adds the people ids (column 0) a query with one text parameter returns. */
static ws_status add_from(ws_db *db, const char *sql, const char *param, const char *how, found *f,
                          ws_error *err)
{
    sqlite3_stmt *s;
    int rc;

    if (ws__db_prepare(db, sql, &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW)
        rc = found_add(f, ws__db_column_str(s, 0), how) == 0 ? SQLITE_OK : SQLITE_NOMEM;
    sqlite3_finalize(s);
    if (rc == SQLITE_NOMEM)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot look up names");
}

/* The name with the first letter of each word capitalised, as the
 * gazetteers write names: "zelensky" -> "Zelensky". */
static char *capitalised(const char *name)
{
    char *c = strdup(name);

    for (size_t i = 0; c && c[i]; i++)
        if (c[i] >= 'a' && c[i] <= 'z' && (i == 0 || c[i - 1] == ' ' || c[i - 1] == '-'))
            c[i] = (char)(c[i] - 'a' + 'A');
    return c;
}

/* The people of the entities extraction finds in text. */
static ws_status add_extracted(ws_db *db, ws_extractor *names, const char *text, found *f, ws_error *err)
{
    ws_document doc = {.id = "query", .text = text, .len = strlen(text), .origin = "query"};
    ws_result *res = NULL;
    ws_status status = WS_OK;

    if (ws_extract(names, &doc, &res, NULL) == WS_OK)
        for (size_t i = 0; i < ws_result_entity_count(res) && status == WS_OK; i++)
            status = add_from(db, "SELECT id FROM people WHERE entity = ? ORDER BY id",
                              ws_result_entity(res, i)->id, "gazetteer", f, err);
    ws_result_free(res);
    return status;
}

/* The people whose surname folded is: all of them when they share one
 * name, else none (*ambiguous set, and ambiguous lists them). */
static ws_status add_surname(ws_db *db, const char *folded, found *f, found *ambiguous, ws_error *err)
{
    sqlite3_stmt *s;
    char *entity = NULL;
    int rc, several = 0;

    if (ws__db_prepare(db,
                       "SELECT n.person, p.entity FROM names n JOIN people p ON p.id = n.person"
                       " WHERE n.folded = ? AND n.kind = 'surname' ORDER BY p.entity, n.person",
                       &s, err) != WS_OK)
        return WS_ERR_IO;
    rc = sqlite3_bind_text(s, 1, folded, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *e = ws__db_column_str(s, 1);
        if (!entity && !(entity = strdup(e))) {
            rc = SQLITE_NOMEM;
            break;
        }
        several |= strcmp(entity, e) != 0;
        rc = found_add(ambiguous, ws__db_column_str(s, 0), "surname") == 0 ? SQLITE_OK : SQLITE_NOMEM;
    }
    sqlite3_finalize(s);
    free(entity);
    if (rc == SQLITE_NOMEM)
        return ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if (rc != SQLITE_DONE)
        return ws__db_fail(db, err, "cannot look up names");
    if (!several) {
        found swap = *f;
        *f = *ambiguous;
        *ambiguous = swap;
    }
    return WS_OK;
}

/* Hands each person of f to fn. */
static ws_status deliver_people(ws_db *db, const found *f, ws_db_person_fn fn, void *ctx, ws_error *err)
{
    sqlite3_stmt *s;
    int rc = SQLITE_DONE, stop = 0;

    if (ws__db_prepare(db,
                       "SELECT id, entity, name, type, role, (SELECT count(*) FROM quotes q WHERE q.person = p.id)"
                       " FROM people p WHERE id = ?",
                       &s, err) != WS_OK)
        return WS_ERR_IO;
    for (size_t i = 0; i < f->n && !stop && rc == SQLITE_DONE; i++) {
        sqlite3_reset(s);
        rc = sqlite3_bind_text(s, 1, f->ids[i], -1, SQLITE_STATIC);
        if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            ws_db_person p = {ws__db_column_str(s, 0), ws__db_column_str(s, 1), ws__db_column_str(s, 2),
                              ws__db_column_str(s, 3), ws__db_column_str(s, 4), f->how[i],
                              sqlite3_column_int64(s, 5)};
            stop = fn(&p, ctx) != 0;
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? WS_OK : ws__db_fail(db, err, "cannot look up names");
}

char *ws__db_resolve(ws_db *db, ws_extractor *names, const char *name, ws_db_person_fn fn, void *ctx,
                     int *ambiguous, ws_error *err)
{
    /* Kinds of names in the order they are tried; their SQL is fixed text. */
    static const struct { const char *kind, *sql; } kinds[] = {
        {"name", "SELECT n.person FROM names n JOIN people p ON p.id = n.person"
                 " WHERE n.folded = ? AND n.kind = 'name' ORDER BY n.person"},
        {"written", "SELECT n.person FROM names n JOIN people p ON p.id = n.person"
                    " WHERE n.folded = ? AND n.kind = 'written' ORDER BY n.person"},
        {"alias", "SELECT n.person FROM names n JOIN people p ON p.id = n.person"
                  " WHERE n.folded = ? AND n.kind = 'alias' ORDER BY n.person"},
    };
    found f = {0}, other = {0};
    char *folded = ws__db_fold_name(name), *caps = capitalised(name), *ids = NULL;
    ws_status status = WS_OK;
    json_t *array = json_array();

    if (ambiguous)
        *ambiguous = 0;
    if (!folded || !caps || !array) {
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
        goto done;
    }
    status = add_from(db, "SELECT id FROM people WHERE id = ?1 OR entity = ?1 ORDER BY id", name, "id", &f, err);
    if (status == WS_OK && names)
        status = add_extracted(db, names, name, &f, err);
    if (status == WS_OK && names && strcmp(caps, name) != 0)
        status = add_extracted(db, names, caps, &f, err);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds && status == WS_OK && folded[0]; k++)
        status = add_from(db, kinds[k].sql, folded, kinds[k].kind, &f, err);
    if (status == WS_OK && f.n == 0 && folded[0]) {
        status = add_surname(db, folded, &f, &other, err);
        if (status == WS_OK && ambiguous && other.n > 0)
            *ambiguous = 1;
    }
    if (status == WS_OK && fn)
        status = deliver_people(db, f.n ? &f : &other, fn, ctx, err);
    for (size_t i = 0; i < f.n && status == WS_OK; i++)
        if (json_array_append_new(array, json_string(f.ids[i])) != 0)
            status = ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
    if (status == WS_OK && !(ids = json_dumps(array, JSON_COMPACT)))
        ws__fail(err, WS_ERR_NOMEM, NULL, 0, -1, "out of memory");
done:
    json_decref(array);
    found_free(&f);
    found_free(&other);
    free(folded);
    free(caps);
    return ids;
}

ws_status ws_db_find_people(ws_db *db, ws_extractor *names, const char *name, ws_db_person_fn fn, void *ctx,
                            int *ambiguous, ws_error *err)
{
    char *ids;

    if (!db || !name)
        return ws__fail(err, WS_ERR_USAGE, NULL, 0, -1, "ws_db_find_people: database and name are required");
    if (!(ids = ws__db_resolve(db, names, name, fn, ctx, ambiguous, err)))
        return err ? err->status : WS_ERR_NOMEM;
    free(ids);
    return WS_OK;
}
