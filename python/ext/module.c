/*
 * module.c - the module whosaid._whosaid: imports the record classes and
 * exceptions of whosaid/_records.py and _errors.py once, makes the strings
 * it hands out again and again, and turns the library's errors into
 * whosaid.Error subclasses. The package's Python files say what every
 * object means; ext.h lists the other files.
 */
#include "ext.h"

#include <structmember.h>
#include <stdio.h>
#include <string.h>

#include "ws_config.h"

PyMODINIT_FUNC PyInit__whosaid(void);

pyws_state pyws;

PyObject *pyws_call_with(PyObject *callable, arglist *a)
{
    PyObject *obj = a->failed ? NULL : PyObject_Vectorcall(callable, a->v, a->n, NULL);

    for (size_t i = 0; i < a->n; i++)
        Py_XDECREF(a->v[i]);
    return obj;
}

PyObject *pyws_decode(const char *s, size_t len)
{
    /* Ids and messages may come from outside the library's own data and
     * be cut in the middle of a character: replaced, as the JSON writer does. */
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "replace");
}

PyObject *pyws_str_or_none(const char *s)
{
    return s ? pyws_decode(s, strlen(s)) : Py_NewRef(Py_None);
}

/* "" and 0 and -1 mean "does not apply" in a ws_error: None in Python. */
PyObject *pyws_text_or_none(const char *s)
{
    return s && s[0] ? pyws_decode(s, strlen(s)) : Py_NewRef(Py_None);
}

PyObject *pyws_line_or_none(unsigned long line)
{
    return line ? PyLong_FromUnsignedLong(line) : Py_NewRef(Py_None);
}

PyObject *pyws_byte_or_none(long long byte)
{
    return byte >= 0 ? PyLong_FromLongLong(byte) : Py_NewRef(Py_None);
}

/* Raises the whosaid.Error subclass of err's status; returns NULL. */
PyObject *pyws_raise_error(const ws_error *err)
{
    if (err->status == WS_ERR_NOMEM && !err->message[0])
        return PyErr_NoMemory();
    PyObject *cls = PyObject_CallFunction(pyws.error_class, "i", (int)err->status);
    if (!cls)
        return NULL;
    arglist a = {0};
    ARG(&a, pyws_decode(err->message, strlen(err->message)));
    ARG(&a, pyws_text_or_none(err->file));
    ARG(&a, pyws_line_or_none(err->line));
    ARG(&a, pyws_byte_or_none(err->byte));
    ARG(&a, pyws_str_or_none(ws_status_str(err->status)));
    PyObject *exc = pyws_call_with(cls, &a);
    if (exc) {
        PyErr_SetObject(cls, exc);
        Py_DECREF(exc);
    }
    Py_DECREF(cls);
    return NULL;
}

/* Takes the pending exception out, normalised with its traceback. */
PyObject *pyws_take_exception(void)
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
void pyws_set_error(ws_error *err, ws_status status, const char *file, unsigned long line,
                         const char *message)
{
    ws_error_clear(err);
    err->status = status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    snprintf(err->message, sizeof err->message, "%s", message);
}

