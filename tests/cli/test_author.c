/*
 * tests/cli/test_author.c: the rule-author tools end to end: `rules test`
 * (passing and failing examples, exit codes), `explain` (text and JSON,
 * against golden files) and `rules coverage`.
 */
#include "helpers.h"

#define RULES "tests/cli/fixtures/author.yaml"

Test(cli_rules_test, passing_examples)
{
    run_result r = run_kgraph("rules test " RULES);
    cr_assert_eq(r.code, 0, "%s%s", r.out, r.err);
    cr_assert_str_eq(r.out, "3 passed, 0 failed\n");
    run_free(&r);
}

Test(cli_rules_test, failures_name_the_rule_behind_unexpected_edges)
{
    run_result r = run_kgraph("rules test tests/cli/fixtures/author-failing.yaml");
    cr_assert_eq(r.code, 7);
    expect_golden(r.out, "rules-test-failing.txt");
    run_free(&r);
}

Test(cli_rules_test, every_example_rule_file_passes)
{
    run_result r = run_kgraph("rules test examples/nhs/rules.yaml");
    cr_assert_eq(r.code, 0, "%s", r.out);
    run_free(&r);
}

Test(cli_explain, text_matches_golden)
{
    run_result r = run_kgraph("explain -r " RULES " 'Kent CCG did not award the contract to Acme Ltd.'");
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "explain-negated.txt");
    run_free(&r);
}

Test(cli_explain, json_matches_golden)
{
    run_result r = run_kgraph("explain -r " RULES " --format json "
                              "'Acme Ltd won it from Kent CCG, but the deal was abandoned.'");
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "explain-vetoed.json");
    run_free(&r);
}

Test(cli_explain, file_and_line)
{
    run_result r = run_kgraph("explain -r examples/nhs/rules.yaml --file examples/nhs/corpus/02-prime-provider.txt --line 5");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "MATCH Northvale CCG -> Castlegate Healthcare"), "%s", r.out);
    run_free(&r);
    r = run_kgraph("explain -r examples/nhs/rules.yaml --file examples/nhs/corpus/02-prime-provider.txt --line 2");
    cr_assert_eq(r.code, 1);
    cr_assert_str_eq(r.err, "kgraph: examples/nhs/corpus/02-prime-provider.txt:2: no sentence starts on this line\n");
    run_free(&r);
}

Test(cli_rules_coverage, counts_and_near_misses_match_golden)
{
    run_result r = run_kgraph("rules coverage -r " RULES " --examples 2 tests/cli/fixtures/author-corpus");
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "coverage.txt");
    run_free(&r);
}

Test(cli_explain, empty_text_is_a_usage_error)
{
    run_result r = run_kgraph("explain -r " RULES " ''");
    cr_assert_eq(r.code, 2);
    cr_assert(strstr(r.err, "kgraph: the text holds no sentence\n") == r.err, "%s", r.err);
    run_free(&r);
}
