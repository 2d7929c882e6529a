/*
 * export/export.c: the public face of the export module (kgraph/export.h):
 * format names, options, and where output goes.  The writers, one file per
 * format (dot.c, svg.c, graphml.c, gexf.c, json.c, csv.c), only ever write
 * to a FILE*; this file decides which FILE*:
 *
 *   kg_export_write(path)  ->  kg_out (a temporary file renamed over path
 *                              on success, removed on failure; "-" stdout)
 *   kg_export_stream(fp)   ->  the caller's stream
 *   kg_export_write_all    ->  kg_export_write for each format into a folder
 *
 * CSV is two tables, so it takes a folder or a prefix instead of one path
 * (see export.h) and commits nodes.csv before edges.csv.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "export/export_int.h"

static const char *const FORMAT_NAMES[KG_FMT_COUNT] = {"dot", "svg", "graphml",
                                                       "gexf", "json", "csv"};
static const char *const FORMAT_FILES[KG_FMT_COUNT] = {
    "graph.dot", "graph.svg", "graph.graphml", "graph.gexf", "graph.json", "nodes.csv"};

int kg_format_from_name(kg_format *out, const char *name)
{
    for (int f = 0; f < KG_FMT_COUNT; f++)
        if (strcasecmp(name, FORMAT_NAMES[f]) == 0) {
            *out = (kg_format)f;
            return 0;
        }
    const char *s = kg_did_you_mean(name, FORMAT_NAMES, KG_FMT_COUNT);
    if (s) return kg_error_set(KG_ENOTFOUND, "unknown format '%s' (did you mean '%s'?)", name, s);
    return kg_error_set(KG_ENOTFOUND,
                        "unknown format '%s' (choose dot, svg, graphml, gexf, json or csv)", name);
}

const char *kg_format_name(kg_format fmt)
{
    return fmt < KG_FMT_COUNT ? FORMAT_NAMES[fmt] : "?";
}

const char *kg_format_file_name(kg_format fmt)
{
    return fmt < KG_FMT_COUNT ? FORMAT_FILES[fmt] : "?";
}

int kg_export_layout(const char **out, const kg_graph *g, const kg_export_options *opts)
{
    kgx_opts o;
    *out = NULL;
    int rc = kgx_opts_resolve(&o, opts);
    if (rc) return rc;
    size_t n = kg_graph_node_count(g), m = kg_graph_edge_count(g);
    if (n > o.max_drawn) {
        /* what the SVG draws: the edges among the top nodes are at most m */
        n = o.max_drawn;
    }
    *out = kgx_choose_layout(&o, n, m);
    return 0;
}

int kgx_positions(double **xy, const kgx_style *st, const kgx_opts *o, const char *what)
{
    const kg_graph *g = st->g;
    size_t n = kg_graph_node_count(g), m = kg_graph_edge_count(g);
    *xy = NULL;
    if (n > KG_EXPORT_MAX_POSITIONED) {
        kgx_note(o, "graph has %zu nodes: %s without positions (limit %d)", n, what,
                 KG_EXPORT_MAX_POSITIONED);
        return 0;
    }
    const char *engine = kgx_choose_layout(o, n, m);
    if (o->layout_auto && strcmp(engine, "dot") != 0)
        kgx_note(o, "%s positions: laying out %zu nodes and %zu edges with %s", what, n, m,
                 engine);
    /* KGX_GV_DRAW: the graph the SVG lays out (same sizes, same two-pass
     * layout for engines other than dot), so Gephi opens the picture the
     * SVG shows, only without the cap on drawn nodes. */
    kgx_gv *gv = NULL;
    kgx_gv_lock();
    int rc = kgx_gv_new(&gv, st, NULL, engine, KGX_GV_DRAW);
    if (rc == 0) rc = kgx_gv_layout(gv);
    if (rc == 0) {
        double *p = kg_xcalloc(2 * (n ? n : 1), sizeof *p);
        for (size_t i = 0; i < n; i++) {
            double x = 0, y = 0;
            kgx_gv_position(gv, i, &x, &y);
            p[2 * i] = x == 0 ? 0 : x; /* no "-0.00" */
            p[2 * i + 1] = y == 0 ? 0 : y;
        }
        *xy = p;
    }
    kgx_gv_free(gv);
    kgx_gv_unlock();
    return rc;
}

static int stream(const kg_graph *g, kg_format fmt, const kgx_opts *o, FILE *fp)
{
    switch (fmt) {
    case KG_FMT_DOT: return kgx_write_dot(g, o, fp);
    case KG_FMT_SVG: return kgx_write_svg(g, o, fp);
    case KG_FMT_GRAPHML: return kgx_write_graphml(g, o, fp);
    case KG_FMT_GEXF: return kgx_write_gexf(g, o, fp);
    case KG_FMT_JSON: return kgx_write_json(g, o, fp);
    case KG_FMT_CSV:
        return kg_error_set(KG_EUSAGE, "CSV export writes two files (nodes.csv and edges.csv): "
                                       "give a folder or a file prefix, not a stream");
    default: return kg_error_set(KG_EUSAGE, "unknown export format %d", (int)fmt);
    }
}

