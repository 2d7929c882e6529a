/*
 * kgraph/authoring.h: tools for rule authors, for `kgraph rules coverage`
 * and `kgraph explain` (and `kgraph rules test`, in kgraph/ruletest.h).
 *
 * Both answer with a JSON document, specified in docs/rules.md ("Coverage",
 * "Explain"), handed out as text: the caller prints it, or parses it with
 * the JSON library of its choice, so no JSON type of kgraph's becomes API.
 * The text is UTF-8, indented by 2, keys in a fixed order, and ends with a
 * newline; the same input gives the same bytes.
 */
#ifndef KGRAPH_AUTHORING_H
#define KGRAPH_AUTHORING_H

#include <stddef.h>

#include "kgraph/rules.h"

/* ---- coverage: what the rules find in a corpus and what they miss ---- */

typedef struct kg_coverage kg_coverage;

/* A new, empty tally over `rules` (borrowed: they must outlive it).  Cannot
 * fail (out of memory aborts); free with kg_coverage_free(). */
kg_coverage *kg_coverage_new(const kg_rules *rules);
void kg_coverage_free(kg_coverage *c);
/* Extract one document (any bytes, as kg_extract_doc takes them), counting
 * edges per rule and collecting near misses. */
void kg_coverage_add(kg_coverage *c, const char *doc, const char *text, size_t len);
/* The report: per-rule counts, rules that never fired, near-miss groups
 * (most frequent first, at most `max_groups` (0: all), each with up to
 * `examples` sentences), as JSON text the caller frees. */
char *kg_coverage_report_json(const kg_coverage *c, size_t max_groups, size_t examples);

/* ---- explain: why a sentence did or did not yield edges ---- */

/* Explain the sentences of document `text` (named `doc`) that start on line
 * `line` (0: every sentence).  The whole document is read, so acronyms and
 * coreference see what came before.  A JSON array with one object per
 * sentence (empty when no sentence starts there), as text the caller
 * frees. */
char *kg_explain_json(const kg_rules *rules, const char *doc, const char *text, size_t len,
                      size_t line);

#endif
