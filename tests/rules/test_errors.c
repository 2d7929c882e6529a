/*
 * tests/rules/test_errors.c: every class of bad rule file is refused with
 * an exact, actionable message: "FILE:LINE:COL: what", the source line, a
 * caret under the column.
 */
#include "helpers.h"

static const char *const TYPES2 = "types:\n"
                                  "  - {name: TRUST, gazetteer: [a]}\n"
                                  "  - {name: COMPANY, gazetteer: [b]}\n";

Test(rules_errors, unknown_key_did_you_mean)
{
    expect_error("types:\n  - name: TRUST\n    lables: x\n",
                 "rules.yaml:3:5: unknown key 'lables' in type (did you mean 'label'?)\n"
                 "      lables: x\n"
                 "      ^~~~~~");
}

Test(rules_errors, unknown_key_no_suggestion)
{
    expect_error("types:\n  - name: TRUST\n    colour: red\n",
                 "rules.yaml:3:5: unknown key 'colour' in type\n"
                 "      colour: red\n"
                 "      ^~~~~~");
}

Test(rules_errors, unknown_top_level_key)
{
    expect_error("typs: []\n",
                 "rules.yaml:1:1: unknown key 'typs' in rule file (did you mean 'types'?)\n"
                 "  typs: []\n"
                 "  ^~~~");
}

Test(rules_errors, unknown_key_deep)
{
    expect_error("types:\n  - name: T\n    canonical:\n      - map_suffix: {from: a, too: b}\n",
                 "rules.yaml:4:31: unknown key 'too' in map_suffix (did you mean 'to'?)\n"
                 "        - map_suffix: {from: a, too: b}\n"
                 "                                ^~~");
}

Test(rules_errors, duplicate_key)
{
    expect_error("types:\n  - name: A\n    name: B\n",
                 "rules.yaml:3:5: duplicate key 'name' in type\n"
                 "      name: B\n"
                 "      ^");
}

Test(rules_errors, yaml_syntax)
{
    expect_error("types:\n  - name: [A, B\n",
                 "rules.yaml:3:1: did not find expected ',' or ']' while parsing a flow sequence\n"
                 "  \n"
                 "  ^");
}

Test(rules_errors, yaml_syntax_mapping)
{
    expect_error("types:\n  - name: A\n   label: x\n",
                 "rules.yaml:3:4: did not find expected '-' indicator while parsing a block collection\n"
                 "     label: x\n"
                 "     ^");
}

Test(rules_errors, wrong_node_kind)
{
    char *y = kg_xasprintf("%srelations:\n  - name: r\n    source: {a: b}\n    target: TRUST\n"
                           "    patterns: [\"{source} x {target}\"]\n", TYPES2);
    expect_error(y, "rules.yaml:6:13: expected a type name or a list of type names, found a mapping\n"
                    "      source: {a: b}\n"
                    "              ^");
    free(y);
}

Test(rules_errors, wrong_kind_types_section)
{
    expect_error("types: TRUST\n",
                 "rules.yaml:1:8: expected a list of entity types, found a string\n"
                 "  types: TRUST\n"
                 "         ^");
}

Test(rules_errors, not_a_bool)
{
    expect_error("types:\n  - name: A\n    case_sensitive: maybe\n",
                 "rules.yaml:3:21: expected true or false, found a string 'maybe'\n"
                 "      case_sensitive: maybe\n"
                 "                      ^");
}

Test(rules_errors, missing_required_key)
{
    expect_error("types:\n  - label: x\n",
                 "rules.yaml:2:5: missing key 'name' in type\n"
                 "    - label: x\n"
                 "      ^");
}

Test(rules_errors, missing_patterns)
{
    char *y = kg_xasprintf("%srelations:\n  - {name: r, source: TRUST, target: TRUST}\n", TYPES2);
    expect_error(y, "rules.yaml:5:5: missing key 'patterns' in relation\n"
                    "    - {name: r, source: TRUST, target: TRUST}\n"
                    "      ^");
    free(y);
}

