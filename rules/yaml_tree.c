/*
 * rules/yaml_tree.c: libyaml events -> kg_ydoc, with hard bounds.
 *
 * Rule files come from users and, through `kgraph rules check`, from anyone,
 * so the reader must refuse hostile YAML cheaply:
 *
 *   - Depth.  Collections are built with an explicit stack of at most
 *     KG_YAML_MAX_DEPTH open nodes.  The first SEQUENCE-START or
 *     MAPPING-START beyond it is refused, so "[[[[..." 100,000 levels deep
 *     costs 65 events and no recursion (libyaml itself keeps its parser
 *     state in explicit stacks too).
 *
 *   - Aliases.  An alias is resolved by pointing at the anchored node, never
 *     by copying it.  Each node records `expanded`, its size with aliases
 *     expanded (1 + the sum over its children, saturating); once a
 *     document that uses aliases has a node larger than
 *     KG_YAML_MAX_EXPANDED the document is refused, so a "billion laughs"
 *     file fails after a few small levels, before anyone walks it.  Anchors
 *     are registered when their node is complete, so a node can never
 *     contain an alias to itself: the graph is acyclic.
 *
 *   - Encoding and documents.  The caller has already refused binary data
 *     and invalid UTF-8; here a file must hold at most one document.
 *
 * Parse stack while reading "a: [x, *y]":
 *
 *     stack[0] MAP  kids: "a"
 *     stack[1] SEQ  kids: "x", -> node anchored &y
 *
 * A finished node is appended to the kids of the node on top of the stack
 * (or becomes the root).
 */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "rules/diag.h"
#include "rules/yaml_tree.h"
#include "util/util.h"

typedef struct open_node {
    kg_ynode *node;
    char *anchor;                /* anchor to register when the node ends, or NULL */
} open_node;

typedef struct parse_state {
    const char *file, *text;
    size_t len;
    kg_ydoc *doc;
    open_node stack[KG_YAML_MAX_DEPTH];
    int depth;
    kg_map *anchors;             /* anchor name -> kg_ynode * */
    bool aliases_used;
    int ndocs;
} parse_state;

bool kg_ynode_is_null(const kg_ynode *n)
{
    if (!n) return true;
    if (n->kind != KG_Y_SCALAR || n->style != KG_YS_PLAIN) return false;
    return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
           strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}

static kg_ynode *new_node(parse_state *ps, kg_ykind kind, yaml_mark_t start, yaml_mark_t end)
{
    kg_ynode *n = kg_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = (int)start.line + 1;
    n->col = (int)start.column + 1;
    n->end_line = (int)end.line + 1;
    n->expanded = 1;
    KG_GROW(ps->doc->all, ps->doc->capall, ps->doc->nall + 1);
    ps->doc->all[ps->doc->nall++] = n;
    return n;
}

static size_t sat_add(size_t a, size_t b) { return a > SIZE_MAX - b ? SIZE_MAX : a + b; }

static int error_at(parse_state *ps, yaml_mark_t m, const char *msg)
{
    return kg_diag_error(ps->file, ps->text, ps->len, (int)m.line + 1, (int)m.column + 1, "%s",
                         msg);
}

/* Hand a finished node to its parent (or make it the root). */
static int attach(parse_state *ps, kg_ynode *n, yaml_mark_t at)
{
    if (ps->depth == 0) {
        ps->doc->root = n;
        return 0;
    }
    kg_ynode *p = ps->stack[ps->depth - 1].node;
    KG_GROW(p->kids, p->cap, p->n + 1);
    p->kids[p->n++] = n;
    p->expanded = sat_add(p->expanded, n->expanded);
    if (ps->aliases_used && p->expanded > KG_YAML_MAX_EXPANDED)
        return error_at(ps, at, "aliases expand to more than 1000000 nodes");
    return 0;
}

static void register_anchor(parse_state *ps, const yaml_char_t *anchor, kg_ynode *n)
{
    if (!anchor) return;
    const char *a = (const char *)anchor;
    size_t slot = kg_map_intern(ps->anchors, a, strlen(a), 0, NULL);
    kg_map_set_value(ps->anchors, slot, (intptr_t)n);
}

static kg_ystyle scalar_style(yaml_scalar_style_t s)
{
    switch (s) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return KG_YS_SINGLE;
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return KG_YS_DOUBLE;
    case YAML_LITERAL_SCALAR_STYLE: return KG_YS_LITERAL;
    case YAML_FOLDED_SCALAR_STYLE: return KG_YS_FOLDED;
    default: return KG_YS_PLAIN;
    }
}

