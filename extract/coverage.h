/*
 * extract/coverage.h: what rules find in a corpus and what they miss, for
 * `kgraph rules coverage`.  Private to extract/: the public API, with the
 * report as JSON text, is kgraph/authoring.h (extract/authoring.c).
 */
#ifndef KG_EXTRACT_COVERAGE_H
#define KG_EXTRACT_COVERAGE_H

#include "kgraph/authoring.h"
#include "kgraph/rules.h"
#include "util/json.h"

/* The report: per-rule counts, rules that never fired, near-miss groups
 * (most frequent first, at most `max_groups`, each with up to `examples`
 * sentences).  Caller frees. */
kg_json *kg_coverage_report(const kg_coverage *c, size_t max_groups, size_t examples);

#endif
