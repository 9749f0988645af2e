"""`brochure preview`: page PNGs, the contact sheet and the tri-fold's folded view."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from brochure.cli import main
from brochure.layouts import trifold
from brochure.workflow import preview

COLOURS = {
    "cover": (255, 0, 0), "flap": (0, 160, 0), "in1": (0, 0, 255),
    "in2": (255, 200, 0), "in3": (160, 0, 160), "back": (0, 200, 200),
}


def panel_pdf(paper: str, rtl: bool) -> bytes:
    """A two-page sheet with each tri-fold panel filled in its own colour."""
    buffer = BytesIO()
    width, height = trifold.page_size(paper)
    canvas = Canvas(buffer, pagesize=(width, height))
    for page in trifold.panels(paper, rtl):
        for panel in page:
            canvas.setFillColorRGB(*(c / 255 for c in COLOURS[panel.name]))
            canvas.rect(panel.x + 4, 4, panel.width - 8, height - 8, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("rtl", [False, True])
def test_folded_view_shows_panels_in_reading_order(rtl: bool) -> None:
    pages = preview.render_pages(panel_pdf("letter", rtl), dpi=36)
    assert [p.size for p in pages] == [(396, 306)] * 2  # 11 × 8.5 in at 36 dpi
    view = preview.folded_view(pages, "letter", rtl, "test", dpi=36)
    # Sample the middle of each panel thumbnail along a row through the cells.
    names = list(preview.READING_ORDER)
    seen = []
    y = 50 + preview.GAP + 60
    x = preview.GAP
    pixels = view.load()
    while x < view.width and len(seen) < len(names):
        colour = pixels[x, y]
        match = [n for n, c in COLOURS.items()
                 if all(abs(a - b) < 40 for a, b in zip(colour, c, strict=True))]
        if match and (not seen or seen[-1] != match[0]):
            seen.append(match[0])
        x += 2
    assert seen == names == ["cover", "flap", "in1", "in2", "in3", "back"]


def test_pages_and_contact_sheet(tmp_path: Path) -> None:
    shown = preview.write_preview(panel_pdf("a4", False), tmp_path, "demo", "handout", "a4",
                                  dpi=50)
    assert [p.name for p in shown.pages] == ["demo-p1.png", "demo-p2.png"]
    assert shown.folded is None
    with Image.open(shown.pages[0]) as first:
        assert first.format == "PNG"
        assert abs(first.width - 585) <= 1 and abs(first.height - 413) <= 1  # A4 landscape
    with Image.open(shown.sheet) as sheet:
        assert sheet.width > 2 * preview.THUMB_WIDTH and sheet.height > 200


def test_trifold_writes_a_folded_view(tmp_path: Path) -> None:
    shown = preview.write_preview(panel_pdf("letter", False), tmp_path, "x", "trifold",
                                  "letter", dpi=40)
    assert shown.folded == tmp_path / "x-folded.png" and shown.folded.is_file()


def test_preview_of_a_brochure_and_of_a_pdf(workspace: Path) -> None:
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(workspace)
    try:
        result = runner.invoke(main, ["preview", "demo", "--dpi", "40", "--out", "prev"])
        assert result.exit_code == 0, result.output
        pages = sorted(p.name for p in (workspace / "prev").glob("demo-en-handout-letter-p*.png"))
        assert pages and pages[0] == "demo-en-handout-letter-p1.png"
        assert (workspace / "prev" / "demo-en-handout-letter-sheet.png").is_file()
        assert runner.invoke(main, ["build", "demo", "--layout", "trifold"]).exit_code == 0
        pdf = "output/demo-en-trifold-letter.pdf"
        result = runner.invoke(main, ["preview", pdf, "--dpi", "40", "--out", "prev2"])
        assert result.exit_code == 0, result.output
        assert (workspace / "prev2" / "demo-en-trifold-letter-folded.png").is_file()
    finally:
        os.chdir(cwd)


def booklet_pdf(pages: int, rtl: bool) -> bytes:
    """Print sheets of a booklet whose page n is filled with grey level 20·n, placed as
    the bi-fold imposes them."""
    from brochure.layouts import bifold

    buffer = BytesIO()
    width, height = bifold.sheet_size("letter")
    canvas = Canvas(buffer, pagesize=(width, height))
    for side in bifold.imposition(pages, rtl):
        for half, number in enumerate(side):
            level = 20 * number / 255
            canvas.setFillColorRGB(level, level, level)
            canvas.rect(half * width / 2 + 4, 4, width / 2 - 8, height - 8, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("rtl", [False, True])
def test_booklet_view_shows_pages_in_reading_order(rtl: bool, tmp_path: Path) -> None:
    """The sheets hold pages in saddle-stitch order ([8 | 1], [2 | 7], ...); the reading
    view cuts them apart and lays them out 1, 2, 3 ... in rows of four."""
    sheets = preview.render_pages(booklet_pdf(8, rtl), dpi=30)
    view = preview.booklet_view(sheets, rtl, "test")
    pixels = view.load()
    cell_w = (view.width - preview.GAP) // 4
    seen = []
    for row in range(2):
        for column in range(4):
            x = preview.GAP + column * cell_w + 30
            y = 50 + preview.GAP + row * (view.height - 50 - preview.GAP) // 2 + 40
            seen.append(round(pixels[x, y][0] / 20))
    assert seen == list(range(1, 9))
    shown = preview.write_preview(booklet_pdf(8, rtl), tmp_path, "b", "bifold", "letter",
                                  rtl, dpi=30)
    assert shown.folded == tmp_path / "b-reading.png" and shown.folded.is_file()
