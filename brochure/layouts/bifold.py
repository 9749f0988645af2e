"""The bi-fold booklet: letter folded to half-letter, A4 to A5, imposed for duplex printing.

The booklet's pages are laid out like a handout on half sheets, then placed two to a
landscape sheet in saddle-stitch order, so printing the PDF duplex (flip on the short
edge) and folding the stack gives the pages in reading order: for 4 pages the sheet is
[4 | 1] on the front and [2 | 3] on the back. Page counts are rounded up to a multiple
of 4 with blank pages at the end. A right-to-left booklet opens the other way, so every
sheet side is mirrored ([1 | 4], [3 | 2]).

Imposition (impose.py) copies each page's content onto its sheet, so the booklet stays
a tagged PDF: the structure tree reads in booklet order (not sheet order), links keep
their annotations (moved with their page) and bookmarks point at the sheet that holds
their page.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.pagesizes import landscape

from ..blocks import Story
from ..impose import Slot, impose
from ..tagging import TagTree
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


def build_booklet(story: Story, setup: PageSetup) -> bytes:
    """The booklet's pages in reading order, half a sheet each (tagged like a handout
    when a recorder is active); `impose_booklet` then puts them on the sheets."""
    width, height = sheet_size(setup.paper)
    half = replace(setup, page_size=(width / 2, height), margin=BOOKLET_MARGIN)
    return build_handout(story, half)


def impose_booklet(
    booklet: bytes, tags: TagTree | None, setup: PageSetup
) -> tuple[bytes, TagTree | None]:
    """Two booklet pages on each landscape sheet side, in saddle-stitch order; the
    structure tree (when tagged) moved to the sheets, still in booklet order."""
    width, height = sheet_size(setup.paper)

    def sides(pages: int) -> list[list[Slot]]:
        return [
            [Slot(number, slot * width / 2, 0) for slot, number in enumerate(side) if number]
            for side in imposition(pages, setup.rtl)
        ]

    return impose(booklet, sides, (width, height), tags)
