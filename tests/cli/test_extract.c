/*
 * tests/cli/test_extract.c: `kgraph extract` and `kgraph rules check` end to
 * end: the bundled example against golden files, and every class of bad
 * input with its exact message and exit code.
 */
#include <sys/stat.h>

#include "helpers.h"

#define PACK "examples/nhs/rules.yaml"

Test(cli_extract, example_edges_match_golden)
{
    run_result r = run_kgraph("extract -r " PACK " examples/nhs/corpus");
    cr_assert_eq(r.code, 0, "stderr: %s", r.err);
    cr_assert_str_eq(r.err, "");
    expect_golden(r.out, "nhs-edges.jsonl");
    run_free(&r);
}

Test(cli_extract, example_mentions_match_golden)
{
    char *path = kg_xasprintf("/tmp/kg-mentions-%d.jsonl", (int)getpid());
    char *args = kg_xasprintf("extract -r " PACK " --mentions %s -o /dev/null examples/nhs/corpus", path);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "stderr: %s", r.err);
    char *got = slurp(path);
    expect_golden(got, "nhs-mentions.jsonl");
    free(got);
    unlink(path);
    free(path);
    free(args);
    run_free(&r);
}

Test(cli_extract, output_is_deterministic)
{
    run_result a = run_kgraph("extract -r " PACK " examples/nhs/corpus");
    run_result b = run_kgraph("extract -r " PACK " examples/nhs/corpus");
    cr_assert_str_eq(a.out, b.out);
    run_free(&a);
    run_free(&b);
}

Test(cli_extract, stdin_is_the_default_input)
{
    run_result r = run_kgraph("extract -r " PACK " < examples/nhs/corpus/02-prime-provider.txt");
    cr_assert_eq(r.code, 0);
    cr_assert(strstr(r.out, "\"doc\":\"-\"") != NULL, "%s", r.out);
    run_free(&r);
}

Test(cli_extract, missing_input_is_reported_and_others_processed)
{
    run_result r = run_kgraph("extract -r " PACK " no-such-file.txt examples/nhs/corpus/02-prime-provider.txt");
    cr_assert_eq(r.code, 1);
    cr_assert_str_eq(r.err, "kgraph: warning: no-such-file.txt: No such file or directory\n");
    cr_assert(strstr(r.out, "Castlegate Healthcare") != NULL);
    run_free(&r);
}

Test(cli_extract, binary_input_is_skipped)
{
    run_result r = run_kgraph("extract -r " PACK " tests/cli/fixtures/binary.bin");
    cr_assert_eq(r.code, 0);
    cr_assert_str_eq(r.err, "kgraph: warning: tests/cli/fixtures/binary.bin: skipped: looks like a binary file\n");
    cr_assert_str_eq(r.out, "");
    run_free(&r);
}

Test(cli_extract, rule_error_exit_3_and_no_output_file)
{
    run_result r = run_kgraph("extract -r tests/cli/fixtures/bad-key.yaml -o /tmp/kg-never.jsonl "
                              "examples/nhs/corpus");
    cr_assert_eq(r.code, 3);
    cr_assert_str_eq(r.err,
                     "kgraph: tests/cli/fixtures/bad-key.yaml:3:5: unknown key 'lable' in type "
                     "(did you mean 'label'?)\n"
                     "      lable: Organisation\n"
                     "      ^~~~~\n");
    cr_assert_neq(access("/tmp/kg-never.jsonl", F_OK), 0);
    run_free(&r);
}

Test(cli_extract, unwritable_output_exit_4)
{
    run_result r = run_kgraph("extract -r " PACK " -o /nonexistent/dir/e.jsonl examples/nhs/corpus");
    cr_assert_eq(r.code, 4);
    cr_assert_str_eq(r.err, "kgraph: /nonexistent/dir/e.jsonl: cannot write: No such file or directory\n");
    run_free(&r);
}

Test(cli_extract, full_stdout_exit_4)
{
    if (access("/dev/full", W_OK) != 0) cr_skip_test("no /dev/full");
    char *cmd = kg_xasprintf("cd '%s' && '%s' extract -r " PACK " examples/nhs/corpus >/dev/full "
                             "2>/tmp/kg-full-err-%d", KG_SOURCE_DIR, KG_BINARY, (int)getpid());
    int st = system(cmd);
    cr_assert(WIFEXITED(st));
    cr_assert_eq(WEXITSTATUS(st), 4);
    char *errpath = kg_xasprintf("/tmp/kg-full-err-%d", (int)getpid());
    char *err = slurp(errpath);
    cr_assert_str_eq(err, "kgraph: <stdout>: write failed: No space left on device\n");
    unlink(errpath);
    free(err);
    free(errpath);
    free(cmd);
}

Test(cli_extract, no_rules_is_a_usage_error)
{
    run_result r = run_kgraph("extract examples/nhs/corpus");
    cr_assert_eq(r.code, 2);
    cr_assert(strncmp(r.err, "kgraph: no rule file: give one with -r RULES.yaml\nUsage: kgraph extract",
                      70) == 0, "%s", r.err);
    run_free(&r);
}

Test(cli_extract, unknown_option_did_you_mean)
{
    run_result r = run_kgraph("extract --rule x.yaml");
    cr_assert_eq(r.code, 2);
    cr_assert(strncmp(r.err, "kgraph: unknown option '--rule' (did you mean '--rules'?)\n", 58) == 0,
              "%s", r.err);
    run_free(&r);
}

Test(cli_main, help_and_version)
{
    run_result r = run_kgraph("--version");
    cr_assert_eq(r.code, 0);
    cr_assert_str_eq(r.out, "kgraph " KG_VERSION "\n");
    run_free(&r);
    r = run_kgraph("--help");
    cr_assert_eq(r.code, 0);
    cr_assert(strstr(r.out, "extract") && strstr(r.out, "rules check"));
    run_free(&r);
    r = run_kgraph("extract --help");
    cr_assert_eq(r.code, 0);
    cr_assert(strstr(r.out, "Usage: kgraph extract -r RULES.yaml"));
    run_free(&r);
    r = run_kgraph("frobnicate");
    cr_assert_eq(r.code, 2);
    cr_assert(strncmp(r.err, "kgraph: unknown command 'frobnicate'\n", 37) == 0);
    run_free(&r);
}

Test(cli_rules, check_prints_summary)
{
    run_result r = run_kgraph("rules check " PACK);
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "nhs-rules-check.txt");
    run_free(&r);
}

/* Organisation codes end to end: the NHS pack's generated gazetteers give
 * the organisations in fixtures/codes/merger.txt their ODS and ONS codes
 * (source_attrs / target_attrs of the edges), and the exported graph
 * carries them as node attributes. */
Test(cli_extract, organisation_codes_end_to_end)
{
    const char *edges = "/tmp/kg-cli-codes-edges.jsonl";
    run_result r = run_kgraph("extract -r " PACK " -o /tmp/kg-cli-codes-edges.jsonl "
                              "tests/cli/fixtures/codes/merger.txt");
    cr_assert_eq(r.code, 0, "%s", r.err);
    char *got = slurp(edges);
    expect_golden(got, "codes-edges.jsonl");
    free(got);
    run_result x = run_kgraph("export -f json /tmp/kg-cli-codes-edges.jsonl");
    cr_assert_eq(x.code, 0, "%s", x.err);
    expect_golden(x.out, "codes-graph.json");
    unlink(edges);
    run_free(&r);
    run_free(&x);
}
