/*
 * extract/structure.c: the structure around mentions that every relation
 * slot reads the same way (the `slots:` section of the rules).
 *
 * Computed once per sentence, after the mentions are final, and handed to
 * the matcher through the sentence view:
 *
 *   lead_at[token]   a slot may start here and still land on this mention:
 *                    the tokens before it are up to KG_SLOT_MAX_LEAD lead
 *                    phrases ("to the social enterprise Acme": a slot at
 *                    "the" is Acme), and a comma after two words or more of
 *                    them ("a private company, Acme").  -1 where no mention
 *                    is reached.
 *   mention.slot_ends where a slot on this mention may end: after the
 *                    mention itself, after a bracket that follows it ("Acme
 *                    Health (AH)"), after an apposition (", a GP-owned
 *                    company,", or one opened by an aside phrase: ",
 *                    together with other firms,"), or after both; after a
 *                    relative clause, which may name other entities (",
 *                    which bought Beta in 2019,").  The matcher tries them in
 *                    that order, so a pattern that reads the bracket or the
 *                    apposition itself still matches as before.  On the
 *                    first member of a coordination, also after the last
 *                    member ("by Kent, Surrey and Essex CCGs to ...").
 *   clause_close[token]  inside a relative clause, the clause's closing
 *                    comma: the relation stage refuses a match that starts
 *                    inside the clause and reads on past it ("Acme, which
 *                    runs Kent Hospital, won ...": Kent Hospital won nothing).
 *   mention.group    the coordination the mention belongs to ("Acme, Beta
 *                    and Gamma"), as the index of its first member in the
 *                    order of starts; -1 when none.  The relation stage gives
 *                    an edge to every member (extract.c).  The entities a
 *                    plural reference stands for ("both trusts") are one
 *                    group whether or not `coordination` is on.
 *
 * A bracket or an apposition holds no other entity (the same entity again,
 * an acronym, is allowed), so "Acme (with Beta)" keeps Beta visible.  A
 * coordination is a run of mentions separated by commas and closed by one
 * "and" or "&"; commas alone ("Jane Roe, Director, Acme") make none.  List
 * items, each on its own line after a marker, are one too.
 *
 * Cost: linear in the tokens times the lead phrases tried (at most
 * KG_SLOT_MAX_LEAD per token) plus a bounded look-ahead per mention.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

#define BRACKET_MAX 8      /* tokens inside a bracket a slot may take in */
#define APPOSITION_MAX 10  /* tokens of an apposition, commas excluded */
#define RELATIVE_MAX 20    /* tokens of a relative clause, commas excluded */

static bool key_is(const kg_tokens *t, size_t i, const char *w)
{
    return i < t->n && strcmp(kg_token_key(t, i), w) == 0;
}

/* Is token q free of other entities than mention m's? */
static bool same_or_none(const kg_extractor *ex, size_t m, size_t q)
{
    int32_t c = ex->mention_cover[q];
    return c < 0 || (size_t)c == m || kg_ex_same_entity(ex, (size_t)c, m);
}

/* "(UCLH)": a bracket holding one all-capitals mention of m's type is m's
 * acronym even when a gazetteer gives the acronym a canonical name that is
 * spelt differently from the pattern-found name before it. */
static bool acronym_of(const kg_extractor *ex, size_t m, size_t e)
{
    const kg_tokens *t = &ex->toks;
    int32_t c = e + 1 < t->n ? ex->mention_cover[e + 1] : -1;
    return c >= 0 && key_is(t, e + 2, ")") && (t->v[e + 1].flags & KG_TOK_UPPER) &&
           ex->ments[c].type == ex->ments[m].type && ex->ments[c].tok_start == e + 1 &&
           ex->ments[c].tok_end == e + 2;
}

/* "(" ... ")" right after position e, holding nothing but m itself. */
static size_t bracket_end(const kg_extractor *ex, size_t m, size_t e)
{
    const kg_tokens *t = &ex->toks;
    if (!key_is(t, e, "(")) return 0;
    if (acronym_of(ex, m, e)) return e + 3;
    for (size_t q = e + 1; q < t->n && q <= e + BRACKET_MAX + 1; q++) {
        if (key_is(t, q, ")")) return q > e + 1 ? q + 1 : 0;
        if (key_is(t, q, "(") || !same_or_none(ex, m, q)) return 0;
    }
    return 0;
}

