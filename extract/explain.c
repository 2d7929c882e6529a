/*
 * extract/explain.c: `kgraph explain`'s engine.  It runs the extractor's own
 * stages on each sentence (extract_int.h), so what it shows is what
 * extraction does, and adds what extraction throws away:
 *
 *   tokens      text, folded key, classes
 *   mentions    each with the gazetteer entry or rule (file:line) behind it
 *   lost        candidates dropped by the overlap policy, with the winner and
 *               the step of the policy that decided
 *   relations   per relation rule: skipped (a slot type is absent), vetoed
 *               (the word that vetoed it), or each pattern's result: the edges
 *               it found (and whether one was suppressed as a duplicate or a
 *               self-loop), or how far its best attempt got: the element
 *               where it stopped, the token it could not match, and why
 *
 * The best attempt of a pattern that never matched is the one that got
 * furthest into the pattern (then furthest into the sentence).  The element
 * shown is the stopping instruction's outermost element, whose bytes in the
 * pattern the compiler records (kg_inst.top), so explain has no parser of
 * its own to keep in step with rules/pattern.c.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/explain.h"
#include "extract/extract_int.h"
#include "util/util.h"

static const char *const stop_reasons[] = {
    [KG_STOP_TOKEN] = "the token does not match",
    [KG_STOP_END] = "the sentence ends",
    [KG_STOP_NO_MENTION] = "no entity mention starts at this token",
    [KG_STOP_SLOT_TYPE] = "the mention here is not of an accepted type",
    [KG_STOP_GAP_ENTITY] = "the gap may not cross this entity mention",
    [KG_STOP_GAP_EXCLUDED] = "the gap may not contain this word",
    [KG_STOP_GAP_LONG] = "the gap reached its upper bound",
    [KG_STOP_LOOKBEHIND] = "the token before matches the !< element",
    [KG_STOP_NEGATION] = "the ! element matches here",
};

static kg_json *token_json(const kg_extractor *ex, size_t i)
{
    const kg_token *t = &ex->toks.v[i];
    kg_json *o = kg_json_object();
    kg_json_set_int(o, "i", (long long)i);
    kg_buf b = KG_BUF_INIT;
    kg_ex_put_clean(&b, ex->buf, t->start, t->end, false);
    kg_json_set_strn(o, "text", b.ptr ? b.ptr : "", b.len);
    kg_buf_free(&b);
    kg_json_set_str(o, "key", kg_token_key(&ex->toks, i));
    static const struct { unsigned f; const char *name; } flags[] = {
        {KG_TOK_WORD, "word"}, {KG_TOK_CAP, "cap"}, {KG_TOK_UPPER, "upper"},
        {KG_TOK_LOWER, "lower"}, {KG_TOK_NUM, "num"}, {KG_TOK_PUNCT, "punct"}};
    kg_json *fl = kg_json_array();
    for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
        if (t->flags & flags[k].f) kg_json_append(fl, kg_json_string(flags[k].name, strlen(flags[k].name)));
    kg_json_set(o, "classes", fl);
    return o;
}

static kg_json *span_json(size_t a, size_t b)
{
    kg_json *s = kg_json_array();
    kg_json_append(s, kg_json_int((long long)a));
    kg_json_append(s, kg_json_int((long long)b));
    return s;
}

static kg_json *mentions_json(const kg_extractor *ex)
{
    kg_json *arr = kg_json_array();
    kg_buf at = KG_BUF_INIT;
    for (size_t k = 0; k < ex->nments; k++) {
        size_t i = ex->order[k];
        const kg_emention *me = &ex->ments[i];
        kg_json *o = kg_json_object();
        kg_json_set_str(o, "text", ex->ments[i].surface);
        kg_json_set_str(o, "type", ex->rules->types[me->type].name);
        kg_json_set_str(o, "canonical", ex->ments[i].canon);
        kg_json_set(o, "tokens", span_json(me->tok_start, me->tok_end));
        kg_json_set_str(o, "rule", kg_ex_mention_rule(ex, me, &at));
        kg_json_set_str(o, "rule_at", at.ptr ? at.ptr : "");
        if (me->resolved) kg_json_set(o, "resolved", kg_json_bool(true));
        kg_json_append(arr, o);
    }
    kg_buf_free(&at);
    return arr;
}

static bool overlap(const kg_emention *a, const kg_emention *b)
{
    return a->tok_start < b->tok_end && b->tok_start < a->tok_end;
}

/* Which step of the overlap policy made `w` beat `l`. */
static const char *policy_reason(const kg_emention *w, const kg_emention *l)
{
    if (w->tok_end - w->tok_start != l->tok_end - l->tok_start) return "a longer match wins";
    if ((w->order == 0) != (l->order == 0))
        return "same length: a gazetteer entry (a real name) wins over a pattern";
    if (w->priority != l->priority) return "same length: the higher priority wins";
    if (w->order != l->order) return "same length and priority: the earlier rule wins";
    if (w->source != l->source) return "same length and priority: the earlier entry wins";
    return "same length and priority: the earlier start wins";
}

