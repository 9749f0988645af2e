"""Figures float forward (layouts/floats.py): text after a figure that does not fit the
rest of a page fills it, the figure takes the top of the next page, and the tagged
reading order stays the author's."""

from __future__ import annotations

from functools import cache
from io import BytesIO

import pikepdf
import pypdfium2 as pdfium
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from brochure.content.loader import load_brochure
from brochure.layouts.floats import FloatingFigures
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT
from tests.pdf.test_tagging import tree


@cache
def _english_letter_handout() -> bytes:
    loaded = load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT, only=["en"])
    return render_pdf(loaded, "en", BuildOptions(layout="handout", paper="letter")).pdf


def _texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc))]


def test_text_after_the_figure_fills_page_one() -> None:
    first, second = _texts(_english_letter_handout())[:2]
    assert "PICTURE TO COME" not in first and second.startswith("PICTURE TO COME")
    # the next section moved up, heading and first paragraph whole
    assert "aHSCT: a reset for the immune system" in first
    assert "make all your blood cells" in first
    # page 1 is full: its lowest line of body text sits within two lines of the frame foot
    doc = pdfium.PdfDocument(_english_letter_handout())
    page = doc[0].get_textpage()
    boxes = [page.get_charbox(i) for i in range(page.count_chars())
             if page.get_text_range(i, 1).strip()]
    footer_top = max(b[3] for b in boxes if b[1] < 60)
    body_bottom = min(b[1] for b in boxes if b[1] > footer_top + 4)
    assert body_bottom - footer_top < 2 * 16 + 12, (body_bottom, footer_top)


def test_the_figure_keeps_its_place_in_the_reading_order() -> None:
    with pikepdf.open(BytesIO(_english_letter_handout())) as pdf:
        roles = [node.role for node in tree(pdf).kids]
    headings = [i for i, role in enumerate(roles) if role == "H2"]
    figure = roles.index("Figure")
    assert headings[0] < figure < headings[1]  # as written: before "aHSCT: a reset..."


class _Box(Flowable):
    """A figure stand-in: a fixed height that cannot shrink, with a word to find."""

    floats = True

    def __init__(self, height: float):
        super().__init__()
        self.height = height

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        self.canv.drawString(0, self.height - 12, "FIGURE")


def _pages(story: list) -> list[str]:
    class Doc(FloatingFigures, BaseDocTemplate):
        pass

    out = BytesIO()
    doc = Doc(out, pagesize=(300, 400), leftMargin=20, rightMargin=20, topMargin=20,
              bottomMargin=20, invariant=1)
    doc.addPageTemplates([PageTemplate("p", [Frame(20, 20, 260, 360, id="f")])])
    doc.build(story)
    return _texts(out.getvalue())


def test_a_long_paragraph_continues_under_the_figure() -> None:
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    filler = Paragraph(" ".join(["filler"] * 230), style)  # all of page 1 but 3 lines
    words = " ".join(f"w{i}" for i in range(150))  # about 10 lines
    pages = _pages([filler, _Box(250), Paragraph(words, style)])
    assert "FIGURE" not in pages[0] and pages[1].startswith("FIGURE")
    last = int(pages[0].split()[-1][1:])  # its first lines fill page 1 ...
    first = int(pages[1].split()[1][1:])  # ... and it goes on under the figure
    assert last >= 10 and first == last + 1
    assert pages[-1].endswith("w149")


def test_a_figure_that_fits_stays_where_it_is() -> None:
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12)
    pages = _pages([Paragraph("before", style), _Box(100), Paragraph("after", style)])
    assert pages == ["before FIGURE after"]
