/*
 * rules/compiled.h: the compiled form of a rule set.  This is the contract
 * between rules/ (which builds it) and extract/ (which only reads it); no
 * other module includes it.  Once kg_rules_load() returns, everything here is
 * immutable, so extractor threads share one kg_rules without locks.
 *
 * Layout:
 *
 *   kg_rules
 *    ├── types[]        entity types: name, label, normalisation, canonicalisation
 *    ├── gaz[]          one gazetteer trie per distinct normalisation profile
 *    │                  (token-key sequence -> entries {canonical, type, at})
 *    ├── ent_attrs[]    attributes of gazetteer entities ("@code=RW4"), one
 *    │                  record per (canonical name, type), found through
 *    │                  ent_attr_index "<type>\x1f<canonical>" -> index
 *    ├── ent_rules[]    regex and token-pattern entity rules, in file order
 *    ├── lists[]        named word lists (phrases, prefixes)
 *    ├── rel_rules[]    relation rules: slots, patterns (programs), attrs
 *    ├── examples[]     in-file tests (issue 7 runs them)
 *    └── strings        every file name, so kg_srcpos.file is stable
 *
 * Token patterns (entity and relation) compile to a small program for a
 * backtracking matcher over tokens with a failure memo (see extract/match.c).
 * Every element consumes a bounded number of tokens, so every program has a
 * maximum span `max_len`; the loader refuses unbounded gaps and repetitions.
 * That bound, the memo, and the sentence length cap make matching linear in
 * the sentence length.
 */
#ifndef KG_RULES_COMPILED_H
#define KG_RULES_COMPILED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kgraph/rules.h"
#include "text/text.h"
#include "util/util.h"

#define KG_MAX_TYPES 64          /* type sets are 64-bit masks */
#define KG_MAX_GAP 50            /* largest gap or repetition bound */
#define KG_MAX_PATTERN_SPAN 200  /* largest max_len of a program */
#define KG_MAX_PROGRAM 1024      /* largest program, in instructions */

typedef uint64_t kg_typeset;     /* bit i = type i */

typedef struct kg_srcpos {
    const char *file;            /* owned by kg_rules.files */
    int line, col;               /* 1-based */
} kg_srcpos;

/* ---- entity types ---- */

typedef enum { KG_CANON_STRIP_PREFIX, KG_CANON_STRIP_SUFFIX, KG_CANON_MAP_PREFIX,
               KG_CANON_MAP_SUFFIX } kg_canon_kind;

/* A canonicalisation step.  `from` is compared token by token with the
 * mention, under the type's normalisation; `to` replaces it (map only). */
typedef struct kg_canon_rule {
    kg_canon_kind kind;
    char *from;                  /* normalised phrase key (kg_phrase_key) */
    size_t from_tokens;
    char *to;                    /* surface text of the replacement; NULL to strip */
} kg_canon_rule;

/* "Millbrook and East Harland CCGs": a plural head word shared by the
 * coordinated names before it, each a mention of the type whose name ends
 * in `singular` ("Millbrook CCG", "East Harland CCG"). */
typedef struct kg_shared_head {
    int list;                    /* anonymous word list of the plural phrases */
    char *singular;              /* appended to each name; "" appends nothing */
    kg_srcpos at;
} kg_shared_head;

typedef struct kg_entity_type {
    char *name;                  /* e.g. "TRUST" */
    char *label;                 /* e.g. "NHS trust" */
    unsigned norm;               /* KG_NORM_* used for gazetteer matching */
    int priority;                /* higher wins a tie of equal length */
    int profile;                 /* index into kg_rules.gaz for its norm */
    kg_canon_rule *canon;
    size_t ncanon;
    kg_shared_head *heads;       /* `shared_heads:` */
    size_t nheads;
    char *color;                 /* `style: {color}`: "#rrggbb" (lower case) or NULL */
    char *shape;                 /* `style: {shape}`: a Graphviz shape name or NULL */
    kg_srcpos at;
} kg_entity_type;

/* ---- gazetteers: one token trie per normalisation profile ----
 * Node 0 is the root.  Each distinct token key of the profile's names has
 * a word id (`words`, key -> id); an edge is keyed by the integers (parent
 * node, word id) in an open-addressing table, so a walk hashes each token
 * key once and then steps with integer probes.  A node's entries are the
 * names that end there (several when an alias is shared). */
