/*
 * tests/extract/test_input.c: document input (extract/input.c): sanitising
 * bytes in place, telling binary files from text, reading a document with
 * bounded memory (devices, sparse files, endless pipes, the size cap), and
 * expanding inputs into a sorted document list over a temporary tree.
 */
#define _DEFAULT_SOURCE /* setgroups() */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "extract/input.h"
#include "util/util.h"

/* Sanitise a copy of in[0, len) and compare it with want[0, len). */
static size_t sanitize_eq(const char *in, size_t len, const char *want)
{
    char *buf = kg_xmalloc(len + 1);
    memcpy(buf, in, len);
    size_t from = kg_doc_sanitize(buf, len);
    for (size_t i = 0; i < len; i++)
        cr_assert_eq((unsigned char)buf[i], (unsigned char)want[i],
                     "byte %zu: %02x, want %02x", i, (unsigned char)buf[i],
                     (unsigned char)want[i]);
    free(buf);
    return from;
}

#define SAN(in, want) sanitize_eq((in), sizeof(in) - 1, (want))

Test(extract_input, sanitize_plain_text_unchanged)
{
    cr_assert_eq(SAN("Hello, world.\r\n\tTab", "Hello, world.\r\n\tTab"), 0);
    cr_assert_eq(SAN("café € 😀", "café € 😀"), 0);
    cr_assert_eq(kg_doc_sanitize(NULL, 0), 0);
}

Test(extract_input, sanitize_nul)
{
    cr_assert_eq(SAN("a\0b\0\0", "a b  "), 0);
}

Test(extract_input, sanitize_invalid_bytes)
{
    SAN("a\xff" "b\x80" "c\xfe", "a\x1A" "b\x1A" "c\x1A");
    SAN("\xf5\x80\x80\x80", "\x1A\x1A\x1A\x1A");
}

Test(extract_input, sanitize_truncated_sequences)
{
    /* "€" is E2 82 AC: cut short before an ASCII letter and at the end */
    SAN("\xe2\x82" "A\xe2\x82\xac", "\x1A\x1A" "A\xe2\x82\xac");
    SAN("ok\xf0\x9f\x98", "ok\x1A\x1A\x1A");
    SAN("\xc3", "\x1A");
    /* a lead byte followed by another lead byte keeps the second character */
    SAN("\xc3\xc3\xa9", "\x1A\xc3\xa9");
}

Test(extract_input, sanitize_overlongs_surrogates_and_range)
{
    SAN("\xc0\xaf", "\x1A\x1A");                 /* overlong "/" */
    SAN("\xc1\xbf", "\x1A\x1A");
    SAN("\xe0\x80\xaf", "\x1A\x1A\x1A");         /* overlong, 3 bytes */
    SAN("\xf0\x80\x80\xaf", "\x1A\x1A\x1A\x1A"); /* overlong, 4 bytes */
    SAN("\xed\xa0\x80", "\x1A\x1A\x1A");         /* U+D800 */
    SAN("\xed\x9f\xbf", "\xed\x9f\xbf");         /* U+D7FF is fine */
    SAN("\xf4\x90\x80\x80", "\x1A\x1A\x1A\x1A"); /* U+110000 */
    SAN("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"); /* U+10FFFF is fine */
}

Test(extract_input, sanitize_bom)
{
    cr_assert_eq(SAN("\xEF\xBB\xBFHello", "\xEF\xBB\xBFHello"), 3);
    cr_assert_eq(SAN("\xEF\xBB\xBF", "\xEF\xBB\xBF"), 3);
    cr_assert_eq(SAN("\xEF\xBB", "\x1A\x1A"), 0);
    cr_assert_eq(SAN("x\xEF\xBB\xBF", "x\xEF\xBB\xBF"), 0, "a BOM only counts at the start");
}

Test(extract_input, binary_signatures)
{
    cr_assert(kg_looks_binary("%PDF-1.7\n", 9));
    cr_assert(kg_looks_binary("PK\3\4rest", 8));
    cr_assert(kg_looks_binary("\x7f" "ELF\2\1\1", 7));
    cr_assert(kg_looks_binary("GIF89a", 6));
    cr_assert(kg_looks_binary("\x89PNG\r\n\x1a\n", 8));
    cr_assert(kg_looks_binary("\xff\xd8\xff\xe0", 4));
    cr_assert(!kg_looks_binary("%PD", 3));
    cr_assert(!kg_looks_binary("The PDF format", 14));
}

