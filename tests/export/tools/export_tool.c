/*
 * tests/export/tools/export_tool.c: a small driver of the export module for
 * the reader checks (tests/export/readers_check.py) and for looking at
 * output by hand; the `kgraph build` and `kgraph export` commands are the
 * real interface.  It builds a graph from edge files, analyses it,
 * optionally keeps the top nodes, and writes one format or all of them.
 *
 *   export_tool [-f FORMAT|all] [-o PATH] [--layout L] [--size-by M]
 *               [--no-fixed-size] [--max-drawn N] [--neo4j] [--top K]
 *               [--no-analyze] [--reference FILE] EDGES.jsonl...
 *
 * -f all writes every format into the folder PATH (kg_export_write_all);
 * otherwise PATH is the file ("-" for standard output; a folder or prefix
 * for csv).  Notes go to standard error as "export_tool: note: ...".
 * --reference writes the graph as the checks expect to read it back, straight
 * from the kg_graph accessors and not through any writer: a JSON object
 * {"nodes": [...], "edges": [...]} with raw strings and reals at 17 digits.
 * Exit status 0, or 1 with "export_tool: <message>".
 *
 * It lives in tests/export/tools/ because every .c file of tests/export/
 * is linked into the Criterion binary test_export.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/export.h"

static void jstr(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') fprintf(fp, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f) fprintf(fp, "\\u%04x", *p);
        else fputc(*p, fp);
    }
    fputc('"', fp);
}

static int write_reference(const kg_graph *g, const char *path)
{
    FILE *fp = fopen(path, "w");
    if (!fp) return -1;
    fputs("{\"nodes\": [\n", fp);
    for (size_t i = 0; i < kg_graph_node_count(g); i++) {
        const kg_node *n = kg_graph_node(g, i);
        fputs(i ? ",\n{\"name\": " : "{\"name\": ", fp);
        jstr(fp, n->name);
        fputs(", \"type\": ", fp);
        jstr(fp, n->type);
        fprintf(fp, ", \"mentions\": %zu, \"documents\": %zu, \"component\": %zu, "
                    "\"community\": %zu", n->mentions, n->documents, n->component,
                n->community);
        for (int m = 0; m < KG_MEASURE_COUNT; m++)
            fprintf(fp, ", \"%s\": %.17g", kg_graph_measure_names[m], n->measures[m]);
        fputs(", \"attrs\": {", fp);
        for (size_t k = 0; k < n->nattrs; k++) {
            if (k) fputs(", ", fp);
            jstr(fp, n->attrs[k].key);
            fputs(": ", fp);
            jstr(fp, n->attrs[k].value);
        }
        fputs("}}", fp);
    }
    fputs("],\n\"edges\": [\n", fp);
    for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        fprintf(fp, "%s{\"source\": %zu, \"target\": %zu, \"relation\": ", j ? ",\n" : "",
                e->source, e->target);
        jstr(fp, e->relation);
        fprintf(fp, ", \"symmetric\": %s, \"weight\": %zu, \"documents\": %zu, \"rules\": [",
                e->symmetric ? "true" : "false", e->weight, e->documents);
        for (size_t k = 0; k < e->nrules; k++) {
            if (k) fputs(", ", fp);
            jstr(fp, e->rules[k]);
        }
        fputs("], \"first_doc\": ", fp);
        jstr(fp, e->first.doc);
        fprintf(fp, ", \"first_line\": %zu, \"first_evidence\": ", e->first.line);
        jstr(fp, e->first.text ? e->first.text : "");
        fputc('}', fp);
    }
    fputs("]}\n", fp);
    return fclose(fp) == 0 ? 0 : -1;
}

static void note(void *ud, const char *msg)
{
    (void)ud;
    fprintf(stderr, "export_tool: note: %s\n", msg);
}

static int fail(void)
{
    fprintf(stderr, "export_tool: %s\n", kg_error_last());
    return 1;
}

int main(int argc, char **argv)
{
    kg_export_options opts = KG_EXPORT_OPTIONS_INIT;
    opts.note = note;
    const char *format = "all", *out = "-";
    size_t top = 0;
    bool analyze = true;
    const char *reference = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-f") == 0 && v) format = argv[++i];
        else if (strcmp(a, "-o") == 0 && v) out = argv[++i];
        else if (strcmp(a, "--layout") == 0 && v) opts.layout = argv[++i];
        else if (strcmp(a, "--size-by") == 0 && v) opts.size_by = argv[++i];
        else if (strcmp(a, "--max-drawn") == 0 && v) opts.max_drawn_nodes = strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--top") == 0 && v) top = strtoull(argv[++i], NULL, 10);
        else if (strcmp(a, "--reference") == 0 && v) reference = argv[++i];
        else if (strcmp(a, "--no-fixed-size") == 0) opts.no_fixed_size = true;
        else if (strcmp(a, "--neo4j") == 0) opts.csv_neo4j = true;
        else if (strcmp(a, "--undirected-symmetric") == 0) opts.undirected_symmetric = true;
        else if (strcmp(a, "--no-analyze") == 0) analyze = false;
        else {
            fprintf(stderr, "export_tool: bad option '%s'\n", a);
            return 2;
        }
    }
    if (i == argc) {
        fprintf(stderr, "usage: export_tool [options] EDGES.jsonl...\n");
        return 2;
    }
    kg_graph_builder *b;
    if (kg_graph_builder_new(&b, KG_GRAPH_DEFAULT_EVIDENCE) != 0) return fail();
    for (; i < argc; i++)
        if (kg_graph_builder_add_file(b, argv[i]) != 0) {
            kg_graph_builder_free(b);
            return fail();
        }
    kg_graph *g;
    if (kg_graph_builder_finish(&g, b) != 0) return fail();
    if (analyze && kg_graph_analyze(g, NULL) != 0) return fail();
    if (top) {
        kg_graph_filter f = KG_GRAPH_FILTER_INIT;
        f.top_k = top;
        f.top_by = opts.size_by ? opts.size_by : "pagerank";
        kg_graph *h;
        if (kg_graph_filter_apply(&h, g, &f) != 0) return fail();
        kg_graph_free(g);
        g = h;
    }
    if (reference && write_reference(g, reference) != 0) {
        fprintf(stderr, "export_tool: %s: cannot write\n", reference);
        kg_graph_free(g);
        return 1;
    }
    int rc;
    if (strcmp(format, "all") == 0) {
        rc = kg_export_write_all(g, &opts, out);
    } else {
        kg_format fmt;
        rc = kg_format_from_name(&fmt, format);
        if (rc == 0) rc = kg_export_write(g, fmt, &opts, out);
    }
    kg_graph_free(g);
    return rc == 0 ? 0 : fail();
}
