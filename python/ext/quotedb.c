/*
 * quotedb.c - the DB type over ws_db_* (whosaid.QuoteDB wraps it). A ws_db
 * belongs to one thread at a time: every call keeps the GIL, which
 * serialises them.
 *
 * The file is opened as the first call that needs it wants: a question
 * read-only, as the command line asks them, so that a misspelt path fails
 * with "no such database" instead of becoming an empty database that
 * answers nothing; a write read-write, creating the database. A handle
 * opened to read is opened again to write.
 */
#include "ext.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    PyObject_HEAD
    ws_db *db;       /* NULL until a call needs it */
    PyObject *path;  /* bytes, for the file system; NULL once closed */
    int writable;    /* db was opened to write */
} DBObject;

static int db_init(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"path", NULL};
    PyObject *path = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&:QuoteDB", keywords, PyUnicode_FSConverter, &path))
        return -1;
    if (self->path || self->db) {
        Py_DECREF(path);
        PyErr_SetString(PyExc_RuntimeError, "a QuoteDB is opened once");
        return -1;
    }
    self->path = path;
    return 0;
}

static void db_dealloc(DBObject *self)
{
    ws_db_close(self->db);
    Py_XDECREF(self->path);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* 1, with an exception set, once close() was called. */
static int db_closed(DBObject *self)
{
    if (self->path)
        return 0;
    PyErr_SetString(PyExc_ValueError, "the quote database is closed");
    return 1;
}

/* The database, opened to write or only to read; NULL with an exception set. */
static ws_db *db_open(DBObject *self, int write)
{
    ws_error err;

    if (db_closed(self))
        return NULL;
    if (self->db && (self->writable || !write))
        return self->db;
    ws_db_close(self->db);
    self->db = NULL;
    ws_error_clear(&err);
    if (ws_db_open_with(&self->db, PyBytes_AS_STRING(self->path), write ? 0 : WS_DB_READ_ONLY, &err) != WS_OK) {
        pyws_raise_error(&err);
        return NULL;
    }
    self->writable = write;
    return self->db;
}

static PyObject *db_close(DBObject *self, PyObject *unused)
{
    ws_db_close(self->db);
    self->db = NULL;
    Py_CLEAR(self->path);
    Py_RETURN_NONE;
}

static PyObject *db_status(ws_status status, const ws_error *err)
{
    if (status != WS_OK)
        return pyws_raise_error(err);
    Py_RETURN_NONE;
}

static PyObject *db_begin(DBObject *self, PyObject *unused)
{
    ws_db *db = db_open(self, 1);
    ws_error err;

    if (!db)
        return NULL;
    ws_error_clear(&err);
    return db_status(ws_db_begin(db, &err), &err);
}

/* The handle begin() opened: committing opens nothing. */
static PyObject *db_commit(DBObject *self, PyObject *unused)
{
    ws_error err;

    if (db_closed(self))
        return NULL;
    ws_error_clear(&err);
    return db_status(ws_db_commit(self->db, &err), &err);
}

/* Stores a result's native part; returns the ws_db_change. */
static PyObject *db_add(DBObject *self, PyObject *arg)
{
    ws_db_change change;
    ws_error err;
    ws_db *db;

    if (!PyObject_TypeCheck(arg, &pyws_native_type)) {
        PyErr_SetString(PyExc_TypeError, "add() takes a Result's native part");
        return NULL;
    }
    if (!(db = db_open(self, 1)))
        return NULL;
    ws_error_clear(&err);
    if (ws_db_add(db, ((NativeObject *)arg)->res, &change, &err) != WS_OK)
        return pyws_raise_error(&err);
    return PyLong_FromLong((long)change);
}

/* Stores the aliases of a user's gazetteer folders, loaded in order into a
 * gazetteer of their own, as db add -g does. */
static PyObject *db_add_gazetteer(DBObject *self, PyObject *folders)
{
    PyObject *done = NULL;
    ws_gazetteer *gaz;
    ws_error err;
    ws_db *db;

    if (ws_gazetteer_new(&gaz) != WS_OK)
        return PyErr_NoMemory();
    ws_error_clear(&err);
    if (pyws_load_folders(gaz, folders, ws_gazetteer_load_dir, &err) != 0) {
        if (!PyErr_Occurred())
            pyws_raise_error(&err);
    } else if ((db = db_open(self, 1))) {
        done = db_status(ws_db_add_gazetteer(db, gaz, &err), &err);
    }
    ws_gazetteer_free(gaz);
    return done;
}

/* Rows collected by the callbacks; the first failure stops the query. */
typedef struct rows {
    PyObject *list;
    int failed;
} rows;

static int keep_quote_row(const ws_db_quote *q, void *ctx)
{
    rows *r = ctx;
    arglist a = {0};
    char confidence[16];

    /* two decimals, as `whosaid search` prints and the extract output has */
    snprintf(confidence, sizeof confidence, "%.2f", q->confidence);
    ARG(&a, pyws_str_or_none(q->doc));
    ARG(&a, pyws_str_or_none(q->date));
    ARG(&a, pyws_str_or_none(q->source));
    ARG(&a, pyws_str_or_none(q->url));
    ARG(&a, pyws_str_or_none(q->title));
    ARG(&a, pyws_str_or_none(q->quote_id));
    ARG(&a, pyws_str_or_none(q->speaker));
    ARG(&a, pyws_str_or_none(q->speaker_id));
    ARG(&a, pyws_str_or_none(q->speaker_text));
    ARG(&a, pyws_str_or_none(q->cue));
    ARG(&a, pyws_str_or_none(q->kind));
    ARG(&a, PyFloat_FromDouble(strtod(confidence, NULL)));
    ARG(&a, PyLong_FromLongLong(q->cluster));
    ARG(&a, pyws_str_or_none(q->text));
    ARG(&a, pyws_str_or_none(q->person));
    ARG(&a, pyws_str_or_none(q->linked_by));
    PyObject *row = pyws_make(&pyws.QuoteRow, &a);
    if (!row || PyList_Append(r->list, row) != 0)
        r->failed = 1;
    Py_XDECREF(row);
    return r->failed;
}

/* The end of a query that collected rows. */
static PyObject *rows_done(rows *r, ws_status status, const ws_error *err)
{
    if (r->failed || status != WS_OK) {
        Py_CLEAR(r->list);
        return r->failed ? NULL : pyws_raise_error(err);
    }
    return r->list;
}

/* The extractor of a names argument (None: none); 0, or -1 with an exception set. */
static int names_extractor(PyObject *names, ws_extractor **ex)
{
    *ex = NULL;
    if (names == Py_None)
        return 0;
    if (!PyObject_TypeCheck(names, &pyws_extractor_type)) {
        PyErr_SetString(PyExc_TypeError, "names must be an Extractor");
        return -1;
    }
    if (!pyws_extractor_ready((ExtractorObject *)names))
        return -1;
    *ex = ((ExtractorObject *)names)->ex;
    return 0;
}

static PyObject *db_search(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"text", "speaker", "about", "since", "until", "limit", "names", NULL};
    ws_db_query q = {0};
    Py_ssize_t limit = 0;
    PyObject *names = Py_None;
    rows r = {NULL, 0};
    ws_error err;
    ws_db *db;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|zzzzznO:search", keywords, &q.text, &q.speaker,
                                     &q.about, &q.since, &q.until, &limit, &names))
        return NULL;
    if (names_extractor(names, &q.names) != 0)
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit is 0 (all) or more");
        return NULL;
    }
    q.limit = (size_t)limit;
    if (!(db = db_open(self, 0)) || !(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    return rows_done(&r, ws_db_search(db, &q, keep_quote_row, &r, &err), &err);
}

/* Appends the row (a, b, c) to r's list, taking the three references
 * (any may be NULL after a failure, which marks r failed). */
static int append_row3(rows *r, PyObject *a, PyObject *b, PyObject *c)
{
    PyObject *row = a && b && c ? PyTuple_Pack(3, a, b, c) : NULL;

    if (!row || PyList_Append(r->list, row) != 0)
        r->failed = 1;
    Py_XDECREF(row);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return r->failed;
}

static int keep_person(const ws_db_person *p, void *ctx)
{
    PyObject *id = pyws_str_or_none(p->id);
    PyObject *name = id ? pyws_str_or_none(p->name) : NULL;
    PyObject *role = name ? pyws_str_or_none(p->role) : NULL;

    return append_row3(ctx, id, name, role);
}

/* ([(id, name, role)], ambiguous): the people a name of search stands for,
 * as ws_db_find_people reads it; ambiguous when it is only a surname
 * several people share, and search takes none of them. */
static PyObject *db_find_people(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"name", "names", NULL};
    const char *name;
    PyObject *names = Py_None, *people, *found;
    ws_extractor *ex;
    rows r = {NULL, 0};
    int ambiguous = 0;
    ws_error err;
    ws_db *db;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|O:find_people", keywords, &name, &names) ||
        names_extractor(names, &ex) != 0 || !(db = db_open(self, 0)) || !(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    if (!(people = rows_done(&r, ws_db_find_people(db, ex, name, keep_person, &r, &ambiguous, &err), &err)))
        return NULL;
    found = PyTuple_Pack(2, people, ambiguous ? Py_True : Py_False);
    Py_DECREF(people);
    return found;
}

static PyObject *db_who_said(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"text", "limit", NULL};
    const char *text;
    Py_ssize_t limit = 10;
    rows r = {NULL, 0};
    ws_error err;
    ws_db *db;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|n:who_said", keywords, &text, &limit))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit is 0 (all) or more");
        return NULL;
    }
    if (!(db = db_open(self, 0)) || !(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    return rows_done(&r, ws_db_who_said(db, text, (size_t)limit, keep_quote_row, &r, &err), &err);
}

static PyObject *db_stats(DBObject *self, PyObject *unused)
{
    ws_db *db = db_open(self, 0);
    ws_db_stats st;
    ws_error err;

    if (!db)
        return NULL;
    ws_error_clear(&err);
    if (ws_db_get_stats(db, &st, &err) != WS_OK)
        return pyws_raise_error(&err);
    return Py_BuildValue("(LLLLLLL)", st.documents, st.failed, st.entities, st.mentions, st.quotes,
                         st.clusters, st.speakers);
}

static int keep_speaker(const char *id, const char *name, long long quotes, void *ctx)
{
    PyObject *a = pyws_str_or_none(id);
    PyObject *b = a ? pyws_str_or_none(name) : NULL;

    return append_row3(ctx, a, b, b ? PyLong_FromLongLong(quotes) : NULL);
}

static PyObject *db_top_speakers(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"limit", NULL};
    Py_ssize_t limit = 10;
    rows r = {NULL, 0};
    ws_error err;
    ws_db *db;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|n:top_speakers", keywords, &limit))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit is 0 (all) or more");
        return NULL;
    }
    if (!(db = db_open(self, 0)) || !(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    return rows_done(&r, ws_db_top_speakers(db, (size_t)limit, keep_speaker, &r, &err), &err);
}

/* The tables of db export --format csv; raw and excel are --csv-raw and --excel. */
static PyObject *db_export_csv(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"folder", "raw", "excel", NULL};
    PyObject *path = NULL;
    int raw = 0, excel = 0;
    ws_error err;
    ws_status status;
    ws_db *db;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&|pp:export_csv", keywords, PyUnicode_FSConverter, &path,
                                     &raw, &excel))
        return NULL;
    if (!(db = db_open(self, 0))) {
        Py_DECREF(path);
        return NULL;
    }
    ws_error_clear(&err);
    status = ws_db_export_csv_with(db, PyBytes_AS_STRING(path), (raw ? WS_CSV_RAW : 0) | (excel ? WS_CSV_BOM : 0),
                                   &err);
    Py_DECREF(path);
    return db_status(status, &err);
}

