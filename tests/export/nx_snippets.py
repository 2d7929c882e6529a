"""tests/export/nx_snippets.py: the NetworkX recipes of docs/formats.md, run.

readers_check.py runs this file with every Python that has NetworkX: Debian's
NetworkX 2.8 (/usr/bin/python3) and, when the `python3` first on PATH carries
a NetworkX 3.x, that one too, since the two differ (node_link_graph's `link`
became `edges` in 3.4, with a new default in 3.6).  Keep the functions below
identical to the snippets in the docs: they are what users copy.

    python3 nx_snippets.py OUTDIR REFERENCE.json

reads OUTDIR/graph.{graphml,gexf,json,dot} and checks node and edge counts,
ids, labels, relations and the symmetric flag against the reference dump.
Prints "ok <version>" and exits 0, or lists the failures and exits 1.
"""
import io
import json
import re
import sys

import networkx as nx


# ---- the recipes (docs/formats.md, "NetworkX") ----

def read_kgraph_xml(path):
    """GraphML or GEXF from kgraph as a MultiDiGraph.  NetworkX refuses an
    undirected edge in a directed graph, and kgraph marks the edges of
    symmetric relations undirected (for Gephi's arrows): drop the marks
    (those edges keep symmetric=True) and read."""
    data = open(path, "rb").read()
    data = re.sub(rb'(<edge [^>]*?) (?:directed="false"|type="undirected")', rb"\1", data)
    if path.endswith(".gexf"):
        return nx.MultiDiGraph(nx.read_gexf(io.BytesIO(data)))
    return nx.read_graphml(io.BytesIO(data), force_multigraph=True)


def read_kgraph_json(path):
    """node-link JSON from kgraph (edges under "links") as a MultiDiGraph."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    try:
        return nx.node_link_graph(data, edges="links")  # NetworkX 3.4 and later
    except TypeError:
        return nx.node_link_graph(data)  # NetworkX 2.8 to 3.3: "links" is the default


def read_kgraph_dot(path):
    """DOT through pygraphviz (pydot misreads cgraph's files)."""
    return nx.nx_agraph.read_dot(path)


# ---- the checks ----

def main():
    outdir, refpath = sys.argv[1], sys.argv[2]
    with open(refpath, encoding="utf-8") as f:
        ref = json.load(f)
    fails = []
    nodes, edges = ref["nodes"], ref["edges"]

    def check(cond, msg):
        if not cond:
            fails.append(msg)

    def clean(s):
        return "".join("\uFFFD" if ((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F
                                    or ord(c) in (0xFFFE, 0xFFFF)) else c for c in s)

    def check_graph(where, G, edge_key):
        check(G.is_directed() and G.is_multigraph(), f"{where}: {type(G).__name__}")
        check(G.number_of_nodes() == len(nodes), f"{where}: {G.number_of_nodes()} nodes")
        check(G.number_of_edges() == len(edges), f"{where}: {G.number_of_edges()} edges")
        for i, n in enumerate(nodes):
            d = G.nodes.get(f"n{i}", {})
            check(d.get("label") == clean(n["name"]), f"{where} n{i}: label {d.get('label')!r}")
        for u, v, k, d in G.edges(keys=True, data=True):
            j = int(edge_key(k, d)[1:])
            e = edges[j]
            check((u, v) == (f"n{e['source']}", f"n{e['target']}"), f"{where} e{j}: ends {u}->{v}")
            check(d.get("relation") == clean(e["relation"]), f"{where} e{j}: relation")
            check(d.get("symmetric") is e["symmetric"], f"{where} e{j}: symmetric {d.get('symmetric')!r}")

    check_graph("graphml", read_kgraph_xml(f"{outdir}/graph.graphml"), lambda k, d: d.get("id", k))
    G = read_kgraph_xml(f"{outdir}/graph.gexf")
    check_graph("gexf", G, lambda k, d: d.get("id", k))
    for i, n in enumerate(nodes):
        check(G.nodes.get(f"n{i}", {}).get("entity_type") == clean(n["type"]), f"gexf n{i}: entity_type")
    check_graph("json", read_kgraph_json(f"{outdir}/graph.json"), lambda k, d: k)
    try:
        import pygraphviz  # noqa: F401  (python3-pygraphviz)
    except ImportError:
        print("pygraphviz missing: DOT recipe not run", file=sys.stderr)
    else:
        D = read_kgraph_dot(f"{outdir}/graph.dot")
        check(D.number_of_nodes() == len(nodes), f"dot: {D.number_of_nodes()} nodes")
        check(D.number_of_edges() == len(edges), f"dot: {D.number_of_edges()} edges")
        for i, n in enumerate(nodes):
            # read_dot keeps cgraph's escString: a backslash is doubled, a newline is \n
            want = clean(n["name"]).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "") \
                .replace("\t", " ")
            got = D.nodes.get(f"n{i}", {}).get("name")
            check(got == want, f"dot n{i}: name {got!r} != {want!r}")
        for u, v, k, d in D.edges(keys=True, data=True):
            e = edges[int(k[1:])]
            check((u, v) == (f"n{e['source']}", f"n{e['target']}"), f"dot {k}: ends")
    if fails:
        print("\n".join(fails[:40]))
        print(f"{len(fails)} failures with NetworkX {nx.__version__}")
        return 1
    print(f"ok {nx.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