/* Write v in decimal into buf (at least 10 bytes; no NUL) and return the
 * number of digits: what printf("%u") writes, without its format parsing. */
static inline size_t kg_u32_digits(char *buf, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++) buf[i] = digits[n - 1 - i];
    return n;
}


typedef struct kg_gaz_entry {
    uint32_t canonical;          /* index into kg_rules.canon_names */
    uint16_t type;
    kg_srcpos at;                /* where the name or alias was written */
} kg_gaz_entry;

typedef struct kg_gaz_node {
    uint32_t first_entry;        /* into kg_gazetteer.entries */
    uint32_t nentries;
} kg_gaz_node;

/* One trie edge; child 0 marks an empty slot (the root is nobody's child). */
typedef struct kg_gaz_edge {
    uint32_t parent, word, child;
} kg_gaz_edge;

typedef struct kg_gazetteer {
    unsigned norm;               /* the profile's KG_NORM_* flags */
    kg_map *words;               /* token key -> word id (first-seen order) */
    kg_gaz_edge *edges;          /* edge_mask + 1 slots; NULL when no name */
    size_t edge_mask;
    size_t nedges;
    kg_gaz_node *nodes;
    size_t nnodes;
    kg_gaz_entry *entries;       /* grouped by node, in file order within a node */
    size_t nentries;
    size_t max_depth;            /* longest name, in tokens */
} kg_gazetteer;

/* The slot where the edge (parent, word) is or would go. */
static inline size_t kg_gaz_edge_slot(const kg_gazetteer *g, uint32_t parent, uint32_t word)
{
    uint64_t k = ((uint64_t)parent << 32 | word) * 0x9E3779B97F4A7C15ull;
    size_t j = (size_t)(k >> 32) & g->edge_mask;
    while (g->edges[j].child && (g->edges[j].parent != parent || g->edges[j].word != word))
        j = (j + 1) & g->edge_mask;
    return j;
}

/* The child of `node` along word id `word`, or -1. */
static inline long kg_gaz_child(const kg_gazetteer *g, uint32_t node, uint32_t word)
{
    if (!g->edges) return -1;
    const kg_gaz_edge *e = &g->edges[kg_gaz_edge_slot(g, node, word)];
    return e->child ? (long)e->child : -1;
}

/* ---- token-pattern programs ---- */

typedef enum {
    KG_OP_WORD,      /* token key equals str (folded) */
    KG_OP_WORD_CS,   /* token text equals str exactly (case-sensitive) */
    KG_OP_PREFIX,    /* token key starts with str: award* */
    KG_OP_LIST,      /* a phrase of word list `list` starts here (may span tokens) */
    KG_OP_CLASS,     /* token has all of the KG_TOK_* flags in `cls` */
    KG_OP_REGEX,     /* token text matches regex `re` entirely */
    KG_OP_NOT,       /* zero-width: the sub-program at x does not match here; go on at y */
    KG_OP_NOTBEFORE, /* zero-width: the single-token test at pc+1 fails on the token
                        before pos (or pos is 0); go on at pc+2 */
    KG_OP_SLOT,      /* an entity mention of a type in `types` starts here: slot `slot` */
    KG_OP_CAPTURE,   /* an entity mention of a type in `types`, captured as attr `name` */
    KG_OP_GAP,       /* min..max tokens, none excluded (see gap fields) */
    KG_OP_SPLIT,     /* try x, then y */
    KG_OP_JMP,       /* continue at x */
    KG_OP_MATCH      /* success */
} kg_opcode;

enum { KG_SLOT_SOURCE = 0, KG_SLOT_TARGET = 1 };

struct kg_regex;                 /* rules/regex.c, a bounded PCRE2 regex */

/* Bytes [off, off + len) of a pattern's source text. */
typedef struct kg_srcspan {
    size_t off, len;
} kg_srcspan;