Test(extract_input, binary_by_control_bytes)
{
    char buf[1000];
    memset(buf, 'a', sizeof buf);
    cr_assert(!kg_looks_binary(buf, sizeof buf));
    cr_assert(!kg_looks_binary(buf, 0));
    for (int i = 0; i < 5; i++) buf[i * 100] = '\0';
    cr_assert(!kg_looks_binary(buf, sizeof buf), "a text with a few NULs is text");
    memset(buf, 'a', sizeof buf);
    for (int i = 0; i < 99; i++) buf[i] = (char)(i % 2 ? 0x01 : 0x1B);
    cr_assert(!kg_looks_binary(buf, sizeof buf), "99 of 1000 is under 10%%");
    buf[500] = '\0';
    cr_assert(kg_looks_binary(buf, sizeof buf), "100 of 1000 is 10%%");
}

Test(extract_input, text_controls_are_text)
{
    char buf[100];
    for (int i = 0; i < 100; i++) buf[i] = "\t\n\r\f\v"[i % 5];
    cr_assert(!kg_looks_binary(buf, sizeof buf));
}

Test(extract_input, binary_looks_at_first_64k_only)
{
    size_t len = KG_SNIFF_BYTES + 20000;
    char *buf = kg_xcalloc(len, 1);
    memset(buf, 'x', KG_SNIFF_BYTES);
    cr_assert(!kg_looks_binary(buf, len), "NULs after the first block do not count");
    size_t tenth = (KG_SNIFF_BYTES + 9) / 10; /* 6554 control bytes make 10% */
    memset(buf, 0x02, tenth - 1);
    cr_assert(!kg_looks_binary(buf, len));
    buf[tenth - 1] = 0x02;
    cr_assert(kg_looks_binary(buf, len));
    free(buf);
}

/* ---- reading a document ---- */

static char *temp_file(const char *data, size_t len)
{
    char *path = kg_xstrdup("/tmp/kg_test_doc_XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

Test(extract_input, doc_read_text)
{
    char *path = temp_file("Acme employs Bob.\n", 18);
    char *text = NULL;
    size_t len = 0;
    kg_doc_kind kind;
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, KG_DOC_MAX_SIZE_DEFAULT), 0);
    cr_assert_eq(kind, KG_DOC_TEXT);
    cr_assert_eq(len, 18);
    cr_assert_str_eq(text, "Acme employs Bob.\n");
    free(text);
    /* exactly the cap is allowed; one byte less is not */
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, 18), 0);
    cr_assert_eq(kind, KG_DOC_TEXT);
    free(text);
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, 17), 0);
    cr_assert_eq(kind, KG_DOC_TOO_LARGE);
    cr_assert_null(text);
    cr_assert_eq(len, 0);
    unlink(path);
    free(path);
}

Test(extract_input, doc_read_large_text_beyond_first_block)
{
    size_t n = 3 * KG_SNIFF_BYTES + 123;
    char *data = kg_xmalloc(n);
    for (size_t i = 0; i < n; i++) data[i] = "Acme employs Bob.\n"[i % 18];
    char *path = temp_file(data, n);
    char *text = NULL;
    size_t len = 0;
    kg_doc_kind kind;
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, n), 0);
    cr_assert_eq(kind, KG_DOC_TEXT);
    cr_assert_eq(len, n);
    cr_assert(memcmp(text, data, n) == 0);
    free(text);
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, n - 1), 0);
    cr_assert_eq(kind, KG_DOC_TOO_LARGE);
    unlink(path);
    free(path);
    free(data);
}

/* A device that never ends, and a sparse file of 1 GiB: both decided from
 * the first block (a reader that read on would take seconds and gigabytes). */
Test(extract_input, doc_read_endless_and_sparse_are_binary, .timeout = 10)
{
    char *text = (char *)1;
    size_t len = 1;
    kg_doc_kind kind;
    cr_assert_eq(kg_doc_read(&text, &len, &kind, "/dev/zero", KG_DOC_MAX_SIZE_DEFAULT), 0);
    cr_assert_eq(kind, KG_DOC_BINARY);
    cr_assert_null(text);
    cr_assert_eq(len, 0);
    char *path = temp_file("", 0);
    cr_assert_eq(truncate(path, (off_t)1 << 30), 0);
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, SIZE_MAX), 0);
    cr_assert_eq(kind, KG_DOC_BINARY);
    cr_assert_null(text);
    unlink(path);
    free(path);
}