Test(rules_errors, invalid_type_name)
{
    expect_error("types:\n  - name: trust\n",
                 "rules.yaml:2:11: invalid type name 'trust' (use capital letters, digits and '_', "
                 "starting with a letter)\n"
                 "    - name: trust\n"
                 "            ^");
}

Test(rules_errors, caret_keeps_tabs)
{
    expect_error("types: [{name:\tlow}]\n",
                 "rules.yaml:1:16: invalid type name 'low' (use capital letters, digits and '_', "
                 "starting with a letter)\n"
                 "  types: [{name:\tlow}]\n"
                 "                \t^");
}

Test(rules_errors, unknown_type_in_slot)
{
    char *y = kg_xasprintf("%srelations:\n  - name: r\n    source: TRSUT\n    target: COMPANY\n"
                           "    patterns: [\"{source} x {target}\"]\n", TYPES2);
    expect_error(y, "rules.yaml:6:13: unknown entity type 'TRSUT' (did you mean 'TRUST'?)\n"
                    "      source: TRSUT\n"
                    "              ^~~~~");
    free(y);
}

Test(rules_errors, unknown_type_in_slot_list)
{
    char *y = kg_xasprintf("%srelations:\n  - name: r\n    source: TRUST\n    target: [COMPANY, ZEBRA]\n"
                           "    patterns: [\"{source} x {target}\"]\n", TYPES2);
    expect_error(y, "rules.yaml:7:23: unknown entity type 'ZEBRA'\n"
                    "      target: [COMPANY, ZEBRA]\n"
                    "                        ^~~~~");
    free(y);
}

Test(rules_errors, unknown_word_list)
{
    char *y = kg_xasprintf("lists:\n  award_verbs: [award*]\n%srelations:\n  - name: r\n"
                           "    source: TRUST\n    target: COMPANY\n"
                           "    patterns: [\"{source} @awrd_verbs {target}\"]\n", TYPES2);
    expect_error(y, "rules.yaml:10:26: unknown word list 'awrd_verbs' (did you mean 'award_verbs'?)\n"
                    "      patterns: [\"{source} @awrd_verbs {target}\"]\n"
                    "                           ^~~~~~~~~~~");
    free(y);
}

Test(rules_errors, unknown_word_list_plain_scalar)
{
    expect_error("types:\n  - name: T\n    patterns:\n      - tokens: The @nope\n",
                 "rules.yaml:4:21: unknown word list 'nope'\n"
                 "        - tokens: The @nope\n"
                 "                      ^~~~~");
}

Test(rules_errors, invalid_regex)
{
    expect_error("types:\n  - name: T\n    patterns:\n      - regex: '(abc'\n",
                 "rules.yaml:4:21: invalid regex: missing closing parenthesis at offset 4\n"
                 "        - regex: '(abc'\n"
                 "                      ^");
}

Test(rules_errors, regex_unknown_group)
{
    expect_error("types:\n  - name: T\n    patterns:\n      - {regex: '(?<a>x)', group: b}\n",
                 "rules.yaml:4:35: the regex has no group named 'b'\n"
                 "        - {regex: '(?<a>x)', group: b}\n"
                 "                                    ^");
}

Test(rules_errors, duplicate_rule_name)
{
    char *y = kg_xasprintf("%srelations:\n"
                           "  - {name: r, source: TRUST, target: COMPANY, patterns: [\"{source} x {target}\"]}\n"
                           "  - {name: r, source: TRUST, target: COMPANY, patterns: [\"{source} y {target}\"]}\n",
                           TYPES2);
    expect_error(y, "rules.yaml:6:12: duplicate rule name 'r' (first defined at rules.yaml:5:12)\n"
                    "    - {name: r, source: TRUST, target: COMPANY, patterns: [\"{source} y {target}\"]}\n"
                    "             ^");
    free(y);
}

