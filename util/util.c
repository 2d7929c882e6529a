/*
 * util/util.c: errors, allocation, buffers, the string map, file reading and
 * atomic output.  See util.h for the contracts.
 *
 * The last error message is thread-local: compiled rules and graphs are
 * shared read-only between threads, and each thread reports its own errors.
 * The string map uses open addressing over a dense array of entries, so
 * slots are stable indexes in insertion order.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

/* Room for a rule-file diagnostic: a path, a capped message and a windowed
 * source line with its caret (rules/diag.h). */
static _Thread_local char last_error[8192];

const char *kg_error_last(void) { return last_error; }
void kg_error_clear(void) { last_error[0] = '\0'; }
const char *kg_version(void) { return KG_VERSION; }

int kg_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return code;
}

/* ---- out of memory ----
 * One policy for the whole program: an allocation that fails calls the
 * handler the application installed (the CLI's removes its temporary
 * output and exits with its own code), or else prints the message and
 * aborts.  The handler may run anywhere, even with a lock of stdio held, so
 * the message is written with write(2). */
static void (*volatile oom_handler)(void);

void kg_set_oom_handler(void (*handler)(void)) { oom_handler = handler; }

_Noreturn void kg_out_of_memory(void)
{
    static const char msg[] = "kgraph: out of memory\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    void (*h)(void) = oom_handler;
    if (h) h();
    abort();
}

static void *oom(void) { kg_out_of_memory(); }

#ifdef KG_TEST_HOOKS
/* Fault injection for the tests: the allocation after `fail_left` more
 * succeed fails as if memory had run out (KG_TEST_FAIL_ALLOC_AFTER=N from
 * the start of the process, or kg_test_fail_alloc_after() from a chosen
 * point).  -1: never.  Atomic: the extractor may allocate from threads. */
static _Atomic long fail_left = -2; /* -2: the environment not read yet */

void kg_test_fail_alloc_after(long n) { fail_left = n; }

static bool injected_failure(void)
{
    if (fail_left == -2) {
        const char *e = getenv("KG_TEST_FAIL_ALLOC_AFTER");
        long expect = -2;
        atomic_compare_exchange_strong(&fail_left, &expect, e && *e ? strtol(e, NULL, 10) : -1);
    }
    if (fail_left < 0) return false;
    return atomic_fetch_sub(&fail_left, 1) == 0;
}
#define INJECTED_FAILURE() injected_failure()
#else
#define INJECTED_FAILURE() false
#endif

void *kg_xmalloc(size_t n)
{
    void *p = INJECTED_FAILURE() ? NULL : malloc(n ? n : 1);
    return p ? p : oom();
}
void *kg_xcalloc(size_t count, size_t size)
{
    void *p = INJECTED_FAILURE() ? NULL : calloc(count ? count : 1, size ? size : 1);
    return p ? p : oom();
}
void *kg_xrealloc(void *p, size_t n)
{
    void *q = INJECTED_FAILURE() ? NULL : realloc(p, n ? n : 1);
    return q ? q : oom();
}
char *kg_xstrdup(const char *s) { return kg_xstrndup(s, strlen(s)); }
char *kg_xstrndup(const char *s, size_t n)
{
    char *p = kg_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
char *kg_xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = kg_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void kg_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem) oom();
        n *= 2;
    }
    *arr = kg_xrealloc(*arr, n * elem);
    *cap = n;
}

/* ---- buffers ---- */
void kg_buf_put(kg_buf *b, const void *data, size_t len)
{
    KG_GROW(b->ptr, b->cap, b->len + len + 1);
    if (len) memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}
void kg_buf_puts(kg_buf *b, const char *s) { kg_buf_put(b, s, strlen(s)); }
void kg_buf_putc(kg_buf *b, char c) { kg_buf_put(b, &c, 1); }
void kg_buf_printf(kg_buf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    KG_GROW(b->ptr, b->cap, b->len + (size_t)n + 1);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}
void kg_buf_clear(kg_buf *b)
{
    b->len = 0;
    if (b->ptr) b->ptr[0] = '\0';
}
char *kg_buf_detach(kg_buf *b)
{
    char *p = b->ptr ? b->ptr : kg_xstrdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}
