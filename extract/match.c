/*
 * extract/match.c: the token-pattern matcher.
 *
 * A backtracking matcher over the programs built by rules/pattern.c, made
 * linear by a failure memo: whether the rest of a program can match from
 * instruction pc at token pos does not depend on how we got there (slots and
 * captures only record, never constrain, what follows), so each (pc, pos)
 * pair that failed once is never tried again for the same start.  Programs
 * only jump forward (repetitions are unrolled), so the recursion depth is at
 * most the program length, which the loader caps.
 *
 * Cost per start token: O(program length x positions reachable), and the
 * positions reachable are bounded by the program's max_len plus the lengths
 * of the mentions it crosses.  The memo is a stamp array, so no clearing is
 * needed between starts.
 *
 * Before the matcher runs, filters skip what cannot match, and none of
 * them changes what is found (docs/ARCHITECTURE.md, "Extraction speed"):
 *
 *   per sentence   kg_matcher_sentence hashes each token key once
 *                  (tok_hash, the word set) and looks it up once in the
 *                  rules' word-list vocabulary (kg_vocab): tok_bits holds,
 *                  per token, the lists it is a one-token entry of and the
 *                  lists with a phrase starting with it.  kg_match_list is
 *                  then a bit test unless a phrase starts at the token;
 *                  phrase answers are cached per (list, token) in list_hits.
 *   per program    kg_match_anchored: a program whose anchor sets are not
 *                  all met in the sentence is not run (word sets of many
 *                  words test each token against a 256-bit bloom).
 *   per start      kg_match_window (bounded programs: entity patterns): a
 *                  start with some anchor set's nearest token max_len or
 *                  more tokens away is skipped; may_start: none of the
 *                  program's first-token tests accepts the token (regexes
 *                  asked last).
 *   per callers    kg_match_may_start: coreference and shared heads pass
 *                  over tokens that start none of their lists.
 *
 *     tokens ──hash──> tok_hash ──vocab──> tok_bits ──> list tests, masks
 *            └──anchors──> win[] ──> starts tried ──> memoised backtracking
 */
#include <stdlib.h>
#include <string.h>

#include "extract/match.h"

void kg_matcher_init(kg_matcher *m)
{
    memset(m, 0, sizeof *m);
    m->scratch = kg_regex_scratch_new();
}

void kg_matcher_destroy(kg_matcher *m)
{
    free(m->memo);
    free(m->list_hits);
    free(m->words);
    free(m->tok_hash);
    free(m->list_seen);
    free(m->list_in);
    free(m->tok_bits);
    free(m->sent_bits);
    free(m->win);
    kg_regex_scratch_free(m->scratch);
    memset(m, 0, sizeof *m);
}

static bool phrase_at(const kg_tokens *toks, size_t pos, const char *phrase, size_t *ntok)
{
    size_t k = 0;
    const char *p = phrase;
    for (;;) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        if (pos + k >= toks->n) return false;
        const kg_token *t = &toks->v[pos + k];
        if (t->keylen != wl || memcmp(kg_token_key(toks, pos + k), p, wl) != 0) return false;
        k++;
        if (!sp) break;
        p = sp + 1;
    }
    *ntok = k;
    return true;
}

/* kg_wordlist_match with the token's key hash, `hash` (kg_hash of the key;
 * unused when pos is past the end). */
