/*
 * extract/extract.c: the extraction pipeline for one document.
 *
 *   bytes ──sanitize──> text ──split──> sentences ──tokenize──> tokens
 *     tokens ──gazetteer tries, regexes, token patterns──> candidate mentions
 *     candidates ──overlap policy──> mentions ──relation programs──> edges
 *
 * Overlap policy (docs/rules.md): candidates snap to token boundaries; of two
 * overlapping candidates the longer (in tokens) wins; at equal length a
 * gazetteer entry (a real name) before a pattern's guess; then the higher
 * priority; then the earlier rule or entry in file order; then the earlier
 * start.  The order is total,
 * so the result never depends on hashing or input order.
 *
 * Relation rules run only in sentences that hold at least two mentions of
 * types some relation accepts, and a rule only when both its slot types are
 * present.  Within a sentence an edge (relation, source, target) is emitted
 * once, by the first rule (in file order) that finds it.
 *
 * All per-document state lives in kg_extractor; the rules are read-only.
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
    *out = ex;
    return 0;
}

/* Forget what the previous document defined. */
static void reset_document(kg_extractor *ex)
{
    for (size_t i = 0; i < ex->nacro; i++) {
        free(ex->acro_names[i]);
        free(ex->acro_at[i]);
    }
    ex->nacro = 0;
    kg_map_free(ex->acro);
    ex->acro = NULL;
    for (size_t i = 0; i < ex->nrecent; i++) {
        free(ex->recent[i].name);
        free(ex->recent[i].text);
    }
    ex->nrecent = 0;
}

static void free_strings(kg_extractor *ex)
{
    for (size_t i = 0; i < ex->nments + ex->nctx; i++) {
        free(ex->canon[i]);
        free(ex->surface[i]);
        ex->canon[i] = ex->surface[i] = NULL;
    }
    ex->nctx = 0;
}

void kg_extractor_free(kg_extractor *ex)
{
    if (!ex) return;
    free_strings(ex);
    reset_document(ex);
    free(ex->acro_names);
    free(ex->acro_at);
    free(ex->acro_types);
    free(ex->order);
    free(ex->lead_at);
    free(ex->slot_ends);
    free(ex->nslot_ends);
    free(ex->group);
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
    free(ex->canon);
    free(ex->surface);
    free(ex->warned_ent);
    free(ex->warned_rel);
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

/* ------------------------------------------------------------ gazetteers */

/* Build the kept-token list and keys of tokens under `norm`. */
static size_t profile_keys(kg_extractor *ex, unsigned norm)
{
    const kg_tokens *t = &ex->toks;
    KG_GROW(ex->kept, ex->keptcap, t->n + 1);
    KG_GROW(ex->pkoff, ex->pkcap, t->n + 1);
    kg_buf_clear(&ex->pkeys);
    size_t k = 0;
    bool deflt = norm == (KG_NORM_FOLD | KG_NORM_QUOTES | KG_NORM_AMP) ||
                 norm == (KG_NORM_ALL);
    for (size_t i = 0; i < t->n; i++) {
        if ((norm & KG_NORM_HYPHEN) && (t->v[i].flags & KG_TOK_HYPHEN)) continue;
        ex->kept[k] = i;
        ex->pkoff[k] = ex->pkeys.len;
        if (deflt)
            kg_buf_put(&ex->pkeys, kg_token_key(t, i), t->v[i].keylen);
        else
            kg_norm_append(&ex->pkeys, ex->buf + t->v[i].start, t->v[i].end - t->v[i].start, norm);
        kg_buf_putc(&ex->pkeys, '\0');
        k++;
    }
    return k;
}

static void add_candidate(kg_extractor *ex, size_t ts, size_t te, uint16_t type, int priority,
                          int order, int source, const kg_gazetteer *g, uint32_t canonical)
{
    KG_GROW(ex->cands, ex->candcap, ex->ncands + 1);
    ex->cands[ex->ncands++] = (kg_emention){.tok_start = (uint32_t)ts, .tok_end = (uint32_t)te,
                                            .type = type, .priority = priority, .order = order,
                                            .source = source, .gaz = g, .canonical = canonical};
}

/* Look up child of `node` (>= 0) by token key; returns -1 when absent. */
static long gaz_child(const kg_gazetteer *g, long node, const char *key, size_t keylen)
{
    char stackbuf[256];
    char *k = stackbuf;
    size_t hl = kg_gaz_node_prefix(stackbuf, (uint32_t)node);
    size_t need = hl + keylen;
    if (need > sizeof stackbuf) {
        k = kg_xmalloc(need);
        memcpy(k, stackbuf, hl);
    }
    memcpy(k + hl, key, keylen);
    intptr_t v;
    bool found = kg_map_get(g->edges, k, need, &v);
    if (k != stackbuf) free(k);
    return found ? (long)v : -1;
}

static void gazetteer_pass(kg_extractor *ex, const kg_gazetteer *g)
{
    size_t nk = profile_keys(ex, g->norm);
    for (size_t a = 0; a < nk; a++) {
        long node = 0;
        for (size_t b = a; b < nk && b - a < g->max_depth; b++) {
            const char *key = ex->pkeys.ptr + ex->pkoff[b];
            node = gaz_child(g, node, key, strlen(key));
            if (node < 0) break;
            const kg_gaz_node *gn = &g->nodes[node];
            for (uint32_t e = 0; e < gn->nentries; e++) {
                const kg_gaz_entry *en = &g->entries[gn->first_entry + e];
                add_candidate(ex, ex->kept[a], ex->kept[b] + 1, en->type,
                              ex->rules->types[en->type].priority, 0,
                              (int)(gn->first_entry + e), g, en->canonical);
            }
        }
    }
}

/* ------------------------------------------------------------ entity rules */

/* Report that a rule's regex hit its cost bound. */
static void warn_limit(kg_extractor *ex, const char *what, const char *rule, const kg_srcpos *at,
                       size_t line)
{
    if (!ex->sink->warn) return;
    char *msg = kg_xasprintf("warning: %s of rule '%s' (%s:%d) hit its match limit in %s:%zu; "
                             "that match was skipped", what, rule, at->file, at->line, ex->doc, line);
    ex->sink->warn(ex->sink->ud, msg);
    free(msg);
}

/* Index of the first token ending after byte s, and one past the last token
 * starting before byte e. */
static bool snap(const kg_tokens *t, size_t s, size_t e, size_t *ts, size_t *te)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->v[mid].end <= s) lo = mid + 1;
        else hi = mid;
    }
    size_t a = lo, b = lo;
    while (b < t->n && t->v[b].start < e) b++;
    if (a >= b) return false;
    *ts = a;
    *te = b;
    return true;
}

