/*
 * extract/coverage.c: corpus-wide rule statistics and near misses.
 *
 * Every document runs through the extractor's own stages.  Edges are
 * counted per relation rule (and per document, to count documents).  A
 * sentence that yields no edge but holds two mentions next to each other
 * (no other mention between them) whose types some relation accepts, in
 * either order, is a near miss; near misses are grouped by the folded words
 * between the two mentions, so "Acme, which runs Kent Hospital" and "Beta,
 * which runs Surrey Hospital" fall into one group ", which runs".  Groups
 * are reported most frequent first: the next rule to write.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/coverage.h"
#include "extract/extract_int.h"
#include "util/util.h"

typedef struct rule_count {
    size_t edges, docs;
    const char *last_doc;
} rule_count;

typedef struct near_group {
    char *key;                   /* words between, or "<N words>" */
    char *types;                 /* "COMPANY ... TRUST" */
    size_t count;
    char **examples;             /* "doc:line: sentence" */
    size_t nexamples;
} near_group;

struct kg_coverage {
    const kg_rules *rules;
    kg_extractor *ex;
    rule_count *counts;          /* per relation rule */
    kg_map *groups;              /* key + types -> index into g */
    near_group *g;
    size_t ng, gcap;
    size_t sentences, near_sentences;
    size_t sentence_edges;       /* edges in the current sentence */
    char *doc;
};

static size_t rule_index(const kg_rules *r, const char *name)
{
    for (size_t i = 0; i < r->nrel_rules; i++)
        if (strcmp(r->rel_rules[i].name, name) == 0) return i;
    return r->nrel_rules;
}

static int on_edge(void *ud, const kg_edge *e)
{
    kg_coverage *c = ud;
    size_t i = rule_index(c->rules, e->rule);
    c->sentence_edges++;
    if (i == c->rules->nrel_rules) return 0;
    rule_count *rc = &c->counts[i];
    rc->edges++;
    if (rc->last_doc != c->doc) {
        rc->docs++;
        rc->last_doc = c->doc;
    }
    return 0;
}

kg_coverage *kg_coverage_new(const kg_rules *rules)
{
    kg_coverage *c = kg_xcalloc(1, sizeof *c);
    c->rules = rules;
    kg_extractor_new(&c->ex, rules);
    c->counts = kg_xcalloc(rules->nrel_rules + 1, sizeof *c->counts);
    c->groups = kg_map_new();
    return c;
}

void kg_coverage_free(kg_coverage *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->ng; i++) {
        free(c->g[i].key);
        free(c->g[i].types);
        for (size_t k = 0; k < c->g[i].nexamples; k++) free(c->g[i].examples[k]);
        free(c->g[i].examples);
    }
    free(c->g);
    kg_map_free(c->groups);
    free(c->counts);
    kg_extractor_free(c->ex);
    free(c->doc);
    free(c);
}

/* Does some relation accept (a, b) as (source, target) or (target, source)? */
static bool accepted_pair(const kg_rules *r, uint16_t a, uint16_t b)
{
    for (size_t i = 0; i < r->nrel_rules; i++) {
        kg_typeset s = r->rel_rules[i].source_types, t = r->rel_rules[i].target_types;
        if (((s >> a & 1) && (t >> b & 1)) || ((s >> b & 1) && (t >> a & 1))) return true;
    }
    return false;
}

static void add_near(kg_coverage *c, const kg_span *sp, size_t m1, size_t m2)
{
    kg_extractor *ex = c->ex;
    const kg_emention *a = &ex->ments[m1], *b = &ex->ments[m2];
    kg_buf key = KG_BUF_INIT;
    size_t gap = b->tok_start - a->tok_end;
    if (gap > 8) {
        kg_buf_printf(&key, "<%zu words>", gap);
    } else {
        for (size_t t = a->tok_end; t < b->tok_start; t++)
            kg_buf_printf(&key, "%s%s", key.len ? " " : "", kg_token_key(&ex->toks, t));
    }
    char *types = kg_xasprintf("%s ... %s", c->rules->types[a->type].name, c->rules->types[b->type].name);
    char *full = kg_xasprintf("%s\x1f%s", key.ptr ? key.ptr : "", types);
    bool inserted;
    size_t slot = kg_map_intern(c->groups, full, strlen(full), (intptr_t)c->ng, &inserted);
    free(full);
    if (inserted) {
        KG_GROW(c->g, c->gcap, c->ng + 1);
        c->g[c->ng] = (near_group){kg_buf_detach(&key), types, 0, NULL, 0};
        c->ng++;
    } else {
        free(types);
        kg_buf_free(&key);
    }
    near_group *g = &c->g[kg_map_value(c->groups, slot)];
    g->count++;
    if (g->nexamples < 3) {
        kg_buf ev = KG_BUF_INIT;
        kg_buf_printf(&ev, "%s:%u: ", c->doc, sp->line);
        kg_ex_put_clean(&ev, ex->buf, sp->start, sp->end, false);
        if (ev.len > 300) { /* keep reports readable: cut on a UTF-8 boundary */
            size_t cut = 300;
            while (cut > 0 && ((unsigned char)ev.ptr[cut] & 0xC0) == 0x80) cut--;
            ev.len = cut;
            ev.ptr[cut] = '\0';
            kg_buf_puts(&ev, "\xE2\x80\xA6");
        }
        g->examples = kg_xrealloc(g->examples, (g->nexamples + 1) * sizeof(char *));
        g->examples[g->nexamples++] = kg_buf_detach(&ev);
    }
}

