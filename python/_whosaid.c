/*
 * _whosaid.c - the C half of the Python package whosaid (whosaid._whosaid):
 * extraction, the worker threads of extract_many and the quote database,
 * over the public API of libwhosaid (whosaid.h) and nothing else.
 *
 * The record classes and exceptions are plain Python (whosaid/_records.py,
 * whosaid/_errors.py); this module imports them once and builds their
 * objects straight from a ws_result, which is what keeps the binding's cost
 * near that of writing the JSON Lines record.
 *
 * Threads: the GIL is released while the library loads gazetteers and
 * extracts. Worker threads never touch a Python object: they read document
 * bytes that references held by the calling thread keep alive, and fill in
 * ws_results that the calling thread then turns into Python objects.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "whosaid.h"
#include "ws_config.h"

PyMODINIT_FUNC PyInit__whosaid(void);

/* Documents in flight per extracting thread in extract_many, as in the
 * command line's -j: enough that no thread waits for the next document,
 * few enough that memory depends on the largest documents only. */
#define JOBS_PER_THREAD 4

#define MAX_FIELDS 14

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
static struct {
    record_class Result, Entity, Mention, Alternative, Quote, Span, WarningInfo, ErrorInfo, QuoteRow;
    PyObject *Document;
    PyObject *error_class; /* whosaid._errors.error_class(code) */
    PyObject *json_dumps, *dumps_options;
    PyObject *entity_type[3], *quote_kind[4], *quote_method[8];
    PyObject *gazetteer, *discovered, *male, *female;
    PyObject *id_name, *text_name, *origin_name, *meta_name; /* record keys and Document fields */
} S;

/* ---------------------------------------------------------------------- */
/* Arguments are gathered for a call, and the first that cannot be made
 * stops the gathering, so that no Python call runs with an exception set. */

typedef struct arglist {
    PyObject *v[MAX_FIELDS];
    size_t n;
    int failed;
} arglist;

static void arg_take(arglist *a, PyObject *o)
{
    a->v[a->n++] = o;
    if (!o)
        a->failed = 1;
}

/* Evaluates expr only while nothing has failed. */
#define ARG(a, expr) ((a)->failed ? (void)((a)->v[(a)->n++] = NULL) : arg_take((a), (expr)))

/* Calls callable with the gathered arguments, which it releases. */
static PyObject *call_with(PyObject *callable, arglist *a)
{
    PyObject *obj = a->failed ? NULL : PyObject_Vectorcall(callable, a->v, a->n, NULL);

    for (size_t i = 0; i < a->n; i++)
        Py_XDECREF(a->v[i]);
    return obj;
}

/* ---------------------------------------------------------------------- */
/* Errors. */

static PyObject *decode(const char *s, size_t len)
{
    /* Ids and messages may come from outside the library's own data and
     * be cut in the middle of a character: replaced, as the JSON writer does. */
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "replace");
}

static PyObject *str_or_none(const char *s)
{
    return s ? decode(s, strlen(s)) : Py_NewRef(Py_None);
}

/* "" and 0 and -1 mean "does not apply" in a ws_error: None in Python. */
static PyObject *text_or_none(const char *s)
{
    return s && s[0] ? decode(s, strlen(s)) : Py_NewRef(Py_None);
}

static PyObject *line_or_none(unsigned long line)
{
    return line ? PyLong_FromUnsignedLong(line) : Py_NewRef(Py_None);
}

static PyObject *byte_or_none(long long byte)
{
    return byte >= 0 ? PyLong_FromLongLong(byte) : Py_NewRef(Py_None);
}

/* Raises the whosaid.Error subclass of err's status; returns NULL. */
static PyObject *raise_ws_error(const ws_error *err)
{
    if (err->status == WS_ERR_NOMEM && !err->message[0])
        return PyErr_NoMemory();
    PyObject *cls = PyObject_CallFunction(S.error_class, "i", (int)err->status);
    if (!cls)
        return NULL;
    arglist a = {0};
    ARG(&a, decode(err->message, strlen(err->message)));
    ARG(&a, text_or_none(err->file));
    ARG(&a, line_or_none(err->line));
    ARG(&a, byte_or_none(err->byte));
    ARG(&a, str_or_none(ws_status_str(err->status)));
    PyObject *exc = call_with(cls, &a);
    if (exc) {
        PyErr_SetObject(cls, exc);
        Py_DECREF(exc);
    }
    Py_DECREF(cls);
    return NULL;
}

/* Takes the pending exception out, normalised with its traceback. */
static PyObject *take_exception(void)
{
#if PY_VERSION_HEX >= 0x030C0000
    return PyErr_GetRaisedException();
#else
    PyObject *type, *value, *tb;

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb && value)
        PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return value;
#endif
}

/* A ws_error of our own making, worded as the command line words it. */
static void set_ws_error(ws_error *err, ws_status status, const char *file, unsigned long line,
                         const char *message)
{
    ws_error_clear(err);
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    snprintf(err->message, sizeof err->message, "%s", message);
}

/* An instance of rc with the gathered arguments as its fields; they are
 * released, or taken over by the instance. */
static PyObject *make(const record_class *rc, arglist *a)
{
    if (a->failed || !rc->fast || a->n != rc->fields)
        return call_with(rc->cls, a);
    PyTypeObject *type = (PyTypeObject *)rc->cls;
    /* as tuple.__new__ makes a subclass's instance, and object.__new__ a class's */
    PyObject *obj = type->tp_alloc(type, rc->is_tuple ? (Py_ssize_t)a->n : 0);
    for (size_t i = 0; i < a->n; i++) {
        if (!obj)
            Py_DECREF(a->v[i]);
        else if (rc->is_tuple)
            PyTuple_SET_ITEM(obj, (Py_ssize_t)i, a->v[i]);
        else
            *(PyObject **)((char *)obj + rc->offsets[i]) = a->v[i];
    }
    return obj;
}

static PyObject *span_text(ws_result *res, ws_span span)
{
    size_t len;
    const char *text = ws_result_text(res, span, &len);

    /* ws_result_text's text is valid UTF-8: strict decoding cannot fail */
    return text ? PyUnicode_DecodeUTF8(text, (Py_ssize_t)len, NULL) : PyErr_NoMemory();
}

/* null for an empty span (no speaker or cue found), as in the JSON output. */
static PyObject *span_text_or_none(ws_result *res, ws_span span)
{
    return span.end > span.start ? span_text(res, span) : Py_NewRef(Py_None);
}

static PyObject *size_object(size_t n)
{
    return PyLong_FromSize_t(n);
}

static PyObject *span_object(ws_span span)
{
    arglist a = {0};

    ARG(&a, size_object(span.start));
    ARG(&a, size_object(span.end));
    return make(&S.Span, &a);
}

/* Entity ids, names and roles come from the gazetteer, the same few
 * thousand in every document: a string made once serves again when the
 * library hands out the same pointer and the text there is still the same
 * (a result's own strings may be freed and their memory reused). The cache
 * is used with the GIL held only. */
#define NAME_CACHE_BITS 12

static struct {
    const char *ptr;
    PyObject *str;
} name_cache[1u << NAME_CACHE_BITS];

static PyObject *name_object(const char *s)
{
    if (!s)
        return Py_NewRef(Py_None);
    size_t slot = (size_t)(((uintptr_t)s * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - NAME_CACHE_BITS));
    PyObject *cached = name_cache[slot].str;
    if (cached && name_cache[slot].ptr == s) {
        Py_ssize_t len;
        const char *text = PyUnicode_AsUTF8AndSize(cached, &len);
        if (!text)
            return NULL;
        if (strncmp(text, s, (size_t)len) == 0 && s[len] == '\0')
            return Py_NewRef(cached);
    }
    PyObject *str = decode(s, strlen(s));
    if (str) {
        Py_XSETREF(name_cache[slot].str, Py_NewRef(str));
        name_cache[slot].ptr = s;
    }
    return str;
}