Test(rules_errors, duplicate_type)
{
    expect_error("types:\n  - {name: A, gazetteer: [a]}\n  - {name: A, gazetteer: [b]}\n",
                 "rules.yaml:3:12: duplicate type 'A' (first defined at rules.yaml:2:12)\n"
                 "    - {name: A, gazetteer: [b]}\n"
                 "             ^");
}

Test(rules_errors, too_many_types)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "types:\n");
    for (int i = 0; i <= 64; i++) kg_buf_printf(&b, "  - name: T%d\n", i);
    expect_error(b.ptr, "rules.yaml:66:11: more than 64 entity types\n"
                        "    - name: T64\n"
                        "            ^");
    kg_buf_free(&b);
}

Test(rules_errors, symmetric_disagreement)
{
    char *y = kg_xasprintf("%srelations:\n"
                           "  - {name: a, relation: knows, symmetric: true, source: TRUST, target: TRUST, patterns: [\"{source} x {target}\"]}\n"
                           "  - {name: b, relation: knows, source: TRUST, target: TRUST, patterns: [\"{source} y {target}\"]}\n",
                           TYPES2);
    expect_error(y, "rules.yaml:6:12: relation 'knows' is not symmetric here but symmetric in rule 'a' (rules.yaml:5:12)\n"
                    "    - {name: b, relation: knows, source: TRUST, target: TRUST, patterns: [\"{source} y {target}\"]}\n"
                    "             ^");
    free(y);
}

Test(rules_errors, undefined_alias)
{
    expect_error("types:\n  - name: A\n    gazetteer: *names\n",
                 "rules.yaml:3:16: undefined alias 'names'\n"
                 "      gazetteer: *names\n"
                 "                 ^");
}

Test(rules_errors, empty_file)
{
    expect_error("", "rules.yaml: no rules");
}

Test(rules_errors, no_rules)
{
    expect_error("# only a comment\nexamples: []\n", "rules.yaml: no rules");
}

Test(rules_errors, two_documents)
{
    expect_error("types: [{name: A}]\n---\ntypes: [{name: B}]\n",
                 "rules.yaml:2:1: a rule file holds one YAML document, found a second\n"
                 "  ---\n"
                 "  ^");
}

Test(rules_errors, binary_nul)
{
    kg_rules *r = NULL;
    const char data[] = "types:\0\x01\x02";
    cr_assert_eq(kg_rules_load_string(&r, "rules.yaml", data, sizeof data - 1, NULL), KG_ERULE);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(), "rules.yaml: not a YAML text file (binary data)");
}

Test(rules_errors, binary_invalid_utf8)
{
    char *dir = temp_dir();
    char *path = write_temp(dir, "latin1.yaml", "types:\n  - name: CAF\xe9\n",
                             strlen("types:\n  - name: CAF\xe9\n"));
    kg_rules *r = NULL;
    const char *p = path;
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), KG_ERULE);
    char *want = kg_xasprintf("%s: not a YAML text file (binary data)", path);
    cr_assert_str_eq(kg_error_last(), want);
    free(want);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

Test(rules_errors, unreadable_file)
{
    kg_rules *r = (kg_rules *)1;
    const char *p = FIXTURES "/no-such-file.yaml";
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), KG_EIO);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(), FIXTURES "/no-such-file.yaml: No such file or directory");
}

Test(rules_errors, include_cycle)
{
    kg_rules *r = (kg_rules *)1;
    const char *p = FIXTURES "/cycle_a.yaml";
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), KG_ERULE);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(),
                     FIXTURES "/cycle_b.yaml:2:11: include cycle: " FIXTURES "/cycle_a.yaml -> "
                     FIXTURES "/cycle_b.yaml -> " FIXTURES "/cycle_a.yaml\n"
                     "  include: [cycle_a.yaml]\n"
                     "            ^");
}

Test(rules_errors, missing_include)
{
    kg_rules *r = (kg_rules *)1;
    const char *p = FIXTURES "/missing_include.yaml";
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), KG_ERULE);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(),
                     FIXTURES "/missing_include.yaml:3:5: cannot read include " FIXTURES
                     "/sub/nope.yaml: No such file or directory\n"
                     "    - sub/nope.yaml\n"
                     "      ^");
}

