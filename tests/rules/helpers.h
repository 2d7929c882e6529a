/*
 * tests/rules/helpers.h: shared helpers for the rule-loader tests: load a
 * YAML text, capture warnings, write temporary files.
 */
#ifndef KG_TESTS_RULES_HELPERS_H
#define KG_TESTS_RULES_HELPERS_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kgraph/rules.h"
#include "rules/compiled.h"
#include "util/util.h"

#define FIXTURES KG_TEST_DATA "/rules/fixtures"

static inline void collect_warning(void *ud, const char *msg)
{
    kg_buf *b = ud;
    kg_buf_puts(b, msg);
    kg_buf_putc(b, '\n');
}

/* Load `yaml` named "rules.yaml"; warnings are appended to *warnings when
 * not NULL. */
static inline int load_yaml(kg_rules **out, const char *yaml, kg_buf *warnings)
{
    kg_rules_options o = {collect_warning, warnings};
    return kg_rules_load_string(out, "rules.yaml", yaml, strlen(yaml), warnings ? &o : NULL);
}

/* Assert that `yaml` fails with KG_ERULE and exactly `msg`. */
static inline void expect_error(const char *yaml, const char *msg)
{
    kg_rules *r = (kg_rules *)1;
    int rc = load_yaml(&r, yaml, NULL);
    cr_assert_eq(rc, KG_ERULE, "rc = %d, message: %s", rc, kg_error_last());
    cr_assert_null(r);
    cr_assert_str_eq(kg_error_last(), msg);
}

/* Load `yaml`, asserting success. */
static inline kg_rules *must_load(const char *yaml)
{
    kg_rules *r = NULL;
    int rc = load_yaml(&r, yaml, NULL);
    cr_assert_eq(rc, 0, "load failed: %s", kg_error_last());
    cr_assert_not_null(r);
    return r;
}

/* A fresh temporary folder (the caller removes what it writes). */
static inline char *temp_dir(void)
{
    char *d = kg_xstrdup("/tmp/kg-rules-test-XXXXXX");
    cr_assert_not_null(mkdtemp(d));
    return d;
}

static inline char *write_temp(const char *dir, const char *name, const char *data, size_t len)
{
    char *path = kg_xasprintf("%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp);
    cr_assert_eq(fwrite(data, 1, len, fp), len);
    fclose(fp);
    return path;
}

static inline int find_type_index(const kg_rules *r, const char *name)
{
    for (size_t i = 0; i < r->ntypes; i++)
        if (strcmp(r->types[i].name, name) == 0) return (int)i;
    return -1;
}

#endif
