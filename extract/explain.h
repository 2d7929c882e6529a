/*
 * extract/explain.h: why a sentence did or did not yield edges, for
 * `kgraph explain`.  Private to extract/: the public API, with the
 * answer as JSON text, is kgraph/authoring.h (extract/authoring.c).
 */
#ifndef KG_EXTRACT_EXPLAIN_H
#define KG_EXTRACT_EXPLAIN_H

#include "kgraph/rules.h"
#include "util/json.h"

/*
 * Explain the sentences of document `text` (named `doc`) that start on line
 * `line` (0: every sentence).  The whole document is read, so acronyms and
 * coreference see what came before.  Returns a JSON array with one object
 * per sentence (docs/rules.md, "Explain"); the caller frees it.
 */
kg_json *kg_explain(const kg_rules *rules, const char *doc, const char *text, size_t len,
                    size_t line);

#endif
