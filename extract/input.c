/*
 * extract/input.c: documents in.  Three small jobs that sit in front of the
 * extraction pipeline (inputs -> documents -> sentences -> tokens -> ...):
 *
 *   kg_doclist_expand()  turns command-line inputs into a list of document
 *                        paths, walking directories in a fixed order so that
 *                        output never depends on readdir() order;
 *   kg_looks_binary()    lets the caller skip a PDF or an image with a
 *                        warning instead of extracting garbage from it;
 *   kg_doc_sanitize()    makes a document's bytes safe for the splitter and
 *                        the tokeniser: afterwards the buffer is valid UTF-8
 *                        without NUL, and it has the same length, so every
 *                        offset reported later is an offset into the file.
 *
 * Sanitising replaces bytes one for one: NUL by ' ', and every byte that is
 * not part of a well-formed UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF) by 0x1A (ASCII SUB), which text/
 * treats as white space.  A truncated sequence loses each of its bytes; the
 * byte after it is examined afresh, so a valid character is never swallowed.
 *
 * The directory walk is depth-first, sorts the names of each directory with
 * strcmp before visiting them, reads each directory completely and closes it
 * before descending (one open directory at a time, whatever the depth), and
 * never follows a symbolic link to a directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/input.h"
#include "util/util.h"

#define BINARY_SNIFF_BYTES 8192

/* ---- sanitising ---- */

size_t kg_doc_sanitize(char *buf, size_t len)
{
    unsigned char *s = (unsigned char *)buf;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            if (s[i] == 0) s[i] = ' ';
            i++;
            continue;
        }
        size_t l = kg_utf8_next(s + i, len - i, NULL);
        if (l == 0) {
            s[i++] = 0x1A;
        } else {
            i += l;
        }
    }
    return len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
}

/* ---- binary detection ---- */

bool kg_looks_binary(const char *buf, size_t len)
{
    static const struct {
        const char *magic;
        size_t len;
    } sigs[] = {
        {"%PDF", 4}, {"PK\3\4", 4}, {"\x7f" "ELF", 4}, {"GIF8", 4}, {"\x89PNG", 4},
        {"\xff\xd8\xff", 3},
    };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        if (len >= sigs[i].len && memcmp(buf, sigs[i].magic, sigs[i].len) == 0) return true;
    size_t n = len < BINARY_SNIFF_BYTES ? len : BINARY_SNIFF_BYTES, bad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && !(c >= '\t' && c <= '\r')) bad++; /* \t \n \v \f \r are text */
    }
    return n > 0 && bad * 10 >= n;
}

/* ---- expanding inputs ---- */

typedef struct walker {
    kg_doclist *out;
    void (*warn)(void *ud, const char *msg);
    void *ud;
    int rc;
} walker;

static void push(kg_doclist *l, const char *path)
{
    KG_GROW(l->paths, l->cap, l->n + 1);
    l->paths[l->n++] = kg_xstrdup(path);
}

/* Report `path` as unusable for reason `err` (an errno value). */
static void fail(walker *w, const char *path, int err)
{
    char *msg = kg_xasprintf("%s: %s", path, strerror(err));
    if (w->rc == 0) kg_error_set(KG_EIO, "%s", msg);
    w->rc = KG_EIO;
    if (w->warn) w->warn(w->ud, msg);
    free(msg);
}

/* Add a regular file, after checking that it can be read. */
static void add_file(walker *w, const char *path)
{
    if (access(path, R_OK) != 0) fail(w, path, errno);
    else push(w->out, path);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the regular files below directory `dir`, in sorted order. */
static void walk_dir(walker *w, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fail(w, dir, errno);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(d);
        if (!e) {
            if (errno) fail(w, dir, errno);
            break;
        }
        if (e->d_name[0] == '.') continue; /* hidden, and "." and ".." */
        KG_GROW(names, cap, n + 1);
        names[n++] = kg_xstrdup(e->d_name);
    }
    closedir(d);
    if (n > 1) qsort(names, n, sizeof *names, cmp_names);

    size_t dl = strlen(dir);
    bool slash = dl > 0 && dir[dl - 1] == '/';
    for (size_t i = 0; i < n; i++) {
        char *path = kg_xasprintf("%s%s%s", dir, slash ? "" : "/", names[i]);
        struct stat st;
        if (lstat(path, &st) != 0) {
            fail(w, path, errno);
        } else if (S_ISDIR(st.st_mode)) {
            walk_dir(w, path);
        } else if (S_ISREG(st.st_mode)) {
            add_file(w, path);
        } else if (S_ISLNK(st.st_mode)) {
            /* follow links to files only; skip links to directories
             * (loops) and dangling links */
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) add_file(w, path);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

int kg_doclist_expand(kg_doclist *out, const char *const *inputs, size_t n,
                      void (*warn)(void *ud, const char *msg), void *ud)
{
    memset(out, 0, sizeof *out);
    walker w = {out, warn, ud, 0};
    for (size_t i = 0; i < n; i++) {
        const char *path = inputs[i];
        struct stat st;
        if (strcmp(path, "-") == 0) {
            push(out, path);
        } else if (stat(path, &st) != 0) {
            fail(&w, path, errno);
        } else if (S_ISDIR(st.st_mode)) {
            walk_dir(&w, path);
        } else if (S_ISREG(st.st_mode)) {
            add_file(&w, path);
        } else {
            push(out, path); /* a FIFO or a device named on purpose */
        }
    }
    return w.rc;
}

void kg_doclist_free(kg_doclist *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->n; i++) free(l->paths[i]);
    free(l->paths);
    memset(l, 0, sizeof *l);
}
