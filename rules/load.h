/*
 * rules/load.h: the rule loader's internals (module-private to rules/).
 *
 * Loading runs in two passes over the parsed YAML trees:
 *
 *   pass 1 (load.c, load_types.c, load_lists.c, load_relations.c)
 *       read every file, includes first (depth-first, in the order listed),
 *       check every key, and build what needs no global knowledge: word
 *       lists, entity types with their gazetteers and regexes, the scalar
 *       fields of relation rules and examples.  What does need it (type
 *       names in slots, token patterns that may use any list) is queued as a
 *       kg_deferred item, in file order.
 *   pass 2 (load.c)
 *       run the deferred items in order, finish the gazetteer tries, and
 *       warn about word lists nobody uses.
 *
 * Named word lists are all added in pass 1; in pass 2 the pattern compiler
 * (gap exclusions), vetoes and coreference phrases append anonymous lists.
 * Every growth of r->lists goes through KG_GROW with r->lists_cap, the one
 * record of its capacity.
 *
 * The trees stay alive until loading ends, so deferred items and error
 * messages can point into them.  Every array of kg_rules grows with a
 * capacity kept here, because kg_rules itself records only counts.
 */
#ifndef KG_RULES_LOAD_H
#define KG_RULES_LOAD_H

#include "rules/compiled.h"
#include "rules/diag.h"
#include "rules/pattern.h"
#include "rules/yaml_tree.h"

#define KG_MAX_INCLUDE_DEPTH 64

typedef struct kg_lfile {
    char *real;                  /* identity: realpath, or the name as given */
    char *text;                  /* the file's bytes (NUL-terminated) */
    size_t len;
    kg_ydoc doc;
} kg_lfile;

typedef enum {
    KG_DEF_ENT_TOKENS, KG_DEF_RELATION, KG_DEF_EXAMPLE, KG_DEF_DOCUMENT, KG_DEF_SLOTS
} kg_def_kind;

typedef struct kg_deferred {
    kg_def_kind kind;
    size_t file;                 /* index into kg_loader.files */
    const kg_ynode *node;        /* the pattern scalar, the relation or example mapping */
    size_t index;                /* into ent_rules, rel_rules or examples */
} kg_deferred;

typedef struct kg_gaz_pending {  /* a name inserted, before grouping by node */
    uint32_t node;
    uint32_t canonical;
    uint16_t type;
    kg_srcpos at;
} kg_gaz_pending;

typedef struct kg_gaz_build {    /* parallel to kg_rules.gaz */
    kg_gaz_pending *pend;
    size_t npend, cap;
    kg_map *seen;                /* "node:canonical:type" -> 1, for dedupe */
    kg_buf key;                  /* scratch */
    kg_tokens toks;              /* scratch: the tokens of one name, kept
                                    between names so that each name costs
                                    no allocation */
} kg_gaz_build;

typedef struct kg_loader {
    kg_rules *r;
    const kg_rules_options *opts;
    kg_lfile *files;             /* parallel to r->files (gazetteer files have no text kept) */
    size_t capfiles;
    size_t cur;                  /* file being read, for messages */
    size_t captypes, capent, caprel, capex, capcanon, capgaz, capgb, capattrs;
    kg_map *type_names;          /* type name -> index */
    kg_map *list_names;          /* list name -> index */
    kg_map *rule_names;          /* rule name -> index into rule_at */
    kg_srcpos *rule_at;
    size_t nrule_at, caprule_at;
    kg_map *relations;           /* relation name -> first rel_rules index */
    kg_map *canon;               /* canonical name -> index into canon_names */
    kg_gaz_build *gb;
    kg_deferred *defs;
    size_t ndefs, capdefs;
    size_t chain[KG_MAX_INCLUDE_DEPTH]; /* files being read, outermost first */
    int nchain;
} kg_loader;

/* ---- schema helpers (schema.c) ---- */

