/*
 * extract/mentions.c: finding a sentence's entity mentions.
 *
 * Candidates come from one walk of each gazetteer profile's token trie,
 * then from regex and token-pattern entity rules; each snaps to token
 * boundaries.  The overlap policy (docs/rules.md) keeps a total order:
 * longer first; at equal length a gazetteer entry before a pattern's guess;
 * then priority, file order and start, so the result never depends on
 * hashing or input order.  Kept mentions get a canonical name (the
 * gazetteer's, or the pattern text under the type's canonical steps, or the
 * gazetteer name that text spells).  Names coordinated before a type's
 * plural head ("Kent and Surrey CCGs") then become one mention each.
 *
 * Speed (docs/ARCHITECTURE.md, "Extraction speed"): a trie walk looks each
 * token up once in the profile's word ids and then steps with integer
 * probes; a token pattern is tried only at starts its window filter and
 * start filter allow (extract/match.c); shared heads are looked for only
 * at tokens whose vocabulary bits allow one of their lists.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract_int.h"

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

void kg_ex_add_candidate(kg_extractor *ex, size_t ts, size_t te, uint16_t type, int priority,
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
    intptr_t word;
    if (!kg_map_get(g->words, key, keylen, &word)) return -1;
    return kg_gaz_child(g, (uint32_t)node, (uint32_t)word);
}

void kg_ex_gazetteer_pass(kg_extractor *ex, const kg_gazetteer *g)
{
    size_t nk = profile_keys(ex, g->norm);
    /* each kept token's word id, or -1 when no name holds the key: looked
     * up once here, not once per start that reaches the token */
    KG_GROW(ex->pword, ex->pwordcap, nk + 1);
    bool deflt = g->norm == (KG_NORM_FOLD | KG_NORM_QUOTES | KG_NORM_AMP) ||
                 g->norm == (KG_NORM_ALL);
    bool hashed = deflt && ex->m.list_width == ex->toks.n + 1;
    for (size_t k = 0; k < nk; k++) {
        const char *key = ex->pkeys.ptr + ex->pkoff[k];
        size_t klen = strlen(key);
        intptr_t word;
        bool found = hashed ? kg_map_get_hashed(g->words, key, klen, ex->m.tok_hash[ex->kept[k]], &word)
                            : kg_map_get(g->words, key, klen, &word);
        ex->pword[k] = found ? (int64_t)word : -1;
    }
    for (size_t a = 0; a < nk; a++) {
        long node = 0;
        for (size_t b = a; b < nk && b - a < g->max_depth; b++) {
            if (ex->pword[b] < 0) break;
            node = kg_gaz_child(g, (uint32_t)node, (uint32_t)ex->pword[b]);
            if (node < 0) break;
            const kg_gaz_node *gn = &g->nodes[node];
            for (uint32_t e = 0; e < gn->nentries; e++) {
                const kg_gaz_entry *en = &g->entries[gn->first_entry + e];
                kg_ex_add_candidate(ex, ex->kept[a], ex->kept[b] + 1, en->type,
                              ex->rules->types[en->type].priority, 0,
                              (int)(gn->first_entry + e), g, en->canonical);
            }
        }
    }
}

/* ------------------------------------------------------------ entity rules */

/* Report that a rule's regex hit its cost bound. */
void kg_ex_warn_limit(kg_extractor *ex, const char *what, const char *rule, const kg_srcpos *at,
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

void kg_ex_regex_rule(kg_extractor *ex, size_t ri, const kg_span *sp)
{
    const kg_entity_rule *r = &ex->rules->ent_rules[ri];
    const char *subj = ex->buf + sp->start;
    size_t len = sp->end - sp->start, from = 0;
    while (from <= len) {
        size_t s, e;
        int rc = kg_regex_exec(r->re, ex->m.scratch, subj, len, from, r->group, false, &s, &e);
        if (rc < 0) {
            if (!ex->warned_ent[ri]) {
                kg_ex_warn_limit(ex, "the regex", r->name, &r->at, sp->line);
                ex->warned_ent[ri] = true;
            }
            return;
        }
        if (rc == 0) return;
        size_t ts, te;
        if (e > s && snap(&ex->toks, sp->start + s, sp->start + e, &ts, &te))
            kg_ex_add_candidate(ex, ts, te, r->type, r->priority, 1 + (int)ri, (int)ri, NULL, 0);
        from = e > from ? e : from + 1;
        while (from < len && ((unsigned char)subj[from] & 0xC0) == 0x80) from++;
    }
}

void kg_ex_token_rule(kg_extractor *ex, size_t ri, const kg_sentence_view *v)
{
    const kg_entity_rule *r = &ex->rules->ent_rules[ri];
    kg_match res;
    if (!kg_match_anchored(&ex->m, &r->prog, ex->rules, &ex->toks)) return;
    /* Tracing (explain) sees every start; otherwise only the starts with
     * the program's anchors near enough after them are tried. */
    bool window = r->prog.bounded && r->prog.nanchors && !ex->m.trace;
    if (window) kg_match_window(&ex->m, &r->prog, ex->rules, &ex->toks);
    for (size_t i = 0; i < ex->toks.n; i++) {
        if (window && (size_t)ex->m.win[i] > i + (size_t)r->prog.max_len) continue;
        if (kg_match_at(&ex->m, &r->prog, v, i, &res) && res.end > i)
            kg_ex_add_candidate(ex, i, res.end, r->type, r->priority, 1 + (int)ri, (int)ri, NULL, 0);
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

void kg_ex_resolve_overlaps(kg_extractor *ex)
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

void kg_ex_name_mentions(kg_extractor *ex)
{
    for (size_t i = 0; i < ex->nments; i++) {
        const kg_emention *me = &ex->ments[i];
        ex->ments[i].surface = kg_ex_tokens_text(ex, me->tok_start, me->tok_end, false);
        ex->ments[i].canon = me->name  ? kg_xstrdup(me->name)
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
        free(ex->ments[k].canon);
        free(ex->ments[k].surface);
    }
    size_t total = ex->nments - (j - i) + n;
    KG_GROW(ex->ments, ex->mentcap, total + 1);
    size_t tail = ex->nments - j;
    memmove(&ex->ments[i + n], &ex->ments[j], tail * sizeof *ex->ments);
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
        ex->ments[i + k].canon = gazetteer_name_or(ex->rules, ty, &name);
        ex->ments[i + k].surface = kg_ex_tokens_text(ex, nm[k].start, end, false);
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
void kg_ex_share_heads(kg_extractor *ex)
{
    const kg_rules *r = ex->rules;
    for (size_t p = 2; p < ex->toks.n; p++) {
        if (!kg_match_may_start(&ex->m, ex->head_mask, p)) continue;
        for (uint16_t ty = 0; ty < r->ntypes; ty++)
            if (r->types[ty].nheads && share_head_at(ex, ty, p)) break;
    }
}


/* Mention indexes in order of start, for output. */
void kg_ex_order_mentions(kg_extractor *ex)
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
