/*
 * batch.c - Extractor.extract_many: an iterator over results in input
 * order. Documents wait in a ring of JOBS_PER_THREAD per thread; jobs - 1
 * workers extract, and the calling thread, which reads the input and makes
 * the Python objects, extracts the next waiting document itself whenever
 * the oldest is not done yet, so that jobs threads share jobs cores (as the
 * command line's -j does). With jobs = 1 there are no workers.
 *
 * Workers never touch a Python object: they read document bytes that the
 * jobs' references keep alive and fill in ws_results, which the calling
 * thread turns into Python objects once it holds the GIL again.
 */
#include "ext.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Documents in flight per extracting thread, as in the command line's -j:
 * enough that no thread waits for the next document, few enough that
 * memory depends on the largest documents only. */
#define JOBS_PER_THREAD 4

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

static void job_run(ExtractorObject *owner, job *j)
{
    j->status = pyws_input_extract(owner->ex, &j->in, &j->res, &j->err);
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
        pyws_input_clear(&j->in);
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

PyObject *pyws_extract_many(ExtractorObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"items", "jobs", "name", "stem", NULL};
    PyObject *items;
    int jobs = 1;
    const char *name = "items", *stem = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$iss:extract_many", keywords, &items, &jobs, &name,
                                     &stem) ||
        !pyws_extractor_ready(self))
        return NULL;
    if (jobs < 0 || jobs > 1024) {
        PyErr_SetString(PyExc_ValueError, "jobs is 0 to 1024 (0: one per core)");
        return NULL;
    }
    if (jobs == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = cores > 1 ? (int)(cores < 1024 ? cores : 1024) : 1;
    }
    BatchObject *b = PyObject_GC_New(BatchObject, &pyws_batch_type);
    if (!b)
        return NULL;
    memset((char *)b + sizeof(PyObject), 0, sizeof *b - sizeof(PyObject));
    b->owner = (ExtractorObject *)Py_NewRef(self);
    b->cap = (size_t)jobs * JOBS_PER_THREAD;
    if (jobs == 1)
        b->cap = 1; /* one document at a time, extracted when asked for */
    b->name = pyws_copy_text(name, strlen(name));
    b->stem = pyws_copy_text(stem ? stem : name, strlen(stem ? stem : name));
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
                b->source_error = pyws_take_exception();
            Py_CLEAR(b->source);
            break;
        }
        job *j = &b->ring[b->tail % b->cap];
        nm.n = ++b->count;
        int rc = pyws_input_prepare(&j->in, item, &nm, NULL, NULL, NULL);
        Py_DECREF(item);
        if (rc != 0) {
            pyws_input_clear(&j->in);
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

    PyObject *result = pyws_input_result(b->owner, &oldest->in, oldest->res, oldest->status, &oldest->err);
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

PyTypeObject pyws_batch_type = {
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
