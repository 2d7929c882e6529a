/*
 * rules/gazetteer.c: building the gazetteer tries.
 *
 * Entity types that normalise alike share one trie (a "profile"), so the
 * extractor walks each sentence once per profile, not once per type.  A
 * name is cut into tokens exactly as the extractor cuts text (kg_tokenize),
 * each token normalised under the profile's flags (kg_norm_append; hyphen
 * tokens dropped under KG_NORM_HYPHEN).  The trie is a flat edge map:
 *
 *     "0\x1fbedford"       -> 1
 *     "1\x1fhospital"      -> 2       node 2 ends "Bedford Hospital"
 *     "2\x1fnhs"           -> 3
 *     "3\x1ftrust"         -> 4       node 4 ends "Bedford Hospital NHS Trust"
 *
 * While files are read, every inserted name is appended to a pending list
 * (node, canonical, type, position), with identical (node, canonical, type)
 * triples dropped through a set.  kg_gaz_finish() then groups the pending
 * entries by node with a stable counting sort, so kg_gaz_node.first_entry
 * and nentries index a contiguous run in insertion order.  Everything is
 * linear in the total size of the names: 100,000 names load in well under
 * a second.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

int kg_gaz_profile(kg_loader *ld, unsigned norm)
{
    kg_rules *r = ld->r;
    for (size_t i = 0; i < r->ngaz; i++)
        if (r->gaz[i].norm == norm) return (int)i;
    KG_GROW(r->gaz, ld->capgaz, r->ngaz + 1);
    KG_GROW(ld->gb, ld->capgb, r->ngaz + 1);
    kg_gazetteer *g = &r->gaz[r->ngaz];
    memset(g, 0, sizeof *g);
    g->norm = norm;
    g->edges = kg_map_new();
    g->nnodes = 1; /* the root */
    kg_gaz_build *b = &ld->gb[r->ngaz];
    memset(b, 0, sizeof *b);
    b->seen = kg_map_new();
    return (int)r->ngaz++;
}

uint32_t kg_gaz_canonical(kg_loader *ld, const char *name)
{
    kg_rules *r = ld->r;
    bool inserted;
    size_t slot = kg_map_intern(ld->canon, name, strlen(name), (intptr_t)r->ncanon_names,
                                &inserted);
    if (inserted) {
        KG_GROW(r->canon_names, ld->capcanon, r->ncanon_names + 1);
        r->canon_names[r->ncanon_names++] = kg_xstrdup(name);
    }
    return (uint32_t)kg_map_value(ld->canon, slot);
}

size_t kg_gaz_insert(kg_loader *ld, int profile, const char *name, size_t len,
                     uint32_t canonical, uint16_t type, kg_srcpos at)
{
    kg_gazetteer *g = &ld->r->gaz[profile];
    kg_gaz_build *b = &ld->gb[profile];
    kg_tokens toks = {0};
    kg_tokenize(&toks, name, 0, len, 1);
    uint32_t node = 0;
    size_t depth = 0;
    for (size_t i = 0; i < toks.n; i++) {
        if ((g->norm & KG_NORM_HYPHEN) && (toks.v[i].flags & KG_TOK_HYPHEN)) continue;
        kg_buf_clear(&b->key);
        kg_buf_printf(&b->key, "%u\x1f", node);
        kg_norm_append(&b->key, name + toks.v[i].start, toks.v[i].end - toks.v[i].start,
                       g->norm);
        bool inserted;
        size_t slot = kg_map_intern(g->edges, b->key.ptr, b->key.len, (intptr_t)g->nnodes,
                                    &inserted);
        if (inserted) g->nnodes++;
        node = (uint32_t)kg_map_value(g->edges, slot);
        depth++;
    }
    kg_tokens_free(&toks);
    if (depth == 0) return 0;
    if (depth > g->max_depth) g->max_depth = depth;
    kg_buf_clear(&b->key);
    kg_buf_printf(&b->key, "%u:%u:%u", node, canonical, (unsigned)type);
    bool fresh;
    kg_map_intern(b->seen, b->key.ptr, b->key.len, 1, &fresh);
    if (fresh) {
        KG_GROW(b->pend, b->cap, b->npend + 1);
        b->pend[b->npend++] = (kg_gaz_pending){node, canonical, type, at};
    }
    return depth;
}