/* One of the strings made at start-up, by index; NULL stays None. */
static PyObject *interned(PyObject *const *table, size_t count, size_t i)
{
    return Py_NewRef(i < count && table[i] ? table[i] : Py_None);
}

static PyObject *entity_type_object(ws_entity_type type)
{
    return interned(S.entity_type, 3, (size_t)type);
}

/* Entity strings that repeat in every document: the same object each time. */
static PyObject *known_string(const char *s, PyObject *first, const char *first_text, PyObject *second,
                              const char *second_text)
{
    if (!s)
        return Py_NewRef(Py_None);
    if (strcmp(s, first_text) == 0)
        return Py_NewRef(first);
    if (strcmp(s, second_text) == 0)
        return Py_NewRef(second);
    return decode(s, strlen(s));
}

/* The confidence as the JSON output gives it: clamped to 0..1 and rounded
 * to two decimals, so that a result equals its record read back. The few
 * values the rules give are made once. */
static PyObject *confidence_object(double confidence)
{
    static struct {
        double key;
        PyObject *value;
    } made[64];
    char digits[16];

    if (!(confidence >= 0.0))
        confidence = 0.0;
    else if (confidence > 1.0)
        confidence = 1.0;
    size_t slot = (size_t)(confidence * 1000.0) % (sizeof made / sizeof *made);
    if (made[slot].value && made[slot].key == confidence)
        return Py_NewRef(made[slot].value);
    snprintf(digits, sizeof digits, "%.2f", confidence);
    PyObject *value = PyFloat_FromDouble(strtod(digits, NULL));
    if (value) {
        Py_XSETREF(made[slot].value, Py_NewRef(value));
        made[slot].key = confidence;
    }
    return value;
}

/* "q1", "q2"...: the first ones made once. */
static PyObject *quote_id_object(size_t index)
{
    static PyObject *made[256];

    if (index >= sizeof made / sizeof *made)
        return PyUnicode_FromFormat("q%zu", index + 1);
    if (!made[index] && !(made[index] = PyUnicode_FromFormat("q%zu", index + 1)))
        return NULL;
    return Py_NewRef(made[index]);
}

static PyObject *alternatives_list(const ws_entity *e)
{
    PyObject *list = PyList_New((Py_ssize_t)e->alternative_count);

    for (size_t i = 0; list && i < e->alternative_count; i++) {
        const ws_alternative *alt = &e->alternatives[i];
        arglist a = {0};

        ARG(&a, name_object(alt->id));
        ARG(&a, name_object(alt->name));
        ARG(&a, entity_type_object(alt->type));
        PyObject *obj = make(&S.Alternative, &a);
        if (!obj)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, obj);
    }
    return list;
}

static PyObject *mentions_list(ws_result *res, const ws_entity *e)
{
    PyObject *list = PyList_New((Py_ssize_t)e->mention_count);

    for (size_t i = 0; list && i < e->mention_count; i++) {
        const ws_mention *m = ws_result_mention(res, e->mentions[i]);
        arglist a = {0};

        ARG(&a, span_text(res, m->span));
        ARG(&a, size_object(m->span.start));
        ARG(&a, size_object(m->span.end));
        ARG(&a, span_text_or_none(res, m->title));
        ARG(&a, name_object(m->country));
        PyObject *obj = make(&S.Mention, &a);
        if (!obj)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, obj);
    }
    return list;
}

static PyObject *entity_object(ws_result *res, const ws_entity *e)
{
    arglist a = {0};

    ARG(&a, name_object(e->id));
    ARG(&a, name_object(e->name));
    ARG(&a, entity_type_object(e->type));
    ARG(&a, known_string(e->gender, S.male, "m", S.female, "f"));
    ARG(&a, name_object(e->role));
    ARG(&a, known_string(e->source, S.gazetteer, "gazetteer", S.discovered, "discovered"));
    ARG(&a, size_object(e->mention_count));
    ARG(&a, alternatives_list(e));
    ARG(&a, mentions_list(res, e));
    return make(&S.Entity, &a);
}

static PyObject *quote_object(ws_result *res, size_t index)
{
    const ws_quote *q = ws_result_quote(res, index);
    const ws_entity *who = q->speaker == WS_NO_ENTITY ? NULL : ws_result_entity(res, q->speaker);
    arglist a = {0};

    ARG(&a, quote_id_object(index));
    ARG(&a, span_text(res, q->span));
    ARG(&a, size_object(q->span.start));
    ARG(&a, size_object(q->span.end));
    ARG(&a, name_object(who ? who->name : NULL));
    ARG(&a, name_object(who ? who->id : NULL));
    ARG(&a, span_text_or_none(res, q->speaker_span));
    ARG(&a, span_text_or_none(res, q->cue_span));
    ARG(&a, interned(S.quote_kind, 4, (size_t)q->kind));
    ARG(&a, interned(S.quote_method, 8, (size_t)q->method));
    ARG(&a, confidence_object(q->confidence));
    ARG(&a, span_object(q->sentence));
    ARG(&a, span_object(q->paragraph));
    return make(&S.Quote, &a);
}

static PyObject *error_info_object(const ws_error *err)
{
    arglist a = {0};

    if (!err)
        return Py_NewRef(Py_None);
    ARG(&a, str_or_none(ws_status_str(err->status)));
    ARG(&a, decode(err->message, strlen(err->message)));
    ARG(&a, text_or_none(err->file));
    ARG(&a, line_or_none(err->line));
    ARG(&a, byte_or_none(err->byte));
    ARG(&a, PyLong_FromLong((long)err->status));
    return make(&S.ErrorInfo, &a);
}

static PyObject *warnings_list(const ws_result *res)
{
    size_t count = ws_result_warning_count(res);
    PyObject *list = PyList_New((Py_ssize_t)count);

    for (size_t i = 0; list && i < count; i++) {
        const ws_warning *w = ws_result_warning(res, i);
        arglist a = {0};

        ARG(&a, byte_or_none(w->byte));
        ARG(&a, str_or_none(w->message));
        PyObject *obj = make(&S.WarningInfo, &a);
        if (!obj)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, obj);
    }
    return list;
}

static PyObject *entities_list(ws_result *res)
{
    size_t count = ws_result_entity_count(res);
    PyObject *list = PyList_New((Py_ssize_t)count);

    for (size_t i = 0; list && i < count; i++) {
        PyObject *obj = entity_object(res, ws_result_entity(res, i));
        if (!obj)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, obj);
    }
    return list;
}

static PyObject *quotes_list(ws_result *res)
{
    size_t count = ws_result_quote_count(res);
    PyObject *list = PyList_New((Py_ssize_t)count);

    for (size_t i = 0; list && i < count; i++) {
        PyObject *obj = quote_object(res, i);
        if (!obj)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, obj);
    }
    return list;
}

/* ---------------------------------------------------------------------- */
/* The extractor: a gazetteer and a ws_extractor, shared by every thread. */

typedef struct {
    PyObject_HEAD
    ws_gazetteer *gaz;
    ws_extractor *ex;
} ExtractorObject;

static PyTypeObject ExtractorType;

/* A ws_result kept by whosaid.Result (its _native field), for QuoteDB.add
 * and to_json. It holds its extractor, whose gazetteer the result's names
 * point into. */
typedef struct {
    PyObject_HEAD
    ws_result *res;
    ExtractorObject *owner;
} NativeObject;

static PyTypeObject NativeType;