static void regex_rule(kg_extractor *ex, size_t ri, const kg_span *sp)
{
    const kg_entity_rule *r = &ex->rules->ent_rules[ri];
    const char *subj = ex->buf + sp->start;
    size_t len = sp->end - sp->start, from = 0;
    while (from <= len) {
        size_t s, e;
        int rc = kg_regex_exec(r->re, ex->m.scratch, subj, len, from, r->group, false, &s, &e);
        if (rc < 0) {
            if (!ex->warned_ent[ri]) {
                warn_limit(ex, "the regex", r->name, &r->at, sp->line);
                ex->warned_ent[ri] = true;
            }
            return;
        }
        if (rc == 0) return;
        size_t ts, te;
        if (e > s && snap(&ex->toks, sp->start + s, sp->start + e, &ts, &te))
            add_candidate(ex, ts, te, r->type, r->priority, 1 + (int)ri, (int)ri, NULL, 0);
        from = e > from ? e : from + 1;
        while (from < len && ((unsigned char)subj[from] & 0xC0) == 0x80) from++;
    }
}

static void token_rule(kg_extractor *ex, size_t ri, const kg_sentence_view *v)
{
    const kg_entity_rule *r = &ex->rules->ent_rules[ri];
    kg_match res;
    if (!kg_match_anchored(&ex->m, &r->prog, ex->rules, &ex->toks)) return;
    for (size_t i = 0; i < ex->toks.n; i++) {
        if (kg_match_at(&ex->m, &r->prog, v, i, &res) && res.end > i)
            add_candidate(ex, i, res.end, r->type, r->priority, 1 + (int)ri, (int)ri, NULL, 0);
    }
}

/* ------------------------------------------------------------ overlaps */

static int cand_cmp(const void *pa, const void *pb)
{
    const kg_emention *a = pa, *b = pb;
    uint32_t la = a->tok_end - a->tok_start, lb = b->tok_end - b->tok_start;
    if (la != lb) return la > lb ? -1 : 1;
    if ((a->order == 0) != (b->order == 0)) return a->order == 0 ? -1 : 1; /* a real name */
    if (a->priority != b->priority) return a->priority > b->priority ? -1 : 1;
    if (a->order != b->order) return a->order < b->order ? -1 : 1;
    if (a->source != b->source) return a->source < b->source ? -1 : 1;
    if (a->tok_start != b->tok_start) return a->tok_start < b->tok_start ? -1 : 1;
    return 0;
}

