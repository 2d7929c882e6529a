/*
 * tests/rules/test_style.c: the `style:` key of types and relations
 * (docs/rules.md): what it accepts, the exact messages for what it refuses,
 * and the pack order kg_rules_styles() reports, which the exports use to
 * give each type and relation the same colour in every graph.
 */
#include "helpers.h"

#define REL_TAIL "    source: A\n    target: B\n    patterns: ['{source} funds {target}']\n"

Test(rules_style, accepted_and_reported_in_pack_order)
{
    kg_rules *r = must_load("types:\n"
                            "  - {name: B, gazetteer: [b], style: {color: \"#ABC\", shape: box}}\n"
                            "  - {name: A, gazetteer: [a]}\n"
                            "relations:\n"
                            "  - name: r1\n    relation: funds\n" REL_TAIL
                            "  - name: r2\n    relation: buys\n" REL_TAIL
                            "  - name: r3\n    relation: funds\n    style: {line: dashed}\n" REL_TAIL);
    kg_rules_style *t, *rel;
    size_t nt, nr;
    cr_assert_eq(kg_rules_styles(r, &t, &nt, &rel, &nr), 0);
    cr_assert_eq(nt, 2);
    cr_assert_str_eq(t[0].name, "B");
    cr_assert_str_eq(t[0].color, "#aabbcc");
    cr_assert_str_eq(t[0].shape, "box");
    cr_assert_str_eq(t[1].name, "A");
    cr_assert_null(t[1].color);
    cr_assert_null(t[1].shape);
    cr_assert_eq(nr, 2);
    cr_assert_str_eq(rel[0].name, "funds");
    cr_assert_null(rel[0].color);
    cr_assert_str_eq(rel[0].shape, "dashed", "a later rule styles the relation");
    cr_assert_str_eq(rel[1].name, "buys");
    cr_assert_null(rel[1].shape);
    free(t);
    free(rel);
    kg_rules_free(r);
}

Test(rules_style, bad_colour)
{
    expect_error("types:\n  - name: A\n    style: {color: blue}\n",
                 "rules.yaml:3:20: invalid colour 'blue' (write it \"#rrggbb\", quoted, e.g. "
                 "\"#0072b2\")\n"
                 "      style: {color: blue}\n"
                 "                     ^");
}

Test(rules_style, unquoted_hash_is_a_comment)
{
    /* YAML reads an unquoted #... as a comment: the value is empty */
    expect_error("types:\n  - name: A\n    style:\n      color: #0072b2\n",
                 "rules.yaml:4:13: expected a colour \"#rrggbb\", found nothing\n"
                 "        color: #0072b2\n"
                 "              ^");
}

Test(rules_style, bad_shape)
{
    expect_error("types:\n  - name: A\n    style: {shape: hexgon}\n",
                 "rules.yaml:3:20: unknown shape 'hexgon' (did you mean 'hexagon'?)\n"
                 "      style: {shape: hexgon}\n"
                 "                     ^~~~~~");
}

Test(rules_style, bad_line)
{
    expect_error("types:\n  - {name: A, gazetteer: [a]}\n  - {name: B, gazetteer: [b]}\n"
                 "relations:\n  - name: r1\n    relation: funds\n    style: {line: wavy}\n" REL_TAIL,
                 "rules.yaml:7:19: unknown line style 'wavy' (choose solid, dashed, dotted or bold)\n"
                 "      style: {line: wavy}\n"
                 "                    ^~~~");
}

Test(rules_style, shape_key_on_relation)
{
    expect_error("types:\n  - {name: A, gazetteer: [a]}\n  - {name: B, gazetteer: [b]}\n"
                 "relations:\n  - name: r1\n    relation: funds\n    style: {shape: box}\n" REL_TAIL,
                 "rules.yaml:7:13: unknown key 'shape' in style\n"
                 "      style: {shape: box}\n"
                 "              ^~~~~");
}

Test(rules_style, colour_spelling)
{
    expect_error("types:\n  - name: A\n    style: {colour: \"#000000\"}\n",
                 "rules.yaml:3:13: unknown key 'colour' in style (did you mean 'color'?)\n"
                 "      style: {colour: \"#000000\"}\n"
                 "              ^~~~~~");
}

Test(rules_style, not_a_mapping)
{
    expect_error("types:\n  - name: A\n    style: red\n",
                 "rules.yaml:3:12: expected a style {color: \"#rrggbb\", shape: NAME}, found a "
                 "string\n"
                 "      style: red\n"
                 "             ^");
}

Test(rules_style, relation_styled_twice_differently)
{
    expect_error("types:\n  - {name: A, gazetteer: [a]}\n  - {name: B, gazetteer: [b]}\n"
                 "relations:\n"
                 "  - name: r1\n    relation: funds\n    style: {color: \"#000000\"}\n" REL_TAIL
                 "  - name: r2\n    relation: funds\n    style: {color: \"#ffffff\"}\n" REL_TAIL,
                 "rules.yaml:13:12: relation 'funds' is styled differently in rule 'r1' "
                 "(rules.yaml:7:12); give a relation one style\n"
                 "      style: {color: \"#ffffff\"}\n"
                 "             ^");
}
