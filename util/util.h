/*
 * util/util.h: kgraph's internal support layer, used by every module and
 * installed nowhere.  Allocation wrappers (out of memory calls one handler,
 * the one documented policy), a growable byte buffer, a string hash map and set,
 * and atomically written output files.
 */
#ifndef KG_UTIL_H
#define KG_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kgraph/common.h"

/* ---- allocation: never returns NULL ----
 * On out of memory, "kgraph: out of memory" goes to stderr, then the
 * handler set by kg_set_oom_handler() runs (it must not return: the CLI's
 * removes its temporary output and _exit()s); without one, abort().
 * Allocations inside igraph, libyaml, PCRE2 and libxml2 follow those
 * libraries' own policies. */
void kg_set_oom_handler(void (*handler)(void));
/* The same path for memory that ran out outside kg_xmalloc (a memory
 * stream, a library's allocation seen as NULL): message, handler, abort(). */
_Noreturn void kg_out_of_memory(void);
#ifdef KG_TEST_HOOKS
/* Tests only: the allocation after n more succeed fails (-1: none). */
void kg_test_fail_alloc_after(long n);
#endif
void *kg_xmalloc(size_t n);
void *kg_xcalloc(size_t count, size_t size);
void *kg_xrealloc(void *p, size_t n);
char *kg_xstrdup(const char *s);
char *kg_xstrndup(const char *s, size_t n);
char *kg_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array `*arr` of `*cap` elements of `elem` bytes to hold `need`. */
void kg_grow(void **arr, size_t *cap, size_t need, size_t elem);
#define KG_GROW(arr, cap, need) kg_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* ---- growable byte buffer, always NUL-terminated ---- */
typedef struct kg_buf {
    char *ptr;
    size_t len, cap;
} kg_buf;

#define KG_BUF_INIT {NULL, 0, 0}
void kg_buf_put(kg_buf *b, const void *data, size_t len);
void kg_buf_puts(kg_buf *b, const char *s);
void kg_buf_putc(kg_buf *b, char c);
void kg_buf_printf(kg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kg_buf_clear(kg_buf *b);
/* Hand the buffer's string to the caller (never NULL) and reset b. */
char *kg_buf_detach(kg_buf *b);
void kg_buf_free(kg_buf *b);

/* ---- string -> value hash map (open addressing, keys copied) ----
 * Iteration order is insertion order, so nothing that depends on a map is
 * ever ordered "as the hash came out". */
typedef struct kg_map kg_map;
kg_map *kg_map_new(void);
void kg_map_free(kg_map *m);
/* Returns the slot index of key, inserting it with value `def` if absent.
 * *inserted (may be NULL) tells which happened. */
size_t kg_map_intern(kg_map *m, const char *key, size_t keylen, intptr_t def, bool *inserted);
/* Returns true and sets *value when key is present. */
bool kg_map_get(const kg_map *m, const char *key, size_t keylen, intptr_t *value);
/* kg_map_get for a caller that already has hash == kg_hash(key, keylen)
 * (the extractor hashes each token key once and asks several maps). */
bool kg_map_get_hashed(const kg_map *m, const char *key, size_t keylen, uint64_t hash,
                       intptr_t *value);
void kg_map_set_value(kg_map *m, size_t slot, intptr_t value);
intptr_t kg_map_value(const kg_map *m, size_t slot);
const char *kg_map_key(const kg_map *m, size_t slot);
size_t kg_map_count(const kg_map *m);
uint64_t kg_hash(const void *data, size_t len);

/* ---- atomic output ----
 * kg_out_open("-") writes to stdout; any other path writes to a temporary
 * file in the same folder, renamed over the path by kg_out_commit().  A
 * symbolic link is followed (the file it names is replaced, not the link),
 * and a path that exists but is no regular file or folder (/dev/stdout,
 * /dev/null, a pipe) is written in place: renaming over it would replace a
 * device with a file.  kg_out_abort() removes the temporary file.  Both
 * report write errors (a full disk, a closed pipe) as KG_EOUTPUT with the
 * path in the message. */
typedef struct kg_out {
    FILE *fp;
    char *path;     /* the final path, or "-" */
    char *tmp;      /* the temporary path, NULL for stdout or in-place writes */
    char *target;   /* the file renamed over (path with symlinks resolved) */
} kg_out;

int kg_out_open(kg_out *out, const char *path);
int kg_out_commit(kg_out *out);
void kg_out_abort(kg_out *out);

/* Read a whole file ("-" for stdin) into *out (NUL-terminated, caller
 * frees), its size in *len.  Errors: KG_EIO with the path and reason. */
int kg_read_file(char **out, size_t *len, const char *path);
/* The same, refusing more than `max` bytes and (for a path, not "-") anything
 * but a regular file, both as KG_EIO. */
int kg_read_file_max(char **out, size_t *len, const char *path, size_t max);

/* ---- text or binary: the one rule, used for documents and rule files ----
 * A buffer looks binary when it starts with the signature of a common binary
 * format (PDF, ZIP and so Office files, ELF, GIF, PNG, JPEG), or when at least
 * a tenth of its first KG_SNIFF_BYTES bytes are control characters other
 * than \t \n \v \f \r (NUL included: a text with a stray NUL stays text,
 * a run of NULs -- a sparse file, /dev/zero, UTF-16 -- does not).  Only the
 * first KG_SNIFF_BYTES are examined, so the caller can decide from the first
 * block of a file before reading the rest.  O(min(len, KG_SNIFF_BYTES)). */
#define KG_SNIFF_BYTES ((size_t)65536)
bool kg_looks_binary(const char *buf, size_t len);

/* ---- UTF-8: the one validator (docs/ARCHITECTURE.md, "UTF-8") ----
 * The length (1-4) of the well-formed UTF-8 sequence at s[0, n), with its
 * code point in *cp (may be NULL); 0 when s[0] starts no well-formed
 * sequence (a stray or missing continuation byte, an overlong form, a
 * surrogate, above U+10FFFF) or n is 0. */
size_t kg_utf8_next(const unsigned char *s, size_t n, uint32_t *cp);

/* Levenshtein distance, ASCII case ignored (users type "trust" for the type
 * TRUST), capped at `cap` (returns cap+1 when larger): for did-you-mean
 * suggestions. */
size_t kg_edit_distance(const char *a, const char *b, size_t cap);

/* Among `n` candidates, the one closest to `word` (distance <= 2 or a third
 * of its length), or NULL. */
const char *kg_did_you_mean(const char *word, const char *const *cands, size_t n);

/* The end of every "unknown <what> 'word'" message, the one place its
 * wording lives: " (did you mean 'C'?)" for the candidate kg_did_you_mean
 * picks; when none is close, with `list` " (choose a, b or c)" naming every
 * candidate, else "".  The text is in a buffer of the calling thread, valid
 * until its next call (so: straight into a printf-style call). */
const char *kg_suggest(const char *word, const char *const *cands, size_t n, bool list);

#endif
