/*
 * tests/extract/test_edges.c: entity attributes on the way out of the
 * extractor (edge source_attrs / target_attrs, mention attrs, whichever way
 * the mention was found), written only when present.  Reading them back is
 * tested with the edge reader, in tests/edges/test_read.c.
 */
#include <stdio.h>
#include <unistd.h>

#include "helpers.h"

/* A rule file with a TRUST gazetteer file holding `tsv`, written to a
 * temporary folder; *dir receives the folder (caller cleans up). */
static char *rules_with_gazetteer(char **dir, const char *tsv)
{
    *dir = kg_xstrdup("/tmp/kg-extract-attrs-XXXXXX");
    cr_assert_not_null(mkdtemp(*dir));
    char *path = kg_xasprintf("%s/t.tsv", *dir);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(tsv, fp);
    fclose(fp);
    char *yaml = kg_xasprintf(
        "types:\n"
        "  - name: TRUST\n"
        "    canonical: [{strip_suffix: NHS Foundation Trust}, {strip_suffix: NHS Trust},\n"
        "                {strip_suffix: Trust}]\n"
        "    gazetteer_files: [%s]\n"
        "    patterns:\n"
        "      - tokens: '%%Cap{1,3} NHS? Foundation? =Trust'\n"
        "relations:\n"
        "  - name: acquire\n"
        "    relation: merges_with\n"
        "    source: TRUST\n"
        "    target: TRUST\n"
        "    patterns: ['{source} acquired {target}']\n",
        path);
    free(path);
    return yaml;
}

static void remove_dir(char *dir)
{
    char *path = kg_xasprintf("%s/t.tsv", dir);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

static int write_edge(void *ud, const kg_edge *e) { return kg_edge_write(ud, e); }
static int write_mention(void *ud, const kg_mention *m) { return kg_mention_write(ud, m); }

/* Extract `text` and return the JSON lines of edges and mentions. */
static char *extract_json(const char *yaml, const char *text)
{
    kg_rules *r = load_rules(yaml);
    kg_extractor *ex = NULL;
    cr_assert_eq(kg_extractor_new(&ex, r), 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    kg_sink sink = {.edge = write_edge, .mention = write_mention, .ud = fp};
    cr_assert_eq(kg_extract_doc(ex, "d.txt", text, strlen(text), &sink), 0);
    fclose(fp);
    kg_extractor_free(ex);
    kg_rules_free(r);
    return buf;
}

Test(extract_edges, entity_attributes_on_edges_and_mentions)
{
    char *dir;
    char *yaml = rules_with_gazetteer(
        &dir, "Mersey Care\tMersey Care NHS Foundation Trust\t@code=RW4\n"
              "Liverpool Community Health\t@successor=RW4\t@code=RY1\n");
    char *got = extract_json(yaml, "Mersey Care Trust acquired Liverpool Community Health "
                                   "NHS Trust. Acme Trust acquired Mersey Care.");
    /* "Mersey Care Trust" is found by the pattern: its canonical form
     * "Mersey Care" names the gazetteer entity, so it carries the code too.
     * "Acme" has no attributes: no "attrs" key on its mention, no
     * source_attrs on its edge. */
    static const char *const want[] = {
        "\"canonical\":\"Mersey Care\",\"text\":\"Mersey Care Trust\",\"rule\":\"TRUST/"
        "tokens#1\",\"rule_at\":\"rules.yaml:7\",\"attrs\":{\"code\":\"RW4\"}}\n",
        "\"text\":\"Liverpool Community Health NHS Trust\",\"rule\":\"TRUST/tokens#1\","
        "\"rule_at\":\"rules.yaml:7\",\"attrs\":{\"code\":\"RY1\",\"successor\":\"RW4\"}}\n",
        "\"attrs\":{},\"source_attrs\":{\"code\":\"RW4\"},\"target_attrs\":{\"code\":\"RY1\","
        "\"successor\":\"RW4\"}}\n",
        "\"canonical\":\"Acme\",\"text\":\"Acme Trust\",\"rule\":\"TRUST/tokens#1\","
        "\"rule_at\":\"rules.yaml:7\"}\n",
        "\"rule\":\"gazetteer\",\"rule_at\":\"",
        "\"evidence\":\"Acme Trust acquired Mersey Care.\",\"attrs\":{},\"target_attrs\":{"
        "\"code\":\"RW4\"}}\n",
    };
    const char *p = got;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *hit = strstr(p, want[i]);
        cr_assert_not_null(hit, "missing (in order) %s\nin\n%s", want[i], got);
        p = hit + strlen(want[i]);
    }
    cr_assert_null(strstr(got, "\"source_attrs\":{}"), "empty attributes are omitted");
    free(got);
    free(yaml);
    remove_dir(dir);
}
