/*
 * extract/ruletest.c: the runner for examples written in rule files (see
 * kgraph/ruletest.h).  Each example's text goes through a fresh extractor
 * as a document of its own; found edges and mentions are collected as
 * strings and compared with the expectations.  The report lists, for a
 * failing example, each missing edge, each unexpected edge with its rule
 * and the rule's file:line, each missing entity, and what did come out.
 */
#include <stdlib.h>
#include <string.h>

#include "kgraph/extract.h"
#include "kgraph/ruletest.h"
#include "rules/compiled.h"
#include "util/util.h"

typedef struct found_edge {
    char *relation, *source, *target, *source_text, *target_text, *rule, *rule_at, *attrs;
    bool symmetric, matched;
} found_edge;

typedef struct found_mention {
    char *text, *type, *canonical;
} found_mention;

typedef struct collected {
    found_edge *edges;
    size_t nedges, capedges;
    found_mention *ments;
    size_t nments, capments;
} collected;

static int on_edge(void *ud, const kg_edge *e)
{
    collected *c = ud;
    KG_GROW(c->edges, c->capedges, c->nedges + 1);
    found_edge *f = &c->edges[c->nedges++];
    kg_buf a = KG_BUF_INIT;
    for (size_t i = 0; i < e->nattrs; i++)
        kg_buf_printf(&a, "%s%s=%s", i ? "," : "", e->attrs[i].key, e->attrs[i].value);
    *f = (found_edge){kg_xstrdup(e->relation), kg_xstrdup(e->source), kg_xstrdup(e->target),
                      kg_xstrdup(e->source_text), kg_xstrdup(e->target_text), kg_xstrdup(e->rule),
                      kg_xstrdup(e->rule_at), kg_buf_detach(&a), e->symmetric, false};
    return 0;
}

static int on_mention(void *ud, const kg_mention *m)
{
    collected *c = ud;
    KG_GROW(c->ments, c->capments, c->nments + 1);
    c->ments[c->nments++] = (found_mention){kg_xstrdup(m->text), kg_xstrdup(m->type),
                                            kg_xstrdup(m->canonical)};
    return 0;
}

static void collected_free(collected *c)
{
    for (size_t i = 0; i < c->nedges; i++) {
        found_edge *f = &c->edges[i];
        free(f->relation); free(f->source); free(f->target); free(f->source_text);
        free(f->target_text); free(f->rule); free(f->rule_at); free(f->attrs);
    }
    for (size_t i = 0; i < c->nments; i++) {
        free(c->ments[i].text);
        free(c->ments[i].type);
        free(c->ments[i].canonical);
    }
    free(c->edges);
    free(c->ments);
}

static bool names(const char *want, const char *canonical, const char *text)
{
    return strcmp(want, canonical) == 0 || strcmp(want, text) == 0;
}

static bool attrs_match(const kg_example_edge *x, const found_edge *f)
{
    for (size_t i = 0; i < x->nattrs; i++) {
        char *kv = kg_xasprintf("%s=%s", x->attrs[i].key, x->attrs[i].value);
        bool found = false;
        for (const char *p = f->attrs; p && *p && !found;) {
            const char *comma = strchr(p, ',');
            size_t l = comma ? (size_t)(comma - p) : strlen(p);
            found = l == strlen(kv) && strncmp(p, kv, l) == 0;
            p = comma ? comma + 1 : p + l;
        }
        free(kv);
        if (!found) return false;
    }
    return true;
}

static bool edge_matches(const kg_example_edge *x, const found_edge *f)
{
    if (strcmp(x->relation, f->relation) != 0 || !attrs_match(x, f)) return false;
    if (names(x->source, f->source, f->source_text) && names(x->target, f->target, f->target_text))
        return true;
    return f->symmetric && names(x->source, f->target, f->target_text) &&
           names(x->target, f->source, f->source_text);
}