static kg_json *lost_json(kg_extractor *ex)
{
    kg_json *arr = kg_json_array();
    kg_buf at = KG_BUF_INIT;
    for (size_t c = 0; c < ex->ncands; c++) {
        const kg_emention *l = &ex->cands[c];
        if (l->accepted) continue;
        const kg_emention *w = NULL;
        for (size_t k = 0; k < c && !w; k++)
            if (ex->cands[k].accepted && overlap(&ex->cands[k], l)) w = &ex->cands[k];
        if (!w) continue;
        kg_json *o = kg_json_object();
        char *text = kg_ex_tokens_text(ex, l->tok_start, l->tok_end, false);
        kg_json_set_str(o, "text", text);
        free(text);
        kg_json_set_str(o, "type", ex->rules->types[l->type].name);
        kg_json_set(o, "tokens", span_json(l->tok_start, l->tok_end));
        kg_json_set_str(o, "rule", kg_ex_mention_rule(ex, l, &at));
        kg_json_set_str(o, "rule_at", at.ptr ? at.ptr : "");
        text = kg_ex_tokens_text(ex, w->tok_start, w->tok_end, false);
        kg_json_set_str(o, "lost_to", text);
        free(text);
        kg_json_set_str(o, "lost_to_type", ex->rules->types[w->type].name);
        kg_json_set_str(o, "reason", policy_reason(w, l));
        kg_json_append(arr, o);
    }
    kg_buf_free(&at);
    return arr;
}

typedef struct best_attempt {
    bool set;
    size_t start, pc, pos;
    int reason;
} best_attempt;

static kg_json *pattern_json(kg_extractor *ex, const kg_relation_rule *rr, size_t pi,
                             const kg_sentence_view *v, size_t *edges_found)
{
    const kg_program *prog = &rr->patterns[pi];
    kg_json *o = kg_json_object();
    kg_json_set_str(o, "pattern", rr->pattern_names ? rr->pattern_names[pi] : rr->name);
    char *at = kg_xasprintf("%s:%d", prog->at.file, prog->at.line);
    kg_json_set_str(o, "at", at);
    free(at);
    kg_json_set_str(o, "source", prog->source);
    kg_json *edges = kg_json_array();
    best_attempt best = {0};
    kg_matcher *m = &ex->m;
    m->trace = true;
    for (size_t i = 0; i < ex->toks.n; i++) {
        kg_match res;
        m->far_set = false;
        if (kg_match_at(m, prog, v, i, &res)) {
            kg_json *e = kg_json_object();
            if (rr->context_slot >= 0 &&
                (res.slot[rr->context_slot] = kg_ex_context_argument(ex, rr, i)) < 0) {
                kg_json_set_str(e, rr->context_slot == KG_SLOT_SOURCE ? "target" : "source",
                                ex->ments[res.slot[!rr->context_slot]].canon);
                kg_json_set(e, "tokens", span_json(i, res.end));
                kg_json_set_str(e, "suppressed", "no earlier entity of the context slot's types");
                kg_json_append(edges, e);
                continue;
            }
            if (res.slot[1] < 0) { /* {source} alone: its coordination pairs up */
                kg_json_set_str(e, "source", ex->ments[res.slot[0]].canon);
                kg_json_set_str(e, "target", "(the other members of its coordination)");
                kg_json_set(e, "tokens", span_json(i, res.end));
                kg_json_append(edges, e);
                (*edges_found)++;
                continue;
            }
            size_t s = (size_t)res.slot[0], t = (size_t)res.slot[1];
            kg_json_set_str(e, "source", ex->ments[s].canon);
            kg_json_set_str(e, "target", ex->ments[t].canon);
            kg_json_set(e, "tokens", span_json(i, res.end));
            if (s == t || kg_ex_same_entity(ex, s, t))
                kg_json_set_str(e, "suppressed", "source and target are the same entity");
            else if (kg_ex_leaves_clause(ex, &res))
                kg_json_set_str(e, "suppressed",
                                "an argument inside a relative clause, read on past its end");
            kg_json_append(edges, e);
            (*edges_found)++;
            continue;
        }
        if (!m->far_set) continue;
        if (!best.set || m->far_pc > best.pc || (m->far_pc == best.pc && m->far_pos > best.pos)) {
            best = (best_attempt){true, i, m->far_pc, m->far_pos, m->far_reason};
        }
    }
    m->trace = false;
    if (kg_json_size(edges)) {
        kg_json_set_str(o, "result", "match");
        kg_json_set(o, "edges", edges);
        return o;
    }
    kg_json_free(edges);
    kg_json_set_str(o, "result", "no match");
    if (best.set) {
        const kg_inst *in = &prog->code[best.pc];
        kg_json *st = kg_json_object();
        kg_json_set_int(st, "start_token", (long long)best.start);
        /* the outermost element around the instruction, as the compiler
         * recorded it (kg_inst.top): explain never parses patterns itself */
        kg_json_set_int(st, "offset", (long long)in->top.off);
        kg_json_set_strn(st, "element", prog->source + in->top.off, in->top.len);
        kg_json_set_int(st, "token_index", (long long)best.pos);
        if (best.pos < ex->toks.n) {
            char *tok = kg_ex_tokens_text(ex, best.pos, best.pos + 1, false);
            kg_json_set_str(st, "token", tok);
            free(tok);
        }
        kg_json_set_str(st, "reason", stop_reasons[best.reason]);
        kg_json_set(o, "stopped", st);
    }
    return o;
}

