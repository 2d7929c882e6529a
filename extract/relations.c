/*
 * extract/relations.c: the relation stage and what the extractor emits.
 *
 * Relation rules run only in sentences that hold at least two mentions of
 * types some relation accepts (or one, for a rule that takes the other
 * argument from the context), and a rule only when its slot types are
 * present.  Within a sentence an edge (relation, source, target) is emitted
 * once, by the first rule (in file order) that finds it.  An edge on one
 * member of a coordination reaches every member (structure.c), unless the
 * pattern read words between that member and the next.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

/* ------------------------------------------------------------ output */

static void srcpos_str(kg_buf *b, const kg_srcpos *at)
{
    kg_buf_clear(b);
    kg_buf_printf(b, "%s:%d", at->file, at->line);
}

const char *kg_ex_mention_rule(const kg_extractor *ex, const kg_emention *me, kg_buf *at)
{
    kg_buf_clear(at);
    if (me->shared) {
        srcpos_str(at, &ex->rules->types[me->type].heads[me->source].at);
        return "shared head";
    }
    if (me->resolved) {
        kg_buf_printf(at, "%s:%d", ex->rules->corefs[me->source].at.file,
                      ex->rules->corefs[me->source].at.line);
        return "coreference";
    }
    if (me->name) {
        kg_buf_puts(at, ex->acros[me->source].at);
        return "acronym";
    }
    if (me->gaz) {
        srcpos_str(at, &me->gaz->entries[me->source].at);
        return "gazetteer";
    }
    srcpos_str(at, &ex->rules->ent_rules[me->source].at);
    return ex->rules->ent_rules[me->source].name;
}

/* The attributes of mention i's entity (its type and current canonical
 * name, looked up in the gazetteers' "@key=value" fields) as kg_attr items
 * in buf, which holds KG_MAX_ENTITY_ATTRS; returns how many, sorted by key. */
static size_t mention_attrs(const kg_extractor *ex, size_t i, kg_attr *buf)
{
    const kg_entity_attrs *ea = kg_rules_entity_attrs(ex->rules, ex->ments[i].type, ex->ments[i].canon);
    size_t n = ea ? ea->nattrs : 0;
    for (size_t k = 0; k < n; k++) buf[k] = (kg_attr){ea->attrs[k].key, ea->attrs[k].value};
    return n;
}

int kg_ex_emit_mentions(kg_extractor *ex)
{
    if (!ex->sink->mention) return 0;
    kg_buf at = KG_BUF_INIT;
    int rc = 0;
    for (size_t k = 0; k < ex->nments && !rc; k++) {
        size_t i = ex->order[k];
        const kg_emention *me = &ex->ments[i];
        const kg_token *ts = &ex->toks.v[me->tok_start], *te = &ex->toks.v[me->tok_end - 1];
        const char *rule = kg_ex_mention_rule(ex, me, &at);
        kg_attr ma[KG_MAX_ENTITY_ATTRS];
        size_t nma = mention_attrs(ex, i, ma);
        kg_mention m = {.doc = ex->doc, .line = ts->line, .start = ex->base + ts->start, .end = ex->base + te->end,
                        .type = ex->rules->types[me->type].name, .canonical = ex->ments[i].canon,
                        .text = ex->ments[i].surface, .rule = rule, .rule_at = at.ptr ? at.ptr : "",
                        .attrs = ma, .nattrs = nma, .resolved = me->resolved};
        rc = ex->sink->mention(ex->sink->ud, &m);
    }
    kg_buf_free(&at);
    return rc;
}

typedef struct seen_edge {
    const char *relation;
    size_t src, tgt;            /* mention indexes */
} seen_edge;

bool kg_ex_same_entity(const kg_extractor *ex, size_t a, size_t b)
{
    return ex->ments[a].type == ex->ments[b].type && strcmp(ex->ments[a].canon, ex->ments[b].canon) == 0;
}

static bool already_seen(const kg_extractor *ex, const seen_edge *seen, size_t n,
                         const char *rel, size_t s, size_t t)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(seen[i].relation, rel) == 0 && kg_ex_same_entity(ex, seen[i].src, s) &&
            kg_ex_same_entity(ex, seen[i].tgt, t))
            return true;
    return false;
}

