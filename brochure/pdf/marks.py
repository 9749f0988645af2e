"""Printer's marks: crop and fold marks outside the trim, a bleed, TrimBox and BleedBox.

Each finished page is widened around its trim (the paper size) by giving it a MediaBox
with a negative origin, so nothing already on the page moves: links, bookmarks and
tagged content keep their coordinates. Backgrounds that run to the trim are drawn
`BLEED` past it by the layouts, so they print into the bleed. The marks are drawn in
black (DeviceGray, allowed in PDF/A) as an `/Artifact`, never read by a screen reader.

ReportLab's own `cropMarks` writes no TrimBox/BleedBox and its `bleedWidth` scales the
page unevenly, so they are not used.
"""

from __future__ import annotations

from io import BytesIO

import pikepdf

MM = 72 / 25.4
BLEEDS = {"letter": 0.125 * 72, "a4": 3 * MM}
MARK_GAP = 2.0  # marks start this far outside the bleed, so a trim never shows them
MARK_LENGTH = 0.25 * 72
SLUG = MARK_GAP + MARK_LENGTH + 4  # paper outside the bleed that carries the marks


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S\n"


def marks_stream(width: float, height: float, bleed: float, folds: list[float]) -> bytes:
    """PDF operators for crop marks at the four corners and fold marks at each fold."""
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    ops = ["/Artifact BMC q 0.3 w 0 G\n"]
    for x in (0.0, width):
        for y, sign in ((0.0, -1), (height, 1)):
            ops.append(_line(x, y + sign * start, x, y + sign * end))  # vertical
    for y in (0.0, height):
        for x, sign in ((0.0, -1), (width, 1)):
            ops.append(_line(x + sign * start, y, x + sign * end, y))  # horizontal
    if folds:
        ops.append("[3 2] 0 d\n")
        for x in folds:
            ops.append(_line(x, -start, x, -end))
            ops.append(_line(x, height + start, x, height + end))
    ops.append("Q EMC\n")
    return "".join(ops).encode("ascii")


def add_print_marks(pdf: bytes, paper: str, folds: list[list[float]]) -> bytes:
    """The PDF with bleed, marks and boxes; `folds[i % len(folds)]` are page i's fold x's."""
    bleed = BLEEDS[paper]
    doc = pikepdf.open(BytesIO(pdf))
    for i, page in enumerate(doc.pages):
        x0, y0, x1, y1 = (float(v) for v in page.mediabox)
        width, height = x1 - x0, y1 - y0
        page_folds = folds[i % len(folds)] if folds else []
        outer = SLUG + bleed
        page.obj.MediaBox = pikepdf.Array([-outer, -outer, width + outer, height + outer])
        page.obj.BleedBox = pikepdf.Array([-bleed, -bleed, width + bleed, height + bleed])
        page.obj.TrimBox = pikepdf.Array([0, 0, width, height])
        if "/CropBox" in page.obj:
            del page.obj.CropBox
        # Wrap what is there in q/Q so the marks start from a clean graphics state.
        page.contents_add(doc.make_stream(b"q\n"), prepend=True)
        page.contents_add(doc.make_stream(b"Q\n"))
        page.contents_add(doc.make_stream(marks_stream(width, height, bleed, page_folds)))
    buffer = BytesIO()
    doc.save(buffer, deterministic_id=True, fix_metadata_version=False)  # XMP as written
    return buffer.getvalue()