char *pyws_copy_text(const char *s, size_t len)
{
    char *c = malloc(len + 1);

    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

static PyObject *module_version(PyObject *module, PyObject *unused)
{
    return PyUnicode_FromString(ws_version());
}

/* The date of a document's metadata (a JSON object, or None) as the CSV
 * tables and the database read it: ISO 8601, or None when it has none. */
static PyObject *module_document_date(PyObject *module, PyObject *meta)
{
    const char *meta_json = NULL;
    char iso[WS_DATE_SIZE];
    ws_error err;

    if (meta != Py_None && !(meta_json = PyUnicode_AsUTF8(meta)))
        return NULL;
    ws_error_clear(&err);
    if (ws_document_date(meta_json, iso, &err) != WS_OK)
        return pyws_raise_error(&err);
    return pyws_text_or_none(iso);
}

static PyMethodDef module_methods[] = {
    {"version", module_version, METH_NOARGS, "The version of libwhosaid linked in."},
    {"document_date", module_document_date, METH_O,
     "document_date(meta_json) -> the ISO 8601 date of the metadata, or None (ws_document_date)"},
    {"read_page", (PyCFunction)(void (*)(void))pyws_read_page, METH_VARARGS | METH_KEYWORDS,
     "read_page(html, url=None) -> Page"},
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
        if (!(pyws.entity_type[types[i]] = PyUnicode_InternFromString(ws_entity_type_str(types[i]))))
            return -1;
    for (size_t i = 0; i < 4; i++)
        if (!(pyws.quote_kind[kinds[i]] = PyUnicode_InternFromString(ws_quote_kind_str(kinds[i]))))
            return -1;
    /* WS_METHOD_NONE has no name: it stays NULL, which is None */
    for (int m = WS_METHOD_EXPLICIT; m <= WS_METHOD_COLON; m++)
        if (!(pyws.quote_method[m] = PyUnicode_InternFromString(ws_quote_method_str((ws_quote_method)m))))
            return -1;
    return (pyws.gazetteer = PyUnicode_InternFromString("gazetteer")) &&
                   (pyws.discovered = PyUnicode_InternFromString("discovered")) &&
                   (pyws.male = PyUnicode_InternFromString("m")) && (pyws.female = PyUnicode_InternFromString("f")) &&
                   (pyws.id_name = PyUnicode_InternFromString("id")) &&
                   (pyws.text_name = PyUnicode_InternFromString("text")) &&
                   (pyws.origin_name = PyUnicode_InternFromString("origin")) &&
                   (pyws.meta_name = PyUnicode_InternFromString("meta")) &&
                   (pyws.html_name = PyUnicode_InternFromString("html")) &&
                   (pyws.url_name = PyUnicode_InternFromString("url"))
               ? 0
               : -1;
}

/* json.dumps(meta, ensure_ascii=False, separators=(",", ":"), allow_nan=False):
 * compact UTF-8, as the command line passes a JSON line's fields on; and
 * json.loads, for a page's document's metadata. */
static int load_json(void)
{
    PyObject *json = PyImport_ImportModule("json");

    if (!json)
        return -1;
    pyws.json_dumps = PyObject_GetAttrString(json, "dumps");
    pyws.json_loads = pyws.json_dumps ? PyObject_GetAttrString(json, "loads") : NULL;
    Py_DECREF(json);
    if (!pyws.json_loads)
        return -1;
    pyws.dumps_options = Py_BuildValue("{s:O, s:(ss), s:O}", "ensure_ascii", Py_False, "separators", ",", ":",
                                    "allow_nan", Py_False);
    return pyws.dumps_options ? 0 : -1;
}

/* warnings.warn, for a page's warnings. */
static int load_warn(void)
{
    PyObject *warnings = PyImport_ImportModule("warnings");

    if (!warnings)
        return -1;
    pyws.warn = PyObject_GetAttrString(warnings, "warn");
    Py_DECREF(warnings);
    return pyws.warn ? 0 : -1;
}

PyMODINIT_FUNC PyInit__whosaid(void)
{
    static const char *const record_names[] = {"Result", "Entity", "Mention", "Alternative", "Quote",
                                               "Span", "WarningInfo", "ErrorInfo", "QuoteRow", "Page"};
    record_class *record_classes[] = {&pyws.Result, &pyws.Entity, &pyws.Mention, &pyws.Alternative, &pyws.Quote,
                                      &pyws.Span, &pyws.WarningInfo, &pyws.ErrorInfo, &pyws.QuoteRow, &pyws.Page};
    PyObject *module = NULL, *records = NULL, *errors = NULL;

    if (PyType_Ready(&pyws_extractor_type) < 0 || PyType_Ready(&pyws_native_type) < 0 ||
        PyType_Ready(&pyws_batch_type) < 0 || PyType_Ready(&pyws_db_type) < 0)
        return NULL;
    if (!(records = PyImport_ImportModule("whosaid._records")) ||
        !(errors = PyImport_ImportModule("whosaid._errors")))
        goto done;
    for (size_t i = 0; i < sizeof record_classes / sizeof *record_classes; i++)
        if (load_record_class(record_classes[i], records, record_names[i]) != 0)
            goto done;
    if (!(pyws.Document = PyObject_GetAttrString(records, "Document")) ||
        !(pyws.error_class = PyObject_GetAttrString(errors, "error_class")) ||
        !(pyws.PageWarning = PyObject_GetAttrString(errors, "PageWarning")) || intern_strings() != 0 ||
        load_json() != 0 || load_warn() != 0 || !(module = PyModule_Create(&module_def)))
        goto done;
    if (PyModule_AddObjectRef(module, "Extractor", (PyObject *)&pyws_extractor_type) < 0 ||
        PyModule_AddObjectRef(module, "Native", (PyObject *)&pyws_native_type) < 0 ||
        PyModule_AddObjectRef(module, "DB", (PyObject *)&pyws_db_type) < 0 ||
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
