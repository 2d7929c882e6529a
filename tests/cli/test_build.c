/*
 * tests/cli/test_build.c: `kgraph build` and `kgraph stats` end to end: the
 * example against golden files, shards merged by --edges equal to the whole,
 * filters and their errors, usage errors.
 */
#include <sys/stat.h>

#include "helpers.h"

#define PACK "examples/nhs/rules.yaml"
#define CORPUS "examples/nhs/corpus"

static char *tmpdir(void)
{
    char *d = kg_xasprintf("/tmp/kg-build-XXXXXX");
    cr_assert_not_null(mkdtemp(d));
    return d;
}

static void rm_rf(const char *d)
{
    char *cmd = kg_xasprintf("rm -rf '%s'", d);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
}

static char *read_in(const char *dir, const char *name)
{
    char *p = kg_xasprintf("%s/%s", dir, name);
    char *t = slurp(p);
    free(p);
    return t;
}

Test(cli_build, example_outputs_match_golden)
{
    char *d = tmpdir();
    char *args = kg_xasprintf("build -r " PACK " " CORPUS " -o %s", d);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "", "not a terminal: build must be quiet");
    char *edges = read_in(d, "edges.jsonl"), *cent = read_in(d, "centrality.csv");
    expect_golden(edges, "nhs-edges.jsonl");
    expect_golden(cent, "nhs-centrality.csv");
    free(edges);
    free(cent);
    free(args);
    run_free(&r);
    rm_rf(d);
    free(d);
}

Test(cli_build, export_with_the_pack_draws_as_build)
{
    /* `export -r` takes the pack's styles: its SVG is build's, byte for
     * byte; without the pack the colours differ (a hash of the names) */
    char *d = tmpdir();
    char *cmd = kg_xasprintf("build -r " PACK " " CORPUS " -o %s/whole && "
                             "'%s' export -r " PACK " -f svg -o %s/x.svg %s/whole/edges.jsonl && "
                             "'%s' export -f svg -o %s/y.svg %s/whole/edges.jsonl",
                             d, KG_BINARY, d, d, KG_BINARY, d, d);
    run_result r = run_kgraph(cmd);
    cr_assert_eq(r.code, 0, "%s", r.err);
    char *wd = kg_xasprintf("%s/whole", d);
    char *w = read_in(wd, "graph.svg"), *x = read_in(d, "x.svg"), *y = read_in(d, "y.svg");
    cr_assert_str_eq(x, w);
    cr_assert_str_neq(y, w);
    free(w);
    free(x);
    free(y);
    free(wd);
    free(cmd);
    run_free(&r);
    rm_rf(d);
    free(d);
}

Test(cli_build, report_from_export_is_builds)
{
    /* `export -r -f html` writes build's report.html byte for byte (an -o
     * ending in .html picks the format); --max-report-nodes cuts the
     * tables, says so, and refuses 0 */
    char *d = tmpdir();
    char *cmd = kg_xasprintf("build -q -r " PACK " " CORPUS " -o %s/whole && "
                             "'%s' export -r " PACK " -o %s/x.html %s/whole/edges.jsonl && "
                             "'%s' export -f html --max-report-nodes 10 -o %s/y.htm %s/whole/edges.jsonl",
                             d, KG_BINARY, d, d, KG_BINARY, d, d);
    run_result r = run_kgraph(cmd);
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: report: the tables hold 10 of 51 entities (the highest pagerank) "
                            "and 5 of the 5 relations among them (the heaviest); --max-report-nodes "
                            "changes this\n");
    char *wd = kg_xasprintf("%s/whole", d);
    char *w = read_in(wd, "report.html"), *x = read_in(d, "x.html"), *y = read_in(d, "y.htm");
    cr_assert_str_eq(x, w);
    cr_assert_not_null(strstr(w, "<title>kgraph report: 51 entities, 42 relations</title>"));
    cr_assert_not_null(strstr(y, "\"table_entities\":10,"), "the cut report's summary says so");
    free(w);
    free(x);
    free(y);
    free(wd);
    free(cmd);
    run_free(&r);
    cmd = kg_xasprintf("export -f html --max-report-nodes 0 -o %s/z.html tests/cli/golden/nhs-edges.jsonl", d);
    r = run_kgraph(cmd);
    cr_assert_eq(r.code, 2, "%s", r.err);
    cr_assert_not_null(strstr(r.err, "--max-report-nodes needs a whole number >= 1, not '0'"), "%s", r.err);
    run_free(&r);
    free(cmd);
    rm_rf(d);
    free(d);
}

