"""Regressions found by looking at the printed pages: faces, line starts, page furniture."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pytest

from brochure.content.loader import load_brochure
from brochure.content.spans import Span
from brochure.fonts.fontset import fontset_for
from brochure.story.flowables import TextParagraph
from brochure.story.richtext import to_markup
from brochure.story.styles import CJK_CANNOT_START, load_theme, make_styles
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


def font_at(page, index: int) -> str:
    """The font name pdfium reports for character `index` of a page."""
    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    text = page.get_textpage()
    pdfium.raw.FPDFText_GetFontInfo(text.raw, index, buf, 256, ctypes.byref(flags))
    return buf.value.decode()


def test_chinese_summary_and_callout_titles_are_bold(ms) -> None:
    """The CJK font is a subset whose name changes when characters are added mid-build:
    bold styles (main message, callout titles) must stay bold all the same."""
    pdf = render_pdf(ms, "zh-Hans", BuildOptions()).pdf
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage().get_text_range()
    content = ms.languages["zh-Hans"].content
    for needle in (content.summary[:8], "仍在研究中"):
        assert needle in text, needle
        assert font_at(page, text.index(needle)).endswith("-Bold"), needle
    assert not font_at(page, text.index("核心信息")).endswith("-Bold")  # a small label


def line_starts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    out = []
    for page in doc:
        for line in page.get_textpage().get_text_range().split("\r\n"):
            if line.strip():
                out.append(line.strip())
    return out


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_chinese_line_starts_with_closing_punctuation(ms, paper) -> None:
    pdf = render_pdf(ms, "zh-Hans", BuildOptions(paper=paper)).pdf
    bad = [line[:12] for line in line_starts(pdf) if line[0] in CJK_CANNOT_START]
    assert bad == []


def test_two_closing_marks_in_a_row_move_down_with_a_character() -> None:
    """'），' at a line end: ReportLab hangs only one; the character before moves down."""
    fonts = fontset_for("zh-Hans", None)
    text = "至于间充质干细胞，还需要更多人体研究来证明（如果确实有效的话），并找出最好的方式。" * 3
    fonts.prepare(text)
    style = make_styles(load_theme(), fonts.body, "zh-Hans", False).body
    for width in range(120, 420, 3):
        para = TextParagraph(to_markup([Span(text)], fonts), style)
        para.wrap(width, 10_000)
        for line in para.blPara.lines[1:]:
            first = line[1][0][0] if isinstance(line, tuple) else line.words[0].text[0]
            assert first not in CJK_CANNOT_START, (width, first)


# ---------------------------------------------------------------- tri-fold last panel


def last_panel_text(pdf: bytes, rtl: bool) -> str:
    """Text of the last inside panel (right for left-to-right, left for right-to-left)."""
    page = pdfium.PdfDocument(pdf)[1]
    width, height = page.get_size()
    left, right = (0, width / 3) if rtl else (2 * width / 3, width)
    return page.get_textpage().get_text_bounded(left, 0, right, height).replace("\r\n", " ")


def notes_title(ms, lang: str) -> str:
    content = ms.languages[lang].content
    return next(b.notes.title for s in content.sections for b in s.blocks
                if getattr(b, "notes", None) is not None)


@pytest.mark.parametrize(("lang", "paper"), [("en", "a4"), ("zh-Hans", "letter"),
                                             ("zh-Hans", "a4")])
def test_trifold_last_panel_room_gets_question_lines(ms, lang, paper) -> None:
    """The short edition leaves room in the last inside panel: it gets the content's own
    'Questions for my care team' heading and ruled lines, and still fits two pages
    (test_layouts checks every language fits; Russian, Arabic set 12 % larger for its
    script, and English on the narrower letter panels at 12 pt have no room for them)."""
    pdf = render_pdf(ms, lang, BuildOptions(layout="trifold", edition="trifold", paper=paper,
                                            fit=True)).pdf
    assert len(pdfium.PdfDocument(pdf)) == 2
    squash = "".join
    text = squash(last_panel_text(pdf, lang == "ar").split())
    assert squash(notes_title(ms, lang).split()) in text


def test_no_question_lines_without_room_or_with_a_notes_block(ms) -> None:
    full = render_pdf(ms, "en", BuildOptions(
        layout="trifold", sections=["what-is", "ahsct", "ahsct-steps", "msc"], fit=True)).pdf
    assert "Questions for my care team" not in last_panel_text(full, False)
    own = render_pdf(ms, "en", BuildOptions(
        layout="trifold", sections=["risks-benefits", "questions"])).pdf
    inside = pdfium.PdfDocument(own)[1].get_textpage().get_text_range()
    assert inside.count("Questions for my care team") == 1  # the content's block only


# ---------------------------------------------------------------- page furniture


@pytest.mark.parametrize("layout", ["handout", "bifold"])
@pytest.mark.parametrize("lang", ["es", "ar"])
def test_draft_marker_prints_clear_of_the_trim(ms, lang, layout) -> None:
    """Office printers leave the outer ~1/4 in blank: the draft band's words (and every
    other character) must sit further in than that, or the marker prints cut off."""
    assert ms.languages[lang].is_draft
    pdf = render_pdf(ms, lang, BuildOptions(layout=layout)).pdf
    doc = pdfium.PdfDocument(pdf)
    for n, page in enumerate(doc):
        width, height = page.get_size()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if not text.get_text_range(i, 1).strip():
                continue
            left, bottom, right, top = text.get_charbox(i)
            where = f"page {n + 1}: {text.get_text_range(i, 1)!r} at {left:.0f},{top:.0f}"
            assert top <= height - 0.25 * 72 and bottom >= 0.25 * 72, where
            assert left >= 0.25 * 72 and right <= width - 0.25 * 72, where


# ---------------------------------------------------------------- page breaks


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_list_lead_in_stays_with_its_list(ms, paper) -> None:
    """'What you can do:' was the last line of page 4, its bullets on page 5."""
    pdf = render_pdf(ms, "en", BuildOptions(paper=paper)).pdf
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf)]
    lead_in = [t for t in pages if "What you can do:" in t]
    assert len(lead_in) == 1 and "Ask your neurologist" in lead_in[0]


# ---------------------------------------------------------------- hyphenation


def test_hyphenation_keeps_acronyms_whole_and_three_letters_after_a_break() -> None:
    from brochure.language.hyphenation import hyphenator

    assert list(hyphenator("en_US")("aHSCT")) == [] and list(hyphenator("en_US")("iPSCs")) == []
    assert ("hos", "pital") in list(hyphenator("en_US")("hospital"))
    for lang, word in (("ru_RU", "дорого"), ("ru_RU", "врачами"), ("ru_RU", "какое-то"),
                       ("es", "meta-análisis"), ("es", "remitente-recurrente")):
        for head, tail in hyphenator(lang)(word):
            assert head.endswith("-") or (
                len(head.rsplit("-", 1)[-1]) >= 2 and len(tail.split("-", 1)[0]) >= 3
            ), (word, head, tail)


@pytest.mark.parametrize("lang,layout", [("en", "handout"), ("ru", "trifold"), ("es", "trifold")])
def test_no_acronym_or_two_letter_tail_broken_in_print(ms, lang, layout) -> None:
    """'aH-' / 'SCT' (English handout) and 'врача-' / 'ми.' (Russian tri-fold) were printed."""
    import re

    options = {"edition": "trifold", "fit": True} if layout == "trifold" else {}
    pdf = render_pdf(ms, lang, BuildOptions(layout=layout, **options)).pdf
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage().get_text_range()
        for head, tail in re.findall(r"(\w+)\ufffe(\w+)", text):  # pdfium: U+FFFE = a break
            assert not any(c.isupper() for c in (head + tail)[1:]), head + "-" + tail
            assert len(tail) >= 3, head + "-" + tail


@pytest.mark.parametrize("layout", ["handout", "trifold"])
def test_chinese_brochure_keeps_reference_dois_whole(ms, layout) -> None:
    """Latin-script references in a CJK brochure break between words, not in a DOI."""
    options = {"edition": "trifold", "fit": True} if layout == "trifold" else {}
    pdf = render_pdf(ms, "zh-Hans", BuildOptions(layout=layout, **options)).pdf
    lines = line_starts(pdf)
    for doi in ("doi:10.1212/WNL.0000000000003987", "doi:10.1212/WNL.0000000000011461"):
        assert any(doi in line for line in lines), doi


def test_footer_is_never_hyphenated(ms) -> None:
    """Large print wrapped the footer as '... does not replace ad-' / 'vice from ...'."""
    pdf = render_pdf(ms, "en", BuildOptions(large_print=True)).pdf
    for page in pdfium.PdfDocument(pdf):
        width, _ = page.get_size()
        footer = " ".join(page.get_textpage().get_text_bounded(0, 0, width, 72).split())
        assert footer.startswith("Last reviewed")
        assert "does not replace advice from your care team." in footer  # no break marks


def test_callout_title_never_ends_a_page_or_panel_alone() -> None:
    """The Russian A4 tri-fold printed 'Выберите безопасное место для лечения' at the
    foot of a panel and the callout's text in the next one."""
    from reportlab.lib.colors import white
    from reportlab.lib.styles import ParagraphStyle

    from brochure.story.flowables import Box

    title = TextParagraph("Choose a safe place", ParagraphStyle("t", keepWithNext=1))
    text = TextParagraph("Only get treatment as part of a clinical trial. " * 8,
                         ParagraphStyle("b"))
    box = Box([title, text], white, white)
    _, title_h = title.wrap(200 - 2 * 9 - 5, 1000)
    assert box.split(200, title_h + 2 * 9 + 1) == []  # room for the title alone: move it all
    parts = box.split(200, title_h + 2 * 9 + 40)
    assert len(parts) == 2 and parts[0].content[0] is title and len(parts[0].content) == 2


