/*
 * tests/text/test_token.c: the tokeniser (word boundaries, possessives,
 * negations, numbers, punctuation, line numbers) and the normaliser.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "text/text.h"

/* Tokens of `s` as "key|key|..." (folded keys). */
static char *keys_of(const char *s)
{
    kg_tokens t = {0};
    kg_tokenize(&t, s, 0, strlen(s), 1);
    kg_buf b = KG_BUF_INIT;
    for (size_t i = 0; i < t.n; i++) {
        if (i) kg_buf_putc(&b, '|');
        kg_buf_puts(&b, kg_token_key(&t, i));
    }
    kg_tokens_free(&t);
    return kg_buf_detach(&b);
}

#define EXPECT_KEYS(text, expected) do { \
        char *k_ = keys_of(text); \
        cr_assert_str_eq(k_, expected); \
        free(k_); \
    } while (0)

Test(text_token, words_and_punctuation)
{
    EXPECT_KEYS("Kent CCG awarded it, (finally).", "kent|ccg|awarded|it|,|(|finally|)|.");
}

Test(text_token, possessive_and_negation_split)
{
    EXPECT_KEYS("The trust's board didn't agree; King\xE2\x80\x99s won.",
                "the|trust|'s|board|did|n't|agree|;|king|'s|won|.");
}

Test(text_token, inner_apostrophe_kept)
{
    EXPECT_KEYS("O'Neill and D\xE2\x80\x99" "Arcy", "o'neill|and|d'arcy");
}

Test(text_token, numbers_and_money)
{
    EXPECT_KEYS("\xC2\xA3" "3.5m and 1,000 beds, 2.", "\xC2\xA3|3.5m|and|1,000|beds|,|2|.");
}

Test(text_token, hyphens_are_tokens)
{
    EXPECT_KEYS("five-year deal", "five|-|year|deal");
}

Test(text_token, ampersand_folds_to_and)
{
    EXPECT_KEYS("Mills & Reeve", "mills|and|reeve");
}

Test(text_token, unicode_case_folding_and_nfkc)
{
    EXPECT_KEYS("\xC3\x89" "COLE \xEF\xAC\x81" "ne", "\xC3\xA9" "cole|fine");
}

Test(text_token, invalid_marker_and_nul_are_space)
{
    const char s[] = "a\x1A" "b c";
    kg_tokens t = {0};
    kg_tokenize(&t, s, 0, sizeof s - 1, 1);
    cr_assert_eq(t.n, 3);
    kg_tokens_free(&t);
}

Test(text_token, offsets_lines_and_flags)
{
    const char *s = "Kent\nCCG 42 nhs";
    kg_tokens t = {0};
    kg_tokenize(&t, s, 0, strlen(s), 7);
    cr_assert_eq(t.n, 4);
    cr_assert_eq(t.v[1].start, 5);
    cr_assert_eq(t.v[1].end, 8);
    cr_assert_eq(t.v[0].line, 7);
    cr_assert_eq(t.v[1].line, 8);
    cr_assert(t.v[0].flags & KG_TOK_CAP);
    cr_assert(t.v[1].flags & KG_TOK_UPPER);
    cr_assert(t.v[2].flags & KG_TOK_NUM);
    cr_assert(t.v[3].flags & KG_TOK_LOWER);
    cr_assert_not(t.v[0].flags & KG_TOK_UPPER);
    kg_tokens_free(&t);
}

Test(text_norm, flags_select_what_is_normalised)
{
    kg_buf b = KG_BUF_INIT;
    kg_norm_append(&b, "King\xE2\x80\x99s", 8, KG_NORM_QUOTES);
    cr_assert_str_eq(b.ptr, "King's");
    kg_buf_clear(&b);
    kg_norm_append(&b, "King\xE2\x80\x99s", 8, KG_NORM_FOLD);
    cr_assert_str_eq(b.ptr, "king\xE2\x80\x99s");
    kg_buf_free(&b);
}

Test(text_norm, phrase_key_drops_hyphens_when_asked)
{
    kg_buf b = KG_BUF_INIT;
    cr_assert_eq(kg_phrase_key(&b, "Cross-Bay  Trust", 16, KG_NORM_ALL), 3);
    cr_assert_str_eq(b.ptr, "cross bay trust");
    kg_buf_clear(&b);
    cr_assert_eq(kg_phrase_key(&b, "Cross-Bay", 9, KG_NORM_FOLD), 3);
    cr_assert_str_eq(b.ptr, "cross - bay");
    kg_buf_free(&b);
}