/*
 * One instruction.  Its fields are declared once, in KG_INST_FIELDS, each
 * with what lint's duplicate check (rules/lint.c, "shadowed") does with it:
 *
 *   KEY  part of what the instruction matches: lint serialises it with a
 *        function lint_key_<field>; a KEY field without one fails the
 *        build (an undefined function), so a new matching field cannot be
 *        forgotten by lint
 *   POS  where the instruction was written: never compared
 *
 *   op                     the opcode
 *   x, y                   SPLIT, JMP, NOT targets
 *   str, len               WORD, WORD_CS, PREFIX: the text
 *   list                   LIST: the word list
 *   cls                    CLASS: KG_TOK_* flags required
 *   re                     REGEX: a bounded PCRE2 regex (rules/regex.c)
 *   slot                   SLOT: KG_SLOT_*; CAPTURE: attribute index
 *   name                   CAPTURE: attribute name
 *   types                  SLOT, CAPTURE: accepted types (0 = any)
 *   min, max               GAP: bounds
 *   gap_no_entity          GAP: no token may be inside a mention ...
 *   gap_banned             ... of these types (all types if 0 and gap_no_entity)
 *   gap_excl_list          GAP: a word list whose phrases may not occur, or -1
 *   span                   the element of kg_program.source the compiler
 *                          made this instruction from, as written ("NHS?",
 *                          "=FT" inside a group, "!/re/"; a jump or split:
 *                          the repetition or group it implements; MATCH:
 *                          empty)
 *   top                    the outermost element holding it, postfix
 *                          included ("(=Trust | =FT)"): what explain shows
 *   at                     REGEX: where the /regex/ is written in the rule
 *                          file (set by the loader; lint messages)
 */
#define KG_INST_FIELDS(X)                                                                       \
    X(kg_opcode, op, KEY)                                                                       \
    X(int, x, KEY)                                                                              \
    X(int, y, KEY)                                                                              \
    X(char *, str, KEY)                                                                         \
    X(size_t, len, KEY)                                                                         \
    X(int, list, KEY)                                                                           \
    X(unsigned, cls, KEY)                                                                       \
    X(struct kg_regex *, re, KEY)                                                               \
    X(int, slot, KEY)                                                                           \
    X(char *, name, KEY)                                                                        \
    X(kg_typeset, types, KEY)                                                                   \
    X(int, min, KEY)                                                                            \
    X(int, max, KEY)                                                                            \
    X(bool, gap_no_entity, KEY)                                                                 \
    X(kg_typeset, gap_banned, KEY)                                                              \
    X(int, gap_excl_list, KEY)                                                                  \
    X(kg_srcspan, span, POS)                                                                    \
    X(kg_srcspan, top, POS)                                                                     \
    X(kg_srcpos, at, POS)

#define KG_INST_DECLARE_(type, field, lint) type field;
typedef struct kg_inst {
    KG_INST_FIELDS(KG_INST_DECLARE_)
} kg_inst;

/* Most first-token tests a program keeps for its start filter; a program
 * with more alternatives at its first token gets no filter. */
#define KG_MAX_FIRST 16

/* An anchor test (kg_program.anchors): a token a match must contain. */
typedef struct kg_anchor {
    kg_opcode op;                /* KG_OP_WORD (by hash), KG_OP_PREFIX, KG_OP_LIST */
    uint64_t hash;               /* WORD: kg_hash of the folded token key */
    int pc;                      /* PREFIX: the instruction holding the prefix */
    int list;                    /* LIST: the word list */
} kg_anchor;

#define KG_MAX_ANCHORS 4         /* anchor sets a program keeps */
#define KG_MAX_ANCHOR_ALTS 48    /* tests in one set: name patterns end in
                                    up to about 40 alternative words */

typedef struct kg_anchor_set {
    kg_anchor alt[KG_MAX_ANCHOR_ALTS];
    uint8_t n;
    /* Every test is a WORD: then bit (hash & 255) of `bloom` is set for
     * each test's hash, and a token whose key hash has its bit clear passes
     * none of them (one bit test instead of n comparisons). */
    bool words_only;
    uint64_t bloom[4];
} kg_anchor_set;

/* Could a token whose key hashes to h pass a test of words-only set s? */
static inline bool kg_anchor_bloom(const kg_anchor_set *s, uint64_t h)
{
    return s->bloom[(h & 255) >> 6] >> (h & 63) & 1;
}

