/*
 * extract/input.h: getting documents in.  Private to extract/ (the CLI
 * includes it too): expanding command-line inputs into a list of documents,
 * telling binary files from text, and sanitising a document's bytes before
 * the sentence splitter and the tokeniser see them.  kg_looks_binary() is
 * declared in the public header kgraph/extract.h and defined in input.c.
 */
#ifndef KG_EXTRACT_INPUT_H
#define KG_EXTRACT_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "kgraph/extract.h"

/*
 * Sanitise a document in place so that it holds valid UTF-8 and no NUL:
 * each NUL becomes ' ', and each byte of invalid UTF-8 (a stray continuation
 * byte, a truncated sequence, an overlong form, a surrogate, a code point
 * above U+10FFFF, the bytes C0 C1 F5..FF) becomes 0x1A, which the tokeniser
 * and the splitter treat as white space.  CR and other control characters
 * are left alone.  The length never changes, so byte offsets into the
 * sanitised buffer are offsets into the original file.
 *
 * Returns the offset where the text starts: 3 after a UTF-8 byte-order mark,
 * otherwise 0.  O(len); cannot fail.
 */
size_t kg_doc_sanitize(char *buf, size_t len);

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

#endif