static int emit_edge(kg_extractor *ex, const kg_span *sp, const kg_relation_rule *rr,
                     const kg_program *prog, const kg_match *res, size_t s, size_t t)
{
    kg_attr attrs[KG_MAX_CAPTURES + KG_MAX_RULE_ATTRS];
    size_t na = 0;
    for (int c = 0; c < prog->ncaptures && c < KG_MAX_CAPTURES; c++) {
        if (res->capture[c] < 0) continue;
        const char *name = NULL;
        for (size_t i = 0; i < prog->n && !name; i++)
            if (prog->code[i].op == KG_OP_CAPTURE && prog->code[i].slot == c) name = prog->code[i].name;
        attrs[na].key = name;
        attrs[na++].value = ex->ments[res->capture[c]].surface;
    }
    for (size_t i = 0; i < rr->nattrs && na < sizeof attrs / sizeof attrs[0]; i++) {
        attrs[na].key = rr->attrs[i].key;
        attrs[na++].value = rr->attrs[i].value;
    }
    kg_attr sa[KG_MAX_ENTITY_ATTRS], ta[KG_MAX_ENTITY_ATTRS];
    size_t nsa = mention_attrs(ex, s, sa), nta = mention_attrs(ex, t, ta);
    kg_buf at = KG_BUF_INIT;
    srcpos_str(&at, &prog->at);
    const kg_rules *r = ex->rules;
    kg_edge e = {.doc = ex->doc, .line = sp->line, .start = ex->base + sp->start, .end = ex->base + sp->end,
                 .relation = rr->relation, .symmetric = rr->symmetric,
                 .source = ex->ments[s].canon, .source_type = r->types[ex->ments[s].type].name,
                 .source_text = ex->ments[s].surface,
                 .target = ex->ments[t].canon, .target_type = r->types[ex->ments[t].type].name,
                 .target_text = ex->ments[t].surface,
                 .rule = rr->name, .rule_at = at.ptr, .evidence = ex->evidence.ptr,
                 .attrs = attrs, .nattrs = na,
                 .source_attrs = sa, .nsource_attrs = nsa, .target_attrs = ta,
                 .ntarget_attrs = nta,
                 .resolved = ex->ments[s].resolved || ex->ments[t].resolved};
    int rc = ex->sink->edge ? ex->sink->edge(ex->sink->ud, &e) : 0;
    kg_buf_free(&at);
    return rc;
}

/* The members of mention m's coordination whose type is in `types`, in
 * order of start; m alone when it has none. */
static size_t members(const kg_extractor *ex, size_t m, kg_typeset types, size_t *out, size_t cap)
{
    int32_t g = ex->structured && m < ex->nments ? ex->ments[m].group : -1;
    if (g < 0) {
        out[0] = m;
        return 1;
    }
    size_t n = 0;
    for (size_t k = 0; k < ex->nments && n < cap; k++) {
        size_t i = ex->order[k];
        if (ex->ments[i].group == g && (i == m || (types >> ex->ments[i].type & 1))) out[n++] = i;
    }
    return n;
}

/* Did the pattern go on, right after slot k, with words that lie between
 * its member and the next member of the coordination?  "Jo Roe (chair), Al
 * Bell and Di Cox": "(chair)" is Jo Roe's alone, so the edge is too. */
static bool member_of_itself(const kg_extractor *ex, const kg_match *res, int k)
{
    size_t m = (size_t)res->slot[k];
    if (!ex->structured || m >= ex->nments || ex->ments[m].group < 0 || res->end <= res->slot_end[k])
        return false;
    for (size_t j = 0; j < ex->nments; j++) {
        size_t o = ex->order[j];
        if (ex->ments[o].group == ex->ments[m].group && ex->ments[o].tok_start > ex->ments[m].tok_start)
            return res->slot_end[k] < ex->ments[o].tok_start;
    }
    return false;
}

static int emit_once(kg_extractor *ex, const kg_span *sp, const kg_relation_rule *rr,
                     const kg_program *prog, const kg_match *res, size_t s, size_t t,
                     seen_edge **seen, size_t *nseen, size_t *seencap)
{
    if (s == t || kg_ex_same_entity(ex, s, t)) return 0;
    if (already_seen(ex, *seen, *nseen, rr->relation, s, t)) return 0;
    if (rr->symmetric && already_seen(ex, *seen, *nseen, rr->relation, t, s)) return 0;
    KG_GROW(*seen, *seencap, *nseen + 1);
    (*seen)[(*nseen)++] = (seen_edge){rr->relation, s, t};
    return emit_edge(ex, sp, rr, prog, res, s, t);
}

#define KG_MAX_MEMBERS 32

/* Emit the matched edge, and one for every member of a coordination on
 * either side ("Acme, Beta and Gamma formed a partnership": each pair of a
 * symmetric relation; "Kent CCG and Surrey CCG awarded ... to Acme": both
 * buyers).  Both slots in one coordination pair up its members only for a
 * symmetric relation. */
