#!/usr/bin/env python3
"""The board pack's pages and pictures in a real browser.

For each golden page and picture in tests/testdata/report (the exact output
of scoring/report, which the C++ tests pin byte for byte):

- it parses as XML (the pages are written so that they do), and every SVG
  in it, inline or standalone, is well-formed SVG;
- headless Chromium takes a screenshot, which must not be blank;
- Chromium's DOM (--dump-dom) holds the school, the recommendation and,
  where there is a quote, the net cost;

and each report prints to PDF on one or two A4 pages.

    browser_test.py --pages tests/testdata/report --out build/.../screenshots

With --file, the same checks of one file (one the CLI wrote, say), its DOM
holding each --expect text; a report (a .html file with --pdf) also prints:

    browser_test.py --file report.html --expect "Allerton High School" \
        --pdf --out /tmp/screenshots

The screenshots and PDFs stay in --out for a person to look at.
"""
import argparse
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

SVG_NS = "{http://www.w3.org/2000/svg}"

# file, viewport (CSS px), the text its DOM must hold.
PAGES = [
    ("strong_local.report.html", (794, 1123),
     ["Allerton High School", "Associate with a view to integration",
      "£290,280.00"]),
    ("public_only.report.html", (794, 1123),
     ["Roundhay School", "Insufficient data",
      "No quote: the recommendation (Insufficient data)"]),
    ("strong_local.agreement.html", (794, 1123),
     ["Allerton High School", "Associate with a view to integration",
      "£290,280.00"]),
    ("coasting.agreement.html", (794, 1123),
     ["Wetherby High School", "Trust partnership", "£75,508.33"]),
    ("coasting.trajectory.html", (1123, 794),
     ["Wetherby High School", "Trust partnership"]),
    ("coasting.trajectory.svg", (722, 310), ["Wetherby High School"]),
    ("north.map.svg", (1040, 712),
     ["Allerton High School", "Associate with a view to integration"]),
]
REPORTS = ["strong_local.report.html", "public_only.report.html"]

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--hide-scrollbars", "--no-pdf-header-footer",
]


def chromium(args, profile_root):
    """Runs Chromium with a fresh profile; returns its stdout."""
    profile = tempfile.mkdtemp(dir=profile_root)
    try:
        result = subprocess.run(
            ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, timeout=120, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if result.returncode != 0:
        raise AssertionError(
            f"chromium {' '.join(args)} failed ({result.returncode}): "
            f"{result.stderr.decode(errors='replace')[-2000:]}")
    return result.stdout.decode("utf-8", errors="replace")


def check_xml(path):
    """The file parses as XML; returns its SVG elements (root included)."""
    root = ET.parse(path).getroot()
    svgs = [root] if root.tag == SVG_NS + "svg" else list(root.iter(SVG_NS + "svg"))
    for svg in svgs:
        assert svg.get("viewBox"), f"{path}: an SVG without a viewBox"
        for element in svg.iter():
            assert element.tag.startswith(SVG_NS), (
                f"{path}: {element.tag} inside an SVG is not SVG")
    return svgs


def check_self_contained(path):
    text = open(path, encoding="utf-8").read()
    assert "<script" not in text, f"{path}: has a script"
    outside = re.findall(r'(?:src|href)\s*=|url\(|@import', text)
    assert not outside, f"{path}: refers outside itself: {outside[:3]}"


def png_pixels(path):
    """Width, height and the RGB(A) rows of an 8-bit PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6), f"{path}: PNG type {colour}/{depth}"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        unfilter(kind, line, previous, channels)
        rows.append(line)
        previous = line
    return width, height, channels, rows


def unfilter(kind, line, previous, bpp):
    if kind == 1:  # Sub
        for i in range(bpp, len(line)):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif kind == 2:  # Up
        for i in range(len(line)):
            line[i] = (line[i] + previous[i]) & 0xFF
    elif kind == 3:  # Average
        for i in range(len(line)):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
    elif kind == 4:  # Paeth
        for i in range(len(line)):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + predictor) & 0xFF


def check_not_blank(path):
    """Enough of the screenshot is drawn, in enough colours."""
    width, height, channels, rows = png_pixels(path)
    drawn, colours, seen = 0, set(), 0
    for y in range(0, height, 2):
        row = rows[y]
        for x in range(0, width, 2):
            pixel = bytes(row[x * channels:x * channels + 3])
            seen += 1
            if pixel != b"\xff\xff\xff":
                drawn += 1
                if len(colours) < 64:
                    colours.add(pixel)
    assert drawn / seen > 0.02, f"{path}: only {drawn / seen:.1%} drawn: blank?"
    assert len(colours) >= 16, f"{path}: only {len(colours)} colours: blank?"
    return drawn / seen


def dom_text(dom):
    text = re.sub(r"<style.*?</style>", " ", dom, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def pdf_pages(path):
    """The page count and each page's size in points."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", path],
                              capture_output=True, text=True, check=True).stdout
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
        return [(float(w), float(h)) for w, h in sizes]
    data = open(path, "rb").read()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


