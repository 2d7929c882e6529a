#!/usr/bin/python3
"""tests/export/browser_check.py: the example SVG in a real browser.

export_tool draws the example graph (fixtures/nhs.jsonl) as SVG, once with a
fixed size and once without; an HTML page embeds both (one inline, one as
<img>); headless Chromium loads the page and takes a screenshot, which must
be a PNG that is not blank (many distinct colours, most of them not white).

Chromium runs with a fresh profile and no network features:
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
           --disable-background-networking --disable-component-update
           --disable-sync --user-data-dir=<fresh> --screenshot=<png>
           --window-size=1200,900 file://<page>
Exit 0 when the screenshot is good, 1 when not, 77 (skipped) when no
chromium is installed.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def png_pixels(path):
    """Decode an 8-bit RGB/RGBA non-interlaced PNG: (width, height, rows)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG depth {depth} type {ctype}")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("browser_check: chromium is not installed (apt-get install chromium): skipped")
        return 77
    os.makedirs(a.workdir, exist_ok=True)
    edges = os.path.join(a.fixtures, "nhs.jsonl")
    fixed = os.path.join(a.workdir, "fixed.svg")
    fluid = os.path.join(a.workdir, "fluid.svg")
    for path, extra in ((fixed, []), (fluid, ["--no-fixed-size"])):
        r = subprocess.run([a.tool, "-f", "svg", *extra, "-o", path, edges],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print("browser_check: export_tool:", r.stderr, file=sys.stderr)
            return 1
    with open(fluid, encoding="utf-8") as f:
        inline = f.read().split("?>", 1)[1]
    page = os.path.join(a.workdir, "page.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>kgraph</title>"
                "<style>body{margin:0;background:#fff} .fluid{width:1150px}</style></head>"
                "<body><div class=\"fluid\">" + inline + "</div>"
                "<img src=\"fixed.svg\" alt=\"kgraph\"></body></html>\n")
    shot = os.path.join(a.workdir, "shot.png")
    if os.path.exists(shot):
        os.remove(shot)
    with tempfile.TemporaryDirectory(prefix="kg_chromium_") as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile, "--screenshot=" + shot,
               "--window-size=1200,900", "file://" + os.path.abspath(page)]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
        except subprocess.TimeoutExpired:
            print("browser_check: chromium timed out", file=sys.stderr)
            return 1
    if not os.path.exists(shot):
        print("browser_check: no screenshot;", r.stderr[-2000:], file=sys.stderr)
        return 1
    w, h, bpp, rows = png_pixels(shot)
    colours, nonwhite = set(), 0
    for row in rows[::3]:
        for x in range(0, w * bpp, bpp * 3):
            px = row[x:x + 3]
            colours.add(px)
            nonwhite += px != b"\xff\xff\xff"
    print(f"browser_check: screenshot {w}x{h}, {len(colours)} colours, "
          f"{nonwhite} non-white samples")
    if (w, h) != (1200, 900) or len(colours) < 20 or nonwhite < 2000:
        print("browser_check: the screenshot looks blank", file=sys.stderr)
        return 1
    # the inline SVG fills 1150 px; its legend is drawn in the right fifth
    legend = sum(row[x:x + 3] != b"\xff\xff\xff"
                 for row in rows[0:450:2] for x in range(900 * bpp, 1150 * bpp, bpp * 2))
    if legend < 200:
        print(f"browser_check: no legend in the inline SVG ({legend} samples)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
