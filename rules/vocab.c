/*
 * rules/vocab.c: the word-list vocabulary (kg_rules.vocab, see
 * rules/compiled.h).
 *
 * Word lists are asked the same question at nearly every token of every
 * sentence: name patterns open with !@cap_stop !@org_suffix, gaps check
 * their exclusion lists at each token they cross, coreference and shared
 * heads look for their phrases everywhere.  Answering it list by list costs
 * a hash of the token and a map probe per list; the vocabulary turns it
 * into one probe per token: each key any list starts with gets a word id,
 * and per id two bitsets say which lists hold it as a one-token entry and
 * which have a phrase starting with it.  The extractor (extract/match.c)
 * copies a token's bitsets once per sentence and then tests bits.
 *
 * Built at the end of loading, after the pattern compiler has made its
 * anonymous lists; never written again, so extractor threads share it.
 * Word ids are given in list order, then entry order (the maps iterate in
 * insertion order), so the layout does not depend on hashing.
 */
#include <stdlib.h>
#include <string.h>

#include "rules/compiled.h"

/* The id of key, made when new; the bitsets grow with the ids. */
static size_t vocab_id(kg_vocab *v, size_t *cap, const char *key, size_t keylen)
{
    /* the value is the id too: kg_map_get answers with values */
    size_t id = kg_map_intern(v->ids, key, keylen, (intptr_t)kg_map_count(v->ids), NULL);
    if (id >= *cap) {
        size_t ncap = *cap ? *cap * 2 : 64;
        while (ncap <= id) ncap *= 2;
        v->one = kg_xrealloc(v->one, ncap * v->width * sizeof *v->one);
        v->head = kg_xrealloc(v->head, ncap * v->width * sizeof *v->head);
        memset(v->one + *cap * v->width, 0, (ncap - *cap) * v->width * sizeof *v->one);
        memset(v->head + *cap * v->width, 0, (ncap - *cap) * v->width * sizeof *v->head);
        *cap = ncap;
    }
    return id;
}

/* Group the prefix entries by first byte (a counting sort, stable) and
 * fill prefix_at.  Entries are never empty (kg_wordlist_add). */
static void group_prefixes(kg_vocab *v)
{
    memset(v->prefix_at, 0, sizeof v->prefix_at);
    if (!v->nprefixes) return;
    for (size_t i = 0; i < v->nprefixes; i++)
        v->prefix_at[(unsigned char)v->prefixes[i].str[0] + 1]++;
    for (size_t c = 1; c < 257; c++) v->prefix_at[c] += v->prefix_at[c - 1];
    struct kg_vocab_prefix *sorted = kg_xmalloc(v->nprefixes * sizeof *sorted);
    uint32_t fill[256];
    memcpy(fill, v->prefix_at, sizeof fill);
    for (size_t i = 0; i < v->nprefixes; i++)
        sorted[fill[(unsigned char)v->prefixes[i].str[0]]++] = v->prefixes[i];
    free(v->prefixes);
    v->prefixes = sorted;
}

void kg_vocab_build(kg_rules *r)
{
    kg_vocab *v = &r->vocab;
    kg_vocab_free(v);
    v->ids = kg_map_new();
    v->nlists = r->nlists;
    v->width = (r->nlists + 63) / 64;
    if (!v->width) v->width = 1;
    size_t cap = 0;
    for (size_t l = 0; l < r->nlists; l++) {
        const kg_wordlist *wl = &r->lists[l];
        uint64_t bit = 1ull << (l % 64);
        size_t word = l / 64;
        for (size_t i = 0; i < kg_map_count(wl->words); i++) {
            const char *k = kg_map_key(wl->words, i);
            size_t id = vocab_id(v, &cap, k, strlen(k));
            v->one[id * v->width + word] |= bit;
        }
        for (size_t i = 0; i < kg_map_count(wl->phrase_heads); i++) {
            const char *k = kg_map_key(wl->phrase_heads, i);
            size_t id = vocab_id(v, &cap, k, strlen(k));
            v->head[id * v->width + word] |= bit;
        }
        for (size_t i = 0; i < wl->nprefixes; i++) {
            v->prefixes = kg_xrealloc(v->prefixes, (v->nprefixes + 1) * sizeof *v->prefixes);
            v->prefixes[v->nprefixes++] = (struct kg_vocab_prefix){
                wl->prefixes[i], (uint32_t)strlen(wl->prefixes[i]), (uint32_t)l};
        }
    }
    group_prefixes(v);
}

void kg_vocab_free(kg_vocab *v)
{
    kg_map_free(v->ids);
    free(v->one);
    free(v->head);
    free(v->prefixes);
    memset(v, 0, sizeof *v);
}
