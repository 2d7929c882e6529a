/*
 * extract/match.h: running compiled token patterns over one sentence.
 * Module-private to extract/.
 */
#ifndef KG_EXTRACT_MATCH_H
#define KG_EXTRACT_MATCH_H

#include "rules/compiled.h"

#define KG_SLOT_MAX_ENDS 6

/* An entity mention found in the current sentence, in token units. */
typedef struct kg_emention {
    uint32_t tok_start, tok_end;  /* [start, end) token indexes */
    uint16_t type;
    int priority;
    int order;                    /* 0 gazetteer, 1 + entity rule index */
    int source;                   /* gazetteer entry index, or entity rule index */
    const kg_gazetteer *gaz;      /* for gazetteer matches */
    uint32_t canonical;           /* gazetteer canonical name index */
    const char *name;             /* document-level canonical name (acronyms,
                                     coreference), borrowed; NULL otherwise */
    bool resolved;                /* a referring phrase resolved by coreference */
    bool shared;                  /* one name of a shared plural head
                                     ("Kent and Surrey CCGs"); source is
                                     the type's index into heads */
    uint32_t plural;              /* members of one plural reference ("both
                                     trusts") share 1 + the first member's
                                     index; 0 for any other mention */
    bool accepted;                /* candidates: kept by the overlap policy */
    /* Mentions of the sentence (not candidates): owned strings, set when
     * the mention is named (kg_ex_name_mentions, shared heads, coreference,
     * context arguments) and freed when the sentence ends.  The matcher
     * does not read them. */
    char *canon;                  /* canonical name */
    char *surface;                /* the text as written */
    /* The structure around the mention (extract/structure.c), valid when
     * the view says `structured`: where a slot on it may end (its own end
     * first), and the coordination it belongs to (-1: none). */
    uint32_t slot_ends[KG_SLOT_MAX_ENDS];
    uint8_t nslot_ends;
    int32_t group;
} kg_emention;

/* What the matcher sees of a sentence. */
typedef struct kg_sentence_view {
    const kg_rules *rules;
    const char *text;             /* the document */
    const kg_tokens *toks;
    const kg_emention *mentions;  /* accepted mentions, sorted by start */
    size_t nmentions;
    const int32_t *mention_at;    /* per token: mention starting here, or -1 */
    const int32_t *mention_cover; /* per token: mention covering it, or -1 */
    /* The structure around mentions (extract/structure.c); NULL when not
     * computed (entity token patterns, which define the mentions). */
    const int32_t *lead_at;       /* per token: mention a slot starting here
                                     reaches over lead phrases, or -1 */
    bool structured;              /* the mentions' slot_ends and group hold
                                     this sentence's structure */
} kg_sentence_view;

typedef struct kg_match {
    size_t end;                   /* token index after the match */
    int32_t slot[2];              /* mention indexes of source and target */
    uint32_t slot_end[2];         /* token after what each slot took in */
    int32_t capture[KG_MAX_CAPTURES];
} kg_match;

/* One cached word-list result (kg_match_list). */
typedef struct kg_list_hit {
    uint32_t stamp;               /* == kg_matcher.list_stamp: valid this sentence */
    uint8_t n;                    /* how many lengths */
    uint8_t lens[16];             /* matching lengths in tokens, longest first */
} kg_list_hit;

/* Per-thread matcher state: the failure memo, the word-list cache and regex
 * scratch space. */
typedef struct kg_matcher {
    uint32_t *memo;
    size_t memo_cap;
    uint32_t stamp;
    size_t width;                 /* positions per instruction in the memo */
    /* Word-list results of the current sentence, per (list, token):
     * list_hits[list * list_width + token].  The same lists are asked at
     * the same tokens many times a sentence: every name pattern opens with
     * !@cap_stop !@org_suffix, each gap checks its exclusions at every
     * token it crosses, for every start.  The stamp makes a new sentence
     * forget them without clearing. */
    kg_list_hit *list_hits;
    size_t list_cap;
    size_t list_width;            /* tokens + 1 of the current sentence; 0 none */
    size_t nlists;
    uint32_t list_stamp;
    /* The sentence's token keys, as a set of kg_hash values (open
     * addressing, 0 = empty, word_mask + 1 slots), and which word lists
     * occur in it (list_seen[l] == list_stamp: known, list_in[l] tells):
     * what the sentence filter (kg_match_anchored) asks. */
    uint64_t *words;
    size_t word_mask, word_cap;
    uint64_t *tok_hash;           /* kg_hash of each token key of the sentence */
    size_t tok_hash_cap;
    uint32_t *list_seen;
    bool *list_in;
    size_t list_seen_cap;
    /* Which lists each token of the sentence may start (kg_vocab): per
     * token 2 * bits_width words, first the lists holding the token as a
     * one-token entry (prefix entries included), then the lists with a
     * phrase starting with it.  A list in neither has no phrase here, so
     * kg_match_list answers with bit tests; only a phrase head needs the
     * phrase walk.  bits_width == 0: the rules have no vocabulary for
     * their lists (not built by the loader); every question walks. */
    uint64_t *tok_bits;
    size_t tok_bits_cap;
    size_t bits_width;
    /* The same for the whole sentence (the tokens' bits or-ed together):
     * a list with neither bit occurs nowhere in it, one with a one-token
     * bit occurs somewhere; the sentence filter asks these first. */
    uint64_t *sent_bits;
    size_t sent_bits_cap;
    /* The window filter's answer for one program (kg_match_window). */
    uint32_t *win;
    size_t win_cap;
    kg_regex_scratch *scratch;
    bool regex_limit_hit;         /* set when a token regex hit its cost bound */
    const kg_program *prog;
    const kg_sentence_view *view;
    kg_match *res;
    /* Tracing (for explain): the furthest point a failed attempt reached. */
    bool trace;
    size_t far_pos;               /* token where it stopped */
    size_t far_pc;                /* instruction that failed there */
    int far_reason;               /* KG_STOP_* */
    bool far_set;
} kg_matcher;