/* Does a phrase of list `l` (or none, -1) start at token p? */
static bool opens_with(kg_extractor *ex, int l, size_t p)
{
    size_t lens[16], n = 0;
    if (l >= 0) kg_match_list(&ex->m, ex->rules, &ex->toks, l, p, lens, &n);
    return n > 0;
}

/* Is the comma at q one of a list inside the clause ("which Beta, Gamma
 * and Delta run,"): a mention follows it, and "and" or "&" then a mention
 * comes before the next comma? */
static bool inner_list_comma(const kg_extractor *ex, size_t q)
{
    const kg_tokens *t = &ex->toks;
    if (q + 1 >= t->n || ex->mention_at[q + 1] < 0) return false;
    for (size_t k = q + 1; k + 1 < t->n && !key_is(t, k, ","); k++)
        if ((key_is(t, k, "and") || key_is(t, k, "&")) && ex->mention_at[k + 1] >= 0) return true;
    return false;
}

/* ", who|which|whose ... ," right after position e: a relative clause, which
 * may name other entities ("Acme, which bought Beta in 2019, has ...").
 * The end after its closing comma. */
static size_t relative_end(const kg_extractor *ex, size_t e)
{
    const kg_tokens *t = &ex->toks;
    if (!key_is(t, e, ",") ||
        !(key_is(t, e + 1, "who") || key_is(t, e + 1, "which") || key_is(t, e + 1, "whose")))
        return 0;
    for (size_t q = e + 2; q < t->n && q <= e + RELATIVE_MAX + 1; q++) {
        if (key_is(t, q, ",") && !inner_list_comma(ex, q)) return q + 1;
        if (key_is(t, q, ";") || key_is(t, q, ":") || key_is(t, q, "(") || key_is(t, q, "\""))
            return 0;
    }
    return 0;
}

/* The relative clause after position e (relative_end), its words marked
 * with the clause's closing comma in clause_close; its end, or 0. */
static size_t mark_clause(kg_extractor *ex, size_t e)
{
    size_t r = relative_end(ex, e);
    for (size_t q = e + 2; r && q + 1 < r; q++) ex->clause_close[q] = (int32_t)(r - 1);
    return r;
}

/* ", <lead phrase> ... ," right after position e: the end after the closing
 * comma, or at the sentence's final full stop. */
static size_t apposition_end(kg_extractor *ex, size_t m, size_t e)
{
    const kg_tokens *t = &ex->toks;
    const kg_rules *r = ex->rules;
    if (!key_is(t, e, ",") || (!opens_with(ex, r->slots.lead_list, e + 1) &&
                               !opens_with(ex, r->slots.aside_list, e + 1)))
        return 0;
    for (size_t q = e + 1; q < t->n && q <= e + APPOSITION_MAX + 1; q++) {
        if (!same_or_none(ex, m, q) || key_is(t, q, "(") || key_is(t, q, ";")) return 0;
        if (key_is(t, q, ",")) return q > e + 1 ? q + 1 : 0;
        if (q + 1 == t->n && key_is(t, q, ".")) return q;
    }
    return 0;
}

static void add_end(kg_extractor *ex, size_t m, size_t e)
{
    if (!e) return;
    for (uint8_t k = 0; k < ex->ments[m].nslot_ends; k++)
        if (ex->ments[m].slot_ends[k] == e) return;
    if (ex->ments[m].nslot_ends < KG_SLOT_MAX_ENDS) ex->ments[m].slot_ends[ex->ments[m].nslot_ends++] = (uint32_t)e;
}

static void compute_ends(kg_extractor *ex)
{
    const kg_slot_opts *o = &ex->rules->slots;
    for (size_t m = 0; m < ex->nments; m++) {
        size_t e0 = ex->ments[m].tok_end;
        ex->ments[m].nslot_ends = 0;
        add_end(ex, m, e0);
        size_t e1 = o->brackets ? bracket_end(ex, m, e0) : 0;
        add_end(ex, m, e1);
        if (o->relatives) add_end(ex, m, mark_clause(ex, e1 ? e1 : e0));
        if (!o->appositions) continue;
        add_end(ex, m, apposition_end(ex, m, e0));
        if (e1) add_end(ex, m, apposition_end(ex, m, e1));
    }
}