static int ment_cmp(const void *pa, const void *pb)
{
    const kg_emention *a = pa, *b = pb;
    return a->tok_start < b->tok_start ? -1 : a->tok_start > b->tok_start;
}

/* mention_at and mention_cover from the mentions (sorted by start). */
static void index_mentions(kg_extractor *ex)
{
    for (size_t i = 0; i < ex->toks.n; i++) ex->mention_at[i] = ex->mention_cover[i] = -1;
    for (size_t m = 0; m < ex->nments; m++) {
        ex->mention_at[ex->ments[m].tok_start] = (int32_t)m;
        for (uint32_t t = ex->ments[m].tok_start; t < ex->ments[m].tok_end; t++)
            ex->mention_cover[t] = (int32_t)m;
    }
}

static void resolve_overlaps(kg_extractor *ex)
{
    size_t n = ex->toks.n;
    if (ex->ncands > 1) qsort(ex->cands, ex->ncands, sizeof *ex->cands, cand_cmp);
    for (size_t i = 0; i < n; i++) ex->mention_cover[i] = -1;
    ex->nments = 0;
    for (size_t c = 0; c < ex->ncands; c++) {
        const kg_emention *k = &ex->cands[c];
        bool free_span = true;
        for (uint32_t t = k->tok_start; t < k->tok_end && free_span; t++)
            free_span = ex->mention_cover[t] < 0;
        ex->cands[c].accepted = free_span;
        if (!free_span) continue;
        for (uint32_t t = k->tok_start; t < k->tok_end; t++) ex->mention_cover[t] = 0;
        KG_GROW(ex->ments, ex->mentcap, ex->nments + 1);
        ex->ments[ex->nments++] = *k;
    }
    if (ex->nments > 1) qsort(ex->ments, ex->nments, sizeof *ex->ments, ment_cmp);
    index_mentions(ex);
}

/* ------------------------------------------------------------ canonical names */

/* Does the phrase key `from` (space-separated) equal kept tokens [a, a+k)? */
static bool keys_equal(const kg_extractor *ex, size_t a, const char *from, size_t k)
{
    const char *p = from;
    for (size_t i = 0; i < k; i++) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        const char *key = ex->pkeys.ptr + ex->pkoff[a + i];
        if (strlen(key) != wl || memcmp(key, p, wl) != 0) return false;
        p = sp ? sp + 1 : p + wl;
    }
    return true;
}

/* Walk the type's gazetteer with a phrase key; the canonical name of an entry
 * of type `type`, or NULL. */
static const char *gaz_lookup(const kg_rules *r, uint16_t type, const char *phrase)
{
    const kg_gazetteer *g = &r->gaz[r->types[type].profile];
    long node = 0;
    const char *p = phrase;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        node = gaz_child(g, node, p, wl);
        if (node < 0) return NULL;
        p = sp ? sp + 1 : p + wl;
    }
    if (node <= 0) return NULL;
    const kg_gaz_node *gn = &g->nodes[node];
    for (uint32_t e = 0; e < gn->nentries; e++)
        if (g->entries[gn->first_entry + e].type == type)
            return r->canon_names[g->entries[gn->first_entry + e].canonical];
    return NULL;
}

/* Drop a full stop, comma, colon, semicolon or hyphen at the start of kept
 * tokens [a, b), and any of the first four at the end ("Dr. Jane Roe" stripped of "Dr"
 * leaves ". Jane Roe"); never down to nothing. */
static void trim_punct(const kg_extractor *ex, size_t *a, size_t *b)
{
    while (*b - *a > 1 && ex->pkeys.ptr[ex->pkoff[*a]] &&
           strchr(".,:;-", ex->pkeys.ptr[ex->pkoff[*a]]) &&
           ex->pkeys.ptr[ex->pkoff[*a] + 1] == '\0')
        (*a)++;
    while (*b - *a > 1 && ex->pkeys.ptr[ex->pkoff[*b - 1]] &&
           strchr(".,:;", ex->pkeys.ptr[ex->pkoff[*b - 1]]) &&
           ex->pkeys.ptr[ex->pkoff[*b - 1] + 1] == '\0')
        (*b)--;
}

/* A canonical form that names a gazetteer entry of the type takes the
 * entry's name; otherwise the form itself.  Takes `out` over. */
