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
#include "text/text.h"

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
    ex->base = 0;
    ex->sink = sink;
    kg_splitter sp;
    kg_span span;
    kg_splitter_init(&sp, ex->buf, len, from);
    int rc = 0;
    while (!rc && kg_splitter_next(&sp, &span)) rc = sentence(ex, &span);
    ex->sink = NULL;
    return rc;
}

/* ---- a document in windows (kg_extract_stream) ----
 *
 * The window holds bytes [base, base + len) of the document, sanitised up to
 * `safe`.  A sentence is taken only once the text after it is settled: its
 * next non-space character lies at least STREAM_AHEAD bytes before the end
 * of what has been read, more than the splitter ever looks ahead (a sentence
 * and the list items it may take in, each at most KG_MAX_SENTENCE_BYTES).
 * Then the splitter decided it exactly as it would on the whole document.
 * When the window moves on, STREAM_BEHIND bytes before the resume point stay,
 * more than the splitter looks back (a short line, SHORT_LINE bytes), so it
 * never mistakes the window's start for the document's.  Sanitising stops
 * before a UTF-8 sequence the read cut short, so it too sees what the whole
 * document would.  Memory: the window plus the unsettled tail, whatever the
 * document's size (a run of white space longer than the window is the one
 * thing that makes the window grow). */
#define STREAM_AHEAD (4 * KG_MAX_SENTENCE_BYTES)
#define STREAM_BEHIND KG_MAX_SENTENCE_BYTES
#define STREAM_MIN_WINDOW (4 * STREAM_AHEAD)

void kg_extractor_set_window(kg_extractor *ex, size_t bytes)
{
    ex->window = bytes < STREAM_MIN_WINDOW ? STREAM_MIN_WINDOW : bytes;
}

/* Where sanitising may stop in b[0, len): before a final UTF-8 sequence that
 * the read cut short, so that it is judged whole on the next pass. */
static size_t complete_utf8(const unsigned char *b, size_t len)
{
    for (size_t back = 1; back <= 3 && back <= len; back++) {
        unsigned char c = b[len - back];
        if (c < 0x80) return len;
        if (c < 0xC0) continue;
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return back < need ? len - back : len;
    }
    return len;
}

/* Is the text after position pos settled: does its next non-space
 * character lie STREAM_AHEAD bytes or more before `end`? */
static bool settled(const char *buf, size_t pos, size_t end)
{
    const unsigned char *s = (const unsigned char *)buf;
    while (pos < end) {
        uint32_t cp;
        size_t l = kg_utf8_next(s + pos, end - pos, &cp);
        if (l == 0) l = 1, cp = 0x1A;
        if (!kg_is_space_cp((int32_t)cp)) break;
        pos += l;
    }
    return pos + STREAM_AHEAD <= end;
}

/* The window state of kg_extract_stream. */
typedef struct stream_window {
    kg_buf b;          /* the window (borrowing ex->buf's memory) */
    size_t safe;       /* sanitised up to here */
    bool eof;
    kg_splitter sp;
} stream_window;

/* Read more of the document and sanitise what can be. */
static int stream_fill(kg_extractor *ex, stream_window *w, kg_doc_stream *ds, bool first)
{
    int rc = kg_doc_stream_read(ds, &w->b, ex->window, &w->eof);
    ex->buf = w->b.ptr;
    ex->bufcap = w->b.cap;
    if (rc) return rc;
    KG_GROW(ex->buf, ex->bufcap, w->b.len + 1);
    w->b.ptr = ex->buf;
    w->b.cap = ex->bufcap;
    ex->buf[w->b.len] = '\0';
    size_t end = w->eof ? w->b.len : complete_utf8((unsigned char *)ex->buf, w->b.len);
    size_t from = kg_doc_sanitize(ex->buf + w->safe, end - w->safe);
    if (first) kg_splitter_init(&w->sp, ex->buf, end, from);
    w->sp.text = ex->buf;
    w->sp.len = end;
    w->safe = end;
    return 0;
}

/* Take every settled sentence of the window. */
static int stream_sentences(kg_extractor *ex, stream_window *w)
{
    kg_span span;
    for (;;) {
        kg_splitter before = w->sp;
        if (!kg_splitter_next(&w->sp, &span)) {
            w->sp = before;
            return 0;
        }
        if (!w->eof && !settled(ex->buf, w->sp.pos, w->safe)) {
            w->sp = before;
            return 0;
        }
        int rc = sentence(ex, &span);
        if (rc) return rc;
    }
}

/* Drop what the splitter is done with, keeping STREAM_BEHIND bytes. */
static void stream_slide(kg_extractor *ex, stream_window *w)
{
    size_t drop = w->sp.pos > STREAM_BEHIND ? w->sp.pos - STREAM_BEHIND : 0;
    if (!drop) return;
    memmove(ex->buf, ex->buf + drop, w->b.len - drop + 1);
    w->b.len -= drop;
    w->safe -= drop;
    w->sp.pos -= drop;
    w->sp.len -= drop;
    ex->base += drop;
}

int kg_extract_stream(kg_extractor *ex, const char *doc, kg_doc_stream *ds, const kg_sink *sink)
{
    ex->doc = doc;
    kg_ex_forget_document(ex);
    ex->base = 0;
    ex->sink = sink;
    if (!ex->window) ex->window = KG_STREAM_WINDOW_DEFAULT;
    stream_window w = {.b = {ex->buf, 0, ex->bufcap}};
    int rc = stream_fill(ex, &w, ds, true);
    while (!rc) {
        if ((rc = stream_sentences(ex, &w)) || w.eof) break;
        stream_slide(ex, &w);
        rc = stream_fill(ex, &w, ds, false);
    }
    ex->sink = NULL;
    ex->base = 0;
    return rc;
}
