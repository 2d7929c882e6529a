/*
 * cli/workers.c: extraction over many documents with -j threads, output in
 * document order (see workers.h).
 *
 * The model: N worker threads each own a kg_extractor over the one shared,
 * read-only kg_rules.  A worker claims the next document index (under a
 * mutex, once per document, never per sentence), reads and extracts it on
 * its own, and leaves a kg_doc_result: the document's edge and mention
 * records already serialised as JSON Lines, its warnings, and how the read
 * went.  The calling thread commits the results strictly in document order,
 * so every output is byte-identical whatever N is and however the threads
 * are scheduled.  Workers run at most `window` documents ahead of the
 * commit, which bounds memory to that many documents' records.
 *
 * Only the calling thread handles SIGINT, SIGTERM and SIGHUP: the workers
 * start with those signals blocked, so cli/output.c's handler always runs
 * on the thread that owns the outputs.  With -j 1 no thread is started: the
 * same steps run on the calling thread, one document at a time.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/workers.h"
#include "util/util.h"

size_t kg_cli_default_jobs(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (size_t)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

bool kg_cli_parse_jobs(const char *s, size_t *out)
{
    return kg_args_size(s, out) && *out >= 1 && *out <= KG_CLI_MAX_JOBS;
}

/* ---- one document, on a worker ---- */

/* Records are handed on in chunks of about this many bytes while a
 * document is extracted, so a long document never holds all its records. */
#define CHUNK_BYTES ((size_t)256 << 10)
/* A document waiting for its turn holds at most this many bytes of chunks;
 * its worker waits beyond that. */
#define QUEUE_BYTES (4 * CHUNK_BYTES)

typedef struct pool pool;

/* Where a worker's chunks go: straight to the commit (-j 1), or into its
 * document's queue in the pool. */
typedef struct target {
    pool *p;                     /* NULL: commit on this thread */
    size_t index;                /* the document */
    kg_cli_commit_fn commit;
    void *ud;
} target;

typedef struct recorder {
    kg_doc_result *r;            /* the chunk being filled */
    FILE *edges, *mentions;
    const char *path;
    bool mentions_on;
    bool chunked;                /* may hand on chunks before the end */
    unsigned since_check;
    size_t delivered;            /* chunks handed on so far */
    int failed;                  /* the error a commit of a chunk returned */
    char **warnings;             /* the document's, for its last result */
    size_t nwarnings, warncap;
    const target *to;
} recorder;

static FILE *memstream(char **buf, size_t *len)
{
    FILE *fp = open_memstream(buf, len);
    if (!fp) kg_out_of_memory();
    return fp;
}

static kg_doc_result *new_result(const char *path)
{
    kg_doc_result *r = kg_xcalloc(1, sizeof *r);
    r->path = path;
    return r;
}

static void open_chunk(recorder *rec)
{
    rec->r = new_result(rec->path);
    rec->edges = memstream(&rec->r->edges, &rec->r->edges_len);
    if (rec->mentions_on) rec->mentions = memstream(&rec->r->mentions, &rec->r->mentions_len);
}

/* Close the chunk's streams: its records are then in r->edges/mentions. */
static void close_chunk(recorder *rec)
{
    /* a memory stream fails only for want of memory */
    if (fclose(rec->edges) || (rec->mentions && fclose(rec->mentions))) kg_out_of_memory();
    rec->edges = rec->mentions = NULL;
}

static int deliver(const target *to, kg_doc_result *r);

/* Hand on the chunk once it is large enough (checked every 64 records). */
static int maybe_flush(recorder *rec)
{
    if (!rec->chunked || ++rec->since_check < 64) return 0;
    rec->since_check = 0;
    fflush(rec->edges);
    if (rec->mentions) fflush(rec->mentions);
    if (rec->r->edges_len + rec->r->mentions_len < CHUNK_BYTES) return 0;
    close_chunk(rec);
    kg_doc_result *chunk = rec->r;
    chunk->partial = true;
    open_chunk(rec);
    rec->delivered++;
    return rec->failed = deliver(rec->to, chunk);
}

static int record_edge(void *ud, const kg_edge *e)
{
    recorder *rec = ud;
    rec->r->nedges++;
    if (kg_edge_write(rec->edges, e)) kg_out_of_memory();
    return maybe_flush(rec);
}

static int record_mention(void *ud, const kg_mention *m)
{
    recorder *rec = ud;
    rec->r->nmentions++;
    if (kg_mention_write(rec->mentions, m)) kg_out_of_memory();
    return maybe_flush(rec);
}