static kg_json *types_json(const kg_rules *r, kg_typeset ts)
{
    kg_buf b = KG_BUF_INIT;
    for (size_t t = 0; t < r->ntypes; t++)
        if (ts >> t & 1) kg_buf_printf(&b, "%s%s", b.len ? ", " : "", r->types[t].name);
    kg_json *j = kg_json_string(b.ptr ? b.ptr : "", b.len);
    kg_buf_free(&b);
    return j;
}

static kg_json *relations_json(kg_extractor *ex, const kg_sentence_view *v)
{
    const kg_rules *r = ex->rules;
    kg_typeset present = 0;
    for (size_t i = 0; i < ex->nments; i++) present |= (kg_typeset)1 << ex->ments[i].type;
    kg_json *arr = kg_json_array();
    for (size_t ri = 0; ri < r->nrel_rules; ri++) {
        const kg_relation_rule *rr = &r->rel_rules[ri];
        kg_json *o = kg_json_object();
        kg_json_set_str(o, "rule", rr->name);
        kg_json_set_str(o, "relation", rr->relation);
        char *at = kg_xasprintf("%s:%d", rr->at.file, rr->at.line);
        kg_json_set_str(o, "at", at);
        free(at);
        if (!kg_ex_rule_can_run(rr, present)) {
            kg_json_set_str(o, "status", "skipped");
            kg_json *why = kg_json_object();
            bool src = rr->context_slot != KG_SLOT_SOURCE && !(present & rr->source_types);
            kg_json_set(why, "missing_slot", kg_json_string(src ? "source" : "target", 6));
            kg_json_set(why, "types", types_json(r, src ? rr->source_types : rr->target_types));
            kg_json_set(o, "why", why);
            kg_json_append(arr, o);
            continue;
        }
        long veto = rr->veto_list >= 0 ? kg_ex_sentence_find(ex, rr->veto_list) : -1;
        if (veto >= 0) {
            kg_json_set_str(o, "status", "vetoed");
            char *w = kg_ex_tokens_text(ex, (size_t)veto, (size_t)veto + 1, false);
            kg_json_set_str(o, "veto_word", w);
            free(w);
            kg_json_append(arr, o);
            continue;
        }
        kg_json_set_str(o, "status", "ran");
        kg_json *pats = kg_json_array();
        size_t found = 0;
        for (size_t pi = 0; pi < rr->npatterns; pi++) kg_json_append(pats, pattern_json(ex, rr, pi, v, &found));
        kg_json_set(o, "patterns", pats);
        kg_json_append(arr, o);
    }
    return arr;
}

static kg_json *sentence_json(kg_extractor *ex, const kg_span *sp, const kg_sentence_view *v)
{
    kg_json *o = kg_json_object();
    kg_json_set_str(o, "doc", ex->doc);
    kg_json_set_int(o, "line", sp->line);
    kg_json_set_int(o, "start", (long long)sp->start);
    kg_json_set_int(o, "end", (long long)sp->end);
    kg_buf b = KG_BUF_INIT;
    kg_ex_put_clean(&b, ex->buf, sp->start, sp->end, false);
    kg_json_set_strn(o, "text", b.ptr ? b.ptr : "", b.len);
    kg_buf_free(&b);
    kg_json *toks = kg_json_array();
    for (size_t i = 0; i < ex->toks.n; i++) kg_json_append(toks, token_json(ex, i));
    kg_json_set(o, "tokens", toks);
    kg_json_set(o, "mentions", mentions_json(ex));
    kg_json_set(o, "lost", lost_json(ex));
    kg_json_set(o, "relations", relations_json(ex, v));
    return o;
}

kg_json *kg_explain(const kg_rules *rules, const char *doc, const char *text, size_t len,
                    size_t line)
{
    kg_extractor *ex = NULL;
    kg_extractor_new(&ex, rules);
    size_t from;
    kg_ex_begin_document(ex, doc, text, len, &from);
    kg_splitter sp;
    kg_span span;
    kg_splitter_init(&sp, ex->buf, len, from);
    kg_json *out = kg_json_array();
    while (kg_splitter_next(&sp, &span)) {
        kg_sentence_view v;
        kg_ex_mentions(ex, &span, &v);
        if (line == 0 || span.line == line) kg_json_append(out, sentence_json(ex, &span, &v));
        kg_ex_end_sentence(ex);
        if (line && span.line > line) break;
    }
    kg_extractor_free(ex);
    return out;
}
