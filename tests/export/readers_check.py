#!/usr/bin/python3
"""tests/export/readers_check.py: kgraph's exports read back by real readers.

For each fixture edge file (the NHS example, the hostile one, a random
corpus) export_tool writes every format plus a reference dump taken straight
from the kg_graph accessors (--reference).  Then:

  * NetworkX 2.8 (Debian's python3-networkx; run this with /usr/bin/python3)
    reads the GraphML (read_graphml), the GEXF (read_gexf) and the JSON
    (node_link_graph) and must find the reference's nodes, edges and every
    attribute value (reals to 1e-9 relative: files hold 10 digits);
  * node attributes (gazetteer codes: the edges' source_attrs and
    target_attrs) come back from GraphML, GEXF, JSON and CSV under their
    exported names (attr_<key> where a key is one of kgraph's own fields);
  * the CSV tables hold the same rows (csv module);
  * Graphviz's `dot` parses the DOT and renders it; the rendering has one
    node and one edge group per node and edge (an injected attribute or
    statement would change that);
  * xmllint finds the GraphML, GEXF and SVG well-formed;
  * the SVG parses (ElementTree), has a viewBox, a node group "n<i>" with
    class "node type-..." and a non-empty <title> per node, an edge group
    per edge, no script, no on* attribute, no external href, no DOCTYPE;
  * rsvg-convert renders it to a non-empty PNG;
  * a second export is byte-identical to the first;
  * every layout engine draws the example; a capped drawing draws the top
    nodes and says so on stderr.

Exit status 0 when all checks pass, 1 with the failures listed.
"""
import argparse
import csv
import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx

MEASURES = ["in_degree", "out_degree", "degree", "in_strength", "out_strength",
            "strength", "betweenness", "closeness", "pagerank", "hub", "authority"]
SVG_NS = "{http://www.w3.org/2000/svg}"
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def clean(s):
    """What kgraph's kgx_clean does to text (valid UTF-8 in, from JSON)."""
    out = []
    for ch in s:
        c = ord(ch)
        bad = (c < 0x20 and ch not in "\t\n\r") or 0x7F <= c <= 0x9F or c in (0xFFFE, 0xFFFF)
        out.append("\uFFFD" if bad else ch)
    return "".join(out)


def xml_text(s):
    """What an XML parser returns for cleaned text: CR is normalised away in
    element content; attribute values keep it since libxml2 writes &#13;."""
    return clean(s)