def test_a_reference_entry_is_never_split_across_panels_or_pages(ms) -> None:
    """The Arabic tri-fold began reference 2 in one panel and ended it in the next; the
    zh-Hans booklet left the last line of reference 7 alone on page 10."""
    pdf = render_pdf(ms, "ar", BuildOptions(layout="trifold", edition="trifold", fit=True)).pdf
    last = "".join(last_panel_text(pdf, rtl=True).split())
    assert "BoffaG" in last and "WNL.0000000000011461" in last
    page = pdfium.PdfDocument(pdf)[1]
    width, height = page.get_size()
    middle = page.get_textpage().get_text_bounded(width / 3, 0, 2 * width / 3, height)
    assert "Boffa" not in middle


@pytest.mark.parametrize("large_print", [False, True])
def test_section_heading_never_ends_a_page_alone(ms, large_print) -> None:
    """A heading followed by a callout whose title cannot go without its text moves on
    with it ('Riesgos y beneficios del aHSCT' ended page 3 of the Spanish handout);
    a one-line heading asks for room for one line, not two (large print page 1 was
    half empty)."""
    pdf = render_pdf(ms, "es", BuildOptions(large_print=large_print)).pdf
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(pdf)]
    with_heading = [t for t in pages if "Riesgos y beneficios del aHSCT" in t]
    assert len(with_heading) == 1 and "Cifras clave" in with_heading[0]
    if large_print:
        assert "¿Qué es la terapia con células madre?" in pages[0]
