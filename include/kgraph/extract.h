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

/* True when the first bytes of a file look binary rather than text: a known
 * binary signature, or a tenth or more control characters (other than
 * tab, line and page breaks) in the first 64 KiB.  The one rule kgraph uses
 * for every input. */
bool kg_looks_binary(const char *buf, size_t len);

/* ---- reading a document: bounded in time and memory ---- */

/* What kg_doc_read() found. */
typedef enum kg_doc_kind {
    KG_DOC_TEXT,      /* read whole: *out holds it */
    KG_DOC_BINARY,    /* the first 64 KiB look binary; nothing more was read */
    KG_DOC_TOO_LARGE  /* more than max_size bytes; reading stopped there */
} kg_doc_kind;

/* The default cap on a document's size (kgraph --max-doc-size): 64 MiB. */
#define KG_DOC_MAX_SIZE_DEFAULT ((size_t)64 << 20)

/* Read the document at `path` ("-" for standard input, read up to its first
 * end-of-file, so one Ctrl-D ends it on a terminal).  The first block (64 KiB,
 * or less at end of file) decides text or binary; a binary document is
 * not read further, so a device such as /dev/zero or a large sparse file costs
 * one block.  A text document is read on only up to max_size bytes (a regular
 * file's size is checked before reading on).  On KG_DOC_TEXT *out holds the
 * bytes (NUL-terminated, caller frees) and *len their number; otherwise *out
 * is NULL.  Returns 0 with *kind set, or KG_EIO ("path: reason") if the file
 * cannot be opened or read, with *out NULL.  Memory: at most max_size plus one
 * block; time: O(bytes read). */
int kg_doc_read(char **out, size_t *len, kg_doc_kind *kind, const char *path, size_t max_size);

/* ---- a document read in pieces: memory follows the window, not the document ---- */

typedef struct kg_doc_stream kg_doc_stream;

/* Open the document at `path` ("-" for standard input) and read its first
 * block (64 KiB) to decide text or binary, as kg_doc_read() does.  Returns 0
 * with *kind set: on KG_DOC_TEXT *out is the open stream (close it with
 * kg_doc_close), otherwise *out is NULL (binary, or a regular file larger
 * than max_size).  KG_EIO ("path: reason") when it cannot be opened or read. */
int kg_doc_open(kg_doc_stream **out, kg_doc_kind *kind, const char *path, size_t max_size);
/* KG_DOC_TOO_LARGE once a stream (a pipe) has grown past its max_size:
 * kg_extract_stream then stopped with KG_EIO, and its records so far are
 * of a partial document. */
kg_doc_kind kg_doc_stream_kind(const kg_doc_stream *s);
/* The bytes read from the stream so far. */
size_t kg_doc_stream_bytes(const kg_doc_stream *s);
/* A regular file, whose size was checked against the cap when it was opened
 * (a pipe's can only be known at its end). */
bool kg_doc_stream_is_regular(const kg_doc_stream *s);
void kg_doc_close(kg_doc_stream *s);

/* The window kg_extract_stream reads at a time, by default. */
#define KG_STREAM_WINDOW_DEFAULT ((size_t)1 << 20)

/*
 * Extract from a document read in windows: the same records, byte for byte,
 * as kg_extract_doc() on the whole text (offsets are into the document),
 * with memory bounded by the window instead of the document's size.
 * Returns 0, the sink's code, or KG_EIO when reading failed or the document
 * outgrew its size cap (see kg_doc_stream_kind); records already sent then
 * belong to a partial document, so a caller that must not show one buffers
 * them.
 */
int kg_extract_stream(kg_extractor *ex, const char *doc, kg_doc_stream *s, const kg_sink *sink);

/* Read `bytes` at a time in kg_extract_stream (at least 64 KiB; tests use
 * small windows to cross many window edges). */
void kg_extractor_set_window(kg_extractor *ex, size_t bytes);

#endif
