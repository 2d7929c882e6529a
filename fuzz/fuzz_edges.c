/*
 * fuzz/fuzz_edges.c: fuzz target for the edge file reader (edges/edges.c)
 * and the graph builder behind it.  The input is an edge file.  Whatever
 * the bytes, reading must end in records or a "NAME:LINE:COL: ..." error,
 * never a crash, a hang or a leak, and every record the reader accepts must
 *
 *   - pass kg_edge_check (the reader applies the same validator),
 *   - survive a round trip: kg_edge_write, then read back, gives the same
 *     record field by field, and
 *   - be accepted by the graph builder (a symmetric conflict between two
 *     records is the one error it may give), whose graph must finish.
 *
 * Any broken property aborts, which libFuzzer reports as a finding.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/edges.h"
#include "kgraph/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool same_attrs(const kg_attr *a, size_t na, const kg_attr *b, size_t nb)
{
    if (na != nb) return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i].key, b[i].key) || strcmp(a[i].value, b[i].value)) return false;
    return true;
}

static bool same_edge(const kg_edge *a, const kg_edge *b)
{
    const char *const sa[] = {a->doc, a->relation, a->source, a->source_type, a->source_text,
                              a->target, a->target_type, a->target_text, a->rule, a->rule_at,
                              a->evidence};
    const char *const sb[] = {b->doc, b->relation, b->source, b->source_type, b->source_text,
                              b->target, b->target_type, b->target_text, b->rule, b->rule_at,
                              b->evidence};
    for (size_t i = 0; i < sizeof sa / sizeof *sa; i++)
        if (!same_str(sa[i], sb[i])) return false;
    return a->line == b->line && a->start == b->start && a->end == b->end &&
           a->symmetric == b->symmetric && a->resolved == b->resolved &&
           same_attrs(a->attrs, a->nattrs, b->attrs, b->nattrs) &&
           same_attrs(a->source_attrs, a->nsource_attrs, b->source_attrs, b->nsource_attrs) &&
           same_attrs(a->target_attrs, a->ntarget_attrs, b->target_attrs, b->ntarget_attrs);
}

/* Write e as a line and read it back; abort unless the same record returns. */
static void round_trip(const kg_edge *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out || kg_edge_write(out, e) != 0 || fclose(out) != 0) abort();
    FILE *in = fmemopen(buf, len, "r");
    if (!in) abort();
    kg_edge_reader *r;
    const kg_edge *back;
    if (kg_edge_reader_open_stream(&r, in, "written") != 0) abort();
    if (kg_edge_reader_next(r, &back) != 1) {
        fprintf(stderr, "fuzz_edges: a written record does not read back: %s\n%s",
                kg_error_last(), buf);
        abort();
    }
    if (!same_edge(e, back)) {
        fprintf(stderr, "fuzz_edges: the round trip changed a record:\n%s", buf);
        abort();
    }
    if (kg_edge_reader_next(r, &back) != 0) abort();
    kg_edge_reader_free(r);
    fclose(in);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* fmemopen refuses a zero-sized buffer on some libcs: read "" instead. */
    FILE *fp = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
    if (!fp) abort();
    kg_edge_reader *r;
    kg_graph_builder *b;
    if (kg_edge_reader_open_stream(&r, fp, "fuzz.jsonl") != 0) abort();
    if (kg_graph_builder_new(&b, 2) != 0) abort();
    const kg_edge *e;
    int rc;
    bool conflict = false;
    while ((rc = kg_edge_reader_next(r, &e)) == 1) {
        if (kg_edge_check(e) != 0) abort();
        round_trip(e);
        if (!conflict && kg_graph_builder_add(b, e) != 0) {
            if (!strstr(kg_error_last(), "symmetric in an earlier edge")) abort();
            conflict = true;
        }
    }
    if (rc < 0 && strncmp(kg_error_last(), "fuzz.jsonl:", 11) != 0) {
        fprintf(stderr, "fuzz_edges: message without the file's name: %s\n", kg_error_last());
        abort();
    }
    kg_graph *g = NULL;
    if (kg_graph_builder_finish(&g, b) != 0) abort();
    kg_graph_free(g);
    kg_edge_reader_free(r);
    fclose(fp);
    return 0;
}
