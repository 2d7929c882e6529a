/*
 * kgraph/extract.h: text in, entity mentions and relation edges out.
 *
 * The extractor reads documents one at a time (memory stays flat as a corpus
 * grows), cuts each into sentences and tokens, finds entity mentions (one
 * gazetteer pass per sentence, then regexes and token patterns, then the
 * overlap policy), and runs relation rules only in sentences that hold at
 * least two mentions of types some relation accepts.  Each edge carries its
 * provenance: document, line, the evidence sentence and its byte offsets,
 * and the rule (with its file:line) that produced it.
 *
 * Threads: a kg_rules is immutable and shared; each thread owns its own
 * kg_extractor.
 *
 * The records it hands out, kg_edge and kg_mention, are declared in
 * kgraph/edges.h with the JSON Lines file format that carries them.
 */
#ifndef KGRAPH_EXTRACT_H
#define KGRAPH_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kgraph/common.h"
#include "kgraph/edges.h"
#include "kgraph/rules.h"

/* Receivers of results.  Returning non-zero stops the extraction and that
 * code is returned by kg_extract_doc (use KG_EOUTPUT for a failed write). */
typedef struct kg_sink {
    int (*edge)(void *ud, const kg_edge *e);
    int (*mention)(void *ud, const kg_mention *m);  /* may be NULL */
    void (*warn)(void *ud, const char *msg);        /* may be NULL */
    void *ud;
} kg_sink;

/* ---- inputs: command-line paths -> documents ---- */

/* A list of document paths; "-" names standard input.  Owns its strings. */
typedef struct kg_doclist {
    char **paths;
    size_t n, cap;
} kg_doclist;

/*
 * Expand command-line inputs into documents, in order:
 *   - "-" and any path that is not a directory stay as they are;
 *   - a directory is walked recursively, entries sorted bytewise (strcmp) at
 *     each level, keeping regular files (and symbolic links to them) and
 *     skipping hidden entries (names starting with '.'); symbolic links to
 *     directories are not followed, so a link loop cannot trap the walk, and
 *     dangling links are skipped silently.  A directory named on the
 *     command line is walked even when it is itself a symbolic link.
 * Paths are joined with a single '/'.
 *
 * A path that cannot be examined (missing, unreadable, an unreadable
 * directory) is reported through warn(ud, "PATH: reason") with the
 * strerror() text, e.g. "notes.txt: No such file or directory", and skipped;
 * warn may be NULL.  The first such message is also left in kg_error_last().
 *
 * *out is initialised by the call and holds the good documents whatever the
 * result; the caller frees it with kg_doclist_free().  Returns 0 when every
 * input could be examined, KG_EIO when at least one could not.
 */
int kg_doclist_expand(kg_doclist *out, const char *const *inputs, size_t n,
                      void (*warn)(void *ud, const char *msg), void *ud);

/* Free the paths and the array, and leave l empty.  NULL-safe. */
void kg_doclist_free(kg_doclist *l);

/* ---- the extractor ---- */

typedef struct kg_extractor kg_extractor;

/* A new extractor over `rules` (borrowed: the rules must outlive it). */
int kg_extractor_new(kg_extractor **out, const kg_rules *rules);
void kg_extractor_free(kg_extractor *ex);

/*
 * Extract from one document held in memory.  `text` may hold any bytes: a
 * BOM is skipped, CR and NUL count as white space, invalid UTF-8 is replaced
 * by U+FFFD in output strings; offsets always refer to the original bytes.
 * `doc` names the document in records.  Returns 0 or the sink's code.
 */
int kg_extract_doc(kg_extractor *ex, const char *doc, const char *text, size_t len,
                   const kg_sink *sink);

/* True when the first bytes of a file look binary rather than text. */
bool kg_looks_binary(const char *buf, size_t len);

#endif
