/*
 * rules/lint.c: kg_rules_lint(), the checks behind `kgraph rules check`
 * that find rules which load fine but are almost certainly mistakes.
 *
 * Pipeline position: rules -> extract -> graph -> export -> cli.  Lint
 * reads a finished kg_rules (rules/compiled.h) and changes nothing; the CLI
 * calls it after kg_rules_load().  Each check is one linear pass:
 *
 *   aliases    Every gazetteer trie groups its entries by the node where a
 *              name ends, and the loader drops repeated (node, canonical,
 *              type) triples.  So a node with two or more entries is a
 *              surface form (under that trie's normalisation profile)
 *              listed for two canonical names or two types.  Each later
 *              entry is reported against the node's first entry.  The
 *              surface form is rebuilt from the trie's edge map, which is
 *              inverted (child -> parent, token key) only for a trie that
 *              has such a node:
 *
 *                  edges "0\x1fbedford" -> 1, "1\x1fhospital" -> 2
 *                  parent[2] = 1, key[2] = "hospital"  =>  "bedford hospital"
 *
 *   dead rules The types some gazetteer entry or entity rule produces form
 *              a mask; a relation rule whose source (or target) type set
 *              misses the mask can never bind that slot.
 *
 *   shadowed   Each program is serialised to a canonical string: every
 *              KEY field of KG_INST_FIELDS (rules/compiled.h), each by its
 *              lint_key_<field> function (opcode, jump targets, words,
 *              lists, classes, regex source and flags, slot and capture
 *              types and names, gap bounds and constraints), never the POS
 *              fields (positions).  A new KEY field without its function
 *              does not build, and tests/rules/test_lint.c checks that each
 *              KEY field changes the string and no POS field does.  Named word lists are identified by index,
 *              the anonymous lists of gap exclusions by their sorted
 *              contents.  A map from "relation + string" (relation
 *              patterns; the key also holds the rule's constant attributes
 *              and veto list, since rules that differ there make different
 *              edges) or "type + string" (entity rules; regex rules use
 *              their regex, flags and group) to the first pattern gives
 *              identical later patterns.  This finds exact duplicates only,
 *              not patterns whose language merely contains another's.
 *
 *   empty regexes and unused word lists repeat the loader's warnings, and
 *              add /regex/ tests inside token patterns (the loader records
 *              their position in kg_inst.at).
 *
 * Findings are collected, sorted by position (file in load order, line,
 * column, then discovery order) and passed to the callback, so the output
 * reads top to bottom like a compiler's.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules/compiled.h"

typedef struct finding {
    size_t file;                 /* index into kg_rules.files (SIZE_MAX: unknown) */
    int line, col;
    size_t seq;                  /* discovery order, the last sort key */
    char *msg;                   /* the whole line */
} finding;

typedef struct linter {
    const kg_rules *r;
    finding *v;
    size_t n, cap;
    const char *last_file;       /* file_index cache: findings come in runs */
    size_t last_index;
} linter;

static size_t file_index(linter *L, const char *file)
{
    if (!file) return SIZE_MAX;
    if (file == L->last_file) return L->last_index;
    size_t i = 0;
    while (i < L->r->nfiles && L->r->files[i] != file) i++;
    L->last_file = file;
    L->last_index = i < L->r->nfiles ? i : SIZE_MAX;
    return L->last_index;
}