static void wordlist_match(const kg_wordlist *l, const kg_tokens *toks, size_t pos, uint64_t hash,
                           size_t *lens, size_t *nlens)
{
    *nlens = 0;
    if (pos >= toks->n) return;
    bool one = false;
    const char *key = kg_token_key(toks, pos);
    size_t klen = toks->v[pos].keylen;
    if (l->words && kg_map_get_hashed(l->words, key, klen, hash, NULL)) one = true;
    for (size_t i = 0; !one && i < l->nprefixes; i++) {
        size_t pl = strlen(l->prefixes[i]);
        if (klen >= pl && memcmp(key, l->prefixes[i], pl) == 0) one = true;
    }
    /* phrases that start with this token: collect distinct lengths */
    intptr_t head = -1;
    if (l->phrase_heads) kg_map_get_hashed(l->phrase_heads, key, klen, hash, &head);
    for (intptr_t i = head; i >= 0; i = l->phrase_next[i]) {
        size_t n;
        if (!phrase_at(toks, pos, l->phrases[i], &n)) continue;
        bool dup = false;
        for (size_t j = 0; j < *nlens; j++) dup |= lens[j] == n;
        if (!dup && *nlens < 15) lens[(*nlens)++] = n;
    }
    if (one) lens[(*nlens)++] = 1;
    /* insertion sort, descending */
    for (size_t i = 1; i < *nlens; i++)
        for (size_t j = i; j > 0 && lens[j] > lens[j - 1]; j--) {
            size_t t = lens[j];
            lens[j] = lens[j - 1];
            lens[j - 1] = t;
        }
}

void kg_wordlist_match(const kg_wordlist *l, const kg_tokens *toks, size_t pos, size_t *lens,
                       size_t *nlens)
{
    uint64_t h = pos < toks->n ? kg_hash(kg_token_key(toks, pos), toks->v[pos].keylen) : 0;
    wordlist_match(l, toks, pos, h, lens, nlens);
}

/* 0 marks an empty slot of the word set, so a key hashing to 0 is kept
 * as 1 (on both sides: a collision only costs a wasted match attempt). */
static uint64_t word_hash(uint64_t h) { return h ? h : 1; }

static void index_words(kg_matcher *m, const kg_tokens *toks)
{
    size_t cap = 16;
    while (cap < 2 * toks->n) cap *= 2;
    if (cap > m->word_cap) {
        free(m->words);
        m->words = kg_xmalloc(cap * sizeof *m->words);
        m->word_cap = cap;
    }
    memset(m->words, 0, cap * sizeof *m->words);
    m->word_mask = cap - 1;
    KG_GROW(m->tok_hash, m->tok_hash_cap, toks->n + 1);
    for (size_t i = 0; i < toks->n; i++) {
        m->tok_hash[i] = kg_hash(kg_token_key(toks, i), toks->v[i].keylen);
        uint64_t h = word_hash(m->tok_hash[i]);
        size_t j = h & m->word_mask;
        while (m->words[j] && m->words[j] != h) j = (j + 1) & m->word_mask;
        m->words[j] = h;
    }
}

static bool has_word(const kg_matcher *m, uint64_t h)
{
    h = word_hash(h);
    for (size_t j = h & m->word_mask; m->words[j]; j = (j + 1) & m->word_mask)
        if (m->words[j] == h) return true;
    return false;
}

/* The lists each token may start (kg_matcher.tok_bits), from the rules'
 * vocabulary: one probe of the vocabulary per token with the hash
 * index_words computed, then the prefix entries that start with the key's
 * first byte. */
static void index_lists(kg_matcher *m, const kg_rules *r, const kg_tokens *toks)
{
    const kg_vocab *vo = &r->vocab;
    m->bits_width = 0;
    if (!vo->ids || vo->nlists != r->nlists || !r->nlists) return;
    size_t w = vo->width;
    KG_GROW(m->tok_bits, m->tok_bits_cap, 2 * w * (toks->n + 1));
    KG_GROW(m->sent_bits, m->sent_bits_cap, 2 * w);
    memset(m->sent_bits, 0, 2 * w * sizeof *m->sent_bits);
    for (size_t i = 0; i < toks->n; i++) {
        uint64_t *b = &m->tok_bits[2 * w * i];
        const char *key = kg_token_key(toks, i);
        size_t klen = toks->v[i].keylen;
        intptr_t id;
        if (kg_map_get_hashed(vo->ids, key, klen, m->tok_hash[i], &id)) {
            memcpy(b, vo->one + (size_t)id * w, w * sizeof *b);
            memcpy(b + w, vo->head + (size_t)id * w, w * sizeof *b);
        } else {
            memset(b, 0, 2 * w * sizeof *b);
        }
        unsigned char c0 = klen ? (unsigned char)key[0] : 0;
        for (size_t k = vo->prefix_at[c0]; klen && k < vo->prefix_at[c0 + 1]; k++) {
            const struct kg_vocab_prefix *px = &vo->prefixes[k];
            if (klen >= px->len && memcmp(key, px->str, px->len) == 0)
                b[px->list / 64] |= 1ull << (px->list % 64);
        }
        for (size_t k = 0; k < 2 * w; k++) m->sent_bits[k] |= b[k];
    }
    m->bits_width = w;
}

