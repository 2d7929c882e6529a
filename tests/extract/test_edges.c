/*
 * tests/extract/test_edges.c: entity attributes on the way out of the
 * extractor (edge source_attrs / target_attrs, mention attrs, whichever way
 * the mention was found) and through the edge file format: written only
 * when present, read back, and validated.
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

/* Write `line` to a file and read it as an edge; returns the reader's code
 * and leaves the message in kg_error_last(). */
static int read_one(const char *line, kg_edge_reader **out, const kg_edge **e)
{
    char path[] = "/tmp/kg-edge-attrs-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, line, strlen(line)), (ssize_t)strlen(line));
    close(fd);
    cr_assert_eq(kg_edge_reader_open(out, path), 0);
    int rc = kg_edge_reader_next(*out, e);
    unlink(path);
    return rc;
}

#define EDGE_HEAD "{\"doc\":\"d\",\"line\":1,\"start\":0,\"end\":1,\"relation\":\"r\"," \
                  "\"source\":\"A\",\"source_type\":\"T\",\"target\":\"B\",\"target_type\":\"T\""

Test(extract_edges, reader_round_trip_of_entity_attributes)
{
    kg_edge_reader *r;
    const kg_edge *e;
    cr_assert_eq(read_one(EDGE_HEAD ",\"source_attrs\":{\"code\":\"RW4\",\"closed\":\"2018\"},"
                                    "\"target_attrs\":{\"ons_code\":\"E38000001\"}}\n",
                          &r, &e),
                 1, "%s", kg_error_last());
    cr_assert_eq(e->nsource_attrs, 2);
    cr_assert_str_eq(e->source_attrs[0].key, "code");
    cr_assert_str_eq(e->source_attrs[0].value, "RW4");
    cr_assert_str_eq(e->source_attrs[1].key, "closed");
    cr_assert_eq(e->ntarget_attrs, 1);
    cr_assert_str_eq(e->target_attrs[0].value, "E38000001");
    /* written back: the same keys, in the fixed place */
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_eq(kg_edge_write(fp, e), 0);
    fclose(fp);
    cr_assert_not_null(strstr(buf, ",\"attrs\":{},\"source_attrs\":{\"code\":\"RW4\",\"closed\":"
                                   "\"2018\"},\"target_attrs\":{\"ons_code\":\"E38000001\"}}\n"),
                       "%s", buf);
    free(buf);
    kg_edge_reader_free(r);
    cr_assert_eq(read_one(EDGE_HEAD "}\n", &r, &e), 1);
    cr_assert_eq(e->nsource_attrs, 0);
    cr_assert_eq(e->ntarget_attrs, 0);
    kg_edge_reader_free(r);
}

Test(extract_edges, reader_refuses_nul_and_empty_names)
{
    /* "Acme\u0000Evil" would be cut to "Acme" and merge with another node */
    static const char *const lines[] = {
        "{\"doc\":\"d\",\"line\":1,\"start\":0,\"end\":1,\"relation\":\"r\","
        "\"source\":\"Acme\\u0000Evil\",\"source_type\":\"T\",\"target\":\"B\","
        "\"target_type\":\"T\"}\n",
        "{\"doc\":\"d\",\"line\":1,\"start\":0,\"end\":1,\"relation\":\"r\","
        "\"source\":\"A\",\"source_type\":\"\",\"target\":\"B\",\"target_type\":\"T\"}\n"};
    static const char *const msgs[] = {":1:1: a NUL character (\\u0000) in 'source'",
                                       ":1:1: empty string for 'source_type'"};
    for (size_t i = 0; i < 2; i++) {
        kg_edge_reader *r;
        const kg_edge *e;
        cr_assert_eq(read_one(lines[i], &r, &e), KG_EFORMAT, "case %zu", i);
        const char *msg = strstr(kg_error_last(), ":1:1:");
        cr_assert_not_null(msg, "case %zu: %s", i, kg_error_last());
        cr_assert_str_eq(msg, msgs[i], "case %zu", i);
        kg_edge_reader_free(r);
    }
}

Test(extract_edges, reader_rejects_bad_entity_attributes)
{
    static const struct {
        const char *tail, *msg;
    } cases[] = {
        {",\"source_attrs\":[\"RW4\"]}", ":1:1: expected an object for 'source_attrs'"},
        {",\"target_attrs\":{\"code\":5}}", ":1:1: expected a string for 'code'"},
        {",\"target_attrs\":{\"code\":\"R\\u0000W4\"}}",
         ":1:1: a NUL character (\\u0000) in 'code'"},
        {",\"target_attrs\":{\"code\":\"\"}}",
         ":1:1: expected a non-empty string value for attribute 'code'"},
        {",\"source_attrs\":{\"Code\":\"RW4\"}}",
         ":1:1: bad attribute key 'Code' in 'source_attrs' (use lower-case letters, digits and "
         "'_')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *line = kg_xasprintf("%s%s\n", EDGE_HEAD, cases[i].tail);
        kg_edge_reader *r;
        const kg_edge *e;
        cr_assert_eq(read_one(line, &r, &e), KG_EFORMAT, "case %zu", i);
        const char *msg = strstr(kg_error_last(), ":1:1:");
        cr_assert_not_null(msg, "case %zu: %s", i, kg_error_last());
        cr_assert_str_eq(msg, cases[i].msg, "case %zu", i);
        kg_edge_reader_free(r);
        free(line);
    }
}