def same_real(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def export(tool, edges, outdir, *extra):
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    ref = outdir + ".ref.json"
    r = run([tool, "-f", "all", "-o", outdir, "--reference", ref, *extra, edges])
    if not check(r.returncode == 0, f"export_tool {edges}: {r.stderr.strip()}"):
        return None
    with open(ref, encoding="utf-8") as f:
        return json.load(f)


OWN_NODE_FIELDS = {"id", "label", "name", "type", "mentions", "documents", "forms",
                   "component", "community", *MEASURES}


def attr_name(key):
    """The exported name of node attribute `key` (export/style.c kgx_attr_name)."""
    return "attr_" + key if key in OWN_NODE_FIELDS else key


def check_entity_attrs(where, nid, data, n, value=lambda s: clean(s)):
    """Every node attribute (gazetteer code, successor ...) is read back under
    its exported name, and a node has none it should not have."""
    for k, v in n.get("attrs", {}).items():
        check(data.get(attr_name(k)) == value(v),
              f"{where} {nid}: attribute {k} {data.get(attr_name(k))!r} != {value(v)!r}")


def check_node_attrs(where, nid, data, ref, label_key="label"):
    n = ref["nodes"][int(nid[1:])]
    check_entity_attrs(where, nid, data, n)
    check(data.get(label_key) == clean(n["name"]),
          f"{where} {nid}: label {data.get(label_key)!r} != {clean(n['name'])!r}")
    check(data.get("type") == clean(n["type"]), f"{where} {nid}: type {data.get('type')!r}")
    for k in ("mentions", "documents", "component", "community"):
        check(data.get(k) == n[k] and type(data.get(k)) is int,
              f"{where} {nid}: {k} {data.get(k)!r} != {n[k]}")
    for m in MEASURES:
        check(m in data and same_real(data[m], n[m]), f"{where} {nid}: {m} {data.get(m)!r} != {n[m]}")


def check_edge_attrs(where, key, u, v, data, ref, rules_joined=True):
    e = ref["edges"][int(key[1:])]
    check((u, v) == (f"n{e['source']}", f"n{e['target']}"), f"{where} {key}: ends {u}->{v}")
    check(data.get("relation") == clean(e["relation"]), f"{where} {key}: relation {data.get('relation')!r}")
    check(data.get("symmetric") is e["symmetric"], f"{where} {key}: symmetric {data.get('symmetric')!r}")
    check(same_real(data.get("weight", -1), e["weight"]), f"{where} {key}: weight {data.get('weight')!r}")
    check(data.get("documents") == e["documents"], f"{where} {key}: documents {data.get('documents')!r}")
    rules = ";".join(clean(r) for r in e["rules"]) if rules_joined else [clean(r) for r in e["rules"]]
    check(data.get("rules") == rules, f"{where} {key}: rules {data.get('rules')!r} != {rules!r}")
    check(data.get("first_doc") == clean(e["first_doc"]), f"{where} {key}: first_doc {data.get('first_doc')!r}")
    check(data.get("first_line") == e["first_line"], f"{where} {key}: first_line {data.get('first_line')!r}")
    check(data.get("first_evidence") == clean(e["first_evidence"]),
          f"{where} {key}: first_evidence {data.get('first_evidence')!r} != {clean(e['first_evidence'])!r}")


def check_counts(where, G, ref):
    check(G.number_of_nodes() == len(ref["nodes"]),
          f"{where}: {G.number_of_nodes()} nodes, expected {len(ref['nodes'])}")
    check(G.number_of_edges() == len(ref["edges"]),
          f"{where}: {G.number_of_edges()} edges, expected {len(ref['edges'])}")
    check(G.is_directed(), f"{where}: not directed")


def check_graphml(path, ref):
    G = nx.read_graphml(path)
    check_counts("graphml", G, ref)
    for nid, data in G.nodes(data=True):
        check_node_attrs("graphml", nid, data, ref)
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else \
        ((u, v, d.get("id"), d) for u, v, d in G.edges(data=True))
    seen = set()
    for u, v, k, d in edges:
        key = d.get("id", k)
        seen.add(key)
        check_edge_attrs("graphml", key, u, v, d, ref)
        check(d.get("label") == d.get("relation"), f"graphml {key}: label")
    check(len(seen) == len(ref["edges"]), f"graphml: {len(seen)} distinct edge ids")


def check_gexf(path, ref):
    G = nx.read_gexf(path)
    check_counts("gexf", G, ref)
    for nid, data in G.nodes(data=True):
        check_node_attrs("gexf", nid, data, ref)
        viz = data.get("viz", {})
        check("color" in viz and "size" in viz and "position" in viz,
              f"gexf {nid}: viz {sorted(viz)}")
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else \
        ((u, v, d.get("id"), d) for u, v, d in G.edges(data=True))
    seen = set()
    for u, v, k, d in edges:
        key = d.get("id", k)
        seen.add(key)
        check_edge_attrs("gexf", key, u, v, d, ref)
        check(d.get("label") == d.get("relation"), f"gexf {key}: label")
    check(len(seen) == len(ref["edges"]), f"gexf: {len(seen)} distinct edge ids")


def check_json(path, ref):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    G = nx.node_link_graph(data)
    check_counts("json", G, ref)
    check(G.is_multigraph(), "json: not a multigraph")
    for nid, d in G.nodes(data=True):
        check_node_attrs("json", nid, d, ref)
        n = ref["nodes"][int(nid[1:])]
    for u, v, k, d in G.edges(keys=True, data=True):
        check_edge_attrs("json", k, u, v, d, ref, rules_joined=False)
    check(data["graph"]["nodes"] == len(ref["nodes"]), "json: graph.nodes")


def guard(s):
    s = clean(s)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def check_csv(folder, ref, neo4j=False):
    with open(os.path.join(folder, "nodes.csv"), newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(os.path.join(folder, "edges.csv"), newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    check(len(nodes) == len(ref["nodes"]), f"csv: {len(nodes)} node rows")
    check(len(edges) == len(ref["edges"]), f"csv: {len(edges)} edge rows")
    g = (lambda s: clean(s)) if neo4j else guard
    h = {"id": "id:ID", "type": ":LABEL", "source": ":START_ID", "target": ":END_ID",
         "relation": ":TYPE", "mentions": "mentions:long", "weight": "weight:long",
         "rules": "rules:string[]"} if neo4j else {}
    col = lambda name: h.get(name, name)
    for i, (row, n) in enumerate(zip(nodes, ref["nodes"])):
        check(row[col("id")] == f"n{i}", f"csv node {i}: id {row[col('id')]!r}")
        check(row["name"] == g(n["name"]), f"csv node {i}: name {row['name']!r} != {g(n['name'])!r}")
        check(row[col("type")] == g(n["type"]), f"csv node {i}: type")
        check(int(row[col("mentions")]) == n["mentions"], f"csv node {i}: mentions")
        for m in MEASURES:
            v = row[m + (":double" if neo4j else "")]
            check(same_real(v, n[m]), f"csv node {i}: {m} {v} != {n[m]}")
        keys = sorted({k for x in ref["nodes"] for k in x.get("attrs", {})})
        for k in keys:
            want = g(n["attrs"][k]) if k in n.get("attrs", {}) else ""
            check(row.get(attr_name(k)) == want,
                  f"csv node {i}: attribute {k} {row.get(attr_name(k))!r} != {want!r}")
    for j, (row, e) in enumerate(zip(edges, ref["edges"])):
        check(row["id"] == f"e{j}", f"csv edge {j}: id")
        check((row[col("source")], row[col("target")]) == (f"n{e['source']}", f"n{e['target']}"),
              f"csv edge {j}: ends")
        check(row[col("relation")] == g(e["relation"]), f"csv edge {j}: relation")
        check(int(row[col("weight")]) == e["weight"], f"csv edge {j}: weight")
        check(row[col("rules")] == g(";".join(e["rules"])), f"csv edge {j}: rules")
        check(row["first_evidence"] == g(e["first_evidence"]),
              f"csv edge {j}: first_evidence {row['first_evidence']!r}")


def check_svg_tree(path, ref, drawn_nodes=None):
    raw = open(path, encoding="utf-8").read()
    check("<!DOCTYPE" not in raw, f"{path}: has a DOCTYPE")
    root = ET.parse(path).getroot()
    check(root.tag == SVG_NS + "svg", f"{path}: root {root.tag}")
    check(re.fullmatch(r"0 0 [0-9.]+ [0-9.]+", root.get("viewBox", "")) is not None,
          f"{path}: viewBox {root.get('viewBox')!r}")
    nodes = edges = 0
    for el in root.iter():
        tag = el.tag.replace(SVG_NS, "")
        check(tag not in ("script", "foreignObject", "iframe", "a"), f"{path}: <{tag}> element")
        for k, v in el.attrib.items():
            name = k.split("}")[-1]
            check(not name.lower().startswith("on"), f"{path}: attribute {k}")
            if name == "href":
                check(v.startswith("#"), f"{path}: external href {v!r}")
        cls = el.get("class", "")
        own_id = re.sub(r"^kg[0-9a-f]{8}-", "", el.get("id", ""))  # the default --id-prefix
        if tag == "g" and cls.split()[:1] == ["node"]:
            nodes += 1
            check(re.fullmatch(r"n\d+", own_id) is not None, f"{path}: node id {el.get('id')}")
            check(re.fullmatch(r"node type-[A-Za-z0-9_-]+", cls) is not None, f"{path}: node class {cls!r}")
            t = el.find(SVG_NS + "title")
            n = ref["nodes"][int(own_id[1:])]
            check(t is not None and t.text and t.text.startswith(clean(n["name"]) + " ("),
                  f"{path}: node {el.get('id')} title {t.text if t is not None else None!r}")
        if tag == "g" and cls.split()[:1] == ["edge"]:
            edges += 1
            check(re.fullmatch(r"e\d+", own_id) is not None, f"{path}: edge id {el.get('id')}")
            check(re.fullmatch(r"edge rel-[A-Za-z0-9_-]+", cls) is not None, f"{path}: edge class {cls!r}")
            t = el.find(SVG_NS + "title")
            check(t is not None and "first evidence:" in (t.text or ""), f"{path}: edge title")
    want_n = len(ref["nodes"]) if drawn_nodes is None else drawn_nodes
    check(nodes == want_n, f"{path}: {nodes} node groups, expected {want_n}")
    if drawn_nodes is None:
        check(edges == len(ref["edges"]), f"{path}: {edges} edge groups, expected {len(ref['edges'])}")
    check(root.find(f"{SVG_NS}g[@class='legend']") is not None, f"{path}: no legend")
    return nodes, edges


def check_png(path):
    with open(path, "rb") as f:
        head = f.read(8)
    return head == b"\x89PNG\r\n\x1a\n" and os.path.getsize(path) > 1000


def check_outputs(name, outdir, ref, work):
    for f in ("graph.graphml", "graph.gexf", "graph.svg"):
        r = run(["xmllint", "--noout", "--nonet", os.path.join(outdir, f)])
        check(r.returncode == 0, f"{name} {f}: xmllint: {r.stderr.strip()[:300]}")
    check_graphml(os.path.join(outdir, "graph.graphml"), ref)
    check_gexf(os.path.join(outdir, "graph.gexf"), ref)
    check_json(os.path.join(outdir, "graph.json"), ref)
    check_csv(outdir, ref)
    check_svg_tree(os.path.join(outdir, "graph.svg"), ref)
    # dot parses and renders the DOT; its drawing has every node and edge
    dsvg = os.path.join(work, name + ".dot.svg")
    r = run(["dot", "-Tsvg", "-o", dsvg, os.path.join(outdir, "graph.dot")])
    if check(r.returncode == 0, f"{name}: dot: {r.stderr.strip()[:300]}"):
        root = ET.parse(dsvg).getroot()
        classes = [g.get("class", "").split()[:1] for g in root.iter(SVG_NS + "g")]
        check(classes.count(["node"]) == len(ref["nodes"]), f"{name}: dot drew {classes.count(['node'])} nodes")
        check(classes.count(["edge"]) == len(ref["edges"]), f"{name}: dot drew {classes.count(['edge'])} edges")
    png = os.path.join(work, name + ".png")
    r = run(["rsvg-convert", "-o", png, os.path.join(outdir, "graph.svg")])
    check(r.returncode == 0 and check_png(png), f"{name}: rsvg-convert: {r.stderr.strip()[:300]}")


def same_files(a, b):
    for f in sorted(os.listdir(a)):
        with open(os.path.join(a, f), "rb") as x, open(os.path.join(b, f), "rb") as y:
            check(x.read() == y.read(), f"{a}/{f}: differs on a second run")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    fixtures = {"nhs": os.path.join(a.fixtures, "nhs.jsonl"),
                "hostile": os.path.join(a.fixtures, "hostile.jsonl"),
                "attrs": os.path.join(a.fixtures, "attrs.jsonl"),
                "random": os.path.join(a.fixtures, "..", "..", "graph", "fixtures", "random.jsonl")}
    for name, edges in fixtures.items():
        out = os.path.join(a.workdir, name)
        ref = export(a.tool, edges, out)
        if ref is None:
            continue
        check_outputs(name, out, ref, a.workdir)
        ref2 = export(a.tool, edges, out + "-again")
        if ref2 is not None:
            same_files(out, out + "-again")
        print(f"{name}: {len(ref['nodes'])} nodes, {len(ref['edges'])} edges checked")

    # Neo4j headers
    out = os.path.join(a.workdir, "neo4j")
    ref = export(a.tool, fixtures["hostile"], out, "--neo4j")
    if ref:
        check_csv(out, ref, neo4j=True)

    # every engine draws the example
    for engine in ("dot", "neato", "fdp", "sfdp", "circo"):
        svg = os.path.join(a.workdir, f"nhs-{engine}.svg")
        r = run([a.tool, "-f", "svg", "--layout", engine, "-o", svg, fixtures["nhs"]])
        if check(r.returncode == 0, f"layout {engine}: {r.stderr.strip()}"):
            with open(os.path.join(a.workdir, "nhs.ref.json"), encoding="utf-8") as f:
                check_svg_tree(svg, json.load(f))

    # a capped drawing: the top 25 nodes, announced on stderr
    svg = os.path.join(a.workdir, "random-capped.svg")
    r = run([a.tool, "-f", "svg", "--max-drawn", "25", "-o", svg, fixtures["random"]])
    if check(r.returncode == 0, f"capped: {r.stderr.strip()}"):
        check("drawing the 25 with the highest pagerank" in r.stderr, f"capped: stderr {r.stderr!r}")
        with open(os.path.join(a.workdir, "random.ref.json"), encoding="utf-8") as f:
            check_svg_tree(svg, json.load(f), drawn_nodes=25)

    if FAILURES:
        print(f"{len(FAILURES)} failures", file=sys.stderr)
        return 1
    print("all reader checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