void kg_matcher_sentence(kg_matcher *m, const kg_rules *r, const kg_tokens *toks)
{
    size_t nlists = r->nlists;
    size_t ntok = toks->n;
    size_t need = nlists * (ntok + 1);
    if (need > m->list_cap) {
        free(m->list_hits);
        m->list_hits = kg_xcalloc(need, sizeof *m->list_hits);
        m->list_cap = need;
        m->list_stamp = 0;
    }
    if (++m->list_stamp == 0) { /* wrapped: clear once every 2^32 sentences */
        if (m->list_cap) memset(m->list_hits, 0, m->list_cap * sizeof *m->list_hits);
        m->list_stamp = 1;
    }
    m->nlists = nlists;
    m->list_width = ntok + 1;
    if (nlists > m->list_seen_cap) {
        free(m->list_seen);
        free(m->list_in);
        m->list_seen = kg_xcalloc(nlists, sizeof *m->list_seen);
        m->list_in = kg_xcalloc(nlists, sizeof *m->list_in);
        m->list_seen_cap = nlists;
    }
    /* a stamp that starts again at 1 would take old marks for new ones */
    if (m->list_stamp == 1 && m->list_seen_cap)
        memset(m->list_seen, 0, m->list_seen_cap * sizeof *m->list_seen);
    index_words(m, toks);
    index_lists(m, r, toks);
}

void kg_match_list(kg_matcher *m, const kg_rules *r, const kg_tokens *toks, int list, size_t pos,
                   size_t *lens, size_t *nlens)
{
    const kg_wordlist *l = &r->lists[list];
    /* Outside the sentence the cache was set up for, or lengths that do
     * not fit a byte: ask the list itself. */
    if (m->list_width != toks->n + 1 || (size_t)list >= m->nlists || pos > toks->n ||
        l->max_tokens > UINT8_MAX) {
        kg_wordlist_match(l, toks, pos, lens, nlens);
        return;
    }
    if (m->bits_width) {
        /* No phrase of the list starts with this token: its one-token bit
         * is the whole answer (what wordlist_match would find). */
        size_t w = m->bits_width, word = (size_t)list / 64;
        uint64_t bit = 1ull << ((size_t)list % 64);
        const uint64_t *b = &m->tok_bits[2 * w * pos];
        if (pos == toks->n || !(b[w + word] & bit)) {
            *nlens = 0;
            if (pos < toks->n && (b[word] & bit)) lens[(*nlens)++] = 1;
            return;
        }
    }
    kg_list_hit *h = &m->list_hits[(size_t)list * m->list_width + pos];
    if (h->stamp != m->list_stamp) {
        size_t n;
        wordlist_match(l, toks, pos, pos < toks->n ? m->tok_hash[pos] : 0, lens, &n);
        /* wordlist_match gives at most 16 lengths; the loop's own bound
         * tells gcc -O3, which otherwise warns of a write past h->lens */
        h->n = (uint8_t)n;
        for (size_t i = 0; i < sizeof h->lens; i++)
            if (i < n) h->lens[i] = (uint8_t)lens[i];
        h->stamp = m->list_stamp;
    }
    *nlens = h->n;
    for (size_t i = 0; i < h->n; i++) lens[i] = h->lens[i];
}

