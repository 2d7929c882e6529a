/*
 * kgraph/ruletest.h: running the examples written inside rule files (the
 * rule author's tests), for `kgraph rules test`.
 *
 * An example passes when every expected edge is found, no other edge is
 * found (when the example lists its edges, or says `none`), and every
 * expected entity is among the mentions.  An expected source or target
 * matches an edge argument by canonical name or by surface text; a
 * symmetric relation matches in either order.
 */
#ifndef KGRAPH_RULETEST_H
#define KGRAPH_RULETEST_H

#include <stdbool.h>
#include <stddef.h>

#include "kgraph/rules.h"

typedef struct kg_ruletest_result {
    const char *file;       /* where the example is written */
    int line;
    const char *text;       /* the example's text */
    bool passed;
    const char *report;     /* for a failure: what was expected and what came out,
                               one item per line, each unexpected edge with the
                               rule and file:line that produced it */
} kg_ruletest_result;

typedef void (*kg_ruletest_fn)(void *ud, const kg_ruletest_result *res);

/* Run every example of `rules`, calling `fn` for each (in file order), and
 * count the outcomes.  Returns 0 (whatever the outcomes). */
int kg_ruletest_run(const kg_rules *rules, kg_ruletest_fn fn, void *ud, size_t *passed,
                    size_t *failed);

#endif
