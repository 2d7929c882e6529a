/*
 * extract/extract.c: the extraction pipeline for one document.
 *
 *   bytes ──sanitize──> text ──split──> sentences ──tokenize──> tokens
 *     tokens ──gazetteer tries, regexes, token patterns──> candidate mentions
 *     candidates ──overlap policy──> mentions ──relation programs──> edges
 *
 * Per sentence (kg_ex_mentions, then the relation stage): candidates from
 * the gazetteers and entity rules, the overlap policy, canonical names,
 * shared heads, acronyms and coreference, the slot structure; then the
 * relation rules, whose edges and the mentions go to the caller's sink.
 *
 * All per-document state lives in kg_extractor; the rules are read-only.
 *
 * The stages live in their own files: mentions.c (gazetteers, entity
 * rules, the overlap policy, canonical names, shared plural heads),
 * document.c (acronyms, referring phrases and the recent entities they
 * resolve against, context arguments), structure.c (slots), relations.c
 * (relation rules, coordination, edge and mention output).  This file
 * holds the extractor's lifetime, text helpers and the per-sentence
 * driver.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"
#include "extract/input.h"

int kg_extractor_new(kg_extractor **out, const kg_rules *rules)
{
    kg_extractor *ex = kg_xcalloc(1, sizeof *ex);
    ex->rules = rules;
    kg_matcher_init(&ex->m);
    ex->warned_ent = kg_xcalloc(rules->nent_rules + 1, sizeof(bool));
    ex->warned_rel = kg_xcalloc(rules->nrel_rules + 1, sizeof(bool));
    /* the vocabulary's layout (rules/vocab.c), whether or not it was built */
    size_t w = rules->nlists ? (rules->nlists + 63) / 64 : 1;
    ex->coref_mask = kg_xcalloc(w, sizeof *ex->coref_mask);
    ex->head_mask = kg_xcalloc(w, sizeof *ex->head_mask);
    for (size_t c = 0; c < rules->ncorefs; c++) {
        size_t l = (size_t)rules->corefs[c].list;
        ex->coref_mask[l / 64] |= 1ull << (l % 64);
    }
    for (size_t t = 0; t < rules->ntypes; t++)
        for (size_t h = 0; h < rules->types[t].nheads; h++) {
            size_t l = (size_t)rules->types[t].heads[h].list;
            ex->head_mask[l / 64] |= 1ull << (l % 64);
        }
    *out = ex;
    return 0;
}

static void free_strings(kg_extractor *ex)
{
    for (size_t i = 0; i < ex->nments + ex->nctx; i++) {
        free(ex->ments[i].canon);
        free(ex->ments[i].surface);
        ex->ments[i].canon = ex->ments[i].surface = NULL;
    }
    ex->nctx = 0;
}

void kg_extractor_free(kg_extractor *ex)
{
    if (!ex) return;
    free_strings(ex);
    kg_ex_forget_document(ex);
    free(ex->acros);
    free(ex->retired);
    free(ex->order);
    free(ex->lead_at);
    free(ex->members);
    free(ex->clause_close);
    kg_matcher_destroy(&ex->m);
    free(ex->buf);
    kg_tokens_free(&ex->toks);
    free(ex->cands);
    free(ex->ments);
    free(ex->mention_at);
    free(ex->mention_cover);
    free(ex->kept);
    kg_buf_free(&ex->pkeys);
    free(ex->pkoff);
    free(ex->pword);
    free(ex->warned_ent);
    free(ex->warned_rel);
    free(ex->coref_mask);
    free(ex->head_mask);
    kg_buf_free(&ex->evidence);
    free(ex);
}

/* ------------------------------------------------------------ text helpers */

/* Append text[s, e) with white-space runs collapsed to one space and the
 * invalid-byte marker 0x1A shown as U+FFFD; optionally straighten quotes. */
void kg_ex_put_clean(kg_buf *b, const char *text, size_t s, size_t e, bool quotes)
{
    bool space = false;
    for (size_t i = s; i < e;) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') {
            space = true;
            i++;
            continue;
        }
        if (space && b->len) kg_buf_putc(b, ' ');
        space = false;
        if (c == 0x1A) {
            kg_buf_puts(b, "\xEF\xBF\xBD");
            i++;
        } else if (quotes && c == 0xE2 && i + 2 < e && (unsigned char)text[i + 1] == 0x80 &&
                   ((unsigned char)text[i + 2] == 0x98 || (unsigned char)text[i + 2] == 0x99)) {
            kg_buf_putc(b, '\'');
            i += 3;
        } else {
            kg_buf_putc(b, (char)c);
            i++;
        }
    }
}

