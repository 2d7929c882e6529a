#!/usr/bin/python3
"""bench/gen_graph.py: write a random, seeded edge corpus for kgraph.

Used by the graph benchmark (bench/igraph_direct.c) and by the NetworkX
cross-check (tests/graph/networkx_check.py).  It writes

  --jsonl PATH   edge records in kgraph's edge format (docs/formats.md), one
                 JSON object per line, as `kgraph extract` would write them;
  --tsv PATH     the merged graph as a plain edge list for bench/igraph_direct:
                 a header line "nodes N", then "source target weight symmetric"
                 per merged edge, node ids in kgraph's node order (sorted by
                 (name, type)), weight = distinct (doc, start) sentences.

The corpus has skewed degrees (a few hubs), several relations of which two
are symmetric, repeated sentences (the same edge matched by two rules), a few
self-loops, reversed symmetric pairs, a few names shared by two types, and
small islands (the last 1% of the nodes, in pairs) so that there is more than
one weakly connected component.
The same seed always gives the same bytes.
"""
import argparse
import json
import random

TYPES = ["Person", "Company", "Agency", "Place"]
RELATIONS = [("employs", False), ("acquires", False), ("awards_contract", False),
             ("located_in", False), ("funds", False), ("sues", False),
             ("partners_with", True), ("meets_with", True)]
RULES = ["r_verb", "r_noun", "r_appos"]


def generate(nodes, edges, seed):
    rng = random.Random(seed)
    names = []
    for i in range(nodes):
        # every 500th node shares its name with the previous one (other type)
        if i % 500 == 499:
            names.append((names[-1][0], TYPES[(TYPES.index(names[-1][1]) + 1) % 4]))
        else:
            names.append(("Entity %05d" % i, TYPES[rng.randrange(4)]))
    # skewed endpoint choice among the main nodes: weight ~ 1 / (rank + 10)
    main = nodes - 2 * (nodes // 200)
    weights = [1.0 / (r + 10) for r in range(main)]
    order = list(range(main))
    rng.shuffle(order)
    cum, acc = [], 0.0
    for r in range(main):
        acc += weights[r]
        cum.append(acc)

    def pick():
        x = rng.random() * acc
        lo, hi = 0, main - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return order[lo]

    records = []
    triples = set()
    ndocs = max(1, edges // 40)
    sent = {}

    def sentence(doc):
        k = sent.get(doc, 0)
        sent[doc] = k + 1
        return k

    def record(s, t, rel, sym, doc, k, rule):
        src, tgt = names[s], names[t]
        return {"doc": "docs/d%04d.txt" % doc, "line": k + 1, "start": k * 100,
                "end": k * 100 + 99, "relation": rel, "symmetric": sym,
                "source": src[0], "source_type": src[1], "source_text": src[0].upper() if k % 7 == 0 else src[0],
                "target": tgt[0], "target_type": tgt[1], "target_text": tgt[0],
                "rule": rule, "rule_at": "rules.yaml:%d" % (RULES.index(rule) + 1),
                "evidence": "%s %s %s (sentence %d of d%04d)." % (src[0], rel, tgt[0], k, doc),
                "attrs": {}}

    i = 0
    while len(triples) < edges:
        # the first `nodes` records make sure every node has an edge; the
        # nodes past `main` only link to their island partner
        s = i if i < nodes else pick()
        t = pick() if s < main else main + ((s - main) ^ 1)
        if s == t and rng.random() > 0.05:
            continue
        rel, sym = RELATIONS[rng.randrange(len(RELATIONS))]
        key = (min(s, t), rel, max(s, t)) if sym else (s, rel, t)
        i += 1
        if key in triples:
            continue
        triples.add(key)
        if sym and rng.random() < 0.5:
            s, t = t, s      # written in either order, merged by kgraph
        doc = rng.randrange(ndocs)
        k = sentence(doc)
        records.append(record(s, t, rel, sym, doc, k, RULES[0]))
        r = rng.random()
        if r < 0.10:        # the same sentence matched by a second rule
            records.append(record(s, t, rel, sym, doc, k, RULES[1 + rng.randrange(2)]))
        elif r < 0.25:      # more supporting sentences
            for _ in range(1 + rng.randrange(7)):
                d2 = rng.randrange(ndocs)
                a, b = (t, s) if sym and rng.random() < 0.5 else (s, t)
                records.append(record(a, b, rel, sym, d2, sentence(d2), RULES[rng.randrange(3)]))
    rng.shuffle(records)
    return names, records


def merged(names, records):
    """The merged graph, as kgraph defines it: {(src, rel, tgt): set of sentences}."""
    index = {}
    for n in names:
        index.setdefault(n, len(index))
    order = sorted(index, key=lambda n: (n[0].encode(), n[1].encode()))
    pos = {n: i for i, n in enumerate(order)}
    edges = {}
    for r in records:
        s, t = pos[(r["source"], r["source_type"])], pos[(r["target"], r["target_type"])]
        if r["symmetric"] and s > t:
            s, t = t, s
        edges.setdefault((s, r["relation"], t, r["symmetric"]), set()).add((r["doc"], r["start"]))
    return order, edges


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=10000)
    ap.add_argument("--edges", type=int, default=50000, help="distinct merged edges")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jsonl")
    ap.add_argument("--tsv")
    a = ap.parse_args()
    names, records = generate(a.nodes, a.edges, a.seed)
    if a.jsonl:
        with open(a.jsonl, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if a.tsv:
        order, edges = merged(names, records)
        with open(a.tsv, "w") as f:
            f.write("nodes %d\n" % len(order))
            for (s, rel, t, sym) in sorted(edges, key=lambda k: (k[0], k[1].encode(), k[2])):
                f.write("%d %d %d %d\n" % (s, t, len(edges[(s, rel, t, sym)]), int(sym)))


if __name__ == "__main__":
    main()
