/*
 * tests/export/test_write.c: where output goes (export/export.c): atomic
 * files that leave nothing behind on failure, the CSV folder and prefix
 * rules, and kg_export_write_all, which writes every format that works.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export/export_int.h" /* the memo's fields */
#include "export/helpers.h"
#include "util/util.h"

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

Test(export_write, all_formats_into_folder)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    char *dir = temp_dir();
    char *out = kg_xasprintf("%s/out", dir);
    cr_assert_eq(kg_export_write_all(g, NULL, out), 0, "%s", kg_error_last());
    static const char *const files[] = {"graph.dot", "graph.svg", "graph.graphml",
                                        "graph.gexf", "graph.json", "nodes.csv", "edges.csv",
                                        "report.html"};
    for (size_t k = 0; k < 8; k++) {
        char *p = kg_xasprintf("%s/%s", out, files[k]);
        struct stat sb;
        cr_assert_eq(stat(p, &sb), 0, "%s missing", p);
        cr_assert_gt(sb.st_size, 100);
        free(p);
    }
    cr_assert_eq(dir_entries(out), 8, "no temporary file left");
    /* the same bytes as the stream interface */
    char *p = kg_xasprintf("%s/graph.json", out);
    char *file = slurp(p), *mem = export_mem(g, KG_FMT_JSON, NULL);
    cr_assert_str_eq(file, mem);
    free(file);
    free(mem);
    free(p);
    rm_tree(dir);
    free(out);
    free(dir);
    kg_graph_free(g);
}

static void collect(void *ud, const char *msg)
{
    kg_buf_printf(ud, "%s\n", msg);
}

Test(export_write, a_failing_format_does_not_stop_the_others)
{
    /* graph.svg cannot be renamed into place (a folder holds its name):
     * the SVG fails, every other format is still written */
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    char *dir = temp_dir();
    char *out = kg_xasprintf("%s/out", dir), *svg = kg_xasprintf("%s/graph.svg", out);
    cr_assert_eq(mkdir(out, 0777), 0);
    cr_assert_eq(mkdir(svg, 0777), 0);
    kg_buf notes = KG_BUF_INIT;
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.note = collect;
    o.note_ud = &notes;
    cr_assert_eq(kg_export_write_all(g, &o, out), KG_EOUTPUT);
    char *want = kg_xasprintf("1 of 7 formats not written: %s", svg);
    cr_assert_str_eq(kg_error_last(), want);
    free(want);
    want = kg_xasprintf("%s: not written: ", svg);
    cr_assert(strstr(notes.ptr, want) == notes.ptr, "%s", notes.ptr);
    cr_assert_eq(strchr(notes.ptr, '\n')[1], 0, "one note: %s", notes.ptr);
    static const char *const files[] = {"graph.dot", "graph.graphml", "graph.gexf",
                                        "graph.json", "nodes.csv", "edges.csv", "report.html"};
    for (size_t k = 0; k < 7; k++) {
        char *p = kg_xasprintf("%s/%s", out, files[k]);
        cr_assert(exists(p), "%s missing", p);
        free(p);
    }
    cr_assert_eq(dir_entries(out), 8, "seven files and the folder, no temporary file");
    free(want);
    kg_buf_free(&notes);
    rm_tree(dir);
    free(svg);
    free(out);
    free(dir);
    kg_graph_free(g);
}

Test(export_write, csv_paths)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    char *dir = temp_dir();
    char *p = kg_xasprintf("%s/a.csv", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, p), 0, "%s", kg_error_last());
    free(p);
    p = kg_xasprintf("%s/b", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, p), 0, "%s", kg_error_last());
    free(p);
    p = kg_xasprintf("%s/c/", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, p), 0, "%s", kg_error_last());
    free(p);
    p = kg_xasprintf("%s/c", dir); /* an existing folder, no slash */
    cr_assert_eq(kg_export_write(g, KG_FMT_CSV, NULL, p), 0, "%s", kg_error_last());
    free(p);
    static const char *const want[] = {"a.nodes.csv", "a.edges.csv", "b.nodes.csv",
                                       "b.edges.csv", "c/nodes.csv", "c/edges.csv"};
    for (size_t k = 0; k < 6; k++) {
        p = kg_xasprintf("%s/%s", dir, want[k]);
        cr_assert(exists(p), "%s", p);
        free(p);
    }
    cr_assert_eq(dir_entries(dir), 5);
    p = kg_xasprintf("%s/c", dir);
    cr_assert_eq(dir_entries(p), 2);
    free(p);
    rm_tree(dir);
    free(dir);
    kg_graph_free(g);
}

