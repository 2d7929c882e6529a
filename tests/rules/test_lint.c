/*
 * tests/rules/test_lint.c: kg_rules_lint() (rules/lint.c), one test per
 * kind of finding with the exact text, a clean rule set, scale (100,000
 * gazetteer names), and the NHS example pack.
 */
#include <time.h>

#include "helpers.h"

/* Load `yaml` (load-time warnings dropped), lint it, and return the
 * findings, one per line; *count receives their number. */
static char *lint_yaml(const char *yaml, size_t *count)
{
    kg_rules *r = must_load(yaml);
    kg_buf w = KG_BUF_INIT;
    size_t n = 12345;
    cr_assert_eq(kg_rules_lint(r, collect_warning, &w, &n), 0);
    kg_rules_free(r);
    if (count) *count = n;
    return kg_buf_detach(&w);
}

/* Two types sharing the default normalisation, so one gazetteer trie. */
#define TYPES                                                                   \
    "types:\n"                                                                  \
    "  - name: TRUST\n"                                                         \
    "    gazetteer:\n"                                                          \
    "      - name: Bedford Hospital NHS Trust\n"                                \
    "        aliases: [Bedford Hospital]\n"                                     \
    "  - name: COMPANY\n"                                                       \
    "    gazetteer: [Acme Ltd]\n"

Test(rules_lint, clean_rule_set)
{
    size_t n;
    char *w = lint_yaml("lists:\n"
                        "  award_verbs: [award*, gave]\n" TYPES
                        "    patterns:\n"
                        "      - regex: '[A-Z][a-z]+ Ltd'\n"
                        "      - tokens: \"%Cap{1,3} /[0-9]+/ Ltd\"\n"
                        "relations:\n"
                        "  - name: awards\n"
                        "    source: TRUST\n"
                        "    target: COMPANY\n"
                        "    patterns:\n"
                        "      - \"{source} [0-3] @award_verbs [0-6 !ENT] to {target}\"\n"
                        "      - \"{source} [0-4] @award_verbs [0-6 !ENT] to {target}\"\n"
                        "  - name: awards2\n"
                        "    relation: awards\n"
                        "    source: TRUST\n"
                        "    target: COMPANY\n"
                        "    patterns: [\"{target} was @award_verbs by {source}\"]\n",
                        &n);
    cr_assert_str_eq(w, "");
    cr_assert_eq(n, 0);
    free(w);
}

Test(rules_lint, null_callback_counts)
{
    kg_rules *r = must_load("lists:\n  idle: [a]\ntypes:\n  - {name: T, gazetteer: [x]}\n");
    size_t n = 0;
    cr_assert_eq(kg_rules_lint(r, NULL, NULL, &n), 0);
    cr_assert_eq(n, 1);
    cr_assert_eq(kg_rules_lint(r, NULL, NULL, NULL), 0);
    kg_rules_free(r);
}

Test(rules_lint, alias_two_canonical_names)
{
    size_t n;
    char *w = lint_yaml(TYPES "  - name: COUNCIL\n"
                              "    gazetteer:\n"
                              "      - name: Bedford Borough Council\n"
                              "        aliases: [\"bedford  HOSPITAL\", Acme Ltd]\n",
                        &n);
    cr_assert_str_eq(w, "rules.yaml:11:19: warning: alias 'bedford hospital' is listed for "
                        "'Bedford Borough Council' (COUNCIL) here and for "
                        "'Bedford Hospital NHS Trust' (TRUST) at rules.yaml:5:19\n"
                        "rules.yaml:11:40: warning: alias 'acme ltd' is listed for "
                        "'Bedford Borough Council' (COUNCIL) here and for 'Acme Ltd' (COMPANY) "
                        "at rules.yaml:7:17\n");
    cr_assert_eq(n, 2);
    free(w);
}

Test(rules_lint, alias_two_types)
{
    size_t n;
    char *w = lint_yaml("types:\n"
                        "  - name: PERSON\n"
                        "    gazetteer: [Jordan]\n"
                        "  - name: PLACE\n"
                        "    gazetteer: [Jordan, Chad]\n"
                        "  - name: CODE\n"
                        "    case_sensitive: true\n"
                        "    gazetteer: [Jordan, Chad]\n",
                        &n);
    /* CODE normalises differently (its own trie): no clash with it. */
    cr_assert_str_eq(w, "rules.yaml:5:17: warning: alias 'jordan' is listed for 'Jordan' "
                        "(PLACE) here and for 'Jordan' (PERSON) at rules.yaml:3:17\n");
    cr_assert_eq(n, 1);
    free(w);
}