void kg_buf_free(kg_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

/* ---- string map ---- */
typedef struct {
    char *key;
    size_t keylen;
    uint64_t hash;
    intptr_t value;
} map_entry;

struct kg_map {
    map_entry *entries; /* dense, insertion order */
    size_t count, cap;
    uint32_t *index;    /* open-addressing table of entry index + 1 */
    size_t nindex;      /* power of two */
};

uint64_t kg_hash(const void *data, size_t len)
{
    /* FNV-1a, 64 bit: fast enough for short keys and stable across runs. */
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

kg_map *kg_map_new(void) { return kg_xcalloc(1, sizeof(kg_map)); }

void kg_map_free(kg_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->count; i++) free(m->entries[i].key);
    free(m->entries);
    free(m->index);
    free(m);
}

static void map_rehash(kg_map *m)
{
    size_t n = m->nindex ? m->nindex * 2 : 16;
    free(m->index);
    m->index = kg_xcalloc(n, sizeof(uint32_t));
    m->nindex = n;
    for (size_t i = 0; i < m->count; i++) {
        size_t j = m->entries[i].hash & (n - 1);
        while (m->index[j]) j = (j + 1) & (n - 1);
        m->index[j] = (uint32_t)(i + 1);
    }
}

static long map_find(const kg_map *m, const char *key, size_t keylen, uint64_t h, size_t *pos)
{
    if (!m->nindex) return -1;
    size_t j = h & (m->nindex - 1);
    while (m->index[j]) {
        const map_entry *e = &m->entries[m->index[j] - 1];
        if (e->hash == h && e->keylen == keylen && memcmp(e->key, key, keylen) == 0)
            return (long)m->index[j] - 1;
        j = (j + 1) & (m->nindex - 1);
    }
    if (pos) *pos = j;
    return -1;
}

size_t kg_map_intern(kg_map *m, const char *key, size_t keylen, intptr_t def, bool *inserted)
{
    uint64_t h = kg_hash(key, keylen);
    long at = map_find(m, key, keylen, h, NULL);
    if (inserted) *inserted = at < 0;
    if (at >= 0) return (size_t)at;
    if ((m->count + 1) * 2 > m->nindex) map_rehash(m);
    size_t pos = 0; /* set by map_find, which gcc -O3 cannot see */
    map_find(m, key, keylen, h, &pos);
    KG_GROW(m->entries, m->cap, m->count + 1);
    map_entry *e = &m->entries[m->count];
    e->key = kg_xstrndup(key, keylen);
    e->keylen = keylen;
    e->hash = h;
    e->value = def;
    m->index[pos] = (uint32_t)(m->count + 1);
    return m->count++;
}

bool kg_map_get_hashed(const kg_map *m, const char *key, size_t keylen, uint64_t hash,
                       intptr_t *value)
{
    long at = map_find(m, key, keylen, hash, NULL);
    if (at < 0) return false;
    if (value) *value = m->entries[at].value;
    return true;
}

bool kg_map_get(const kg_map *m, const char *key, size_t keylen, intptr_t *value)
{
    return kg_map_get_hashed(m, key, keylen, kg_hash(key, keylen), value);
}
void kg_map_set_value(kg_map *m, size_t slot, intptr_t value) { m->entries[slot].value = value; }
intptr_t kg_map_value(const kg_map *m, size_t slot) { return m->entries[slot].value; }
const char *kg_map_key(const kg_map *m, size_t slot) { return m->entries[slot].key; }
size_t kg_map_count(const kg_map *m) { return m ? m->count : 0; }

/* ---- text or binary ---- */
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
    size_t n = len < KG_SNIFF_BYTES ? len : KG_SNIFF_BYTES, bad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 && !(c >= '\t' && c <= '\r')) bad++; /* \t \n \v \f \r are text */
    }
    return n > 0 && bad * 10 >= n;
}

