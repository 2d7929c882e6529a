/*
 * tests/rules/test_limits.c: hostile rule files are refused quickly and
 * without exhausting the stack or memory.
 */
#include "helpers.h"

/* a blow-up fails the case instead of hanging the suite */
/* A bound for a blow-up, not a timing: under AddressSanitizer with full
 * stacks (the suite's setting) on a loaded 2-core machine the 20 MB line
 * passed 30 s and failed a CI run, where it takes 13 s unloaded. */
#if defined(__SANITIZE_ADDRESS__)
#define KG_ADVERSARIAL_TIMEOUT 180.0
#else
#define KG_ADVERSARIAL_TIMEOUT 30.0
#endif

Test(rules_limits, deep_nesting_100000, .timeout = KG_ADVERSARIAL_TIMEOUT)
{
    size_t depth = 100000;
    char *y = kg_xmalloc(2 * depth + 16);
    size_t n = 0;
    n += (size_t)sprintf(y, "types: ");
    for (size_t i = 0; i < depth; i++) y[n++] = '[';
    for (size_t i = 0; i < depth; i++) y[n++] = ']';
    y[n++] = '\n';
    y[n] = '\0';
    kg_rules *r = (kg_rules *)1;
    cr_assert_eq(kg_rules_load_string(&r, "deep.yaml", y, n, NULL), KG_ERULE);
    cr_assert_null(r);
    /* The root mapping is level 1, so the 64th '[' (column 71) is level 65. */
    const char *msg = kg_error_last();
    cr_assert_eq(strncmp(msg, "deep.yaml:1:71: nesting deeper than 64 levels\n", 46), 0, "%s",
                 msg);
    free(y);
}

Test(rules_limits, deep_block_nesting, .timeout = KG_ADVERSARIAL_TIMEOUT)
{
    kg_buf b = KG_BUF_INIT;
    for (int i = 0; i < 70; i++) kg_buf_printf(&b, "%*sk%d:\n", 2 * i, "", i);
    kg_rules *r = NULL;
    cr_assert_eq(load_yaml(&r, b.ptr, NULL), KG_ERULE);
    /* the 132-character line is wider than the window (KG_DIAG_WINDOW 120):
     * it is shown from character 13 on, after "...", caret moved along */
    char *want = kg_xasprintf("rules.yaml:65:129: nesting deeper than 64 levels\n  ...%*sk64:\n  %*s^",
                              116, "", 119, "");
    cr_assert_str_eq(kg_error_last(), want);
    free(want);
    kg_buf_free(&b);
}

Test(rules_limits, billion_laughs, .timeout = KG_ADVERSARIAL_TIMEOUT)
{
    const char *y = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n";
    kg_rules *r = (kg_rules *)1;
    cr_assert_eq(load_yaml(&r, y, NULL), KG_ERULE);
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(), "rules.yaml:6:44: aliases expand to more than 1000000 nodes\n"
                                      "  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                      "                                             ^");
}

Test(rules_limits, many_aliases_below_cap_load, .timeout = KG_ADVERSARIAL_TIMEOUT)
{
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "lists:\n  w: &w [a, b, c]\ntypes:\n");
    for (int i = 0; i < 60; i++) kg_buf_printf(&b, "  - {name: T%d, gazetteer: *w}\n", i);
    kg_rules *r = NULL;
    cr_assert_eq(load_yaml(&r, b.ptr, NULL), 0, "%s", kg_error_last());
    cr_assert_eq(r->ntypes, 60);
    kg_rules_free(r);
    kg_buf_free(&b);
}

Test(rules_limits, long_line, .timeout = KG_ADVERSARIAL_TIMEOUT)
{
    size_t len = 1 << 20;
    kg_buf b = KG_BUF_INIT;
    kg_buf_puts(&b, "types:\n  - name: T\n    gazetteer: [\"");
    for (size_t i = 0; i < len; i++) kg_buf_putc(&b, i % 7 ? 'a' : ' ');
    kg_buf_puts(&b, "\"]\n");
    kg_rules *r = NULL;
    cr_assert_eq(load_yaml(&r, b.ptr, NULL), 0, "%s", kg_error_last());
    cr_assert_eq(r->gaz[0].max_depth, (len + 6) / 7);
    kg_rules_free(r);
    kg_buf_free(&b);
}