/* KG_ERULE at node n (or line:col) of the current file. */
int kg_ld_error(kg_loader *ld, const kg_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kg_ld_error_at(kg_loader *ld, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same with the caret underlining what is wrong: all of scalar n (when
 * its extent on the line is known), or `width` characters from col. */
int kg_ld_error_span(kg_loader *ld, const kg_ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kg_ld_error_span_at(kg_loader *ld, int line, int col, int width, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A warning "file:line:col: warning: ..." through opts->warn. */
void kg_ld_warn(kg_loader *ld, kg_srcpos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
kg_srcpos kg_ld_pos(const kg_loader *ld, const kg_ynode *n);
/* Line and column of byte `off` inside scalar n (exact for plain and
 * single-line quoted scalars, the scalar's start otherwise). */
void kg_ld_offset_pos(const kg_ynode *n, size_t off, int *line, int *col);

/* Check that n is a mapping (what: "type", "relation", ...) whose keys are
 * distinct strings among allowed[0..nallowed).  A null node passes. */
int kg_ld_keys(kg_loader *ld, const kg_ynode *n, const char *what,
               const char *const *allowed, size_t nallowed);
/* The value of `key` in mapping n, or NULL. */
const kg_ynode *kg_ld_get(const kg_ynode *n, const char *key);
/* The value of a required key; error "missing key 'k' in what". */
int kg_ld_require(kg_loader *ld, const kg_ynode *map, const char *key, const char *what,
                  const kg_ynode **out);
/* Errors "expected <what>, found <a list|a mapping|a string|nothing>". */
int kg_ld_expected(kg_loader *ld, const kg_ynode *n, const char *what);
/* A non-empty string scalar (borrowed from the tree). */
int kg_ld_string(kg_loader *ld, const kg_ynode *n, const char *what, const char **out);
int kg_ld_bool(kg_loader *ld, const kg_ynode *n, bool *out);
int kg_ld_int(kg_loader *ld, const kg_ynode *n, int *out);
/* n must be a list (a null node counts as an empty list). */
int kg_ld_list(kg_loader *ld, const kg_ynode *n, const char *what);
/* A string or a list of strings: *count items, read with kg_ld_item. */
int kg_ld_strings(kg_loader *ld, const kg_ynode *n, const char *what, size_t *count);
const kg_ynode *kg_ld_item(const kg_ynode *n, size_t i);
/* Constant string attributes {key: value} (null: none). */
int kg_ld_attrs(kg_loader *ld, const kg_ynode *n, kg_attr_const **out, size_t *count);
/* Register a rule name; error if it was used before. */
int kg_ld_rule_name(kg_loader *ld, const char *name, const kg_ynode *at);
/* Queue a pass-2 item. */
void kg_ld_defer(kg_loader *ld, kg_def_kind kind, const kg_ynode *node, size_t index);
/* Resolve a path written in the current file (relative to its folder). */
char *kg_ld_resolve(const kg_loader *ld, const char *path);

/* ---- sections ---- */
int kg_ld_lists(kg_loader *ld, const kg_ynode *n);                  /* load_lists.c */
int kg_ld_examples(kg_loader *ld, const kg_ynode *n);
int kg_ld_example_check(kg_loader *ld, const kg_deferred *d);
int kg_ld_types(kg_loader *ld, const kg_ynode *n);                  /* load_types.c */
int kg_ld_ent_tokens(kg_loader *ld, const kg_deferred *d);
/* A `style:` mapping: `color` ("#rrggbb" or "#rgb", stored as lower-case
 * "#rrggbb") and `shape_key` ("shape" for types, "line" for relations),
 * whose value must be one of kg_style_shapes or kg_style_lines.  Either key
 * may be left out; *color and *shape are NULL then (caller frees). */
int kg_ld_style(kg_loader *ld, const kg_ynode *n, const char *shape_key, char **color,
                char **shape);
int kg_ld_document(kg_loader *ld, const kg_ynode *n);               /* load_document.c */
int kg_ld_document_finish(kg_loader *ld, const kg_deferred *d);
/* Add every word, phrase and prefix of src to dst (load_document.c). */
void kg_ld_wordlist_append(kg_wordlist *dst, const kg_wordlist *src);
int kg_ld_slots(kg_loader *ld, const kg_ynode *n);                  /* load_slots.c */
int kg_ld_slots_finish(kg_loader *ld, const kg_deferred *d);
/* An anonymous word list from a list of words, phrases and @lists; its index. */
int kg_ld_phrase_list(kg_loader *ld, const kg_ynode *n, const char *what, int *out);
int kg_ld_relations(kg_loader *ld, const kg_ynode *n);              /* load_relations.c */
int kg_ld_relation_finish(kg_loader *ld, const kg_deferred *d);
/* Compile token pattern scalar n into *prog; position errors in n. */
int kg_ld_compile_pattern(kg_loader *ld, const kg_ynode *n, const kg_pattern_ctx *ctx,
                          kg_program *prog);

/* ---- gazetteers (gazetteer.c) ---- */
/* Index of the gazetteer for normalisation `norm`, created if new. */
int kg_gaz_profile(kg_loader *ld, unsigned norm);
/* Intern a canonical name. */
uint32_t kg_gaz_canonical(kg_loader *ld, const char *name);
/* Insert surface form `name` for (canonical, type) into gazetteer `profile`;
 * returns the number of tokens (0: nothing inserted, the name is empty). */
size_t kg_gaz_insert(kg_loader *ld, int profile, const char *name, size_t len,
                     uint32_t canonical, uint16_t type, kg_srcpos at);
/* Read a gazetteer file for type `type`; errors at the node naming it. */
int kg_gaz_read_file(kg_loader *ld, const kg_ynode *pathnode, uint16_t type);
/* Group the pending entries by node: fills nodes[] and entries[]. */
void kg_gaz_finish(kg_loader *ld);
void kg_gaz_build_free(kg_loader *ld);

/* ---- files (load.c) ---- */
/* Append a file name to r->files and an empty kg_lfile; returns its index. */
size_t kg_ld_add_file(kg_loader *ld, const char *path);

#endif