static void near_misses(kg_coverage *c, const kg_span *sp)
{
    kg_extractor *ex = c->ex;
    const kg_rules *r = c->rules;
    size_t prev = SIZE_MAX, args = 0;
    bool any = false;
    for (size_t k = 0; k < ex->nments; k++) {
        size_t i = ex->order[k];
        if (!(r->relation_arg_types >> ex->ments[i].type & 1)) continue;
        /* the other entities of a plural reference share its words */
        if (prev != SIZE_MAX && ex->ments[i].tok_start < ex->ments[prev].tok_end) continue;
        args++;
        if (prev != SIZE_MAX && accepted_pair(r, ex->ments[prev].type, ex->ments[i].type) &&
            !kg_ex_same_entity(ex, prev, i)) {
            add_near(c, sp, prev, i);
            any = true;
        }
        prev = i;
    }
    if (any && args >= 2) c->near_sentences++;
}

void kg_coverage_add(kg_coverage *c, const char *doc, const char *text, size_t len)
{
    kg_extractor *ex = c->ex;
    size_t from;
    free(c->doc);
    c->doc = kg_xstrdup(doc);
    kg_ex_begin_document(ex, c->doc, text, len, &from);
    kg_sink sink = {.edge = on_edge, .ud = c};
    ex->sink = &sink;
    kg_splitter sp;
    kg_span span;
    kg_splitter_init(&sp, ex->buf, len, from);
    while (kg_splitter_next(&sp, &span)) {
        kg_sentence_view v;
        kg_ex_mentions(ex, &span, &v);
        c->sentences++;
        c->sentence_edges = 0;
        if (ex->toks.n) kg_ex_relations(ex, &span, &v);
        if (c->sentence_edges == 0) near_misses(c, &span);
        kg_ex_end_sentence(ex);
    }
    ex->sink = NULL;
    for (size_t i = 0; i < c->rules->nrel_rules; i++) c->counts[i].last_doc = NULL;
}

static const kg_coverage *sort_ctx;

static int group_cmp(const void *pa, const void *pb)
{
    const near_group *a = &sort_ctx->g[*(const size_t *)pa], *b = &sort_ctx->g[*(const size_t *)pb];
    if (a->count != b->count) return a->count > b->count ? -1 : 1;
    int k = strcmp(a->key, b->key);
    return k ? k : strcmp(a->types, b->types);
}

kg_json *kg_coverage_report(const kg_coverage *c, size_t max_groups, size_t examples)
{
    const kg_rules *r = c->rules;
    kg_json *o = kg_json_object();
    kg_json_set_int(o, "sentences", (long long)c->sentences);
    kg_json *rules = kg_json_array(), *never = kg_json_array();
    for (size_t i = 0; i < r->nrel_rules; i++) {
        const kg_relation_rule *rr = &r->rel_rules[i];
        char *at = kg_xasprintf("%s:%d", rr->at.file, rr->at.line);
        kg_json *j = kg_json_object();
        kg_json_set_str(j, "rule", rr->name);
        kg_json_set_str(j, "relation", rr->relation);
        kg_json_set_str(j, "at", at);
        kg_json_set_int(j, "edges", (long long)c->counts[i].edges);
        kg_json_set_int(j, "documents", (long long)c->counts[i].docs);
        kg_json_append(rules, j);
        if (!c->counts[i].edges) {
            kg_json *n = kg_json_object();
            kg_json_set_str(n, "rule", rr->name);
            kg_json_set_str(n, "at", at);
            kg_json_append(never, n);
        }
        free(at);
    }
    kg_json_set(o, "rules", rules);
    kg_json_set(o, "never_fired", never);
    kg_json_set_int(o, "near_miss_sentences", (long long)c->near_sentences);
    size_t *idx = kg_xcalloc(c->ng + 1, sizeof(size_t));
    for (size_t i = 0; i < c->ng; i++) idx[i] = i;
    sort_ctx = c; /* qsort has no context argument; the CLI is single-threaded */
    if (c->ng > 1) qsort(idx, c->ng, sizeof *idx, group_cmp);
    kg_json *groups = kg_json_array();
    for (size_t k = 0; k < c->ng && (!max_groups || k < max_groups); k++) {
        const near_group *g = &c->g[idx[k]];
        kg_json *j = kg_json_object();
        kg_json_set_int(j, "count", (long long)g->count);
        kg_json_set_str(j, "between", g->key);
        kg_json_set_str(j, "types", g->types);
        kg_json *ex = kg_json_array();
        for (size_t e = 0; e < g->nexamples && e < examples; e++)
            kg_json_append(ex, kg_json_string(g->examples[e], strlen(g->examples[e])));
        kg_json_set(j, "examples", ex);
        kg_json_append(groups, j);
    }
    free(idx);
    kg_json_set(o, "near_misses", groups);
    return o;
}
