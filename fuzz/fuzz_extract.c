/*
 * fuzz/fuzz_extract.c: fuzz target for the extractor.  The input is a
 * document run through a fixed rule set that uses every kind of rule
 * (gazetteer, regex, token pattern, relation patterns with gaps,
 * exclusions, look-behind and captures); any bytes must extract without a
 * crash, a hang or a leak, and every edge must be writable as JSON.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/extract.h"
#include "kgraph/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char rules_yaml[] =
    "lists:\n"
    "  verbs: [award*, gave, \"signed a deal with\"]\n"
    "  neg: [not, \"n't\", never]\n"
    "  cond: [if, unless]\n"
    "types:\n"
    "  - name: ORG\n"
    "    canonical: [{strip_suffix: Ltd}, {map_suffix: {from: Clinical Commissioning Group, to: CCG}}]\n"
    "    gazetteer: [{name: Kent CCG, aliases: [NHS Kent CCG]}, Acme Ltd]\n"
    "    patterns:\n"
    "      - tokens: '(!the %Cap){1,4} (CCG | Trust | Ltd | \"Clinical Commissioning Group\")'\n"
    "      - regex: '(?<n>[A-Z]{2,5}) Partners'\n"
    "        group: n\n"
    "  - name: MONEY\n"
    "    patterns: [{regex: '\xC2\xA3[0-9.]+(m|bn)?'}]\n"
    "relations:\n"
    "  - name: award\n"
    "    source: ORG\n"
    "    target: ORG\n"
    "    patterns:\n"
    "      - \"!<@cond {source} [0-4 !ENT -@neg] @verbs [0-8 !ORG] {value:MONEY}? [0-4] to {target}\"\n"
    "      - \"contract [0-3] awarded to {target} by {source}\"\n"
    "  - name: merge\n"
    "    symmetric: true\n"
    "    source: ORG\n"
    "    target: ORG\n"
    "    patterns: [\"{source} (and | &) {target} [0-3] merg*\"]\n";

static kg_rules *rules;

static int sink_edge(void *ud, const kg_edge *e)
{
    return kg_edge_write(ud, e);
}

static int sink_mention(void *ud, const kg_mention *m)
{
    return kg_mention_write(ud, m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules && kg_rules_load_string(&rules, "fuzz.yaml", rules_yaml, sizeof rules_yaml - 1, NULL))
        abort();
    FILE *devnull = fopen("/dev/null", "w");
    if (!devnull) abort();
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, rules);
    kg_sink sink = {.edge = sink_edge, .mention = sink_mention, .ud = devnull};
    if (kg_extract_doc(ex, "fuzz.txt", (const char *)data, size, &sink) != 0) abort();
    kg_extractor_free(ex);
    fclose(devnull);
    return 0;
}

/* Free the shared rules at exit so that leak checkers stay quiet. */
__attribute__((destructor)) static void free_rules(void)
{
    kg_rules_free(rules);
}
