/*
 * parallel.c - extracts documents on worker threads and hands them back in
 * input order; shows progress. See parallel.h for how it fits the command.
 *
 * Documents wait in a ring of a few per thread, so memory depends on the
 * largest documents, not on the input. Workers also make each record as
 * JSON Lines when asked, which is half the work of a document, each slot of
 * the ring with its own writer, whose buffer holds the record until it is
 * written and then serves the slot's next document; the calling thread
 * reads, reports and copies bytes out, in order. -j N runs N - 1
 * workers: while the ring is full the calling thread extracts the next
 * waiting document itself instead of sleeping, so that N threads share N
 * cores and none is woken once a document.
 *
 * A result goes back to the thread that made it to be freed: glibc's
 * malloc makes a thread that frees another's memory wait for that
 * thread's arena, which cost a third of the CPU time with two threads.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "parallel.h"

#define JOBS_PER_WORKER 4
#define PROGRESS_INTERVAL 0.25 /* seconds between progress updates */

typedef struct job {
    ws_document doc;         /* copies of the submitted document's strings */
    ws_error failed;
    int has_failed;          /* the document could not be read: failed says why */
    ws_result *res;          /* what the worker made, until handed over */
    ws_result *handed;       /* the result par_extract handed over, to match record to */
    ws_status status;
    ws_error err;
    ws_jsonl_writer *writer; /* the slot's, kept from job to job; NULL unless asked to render */
    const char *record;      /* the result as a JSON Lines record in writer, or NULL */
    size_t record_len;
    unsigned maker;          /* who extracted it: 0 the calling thread, else worker maker - 1 */
    int done;
} job;

typedef struct worker {
    par_pool *pool;
    unsigned index; /* its job.maker */
    pthread_t thread;
    ws_result **spent, **freeing; /* results it made, given back; the ones it is freeing */
    size_t nspent;
} worker;

struct par_pool {
    par_config cfg;
    cli_doc_fn emit;
    void *ctx;
    worker *workers;
    unsigned nthreads;
    pthread_mutex_t lock;
    pthread_cond_t work, finished;
    job *ring;
    size_t cap;
    unsigned long long head, next, tail; /* next to emit, to extract, to fill */
    int stopping;                        /* workers end once the ring is empty */
    job *emitting;                       /* the job being emitted, or NULL */
    int direct;                          /* emitting a document given straight through */
    int stopped;                         /* emit's nonzero value */
    /* progress */
    struct timespec start, last;
    unsigned long long docs, bytes;
    int shown;
};

