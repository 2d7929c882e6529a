/*
 * rules/yaml_tree.h: a small, bounded YAML document tree (module-private to
 * rules/).  <yaml.h> itself is included only by yaml_tree.c.
 *
 * Nodes are tag-less: a scalar is its text, a sequence its items, a mapping
 * its key/value pairs in document order.  An alias is not copied: the alias
 * position simply points at the anchored node, so a node may have several
 * parents and the tree is really a DAG.  Every node is owned by the
 * document's arena (`all`), which is what kg_ydoc_free walks; nothing is
 * freed by recursion.
 */
#ifndef KG_RULES_YAML_TREE_H
#define KG_RULES_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>

#define KG_YAML_MAX_DEPTH 64          /* deepest nesting of lists and mappings */
#define KG_YAML_MAX_EXPANDED 1000000  /* most nodes a document may expand to via aliases */

typedef enum { KG_Y_SCALAR, KG_Y_SEQ, KG_Y_MAP } kg_ykind;
typedef enum { KG_YS_PLAIN, KG_YS_SINGLE, KG_YS_DOUBLE, KG_YS_LITERAL, KG_YS_FOLDED,
               KG_YS_FLOW } kg_ystyle;

typedef struct kg_ynode {
    kg_ykind kind;
    kg_ystyle style;             /* scalars: how it was quoted; collections: FLOW or PLAIN */
    int line, col;               /* 1-based start of the node */
    int end_line;                /* 1-based line of its end */
    char *str;                   /* SCALAR: the value, NUL-terminated */
    size_t len;
    struct kg_ynode **kids;      /* SEQ: items; MAP: key0, value0, key1, value1, ... */
    size_t n, cap;               /* n counts pointers: a map has n / 2 pairs */
    size_t expanded;             /* nodes in the subtree with aliases expanded */
} kg_ynode;

typedef struct kg_ydoc {
    kg_ynode *root;              /* NULL for an empty document */
    kg_ynode **all;              /* arena: every node, for freeing */
    size_t nall, capall;
} kg_ydoc;

/*
 * Parse text[0, len) (valid UTF-8) into *out.  Errors (KG_ERULE, with the
 * position and caret, `file` naming the file): a YAML syntax error, an
 * undefined alias, nesting deeper than KG_YAML_MAX_DEPTH, aliases expanding
 * to more than KG_YAML_MAX_EXPANDED nodes, more than one document, a NUL
 * character in a string.  Neither the nesting depth nor the alias expansion
 * is ever recursed over, so hostile inputs are refused in linear time.  On
 * failure *out is empty.  Free with kg_ydoc_free.
 */
int kg_ydoc_parse(kg_ydoc *out, const char *file, const char *text, size_t len);
void kg_ydoc_free(kg_ydoc *d);

/* True for a plain scalar that YAML reads as null: "", "~", "null". */
bool kg_ynode_is_null(const kg_ynode *n);

#endif
