/*
 * tests/cli/test_limits.c: inputs that must not cost unbounded memory or
 * time (issue 14): a device that never ends, a document above
 * --max-doc-size (skipped with a warning, exit code 1) in each command that
 * reads documents, and the option's own errors.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "helpers.h"

#define RULES "-r examples/nhs/rules.yaml"

static char dir[64];
static char *big;      /* the first corpus document, 50 times: over 40 KiB */
static size_t big_size;

#define DOC "examples/nhs/corpus/01-community-services.txt"

static void setup(void)
{
    strcpy(dir, "/tmp/kg-limits-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    big = kg_xasprintf("%s/big.txt", dir);
    char *one = slurp(KG_SOURCE_DIR "/" DOC);
    FILE *fp = fopen(big, "w");
    cr_assert_not_null(fp);
    for (int i = 0; i < 50; i++) fputs(one, fp);
    fclose(fp);
    big_size = 50 * strlen(one);
    cr_assert_gt(big_size, 40 * 1024);
    free(one);
}

static void teardown(void)
{
    char *cmd = kg_xasprintf("rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    free(big);
}

TestSuite(cli_limits, .init = setup, .fini = teardown);

/* /dev/zero is decided from its first block: a warning, no edge, at once. */
Test(cli_limits, dev_zero_is_skipped_at_once, .timeout = 20)
{
    run_result r = run_kgraph("extract " RULES " /dev/zero");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: warning: /dev/zero: skipped: looks like a binary file\n");
    cr_assert_str_eq(r.out, "");
    run_free(&r);
}

Test(cli_limits, extract_skips_oversized_document)
{
    char *args = kg_xasprintf("extract " RULES " --max-doc-size 32K '%s' "
                              DOC " -o '%s/e.jsonl'", big, dir);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 1, "%s", r.err);
    char *want = kg_xasprintf("kgraph: warning: %s: skipped: larger than --max-doc-size (32 KiB)\n", big);
    cr_assert_str_eq(r.err, want);
    char *path = kg_xasprintf("%s/e.jsonl", dir);
    char *edges = slurp(path);
    cr_assert(strstr(edges, "01-community-services.txt") != NULL, "the other document was extracted");
    cr_assert(strstr(edges, "big.txt") == NULL);
    free(edges);
    free(path);
    free(want);
    free(args);
    run_free(&r);
}

/* The cap is inclusive: a document of exactly the cap is read. */
Test(cli_limits, extract_reads_document_at_cap)
{
    char *args = kg_xasprintf("extract " RULES " --max-doc-size %zu '%s'", big_size, big);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "big.txt") != NULL);
    free(args);
    run_free(&r);
    args = kg_xasprintf("extract " RULES " --max-doc-size %zu '%s'", big_size - 1, big);
    r = run_kgraph(args);
    cr_assert_eq(r.code, 1, "%s", r.err);
    char *want = kg_xasprintf("kgraph: warning: %s: skipped: larger than --max-doc-size (%zu bytes)\n"
                              "kgraph: no input could be read; nothing written\n", big, big_size - 1);
    cr_assert_str_eq(r.err, want);
    free(want);
    free(args);
    run_free(&r);
}

Test(cli_limits, stdin_over_cap)
{
    char *args = kg_xasprintf("extract " RULES " --max-doc-size 1K < '%s'", big);
    /* run_kgraph redirects stdin from /dev/null first; the later < wins */
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 1);
    cr_assert_str_eq(r.err, "kgraph: warning: <stdin>: skipped: larger than --max-doc-size (1 KiB)\n"
                            "kgraph: no input could be read; nothing written\n");
    free(args);
    run_free(&r);
}

Test(cli_limits, quiet_silences_the_warning_not_the_exit_code)
{
    char *args = kg_xasprintf("extract -q " RULES " --max-doc-size 1000 '%s' "
                              DOC, big);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 1);
    cr_assert_str_eq(r.err, "");
    free(args);
    run_free(&r);
}

Test(cli_limits, build_skips_oversized_document)
{
    char *args = kg_xasprintf("build " RULES " --max-doc-size 2K -q '%s' examples/nhs/corpus "
                              "-o '%s/out' --formats none", big, dir);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 1, "%s", r.err);
    free(args);
    char *path = kg_xasprintf("%s/out/edges.jsonl", dir);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "the build wrote its outputs");
    free(path);
    run_free(&r);
    args = kg_xasprintf("build " RULES " --max-doc-size 2K '%s' -o '%s/out2'", big, dir);
    r = run_kgraph(args);
    cr_assert_eq(r.code, 1);
    char *want = kg_xasprintf("kgraph: warning: %s: skipped: larger than --max-doc-size (2 KiB)\n", big);
    cr_assert(strstr(r.err, want) != NULL, "%s", r.err);
    free(want);
    free(args);
    run_free(&r);
}

Test(cli_limits, coverage_skips_oversized_document)
{
    char *args = kg_xasprintf("rules coverage " RULES " --max-doc-size 1M,1 '%s'", big);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 2);
    free(args);
    run_free(&r);
    args = kg_xasprintf("rules coverage " RULES " --max-doc-size 3K '%s'", big);
    r = run_kgraph(args);
    cr_assert_eq(r.code, 1, "%s", r.err);
    char *want = kg_xasprintf("kgraph: warning: %s: skipped: larger than --max-doc-size (3 KiB)\n", big);
    cr_assert_str_eq(r.err, want);
    cr_assert(strstr(r.out, "rules (0 sentences)") != NULL, "%s", r.out);
    free(want);
    free(args);
    run_free(&r);
}

Test(cli_limits, explain_file_is_bounded_too, .timeout = 20)
{
    run_result r = run_kgraph("explain " RULES " --file /dev/zero");
    cr_assert_eq(r.code, 1);
    cr_assert_str_eq(r.err, "kgraph: warning: /dev/zero: skipped: looks like a binary file\n");
    run_free(&r);
}

Test(cli_limits, bad_sizes_are_usage_errors)
{
    static const char *const bad[] = {"0", "x", "12Q", "M", "-5", "99999999999999999999", "16E",
                                      "20000000000G"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *args = kg_xasprintf("extract " RULES " --max-doc-size '%s' README.md", bad[i]);
        run_result r = run_kgraph(args);
        cr_assert_eq(r.code, 2, "%s: exit %d", bad[i], r.code);
        char *want = kg_xasprintf("kgraph: --max-doc-size needs a size such as 500K, 64M or 2G, "
                                  "not '%s'\n", bad[i]);
        cr_assert(strncmp(r.err, want, strlen(want)) == 0, "%s", r.err);
        free(want);
        free(args);
        run_free(&r);
    }
}

/* An edge file is read line by line, and a line is capped too: /dev/zero
 * is one endless line. */
Test(cli_limits, endless_edge_line_is_a_data_error, .timeout = 20)
{
    run_result r = run_kgraph("stats /dev/zero");
    cr_assert_eq(r.code, 5);
    cr_assert_str_eq(r.err, "kgraph: /dev/zero:1: a line longer than 16 MiB: not an edge file\n");
    run_free(&r);
}