/* A chain of at most KG_SLOT_MAX_LEAD lead phrases from p, over tokens that
 * no mention covers, ending where a mention starts. */
static void compute_leads(kg_extractor *ex)
{
    const kg_tokens *t = &ex->toks;
    const kg_rules *r = ex->rules;
    for (size_t p = 0; p < t->n; p++) ex->lead_at[p] = -1;
    if (r->slots.lead_list < 0) return;
    for (size_t p = 0; p < t->n; p++) {
        if (ex->mention_cover[p] >= 0) continue;
        size_t q = p;
        for (int k = 0; k < KG_SLOT_MAX_LEAD && q < t->n && ex->mention_at[q] < 0; k++) {
            size_t lens[16], n, len = 0;
            kg_match_list(&ex->m, r, t, r->slots.lead_list, q, lens, &n);
            for (size_t i = 0; i < n && !len; i++) {
                bool clear = true;
                for (size_t j = q; j < q + lens[i] && clear; j++) clear = ex->mention_cover[j] < 0;
                if (clear) len = lens[i];
            }
            if (!len) break;
            q += len;
        }
        /* "a private company, Sopra Steria": a lead of two words or more
         * may stand before the name as an apposition */
        if (q >= p + 2 && q + 1 < t->n && key_is(t, q, ",") && ex->mention_at[q + 1] >= 0) q++;
        if (q > p && q < t->n && ex->mention_at[q] >= 0) ex->lead_at[p] = ex->mention_at[q];
    }
}

enum { LINK_NONE, LINK_COMMA, LINK_AND, LINK_BULLET };

/* Do tokens [e, s) open a list item: a new line, then only a marker ("-",
 * "•", "1.", "(b)")?  Short items join their lead line (sentence.c, rule
 * 7), so one sentence may hold a whole list of names. */
static bool bullet_between(const kg_tokens *t, size_t e, size_t s)
{
    if (e == 0 || e >= s || s - e > 3 || t->v[e].line == t->v[e - 1].line) return false;
    for (size_t q = e; q < s; q++)
        if (!(t->v[q].flags & (KG_TOK_PUNCT | KG_TOK_NUM)) &&
            !(q + 1 < s && (t->v[q].end - t->v[q].start) == 1))
            return false;
    return true;
}

/* How mention a (in order) is joined to the next mention b. */
static int link_kind(const kg_extractor *ex, size_t a, size_t b)
{
    const kg_tokens *t = &ex->toks;
    size_t e = ex->ments[a].tok_end, s = ex->ments[b].tok_start;
    size_t be = ex->rules->slots.brackets ? bracket_end(ex, a, e) : 0;
    size_t from = be ? be : e;
    if (from >= s) return LINK_NONE;
    if (bullet_between(t, from, s)) return LINK_BULLET;
    int ands = 0, commas = 0;
    size_t q = from;
    while (q < s) {
        if (key_is(t, q, ",")) commas++, q++;
        else if (key_is(t, q, "and") || key_is(t, q, "&")) ands++, q++;
        else if (ex->lead_at[q] == (int32_t)b) break; /* "and the social enterprise B" */
        else return LINK_NONE;
    }
    if (ands > 1 || (!ands && !commas)) return LINK_NONE;
    return ands ? LINK_AND : LINK_COMMA;
}

/* The entities of a plural reference ("both trusts", coreference with a
 * count) are one coordination, joined to any the reference is part of
 * ("Acme and both trusts"). */
static void join_plurals(kg_extractor *ex)
{
    for (size_t m = 0; m < ex->nments; m++) {
        uint32_t pl = ex->ments[m].plural;
        if (!pl || pl - 1 == m) continue;
        size_t head = pl - 1;
        if (ex->ments[head].group < 0) ex->ments[head].group = (int32_t)head;
        ex->ments[m].group = ex->ments[head].group;
    }
}

