/*
 * text/text.h: tokens and normalised forms, the vocabulary shared by the
 * rule compiler (which tokenises gazetteer names and pattern words) and the
 * extractor (which tokenises sentences).  Both must cut text the same way,
 * or a gazetteer name could never match the text it names; that is why this
 * lives below rules/ and extract/ rather than inside either.
 *
 * Tokens:
 *   - a word is a run of letters, digits and combining marks; it may hold an
 *     apostrophe before a letter ("O'Neill"), a period or comma between digits
 *     ("3.5", "1,000");
 *   - a possessive "'s" / "’s" and a negation "n't" are split off as their own
 *     tokens, so that "Trust's" gives "Trust" + "'s" and "didn't" gives
 *     "did" + "n't";
 *   - every other non-space code point is a token of its own (punctuation,
 *     hyphens, currency signs);
 *   - white space, NUL and the replacement byte 0x1A separate tokens.
 * Tokens keep byte offsets into the document and 1-based line numbers.
 *
 * Normalised forms: each token carries a "folded" key (Unicode NFKC, case
 * folded, curly quotes straightened, "&" as "and"), the form relation
 * patterns compare against.  Entity types may ask for other combinations of
 * the KG_NORM_* flags; kg_norm_append() computes any of them.
 */
#ifndef KG_TEXT_H
#define KG_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Normalisation flags. */
enum {
    KG_NORM_FOLD = 1,    /* Unicode case folding */
    KG_NORM_QUOTES = 2,  /* ’ ‘ ‛ ′ -> ' and “ ” „ ″ -> " */
    KG_NORM_AMP = 4,     /* "&" -> "and" */
    KG_NORM_HYPHEN = 8,  /* hyphen tokens are skipped, so "a-b" = "a b" */
    KG_NORM_ALL = 15
};

/* Token flags. */
enum {
    KG_TOK_WORD = 1,   /* starts with a letter or digit */
    KG_TOK_CAP = 2,    /* starts with an upper- or titlecase letter */
    KG_TOK_UPPER = 4,  /* two or more letters, all uppercase */
    KG_TOK_LOWER = 8,  /* starts with a lowercase letter */
    KG_TOK_NUM = 16,   /* starts with a digit */
    KG_TOK_PUNCT = 32, /* not a word */
    KG_TOK_HYPHEN = 64 /* a hyphen or hyphen-like dash between words */
};

typedef struct kg_token {
    size_t start, end;  /* byte offsets into the document */
    uint32_t line;      /* 1-based line of the first byte */
    uint16_t flags;     /* KG_TOK_* */
    uint32_t key;       /* offset of the folded key in kg_tokens.keys */
    uint32_t keylen;
} kg_token;

typedef struct kg_tokens {
    kg_token *v;
    size_t n, cap;
    kg_buf keys;        /* folded keys, each NUL-terminated */
} kg_tokens;

/* Tokenise text[start, end) of a document, appending to `out` (not cleared).
 * `line` is the line number of text[start].  Keys use KG_NORM_FOLD |
 * KG_NORM_QUOTES | KG_NORM_AMP. */
void kg_tokenize(kg_tokens *out, const char *text, size_t start, size_t end, uint32_t line);
void kg_tokens_clear(kg_tokens *t);
void kg_tokens_free(kg_tokens *t);

/* The folded key of token i (NUL-terminated, borrowed). */
static inline const char *kg_token_key(const kg_tokens *t, size_t i)
{
    return t->keys.ptr + t->v[i].key;
}

/* Append the normalised form of s[0, len) under `flags` to out.  Invalid
 * UTF-8 is copied byte for byte. */
void kg_norm_append(kg_buf *out, const char *s, size_t len, unsigned flags);

/* Tokenise a phrase (a gazetteer name, a word in a pattern) and append the
 * normalised keys of its tokens under `flags` to *keys, separated by a single
 * space; hyphen tokens are left out when KG_NORM_HYPHEN is set.  Returns the
 * number of tokens kept. */
size_t kg_phrase_key(kg_buf *keys, const char *s, size_t len, unsigned flags);

/* Decode one UTF-8 code point at s[0, n); returns its length (>= 1) and sets
 * *cp (U+FFFD for an invalid byte, length 1). */
size_t kg_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Character classes used by the tokeniser and the sentence splitter. */
bool kg_is_space_cp(int32_t cp);
bool kg_is_word_cp(int32_t cp);   /* letter, digit or mark */
bool kg_is_upper_cp(int32_t cp);
bool kg_is_lower_cp(int32_t cp);
bool kg_is_digit_cp(int32_t cp);

#endif