static int on_scalar(parse_state *ps, yaml_event_t *ev)
{
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (memchr(v, '\0', len))
        return error_at(ps, ev->start_mark, "a string may not contain a NUL character");
    kg_ynode *n = new_node(ps, KG_Y_SCALAR, ev->start_mark, ev->end_mark);
    n->str = kg_xstrndup(v, len);
    n->len = len;
    n->style = scalar_style(ev->data.scalar.style);
    register_anchor(ps, ev->data.scalar.anchor, n);
    return attach(ps, n, ev->start_mark);
}

static int on_start(parse_state *ps, yaml_event_t *ev, kg_ykind kind)
{
    if (ps->depth == KG_YAML_MAX_DEPTH)
        return error_at(ps, ev->start_mark, "nesting deeper than 64 levels");
    kg_ynode *n = new_node(ps, kind, ev->start_mark, ev->end_mark);
    const yaml_char_t *anchor;
    if (kind == KG_Y_SEQ) {
        anchor = ev->data.sequence_start.anchor;
        n->style = ev->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? KG_YS_FLOW
                                                                           : KG_YS_PLAIN;
    } else {
        anchor = ev->data.mapping_start.anchor;
        n->style = ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? KG_YS_FLOW
                                                                         : KG_YS_PLAIN;
    }
    ps->stack[ps->depth].node = n;
    ps->stack[ps->depth].anchor = anchor ? kg_xstrdup((const char *)anchor) : NULL;
    ps->depth++;
    return 0;
}

static int on_end(parse_state *ps, yaml_event_t *ev)
{
    open_node top = ps->stack[--ps->depth];
    top.node->end_line = (int)ev->end_mark.line + 1;
    register_anchor(ps, (const yaml_char_t *)top.anchor, top.node);
    free(top.anchor);
    return attach(ps, top.node, ev->start_mark);
}

static int on_alias(parse_state *ps, yaml_event_t *ev)
{
    const char *a = (const char *)ev->data.alias.anchor;
    intptr_t v;
    if (!kg_map_get(ps->anchors, a, strlen(a), &v)) {
        char msg[300];
        snprintf(msg, sizeof msg, "undefined alias '%.200s'", a);
        return error_at(ps, ev->start_mark, msg);
    }
    ps->aliases_used = true;
    return attach(ps, (kg_ynode *)v, ev->start_mark);
}

static int on_event(parse_state *ps, yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (ps->ndocs++ > 0)
            return error_at(ps, ev->start_mark,
                            "a rule file holds one YAML document, found a second");
        return 0;
    case YAML_SCALAR_EVENT: return on_scalar(ps, ev);
    case YAML_SEQUENCE_START_EVENT: return on_start(ps, ev, KG_Y_SEQ);
    case YAML_MAPPING_START_EVENT: return on_start(ps, ev, KG_Y_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return on_end(ps, ev);
    case YAML_ALIAS_EVENT: return on_alias(ps, ev);
    default: return 0;
    }
}

/* The libyaml error as "problem while context" at the problem's mark. */
static int syntax_error(parse_state *ps, const yaml_parser_t *p)
{
    char msg[512];
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->context)
        snprintf(msg, sizeof msg, "%s %s", problem, p->context);
    else
        snprintf(msg, sizeof msg, "%s", problem);
    return error_at(ps, p->problem_mark, msg);
}

int kg_ydoc_parse(kg_ydoc *out, const char *file, const char *text, size_t len)
{
    memset(out, 0, sizeof *out);
    parse_state ps = {.file = file, .text = text, .len = len, .doc = out};
    ps.anchors = kg_map_new();
    yaml_parser_t parser;
    int rc = 0;
    if (!yaml_parser_initialize(&parser)) {
        fputs("kgraph: out of memory\n", stderr);
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    for (bool done = false; !done && rc == 0;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = syntax_error(&ps, &parser);
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        rc = on_event(&ps, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    while (ps.depth > 0) free(ps.stack[--ps.depth].anchor);
    kg_map_free(ps.anchors);
    if (rc) kg_ydoc_free(out);
    return rc;
}

void kg_ydoc_free(kg_ydoc *d)
{
    for (size_t i = 0; i < d->nall; i++) {
        free(d->all[i]->str);
        free(d->all[i]->kids);
        free(d->all[i]);
    }
    free(d->all);
    memset(d, 0, sizeof *d);
}