Test(rules_lint, alias_listed_twice_for_one_name_is_fine)
{
    size_t n;
    char *w = lint_yaml("types:\n"
                        "  - name: TRUST\n"
                        "    gazetteer:\n"
                        "      - {name: Luton Trust, aliases: [Luton, luton, Luton Trust]}\n",
                        &n);
    cr_assert_str_eq(w, "");
    cr_assert_eq(n, 0);
    free(w);
}

Test(rules_lint, alias_in_gazetteer_file)
{
    char *dir = temp_dir();
    const char tsv[] = "# canonical<TAB>aliases\n"
                       "Bedford Hospital NHS Trust\tBedford Hospital\n"
                       "Bedford Borough Council\tBedford-Hospital\n";
    char *tpath = write_temp(dir, "names.tsv", tsv, sizeof tsv - 1);
    const char *yaml = "types:\n  - name: ORG\n    gazetteer_files: names.tsv\n";
    char *rpath = write_temp(dir, "rules.yaml", yaml, strlen(yaml));
    kg_rules *r = NULL;
    const char *p = rpath;
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), 0, "%s", kg_error_last());
    kg_buf w = KG_BUF_INIT;
    size_t n;
    kg_rules_lint(r, collect_warning, &w, &n);
    char *want = kg_xasprintf("%s:3:1: warning: alias 'bedford hospital' is listed for "
                              "'Bedford Borough Council' (ORG) here and for "
                              "'Bedford Hospital NHS Trust' (ORG) at %s:2:1\n",
                              tpath, tpath);
    cr_assert_str_eq(w.ptr, want);
    cr_assert_eq(n, 1);
    free(want);
    kg_buf_free(&w);
    kg_rules_free(r);
    unlink(tpath);
    unlink(rpath);
    rmdir(dir);
    free(tpath);
    free(rpath);
    free(dir);
}

Test(rules_lint, rule_that_can_never_fire)
{
    size_t n;
    char *w = lint_yaml(TYPES "  - name: GHOST\n"
                              "  - name: SPOOK\n"
                              "relations:\n"
                              "  - name: haunts\n"
                              "    source: GHOST\n"
                              "    target: [SPOOK, GHOST]\n"
                              "    patterns: [\"{source} haunts {target}\"]\n"
                              "  - name: hires\n"
                              "    source: [TRUST, GHOST]\n"
                              "    target: COMPANY\n"
                              "    patterns: [\"{source} hires {target}\"]\n",
                        &n);
    cr_assert_str_eq(w, "rules.yaml:11:11: warning: relation rule 'haunts' can never fire: no "
                        "gazetteer name or entity pattern produces its source type GHOST\n"
                        "rules.yaml:11:11: warning: relation rule 'haunts' can never fire: no "
                        "gazetteer name or entity pattern produces its target types GHOST, SPOOK\n");
    cr_assert_eq(n, 2);
    free(w);
}

Test(rules_lint, type_made_by_a_pattern_only_is_alive)
{
    size_t n;
    char *w = lint_yaml(TYPES "  - name: MONEY\n"
                              "    patterns: [{regex: '£[0-9]+'}]\n"
                              "relations:\n"
                              "  - name: pays\n"
                              "    source: TRUST\n"
                              "    target: MONEY\n"
                              "    patterns: [\"{source} pays {target}\"]\n",
                        &n);
    cr_assert_str_eq(w, "");
    cr_assert_eq(n, 0);
    free(w);
}

