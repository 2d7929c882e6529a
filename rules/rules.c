/*
 * rules/rules.c: the life cycle of a compiled kg_rules: freeing and
 * summarising.
 *
 * kg_rules_free() must cope with a half-built kg_rules, because the loader
 * frees what it has built when it meets an error: every count covers only
 * initialised elements, and every pointer is NULL or owned.  Programs are
 * freed with kg_program_free (they own their regexes), word lists with
 * kg_wordlist_free, entity regexes with kg_regex_free.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/compiled.h"
#include "rules/pattern.h"

static void free_attrs(kg_attr_const *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].key);
        free(a[i].value);
    }
    free(a);
}

static void free_types(kg_rules *r)
{
    for (size_t i = 0; i < r->ntypes; i++) {
        kg_entity_type *t = &r->types[i];
        free(t->name);
        free(t->label);
        for (size_t j = 0; j < t->ncanon; j++) {
            free(t->canon[j].from);
            free(t->canon[j].to);
        }
        free(t->canon);
        for (size_t j = 0; j < t->nheads; j++) free(t->heads[j].singular);
        free(t->heads);
        free(t->color);
        free(t->shape);
    }
    free(r->types);
    for (size_t i = 0; i < r->ngaz; i++) {
        kg_map_free(r->gaz[i].words);
        free(r->gaz[i].edges);
        free(r->gaz[i].nodes);
        free(r->gaz[i].entries);
    }
    free(r->gaz);
    for (size_t i = 0; i < r->ncanon_names; i++) free(r->canon_names[i]);
    free(r->canon_names);
    for (size_t i = 0; i < r->nent_attrs; i++)
        free_attrs(r->ent_attrs[i].attrs, r->ent_attrs[i].nattrs);
    free(r->ent_attrs);
    kg_map_free(r->ent_attr_index);
    for (size_t i = 0; i < r->nent_rules; i++) {
        kg_entity_rule *e = &r->ent_rules[i];
        free(e->name);
        kg_regex_free(e->re);
        kg_program_free(&e->prog);
    }
    free(r->ent_rules);
}

static void free_relations(kg_rules *r)
{
    for (size_t i = 0; i < r->nrel_rules; i++) {
        kg_relation_rule *rr = &r->rel_rules[i];
        free(rr->name);
        free(rr->relation);
        free(rr->color);
        free(rr->line);
        for (size_t j = 0; j < rr->npatterns; j++) {
            kg_program_free(&rr->patterns[j]);
            if (rr->pattern_names) free(rr->pattern_names[j]);
        }
        free(rr->patterns);
        free(rr->pattern_names);
        free_attrs(rr->attrs, rr->nattrs);
    }
    free(r->rel_rules);
}

static void free_examples(kg_rules *r)
{
    for (size_t i = 0; i < r->nexamples; i++) {
        kg_example *x = &r->examples[i];
        free(x->text);
        for (size_t j = 0; j < x->nedges; j++) {
            free(x->edges[j].relation);
            free(x->edges[j].source);
            free(x->edges[j].target);
            free_attrs(x->edges[j].attrs, x->edges[j].nattrs);
        }
        free(x->edges);
        for (size_t j = 0; j < x->nentities; j++) {
            free(x->entities[j].text);
            free(x->entities[j].type);
            free(x->entities[j].canonical);
        }
        free(x->entities);
    }
    free(r->examples);
}

void kg_rules_free(kg_rules *r)
{
    if (!r) return;
    free(r->corefs);
    free_types(r);
    free_relations(r);
    free_examples(r);
    for (size_t i = 0; i < r->nlists; i++) kg_wordlist_free(&r->lists[i]);
    free(r->lists);
    kg_vocab_free(&r->vocab);
    for (size_t i = 0; i < r->nfiles; i++) free(r->files[i]);
    free(r->files);
    free(r);
}

const kg_entity_attrs *kg_rules_entity_attrs(const kg_rules *r, uint16_t type,
                                             const char *canonical)
{
    if (!r->ent_attr_index || !canonical) return NULL;
    char stackkey[256];
    size_t n = strlen(canonical);
    char *key = n + 8 < sizeof stackkey ? stackkey : kg_xmalloc(n + 8);
    int kl = snprintf(key, n + 8, "%u\x1f%s", (unsigned)type, canonical);
    intptr_t v;
    bool found = kl > 0 && kg_map_get(r->ent_attr_index, key, (size_t)kl, &v);
    if (key != stackkey) free(key);
    return found ? &r->ent_attrs[v] : NULL;
}

void kg_rules_summarize(const kg_rules *r, kg_rules_summary *out)
{
    memset(out, 0, sizeof *out);
    out->files = r->nrule_files;
    out->types = r->ntypes;
    out->gazetteer_names = r->ncanon_names;
    for (size_t i = 0; i < r->ngaz; i++) out->gazetteer_aliases += r->gaz[i].nentries;
    out->entity_patterns = r->nent_rules;
    out->relation_rules = r->nrel_rules;
    kg_map *rels = kg_map_new();
    for (size_t i = 0; i < r->nrel_rules; i++) {
        out->relation_patterns += r->rel_rules[i].npatterns;
        kg_map_intern(rels, r->rel_rules[i].relation, strlen(r->rel_rules[i].relation), 0, NULL);
    }
    out->relations = kg_map_count(rels);
    kg_map_free(rels);
    for (size_t i = 0; i < r->nlists; i++) out->word_lists += !r->lists[i].anonymous;
    out->examples = r->nexamples;
}

int kg_rules_styles(const kg_rules *r, kg_rules_style **types, size_t *ntypes,
                    kg_rules_style **relations, size_t *nrelations)
{
    *types = kg_xcalloc(r->ntypes ? r->ntypes : 1, sizeof **types);
    *ntypes = r->ntypes;
    for (size_t i = 0; i < r->ntypes; i++)
        (*types)[i] = (kg_rules_style){r->types[i].name, r->types[i].color, r->types[i].shape};
    /* relation names in order of their first rule; a later rule may give the
     * style (the loader made sure all that give one agree) */
    kg_rules_style *rs = kg_xcalloc(r->nrel_rules ? r->nrel_rules : 1, sizeof *rs);
    size_t n = 0;
    kg_map *seen = kg_map_new();
    for (size_t i = 0; i < r->nrel_rules; i++) {
        const kg_relation_rule *rr = &r->rel_rules[i];
        bool inserted;
        size_t slot = kg_map_intern(seen, rr->relation, strlen(rr->relation), (intptr_t)n,
                                    &inserted);
        if (inserted) rs[n++] = (kg_rules_style){rr->relation, NULL, NULL};
        kg_rules_style *s = &rs[kg_map_value(seen, slot)];
        if (rr->color || rr->line) {
            s->color = rr->color;
            s->shape = rr->line;
        }
    }
    kg_map_free(seen);
    *relations = rs;
    *nrelations = n;
    return 0;
}