static void record_warning(void *ud, const char *msg)
{
    recorder *rec = ud;
    KG_GROW(rec->warnings, rec->warncap, rec->nwarnings + 1);
    rec->warnings[rec->nwarnings++] = kg_xstrdup(msg);
}

/* Read (in windows: kg_extract_stream) and extract document `path`; its
 * records go to `to` in chunks and a last, complete result.  Returns 0, or
 * the error a commit returned (the run stops). */
static int run_one(kg_extractor *ex, const char *path, const kg_cli_run_options *o, const target *to)
{
    kg_doc_stream *ds = NULL;
    kg_doc_kind kind;
    if (kg_doc_open(&ds, &kind, path, o->max_doc_size)) {
        kg_doc_result *r = new_result(path);
        r->status = KG_DOC_UNREADABLE;
        r->message = kg_xstrdup(kg_error_last());
        return deliver(to, r);
    }
    if (kind != KG_DOC_TEXT) {
        kg_doc_result *r = new_result(path);
        r->status = kind == KG_DOC_BINARY ? KG_DOC_SKIPPED_BINARY : KG_DOC_SKIPPED_LARGE;
        return deliver(to, r);
    }
    /* A regular file's size was checked: its records may go on before the
     * end.  A pipe may yet outgrow the cap, and a partial document is no
     * result, so its records wait for the end. */
    recorder rec = {.path = path, .mentions_on = o->mentions, .to = to,
                    .chunked = kg_doc_stream_is_regular(ds)};
    open_chunk(&rec);
    kg_sink sink = {.edge = record_edge, .mention = o->mentions ? record_mention : NULL,
                    .warn = record_warning, .ud = &rec};
    int rc = kg_extract_stream(ex, path, ds, &sink);
    close_chunk(&rec);
    kg_doc_result *r = rec.r;
    r->bytes = kg_doc_stream_bytes(ds);
    r->warnings = rec.warnings;
    r->nwarnings = rec.nwarnings;
    r->warncap = rec.warncap;
    if (rec.failed) {
        rc = rec.failed;
    } else if (rc == KG_EIO && rec.delivered) {
        /* a regular file that failed, or grew past the cap, after some of
         * its records were written: those stay, and the warning says so */
        r->status = KG_DOC_UNREADABLE;
        r->message = kg_xasprintf("%s; the records of its first %zu bytes were written", kg_error_last(),
                                  r->bytes);
        rc = 0;
    } else if (rc == KG_EIO) {
        r->status = kg_doc_stream_kind(ds) == KG_DOC_TOO_LARGE ? KG_DOC_SKIPPED_LARGE : KG_DOC_UNREADABLE;
        r->message = kg_xstrdup(kg_error_last());
        /* nothing of it was written yet: a partial document is no result */
        free(r->edges);
        free(r->mentions);
        r->edges = r->mentions = NULL;
        r->edges_len = r->mentions_len = r->nedges = r->nmentions = 0;
        rc = 0;
    }
    kg_doc_close(ds);
    if (rc) {
        kg_doc_result_free(r);
        return rc;
    }
    return deliver(to, r);
}

void kg_doc_result_free(kg_doc_result *r)
{
    if (!r) return;
    free(r->message);
    free(r->edges);
    free(r->mentions);
    for (size_t i = 0; i < r->nwarnings; i++) free(r->warnings[i]);
    free(r->warnings);
    free(r);
}

/* ---- the pool ---- */

/* One document's results: chunks in order, the last one not partial. */
typedef struct slot {
    kg_doc_result *head, *tail;
    size_t queued;              /* bytes of records waiting */
} slot;

struct pool {
    const kg_rules *rules;
    const kg_doclist *docs;
    const kg_cli_run_options *o;
    pthread_mutex_t mu;
    pthread_cond_t arrived;    /* a chunk or result arrived */
    pthread_cond_t space;      /* the commit moved on, or stop was set */
    slot *slots;               /* by document index */
    size_t next;               /* the next document to claim */
    size_t committed;          /* documents committed so far */
    size_t window;             /* how far claims may run ahead of commits */
    bool stop;
    int rc;                    /* why it stopped */
};

static size_t result_bytes(const kg_doc_result *r) { return r->edges_len + r->mentions_len; }

/* Queue a chunk or result for the committing thread; a worker ahead of the
 * commit waits while its queue is full. */
