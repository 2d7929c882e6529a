/*
 * extract/input.c: documents in.  Three small jobs that sit in front of the
 * extraction pipeline (inputs -> documents -> sentences -> tokens -> ...):
 *
 *   kg_doclist_expand()  turns command-line inputs into a list of document
 *                        paths, walking directories in a fixed order so that
 *                        output never depends on readdir() order;
 *   kg_doc_read()        reads one document with bounded memory and time:
 *                        the first 64 KiB decide text or binary (the one
 *                        rule, kg_looks_binary() in util/), and a text is
 *                        read on only up to a cap, so /dev/zero, a sparse
 *                        1 GB file or an endless pipe cost one block or the
 *                        cap, never "until memory runs out";
 *   kg_doc_open()        the same for a document read in pieces (the
 *                        extractor's kg_extract_stream), so memory follows
 *                        the window, not the document;
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
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/input.h"
#include "util/util.h"

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

/* ---- reading a document ---- */

/* Append from fd to b until b holds `limit` bytes or the input ends (*eof).
 * A read() of 0 is the end, even on a terminal: one Ctrl-D ends the text.
 * Returns 0 or an errno value. */
static int read_upto(int fd, kg_buf *b, size_t limit, bool *eof)
{
    char chunk[65536];
    while (!*eof && b->len < limit) {
        size_t want = limit - b->len < sizeof chunk ? limit - b->len : sizeof chunk;
        ssize_t n = read(fd, chunk, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno ? errno : EIO;
        if (n == 0) *eof = true;
        else kg_buf_put(b, chunk, (size_t)n);
    }
    return 0;
}

int kg_doc_read(char **out, size_t *len, kg_doc_kind *kind, const char *path, size_t max_size)
{
    *out = NULL;
    *len = 0;
    *kind = KG_DOC_TEXT;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    int fd = is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return kg_error_set(KG_EIO, "%s: %s", name, strerror(errno));
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    kg_buf b = KG_BUF_INIT;
    bool eof = false;
    int err = read_upto(fd, &b, KG_SNIFF_BYTES, &eof);
    if (!err && kg_looks_binary(b.ptr, b.len)) {
        *kind = KG_DOC_BINARY;
    } else if (!err) {
        /* stop at max_size + 1: one byte more is enough to know */
        size_t limit = max_size == SIZE_MAX ? SIZE_MAX : max_size + 1;
        if (regular && (uintmax_t)st.st_size > (uintmax_t)max_size)
            *kind = KG_DOC_TOO_LARGE;
        else if (!(err = read_upto(fd, &b, limit, &eof)) && b.len > max_size)
            *kind = KG_DOC_TOO_LARGE;
    }
    if (!is_stdin) close(fd);
    if (err) {
        kg_buf_free(&b);
        return kg_error_set(KG_EIO, "%s: %s", name, strerror(err));
    }
    if (*kind != KG_DOC_TEXT) {
        kg_buf_free(&b);
        return 0;
    }
    *len = b.len;
    *out = kg_buf_detach(&b);
    return 0;
}

/* ---- reading a document in pieces ---- */

struct kg_doc_stream {
    int fd;
    bool is_stdin, eof, regular;
    char *name;                 /* for messages: the path, or "<stdin>" */
    size_t max_size, total;     /* the cap, and the bytes handed out so far */
    kg_buf first;               /* the block read to tell text from binary */
    size_t first_off;           /* how much of it has been handed out */
    kg_doc_kind kind;
};

int kg_doc_open(kg_doc_stream **out, kg_doc_kind *kind, const char *path, size_t max_size)
{
    *out = NULL;
    *kind = KG_DOC_TEXT;
    kg_doc_stream *s = kg_xcalloc(1, sizeof *s);
    s->is_stdin = strcmp(path, "-") == 0;
    s->name = kg_xstrdup(s->is_stdin ? "<stdin>" : path);
    s->max_size = max_size;
    s->fd = s->is_stdin ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0) {
        int rc = kg_error_set(KG_EIO, "%s: %s", s->name, strerror(errno));
        kg_doc_close(s);
        return rc;
    }
    struct stat st;
    bool regular = s->regular = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode);
    int err = read_upto(s->fd, &s->first, KG_SNIFF_BYTES, &s->eof);
    if (err) {
        int rc = kg_error_set(KG_EIO, "%s: %s", s->name, strerror(err));
        kg_doc_close(s);
        return rc;
    }
    if (kg_looks_binary(s->first.ptr, s->first.len)) *kind = KG_DOC_BINARY;
    else if ((regular && (uintmax_t)st.st_size > (uintmax_t)max_size) || s->first.len > max_size)
        *kind = KG_DOC_TOO_LARGE;
    s->kind = *kind;
    if (*kind != KG_DOC_TEXT) kg_doc_close(s);
    else *out = s;
    return 0;
}

int kg_doc_stream_read(kg_doc_stream *s, kg_buf *b, size_t want, bool *eof)
{
    size_t limit = b->len + want;
    if (s->first_off < s->first.len) {
        size_t n = s->first.len - s->first_off;
        if (n > want) n = want;
        kg_buf_put(b, s->first.ptr + s->first_off, n);
        s->first_off += n;
        s->total += n;
    }
    size_t before = b->len;
    int err = b->len < limit ? read_upto(s->fd, b, limit, &s->eof) : 0;
    s->total += b->len - before;
    *eof = s->eof && s->first_off == s->first.len;
    if (err) return kg_error_set(KG_EIO, "%s: %s", s->name, strerror(err));
    if (s->total > s->max_size) {
        s->kind = KG_DOC_TOO_LARGE;
        return kg_error_set(KG_EIO, "%s: larger than the size cap", s->name);
    }
    return 0;
}

kg_doc_kind kg_doc_stream_kind(const kg_doc_stream *s) { return s->kind; }
size_t kg_doc_stream_bytes(const kg_doc_stream *s) { return s->total; }
bool kg_doc_stream_is_regular(const kg_doc_stream *s) { return s->regular; }

void kg_doc_close(kg_doc_stream *s)
{
    if (!s) return;
    if (!s->is_stdin && s->fd >= 0) close(s->fd);
    kg_buf_free(&s->first);
    free(s->name);
    free(s);
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
