/*
 * rules/gazetteer.c: building the gazetteer tries.
 *
 * Entity types that normalise alike share one trie (a "profile"), so the
 * extractor walks each sentence once per profile, not once per type.  A
 * name is cut into tokens exactly as the extractor cuts text (kg_tokenize),
 * each token normalised under the profile's flags (kg_norm_append; hyphen
 * tokens dropped under KG_NORM_HYPHEN).  Each token key gets a word id
 * (kg_gazetteer.words) and the trie is a flat table of integer edges:
 *
 *     words: bedford 0, hospital 1, nhs 2, trust 3
 *     (0, 0) -> 1
 *     (1, 1) -> 2       node 2 ends "Bedford Hospital"
 *     (2, 2) -> 3
 *     (3, 3) -> 4       node 4 ends "Bedford Hospital NHS Trust"
 *
 * The extractor hashes a token key once per profile and sentence and then
 * walks with integer probes; no key strings are built per step.
 * While files are read, every inserted name is appended to a pending list
 * (node, canonical, type, position), with identical (node, canonical, type)
 * triples dropped through a set.  kg_gaz_finish() then groups the pending
 * entries by node with a stable counting sort, so kg_gaz_node.first_entry
 * and nentries index a contiguous run in insertion order.  Everything is
 * linear in the total size of the names: 100,000 names load in well under
 * a second.
 *
 * A field "@key=value" of a gazetteer line is an attribute of the line's
 * entity, not an alias: it goes to kg_rules.ent_attrs, one record per
 * (canonical name, type), found through ent_attr_index.  The extractor puts
 * the attributes on every mention and edge argument whose canonical name and
 * type are the entity's, however the mention was found (gazetteer, pattern,
 * acronym or coreference).  A key given twice for one entity must keep its
 * value; kg_gaz_finish() sorts each record's attributes by key.
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
    g->words = kg_map_new();
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

/* Double the edge table (or make its first 64 slots). */
static void grow_edges(kg_gazetteer *g)
{
    kg_gaz_edge *old = g->edges;
    size_t oldn = old ? g->edge_mask + 1 : 0;
    size_t n = oldn ? oldn * 2 : 64;
    g->edges = kg_xcalloc(n, sizeof *g->edges);
    g->edge_mask = n - 1;
    for (size_t i = 0; i < oldn; i++)
        if (old[i].child) g->edges[kg_gaz_edge_slot(g, old[i].parent, old[i].word)] = old[i];
    free(old);
}

/* The child of node along word, made when absent. */
static uint32_t child_of(kg_gazetteer *g, uint32_t node, uint32_t word)
{
    if (!g->edges || (g->nedges + 1) * 2 > g->edge_mask + 1) grow_edges(g);
    kg_gaz_edge *e = &g->edges[kg_gaz_edge_slot(g, node, word)];
    if (!e->child) {
        *e = (kg_gaz_edge){node, word, (uint32_t)g->nnodes++};
        g->nedges++;
    }
    return e->child;
}