Test(export_write, failure_leaves_nothing)
{
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    char *dir = temp_dir();
    /* the target is a non-empty folder: the final rename fails */
    char *target = kg_xasprintf("%s/graph.svg", dir);
    cr_assert_eq(mkdir(target, 0777), 0);
    char *inner = kg_xasprintf("%s/keep", target);
    FILE *fp = fopen(inner, "w");
    cr_assert(fp);
    fclose(fp);
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        if (f == KG_FMT_CSV) continue;
        int rc = kg_export_write(g, (kg_format)f, NULL, target);
        cr_assert_eq(rc, KG_EOUTPUT, "%s", kg_format_name((kg_format)f));
        cr_assert(strstr(kg_error_last(), "graph.svg: write failed"), "%s", kg_error_last());
        cr_assert_eq(dir_entries(dir), 1, "a temporary file was left behind");
    }
    /* a folder that does not exist */
    char *nowhere = kg_xasprintf("%s/no/such/graph.json", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_JSON, NULL, nowhere), KG_EOUTPUT);
    cr_assert(strstr(kg_error_last(), "cannot write"), "%s", kg_error_last());
    /* an unknown layout fails before any file is opened */
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.layout = "spring";
    char *svg = kg_xasprintf("%s/x.svg", dir);
    cr_assert_eq(kg_export_write(g, KG_FMT_SVG, &o, svg), KG_ENOTFOUND);
    cr_assert(!exists(svg));
    cr_assert_eq(dir_entries(dir), 1);
    free(svg);
    free(nowhere);
    free(inner);
    free(target);
    rm_tree(dir);
    free(dir);
    kg_graph_free(g);
}

Test(export_write, a_memo_shares_work_and_changes_no_byte)
{
    /* with a memo (build's), every format comes out as it does alone, in
     * any order; a memo used with another graph is ignored */
    kg_graph *g = export_load(EXPORT_FIXTURE("nhs.jsonl"));
    kg_graph *other = export_load(EXPORT_FIXTURE("hostile.jsonl"));
    static const kg_format fmts[] = {KG_FMT_HTML, KG_FMT_GEXF, KG_FMT_SVG, KG_FMT_GRAPHML,
                                     KG_FMT_HTML, KG_FMT_SVG, KG_FMT_GEXF};
    kg_export_options o = KG_EXPORT_OPTIONS_INIT;
    o.memo = kg_export_memo_new();
    for (size_t k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
        char *alone = export_mem(g, fmts[k], NULL), *shared = export_mem(g, fmts[k], &o);
        cr_assert_str_eq(shared, alone, "%s, step %zu", kg_format_name(fmts[k]), k);
        free(alone);
        free(shared);
        /* and it did share: the report leaves the SVG to the SVG export,
         * GEXF keeps its positions for GraphML */
        cr_assert_eq(o.memo->svg != NULL, k >= 2, "SVG bytes kept from step 2 on (step %zu)", k);
        cr_assert_eq(o.memo->xy != NULL, k >= 1, "positions kept from step 1 on (step %zu)", k);
    }
    cr_assert_eq(o.memo->g, g);
    char *svg = export_mem(g, KG_FMT_SVG, NULL);
    cr_assert_str_eq(o.memo->svg, svg, "the memo holds the SVG export's bytes");
    free(svg);
    for (size_t k = 0; k < 3; k++) {
        char *alone = export_mem(other, fmts[k + 1], NULL), *shared = export_mem(other, fmts[k + 1], &o);
        cr_assert_str_eq(shared, alone, "another graph: %s", kg_format_name(fmts[k + 1]));
        free(alone);
        free(shared);
    }
    kg_export_memo_free(o.memo);
    kg_export_memo_free(NULL);
    kg_graph_free(other);
    kg_graph_free(g);
}
