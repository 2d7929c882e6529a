/*
 * extract/coverage.h: what rules find in a corpus and what they miss, for
 * `kgraph rules coverage`.  Module-private to extract/ and the CLI.
 */
#ifndef KG_EXTRACT_COVERAGE_H
#define KG_EXTRACT_COVERAGE_H

#include "kgraph/rules.h"
#include "util/json.h"

typedef struct kg_coverage kg_coverage;

kg_coverage *kg_coverage_new(const kg_rules *rules);
void kg_coverage_free(kg_coverage *c);
/* Extract one document, counting edges per rule and collecting near misses. */
void kg_coverage_add(kg_coverage *c, const char *doc, const char *text, size_t len);
/* The report: per-rule counts, rules that never fired, near-miss groups
 * (most frequent first, at most `max_groups`, each with up to `examples`
 * sentences).  Caller frees. */
kg_json *kg_coverage_report(const kg_coverage *c, size_t max_groups, size_t examples);

#endif