static void report(linter *L, kg_srcpos at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(linter *L, kg_srcpos at, const char *fmt, ...)
{
    kg_buf b = KG_BUF_INIT;
    char *what;
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    what = kg_xmalloc((size_t)len + 1);
    va_start(ap, fmt);
    vsnprintf(what, (size_t)len + 1, fmt, ap);
    va_end(ap);
    kg_buf_printf(&b, "%s:%d:%d: warning: %s", at.file ? at.file : "?", at.line, at.col, what);
    free(what);
    KG_GROW(L->v, L->cap, L->n + 1);
    L->v[L->n] = (finding){file_index(L, at.file), at.line, at.col, L->n, kg_buf_detach(&b)};
    L->n++;
}

static int cmp_finding(const void *pa, const void *pb)
{
    const finding *a = pa, *b = pb;
    if (a->file != b->file) return a->file < b->file ? -1 : 1;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---------------------------------------------------------------- aliases */

typedef struct trie_index {      /* the edge map inverted */
    uint32_t *parent;
    const char **key;
} trie_index;

static void trie_index_build(trie_index *t, const kg_gazetteer *g)
{
    t->parent = kg_xcalloc(g->nnodes, sizeof *t->parent);
    t->key = kg_xcalloc(g->nnodes, sizeof *t->key);
    for (size_t i = 0; g->edges && i <= g->edge_mask; i++) {
        const kg_gaz_edge *e = &g->edges[i];
        if (!e->child || e->child >= g->nnodes) continue;
        t->parent[e->child] = e->parent;
        t->key[e->child] = kg_map_key(g->words, e->word);
    }
}

/* The surface form ending at `node`: its token keys joined by spaces. */
static char *trie_text(const trie_index *t, const kg_gazetteer *g, uint32_t node)
{
    size_t depth = 0;
    for (uint32_t n = node; n != 0 && depth <= g->max_depth; n = t->parent[n]) depth++;
    const char **keys = kg_xcalloc(depth + 1, sizeof *keys);
    size_t k = depth;
    for (uint32_t n = node; n != 0 && k > 0; n = t->parent[n]) keys[--k] = t->key[n];
    kg_buf b = KG_BUF_INIT;
    for (size_t i = 0; i < depth; i++) {
        if (i) kg_buf_putc(&b, ' ');
        kg_buf_puts(&b, keys[i] ? keys[i] : "?");
    }
    free(keys);
    return kg_buf_detach(&b);
}

static void lint_aliases(linter *L)
{
    const kg_rules *r = L->r;
    for (size_t gi = 0; gi < r->ngaz; gi++) {
        const kg_gazetteer *g = &r->gaz[gi];
        trie_index t = {0};
        if (!g->nodes) continue;
        for (size_t n = 0; n < g->nnodes; n++) {
            const kg_gaz_node *nd = &g->nodes[n];
            if (nd->nentries < 2) continue;
            if (!t.parent) trie_index_build(&t, g);
            char *text = trie_text(&t, g, (uint32_t)n);
            const kg_gaz_entry *first = &g->entries[nd->first_entry];
            for (uint32_t k = 1; k < nd->nentries; k++) {
                const kg_gaz_entry *e = &g->entries[nd->first_entry + k];
                report(L, e->at,
                       "alias '%s' is listed for '%s' (%s) here and for '%s' (%s) at %s:%d:%d",
                       text, r->canon_names[e->canonical], r->types[e->type].name,
                       r->canon_names[first->canonical], r->types[first->type].name,
                       first->at.file, first->at.line, first->at.col);
            }
            free(text);
        }
        free(t.parent);
        free(t.key);
    }
}

/* ---------------------------------------------------------------- dead rules */

static void dead_slot(linter *L, const kg_relation_rule *rr, const char *slot, kg_typeset types,
                      kg_typeset made)
{
    if (types == 0 || (types & made)) return; /* 0: any type */
    kg_buf names = KG_BUF_INIT;
    size_t count = 0;
    for (size_t t = 0; t < L->r->ntypes; t++) {
        if (!(types & ((kg_typeset)1 << t))) continue;
        if (count++) kg_buf_puts(&names, ", ");
        kg_buf_puts(&names, L->r->types[t].name);
    }
    if (count == 0) kg_buf_puts(&names, "(none)");
    report(L, rr->at,
           "relation rule '%s' can never fire: no gazetteer name or entity pattern produces "
           "its %s type%s %s",
           rr->name, slot, count > 1 ? "s" : "", names.ptr);
    kg_buf_free(&names);
}

static void lint_dead_rules(linter *L)
{
    const kg_rules *r = L->r;
    kg_typeset made = 0;
    for (size_t gi = 0; gi < r->ngaz; gi++)
        for (size_t i = 0; i < r->gaz[gi].nentries; i++)
            made |= (kg_typeset)1 << r->gaz[gi].entries[i].type;
    for (size_t i = 0; i < r->nent_rules; i++) made |= (kg_typeset)1 << r->ent_rules[i].type;
    for (size_t i = 0; i < r->nrel_rules; i++) {
        const kg_relation_rule *rr = &r->rel_rules[i];
        dead_slot(L, rr, "source", rr->source_types, made);
        dead_slot(L, rr, "target", rr->target_types, made);
    }
}

/* ---------------------------------------------------------------- shadowed */

static void put_str(kg_buf *b, const char *s)
{
    if (s) kg_buf_printf(b, "%zu:%s", strlen(s), s);
    else kg_buf_putc(b, '-');
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void put_sorted(kg_buf *b, const char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_str);
    kg_buf_printf(b, "%zu[", n);
    for (size_t i = 0; i < n; i++) put_str(b, v[i]);
    kg_buf_putc(b, ']');
}

/* A word list: named ones by index, anonymous ones (gap exclusions, one per
 * gap) by their contents. */
static void put_list(kg_buf *b, const kg_rules *r, int li)
{
    if (li < 0 || (size_t)li >= r->nlists) {
        kg_buf_putc(b, '-');
        return;
    }
    const kg_wordlist *l = &r->lists[li];
    if (!l->anonymous) {
        kg_buf_printf(b, "L%d", li);
        return;
    }
    size_t nw = kg_map_count(l->words);
    size_t most = nw > l->nphrases ? nw : l->nphrases;
    if (l->nprefixes > most) most = l->nprefixes;
    const char **v = kg_xcalloc(most + 1, sizeof *v);
    kg_buf_putc(b, 'A');
    for (size_t i = 0; i < nw; i++) v[i] = kg_map_key(l->words, i);
    put_sorted(b, v, nw);
    for (size_t i = 0; i < l->nphrases; i++) v[i] = l->phrases[i];
    put_sorted(b, v, l->nphrases);
    for (size_t i = 0; i < l->nprefixes; i++) v[i] = l->prefixes[i];
    put_sorted(b, v, l->nprefixes);
    free(v);
}

static void put_regex(kg_buf *b, const kg_regex *re)
{
    if (!re) {
        kg_buf_putc(b, '-');
        return;
    }
    kg_buf_printf(b, "%c", kg_regex_caseless(re) ? 'i' : 'c');
    put_str(b, kg_regex_source(re));
}

/* ---- the instruction key: one lint_key_<field> per KEY field of
 * KG_INST_FIELDS (rules/compiled.h), called in field order by put_program;
 * a KEY field without its function here does not build. */
typedef struct key_ctx {
    kg_buf *b;
    const kg_rules *r;
    const kg_inst *in;
} key_ctx;

static void lint_key_op(key_ctx *k) { kg_buf_printf(k->b, "%d", (int)k->in->op); }
static void lint_key_x(key_ctx *k) { kg_buf_printf(k->b, "%d", k->in->x); }
static void lint_key_y(key_ctx *k) { kg_buf_printf(k->b, "%d", k->in->y); }
static void lint_key_str(key_ctx *k)
{
    if (!k->in->str) {
        kg_buf_putc(k->b, '-');
        return;
    }
    kg_buf_printf(k->b, "%zu:", k->in->len);
    kg_buf_put(k->b, k->in->str, k->in->len);
}
/* len is str's length, written with it */
static void lint_key_len(key_ctx *k) { (void)k; }
static void lint_key_list(key_ctx *k) { put_list(k->b, k->r, k->in->list); }
static void lint_key_cls(key_ctx *k) { kg_buf_printf(k->b, "%u", k->in->cls); }
static void lint_key_re(key_ctx *k) { put_regex(k->b, k->in->re); }
static void lint_key_slot(key_ctx *k) { kg_buf_printf(k->b, "%d", k->in->slot); }
static void lint_key_name(key_ctx *k) { put_str(k->b, k->in->name); }
static void lint_key_types(key_ctx *k) { kg_buf_printf(k->b, "%llx", (unsigned long long)k->in->types); }
static void lint_key_min(key_ctx *k) { kg_buf_printf(k->b, "%d", k->in->min); }
static void lint_key_max(key_ctx *k) { kg_buf_printf(k->b, "%d", k->in->max); }
static void lint_key_gap_no_entity(key_ctx *k) { kg_buf_printf(k->b, "%d", (int)k->in->gap_no_entity); }
static void lint_key_gap_banned(key_ctx *k)
{
    kg_buf_printf(k->b, "%llx", (unsigned long long)k->in->gap_banned);
}
static void lint_key_gap_excl_list(key_ctx *k) { put_list(k->b, k->r, k->in->gap_excl_list); }

#define LINT_KEY_FIELD_KEY(field) lint_key_##field(&k), kg_buf_putc(b, ',');
#define LINT_KEY_FIELD_POS(field)
#define LINT_KEY_FIELD(type, field, lint) LINT_KEY_FIELD_##lint(field)

/* Every KEY field of every instruction: what the program matches. */
void kg_lint_program_key(kg_buf *b, const kg_rules *r, const kg_program *p)
{
    for (size_t i = 0; i < p->n; i++) {
        key_ctx k = {b, r, &p->code[i]};
        kg_buf_putc(b, '(');
        KG_INST_FIELDS(LINT_KEY_FIELD)
        kg_buf_putc(b, ')');
    }
}

static int cmp_attr(const void *a, const void *b)
{
    return strcmp(((const kg_attr_const *)a)->key, ((const kg_attr_const *)b)->key);
}

/* What a relation rule adds to its patterns' edges: the constant attributes
 * (sorted by key) and the veto list.  Two rules of one relation that differ
 * here produce different edges, so their patterns do not shadow each other. */
static void put_rule_context(kg_buf *b, const kg_rules *r, const kg_relation_rule *rr)
{
    kg_attr_const *attrs = kg_xcalloc(rr->nattrs + 1, sizeof *attrs);
    if (rr->nattrs) memcpy(attrs, rr->attrs, rr->nattrs * sizeof *attrs);
    qsort(attrs, rr->nattrs, sizeof *attrs, cmp_attr);
    kg_buf_printf(b, "{%zu", rr->nattrs);
    for (size_t i = 0; i < rr->nattrs; i++) {
        put_str(b, attrs[i].key);
        put_str(b, attrs[i].value);
    }
    kg_buf_putc(b, '}');
    free(attrs);
    put_list(b, r, rr->veto_list);
}

typedef struct seen_patterns {
    kg_map *first;               /* key -> index into names/at */
    const char **names;
    kg_srcpos *at;
    size_t n, cap, capat;
} seen_patterns;

/* Record pattern `name` under key b; report it if the key was seen before. */
static void check_pattern(linter *L, seen_patterns *s, const kg_buf *b, const char *name,
                          kg_srcpos at)
{
    bool fresh;
    size_t slot = kg_map_intern(s->first, b->ptr, b->len, (intptr_t)s->n, &fresh);
    if (!fresh) {
        size_t k = (size_t)kg_map_value(s->first, slot);
        report(L, at, "pattern '%s' is shadowed by the identical pattern '%s' at %s:%d:%d", name,
               s->names[k], s->at[k].file, s->at[k].line, s->at[k].col);
        return;
    }
    KG_GROW(s->names, s->cap, s->n + 1);
    KG_GROW(s->at, s->capat, s->n + 1);
    s->names[s->n] = name;
    s->at[s->n] = at;
    s->n++;
}

static void lint_shadowed(linter *L)
{
    const kg_rules *r = L->r;
    seen_patterns s = {.first = kg_map_new()};
    kg_buf b = KG_BUF_INIT;
    for (size_t i = 0; i < r->nent_rules; i++) {
        const kg_entity_rule *er = &r->ent_rules[i];
        kg_buf_clear(&b);
        kg_buf_printf(&b, "E%u\x1f", (unsigned)er->type);
        if (er->kind == KG_ENT_REGEX) {
            kg_buf_printf(&b, "X%d,", er->group);
            put_regex(&b, er->re);
        } else {
            kg_buf_putc(&b, 'T');
            kg_lint_program_key(&b, r, &er->prog);
        }
        check_pattern(L, &s, &b, er->name, er->at);
    }
    for (size_t i = 0; i < r->nrel_rules; i++) {
        const kg_relation_rule *rr = &r->rel_rules[i];
        for (size_t j = 0; j < rr->npatterns; j++) {
            kg_buf_clear(&b);
            kg_buf_putc(&b, 'R');
            put_str(&b, rr->relation);
            put_rule_context(&b, r, rr);
            kg_buf_putc(&b, '\x1f');
            kg_lint_program_key(&b, r, &rr->patterns[j]);
            check_pattern(L, &s, &b, rr->pattern_names[j], rr->patterns[j].at);
        }
    }
    kg_buf_free(&b);
    kg_map_free(s.first);
    free(s.names);
    free(s.at);
}

/* ---------------------------------------------------------------- regexes */

/* The regex as written in a pattern: /source/ with '/' escaped, 'i' if caseless. */
static char *regex_display(const kg_regex *re)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_putc(&b, '/');
    for (const char *s = kg_regex_source(re); *s; s++) {
        if (*s == '/') kg_buf_putc(&b, '\\');
        kg_buf_putc(&b, *s);
    }
    kg_buf_putc(&b, '/');
    if (kg_regex_caseless(re)) kg_buf_putc(&b, 'i');
    return kg_buf_detach(&b);
}

static void empty_token_regexes(linter *L, const kg_program *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++) {
        const kg_inst *in = &p->code[i];
        if (in->op != KG_OP_REGEX || !in->re || !kg_regex_matches_empty(in->re)) continue;
        bool copy = false; /* repetition copies share the regex: report it once */
        for (size_t j = 0; j < i && !copy; j++) copy = p->code[j].re == in->re;
        if (copy) continue;
        char *shown = regex_display(in->re);
        report(L, in->at.file ? in->at : p->at,
               "the regex %s in pattern '%s' can match the empty string", shown, name);
        free(shown);
    }
}

