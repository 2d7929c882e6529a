/*
 * cli/cmd_rules.c: `kgraph rules check` (validate and lint rule files, print
 * what they hold; warnings go to stderr and do not change the exit code) and
 * `kgraph rules test` (run the examples written in rule files).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "kgraph/rules.h"
#include "kgraph/ruletest.h"
#include "util/util.h"

static const kg_opt check_opts[] = {
    {NULL, 0, 0, NULL, NULL},
};

static int cmd_check(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0;
    kg_rules *rules = NULL;
    if (a.npos == 0) {
        kg_usage_error(cmd, "no rule file given");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    /* Lint reports the loader's warnings too, in source order. */
    if ((exit_code = kg_cli_load_rules(&rules, a.pos, a.npos, NULL))) goto done;
    size_t nwarn;
    kg_rules_lint(rules, kg_print_warning, NULL, &nwarn);
    kg_rules_summary s;
    kg_rules_summarize(rules, &s);
    printf("rule files:        %zu\n", s.files);
    printf("entity types:      %zu\n", s.types);
    printf("gazetteer names:   %zu (%zu surface forms)\n", s.gazetteer_names, s.gazetteer_aliases);
    printf("entity patterns:   %zu\n", s.entity_patterns);
    printf("relation rules:    %zu (%zu patterns, %zu relations)\n", s.relation_rules,
           s.relation_patterns, s.relations);
    printf("word lists:        %zu\n", s.word_lists);
    printf("examples:          %zu\n", s.examples);
    printf("warnings:          %zu\n", nwarn);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kgraph: <stdout>: write failed\n");
        exit_code = KG_EXIT_OUTPUT;
    }
done:
    kg_rules_free(rules);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_rules_check = {
    "rules check", "RULES.yaml...",
    "Load and validate rule files (and their includes) and print a summary.",
    NULL, check_opts, cmd_check};

/* ---- kgraph rules test ---- */

static const kg_opt test_opts[] = {
    {"verbose", 'v', KG_OPT_FLAG, NULL, "also list the examples that pass"},
    {NULL, 0, 0, NULL, NULL},
};

typedef struct test_state {
    bool verbose;
} test_state;

static void print_quoted(const char *text)
{
    putchar('"');
    for (const char *p = text; *p; p++) {
        if (*p == '\n') fputs("\\n", stdout);
        else if (*p == '"') fputs("\\\"", stdout);
        else putchar(*p);
    }
    putchar('"');
}

static void on_result(void *ud, const kg_ruletest_result *res)
{
    const test_state *st = ud;
    if (res->passed && !st->verbose) return;
    printf("%s %s:%d: ", res->passed ? "PASS" : "FAIL", res->file, res->line);
    print_quoted(res->text);
    putchar('\n');
    fputs(res->report, stdout);
}

static int cmd_test(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0;
    kg_rules *rules = NULL;
    if (a.npos == 0) {
        kg_usage_error(cmd, "no rule file given");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    kg_rules_options ro = {0}; /* rule warnings are for `kgraph rules check` */
    if ((exit_code = kg_cli_load_rules(&rules, a.pos, a.npos, &ro))) goto done;
    test_state st = {.verbose = kg_args_flag(&a, "verbose")};
    size_t passed, failed;
    kg_ruletest_run(rules, on_result, &st, &passed, &failed);
    printf("%zu passed, %zu failed\n", passed, failed);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kgraph: <stdout>: write failed\n");
        exit_code = KG_EXIT_OUTPUT;
    } else if (failed) {
        exit_code = KG_EXIT_TESTS;
    }
done:
    kg_rules_free(rules);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_rules_test = {
    "rules test", "[-v] RULES.yaml...",
    "Run the examples written in rule files and report those that fail.",
    "Each example's text is extracted on its own; it passes when the listed edges\n"
    "(and only they) and the listed entities are found.  A failure shows the example's\n"
    "file:line, its text, what was expected, what came out, and the rule (with its\n"
    "file:line) behind each unexpected edge.  Exit code 7 when any example fails.",
    test_opts, cmd_test};
