/*
 * tests/rules/test_regex.c: the bounded PCRE2 wrapper (rules/regex.c).
 */
#include "helpers.h"

static kg_regex *compile(const char *pat, bool caseless)
{
    kg_regex *re = NULL;
    char err[256];
    size_t off = 0;
    cr_assert_eq(kg_regex_compile(&re, pat, caseless, err, &off), 0, "%s", err);
    return re;
}

Test(rules_regex, match_and_groups)
{
    kg_regex *re = compile("(?<name>[A-Z][a-z]+) (CCG)", false);
    cr_assert_eq(kg_regex_group_count(re), 2);
    cr_assert_eq(kg_regex_group_number(re, "name"), 1);
    cr_assert_eq(kg_regex_group_number(re, "nope"), -1);
    cr_assert_not(kg_regex_matches_empty(re));
    kg_regex_scratch *s = kg_regex_scratch_new();
    const char *t = "the Kent CCG and Surrey CCG";
    size_t a, b;
    cr_assert_eq(kg_regex_exec(re, s, t, strlen(t), 0, 1, false, &a, &b), 1);
    cr_assert_eq(a, 4);
    cr_assert_eq(b, 8);
    cr_assert_eq(kg_regex_exec(re, s, t, strlen(t), 9, 0, false, &a, &b), 1);
    cr_assert_eq(a, 17);
    cr_assert_eq(b, 27);
    cr_assert_eq(kg_regex_exec(re, s, t, strlen(t), 20, 0, false, &a, &b), 0);
    kg_regex_scratch_free(s);
    kg_regex_free(re);
}

Test(rules_regex, anchored)
{
    kg_regex *re = compile("[0-9]+", false);
    size_t a, b;
    cr_assert_eq(kg_regex_exec(re, NULL, "123", 3, 0, 0, true, &a, &b), 1);
    cr_assert_eq(kg_regex_exec(re, NULL, "123x", 4, 0, 0, true, &a, &b), 0);
    cr_assert_eq(kg_regex_exec(re, NULL, "x123", 4, 0, 0, true, &a, &b), 0);
    cr_assert_eq(kg_regex_exec(re, NULL, "x123", 4, 1, 0, true, &a, &b), 1);
    kg_regex_free(re);
}

Test(rules_regex, unicode_and_caseless)
{
    kg_regex *re = compile("\\w+ café", true);
    size_t a, b;
    const char *t = "Zoë CAFÉ";
    cr_assert_eq(kg_regex_exec(re, NULL, t, strlen(t), 0, 0, false, &a, &b), 1);
    cr_assert_eq(a, 0);
    cr_assert_eq(b, strlen(t));
    kg_regex_free(re);
}

Test(rules_regex, unset_group_skipped)
{
    kg_regex *re = compile("a|(b)", false);
    size_t a, b;
    cr_assert_eq(kg_regex_exec(re, NULL, "aab", 3, 0, 1, false, &a, &b), 1);
    cr_assert_eq(a, 2);
    cr_assert_eq(b, 3);
    kg_regex_free(re);
}

Test(rules_regex, syntax_error)
{
    kg_regex *re = (kg_regex *)1;
    char err[256];
    size_t off = 0;
    cr_assert_eq(kg_regex_compile(&re, "ab[c", false, err, &off), KG_ERULE);
    cr_assert_null(re);
    cr_assert_str_eq(err, "missing terminating ] for character class at offset 4");
    cr_assert_eq(off, 4);
}

Test(rules_regex, matches_empty)
{
    kg_regex *re = compile("x?", false);
    cr_assert(kg_regex_matches_empty(re));
    kg_regex_free(re);
}

Test(rules_regex, catastrophic_backtracking_is_bounded)
{
    kg_regex *re = compile("^(a+)+$", false);
    char subject[64];
    memset(subject, 'a', 40);
    subject[40] = '!';
    size_t a, b;
    kg_regex_scratch *s = kg_regex_scratch_new();
    cr_assert_eq(kg_regex_exec(re, s, subject, 41, 0, 0, false, &a, &b), -1);
    cr_assert_eq(kg_regex_exec(re, s, subject, 41, 0, 0, true, &a, &b), -1);
    kg_regex_scratch_free(s);
    kg_regex_free(re);
}
