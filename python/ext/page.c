/*
 * page.c - web pages: whosaid.read_page, and the documents of pages (a
 * record with "html" instead of "text", Extractor.extract_page) read as
 * the command line reads them: ws_page_read, then ws_page_document for the
 * document's text and metadata (the record's fields first, the page's it
 * lacks after), the page's warnings issued where the command line prints
 * them, and a page that cannot be read a failed document.
 */
#include "ext.h"

#include <stdio.h>
#include <string.h>

void pyws_page_input_read(doc_input *in)
{
    ws_error err;
    ws_status status = ws_page_read(&in->page, in->html, in->html_len, in->url, &err);

    if (status == WS_OK)
        status = ws_page_document(in->page, in->meta_json, &in->doc, &err);
    if (status != WS_OK) {
        /* located at the input, as the command line locates it */
        snprintf(err.file, sizeof err.file, "%s", in->failed.file);
        err.line = in->failed.line;
        in->failed = err;
        in->has_failed = 1;
        in->doc.text = NULL;
        in->doc.len = 0;
        in->doc.meta_json = NULL;
    }
}

/* Issues one of a page's warnings through the warnings module, as
 * whosaid.PageWarning(origin, byte, message). */
static int warn_page(const char *origin, const ws_warning *w)
{
    arglist a = {0};

    ARG(&a, pyws_decode(origin, strlen(origin)));
    ARG(&a, pyws_byte_or_none(w->byte));
    ARG(&a, pyws_str_or_none(w->message));
    PyObject *warning = pyws_call_with(pyws.PageWarning, &a);
    if (!warning)
        return -1;
    PyObject *done = PyObject_CallOneArg(pyws.warn, warning);
    Py_DECREF(warning);
    Py_XDECREF(done);
    return done ? 0 : -1;
}

int pyws_page_input_finish(doc_input *in)
{
    for (size_t i = 0; in->page && i < ws_page_warning_count(in->page); i++)
        if (warn_page(in->doc.origin ? in->doc.origin : "", ws_page_warning(in->page, i)) != 0)
            return -1;
    /* Result.meta: the document's metadata, as the library merged it */
    PyObject *meta = NULL;
    if (!in->has_failed && in->doc.meta_json &&
        !(meta = PyObject_CallFunction(pyws.json_loads, "s", in->doc.meta_json)))
        return -1;
    Py_XSETREF(in->meta, meta);
    return 0;
}

/* The page's field as a str, None where it says nothing. */
static PyObject *field(const char *value)
{
    return pyws_str_or_none(value);
}

static PyObject *warnings_list(const ws_page *page)
{
    size_t count = ws_page_warning_count(page);
    PyObject *list = PyList_New((Py_ssize_t)count);

    for (size_t i = 0; list && i < count; i++) {
        PyObject *obj = pyws_warning_object(ws_page_warning(page, i));
        if (!obj)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, obj);
    }
    return list;
}

static PyObject *page_object(const ws_page *page)
{
    size_t len;
    const char *text = ws_page_text(page, &len);
    arglist a = {0};

    ARG(&a, pyws_decode(text, len));
    ARG(&a, field(ws_page_title(page)));
    ARG(&a, field(ws_page_author(page)));
    ARG(&a, field(ws_page_date(page)));
    ARG(&a, field(ws_page_url(page)));
    ARG(&a, field(ws_page_site(page)));
    ARG(&a, field(ws_page_lang(page)));
    ARG(&a, field(ws_page_charset(page)));
    ARG(&a, warnings_list(page));
    return pyws_make(&pyws.Page, &a);
}

/* read_page(html, url=None) -> Page */
PyObject *pyws_read_page(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"html", "url", NULL};
    PyObject *html, *url = Py_None;
    const char *bytes, *url_text = NULL;
    Py_ssize_t len;
    ws_page *page = NULL;
    ws_error err;
    ws_status status;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:read_page", keywords, &html, &url))
        return NULL;
    if (PyUnicode_Check(html)) {
        if (!(bytes = PyUnicode_AsUTF8AndSize(html, &len)))
            return NULL;
    } else if (PyBytes_Check(html)) {
        bytes = PyBytes_AS_STRING(html);
        len = PyBytes_GET_SIZE(html);
    } else {
        return PyErr_Format(PyExc_TypeError, "read_page() takes the page as str or bytes, not %.80s",
                            Py_TYPE(html)->tp_name);
    }
    if (url != Py_None) {
        if (!PyUnicode_Check(url))
            return PyErr_Format(PyExc_TypeError, "read_page(): url must be a str, not %.80s", Py_TYPE(url)->tp_name);
        if (!(url_text = PyUnicode_AsUTF8(url)))
            return NULL;
    }
    /* html and url are held by the arguments, and are immutable */
    Py_BEGIN_ALLOW_THREADS
    status = ws_page_read(&page, bytes, (size_t)len, url_text, &err);
    Py_END_ALLOW_THREADS
    if (status != WS_OK)
        return pyws_raise_error(&err);
    PyObject *obj = page_object(page);
    ws_page_free(page);
    return obj;
}