static int deliver(const target *to, kg_doc_result *r)
{
    if (!to->p) {
        int rc = to->commit(to->ud, r);
        kg_doc_result_free(r);
        return rc;
    }
    pool *p = to->p;
    slot *s = &p->slots[to->index];
    pthread_mutex_lock(&p->mu);
    while (r->partial && !p->stop && s->queued >= QUEUE_BYTES) pthread_cond_wait(&p->space, &p->mu);
    int rc = p->stop ? p->rc : 0;
    if (!p->stop) {
        r->next = NULL;
        if (s->tail) s->tail->next = r;
        else s->head = r;
        s->tail = r;
        s->queued += result_bytes(r);
        pthread_cond_broadcast(&p->arrived);
        r = NULL;
    }
    pthread_mutex_unlock(&p->mu);
    kg_doc_result_free(r);
    return rc ? rc : 0;
}

static void *worker(void *arg)
{
    pool *p = arg;
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, p->rules);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next < p->docs->n && p->next >= p->committed + p->window)
            pthread_cond_wait(&p->space, &p->mu);
        if (p->stop || p->next >= p->docs->n) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        target to = {.p = p, .index = i};
        if (run_one(ex, p->docs->paths[i], p->o, &to)) break;
    }
    kg_extractor_free(ex);
    return NULL;
}

/* The next chunk or result of document i, waiting for it. */
static kg_doc_result *take(pool *p, size_t i)
{
    slot *s = &p->slots[i];
    pthread_mutex_lock(&p->mu);
    while (!s->head) pthread_cond_wait(&p->arrived, &p->mu);
    kg_doc_result *r = s->head;
    s->head = r->next;
    if (!s->head) s->tail = NULL;
    s->queued -= result_bytes(r);
    pthread_cond_broadcast(&p->space);
    pthread_mutex_unlock(&p->mu);
    return r;
}

static void finish_doc(pool *p, int rc)
{
    pthread_mutex_lock(&p->mu);
    p->committed++;
    if (rc && !p->stop) {
        p->stop = true;
        p->rc = rc;
    }
    pthread_cond_broadcast(&p->space);
    pthread_mutex_unlock(&p->mu);
}

/* Start `n` workers with the termination signals blocked, so that only the
 * calling thread takes them.  Returns how many started. */
static size_t start_workers(pthread_t *t, size_t n, pool *p)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    size_t started = 0;
    while (started < n && pthread_create(&t[started], NULL, worker, p) == 0) started++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return started;
}

/* Commit document i's chunks and result as they arrive. */
static int commit_doc(pool *p, size_t i, kg_cli_commit_fn commit, void *ud)
{
    for (;;) {
        kg_doc_result *r = take(p, i);
        bool last = !r->partial;
        int rc = commit(ud, r);
        kg_doc_result_free(r);
        if (rc || last) return rc;
    }
}

static int run_inline(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                      kg_cli_commit_fn commit, void *ud);

static int run_threads(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                       size_t jobs, kg_cli_commit_fn commit, void *ud)
{
    pool p = {.rules = rules, .docs = docs, .o = o, .window = 4 * jobs};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.arrived, NULL);
    pthread_cond_init(&p.space, NULL);
    p.slots = kg_xcalloc(docs->n, sizeof *p.slots);
    pthread_t *t = kg_xcalloc(jobs, sizeof *t);
    size_t started = start_workers(t, jobs, &p);
    int rc = 0;
    /* no thread at all (a process or memory limit): the work is done on
     * this one, as with -j 1 */
    if (started == 0) p.stop = true;
    for (size_t i = 0; i < docs->n && started && !rc; i++) {
        rc = commit_doc(&p, i, commit, ud);
        finish_doc(&p, rc);
    }
    for (size_t i = 0; i < started; i++) pthread_join(t[i], NULL);
    for (size_t i = 0; i < docs->n; i++) {
        for (kg_doc_result *r = p.slots[i].head, *next; r; r = next) {
            next = r->next;
            kg_doc_result_free(r);
        }
    }
    free(p.slots);
    free(t);
    pthread_cond_destroy(&p.space);
    pthread_cond_destroy(&p.arrived);
    pthread_mutex_destroy(&p.mu);
    return started ? rc : run_inline(rules, docs, o, commit, ud);
}

static int run_inline(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                      kg_cli_commit_fn commit, void *ud)
{
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, rules);
    target to = {.commit = commit, .ud = ud};
    int rc = 0;
    for (size_t i = 0; i < docs->n && !rc; i++) rc = run_one(ex, docs->paths[i], o, &to);
    kg_extractor_free(ex);
    return rc;
}

int kg_cli_extract_docs(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                        kg_cli_commit_fn commit, void *ud)
{
    size_t jobs = o->jobs ? o->jobs : 1;
    if (jobs > docs->n) jobs = docs->n;
    if (jobs <= 1) return run_inline(rules, docs, o, commit, ud);
    return run_threads(rules, docs, o, jobs, commit, ud);
}
