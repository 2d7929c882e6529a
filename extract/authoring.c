/*
 * extract/authoring.c: the public face of the rule-author tools
 * (kgraph/authoring.h).  coverage.c and explain.c build their reports as
 * kg_json trees (util/json.h, private); this file hands them out as JSON
 * text, written by the same pretty printer the CLI used to call, so the
 * bytes of `--format json` did not change when the CLI became a client of
 * the public header.
 */
#include <stdio.h>
#include <stdlib.h>

#include "extract/coverage.h"
#include "extract/explain.h"
#include "kgraph/authoring.h"
#include "util/json.h"
#include "util/util.h"

/* The pretty text of v (consumed).  Writing to a memory stream fails only
 * when memory runs out, which is fatal here as everywhere (ARCHITECTURE.md,
 * "Out of memory"). */
static char *to_text(kg_json *v)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp || kg_json_write_pretty(fp, v) != 0 || fclose(fp) != 0) kg_out_of_memory();
    kg_json_free(v);
    return buf;
}

char *kg_coverage_report_json(const kg_coverage *c, size_t max_groups, size_t examples)
{
    return to_text(kg_coverage_report(c, max_groups, examples));
}

char *kg_explain_json(const kg_rules *rules, const char *doc, const char *text, size_t len,
                      size_t line)
{
    return to_text(kg_explain(rules, doc, text, len, line));
}