/* ---- files ---- */
int kg_read_file(char **out, size_t *len, const char *path)
{
    return kg_read_file_max(out, len, path, SIZE_MAX);
}

int kg_read_file_max(char **out, size_t *len, const char *path, size_t max)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (!fp) return kg_error_set(KG_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    /* a device or a pipe ("/dev/zero") may never end: only a regular file
     * is read when there is a limit */
    if (!is_stdin && max != SIZE_MAX && (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode))) {
        fclose(fp);
        return kg_error_set(KG_EIO, "%s: not a regular file", path);
    }
    kg_buf b = KG_BUF_INIT;
    char chunk[65536];
    size_t n;
    /* a short read at end of file ends the loop: another fread would wait
     * for a second Ctrl-D on a terminal */
    while (!feof(fp) && (n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (b.len + n > max) {
            if (!is_stdin) fclose(fp);
            kg_buf_free(&b);
            return kg_error_set(KG_EIO, "%s: larger than %zu bytes", is_stdin ? "<stdin>" : path,
                                max);
        }
        kg_buf_put(&b, chunk, n);
    }
    int err = ferror(fp) ? errno : 0;
    if (!is_stdin) fclose(fp);
    if (err) {
        kg_buf_free(&b);
        return kg_error_set(KG_EIO, "%s: %s", is_stdin ? "<stdin>" : path,
                            strerror(err ? err : EIO));
    }
    *len = b.len;
    *out = kg_buf_detach(&b);
    return 0;
}

/* The file that writing `path` should replace: path itself, or the file a
 * symbolic link names (which need not exist yet). */
static char *link_target(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode)) return kg_xstrdup(path);
    char *real = realpath(path, NULL);
    if (real) return real;
    char to[4096];
    ssize_t n = readlink(path, to, sizeof to - 1);
    if (n <= 0) return kg_xstrdup(path);
    to[n] = '\0';
    const char *slash = strrchr(path, '/');
    if (to[0] == '/' || !slash) return kg_xstrdup(to);
    return kg_xasprintf("%.*s/%s", (int)(slash - path), path, to);
}

int kg_out_open(kg_out *out, const char *path)
{
    memset(out, 0, sizeof *out);
    out->path = kg_xstrdup(path);
    if (strcmp(path, "-") == 0) {
        out->fp = stdout;
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
        /* a device or a pipe: write in place, never rename over it */
        out->fp = fopen(path, "wb");
        if (!out->fp) {
            int e = errno;
            free(out->path);
            memset(out, 0, sizeof *out);
            return kg_error_set(KG_EOUTPUT, "%s: cannot write: %s", path, strerror(e));
        }
        return 0;
    }
    /* a symbolic link: replace the file it names, keep the link */
    out->target = link_target(path);
    /* the pid lets a later run prove the file stale (cli/output.c) */
    out->tmp = kg_xasprintf("%s.tmp.%ld.XXXXXX", out->target, (long)getpid());
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        int e = errno;
        free(out->tmp);
        free(out->target);
        free(out->path);
        memset(out, 0, sizeof *out);
        return kg_error_set(KG_EOUTPUT, "%s: cannot write: %s", path, strerror(e));
    }
    /* mkstemp makes the file 0600; give it the mode a plain create would. */
    static mode_t mask = (mode_t)-1;
    if (mask == (mode_t)-1) {
        mask = umask(022);
        umask(mask);
    }
    (void)fchmod(fd, 0666 & ~mask);
    out->fp = fdopen(fd, "wb");
    if (!out->fp) {
        close(fd);
        unlink(out->tmp);
        oom();
    }
    return 0;
}