Test(rules_errors, gazetteer_file_empty_name)
{
    kg_rules *r = (kg_rules *)1;
    const char *p = FIXTURES "/bad_gazetteer.yaml";
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), KG_ERULE);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(), FIXTURES "/sub/bad_names.tsv:2:1: empty name in gazetteer file\n"
                                      "  \tOrphan alias\n"
                                      "  ^");
}

Test(rules_errors, missing_gazetteer_file)
{
    expect_error("types:\n  - name: A\n    gazetteer_files: nope.tsv\n",
                 "rules.yaml:3:22: cannot read gazetteer file nope.tsv: No such file or directory\n"
                 "      gazetteer_files: nope.tsv\n"
                 "                       ^");
}

Test(rules_errors, entity_token_pattern_error)
{
    expect_error("types:\n  - name: T\n    patterns:\n      - tokens: \"%Cap %Capital\"\n",
                 "rules.yaml:4:23: unknown token class '%Capital': use %Cap, %Upper, %Lower, "
                 "%Num, %Word, %Punct or %Any\n"
                 "        - tokens: \"%Cap %Capital\"\n"
                 "                        ^");
}

Test(rules_errors, example_unknown_relation)
{
    char *y = kg_xasprintf("%srelations:\n"
                           "  - {name: awards, source: TRUST, target: COMPANY, patterns: [\"{source} x {target}\"]}\n"
                           "examples:\n  - text: t\n    edges: [[awrds, a, b]]\n",
                           TYPES2);
    expect_error(y, "rules.yaml:8:14: unknown relation 'awrds' (did you mean 'awards'?)\n"
                    "      edges: [[awrds, a, b]]\n"
                    "               ^~~~~");
    free(y);
}

Test(rules_errors, empty_regex_warning)
{
    kg_buf w = KG_BUF_INIT;
    kg_rules *r = NULL;
    int rc = load_yaml(&r, "types:\n  - name: T\n    patterns:\n      - regex: 'a*'\n", &w);
    cr_assert_eq(rc, 0, "%s", kg_error_last());
    cr_assert_str_eq(w.ptr, "rules.yaml:4:16: warning: the regex of rule 'T/regex#1' can match "
                            "the empty string\n");
    kg_buf_free(&w);
    kg_rules_free(r);
}

Test(rules_errors, example_expecting_nothing)
{
    expect_error("types:\n  - name: T\n    gazetteer: [Acme]\nexamples:\n  - text: \"Acme.\"\n",
                 "rules.yaml:5:5: the example expects nothing: give edges (or edges: none) or entities\n"
                 "    - text: \"Acme.\"\n"
                 "      ^");
}

/* ---- slots: (rules/load_slots.c) */
Test(rules_errors, slots_unknown_key)
{
    expect_error("slots:\n  braces: true\n",
                 "rules.yaml:2:3: unknown key 'braces' in slots section (did you mean 'brackets'?)\n"
                 "    braces: true\n"
                 "    ^~~~~~");
}

Test(rules_errors, slots_flag_not_boolean)
{
    expect_error("slots:\n  coordination: often\n",
                 "rules.yaml:2:17: expected true or false, found a string 'often'\n"
                 "    coordination: often\n"
                 "                  ^");
}

Test(rules_errors, slots_lead_unknown_list)
{
    expect_error("slots:\n  lead: [the, \"@descriptrs\"]\n",
                 "rules.yaml:2:15: unknown word list 'descriptrs'\n"
                 "    lead: [the, \"@descriptrs\"]\n"
                 "                ^");
}

Test(rules_errors, coreference_count_out_of_range)
{
    expect_error("types:\n  - name: TRUST\n    gazetteer: [Kent Trust]\n"
                 "document:\n  coreference:\n    - phrases: [\"the nine trusts\"]\n"
                 "      types: [TRUST]\n      count: 9\n",
                 "rules.yaml:8:14: a coreference count must be between 1 and 8\n"
                 "        count: 9\n"
                 "               ^");
}

