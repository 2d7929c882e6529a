/*
 * export/csv.c: the graph as two CSV tables, nodes.csv and edges.csv
 * (RFC 4180 quoting, UTF-8 without a byte order mark, LF line ends).
 *
 *   nodes: id, name, type, mentions, documents, component, community,
 *          one column per measure (kg_graph_measure_names order), then one
 *          column per node attribute key present in the graph (sorted;
 *          named by kgx_attr_name), empty where a node lacks it
 *   edges: id, source, target, source_name, target_name, relation,
 *          symmetric, weight, documents, rules, first_doc, first_line,
 *          first_evidence
 *
 * Two header styles.  Plain (the default) is for spreadsheets and
 * LOAD CSV; its text cells that begin with = + - @ tab or CR get a leading
 * apostrophe so that no spreadsheet runs them as a formula.  With
 * csv_neo4j the headers are neo4j-admin import's, and text is left exactly
 * as it is:
 *
 *   nodes: id:ID, name, :LABEL, mentions:long, documents:long,
 *          component:long, community:long, <measure>:double ...
 *   edges: id, :START_ID, :END_ID, source_name, target_name, :TYPE,
 *          symmetric:boolean, weight:long, documents:long, rules:string[],
 *          first_doc, first_line:long, first_evidence
 *
 * centrality.csv (kg_export_centrality_csv) is the plain nodes table ranked:
 * rank instead of id, the same columns in the same order up to the last
 * measure, no attribute columns, and the same formula guard.
 *
 * (neo4j-admin splits rules:string[] on ';', its default array delimiter,
 * which is also how the rules column is joined.)  A cell is quoted when it
 * holds a comma, a quote, CR or LF, or begins or ends with a space; quotes
 * inside are doubled.  Reals are "%.10g".
 */
#include <stdlib.h>
#include <string.h>

#include "export/export_int.h"

/* The one CSV cell writer of kgraph (every CSV file goes through it): a
 * separator, then s cleaned (kgx_clean) and quoted as the
 * header comment says; with `guard`, a text cell that could start a formula
 * gets its leading apostrophe. */
static void cell(FILE *fp, const char *s, bool guard)
{
    fputc(',', fp);
    char *c = kgx_cleandup(s ? s : "");
    size_t len = strlen(c);
    bool formula = guard && len && strchr("=+-@\t\r", c[0]);
    bool quote = strpbrk(c, ",\"\r\n") || (len && (c[0] == ' ' || c[len - 1] == ' '));
    if (quote) fputc('"', fp);
    if (formula) fputc('\'', fp);
    for (const char *p = c; *p; p++) {
        if (*p == '"') fputc('"', fp);
        fputc(*p, fp);
    }
    if (quote) fputc('"', fp);
    free(c);
}

static void cell_size(FILE *fp, size_t v)
{
    fprintf(fp, ",%zu", v);
}

/* The columns nodes.csv and centrality.csv share, after their first one:
 * name, type, the counts, component, community, then every measure. */
static void node_header(FILE *fp, bool neo)
{
    fputs(neo ? ",name,:LABEL,mentions:long,documents:long,component:long,community:long"
              : ",name,type,mentions,documents,component,community",
          fp);
    for (int m = 0; m < KG_MEASURE_COUNT; m++)
        fprintf(fp, neo ? ",%s:double" : ",%s", kg_graph_measure_names[m]);
}

static void node_cells(FILE *fp, const kg_node *n, bool neo)
{
    char buf[32];
    cell(fp, n->name, !neo);
    cell(fp, n->type, !neo);
    cell_size(fp, n->mentions);
    cell_size(fp, n->documents);
    cell_size(fp, n->component);
    cell_size(fp, n->community);
    for (int m = 0; m < KG_MEASURE_COUNT; m++) {
        kgx_fmt_real(buf, n->measures[m]);
        fprintf(fp, ",%s", buf);
    }
}

static int write_nodes(const kg_graph *g, bool neo, FILE *fp)
{
    fputs(neo ? "id:ID" : "id", fp);
    node_header(fp, neo);
    size_t nak;
    const char *const *ak = kg_graph_attr_keys(g, &nak);
    char an[KGX_ATTR_NAME];
    for (size_t k = 0; k < nak; k++) fprintf(fp, ",%s", kgx_attr_name(ak[k], an));
    fputc('\n', fp);
    for (size_t i = 0; i < kg_graph_node_count(g); i++) {
        const kg_node *n = kg_graph_node(g, i);
        fprintf(fp, "n%zu", i);
        node_cells(fp, n, neo);
        for (size_t k = 0; k < nak; k++) cell(fp, kg_node_attr(n, ak[k]), !neo);
        fputc('\n', fp);
    }
    return kgx_check_stream(fp, "nodes.csv");
}

static int write_edges(const kg_graph *g, bool neo, FILE *fp)
{
    fputs(neo ? "id,:START_ID,:END_ID,source_name,target_name,:TYPE,symmetric:boolean,"
                "weight:long,documents:long,rules:string[],first_doc,first_line:long,"
                "first_evidence\n"
              : "id,source,target,source_name,target_name,relation,symmetric,weight,"
                "documents,rules,first_doc,first_line,first_evidence\n",
          fp);
    kg_buf rules = KG_BUF_INIT;
    for (size_t j = 0; j < kg_graph_edge_count(g); j++) {
        const kg_gedge *e = kg_graph_edge(g, j);
        fprintf(fp, "e%zu,n%zu,n%zu", j, e->source, e->target);
        cell(fp, kg_graph_node(g, e->source)->name, !neo);
        cell(fp, kg_graph_node(g, e->target)->name, !neo);
        cell(fp, e->relation, !neo);
        fputs(e->symmetric ? ",true" : ",false", fp);
        cell_size(fp, e->weight);
        cell_size(fp, e->documents);
        kg_buf_clear(&rules);
        kgx_rules_joined(&rules, e);
        cell(fp, rules.ptr, !neo);
        cell(fp, e->first.doc, !neo);
        cell_size(fp, e->first.line);
        cell(fp, e->first.text, !neo);
        fputc('\n', fp);
    }
    kg_buf_free(&rules);
    return kgx_check_stream(fp, "edges.csv");
}

int kgx_write_csv(const kg_graph *g, const kgx_opts *o, FILE *nodes, FILE *edges)
{
    int rc = write_nodes(g, o->csv_neo4j, nodes);
    if (rc == 0) rc = write_edges(g, o->csv_neo4j, edges);
    return rc;
}

int kg_export_centrality_csv(const kg_graph *g, const size_t *order, FILE *fp)
{
    fputs("rank", fp);
    node_header(fp, false);
    fputc('\n', fp);
    for (size_t r = 0; r < kg_graph_node_count(g); r++) {
        fprintf(fp, "%zu", r + 1);
        node_cells(fp, kg_graph_node(g, order ? order[r] : r), false);
        fputc('\n', fp);
    }
    return kgx_check_stream(fp, "centrality.csv");
}
