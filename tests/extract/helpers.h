/*
 * tests/extract/helpers.h: run the extractor over an inline rule file and
 * text, and render what it found as compact lines that tests compare with
 * cr_assert_str_eq:
 *     edges:    "relation source -> target {k=v,...}"
 *     mentions: "TYPE [surface] => canonical"
 */
#ifndef KG_TESTS_EXTRACT_HELPERS_H
#define KG_TESTS_EXTRACT_HELPERS_H

#include <criterion/criterion.h>
#include <string.h>

#include "kgraph/extract.h"
#include "kgraph/rules.h"
#include "util/util.h"

static inline int collect_edge(void *ud, const kg_edge *e)
{
    kg_buf *b = ud;
    kg_buf_printf(b, "%s %s -> %s", e->relation, e->source, e->target);
    if (e->nattrs) {
        kg_buf_puts(b, " {");
        for (size_t i = 0; i < e->nattrs; i++)
            kg_buf_printf(b, "%s%s=%s", i ? "," : "", e->attrs[i].key, e->attrs[i].value);
        kg_buf_puts(b, "}");
    }
    kg_buf_putc(b, '\n');
    return 0;
}

static inline int collect_mention(void *ud, const kg_mention *m)
{
    kg_buf *b = ud;
    kg_buf_printf(b, "%s [%s] => %s\n", m->type, m->text, m->canonical);
    return 0;
}

static inline kg_rules *load_rules(const char *yaml)
{
    kg_rules *r = NULL;
    int rc = kg_rules_load_string(&r, "rules.yaml", yaml, strlen(yaml), NULL);
    cr_assert_eq(rc, 0, "rules failed to load: %s", kg_error_last());
    return r;
}

/* Edges found in `text` (or mentions, when `mentions` is true), one line each;
 * the caller frees. */
static inline char *extract_lines(const char *yaml, const char *text, bool mentions)
{
    kg_rules *r = load_rules(yaml);
    kg_extractor *ex = NULL;
    cr_assert_eq(kg_extractor_new(&ex, r), 0);
    kg_buf out = KG_BUF_INIT;
    kg_sink sink = {.edge = mentions ? NULL : collect_edge,
                    .mention = mentions ? collect_mention : NULL, .ud = &out};
    cr_assert_eq(kg_extract_doc(ex, "doc.txt", text, strlen(text), &sink), 0);
    kg_extractor_free(ex);
    kg_rules_free(r);
    return kg_buf_detach(&out);
}

#define EXPECT_EDGES(yaml, text, expected) do { \
        char *got_ = extract_lines((yaml), (text), false); \
        cr_assert_str_eq(got_, (expected)); \
        free(got_); \
    } while (0)

#define EXPECT_MENTIONS(yaml, text, expected) do { \
        char *got_ = extract_lines((yaml), (text), true); \
        cr_assert_str_eq(got_, (expected)); \
        free(got_); \
    } while (0)

#endif
