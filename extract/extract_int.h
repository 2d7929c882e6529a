/*
 * extract/extract_int.h: the extractor's state and the stages that
 * extract/explain.c reuses to show its work.  Module-private to extract/.
 */
#ifndef KG_EXTRACT_INT_H
#define KG_EXTRACT_INT_H

#include "extract/match.h"
#include "extract/sentence.h"
#include "kgraph/extract.h"

/* How many distinct entities a document remembers for coreference: more
 * than any plural reference counts ("the three councils"). */
#define KG_RECENT 16
/* Context arguments one sentence may make (see kg_relation_rule). */
#define KG_MAX_CONTEXT 8

struct kg_extractor {
    const kg_rules *rules;
    kg_matcher m;
    char *buf;                  /* sanitised copy of the document */
    size_t bufcap;
    kg_tokens toks;
    kg_emention *cands, *ments;
    size_t ncands, candcap, nments, mentcap;
    int32_t *mention_at, *mention_cover;
    size_t tokcap;
    size_t *kept;               /* token indexes kept by a profile */
    size_t keptcap;
    kg_buf pkeys;               /* profile keys, NUL-separated */
    size_t *pkoff;              /* offset of each kept token's key in pkeys */
    size_t pkcap;
    int64_t *pword;             /* each kept token's gazetteer word id, or -1 */
    size_t pwordcap;
    bool *warned_ent;           /* regex cost warning given, per entity rule */
    bool *warned_rel;           /* per relation rule */
    kg_buf evidence;
    const char *doc;
    size_t base;                /* document offset of buf[0] (streaming) */
    size_t window;              /* bytes read at a time by kg_extract_stream */
    const kg_sink *sink;
    /* document-level state: acronyms defined so far, and the most recent
     * mention of each type (for coreference) */
    kg_map *acro;               /* acronym text -> index into acros */
    struct kg_acronym {
        char *name;             /* canonical name of the entity it stands for */
        char *at;               /* "doc:line" of its definition */
        uint16_t type;
    } *acros;
    size_t nacro, acrocap;
    char **retired;             /* replaced acronym names, freed with the document */
    size_t nretired, retiredcap;
    struct kg_recent {          /* entities mentioned so far, most recent */
        char *name;             /* first, each once, at most KG_RECENT */
        char *text;             /* how the text last named it */
        uint16_t type;
    } recent[KG_RECENT];
    size_t nrecent;
    size_t nctx;                /* context arguments of relation rules made in
                                   this sentence, kept after the mentions
                                   (ments[nments .. nments + nctx)) */
    size_t *order;              /* mention indexes by start, for output */
    size_t ordercap;
    /* the structure around mentions (structure.c; per mention, it lives in
     * kg_emention's slot_ends and group) */
    int32_t *lead_at;           /* per token */
    size_t leadcap;
    int32_t *clause_close;      /* per token inside a relative clause: the
                                   clause's closing comma; -1 elsewhere */
    size_t clausecap;
    size_t *members;            /* scratch: possible list members */
    size_t membercap;
    bool structured;            /* the structure holds this sentence's */
    /* The lists of the rules' referring phrases and of the types' shared
     * heads, as bitsets over the lists (kg_match_may_start): most tokens
     * start none of them and are passed over with a bit test. */
    uint64_t *coref_mask, *head_mask;
};

/* ---- mentions.c ---- */
/* Add a candidate mention on tokens [ts, te). */
void kg_ex_add_candidate(kg_extractor *ex, size_t ts, size_t te, uint16_t type, int priority,
                         int order, int source, const kg_gazetteer *g, uint32_t canonical);