Test(rules_lint, shadowed_relation_patterns)
{
    size_t n;
    char *w = lint_yaml("lists:\n"
                        "  verbs: [award*, gave]\n" TYPES "relations:\n"
                        "  - name: awards\n"
                        "    source: TRUST\n"
                        "    target: COMPANY\n"
                        "    patterns:\n"
                        "      - \"{source} [0-3 -not] @verbs to {target}\"\n"
                        "      - \"{source}   [0-3   -NOT]  @verbs  TO {target}\"\n"
                        "      - \"{source} [0-3 -never] @verbs to {target}\"\n"
                        "      - {name: again, pattern: \"{source} [0-3 -never] @verbs to {target}\"}\n"
                        "  - name: awards_too\n"
                        "    relation: awards\n"
                        "    source: TRUST\n"
                        "    target: COMPANY\n"
                        "    patterns: [\"{source} [0-3 -not] @verbs to {target}\"]\n"
                        "  - name: awards_attr\n"
                        "    relation: awards\n"
                        "    source: TRUST\n"
                        "    target: COMPANY\n"
                        "    attrs: {kind: framework}\n"
                        "    patterns: [\"{source} [0-3 -not] @verbs to {target}\"]\n"
                        "  - name: awards_wider\n"
                        "    relation: awards\n"
                        "    source: [TRUST, COMPANY]\n"
                        "    target: COMPANY\n"
                        "    patterns: [\"{source} [0-3 -not] @verbs to {target}\"]\n"
                        "  - name: buys\n"
                        "    source: TRUST\n"
                        "    target: COMPANY\n"
                        "    patterns: [\"{source} [0-3 -not] @verbs to {target}\"]\n",
                        &n);
    /* awards_attr adds an attribute and awards_wider accepts more sources;
     * buys is another relation: none of them is shadowed. */
    cr_assert_str_eq(w,
                     "rules.yaml:16:9: warning: pattern 'awards#2' is shadowed by the identical "
                     "pattern 'awards#1' at rules.yaml:15:9\n"
                     "rules.yaml:18:32: warning: pattern 'again' is shadowed by the identical "
                     "pattern 'awards#3' at rules.yaml:17:9\n"
                     "rules.yaml:23:16: warning: pattern 'awards_too#1' is shadowed by the "
                     "identical pattern 'awards#1' at rules.yaml:15:9\n");
    cr_assert_eq(n, 3);
    free(w);
}

Test(rules_lint, shadowed_entity_patterns)
{
    size_t n;
    char *w = lint_yaml("types:\n"
                        "  - name: CCG\n"
                        "    patterns:\n"
                        "      - tokens: \"%Cap{1,3} CCG\"\n"
                        "      - regex: '[A-Z]\\w+ CCG'\n"
                        "      - tokens: \"%cap{1,3} ccg\"\n"
                        "      - {regex: '[A-Z]\\w+ CCG', name: ccg_again}\n"
                        "      - {regex: '([A-Z]\\w+) CCG', group: 1}\n"
                        "  - name: ICB\n"
                        "    patterns:\n"
                        "      - tokens: \"%Cap{1,3} CCG\"\n",
                        &n);
    cr_assert_str_eq(w,
                     "rules.yaml:6:17: warning: pattern 'CCG/tokens#3' is shadowed by the "
                     "identical pattern 'CCG/tokens#1' at rules.yaml:4:17\n"
                     "rules.yaml:7:17: warning: pattern 'ccg_again' is shadowed by the identical "
                     "pattern 'CCG/regex#2' at rules.yaml:5:16\n");
    cr_assert_eq(n, 2);
    free(w);
}

Test(rules_lint, regex_matching_empty)
{
    size_t n;
    char *w = lint_yaml(TYPES "    patterns:\n"
                              "      - regex: 'x*'\n"
                              "      - tokens: \"Unit /[0-9]*/{2}\"\n"
                              "      - tokens: \"Site /(a\\\\/)?/i\"\n"
                              "relations:\n"
                              "  - name: supplies\n"
                              "    source: COMPANY\n"
                              "    target: TRUST\n"
                              "    patterns: [\"{source} !/x?/ supplies {target}\"]\n",
                        &n);
    cr_assert_str_eq(w, "rules.yaml:9:16: warning: the regex of rule 'COMPANY/regex#1' can "
                        "match the empty string\n"
                        "rules.yaml:10:23: warning: the regex /[0-9]*/ in pattern "
                        "'COMPANY/tokens#2' can match the empty string\n"
                        "rules.yaml:11:23: warning: the regex /(a\\/)?/i in pattern "
                        "'COMPANY/tokens#3' can match the empty string\n"
                        "rules.yaml:16:27: warning: the regex /x?/ in pattern 'supplies#1' can "
                        "match the empty string\n");
    cr_assert_eq(n, 4);
    free(w);
}

