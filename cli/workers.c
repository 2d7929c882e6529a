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

typedef struct recorder {
    kg_doc_result *r;
    FILE *edges, *mentions;
} recorder;

static int record_edge(void *ud, const kg_edge *e)
{
    recorder *rec = ud;
    rec->r->nedges++;
    return kg_edge_write(rec->edges, e) ? kg_error_set(KG_EOUTPUT, "out of memory") : 0;
}

static int record_mention(void *ud, const kg_mention *m)
{
    recorder *rec = ud;
    rec->r->nmentions++;
    return kg_mention_write(rec->mentions, m) ? kg_error_set(KG_EOUTPUT, "out of memory") : 0;
}

static void record_warning(void *ud, const char *msg)
{
    recorder *rec = ud;
    kg_doc_result *r = rec->r;
    KG_GROW(r->warnings, r->warncap, r->nwarnings + 1);
    r->warnings[r->nwarnings++] = kg_xstrdup(msg);
}

static FILE *memstream(char **buf, size_t *len)
{
    FILE *fp = open_memstream(buf, len);
    if (!fp) kg_out_of_memory();
    return fp;
}

/* Read (in windows: kg_extract_stream) and extract document `path` into a
 * new result. */
static kg_doc_result *run_one(kg_extractor *ex, const char *path, const kg_cli_run_options *o)
{
    kg_doc_result *r = kg_xcalloc(1, sizeof *r);
    r->path = path;
    kg_doc_stream *ds = NULL;
    kg_doc_kind kind;
    if (kg_doc_open(&ds, &kind, path, o->max_doc_size)) {
        r->status = KG_DOC_UNREADABLE;
        r->message = kg_xstrdup(kg_error_last());
        return r;
    }
    if (kind != KG_DOC_TEXT) {
        r->status = kind == KG_DOC_BINARY ? KG_DOC_SKIPPED_BINARY : KG_DOC_SKIPPED_LARGE;
        return r;
    }
    recorder rec = {.r = r};
    rec.edges = memstream(&r->edges, &r->edges_len);
    if (o->mentions) rec.mentions = memstream(&r->mentions, &r->mentions_len);
    kg_sink sink = {.edge = record_edge, .mention = o->mentions ? record_mention : NULL,
                    .warn = record_warning, .ud = &rec};
    int rc = kg_extract_stream(ex, path, ds, &sink);
    r->bytes = kg_doc_stream_bytes(ds);
    /* a memory stream fails only for want of memory */
    if (fclose(rec.edges) || (rec.mentions && fclose(rec.mentions))) kg_out_of_memory();
    if (rc == KG_EIO) {
        /* a partial document is no result: its records go */
        r->status = kg_doc_stream_kind(ds) == KG_DOC_TOO_LARGE ? KG_DOC_SKIPPED_LARGE : KG_DOC_UNREADABLE;
        r->message = kg_xstrdup(kg_error_last());
        free(r->edges);
        free(r->mentions);
        r->edges = r->mentions = NULL;
        r->edges_len = r->mentions_len = r->nedges = r->nmentions = 0;
    } else if (rc) {
        kg_out_of_memory();
    }
    kg_doc_close(ds);
    return r;
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

typedef struct pool {
    const kg_rules *rules;
    const kg_doclist *docs;
    const kg_cli_run_options *o;
    pthread_mutex_t mu;
    pthread_cond_t done;       /* a result arrived */
    pthread_cond_t space;      /* the commit moved on, or stop was set */
    kg_doc_result **results;   /* by document index; NULL until done */
    size_t next;               /* the next document to claim */
    size_t committed;          /* documents committed so far */
    size_t window;             /* how far claims may run ahead of commits */
    bool stop;
} pool;

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
        kg_doc_result *r = run_one(ex, p->docs->paths[i], p->o);
        pthread_mutex_lock(&p->mu);
        p->results[i] = r;
        pthread_cond_broadcast(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
    kg_extractor_free(ex);
    return NULL;
}

static kg_doc_result *wait_for(pool *p, size_t i)
{
    pthread_mutex_lock(&p->mu);
    while (!p->results[i]) pthread_cond_wait(&p->done, &p->mu);
    kg_doc_result *r = p->results[i];
    p->results[i] = NULL;
    pthread_mutex_unlock(&p->mu);
    return r;
}

static void advance(pool *p, bool stop)
{
    pthread_mutex_lock(&p->mu);
    p->committed++;
    if (stop) p->stop = true;
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

static int run_threads(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                       size_t jobs, kg_cli_commit_fn commit, void *ud)
{
    pool p = {.rules = rules, .docs = docs, .o = o, .window = 4 * jobs};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.done, NULL);
    pthread_cond_init(&p.space, NULL);
    p.results = kg_xcalloc(docs->n, sizeof *p.results);
    pthread_t *t = kg_xcalloc(jobs, sizeof *t);
    size_t started = start_workers(t, jobs, &p);
    int rc = 0;
    if (started == 0) {
        rc = kg_error_set(KG_EIO, "cannot start a thread: %s", strerror(errno ? errno : EAGAIN));
        p.stop = true;
    }
    for (size_t i = 0; i < docs->n && !p.stop; i++) {
        kg_doc_result *r = wait_for(&p, i);
        rc = commit(ud, r);
        kg_doc_result_free(r);
        advance(&p, rc != 0);
    }
    for (size_t i = 0; i < started; i++) pthread_join(t[i], NULL);
    for (size_t i = 0; i < docs->n; i++) kg_doc_result_free(p.results[i]);
    free(p.results);
    free(t);
    pthread_cond_destroy(&p.space);
    pthread_cond_destroy(&p.done);
    pthread_mutex_destroy(&p.mu);
    return rc;
}

static int run_inline(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                      kg_cli_commit_fn commit, void *ud)
{
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, rules);
    int rc = 0;
    for (size_t i = 0; i < docs->n && !rc; i++) {
        kg_doc_result *r = run_one(ex, docs->paths[i], o);
        rc = commit(ud, r);
        kg_doc_result_free(r);
    }
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
