/*
 * extractor.c - the Extractor type: the gazetteer and word-list folders
 * loaded in order (the GIL released meanwhile), and extract() of one
 * document, the GIL released while the library extracts.
 */
#include "ext.h"

#include <stdio.h>

int pyws_extractor_ready(ExtractorObject *self)
{
    if (self->ex)
        return 1;
    PyErr_SetString(PyExc_RuntimeError, "the extractor has no gazetteers (its __init__ did not run)");
    return 0;
}

int pyws_load_folders(ws_gazetteer *gaz, PyObject *folders, pyws_folder_loader load, ws_error *err)
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
    if (pyws_load_folders(self->gaz, gazetteers, ws_gazetteer_load_dir, &err) != 0 ||
        pyws_load_folders(self->gaz, lexicon, ws_gazetteer_load_lexicon, &err) != 0 ||
        ws_extractor_new(&self->ex, self->gaz, &opt, &err) != WS_OK) {
        ws_extractor_free(self->ex);
        self->ex = NULL;
        if (!PyErr_Occurred())
            pyws_raise_error(&err);
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

/* Extracts a prepared document, the GIL released; clears in. */
static PyObject *extract_input(ExtractorObject *self, doc_input *in)
{
    ws_result *res = NULL;
    ws_error err;
    ws_status status;

    Py_BEGIN_ALLOW_THREADS
    status = pyws_input_extract(self->ex, in, &res, &err);
    Py_END_ALLOW_THREADS
    return pyws_input_result(self, in, res, status, &err);
}

static PyObject *extractor_extract(ExtractorObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"item", "id", "origin", "meta", NULL};
    PyObject *item, *id = NULL, *origin = NULL, *meta = NULL;
    naming nm = {NULL, NULL, 1};
    doc_input in;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOO:extract", keywords, &item, &id, &origin, &meta) ||
        !pyws_extractor_ready(self))
        return NULL;
    /* One call with the wrong thing is a mistake to show at once; in
     * extract_many it is a failed document, so that the run goes on. */
    if (!PyUnicode_Check(item) && !PyBytes_Check(item) && !PyDict_Check(item)) {
        int is_document = PyObject_IsInstance(item, pyws.Document);
        if (is_document <= 0) {
            if (is_document == 0)
                PyErr_Format(PyExc_TypeError, "extract() takes a str, bytes, dict or whosaid.Document, not %.80s",
                             Py_TYPE(item)->tp_name);
            return NULL;
        }
    }
    if (pyws_input_prepare(&in, item, &nm, id, origin, meta) != 0) {
        pyws_input_clear(&in);
        return NULL;
    }
    return extract_input(self, &in);
}

/* extract_page(html, *, url=None, id=None, origin=None, meta=None) */
static PyObject *extractor_extract_page(ExtractorObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"html", "url", "id", "origin", "meta", NULL};
    PyObject *html, *url = NULL, *id = NULL, *origin = NULL, *meta = NULL;
    naming nm = {NULL, NULL, 1};
    doc_input in;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$OOOO:extract_page", keywords, &html, &url, &id, &origin,
                                     &meta) ||
        !pyws_extractor_ready(self))
        return NULL;
    if (!PyUnicode_Check(html) && !PyBytes_Check(html))
        return PyErr_Format(PyExc_TypeError, "extract_page() takes the page as str or bytes, not %.80s",
                            Py_TYPE(html)->tp_name);
    if (url && url != Py_None && !PyUnicode_Check(url))
        return PyErr_Format(PyExc_TypeError, "extract_page(): url must be a str, not %.80s", Py_TYPE(url)->tp_name);
    if (pyws_input_prepare_page(&in, html, &nm, url, id, origin, meta) != 0) {
        pyws_input_clear(&in);
        return NULL;
    }
    return extract_input(self, &in);
}

static PyObject *extractor_counts(ExtractorObject *self, PyObject *unused)
{
    if (!pyws_extractor_ready(self))
        return NULL;
    return Py_BuildValue("(nnO)", (Py_ssize_t)ws_gazetteer_entity_count(self->gaz),
                         (Py_ssize_t)ws_gazetteer_alias_count(self->gaz),
                         ws_gazetteer_from_cache(self->gaz) & WS_CACHED_NAMES ? Py_True : Py_False);
}

static PyMethodDef extractor_methods[] = {
    {"extract", (PyCFunction)(void (*)(void))extractor_extract, METH_VARARGS | METH_KEYWORDS,
     "extract(item, *, id=None, origin=None, meta=None) -> Result"},
    {"extract_page", (PyCFunction)(void (*)(void))extractor_extract_page, METH_VARARGS | METH_KEYWORDS,
     "extract_page(html, *, url=None, id=None, origin=None, meta=None) -> Result"},
    {"extract_many", (PyCFunction)(void (*)(void))pyws_extract_many, METH_VARARGS | METH_KEYWORDS,
     "extract_many(items, *, jobs=1, name='items', stem=None) -> iterator of Result"},
    {"counts", (PyCFunction)extractor_counts, METH_NOARGS,
     "(entities, aliases, from_cache) of the loaded gazetteers"},
    {NULL, NULL, 0, NULL},
};

PyTypeObject pyws_extractor_type = {
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