Test(cli_build, shards_merged_equal_the_whole)
{
    char *d = tmpdir();
    /* Two shards: the first seven files and the rest, merged in reverse. */
    char *cmd = kg_xasprintf(
        "build -r " PACK " " CORPUS " -o %s/whole && "
        "'%s' extract -r " PACK " -o %s/a.jsonl " CORPUS "/0[1-7]*.txt && "
        "'%s' extract -r " PACK " -o %s/b.jsonl " CORPUS "/0[89]*.txt " CORPUS "/[1-9]*.txt && "
        "'%s' build -r " PACK " --edges %s/b.jsonl %s/a.jsonl -o %s/merged",
        d, KG_BINARY, d, KG_BINARY, d, KG_BINARY, d, d, d);
    run_result r = run_kgraph(cmd);
    cr_assert_eq(r.code, 0, "%s", r.err);
    char *wd = kg_xasprintf("%s/whole", d), *md = kg_xasprintf("%s/merged", d);
    const char *files[] = {"centrality.csv", "graph.graphml", "graph.json", "nodes.csv", "edges.csv",
                           "report.html"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *w = read_in(wd, files[i]), *m = read_in(md, files[i]);
        cr_assert_str_eq(m, w, "%s differs", files[i]);
        free(w);
        free(m);
    }
    free(wd);
    free(md);
    free(cmd);
    run_free(&r);
    rm_rf(d);
    free(d);
}

Test(cli_build, usage_errors)
{
    run_result r = run_kgraph("build -r " PACK " " CORPUS);
    cr_assert_eq(r.code, 2);
    cr_assert(strstr(r.err, "kgraph: no output folder: give one with -o OUTDIR\n") == r.err, "%s", r.err);
    run_free(&r);
    r = run_kgraph("build -o /tmp/x " CORPUS);
    cr_assert_eq(r.code, 2);
    cr_assert(strstr(r.err, "give -r RULES.yaml to extract, or --edges to build from edge files"));
    run_free(&r);
}

Test(cli_build, bad_edge_file_is_a_data_error)
{
    run_result r = run_kgraph("build --edges tests/cli/fixtures/bad-edges.jsonl -o /tmp/kg-bad-edges-out");
    cr_assert_eq(r.code, 5);
    cr_assert_str_eq(r.err, "kgraph: tests/cli/fixtures/bad-edges.jsonl:2:1: edge record lacks the key 'target_type'\n");
    run_free(&r);
    rm_rf("/tmp/kg-bad-edges-out");
}

