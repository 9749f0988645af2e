"""The bi-fold booklet: letter folded to half-letter, A4 to A5, imposed for duplex printing.

The booklet's pages are laid out on half sheets — a cover (layouts/cover.py), the
content with "Page 2 of 12" footers, a back cover; the covers carry no number — then
placed two to a landscape sheet in saddle-stitch order, so printing the PDF duplex (flip
on the short edge) and folding the stack gives the pages in reading order: for 4 pages
the sheet is [4 | 1] on the front and [2 | 3] on the back. The page count must be a
multiple of 4: spacing is adjusted first (theme `booklet.spacings`), and only pages still missing
become pages for notes before the back cover. A right-to-left booklet opens the other
way, so every sheet side is mirrored ([1 | 4], [3 | 2]).

Imposition (pdf/impose.py) copies each page's content onto its sheet, so the booklet stays
a tagged PDF: the structure tree reads in booklet order (not sheet order), links keep
their annotations (moved with their page) and bookmarks point at the sheet that holds
their page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.platypus.doctemplate import BaseDocTemplate, NextPageTemplate, PageTemplate
from reportlab.platypus.flowables import Flowable, PageBreak
from reportlab.platypus.frames import Frame

from brochure.layouts.common import (
    BLEED,
    PAPERS,
    PageSetup,
    document_info,
    fitted_footer,
    numbered_canvas,
)
from brochure.layouts.cover import FillPage, back_cover, front_cover
from brochure.layouts.floats import FloatingFigures
from brochure.layouts.flow import restoring
from brochure.layouts.measuring import MeasuringCanvas
from brochure.pdf.finish import rewrites
from brochure.pdf.impose import Slot, impose
from brochure.pdf.tagging import TagTree, paused
from brochure.records import record
from brochure.story.blocks import Story
from brochure.story.figures import Captioned, Placeholder
from brochure.story.pictures import Picture

MM = 72 / 25.4
BOOKLET_MARGIN = 14 * MM  # text ≥ 1/4 in from the fold and trim, with room to spare
BAND = 0.2 * 72  # the brand-colour band along the covers' top edge
DRAFT_BAND = 0.3 * 72 + 16 + 6  # the draft notice (common.draw_furniture) and a gap
NOTES_GAP = 24.0  # ruled lines on a notes page
RULE = colors.HexColor("#B8C4D0")


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
    """The booklet's pages in reading order, half a sheet each: a cover, the content, the
    back cover (tagged like a handout when a recorder is active); `impose_booklet` then
    puts them on the sheets.

    A booklet has a multiple of four pages. Measuring builds (untagged) first try the
    theme's spacings (`setup.spacings`, in order) until the content fills whole sheets
    with a last page not nearly empty; failing that, the spacing that needs the fewest
    sheets, and the pages still missing become pages for notes before the back cover.
    """
    width, height = sheet_size(setup.paper)
    half = replace(setup, page_size=(width / 2, height), margin=BOOKLET_MARGIN)
    found: list[tuple[Spacing, int, float]] = []
    least = setup.min_last_fill
    with paused():
        for spacing in (Spacing(*s) for s in setup.spacings):
            _, count, fill = _build(story, half, spacing, 0, measuring=True)
            found.append((spacing, count, fill))
            if count % 4 == 0 and fill >= least:
                break
    # None fills whole sheets with a real last page: then the fewest sheets, a real last
    # page before a near-empty one, the fewest pages for notes, the nearest spacing.
    def cost(k: int) -> tuple[int, bool, int, int]:
        _, count, fill = found[k]
        notes = (-count) % 4
        return count + notes, fill < least, notes, k

    chosen, pages, _ = found[min(range(len(found)), key=cost)]
    notes = (-pages) % 4
    pdf, count, _ = _build(story, half, chosen, notes)
    if count % 4:  # measured and real builds disagree (they should not): fill the sheets
        pdf, count, _ = _build(story, half, chosen, notes + (-count) % 4)
    return pdf


@record(frozen=True)
class Spacing:
    """How much a booklet may breathe or tighten to fill whole sheets: the top and bottom
    margins, the space between blocks, and the pictures' height, each × the house value."""

    margins: float = 1.0
    gaps: float = 1.0
    pictures: float = 1.0