/* Trim blanks at both ends of s[*b, *e). */
static void trim(const char *s, size_t *b, size_t *e)
{
    while (*b < *e && (s[*b] == ' ' || s[*b] == '\t' || s[*b] == '\r')) (*b)++;
    while (*e > *b && (s[*e - 1] == ' ' || s[*e - 1] == '\t' || s[*e - 1] == '\r')) (*e)--;
}

/* One line "canonical[<TAB>alias...]" of a gazetteer file. */
static int read_line(kg_loader *ld, const kg_entity_type *t, uint16_t type, const char *path,
                     const char *text, size_t len, size_t b, size_t e, int line)
{
    size_t tb = b, te = e;
    trim(text, &tb, &te);
    if (tb == te || text[tb] == '#') return 0;
    kg_srcpos at = {path, line, 1};
    const char *tab = memchr(text + b, '\t', e - b);
    size_t fe = tab ? (size_t)(tab - text) : e, fb = b;
    trim(text, &fb, &fe);
    char *canon = kg_xstrndup(text + fb, fe - fb);
    int rc = 0;
    if (fb == fe || !kg_gaz_insert(ld, t->profile, canon, strlen(canon),
                                   kg_gaz_canonical(ld, canon), type, at)) {
        rc = kg_diag_error(path, text, len, line, 1, "empty name in gazetteer file");
        goto done;
    }
    uint32_t ci = kg_gaz_canonical(ld, canon);
    while (tab) {
        size_t ab = (size_t)(tab - text) + 1;
        tab = memchr(text + ab, '\t', e - ab);
        size_t ae = tab ? (size_t)(tab - text) : e;
        trim(text, &ab, &ae);
        if (ab < ae) kg_gaz_insert(ld, t->profile, text + ab, ae - ab, ci, type, at);
    }
done:
    free(canon);
    return rc;
}

int kg_gaz_read_file(kg_loader *ld, const kg_ynode *pathnode, uint16_t type)
{
    char *path = kg_ld_resolve(ld, pathnode->str);
    char *text = NULL;
    size_t len = 0;
    int rc = kg_read_file(&text, &len, path);
    if (rc) {
        char *why = kg_xstrdup(kg_error_last());
        rc = kg_ld_error(ld, pathnode, "cannot read gazetteer file %s", why);
        free(why);
        goto done;
    }
    if (kg_diag_is_binary(text, len)) {
        rc = kg_ld_error(ld, pathnode, "gazetteer file %s is not a text file (binary data)",
                         path);
        goto done;
    }
    size_t fi = kg_ld_add_file(ld, path);
    const char *fname = ld->r->files[fi];
    const kg_entity_type *t = &ld->r->types[type];
    int line = 1;
    for (size_t b = 0; b < len; line++) {
        const char *nl = memchr(text + b, '\n', len - b);
        size_t e = nl ? (size_t)(nl - text) : len;
        rc = read_line(ld, t, type, fname, text, len, b, e, line);
        if (rc) goto done;
        b = e + 1;
    }
done:
    free(text);
    free(path);
    return rc;
}

void kg_gaz_finish(kg_loader *ld)
{
    for (size_t gi = 0; gi < ld->r->ngaz; gi++) {
        kg_gazetteer *g = &ld->r->gaz[gi];
        kg_gaz_build *b = &ld->gb[gi];
        g->nodes = kg_xcalloc(g->nnodes, sizeof *g->nodes);
        g->entries = kg_xcalloc(b->npend ? b->npend : 1, sizeof *g->entries);
        g->nentries = b->npend;
        for (size_t i = 0; i < b->npend; i++) g->nodes[b->pend[i].node].nentries++;
        uint32_t sum = 0;
        for (size_t n = 0; n < g->nnodes; n++) {
            g->nodes[n].first_entry = sum;
            sum += g->nodes[n].nentries;
            g->nodes[n].nentries = 0;
        }
        for (size_t i = 0; i < b->npend; i++) {
            kg_gaz_node *nd = &g->nodes[b->pend[i].node];
            kg_gaz_entry *en = &g->entries[nd->first_entry + nd->nentries++];
            en->canonical = b->pend[i].canonical;
            en->type = b->pend[i].type;
            en->at = b->pend[i].at;
        }
    }
}

void kg_gaz_build_free(kg_loader *ld)
{
    for (size_t gi = 0; gi < ld->r->ngaz; gi++) {
        free(ld->gb[gi].pend);
        kg_map_free(ld->gb[gi].seen);
        kg_buf_free(&ld->gb[gi].key);
    }
    free(ld->gb);
    ld->gb = NULL;
}