Test(rules_lint, unused_word_list)
{
    size_t n;
    char *w = lint_yaml("lists:\n"
                        "  idle: [a, b]\n"
                        "  busy: [c]\n"
                        "types:\n"
                        "  - name: T\n"
                        "    patterns: [{tokens: \"@busy %Cap\"}]\n",
                        &n);
    cr_assert_str_eq(w, "rules.yaml:2:3: warning: word list 'idle' is never used\n");
    cr_assert_eq(n, 1);
    free(w);
}

Test(rules_lint, findings_in_source_order)
{
    size_t n;
    char *w = lint_yaml("lists:\n"
                        "  idle: [a]\n"
                        "types:\n"
                        "  - name: A\n"
                        "    gazetteer: [Acme]\n"
                        "    patterns: [{regex: 'z?'}]\n"
                        "  - name: B\n"
                        "    gazetteer: [acme]\n",
                        &n);
    cr_assert_str_eq(w, "rules.yaml:2:3: warning: word list 'idle' is never used\n"
                        "rules.yaml:6:24: warning: the regex of rule 'A/regex#1' can match the "
                        "empty string\n"
                        "rules.yaml:8:17: warning: alias 'acme' is listed for 'acme' (B) here "
                        "and for 'Acme' (A) at rules.yaml:5:17\n");
    cr_assert_eq(n, 3);
    free(w);
}

/* 100,000 names and 100,000 aliases, one alias in a thousand shared: lint
 * stays linear (this takes well under a second; quadratic would not). */
