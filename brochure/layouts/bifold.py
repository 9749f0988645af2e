"""The bi-fold booklet: letter folded to half-letter, A4 to A5, imposed for duplex printing.

The booklet's pages are laid out like a handout on half sheets, then placed two to a
landscape sheet in saddle-stitch order, so printing the PDF duplex (flip on the short
edge) and folding the stack gives the pages in reading order: for 4 pages the sheet is
[4 | 1] on the front and [2 | 3] on the back. Page counts are rounded up to a multiple
of 4 with blank pages at the end. A right-to-left booklet opens the other way, so every
sheet side is mirrored ([1 | 4], [3 | 2]).

Imposition places each page as a form XObject (pikepdf), so links and bookmarks of the
booklet pages do not survive: the bi-fold is for print; the handout is for screens.
"""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pikepdf
from reportlab.lib.pagesizes import landscape

from ..blocks import Story
from .common import PAPERS, PageSetup
from .handout import build_handout

MM = 72 / 25.4
BOOKLET_MARGIN = 14 * MM  # text ≥ 1/4 in from the fold and trim, with room to spare


def sheet_size(paper: str) -> tuple[float, float]:
    return landscape(PAPERS[paper])


def folds(paper: str, rtl: bool = False) -> list[list[float]]:
    """One fold down the middle of every sheet side."""
    return [[sheet_size(paper)[0] / 2]]


def imposition(pages: int, rtl: bool = False) -> list[tuple[int | None, int | None]]:
    """Booklet page numbers (1-based; None = blank) for each sheet side, left and right.

    Sides come in print order: sheet 1 front, sheet 1 back, sheet 2 front, ...
    """
    total = -(-pages // 4) * 4

    def real(n: int) -> int | None:
        return n if n <= pages else None

    sides = []
    for k in range(total // 4):
        front = (real(total - 2 * k), real(2 * k + 1))
        back = (real(2 * k + 2), real(total - 2 * k - 1))
        sides += [front, back]
    if rtl:
        sides = [(right, left) for left, right in sides]
    return sides


def build_bifold(story: Story, setup: PageSetup) -> bytes:
    width, height = sheet_size(setup.paper)
    half = replace(setup, page_size=(width / 2, height), margin=BOOKLET_MARGIN)
    booklet = build_handout(story, half)
    return impose(booklet, (width, height), setup.rtl)


def impose(booklet: bytes, sheet: tuple[float, float], rtl: bool = False) -> bytes:
    """Two booklet pages on each landscape sheet side, in saddle-stitch order."""
    width, height = sheet
    src = pikepdf.open(BytesIO(booklet))
    out = pikepdf.new()
    for left, right in imposition(len(src.pages), rtl):
        out.add_blank_page(page_size=(width, height))
        side = out.pages[-1]
        for slot, number in ((0, left), (1, right)):
            if number is None:
                continue
            x = slot * width / 2
            side.add_overlay(src.pages[number - 1], pikepdf.Rectangle(x, 0, x + width / 2, height))
    for key, value in src.docinfo.items():
        out.docinfo[key] = value
    if "/Lang" in src.Root:
        out.Root.Lang = pikepdf.String(str(src.Root.Lang))
    out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    buffer = BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()