int kg_out_commit(kg_out *out)
{
    int rc = 0, e = 0;
    if (fflush(out->fp) != 0 || ferror(out->fp)) e = errno ? errno : EIO;
    if (out->tmp) {
        if (!e && fsync(fileno(out->fp)) != 0 && errno != EINVAL) e = errno;
        if (fclose(out->fp) != 0 && !e) e = errno ? errno : EIO;
        if (!e && rename(out->tmp, out->target) != 0) e = errno;
        if (e) unlink(out->tmp);
    } else if (strcmp(out->path, "-") != 0) {
        if (fclose(out->fp) != 0 && !e) e = errno ? errno : EIO;
    }
    if (e) rc = kg_error_set(KG_EOUTPUT, "%s: write failed: %s",
                             strcmp(out->path, "-") == 0 ? "<stdout>" : out->path, strerror(e));
    free(out->tmp);
    free(out->target);
    free(out->path);
    memset(out, 0, sizeof *out);
    return rc;
}

void kg_out_abort(kg_out *out)
{
    if (!out->path) return;
    if (out->tmp) {
        fclose(out->fp);
        unlink(out->tmp);
    } else if (strcmp(out->path, "-") != 0) {
        fclose(out->fp);
    } else {
        fflush(out->fp);
    }
    free(out->tmp);
    free(out->target);
    free(out->path);
    memset(out, 0, sizeof *out);
}

/* ---- suggestions ---- */
size_t kg_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return cap + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0], best;
        row[0] = i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
            size_t v = row[j] + 1 < row[j - 1] + 1 ? row[j] + 1 : row[j - 1] + 1;
            row[j] = v < sub ? v : sub;
            prev = cur;
            if (row[j] < best) best = row[j];
        }
        if (best > cap) return cap + 1;
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

const char *kg_did_you_mean(const char *word, const char *const *cands, size_t n)
{
    size_t limit = strlen(word) / 3;
    if (limit < 2) limit = 2;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = kg_edit_distance(word, cands[i], limit);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
    }
    return best;
}

/* One thread's suggestion text: the names in it are short (keys, types,
 * formats), and a list that does not fit ends in "...". */
#define SUGGEST_MAX 512
static _Thread_local char suggest_buf[SUGGEST_MAX];

/* Append s to suggest_buf at *len unless that would leave no room for
 * "...)" and the NUL; false when it did not fit. */
static bool suggest_put(size_t *len, const char *s)
{
    size_t l = strlen(s);
    if (*len + l + 5 > SUGGEST_MAX) return false;
    memcpy(suggest_buf + *len, s, l + 1);
    *len += l;
    return true;
}

const char *kg_suggest(const char *word, const char *const *cands, size_t n, bool list)
{
    size_t len = 0;
    suggest_buf[0] = '\0';
    const char *best = kg_did_you_mean(word, cands, n);
    if (best) {
        if (suggest_put(&len, " (did you mean '") && suggest_put(&len, best)) suggest_put(&len, "'?)");
        else strcpy(suggest_buf, "");
        return suggest_buf;
    }
    if (!list || n == 0) return suggest_buf;
    bool fits = suggest_put(&len, " (choose ");
    for (size_t i = 0; i < n && fits; i++)
        fits = suggest_put(&len, i == 0 ? "" : i + 1 == n ? " or " : ", ") && suggest_put(&len, cands[i]);
    if (!fits) suggest_put(&len, "...");
    strcat(suggest_buf, ")");
    return suggest_buf;
}

/* ---- UTF-8 ---- */
size_t kg_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0) return 0;
    unsigned char b = s[0];
    if (b < 0x80) {
        if (cp) *cp = b;
        return 1;
    }
    /* Table 3-7 of the Unicode standard: the second byte's range rules out
     * overlong forms, surrogates and code points above U+10FFFF. */
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    uint32_t c;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 2, c = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 3, c = b & 0x0F;
        if (b == 0xE0) lo = 0xA0;
        else if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4, c = b & 0x07;
        if (b == 0xF0) lo = 0x90;
        else if (b == 0xF4) hi = 0x8F;
    } else {
        return 0; /* 80..C1, F5..FF */
    }
    if (n < need || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (cp) *cp = c;
    return need;
}