static void native_dealloc(NativeObject *self)
{
    ws_result_free(self->res); /* before the gazetteer it points into */
    Py_XDECREF(self->owner);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The library's JSON Lines record of the result, without its newline. */
static PyObject *native_to_json(NativeObject *self, PyObject *unused)
{
    char *record = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&record, &len);
    ws_error err;
    ws_status status;

    if (!mem)
        return PyErr_NoMemory();
    ws_error_clear(&err);
    status = ws_write_jsonl(self->res, mem, &err);
    if (fclose(mem) != 0 && status == WS_OK) {
        free(record);
        return PyErr_NoMemory();
    }
    if (status != WS_OK) {
        free(record);
        return raise_ws_error(&err);
    }
    PyObject *text = PyUnicode_DecodeUTF8(record, (Py_ssize_t)(len > 0 ? len - 1 : 0), NULL);
    free(record);
    return text;
}

/* A pickled or deep-copied Result keeps its fields and leaves the
 * library's result behind: it unpickles as None (NoneType() is None). */
static PyObject *native_reduce(NativeObject *self, PyObject *unused)
{
    return Py_BuildValue("(O())", (PyObject *)Py_TYPE(Py_None));
}

static PyMethodDef native_methods[] = {
    {"to_json", (PyCFunction)native_to_json, METH_NOARGS,
     "The library's JSON Lines record of the result, without the newline."},
    {"__reduce__", (PyCFunction)native_reduce, METH_NOARGS, "Pickles as None."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject NativeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "whosaid._whosaid.Native",
    .tp_basicsize = sizeof(NativeObject),
    .tp_dealloc = (destructor)native_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The library's result of one document (internal: Result._native).",
    .tp_methods = native_methods,
};

/* The Python result of res, which it takes over; meta is the metadata
 * dict given with the document (a new reference is taken). */
static PyObject *result_object(ExtractorObject *owner, ws_result *res, PyObject *meta)
{
    NativeObject *native = PyObject_New(NativeObject, &NativeType);
    arglist a = {0};

    if (!native) {
        ws_result_free(res);
        return NULL;
    }
    native->res = res;
    native->owner = (ExtractorObject *)Py_NewRef(owner);
    ARG(&a, str_or_none(ws_result_doc_id(res)));
    ARG(&a, text_or_none(ws_result_origin(res)));
    ARG(&a, meta ? Py_NewRef(meta) : PyDict_New());
    ARG(&a, size_object(ws_result_doc_len(res)));
    ARG(&a, error_info_object(ws_result_error(res)));
    ARG(&a, warnings_list(res));
    ARG(&a, entities_list(res));
    ARG(&a, quotes_list(res));
    ARG(&a, (PyObject *)native);
    return make(&S.Result, &a);
}

/* ---------------------------------------------------------------------- */
/* Documents from Python objects: a str, bytes (a file's bytes, which need
 * not be UTF-8), a {"id", "text", ...} dict read as a JSON Lines record,
 * or a whosaid.Document. A problem with one becomes a failed document,
 * worded as the command line words it for a JSON line, so that it still
 * gets its record. */

typedef struct doc_input {
    ws_document doc;     /* what ws_extract reads */
    PyObject *text;      /* the str or bytes doc.text points into, kept alive */
    char *id, *origin, *meta_json; /* owned copies */
    PyObject *meta;      /* the metadata dict, for Result.meta; NULL when none */
    int has_failed;
    ws_error failed;
} doc_input;

/* How documents without an id and origin are named. */
typedef struct naming {
    const char *name;     /* the input's name ("items", "feed.jsonl"), or NULL for one document */
    const char *stem;     /* the name without extension, for default ids ("feed") */
    unsigned long long n; /* 1-based position in the input */
} naming;

static void input_clear(doc_input *in)
{
    Py_CLEAR(in->text);
    Py_CLEAR(in->meta);
    free(in->id);
    free(in->origin);
    free(in->meta_json);
    memset(in, 0, sizeof *in);
}

static char *copy_text(const char *s, size_t len)
{
    char *c = malloc(len + 1);

    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

/* The failed document says why; its file and line are the input's name
 * and position, as a JSON line's are its file's name and line. Returns 0,
 * or -1 when memory ran out (exception set). */
static int input_fail(doc_input *in, const naming *nm, ws_status status, const char *message)
{
    Py_CLEAR(in->text);
    Py_CLEAR(in->meta);
    in->has_failed = 1;
    in->doc.text = NULL;
    in->doc.len = 0;
    in->doc.meta_json = NULL;
    set_ws_error(&in->failed, status, nm->name ? nm->name : in->origin, nm->name ? (unsigned long)nm->n : 0,
                 message);
    return 0;
}

/* Turns the pending Python exception into a failed document, unless
 * memory ran out. */
static int input_fail_from_exception(doc_input *in, const naming *nm, ws_status status, const char *what)
{
    if (PyErr_ExceptionMatches(PyExc_MemoryError))
        return -1;
    PyObject *exc = take_exception();
    PyObject *text = exc ? PyObject_Str(exc) : NULL;
    const char *detail = text ? PyUnicode_AsUTF8(text) : NULL;
    char message[400];
    snprintf(message, sizeof message, "%s: %s", what, detail ? detail : "unknown error");
    PyErr_Clear(); /* what describing it raised */
    Py_XDECREF(text);
    Py_XDECREF(exc);
    return input_fail(in, nm, status, message);
}

/* A str as a malloc'ed UTF-8 string; NULL with an exception set. */
static char *utf8_copy(PyObject *s)
{
    Py_ssize_t len;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &len);

    if (!utf8)
        return NULL;
    char *c = copy_text(utf8, (size_t)len);
    if (!c)
        PyErr_NoMemory();
    return c;
}

/* An id: a str, or an integer written in decimal (not a bool, which JSON
 * would not call an integer either). 0 when set, 1 when the value is not
 * an id, -1 with an exception set. */
static int take_id(doc_input *in, PyObject *id)
{
    PyObject *text;

    if (PyUnicode_Check(id))
        text = Py_NewRef(id);
    else if (PyLong_Check(id) && !PyBool_Check(id))
        text = PyObject_Str(id);
    else
        return 1;
    if (!text)
        return -1;
    char *copy = utf8_copy(text);
    Py_DECREF(text);
    if (!copy)
        return -1;
    free(in->id);
    in->id = copy;
    in->doc.id = copy;
    return 0;
}

/* The metadata: a dict (in->meta) written as one JSON object for the
 * library. An empty dict is no metadata, as an input line with only id
 * and text has none. */
static int take_meta(doc_input *in, const naming *nm)
{
    if (!in->meta || PyDict_GET_SIZE(in->meta) == 0)
        return 0;
    PyObject *args[1] = {in->meta};
    PyObject *json = PyObject_VectorcallDict(S.json_dumps, args, 1, S.dumps_options);
    if (!json)
        return input_fail_from_exception(in, nm, WS_ERR_JSON, "metadata is not JSON");
    in->meta_json = utf8_copy(json);
    Py_DECREF(json);
    if (!in->meta_json)
        return input_fail_from_exception(in, nm, WS_ERR_JSON, "metadata is not JSON");
    in->doc.meta_json = in->meta_json;
    return 0;
}

/* doc.text from a str or bytes object; 1 when it is neither. */
static int take_text(doc_input *in, const naming *nm, PyObject *text)
{
    Py_ssize_t len;

    if (PyUnicode_Check(text)) {
        /* The UTF-8 form is cached in the str, which is kept alive. */
        const char *utf8 = PyUnicode_AsUTF8AndSize(text, &len);
        if (!utf8)
            return input_fail_from_exception(in, nm, WS_ERR_INPUT, "text is not valid Unicode");
        in->doc.text = utf8;
    } else if (PyBytes_Check(text)) {
        in->doc.text = PyBytes_AS_STRING(text);
        len = PyBytes_GET_SIZE(text);
    } else {
        return 1;
    }
    in->doc.len = (size_t)len;
    in->text = Py_NewRef(text);
    return 0;
}

/* The record's other fields, in order: its metadata. */
static PyObject *record_meta(PyObject *record)
{
    PyObject *meta = PyDict_New(), *key, *value;
    Py_ssize_t pos = 0;

    while (meta && PyDict_Next(record, &pos, &key, &value)) {
        if (PyUnicode_Check(key) && (PyUnicode_Compare(key, S.id_name) == 0 ||
                                     PyUnicode_Compare(key, S.text_name) == 0))
            continue;
        if (PyDict_SetItem(meta, key, value) != 0)
            Py_CLEAR(meta);
    }
    return meta;
}

/* Fills in from item, naming it as nm says; id_arg, origin_arg and
 * meta_arg (NULL when not given) override what the item says. Returns 0
 * (in->has_failed tells whether it is a document), or -1 with an exception
 * set when memory ran out. */
static int input_prepare(doc_input *in, PyObject *item, const naming *nm, PyObject *id_arg,
                         PyObject *origin_arg, PyObject *meta_arg)
{
    PyObject *text = NULL, *id = NULL, *origin = NULL, *meta = NULL;
    int rc = -1, is_record = 0;
    char buf[128];

    memset(in, 0, sizeof *in);
    /* The defaults of a JSON Lines file named nm->name: "NAME:N". */
    if (nm->name) {
        size_t size = strlen(nm->name) + strlen(nm->stem) + 48;
        char *origin_text = malloc(size), *id_text = malloc(size);
        if (origin_text && id_text) {
            snprintf(origin_text, size, "%s:%llu", nm->name, nm->n);
            snprintf(id_text, size, "%s:%llu", nm->stem, nm->n);
        }
        in->origin = origin_text;
        in->id = id_text;
    } else {
        in->origin = copy_text("", 0);
        in->id = copy_text("doc", 3);
    }
    if (!in->origin || !in->id) {
        PyErr_NoMemory();
        return -1;
    }
    in->doc.id = in->id;
    in->doc.origin = in->origin;

    if (PyUnicode_Check(item) || PyBytes_Check(item)) {
        text = Py_NewRef(item);
    } else if (PyDict_Check(item)) {
        is_record = 1;
        text = Py_XNewRef(PyDict_GetItemWithError(item, S.text_name));
        id = Py_XNewRef(PyDict_GetItemWithError(item, S.id_name));
        if (PyErr_Occurred() || !(meta = record_meta(item)))
            goto done;
    } else {
        int is_document = PyObject_IsInstance(item, S.Document);
        if (is_document < 0)
            goto done;
        if (!is_document) {
            snprintf(buf, sizeof buf, "expected a str, bytes, dict or whosaid.Document, not %.20s",
                     Py_TYPE(item)->tp_name);
            rc = input_fail(in, nm, WS_ERR_INPUT, buf);
            goto done;
        }
        if (!(text = PyObject_GetAttr(item, S.text_name)) || !(id = PyObject_GetAttr(item, S.id_name)) ||
            !(origin = PyObject_GetAttr(item, S.origin_name)) || !(meta = PyObject_GetAttr(item, S.meta_name)))
            goto done;
    }
    if (id_arg && id_arg != Py_None)
        Py_XSETREF(id, Py_NewRef(id_arg));
    if (origin_arg && origin_arg != Py_None)
        Py_XSETREF(origin, Py_NewRef(origin_arg));
    if (meta_arg && meta_arg != Py_None)
        Py_XSETREF(meta, Py_NewRef(meta_arg));

    if (origin && origin != Py_None) {
        if (!PyUnicode_Check(origin)) {
            rc = input_fail(in, nm, WS_ERR_INPUT, "\"origin\" must be a string");
            goto done;
        }
        char *copy = utf8_copy(origin);
        if (!copy) {
            rc = input_fail_from_exception(in, nm, WS_ERR_INPUT, "\"origin\" is not valid Unicode");
            goto done;
        }
        free(in->origin);
        in->doc.origin = in->origin = copy;
    }
    /* In a record, as in JSON, a null id or text is there and wrong; a
     * Document's None is its default: not given. */
    if (id && (id != Py_None || is_record)) {
        int taken = take_id(in, id);
        if (taken < 0) {
            rc = input_fail_from_exception(in, nm, WS_ERR_INPUT, "\"id\" is not valid Unicode");
            goto done;
        }
        if (taken > 0) {
            rc = input_fail(in, nm, WS_ERR_JSON, "\"id\" must be a string or an integer");
            goto done;
        }
    }
    if (!text || (text == Py_None && !is_record)) {
        rc = input_fail(in, nm, WS_ERR_JSON, is_record ? "no \"text\" field" : "no text");
        goto done;
    }
    if ((rc = take_text(in, nm, text)) != 0) {
        if (rc > 0)
            rc = input_fail(in, nm, WS_ERR_JSON, "\"text\" must be a string");
        goto done;
    }
    if (in->has_failed)
        goto done;
    if (meta && meta != Py_None) {
        if (!PyDict_Check(meta)) {
            rc = input_fail(in, nm, WS_ERR_JSON, "metadata must be a dict");
            goto done;
        }
        /* A copy: the result's metadata is not the caller's dict. */
        if (!(in->meta = PyDict_Copy(meta)))
            goto done;
    }
    rc = take_meta(in, nm);
done:
    Py_XDECREF(text);
    Py_XDECREF(id);
    Py_XDECREF(origin);
    Py_XDECREF(meta);
    return rc;
}

/* Makes the result of a failed document: the record the command line
 * writes for it. */
static PyObject *failed_result(ExtractorObject *owner, doc_input *in)
{
    ws_result *res = NULL;
    ws_status status = ws_result_new_failed(&in->doc, &in->failed, &res);

    if (status != WS_OK) {
        ws_error err;
        set_ws_error(&err, status, NULL, 0, "");
        return raise_ws_error(&err);
    }
    return result_object(owner, res, NULL);
}

/* ---------------------------------------------------------------------- */
/* Extractor methods. */

static int extractor_ready(ExtractorObject *self)
{
    if (self->ex)
        return 1;
    PyErr_SetString(PyExc_RuntimeError, "the extractor has no gazetteers (its __init__ did not run)");
    return 0;
}

typedef ws_status (*folder_loader)(ws_gazetteer *gaz, const char *dir, ws_error *err);

/* Loads each folder of a sequence in order with load (GIL released); an
 * error without a file is about the folder. 0, or -1 with err filled or a
 * Python exception set (err->status WS_OK). */
static int load_folders(ws_gazetteer *gaz, PyObject *folders, folder_loader load, ws_error *err)
{
    PyObject *seq = PySequence_Fast(folders, "folders must be a sequence of folder names");
    ws_status status = WS_OK;

    if (!seq)
        return -1;
    for (Py_ssize_t i = 0; status == WS_OK && i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *path = PyOS_FSPath(PySequence_Fast_GET_ITEM(seq, i)), *bytes = NULL;
        if (!path || !PyUnicode_FSConverter(path, &bytes)) {
            Py_XDECREF(path);
            Py_DECREF(seq);
            return -1;
        }
        const char *dir = PyBytes_AS_STRING(bytes);
        Py_BEGIN_ALLOW_THREADS
        status = load(gaz, dir, err);
        Py_END_ALLOW_THREADS
        if (status != WS_OK && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", dir);
        Py_DECREF(bytes);
        Py_DECREF(path);
    }
    Py_DECREF(seq);
    return status == WS_OK ? 0 : -1;
}

static int extractor_init(ExtractorObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"gazetteers", "lexicon", "max_doc_size", "max_quote_size", "indirect", NULL};
    PyObject *gazetteers, *lexicon;
    Py_ssize_t max_doc = 0, max_quote = 0;
    int indirect = 0;
    ws_options opt;
    ws_error err;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|nnp:Extractor", keywords, &gazetteers, &lexicon,
                                     &max_doc, &max_quote, &indirect))
        return -1;
    if (self->gaz) {
        PyErr_SetString(PyExc_RuntimeError, "an Extractor is initialised once");
        return -1;
    }
    if (max_doc < 0 || max_quote < 0) {
        PyErr_SetString(PyExc_ValueError, "sizes are numbers of bytes, 0 or more (0: the default)");
        return -1;
    }
    ws_options_default(&opt);
    if (max_doc)
        opt.max_document_bytes = (size_t)max_doc;
    if (max_quote)
        opt.max_quote_bytes = (size_t)max_quote;
    opt.indirect = indirect;
    if (ws_gazetteer_new(&self->gaz) != WS_OK) {
        PyErr_NoMemory();
        return -1;
    }
    /* the gazetteers, then the word lists, as the command line loads them */
    ws_error_clear(&err);
    if (load_folders(self->gaz, gazetteers, ws_gazetteer_load_dir, &err) != 0 ||
        load_folders(self->gaz, lexicon, ws_gazetteer_load_lexicon, &err) != 0 ||
        ws_extractor_new(&self->ex, self->gaz, &opt, &err) != WS_OK) {
        ws_extractor_free(self->ex);
        self->ex = NULL;
        if (!PyErr_Occurred())
            raise_ws_error(&err);
        return -1;
    }
    return 0;
}

