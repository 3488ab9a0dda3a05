/*
 * ext.h - what the files of the extension whosaid._whosaid share.
 *
 *   module.c     the module: loads the record classes and exceptions of
 *                whosaid/_records.py and _errors.py; errors raised as whosaid.Error subclasses
 *   results.c    Python objects made straight from a ws_result
 *   documents.c  documents taken from Python objects (str, bytes, dicts,
 *                whosaid.Document), or failed documents that say why not
 *   page.c       web pages: whosaid.read_page, and the documents of pages
 *                (records with "html", extract_page) read as the CLI reads them
 *   extractor.c  the Extractor type: gazetteers, word lists, extract()
 *   batch.c      extract_many: worker threads over one extractor
 *   quotedb.c    the DB type over ws_db_*
 *
 * The extension uses libwhosaid's public API (whosaid.h) only. Names shared
 * between its files start with pyws_; everything else is static. Worker
 * threads (batch.c) never touch a Python object: every function here needs
 * the GIL unless it says otherwise.
 */
#ifndef WHOSAID_PYTHON_EXT_H
#define WHOSAID_PYTHON_EXT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "whosaid.h"

#define MAX_FIELDS 16

/* A record class of whosaid/_records.py and how to fill in an instance.
 * Calling a dataclass runs its __init__ in the interpreter, which cost more
 * than extracting the document did; the fields of a slotted dataclass are
 * member descriptors at fixed offsets, so when every field is one, an
 * instance is allocated and its slots set here, as __init__ would set them.
 * Otherwise (a class changed to need its __init__) the class is called. */
typedef struct record_class {
    PyObject *cls;
    Py_ssize_t offsets[MAX_FIELDS]; /* of each field in __init__ order */
    size_t fields;
    int fast;                       /* slots are set here, not by calling cls */
    int is_tuple;                   /* a NamedTuple: fields are the tuple's items */
} record_class;

/* What the module imports once: the classes it makes objects of, and
 * strings it hands out again and again. One interpreter per process
 * (single-phase initialisation), as for most extensions. */
typedef struct pyws_state {
    record_class Result, Entity, Mention, Alternative, Quote, Span, WarningInfo, ErrorInfo, QuoteRow, Page;
    PyObject *Document;
    PyObject *PageWarning, *warn; /* whosaid.PageWarning, warnings.warn */
    PyObject *error_class; /* whosaid._errors.error_class(code) */
    PyObject *json_dumps, *dumps_options, *json_loads;
    PyObject *entity_type[3], *quote_kind[4], *quote_method[8];
    PyObject *gazetteer, *discovered, *male, *female;
    PyObject *id_name, *text_name, *origin_name, *meta_name; /* record keys and Document fields */
    PyObject *html_name, *url_name;                           /* a web page's record keys */
} pyws_state;

extern pyws_state pyws;

/* ---------------------------------------------------------------------- */
/* Arguments are gathered for a call, and the first that cannot be made
 * stops the gathering, so that no Python call runs with an exception set. */

typedef struct arglist {
    PyObject *v[MAX_FIELDS];
    size_t n;
    int failed;
} arglist;

static inline void pyws_arg_take(arglist *a, PyObject *o)
{
    a->v[a->n++] = o;
    if (!o)
        a->failed = 1;
}

/* Evaluates expr only while nothing has failed. */
#define ARG(a, expr) ((a)->failed ? (void)((a)->v[(a)->n++] = NULL) : pyws_arg_take((a), (expr)))

/* Calls callable with the gathered arguments, which it releases. */
PyObject *pyws_call_with(PyObject *callable, arglist *a);
/* An instance of rc with the gathered arguments as its fields; they are
 * released, or taken over by the instance. */
PyObject *pyws_make(const record_class *rc, arglist *a);

/* ---------------------------------------------------------------------- */
/* Strings and errors (module.c). */

/* UTF-8 from outside the library's own data (ids, messages cut to fit a
 * ws_error): invalid bytes are replaced, as the JSON writer does. */
PyObject *pyws_decode(const char *s, size_t len);
PyObject *pyws_str_or_none(const char *s);
/* "" and 0 and -1 mean "does not apply" in a ws_error: None in Python. */
PyObject *pyws_text_or_none(const char *s);
PyObject *pyws_line_or_none(unsigned long line);
PyObject *pyws_byte_or_none(long long byte);
/* The WarningInfo of a warning (results.c). */
PyObject *pyws_warning_object(const ws_warning *w);
/* Raises the whosaid.Error subclass of err's status; returns NULL. */
PyObject *pyws_raise_error(const ws_error *err);
/* Takes the pending exception out, normalised with its traceback. */
PyObject *pyws_take_exception(void);
/* A ws_error of our own making, worded as the command line words it. */
void pyws_set_error(ws_error *err, ws_status status, const char *file, unsigned long line, const char *message);
/* A malloc'ed copy of len bytes and a NUL; NULL when memory runs out. */
char *pyws_copy_text(const char *s, size_t len);

