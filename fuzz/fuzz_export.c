/*
 * fuzz/fuzz_export.c: fuzz target for the exporters' escaping.  The input
 * is cut at NUL bytes into fields, ten per edge record:
 *
 *   doc, source, source_type, relation, target, target_type, rule,
 *   evidence, attribute key, attribute value
 *
 * (at most 8 records; a relation of odd length is symmetric).  Fields are
 * made what the edge reader guarantees and the exporters may assume: valid
 * UTF-8 (each byte of an invalid sequence becomes '?'), attribute keys of
 * [a-z_][a-z0-9_]* (other bytes become '_').  Records that kg_edge_check
 * refuses (an empty name) are skipped.  The graph is built, analysed and
 * exported, and each output is read back by a real parser:
 *
 *   GraphML, GEXF, SVG  libxml2: well-formed, namespaces included
 *   DOT                 cgraph agmemread: parses, with every node and edge
 *   JSON                jansson: valid, with every node and link
 *
 * Any failure aborts, which libFuzzer reports as a finding.  libxml2,
 * cgraph and jansson are linked into this target only for the checks.
 */
#include <cgraph.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kgraph/edges.h"
#include "kgraph/export.h"
#include "kgraph/graph.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FIELDS = 10, MAX_RECORDS = 8 };

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (!len || len > n || c > 0xF4) return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
    if (c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
    if (c == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
    if (c == 0xF4 && s[1] >= 0x90) return 0; /* above U+10FFFF */
    return len;
}

static void make_utf8(char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t len = utf8_len((const unsigned char *)s + i, n - i);
        if (!len) {
            s[i++] = '?';
            continue;
        }
        i += len;
    }
}

static void make_key(char *s)
{
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i && c >= '0' && c <= '9');
        if (!ok) s[i] = '_';
    }
}

static void check_xml(const char *fmt, const char *buf, size_t len)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) abort();
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, buf, (int)len, "export.xml", NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !ctxt->wellFormed || !ctxt->nsWellFormed) {
        const xmlError *err = xmlCtxtGetLastError(ctxt);
        fprintf(stderr, "fuzz_export: %s is not well-formed: %s", fmt,
                err && err->message ? err->message : "(no message)\n");
        abort();
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
}

static void check_dot(const kg_graph *g, char *buf)
{
    Agraph_t *dot = agmemread(buf);
    if (!dot) {
        fprintf(stderr, "fuzz_export: cgraph cannot read the DOT\n");
        abort();
    }
    if ((size_t)agnnodes(dot) != kg_graph_node_count(g) ||
        (size_t)agnedges(dot) != kg_graph_edge_count(g)) {
        fprintf(stderr, "fuzz_export: the DOT has %d nodes and %d edges, the graph %zu and %zu\n",
                agnnodes(dot), agnedges(dot), kg_graph_node_count(g), kg_graph_edge_count(g));
        abort();
    }
    agclose(dot);
}

static void check_json(const kg_graph *g, const char *buf, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        fprintf(stderr, "fuzz_export: invalid JSON: %d:%d: %s\n", err.line, err.column, err.text);
        abort();
    }
    if (json_array_size(json_object_get(root, "nodes")) != kg_graph_node_count(g) ||
        json_array_size(json_object_get(root, "links")) != kg_graph_edge_count(g))
        abort();
    json_decref(root);
}

/* Export g in fmt to memory (NUL-terminated); abort if the export fails. */
static char *export(const kg_graph *g, kg_format fmt, size_t *len)
{
    char *buf = NULL;
    FILE *fp = open_memstream(&buf, len);
    if (!fp) abort();
    int rc = kg_export_stream(g, fmt, NULL, fp);
    if (fclose(fp) != 0 || rc != 0) {
        fprintf(stderr, "fuzz_export: %s export failed: %s\n", kg_format_name(fmt),
                kg_error_last());
        abort();
    }
    return buf;
}

static kg_graph *build(char **f, size_t nf)
{
    kg_graph_builder *b;
    if (kg_graph_builder_new(&b, 2) != 0) abort();
    for (size_t i = 0; i + FIELDS <= nf && i / FIELDS < MAX_RECORDS; i += FIELDS) {
        char **r = f + i;
        for (size_t k = 0; k < FIELDS; k++) make_utf8(r[k]);
        make_key(r[8]);
        kg_attr attr = {r[8], r[9]};
        bool has_attr = *r[8] && *r[9];
        kg_edge e = {.doc = r[0], .line = 1 + i, .start = i, .end = i + 1, .relation = r[3],
                     .symmetric = strlen(r[3]) % 2 == 1, .source = r[1], .source_type = r[2],
                     .source_text = r[1], .target = r[4], .target_type = r[5],
                     .target_text = r[4], .rule = r[6], .rule_at = "fuzz.yaml:1",
                     .evidence = r[7], .attrs = has_attr ? &attr : NULL,
                     .nattrs = has_attr, .source_attrs = has_attr ? &attr : NULL,
                     .nsource_attrs = has_attr};
        if (kg_edge_check(&e) == 0 && kg_graph_builder_add(b, &e) != 0) abort();
    }
    kg_graph *g;
    if (kg_graph_builder_finish(&g, b) != 0) abort();
    if (kg_graph_analyze(g, NULL) != 0) abort();
    return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A private NUL-terminated copy, cut into fields at its NUL bytes. */
    char *text = malloc(size + 1);
    if (!text) abort();
    memcpy(text, data, size);
    text[size] = '\0';
    char *f[FIELDS * MAX_RECORDS];
    size_t nf = 0;
    for (char *p = text; nf < FIELDS * MAX_RECORDS && p <= text + size; p += strlen(p) + 1)
        f[nf++] = p;
    kg_graph *g = build(f, nf);
    static const kg_format xml[] = {KG_FMT_GRAPHML, KG_FMT_GEXF, KG_FMT_SVG};
    size_t len;
    for (size_t i = 0; i < sizeof xml / sizeof *xml; i++) {
        char *buf = export(g, xml[i], &len);
        check_xml(kg_format_name(xml[i]), buf, len);
        free(buf);
    }
    char *buf = export(g, KG_FMT_DOT, &len);
    check_dot(g, buf);
    free(buf);
    buf = export(g, KG_FMT_JSON, &len);
    check_json(g, buf, len);
    free(buf);
    kg_graph_free(g);
    free(text);
    return 0;
}
