/*
 * tests/extract/test_entities.c: entity mentions: gazetteers (inline and
 * aliases), regexes with groups, token patterns, normalisation options,
 * canonicalisation, and the overlap policy.
 */
#include "helpers.h"

Test(extract_entities, gazetteer_aliases_map_to_canonical)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: ORG\n"
        "    gazetteer:\n"
        "      - name: Bedford Hospital NHS Trust\n"
        "        aliases: [Bedford Hospital, Bedford Hospital Trust]\n",
        "Bedford Hospital said Bedford Hospital Trust and bedford hospital nhs trust agreed.",
        "ORG [Bedford Hospital] => Bedford Hospital NHS Trust\n"
        "ORG [Bedford Hospital Trust] => Bedford Hospital NHS Trust\n"
        "ORG [bedford hospital nhs trust] => Bedford Hospital NHS Trust\n");
}

Test(extract_entities, case_sensitive_type)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: BODY\n"
        "    case_sensitive: true\n"
        "    gazetteer: [Monitor]\n",
        "Monitor will monitor the trust.",
        "BODY [Monitor] => Monitor\n");
}

Test(extract_entities, normalisation_quotes_ampersand_hyphen)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: ORG\n"
        "    gazetteer: [\"King's College Hospital\", \"Mills and Reeve\", \"Cross-Bay Trust\"]\n",
        "King\xE2\x80\x99s College Hospital hired Mills & Reeve; Cross Bay Trust agreed.",
        "ORG [King\xE2\x80\x99s College Hospital] => King's College Hospital\n"
        "ORG [Mills & Reeve] => Mills and Reeve\n"
        "ORG [Cross Bay Trust] => Cross-Bay Trust\n");
}

Test(extract_entities, normalisation_off)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: ORG\n"
        "    normalize: []\n"
        "    gazetteer: [\"Mills and Reeve\"]\n",
        "Mills & Reeve and mills and reeve.",
        "ORG [mills and reeve] => Mills and Reeve\n");
}

Test(extract_entities, regex_named_group_is_the_span)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: MONEY\n"
        "    patterns:\n"
        "      - regex: 'worth (?<amount>\xC2\xA3[0-9.]+(m|bn)?)'\n"
        "        group: amount\n",
        "A deal worth \xC2\xA3" "235m was signed.",
        "MONEY [\xC2\xA3" "235m] => \xC2\xA3" "235m\n");
}

Test(extract_entities, regex_snaps_to_token_boundaries)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: X\n"
        "    patterns:\n"
        "      - regex: 'ridge'\n",
        "Cambridge is here.",
        "X [Cambridge] => Cambridge\n");
}

Test(extract_entities, token_pattern_with_canonical_rules)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: CCG\n"
        "    canonical:\n"
        "      - strip_suffix: \"(CCG)\"\n"
        "      - map_suffix: {from: Clinical Commissioning Group, to: CCG}\n"
        "      - strip_prefix: NHS\n"
        "    patterns:\n"
        "      - tokens: 'NHS? %Cap{1,4} (CCG | \"Clinical Commissioning Group\") (\"(\" CCG \")\")?'\n",
        "Coastal West Sussex Clinical Commissioning Group (CCG) met NHS Coastal West Sussex CCG.",
        "CCG [Coastal West Sussex Clinical Commissioning Group (CCG)] => Coastal West Sussex CCG\n"
        "CCG [NHS Coastal West Sussex CCG] => Coastal West Sussex CCG\n");
}

Test(extract_entities, pattern_match_canonicalised_to_gazetteer_name)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: TRUST\n"
        "    canonical: [{strip_suffix: NHS Trust}]\n"
        "    gazetteer:\n"
        "      - name: Bedford Hospital NHS Trust\n"
        "        aliases: [Bedford Hospital]\n"
        "    patterns:\n"
        "      - tokens: '%Cap{1,3} NHS Trust'\n",
        "We met Bedford Hospital NHS Trust.",
        "TRUST [Bedford Hospital NHS Trust] => Bedford Hospital NHS Trust\n");
}

