"""What every layout shares: paper sizes, the document's metadata, page furniture."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import field, replace

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from brochure.layouts.sizes import PAPERS
from brochure.pdf.document import complete
from brochure.pdf.tagging import active_recorder
from brochure.records import record


@record
class PageSetup:
    """What a layout needs besides the story: paper, metadata and page furniture text."""

    paper: str
    title: str
    author: str
    subject: str
    keywords: str
    lang: str
    rtl: bool
    body_font: str
    footer_left: str  # plain text, e.g. "Last reviewed ... · disclaimer"
    page_label: str  # plain "Page {page} of {pages}" in the document language
    footer_style: ParagraphStyle
    # Makes a text flowable in the document's fonts and direction: (text, style, bold).
    text: Callable[[str, ParagraphStyle, bool], Flowable]
    margin: float
    footer_height: float
    draft_marker: str | None = None  # plain text; drawn on every page when set
    created: float | None = None  # seconds since the epoch for the PDF dates (never the clock)
    primary: colors.Color = field(default_factory=lambda: colors.HexColor("#1F4E79"))
    page_size: tuple[float, float] | None = None  # overrides `paper` (a booklet's half sheets)
    # A booklet's spacings to try for whole sheets (theme `booklet`): (margins, gaps,
    # pictures) × the house value, and the least fill of its last content page.
    spacings: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0),)
    min_last_fill: float = 0.25
    pdfa: bool = False  # PDF/A-2b: written into the document as it saves (pdf/document.py)

    @property
    def size(self) -> tuple[float, float]:
        return self.page_size or PAPERS[self.paper]


# Backgrounds that run to the trim edge are drawn this far past it: clipped away on a
# plain page, printed into the bleed when `--print-marks` widens the page (3 mm / 1/8 in).
BLEED = 9.0
DRAFT_INSET = 0.3 * 72  # top of the draft band below the trim edge, in points


def document_info(setup: PageSetup) -> dict:
    """The BaseDocTemplate keywords every layout shares: metadata, language, determinism."""
    return dict(
        title=setup.title,
        author=setup.author,
        subject=setup.subject,
        keywords=setup.keywords,
        creator="brochure",
        producer="brochure (ReportLab)",
        lang=setup.lang,
        invariant=1,
        displayDocTitle=1,
        initialFontName=setup.body_font,
    )


def dated_canvas(setup: PageSetup, final: bool = True) -> type[Canvas]:
    """A canvas whose PDF dates are the content's review date (never the clock), and that
    adds the structure tree, metadata and PDF/A pieces as it saves (pdf/document.py).
    `final=False`: pages imposed afterwards, the tree waits for the sheets."""

    class DatedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if setup.created is not None and not os.environ.get("SOURCE_DATE_EPOCH"):
                stamp = TimeStamp(invariant=1)
                stamp.t, stamp.lt = setup.created, time.gmtime(setup.created)
                self._doc._timeStamp = stamp

        def save(self):
            if len(self._code):
                self.showPage()
            complete(self, active_recorder(), setup.pdfa, final)
            super().save()

    return DatedCanvas


def numbered_canvas(
    setup: PageSetup, bare: Callable[[int, int], bool] | None = None, final: bool = True
) -> type[Canvas]:
    """A canvas class that draws the page furniture once the page count is known.

    Pages are kept until `save()`, then each gets its footer ("Page 2 of 4") and the draft
    marker. Furniture is an artifact: not content a screen reader reads. Pages for which
    `bare(number, total)` is true (a booklet's covers) get no footer, only the marker.
    """

    class NumberedCanvas(dated_canvas(setup, final)):  # type: ignore[misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []
            self._page_bookmarks: list[tuple[str, tuple, dict]] = []

        def bookmarkPage(self, key, *args, **kwargs):
            """Deferred with the page: a bookmark made now would point at page 1, since the
            real pages are only written in `save()`."""
            self._page_bookmarks.append((key, args, kwargs))

        def showPage(self):
            self._saved_pages.append(dict(self.__dict__))
            self._page_bookmarks = []
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                for key, args, kwargs in self._page_bookmarks:
                    super().bookmarkPage(key, *args, **kwargs)
                footer = bare is None or not bare(number, total)
                draw_furniture(self, setup, number, total, footer)
                super().showPage()
            super().save()

    return NumberedCanvas


def _paragraph(
    setup: PageSetup, text: str, style: ParagraphStyle, width: float, bold: bool = False
) -> Flowable:
    p = setup.text(text, style, bold)
    p.wrap(width, 200)
    return p


def _footer_widths(setup: PageSetup, page_width: float) -> tuple[float, float]:
    """(page label, review line) widths of the footer. "Page 2 of 8" gets 90 pt, or more
    for large print and wordy languages, so the page number never breaks over two lines
    (measured at two-digit numbers: the same on every page); the review line the rest."""
    style = setup.footer_style
    label = setup.page_label.format(page=88, pages=88)
    label_width = max(90.0, 1.1 * stringWidth(label, style.fontName, style.fontSize) + 4)
    return label_width, page_width - 2 * setup.margin - label_width - 10


def fitted_footer(setup: PageSetup, page_width: float) -> PageSetup:
    """The setup with a footer tall enough for its text (large print, half-sheet booklet
    pages): a footer line must never run off the bottom of the page."""
    left = _paragraph(setup, setup.footer_left, setup.footer_style,
                      _footer_widths(setup, page_width)[1])
    needed = left.height + 8
    if needed <= setup.footer_height:
        return setup
    return replace(setup, footer_height=needed)


def draw_furniture(
    canv: Canvas, setup: PageSetup, number: int, total: int, footer: bool = True
) -> None:
    width, height = canv._pagesize
    m = setup.margin
    text_width = width - 2 * m
    canv.saveState()
    if footer:
        _draw_footer(canv, setup, number, total)
    if setup.draft_marker:
        # Inside the text width and DRAFT_INSET below the trim: office printers leave the
        # outer ~1/4 in blank, and a band at the very edge printed with its words cut off.
        band = 16
        top_y = height - DRAFT_INSET
        canv.setFillColor(_DRAFT_BAND)
        canv.roundRect(m, top_y - band, text_width, band, 3, stroke=0, fill=1)
        marker = _draft_marker(canv, setup, text_width)
        marker.drawOn(canv, m, top_y - band + (band - marker.height) / 2 + 1)
    canv.restoreState()


_RULE = colors.HexColor("#B8C4D0")  # the footer's rule
_DRAFT_BAND = colors.HexColor("#FFF3CD")
_DRAFT_TEXT = colors.HexColor("#6B4E00")


@record
class _DraftPieces:
    """The draft notice of a document's pages (kept on its canvas). The first copy made
    is the one a screen reader reads (render.py gives it the P role, once per build),
    every later copy an artifact: the second is made once and drawn on every later page,
    as the footer's review line is."""

    setup: PageSetup
    width: float
    style: ParagraphStyle
    made: int = 0
    repeat: Flowable | None = None


def _draft_marker(canv: Canvas, setup: PageSetup, width: float) -> Flowable:
    pieces = getattr(canv, "_draft_pieces", None)
    if pieces is None or pieces.setup is not setup or pieces.width != width:
        style = ParagraphStyle("draft", parent=setup.footer_style, alignment=1,
                               textColor=_DRAFT_TEXT)
        pieces = canv._draft_pieces = _DraftPieces(setup, width, style)  # type: ignore[attr-defined]
    if pieces.repeat is not None:
        return pieces.repeat
    assert setup.draft_marker is not None
    marker = _paragraph(setup, setup.draft_marker, pieces.style, width, bold=True)
    pieces.made += 1
    if pieces.made == 2:
        pieces.repeat = marker
    return marker


@record(frozen=True)
class _FooterPieces:
    """What is the same in the footer of every page of a document: made once (kept on
    its canvas) and drawn on each."""

    setup: PageSetup
    page_width: float
    label_width: float
    left_width: float
    left: Flowable  # the review line and disclaimer
    label_style: ParagraphStyle


def _footer_pieces(canv: Canvas, setup: PageSetup, page_width: float) -> _FooterPieces:
    cached = getattr(canv, "_footer_pieces", None)
    if cached is None or cached.setup is not setup or cached.page_width != page_width:
        label_width, left_width = _footer_widths(setup, page_width)
        cached = _FooterPieces(
            setup, page_width, label_width, left_width,
            _paragraph(setup, setup.footer_left, setup.footer_style, left_width),
            ParagraphStyle("pn", parent=setup.footer_style, alignment=0 if setup.rtl else 2),
        )
        canv._footer_pieces = cached  # type: ignore[attr-defined]
    return cached


def _draw_footer(canv: Canvas, setup: PageSetup, number: int, total: int) -> None:
    """A rule, the review line and disclaimer, and "Page 2 of 8" on the reading side."""
    width, _ = canv._pagesize
    m = setup.margin
    canv.setStrokeColor(_RULE)
    canv.setLineWidth(0.5)
    top = m * 0.5 + setup.footer_height
    canv.line(m, top, width - m, top)
    label = setup.page_label.format(page=number, pages=total)
    pieces = _footer_pieces(canv, setup, width)
    label_width, left_width, left = pieces.label_width, pieces.left_width, pieces.left
    page = _paragraph(setup, label, pieces.label_style, label_width)
    y = top - 4
    if setup.rtl:
        page.drawOn(canv, m, y - page.height)
        left.drawOn(canv, width - m - left_width, y - left.height)
    else:
        left.drawOn(canv, m, y - left.height)
        page.drawOn(canv, width - m - label_width, y - page.height)
