"""Pixel diff of two folders of PDFs: the proof that a change which must alter the bytes
of the PDFs (issue 13: the structure tree written by ReportLab instead of pikepdf)
leaves every page looking the same.

    python benchmarks/pixel_diff.py BEFORE AFTER [--dpi 72]

Every PDF under BEFORE (recursively) is matched by its relative path under AFTER; each
page of both is rendered with pypdfium2 at the same resolution and the RGB pixels are
compared. Prints one line per PDF that differs (page count, first page that differs,
pixels that differ), then a total, plus the two folders' sizes in bytes. Exit status 1
when anything differs or is missing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2 as pdfium


def pages(path: Path, scale: float) -> list[tuple[tuple[int, int], bytes]]:
    """(size, RGB bytes) of every page, rendered at `scale` × 72 dpi."""
    doc = pdfium.PdfDocument(str(path))
    try:
        rendered = []
        for page in doc:
            image = page.render(scale=scale).to_pil().convert("RGB")
            rendered.append((image.size, image.tobytes()))
        return rendered
    finally:
        doc.close()


def differing_pixels(a: bytes, b: bytes) -> int:
    """Pixels (3 bytes each) that are not equal."""
    if a == b:
        return 0
    return sum(1 for i in range(0, len(a), 3) if a[i : i + 3] != b[i : i + 3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--dpi", type=float, default=72.0)
    args = parser.parse_args()
    scale = args.dpi / 72
    pdfs = sorted(p.relative_to(args.before) for p in args.before.rglob("*.pdf"))
    bad = total_pages = 0
    size_before = size_after = 0
    for rel in pdfs:
        after = args.after / rel
        if not after.exists():
            print(f"{rel}: missing in {args.after}")
            bad += 1
            continue
        size_before += (args.before / rel).stat().st_size
        size_after += after.stat().st_size
        old, new = pages(args.before / rel, scale), pages(after, scale)
        total_pages += len(old)
        if len(old) != len(new):
            print(f"{rel}: {len(old)} pages before, {len(new)} after")
            bad += 1
            continue
        for number, ((size_a, a), (size_b, b)) in enumerate(zip(old, new, strict=True), 1):
            if size_a != size_b or a != b:
                count = differing_pixels(a, b) if size_a == size_b else -1
                print(f"{rel}: page {number} differs ({count} pixels; -1: page size)")
                bad += 1
                break
    change = size_after - size_before
    print(
        f"{len(pdfs)} PDFs, {total_pages} pages at {args.dpi:g} dpi: {bad} differ. "
        f"Size {size_before} -> {size_after} bytes ({change:+d}, "
        f"{100 * change / max(size_before, 1):+.1f}%)"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