static void extractor_dealloc(ExtractorObject *self)
{
    ws_extractor_free(self->ex);
    ws_gazetteer_free(self->gaz);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *extractor_extract(ExtractorObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"item", "id", "origin", "meta", NULL};
    PyObject *item, *id = NULL, *origin = NULL, *meta = NULL;
    naming nm = {NULL, NULL, 1};
    doc_input in;
    ws_result *res = NULL;
    ws_error err;
    ws_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOO:extract", keywords, &item, &id, &origin, &meta) ||
        !extractor_ready(self))
        return NULL;
    /* One call with the wrong thing is a mistake to show at once; in
     * extract_many it is a failed document, so that the run goes on. */
    if (!PyUnicode_Check(item) && !PyBytes_Check(item) && !PyDict_Check(item)) {
        int is_document = PyObject_IsInstance(item, S.Document);
        if (is_document <= 0) {
            if (is_document == 0)
                PyErr_Format(PyExc_TypeError, "extract() takes a str, bytes, dict or whosaid.Document, not %.80s",
                             Py_TYPE(item)->tp_name);
            return NULL;
        }
    }
    if (input_prepare(&in, item, &nm, id, origin, meta) != 0) {
        input_clear(&in);
        return NULL;
    }
    if (in.has_failed) {
        PyObject *failed = failed_result(self, &in);
        input_clear(&in);
        return failed;
    }
    ws_error_clear(&err);
    Py_BEGIN_ALLOW_THREADS
    status = ws_extract(self->ex, &in.doc, &res, &err);
    Py_END_ALLOW_THREADS
    if (!res) {
        input_clear(&in);
        return status == WS_OK ? PyErr_NoMemory() : raise_ws_error(&err);
    }
    PyObject *result = result_object(self, res, in.meta);
    input_clear(&in);
    return result;
}