Test(extract_entities, longest_match_wins)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: SHORT\n"
        "    priority: 10\n"
        "    gazetteer: [Kent]\n"
        "  - name: LONG\n"
        "    gazetteer: [Kent County Council]\n",
        "Kent County Council voted.",
        "LONG [Kent County Council] => Kent County Council\n");
}

Test(extract_entities, equal_length_higher_priority_wins)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: TRUST\n"
        "    patterns: [{tokens: '%Cap Trust'}]\n"
        "  - name: THINKTANK\n"
        "    priority: 5\n"
        "    gazetteer: [Nuffield Trust]\n",
        "Nuffield Trust said so.",
        "THINKTANK [Nuffield Trust] => Nuffield Trust\n");
}

Test(extract_entities, equal_priority_gazetteer_then_earlier_rule)
{
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: A\n"
        "    patterns: [{tokens: 'Acme %Cap'}]\n"
        "  - name: B\n"
        "    patterns: [{tokens: '%Cap Widgets'}]\n"
        "  - name: C\n"
        "    gazetteer: [Acme Widgets]\n",
        "Acme Widgets and Acme Gadgets.",
        "C [Acme Widgets] => Acme Widgets\n"
        "A [Acme Gadgets] => Acme Gadgets\n");
}

Test(extract_entities, many_capitalised_words_are_bounded)
{
    /* 300,000 capitalised words: a bounded pattern keeps this linear. */
    kg_buf text = KG_BUF_INIT;
    for (int i = 0; i < 300000; i++) kg_buf_puts(&text, "Word ");
    kg_buf_puts(&text, "Trust");
    char *got = extract_lines("types:\n  - name: T\n    patterns: [{tokens: '%Cap{1,3} Trust'}]\n",
                              text.ptr, true);
    cr_assert_str_eq(got, "T [Word Word Word Trust] => Word Word Word Trust\n");
    free(got);
    kg_buf_free(&text);
}

Test(extract_entities, mention_of_only_hyphens_keeps_its_text)
{
    /* Hyphens are dropped from the key under normalize: [hyphen]; a
     * pattern matching nothing but hyphens must still get a name (this read
     * before the start of an array). */
    EXPECT_MENTIONS(
        "types:\n"
        "  - name: DASH\n"
        "    patterns: [{regex: '-+'}]\n",
        "Foo - Bar and -- x.",
        "DASH [-] => -\n"
        "DASH [--] => --\n");
}

/* ---- shared plural heads: "Kent and Surrey CCGs" ---- */

#define SHARED \
    "types:\n" \
    "  - name: CCG\n" \
    "    gazetteer: [Surrey Heath CCG]\n" \
    "    patterns: [{tokens: '%Cap{1,3} CCG'}]\n" \
    "    shared_heads:\n" \
    "      - {plural: [CCGs, \"clinical commissioning groups\"], singular: CCG}\n" \
    "  - name: FIRM\n" \
    "    gazetteer: [Acme Ltd]\n"

Test(extract_entities, shared_head_makes_a_mention_per_name)
{
    EXPECT_MENTIONS(SHARED, "Both Kent, East Fenmoor and Surrey Heath CCGs hired Acme Ltd.",
                    "CCG [Kent] => Kent CCG\n"
                    "CCG [East Fenmoor] => East Fenmoor CCG\n"
                    "CCG [Surrey Heath CCGs] => Surrey Heath CCG\n"
                    "FIRM [Acme Ltd] => Acme Ltd\n");
}

Test(extract_entities, shared_head_phrase_and_determiners)
{
    EXPECT_MENTIONS(SHARED, "It went to the Kent and the Surrey clinical commissioning groups.",
                    "CCG [Kent] => Kent CCG\n"
                    "CCG [Surrey clinical commissioning groups] => Surrey CCG\n");
}

Test(extract_entities, shared_head_needs_a_coordination)
{
    /* one name, or names without "and", share nothing; a mention reaching
     * outside the list is left alone */
    EXPECT_MENTIONS(SHARED, "Kent CCGs met. Kent, Surrey CCGs met. Acme Ltd and Kent CCGs met.",
                    "FIRM [Acme Ltd] => Acme Ltd\n");
}