static char *gazetteer_name_or(const kg_rules *r, uint16_t type, kg_buf *out)
{
    kg_buf key = KG_BUF_INIT;
    kg_phrase_key(&key, out->ptr, out->len, r->types[type].norm);
    const char *gz = key.len ? gaz_lookup(r, type, key.ptr) : NULL;
    kg_buf_free(&key);
    if (gz) {
        kg_buf_free(out);
        return kg_xstrdup(gz);
    }
    return kg_buf_detach(out);
}

static char *pattern_canonical(kg_extractor *ex, const kg_emention *me)
{
    const kg_entity_type *ty = &ex->rules->types[me->type];
    bool quotes = ty->norm & KG_NORM_QUOTES;
    /* keys of the mention's tokens under the type's normalisation */
    kg_tokens *t = &ex->toks;
    KG_GROW(ex->kept, ex->keptcap, t->n + 1);
    KG_GROW(ex->pkoff, ex->pkcap, t->n + 1);
    kg_buf_clear(&ex->pkeys);
    size_t k = 0;
    for (size_t i = me->tok_start; i < me->tok_end; i++) {
        if ((ty->norm & KG_NORM_HYPHEN) && (t->v[i].flags & KG_TOK_HYPHEN)) continue;
        ex->kept[k] = i;
        ex->pkoff[k] = ex->pkeys.len;
        kg_norm_append(&ex->pkeys, ex->buf + t->v[i].start, t->v[i].end - t->v[i].start, ty->norm);
        kg_buf_putc(&ex->pkeys, '\0');
        k++;
    }
    /* a mention of nothing but hyphens ("-", "--") keeps them */
    if (k == 0) return kg_ex_tokens_text(ex, me->tok_start, me->tok_end, quotes);
    size_t a = 0, b = k;
    const char *pre = NULL, *suf = NULL;
    trim_punct(ex, &a, &b);
    for (size_t c = 0; c < ty->ncanon; c++) {
        const kg_canon_rule *cr = &ty->canon[c];
        size_t n = cr->from_tokens;
        if (n == 0 || n >= b - a) continue; /* never strip a name to nothing */
        bool prefix = cr->kind == KG_CANON_STRIP_PREFIX || cr->kind == KG_CANON_MAP_PREFIX;
        if (prefix && !pre && keys_equal(ex, a, cr->from, n)) {
            a += n;
            if (cr->kind == KG_CANON_MAP_PREFIX) pre = cr->to;
        } else if (!prefix && !suf && keys_equal(ex, b - n, cr->from, n)) {
            b -= n;
            if (cr->kind == KG_CANON_MAP_SUFFIX) suf = cr->to;
        }
    }
    trim_punct(ex, &a, &b);
    kg_buf out = KG_BUF_INIT;
    if (pre && *pre) {
        kg_buf_puts(&out, pre);
        kg_buf_putc(&out, ' ');
    }
    kg_ex_put_clean(&out, ex->buf, t->v[ex->kept[a]].start, t->v[ex->kept[b - 1]].end, quotes);
    if (suf && *suf) {
        kg_buf_putc(&out, ' ');
        kg_buf_puts(&out, suf);
    }
    return gazetteer_name_or(ex->rules, me->type, &out);
}

static void name_mentions(kg_extractor *ex)
{
    KG_GROW(ex->canon, ex->canoncap, ex->nments + 1);
    ex->surface = kg_xrealloc(ex->surface, ex->canoncap * sizeof(char *));
    for (size_t i = 0; i < ex->nments; i++) {
        const kg_emention *me = &ex->ments[i];
        ex->surface[i] = kg_ex_tokens_text(ex, me->tok_start, me->tok_end, false);
        ex->canon[i] = me->name  ? kg_xstrdup(me->name)
                     : me->gaz ? kg_xstrdup(ex->rules->canon_names[me->canonical])
                               : pattern_canonical(ex, me);
    }
}

/* ------------------------------------------------------------ shared heads */

/* English function words that never start or continue a coordinated name
 * ("Both Kent and Surrey CCGs", "The Kent and Surrey CCGs"). */
static bool function_word(const kg_tokens *t, size_t i)
{
    static const char *const words[] = {"the", "both", "and", "or", "of", "in", "for", "to",
                                        "by", "with", "from", "at", "on", "as", "a", "an",
                                        "its", "their", "all", "between", "across", "nor"};
    const char *k = kg_token_key(t, i);
    for (size_t w = 0; w < sizeof words / sizeof *words; w++)
        if (strcmp(k, words[w]) == 0) return true;
    return false;
}

