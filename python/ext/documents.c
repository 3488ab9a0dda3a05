/*
 * documents.c - documents from Python objects: a str, bytes (a file's
 * bytes, which need not be UTF-8), a {"id", "text", ...} dict read as a
 * JSON Lines record (or {"id", "html", ...}, a web page's record, read by
 * page.c), or a whosaid.Document. A problem with one becomes a failed
 * document, worded as the command line words it for a JSON line, so that
 * it still gets its record.
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
    free(in->url);
    ws_page_free(in->page);
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

/* doc.text from a str or bytes object; 1 when it is neither. what names
 * it in a message ("text", "html"). */
static int take_text(doc_input *in, const naming *nm, PyObject *text, const char *what)
{
    Py_ssize_t len;

    if (PyUnicode_Check(text)) {
        /* The UTF-8 form is cached in the str, which is kept alive. */
        const char *utf8 = PyUnicode_AsUTF8AndSize(text, &len);
        if (!utf8)
        {
            char message[40];
            snprintf(message, sizeof message, "%s is not valid Unicode", what);
            return input_fail_from_exception(in, nm, WS_ERR_INPUT, message);
        }
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

/* The record's fields but its id and its text (or html), in order: its
 * metadata. */
static PyObject *record_meta(PyObject *record, PyObject *text_name)
{
    PyObject *meta = PyDict_New(), *key, *value;
    Py_ssize_t pos = 0;

    while (meta && PyDict_Next(record, &pos, &key, &value)) {
        if (PyUnicode_Check(key) && (PyUnicode_Compare(key, pyws.id_name) == 0 ||
                                     PyUnicode_Compare(key, text_name) == 0))
            continue;
        if (PyDict_SetItem(meta, key, value) != 0)
            Py_CLEAR(meta);
    }
    return meta;
}

/* A page input's html is the text taken; where the page was found is
 * url, else the url its record gives. A page that cannot be read will be
 * located as a failed document is. */
static int take_page(doc_input *in, const naming *nm, PyObject *url)
{
    in->is_page = 1;
    in->html = in->doc.text;
    in->html_len = in->doc.len;
    in->doc.text = NULL;
    in->doc.len = 0;
    in->doc.meta_json = NULL; /* the record's fields, to merge with the page's */
    pyws_set_error(&in->failed, WS_OK, nm->name ? nm->name : in->origin, nm->name ? (unsigned long)nm->n : 0, "");
    if (!url || url == Py_None) {
        url = in->meta ? PyDict_GetItemWithError(in->meta, pyws.url_name) : NULL;
        if (!url && PyErr_Occurred())
            return -1;
        if (url && !PyUnicode_Check(url))
            url = NULL; /* as the command line takes a "url" string only */
    } else if (!PyUnicode_Check(url)) {
        return input_fail(in, nm, WS_ERR_INPUT, "\"url\" must be a string");
    }
    if (url && !(in->url = utf8_copy(url)))
        return input_fail_from_exception(in, nm, WS_ERR_INPUT, "\"url\" is not valid Unicode");
    return 0;
}

/* Fills in from item, naming it as nm says; id_arg, origin_arg and
 * meta_arg (NULL when not given) override what the item says. item is a
 * page's html when as_page is set, with url where it was found. Returns 0
 * (in->has_failed tells whether it is a document), or -1 with an exception
 * set when memory ran out. */
static int prepare(doc_input *in, PyObject *item, const naming *nm, PyObject *id_arg, PyObject *origin_arg,
                   PyObject *meta_arg, int as_page, PyObject *url)
{
    PyObject *text = NULL, *id = NULL, *origin = NULL, *meta = NULL;
    int rc = -1, is_record = 0, is_page = as_page;
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

    if (as_page || PyUnicode_Check(item) || PyBytes_Check(item)) {
        text = Py_NewRef(item);
    } else if (PyDict_Check(item)) {
        is_record = 1;
        text = Py_XNewRef(PyDict_GetItemWithError(item, pyws.text_name));
        /* A web page saved by a scraper: "html" instead of "text". */
        if (!text && !PyErr_Occurred() && (text = Py_XNewRef(PyDict_GetItemWithError(item, pyws.html_name))))
            is_page = 1;
        id = Py_XNewRef(PyDict_GetItemWithError(item, pyws.id_name));
        if (PyErr_Occurred() || !(meta = record_meta(item, is_page ? pyws.html_name : pyws.text_name)))
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
        rc = input_fail(in, nm, WS_ERR_JSON, is_record ? "no \"text\" field (nor \"html\" for a web page)" : "no text");
        goto done;
    }
    if ((rc = take_text(in, nm, text, is_page ? "html" : "text")) != 0) {
        if (rc > 0)
            rc = input_fail(in, nm, WS_ERR_JSON, is_page ? "\"html\" must be a string" : "\"text\" must be a string");
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
    if (rc == 0 && is_page && !in->has_failed)
        rc = take_page(in, nm, url);
done:
    Py_XDECREF(text);
    Py_XDECREF(id);
    Py_XDECREF(origin);
    Py_XDECREF(meta);
    return rc;
}

int pyws_input_prepare(doc_input *in, PyObject *item, const naming *nm, PyObject *id_arg, PyObject *origin_arg,
                       PyObject *meta_arg)
{
    return prepare(in, item, nm, id_arg, origin_arg, meta_arg, 0, NULL);
}

int pyws_input_prepare_page(doc_input *in, PyObject *html, const naming *nm, PyObject *url, PyObject *id_arg,
                            PyObject *origin_arg, PyObject *meta_arg)
{
    return prepare(in, html, nm, id_arg, origin_arg, meta_arg, 1, url);
}

ws_status pyws_input_extract(ws_extractor *ex, doc_input *in, ws_result **res, ws_error *err)
{
    *res = NULL;
    ws_error_clear(err);
    if (in->is_page && !in->has_failed)
        pyws_page_input_read(in);
    if (in->has_failed)
        return WS_OK;
    return ws_extract(ex, &in->doc, res, err);
}

/* Makes the result of a failed document: the record the command line
 * writes for it. */
static PyObject *failed_result(ExtractorObject *owner, doc_input *in)
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

PyObject *pyws_input_result(ExtractorObject *owner, doc_input *in, ws_result *res, ws_status status,
                            const ws_error *err)
{
    PyObject *result;

    if (in->is_page && pyws_page_input_finish(in) != 0) {
        ws_result_free(res);
        result = NULL;
    } else if (in->has_failed) {
        ws_result_free(res);
        result = failed_result(owner, in);
    } else if (!res) {
        result = status == WS_OK ? PyErr_NoMemory() : pyws_raise_error(err);
    } else {
        result = pyws_result_object(owner, res, in->meta);
    }
    pyws_input_clear(in);
    return result;
}
