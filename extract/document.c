/*
 * extract/document.c: resolution across the sentences of one document.
 *
 *   acronyms      "Kent Hospitals NHS Trust (KHT)" defines KHT for the rest
 *                 of the document (learn_acronyms); a later exact "KHT" is a
 *                 candidate mention of that entity (acronym_candidates).
 *   coreference   referring phrases outside any mention ("the trust", a
 *                 subject "it", a quoted "we", "both trusts") become
 *                 resolved mentions of the most recent entities of their
 *                 types: earlier in the sentence first, then the document's
 *                 recent entities (the last KG_RECENT distinct ones, most
 *                 recent first, with the words that last named them).
 *   context       a relation rule with a context slot takes its missing
 *                 argument from the same history (kg_ex_context_argument).
 *
 * A plural reference changes no recency: "both trusts" names no latest one.
 * Referring phrases are looked for only at tokens whose vocabulary bits
 * allow one of their lists (kg_extractor.coref_mask, kg_match_may_start).
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* Forget what the previous document defined. */
void kg_ex_forget_document(kg_extractor *ex)
{
    /* a rule's match-limit warning is given once per document, so that the
     * warnings do not depend on which extractor (-j thread) read what */
    memset(ex->warned_ent, 0, (ex->rules->nent_rules + 1) * sizeof(bool));
    memset(ex->warned_rel, 0, (ex->rules->nrel_rules + 1) * sizeof(bool));
    for (size_t i = 0; i < ex->nacro; i++) {
        free(ex->acros[i].name);
        free(ex->acros[i].at);
    }
    ex->nacro = 0;
    for (size_t i = 0; i < ex->nretired; i++) free(ex->retired[i]);
    ex->nretired = 0;
    kg_map_free(ex->acro);
    ex->acro = NULL;
    for (size_t i = 0; i < ex->nrecent; i++) {
        free(ex->recent[i].name);
        free(ex->recent[i].text);
    }
    ex->nrecent = 0;
}

typedef struct antecedent {
    const char *name;
    const char *text;           /* how the text last named it */
    uint16_t type;
} antecedent;

/* Add (name, type) to out[*n] unless it is there already. */
static void add_antecedent(antecedent *out, size_t *n, const char *name, const char *text,
                           uint16_t type)
{
    for (size_t i = 0; i < *n; i++)
        if (out[i].type == type && strcmp(out[i].name, name) == 0) return;
    out[(*n)++] = (antecedent){name, text, type};
}

/* The `want` most recent distinct entities of one of `types` mentioned
 * before token p: in this sentence first (latest first), then in earlier
 * sentences.  A plural reference looks at earlier sentences only: in "Acme
 * brings together the two trusts" Acme is not one of them.  Returns how many
 * were found (fewer than `want`: the phrase has no reading). */
static size_t antecedents(const kg_extractor *ex, size_t nregular, size_t p, kg_typeset types,
                          antecedent *out, size_t want)
{
    size_t n = 0;
    uint32_t before = (uint32_t)p + 1;
    while (want == 1 && n < want) { /* this sentence, by start, latest first */
        long best = -1;
        for (size_t m = 0; m < nregular; m++) {
            const kg_emention *me = &ex->ments[m];
            if (me->tok_end <= p && me->tok_start < before && (types >> me->type & 1) &&
                (best < 0 || me->tok_start > ex->ments[best].tok_start))
                best = (long)m;
        }
        if (best < 0) break;
        before = ex->ments[best].tok_start;
        add_antecedent(out, &n, ex->ments[best].canon, ex->ments[best].surface, ex->ments[best].type);
    }
    for (size_t i = 0; i < ex->nrecent && n < want; i++)
        if (types >> ex->recent[i].type & 1)
            add_antecedent(out, &n, ex->recent[i].name, ex->recent[i].text, ex->recent[i].type);
    return n;
}

int32_t kg_ex_context_argument(kg_extractor *ex, const kg_relation_rule *rr, size_t p)
{
    kg_typeset types = rr->context_slot == KG_SLOT_SOURCE ? rr->source_types : rr->target_types;
    antecedent a;
    if (antecedents(ex, ex->nments, p, types, &a, 1) < 1) return -1;
    /* the same entity again takes the same slot, so the room lasts */
    for (size_t k = ex->nments; k < ex->nments + ex->nctx; k++)
        if (ex->ments[k].type == a.type && strcmp(ex->ments[k].canon, a.name) == 0) return (int32_t)k;
    if (ex->nctx == KG_MAX_CONTEXT) return -1;
    size_t m = ex->nments + ex->nctx++;
    ex->ments[m] = (kg_emention){.tok_start = (uint32_t)p, .tok_end = (uint32_t)p,
                                 .type = a.type, .resolved = true};
    ex->ments[m].canon = kg_xstrdup(a.name);
    ex->ments[m].surface = kg_xstrdup(a.text);
    return (int32_t)m;
}