#define SHARED_NAME_MAX 6   /* words in one coordinated name */
#define SHARED_MAX 8        /* names sharing one head */

/* The capitalised name ending before token e: its first token, or e when
 * there is none.  Hyphens join words ("Stoke-by-Nayland"). */
static size_t name_before(const kg_extractor *ex, size_t e)
{
    const kg_tokens *t = &ex->toks;
    size_t s = e;
    while (s > 0 && e - s < SHARED_NAME_MAX) {
        const kg_token *k = &t->v[s - 1];
        bool word = (k->flags & KG_TOK_CAP) && !function_word(t, s - 1);
        bool joint = (k->flags & KG_TOK_HYPHEN) && s - 1 > 0 && s < e;
        if (!word && !joint) break;
        s--;
    }
    while (s < e && (t->v[s].flags & KG_TOK_HYPHEN)) s++;
    return s;
}

typedef struct shared_name {
    size_t start, end;          /* the name's tokens (the last one takes the head) */
} shared_name;

/* "A, B and C <head>" before head token h: the names, first to last, in
 * out[]; how many (0 when the tokens are no such list). */
static size_t shared_names(const kg_extractor *ex, size_t h, shared_name *out)
{
    const kg_tokens *t = &ex->toks;
    shared_name rev[SHARED_MAX];
    size_t n = 0, e = h;
    bool and_seen = false;
    while (n < SHARED_MAX) {
        size_t s = name_before(ex, e);
        if (s == e) return 0;
        rev[n++] = (shared_name){s, e};
        size_t q = s;
        if (q > 0 && strcmp(kg_token_key(t, q - 1), "the") == 0) q--;
        if (!and_seen && q > 0 && (strcmp(kg_token_key(t, q - 1), "and") == 0 ||
                                   strcmp(kg_token_key(t, q - 1), "&") == 0)) {
            and_seen = true;
            e = q - 1;
            if (e > 0 && strcmp(kg_token_key(t, e - 1), ",") == 0) e--;
        } else if (and_seen && q > 0 && strcmp(kg_token_key(t, q - 1), ",") == 0) {
            e = q - 1;
        } else {
            break;
        }
    }
    if (!and_seen || n < 2) return 0;
    for (size_t i = 0; i < n; i++) out[i] = rev[n - 1 - i];
    return n;
}

/* Are tokens [a, b) free of mentions that reach outside them? */
static bool span_replaceable(const kg_extractor *ex, size_t a, size_t b)
{
    for (size_t q = a; q < b; q++) {
        int32_t m = ex->mention_cover[q];
        if (m >= 0 && (ex->ments[m].tok_start < a || ex->ments[m].tok_end > b)) return false;
    }
    return true;
}

/* Replace mentions [i, j) (sorted by start) by the names sharing head
 * phrase hd of type ty, which ends at token he. */
static void splice_shared(kg_extractor *ex, size_t i, size_t j, const shared_name *nm, size_t n,
                          uint16_t ty, size_t hd, size_t he)
{
    const char *singular = ex->rules->types[ty].heads[hd].singular;
    for (size_t k = i; k < j; k++) {
        free(ex->canon[k]);
        free(ex->surface[k]);
    }
    size_t total = ex->nments - (j - i) + n;
    KG_GROW(ex->ments, ex->mentcap, total + 1);
    KG_GROW(ex->canon, ex->canoncap, total + 1);
    ex->surface = kg_xrealloc(ex->surface, ex->canoncap * sizeof(char *));
    size_t tail = ex->nments - j;
    memmove(&ex->ments[i + n], &ex->ments[j], tail * sizeof *ex->ments);
    memmove(&ex->canon[i + n], &ex->canon[j], tail * sizeof *ex->canon);
    memmove(&ex->surface[i + n], &ex->surface[j], tail * sizeof *ex->surface);
    for (size_t k = 0; k < n; k++) {
        size_t end = k + 1 == n ? he : nm[k].end;
        ex->ments[i + k] = (kg_emention){.tok_start = (uint32_t)nm[k].start,
                                         .tok_end = (uint32_t)end, .type = ty,
                                         .source = (int)hd, .shared = true, .accepted = true};
        kg_buf name = KG_BUF_INIT;
        kg_ex_put_clean(&name, ex->buf, ex->toks.v[nm[k].start].start,
                        ex->toks.v[nm[k].end - 1].end, false);
        if (*singular) {
            kg_buf_putc(&name, ' ');
            kg_buf_puts(&name, singular);
        }
        ex->canon[i + k] = gazetteer_name_or(ex->rules, ty, &name);
        ex->surface[i + k] = kg_ex_tokens_text(ex, nm[k].start, end, false);
    }
    ex->nments = total;
}

