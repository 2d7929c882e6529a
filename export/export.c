/*
 * export/export.c: the public face of the export module (kgraph/export.h):
 * format names, options, and where output goes.  The writers, one file per
 * format (dot.c, svg.c, graphml.c, gexf.c, json.c, csv.c), only ever write
 * to a FILE*; this file decides which FILE*:
 *
 *   kg_export_write(path)  ->  kg_out (a temporary file renamed over path
 *                              on success, removed on failure; "-" stdout)
 *   kg_export_stream(fp)   ->  the caller's stream
 *   kg_export_write_all    ->  kg_export_write for each format into a folder;
 *                              a format that fails is noted and skipped, the
 *                              others are still written
 *
 * CSV is two tables, so it takes a folder or a prefix instead of one path
 * (see export.h) and commits nodes.csv before edges.csv.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "export/export_int.h"

/* The one list of export formats; everything else derives from it: names
 * for -f and --formats, build's file names, the extensions -o may end in,
 * the writer, and the lists in usage and help texts.  Indexed by kg_format
 * (designated, so the order of the enum cannot drift from the rows); CSV's
 * writer takes two streams, so its row has none. */
typedef int (*format_writer)(const kg_graph *, const kgx_opts *, FILE *);
static const struct format_row {
    const char *name;
    const char *file, *file2;   /* in a build folder; file2: CSV's second */
    const char *exts[3];        /* what -o may end in (NULL-terminated) */
    format_writer write;
} FORMATS[] = {
    [KG_FMT_DOT] = {"dot", "graph.dot", NULL, {".dot", ".gv"}, kgx_write_dot},
    [KG_FMT_SVG] = {"svg", "graph.svg", NULL, {".svg"}, kgx_write_svg},
    [KG_FMT_GRAPHML] = {"graphml", "graph.graphml", NULL, {".graphml"}, kgx_write_graphml},
    [KG_FMT_GEXF] = {"gexf", "graph.gexf", NULL, {".gexf"}, kgx_write_gexf},
    [KG_FMT_JSON] = {"json", "graph.json", NULL, {".json"}, kgx_write_json},
    [KG_FMT_CSV] = {"csv", "nodes.csv", "edges.csv", {NULL}, NULL},
    [KG_FMT_HTML] = {"html", "report.html", NULL, {".html", ".htm"}, kgx_write_html},
};
_Static_assert(sizeof FORMATS / sizeof FORMATS[0] == KG_FMT_COUNT,
               "one row of FORMATS per kg_format");

static const struct format_row *row(kg_format fmt)
{
    return (unsigned)fmt < KG_FMT_COUNT ? &FORMATS[fmt] : NULL;
}

/* The lists for messages, built once from FORMATS. */
static struct {
    char names[128];            /* "dot, svg, ... or csv" */
    char exts[128];             /* ".dot, .gv, ... or .json" */
} lists;
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

/* Append the n-th of `total` items to buf as "a, b or c" reads. */
static void list_add(char *buf, size_t size, const char *item, size_t nth, size_t total)
{
    size_t len = strlen(buf);
    snprintf(buf + len, size - len, "%s%s", nth == 0 ? "" : nth + 1 == total ? " or " : ", ",
             item);
}

static void lists_build(void)
{
    size_t next = 0, total = 0;
    for (int f = 0; f < KG_FMT_COUNT; f++)
        for (size_t e = 0; FORMATS[f].exts[e]; e++) total++;
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        list_add(lists.names, sizeof lists.names, FORMATS[f].name, (size_t)f, KG_FMT_COUNT);
        for (size_t e = 0; FORMATS[f].exts[e]; e++)
            list_add(lists.exts, sizeof lists.exts, FORMATS[f].exts[e], next++, total);
    }
}

const char *kg_format_list(void)
{
    pthread_once(&lists_once, lists_build);
    return lists.names;
}

const char *kg_format_ext_list(void)
{
    pthread_once(&lists_once, lists_build);
    return lists.exts;
}

