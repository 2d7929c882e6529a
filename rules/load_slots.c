/*
 * rules/load_slots.c: the `slots:` section, how a relation slot reads the
 * structure around its mention.  Written once here instead of in every
 * pattern:
 *
 *   slots:
 *     lead: [the, a, an, "@descriptors"]  # phrases a slot may take in before
 *                                         # its mention, up to 4 in a row:
 *                                         # "to the social enterprise Acme"
 *     brackets: true       # "Acme Health (AH)", "Kent CCG (the CCG)"
 *     appositions: true    # "Acme, a GP-owned company, ..."
 *     coordination: true   # "Acme, Beta and Gamma": an edge for each member
 *
 * Every key is optional; without the section a slot is its mention alone.
 * Several files may each have a `slots:` section: lead phrases are united,
 * and a boolean set true anywhere stays true.  The lists are resolved in
 * pass 2, when every file has been read.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const slot_keys[] = {"lead", "brackets", "appositions", "coordination"};

#define N(a) (sizeof(a) / sizeof *(a))

int kg_ld_slots(kg_loader *ld, const kg_ynode *n)
{
    if (!n || kg_ynode_is_null(n)) return 0;
    int rc = kg_ld_keys(ld, n, "slots section", slot_keys, N(slot_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP)
        return kg_ld_expected(ld, n, "a mapping (lead, brackets, appositions, coordination)");
    kg_ld_defer(ld, KG_DEF_SLOTS, n, 0);
    return 0;
}

static int flag(kg_loader *ld, const kg_ynode *n, const char *key, bool *out)
{
    const kg_ynode *v = kg_ld_get(n, key);
    if (!v || kg_ynode_is_null(v)) return 0;
    bool b;
    int rc = kg_ld_bool(ld, v, &b);
    if (rc == 0 && b) *out = true;
    return rc;
}

int kg_ld_slots_finish(kg_loader *ld, const kg_deferred *d)
{
    kg_rules *r = ld->r;
    int rc;
    if ((rc = flag(ld, d->node, "brackets", &r->slots.brackets)) ||
        (rc = flag(ld, d->node, "appositions", &r->slots.appositions)) ||
        (rc = flag(ld, d->node, "coordination", &r->slots.coordination)))
        return rc;
    const kg_ynode *lead = kg_ld_get(d->node, "lead");
    if (!lead || kg_ynode_is_null(lead)) return 0;
    int li;
    if ((rc = kg_ld_phrase_list(ld, lead, "a list of lead phrases", &li))) return rc;
    if (r->slots.lead_list < 0) r->slots.lead_list = li;
    else kg_ld_wordlist_append(&r->lists[r->slots.lead_list], &r->lists[li]); /* a second lead: */
    return 0;
}
