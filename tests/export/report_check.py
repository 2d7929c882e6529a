#!/usr/bin/python3
"""tests/export/report_check.py: report.html read back without a browser.

For the example's edges (tests/cli/golden/nhs-edges.jsonl) and the hostile
fixture (tests/export/fixtures/hostile.jsonl), `kgraph export -f html`
writes a report, and Python's own HTML parser checks what the browser tests
(tests/report/) cannot see directly:

  * the diagram is the SVG export, byte for byte;
  * the page is one file: no src attribute, no href but "data:," and
    in-page fragments, no on* or style attribute (the CSP would block it);
  * exactly one inline script, one data block and one style sheet, and the
    Content-Security-Policy names exactly their SHA-256, with
    default-src 'none';
  * the data block holds no '<', '>' or '&' (so no string can close the
    element), parses as JSON, and agrees with graph.json (same nodes, same
    edges, same measures) and with the edges file: every evidence item
    shown for an edge is a record of that edge in the edges file, and an
    edge with at most 5 sentences shows all of them;
  * every hostile string is in the data, and nowhere in the page's markup;
  * the same input gives the same bytes.

Exit 0 when all hold, 1 with a message otherwise.
"""
import argparse
import base64
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.scripts = []      # (attrs, text)
        self.styles = []
        self.attrs = []        # (tag, name, value) of every element
        self.csp = None
        self._text = None

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            self.attrs.append((tag, k, v))
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content")
        if tag in ("script", "style"):
            self._text = (tag, a, [])

    def handle_endtag(self, tag):
        if self._text and tag == self._text[0]:
            kind, a, parts = self._text
            (self.scripts if kind == "script" else self.styles).append((a, "".join(parts)))
            self._text = None

    def handle_data(self, data):
        if self._text:
            self._text[2].append(data)


def sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"report_check: {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r


def clean(s):
    """What every export writes for s (export/style.c, kgx_clean): C0
    controls but tab, LF and CR, DEL, C1 controls, U+FFFE and U+FFFF as
    U+FFFD."""
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n\r") or 0x7f <= ord(c) <= 0x9f
                   or c in "\ufffe\uffff" else c for c in s)


def collapse(s):
    return " ".join(s.split())