static double seconds_since(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void format_duration(char *buf, size_t size, double s)
{
    unsigned long t = (unsigned long)(s + 0.5);

    if (t >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
}

/* "whosaid: 1200 documents, 35.2 MB, 11.8 MB/s, 0:03 elapsed, ETA 0:05",
 * rewritten in place a few times a second, or now when forced. */
static void progress_show(par_pool *p, int force)
{
    char elapsed[32], eta[48] = "";

    if (!p->cfg.progress || (!force && seconds_since(&p->last) < PROGRESS_INTERVAL))
        return;
    clock_gettime(CLOCK_MONOTONIC, &p->last);
    double s = seconds_since(&p->start), mb = (double)p->bytes / 1e6, rate = s > 0 ? mb / s : 0;
    format_duration(elapsed, sizeof elapsed, s);
    /* No ETA on the last line (forced): the run is over. */
    if (!force && p->cfg.total && rate > 0 && p->bytes < p->cfg.total) {
        strcpy(eta, ", ETA ");
        format_duration(eta + 6, sizeof eta - 6, ((double)p->cfg.total / 1e6 - mb) / rate);
    }
    fprintf(stderr, "\r" PROG ": %llu documents, %.1f MB, %.1f MB/s, %s elapsed%s\033[K", p->docs, mb,
            rate, elapsed, eta);
    p->shown = 1;
}

static void progress_count(par_pool *p, size_t bytes)
{
    p->docs++;
    p->bytes += bytes;
    progress_show(p, 0);
}

unsigned long long par_input_size(char *const *paths, int n)
{
    unsigned long long total = 0;

    for (int i = 0; i < n; i++) {
        struct stat st;

        if (stat(paths[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        total += (unsigned long long)st.st_size;
    }
    return total;
}

static void job_clear(job *j)
{
    ws_jsonl_writer *writer = j->writer;

    free((char *)j->doc.id);
    free((char *)j->doc.text);
    free((char *)j->doc.meta_json);
    free((char *)j->doc.origin);
    ws_result_free(j->res);
    memset(j, 0, sizeof *j);
    j->writer = writer;
}

/* Frees what the workers hold: their results given back and still waiting. */
static void free_workers(worker *w, unsigned n)
{
    for (unsigned i = 0; w && i < n; i++) {
        for (size_t k = 0; k < w[i].nspent; k++)
            ws_result_free(w[i].spent[k]);
        free(w[i].spent);
        free(w[i].freeing);
    }
    free(w);
}

static char *copy(const char *s, size_t n)
{
    char *c = malloc(n + 1);

    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

/* Extracts a job and, when asked, makes its record, on a worker thread. */
static void job_run(par_pool *p, job *j, unsigned maker)
{
    ws_error err;

    if (j->has_failed)
        return; /* the callback makes the failed result, as without workers */
    j->maker = maker;
    j->status = ws_extract(p->cfg.extractor, &j->doc, &j->res, &j->err);
    /* a record that cannot be made here (record NULL) is made again by the
     * caller, which reports why */
    if (j->writer && j->res)
        ws_jsonl_writer_record(j->writer, j->res, &j->record, &j->record_len, &err);
}

static void *work(void *arg)
{
    worker *w = arg;
    par_pool *p = w->pool;

    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stopping && p->next == p->tail)
            pthread_cond_wait(&p->work, &p->lock);
        if (p->next == p->tail)
            break;
        job *j = &p->ring[p->next++ % p->cap];
        ws_result **spent = w->spent;
        size_t nspent = w->nspent;
        w->spent = w->freeing;
        w->freeing = spent;
        w->nspent = 0;
        pthread_mutex_unlock(&p->lock);
        for (size_t i = 0; i < nspent; i++)
            ws_result_free(spent[i]);
        job_run(p, j, w->index);
        pthread_mutex_lock(&p->lock);
        j->done = 1;
        if (j == &p->ring[p->head % p->cap]) /* the calling thread waits only for the oldest */
            pthread_cond_signal(&p->finished);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int par_open(par_pool **out, const par_config *cfg, cli_doc_fn emit, void *ctx)
{
    par_pool *p = calloc(1, sizeof *p);

    *out = NULL;
    if (!p)
        return -1;
    p->cfg = *cfg;
    p->emit = emit;
    p->ctx = ctx;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
    if (cfg->jobs > 1) {
        p->cap = (size_t)cfg->jobs * JOBS_PER_WORKER;
        p->ring = calloc(p->cap, sizeof *p->ring);
        p->workers = calloc(cfg->jobs - 1, sizeof *p->workers);
        int ok = p->ring && p->workers;
        for (unsigned i = 0; ok && i + 1 < cfg->jobs; i++) {
            worker *w = &p->workers[i];
            w->pool = p;
            w->index = i + 1;
            w->spent = malloc(p->cap * sizeof *w->spent);
            w->freeing = malloc(p->cap * sizeof *w->freeing);
            ok = w->spent && w->freeing;
        }
        if (!ok) {
            free_workers(p->workers, cfg->jobs - 1);
            free(p->ring);
            free(p);
            return -1;
        }
        pthread_mutex_init(&p->lock, NULL);
        pthread_cond_init(&p->work, NULL);
        pthread_cond_init(&p->finished, NULL);
        for (size_t i = 0; cfg->render_jsonl && i < p->cap; i++) {
            if (ws_jsonl_writer_new(&p->ring[i].writer, cfg->jsonl_fields, NULL) != WS_OK) {
                par_close(p);
                return -1;
            }
        }
        /* Workers are born with SIGINT and SIGTERM blocked, so that the main
         * thread, perhaps blocked reading a pipe, is the one they stop. */
        sigset_t stop, old;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop, &old);
        for (unsigned i = 0; i + 1 < cfg->jobs; i++) {
            if (pthread_create(&p->workers[i].thread, NULL, work, &p->workers[i]) != 0)
                break; /* fewer workers still work */
            p->nthreads++;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (p->nthreads == 0) {
            par_close(p);
            return -1;
        }
    }
    *out = p;
    return 0;
}

/* Extracts the next job nobody has taken on the calling thread; 0 when
 * there was none. */
static int run_next(par_pool *p)
{
    pthread_mutex_lock(&p->lock);
    job *j = p->next < p->tail ? &p->ring[p->next++ % p->cap] : NULL;
    pthread_mutex_unlock(&p->lock);
    if (!j)
        return 0;
    job_run(p, j, 0);
    pthread_mutex_lock(&p->lock);
    j->done = 1;
    pthread_mutex_unlock(&p->lock);
    return 1;
}

/* Emits the oldest job, waiting for it when wait is set; 0 when there was
 * none ready. */
static int emit_oldest(par_pool *p, int wait)
{
    pthread_mutex_lock(&p->lock);
    job *j = p->head < p->tail ? &p->ring[p->head % p->cap] : NULL;
    while (j && wait && !j->done)
        pthread_cond_wait(&p->finished, &p->lock);
    int ready = j && j->done;
    pthread_mutex_unlock(&p->lock);
    if (!ready)
        return 0;
    p->emitting = j;
    int rc = p->emit(&j->doc, j->has_failed ? &j->failed : NULL, p->ctx);
    p->emitting = NULL;
    progress_count(p, j->doc.len);
    job_clear(j);
    pthread_mutex_lock(&p->lock); /* workers read head to know whom to wake */
    p->head++;
    pthread_mutex_unlock(&p->lock);
    if (rc)
        p->stopped = rc;
    return 1;
}

int par_submit(par_pool *p, const ws_document *doc, const ws_error *failed)
{
    if (p->stopped)
        return p->stopped;
    if (!p->nthreads) {
        p->direct = 1;
        p->stopped = p->emit(doc, failed, p->ctx);
        p->direct = 0;
        progress_count(p, doc->len);
        return p->stopped;
    }
    /* Emit what is done; while the ring is full, extract a waiting document
     * here, or wait for the oldest when every one is taken. */
    while (!p->stopped && (emit_oldest(p, 0) ||
                           (p->tail - p->head == p->cap && (run_next(p) || emit_oldest(p, 1)))))
        ;
    if (p->stopped)
        return p->stopped;
    job *j = &p->ring[p->tail % p->cap];
    j->doc.len = doc->len;
    j->doc.id = doc->id ? copy(doc->id, strlen(doc->id)) : NULL;
    j->doc.origin = doc->origin ? copy(doc->origin, strlen(doc->origin)) : NULL;
    j->doc.meta_json = doc->meta_json ? copy(doc->meta_json, strlen(doc->meta_json)) : NULL;
    j->doc.text = doc->text ? copy(doc->text, doc->len) : NULL;
    if ((doc->id && !j->doc.id) || (doc->origin && !j->doc.origin) ||
        (doc->meta_json && !j->doc.meta_json) || (doc->text && !j->doc.text)) {
        job_clear(j);
        report(doc->origin ? doc->origin : PROG, 0, -1, "out of memory");
        return p->stopped = 1;
    }
    if (failed) {
        j->failed = *failed;
        j->has_failed = 1;
    }
    pthread_mutex_lock(&p->lock);
    p->tail++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

int par_emitting(const par_pool *p)
{
    return p && (p->emitting || p->direct);
}

ws_status par_extract(par_pool *p, const ws_document *doc, ws_result **res, ws_error *err)
{
    job *j = p ? p->emitting : NULL;

    if (!j)
        return ws_extract(p->cfg.extractor, doc, res, err);
    *res = j->handed = j->res;
    j->res = NULL;
    *err = j->err;
    return j->status;
}

void par_release(par_pool *p, ws_result *res)
{
    const job *j = p ? p->emitting : NULL;

    if (!res)
        return;
    if (!j || j->handed != res || !j->maker) {
        ws_result_free(res);
        return;
    }
    worker *w = &p->workers[j->maker - 1];
    pthread_mutex_lock(&p->lock);
    w->spent[w->nspent++] = res; /* at most one a slot of the ring */
    pthread_mutex_unlock(&p->lock);
}

int par_record(const par_pool *p, const ws_result *res, const char **record, size_t *len)
{
    const job *j = p ? p->emitting : NULL;

    if (!j || !j->record || j->handed != res)
        return 0;
    *record = j->record;
    *len = j->record_len;
    return 1;
}

int par_close(par_pool *p)
{
    if (!p)
        return 0;
    while (p->nthreads && !p->stopped && (emit_oldest(p, 0) || run_next(p) || emit_oldest(p, 1)))
        ;
    if (p->nthreads) {
        pthread_mutex_lock(&p->lock);
        p->stopping = 1;
        pthread_cond_broadcast(&p->work);
        pthread_mutex_unlock(&p->lock);
    }
    for (unsigned i = 0; i < p->nthreads; i++)
        pthread_join(p->workers[i].thread, NULL);
    /* Left when the run stopped early: extracted, never written. */
    for (; p->head < p->tail; p->head++)
        job_clear(&p->ring[p->head % p->cap]);
    for (size_t i = 0; i < p->cap; i++)
        ws_jsonl_writer_free(p->ring[i].writer);
    if (p->ring) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->work);
        pthread_cond_destroy(&p->finished);
    }
    if (p->shown) {
        progress_show(p, 1);
        fputc('\n', stderr);
    }
    int rc = p->stopped;
    free(p->ring);
    if (p->workers)
        free_workers(p->workers, p->cfg.jobs - 1);
    free(p);
    return rc;
}