static ws_status file_error(ws_error *err, const char *path)
{
    pyws_set_error(err, WS_ERR_IO, path, 0, strerror(errno));
    return WS_ERR_IO;
}

/* Ends a file of export_jsonl: written whole, closed, renamed from tmp
 * into place (tmp NULL: written in place); tmp removed after a failure,
 * the first of which err keeps. */
static ws_status finish_file(FILE *f, const char *tmp, const char *path, ws_status status, ws_error *err)
{
    if (status == WS_OK && (fflush(f) != 0 || ferror(f)))
        status = file_error(err, path);
    if (fclose(f) != 0 && status == WS_OK)
        status = file_error(err, path);
    if (tmp && status == WS_OK && rename(tmp, path) != 0)
        status = file_error(err, path);
    /* a write the library saw fail is about the file written */
    if (status == WS_ERR_IO && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
    if (tmp && status != WS_OK)
        remove(tmp);
    return status;
}

/* The records of extract, byte for byte (db export --format jsonl), written
 * as path.tmp and renamed into place when complete, as the command line
 * writes them, so that an interrupted export leaves no file that looks
 * whole. A path that is no regular file (/dev/null, a pipe, a symbolic
 * link such as /dev/stdout) is written in place: renaming over it would
 * replace it with a file. */
static PyObject *db_export_jsonl(DBObject *self, PyObject *arg)
{
    PyObject *path = NULL, *tmp = NULL, *done = NULL;
    const char *to, *via;
    struct stat st;
    ws_status status;
    ws_error err;
    ws_db *db;
    FILE *f;

    if (!PyUnicode_FSConverter(arg, &path))
        return NULL;
    to = PyBytes_AS_STRING(path);
    if (!(db = db_open(self, 0)))
        goto done;
    if (lstat(to, &st) == 0 && !S_ISREG(st.st_mode))
        via = NULL;
    else if ((tmp = PyBytes_FromFormat("%s.tmp", to)))
        via = PyBytes_AS_STRING(tmp);
    else
        goto done;
    ws_error_clear(&err);
    if (!(f = fopen(via ? via : to, "wb"))) {
        file_error(&err, via ? via : to);
        pyws_raise_error(&err);
        goto done;
    }
    status = ws_db_export_jsonl(db, f, &err);
    status = finish_file(f, via, to, status, &err);
    done = db_status(status, &err);
done:
    Py_XDECREF(tmp);
    Py_DECREF(path);
    return done;
}

static PyMethodDef db_methods[] = {
    {"close", (PyCFunction)db_close, METH_NOARGS, "Closes the database; an open batch is rolled back."},
    {"begin", (PyCFunction)db_begin, METH_NOARGS, "Begins a batch (one transaction)."},
    {"commit", (PyCFunction)db_commit, METH_NOARGS, "Commits the batch."},
    {"add", (PyCFunction)db_add, METH_O, "add(native) -> 0 unchanged, 1 added, 2 replaced"},
    {"add_gazetteer", (PyCFunction)db_add_gazetteer, METH_O,
     "add_gazetteer(folders): stores the aliases of a user's gazetteer folders, as db add -g does"},
    {"search", (PyCFunction)(void (*)(void))db_search, METH_VARARGS | METH_KEYWORDS,
     "search(text=None, speaker=None, about=None, since=None, until=None, limit=0, names=None) -> [QuoteRow]"},
    {"find_people", (PyCFunction)(void (*)(void))db_find_people, METH_VARARGS | METH_KEYWORDS,
     "find_people(name, names=None) -> ([(id, name, role)], ambiguous)"},
    {"who_said", (PyCFunction)(void (*)(void))db_who_said, METH_VARARGS | METH_KEYWORDS,
     "who_said(text, limit=10) -> [QuoteRow]"},
    {"stats", (PyCFunction)db_stats, METH_NOARGS,
     "(documents, failed, entities, mentions, quotes, clusters, speakers)"},
    {"top_speakers", (PyCFunction)(void (*)(void))db_top_speakers, METH_VARARGS | METH_KEYWORDS,
     "top_speakers(limit=10) -> [(id, name, quotes)]"},
    {"export_csv", (PyCFunction)(void (*)(void))db_export_csv, METH_VARARGS | METH_KEYWORDS,
     "export_csv(folder, raw=False, excel=False): the four tables of extract -f csv"},
    {"export_jsonl", (PyCFunction)db_export_jsonl, METH_O, "export_jsonl(path): the records of extract"},
    {NULL, NULL, 0, NULL},
};

PyTypeObject pyws_db_type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "whosaid._whosaid.DB",
    .tp_basicsize = sizeof(DBObject),
    .tp_dealloc = (destructor)db_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "DB(path): a quote database (ws_db).",
    .tp_methods = db_methods,
    .tp_init = (initproc)db_init,
    .tp_new = PyType_GenericNew,
};
