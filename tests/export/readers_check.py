#!/usr/bin/python3
"""tests/export/readers_check.py: kgraph's exports read back by real readers.

For each fixture edge file (the NHS example, the hostile one, a random
corpus) export_tool writes every format plus a reference dump taken straight
from the kg_graph accessors (--reference).  Then:

  * NetworkX 2.8 (Debian's python3-networkx; run this with /usr/bin/python3)
    reads the GraphML (read_graphml), the GEXF (read_gexf) and the JSON
    (node_link_graph) and must find the reference's nodes, edges and every
    attribute value (reals to 1e-9 relative: files hold 10 digits), with
    its plain readers and with the docs' recipe (nx_snippets.read_kgraph_xml).
    With --undirected-symmetric (for Gephi) plain read_graphml / read_gexf
    must fail with NetworkX's own message exactly when the graph has a
    symmetric relation, and the recipe must still read the files;
  * nx_snippets.py (the docs' NetworkX recipes) runs under NetworkX 2.8 and,
    when the `python3` first on PATH has NetworkX 3.x, under that too (a
    message says when it is skipped);
  * GraphML and GEXF validate against their schemas (schemas/, offline via
    schemas/catalog.xml); GEXF after two edits the published 1.2 schema
    needs: viz elements moved into the GEXF namespace, where that schema
    (converted from RELAX NG by trang) declares them, and the edge `kind`
    attribute (GEXF 1.3, read by Gephi in any version) removed;
  * what Gephi and sigma.js read: GEXF version 1.2, edge kind = relation,
    type="undirected" / directed="false" on exactly the symmetric edges
    with --undirected-symmetric and on none without,
    no node attribute `type` in GEXF (entity_type instead), GraphML x, y,
    size, r, g, b equal to the GEXF's viz values;
  * python-igraph (python3-igraph, when installed) reads the GraphML;
  * node attributes (gazetteer codes: the edges' source_attrs and
    target_attrs) come back from GraphML, GEXF, JSON and CSV under their
    exported names (attr_<key> where a key is one of kgraph's own fields);
  * the CSV tables hold the same rows (csv module);
  * Graphviz's `dot` parses the DOT and renders it; the rendering has one
    node and one edge group per node and edge (an injected attribute or
    statement would change that); the DOT names no engine (`neato` on it
    lays out otherwise than `dot`), records kgraph's as kgraph_layout, and
    gives every node its plain name;
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nx_snippets  # noqa: E402  (the docs' NetworkX recipes)

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")
GEXF_NS = "{http://www.gexf.net/1.2draft}"
VIZ_NS = "{http://www.gexf.net/1.2draft/viz}"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"

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


def gexf_attr_name(key):
    """GEXF's own field is entity_type (export/gexf.c)."""
    return "attr_" + key if key == "entity_type" else attr_name(key)


def graphml_attr_name(key):
    """Names Gephi's GraphML importer reads as drawing (export/graphml.c)."""
    return "attr_" + key if key in ("x", "y", "z", "xpos", "ypos", "size", "r", "g", "b",
                                    "color") else attr_name(key)


def check_entity_attrs(where, nid, data, n, value=lambda s: clean(s), name=attr_name):
    """Every node attribute (gazetteer code, successor ...) is read back under
    its exported name, and a node has none it should not have."""
    for k, v in n.get("attrs", {}).items():
        check(data.get(name(k)) == value(v),
              f"{where} {nid}: attribute {k} {data.get(name(k))!r} != {value(v)!r}")


def check_node_attrs(where, nid, data, ref, label_key="label", type_key="type"):
    n = ref["nodes"][int(nid[1:])]
    check_entity_attrs(where, nid, data, n,
                       name=gexf_attr_name if type_key == "entity_type" else
                       graphml_attr_name if where == "graphml" else attr_name)
    check(data.get(label_key) == clean(n["name"]),
          f"{where} {nid}: label {data.get(label_key)!r} != {clean(n['name'])!r}")
    check(data.get(type_key) == clean(n["type"]), f"{where} {nid}: {type_key} {data.get(type_key)!r}")
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