/* ---------------------------------------------------------------------- */
/* extract_many: an iterator over results in input order. Documents wait
 * in a ring of JOBS_PER_THREAD per thread; jobs - 1 workers extract, and
 * the calling thread, which reads the input and makes the Python objects,
 * extracts the next waiting document itself whenever the oldest is not
 * done yet, so that jobs threads share jobs cores (as the command line's
 * -j does). With jobs = 1 there are no workers. */

typedef struct job {
    doc_input in;
    ws_result *res;
    ws_status status;
    ws_error err;
    int done;
} job;

typedef struct {
    PyObject_HEAD
    ExtractorObject *owner;
    PyObject *source;           /* the items' iterator; NULL once exhausted */
    PyObject *source_error;     /* what reading it raised, raised after the last result */
    char *name, *stem;
    unsigned long long count;   /* items read */
    job *ring;
    size_t cap;
    unsigned long long head, next, tail; /* next to hand out, to extract, to fill */
    pthread_t *threads;
    unsigned nthreads;
    int sync_ready;             /* lock and conditions initialised */
    pthread_mutex_t lock;
    pthread_cond_t work, finished;
    int stopping;               /* workers end; jobs not started stay undone */
    int busy;                   /* inside __next__, which releases the GIL */
} BatchObject;

static PyTypeObject BatchType;

static void job_run(ExtractorObject *owner, job *j)
{
    if (!j->in.has_failed) {
        ws_error_clear(&j->err);
        j->status = ws_extract(owner->ex, &j->in.doc, &j->res, &j->err);
    }
}

static void *batch_worker(void *arg)
{
    BatchObject *b = arg;

    pthread_mutex_lock(&b->lock);
    for (;;) {
        while (!b->stopping && b->next == b->tail)
            pthread_cond_wait(&b->work, &b->lock);
        if (b->stopping)
            break;
        job *j = &b->ring[b->next++ % b->cap];
        pthread_mutex_unlock(&b->lock);
        job_run(b->owner, j);
        pthread_mutex_lock(&b->lock);
        j->done = 1;
        if (j == &b->ring[b->head % b->cap]) /* the calling thread waits for the oldest only */
            pthread_cond_signal(&b->finished);
    }
    pthread_mutex_unlock(&b->lock);
    return NULL;
}

/* Ends the workers; they finish the document they hold. Needs the GIL for
 * clearing the jobs, and keeps it: the workers never take it. */
static void batch_stop(BatchObject *b)
{
    if (b->nthreads) {
        pthread_mutex_lock(&b->lock);
        b->stopping = 1;
        pthread_cond_broadcast(&b->work);
        pthread_mutex_unlock(&b->lock);
        for (unsigned i = 0; i < b->nthreads; i++)
            pthread_join(b->threads[i], NULL);
        b->nthreads = 0;
    }
    for (; b->ring && b->head < b->tail; b->head++) {
        job *j = &b->ring[b->head % b->cap];
        ws_result_free(j->res);
        input_clear(&j->in);
        memset(j, 0, sizeof *j);
    }
}

static int batch_traverse(BatchObject *b, visitproc visit, void *arg)
{
    Py_VISIT(b->owner);
    Py_VISIT(b->source);
    Py_VISIT(b->source_error);
    for (unsigned long long i = b->head; b->ring && i < b->tail; i++)
        Py_VISIT(b->ring[i % b->cap].in.meta);
    return 0;
}

static int batch_clear(BatchObject *b)
{
    batch_stop(b);
    Py_CLEAR(b->source);
    Py_CLEAR(b->source_error);
    return 0;
}

static void batch_dealloc(BatchObject *b)
{
    PyObject_GC_UnTrack(b);
    batch_clear(b);
    if (b->sync_ready) {
        pthread_mutex_destroy(&b->lock);
        pthread_cond_destroy(&b->work);
        pthread_cond_destroy(&b->finished);
    }
    Py_CLEAR(b->owner); /* after the jobs' results are gone */
    free(b->ring);
    free(b->threads);
    free(b->name);
    free(b->stem);
    PyObject_GC_Del(b);
}