/* ---------------------------------------------------------------------- */
/* The extractor and the results it makes. */

/* A gazetteer with its word lists and a ws_extractor over them, shared by
 * every thread (extractor.c). */
typedef struct {
    PyObject_HEAD
    ws_gazetteer *gaz;
    ws_extractor *ex;
} ExtractorObject;

/* A ws_result kept by whosaid.Result (its _native field), for QuoteDB.add
 * and to_json. It holds its extractor, whose gazetteer the result's names
 * point into (results.c). */
typedef struct {
    PyObject_HEAD
    ws_result *res;
    ExtractorObject *owner;
} NativeObject;

extern PyTypeObject pyws_extractor_type, pyws_native_type, pyws_batch_type, pyws_db_type;

typedef ws_status (*pyws_folder_loader)(ws_gazetteer *gaz, const char *dir, ws_error *err);
/* Loads each folder of a sequence in order with load (GIL released); an
 * error without a file is about the folder. 0, or -1 with err filled or a
 * Python exception set (err->status WS_OK). */
int pyws_load_folders(ws_gazetteer *gaz, PyObject *folders, pyws_folder_loader load, ws_error *err);
/* 1 when the extractor is ready, else 0 with an exception set. */
int pyws_extractor_ready(ExtractorObject *self);
/* The whosaid.Result of res, which it takes over; meta is the metadata
 * dict given with the document (a new reference is taken), or NULL. */
PyObject *pyws_result_object(ExtractorObject *owner, ws_result *res, PyObject *meta);
/* Extractor.extract_many (batch.c). */
PyObject *pyws_extract_many(ExtractorObject *self, PyObject *args, PyObject *kwargs);

/* ---------------------------------------------------------------------- */
/* Documents from Python objects (documents.c). */

typedef struct doc_input {
    ws_document doc;     /* what ws_extract reads; no GIL needed to read it */
    PyObject *text;      /* the str or bytes doc.text (or html) points into, kept alive */
    char *id, *origin, *meta_json; /* owned copies */
    PyObject *meta;      /* the metadata dict, for Result.meta; NULL when none */
    int has_failed;
    ws_error failed;
    /* A web page, read (GIL released) before extraction: its document's
     * text and metadata are the page's (ws_page_document), meta_json is
     * the record's own fields for it. */
    int is_page;
    const char *html;
    size_t html_len;
    char *url;           /* where it was found, or NULL */
    ws_page *page;
} doc_input;

/* How documents without an id and origin are named. */
typedef struct naming {
    const char *name;     /* the input's name ("items", "feed.jsonl"), or NULL for one document */
    const char *stem;     /* the name without extension, for default ids ("feed") */
    unsigned long long n; /* 1-based position in the input */
} naming;

/* Fills in from item, naming it as nm says; id_arg, origin_arg and
 * meta_arg (NULL when not given) override what the item says. Returns 0
 * (in->has_failed tells whether it is a document), or -1 with an exception
 * set when memory ran out. */
int pyws_input_prepare(doc_input *in, PyObject *item, const naming *nm, PyObject *id_arg, PyObject *origin_arg,
                       PyObject *meta_arg);
void pyws_input_clear(doc_input *in);
/* Fills in a page document from html (str or bytes); url, id_arg, origin_arg
 * and meta_arg as extract_page takes them (NULL or None when not given).
 * Returns as pyws_input_prepare does. */
int pyws_input_prepare_page(doc_input *in, PyObject *html, const naming *nm, PyObject *url, PyObject *id_arg,
                            PyObject *origin_arg, PyObject *meta_arg);
/* Extracts the document, reading its page first for a page input; needs
 * no GIL. A document that failed, before or on reading its page, is not
 * extracted: *res stays NULL and in->has_failed is set. */
ws_status pyws_input_extract(ws_extractor *ex, doc_input *in, ws_result **res, ws_error *err);
/* The Result of a document after pyws_input_extract (res may be NULL:
 * status and err say why), or of a failed one; takes res over and clears
 * in. NULL with an exception set when memory ran out, or when a page's
 * warning was turned into an exception (warnings filter "error"). */
PyObject *pyws_input_result(ExtractorObject *owner, doc_input *in, ws_result *res, ws_status status,
                            const ws_error *err);

/* ---------------------------------------------------------------------- */
/* Web pages (page.c). */

/* Reads a page input's page and makes its document (ws_page_document);
 * no GIL needed. A page that cannot be read fails the input, located as
 * in->failed was when prepared. */
void pyws_page_input_read(doc_input *in);
/* With the GIL, once read: issues the page's warnings as whosaid.PageWarning,
 * and sets in->meta to the metadata its document was given. 0, or -1 with
 * an exception set. */
int pyws_page_input_finish(doc_input *in);
/* whosaid.read_page. */
PyObject *pyws_read_page(PyObject *module, PyObject *args, PyObject *kwargs);

#endif /* WHOSAID_PYTHON_EXT_H */