def check_refused(where, read, path, ref, message):
    """NetworkX's plain reader refuses the file exactly when some edge is
    marked undirected (a symmetric relation's), with `message`."""
    symmetric = any(e["symmetric"] for e in ref["edges"])
    try:
        read(path)
        check(not symmetric, f"{where}: NetworkX read undirected edges in a directed graph")
    except nx.NetworkXError as e:
        check(symmetric and str(e) == message, f"{where}: NetworkX: {e}")


def check_plain(where, read, path, ref):
    """Without --undirected-symmetric NetworkX's own reader takes the file."""
    try:
        check_counts(where + " (plain reader)", read(path), ref)
    except nx.NetworkXError as e:
        check(False, f"{where}: NetworkX's plain reader: {e}")


def check_graphml(path, ref):
    check_plain("graphml", lambda p: nx.read_graphml(p, force_multigraph=True), path, ref)
    G = nx_snippets.read_kgraph_xml(path)
    check_counts("graphml", G, ref)
    for nid, data in G.nodes(data=True):
        check_node_attrs("graphml", nid, data, ref)
        n = ref["nodes"][int(nid[1:])]
        for k in ("x", "y", "size"):
            check(isinstance(data.get(k), float), f"graphml {nid}: {k} {data.get(k)!r}")
        for k in ("r", "g", "b"):
            check(isinstance(data.get(k), int) and 0 <= data[k] <= 255,
                  f"graphml {nid}: {k} {data.get(k)!r}")
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
    check_plain("gexf", nx.read_gexf, path, ref)
    G = nx_snippets.read_kgraph_xml(path)
    check_counts("gexf", G, ref)
    for nid, data in G.nodes(data=True):
        check_node_attrs("gexf", nid, data, ref, type_key="entity_type")
        check("type" not in data, f"gexf {nid}: a node attribute 'type' (sigma.js takes it as renderer)")
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
    G = nx_snippets.read_kgraph_json(path)
    check_counts("json", G, ref)
    check(G.is_multigraph(), "json: not a multigraph")
    for nid, d in G.nodes(data=True):
        check_node_attrs("json", nid, d, ref)
        n = ref["nodes"][int(nid[1:])]
    for u, v, k, d in G.edges(keys=True, data=True):
        check_edge_attrs("json", k, u, v, d, ref, rules_joined=False)
    check(data["graph"]["nodes"] == len(ref["nodes"]), "json: graph.nodes")


def check_gephi(outdir, ref, undirected=False):
    """What Gephi and sigma.js / Gephi Lite read, straight from the XML."""
    gexf = ET.parse(os.path.join(outdir, "graph.gexf")).getroot()
    check(gexf.get("version") == "1.2", f"gexf: version {gexf.get('version')!r}")
    graph = gexf.find(GEXF_NS + "graph")
    titles = [a.get("title") for c in graph.findall(GEXF_NS + "attributes")
              if c.get("class") == "node" for a in c.findall(GEXF_NS + "attribute")]
    check("type" not in titles and "entity_type" in titles, f"gexf: node attributes {titles}")
    viz = {}
    for node in graph.iter(GEXF_NS + "node"):
        c, z, p = (node.find(VIZ_NS + t) for t in ("color", "size", "position"))
        viz[node.get("id")] = (c.get("r"), c.get("g"), c.get("b"), z.get("value"),
                               p.get("x") if p is not None else None,
                               p.get("y") if p is not None else None)
    for edge in graph.iter(GEXF_NS + "edge"):
        e = ref["edges"][int(edge.get("id")[1:])]
        check(edge.get("kind") == clean(e["relation"]), f"gexf {edge.get('id')}: kind {edge.get('kind')!r}")
        check(edge.get("type") == ("undirected" if e["symmetric"] and undirected else None),
              f"gexf {edge.get('id')}: type {edge.get('type')!r}")
    gml = ET.parse(os.path.join(outdir, "graph.graphml")).getroot()
    for node in gml.iter(GRAPHML_NS + "node"):
        d = {x.get("key"): x.text for x in node.findall(GRAPHML_NS + "data")}
        got = tuple(d.get(k) for k in ("n_r", "n_g", "n_b", "n_size", "n_x", "n_y"))
        check(got == viz.get(node.get("id")),
              f"graphml {node.get('id')}: r g b size x y {got} != GEXF {viz.get(node.get('id'))}")
    for edge in gml.iter(GRAPHML_NS + "edge"):
        e = ref["edges"][int(edge.get("id")[1:])]
        check(edge.get("directed") == ("false" if e["symmetric"] and undirected else None),
              f"graphml {edge.get('id')}: directed {edge.get('directed')!r}")