static PyObject *extractor_extract_many(ExtractorObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"items", "jobs", "name", "stem", NULL};
    PyObject *items;
    int jobs = 1;
    const char *name = "items", *stem = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$iss:extract_many", keywords, &items, &jobs, &name,
                                     &stem) ||
        !extractor_ready(self))
        return NULL;
    if (jobs < 0 || jobs > 1024) {
        PyErr_SetString(PyExc_ValueError, "jobs is 0 to 1024 (0: one per core)");
        return NULL;
    }
    if (jobs == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 1 ? (int)(cores < 1024 ? cores : 1024) : 1;
    }
    BatchObject *b = PyObject_GC_New(BatchObject, &BatchType);
    if (!b)
        return NULL;
    memset((char *)b + sizeof(PyObject), 0, sizeof *b - sizeof(PyObject));
    b->owner = (ExtractorObject *)Py_NewRef(self);
    b->cap = (size_t)jobs * JOBS_PER_THREAD;
    if (jobs == 1)
        b->cap = 1; /* one document at a time, extracted when asked for */
    b->name = copy_text(name, strlen(name));
    b->stem = copy_text(stem ? stem : name, strlen(stem ? stem : name));
    b->ring = calloc(b->cap, sizeof *b->ring);
    if (!b->name || !b->stem || !b->ring) {
        Py_DECREF(b);
        return PyErr_NoMemory();
    }
    PyObject_GC_Track(b);
    if (!(b->source = PyObject_GetIter(items))) {
        Py_DECREF(b);
        return NULL;
    }
    if (jobs > 1) {
        if (!(b->threads = calloc((size_t)jobs - 1, sizeof *b->threads))) {
            Py_DECREF(b);
            return PyErr_NoMemory();
        }
        if (pthread_mutex_init(&b->lock, NULL) != 0) {
            Py_DECREF(b);
            return PyErr_NoMemory();
        }
        if (pthread_cond_init(&b->work, NULL) != 0 || pthread_cond_init(&b->finished, NULL) != 0) {
            /* not worth telling which one failed: neither is ever expected to */
            pthread_mutex_destroy(&b->lock);
            Py_DECREF(b);
            return PyErr_NoMemory();
        }
        b->sync_ready = 1;
        /* Workers are born with every signal blocked, so that Python's main
         * thread is the one signals (Ctrl-C) reach. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        for (int i = 0; i + 1 < jobs; i++) {
            if (pthread_create(&b->threads[i], NULL, batch_worker, b) != 0)
                break; /* fewer workers still work */
            b->nthreads++;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    return (PyObject *)b;
}

/* Reads items until the ring is full or the input ends; 0, or -1 with an
 * exception set when memory ran out. An exception from the input is kept
 * and raised once the results before it are handed out. */
static int batch_fill(BatchObject *b)
{
    naming nm = {b->name, b->stem, 0};

    while (b->source && b->tail - b->head < b->cap) {
        PyObject *item = PyIter_Next(b->source);
        if (!item) {
            if (PyErr_Occurred())
                b->source_error = take_exception();
            Py_CLEAR(b->source);
            break;
        }
        job *j = &b->ring[b->tail % b->cap];
        nm.n = ++b->count;
        int rc = input_prepare(&j->in, item, &nm, NULL, NULL, NULL);
        Py_DECREF(item);
        if (rc != 0) {
            input_clear(&j->in);
            return -1;
        }
        if (b->nthreads) {
            pthread_mutex_lock(&b->lock);
            b->tail++;
            pthread_cond_signal(&b->work);
            pthread_mutex_unlock(&b->lock);
        } else {
            b->tail++;
        }
    }
    return 0;
}

/* Waits for the oldest job, extracting waiting ones meanwhile; GIL released. */
static void batch_wait_oldest(BatchObject *b)
{
    job *oldest = &b->ring[b->head % b->cap];

    if (!b->nthreads) {
        b->next++;
        job_run(b->owner, oldest);
        oldest->done = 1;
        return;
    }
    pthread_mutex_lock(&b->lock);
    while (!oldest->done) {
        if (b->next < b->tail) {
            job *j = &b->ring[b->next++ % b->cap];
            pthread_mutex_unlock(&b->lock);
            job_run(b->owner, j);
            pthread_mutex_lock(&b->lock);
            j->done = 1;
        } else {
            pthread_cond_wait(&b->finished, &b->lock);
        }
    }
    pthread_mutex_unlock(&b->lock);
}

/* The next result: reads the input ahead, waits for the oldest document
 * and makes its objects. */
static PyObject *batch_take(BatchObject *b)
{
    if (batch_fill(b) != 0)
        return NULL;
    if (b->head == b->tail) {
        if (b->source_error) {
            PyObject *exc = b->source_error;
            b->source_error = NULL;
            PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
            Py_DECREF(exc);
        }
        return NULL; /* StopIteration */
    }
    job *oldest = &b->ring[b->head % b->cap];
    Py_BEGIN_ALLOW_THREADS
    batch_wait_oldest(b);
    Py_END_ALLOW_THREADS

    PyObject *result;
    ws_result *res = oldest->res;
    oldest->res = NULL;
    if (oldest->in.has_failed)
        result = failed_result(b->owner, &oldest->in);
    else if (!res)
        result = oldest->status == WS_OK ? PyErr_NoMemory() : raise_ws_error(&oldest->err);
    else
        result = result_object(b->owner, res, oldest->in.meta);
    input_clear(&oldest->in);
    memset(oldest, 0, sizeof *oldest);
    if (b->nthreads) {
        pthread_mutex_lock(&b->lock); /* workers read head to know whom to wake */
        b->head++;
        pthread_mutex_unlock(&b->lock);
    } else {
        b->head++;
    }
    return result;
}

static PyObject *batch_next(BatchObject *b)
{
    /* Reading the input and waiting release the GIL: another thread must
     * not step the same iterator meanwhile (a generator refuses the same). */
    if (b->busy) {
        PyErr_SetString(PyExc_RuntimeError, "extract_many's iterator is already running in another thread");
        return NULL;
    }
    b->busy = 1;
    PyObject *result = batch_take(b);
    b->busy = 0;
    return result;
}

static PyTypeObject BatchType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "whosaid._whosaid.Batch",
    .tp_basicsize = sizeof(BatchObject),
    .tp_dealloc = (destructor)batch_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Results of Extractor.extract_many, in input order.",
    .tp_traverse = (traverseproc)batch_traverse,
    .tp_clear = (inquiry)batch_clear,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)batch_next,
};

static PyObject *extractor_counts(ExtractorObject *self, PyObject *unused)
{
    if (!extractor_ready(self))
        return NULL;
    return Py_BuildValue("(nnO)", (Py_ssize_t)ws_gazetteer_entity_count(self->gaz),
                         (Py_ssize_t)ws_gazetteer_alias_count(self->gaz),
                         ws_gazetteer_from_cache(self->gaz) & WS_CACHED_NAMES ? Py_True : Py_False);
}

static PyMethodDef extractor_methods[] = {
    {"extract", (PyCFunction)(void (*)(void))extractor_extract, METH_VARARGS | METH_KEYWORDS,
     "extract(item, *, id=None, origin=None, meta=None) -> Result"},
    {"extract_many", (PyCFunction)(void (*)(void))extractor_extract_many, METH_VARARGS | METH_KEYWORDS,
     "extract_many(items, *, jobs=1, name='items', stem=None) -> iterator of Result"},
    {"counts", (PyCFunction)extractor_counts, METH_NOARGS,
     "(entities, aliases, from_cache) of the loaded gazetteers"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ExtractorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "whosaid._whosaid.Extractor",
    .tp_basicsize = sizeof(ExtractorObject),
    .tp_dealloc = (destructor)extractor_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Extractor(gazetteers, lexicon, max_doc_size=0, max_quote_size=0, indirect=False): the "
              "gazetteer and word-list folders loaded in order, and a ws_extractor over them.",
    .tp_methods = extractor_methods,
    .tp_init = (initproc)extractor_init,
    .tp_new = PyType_GenericNew,
};

/* ---------------------------------------------------------------------- */
/* The quote database. A ws_db belongs to one thread at a time: every call
 * keeps the GIL, which serialises them. */

typedef struct {
    PyObject_HEAD
    ws_db *db;
} DBObject;

static int db_init(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"path", NULL};
    PyObject *path = NULL;
    ws_error err;
    ws_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&:QuoteDB", keywords, PyUnicode_FSConverter, &path))
        return -1;
    if (self->db) {
        Py_DECREF(path);
        PyErr_SetString(PyExc_RuntimeError, "a QuoteDB is opened once");
        return -1;
    }
    ws_error_clear(&err);
    status = ws_db_open(&self->db, PyBytes_AS_STRING(path), &err);
    Py_DECREF(path);
    if (status != WS_OK) {
        raise_ws_error(&err);
        return -1;
    }
    return 0;
}