/* Does a phrase of list `list` start at some token of the sentence? */
static bool list_in_sentence(kg_matcher *m, const kg_rules *r, const kg_tokens *toks, int list)
{
    if ((size_t)list < m->list_seen_cap && m->list_seen[list] == m->list_stamp)
        return m->list_in[list];
    if (m->bits_width && m->list_width == toks->n + 1 && (size_t)list < m->nlists) {
        size_t w = m->bits_width, word = (size_t)list / 64;
        uint64_t bit = 1ull << ((size_t)list % 64);
        if (m->sent_bits[word] & bit) return true;       /* a one-token entry */
        if (!(m->sent_bits[w + word] & bit)) return false; /* not even a phrase head */
    }
    bool in = false;
    size_t lens[16], n;
    for (size_t i = 0; i < toks->n && !in; i++) {
        kg_match_list(m, r, toks, list, i, lens, &n);
        in = n > 0;
    }
    if ((size_t)list < m->list_seen_cap) {
        m->list_seen[list] = m->list_stamp;
        m->list_in[list] = in;
    }
    return in;
}

static bool anchor_in_sentence(kg_matcher *m, const kg_program *prog, const kg_anchor *a,
                               const kg_rules *r, const kg_tokens *toks)
{
    switch (a->op) {
    case KG_OP_WORD:
        return has_word(m, a->hash);
    case KG_OP_PREFIX: {
        const kg_inst *in = &prog->code[a->pc];
        /* the first byte settles most tokens without a call to memcmp */
        for (size_t i = 0; i < toks->n; i++)
            if (toks->v[i].keylen >= in->len &&
                (!in->len || kg_token_key(toks, i)[0] == in->str[0]) &&
                memcmp(kg_token_key(toks, i), in->str, in->len) == 0)
                return true;
        return false;
    }
    case KG_OP_LIST:
        return list_in_sentence(m, r, toks, a->list);
    default:
        return true;
    }
}

bool kg_match_anchored(kg_matcher *m, const kg_program *prog, const kg_rules *r,
                       const kg_tokens *toks)
{
    /* The word set belongs to the sentence kg_matcher_sentence saw. */
    if (m->list_width != toks->n + 1) return true;
    for (uint8_t s = 0; s < prog->nanchors; s++) {
        const kg_anchor_set *set = &prog->anchors[s];
        bool found = false;
        if (set->words_only && set->n > toks->n) {
            /* many words, few tokens: ask each token instead */
            for (size_t i = 0; i < toks->n && !found; i++) {
                if (!kg_anchor_bloom(set, m->tok_hash[i])) continue;
                for (uint8_t k = 0; k < set->n && !found; k++)
                    found = set->alt[k].hash == m->tok_hash[i];
            }
        }
        for (uint8_t i = 0; i < set->n && !found && !(set->words_only && set->n > toks->n); i++)
            found = anchor_in_sentence(m, prog, &set->alt[i], r, toks);
        if (!found) return false;
    }
    return true;
}

/* Does token i pass anchor test a of prog? */
static bool anchor_at(kg_matcher *m, const kg_program *prog, const kg_anchor *a,
                      const kg_rules *r, const kg_tokens *toks, size_t i)
{
    switch (a->op) {
    case KG_OP_WORD:
        return m->tok_hash[i] == a->hash;
    case KG_OP_PREFIX: {
        const kg_inst *in = &prog->code[a->pc];
        return toks->v[i].keylen >= in->len && memcmp(kg_token_key(toks, i), in->str, in->len) == 0;
    }
    case KG_OP_LIST: {
        size_t lens[16], n;
        kg_match_list(m, r, toks, a->list, i, lens, &n);
        return n > 0;
    }
    default:
        return true;
    }
}