typedef struct kg_program {
    kg_inst *code;
    size_t n;
    /* The sentence filter (rules/pattern.c, anchor_sets): every match
     * holds, for each set, a token that passes one of the set's tests
     * ("... NHS? Foundation? (=Trust | =FT)" holds "trust" or "ft"), so a
     * sentence without one cannot match and the program is not run in it.
     * Only word, prefix and list tests anchor; a capital letter (%Cap) or
     * a slot is in nearly every sentence and would filter nothing. */
    kg_anchor_set anchors[KG_MAX_ANCHORS];
    uint8_t nanchors;
    /* The start filter (rules/pattern.c, first_tests): the instructions
     * that can consume a match's first token, found from pc 0 by following
     * SPLIT and JMP and stepping over the zero-width NOT and NOTBEFORE
     * (they only add conditions).  A match can start at a token only if one
     * of them accepts it, so the matcher skips other starts without running
     * the program.  nfirst == 0: no filter (the program may match empty
     * text, or opens with a gap, or has too many alternatives).  A regex
     * is one of the tests; the matcher asks it last. */
    uint16_t first[KG_MAX_FIRST];
    uint8_t nfirst;
    /* No SLOT or CAPTURE instruction: a match spans at most max_len
     * tokens (a slot counts one token in max_len but takes in a whole
     * mention), so every anchor it holds lies within max_len tokens of
     * its start: the matcher's window filter (kg_match_window). */
    bool bounded;
    int max_len;                 /* most tokens a match can span */
    int min_len;                 /* fewest tokens a match can span */
    int ncaptures;
    char *source;                /* the pattern as written */
    kg_srcpos at;
} kg_program;

/* Append lint's key of program p (its KEY fields, rules/lint.c): equal keys
 * mean the programs match the same text.  For the duplicate check and its
 * coverage test (tests/rules/test_lint.c). */
void kg_lint_program_key(kg_buf *b, const kg_rules *r, const kg_program *p);

/* ---- word lists ---- */
typedef struct kg_wordlist {
    char *name;
    kg_map *words;               /* single-token keys (folded) */
    char **phrases;              /* multi-token phrases, as token-key arrays joined by ' ' */
    size_t nphrases;
    /* The phrases by first token key, so a token is compared only with the
     * phrases that start with it: phrase_heads maps a first key to the
     * first such phrase, phrase_next[i] is the next one after phrase i (in
     * list order) or -1. */
    kg_map *phrase_heads;
    int32_t *phrase_next;
    char **prefixes;             /* entries written "award*" (folded, without '*') */
    size_t nprefixes;
    size_t max_tokens;
    bool anonymous;              /* made by the compiler for a gap's exclusions */
    bool used;                   /* referenced by some pattern (lint) */
    kg_srcpos at;
} kg_wordlist;

/* ---- the word-list vocabulary: which lists a token key belongs to ----
 * Built once when the rules load (rules/vocab.c) and read-only after.
 * Every key that some list holds as a one-token entry or as the first
 * token of a phrase gets a word id; per id two bitsets over the lists
 * (bit l of word l / 64): `one`, the lists holding the key as a one-token
 * entry, and `head`, the lists with a phrase starting with it.  The
 * extractor looks each token key up once per sentence and then answers
 * "could list l start here?" with a bit test (extract/match.c).
 * Prefix entries ("award*") have no id: they are in prefixes[], grouped
 * by first byte (prefix_at[c] .. prefix_at[c + 1]), and a token is tested
 * against the group of its key's first byte.
 *
 *   "nhs" -> id 7 --> one[7 * width ..]  = {org_words}
 *                     head[7 * width ..] = {lead, trust_heads}
 */
typedef struct kg_vocab {
    kg_map *ids;                 /* token key -> word id; NULL when not built */
    size_t nlists;               /* lists covered: r->nlists when built */
    size_t width;                /* uint64_t words per bitset */
    uint64_t *one;               /* nids * width */
    uint64_t *head;              /* nids * width */
    struct kg_vocab_prefix {     /* every prefix entry of every list */
        const char *str;         /* borrowed from the list's prefixes */
        uint32_t len;
        uint32_t list;
    } *prefixes;
    size_t nprefixes;
    uint32_t prefix_at[257];
} kg_vocab;

/* Build r->vocab from r->lists (after every list, anonymous ones too, is
 * complete); free it.  Out of memory aborts (kg_xmalloc). */