int kg_export_stream(const kg_graph *g, kg_format fmt, const kg_export_options *opts, FILE *fp)
{
    kgx_opts o;
    int rc = kgx_opts_resolve(&o, opts);
    if (rc == 0) rc = stream(g, fmt, &o, fp);
    if (rc == 0) rc = kgx_check_stream(fp, "output");
    return rc;
}

int kg_export_csv_stream(const kg_graph *g, const kg_export_options *opts, FILE *nodes,
                         FILE *edges)
{
    kgx_opts o;
    int rc = kgx_opts_resolve(&o, opts);
    if (rc == 0) rc = kgx_write_csv(g, &o, nodes, edges);
    return rc;
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Create folder `dir` unless it exists. */
static int make_dir(const char *dir)
{
    if (mkdir(dir, 0777) == 0 || (errno == EEXIST && is_dir(dir))) return 0;
    return kg_error_set(KG_EOUTPUT, "%s: cannot create folder: %s", dir,
                        errno == EEXIST ? "a file of that name exists" : strerror(errno));
}

/* The written file gets the writer's result; a write error is reported
 * with the path. */
static int finish_out(kg_out *out, int rc)
{
    if (rc == 0) return kg_out_commit(out);
    int e = errno;
    if (rc == KG_EOUTPUT && ferror(out->fp))
        kg_error_set(KG_EOUTPUT, "%s: write failed: %s", strcmp(out->path, "-") ? out->path : "<stdout>",
                     strerror(e ? e : EIO));
    kg_out_abort(out);
    return rc;
}

static int write_csv(const kg_graph *g, const kgx_opts *o, const char *path)
{
    if (strcmp(path, "-") == 0)
        return kg_error_set(KG_EUSAGE, "CSV export writes two files (nodes.csv and edges.csv): "
                                       "give a folder or a file prefix, not '-'");
    char *np, *ep;
    size_t len = strlen(path);
    int rc = 0;
    if (len && path[len - 1] == '/') {
        char *dir = kg_xstrndup(path, len - 1);
        rc = make_dir(dir);
        free(dir);
        if (rc) return rc;
    }
    if (is_dir(path)) {
        const char *sep = len && path[len - 1] == '/' ? "" : "/";
        np = kg_xasprintf("%s%snodes.csv", path, sep);
        ep = kg_xasprintf("%s%sedges.csv", path, sep);
    } else {
        if (len > 4 && strcmp(path + len - 4, ".csv") == 0) len -= 4;
        np = kg_xasprintf("%.*s.nodes.csv", (int)len, path);
        ep = kg_xasprintf("%.*s.edges.csv", (int)len, path);
    }
    kg_out on, oe;
    rc = kg_out_open(&on, np);
    if (rc == 0) {
        rc = kg_out_open(&oe, ep);
        if (rc) kg_out_abort(&on);
    }
    if (rc == 0) {
        rc = kgx_write_csv(g, o, on.fp, oe.fp);
        if (rc) {
            if (rc == KG_EOUTPUT) kg_error_set(KG_EOUTPUT, "%s: write failed",
                                               ferror(on.fp) ? np : ep);
            kg_out_abort(&on);
            kg_out_abort(&oe);
        } else {
            rc = kg_out_commit(&on);
            if (rc == 0) rc = kg_out_commit(&oe);
            else kg_out_abort(&oe);
        }
    }
    free(np);
    free(ep);
    return rc;
}

static int write_one(const kg_graph *g, kg_format fmt, const kgx_opts *o, const char *path)
{
    if (fmt == KG_FMT_CSV) return write_csv(g, o, path);
    if (fmt >= KG_FMT_COUNT) return kg_error_set(KG_EUSAGE, "unknown export format %d", (int)fmt);
    kg_out out;
    int rc = kg_out_open(&out, path);
    if (rc) return rc;
    return finish_out(&out, stream(g, fmt, o, out.fp));
}

int kg_export_write(const kg_graph *g, kg_format fmt, const kg_export_options *opts,
                    const char *path)
{
    kgx_opts o;
    int rc = kgx_opts_resolve(&o, opts);
    if (rc) return rc;
    return write_one(g, fmt, &o, path);
}

int kg_export_write_all(const kg_graph *g, const kg_export_options *opts, const char *dir)
{
    kgx_opts o;
    int rc = kgx_opts_resolve(&o, opts);
    if (rc == 0) rc = make_dir(dir);
    for (int f = 0; rc == 0 && f < KG_FMT_COUNT; f++) {
        char *path = f == KG_FMT_CSV ? kg_xasprintf("%s/", dir)
                                     : kg_xasprintf("%s/%s", dir, FORMAT_FILES[f]);
        rc = write_one(g, (kg_format)f, &o, path);
        free(path);
    }
    return rc;
}
