/*
 * rules/pattern.h: the token-pattern compiler (module-private to rules/).
 * See docs/rules.md, "Token patterns", for the language.
 */
#ifndef KG_RULES_PATTERN_H
#define KG_RULES_PATTERN_H

#include "rules/compiled.h"

typedef struct kg_pattern_ctx {
    kg_rules *rules;           /* types and lists resolved by name; gap
                                  exclusions add anonymous lists to it */
    bool relation;             /* relation pattern: {source} and {target} required */
    int context_slot;          /* relation: this slot comes from the context, so
                                  the pattern must not hold it; -1 none */
    bool symmetric;            /* relation: a pattern may hold {source} alone,
                                  whose coordination pairs up ("{source} are
                                  working together") */
    kg_typeset source_types;   /* slot types of the relation rule */
    kg_typeset target_types;
} kg_pattern_ctx;

/*
 * Compile `src` into *out.  On failure returns KG_ERULE, writes a message
 * (without position) into err (errsz bytes), the 0-based byte offset of
 * the offending element into *erroff and its length in bytes (>= 1) into
 * *errlen; *out is left empty.  Word lists
 * referenced as @name must already be in ctx->rules (and get used = true).
 */
int kg_pattern_compile(kg_program *out, const kg_pattern_ctx *ctx, const char *src, char *err,
                       size_t errsz, size_t *erroff, size_t *errlen);

void kg_program_free(kg_program *p);

/* Add an entry to a word list: a word, a phrase of several words, or a
 * prefix written "award*".  Entries are folded like pattern words. */
void kg_wordlist_add(kg_wordlist *l, const char *entry, size_t len);
void kg_wordlist_free(kg_wordlist *l);

#endif
