#!/usr/bin/python3
"""tests/export/page_check.py: the SVG in a document, as report authors use it.

kgraph draws the example graph with --page 5.8x8.5in --font-min 7 (pandoc's
DOCX writer shrinks any image wider than 5.83 in, its default text width, so
that is the column a pandoc report has), and the same graph's edges in a
smaller box (14x10cm); a Markdown file embeds both; pandoc
turns it into DOCX and ODT; headless LibreOffice turns those into PDF;
pdftoppm renders the pages.  Then:

  - ODT: LibreOffice keeps the SVG's text as text, so `pdftotext -bbox` lists
    every word of every label.  Each must be in the PDF, inside the page's
    margins, and print at --font-min or more.  Word boxes are taller than
    the font size (ascent plus descent), so sizes are measured against the
    body text, which pandoc's reference.odt sets in 12 pt.
  - DOCX: pandoc embeds the SVG with a PNG fallback, which is what
    LibreOffice 7.4 places, so the PDF holds an image, not text.  Its
    printed size (`pdfimages -list`: pixels / ppi) must be the SVG's width
    and height, so the labels print at the SVG's own sizes times its scale,
    and that smallest size must be --font-min or more.
  - Both: the rendered pages (pdftoppm) hold ink only inside the margins.

Exit 0 when all holds, 1 with the failures listed, 77 (skipped) when
pandoc, soffice or poppler-utils is missing.  Prints the measured sizes.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
FAILURES = []


def check(ok, msg):
    if not ok:
        FAILURES.append(msg)
    return ok


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"page_check: {' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def svg_facts(path):
    """Print size (inches), scale, and every label word with its printed size."""
    root = ET.parse(path).getroot()
    w, h = root.get("width"), root.get("height")
    check(w.endswith("in") and h.endswith("in"), f"{path}: width/height {w} {h} not in inches")
    vb = [float(x) for x in root.get("viewBox").split()]
    win, hin = float(w[:-2]), float(h[:-2])
    scale = win * 72 / vb[2]
    words = []  # (word, printed pt)
    for el in root.iter(SVG_NS + "text"):
        size = float(el.get("font-size", "14")) * scale
        for word in (el.text or "").split():
            words.append((word, size))
    return {"w": win, "h": hin, "scale": scale, "words": words}


def pdf_words(pdf):
    """Pages (width, height, [(word, xmin, ymin, xmax, ymax)]) from pdftotext -bbox."""
    out = run(["pdftotext", "-bbox", pdf, "-"]).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [(html.unescape(t), float(a), float(b), float(c), float(d))
                 for a, b, c, d, t in re.findall(
                     r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                     m.group(3))]
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def ink_box(pgm):
    """Bounding box (x0, y0, x1, y1) in pixels of the non-white pixels of a binary PGM."""
    with open(pgm, "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    x0 = y0 = 10**9
    x1 = y1 = -1
    for y in range(height):
        row = px[y * width:(y + 1) * width]
        cols = [x for x in range(width) if row[x] < 200]
        if cols:
            y0, y1 = min(y0, y), y
            x0, x1 = min(x0, cols[0]), max(x1, cols[-1])
    return (x0, y0, x1, y1) if x1 >= 0 else None


def check_ink(pdf, stem, dpi, margin_in):
    """Every page's ink lies inside the margins; returns the PNG of page 2."""
    run(["pdftoppm", "-gray", "-r", str(dpi), pdf, stem])
    run(["pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", pdf, stem + "-png"])
    for name in sorted(os.listdir(os.path.dirname(stem))):
        if not (name.startswith(os.path.basename(stem) + "-") and name.endswith(".pgm")):
            continue
        path = os.path.join(os.path.dirname(stem), name)
        with open(path, "rb") as f:
            head = f.read(40).split()
        pw, ph = int(head[1]), int(head[2])
        box = ink_box(path)
        if box is None:
            continue
        lim = margin_in * dpi - 2  # a pixel or two of anti-aliasing
        check(box[0] >= lim and box[1] >= lim and box[2] <= pw - lim and box[3] <= ph - lim,
              f"{name}: ink at {box} outside the {margin_in}in margins of a {pw}x{ph} page")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kgraph", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--font-min", type=float, default=7.0)
    a = ap.parse_args()
    for tool in ("pandoc", "soffice", "pdftotext", "pdftoppm", "pdfimages"):
        if not shutil.which(tool):
            print(f"page_check: {tool} not installed: skipped")
            return 77
    wd = os.path.abspath(a.workdir)
    shutil.rmtree(wd, ignore_errors=True)
    os.makedirs(wd)
    fmin = str(a.font_min)

    # the figures, as the README's commands make them
    run([a.kgraph, "build", "-q", "-r", os.path.join(a.source, "examples/nhs/rules.yaml"),
         os.path.join(a.source, "examples/nhs/corpus"), "--formats", "svg", "--page", "5.8x8.5in",
         "--font-min", fmin, "-o", os.path.join(wd, "nhs")])
    run([a.kgraph, "export", "-f", "svg", "--page", "14x10cm", "--font-min", fmin,
         "-o", os.path.join(wd, "small.svg"), os.path.join(wd, "nhs", "edges.jsonl")])
    shutil.copy(os.path.join(wd, "nhs", "graph.svg"), os.path.join(wd, "nhs.svg"))
    figs = {name: svg_facts(os.path.join(wd, name + ".svg")) for name in ("nhs", "small")}
    for name, f in figs.items():
        smallest = min(s for _, s in f["words"])
        print(f"{name}.svg: {f['w']:.3f} x {f['h']:.3f} in, scale {f['scale']:.3f}, "
              f"{len(f['words'])} words, smallest {smallest:.2f} pt")
        check(smallest >= a.font_min - 0.01, f"{name}.svg: a word at {smallest:.2f} pt")

    with open(os.path.join(wd, "report.md"), "w") as f:
        f.write("# Who contracts with whom\n\n"
                "Body text of the report, in the document's own font and size.\n\n"
                "![The example graph, drawn for a 5.8 by 8.5 inch box](nhs.svg)\n\n"
                "# A smaller figure\n\n"
                "The same graph in a box of 14 by 10 centimetres.\n\n"
                "![The example graph in 14x10cm](small.svg)\n")
    run(["pandoc", "report.md", "-o", "report-docx.docx"], cwd=wd)
    run(["pandoc", "report.md", "-o", "report-odt.odt"], cwd=wd)
    # a profile of its own, so that runs in parallel and a desktop session
    # do not share LibreOffice's lock
    run(["soffice", "-env:UserInstallation=file://" + os.path.join(wd, "lo-profile"),
         "--headless", "--convert-to", "pdf", "--outdir", wd,
         "report-docx.docx", "report-odt.odt"], cwd=wd, timeout=120)

    # ODT: the labels are text in the PDF
    pages = pdf_words(os.path.join(wd, "report-odt.pdf"))
    found = [(p, w) for p, (_, _, words) in enumerate(pages) for w in words]
    body = [w for _, w in found if w[0] == "Body"]
    check(body, "report-odt.pdf: the body text is missing")
    em = (body[0][4] - body[0][2]) / 12.0 if body else 1.3  # word box height per point
    print(f"report-odt.pdf: {len(pages)} pages; word box height {em:.3f} x font size (body 12 pt)")
    for name, f in figs.items():
        pool = {}
        for p, w in found:
            pool.setdefault(w[0], []).append((p, w))
        sizes = []
        for word, want in f["words"]:
            hits = pool.get(word)
            if not check(hits, f"report-odt.pdf: '{word}' of {name}.svg is not in the PDF"):
                continue
            # the hit whose size is nearest the SVG's; used once
            p, w = min(hits, key=lambda h: abs((h[1][4] - h[1][2]) / em - want))
            hits.remove((p, w))
            pw, ph, _ = pages[p]
            size = (w[4] - w[2]) / em
            sizes.append(size)
            check(w[1] >= 72 - 1 and w[2] >= 72 - 1 and w[3] <= pw - 72 + 1 and w[4] <= ph - 72 + 1,
                  f"report-odt.pdf: '{word}' at {w[1:]} is outside the margins of page {p + 1}")
            check(size >= a.font_min - 0.15, f"report-odt.pdf: '{word}' prints at {size:.2f} pt")
        if sizes:
            print(f"report-odt.pdf: {name}.svg: {len(sizes)} words, printed {min(sizes):.2f} to "
                  f"{max(sizes):.2f} pt")

    # DOCX: the figure is an image; its printed size must be the SVG's
    imgs = run(["pdfimages", "-list", os.path.join(wd, "report-docx.pdf")]).stdout.splitlines()[2:]
    placed = []
    for line in imgs:
        c = line.split()
        if c[2] == "image":
            placed.append((int(c[0]), int(c[3]) / float(c[12]), int(c[4]) / float(c[13])))
    print(f"report-docx.pdf: images (page, in x in): "
          + ", ".join(f"p{p} {w:.3f}x{h:.3f}" for p, w, h in placed))
    for name, f in figs.items():
        hit = [x for x in placed if abs(x[1] - f["w"]) < 0.03 and abs(x[2] - f["h"]) < 0.03]
        check(hit, f"report-docx.pdf: no image printed at {name}.svg's {f['w']:.3f}x{f['h']:.3f} in")

    for stem in ("report-odt", "report-docx"):
        check_ink(os.path.join(wd, stem + ".pdf"), os.path.join(wd, stem), 40, 1.0)

    for msg in FAILURES:
        print("FAIL:", msg)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
