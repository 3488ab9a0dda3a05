/*
 * documents.c - documents from Python objects: a str, bytes (a file's
 * bytes, which need not be UTF-8), a {"id", "text", ...} dict read as a
 * JSON Lines record, or a whosaid.Document. A problem with one becomes a
 * failed document, worded as the command line words it for a JSON line,
 * so that it still gets its record.
 */
#include "ext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pyws_input_clear(doc_input *in)
{
    Py_CLEAR(in->text);
    Py_CLEAR(in->meta);
    free(in->id);
    free(in->origin);
    free(in->meta_json);
    memset(in, 0, sizeof *in);
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
    pyws_set_error(&in->failed, status, nm->name ? nm->name : in->origin, nm->name ? (unsigned long)nm->n : 0,
                 message);
    return 0;
}

/* Turns the pending Python exception into a failed document, unless
 * memory ran out. */
static int input_fail_from_exception(doc_input *in, const naming *nm, ws_status status, const char *what)
{
    if (PyErr_ExceptionMatches(PyExc_MemoryError))
        return -1;
    PyObject *exc = pyws_take_exception();
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
    char *c = pyws_copy_text(utf8, (size_t)len);
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
    PyObject *json = PyObject_VectorcallDict(pyws.json_dumps, args, 1, pyws.dumps_options);
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
        if (PyUnicode_Check(key) && (PyUnicode_Compare(key, pyws.id_name) == 0 ||
                                     PyUnicode_Compare(key, pyws.text_name) == 0))
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
int pyws_input_prepare(doc_input *in, PyObject *item, const naming *nm, PyObject *id_arg,
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
        in->origin = pyws_copy_text("", 0);
        in->id = pyws_copy_text("doc", 3);
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
        text = Py_XNewRef(PyDict_GetItemWithError(item, pyws.text_name));
        id = Py_XNewRef(PyDict_GetItemWithError(item, pyws.id_name));
        if (PyErr_Occurred() || !(meta = record_meta(item)))
            goto done;
    } else {
        int is_document = PyObject_IsInstance(item, pyws.Document);
        if (is_document < 0)
            goto done;
        if (!is_document) {
            snprintf(buf, sizeof buf, "expected a str, bytes, dict or whosaid.Document, not %.20s",
                     Py_TYPE(item)->tp_name);
            rc = input_fail(in, nm, WS_ERR_INPUT, buf);
            goto done;
        }
        if (!(text = PyObject_GetAttr(item, pyws.text_name)) || !(id = PyObject_GetAttr(item, pyws.id_name)) ||
            !(origin = PyObject_GetAttr(item, pyws.origin_name)) || !(meta = PyObject_GetAttr(item, pyws.meta_name)))
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
PyObject *pyws_failed_result(ExtractorObject *owner, doc_input *in)
{
    ws_result *res = NULL;
    ws_status status = ws_result_new_failed(&in->doc, &in->failed, &res);

    if (status != WS_OK) {
        ws_error err;
        pyws_set_error(&err, status, NULL, 0, "");
        return pyws_raise_error(&err);
    }
    return pyws_result_object(owner, res, NULL);
}