void kg_vocab_build(kg_rules *r);
void kg_vocab_free(kg_vocab *v);

/* ---- entity rules (regex and token pattern) ---- */
typedef enum { KG_ENT_REGEX, KG_ENT_TOKENS } kg_ent_kind;

typedef struct kg_entity_rule {
    kg_ent_kind kind;
    char *name;                  /* "TYPE/regex#N" unless named */
    uint16_t type;
    int priority;
    struct kg_regex *re;         /* REGEX: span = group `group` or the whole match */
    int group;                   /* capture group number, 0 = whole match */
    kg_program prog;             /* TOKENS */
    kg_srcpos at;
} kg_entity_rule;

/* ---- relation rules ---- */
typedef struct kg_attr_const {
    char *key, *value;
} kg_attr_const;

/* ---- entity attributes (gazetteer "@key=value" fields) ----
 * One record per (canonical name, type) that has attributes; the attributes
 * are sorted by key and the keys are unique.  A key matches
 * [a-z_][a-z0-9_]*, a value is non-empty text without tabs. */
/* Rule and gazetteer files are regular files of at most this many bytes
 * ("include: /dev/zero" would never end). */
#define KG_MAX_RULE_FILE (16u << 20)
#define KG_MAX_GAZETTEER_FILE (256u << 20)
#define KG_MAX_ENTITY_ATTRS 16
/* An edge's attributes: a relation pattern's captures and its rule's
 * constant `attrs`.  Both limits are checked when the rules load. */
#define KG_MAX_CAPTURES 16
#define KG_MAX_RULE_ATTRS 32

typedef struct kg_entity_attrs {
    uint32_t canonical;          /* index into kg_rules.canon_names */
    uint16_t type;
    kg_attr_const *attrs;
    size_t nattrs;
} kg_entity_attrs;

/* The attributes of the entity (type, canonical), or NULL when it has none.
 * Borrowed from r.  O(length of the name). */
const kg_entity_attrs *kg_rules_entity_attrs(const kg_rules *r, uint16_t type,
                                             const char *canonical);

typedef struct kg_relation_rule {
    char *name;                  /* unique rule name */
    char *relation;              /* edge label, e.g. "awards_contract" */
    bool symmetric;
    kg_typeset source_types, target_types;
    kg_program *patterns;
    size_t npatterns;
    char **pattern_names;        /* per pattern: its name ("<rule>#<n>" unless named) */
    kg_attr_const *attrs;        /* constant attributes put on every edge */
    size_t nattrs;
    int veto_list;               /* word list: a sentence holding one of its
                                    phrases yields no edge from this rule; -1 none */
    char *color;                 /* `style: {color}` of the relation, "#rrggbb" or NULL */
    char *line;                  /* `style: {line}`: solid, dashed, dotted, bold or NULL */
    kg_srcpos style_at;          /* where `style:` is written (valid when color or line) */
    int context_slot;            /* KG_SLOT_SOURCE or _TARGET when that argument
                                    is not in the patterns but the most recent
                                    entity of its types ("That work went to
                                    Acme": the buyer named before); -1 none */
    kg_srcpos at;
} kg_relation_rule;

/* ---- document-level resolution (the `document:` section) ---- */

/* A referring phrase ("the trust", "it") that stands for the most recent
 * earlier mention, in the same document, of one of `types`; with a count,
 * for that many of them ("the two councils"). */
typedef struct kg_coref {
    int list;                    /* anonymous word list of the phrases */
    kg_typeset types;
    bool subject;                /* only at the start of a sentence or clause */
    bool quoted;                 /* only inside a quotation ("We will ...",
                                    said the trust's chair) */
    int count;                   /* the phrase stands for this many entities,
                                    the most recent distinct ones ("both
                                    trusts": 2); 1 by default */
    kg_srcpos at;
} kg_coref;

#define KG_COREF_MAX_COUNT 8

/* ---- how a slot reads the structure around its mention (`slots:`) ---- */
typedef struct kg_slot_opts {
    int lead_list;               /* phrases a slot may take in before its mention
                                    (up to KG_SLOT_MAX_LEAD in a row); -1 none */
    bool brackets;               /* a bracket after the mention: "Acme (AH)" */
    bool appositions;            /* ", a GP-owned company," after the mention */
    bool coordination;           /* "A, B and C": an edge for each member */
    bool relatives;              /* ", which bought Beta in 2019," after the mention */
    int aside_list;              /* phrases that also open an apposition
                                    (", together with other firms,"); -1 none */
} kg_slot_opts;

