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
 *     relatives: true      # "Acme, which bought Beta in 2019, ...": the
 *                          # relative clause may hold other entities
 *     asides: ["together with"]  # more phrases that open an apposition:
 *                          # "Acme, together with other firms, ..."
 *
 * Every key is optional; without the section a slot is its mention alone.
 * Several files may each have a `slots:` section: lead phrases are united,
 * and a boolean set true anywhere stays true.  The lists are resolved in
 * pass 2, when every file has been read.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/load.h"

static const char *const slot_keys[] = {"lead",         "brackets",  "appositions",
                                        "coordination", "relatives", "asides"};

#define N(a) (sizeof(a) / sizeof *(a))

int kg_ld_slots(kg_loader *ld, const kg_ynode *n)
{
    if (!n || kg_ynode_is_null(n)) return 0;
    int rc = kg_ld_keys(ld, n, "slots section", slot_keys, N(slot_keys));
    if (rc) return rc;
    if (n->kind != KG_Y_MAP)
        return kg_ld_expected(ld, n, "a mapping (lead, brackets, appositions, coordination, "
                                     "relatives, asides)");
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

/* A phrase list under `key`, united with the one an earlier file gave. */
static int phrases(kg_loader *ld, const kg_ynode *n, const char *key, const char *what, int *list)
{
    kg_rules *r = ld->r;
    const kg_ynode *v = kg_ld_get(n, key);
    if (!v || kg_ynode_is_null(v)) return 0;
    int li, rc;
    if ((rc = kg_ld_phrase_list(ld, v, what, &li))) return rc;
    if (*list < 0) *list = li;
    else kg_ld_wordlist_append(&r->lists[*list], &r->lists[li]);
    return 0;
}

int kg_ld_slots_finish(kg_loader *ld, const kg_deferred *d)
{
    kg_rules *r = ld->r;
    int rc;
    if ((rc = flag(ld, d->node, "brackets", &r->slots.brackets)) ||
        (rc = flag(ld, d->node, "appositions", &r->slots.appositions)) ||
        (rc = flag(ld, d->node, "coordination", &r->slots.coordination)) ||
        (rc = flag(ld, d->node, "relatives", &r->slots.relatives)) ||
        (rc = phrases(ld, d->node, "lead", "a list of lead phrases", &r->slots.lead_list)))
        return rc;
    return phrases(ld, d->node, "asides", "a list of phrases that open an apposition",
                   &r->slots.aside_list);
}