static int emit_coordinated(kg_extractor *ex, const kg_span *sp, const kg_relation_rule *rr,
                            const kg_program *prog, const kg_match *res, seen_edge **seen,
                            size_t *nseen, size_t *seencap)
{
    size_t s = (size_t)res->slot[KG_SLOT_SOURCE], t = (size_t)res->slot[KG_SLOT_TARGET];
    int rc = emit_once(ex, sp, rr, prog, res, s, t, seen, nseen, seencap);
    if (rc || !ex->structured) return rc;
    size_t sm[KG_MAX_MEMBERS], tm[KG_MAX_MEMBERS];
    bool one = s < ex->nments && t < ex->nments && ex->ments[s].group >= 0 &&
               ex->ments[s].group == ex->ments[t].group; /* also s == t: {source} alone */
    size_t ns = !one && member_of_itself(ex, res, KG_SLOT_SOURCE)
                    ? (sm[0] = s, 1)
                    : members(ex, s, rr->source_types, sm, KG_MAX_MEMBERS);
    size_t nt = !one && member_of_itself(ex, res, KG_SLOT_TARGET)
                    ? (tm[0] = t, 1)
                    : members(ex, t, rr->target_types, tm, KG_MAX_MEMBERS);
    if (one && !rr->symmetric) return 0;
    if (one) { /* pairs within the one coordination */
        memcpy(tm, sm, ns * sizeof *sm);
        nt = ns;
    }
    for (size_t i = 0; i < ns && !rc; i++)
        for (size_t j = one ? i + 1 : 0; j < nt && !rc; j++)
            rc = emit_once(ex, sp, rr, prog, res, sm[i], tm[j], seen, nseen, seencap);
    return rc;
}

long kg_ex_sentence_find(kg_extractor *ex, int list)
{
    size_t lens[16], n;
    for (size_t i = 0; i < ex->toks.n; i++) {
        kg_match_list(&ex->m, ex->rules, &ex->toks, list, i, lens, &n);
        if (n) return (long)i;
    }
    return -1;
}

bool kg_ex_leaves_clause(const kg_extractor *ex, const kg_match *res)
{
    if (!ex->structured) return false;
    for (int k = KG_SLOT_SOURCE; k <= KG_SLOT_TARGET; k++) {
        int32_t m = res->slot[k];
        if (m < 0 || (size_t)m >= ex->nments) continue;
        int32_t close = ex->clause_close[ex->ments[m].tok_start];
        if (close >= 0 && res->end > (size_t)close) return true;
    }
    return false;
}

bool kg_ex_rule_can_run(const kg_relation_rule *rr, kg_typeset present)
{
    bool src = rr->context_slot == KG_SLOT_SOURCE || (present & rr->source_types);
    bool tgt = rr->context_slot == KG_SLOT_TARGET || (present & rr->target_types);
    return src && tgt;
}

int kg_ex_relations(kg_extractor *ex, const kg_span *sp, const kg_sentence_view *v)
{
    const kg_rules *r = ex->rules;
    kg_typeset present = 0;
    size_t args = 0;
    for (size_t i = 0; i < ex->nments; i++) {
        present |= (kg_typeset)1 << ex->ments[i].type;
        args += (r->relation_arg_types >> ex->ments[i].type) & 1;
    }
    if (args < 2 && !(present & r->context_arg_types)) return 0;
    kg_buf_clear(&ex->evidence);
    kg_ex_put_clean(&ex->evidence, ex->buf, sp->start, sp->end, false);
    seen_edge *seen = NULL;
    size_t nseen = 0, seencap = 0;
    int rc = 0;
    for (size_t ri = 0; ri < r->nrel_rules && !rc; ri++) {
        const kg_relation_rule *rr = &r->rel_rules[ri];
        if (!kg_ex_rule_can_run(rr, present)) continue;
        if (rr->veto_list >= 0 && kg_ex_sentence_find(ex, rr->veto_list) >= 0) continue;
        for (size_t pi = 0; pi < rr->npatterns && !rc; pi++) {
            const kg_program *prog = &rr->patterns[pi];
            if (!kg_match_anchored(&ex->m, prog, r, &ex->toks)) continue;
            size_t first = 0;
            while (first + 1 < prog->n && prog->code[first].op == KG_OP_NOTBEFORE) first += 2;
            bool slot_first = prog->code[first].op == KG_OP_SLOT;
            for (size_t i = 0; i < ex->toks.n && !rc; i++) {
                if (slot_first && ex->mention_at[i] < 0) continue;
                kg_match res;
                ex->m.regex_limit_hit = false;
                bool ok = kg_match_at(&ex->m, prog, v, i, &res);
                if (ex->m.regex_limit_hit && !ex->warned_rel[ri]) {
                    kg_ex_warn_limit(ex, "a token regex", rr->name, &prog->at, sp->line);
                    ex->warned_rel[ri] = true;
                }
                if (!ok || kg_ex_leaves_clause(ex, &res)) continue;
                if (rr->context_slot >= 0 &&
                    (res.slot[rr->context_slot] = kg_ex_context_argument(ex, rr, i)) < 0)
                    continue;
                /* {source} alone in a symmetric pattern: its coordination
                 * pairs up, and a mention in none makes no edge */
                if (res.slot[KG_SLOT_TARGET] < 0) res.slot[KG_SLOT_TARGET] = res.slot[KG_SLOT_SOURCE];
                rc = emit_coordinated(ex, sp, rr, prog, &res, &seen, &nseen, &seencap);
            }
        }
    }
    free(seen);
    return rc;
}