/* An endless text from a pipe stops at the cap (the writer then gets EPIPE). */
Test(extract_input, doc_read_endless_text_pipe_stops_at_cap, .timeout = 10)
{
    char dir[] = "/tmp/kg_test_fifo_XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *fifo = kg_xasprintf("%s/fifo", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        int fd = open(fifo, O_WRONLY);
        static const char line[] = "Acme employs Bob.\n";
        while (fd >= 0 && write(fd, line, sizeof line - 1) > 0) {}
        _exit(0);
    }
    char *text = NULL;
    size_t len = 0;
    kg_doc_kind kind;
    int rc = kg_doc_read(&text, &len, &kind, fifo, 1 << 20);
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert_eq(rc, 0);
    cr_assert_eq(kind, KG_DOC_TOO_LARGE);
    cr_assert_null(text);
    unlink(fifo);
    rmdir(dir);
    free(fifo);
}

Test(extract_input, doc_read_binary_and_missing)
{
    char *path = temp_file("%PDF-1.7\n", 9);
    char *text = NULL;
    size_t len = 0;
    kg_doc_kind kind;
    cr_assert_eq(kg_doc_read(&text, &len, &kind, path, KG_DOC_MAX_SIZE_DEFAULT), 0);
    cr_assert_eq(kind, KG_DOC_BINARY);
    unlink(path);
    free(path);
    cr_assert_eq(kg_doc_read(&text, &len, &kind, "/nonexistent/kg/x.txt", 100), KG_EIO);
    cr_assert_str_eq(kg_error_last(), "/nonexistent/kg/x.txt: No such file or directory");
    cr_assert_null(text);
}

/* ---- document lists over a temporary tree ---- */

static char root[64];

static void make_file(const char *rel)
{
    char *p = kg_xasprintf("%s/%s", root, rel);
    FILE *fp = fopen(p, "w");
    cr_assert(fp, "create %s", p);
    fputs("text\n", fp);
    fclose(fp);
    free(p);
}

static void make_dir(const char *rel)
{
    char *p = kg_xasprintf("%s/%s", root, rel);
    cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
    free(p);
}

static void make_tree(void)
{
    strcpy(root, "/tmp/kg_test_input_XXXXXX");
    cr_assert(mkdtemp(root));
    make_file("b.txt");
    make_file("C.txt");
    make_file(".hidden.txt");
    make_dir("a");
    make_file("a/2.txt");
    make_file("a/10.txt");
    make_dir(".git");
    make_file(".git/config");
    make_dir("sub");
    make_dir("sub/deep");
    make_file("sub/deep/z.txt");
    make_dir("empty");
    char *p = kg_xasprintf("%s/loop", root);
    cr_assert_eq(symlink(root, p), 0);
    free(p);
    p = kg_xasprintf("%s/flink", root);
    cr_assert_eq(symlink("b.txt", p), 0);
    free(p);
    p = kg_xasprintf("%s/dangling", root);
    cr_assert_eq(symlink("nowhere.txt", p), 0);
    free(p);
}