/* ------------------------------------------------------------ documents */

/* Tokens whose exact text is an acronym defined earlier in the document
 * become candidate mentions of the entity that defined it. */
void kg_ex_acronym_candidates(kg_extractor *ex)
{
    if (!ex->nacro) return;
    for (size_t i = 0; i < ex->toks.n; i++) {
        const kg_token *t = &ex->toks.v[i];
        if (!(t->flags & KG_TOK_UPPER)) continue;
        intptr_t a;
        if (!kg_map_get(ex->acro, ex->buf + t->start, t->end - t->start, &a)) continue;
        uint16_t ty = ex->acros[a].type;
        kg_ex_add_candidate(ex, i, i + 1, ty, ex->rules->types[ty].priority, 0, (int)a, NULL, 0);
        ex->cands[ex->ncands - 1].name = ex->acros[a].name;
    }
}

/* "Nottingham University Hospitals NHS Trust (NUH)": a mention of an
 * acronym type followed by "(", an all-capitals word that is no mention,
 * and ")" defines that word for the rest of the document. */
void kg_ex_learn_acronyms(kg_extractor *ex)
{
    const kg_rules *r = ex->rules;
    const kg_tokens *t = &ex->toks;
    for (size_t m = 0; m < ex->nments; m++) {
        const kg_emention *me = &ex->ments[m];
        size_t e = me->tok_end;
        if (me->resolved || !(r->acronym_types >> me->type & 1) || e + 2 >= t->n) continue;
        if (strcmp(kg_token_key(t, e), "(") || strcmp(kg_token_key(t, e + 2), ")")) continue;
        if (!(t->v[e + 1].flags & KG_TOK_UPPER) || ex->mention_cover[e + 1] >= 0) continue;
        if (!ex->acro) ex->acro = kg_map_new();
        bool inserted;
        const kg_token *a = &t->v[e + 1];
        size_t slot = kg_map_intern(ex->acro, ex->buf + a->start, a->end - a->start,
                                    (intptr_t)ex->nacro, &inserted);
        if (!inserted) { /* redefined: the latest definition wins */
            size_t k = (size_t)kg_map_value(ex->acro, slot);
            /* a mention of this sentence may still point at the old name
             * (kg_emention.name): it lives until the document ends */
            KG_GROW(ex->retired, ex->retiredcap, ex->nretired + 1);
            ex->retired[ex->nretired++] = ex->acros[k].name;
            ex->acros[k].name = kg_xstrdup(ex->ments[m].canon);
            ex->acros[k].type = me->type;
            continue;
        }
        KG_GROW(ex->acros, ex->acrocap, ex->nacro + 1);
        ex->acros[ex->nacro].name = kg_xstrdup(ex->ments[m].canon);
        ex->acros[ex->nacro].at = kg_xasprintf("%s:%u", ex->doc, a->line);
        ex->acros[ex->nacro].type = me->type;
        ex->nacro++;
    }
}

/* Is token p inside a quotation?  After an odd number of quotation marks
 * in the sentence, or before the first of an odd number (a quotation that
 * began in an earlier sentence). */
static bool in_quotation(const kg_tokens *t, size_t p)
{
    size_t before = 0, all = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *k = kg_token_key(t, i);
        if (strcmp(k, "\"") && strcmp(k, "'")) continue;
        if (i < p) before++;
        all++;
    }
    return before % 2 == 1 || (before == 0 && all % 2 == 1);
}

static bool clause_start(const kg_tokens *t, size_t p)
{
    static const char *const before[] = {",", ";", ":", "and", "but", "because", "after",
                                         "when", "while", "so", "then", "\"", "'"};
    if (p == 0) return true;
    const char *k = kg_token_key(t, p - 1);
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++)
        if (strcmp(k, before[i]) == 0) return true;
    return false;
}