static void lint_regexes(linter *L)
{
    const kg_rules *r = L->r;
    for (size_t i = 0; i < r->nent_rules; i++) {
        const kg_entity_rule *er = &r->ent_rules[i];
        if (er->kind == KG_ENT_REGEX && er->re && kg_regex_matches_empty(er->re))
            report(L, er->at, "the regex of rule '%s' can match the empty string", er->name);
        else if (er->kind == KG_ENT_TOKENS)
            empty_token_regexes(L, &er->prog, er->name);
    }
    for (size_t i = 0; i < r->nrel_rules; i++) {
        const kg_relation_rule *rr = &r->rel_rules[i];
        for (size_t j = 0; j < rr->npatterns; j++)
            empty_token_regexes(L, &rr->patterns[j], rr->pattern_names[j]);
    }
}

/* ---------------------------------------------------------------- lists */

static void lint_lists(linter *L)
{
    for (size_t i = 0; i < L->r->nlists; i++) {
        const kg_wordlist *l = &L->r->lists[i];
        if (!l->anonymous && !l->used)
            report(L, l->at, "word list '%s' is never used", l->name);
    }
}

int kg_rules_lint(const kg_rules *rules, kg_warn_fn warn, void *ud, size_t *nwarnings)
{
    linter L = {.r = rules};
    assert(rules != NULL);
    lint_aliases(&L);
    lint_dead_rules(&L);
    lint_shadowed(&L);
    lint_regexes(&L);
    lint_lists(&L);
    if (L.n > 1) qsort(L.v, L.n, sizeof *L.v, cmp_finding);
    for (size_t i = 0; i < L.n; i++) {
        if (warn) warn(ud, L.v[i].msg);
        free(L.v[i].msg);
    }
    free(L.v);
    if (nwarnings) *nwarnings = L.n;
    return 0;
}