Test(cli_stats, example_text_matches_golden)
{
    run_result r = run_kgraph("stats tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "nhs-stats.txt");
    run_free(&r);
}

Test(cli_stats, json_and_csv)
{
    run_result r = run_kgraph("stats --format json --limit 3 --by degree tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "nhs-stats.json");
    run_free(&r);
    r = run_kgraph("stats --format csv --type TRUST < tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    expect_golden(r.out, "nhs-stats-trusts.csv");
    run_free(&r);
}

Test(cli_stats, filter_errors_say_which_with_did_you_mean)
{
    run_result r = run_kgraph("stats --relation award_contract tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 2, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: unknown relation 'award_contract' (did you mean 'awards_contract'?)\n");
    run_free(&r);
    r = run_kgraph("stats --type TRSUT tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 2, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: unknown type 'TRSUT' (did you mean 'TRUST'?)\n");
    run_free(&r);
    r = run_kgraph("stats --ego 'Westmoor CGG' tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 2, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: unknown entity 'Westmoor CGG' (did you mean 'Westmoor CCG'?)\n");
    run_free(&r);
    r = run_kgraph("stats --by pagrank tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 2);
    cr_assert_str_eq(r.err, "kgraph: unknown measure 'pagrank' (did you mean 'pagerank'?)\n");
    run_free(&r);
}

Test(cli_stats, ego_network)
{
    run_result r = run_kgraph("stats --format csv --ego 'Westmoor CCG' --hops 1 tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "Westmoor County Council") && strstr(r.out, "Westmoor CCG"));
    cr_assert_null(strstr(r.out, "Brightpath"), "2 hops away: %s", r.out);
    run_free(&r);
}

Test(cli_stats, filtered_view_counts_its_own_components)
{
    run_result r = run_kgraph("stats --ego 'Westmoor CCG' tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "components   1 (largest: 2 nodes)\ncommunities  1 "), "%s", r.out);
    run_free(&r);
}

/* The documents line counts the documents of the edges shown: funds (3
 * documents) and merges_with (3) share 03-joint-working, so 5 of the 12;
 * counted by hand from nhs-edges.jsonl. */
Test(cli_stats, filtered_view_counts_its_own_documents)
{
    run_result r = run_kgraph("stats --relation funds --relation merges_with "
                              "tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\nedges        7\ndocuments    5\ncomponents   "), "%s", r.out);
    run_free(&r);
    r = run_kgraph("stats --format json --relation holds_role tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\"edges\": 10,\n  \"documents\": 10,\n"), "%s", r.out);
    run_free(&r);
    r = run_kgraph("stats --ego 'Westmoor CCG' tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert(strstr(r.out, "edges        1\ndocuments    1\n"), "%s", r.out);
    run_free(&r);
}

Test(cli_export, unknown_layout_is_a_usage_error)
{
    run_result r = run_kgraph("export -f svg --layout neeto tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 2);
    cr_assert(strstr(r.err, "kgraph: unknown layout 'neeto' (did you mean 'neato'?)\n") == r.err, "%s", r.err);
    run_free(&r);
}

Test(cli_build, failed_build_leaves_no_new_folder)
{
    char *d = kg_xasprintf("/tmp/kg-build-fail-%d", (int)getpid());
    char *args = kg_xasprintf("build --edges tests/cli/fixtures/bad-edges.jsonl -o %s", d);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 5);
    cr_assert_neq(access(d, F_OK), 0, "the folder made for the failed build must be gone");
    run_free(&r);
    free(args);
    free(d);
}

/* The first line of text (caller frees). */
static char *first_line(const char *text)
{
    return kg_xstrndup(text, strcspn(text, "\n"));
}

Test(cli_build, csv_files_guard_formulas_and_share_columns)
{
    /* an entity named like a spreadsheet formula is neutralised in
     * nodes.csv and centrality.csv alike, and the two headers agree after
     * their first column (centrality.csv has no attribute columns) */
    char *d = tmpdir();
    char *p = kg_xasprintf("%s/e.jsonl", d);
    FILE *fp = fopen(p, "w");
    cr_assert_not_null(fp);
    fputs("{\"doc\":\"d.txt\",\"line\":1,\"start\":0,\"end\":9,\"relation\":\"funds\","
          "\"source\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\",\"source_type\":\"ORG\","
          "\"source_text\":\"x\",\"target\":\"Acme\",\"target_type\":\"ORG\",\"target_text\":\"Acme\","
          "\"rule\":\"r\",\"rule_at\":\"r.yaml:1\",\"evidence\":\"x funds Acme.\",\"attrs\":{}}\n",
          fp);
    cr_assert_eq(fclose(fp), 0);
    char *args = kg_xasprintf("build --edges %s -o %s/out --formats csv", p, d);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    char *nodes = read_in(d, "out/nodes.csv"), *cent = read_in(d, "out/centrality.csv");
    const char *guarded = ",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",ORG,";
    cr_assert_not_null(strstr(nodes, guarded), "nodes.csv: %s", nodes);
    cr_assert_not_null(strstr(cent, guarded), "centrality.csv: %s", cent);
    char *hn = first_line(nodes), *hc = first_line(cent);
    cr_assert(!strncmp(hn, "id,", 3) && !strncmp(hc, "rank,", 5));
    cr_assert_str_eq(hc + 4, hn + 2);
    free(hn);
    free(hc);
    free(nodes);
    free(cent);
    free(args);
    free(p);
    run_free(&r);
    rm_rf(d);
    free(d);
}

/* The names in folder d, sorted, one a line. */
static char *listing(const char *d)
{
    char *cmd = kg_xasprintf("ls '%s' | LC_ALL=C sort", d);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    kg_buf b = KG_BUF_INIT;
    char line[256];
    while (fgets(line, sizeof line, p)) kg_buf_puts(&b, line);
    pclose(p);
    free(cmd);
    return b.ptr ? b.ptr : kg_xstrdup("");
}

Test(cli_build, a_failing_format_leaves_the_others_written)
{
    /* an old build in the folder: its graph.svg and graph.json describe
     * another graph, so the new folder holds none rather than those */
    char *d = tmpdir();
    char *args = kg_xasprintf("build --edges tests/cli/golden/nhs-edges.jsonl -o %s/out", d);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    run_free(&r);
    setenv("KG_TEST_FAIL_FORMAT", "svg,json", 1);
    r = run_kgraph(args);
    unsetenv("KG_TEST_FAIL_FORMAT");
    cr_assert_eq(r.code, 4, "%s", r.err);
    char *want = kg_xasprintf("kgraph: %s/out/graph.svg: not written: Graphviz: test fault\n"
                              "kgraph: %s/out/graph.json: not written: Graphviz: test fault\n"
                              "kgraph: %s/out/: 2 graph formats not written (see above)\n",
                              d, d, d);
    cr_assert_str_eq(r.err, want);
    char *out = kg_xasprintf("%s/out", d), *got = listing(out);
    cr_assert_str_eq(got, "centrality.csv\nedges.csv\ngraph.dot\ngraph.gexf\ngraph.graphml\n"
                          "nodes.csv\nreport.html\n");
    char *dot = read_in(out, "graph.dot");
    cr_assert_not_null(strstr(dot, "digraph"), "the formats that work are written in full");
    free(dot);
    free(got);
    free(out);
    free(want);
    free(args);
    run_free(&r);
    rm_rf(d);
    free(d);
}

Test(cli_build, no_paths_skips_betweenness_and_closeness)
{
    char *d = tmpdir();
    char *args = kg_xasprintf("build --edges tests/cli/golden/nhs-edges.jsonl --no-paths "
                              "--formats json,gexf -o %s", d);
    run_result r = run_kgraph(args);
    cr_assert_eq(r.code, 0, "%s", r.err);
    char *json = read_in(d, "graph.json");
    cr_assert_not_null(strstr(json, "\"paths\": \"skipped\""));
    cr_assert_null(strstr(json, "\"betweenness\": 1"), "every betweenness is 0");
    cr_assert_not_null(strstr(json, "\"betweenness\": 0.0"));
    cr_assert_null(strstr(json, "\"closeness\": 0.1"));
    free(json);
    char *gexf = read_in(d, "graph.gexf");
    cr_assert_not_null(strstr(gexf, "<description>knowledge graph: 51 nodes, 42 edges; "
                                    "betweenness and closeness: skipped</description>"));
    free(gexf);
    run_free(&r);
    r = run_kgraph("stats --no-paths tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "paths        skipped (betweenness, closeness)\n"), "%s", r.out);
    run_free(&r);
    r = run_kgraph("stats --no-paths --by closeness tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "kgraph: warning: --by closeness with --no-paths: closeness is 0 for "
                            "every node, so the ranking is in node order\n");
    run_free(&r);
    r = run_kgraph("stats --format json --no-paths tests/cli/golden/nhs-edges.jsonl");
    cr_assert_eq(r.code, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "\"paths\": \"skipped\""), "%s", r.out);
    run_free(&r);
    free(args);
    rm_rf(d);
    free(d);
}