/* Surface text of tokens [a, b): the original bytes, white space collapsed. */
char *kg_ex_tokens_text(const kg_extractor *ex, size_t a, size_t b, bool quotes)
{
    kg_buf out = KG_BUF_INIT;
    if (a < b) kg_ex_put_clean(&out, ex->buf, ex->toks.v[a].start, ex->toks.v[b - 1].end, quotes);
    return kg_buf_detach(&out);
}

/* ------------------------------------------------------------ driver */

void kg_ex_mentions(kg_extractor *ex, const kg_span *sp, kg_sentence_view *v)
{
    const kg_rules *r = ex->rules;
    kg_tokens_clear(&ex->toks);
    kg_tokenize(&ex->toks, ex->buf, sp->start, sp->end, sp->line);
    size_t n = ex->toks.n;
    kg_matcher_sentence(&ex->m, r, &ex->toks);
    if (n + 1 > ex->tokcap) {
        ex->tokcap = n + 1;
        ex->mention_at = kg_xrealloc(ex->mention_at, ex->tokcap * sizeof(int32_t));
        ex->mention_cover = kg_xrealloc(ex->mention_cover, ex->tokcap * sizeof(int32_t));
    }
    for (size_t i = 0; i < n; i++) ex->mention_at[i] = ex->mention_cover[i] = -1;
    ex->ncands = 0;
    ex->nments = 0;
    for (size_t g = 0; g < r->ngaz; g++) kg_ex_gazetteer_pass(ex, &r->gaz[g]);
    /* Token patterns see no mentions (they define them); the view is empty. */
    *v = (kg_sentence_view){.rules = r, .text = ex->buf, .toks = &ex->toks, .mentions = NULL,
                            .nmentions = 0, .mention_at = ex->mention_at,
                            .mention_cover = ex->mention_cover};
    for (size_t i = 0; i < r->nent_rules; i++) {
        if (r->ent_rules[i].kind == KG_ENT_REGEX) kg_ex_regex_rule(ex, i, sp);
        else kg_ex_token_rule(ex, i, v);
    }
    kg_ex_acronym_candidates(ex);
    kg_ex_resolve_overlaps(ex);
    kg_ex_name_mentions(ex);
    if (r->shared_heads) kg_ex_share_heads(ex);
    if (r->acronym_types) kg_ex_learn_acronyms(ex);
    if (r->ncorefs) kg_ex_resolve_coreference(ex);
    kg_ex_order_mentions(ex);
    /* room for the context arguments of relation rules (context_argument),
     * made before the view takes the array */
    KG_GROW(ex->ments, ex->mentcap, ex->nments + KG_MAX_CONTEXT + 1);
    v->mentions = ex->ments;
    v->nmentions = ex->nments;
    kg_ex_structure(ex, v);
}

void kg_ex_end_sentence(kg_extractor *ex)
{
    kg_ex_remember_mentions(ex);
    free_strings(ex);
}

static int sentence(kg_extractor *ex, const kg_span *sp)
{
    kg_sentence_view v;
    kg_ex_mentions(ex, sp, &v);
    int rc = ex->toks.n ? kg_ex_emit_mentions(ex) : 0;
    if (!rc && ex->toks.n) rc = kg_ex_relations(ex, sp, &v);
    kg_ex_end_sentence(ex);
    return rc;
}

void kg_ex_begin_document(kg_extractor *ex, const char *doc, const char *text, size_t len,
                          size_t *from)
{
    KG_GROW(ex->buf, ex->bufcap, len + 1);
    memcpy(ex->buf, text, len);
    ex->buf[len] = '\0';
    *from = kg_doc_sanitize(ex->buf, len);
    ex->doc = doc;
    kg_ex_forget_document(ex);
}

int kg_extract_doc(kg_extractor *ex, const char *doc, const char *text, size_t len,
                   const kg_sink *sink)
{
    size_t from;
    kg_ex_begin_document(ex, doc, text, len, &from);
    ex->sink = sink;
    kg_splitter sp;
    kg_span span;
    kg_splitter_init(&sp, ex->buf, len, from);
    int rc = 0;
    while (!rc && kg_splitter_next(&sp, &span)) rc = sentence(ex, &span);
    ex->sink = NULL;
    return rc;
}