def check_page(path, size, expected, out):
    """A page or picture: XML, self-contained, drawn, showing `expected`."""
    name = os.path.basename(path)
    svgs = check_xml(path)
    # Only the draft agreement is text alone.
    assert svgs or ".agreement." in name, f"{name}: no SVG"
    check_self_contained(path)
    shot = os.path.join(out, name + ".png")
    width, height = size
    chromium([f"--screenshot={shot}", f"--window-size={width},{height}",
              "file://" + path], out)
    drawn = check_not_blank(shot)
    text = dom_text(chromium(["--dump-dom", "file://" + path], out))
    missing = [t for t in expected if t not in text]
    assert not missing, f"{name}: the page does not show {missing}"
    print(f"ok {name}: {len(svgs)} SVG, {drawn:.0%} drawn, {shot}")


def check_prints(path, out):
    """The page prints to one or two A4 pages."""
    name = os.path.basename(path)
    pdf = os.path.join(out, name.replace(".html", ".pdf"))
    chromium([f"--print-to-pdf={pdf}", "file://" + path], out)
    pages = pdf_pages(pdf)
    assert 1 <= len(pages) <= 2, f"{name}: {len(pages)} pages printed"
    for w, h in pages:
        assert abs(w - 595) < 2 and abs(h - 842) < 2, (
            f"{name}: a {w} x {h} pt page is not A4")
    print(f"ok {name}: {len(pages)} A4 pages, {pdf}")


def size_of(path):
    """The window to open a file in: a picture's own size, else A4."""
    if path.endswith(".svg"):
        root = ET.parse(path).getroot()
        return int(float(root.get("width"))), int(float(root.get("height")))
    if "size: A4 landscape" in open(path, encoding="utf-8").read():
        return (1123, 794)
    return (794, 1123)


def checks(args):
    """(what, check) pairs: every golden page, or the one --file."""
    if args.file:
        path = os.path.abspath(args.file)
        yield path, lambda: check_page(path, size_of(path), args.expect,
                                       args.out)
        if args.pdf:
            yield path, lambda: check_prints(path, args.out)
        return
    for name, size, expected in PAGES:
        path = os.path.abspath(os.path.join(args.pages, name))
        yield name, (lambda p=path, s=size, e=expected:
                     check_page(p, s, e, args.out))
    for name in REPORTS:
        path = os.path.abspath(os.path.join(args.pages, name))
        yield name, lambda p=path: check_prints(p, args.out)


def main():
    parser = argparse.ArgumentParser()
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--pages", help="the golden pages' directory")
    which.add_argument("--file", help="one page or picture to check")
    parser.add_argument("--expect", action="append", default=[],
                        help="with --file: text its page must show (repeat)")
    parser.add_argument("--pdf", action="store_true",
                        help="with --file: it must print to 1-2 A4 pages")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if shutil.which("chromium") is None:
        sys.exit("chromium is not installed: scripts/setup installs it "
                 "(scripts/packages/test.txt)")
    os.makedirs(args.out, exist_ok=True)
    failures = []
    for what, check in checks(args):
        try:
            check()
        except (AssertionError, ET.ParseError) as e:
            failures.append(f"{what}: {e}")
    if failures:
        sys.exit("\n".join(["FAILED:"] + failures))


if __name__ == "__main__":
    main()