def check_schemas(name, outdir, work):
    """GraphML and GEXF against their XSDs, offline (schemas/README.md)."""
    env = dict(os.environ, XML_CATALOG_FILES=os.path.join(SCHEMAS, "catalog.xml"))
    r = run(["xmllint", "--noout", "--nonet", "--schema",
             os.path.join(SCHEMAS, "graphml-1.1", "graphml.xsd"),
             os.path.join(outdir, "graph.graphml")], env=env)
    check(r.returncode == 0, f"{name} graph.graphml: schema: {r.stderr.strip()[:400]}")
    with open(os.path.join(outdir, "graph.gexf"), "rb") as f:
        data = f.read()
    # The published 1.2 XSD declares color/size/position in the GEXF
    # namespace, and kind is GEXF 1.3: see the docstring.  Markup cannot
    # occur inside text ('<' is escaped), so these byte edits are safe.
    data = data.replace(b"<viz:", b"<").replace(b"</viz:", b"</")
    data = re.sub(rb'(<edge [^>]*?) kind="[^"]*"', rb"\1", data)
    fixed = os.path.join(work, name + ".for-xsd.gexf")
    with open(fixed, "wb") as f:
        f.write(data)
    r = run(["xmllint", "--noout", "--nonet", "--schema",
             os.path.join(SCHEMAS, "gexf-1.2draft", "gexf.xsd"), fixed])
    check(r.returncode == 0, f"{name} graph.gexf: schema: {r.stderr.strip()[:400]}")


def check_igraph(path, ref):
    """python-igraph reads the GraphML (skipped when not installed).  It has
    no mixed graphs: a symmetric relation's edge is one directed edge."""
    try:
        import igraph
    except ImportError:
        return False
    g = igraph.Graph.Read_GraphML(path)
    check(g.is_directed(), "igraph: not directed")
    check(g.vcount() == len(ref["nodes"]) and g.ecount() == len(ref["edges"]),
          f"igraph: {g.vcount()} nodes, {g.ecount()} edges")
    for j, e in enumerate(ref["edges"]):
        if j < g.ecount():
            check(g.es[j].tuple == (e["source"], e["target"]) and g.es[j]["relation"] == clean(e["relation"]),
                  f"igraph e{j}: {g.es[j].tuple} {g.es[j]['relation']!r}")
    for i, n in enumerate(ref["nodes"]):
        if i < g.vcount():
            check(g.vs[i]["label"] == clean(n["name"]), f"igraph n{i}: label {g.vs[i]['label']!r}")
    return True


