/*
 * rules/load_document.c: the `document:` section, resolution that spans
 * sentences within one document, and the phrase lists it and relation
 * vetoes are made of.
 *
 *   document:
 *     acronyms: [TRUST, COMMISSIONER]   # or true for every type
 *     coreference:
 *       - phrases: ["the trust", "the hospital trust"]
 *         types: [TRUST]
 *       - phrases: [it]
 *         types: [TRUST, COMPANY]
 *         subject: true                 # only where a sentence or clause starts
 *       - phrases: ["both trusts", "the two trusts"]
 *         types: [TRUST]
 *         count: 2                      # the two most recent distinct trusts
 *       - phrases: [we]
 *         types: [TRUST]
 *         quoted: true                  # only inside a quotation
 *
 * Several files may each have a `document:` section; acronym types are
 * united and coreference entries appended in load order.  Type names are
 * resolved in pass 2, when every file has been read.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const doc_keys[] = {"acronyms", "coreference"};
static const char *const coref_keys[] = {"phrases", "types", "subject", "quoted", "count"};

#define N(a) (sizeof(a) / sizeof *(a))

void kg_ld_wordlist_append(kg_wordlist *dst, const kg_wordlist *src)
{
    for (size_t k = 0; k < kg_map_count(src->words); k++)
        kg_wordlist_add(dst, kg_map_key(src->words, k), strlen(kg_map_key(src->words, k)));
    for (size_t k = 0; k < src->nphrases; k++)
        kg_wordlist_add(dst, src->phrases[k], strlen(src->phrases[k]));
    for (size_t k = 0; k < src->nprefixes; k++) {
        char *pe = kg_xasprintf("%s*", src->prefixes[k]);
        kg_wordlist_add(dst, pe, strlen(pe));
        free(pe);
    }
}

int kg_ld_phrase_list(kg_loader *ld, const kg_ynode *n, const char *what, int *out)
{
    size_t count;
    int rc = kg_ld_strings(ld, n, what, &count);
    if (rc) return rc;
    if (count == 0) return kg_ld_expected(ld, n, what);
    kg_rules *r = ld->r;
    kg_wordlist l;
    memset(&l, 0, sizeof l);
    for (size_t i = 0; i < count; i++) {
        const kg_ynode *e = kg_ld_item(n, i);
        if (e->str[0] != '@') {
            kg_wordlist_add(&l, e->str, e->len);
            continue;
        }
        intptr_t li;
        if (!kg_map_get(ld->list_names, e->str + 1, e->len - 1, &li)) {
            kg_wordlist_free(&l);
            return kg_ld_error(ld, e, "unknown word list '%s'", e->str + 1);
        }
        kg_wordlist *src = &r->lists[li];
        src->used = true;
        kg_ld_wordlist_append(&l, src);
    }
    l.name = kg_xstrdup("<phrases>");
    l.anonymous = true;
    l.used = true;
    l.at = kg_ld_pos(ld, n);
    KG_GROW(r->lists, r->lists_cap, r->nlists + 1);
    r->lists[r->nlists] = l;
    *out = (int)r->nlists++;
    return 0;
}

int kg_ld_document(kg_loader *ld, const kg_ynode *n)
{
    if (!n || kg_ynode_is_null(n)) return 0;
    int rc = kg_ld_keys(ld, n, "document section", doc_keys, N(doc_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a mapping (acronyms, coreference)");
    kg_ld_defer(ld, KG_DEF_DOCUMENT, n, 0);
    return 0;
}

static int type_set(kg_loader *ld, const kg_ynode *n, kg_typeset *out)
{
    size_t count;
    int rc = kg_ld_strings(ld, n, "a type name or a list of type names", &count);
    if (rc) return rc;
    *out = 0;
    for (size_t i = 0; i < count; i++) {
        const kg_ynode *t = kg_ld_item(n, i);
        intptr_t ti;
        if (!kg_map_get(ld->type_names, t->str, t->len, &ti)) {
            const char **names = kg_xcalloc(ld->r->ntypes + 1, sizeof *names);
            for (size_t j = 0; j < ld->r->ntypes; j++) names[j] = ld->r->types[j].name;
            rc = kg_ld_error_span(ld, t, "unknown entity type '%s'%s", t->str,
                             kg_suggest(t->str, names, ld->r->ntypes, false));
            free(names);
            return rc;
        }
        *out |= (kg_typeset)1 << ti;
    }
    return 0;
}

static int load_coref(kg_loader *ld, const kg_ynode *n)
{
    kg_rules *r = ld->r;
    const kg_ynode *phrases, *types, *subject, *quoted, *count;
    int rc = kg_ld_keys(ld, n, "coreference entry", coref_keys, N(coref_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP) return kg_ld_expected(ld, n, "a coreference entry (a mapping)");
    if ((rc = kg_ld_require(ld, n, "phrases", "coreference entry", &phrases)) ||
        (rc = kg_ld_require(ld, n, "types", "coreference entry", &types)))
        return rc;
    kg_coref c = {.list = -1, .count = 1, .at = kg_ld_pos(ld, n)};
    if ((rc = type_set(ld, types, &c.types)) ||
        (rc = kg_ld_phrase_list(ld, phrases, "a list of referring phrases", &c.list)))
        return rc;
    if ((subject = kg_ld_get(n, "subject")) && (rc = kg_ld_bool(ld, subject, &c.subject))) return rc;
    if ((quoted = kg_ld_get(n, "quoted")) && (rc = kg_ld_bool(ld, quoted, &c.quoted))) return rc;
    if ((count = kg_ld_get(n, "count"))) {
        if ((rc = kg_ld_int(ld, count, &c.count))) return rc;
        if (c.count < 1 || c.count > KG_COREF_MAX_COUNT)
            return kg_ld_error(ld, count, "a coreference count must be between 1 and %d",
                               KG_COREF_MAX_COUNT);
    }
    r->corefs = kg_xrealloc(r->corefs, (r->ncorefs + 1) * sizeof *r->corefs);
    r->corefs[r->ncorefs++] = c;
    return 0;
}

int kg_ld_document_finish(kg_loader *ld, const kg_deferred *d)
{
    int rc;
    const kg_ynode *acr = kg_ld_get(d->node, "acronyms"), *co = kg_ld_get(d->node, "coreference");
    if (acr && !kg_ynode_is_null(acr)) {
        bool all;
        kg_typeset ts;
        if (acr->kind == KG_Y_SCALAR && kg_ld_bool(ld, acr, &all) == 0) {
            ts = all ? ~(kg_typeset)0 : 0;
        } else if ((rc = type_set(ld, acr, &ts))) {
            return rc;
        }
        ld->r->acronym_types |= ts;
    }
    if (co && !kg_ynode_is_null(co)) {
        if ((rc = kg_ld_list(ld, co, "a list of coreference entries"))) return rc;
        for (size_t i = 0; i < co->n; i++)
            if ((rc = load_coref(ld, co->kids[i]))) return rc;
    }
    return 0;
}
