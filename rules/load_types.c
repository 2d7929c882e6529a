/*
 * rules/load_types.c: the `types:` section.
 *
 * Each entry becomes a kg_entity_type (name, label, normalisation,
 * priority, canonicalisation steps) plus what recognises its mentions:
 * gazetteer names (inline or from files) inserted into the trie of the
 * type's normalisation profile, regex rules compiled here, and token-pattern
 * rules queued for pass 2 because they may use word lists from files not
 * read yet.  Entity rules keep file order; a rule's default name is
 * "<TYPE>/regex#<n>" or "<TYPE>/tokens#<n>", n being the pattern's 1-based
 * position in the type's `patterns` list.
 *
 * Invariant: r->types may move while a type is read (gazetteer files add
 * file names, not types, so in practice it does not), which is why the
 * readers below take the type's index, never a pointer kept across calls.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const type_keys[] = {"name",      "label",     "case_sensitive",
                                        "normalize", "priority",  "canonical",
                                        "gazetteer", "gazetteer_files", "patterns",
                                        "shared_heads", "style"};
static const char *const head_keys[] = {"plural", "singular"};
static const char *const norm_names[] = {"quotes", "ampersand", "hyphen"};
static const unsigned norm_flags[] = {KG_NORM_QUOTES, KG_NORM_AMP, KG_NORM_HYPHEN};
static const char *const step_keys[] = {"strip_prefix", "strip_suffix", "map_prefix",
                                        "map_suffix"};
static const char *const map_step_keys[] = {"from", "to"};
static const char *const gaz_keys[] = {"name", "aliases"};
static const char *const pat_keys[] = {"regex", "tokens", "group", "name", "priority"};

#define N(a) (sizeof(a) / sizeof *(a))

static bool valid_type_name(const char *s)
{
    if (!(*s >= 'A' && *s <= 'Z')) return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')) return false;
    return true;
}

static int load_normalize(kg_loader *ld, const kg_ynode *n, unsigned *flags)
{
    size_t count;
    int rc = kg_ld_strings(ld, n, "a list of normalizations", &count);
    if (rc) return rc;
    *flags = 0;
    for (size_t i = 0; i < count; i++) {
        const kg_ynode *v = kg_ld_item(n, i);
        size_t j = 0;
        while (j < N(norm_names) && strcmp(v->str, norm_names[j]) != 0) j++;
        if (j == N(norm_names)) {
            return kg_ld_error_span(ld, v, "unknown normalization '%s'%s", v->str,
                               kg_suggest(v->str, norm_names, N(norm_names), true));
        }
        *flags |= norm_flags[j];
    }
    return 0;
}

/* A phrase to compare under the type's normalisation: its key and length. */
static int step_phrase(kg_loader *ld, const kg_ynode *n, unsigned norm, char **key,
                       size_t *ntok)
{
    const char *s;
    int rc = kg_ld_string(ld, n, "a phrase", &s);
    if (rc) return rc;
    kg_buf b = KG_BUF_INIT;
    *ntok = kg_phrase_key(&b, s, strlen(s), norm);
    if (*ntok == 0) {
        kg_buf_free(&b);
        return kg_ld_error(ld, n, "the phrase has no words");
    }
    *key = kg_buf_detach(&b);
    return 0;
}

