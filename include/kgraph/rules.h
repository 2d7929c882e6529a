/*
 * kgraph/rules.h: loading and compiling rule files.
 *
 * A rule file (YAML, see docs/rules.md) declares entity types (gazetteers,
 * regexes, token patterns), named word lists, and relation rules built from
 * token patterns.  kg_rules_load() reads one or more files (and the files
 * they include), validates everything, and compiles it into an immutable
 * kg_rules that any number of extractor threads may share.
 */
#ifndef KGRAPH_RULES_H
#define KGRAPH_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "kgraph/common.h"

typedef struct kg_rules kg_rules;

/* Called for each warning found while loading (a regex that can match the
 * empty string, a word list never used, ...).  `msg` is a full line such as
 * "rules.yaml:12:5: warning: ..." without the "kgraph: " prefix. */
typedef void (*kg_warn_fn)(void *ud, const char *msg);

typedef struct kg_rules_options {
    kg_warn_fn warn;   /* NULL: warnings are dropped */
    void *warn_ud;
} kg_rules_options;

/*
 * Load and compile the rule files paths[0..n).  On success *out owns the
 * rules (free with kg_rules_free).  On failure *out is NULL and the code is
 * KG_ERULE (an invalid rule, with a message "file:line:col: what is wrong",
 * followed by the source line and a caret) or KG_EIO (a file that cannot be
 * read).  `opts` may be NULL.
 */
int kg_rules_load(kg_rules **out, const char *const *paths, size_t n,
                  const kg_rules_options *opts);

/* Load from a YAML text in memory; `name` is used in messages and for
 * resolving includes (relative to its folder). */
int kg_rules_load_string(kg_rules **out, const char *name, const char *yaml, size_t len,
                         const kg_rules_options *opts);

void kg_rules_free(kg_rules *rules);

/* Counts for `kgraph rules check`. */
typedef struct kg_rules_summary {
    size_t files;          /* rule files read, includes counted */
    size_t types;
    size_t gazetteer_names; /* canonical names */
    size_t gazetteer_aliases; /* all surface forms, canonical names included */
    size_t entity_patterns;  /* regex and token patterns of entity types */
    size_t relation_rules;
    size_t relation_patterns;
    size_t relations;        /* distinct relation names */
    size_t word_lists;
    size_t examples;         /* in-file tests */
} kg_rules_summary;

void kg_rules_summarize(const kg_rules *rules, kg_rules_summary *out);

/*
 * Lint a loaded rule set for `kgraph rules check` (docs/lint.md): report
 * what is legal but almost certainly a mistake.  Each finding is passed to
 * `warn` (NULL: only counted) as one line "FILE:LINE:COL: warning: ...",
 * the same form as the loader's warnings; findings come in source order
 * (files in load order, then line and column).  Five kinds are reported:
 *
 *   - an alias (a gazetteer surface form, under its type's normalisation
 *     profile) listed for two different canonical names or two types;
 *   - a relation rule whose source or target slot accepts only types that
 *     no gazetteer name and no entity pattern produces;
 *   - a pattern whose compiled program is identical to an earlier one of
 *     the same relation (or, for entity patterns, of the same type);
 *   - a regex that can match the empty string (entity regexes and /regex/
 *     tests inside token patterns);
 *   - a word list that no pattern uses.
 *
 * The last two kinds repeat the loader's own warnings (and add token-pattern
 * regexes), so a caller that lints should load with no warn callback to
 * avoid printing them twice.  *nwarnings (may be NULL) receives the number
 * of findings.  `rules` is only read.  Time and memory are linear in the
 * size of the rule set (gazetteer entries and pattern instructions), plus
 * sorting the findings.  Returns 0; there is no failure short of running out
 * of memory, which aborts (see util/util.h).
 */
int kg_rules_lint(const kg_rules *rules, kg_warn_fn warn, void *ud, size_t *nwarnings);

/* How the exports draw the pack's entity types and relations (the `style:`
 * key, docs/rules.md).  `name` is the type or relation; `color` is
 * "#rrggbb" or NULL; `shape` is a Graphviz node shape for a type, a line
 * style for a relation, or NULL.  Strings are borrowed from the rules. */
typedef struct kg_rules_style {
    const char *name;
    const char *color;
    const char *shape;
} kg_rules_style;

/* The pack's types in the order they are declared, and its relations in the
 * order of their first rule, each with its style (NULL fields where the pack
 * gives none): the order in which the exports assign default colours, so a
 * type or relation has the same look in every graph drawn with this pack.
 * *types and *relations are new arrays the caller frees with free(); the
 * strings in them live as long as `rules`.  Returns 0. */
int kg_rules_styles(const kg_rules *rules, kg_rules_style **types, size_t *ntypes,
                    kg_rules_style **relations, size_t *nrelations);

/* The values `style:` accepts (NULL-terminated): node shapes for types and
 * line styles for relations. */
extern const char *const kg_style_shapes[];
extern const char *const kg_style_lines[];

#endif
