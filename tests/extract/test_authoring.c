/*
 * tests/extract/test_authoring.c: the public rule-author tools
 * (kgraph/authoring.h): coverage and explain hand out their reports as
 * JSON text that parses, ends with a newline, holds what the rules found,
 * and is the same for the same input.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "kgraph/authoring.h"
#include "util/json.h"

static const char yaml[] = "types:\n"
                           "  - name: ORG\n"
                           "    gazetteer: [Acme, Globex]\n"
                           "relations:\n"
                           "  - name: buy\n"
                           "    relation: acquires\n"
                           "    source: ORG\n"
                           "    target: ORG\n"
                           "    patterns: ['{source} bought {target}']\n";

static kg_json *parse(const char *text)
{
    size_t n = strlen(text);
    cr_assert(n > 0 && text[n - 1] == '\n', "ends with a newline: %s", text);
    kg_json *v;
    char err[160];
    int col;
    cr_assert_eq(kg_json_parse(&v, text, n, err, &col), 0, "%d: %s", col, err);
    return v;
}

Test(extract_authoring, coverage_report_json)
{
    kg_rules *r = load_rules(yaml);
    kg_coverage *c = kg_coverage_new(r);
    const char *doc = "Acme bought Globex. Globex sold Acme.";
    kg_coverage_add(c, "a.txt", doc, strlen(doc));
    char *text = kg_coverage_report_json(c, 0, 1);
    char *again = kg_coverage_report_json(c, 0, 1);
    cr_assert_str_eq(text, again);
    kg_json *v = parse(text);
    const kg_json *rules = kg_json_get(v, "rules");
    cr_assert_eq(kg_json_size(rules), 1);
    cr_assert_eq(kg_json_int_value(kg_json_get(kg_json_at(rules, 0), "edges")), 1, "%s", text);
    cr_assert_eq(kg_json_size(kg_json_get(v, "near_misses")), 1, "%s", text);
    kg_json_free(v);
    free(again);
    free(text);
    kg_coverage_free(c);
    kg_rules_free(r);
}

Test(extract_authoring, explain_json)
{
    kg_rules *r = load_rules(yaml);
    const char *doc = "Acme bought Globex.\nNothing here.\n";
    char *text = kg_explain_json(r, "a.txt", doc, strlen(doc), 1);
    kg_json *v = parse(text);
    cr_assert_eq(kg_json_size(v), 1, "%s", text);
    const kg_json *ms = kg_json_get(kg_json_at(v, 0), "mentions");
    cr_assert_eq(kg_json_size(ms), 2, "%s", text);
    cr_assert_str_eq(kg_json_str(kg_json_get(kg_json_at(ms, 0), "canonical")), "Acme");
    kg_json_free(v);
    free(text);
    /* no sentence starts on line 9: an empty array, still a document */
    text = kg_explain_json(r, "a.txt", doc, strlen(doc), 9);
    cr_assert_str_eq(text, "[]\n");
    free(text);
    kg_rules_free(r);
}