static int load_step(kg_loader *ld, size_t ti, const kg_ynode *n)
{
    int rc = kg_ld_keys(ld, n, "canonical step", step_keys, N(step_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP || n->n != 2)
        return kg_ld_error(ld, n, "expected one of strip_prefix, strip_suffix, map_prefix, "
                                  "map_suffix, found %zu keys",
                           n->kind == KG_Y_MAP ? n->n / 2 : 0);
    kg_entity_type *t = &ld->r->types[ti];
    const char *k = n->kids[0]->str;
    const kg_ynode *v = n->kids[1];
    kg_canon_rule c = {0};
    c.kind = strcmp(k, "strip_prefix") == 0   ? KG_CANON_STRIP_PREFIX
             : strcmp(k, "strip_suffix") == 0 ? KG_CANON_STRIP_SUFFIX
             : strcmp(k, "map_prefix") == 0   ? KG_CANON_MAP_PREFIX
                                              : KG_CANON_MAP_SUFFIX;
    const kg_ynode *from = v;
    if (c.kind == KG_CANON_MAP_PREFIX || c.kind == KG_CANON_MAP_SUFFIX) {
        const kg_ynode *to;
        const char *tos;
        if (v->kind != KG_Y_MAP) return kg_ld_expected(ld, v, "a mapping {from: ..., to: ...}");
        if ((rc = kg_ld_keys(ld, v, k, map_step_keys, N(map_step_keys))) ||
            (rc = kg_ld_require(ld, v, "from", k, &from)) ||
            (rc = kg_ld_require(ld, v, "to", k, &to)) ||
            (rc = kg_ld_string(ld, to, "a string", &tos)))
            return rc;
        c.to = kg_xstrdup(tos);
    }
    rc = step_phrase(ld, from, t->norm, &c.from, &c.from_tokens);
    if (rc) {
        free(c.to);
        return rc;
    }
    t->canon = kg_xrealloc(t->canon, (t->ncanon + 1) * sizeof *t->canon);
    t->canon[t->ncanon++] = c;
    return 0;
}

static int gaz_name(kg_loader *ld, size_t ti, const kg_ynode *n, uint32_t canonical)
{
    const char *s;
    int rc = kg_ld_string(ld, n, "a name", &s);
    if (rc) return rc;
    if (!kg_gaz_insert(ld, ld->r->types[ti].profile, s, n->len, canonical, (uint16_t)ti,
                       kg_ld_pos(ld, n)))
        return kg_ld_error(ld, n, "the name has no words");
    return 0;
}

static int load_gaz_entry(kg_loader *ld, size_t ti, const kg_ynode *n)
{
    if (n->kind == KG_Y_SCALAR && !kg_ynode_is_null(n))
        return gaz_name(ld, ti, n, kg_gaz_canonical(ld, n->str));
    const kg_ynode *name, *aliases;
    const char *s;
    size_t count;
    int rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a name or {name, aliases}");
    if ((rc = kg_ld_keys(ld, n, "gazetteer entry", gaz_keys, N(gaz_keys))) ||
        (rc = kg_ld_require(ld, n, "name", "gazetteer entry", &name)) ||
        (rc = kg_ld_string(ld, name, "a name", &s)))
        return rc;
    uint32_t ci = kg_gaz_canonical(ld, s);
    if ((rc = gaz_name(ld, ti, name, ci))) return rc;
    aliases = kg_ld_get(n, "aliases");
    if ((rc = kg_ld_strings(ld, aliases, "a list of aliases", &count))) return rc;
    for (size_t i = 0; i < count; i++)
        if ((rc = gaz_name(ld, ti, kg_ld_item(aliases, i), ci))) return rc;
    return 0;
}

static int regex_group(kg_loader *ld, const kg_ynode *g, const kg_regex *re, int *out)
{
    const char *s;
    int rc = kg_ld_string(ld, g, "a group name or number", &s);
    if (rc) return rc;
    if (s[strspn(s, "0123456789")] == '\0' && g->len < 6) {
        *out = atoi(s);
        if (*out > kg_regex_group_count(re))
            return kg_ld_error(ld, g, "the regex has no group %d (it has %d)", *out,
                               kg_regex_group_count(re));
        return 0;
    }
    *out = kg_regex_group_number(re, s);
    if (*out < 0) return kg_ld_error(ld, g, "the regex has no group named '%s'", s);
    return 0;
}

static int load_regex(kg_loader *ld, kg_entity_rule *er, const kg_ynode *n, const kg_ynode *g)
{
    const char *src;
    char err[256];
    size_t off = 0;
    int rc = kg_ld_string(ld, n, "a regex", &src);
    if (rc) return rc;
    if (kg_regex_compile(&er->re, src, false, err, &off)) {
        int line, col;
        kg_ld_offset_pos(n, off, &line, &col);
        return kg_ld_error_at(ld, line, col, "invalid regex: %s", err);
    }
    if (g && (rc = regex_group(ld, g, er->re, &er->group))) return rc;
    if (kg_regex_matches_empty(er->re))
        kg_ld_warn(ld, er->at, "the regex of rule '%s' can match the empty string", er->name);
    return 0;
}

static int load_pattern(kg_loader *ld, size_t ti, const kg_ynode *n, size_t pos)
{
    kg_rules *r = ld->r;
    const kg_ynode *re, *tok, *g, *name, *prio;
    const char *s;
    int rc = kg_ld_keys(ld, n, "pattern", pat_keys, N(pat_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a mapping {regex: ...} or {tokens: ...}");
    re = kg_ld_get(n, "regex");
    tok = kg_ld_get(n, "tokens");
    g = kg_ld_get(n, "group");
    name = kg_ld_get(n, "name");
    prio = kg_ld_get(n, "priority");
    if (re && tok) return kg_ld_error(ld, tok, "a pattern has 'regex' or 'tokens', not both");
    if (!re && !tok) return kg_ld_error(ld, n, "missing key 'regex' or 'tokens' in pattern");
    if (tok && g) return kg_ld_error(ld, g, "'group' applies to regex patterns only");
    const kg_ynode *src = re ? re : tok;
    KG_GROW(r->ent_rules, ld->capent, r->nent_rules + 1);
    kg_entity_rule *er = &r->ent_rules[r->nent_rules++];
    memset(er, 0, sizeof *er);
    er->kind = re ? KG_ENT_REGEX : KG_ENT_TOKENS;
    er->type = (uint16_t)ti;
    er->priority = r->types[ti].priority;
    er->at = kg_ld_pos(ld, src);
    if (name) {
        if ((rc = kg_ld_string(ld, name, "a rule name", &s))) return rc;
        er->name = kg_xstrdup(s);
    } else {
        er->name = kg_xasprintf("%s/%s#%zu", r->types[ti].name, re ? "regex" : "tokens", pos);
    }
    if ((rc = kg_ld_rule_name(ld, er->name, name ? name : src))) return rc;
    if (prio && (rc = kg_ld_int(ld, prio, &er->priority))) return rc;
    if (re) return load_regex(ld, er, re, g);
    if ((rc = kg_ld_string(ld, tok, "a token pattern", &s))) return rc;
    kg_ld_defer(ld, KG_DEF_ENT_TOKENS, tok, r->nent_rules - 1);
    return 0;
}

int kg_ld_ent_tokens(kg_loader *ld, const kg_deferred *d)
{
    kg_pattern_ctx ctx = {.rules = ld->r, .relation = false};
    return kg_ld_compile_pattern(ld, d->node, &ctx, &ld->r->ent_rules[d->index].prog);
}

/* name, label, case_sensitive, normalize, priority: the type itself. */
static int load_type_head(kg_loader *ld, const kg_ynode *n)
{
    kg_rules *r = ld->r;
    const kg_ynode *name, *v;
    const char *s;
    int rc;
    if ((rc = kg_ld_require(ld, n, "name", "type", &name)) ||
        (rc = kg_ld_string(ld, name, "a type name", &s)))
        return rc;
    if (!valid_type_name(s))
        return kg_ld_error(ld, name, "invalid type name '%s' (use capital letters, digits "
                                     "and '_', starting with a letter)", s);
    intptr_t prev;
    if (kg_map_get(ld->type_names, s, strlen(s), &prev)) {
        kg_srcpos at = r->types[prev].at;
        return kg_ld_error(ld, name, "duplicate type '%s' (first defined at %s:%d:%d)", s,
                           at.file, at.line, at.col);
    }
    if (r->ntypes == KG_MAX_TYPES)
        return kg_ld_error(ld, name, "more than %d entity types", KG_MAX_TYPES);
    kg_map_intern(ld->type_names, s, strlen(s), (intptr_t)r->ntypes, NULL);
    KG_GROW(r->types, ld->captypes, r->ntypes + 1);
    kg_entity_type *t = &r->types[r->ntypes++];
    memset(t, 0, sizeof *t);
    t->name = kg_xstrdup(s);
    t->at = kg_ld_pos(ld, name);
    bool cs = false;
    unsigned flags = KG_NORM_QUOTES | KG_NORM_AMP | KG_NORM_HYPHEN;
    if ((v = kg_ld_get(n, "label")) && (rc = kg_ld_string(ld, v, "a label", &s))) return rc;
    t->label = kg_xstrdup(v ? s : t->name);
    if ((v = kg_ld_get(n, "case_sensitive")) && (rc = kg_ld_bool(ld, v, &cs))) return rc;
    if ((v = kg_ld_get(n, "normalize")) && (rc = load_normalize(ld, v, &flags))) return rc;
    if ((v = kg_ld_get(n, "priority")) && (rc = kg_ld_int(ld, v, &t->priority))) return rc;
    t->norm = (cs ? 0u : (unsigned)KG_NORM_FOLD) | flags;
    t->profile = kg_gaz_profile(ld, t->norm);
    return 0;
}

/* {plural: [CCGs, "clinical commissioning groups"], singular: CCG}: the
 * plural phrases are words, not @lists, since lists may be defined in a
 * file read later. */
static int load_shared_head(kg_loader *ld, size_t ti, const kg_ynode *n)
{
    const kg_ynode *plural, *singular;
    const char *s;
    size_t count;
    int rc = kg_ld_keys(ld, n, "shared head", head_keys, N(head_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a shared head (a mapping)");
    if ((rc = kg_ld_require(ld, n, "plural", "shared head", &plural)) ||
        (rc = kg_ld_require(ld, n, "singular", "shared head", &singular)) ||
        (rc = kg_ld_string(ld, singular, "the singular name word", &s)) ||
        (rc = kg_ld_strings(ld, plural, "a list of plural head words", &count)))
        return rc;
    if (count == 0) return kg_ld_expected(ld, plural, "a list of plural head words");
    for (size_t i = 0; i < count; i++)
        if (kg_ld_item(plural, i)->str[0] == '@')
            return kg_ld_error(ld, kg_ld_item(plural, i),
                               "a shared head's plural takes words, not a word list");
    kg_shared_head h = {.singular = kg_xstrdup(s), .at = kg_ld_pos(ld, n)};
    if ((rc = kg_ld_phrase_list(ld, plural, "a list of plural head words", &h.list))) {
        free(h.singular);
        return rc;
    }
    kg_entity_type *t = &ld->r->types[ti];
    t->heads = kg_xrealloc(t->heads, (t->nheads + 1) * sizeof *t->heads);
    t->heads[t->nheads++] = h;
    ld->r->shared_heads = true;
    return 0;
}

/* The names `style:` accepts, shared with export/style.c, which checks the
 * styles a library caller passes the same way.  Shapes are the Graphviz
 * polygon shapes that hold a label inside; lines the Graphviz edge styles
 * that draw a line. */
const char *const kg_style_shapes[] = {
    "box",    "ellipse",  "circle",   "oval",      "diamond",       "hexagon",
    "octagon", "house",   "invhouse", "cylinder",  "note",          "component",
    "tab",    "folder",   "parallelogram", "trapezium", "pentagon", "septagon",
    "doublecircle", "rect", "square", "box3d",     "egg",           "triangle", NULL};
const char *const kg_style_lines[] = {"solid", "dashed", "dotted", "bold", NULL};

static size_t count_names(const char *const *names)
{
    size_t n = 0;
    while (names[n]) n++;
    return n;
}

/* "#rrggbb" or "#rgb", hex digits in either case. */
static bool parse_color(const char *s, char out[8])
{
    size_t len = strlen(s);
    if (s[0] != '#' || (len != 7 && len != 4) || s[1 + strspn(s + 1, "0123456789abcdefABCDEF")])
        return false;
    out[0] = '#';
    for (size_t k = 0; k < 6; k++) {
        char c = len == 7 ? s[1 + k] : s[1 + k / 2];
        out[1 + k] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    }
    out[7] = 0;
    return true;
}

/* value of n must be one of names (NULL-terminated); `what` names the key. */
static int style_name(kg_loader *ld, const kg_ynode *n, const char *what,
                      const char *const *names, char **out)
{
    const char *s;
    int rc = kg_ld_string(ld, n, what, &s);
    if (rc) return rc;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = kg_xstrdup(s);
            return 0;
        }
    return kg_ld_error_span(ld, n, "unknown %s '%s'%s", what, s,
                       kg_suggest(s, names, count_names(names), true));
}

int kg_ld_style(kg_loader *ld, const kg_ynode *n, const char *shape_key, char **color,
                char **shape)
{
    const char *keys[] = {"color", shape_key};
    const kg_ynode *v;
    const char *s;
    char hex[8];
    int rc;
    *color = *shape = NULL;
    if (kg_ynode_is_null(n)) return 0;
    if (n->kind != KG_Y_MAP)
        return kg_ld_expected(ld, n, strcmp(shape_key, "shape") == 0
                                         ? "a style {color: \"#rrggbb\", shape: NAME}"
                                         : "a style {color: \"#rrggbb\", line: NAME}");
    if ((rc = kg_ld_keys(ld, n, "style", keys, 2))) return rc;
    if ((v = kg_ld_get(n, "color"))) {
        if ((rc = kg_ld_string(ld, v, "a colour \"#rrggbb\"", &s))) return rc;
        if (!parse_color(s, hex))
            return kg_ld_error(ld, v, "invalid colour '%s' (write it \"#rrggbb\", quoted, e.g. "
                                      "\"#0072b2\")", s);
        *color = kg_xstrdup(hex);
    }
    if ((v = kg_ld_get(n, shape_key))) {
        bool is_shape = strcmp(shape_key, "shape") == 0;
        rc = style_name(ld, v, is_shape ? "shape" : "line style",
                        is_shape ? kg_style_shapes : kg_style_lines, shape);
        if (rc) {
            free(*color);
            *color = NULL;
            return rc;
        }
    }
    return 0;
}

static int load_type(kg_loader *ld, const kg_ynode *n)
{
    const kg_ynode *v;
    size_t count;
    int rc = kg_ld_keys(ld, n, "type", type_keys, N(type_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a type (a mapping)");
    if ((rc = load_type_head(ld, n))) return rc;
    size_t ti = ld->r->ntypes - 1;
    v = kg_ld_get(n, "canonical");
    if ((rc = kg_ld_list(ld, v, "a list of canonical steps"))) return rc;
    for (size_t i = 0; v && i < v->n; i++)
        if ((rc = load_step(ld, ti, v->kids[i]))) return rc;
    v = kg_ld_get(n, "gazetteer");
    if ((rc = kg_ld_list(ld, v, "a list of gazetteer names"))) return rc;
    for (size_t i = 0; v && i < v->n; i++)
        if ((rc = load_gaz_entry(ld, ti, v->kids[i]))) return rc;
    v = kg_ld_get(n, "gazetteer_files");
    if ((rc = kg_ld_strings(ld, v, "a list of file names", &count))) return rc;
    for (size_t i = 0; i < count; i++)
        if ((rc = kg_gaz_read_file(ld, kg_ld_item(v, i), (uint16_t)ti))) return rc;
    v = kg_ld_get(n, "patterns");
    if ((rc = kg_ld_list(ld, v, "a list of patterns"))) return rc;
    for (size_t i = 0; v && i < v->n; i++)
        if ((rc = load_pattern(ld, ti, v->kids[i], i + 1))) return rc;
    v = kg_ld_get(n, "shared_heads");
    if ((rc = kg_ld_list(ld, v, "a list of shared heads"))) return rc;
    for (size_t i = 0; v && i < v->n; i++)
        if ((rc = load_shared_head(ld, ti, v->kids[i]))) return rc;
    kg_entity_type *t = &ld->r->types[ti];
    return kg_ld_style(ld, kg_ld_get(n, "style"), "shape", &t->color, &t->shape);
}

int kg_ld_types(kg_loader *ld, const kg_ynode *n)
{
    int rc = kg_ld_list(ld, n, "a list of entity types");
    for (size_t i = 0; rc == 0 && n && n->kind == KG_Y_SEQ && i < n->n; i++)
        rc = load_type(ld, n->kids[i]);
    return rc;
}