static void db_dealloc(DBObject *self)
{
    ws_db_close(self->db);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int db_ready(DBObject *self)
{
    if (self->db)
        return 1;
    PyErr_SetString(PyExc_ValueError, "the quote database is closed");
    return 0;
}

static PyObject *db_close(DBObject *self, PyObject *unused)
{
    ws_db_close(self->db);
    self->db = NULL;
    Py_RETURN_NONE;
}

static PyObject *db_status(ws_status status, const ws_error *err)
{
    if (status != WS_OK)
        return raise_ws_error(err);
    Py_RETURN_NONE;
}

static PyObject *db_begin(DBObject *self, PyObject *unused)
{
    ws_error err;

    if (!db_ready(self))
        return NULL;
    ws_error_clear(&err);
    return db_status(ws_db_begin(self->db, &err), &err);
}

static PyObject *db_commit(DBObject *self, PyObject *unused)
{
    ws_error err;

    if (!db_ready(self))
        return NULL;
    ws_error_clear(&err);
    return db_status(ws_db_commit(self->db, &err), &err);
}

/* Stores a result's native part; returns the ws_db_change. */
static PyObject *db_add(DBObject *self, PyObject *arg)
{
    ws_db_change change;
    ws_error err;

    if (!db_ready(self))
        return NULL;
    if (!PyObject_TypeCheck(arg, &NativeType)) {
        PyErr_SetString(PyExc_TypeError, "add() takes a Result's native part");
        return NULL;
    }
    ws_error_clear(&err);
    if (ws_db_add(self->db, ((NativeObject *)arg)->res, &change, &err) != WS_OK)
        return raise_ws_error(&err);
    return PyLong_FromLong((long)change);
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
    ARG(&a, str_or_none(q->doc));
    ARG(&a, str_or_none(q->date));
    ARG(&a, str_or_none(q->source));
    ARG(&a, str_or_none(q->url));
    ARG(&a, str_or_none(q->title));
    ARG(&a, str_or_none(q->quote_id));
    ARG(&a, str_or_none(q->speaker));
    ARG(&a, str_or_none(q->speaker_id));
    ARG(&a, str_or_none(q->speaker_text));
    ARG(&a, str_or_none(q->cue));
    ARG(&a, str_or_none(q->kind));
    ARG(&a, PyFloat_FromDouble(strtod(confidence, NULL)));
    ARG(&a, PyLong_FromLongLong(q->cluster));
    ARG(&a, str_or_none(q->text));
    PyObject *row = make(&S.QuoteRow, &a);
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
        return r->failed ? NULL : raise_ws_error(err);
    }
    return r->list;
}

static PyObject *db_search(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"text", "speaker", "about", "since", "until", "limit", "names", NULL};
    ws_db_query q = {0};
    Py_ssize_t limit = 0;
    PyObject *names = Py_None;
    rows r = {NULL, 0};
    ws_error err;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|zzzzznO:search", keywords, &q.text, &q.speaker,
                                     &q.about, &q.since, &q.until, &limit, &names) ||
        !db_ready(self))
        return NULL;
    if (names != Py_None) {
        if (!PyObject_TypeCheck(names, &ExtractorType) || !extractor_ready((ExtractorObject *)names)) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_TypeError, "names must be an Extractor");
            return NULL;
        }
        q.names = ((ExtractorObject *)names)->ex;
    }
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit is 0 (all) or more");
        return NULL;
    }
    q.limit = (size_t)limit;
    if (!(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    return rows_done(&r, ws_db_search(self->db, &q, keep_quote_row, &r, &err), &err);
}

static PyObject *db_who_said(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"text", "limit", NULL};
    const char *text;
    Py_ssize_t limit = 10;
    rows r = {NULL, 0};
    ws_error err;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "s|n:who_said", keywords, &text, &limit) ||
        !db_ready(self))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit is 0 (all) or more");
        return NULL;
    }
    if (!(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    return rows_done(&r, ws_db_who_said(self->db, text, (size_t)limit, keep_quote_row, &r, &err), &err);
}

static PyObject *db_stats(DBObject *self, PyObject *unused)
{
    ws_db_stats st;
    ws_error err;

    if (!db_ready(self))
        return NULL;
    ws_error_clear(&err);
    if (ws_db_get_stats(self->db, &st, &err) != WS_OK)
        return raise_ws_error(&err);
    return Py_BuildValue("(LLLLLLL)", st.documents, st.failed, st.entities, st.mentions, st.quotes,
                         st.clusters, st.speakers);
}

static int keep_speaker(const char *id, const char *name, long long quotes, void *ctx)
{
    rows *r = ctx;
    PyObject *a = str_or_none(id), *b = a ? str_or_none(name) : NULL, *c = b ? PyLong_FromLongLong(quotes) : NULL;
    PyObject *row = c ? PyTuple_Pack(3, a, b, c) : NULL;

    if (!row || PyList_Append(r->list, row) != 0)
        r->failed = 1;
    Py_XDECREF(row);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return r->failed;
}

static PyObject *db_top_speakers(DBObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"limit", NULL};
    Py_ssize_t limit = 10;
    rows r = {NULL, 0};
    ws_error err;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|n:top_speakers", keywords, &limit) || !db_ready(self))
        return NULL;
    if (limit < 0) {
        PyErr_SetString(PyExc_ValueError, "limit is 0 (all) or more");
        return NULL;
    }
    if (!(r.list = PyList_New(0)))
        return NULL;
    ws_error_clear(&err);
    return rows_done(&r, ws_db_top_speakers(self->db, (size_t)limit, keep_speaker, &r, &err), &err);
}

static PyObject *db_export_csv(DBObject *self, PyObject *arg)
{
    PyObject *path = NULL;
    ws_error err;
    ws_status status;

    if (!db_ready(self) || !PyUnicode_FSConverter(arg, &path))
        return NULL;
    ws_error_clear(&err);
    status = ws_db_export_csv(self->db, PyBytes_AS_STRING(path), &err);
    Py_DECREF(path);
    return db_status(status, &err);
}