void kg_match_window(kg_matcher *m, const kg_program *prog, const kg_rules *r,
                     const kg_tokens *toks)
{
    size_t n = toks->n;
    KG_GROW(m->win, m->win_cap, n + 1);
    memset(m->win, 0, (n + 1) * sizeof *m->win);
    /* tok_hash belongs to the sentence kg_matcher_sentence saw */
    if (m->list_width != n + 1) return;
    for (uint8_t s = 0; s < prog->nanchors; s++) {
        const kg_anchor_set *set = &prog->anchors[s];
        uint32_t next = UINT32_MAX;
        for (size_t i = n; i-- > 0;) {
            if (set->words_only && !kg_anchor_bloom(set, m->tok_hash[i])) {
                if (next > m->win[i]) m->win[i] = next;
                continue;
            }
            for (uint8_t k = 0; k < set->n; k++)
                if (anchor_at(m, prog, &set->alt[k], r, toks, i)) {
                    next = (uint32_t)i + 1;
                    break;
                }
            if (next > m->win[i]) m->win[i] = next;
        }
    }
}

static bool test_token(kg_matcher *m, const kg_inst *in, size_t pos)
{
    const kg_tokens *toks = m->view->toks;
    const kg_token *t = &toks->v[pos];
    switch (in->op) {
    case KG_OP_WORD:
        return t->keylen == in->len && memcmp(kg_token_key(toks, pos), in->str, in->len) == 0;
    case KG_OP_WORD_CS:
        return t->end - t->start == in->len &&
               memcmp(m->view->text + t->start, in->str, in->len) == 0;
    case KG_OP_PREFIX:
        return t->keylen >= in->len && memcmp(kg_token_key(toks, pos), in->str, in->len) == 0;
    case KG_OP_CLASS:
        return (t->flags & in->cls) == in->cls;
    case KG_OP_REGEX: {
        size_t s, e;
        int r = kg_regex_exec(in->re, m->scratch, m->view->text + t->start, t->end - t->start, 0,
                              0, true, &s, &e);
        if (r < 0) m->regex_limit_hit = true;
        return r == 1;
    }
    default:
        return false;
    }
}

static bool gap_token_ok(kg_matcher *m, const kg_inst *in, size_t pos)
{
    const kg_sentence_view *v = m->view;
    if (in->gap_no_entity && v->mention_cover[pos] >= 0) {
        uint16_t ty = v->mentions[v->mention_cover[pos]].type;
        if (!in->gap_banned || (in->gap_banned >> ty & 1)) return false;
    }
    if (in->gap_excl_list >= 0) {
        size_t lens[16], n;
        kg_match_list(m, v->rules, v->toks, in->gap_excl_list, pos, lens, &n);
        if (n) return false;
    }
    return true;
}

static bool run(kg_matcher *m, size_t pc, size_t pos);

/* Tracing: remember the furthest failure (largest token, then largest
 * instruction). */
static bool is_policy(int reason)
{
    return reason == KG_STOP_GAP_EXCLUDED || reason == KG_STOP_GAP_ENTITY ||
           reason == KG_STOP_LOOKBEHIND || reason == KG_STOP_NEGATION;
}

/* At the same token a policy (an exclusion, a negation) explains more than a
 * plain mismatch, so it wins the tie. */
static bool stop(kg_matcher *m, size_t pc, size_t pos, int reason)
{
    if (!m->trace) return false;
    bool better = !m->far_set || pos > m->far_pos;
    if (!better && pos == m->far_pos) {
        bool np = is_policy(reason), op = is_policy(m->far_reason);
        better = np != op ? np : pc >= m->far_pc;
    }
    if (better) {
        m->far_set = true;
        m->far_pos = pos;
        m->far_pc = pc;
        m->far_reason = reason;
    }
    return false;
}

/* The mention a slot starting at pos would take (itself, or the one its
 * lead phrases reach), or -1. */