/* Try the shared heads of type ty at token p. */
static bool share_head_at(kg_extractor *ex, uint16_t ty, size_t p)
{
    const kg_entity_type *et = &ex->rules->types[ty];
    for (size_t hd = 0; hd < et->nheads; hd++) {
        size_t lens[16], nl;
        kg_match_list(&ex->m, ex->rules, &ex->toks, et->heads[hd].list, p, lens, &nl);
        if (!nl) continue;
        shared_name nm[SHARED_MAX];
        size_t n = shared_names(ex, p, nm);
        size_t he = p + lens[0];
        /* "Acme Ltd and Kent CCGs": a name already of another type is no
         * member, nor is anything before it */
        size_t first = 0;
        for (size_t k = 0; k < n; k++)
            for (size_t q = nm[k].start; q < nm[k].end; q++) {
                int32_t m = ex->mention_cover[q];
                if (m >= 0 && ex->ments[m].type != ty) first = k + 1;
            }
        if (n - first < 2) continue;
        memmove(nm, nm + first, (n - first) * sizeof *nm);
        n -= first;
        if (!span_replaceable(ex, nm[0].start, he)) continue;
        size_t i = 0, j;
        while (i < ex->nments && ex->ments[i].tok_start < nm[0].start) i++;
        for (j = i; j < ex->nments && ex->ments[j].tok_start < he; j++) {}
        splice_shared(ex, i, j, nm, n, ty, hd, he);
        index_mentions(ex);
        return true;
    }
    return false;
}

/* "Millbrook and East Harland CCGs": each coordinated name before a
 * type's plural head becomes a mention of its own, named with the
 * singular ("Millbrook CCG"), in place of whatever mentions lay inside. */
static void share_heads(kg_extractor *ex)
{
    const kg_rules *r = ex->rules;
    for (size_t p = 2; p < ex->toks.n; p++)
        for (uint16_t ty = 0; ty < r->ntypes; ty++)
            if (r->types[ty].nheads && share_head_at(ex, ty, p)) break;
}

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
        kg_buf_puts(at, ex->acro_at[me->source]);
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
    const kg_entity_attrs *ea = kg_rules_entity_attrs(ex->rules, ex->ments[i].type, ex->canon[i]);
    size_t n = ea ? ea->nattrs : 0;
    for (size_t k = 0; k < n; k++) buf[k] = (kg_attr){ea->attrs[k].key, ea->attrs[k].value};
    return n;
}

