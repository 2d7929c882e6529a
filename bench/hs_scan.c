/* bench/hs_scan.c: a reference for bench/scale-bench.sh.  Finds every
 * occurrence of a list of literal names in files with Hyperscan, the way a
 * user who knows the fastest multi-literal matcher would: the names are
 * compiled once with hs_compile_lit_multi (block mode), each file is read
 * whole and scanned, and the matches are counted.
 *
 *   hs_scan [-i] LITERALS_FILE FILE...
 *
 * -i compiles the names caseless (HS_FLAG_CASELESS, ASCII case only).
 * Prints "matches N bytes B compile_s C scan_s S" on stdout.  Exit 0, or 1
 * with a message on stderr.  Built only when libhyperscan-dev is installed
 * (bench/CMakeLists.txt); not part of kgraph. */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger) free(buf);
            buf = bigger;
        }
    }
    if (ferror(fp)) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    *len = n;
    return buf;
}

/* The literals, one per line, without empty lines. */
typedef struct literals {
    char **text;
    size_t *len;
    unsigned *flags, *ids;
    size_t n;
    char *buf;
} literals;

static int load_literals(literals *l, const char *path, unsigned flags)
{
    size_t len;
    memset(l, 0, sizeof *l);
    if (!(l->buf = slurp(path, &len))) return -1;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++) lines += l->buf[i] == '\n';
    l->text = calloc(lines, sizeof *l->text);
    l->len = calloc(lines, sizeof *l->len);
    l->flags = calloc(lines, sizeof *l->flags);
    l->ids = calloc(lines, sizeof *l->ids);
    if (!l->text || !l->len || !l->flags || !l->ids) return -1;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && l->buf[j] != '\n') j++;
        if (j > i) {
            l->text[l->n] = l->buf + i;
            l->len[l->n] = j - i;
            l->flags[l->n] = flags;
            l->ids[l->n] = (unsigned)l->n;
            l->n++;
        }
        i = j + 1;
    }
    return 0;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned fl,
                    void *ctx)
{
    (void)id, (void)from, (void)to, (void)fl;
    ++*(unsigned long long *)ctx;
    return 0;
}

int main(int argc, char **argv)
{
    int arg = 1;
    unsigned flags = 0;
    if (arg < argc && strcmp(argv[arg], "-i") == 0) flags = HS_FLAG_CASELESS, arg++;
    if (argc - arg < 2) {
        fprintf(stderr, "usage: hs_scan [-i] LITERALS_FILE FILE...\n");
        return 1;
    }
    literals l;
    if (load_literals(&l, argv[arg], flags) != 0 || l.n == 0) {
        fprintf(stderr, "hs_scan: %s: cannot read literals\n", argv[arg]);
        return 1;
    }
    double t0 = now();
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    if (hs_compile_lit_multi((const char *const *)l.text, l.flags, l.ids, l.len, (unsigned)l.n,
                             HS_MODE_BLOCK, NULL, &db, &err) != HS_SUCCESS) {
        fprintf(stderr, "hs_scan: compile: %s\n", err ? err->message : "failed");
        return 1;
    }
    double compile_s = now() - t0;
    hs_scratch_t *scratch = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        fprintf(stderr, "hs_scan: cannot allocate scratch\n");
        return 1;
    }
    unsigned long long matches = 0, bytes = 0;
    double scan_s = 0;
    for (int i = arg + 1; i < argc; i++) {
        size_t len;
        char *text = slurp(argv[i], &len);
        if (!text) {
            fprintf(stderr, "hs_scan: %s: cannot read\n", argv[i]);
            return 1;
        }
        double t1 = now();
        if (hs_scan(db, text, (unsigned)len, 0, scratch, on_match, &matches) != HS_SUCCESS) {
            fprintf(stderr, "hs_scan: %s: scan failed\n", argv[i]);
            return 1;
        }
        scan_s += now() - t1;
        bytes += len;
        free(text);
    }
    printf("matches %llu bytes %llu compile_s %.3f scan_s %.3f\n", matches, bytes, compile_s,
           scan_s);
    hs_free_scratch(scratch);
    hs_free_database(db);
    free(l.text), free(l.len), free(l.flags), free(l.ids), free(l.buf);
    return 0;
}
