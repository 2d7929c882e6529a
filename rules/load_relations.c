/*
 * rules/load_relations.c: the `relations:` section and token-pattern
 * compilation.
 *
 * A relation rule names the edge it produces (`relation`), the entity
 * types allowed in its {source} and {target} slots, one or more token
 * patterns, and constant attributes.  Pass 1 reads and checks the shape of
 * each rule and registers its name; pass 2 (kg_ld_relation_finish), when
 * every type and word list is known, resolves the slot types and compiles
 * the patterns.  All rules with the same relation must agree on whether it
 * is symmetric; the first rule seen for a relation sets it.
 *
 * Pattern errors come from kg_pattern_compile() as a message and a byte
 * offset in the pattern; kg_ld_compile_pattern() turns the offset into a
 * line and column inside the YAML scalar (exact for plain and one-line
 * quoted scalars, the scalar's start otherwise).  The same conversion gives
 * each /regex/ test of a compiled pattern its position (kg_inst.at), for
 * the lint warnings of rules/lint.c.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const rel_keys[] = {"name",     "relation", "symmetric", "source", "target",
                                       "patterns", "attrs",    "veto",      "context",
                                       "style"};
static const char *const pat_keys[] = {"pattern", "name"};

#define N(a) (sizeof(a) / sizeof *(a))

/* context: source | target (or absent: -1). */
static int context_slot(kg_loader *ld, const kg_ynode *n, int *out)
{
    *out = -1;
    if (!n) return 0;
    const char *s;
    int rc = kg_ld_string(ld, n, "source or target", &s);
    if (rc) return rc;
    if (strcmp(s, "source") == 0) *out = KG_SLOT_SOURCE;
    else if (strcmp(s, "target") == 0) *out = KG_SLOT_TARGET;
    else return kg_ld_error(ld, n, "expected source or target, found '%s'", s);
    return 0;
}