static int32_t slot_mention(const kg_sentence_view *v, size_t pos)
{
    int32_t mi = v->mention_at[pos];
    if (mi < 0 && v->lead_at) mi = v->lead_at[pos];
    return mi;
}

/* Could instruction `in`, a first-token test of the start filter, accept
 * the token at pos?  The same test step() makes, without recursion. */
static bool first_ok(kg_matcher *m, const kg_inst *in, size_t pos)
{
    const kg_sentence_view *v = m->view;
    switch (in->op) {
    case KG_OP_LIST: {
        size_t lens[16], n;
        kg_match_list(m, v->rules, v->toks, in->list, pos, lens, &n);
        return n > 0;
    }
    case KG_OP_SLOT: case KG_OP_CAPTURE: {
        int32_t mi = slot_mention(v, pos);
        return mi >= 0 && (!in->types || (in->types >> v->mentions[mi].type & 1));
    }
    default:
        return test_token(m, in, pos);
    }
}

/* The start filter (kg_program.first): false when no first-token test of
 * the program accepts token `start`, so no match can start there. */
static bool may_start(kg_matcher *m, const kg_program *prog, size_t start)
{
    if (!prog->nfirst) return true;
    if (start >= m->view->toks->n) return false;
    bool regex = false;
    for (uint8_t i = 0; i < prog->nfirst; i++) {
        const kg_inst *in = &prog->code[prog->first[i]];
        if (in->op == KG_OP_REGEX) regex = true;
        else if (first_ok(m, in, start)) return true;
    }
    /* Regexes last, as they cost most.  One that hits its cost bound here
     * lets the start through: the matcher runs it again and warns, so the
     * warning comes only where the matcher itself would have given it. */
    for (uint8_t i = 0; regex && i < prog->nfirst; i++) {
        const kg_inst *in = &prog->code[prog->first[i]];
        if (in->op != KG_OP_REGEX) continue;
        const kg_token *t = &m->view->toks->v[start];
        size_t s, e;
        if (kg_regex_exec(in->re, m->scratch, m->view->text + t->start, t->end - t->start, 0, 0,
                          true, &s, &e) != 0)
            return true;
    }
    return false;
}

