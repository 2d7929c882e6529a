/*
 * cli/cmd_coverage.c: `kgraph rules coverage`, what each rule finds in a
 * corpus, which rules never fire, and the near misses: sentences with two
 * candidate arguments and no edge, grouped by the words between them, most
 * frequent first.  Text, or --format json.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/pipeline.h"
#include "kgraph/authoring.h"
#include "kgraph/extract.h"
#include "util/json.h"
#include "util/util.h"

static const kg_opt opts[] = {
    {"rules", 'r', KG_OPT_LIST, "RULES.yaml", "rule file to load (repeatable; at least one)"},
    {"limit", 'n', KG_OPT_VALUE, "N", "near-miss groups to show (default 20, 0 for all)"},
    {"examples", 'e', KG_OPT_VALUE, "N", "example sentences per group (default 1)"},
    {"format", 'f', KG_OPT_VALUE, "FORMAT", "text (default) or json"},
    KG_DOC_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

/* The tree of a report kgraph itself wrote (kgraph/authoring.h): a parse
 * failure would be a bug in the writer, not bad input. */
static kg_json *report_tree(const char *json)
{
    kg_json *t;
    char err[160];
    int col;
    if (kg_json_parse(&t, json, strlen(json), err, &col) != 0) {
        fprintf(stderr, "kgraph: internal error: report unreadable at column %d: %s\n", col, err);
        abort();
    }
    return t;
}

static const char *str(const kg_json *o, const char *k)
{
    const char *s = kg_json_str(kg_json_get(o, k));
    return s ? s : "";
}

static long long num(const kg_json *o, const char *k) { return kg_json_int_value(kg_json_get(o, k)); }

static void print_text(const kg_json *rep)
{
    const kg_json *rules = kg_json_get(rep, "rules"), *never = kg_json_get(rep, "never_fired"),
                  *groups = kg_json_get(rep, "near_misses");
    printf("rules (%lld sentences)\n", num(rep, "sentences"));
    for (size_t i = 0; i < kg_json_size(rules); i++) {
        const kg_json *r = kg_json_at(rules, i);
        printf("  %-28s %-22s %6lld edges in %lld documents\n", str(r, "rule"), str(r, "relation"),
               num(r, "edges"), num(r, "documents"));
    }
    printf("\nnever fired\n");
    if (!kg_json_size(never)) printf("  (none)\n");
    for (size_t i = 0; i < kg_json_size(never); i++)
        printf("  %s (%s)\n", str(kg_json_at(never, i), "rule"), str(kg_json_at(never, i), "at"));
    printf("\nnear misses: %lld sentences with two candidate arguments and no edge\n",
           num(rep, "near_miss_sentences"));
    for (size_t i = 0; i < kg_json_size(groups); i++) {
        const kg_json *g = kg_json_at(groups, i);
        printf("  %5lld  \"%s\"  (%s)\n", num(g, "count"), str(g, "between"), str(g, "types"));
        const kg_json *ex = kg_json_get(g, "examples");
        for (size_t k = 0; k < kg_json_size(ex); k++) printf("         e.g. %s\n", kg_json_str(kg_json_at(ex, k)));
    }
}

static size_t size_opt(const kg_args *a, const char *name, size_t def, bool *bad)
{
    const char *v = kg_args_value(a, name);
    if (!v) return def;
    size_t n = def;
    if (!kg_args_size(v, &n)) *bad = true;
    return n;
}

static int cmd_coverage(const kg_cmd *cmd, int argc, char **argv)
{
    kg_args a;
    int early = kg_args_start(&a, cmd, argc, argv);
    if (early >= 0) return early;
    int exit_code = 0;
    kg_rules *rules = NULL;
    kg_coverage *cov = NULL;
    kg_json *rep = NULL;
    char *json = NULL;
    kg_doclist docs = {0};
    char **rpaths;
    size_t nrules = kg_args_list(&a, "rules", &rpaths);
    bool bad = false;
    size_t limit = size_opt(&a, "limit", 20, &bad), nex = size_opt(&a, "examples", 1, &bad);
    const char *format = kg_args_value(&a, "format") ? kg_args_value(&a, "format") : "text";
    if (nrules == 0 || a.npos == 0 || bad || (strcmp(format, "text") && strcmp(format, "json"))) {
        kg_usage_error(cmd, nrules == 0 ? "no rule file: give one with -r RULES.yaml"
                            : a.npos == 0 ? "no corpus given"
                            : bad ? "--limit and --examples need whole numbers"
                                  : "unknown format: use text or json");
        exit_code = KG_EXIT_USAGE;
        goto done;
    }
    size_t max_doc;
    if ((exit_code = kg_cli_max_doc_size(&max_doc, &a, cmd))) goto done;
    if ((exit_code = kg_cli_load_rules(&rules, rpaths, nrules, NULL))) goto done;
    kg_progress pg;
    kg_progress_init(&pg, false);
    int input_rc = kg_doclist_expand(&docs, (const char *const *)a.pos, a.npos, kg_print_input_warning, NULL);
    cov = kg_coverage_new(rules);
    for (size_t i = 0; i < docs.n; i++) {
        char *text;
        size_t len;
        int got = kg_cli_read_doc(&text, &len, docs.paths[i], max_doc, false, &pg);
        if (got == KG_EIO) input_rc = KG_EIO;
        if (got) continue;
        kg_coverage_add(cov, docs.paths[i], text, len);
        free(text);
    }
    json = kg_coverage_report_json(cov, limit, nex);
    if (!strcmp(format, "json")) fputs(json, stdout);
    else print_text(rep = report_tree(json));
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kgraph: <stdout>: write failed: %s\n", strerror(errno ? errno : EIO));
        exit_code = KG_EXIT_OUTPUT;
    } else if (input_rc) {
        exit_code = KG_EXIT_INPUT;
    }
done:
    kg_json_free(rep);
    free(json);
    kg_coverage_free(cov);
    kg_doclist_free(&docs);
    kg_rules_free(rules);
    kg_args_free(&a);
    return exit_code;
}

const kg_cmd kg_cmd_rules_coverage = {
    "rules coverage", "-r RULES.yaml [options] CORPUS...",
    "Count what each relation rule finds in a corpus and list the near misses.",
    "For each relation rule: the edges it produced and in how many documents; the\n"
    "rules that never fired; and the sentences holding two neighbouring mentions of\n"
    "types some relation accepts but no edge, grouped by the words between the two\n"
    "mentions, most frequent first: where the next rule is waiting to be written.",
    opts, cmd_coverage};