Test(rules_errors, shared_head_plural_is_words)
{
    expect_error("types:\n  - name: CCG\n    shared_heads:\n"
                 "      - {plural: [\"@plurals\"], singular: CCG}\n",
                 "rules.yaml:4:19: a shared head's plural takes words, not a word list\n"
                 "        - {plural: [\"@plurals\"], singular: CCG}\n"
                 "                    ^");
}

Test(rules_errors, shared_head_needs_singular)
{
    expect_error("types:\n  - name: CCG\n    shared_heads:\n      - {plural: [CCGs]}\n",
                 "rules.yaml:4:9: missing key 'singular' in shared head\n"
                 "        - {plural: [CCGs]}\n"
                 "          ^");
}

Test(rules_errors, context_slot_in_the_pattern)
{
    expect_error("types:\n  - name: T\n    gazetteer: [Acme]\n"
                 "relations:\n  - name: r\n    context: source\n    source: T\n    target: T\n"
                 "    patterns: [\"{source} hired {target}\"]\n",
                 "rules.yaml:9:17: the rule takes {source} from the context, so its patterns "
                 "cannot hold it\n"
                 "      patterns: [\"{source} hired {target}\"]\n"
                 "                  ^");
}

Test(rules_errors, context_slot_unknown)
{
    expect_error("types:\n  - name: T\n    gazetteer: [Acme]\n"
                 "relations:\n  - name: r\n    context: both\n    source: T\n    target: T\n"
                 "    patterns: [\"hired {target}\"]\n",
                 "rules.yaml:6:14: expected source or target, found 'both'\n"
                 "      context: both\n"
                 "               ^");
}

/* Limits are rule errors when the rules load, not cuts made later. */
Test(rules_errors, too_many_captures)
{
    kg_buf y = KG_BUF_INIT;
    kg_buf_puts(&y, "types:\n  - name: T\n    gazetteer: [Acme]\nrelations:\n  - name: r\n"
                    "    source: T\n    target: T\n    patterns: [\"{source} {target}");
    for (int i = 0; i <= KG_MAX_CAPTURES; i++) kg_buf_printf(&y, " {c%d:T}", i);
    kg_buf_puts(&y, "\"]\n");
    kg_rules *r = NULL;
    cr_assert_neq(load_yaml(&r, y.ptr, NULL), 0);
    cr_assert(strstr(kg_error_last(), "rules.yaml:8:") == kg_error_last() &&
                  strstr(kg_error_last(), ": more than 16 captures in one pattern\n"),
              "%s", kg_error_last());
    kg_buf_free(&y);
}

Test(rules_errors, too_many_attributes)
{
    kg_buf y = KG_BUF_INIT;
    kg_buf_puts(&y, "types:\n  - name: T\n    gazetteer: [Acme]\nrelations:\n  - name: r\n"
                    "    source: T\n    target: T\n    patterns: [\"{source} {target}\"]\n    attrs:\n");
    for (int i = 0; i <= KG_MAX_RULE_ATTRS; i++) kg_buf_printf(&y, "      a%d: x\n", i);
    kg_rules *r = NULL;
    cr_assert_neq(load_yaml(&r, y.ptr, NULL), 0);
    cr_assert(strstr(kg_error_last(), "rules.yaml:42:7: more than 32 attributes\n") ==
                  kg_error_last(),
              "%s", kg_error_last());
    kg_buf_free(&y);
}

Test(rules_errors, include_of_a_device_is_refused)
{
    expect_error("include: [/dev/zero]\n",
                 "rules.yaml:1:11: cannot read include /dev/zero: not a regular file\n"
                 "  include: [/dev/zero]\n"
                 "            ^");
}

Test(rules_errors, gazetteer_file_of_a_device_is_refused)
{
    expect_error("types:\n  - name: T\n    gazetteer_files: [/dev/zero]\n",
                 "rules.yaml:3:23: cannot read gazetteer file /dev/zero: not a regular file\n"
                 "      gazetteer_files: [/dev/zero]\n"
                 "                        ^");
}

