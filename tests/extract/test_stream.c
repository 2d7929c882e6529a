/*
 * tests/extract/test_stream.c: extraction in windows (kg_extract_stream)
 * gives the records of the whole document (kg_extract_doc) byte for byte:
 * the example corpus joined into one long document, whose sentences,
 * acronyms and referring phrases cross window edges, read in the smallest
 * window and an odd size (kept small: under ASan with full stacks each
 * pass costs seconds); multi-byte characters, a BOM and
 * long runs of white space at window edges; a pipe that outgrows its cap.
 */
#define _DEFAULT_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kgraph/extract.h"
#include "kgraph/rules.h"
#include "util/util.h"

static int put_edge(void *ud, const kg_edge *e) { return kg_edge_write(ud, e); }
static int put_mention(void *ud, const kg_mention *m) { return kg_mention_write(ud, m); }

static kg_rules *nhs_rules(void)
{
    const char *path = KG_SOURCE_DIR "/examples/nhs/rules.yaml";
    kg_rules *r = NULL;
    cr_assert_eq(kg_rules_load(&r, &path, 1, NULL), 0, "%s", kg_error_last());
    return r;
}

/* Every record of `text` as JSON Lines, extracted whole or (window > 0)
 * through a file read in windows of that size. */
static char *records(const kg_rules *r, const char *text, size_t len, size_t window)
{
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, r);
    char *out = NULL;
    size_t outlen = 0;
    FILE *fp = open_memstream(&out, &outlen);
    kg_sink sink = {.edge = put_edge, .mention = put_mention, .ud = fp};
    if (!window) {
        cr_assert_eq(kg_extract_doc(ex, "doc.txt", text, len, &sink), 0);
    } else {
        char path[] = "/tmp/kg-stream-XXXXXX";
        int fd = mkstemp(path);
        cr_assert(fd >= 0);
        cr_assert_eq(write(fd, text, len), (ssize_t)len);
        close(fd);
        kg_doc_stream *ds = NULL;
        kg_doc_kind kind;
        cr_assert_eq(kg_doc_open(&ds, &kind, path, SIZE_MAX), 0);
        cr_assert_eq(kind, KG_DOC_TEXT);
        kg_extractor_set_window(ex, window);
        cr_assert_eq(kg_extract_stream(ex, "doc.txt", ds, &sink), 0, "%s", kg_error_last());
        cr_assert_eq(kg_doc_stream_bytes(ds), len);
        kg_doc_close(ds);
        unlink(path);
    }
    fclose(fp);
    kg_extractor_free(ex);
    return out;
}

/* The example corpus, every file joined (sorted), `copies` times over. */
static char *joined_corpus(size_t *len, int copies)
{
    const char *dir = KG_SOURCE_DIR "/examples/nhs/corpus";
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    cr_assert(n > 0);
    kg_buf b = KG_BUF_INIT;
    for (int c = 0; c < copies; c++) {
        for (int i = 0; i < n; i++) {
            if (names[i]->d_name[0] == '.') continue;
            char *path = kg_xasprintf("%s/%s", dir, names[i]->d_name);
            FILE *fp = fopen(path, "rb");
            free(path);
            if (!fp) continue;
            char chunk[4096];
            size_t got;
            while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) kg_buf_put(&b, chunk, got);
            fclose(fp);
            kg_buf_puts(&b, "\n\n");
        }
    }
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
    *len = b.len;
    return kg_buf_detach(&b);
}

static void same_as_whole(const kg_rules *r, const char *text, size_t len, size_t window)
{
    char *whole = records(r, text, len, 0);
    char *streamed = records(r, text, len, window);
    cr_assert(strlen(whole) > 0);
    cr_assert_str_eq(streamed, whole, "window %zu: the records differ", window);
    free(whole);
    free(streamed);
}

Test(extract_stream, the_corpus_in_windows_gives_the_whole_documents_records, .timeout = 300)
{
    kg_rules *r = nhs_rules();
    size_t len;
    char *text = joined_corpus(&len, 24);
    cr_assert(len > 150000, "the joined corpus is only %zu bytes", len);
    static const size_t windows[] = {1, 65536 + 7};
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) same_as_whole(r, text, len, windows[i]);
    free(text);
    kg_rules_free(r);
}

/* Window edges inside multi-byte characters, after a BOM, and in runs of
 * white space longer than the window. */
Test(extract_stream, edges_of_windows_in_awkward_places, .timeout = 300)
{
    kg_rules *r = nhs_rules();
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "\xEF\xBB\xBF");
    for (int i = 0; i < 1500; i++) {
        kg_buf_printf(&b, "NHS Kent CCG awarded a £%d contract to Medway NHS Foundation Trust. ", i);
        kg_buf_puts(&b, i % 7 ? "Café “naïve” — 😀 " : "\xE2\x82");   /* a cut-short € too */
        if (i % 400 == 0) for (int k = 0; k < 70000; k++) kg_buf_putc(&b, k % 100 ? ' ' : '\n');
    }
    same_as_whole(r, b.ptr, b.len, 1);
    same_as_whole(r, b.ptr, b.len, 65536 + 1);
    kg_buf_free(&b);
    kg_rules_free(r);
}

Test(extract_stream, a_pipe_that_outgrows_its_cap_stops_with_too_large, .timeout = 30)
{
    kg_rules *r = nhs_rules();
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        const char line[] = "NHS Kent CCG awarded a contract to Medway NHS Foundation Trust.\n";
        for (int i = 0; i < 20000; i++)
            if (write(p[1], line, sizeof line - 1) < 0) _exit(0);
        _exit(0);
    }
    close(p[1]);
    char path[32];
    snprintf(path, sizeof path, "/dev/fd/%d", p[0]);
    kg_doc_stream *ds = NULL;
    kg_doc_kind kind;
    cr_assert_eq(kg_doc_open(&ds, &kind, path, 200000), 0);
    cr_assert_eq(kind, KG_DOC_TEXT);
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, r);
    kg_sink sink = {0};
    cr_assert_eq(kg_extract_stream(ex, "pipe", ds, &sink), KG_EIO);
    cr_assert_eq(kg_doc_stream_kind(ds), KG_DOC_TOO_LARGE);
    kg_doc_close(ds);
    close(p[0]);
    waitpid(pid, NULL, 0);
    kg_extractor_free(ex);
    kg_rules_free(r);
}