Test(rules_lint, hundred_thousand_names, .timeout = 30)
{
    char *dir = temp_dir();
    kg_buf b = KG_BUF_INIT;
    for (int i = 0; i < 100000; i++) {
        if (i % 1000 == 999)
            kg_buf_printf(&b, "Company %d Holdings Ltd\tCompany %d\n", i, i - 1);
        else
            kg_buf_printf(&b, "Company %d Holdings Ltd\tCompany %d\n", i, i);
    }
    char *tsv = write_temp(dir, "names.tsv", b.ptr, b.len);
    const char *yaml = "types:\n  - name: COMPANY\n    gazetteer_files: names.tsv\n";
    char *rules = write_temp(dir, "rules.yaml", yaml, strlen(yaml));
    kg_rules *r = NULL;
    const char *p = rules;
    cr_assert_eq(kg_rules_load(&r, &p, 1, NULL), 0, "%s", kg_error_last());
    kg_buf w = KG_BUF_INIT;
    size_t n = 0;
    clock_t t0 = clock();
    cr_assert_eq(kg_rules_lint(r, collect_warning, &w, &n), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    cr_log_info("lint of 200,000 gazetteer entries: %.3f s", secs);
    cr_assert_eq(n, 100);
    char *want = kg_xasprintf("%s:1000:1: warning: alias 'company 998' is listed for "
                              "'Company 999 Holdings Ltd' (COMPANY) here and for "
                              "'Company 998 Holdings Ltd' (COMPANY) at %s:999:1\n",
                              tsv, tsv);
    cr_assert(strncmp(w.ptr, want, strlen(want)) == 0, "got: %.300s", w.ptr);
    free(want);
    kg_buf_free(&w);
    kg_rules_free(r);
    unlink(tsv);
    unlink(rules);
    rmdir(dir);
    free(tsv);
    free(rules);
    free(dir);
    kg_buf_free(&b);
}

/* The project's example pack loads and lints; its findings are printed, not
 * asserted, because the pack is still being edited. */
Test(rules_lint, nhs_example_pack)
{
    const char *path = KG_SOURCE_DIR "/examples/nhs/rules.yaml";
    kg_rules *r = NULL;
    cr_assert_eq(kg_rules_load(&r, &path, 1, NULL), 0, "%s", kg_error_last());
    kg_buf w = KG_BUF_INIT;
    size_t n = 0;
    cr_assert_eq(kg_rules_lint(r, collect_warning, &w, &n), 0);
    fprintf(stderr, "examples/nhs/rules.yaml: %zu lint warnings\n%s", n, w.ptr ? w.ptr : "");
    kg_buf_free(&w);
    kg_rules_free(r);
}

/* ---- lint's duplicate check sees every matching field of kg_inst ----
 *
 * For each field of KG_INST_FIELDS (rules/compiled.h) this file defines
 * mutate_<field>: a change to that field alone.  The list below is expanded
 * from KG_INST_FIELDS, so a new field without its mutate_ function does not
 * build, exactly as rules/lint.c does not build without its lint_key_
 * function.  The test then checks each KEY field changes lint's key and
 * each POS field leaves it alone. */
typedef struct inst_case {
    const kg_rules *r;
    kg_regex *re;
} inst_case;

static void mutate_op(kg_inst *in, const inst_case *c) { (void)c; in->op = KG_OP_PREFIX; }
static void mutate_x(kg_inst *in, const inst_case *c) { (void)c; in->x = 7; }
static void mutate_y(kg_inst *in, const inst_case *c) { (void)c; in->y = 9; }
static void mutate_str(kg_inst *in, const inst_case *c) { (void)c; in->str = "ba"; }
static void mutate_len(kg_inst *in, const inst_case *c) { (void)c; in->len = 2; }
static void mutate_list(kg_inst *in, const inst_case *c) { (void)c; in->list = 1; }
static void mutate_cls(kg_inst *in, const inst_case *c) { (void)c; in->cls = KG_TOK_CAP; }
static void mutate_re(kg_inst *in, const inst_case *c) { in->re = c->re; }
static void mutate_slot(kg_inst *in, const inst_case *c) { (void)c; in->slot = KG_SLOT_TARGET; }
static void mutate_name(kg_inst *in, const inst_case *c) { (void)c; in->name = "code"; }
static void mutate_types(kg_inst *in, const inst_case *c) { (void)c; in->types = 2; }
static void mutate_min(kg_inst *in, const inst_case *c) { (void)c; in->min = 1; }
static void mutate_max(kg_inst *in, const inst_case *c) { (void)c; in->max = 4; }
static void mutate_gap_no_entity(kg_inst *in, const inst_case *c) { (void)c; in->gap_no_entity = true; }
static void mutate_gap_banned(kg_inst *in, const inst_case *c) { (void)c; in->gap_banned = 1; }
static void mutate_gap_excl_list(kg_inst *in, const inst_case *c) { (void)c; in->gap_excl_list = 0; }
static void mutate_span(kg_inst *in, const inst_case *c) { (void)c; in->span = (kg_srcspan){3, 4}; }
static void mutate_top(kg_inst *in, const inst_case *c) { (void)c; in->top = (kg_srcspan){1, 9}; }
static void mutate_at(kg_inst *in, const inst_case *c)
{
    (void)c;
    in->at = (kg_srcpos){"x.yaml", 3, 4};
}

typedef struct field_case {
    const char *name;
    bool key;
    void (*mutate)(kg_inst *, const inst_case *);
} field_case;

#define FIELD_CASE(type, field, lint) {#field, !strcmp(#lint, "KEY"), mutate_##field},
static const field_case field_cases[] = {KG_INST_FIELDS(FIELD_CASE)};

static char *program_key(const kg_rules *r, const kg_inst *in)
{
    kg_program p = {0};
    p.code = (kg_inst *)in;
    p.n = 1;
    kg_buf b = KG_BUF_INIT;
    kg_lint_program_key(&b, r, &p);
    return kg_buf_detach(&b);
}

Test(rules_lint, duplicate_key_covers_every_instruction_field)
{
    kg_rules *r = must_load("lists:\n  a: [x]\n  b: [y]\n");
    kg_regex *re;
    char err[256];
    size_t off;
    cr_assert_eq(kg_regex_compile(&re, "ab+", false, err, &off), 0);
    inst_case c = {r, re};
    kg_inst base;
    memset(&base, 0, sizeof base);
    base.op = KG_OP_WORD;
    base.str = "ab";
    base.len = 1;
    base.list = -1;
    base.gap_excl_list = -1;
    char *k0 = program_key(r, &base);
    size_t nkey = 0;
    for (size_t i = 0; i < sizeof field_cases / sizeof field_cases[0]; i++) {
        kg_inst in = base;
        field_cases[i].mutate(&in, &c);
        char *k = program_key(r, &in);
        if (field_cases[i].key) {
            cr_assert_str_neq(k, k0, "lint's key ignores kg_inst.%s", field_cases[i].name);
            nkey++;
        } else {
            cr_assert_str_eq(k, k0, "lint's key depends on the position field %s",
                             field_cases[i].name);
        }
        free(k);
    }
    cr_assert_eq(nkey, 16, "the KEY fields of kg_inst");
    free(k0);
    kg_regex_free(re);
    kg_rules_free(r);
}