static int emit_mentions(kg_extractor *ex)
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
        kg_mention m = {.doc = ex->doc, .line = ts->line, .start = ts->start, .end = te->end,
                        .type = ex->rules->types[me->type].name, .canonical = ex->canon[i],
                        .text = ex->surface[i], .rule = rule, .rule_at = at.ptr ? at.ptr : "",
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
    return ex->ments[a].type == ex->ments[b].type && strcmp(ex->canon[a], ex->canon[b]) == 0;
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
    kg_attr attrs[KG_MAX_CAPTURES + 32];
    size_t na = 0;
    for (int c = 0; c < prog->ncaptures && c < KG_MAX_CAPTURES; c++) {
        if (res->capture[c] < 0) continue;
        const char *name = NULL;
        for (size_t i = 0; i < prog->n && !name; i++)
            if (prog->code[i].op == KG_OP_CAPTURE && prog->code[i].slot == c) name = prog->code[i].name;
        attrs[na].key = name;
        attrs[na++].value = ex->surface[res->capture[c]];
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
    kg_edge e = {.doc = ex->doc, .line = sp->line, .start = sp->start, .end = sp->end,
                 .relation = rr->relation, .symmetric = rr->symmetric,
                 .source = ex->canon[s], .source_type = r->types[ex->ments[s].type].name,
                 .source_text = ex->surface[s],
                 .target = ex->canon[t], .target_type = r->types[ex->ments[t].type].name,
                 .target_text = ex->surface[t],
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
    int32_t g = ex->structured && m < ex->nments ? ex->group[m] : -1;
    if (g < 0) {
        out[0] = m;
        return 1;
    }
    size_t n = 0;
    for (size_t k = 0; k < ex->nments && n < cap; k++) {
        size_t i = ex->order[k];
        if (ex->group[i] == g && (i == m || (types >> ex->ments[i].type & 1))) out[n++] = i;
    }
    return n;
}

/* Did the pattern go on, right after slot k, with words that lie between
 * its member and the next member of the coordination?  "Jo Roe (chair), Al
 * Bell and Di Cox": "(chair)" is Jo Roe's alone, so the edge is too. */
static bool member_of_itself(const kg_extractor *ex, const kg_match *res, int k)
{
    size_t m = (size_t)res->slot[k];
    if (!ex->structured || m >= ex->nments || ex->group[m] < 0 || res->end <= res->slot_end[k])
        return false;
    for (size_t j = 0; j < ex->nments; j++) {
        size_t o = ex->order[j];
        if (ex->group[o] == ex->group[m] && ex->ments[o].tok_start > ex->ments[m].tok_start)
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
    bool one = s < ex->nments && t < ex->nments && ex->group[s] >= 0 &&
               ex->group[s] == ex->group[t]; /* also s == t: {source} alone */
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
        add_antecedent(out, &n, ex->canon[best], ex->surface[best], ex->ments[best].type);
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
    if (ex->nctx == KG_MAX_CONTEXT || antecedents(ex, ex->nments, p, types, &a, 1) < 1) return -1;
    size_t m = ex->nments + ex->nctx++;
    ex->ments[m] = (kg_emention){.tok_start = (uint32_t)p, .tok_end = (uint32_t)p,
                                 .type = a.type, .resolved = true};
    ex->canon[m] = kg_xstrdup(a.name);
    ex->surface[m] = kg_xstrdup(a.text);
    return (int32_t)m;
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
                    warn_limit(ex, "a token regex", rr->name, &prog->at, sp->line);
                    ex->warned_rel[ri] = true;
                }
                if (!ok) continue;
                if (rr->context_slot >= 0 &&
                    (res.slot[rr->context_slot] = kg_ex_context_argument(ex, rr, i)) < 0)
                    continue;
                if (kg_ex_leaves_clause(ex, &res)) continue;
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

/* ------------------------------------------------------------ documents */

/* Tokens whose exact text is an acronym defined earlier in the document
 * become candidate mentions of the entity that defined it. */
static void acronym_candidates(kg_extractor *ex)
{
    if (!ex->nacro) return;
    for (size_t i = 0; i < ex->toks.n; i++) {
        const kg_token *t = &ex->toks.v[i];
        if (!(t->flags & KG_TOK_UPPER)) continue;
        intptr_t a;
        if (!kg_map_get(ex->acro, ex->buf + t->start, t->end - t->start, &a)) continue;
        uint16_t ty = ex->acro_types[a];
        add_candidate(ex, i, i + 1, ty, ex->rules->types[ty].priority, 0, (int)a, NULL, 0);
        ex->cands[ex->ncands - 1].name = ex->acro_names[a];
    }
}

/* "Nottingham University Hospitals NHS Trust (NUH)": a mention of an
 * acronym type followed by "(", an all-capitals word that is no mention,
 * and ")" defines that word for the rest of the document. */
static void learn_acronyms(kg_extractor *ex)
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
            free(ex->acro_names[k]);
            ex->acro_names[k] = kg_xstrdup(ex->canon[m]);
            ex->acro_types[k] = me->type;
            continue;
        }
        KG_GROW(ex->acro_names, ex->acrocap, ex->nacro + 1);
        ex->acro_at = kg_xrealloc(ex->acro_at, ex->acrocap * sizeof(char *));
        ex->acro_types = kg_xrealloc(ex->acro_types, ex->acrocap * sizeof(uint16_t));
        ex->acro_names[ex->nacro] = kg_xstrdup(ex->canon[m]);
        ex->acro_at[ex->nacro] = kg_xasprintf("%s:%u", ex->doc, a->line);
        ex->acro_types[ex->nacro] = me->type;
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
    KG_GROW(ex->canon, ex->canoncap, ex->nments + 1);
    ex->surface = kg_xrealloc(ex->surface, ex->canoncap * sizeof(char *));
    ex->canon[m] = kg_xstrdup(a->name);
    ex->surface[m] = kg_ex_tokens_text(ex, p, p + len, false);
    return m;
}

/* Referring phrases outside any mention become mentions of their
 * antecedent, marked resolved.  Runs after the sentence's mentions are
 * named, and appends to them. */
static void resolve_coreference(kg_extractor *ex)
{
    const kg_rules *r = ex->rules;
    const kg_tokens *t = &ex->toks;
    size_t nregular = ex->nments;
    for (size_t p = 0; p < t->n; p++) {
        if (ex->mention_cover[p] >= 0) continue;
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
            for (size_t k = 1; k < want; k++)
                ex->ments[add_resolved(ex, p, len, (int)c, &a[k])].plural = (uint32_t)m + 1;
            if (want > 1) ex->ments[m].plural = (uint32_t)m + 1;
            for (size_t q = p; q < p + len; q++) ex->mention_cover[q] = (int32_t)m;
            ex->mention_at[p] = (int32_t)m;
            p += len - 1;
            break;
        }
    }
}

