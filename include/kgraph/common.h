/*
 * kgraph/common.h: what every kgraph module shares: error codes, the last
 * error message, and the version.
 *
 * Error convention (after libgit2): a fallible function returns 0 or a
 * negative KG_E* code.  The message is set once, where the failure happens,
 * with kg_error_set(); callers pass the code up unchanged.  The message lives
 * in thread-local storage, so threads never see each other's errors.
 *
 * Out of memory: kgraph does not try to recover.  Every allocation goes
 * through kg_xmalloc() and friends, which print "kgraph: out of memory" and
 * abort.  No API function returns an out-of-memory code.
 */
#ifndef KGRAPH_COMMON_H
#define KGRAPH_COMMON_H

#include <stddef.h>

enum {
    KG_OK = 0,
    KG_EIO = -1,      /* an input could not be read */
    KG_EUSAGE = -2,   /* bad command line or API misuse by the caller */
    KG_ERULE = -3,    /* a rule file is invalid */
    KG_EOUTPUT = -4,  /* an output could not be written */
    KG_EFORMAT = -5,  /* a data file (edges, mentions) is malformed */
    KG_EGRAPH = -6,   /* a graph computation failed */
    KG_ENOTFOUND = -7 /* a named entity, type or relation does not exist */
};

/* The message of the last error set on this thread, or "" if none. */
const char *kg_error_last(void);

/* kg_error_set: record a message for `code` and return `code`, so that the
 * failing site can write `return kg_error_set(KG_EIO, "...", ...)`. */
int kg_error_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clear the last error message. */
void kg_error_clear(void);

/* The library version, "MAJOR.MINOR.PATCH". */
const char *kg_version(void);

#endif