static void describe(kg_buf *b, const found_edge *f)
{
    kg_buf_printf(b, "%s %s -> %s", f->relation, f->source, f->target);
    if (f->attrs[0]) kg_buf_printf(b, " {%s}", f->attrs);
}

static void check_example(const kg_example *x, collected *c, kg_buf *rep)
{
    for (size_t i = 0; i < x->nedges; i++) {
        bool hit = false;
        for (size_t j = 0; j < c->nedges; j++)
            if (edge_matches(&x->edges[i], &c->edges[j])) {
                c->edges[j].matched = hit = true;
            }
        if (!hit) {
            kg_buf_printf(rep, "  missing edge:    %s %s -> %s", x->edges[i].relation,
                          x->edges[i].source, x->edges[i].target);
            for (size_t k = 0; k < x->edges[i].nattrs; k++)
                kg_buf_printf(rep, "%s%s=%s%s", k ? "," : " {", x->edges[i].attrs[k].key,
                              x->edges[i].attrs[k].value, k + 1 == x->edges[i].nattrs ? "}" : "");
            kg_buf_putc(rep, '\n');
        }
    }
    if (x->check_edges)
        for (size_t j = 0; j < c->nedges; j++) {
            if (c->edges[j].matched) continue;
            kg_buf_puts(rep, "  unexpected edge: ");
            describe(rep, &c->edges[j]);
            kg_buf_printf(rep, "  (rule %s at %s)\n", c->edges[j].rule, c->edges[j].rule_at);
        }
    for (size_t i = 0; i < x->nentities; i++) {
        const kg_example_entity *en = &x->entities[i];
        bool hit = false;
        for (size_t j = 0; j < c->nments && !hit; j++)
            hit = strcmp(en->text, c->ments[j].text) == 0 && strcmp(en->type, c->ments[j].type) == 0 &&
                  (!en->canonical || strcmp(en->canonical, c->ments[j].canonical) == 0);
        if (!hit)
            kg_buf_printf(rep, "  missing entity:  %s [%s]%s%s\n", en->type, en->text,
                          en->canonical ? " => " : "", en->canonical ? en->canonical : "");
    }
    if (!rep->len) return;
    if (x->check_edges) {
        if (x->nedges == 0) kg_buf_puts(rep, "  expected:        no edges\n");
        for (size_t i = 0; i < x->nedges; i++)
            kg_buf_printf(rep, "  expected:        %s %s -> %s\n", x->edges[i].relation,
                          x->edges[i].source, x->edges[i].target);
    }
    if (c->nedges == 0) kg_buf_puts(rep, "  got:             no edges\n");
    for (size_t j = 0; j < c->nedges; j++) {
        kg_buf_puts(rep, "  got:             ");
        describe(rep, &c->edges[j]);
        kg_buf_putc(rep, '\n');
    }
    if (x->nentities) {
        kg_buf_puts(rep, "  mentions:       ");
        for (size_t j = 0; j < c->nments; j++)
            kg_buf_printf(rep, " %s [%s]", c->ments[j].type, c->ments[j].text);
        kg_buf_putc(rep, '\n');
    }
}

int kg_ruletest_run(const kg_rules *rules, kg_ruletest_fn fn, void *ud, size_t *passed,
                    size_t *failed)
{
    *passed = *failed = 0;
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, rules);
    for (size_t i = 0; i < rules->nexamples; i++) {
        const kg_example *x = &rules->examples[i];
        collected c = {0};
        kg_sink sink = {.edge = on_edge, .mention = on_mention, .ud = &c};
        kg_extract_doc(ex, "<example>", x->text, strlen(x->text), &sink);
        kg_buf rep = KG_BUF_INIT;
        check_example(x, &c, &rep);
        kg_ruletest_result res = {x->at.file, x->at.line, x->text, rep.len == 0,
                                  rep.ptr ? rep.ptr : ""};
        if (res.passed) (*passed)++;
        else (*failed)++;
        if (fn) fn(ud, &res);
        kg_buf_free(&rep);
        collected_free(&c);
    }
    kg_extractor_free(ex);
    return 0;
}