/* Mention indexes in order of start, for output. */
static void order_mentions(kg_extractor *ex)
{
    KG_GROW(ex->order, ex->ordercap, ex->nments + 1);
    for (size_t i = 0; i < ex->nments; i++) {
        size_t j = i;
        while (j > 0 && ex->ments[ex->order[j - 1]].tok_start > ex->ments[i].tok_start) {
            ex->order[j] = ex->order[j - 1];
            j--;
        }
        ex->order[j] = i;
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
static void remember_mentions(kg_extractor *ex)
{
    if (!ex->rules->ncorefs && !ex->rules->context_arg_types) return;
    for (size_t k = 0; k < ex->nments; k++) {
        size_t i = ex->order[k];
        const kg_emention *me = &ex->ments[i];
        /* a referring phrase ("the trust") is no way of naming it */
        if (!me->plural) remember(ex, ex->canon[i], me->resolved ? NULL : ex->surface[i], me->type);
    }
}

/* ------------------------------------------------------------ driver */

void kg_ex_mentions(kg_extractor *ex, const kg_span *sp, kg_sentence_view *v)
{
    const kg_rules *r = ex->rules;
    kg_tokens_clear(&ex->toks);
    kg_tokenize(&ex->toks, ex->buf, sp->start, sp->end, sp->line);
    size_t n = ex->toks.n;
    kg_matcher_sentence(&ex->m, r->nlists, &ex->toks);
    if (n + 1 > ex->tokcap) {
        ex->tokcap = n + 1;
        ex->mention_at = kg_xrealloc(ex->mention_at, ex->tokcap * sizeof(int32_t));
        ex->mention_cover = kg_xrealloc(ex->mention_cover, ex->tokcap * sizeof(int32_t));
    }
    for (size_t i = 0; i < n; i++) ex->mention_at[i] = ex->mention_cover[i] = -1;
    ex->ncands = 0;
    ex->nments = 0;
    for (size_t g = 0; g < r->ngaz; g++) gazetteer_pass(ex, &r->gaz[g]);
    /* Token patterns see no mentions (they define them); the view is empty. */
    *v = (kg_sentence_view){.rules = r, .text = ex->buf, .toks = &ex->toks, .mentions = NULL,
                            .nmentions = 0, .mention_at = ex->mention_at,
                            .mention_cover = ex->mention_cover};
    for (size_t i = 0; i < r->nent_rules; i++) {
        if (r->ent_rules[i].kind == KG_ENT_REGEX) regex_rule(ex, i, sp);
        else token_rule(ex, i, v);
    }
    acronym_candidates(ex);
    resolve_overlaps(ex);
    name_mentions(ex);
    if (r->shared_heads) share_heads(ex);
    if (r->acronym_types) learn_acronyms(ex);
    if (r->ncorefs) resolve_coreference(ex);
    order_mentions(ex);
    /* room for the context arguments of relation rules (context_argument),
     * made before the view takes the array */
    KG_GROW(ex->ments, ex->mentcap, ex->nments + KG_MAX_CONTEXT + 1);
    KG_GROW(ex->canon, ex->canoncap, ex->nments + KG_MAX_CONTEXT + 1);
    ex->surface = kg_xrealloc(ex->surface, ex->canoncap * sizeof(char *));
    v->mentions = ex->ments;
    v->nmentions = ex->nments;
    kg_ex_structure(ex, v);
}

void kg_ex_end_sentence(kg_extractor *ex)
{
    remember_mentions(ex);
    free_strings(ex);
}

static int sentence(kg_extractor *ex, const kg_span *sp)
{
    kg_sentence_view v;
    kg_ex_mentions(ex, sp, &v);
    int rc = ex->toks.n ? emit_mentions(ex) : 0;
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
    reset_document(ex);
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