class _Doc(FloatingFigures, BaseDocTemplate):
    """Notes how full the last content page is (share of its frame's height); figures
    float forward."""

    last_fill = 0.0

    def afterFlowable(self, flowable: Flowable) -> None:
        frame = self.frame
        if frame is not None and frame.id == "body" and frame._height:
            self.last_fill = (frame._y1 + frame._height - frame._y) / frame._height


def _build(
    story: Story, setup: PageSetup, spacing: Spacing, notes: int, measuring: bool = False
) -> tuple[bytes, int, float]:
    """(PDF, page count, fill of the last content page) with `notes` pages for notes
    before the back cover; `measuring`: the counts only, nothing drawn (no PDF)."""
    buffer = BytesIO()
    width, height = setup.size
    setup = fitted_footer(setup, width)
    m = setup.margin
    vertical = m * spacing.margins
    top = vertical + (10 if setup.draft_marker else 0)
    bottom = vertical * 0.5 + setup.footer_height + 8
    doc = _Doc(
        buffer, pagesize=(width, height), leftMargin=m, rightMargin=m, topMargin=top,
        bottomMargin=bottom, **document_info(setup),
    )
    cover_top = m + (DRAFT_BAND if setup.draft_marker else BAND)

    def frame(name: str, y: float, h: float) -> Frame:
        return Frame(m, y, width - 2 * m, h, 0, 0, 0, 0, id=name)

    def band(canv, doc) -> None:
        canv.saveState()
        canv.setFillColor(setup.primary)
        canv.rect(-BLEED, height - BAND, width + 2 * BLEED, BAND + BLEED, stroke=0, fill=1)
        canv.restoreState()

    doc.addPageTemplates([
        PageTemplate("cover", [frame("cover", m, height - cover_top - m)], onPage=band,
                     autoNextPageTemplate="page"),
        PageTemplate("page", [frame("body", bottom, height - top - bottom)]),
        PageTemplate("back", [frame("back", m, height - cover_top - m)], onPage=band),
    ])
    cover, colour_band = front_cover(story, setup.primary, logo=story.logo)
    if colour_band is not None:  # to the trim on the open sides, stopping at the spine
        outer = m + BLEED
        colour_band.bleed = (m if not setup.rtl else outer, outer if not setup.rtl else m,
                             m + BLEED)
    flow: list[Flowable] = [cover, PageBreak()]
    with _spaced([*story.body, *story.sources], spacing):
        flow += [*story.body, *story.sources]
        for _ in range(notes):
            flow += [PageBreak(), FillPage(story.notes_heading(), NOTES_GAP, RULE)]
        flow += [NextPageTemplate("back"), PageBreak(), back_cover(story)]
        bare = lambda number, total: number in (1, total)  # noqa: E731 - the covers
        canvas = MeasuringCanvas if measuring else numbered_canvas(setup, bare, final=False)
        doc.build(flow, canvasmaker=canvas)
    return buffer.getvalue(), doc.page, doc.last_fill


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

    return impose(booklet, sides, (width, height), tags, rewritten=rewrites(tags, setup.pdfa))


@contextmanager
def _spaced(flowables: list[Flowable], spacing: Spacing) -> Iterator[None]:
    """The body with `spacing`'s gaps and picture heights for one build, as it was after
    (platypus's own edits undone too: `flow.restoring`)."""
    figures = [f.figure if isinstance(f, Captioned) else f for f in flowables]
    figures = [f for f in figures if isinstance(f, Picture | Placeholder)]
    with restoring(flowables + figures):
        for f in figures:
            f.max_height *= spacing.pictures
        if spacing.gaps != 1.0:
            for f in flowables:
                before, after = f.getSpaceBefore(), f.getSpaceAfter()
                f.getSpaceBefore = lambda v=before * spacing.gaps: v
                f.getSpaceAfter = lambda v=after * spacing.gaps: v
        yield