size_t kg_gaz_insert(kg_loader *ld, int profile, const char *name, size_t len,
                     uint32_t canonical, uint16_t type, kg_srcpos at)
{
    kg_gazetteer *g = &ld->r->gaz[profile];
    kg_gaz_build *b = &ld->gb[profile];
    kg_tokens *toks = &b->toks;
    kg_tokens_clear(toks);
    kg_tokenize(toks, name, 0, len, 1);
    uint32_t node = 0;
    size_t depth = 0;
    for (size_t i = 0; i < toks->n; i++) {
        if ((g->norm & KG_NORM_HYPHEN) && (toks->v[i].flags & KG_TOK_HYPHEN)) continue;
        kg_buf_clear(&b->key);
        kg_norm_append(&b->key, name + toks->v[i].start, toks->v[i].end - toks->v[i].start,
                       g->norm);
        size_t word = kg_map_intern(g->words, b->key.ptr, b->key.len,
                                    (intptr_t)kg_map_count(g->words), NULL);
        node = child_of(g, node, (uint32_t)word);
        depth++;
    }
    if (depth == 0) return 0;
    if (depth > g->max_depth) g->max_depth = depth;
    /* "<node>:<canonical>:<type>", built without printf (once per name) */
    char num[10];
    kg_buf_clear(&b->key);
    kg_buf_put(&b->key, num, kg_u32_digits(num, node));
    kg_buf_putc(&b->key, ':');
    kg_buf_put(&b->key, num, kg_u32_digits(num, canonical));
    kg_buf_putc(&b->key, ':');
    kg_buf_put(&b->key, num, kg_u32_digits(num, type));
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

/* The 1-based column (in characters) of byte `off` of the line starting at
 * byte b. */
static int column(const char *text, size_t b, size_t off)
{
    int col = 1;
    for (size_t i = b; i < off; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
    return col;
}

static bool attr_key_ok(const char *k, size_t n)
{
    if (n == 0 || !((k[0] >= 'a' && k[0] <= 'z') || k[0] == '_')) return false;
    for (size_t i = 1; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    return true;
}

/* Record attribute key=value of entity (canonical, type).  A key given twice
 * with one value is accepted; with two values it is an error. */
static int add_attr(kg_loader *ld, uint32_t canonical, uint16_t type, const char *key,
                    size_t klen, const char *val, size_t vlen, const char *path,
                    const char *text, size_t len, int line, int col)
{
    kg_rules *r = ld->r;
    if (!r->ent_attr_index) r->ent_attr_index = kg_map_new();
    char *ikey = kg_xasprintf("%u\x1f%s", (unsigned)type, r->canon_names[canonical]);
    bool inserted;
    size_t slot = kg_map_intern(r->ent_attr_index, ikey, strlen(ikey), (intptr_t)r->nent_attrs,
                                &inserted);
    free(ikey);
    if (inserted) {
        KG_GROW(r->ent_attrs, ld->capattrs, r->nent_attrs + 1);
        r->ent_attrs[r->nent_attrs++] = (kg_entity_attrs){canonical, type, NULL, 0};
    }
    kg_entity_attrs *ea = &r->ent_attrs[kg_map_value(r->ent_attr_index, slot)];
    for (size_t i = 0; i < ea->nattrs; i++) {
        if (strlen(ea->attrs[i].key) != klen || memcmp(ea->attrs[i].key, key, klen) != 0)
            continue;
        if (strlen(ea->attrs[i].value) == vlen && memcmp(ea->attrs[i].value, val, vlen) == 0)
            return 0;
        return kg_diag_error(path, text, len, line, col,
                             "attribute '%.*s' of '%s' is already '%s', here '%.*s'", (int)klen,
                             key, r->canon_names[canonical], ea->attrs[i].value, (int)vlen, val);
    }
    if (ea->nattrs == KG_MAX_ENTITY_ATTRS)
        return kg_diag_error(path, text, len, line, col, "more than %d attributes for '%s'",
                             KG_MAX_ENTITY_ATTRS, r->canon_names[canonical]);
    ea->attrs = kg_xrealloc(ea->attrs, (ea->nattrs + 1) * sizeof *ea->attrs);
    ea->attrs[ea->nattrs++] = (kg_attr_const){kg_xstrndup(key, klen), kg_xstrndup(val, vlen)};
    return 0;
}

/* An attribute field "@key=value" at text[ab, ae) of the line starting at b. */
static int read_attr(kg_loader *ld, uint32_t canonical, uint16_t type, const char *path,
                     const char *text, size_t len, size_t b, size_t ab, size_t ae, int line)
{
    int col = column(text, b, ab);
    const char *eq = memchr(text + ab, '=', ae - ab);
    if (!eq)
        return kg_diag_error(path, text, len, line, col,
                             "attribute field '%.*s' has no '=' (write @key=value)",
                             (int)(ae - ab), text + ab);
    size_t kb = ab + 1, ke = (size_t)(eq - text), vb = ke + 1, ve = ae;
    trim(text, &kb, &ke);
    trim(text, &vb, &ve);
    if (!attr_key_ok(text + kb, ke - kb))
        return kg_diag_error(path, text, len, line, col + 1,
                             "bad attribute key '%.*s' (use lower-case letters, digits and "
                             "'_', not starting with a digit)",
                             (int)(ke - kb), text + kb);
    if (vb == ve)
        return kg_diag_error(path, text, len, line, column(text, b, (size_t)(eq - text)) + 1,
                             "attribute '%.*s' has an empty value", (int)(ke - kb), text + kb);
    return add_attr(ld, canonical, type, text + kb, ke - kb, text + vb, ve - vb, path, text, len,
                    line, col);
}

/* One line "canonical[<TAB>alias or @key=value...]" of a gazetteer file. */
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
    if (fb < fe && text[fb] == '@')
        return kg_diag_error(path, text, len, line, column(text, b, fb),
                             "the first field is the canonical name, not an attribute");
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
        if (ab < ae && text[ab] == '@') {
            if ((rc = read_attr(ld, ci, type, path, text, len, b, ab, ae, line))) goto done;
        } else if (ab < ae) {
            kg_gaz_insert(ld, t->profile, text + ab, ae - ab, ci, type, at);
        }
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
    int rc = kg_read_file_max(&text, &len, path, KG_MAX_GAZETTEER_FILE);
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

static int cmp_attr(const void *a, const void *b)
{
    return strcmp(((const kg_attr_const *)a)->key, ((const kg_attr_const *)b)->key);
}

void kg_gaz_finish(kg_loader *ld)
{
    for (size_t i = 0; i < ld->r->nent_attrs; i++)
        if (ld->r->ent_attrs[i].nattrs > 1)
            qsort(ld->r->ent_attrs[i].attrs, ld->r->ent_attrs[i].nattrs,
                  sizeof *ld->r->ent_attrs[i].attrs, cmp_attr);
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
        kg_tokens_free(&ld->gb[gi].toks);
    }
    free(ld->gb);
    ld->gb = NULL;
}