static bool step(kg_matcher *m, size_t pc, size_t pos)
{
    const kg_inst *in = &m->prog->code[pc];
    const kg_sentence_view *v = m->view;
    size_t ntok = v->toks->n;
    switch (in->op) {
    case KG_OP_MATCH:
        m->res->end = pos;
        return true;
    case KG_OP_WORD: case KG_OP_WORD_CS: case KG_OP_PREFIX: case KG_OP_CLASS: case KG_OP_REGEX:
        if (pos >= ntok) return stop(m, pc, pos, KG_STOP_END);
        if (!test_token(m, in, pos)) return stop(m, pc, pos, KG_STOP_TOKEN);
        return run(m, pc + 1, pos + 1);
    case KG_OP_LIST: {
        size_t lens[16], n;
        kg_match_list(m, v->rules, v->toks, in->list, pos, lens, &n);
        if (n == 0) return stop(m, pc, pos, pos >= ntok ? KG_STOP_END : KG_STOP_TOKEN);
        for (size_t i = 0; i < n; i++)
            if (run(m, pc + 1, pos + lens[i])) return true;
        return false;
    }
    case KG_OP_SLOT: case KG_OP_CAPTURE: {
        if (pos >= ntok) return stop(m, pc, pos, KG_STOP_END);
        int32_t mi = slot_mention(v, pos);
        if (mi < 0) return stop(m, pc, pos, KG_STOP_NO_MENTION);
        const kg_emention *me = &v->mentions[mi];
        if (in->types && !(in->types >> me->type & 1)) return stop(m, pc, pos, KG_STOP_SLOT_TYPE);
        bool ok = false;
        uint32_t end = me->tok_end;
        if (v->structured) {
            for (uint8_t k = 0; k < me->nslot_ends && !ok; k++)
                ok = run(m, pc + 1, end = me->slot_ends[k]);
        } else {
            ok = run(m, pc + 1, end);
        }
        if (!ok) return false;
        if (in->op == KG_OP_SLOT) {
            m->res->slot[in->slot] = mi;
            m->res->slot_end[in->slot] = end;
        }
        else if (in->slot < KG_MAX_CAPTURES) m->res->capture[in->slot] = mi;
        return true;
    }
    case KG_OP_GAP:
        for (int k = 0; k <= in->max; k++) {
            size_t q = pos + (size_t)k;
            if (k >= in->min && run(m, pc + 1, q)) return true;
            if (k == in->max) return stop(m, pc, q, KG_STOP_GAP_LONG);
            if (q >= ntok) return stop(m, pc, q, KG_STOP_END);
            if (!gap_token_ok(m, in, q))
                return stop(m, pc, q, in->gap_no_entity && v->mention_cover[q] >= 0
                                          ? KG_STOP_GAP_ENTITY : KG_STOP_GAP_EXCLUDED);
        }
        return false;
    case KG_OP_SPLIT:
        return run(m, (size_t)in->x, pos) || run(m, (size_t)in->y, pos);
    case KG_OP_JMP:
        return run(m, (size_t)in->x, pos);
    case KG_OP_NOTBEFORE: {
        const kg_inst *t = &m->prog->code[pc + 1];
        if (pos > 0) {
            if (t->op == KG_OP_LIST) {
                size_t lens[16], n;
                kg_match_list(m, v->rules, v->toks, t->list, pos - 1, lens, &n);
                if (n && lens[n - 1] == 1) return stop(m, pc, pos, KG_STOP_LOOKBEHIND);
            } else if (test_token(m, t, pos - 1)) {
                return stop(m, pc, pos, KG_STOP_LOOKBEHIND);
            }
        }
        return run(m, pc + 2, pos);
    }
    case KG_OP_NOT: {
        size_t saved_end = m->res->end;
        bool inner = run(m, (size_t)in->x, pos);
        m->res->end = saved_end;
        if (inner) return stop(m, pc, pos, KG_STOP_NEGATION);
        return run(m, (size_t)in->y, pos);
    }
    }
    return false;
}

static bool run(kg_matcher *m, size_t pc, size_t pos)
{
    size_t cell = pc * m->width + pos;
    if (m->memo[cell] == m->stamp) return false;
    if (step(m, pc, pos)) return true;
    m->memo[cell] = m->stamp;
    return false;
}

bool kg_match_at(kg_matcher *m, const kg_program *prog, const kg_sentence_view *v, size_t start,
                 kg_match *res)
{
    res->end = start;
    res->slot[0] = res->slot[1] = -1;
    res->slot_end[0] = res->slot_end[1] = 0;
    for (int i = 0; i < KG_MAX_CAPTURES; i++) res->capture[i] = -1;
    m->view = v;
    /* Most starts fail at their first token; the filter says so without
     * setting up the memo.  Tracing (explain) wants to see where each
     * start fails, so it runs the program every time. */
    if (!m->trace && !may_start(m, prog, start)) return false;
    m->width = v->toks->n + 1;
    size_t need = prog->n * m->width;
    if (need > m->memo_cap) {
        free(m->memo);
        m->memo = kg_xcalloc(need, sizeof(uint32_t));
        m->memo_cap = need;
        m->stamp = 0;
    }
    if (++m->stamp == 0) { /* wrapped: clear once every 2^32 starts */
        memset(m->memo, 0, m->memo_cap * sizeof(uint32_t));
        m->stamp = 1;
    }
    /* The memo layout depends on width; a new width invalidates old stamps,
     * which the stamp increment above already guarantees. */
    m->prog = prog;
    m->res = res;
    return run(m, 0, start);
}
