/*
 * tests/extract/test_filters.c: the filters in front of the matcher
 * (extract/match.c) skip only what cannot match.  Each test reaches a match
 * the way a filter could wrongly rule out: a first token reachable only
 * through a word list (one-token entry, phrase, prefix), an anchor exactly
 * max_len - 1 tokens after the start (the window filter), a regex among the
 * first tokens, and referring phrases and shared heads whose lists lie
 * beyond the first 64 (the vocabulary's bitsets take two words).
 */
#include "helpers.h"
#include "rules/compiled.h"

Test(extract_filters, first_token_through_a_list)
{
    EXPECT_MENTIONS("types:\n"
                    "  - name: PERSON\n"
                    "    patterns:\n"
                    "      - tokens: '@titles %Cap'\n"
                    "lists:\n"
                    "  titles: [dr, \"the honourable\", prof*]\n",
                    "Dr Jones met The Honourable Smith and Professor Brown, not Drake Holt.",
                    "PERSON [Dr Jones] => Dr Jones\n"
                    "PERSON [The Honourable Smith] => The Honourable Smith\n"
                    "PERSON [Professor Brown] => Professor Brown\n");
}

#define MANY_ENDS \
    "types:\n" \
    "  - name: ORG\n" \
    "    patterns:\n" \
    "      - tokens: '%Cap{1,3} (=W1 | =W2 | =W3 | =W4 | =W5 | =W6 | =W7 | =W8 | =W9 | =W10 " \
    "| =W11 | =W12 | =W13 | =W14)'\n" \
    "      - tokens: '(/^X[0-9]+$/ | =Acme) Labs'\n"

/* max_len is 4: a start three tokens before the anchor is tried, one four
 * tokens before it cannot match. */
Test(extract_filters, window_reaches_max_len)
{
    EXPECT_MENTIONS(MANY_ENDS,
                    "Alpha Beta Gamma W14 met. Alpha Beta Gamma Delta W13 met. Epsilon W1 met.",
                    "ORG [Alpha Beta Gamma W14] => Alpha Beta Gamma W14\n"
                    "ORG [Beta Gamma Delta W13] => Beta Gamma Delta W13\n"
                    "ORG [Epsilon W1] => Epsilon W1\n");
}

Test(extract_filters, regex_at_the_first_token)
{
    EXPECT_MENTIONS(MANY_ENDS, "We met X5 Labs and Acme Labs and Y5 Labs.",
                    "ORG [X5 Labs] => X5 Labs\n"
                    "ORG [Acme Labs] => Acme Labs\n");
}

/* Lists first, so the shared heads' and the referring phrases' anonymous
 * lists come after 70 named ones. */
static char *many_lists_yaml(void)
{
    kg_buf y = KG_BUF_INIT;
    kg_buf_puts(&y, "lists:\n");
    for (int i = 0; i < 70; i++) kg_buf_printf(&y, "  l%d: [w%d, \"x w%d\"]\n", i, i, i);
    kg_buf_puts(&y, "types:\n"
                    "  - name: TRUST\n"
                    "    gazetteer: [Kent NHS Trust]\n"
                    "    shared_heads:\n"
                    "      - {plural: [trusts], singular: \"NHS Trust\"}\n"
                    "document:\n"
                    "  coreference:\n"
                    "    - phrases: [\"the trust\"]\n"
                    "      types: [TRUST]\n");
    return kg_buf_detach(&y);
}

Test(extract_filters, coreference_and_shared_heads_beyond_64_lists)
{
    char *yaml = many_lists_yaml();
    kg_rules *r = load_rules(yaml);
    cr_assert_geq(r->corefs[0].list, 64);
    cr_assert_geq(r->types[0].heads[0].list, 64);
    kg_rules_free(r);
    EXPECT_MENTIONS(yaml, "Kent NHS Trust met. Later the trust said so. Kent and Surrey trusts met.",
                    "TRUST [Kent NHS Trust] => Kent NHS Trust\n"
                    "TRUST [the trust] => Kent NHS Trust\n"
                    "TRUST [Kent] => Kent NHS Trust\n"
                    "TRUST [Surrey trusts] => Surrey NHS Trust\n");
    free(yaml);
}