/* Is mention i no list member of its own, but inside mention a: on a's
 * words (the other entities of a plural reference) or in the bracket after
 * it ("University College London Hospital (UCLH)")? */
static bool inside(kg_extractor *ex, size_t a, size_t i)
{
    if (ex->ments[i].tok_start < ex->ments[a].tok_end) return true;
    size_t be = ex->rules->slots.brackets ? bracket_end(ex, a, ex->ments[a].tok_end) : 0;
    return be && ex->ments[i].tok_end <= be;
}

static void compute_coordination(kg_extractor *ex)
{
    if (!ex->rules->slots.coordination || ex->nments < 2) return;
    /* the mentions that can be members, in order of start */
    KG_GROW(ex->members, ex->membercap, ex->nments);
    size_t *mem = ex->members, n = 0;
    for (size_t k = 0; k < ex->nments; k++)
        if (!n || !inside(ex, mem[n - 1], ex->order[k])) mem[n++] = ex->order[k];
    size_t run = 0; /* first member (in mem) of the current comma run */
    for (size_t k = 0; k + 1 < n; k++) {
        size_t a = mem[k], b = mem[k + 1];
        int kind = link_kind(ex, a, b);
        if (kind == LINK_COMMA) continue;
        if (kind == LINK_BULLET) { /* list items need no "and" */
            if (ex->ments[a].group < 0) ex->ments[a].group = (int32_t)a;
            ex->ments[b].group = ex->ments[a].group;
            run = k + 1;
            continue;
        }
        if (kind == LINK_AND && run <= k) {
            for (size_t j = run; j <= k + 1; j++) ex->ments[mem[j]].group = (int32_t)mem[run];
            run = k + 2;
        } else {
            run = k + 1;
        }
    }
}

/* A slot on the first member of a coordination may end where the last
 * member ends ("awarded by Kent, Surrey and Essex CCGs to Acme": the slot
 * takes the list, and the edge reaches every member). */
static void extend_over_groups(kg_extractor *ex)
{
    for (size_t k = 0; k < ex->nments; k++) {
        size_t first = ex->order[k];
        if (ex->ments[first].group != (int32_t)first) continue;
        size_t last = first;
        for (size_t j = k + 1; j < ex->nments; j++)
            if (ex->ments[ex->order[j]].group == (int32_t)first) last = ex->order[j];
        if (last == first || ex->ments[last].tok_start == ex->ments[first].tok_start) continue;
        size_t e = ex->ments[last].tok_end;
        add_end(ex, first, e);
        if (ex->rules->slots.brackets) add_end(ex, first, bracket_end(ex, last, e));
    }
}

/* Mentions that some relation can take as an argument. */
static size_t relation_args(const kg_extractor *ex)
{
    size_t args = 0;
    for (size_t m = 0; m < ex->nments; m++)
        args += (ex->rules->relation_arg_types >> ex->ments[m].type) & 1;
    return args;
}

void kg_ex_structure(kg_extractor *ex, kg_sentence_view *v)
{
    size_t n = ex->toks.n;
    /* No relation can run (kg_ex_relations needs two arguments): the
     * matcher will not look, so the per-token work is skipped. */
    kg_typeset present = 0;
    for (size_t m = 0; m < ex->nments; m++) present |= (kg_typeset)1 << ex->ments[m].type;
    /* as kg_ex_relations decides whether to run */
    ex->structured = relation_args(ex) >= 2 || (present & ex->rules->context_arg_types);
    if (!ex->structured) {
        v->lead_at = NULL;
        v->structured = false;
        return;
    }
    KG_GROW(ex->lead_at, ex->leadcap, n + 1);
    KG_GROW(ex->clause_close, ex->clausecap, n + 1);
    for (size_t p = 0; p < n; p++) ex->clause_close[p] = -1;
    compute_ends(ex);
    compute_leads(ex);
    for (size_t m = 0; m < ex->nments; m++) ex->ments[m].group = -1;
    compute_coordination(ex);
    join_plurals(ex);
    extend_over_groups(ex);
    v->lead_at = ex->lead_at;
    v->structured = true;
}