int kg_format_from_name(kg_format *out, const char *name)
{
    const char *names[KG_FMT_COUNT];
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        names[f] = FORMATS[f].name;
        if (strcasecmp(name, names[f]) == 0) {
            *out = (kg_format)f;
            return 0;
        }
    }
    return kg_error_set(KG_ENOTFOUND, "unknown format '%s'%s", name,
                        kg_suggest(name, names, KG_FMT_COUNT, true));
}

int kg_format_from_path(kg_format *out, const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && !strchr(dot, '/'))
        for (int f = 0; f < KG_FMT_COUNT; f++)
            for (size_t e = 0; FORMATS[f].exts[e]; e++)
                if (strcasecmp(dot, FORMATS[f].exts[e]) == 0) {
                    *out = (kg_format)f;
                    return 0;
                }
    return kg_error_set(KG_ENOTFOUND, "%s: the name ends in none of %s", path ? path : "-",
                        kg_format_ext_list());
}

const char *kg_format_name(kg_format fmt)
{
    return row(fmt) ? row(fmt)->name : "?";
}

const char *kg_format_file_name(kg_format fmt)
{
    return row(fmt) ? row(fmt)->file : "?";
}

const char *kg_format_second_file_name(kg_format fmt)
{
    return row(fmt) ? row(fmt)->file2 : NULL;
}

int kg_export_layout(const char **out, const kg_graph *g, const kg_export_options *opts)
{
    kgx_opts o;
    *out = NULL;
    int rc = kgx_opts_resolve(&o, opts);
    if (rc) return rc;
    /* what the SVG draws (outside page mode), as it counts it */
    kgx_style st;
    kgx_style_init(&st, g, &o);
    kgx_drawn d;
    kgx_drawn_select(&d, &st, &o);
    *out = kgx_choose_layout(&o, d.drawn_nodes, d.drawn_edges);
    kgx_drawn_free(&d);
    return 0;
}

kg_export_memo *kg_export_memo_new(void)
{
    return kg_xcalloc(1, sizeof(kg_export_memo));
}

void kg_export_memo_free(kg_export_memo *m)
{
    if (!m) return;
    free(m->svg);
    free(m->xy);
    free(m);
}

kg_export_memo *kgx_memo(const kgx_opts *o, const kg_graph *g)
{
    kg_export_memo *m = o->user ? o->user->memo : NULL;
    if (!m) return NULL;
    if (!m->g) m->g = g;
    return m->g == g ? m : NULL;
}

/* *xy as a new copy of the memo's positions (n nodes). */
static double *copy_xy(const double *xy, size_t n)
{
    double *p = kg_xmalloc(2 * (n ? n : 1) * sizeof *p);
    memcpy(p, xy, 2 * n * sizeof *p);
    return p;
}

int kgx_positions(double **xy, const kgx_style *st, const kgx_opts *o, const char *what)
{
    const kg_graph *g = st->g;
    size_t n = kg_graph_node_count(g);
    *xy = NULL;
    /* The SVG's drawing, not the whole graph: an sfdp layout of 10,000
     * nodes took 52 s; the drawn subgraph (1,000 nodes, 5,000 edges by
     * default) takes seconds, and Gephi opens the picture the SVG shows. */
    kgx_drawn d;
    kgx_drawn_select(&d, st, o);
    const char *engine = kgx_choose_layout(o, d.drawn_nodes, d.drawn_edges);
    char head[64];
    snprintf(head, sizeof head, "%s: positions for", what);
    if (d.drawn_nodes < d.n || d.drawn_edges < d.between)
        kgx_drawn_note(&d, st, o, head); /* what is laid out, not how */
    else if (o->layout_auto && strcmp(engine, "dot") != 0)
        kgx_note(o, "%s positions: laying out %zu nodes and %zu edges with %s", what,
                 d.drawn_nodes, d.drawn_edges, engine);
    /* GEXF and GraphML of one build share one layout */
    kg_export_memo *memo = kgx_memo(o, g);
    if (memo && memo->xy) {
        *xy = copy_xy(memo->xy, memo->n);
        kgx_drawn_free(&d);
        return 0;
    }
    kgx_gv *gv = NULL;
    kgx_gv_lock();
    int rc = kgx_gv_new_drawn(&gv, st, d.nodes, d.edges, NULL, engine, KGX_GV_DRAW);
    if (rc == 0) rc = kgx_gv_layout(gv);
    if (rc == 0) {
        double *p = kg_xcalloc(2 * (n ? n : 1), sizeof *p);
        for (size_t i = 0; i < n; i++) {
            double x = NAN, y = NAN;
            if (kgx_gv_position(gv, i, &x, &y)) {
                x = x == 0 ? 0 : x; /* no "-0.00" */
                y = y == 0 ? 0 : y;
            }
            p[2 * i] = x;
            p[2 * i + 1] = y;
        }
        *xy = p;
        if (memo) {
            memo->xy = copy_xy(p, n);
            memo->n = n;
        }
    }
    kgx_gv_free(gv);
    kgx_gv_unlock();
    kgx_drawn_free(&d);
    return rc;
}