def check_report(kgraph, edges_path, work, name):
    page_path = os.path.join(work, name + ".html")
    json_path = os.path.join(work, name + ".json")
    run([kgraph, "export", "-f", "html", "-o", page_path, edges_path])
    run([kgraph, "export", "-f", "json", "-o", json_path, edges_path])
    svg_path = os.path.join(work, name + ".svg")
    run([kgraph, "export", "-f", "svg", "-o", svg_path, edges_path])
    again = os.path.join(work, name + "-again.html")
    run([kgraph, "export", "-f", "html", "-o", again, edges_path])
    raw = open(page_path, encoding="utf-8").read()
    check(raw == open(again, encoding="utf-8").read(), f"{name}: two runs differ")

    # the diagram is graph.svg, byte for byte, without its XML declaration
    svg = open(svg_path, encoding="utf-8").read()
    svg = svg[svg.index("?>") + 2:].lstrip("\n")
    check(svg in raw, f"{name}: the page's diagram is not the SVG export")
    p = Page()
    p.feed(raw)
    p.close()
    # one file, and nothing the CSP would block
    for tag, k, v in p.attrs:
        check(k != "src", f"{name}: <{tag} src={v!r}>: an external resource")
        if k in ("href", "xlink:href"):
            check(v == "data:," or (v or "").startswith("#"), f"{name}: <{tag} {k}={v!r}>")
        check(not k.startswith("on"), f"{name}: <{tag} {k}=...>: an inline handler")
        check(k != "style", f"{name}: <{tag} style=...>: an inline style the CSP blocks")
    data_blocks = [t for a, t in p.scripts if a.get("type") == "application/json"]
    code = [t for a, t in p.scripts if "type" not in a]
    check(len(data_blocks) == 1 and len(code) == 1 and len(p.scripts) == 2,
          f"{name}: {len(p.scripts)} script elements, expected the data and the program")
    check(len(p.styles) == 1, f"{name}: {len(p.styles)} style elements")
    if failures:
        return
    check(raw.count("</script") == 2 and raw.lower().count("<script") == 2,
          f"{name}: '<script' or '</script' outside the two script elements")
    # the CSP: exactly our script and style sheet, nothing from the network
    csp = p.csp or ""
    check(raw.index("Content-Security-Policy") < raw.index("<style"), f"{name}: CSP after the style")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    check(directives.get("default-src") == ["'none'"], f"{name}: default-src is {directives.get('default-src')}")
    check(directives.get("script-src") == [sha(code[0])], f"{name}: script-src does not name the script's hash")
    check(directives.get("style-src") == [sha(p.styles[0][1])], f"{name}: style-src does not name the style's hash")
    check(set(directives) <= {"default-src", "script-src", "style-src", "img-src", "base-uri", "form-action"},
          f"{name}: unexpected CSP directives {sorted(directives)}")
    # the data
    text = data_blocks[0]
    check(not re.search("[<>&]", text), f"{name}: the data block holds '<', '>' or '&'")
    data = json.loads(text)
    graph = json.load(open(json_path, encoding="utf-8"))
    nodes, links = graph["nodes"], graph["links"]
    check(len(data["nodes"]) == len(nodes) and len(data["edges"]) == len(links),
          f"{name}: {len(data['nodes'])}/{len(data['edges'])} nodes/edges, graph.json {len(nodes)}/{len(links)}")
    measures = data["measures"]
    for dn in data["nodes"]:
        gn = nodes[dn["id"]]
        check(dn["name"] == gn["label"] and dn["type"] == gn["type"] and dn["forms"] == gn["forms"],
              f"{name}: node {dn['id']} is {dn['name']!r}, graph.json says {gn['label']!r}")
        for k, m in enumerate(measures):
            check(abs(dn["m"][k] - gn[m]) <= 1e-9 * max(1.0, abs(gn[m])), f"{name}: {dn['name']!r} {m}")
    records = {}
    for line in open(edges_path, encoding="utf-8"):
        r = json.loads(line)
        r = {k: clean(v) if isinstance(v, str) else v for k, v in r.items()}
        records.setdefault((r["source"], r["relation"], r["target"]), []).append(r)
        records.setdefault((r["target"], r["relation"], r["source"]), []).append(r)
    summary = data["summary"]
    docs_in_file = {r["doc"] for recs in records.values() for r in recs}
    check((summary["entities"], summary["relations"], summary["documents"]) ==
          (len(nodes), len(links), len(docs_in_file)),
          f"{name}: summary {summary} against {len(nodes)} nodes, {len(links)} edges, "
          f"{len(docs_in_file)} documents in the edges file")
    for de in data["edges"]:
        gl = links[de["id"]]
        s = next(n for n in data["nodes"] if n["id"] == de["s"])["name"]
        t = next(n for n in data["nodes"] if n["id"] == de["t"])["name"]
        check((gl["source"], gl["target"], gl["relation"], gl["weight"]) == (f"n{de['s']}", f"n{de['t']}", de["rel"], de["w"]),
              f"{name}: edge {de['id']} differs from graph.json")
        recs = records.get((s, de["rel"], t), [])
        shown = set()
        for doc, line, rule, sentence in de["ev"]:
            item = (data["docs"][doc], line, data["rules"][rule], sentence)
            shown.add(item[:2])
            check(any(r["doc"] == item[0] and r["line"] == item[1] and
                      collapse(r["evidence"]) == collapse(item[3]) for r in recs),
                  f"{name}: evidence {item} of {s} {de['rel']} {t} is in no record of that edge")
        sentences = {(r["doc"], r["line"], r["start"]) for r in recs}
        if len(sentences) <= 5:
            check(shown == {(d, l) for d, l, _ in sentences},
                  f"{name}: {s} {de['rel']} {t} shows {sorted(shown)}, the edges file has {sorted(sentences)}")
    return raw, data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kgraph", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    check_report(a.kgraph, os.path.join(a.source, "tests/cli/golden/nhs-edges.jsonl"), a.workdir, "example")
    hostile = os.path.join(a.source, "tests/export/fixtures/hostile.jsonl")
    res = check_report(a.kgraph, hostile, a.workdir, "hostile")
    if res:
        raw, data = res
        markup = re.sub(r'<script type="application/json" id="kg-data">.*?</script>', "", raw, flags=re.S)
        for line in open(hostile, encoding="utf-8"):
            r = json.loads(line)
            for field in ("source", "target"):
                check(any(n["name"] == clean(r[field]) for n in data["nodes"]), f"hostile: {r[field]!r} not in the data")
        # outside the data block, a name holding markup may only appear
        # escaped (the SVG's text), never as it is
        for line in open(hostile, encoding="utf-8"):
            r = json.loads(line)
            for field in ("source", "target", "source_text", "target_text", "evidence", "doc", "rule"):
                v = clean(r[field])
                if re.search("[<>&]", v):
                    check(v not in markup, f"hostile: {field} {v!r} is in the page's markup unescaped")
        check("<script>alert" not in markup and "<img" not in markup,
              "hostile: a hostile string reached the page's markup")
    if failures:
        print("\n".join(failures[:40]), file=sys.stderr)
        sys.exit(1)
    print("report_check: example and hostile reports are self-contained, CSP-hashed and agree with graph.json and the edges")


main()