enum {
    KG_STOP_TOKEN,                /* the token does not match the element */
    KG_STOP_END,                  /* the sentence ended */
    KG_STOP_NO_MENTION,           /* a slot: no mention starts here */
    KG_STOP_SLOT_TYPE,            /* a slot: the mention has another type */
    KG_STOP_GAP_ENTITY,           /* a gap would cross a mention */
    KG_STOP_GAP_EXCLUDED,         /* a gap would hold an excluded word */
    KG_STOP_GAP_LONG,             /* the gap's upper bound was reached */
    KG_STOP_LOOKBEHIND,           /* !<x: the token before matched x */
    KG_STOP_NEGATION              /* !x: x matched */
};

void kg_matcher_init(kg_matcher *m);
void kg_matcher_destroy(kg_matcher *m);

/* Try `prog` anchored at token `start`.  Returns true and fills *res on a
 * match.  The first match in the program's preference order wins: greedy
 * optional elements and repetitions, shortest gaps first, alternatives left
 * to right, longest word-list phrase first. */
bool kg_match_at(kg_matcher *m, const kg_program *prog, const kg_sentence_view *v, size_t start,
                 kg_match *res);

/* A new sentence `toks` starts: forget the cached word-list results of the
 * last one and index its token keys.  Whoever tokenises a sentence calls
 * this before matching in it, with the rules whose lists will be asked. */
void kg_matcher_sentence(kg_matcher *m, const kg_rules *r, const kg_tokens *toks);

/* The sentence filter: false when the current sentence lacks a token
 * that every match of `prog` holds (kg_program.anchors), so the program
 * need not be tried at any start. */
bool kg_match_anchored(kg_matcher *m, const kg_program *prog, const kg_rules *r,
                       const kg_tokens *toks);

/* Could a phrase of some list in `mask` (a bitset over the rules' lists,
 * kg_vocab.width words) start at token pos of the current sentence?  False
 * only when the token's vocabulary bits rule every such list out; true
 * when there are no bits to ask. */
static inline bool kg_match_may_start(const kg_matcher *m, const uint64_t *mask, size_t pos)
{
    size_t w = m->bits_width;
    if (!w || pos + 1 >= m->list_width) return true;
    const uint64_t *b = &m->tok_bits[2 * w * pos];
    for (size_t k = 0; k < w; k++)
        if ((b[k] | b[w + k]) & mask[k]) return true;
    return false;
}

/* The window filter of a bounded program (kg_program.bounded) in the
 * current sentence: m->win[i] becomes the smallest e such that tokens
 * [i, e) hold, for each of the program's anchor sets, a token passing
 * one of its tests (UINT32_MAX when some set has none from i on).  A
 * match starting at i holds such tokens within its max_len tokens, so it
 * needs win[i] <= i + max_len: name patterns anchored on "=Trust | =FT"
 * are tried only in the few tokens before a "trust". */
void kg_match_window(kg_matcher *m, const kg_program *prog, const kg_rules *r,
                     const kg_tokens *toks);

/* kg_wordlist_match for list `list` of `r` on the current sentence, through
 * the matcher's cache (see kg_matcher.list_hits). */
void kg_match_list(kg_matcher *m, const kg_rules *r, const kg_tokens *toks, int list, size_t pos,
                   size_t *lens, size_t *nlens);

/* True when word list `l` matches at token `pos`; *lens gets each matching
 * length in tokens (longest first), *nlens their number (at most 16). */
void kg_wordlist_match(const kg_wordlist *l, const kg_tokens *toks, size_t pos, size_t *lens,
                       size_t *nlens);

#endif