static int stream(const kg_graph *g, kg_format fmt, const kgx_opts *o, FILE *fp)
{
    if (!row(fmt)) return kg_error_set(KG_EUSAGE, "unknown export format %d", (int)fmt);
    if (!row(fmt)->write)
        return kg_error_set(KG_EUSAGE, "CSV export writes two files (nodes.csv and edges.csv): "
                                       "give a folder or a file prefix, not a stream");
    return row(fmt)->write(g, o, fp);
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
        np = kg_xasprintf("%s%s%s", path, sep, FORMATS[KG_FMT_CSV].file);
        ep = kg_xasprintf("%s%s%s", path, sep, FORMATS[KG_FMT_CSV].file2);
    } else {
        if (len > 4 && strcmp(path + len - 4, ".csv") == 0) len -= 4;
        np = kg_xasprintf("%.*s.%s", (int)len, path, FORMATS[KG_FMT_CSV].file);
        ep = kg_xasprintf("%.*s.%s", (int)len, path, FORMATS[KG_FMT_CSV].file2);
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
    if (!row(fmt)) return kg_error_set(KG_EUSAGE, "unknown export format %d", (int)fmt);
    if (!row(fmt)->write) return write_csv(g, o, path);
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
    static const kg_export_options defaults = KG_EXPORT_OPTIONS_INIT;
    kg_export_options own = opts ? *opts : defaults;
    if (!own.memo) own.memo = kg_export_memo_new();
    kgx_opts o;
    int rc = kgx_opts_resolve(&o, &own);
    if (rc == 0) rc = make_dir(dir);
    if (rc) {
        if (!opts || !opts->memo) kg_export_memo_free(own.memo);
        return rc;
    }
    /* Every format is attempted: one that fails (an SVG Graphviz cannot
     * draw, a file that cannot be renamed into place) must not cost the
     * user the others.  Each failure is noted as it happens; the error
     * returned is the first one's code, its message naming every file not
     * written. */
    int first = 0;
    kg_buf failed = KG_BUF_INIT;
    size_t nfailed = 0;
    for (int f = 0; f < KG_FMT_COUNT; f++) {
        char *path = f == KG_FMT_CSV ? kg_xasprintf("%s/", dir)
                                     : kg_xasprintf("%s/%s", dir, FORMATS[f].file);
        int frc = write_one(g, (kg_format)f, &o, path);
        if (frc) {
            kgx_note(&o, "%s: not written: %s", path, kg_error_last());
            kg_buf_printf(&failed, "%s%s", nfailed++ ? ", " : "", path);
            if (!first) first = frc;
        }
        free(path);
    }
    if (first) kg_error_set(first, "%zu of %d formats not written: %s", nfailed, KG_FMT_COUNT,
                            failed.ptr);
    kg_buf_free(&failed);
    if (!opts || !opts->memo) kg_export_memo_free(own.memo);
    return first;
}