static void remove_tree(void)
{
    if (!root[0]) return;
    char *cmd = kg_xasprintf("rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
}

typedef struct warnings {
    kg_buf text;
    int n;
} warnings;

static void collect(void *ud, const char *msg)
{
    warnings *w = ud;
    kg_buf_puts(&w->text, msg);
    kg_buf_putc(&w->text, '\n');
    w->n++;
}

static void expect_list(const kg_doclist *l, const char *const *want)
{
    size_t i = 0;
    for (; want[i]; i++) {
        cr_assert(i < l->n, "missing document %zu: %s", i, want[i]);
        char *exp = want[i][0] == '/' || strcmp(want[i], "-") == 0
                        ? kg_xstrdup(want[i])
                        : kg_xasprintf("%s/%s", root, want[i]);
        cr_assert_str_eq(l->paths[i], exp, "document %zu", i);
        free(exp);
    }
    cr_assert_eq(l->n, i, "%zu documents, want %zu", l->n, i);
}

Test(extract_input, doclist_walks_sorted_skipping_hidden, .init = make_tree, .fini = remove_tree)
{
    kg_doclist l;
    warnings w = {KG_BUF_INIT, 0};
    const char *in[] = {root};
    cr_assert_eq(kg_doclist_expand(&l, in, 1, collect, &w), 0);
    expect_list(&l, (const char *const[]){"C.txt", "a/10.txt", "a/2.txt", "b.txt", "flink",
                                          "sub/deep/z.txt", NULL});
    cr_assert_eq(w.n, 0);
    kg_doclist_free(&l);
    cr_assert_eq(l.n, 0);
    cr_assert_null(l.paths);
    kg_buf_free(&w.text);
}

Test(extract_input, doclist_trailing_slash, .init = make_tree, .fini = remove_tree)
{
    kg_doclist l;
    char *dir = kg_xasprintf("%s/a/", root);
    const char *in[] = {dir};
    cr_assert_eq(kg_doclist_expand(&l, in, 1, NULL, NULL), 0);
    expect_list(&l, (const char *const[]){"a/10.txt", "a/2.txt", NULL});
    kg_doclist_free(&l);
    free(dir);
}

Test(extract_input, doclist_missing_path, .init = make_tree, .fini = remove_tree)
{
    kg_doclist l;
    warnings w = {KG_BUF_INIT, 0};
    char *missing = kg_xasprintf("%s/missing.txt", root);
    char *file = kg_xasprintf("%s/b.txt", root);
    char *sub = kg_xasprintf("%s/sub", root);
    const char *in[] = {file, missing, "-", sub};
    kg_error_clear();
    cr_assert_eq(kg_doclist_expand(&l, in, 4, collect, &w), KG_EIO);
    expect_list(&l, (const char *const[]){"b.txt", "-", "sub/deep/z.txt", NULL});
    char *msg = kg_xasprintf("%s: No such file or directory", missing);
    cr_assert_eq(w.n, 1);
    cr_assert_str_eq(kg_error_last(), msg);
    char *line = kg_xasprintf("%s\n", msg);
    cr_assert_str_eq(w.text.ptr, line);
    free(line);
    free(msg);
    free(missing);
    free(file);
    free(sub);
    kg_doclist_free(&l);
    kg_buf_free(&w.text);
}

Test(extract_input, doclist_keeps_stdin_and_order)
{
    kg_doclist l;
    warnings w = {KG_BUF_INIT, 0};
    const char *in[] = {"-", "/nonexistent/kg/x.txt", "-"};
    cr_assert_eq(kg_doclist_expand(&l, in, 3, collect, &w), KG_EIO);
    expect_list(&l, (const char *const[]){"-", "-", NULL});
    cr_assert_str_eq(w.text.ptr, "/nonexistent/kg/x.txt: No such file or directory\n");
    kg_doclist_free(&l);
    kg_buf_free(&w.text);
}

Test(extract_input, doclist_empty)
{
    kg_doclist l;
    cr_assert_eq(kg_doclist_expand(&l, NULL, 0, NULL, NULL), 0);
    cr_assert_eq(l.n, 0);
    kg_doclist_free(&l);
    kg_doclist_free(NULL);
}

/* The unreadable-directory case, without Criterion asserts so that it can
 * run in a child process: 0 when every expectation holds, otherwise the
 * number of the first that failed. */
static int unreadable_directory_case(const char *sub)
{
    kg_doclist l;
    warnings w = {KG_BUF_INIT, 0};
    const char *in[] = {root};
    int rc = kg_doclist_expand(&l, in, 1, collect, &w);
    char *line = kg_xasprintf("%s: Permission denied\n", sub);
    int bad = rc != KG_EIO ? 1 : !w.text.ptr || strcmp(w.text.ptr, line) ? 2 : l.n != 5 ? 3 : 0;
    static const char *const want[] = {"C.txt", "a/10.txt", "a/2.txt", "b.txt", "flink"};
    for (size_t i = 0; !bad && i < 5; i++) {
        char *exp = kg_xasprintf("%s/%s", root, want[i]);
        if (strcmp(l.paths[i], exp)) bad = 4;
        free(exp);
    }
    free(line);
    kg_doclist_free(&l);
    kg_buf_free(&w.text);
    return bad;
}

/* Root reads every directory, and CI runs as root: there the case runs in a
 * child that has become the unprivileged user nobody (65534). */
Test(extract_input, doclist_unreadable_directory, .init = make_tree, .fini = remove_tree)
{
    char *sub = kg_xasprintf("%s/sub", root);
    cr_assert_eq(chmod(sub, 0), 0);
    int bad;
    if (geteuid() != 0) {
        bad = unreadable_directory_case(sub);
    } else {
        cr_assert_eq(chmod(root, 0755), 0); /* mkdtemp made it 0700 */
        fflush(NULL);
        pid_t pid = fork();
        cr_assert(pid >= 0);
        if (pid == 0) {
            if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(100);
            if (geteuid() == 0) _exit(101);
            _exit(unreadable_directory_case(sub));
        }
        int st;
        cr_assert_eq(waitpid(pid, &st, 0), pid);
        cr_assert(WIFEXITED(st), "the child did not exit normally");
        bad = WEXITSTATUS(st);
        cr_assert_neq(bad, 100, "could not become uid 65534");
    }
    chmod(sub, 0755);
    cr_assert_eq(bad, 0, "expectation %d failed", bad);
    free(sub);
}
