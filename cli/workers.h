/*
 * cli/workers.h: extracting a list of documents on -j threads, with every
 * result handed back in document order (see workers.c for the model).
 */
#ifndef KG_CLI_WORKERS_H
#define KG_CLI_WORKERS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "kgraph/extract.h"
#include "kgraph/rules.h"

/* The most threads -j accepts. */
#define KG_CLI_MAX_JOBS 1024

/* The -j option of extract and build. */
#define KG_JOBS_OPT \
    {"jobs", 'j', KG_OPT_VALUE, "N", "extract on N threads (default: the number of cores)"}

/* How reading one document went. */
typedef enum kg_doc_status {
    KG_DOC_DONE,            /* read and extracted */
    KG_DOC_UNREADABLE,      /* message says why */
    KG_DOC_SKIPPED_BINARY,  /* looks binary: skipped */
    KG_DOC_SKIPPED_LARGE    /* larger than --max-doc-size: skipped */
} kg_doc_status;

/* One document's results, or a chunk of them, owned by whoever holds it.
 * A long document's records come in chunks (partial: records only, in
 * order) before its last result, which holds the rest of the records, the
 * status, the warnings and the size. */
typedef struct kg_doc_result {
    const char *path;             /* borrowed from the document list */
    bool partial;                 /* a chunk: more of this document follows */
    kg_doc_status status;
    char *message;                /* KG_DOC_UNREADABLE: "path: reason" */
    size_t bytes;                 /* the document's size */
    char *edges;                  /* edge records, JSON Lines (may be NULL) */
    size_t edges_len, nedges;
    char *mentions;               /* mention records, when asked for */
    size_t mentions_len, nmentions;
    char **warnings;              /* the extractor's warnings, in order */
    size_t nwarnings, warncap;
    struct kg_doc_result *next;   /* the pool's queue */
} kg_doc_result;

void kg_doc_result_free(kg_doc_result *r);

typedef struct kg_cli_run_options {
    size_t jobs;            /* threads; 0 or 1: none, all on the caller */
    size_t max_doc_size;    /* --max-doc-size */
    bool mentions;          /* record mentions too */
} kg_cli_run_options;

/* Called on the calling thread for every chunk and result, in document
 * order (a document's chunks before its result).
 * Returns 0, or an error code that stops the run (and is returned). */
typedef int (*kg_cli_commit_fn)(void *ud, const kg_doc_result *r);

/* Extract every document of `docs` with the rules (shared, read-only) on
 * o->jobs threads, committing each result in order. */
int kg_cli_extract_docs(const kg_rules *rules, const kg_doclist *docs, const kg_cli_run_options *o,
                        kg_cli_commit_fn commit, void *ud);

/* The number of cores this process may run on. */
size_t kg_cli_default_jobs(void);

/* -j N: a whole number from 1 to KG_CLI_MAX_JOBS. */
bool kg_cli_parse_jobs(const char *s, size_t *out);

#endif