static bool valid_relation(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

int kg_ld_attrs(kg_loader *ld, const kg_ynode *n, kg_attr_const **out, size_t *count)
{
    if (kg_ynode_is_null(n)) return 0;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a mapping of attributes");
    if (n->n / 2 > KG_MAX_RULE_ATTRS)
        return kg_ld_error(ld, n->kids[2 * KG_MAX_RULE_ATTRS], "more than %d attributes",
                           KG_MAX_RULE_ATTRS);
    *out = kg_xcalloc(n->n / 2 + 1, sizeof **out);
    for (size_t i = 0; i < n->n; i += 2) {
        const char *k, *v;
        int rc;
        if ((rc = kg_ld_string(ld, n->kids[i], "an attribute name", &k)) ||
            (rc = kg_ld_string(ld, n->kids[i + 1], "an attribute value", &v)))
            return rc;
        for (size_t j = 0; j < *count; j++)
            if (strcmp((*out)[j].key, k) == 0)
                return kg_ld_error(ld, n->kids[i], "duplicate key '%s' in attrs", k);
        (*out)[*count].key = kg_xstrdup(k);
        (*out)[*count].value = kg_xstrdup(v);
        (*count)++;
    }
    return 0;
}

int kg_ld_compile_pattern(kg_loader *ld, const kg_ynode *n, const kg_pattern_ctx *ctx,
                          kg_program *prog)
{
    char err[512];
    size_t off = 0, elen = 1;
    err[0] = '\0';
    if (kg_pattern_compile(prog, ctx, n->str, err, sizeof err, &off, &elen)) {
        int line, col, endline, endcol;
        kg_ld_offset_pos(n, off, &line, &col);
        kg_ld_offset_pos(n, off + elen, &endline, &endcol);
        return kg_ld_error_span_at(ld, line, col, endline == line ? endcol - col : 1, "%s",
                                   err[0] ? err : "invalid pattern");
    }
    prog->at = kg_ld_pos(ld, n);
    if (!prog->source) prog->source = kg_xstrdup(n->str);
    for (size_t i = 0; i < prog->n; i++) {
        kg_inst *in = &prog->code[i];
        if (in->op != KG_OP_REGEX) continue;
        in->at.file = prog->at.file;
        kg_ld_offset_pos(n, in->span.off, &in->at.line, &in->at.col);
    }
    return 0;
}

/* The pattern scalar of item i of `patterns` (a string or {pattern, name}). */
static const kg_ynode *pattern_node(const kg_ynode *item)
{
    return item->kind == KG_Y_MAP ? kg_ld_get(item, "pattern") : item;
}

static int load_patterns(kg_loader *ld, kg_relation_rule *rr, const kg_ynode *n)
{
    int rc;
    if (n->kind != KG_Y_SEQ && !(n->kind == KG_Y_SCALAR && !kg_ynode_is_null(n)))
        return kg_ld_expected(ld, n, "a list of patterns");
    size_t count = n->kind == KG_Y_SEQ ? n->n : 1;
    if (count == 0) return kg_ld_error(ld, n, "relation '%s' has no patterns", rr->name);
    rr->pattern_names = kg_xcalloc(count, sizeof *rr->pattern_names);
    rr->patterns = kg_xcalloc(count, sizeof *rr->patterns);
    rr->npatterns = count;
    for (size_t i = 0; i < count; i++) {
        const kg_ynode *it = kg_ld_item(n, i), *p, *name;
        const char *s;
        if (it->kind == KG_Y_MAP) {
            if ((rc = kg_ld_keys(ld, it, "pattern", pat_keys, N(pat_keys))) ||
                (rc = kg_ld_require(ld, it, "pattern", "pattern", &p)))
                return rc;
            if ((name = kg_ld_get(it, "name"))) {
                if ((rc = kg_ld_string(ld, name, "a pattern name", &s))) return rc;
                rr->pattern_names[i] = kg_xstrdup(s);
            }
        } else {
            p = it;
        }
        if ((rc = kg_ld_string(ld, p, "a token pattern", &s))) return rc;
        if (!rr->pattern_names[i])
            rr->pattern_names[i] = kg_xasprintf("%s#%zu", rr->name, i + 1);
    }
    return 0;
}

/* Symmetry must agree between all rules of a relation. */
static int check_symmetry(kg_loader *ld, size_t ri, const kg_ynode *at)
{
    kg_rules *r = ld->r;
    kg_relation_rule *rr = &r->rel_rules[ri];
    bool inserted;
    size_t slot = kg_map_intern(ld->relations, rr->relation, strlen(rr->relation),
                                (intptr_t)ri, &inserted);
    if (inserted) return 0;
    const kg_relation_rule *first = &r->rel_rules[kg_map_value(ld->relations, slot)];
    if (first->symmetric == rr->symmetric) return 0;
    return kg_ld_error(ld, at,
                       "relation '%s' is %ssymmetric here but %ssymmetric in rule '%s' "
                       "(%s:%d:%d)",
                       rr->relation, rr->symmetric ? "" : "not ", first->symmetric ? "" : "not ",
                       first->name, first->at.file, first->at.line, first->at.col);
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* `style:` of rule ri.  A relation has one look, so every rule of it that
 * gives a style must give the same one; rules without style take it. */
static int load_rel_style(kg_loader *ld, size_t ri, const kg_ynode *n)
{
    kg_rules *r = ld->r;
    kg_relation_rule *rr = &r->rel_rules[ri];
    if (!n) return 0;
    int rc = kg_ld_style(ld, n, "line", &rr->color, &rr->line);
    if (rc) return rc;
    rr->style_at = kg_ld_pos(ld, n);
    for (size_t k = 0; k < ri; k++) {
        const kg_relation_rule *o = &r->rel_rules[k];
        if (strcmp(o->relation, rr->relation) != 0 || (!o->color && !o->line)) continue;
        if (same_str(o->color, rr->color) && same_str(o->line, rr->line)) continue;
        return kg_ld_error(ld, n,
                           "relation '%s' is styled differently in rule '%s' (%s:%d:%d); give "
                           "a relation one style",
                           rr->relation, o->name, o->style_at.file, o->style_at.line,
                           o->style_at.col);
    }
    return 0;
}

static int load_relation(kg_loader *ld, const kg_ynode *n)
{
    kg_rules *r = ld->r;
    const kg_ynode *name, *rel, *sym, *src, *tgt, *pats;
    const char *s;
    size_t count;
    int rc = kg_ld_keys(ld, n, "relation", rel_keys, N(rel_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a relation rule (a mapping)");
    if ((rc = kg_ld_require(ld, n, "name", "relation", &name)) ||
        (rc = kg_ld_string(ld, name, "a rule name", &s)) ||
        (rc = kg_ld_rule_name(ld, s, name)))
        return rc;
    KG_GROW(r->rel_rules, ld->caprel, r->nrel_rules + 1);
    size_t ri = r->nrel_rules++;
    kg_relation_rule *rr = &r->rel_rules[ri];
    memset(rr, 0, sizeof *rr);
    rr->name = kg_xstrdup(s);
    rr->at = kg_ld_pos(ld, name);
    rr->veto_list = -1;
    if ((rc = context_slot(ld, kg_ld_get(n, "context"), &rr->context_slot))) return rc;
    rel = kg_ld_get(n, "relation");
    if (rel && (rc = kg_ld_string(ld, rel, "a relation name", &s))) return rc;
    if (!valid_relation(s))
        return kg_ld_error(ld, rel ? rel : name,
                           "invalid relation name '%s' (use lowercase letters, digits and '_', "
                           "starting with a letter)", s);
    rr->relation = kg_xstrdup(s);
    sym = kg_ld_get(n, "symmetric");
    if (sym && (rc = kg_ld_bool(ld, sym, &rr->symmetric))) return rc;
    if ((rc = check_symmetry(ld, ri, sym ? sym : name))) return rc;
    if ((rc = load_rel_style(ld, ri, kg_ld_get(n, "style")))) return rc;
    if ((rc = kg_ld_require(ld, n, "source", "relation", &src)) ||
        (rc = kg_ld_strings(ld, src, "a type name or a list of type names", &count)) ||
        (rc = kg_ld_require(ld, n, "target", "relation", &tgt)) ||
        (rc = kg_ld_strings(ld, tgt, "a type name or a list of type names", &count)) ||
        (rc = kg_ld_require(ld, n, "patterns", "relation", &pats)) ||
        (rc = load_patterns(ld, rr, pats)) ||
        (rc = kg_ld_attrs(ld, kg_ld_get(n, "attrs"), &rr->attrs, &rr->nattrs)))
        return rc;
    kg_ld_defer(ld, KG_DEF_RELATION, n, ri);
    return 0;
}

int kg_ld_relations(kg_loader *ld, const kg_ynode *n)
{
    int rc = kg_ld_list(ld, n, "a list of relation rules");
    for (size_t i = 0; rc == 0 && n && n->kind == KG_Y_SEQ && i < n->n; i++)
        rc = load_relation(ld, n->kids[i]);
    return rc;
}

/* The type set named by a slot: one type name or a list of them. */
static int slot_types(kg_loader *ld, const kg_ynode *n, kg_typeset *out)
{
    const kg_rules *r = ld->r;
    size_t count;
    int rc = kg_ld_strings(ld, n, "a type name or a list of type names", &count);
    if (rc) return rc;
    if (count == 0) return kg_ld_expected(ld, n, "a type name or a list of type names");
    *out = 0;
    for (size_t i = 0; i < count; i++) {
        const kg_ynode *t = kg_ld_item(n, i);
        intptr_t ti;
        if (kg_map_get(ld->type_names, t->str, t->len, &ti)) {
            *out |= (kg_typeset)1 << ti;
            continue;
        }
        const char **names = kg_xcalloc(r->ntypes + 1, sizeof *names);
        for (size_t j = 0; j < r->ntypes; j++) names[j] = r->types[j].name;
        rc = kg_ld_error_span(ld, t, "unknown entity type '%s'%s", t->str,
                         kg_suggest(t->str, names, r->ntypes, false));
        free(names);
        return rc;
    }
    return 0;
}

int kg_ld_relation_finish(kg_loader *ld, const kg_deferred *d)
{
    kg_rules *r = ld->r;
    kg_relation_rule *rr = &r->rel_rules[d->index];
    int rc;
    if ((rc = slot_types(ld, kg_ld_get(d->node, "source"), &rr->source_types)) ||
        (rc = slot_types(ld, kg_ld_get(d->node, "target"), &rr->target_types)))
        return rc;
    r->relation_arg_types |= rr->source_types | rr->target_types;
    if (rr->context_slot >= 0)
        r->context_arg_types |= rr->context_slot == KG_SLOT_SOURCE ? rr->target_types
                                                                   : rr->source_types;
    const kg_ynode *veto = kg_ld_get(d->node, "veto");
    if (veto && (rc = kg_ld_phrase_list(ld, veto, "a list of words, phrases and @lists",
                                        &rr->veto_list)))
        return rc;
    kg_pattern_ctx ctx = {.rules = r, .relation = true, .context_slot = rr->context_slot,
                          .symmetric = rr->symmetric && rr->context_slot < 0,
                          .source_types = rr->source_types, .target_types = rr->target_types};
    const kg_ynode *pats = kg_ld_get(d->node, "patterns");
    for (size_t i = 0; i < rr->npatterns; i++) {
        rc = kg_ld_compile_pattern(ld, pattern_node(kg_ld_item(pats, i)), &ctx,
                                   &rr->patterns[i]);
        if (rc) return rc;
    }
    return 0;
}
