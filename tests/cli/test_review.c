/*
 * tests/cli/test_review.c: hostile arguments and outputs found in review:
 * --help into a full standard output, number options that are empty, signed
 * or out of range, outputs that are devices or symbolic links, and binary
 * files given to `rules coverage`.
 */
#include <sys/stat.h>

#include "helpers.h"

#define PACK "examples/nhs/rules.yaml"
#define EDGES "tests/cli/golden/nhs-edges.jsonl"

/* Run "kgraph ARGS >/dev/full"; returns the exit code, *err its stderr. */
static int run_full(const char *args, char **err)
{
    char *errpath = kg_xasprintf("/tmp/kg-review-err-%d", (int)getpid());
    char *cmd = kg_xasprintf("cd '%s' && '%s' %s </dev/null >/dev/full 2>'%s'", KG_SOURCE_DIR, KG_BINARY,
                             args, errpath);
    int st = system(cmd);
    *err = slurp(errpath);
    unlink(errpath);
    free(errpath);
    free(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Test(cli_review, help_into_full_stdout_exit_4)
{
    if (access("/dev/full", W_OK) != 0) cr_skip_test("no /dev/full");
    const char *cases[] = {"--help", "--version", "extract --help", "rules coverage --help",
                           "explain -h"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *err;
        int code = run_full(cases[i], &err);
        cr_assert_eq(code, 4, "kgraph %s: exit %d", cases[i], code);
        cr_assert_str_eq(err, "kgraph: <stdout>: write failed: No space left on device\n", "kgraph %s",
                         cases[i]);
        free(err);
    }
}

Test(cli_review, export_into_full_stdout_names_stdout)
{
    if (access("/dev/full", W_OK) != 0) cr_skip_test("no /dev/full");
    char *err;
    int code = run_full("export -f dot " EDGES, &err);
    cr_assert_eq(code, 4);
    cr_assert_str_eq(err, "kgraph: <stdout>: write failed: No space left on device\n");
    free(err);
}

Test(cli_review, bad_numbers_are_usage_errors)
{
    const char *cases[][2] = {
        {"stats --limit= " EDGES, "kgraph: --limit needs a whole number, not ''\n"},
        {"stats --limit 99999999999999999999999 " EDGES,
         "kgraph: --limit needs a whole number, not '99999999999999999999999'\n"},
        {"stats --max-evidence -1 " EDGES, "kgraph: --max-evidence needs a whole number, not '-1'\n"},
        {"export -f json --max-evidence x " EDGES, "kgraph: --max-evidence needs a whole number, not 'x'\n"},
        {"build --edges " EDGES " -o /tmp/kg-review-never --max-evidence abc",
         "kgraph: --max-evidence needs a whole number, not 'abc'\n"},
        {"explain -r " PACK " --file examples/nhs/corpus/02-prime-provider.txt --line -1",
         "kgraph: --line needs a line number >= 1\n"},
        {"explain -r " PACK " --file examples/nhs/corpus/02-prime-provider.txt --line ' 5'",
         "kgraph: --line needs a line number >= 1\n"},
        {"rules coverage -r " PACK " --limit= examples/nhs/corpus",
         "kgraph: --limit and --examples need whole numbers\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_kgraph(cases[i][0]);
        cr_assert_eq(r.code, 2, "kgraph %s: exit %d\n%s", cases[i][0], r.code, r.err);
        cr_assert(strncmp(r.err, cases[i][1], strlen(cases[i][1])) == 0, "kgraph %s:\n%s", cases[i][0],
                  r.err);
        run_free(&r);
    }
    struct stat st;
    cr_assert_neq(stat("/tmp/kg-review-never", &st), 0, "a usage error must create nothing");
}

Test(cli_review, output_symlink_is_kept)
{
    char dir[] = "/tmp/kg-review-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char *link = kg_xasprintf("%s/link.jsonl", dir), *real = kg_xasprintf("%s/real.jsonl", dir);
    cr_assert_eq(symlink("real.jsonl", link), 0);
    char *args = kg_xasprintf("extract -r " PACK " -o '%s' examples/nhs/corpus", link);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "-o LINK must write the file the link names, not replace the link");
    char *got = slurp(real), *want = slurp(KG_SOURCE_DIR "/" EDGES);
    cr_assert_str_eq(got, want);
    free(got);
    free(want);
    run_free(&r);
    unlink(link);
    unlink(real);
    cr_assert_eq(rmdir(dir), 0, "no temporary file may be left behind");
    free(args);
    free(link);
    free(real);
}

Test(cli_review, coverage_warns_about_binary_files)
{
    run_result r = run_kgraph("rules coverage -r " PACK " tests/cli/fixtures/binary.bin");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: warning: tests/cli/fixtures/binary.bin: skipped: looks like a binary file\n");
    run_free(&r);
}
