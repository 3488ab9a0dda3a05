/*
 * results.c - whosaid.Result objects made straight from a ws_result: the
 * fields, names and values of the JSON Lines record, built without running
 * the dataclasses' __init__ (see record_class in ext.h), with the strings
 * that repeat from document to document made once. The Native type keeps
 * the library's result for to_json and QuoteDB.add.
 */
#include "ext.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An instance of rc with the gathered arguments as its fields; they are
 * released, or taken over by the instance. */
PyObject *pyws_make(const record_class *rc, arglist *a)
{
    if (a->failed || !rc->fast || a->n != rc->fields)
        return pyws_call_with(rc->cls, a);
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
    return pyws_make(&pyws.Span, &a);
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
    PyObject *str = pyws_decode(s, strlen(s));
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
    return interned(pyws.entity_type, 3, (size_t)type);
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
    return pyws_decode(s, strlen(s));
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
        PyObject *obj = pyws_make(&pyws.Alternative, &a);
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
        PyObject *obj = pyws_make(&pyws.Mention, &a);
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
    ARG(&a, known_string(e->gender, pyws.male, "m", pyws.female, "f"));
    ARG(&a, name_object(e->role));
    ARG(&a, known_string(e->source, pyws.gazetteer, "gazetteer", pyws.discovered, "discovered"));
    ARG(&a, size_object(e->mention_count));
    ARG(&a, alternatives_list(e));
    ARG(&a, mentions_list(res, e));
    return pyws_make(&pyws.Entity, &a);
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
    ARG(&a, interned(pyws.quote_kind, 4, (size_t)q->kind));
    ARG(&a, interned(pyws.quote_method, 8, (size_t)q->method));
    ARG(&a, confidence_object(q->confidence));
    ARG(&a, span_object(q->sentence));
    ARG(&a, span_object(q->paragraph));
    return pyws_make(&pyws.Quote, &a);
}

static PyObject *error_info_object(const ws_error *err)
{
    arglist a = {0};

    if (!err)
        return Py_NewRef(Py_None);
    ARG(&a, pyws_str_or_none(ws_status_str(err->status)));
    ARG(&a, pyws_decode(err->message, strlen(err->message)));
    ARG(&a, pyws_text_or_none(err->file));
    ARG(&a, pyws_line_or_none(err->line));
    ARG(&a, pyws_byte_or_none(err->byte));
    ARG(&a, PyLong_FromLong((long)err->status));
    return pyws_make(&pyws.ErrorInfo, &a);
}

PyObject *pyws_warning_object(const ws_warning *w)
{
    arglist a = {0};

    ARG(&a, pyws_byte_or_none(w->byte));
    ARG(&a, pyws_str_or_none(w->message));
    return pyws_make(&pyws.WarningInfo, &a);
}

static PyObject *warnings_list(const ws_result *res)
{
    size_t count = ws_result_warning_count(res);
    PyObject *list = PyList_New((Py_ssize_t)count);

    for (size_t i = 0; list && i < count; i++) {
        PyObject *obj = pyws_warning_object(ws_result_warning(res, i));
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
        return pyws_raise_error(&err);
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

/* The text of each quote's sentence(s), as quotes.csv has it: the Quote
 * objects give only its offsets, and the document's text stays here. */
static PyObject *native_sentences(NativeObject *self, PyObject *unused)
{
    size_t count = ws_result_quote_count(self->res);
    PyObject *list = PyList_New((Py_ssize_t)count);

    for (size_t i = 0; list && i < count; i++) {
        PyObject *text = span_text_or_none(self->res, ws_result_quote(self->res, i)->sentence);
        if (!text)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, text);
    }
    return list;
}

static PyMethodDef native_methods[] = {
    {"to_json", (PyCFunction)native_to_json, METH_NOARGS,
     "The library's JSON Lines record of the result, without the newline."},
    {"sentences", (PyCFunction)native_sentences, METH_NOARGS,
     "The text of each quote's sentence(s), as quotes.csv has it (None for none)."},
    {"__reduce__", (PyCFunction)native_reduce, METH_NOARGS, "Pickles as None."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject pyws_native_type = {
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
PyObject *pyws_result_object(ExtractorObject *owner, ws_result *res, PyObject *meta)
{
    NativeObject *native = PyObject_New(NativeObject, &pyws_native_type);
    arglist a = {0};

    if (!native) {
        ws_result_free(res);
        return NULL;
    }
    native->res = res;
    native->owner = (ExtractorObject *)Py_NewRef(owner);
    ARG(&a, pyws_str_or_none(ws_result_doc_id(res)));
    ARG(&a, pyws_text_or_none(ws_result_origin(res)));
    ARG(&a, meta ? Py_NewRef(meta) : PyDict_New());
    ARG(&a, size_object(ws_result_doc_len(res)));
    ARG(&a, error_info_object(ws_result_error(res)));
    ARG(&a, warnings_list(res));
    ARG(&a, entities_list(res));
    ARG(&a, quotes_list(res));
    ARG(&a, (PyObject *)native);
    return pyws_make(&pyws.Result, &a);
}
