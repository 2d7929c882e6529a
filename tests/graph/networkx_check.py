#!/usr/bin/python3
"""tests/graph/networkx_check.py: kgraph's graph measures against NetworkX.

Run by ctest (test "graph_networkx") with /usr/bin/python3, which has
Debian's python3-networkx 2.8:

  networkx_check.py --dump build/tests/graph_dump --gen bench/gen_graph.py \
                    --workdir DIR

It generates two seeded random corpora with bench/gen_graph.py (large:
10,000 nodes / 50,000 merged edges; medium: 1,000 / 5,000), runs graph_dump
on each, rebuilds the merged graph independently here from the JSON lines,
and compares.  Variants, as kgraph defines them (docs/graph-model.md):

  merge        node = (name, type); edge = (source, relation, target), a
               symmetric relation's pair ordered by (name, type) bytewise;
               weight = distinct (doc, start) sentences.  Checked exactly.
  arcs         the analysis multigraph: each edge is an arc source->target;
               a symmetric edge adds the reverse arc (not for a self-loop).
  in_degree, out_degree, degree
               MultiDiGraph in/out/total degree: parallel arcs (different
               relations) each count, a self-loop counts once in and once
               out.  Unweighted.  Exact.
  in_strength, out_strength, strength
               the same with arc weights.  Exact.
  pagerank     directed, weighted (parallel arcs' weights summed), damping
               0.85, uniform teleport, dangling nodes jump uniformly; sums
               to 1.  nx.pagerank on the weighted DiGraph.
  hub, authority
               HITS on the weighted DiGraph (parallel arcs summed, self-loops
               kept), each scaled so that its maximum is 1 (NetworkX scales
               to sum 1; rescaled here).
  components   weakly connected; the partition must be identical.
  betweenness  (medium graph, exact) directed, unweighted, not normalised,
               on the simple digraph (parallel arcs merged, self-loops
               dropped): nx.betweenness_centrality(normalized=False).
  closeness    (medium graph, exact) harmonic centrality on the undirected
               simple graph, unweighted, divided by n - 1:
               nx.harmonic_centrality(G.to_undirected()) / (n - 1).
               On the large graph (exact NetworkX betweenness would take
               minutes) graph_dump runs the cut-off mode with a 1-hop cutoff:
               betweenness must be 0 and closeness the number of distinct
               neighbours / (n - 1).
  communities  (Louvain in igraph, not comparable node by node) the reported
               modularity must equal nx.community.modularity of kgraph's own
               partition on the undirected weighted projection (pairs
               collapsed, weights summed, self-loops dropped); communities
               never span two components.

Reals must agree to 1e-6 relative (absolute floor 1e-12); counts exactly.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time
import warnings

import networkx as nx

TOL = 1e-6
failures = []


def fail(msg):
    failures.append(msg)
    if len(failures) <= 20:
        print("FAIL: " + msg, file=sys.stderr)


def close(a, b):
    return abs(a - b) <= TOL * max(abs(a), abs(b)) + 1e-12


def load_merged(jsonl):
    """Independent merge: nodes sorted by (name, type) bytes, edges by key."""
    nodes = set()
    edges = {}
    recs = []
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                recs.append(json.loads(line))
    for r in recs:
        nodes.add((r["source"], r["source_type"]))
        nodes.add((r["target"], r["target_type"]))
    order = sorted(nodes, key=lambda n: (n[0].encode(), n[1].encode()))
    pos = {n: i for i, n in enumerate(order)}
    for r in recs:
        s = pos[(r["source"], r["source_type"])]
        t = pos[(r["target"], r["target_type"])]
        sym = bool(r.get("symmetric", False))
        if sym and s > t:
            s, t = t, s
        e = edges.setdefault((s, r["relation"], t), {"sym": sym, "sent": set(), "docs": set(),
                                                     "rules": set()})
        e["sent"].add((r["doc"], r["start"]))
        e["docs"].add(r["doc"])
        e["rules"].add(r.get("rule", ""))
    return order, edges


def run_dump(dump, jsonl, workdir, tag, opts):
    ncsv = os.path.join(workdir, tag + "_nodes.csv")
    ecsv = os.path.join(workdir, tag + "_edges.csv")
    t0 = time.time()
    out = subprocess.run([dump] + opts + [ncsv, ecsv, jsonl], check=True, capture_output=True,
                         text=True)
    print("%s: graph_dump %.2f s: %s" % (tag, time.time() - t0, out.stdout.strip()))
    stats = out.stdout.split()
    with open(ncsv, newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(ecsv, newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    return nodes, edges, float(stats[1])


def check_merge(tag, order, merged, nodes, edges):
    if len(nodes) != len(order):
        fail("%s: %d nodes, NetworkX side %d" % (tag, len(nodes), len(order)))
        return
    for i, (n, row) in enumerate(zip(order, nodes)):
        if (row["name"], row["type"]) != n:
            fail("%s: node %d is %s/%s, want %s/%s" % (tag, i, row["name"], row["type"], *n))
            return
    keys = sorted(merged, key=lambda k: (k[0], k[1].encode(), k[2]))
    if len(keys) != len(edges):
        fail("%s: %d edges, want %d" % (tag, len(edges), len(keys)))
        return
    for k, row in zip(keys, edges):
        e = merged[k]
        got = (int(row["source"]), row["relation"], int(row["target"]))
        if got != k:
            fail("%s: edge %s, want %s" % (tag, got, k))
            return
        if (int(row["weight"]) != len(e["sent"]) or int(row["documents"]) != len(e["docs"])
                or row["rules"] != ";".join(sorted(e["rules"], key=str.encode))
                or int(row["symmetric"]) != int(e["sym"])):
            fail("%s: edge %s attributes differ" % (tag, k))
    print("%s: merge ok (%d nodes, %d edges)" % (tag, len(order), len(keys)))


def arcs_of(n, merged):
    """MultiDiGraph of arcs and the weighted DiGraph with parallel arcs summed."""
    M = nx.MultiDiGraph()
    M.add_nodes_from(range(n))
    D = nx.DiGraph()
    D.add_nodes_from(range(n))
    for (s, rel, t), e in merged.items():
        w = len(e["sent"])
        pairs = [(s, t)] + ([(t, s)] if e["sym"] and s != t else [])
        for a, b in pairs:
            M.add_edge(a, b, weight=w)
            if D.has_edge(a, b):
                D[a][b]["weight"] += w
            else:
                D.add_edge(a, b, weight=w)
    return M, D


def compare(tag, name, nodes, want):
    bad = 0
    worst = 0.0  # the largest |a - b| / (max(|a|, |b|) + 1e-12 / TOL): must stay <= TOL
    for i, row in enumerate(nodes):
        got = float(row[name])
        ref = want[i]
        if not close(got, ref):
            bad += 1
            if bad <= 3:
                fail("%s: %s of node %d (%s): kgraph %.17g, networkx %.17g"
                     % (tag, name, i, row["name"], got, ref))
        worst = max(worst, abs(got - ref) / (max(abs(got), abs(ref)) + 1e-12 / TOL))
    if bad:
        fail("%s: %s: %d nodes differ" % (tag, name, bad))
    else:
        print("%s: %-12s ok (max relative difference %.2e)" % (tag, name, worst))


def check_common(tag, nodes, merged, modularity):
    n = len(nodes)
    M, D = arcs_of(n, merged)
    compare(tag, "in_degree", nodes, [M.in_degree(i) for i in range(n)])
    compare(tag, "out_degree", nodes, [M.out_degree(i) for i in range(n)])
    compare(tag, "degree", nodes, [M.degree(i) for i in range(n)])
    compare(tag, "in_strength", nodes, [M.in_degree(i, weight="weight") for i in range(n)])
    compare(tag, "out_strength", nodes, [M.out_degree(i, weight="weight") for i in range(n)])
    compare(tag, "strength", nodes, [M.degree(i, weight="weight") for i in range(n)])

    t0 = time.time()
    pr = nx.pagerank(D, alpha=0.85, weight="weight", tol=1e-15, max_iter=10000)
    compare(tag, "pagerank", nodes, [pr[i] for i in range(n)])
    hubs, auths = nx.hits(D, max_iter=10000, tol=1e-14)
    mh, ma = max(hubs.values()), max(auths.values())
    compare(tag, "hub", nodes, [hubs[i] / mh for i in range(n)])
    compare(tag, "authority", nodes, [auths[i] / ma for i in range(n)])
    print("%s: pagerank + hits in NetworkX %.2f s" % (tag, time.time() - t0))

    # Components: the same partition, numbered by smallest node index.
    comp = {}
    for c in nx.weakly_connected_components(M):
        for v in c:
            comp[v] = min(c)
    first = {}
    want = [first.setdefault(comp[i], len(first)) for i in range(n)]
    got = [int(r["component"]) for r in nodes]
    if got != want:
        fail("%s: components differ" % tag)
    else:
        print("%s: components   ok (%d)" % (tag, len(first)))

    # Communities: kgraph's partition, scored by NetworkX on the projection.
    U = nx.Graph()
    U.add_nodes_from(range(n))
    for (s, rel, t), e in merged.items():
        if s == t:
            continue
        w = len(e["sent"])
        if U.has_edge(s, t):
            U[s][t]["weight"] += w
        else:
            U.add_edge(s, t, weight=w)
    parts = {}
    for i, r in enumerate(nodes):
        parts.setdefault(int(r["community"]), set()).add(i)
        if comp[i] != comp[min(parts[int(r["community"])])]:
            fail("%s: community %s spans components" % (tag, r["community"]))
            break
    q = nx.community.modularity(U, parts.values(), weight="weight")
    if not close(q, modularity):
        fail("%s: modularity: kgraph %.17g, networkx %.17g" % (tag, modularity, q))
    else:
        print("%s: modularity   ok (%.6f, %d communities)" % (tag, q, len(parts)))


def check_paths(tag, nodes, merged):
    n = len(nodes)
    S = nx.DiGraph()
    S.add_nodes_from(range(n))
    for (s, rel, t), e in merged.items():
        if s == t:
            continue
        S.add_edge(s, t)
        if e["sym"]:
            S.add_edge(t, s)
    t0 = time.time()
    bt = nx.betweenness_centrality(S, normalized=False)
    compare(tag, "betweenness", nodes, [bt[i] for i in range(n)])
    hc = nx.harmonic_centrality(S.to_undirected())
    compare(tag, "closeness", nodes, [hc[i] / (n - 1) for i in range(n)])
    print("%s: betweenness + closeness in NetworkX %.2f s" % (tag, time.time() - t0))


def check_paths_cutoff1(tag, nodes, merged):
    n = len(nodes)
    U = nx.Graph()
    U.add_nodes_from(range(n))
    U.add_edges_from((s, t) for (s, rel, t) in merged if s != t)
    compare(tag, "betweenness", nodes, [0.0] * n)
    compare(tag, "closeness", nodes, [U.degree(i) / (n - 1) for i in range(n)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dump", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    warnings.simplefilter("ignore", FutureWarning)  # nx.hits in NetworkX 2.8
    print("networkx %s" % nx.__version__)
    runs = (("large", 10000, 50000, 1, ["--exact-max-nodes", "1", "--path-cutoff", "1"]),
            ("medium", 1000, 5000, 2, ["--exact-max-nodes", "1000"]))
    for tag, nnodes, nedges, seed, opts in runs:
        jsonl = os.path.join(a.workdir, tag + ".jsonl")
        subprocess.run([sys.executable, a.gen, "--nodes", str(nnodes), "--edges", str(nedges),
                        "--seed", str(seed), "--jsonl", jsonl], check=True)
        nodes, edges, modularity = run_dump(a.dump, jsonl, a.workdir, tag, opts)
        order, merged = load_merged(jsonl)
        check_merge(tag, order, merged, nodes, edges)
        if failures:
            break
        check_common(tag, nodes, merged, modularity)
        if tag == "medium":
            check_paths(tag, nodes, merged)
        else:
            check_paths_cutoff1(tag, nodes, merged)
    if failures:
        print("%d failures" % len(failures), file=sys.stderr)
        return 1
    print("all measures agree with NetworkX")
    return 0


if __name__ == "__main__":
    sys.exit(main())