def run_snippets(python, outdir, refpath, what):
    r = run([python, os.path.join(os.path.dirname(os.path.abspath(__file__)), "nx_snippets.py"),
             outdir, refpath])
    check(r.returncode == 0, f"docs' NetworkX recipes with {what}: {r.stdout.strip()[-600:]} {r.stderr.strip()[-300:]}")
    return r.stdout.strip()


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
    check_schemas(name, outdir, work)
    check_graphml(os.path.join(outdir, "graph.graphml"), ref)
    check_gexf(os.path.join(outdir, "graph.gexf"), ref)
    check_gephi(outdir, ref)
    check_igraph(os.path.join(outdir, "graph.graphml"), ref)
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
    # the engine is the command's: no layout= in the file, kgraph's in kgraph_layout
    with open(os.path.join(outdir, "graph.dot"), encoding="utf-8") as f:
        dot = f.read()
    check(re.search(r"^\s*layout=", dot, re.M) is None, f"{name}: graph.dot sets layout")
    check(re.search(r"^\s*kgraph_layout=(dot|neato|fdp|sfdp|circo),", dot, re.M) is not None,
          f"{name}: graph.dot has no kgraph_layout")
    nsvg = os.path.join(work, name + ".neato.svg")
    r = run(["neato", "-Tsvg", "-o", nsvg, os.path.join(outdir, "graph.dot")])
    if check(r.returncode == 0, f"{name}: neato: {r.stderr.strip()[:300]}") and len(ref["nodes"]) > 2:
        with open(dsvg, encoding="utf-8") as a, open(nsvg, encoding="utf-8") as b:
            check(a.read() != b.read(), f"{name}: neato drew what dot drew: the file chose the engine")
    png = os.path.join(work, name + ".png")
    r = run(["rsvg-convert", "-o", png, os.path.join(outdir, "graph.svg")])
    check(r.returncode == 0 and check_png(png), f"{name}: rsvg-convert: {r.stderr.strip()[:300]}")


def same_files(a, b):
    for f in sorted(os.listdir(a)):
        with open(os.path.join(a, f), "rb") as x, open(os.path.join(b, f), "rb") as y:
            check(x.read() == y.read(), f"{a}/{f}: differs on a second run")


def networkx3():
    """The `python3` first on PATH when it is another interpreter with
    NetworkX 3.x, else None (with a message)."""
    other = shutil.which("python3")
    if not other or os.path.realpath(other) == os.path.realpath(sys.executable):
        print("NetworkX 3.x half skipped: the python3 on PATH is this interpreter")
        return None
    r = run([other, "-c", "import networkx; print(networkx.__version__)"])
    version = r.stdout.strip()
    if r.returncode != 0 or not version.split(".")[0].isdigit() or int(version.split(".")[0]) < 3:
        print(f"NetworkX 3.x half skipped: {other} has no NetworkX 3 ({version or r.stderr.strip()[-80:]})")
        return None
    print(f"NetworkX 3.x half: {other} (NetworkX {version})")
    return other


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    nx3 = networkx3()
    try:
        import igraph
        print(f"python-igraph {igraph.__version__}: reads the GraphML")
    except ImportError:
        print("python-igraph not installed (python3-igraph): its check is skipped")
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
        refpath = out + ".ref.json"
        print(f"{name}: docs' NetworkX recipes: {run_snippets(sys.executable, out, refpath, 'NetworkX ' + nx.__version__)}")
        if nx3:
            print(f"{name}: docs' NetworkX recipes: {run_snippets(nx3, out, refpath, nx3)}")

    # For Gephi: symmetric relations as undirected edges; NetworkX's plain
    # readers refuse them, the docs' recipe reads them
    out = os.path.join(a.workdir, "undirected")
    ref = export(a.tool, fixtures["nhs"], out, "--undirected-symmetric")
    if ref:
        check(any(e["symmetric"] for e in ref["edges"]), "undirected: no symmetric edge to test")
        check_gephi(out, ref, undirected=True)
        check_refused("graphml", nx.read_graphml, os.path.join(out, "graph.graphml"), ref,
                      "directed=false edge found in directed graph.")
        check_refused("gexf", nx.read_gexf, os.path.join(out, "graph.gexf"), ref,
                      "Undirected edge found in directed graph.")
        for f in ("graph.graphml", "graph.gexf"):
            check_counts("undirected " + f, nx_snippets.read_kgraph_xml(os.path.join(out, f)), ref)
        print("undirected: Gephi marks present, NetworkX refuses them, the recipe reads them")

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
        check("drawing 25 of 200 nodes (the highest pagerank)" in r.stderr,
              f"capped: stderr {r.stderr!r}")
        with open(os.path.join(a.workdir, "random.ref.json"), encoding="utf-8") as f:
            check_svg_tree(svg, json.load(f), drawn_nodes=25)

    if FAILURES:
        print(f"{len(FAILURES)} failures", file=sys.stderr)
        return 1
    print("all reader checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
