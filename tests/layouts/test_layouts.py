"""Print layouts: tri-fold panels and folds, bi-fold imposition, printer's marks, fitting."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from brochure.cli import main
from brochure.clinic.profile import load_profile
from brochure.content.loader import load_brochure
from brochure.layouts import bifold, trifold
from brochure.layouts.fitting import DoesNotFit, fit_sizes, scaled_theme
from brochure.pdf.marks import BLEEDS
from brochure.story.styles import load_theme
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT, make_workspace

IN = 72.0
MM = 72 / 25.4
LETTER_LANDSCAPE = (792.0, 612.0)
A4_LANDSCAPE = (841.89, 595.28)


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


@pytest.fixture(scope="module")
def lakeside():
    return load_profile(ROOT / "clinics" / "lakeside.yaml", ROOT, ROOT)


def build(ms, lang="en", **options) -> bytes:
    return render_pdf(ms, lang, BuildOptions(**options)).pdf


@pytest.fixture(scope="module")
def tri_en(ms, lakeside) -> bytes:
    return build(ms, layout="trifold", edition="trifold", clinic=lakeside)


@pytest.fixture(scope="module")
def tri_ar(ms, lakeside) -> bytes:
    return build(ms, "ar", layout="trifold", edition="trifold", clinic=lakeside, fit=True)


def chars(pdf: bytes, page: int) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """(character, font size, box) for every visible character of a page (pdfium)."""
    doc = pdfium.PdfDocument(pdf)
    text = doc[page].get_textpage()
    out = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip():
            continue
        size = pdfium.raw.FPDFText_GetFontSize(text.raw, i)
        out.append((ch, size, text.get_charbox(i)))
    return out


def text_in(pdf: bytes, page: int, left: float, right: float) -> str:
    doc = pdfium.PdfDocument(pdf)
    height = doc[page].get_size()[1]
    return doc[page].get_textpage().get_text_bounded(left, 0, right, height)


def title_centre(pdf: bytes) -> float:
    """x centre of the largest text on the outside page: the cover title."""
    found = chars(pdf, 0)
    biggest = max(size for _, size, _ in found)
    boxes = [box for _, size, box in found if size >= biggest - 0.5]
    return (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2


# ---------------------------------------------------------------- tri-fold geometry


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_trifold_panels_add_up_and_mirror_through_the_sheet(paper) -> None:
    width, _ = trifold.page_size(paper)
    outside, inside = trifold.panels(paper)
    assert [p.name for p in outside] == ["flap", "back", "cover"]
    assert [p.name for p in inside] == ["in1", "in2", "in3"]
    for page in (outside, inside):
        assert sum(p.width for p in page) == pytest.approx(width, abs=0.05)
    # Duplex printing mirrors the sheet: each outside panel backs an inside panel.
    backs = {"flap": "in3", "back": "in2", "cover": "in1"}
    by_name = {p.name: p for p in inside}
    for p in outside:
        q = by_name[backs[p.name]]
        assert q.width == pytest.approx(p.width)
        assert q.x == pytest.approx(width - p.x - p.width, abs=0.05)


def test_trifold_real_roll_fold_widths() -> None:
    _, inside = trifold.panels("letter")
    assert [p.width / IN for p in inside] == [3.6875, 3.6875, 3.625]
    _, inside = trifold.panels("a4")
    assert [round(p.width / MM, 3) for p in inside] == [100, 100, 97]


def test_trifold_rtl_mirrors_panel_order() -> None:
    outside, inside = trifold.panels("letter", rtl=True)
    assert [p.name for p in outside] == ["cover", "back", "flap"]
    assert [p.name for p in inside] == ["in3", "in2", "in1"]
    assert inside[-1].x == pytest.approx(792 - 3.6875 * IN)


def test_trifold_pages_are_two_landscape_sheets(tri_en, ms) -> None:
    doc = pikepdf.open(io.BytesIO(tri_en))
    assert len(doc.pages) == 2
    for page in doc.pages:
        assert [round(float(v), 2) for v in page.mediabox] == [0, 0, *LETTER_LANDSCAPE]
    a4 = pikepdf.open(io.BytesIO(build(ms, layout="trifold", edition="trifold", paper="a4")))
    assert len(a4.pages) == 2
    assert [round(float(v), 2) for v in a4.pages[0].mediabox] == [0, 0, *A4_LANDSCAPE]


def test_cover_title_in_right_third_left_for_rtl(tri_en, tri_ar) -> None:
    assert title_centre(tri_en) > 2 * 792 / 3
    assert title_centre(tri_ar) < 792 / 3


@pytest.fixture(scope="module")
def tri_long(ms, lakeside) -> bytes:
    """Three sections: enough to fill all four text panels."""
    sections = ["what-is", "ahsct", "ahsct-steps"]
    return build(ms, layout="trifold", sections=sections, clinic=lakeside)


def test_flap_opens_to_first_inside_panel_sources_last(ms, tri_long) -> None:
    tri_en = tri_long
    sections = {s.id: s.title for s in ms.source.content.sections}
    first, second, third = "what-is", "ahsct", "ahsct-steps"
    flap = text_in(tri_en, 0, 0, 3.625 * IN)
    assert sections[first] in flap.replace("\r\n", " ")
    cover = text_in(tri_en, 0, 7.3125 * IN, 792)
    assert ms.source.content.title in cover.replace("\r\n", " ")
    back = text_in(tri_en, 0, 3.625 * IN, 7.3125 * IN)
    assert "Contact us" in back and "Last reviewed November 1, 2026" in back
    inside = [text_in(tri_en, 1, a, b) for a, b in ((0, 265.5), (265.5, 531), (531, 792))]
    joined = " ".join(t.replace("\r\n", " ") for t in inside)
    assert joined.index(sections[second]) < joined.index(sections[third])
    assert "Sources" in inside[2]  # last in the flow: the last inside panel
    assert "Sources" not in flap + inside[0] + inside[1]


def test_rtl_inside_panels_read_right_to_left(ms, lakeside) -> None:
    """Arabic: the body continues on the RIGHT inside panel and the sources end on the left."""
    pdf = build(ms, "ar", layout="trifold", sections=["what-is", "ahsct", "ahsct-steps"],
                clinic=lakeside, fit=True)
    width = 792
    left = text_in(pdf, 1, 0, width / 3)
    right = text_in(pdf, 1, 2 * width / 3, width)
    assert "doi:" in left  # the reference list closes the flow
    assert "doi:" not in right


@pytest.mark.parametrize("which", ["tri_en", "tri_ar", "tri_long"])
def test_no_text_near_folds_or_trim(request, which) -> None:
    pdf = request.getfixturevalue(which)
    rtl = which == "tri_ar"
    width, height = LETTER_LANDSCAPE
    for page, folds in enumerate(trifold.folds("letter", rtl)):
        edges = [0.0, width, *folds]
        for ch, _, (left, bottom, right, top) in chars(pdf, page):
            for x in edges:
                gap = min(abs(left - x), abs(right - x)) if not left <= x <= right else 0
                where = f"{ch!r} on page {page + 1} is {gap:.1f} pt from x={x}"
                assert gap >= 0.25 * IN - 0.5, where
            assert bottom >= 0.25 * IN and top <= height - 0.25 * IN


def test_trifold_edition_fits_in_every_language(ms) -> None:
    """As `build --all` makes it (brochure.toml: fit = true): two pages, and body text
    shrunk by at most 1.5 pt from the house 12 pt (Russian, the longest, needs it now that
    callouts move on whole), so it still reads well."""
    for lang in ms.languages:
        result = render_pdf(ms, lang, BuildOptions(layout="trifold", edition="trifold", fit=True))
        assert len(pikepdf.open(io.BytesIO(result.pdf)).pages) == 2, lang
        size = re.search(r"set at ([\d.]+) pt", " ".join(result.notes))
        assert size is None or float(size.group(1)) >= 10.5, (lang, result.notes)


def test_lead_illustration_moves_to_the_cover(tmp_path) -> None:
    """An illustration that opens the content is drawn on the cover, once."""
    workspace = make_workspace(tmp_path)
    en = workspace / "content" / "demo" / "en.yaml"
    en.write_text(
        en.read_text().replace(
            "    blocks:\n      - A plain",
            "    blocks:\n      - illustration: {id: pic, description: Lead picture here, "
            "alt: A picture}\n      - A plain",
            1,
        )
    )
    pdf = build(load_brochure(workspace / "content" / "demo", cwd=workspace), layout="trifold")
    cover = text_in(pdf, 0, 7.3125 * IN, 792)
    assert "PICTURE TO COME" in cover and "Lead picture here" in cover
    rest = text_in(pdf, 0, 0, 7.3125 * IN) + text_in(pdf, 1, 0, 792)
    assert "PICTURE TO COME" not in rest


# ---------------------------------------------------------------- fitting


def run(args: list[str], cwd: Path, monkeypatch) -> object:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_overflow_report_exit_1_and_no_file(ms_workspace, monkeypatch) -> None:
    result = run(
        ["build", "ms-stem-cells", "--lang", "en", "--layout", "trifold", "--out", "out"],
        ms_workspace,
        monkeypatch,
    )
    assert result.exit_code == 1
    err = result.stderr
    assert re.search(r"content/ms-stem-cells/en\.yaml:\d+:\d+: section `research` does not fit "
                     r"the tri-fold \(letter, 12 pt text\): none of it fits; about ", err)
    assert "panels (≈ " in err or "lines (" in err
    assert "--fit" in err and "--edition trifold" in err and "--layout handout" in err
    assert "--sections what-is" in err
    assert not (ms_workspace / "out").exists() or not list((ms_workspace / "out").iterdir())


def test_fit_shrinks_and_says_so(ms_workspace, monkeypatch) -> None:
    args = ["build", "ms-stem-cells", "--lang", "en", "--layout", "trifold", "-o", "t.pdf"]
    args += ["--sections", "what-is,ahsct,ahsct-steps,risks-benefits"]
    assert run(args, ms_workspace, monkeypatch).exit_code == 1
    result = run([*args, "--fit"], ms_workspace, monkeypatch)
    assert result.exit_code == 0, result.stderr
    match = re.search(r"--fit: body text set at ([\d.]+) pt \(house size 12 pt\)", result.stdout)
    assert match and 9 <= float(match.group(1)) < 12
    assert (ms_workspace / "t.pdf").is_file()


def test_fit_never_below_floor(ms) -> None:
    with pytest.raises(DoesNotFit) as info:
        render_pdf(ms, "en", BuildOptions(layout="trifold", fit=True))
    assert info.value.body_size == 9
    assert "fitting tried body text down to 9 pt" in str(info.value)
    assert fit_sizes(11.5) == [11.5, 11, 10.5, 10, 9.5, 9]


def test_scaled_theme_scales_headings_with_body() -> None:
    theme = load_theme()
    small = scaled_theme(theme, 9.2)
    assert small.text.body_size == 9.2
    assert small.text.h2_size / small.text.body_size == pytest.approx(
        theme.text.h2_size / theme.text.body_size
    )


# ---------------------------------------------------------------- bi-fold


def test_imposition_saddle_stitch_order() -> None:
    assert bifold.imposition(4) == [(4, 1), (2, 3)]
    assert bifold.imposition(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert bifold.imposition(5) == [(None, 1), (2, None), (None, 3), (4, 5)]
    assert bifold.imposition(4, rtl=True) == [(1, 4), (3, 2)]


def test_bifold_pdf_pages_in_imposed_order(ms) -> None:
    pdf = build(ms, layout="bifold")
    doc = pdfium.PdfDocument(pdf)
    width, height = doc[0].get_size()
    assert (round(width, 2), round(height, 2)) == LETTER_LANDSCAPE
    assert len(doc) % 2 == 0
    seen = []
    for i in range(len(doc)):
        halves = []
        for left in (0, width / 2):
            text = doc[i].get_textpage().get_text_bounded(left, 0, left + width / 2, height)
            match = re.search(r"Page (\d+) of (\d+)", text)
            halves.append(int(match.group(1)) if match else None)
            total = int(match.group(2)) if match else None
        seen.append(tuple(halves))
    pages = 2 * len(doc)  # every half holds a page: the booklet fills its sheets
    assert total == pages
    covers = [(None if n in (1, pages) else n) for side in bifold.imposition(pages) for n in side]
    assert [n for side in seen for n in side] == covers  # the covers carry no number


def test_bifold_a4_is_a5_booklet(ms) -> None:
    doc = pdfium.PdfDocument(build(ms, layout="bifold", paper="a4", edition="trifold"))
    assert [round(v, 2) for v in doc[0].get_size()] == list(A4_LANDSCAPE)
    assert len(doc) % 2 == 0  # whole sheets, two sides each


# ---------------------------------------------------------------- printer's marks


@pytest.mark.parametrize(
    "layout,paper", [("trifold", "letter"), ("bifold", "a4"), ("handout", "a4")]
)
def test_print_marks_boxes(ms, layout, paper) -> None:
    edition = "trifold" if layout != "handout" else None
    pdf = build(ms, layout=layout, paper=paper, edition=edition, print_marks=True)
    bleed = BLEEDS[paper]
    assert bleed == pytest.approx(9.0 if paper == "letter" else 8.504, abs=0.01)
    for page in pikepdf.open(io.BytesIO(pdf)).pages:
        trim = [float(v) for v in page.obj.TrimBox]
        assert trim[:2] == [0, 0]
        bleed_box = [float(v) for v in page.obj.BleedBox]
        assert bleed_box == pytest.approx(
            [-bleed, -bleed, trim[2] + bleed, trim[3] + bleed], abs=0.01
        )
        media = [float(v) for v in page.mediabox]
        assert media[0] < -bleed and media[2] > trim[2] + bleed
        streams = page.obj.Contents
        streams = streams if isinstance(streams, pikepdf.Array) else [streams]
        content = b"".join(c.read_bytes() for c in streams)
        assert b"/Artifact BMC" in content
        assert (b"[3 2] 0 d" in content) == (layout != "handout")