/* Candidates from one gazetteer profile's trie, from entity rule ri. */
void kg_ex_gazetteer_pass(kg_extractor *ex, const kg_gazetteer *g);
void kg_ex_regex_rule(kg_extractor *ex, size_t ri, const kg_span *sp);
void kg_ex_token_rule(kg_extractor *ex, size_t ri, const kg_sentence_view *v);
/* The overlap policy: candidates -> mentions (sorted by start, indexed). */
void kg_ex_resolve_overlaps(kg_extractor *ex);
/* Canonical and surface names of the mentions. */
void kg_ex_name_mentions(kg_extractor *ex);
/* Names coordinated before a plural head become one mention each. */
void kg_ex_share_heads(kg_extractor *ex);
/* ex->order: mention indexes by start, for output. */
void kg_ex_order_mentions(kg_extractor *ex);
/* Warn once that a rule's regex hit its cost bound in sentence `line`. */
void kg_ex_warn_limit(kg_extractor *ex, const char *what, const char *rule, const kg_srcpos *at,
                      size_t line);

/* ---- document.c ---- */
/* Forget what the previous document defined (acronyms, recent entities). */
void kg_ex_forget_document(kg_extractor *ex);
void kg_ex_acronym_candidates(kg_extractor *ex);
void kg_ex_learn_acronyms(kg_extractor *ex);
/* Referring phrases become resolved mentions (appended to ex->ments). */
void kg_ex_resolve_coreference(kg_extractor *ex);
/* The sentence's entities become the most recent ones. */
void kg_ex_remember_mentions(kg_extractor *ex);

/* ---- relations.c ---- */
/* Send the sentence's mentions to the sink, in order of start. */
int kg_ex_emit_mentions(kg_extractor *ex);

/* Tokenise sentence `sp` and find its mentions: candidates (ex->cands, each
 * marked accepted or not), the overlap policy, canonical names, acronyms,
 * coreference.  Fills *v for the relation matcher. */
void kg_ex_mentions(kg_extractor *ex, const kg_span *sp, kg_sentence_view *v);
/* Compute the structure around the sentence's mentions (structure.c) and
 * put it in *v: lead phrases, bracket and apposition ends, coordination. */
void kg_ex_structure(kg_extractor *ex, kg_sentence_view *v);
/* Run the relation rules on the sentence, sending edges to ex->sink. */
int kg_ex_relations(kg_extractor *ex, const kg_span *sp, const kg_sentence_view *v);
/* The argument a rule with a context slot takes from before token p: the
 * most recent entity of the slot's types, as a resolved mention after the
 * sentence's mentions (whose room kg_ex_mentions made).  Its index, or -1
 * when there is none (or this sentence has made KG_MAX_CONTEXT already). */
int32_t kg_ex_context_argument(kg_extractor *ex, const kg_relation_rule *rr, size_t p);
/* Does match res put an argument inside a relative clause and read on past
 * the clause's closing comma ("Acme, which runs Kent Hospital, won ...")? */
bool kg_ex_leaves_clause(const kg_extractor *ex, const kg_match *res);
/* Does a sentence whose mentions have the types in `present` hold what rule
 * rr needs: a mention of each slot's types (for a rule with a context slot,
 * of the slot in the text)? */
bool kg_ex_rule_can_run(const kg_relation_rule *rr, kg_typeset present);
/* Remember the sentence's mentions for coreference and free its strings. */
void kg_ex_end_sentence(kg_extractor *ex);
/* Start a new document (forgets acronyms and coreference history). */
void kg_ex_begin_document(kg_extractor *ex, const char *doc, const char *text, size_t len,
                          size_t *from);
/* Does a phrase of word list `list` occur in the current sentence?  Its first token, or -1. */
long kg_ex_sentence_find(kg_extractor *ex, int list);
/* The rule behind mention `me` ("gazetteer", "acronym", "coreference" or an
 * entity rule's name); its file:line goes to *at. */
const char *kg_ex_mention_rule(const kg_extractor *ex, const kg_emention *me, kg_buf *at);
/* Surface text of tokens [a, b) of the sentence (caller frees). */
char *kg_ex_tokens_text(const kg_extractor *ex, size_t a, size_t b, bool quotes);
/* Append text[s, e) with white space collapsed and invalid bytes as U+FFFD. */
void kg_ex_put_clean(kg_buf *b, const char *text, size_t s, size_t e, bool quotes);
/* Are mentions a and b the same entity (type and canonical name)? */
bool kg_ex_same_entity(const kg_extractor *ex, size_t a, size_t b);

#endif