/* A pattern line of about 1,700 characters with `tail` in its middle,
 * at character *col of the line. */
static char *long_pattern_rule(const char *tail, size_t *col)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "types:\n  - name: T\n    patterns:\n");
    size_t line_start = b.len;
    kg_buf_puts(&b, "      - tokens: ");
    for (int i = 0; i < 100; i++) kg_buf_printf(&b, "word%04d? ", i);
    *col = b.len - line_start + 1;
    kg_buf_puts(&b, tail);
    for (int i = 0; i < 70; i++) kg_buf_printf(&b, " word%04d?", i);
    kg_buf_puts(&b, "\n");
    return kg_buf_detach(&b);
}

Test(rules_errors, long_line_keeps_the_caret_and_underlines)
{
    size_t col;
    char *y = long_pattern_rule("@lisst", &col);
    const char *line = strstr(y, "      - tokens: ");
    cr_assert_gt(strlen(line), 1700);
    kg_rules *r = NULL;
    cr_assert_eq(load_yaml(&r, y, NULL), KG_ERULE);
    /* a window of 120 characters from 40 before the column, "..." where the
     * line was cut, the caret under '@' and '~' under the rest of the name */
    char *want = kg_xasprintf("rules.yaml:4:%zu: unknown word list 'lisst'\n"
                              "  ...%.120s...\n"
                              "     %40s^~~~~~",
                              col, line + col - 1 - 40, "");
    cr_assert_str_eq(kg_error_last(), want);
    free(want);
    free(y);
}

Test(rules_errors, long_line_and_long_message)
{
    /* a 1,000-character name: the message is cut, the source line and the
     * caret still follow, and the underline runs to the window's end */
    kg_buf name = KG_BUF_INIT;
    kg_buf_puts(&name, "@");
    for (int i = 0; i < 1000; i++) kg_buf_putc(&name, 'x');
    size_t col;
    char *y = long_pattern_rule(name.ptr, &col);
    kg_rules *r = NULL;
    cr_assert_eq(load_yaml(&r, y, NULL), KG_ERULE);
    const char *msg = kg_error_last();
    const char *nl = strchr(msg, '\n'), *caret = strrchr(msg, '\n');
    cr_assert(nl && caret > nl, "%s", msg);
    cr_assert(nl - msg < 600, "message cut: %s", msg);
    cr_assert(!strncmp(nl + 6, "word", 4), "%s", nl);
    const char *at = strchr(nl, '@');
    cr_assert(at && at - nl == 1 + 2 + 3 + 40, "%td %s", at - nl, nl);
    cr_assert(!strncmp(caret - 3, "...", 3), "%s", nl);
    char *want_caret = kg_xasprintf("\n     %40s^%.79s", "", "");
    for (size_t i = strlen(want_caret); i < 5 + 40 + 1 + 79 + 1; i++) {
        want_caret = kg_xrealloc(want_caret, i + 2);
        want_caret[i] = '~';
        want_caret[i + 1] = '\0';
    }
    cr_assert_str_eq(caret, want_caret);
    free(want_caret);
    free(y);
    /* a message the loader itself makes long is cut by the diagnostics,
     * with "...", and still followed by the line and the whole caret */
    y = kg_xasprintf("types:\n  - name: T\n    %s: 1\n", name.ptr + 1);
    cr_assert_eq(load_yaml(&r, y, NULL), KG_ERULE);
    msg = kg_error_last();
    nl = strchr(msg, '\n');
    cr_assert(nl && nl - msg < 600 && !strncmp(nl - 3, "...", 3), "%s", msg);
    caret = strrchr(msg, '\n');
    /* the line is cut after 120 characters: '^' at column 5, then '~' to
     * the window's end */
    char want[8 + 115 + 1] = "\n      ^";
    memset(want + 8, '~', 115);
    want[8 + 115] = '\0';
    cr_assert_str_eq(caret, want);
    kg_buf_free(&name);
    free(y);
}