#define KG_SLOT_MAX_LEAD 4

/* ---- in-file examples (tests) ---- */
typedef struct kg_example_edge {
    char *relation, *source, *target;
    kg_attr_const *attrs;
    size_t nattrs;
} kg_example_edge;

typedef struct kg_example_entity {
    char *text, *type, *canonical; /* canonical may be NULL */
} kg_example_entity;

typedef struct kg_example {
    char *text;
    kg_example_edge *edges;      /* expected edges; none expected when nedges == 0 */
    size_t nedges;
    kg_example_entity *entities;
    size_t nentities;
    bool expect_none;
    bool check_edges;            /* `edges` was given: found edges must equal them */
    kg_srcpos at;
} kg_example;

struct kg_rules {
    char **files;                /* every file read, in load order */
    size_t nfiles;
    size_t nrule_files;          /* how many of them are rule files (the others are
                                    gazetteer files) */
    kg_entity_type *types;
    size_t ntypes;
    char **canon_names;          /* gazetteer canonical names */
    size_t ncanon_names;
    kg_gazetteer *gaz;           /* one per profile */
    size_t ngaz;
    kg_entity_attrs *ent_attrs;  /* gazetteer entities' attributes */
    size_t nent_attrs;
    kg_map *ent_attr_index;      /* "<type>\x1f<canonical>" -> index; NULL when none */
    kg_entity_rule *ent_rules;
    size_t nent_rules;
    kg_wordlist *lists;
    size_t nlists;
    kg_vocab vocab;              /* which lists each token key starts */
    size_t lists_cap;            /* capacity of lists: the loader and the pattern
                                  compiler (anonymous lists) both grow it */
    kg_relation_rule *rel_rules;
    size_t nrel_rules;
    kg_example *examples;
    size_t nexamples;
    kg_typeset relation_arg_types; /* union of all slot types */
    kg_typeset context_arg_types;  /* union of the slot types of rules with a
                                      context slot, the slot in the text only */
    kg_typeset acronym_types;    /* "Name (ABC)" defines ABC for the document */
    bool shared_heads;           /* some type has `shared_heads:` */
    kg_coref *corefs;
    size_t ncorefs;
    kg_slot_opts slots;
};

/* ---- bounded regexes (rules/regex.c; PCRE2 stays inside rules/) ---- */
typedef struct kg_regex kg_regex;

/* Compile `pattern`; on a syntax error return KG_ERULE with the message
 * "<what> at offset N" in err (at least 256 bytes) and the 0-based offset in
 * *erroff.  `caseless` sets PCRE2_CASELESS. */
int kg_regex_compile(kg_regex **out, const char *pattern, bool caseless, char *err,
                     size_t *erroff);
void kg_regex_free(kg_regex *re);
/* True when the regex can match the empty string. */
bool kg_regex_matches_empty(const kg_regex *re);
/* The pattern as given to kg_regex_compile (borrowed), and its caseless
 * flag: two regexes with equal source and flag are the same (lint). */
const char *kg_regex_source(const kg_regex *re);
bool kg_regex_caseless(const kg_regex *re);
/* Number of capture groups, and the number of a named group or -1. */
int kg_regex_group_count(const kg_regex *re);
int kg_regex_group_number(const kg_regex *re, const char *name);

/* Per-thread match state (PCRE2 match data); one per extractor. */
typedef struct kg_regex_scratch kg_regex_scratch;
kg_regex_scratch *kg_regex_scratch_new(void);
void kg_regex_scratch_free(kg_regex_scratch *s);

/* Find the first match of re in subject[from, len), returning 1 and the
 * byte range of group `group` in *s, *e; 0 for no match; -1 when the match
 * hit the cost bound (the caller reports it as a warning naming the rule).
 * `anchored`: the match must start at `from` and end at `len`. */
int kg_regex_exec(const kg_regex *re, kg_regex_scratch *scr, const char *subject, size_t len,
                  size_t from, int group, bool anchored, size_t *s, size_t *e);

#endif