static PyMethodDef db_methods[] = {
    {"close", (PyCFunction)db_close, METH_NOARGS, "Closes the database; an open batch is rolled back."},
    {"begin", (PyCFunction)db_begin, METH_NOARGS, "Begins a batch (one transaction)."},
    {"commit", (PyCFunction)db_commit, METH_NOARGS, "Commits the batch."},
    {"add", (PyCFunction)db_add, METH_O, "add(native) -> 0 unchanged, 1 added, 2 replaced"},
    {"search", (PyCFunction)(void (*)(void))db_search, METH_VARARGS | METH_KEYWORDS,
     "search(text=None, speaker=None, about=None, since=None, until=None, limit=0, names=None) -> [QuoteRow]"},
    {"who_said", (PyCFunction)(void (*)(void))db_who_said, METH_VARARGS | METH_KEYWORDS,
     "who_said(text, limit=10) -> [QuoteRow]"},
    {"stats", (PyCFunction)db_stats, METH_NOARGS,
     "(documents, failed, entities, mentions, quotes, clusters, speakers)"},
    {"top_speakers", (PyCFunction)(void (*)(void))db_top_speakers, METH_VARARGS | METH_KEYWORDS,
     "top_speakers(limit=10) -> [(id, name, quotes)]"},
    {"export_csv", (PyCFunction)db_export_csv, METH_O, "export_csv(dir): the four tables of extract -f csv"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DBType = {
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

/* ---------------------------------------------------------------------- */
/* The module. */

static PyObject *module_version(PyObject *module, PyObject *unused)
{
    return PyUnicode_FromString(ws_version());
}

static PyMethodDef module_methods[] = {
    {"version", module_version, METH_NOARGS, "The version of libwhosaid linked in."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "whosaid._whosaid",
    .m_doc = "The C half of whosaid, over libwhosaid's public API (whosaid.h).",
    .m_size = -1,
    .m_methods = module_methods,
};

#ifdef Py_T_OBJECT_EX
#define SLOT_MEMBER Py_T_OBJECT_EX
#else
#define SLOT_MEMBER T_OBJECT_EX
#endif

/* Loads a record class and decides whether its instances can be filled in
 * here (see record_class): a NamedTuple, or a class whose __init__
 * parameters (__match_args__) are all plain slots, with no __post_init__. */
static int load_record_class(record_class *rc, PyObject *module, const char *name)
{
    PyObject *fields;

    if (!(rc->cls = PyObject_GetAttrString(module, name)))
        return -1;
    if (!PyType_Check(rc->cls)) {
        PyErr_Format(PyExc_TypeError, "whosaid._records.%s is not a class", name);
        return -1;
    }
    if (!(fields = PyObject_GetAttrString(rc->cls, "__match_args__")))
        return -1;
    int fast = PyTuple_Check(fields) && PyTuple_GET_SIZE(fields) <= MAX_FIELDS &&
               !PyObject_HasAttrString(rc->cls, "__post_init__");
    rc->fields = fast ? (size_t)PyTuple_GET_SIZE(fields) : 0;
    rc->is_tuple = PyType_IsSubtype((PyTypeObject *)rc->cls, &PyTuple_Type);
    for (size_t i = 0; fast && !rc->is_tuple && i < rc->fields; i++) {
        PyObject *descr = PyObject_GetAttr(rc->cls, PyTuple_GET_ITEM(fields, (Py_ssize_t)i));
        if (!descr) {
            Py_DECREF(fields);
            return -1;
        }
        PyMemberDef *member = Py_IS_TYPE(descr, &PyMemberDescr_Type) ? ((PyMemberDescrObject *)descr)->d_member : NULL;
        fast = member && member->type == SLOT_MEMBER && !(member->flags & READONLY) && member->offset > 0;
        rc->offsets[i] = fast ? member->offset : -1;
        Py_DECREF(descr);
    }
    Py_DECREF(fields);
    rc->fast = fast;
    return 0;
}

static int intern_strings(void)
{
    static const ws_entity_type types[] = {WS_PERSON, WS_PLACE, WS_ORG};
    static const ws_quote_kind kinds[] = {WS_QUOTE_DIRECT, WS_QUOTE_PARTIAL, WS_QUOTE_OTHER, WS_QUOTE_INDIRECT};

    for (size_t i = 0; i < 3; i++)
        if (!(S.entity_type[types[i]] = PyUnicode_InternFromString(ws_entity_type_str(types[i]))))
            return -1;
    for (size_t i = 0; i < 4; i++)
        if (!(S.quote_kind[kinds[i]] = PyUnicode_InternFromString(ws_quote_kind_str(kinds[i]))))
            return -1;
    /* WS_METHOD_NONE has no name: it stays NULL, which is None */
    for (int m = WS_METHOD_EXPLICIT; m <= WS_METHOD_COLON; m++)
        if (!(S.quote_method[m] = PyUnicode_InternFromString(ws_quote_method_str((ws_quote_method)m))))
            return -1;
    return (S.gazetteer = PyUnicode_InternFromString("gazetteer")) &&
                   (S.discovered = PyUnicode_InternFromString("discovered")) &&
                   (S.male = PyUnicode_InternFromString("m")) && (S.female = PyUnicode_InternFromString("f")) &&
                   (S.id_name = PyUnicode_InternFromString("id")) &&
                   (S.text_name = PyUnicode_InternFromString("text")) &&
                   (S.origin_name = PyUnicode_InternFromString("origin")) &&
                   (S.meta_name = PyUnicode_InternFromString("meta"))
               ? 0
               : -1;
}

/* json.dumps(meta, ensure_ascii=False, separators=(",", ":"), allow_nan=False):
 * compact UTF-8, as the command line passes a JSON line's fields on. */
static int load_json_dumps(void)
{
    PyObject *json = PyImport_ImportModule("json");

    if (!json)
        return -1;
    S.json_dumps = PyObject_GetAttrString(json, "dumps");
    Py_DECREF(json);
    if (!S.json_dumps)
        return -1;
    S.dumps_options = Py_BuildValue("{s:O, s:(ss), s:O}", "ensure_ascii", Py_False, "separators", ",", ":",
                                    "allow_nan", Py_False);
    return S.dumps_options ? 0 : -1;
}

PyMODINIT_FUNC PyInit__whosaid(void)
{
    static const char *const record_names[] = {"Result", "Entity", "Mention", "Alternative", "Quote",
                                               "Span", "WarningInfo", "ErrorInfo", "QuoteRow"};
    record_class *record_classes[] = {&S.Result, &S.Entity, &S.Mention, &S.Alternative, &S.Quote,
                                      &S.Span, &S.WarningInfo, &S.ErrorInfo, &S.QuoteRow};
    PyObject *module = NULL, *records = NULL, *errors = NULL;

    if (PyType_Ready(&ExtractorType) < 0 || PyType_Ready(&NativeType) < 0 || PyType_Ready(&BatchType) < 0 ||
        PyType_Ready(&DBType) < 0)
        return NULL;
    if (!(records = PyImport_ImportModule("whosaid._records")) ||
        !(errors = PyImport_ImportModule("whosaid._errors")))
        goto done;
    for (size_t i = 0; i < sizeof record_classes / sizeof *record_classes; i++)
        if (load_record_class(record_classes[i], records, record_names[i]) != 0)
            goto done;
    if (!(S.Document = PyObject_GetAttrString(records, "Document")) ||
        !(S.error_class = PyObject_GetAttrString(errors, "error_class")) || intern_strings() != 0 ||
        load_json_dumps() != 0 || !(module = PyModule_Create(&module_def)))
        goto done;
    if (PyModule_AddObjectRef(module, "Extractor", (PyObject *)&ExtractorType) < 0 ||
        PyModule_AddObjectRef(module, "Native", (PyObject *)&NativeType) < 0 ||
        PyModule_AddObjectRef(module, "DB", (PyObject *)&DBType) < 0 ||
        PyModule_AddStringConstant(module, "GAZETTEER_INSTALL_DIR", WS_GAZETTEER_INSTALL_DIR) < 0 ||
        PyModule_AddStringConstant(module, "GAZETTEER_SOURCE_DIR", WS_GAZETTEER_SOURCE_DIR) < 0 ||
        PyModule_AddStringConstant(module, "LEXICON_INSTALL_DIR", WS_LEXICON_INSTALL_DIR) < 0 ||
        PyModule_AddStringConstant(module, "LEXICON_SOURCE_DIR", WS_LEXICON_SOURCE_DIR) < 0)
        Py_CLEAR(module);
done:
    Py_XDECREF(records);
    Py_XDECREF(errors);
    return module;
}
