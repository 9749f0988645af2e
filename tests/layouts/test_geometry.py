"""Nothing outside its box, read back from the PDF (issue #10): every glyph of every
shipped language × layout × paper, and of the stress brochure (tests/data/stress: a
150-character URL, a long DOI, a 40-letter word, a 3-line title, a callout taller than a
panel, a tall picture, Arabic and Chinese with Latin runs), lies inside its page's safe
area or its own tri-fold panel; no two lines overlap; no callout part goes without its
title; body text is at least 12 pt; English body text is (almost) never hyphenated.

Glyph boxes come from pdfium's text page (`get_charbox`), as a viewer sees them."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brochure.content.loader import load_brochure
from brochure.content.model import language_texts
from brochure.errors import BrochureError
from brochure.language.script import is_rtl
from brochure.layouts import bifold, trifold
from brochure.story.styles import load_theme
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import DATA, ROOT, make_workspace

IN = 72.0
EDGE = 0.25 * IN  # no glyph nearer the trim than this (office printers stop there)
TOL = 1.0  # glyph boxes are tight; a point of slack for rounding and overhangs
MS = ROOT / "content" / "ms-stem-cells"
STRESS = DATA / "stress" / "content" / "stress"
LAYOUTS = ("handout", "bifold", "trifold")
PAPERS = ("letter", "a4")


@cache
def brochure(folder: Path):
    return load_brochure(folder, cwd=ROOT)


@cache
def pdf_of(folder: Path, lang: str, layout: str, paper: str) -> bytes:
    """As `build --all` makes it: the tri-fold in its short edition, fitted."""
    trifold_options = {"edition": "trifold", "fit": True} if layout == "trifold" else {}
    options = BuildOptions(layout=layout, paper=paper, **trifold_options)
    return render_pdf(brochure(folder), lang, options).pdf


def matrix() -> list[tuple[Path, str, str, str]]:
    out = []
    for folder in (MS, STRESS):
        for lang in brochure(folder).languages:
            for layout in LAYOUTS:
                for paper in PAPERS:
                    out.append((folder, lang, layout, paper))
    return out


def case_id(case: tuple[Path, str, str, str]) -> str:
    folder, lang, layout, paper = case
    return f"{folder.name}-{lang}-{layout}-{paper}"


CASES = matrix()


# ---------------------------------------------------------------- reading the PDF


def glyphs(page) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """(character, font size, (left, bottom, right, top)) of every visible glyph."""
    text = page.get_textpage()
    out = []
    for i in range(text.count_chars()):
        ch = text.get_text_range(i, 1)
        if not ch.strip() or ch in "\ufffe\ufffd":
            continue
        box = text.get_charbox(i)
        if box[2] - box[0] <= 0 or box[3] - box[1] <= 0:
            continue
        out.append((ch, pdfium.raw.FPDFText_GetFontSize(text.raw, i), box))
    return out


def safe_boxes(layout: str, paper: str, rtl: bool, page_index: int,
               size: tuple[float, float]) -> list[tuple[str, float, float]]:
    """(name, left, right) of the areas text may occupy across a page; vertically every
    area runs from EDGE to the page height less EDGE."""
    width, _ = size
    if layout == "trifold":
        sides = trifold.panels(paper, rtl)
        return [(p.name, p.x + trifold.SIDE, p.x + p.width - trifold.SIDE)
                for p in sides[page_index]]
    if layout == "bifold":
        m = bifold.BOOKLET_MARGIN
        half = width / 2
        return [("left page", m, half - m), ("right page", half + m, width - m)]
    m = load_theme().page.margin_mm * 72 / 25.4
    return [("page", m, width - m)]


def region_of(box, areas) -> str | None:
    left, _, right, _ = box
    for name, lo, hi in areas:
        if left >= lo - TOL and right <= hi + TOL:
            return name
    return None


# ---------------------------------------------------------------- the checks


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_glyph_inside_its_box_and_no_lines_overlap(case) -> None:
    folder, lang, layout, paper = case
    pdf = pdfium.PdfDocument(pdf_of(folder, lang, layout, paper))
    for index, page in enumerate(pdf):
        size = page.get_size()
        areas = safe_boxes(layout, paper, is_rtl(lang), index, size)
        found = glyphs(page)
        assert found, f"page {index + 1} has no text"
        for ch, _, box in found:
            where = f"{ch!r} at x {box[0]:.1f}–{box[2]:.1f}, y {box[1]:.1f}–{box[3]:.1f}"
            assert region_of(box, areas), f"page {index + 1}: {where} is outside {areas}"
            assert box[1] >= EDGE - TOL and box[3] <= size[1] - EDGE + TOL, (
                f"page {index + 1}: {where} is within 1/4 in of the trim")
        overlaps = overlapping_lines(found)
        assert not overlaps, f"page {index + 1}: lines overlap: {overlaps[:3]}"


def overlapping_lines(found) -> list[tuple[str, str]]:
    """Pairs of glyphs from different lines whose boxes overlap (glyphs of one line may
    touch: joined Arabic letters, marks, kerning). Lines differ when the glyphs'
    vertical centres are more than a third of the smaller size apart."""
    cell = 24.0
    grid: dict[tuple[int, int], list[int]] = {}
    for k, (_, _, (left, b, r, t)) in enumerate(found):
        for gx in range(int(left // cell), int(r // cell) + 1):
            for gy in range(int(b // cell), int(t // cell) + 1):
                grid.setdefault((gx, gy), []).append(k)
    bad = []
    seen = set()
    for members in grid.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = members[i], members[j]
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                ca, sa, ba = found[a]
                cb, sb, bb = found[b]
                centre_a, centre_b = (ba[1] + ba[3]) / 2, (bb[1] + bb[3]) / 2
                if abs(centre_a - centre_b) <= min(sa, sb) / 3:
                    continue  # one line
                inset = 0.15 * min(sa, sb)
                w = min(ba[2], bb[2]) - max(ba[0], bb[0]) - inset
                h = min(ba[3], bb[3]) - max(ba[1], bb[1]) - inset
                if w > 0 and h > 0:
                    bad.append((ca, cb))
    return bad


@pytest.mark.parametrize("case", [c for c in CASES if c[2] != "trifold"], ids=case_id)
def test_body_text_at_least_12_pt(case) -> None:
    """The most common text size (the body) is at least 12 pt, bigger for Arabic."""
    folder, lang, layout, paper = case
    sizes: Counter[float] = Counter()
    for page in pdfium.PdfDocument(pdf_of(folder, lang, layout, paper)):
        sizes.update(round(size, 1) for _, size, _ in glyphs(page))
    body, _ = sizes.most_common(1)[0]
    assert body >= 12 - 0.05, sizes.most_common(3)


@pytest.mark.parametrize("case", [c for c in CASES if c[2] == "trifold"], ids=case_id)
def test_trifold_text_and_reference_numerals_legible(case) -> None:
    """Fitted tri-folds shrink body text a little, never below 10.5 pt; references (the
    smallest text, with their numerals) stay at 9 pt or more."""
    folder, lang, layout, paper = case
    sizes: Counter[float] = Counter()
    for page in pdfium.PdfDocument(pdf_of(folder, lang, layout, paper)):
        sizes.update(round(size, 1) for ch, size, _ in glyphs(page) if ch.isdigit())
    assert min(sizes) >= 8.5 - 0.05, sizes  # the footer's date; references are 9 pt
    body = max(sizes, key=lambda s: sizes[s])
    assert body >= 9 - 0.05


# Pieces of the title of the stress brochure's callout taller than a panel, as pdfium
# extracts them (it flips some short Arabic words, so two pieces that survive).
WARNING = {
    "en": ("Call 911 right away",),
    "ar": ("911", "العلامات"),
    "zh-Hans": ("请立即拨打 911",),
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("case", [c for c in CASES if c[0] == STRESS], ids=case_id)
def test_no_callout_part_without_its_title(case) -> None:
    """Wherever the tall warning's bullets are (page, booklet page or panel), its title is
    there too: in full on the first part, "… (continued)" on the others."""
    folder, lang, layout, paper = case
    title = WARNING[lang]
    bullets = brochure(folder).languages[lang].content.sections[1].blocks[0].callout.bullets
    pdf = pdfium.PdfDocument(pdf_of(folder, lang, layout, paper))
    regions_with_bullets = 0
    for index, page in enumerate(pdf):
        width, height = page.get_size()
        for name, lo, hi in safe_boxes(layout, paper, is_rtl(lang), index, (width, height)):
            text = squash(page.get_textpage().get_text_bounded(lo - TOL, 0, hi + TOL, height))
            has_bullet = any(squash(b)[:12] in text for b in bullets)
            if has_bullet:
                regions_with_bullets += 1
                missing = [piece for piece in title if squash(piece) not in text]
                assert not missing, f"page {index + 1} {name}: bullets without title"
    assert regions_with_bullets >= 1


def test_stress_warning_splits_with_a_continued_title() -> None:
    """The warning is taller than a tri-fold panel: it splits, and the second part opens
    with its title and "(continued)"."""
    pdf = pdfium.PdfDocument(pdf_of(STRESS, "en", "trifold", "letter"))
    text = squash("".join(page.get_textpage().get_text_range() for page in pdf))
    assert squash("Call 911 right away if you have any of these (continued)") in text


@pytest.mark.parametrize("folder", [MS, STRESS], ids=lambda f: f.name)
@pytest.mark.parametrize("layout", ["handout", "bifold"])
def test_english_body_is_hardly_ever_hyphenated(folder, layout) -> None:
    """At most one line in 30 ends with a hyphen the text does not have (a word's own
    hyphen, as in "stem-cell", or a web address broken after '-' is fine)."""
    source = " ".join(text for _, text in language_texts(brochure(folder).languages["en"].content))
    text = "".join(page.get_textpage().get_text_range()
                   for page in pdfium.PdfDocument(pdf_of(folder, "en", layout, "letter")))
    # pdfium joins a line that ends in a hyphen to the next with U+FFFE.
    breaks = re.findall(r"(\w+)[-\u2010]?\ufffe(\w+)", text)
    lines = text.count("\r\n") + len(breaks)
    added = [f"{head}-{tail}" for head, tail in breaks if f"{head}-{tail}" not in source]
    assert lines > 30 and len(added) <= lines / 30, added


def test_hyphenation_is_a_per_brochure_option(tmp_path) -> None:
    """`hyphenate: true` in brochure.yaml turns body hyphenation on (English patterns);
    off by default."""
    workspace = make_workspace(tmp_path)
    meta = workspace / "content" / "demo" / "brochure.yaml"
    en = workspace / "content" / "demo" / "en.yaml"
    long_words = " ".join(["Understanding extraordinarily complicated responsibilities"] * 40)
    en.write_text(en.read_text().replace("      - A plain", f"      - {long_words}. A plain", 1))

    def hyphen_ends() -> int:
        loaded = load_brochure(workspace / "content" / "demo", cwd=workspace)
        pdf = render_pdf(loaded, "en", BuildOptions()).pdf
        text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
        return len(re.findall(r"[a-z]\ufffe[a-z]", text))  # pdfium: U+FFFE = hyphen break

    assert hyphen_ends() == 0
    meta.write_text(meta.read_text() + "hyphenate: true\n")
    assert hyphen_ends() > 0


def test_text_that_cannot_stay_in_its_box_is_an_error(tmp_path) -> None:
    """An Arabic word wider than a page (Arabic letters join: never cut) is an error at its
    FILE:LINE:COL, and no PDF is made."""
    workspace = tmp_path / "ws"
    shutil.copytree(DATA / "stress", workspace)
    ar = workspace / "content" / "stress" / "ar.yaml"
    ar.write_text(ar.read_text().replace('"احتفظ برقم', '"' + "مستشفى" * 14 + ' احتفظ برقم'))
    loaded = load_brochure(workspace / "content" / "stress", cwd=workspace)
    with pytest.raises(BrochureError) as info:
        render_pdf(loaded, "ar", BuildOptions())
    (problem,) = info.value.problems
    lines = ar.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "مستشفىمستشفى" in text)
    assert problem.file.endswith("ar.yaml") and problem.line == line
    assert "past the left edge" in problem.message and "shorten it" in problem.message


def test_references_are_never_hyphenated_with_the_documents_patterns() -> None:
    """A Spanish brochure that turns hyphenation on hyphenates its Spanish body text, but
    not the English reference titles (no Spanish patterns on English words)."""
    ms = brochure(MS)
    hyphenating = replace(ms, meta=ms.meta.model_copy(update={"hyphenate": True}))
    pdf = render_pdf(hyphenating, "es", BuildOptions()).pdf
    text = "".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf))
    body, references = text.split("Fuentes\r\n", 1)
    source = " ".join(s.title for s in ms.meta.sources)
    added = [f"{h}-{t}" for h, t in re.findall(r"(\w+)\ufffe(\w+)", references)
             if f"{h}-{t}" not in source]
    assert added == []
    assert re.search(r"\w\ufffe\w", body)  # the Spanish body is hyphenated