/* A mention of `a` on tokens [p, p + len), marked resolved. */
static size_t add_resolved(kg_extractor *ex, size_t p, size_t len, int coref, const antecedent *a)
{
    KG_GROW(ex->ments, ex->mentcap, ex->nments + 1);
    size_t m = ex->nments++;
    kg_emention *me = &ex->ments[m];
    memset(me, 0, sizeof *me);
    me->tok_start = (uint32_t)p;
    me->tok_end = (uint32_t)(p + len);
    me->type = a->type;
    me->source = coref;
    me->resolved = true;
    ex->ments[m].canon = kg_xstrdup(a->name);
    ex->ments[m].surface = kg_ex_tokens_text(ex, p, p + len, false);
    return m;
}

/* Referring phrases outside any mention become mentions of their
 * antecedent, marked resolved.  Runs after the sentence's mentions are
 * named, and appends to them. */
void kg_ex_resolve_coreference(kg_extractor *ex)
{
    const kg_rules *r = ex->rules;
    const kg_tokens *t = &ex->toks;
    size_t nregular = ex->nments;
    for (size_t p = 0; p < t->n; p++) {
        if (ex->mention_cover[p] >= 0 || !kg_match_may_start(&ex->m, ex->coref_mask, p)) continue;
        for (size_t c = 0; c < r->ncorefs; c++) {
            const kg_coref *co = &r->corefs[c];
            size_t lens[16], n, len = 0;
            kg_match_list(&ex->m, r, t, co->list, p, lens, &n);
            for (size_t k = 0; k < n && !len; k++) {
                bool clear = true;
                for (size_t q = p; q < p + lens[k] && clear; q++) clear = ex->mention_cover[q] < 0;
                if (clear) len = lens[k];
            }
            if (!len || (co->subject && !clause_start(t, p)) || (co->quoted && !in_quotation(t, p)))
                continue;
            antecedent a[KG_COREF_MAX_COUNT];
            size_t want = (size_t)co->count;
            if (antecedents(ex, nregular, p, co->types, a, want) < want) continue;
            /* The first is the mention the matcher sees; the others share
             * its tokens and join it through `plural` (structure.c makes
             * them one coordination, so an edge reaches each). */
            size_t m = add_resolved(ex, p, len, (int)c, &a[0]);
            for (size_t k = 1; k < want; k++) {
                /* add_resolved may move ex->ments: index it afterwards */
                size_t other = add_resolved(ex, p, len, (int)c, &a[k]);
                ex->ments[other].plural = (uint32_t)m + 1;
            }
            if (want > 1) ex->ments[m].plural = (uint32_t)m + 1;
            for (size_t q = p; q < p + len; q++) ex->mention_cover[q] = (int32_t)m;
            ex->mention_at[p] = (int32_t)m;
            p += len - 1;
            break;
        }
    }
}

/* Move (name, type) to the front of the document's recent entities; `text`,
 * when not NULL, becomes how the text last named it. */
static void remember(kg_extractor *ex, const char *name, const char *text, uint16_t type)
{
    size_t i = 0;
    while (i < ex->nrecent && (ex->recent[i].type != type || strcmp(ex->recent[i].name, name)))
        i++;
    struct kg_recent r;
    if (i < ex->nrecent) {
        r = ex->recent[i];
    } else {
        if (ex->nrecent == KG_RECENT) {
            ex->nrecent--;
            free(ex->recent[ex->nrecent].name);
            free(ex->recent[ex->nrecent].text);
        }
        r = (struct kg_recent){kg_xstrdup(name), kg_xstrdup(text ? text : name), type};
        i = ex->nrecent++;
    }
    if (text && strcmp(r.text, text)) {
        free(r.text);
        r.text = kg_xstrdup(text);
    }
    memmove(&ex->recent[1], &ex->recent[0], i * sizeof r);
    ex->recent[0] = r;
}

/* Remember the sentence's mentions, latest first, for coreference.  A
 * plural reference changes nothing: its entities were all mentioned before,
 * and "both trusts" names no latest one. */
void kg_ex_remember_mentions(kg_extractor *ex)
{
    if (!ex->rules->ncorefs && !ex->rules->context_arg_types) return;
    for (size_t k = 0; k < ex->nments; k++) {
        size_t i = ex->order[k];
        const kg_emention *me = &ex->ments[i];
        /* a referring phrase ("the trust") is no way of naming it */
        if (!me->plural) remember(ex, ex->ments[i].canon, me->resolved ? NULL : ex->ments[i].surface, me->type);
    }
}
