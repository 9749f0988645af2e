"""Regressions found by looking at the printed pages: faces, line starts, page furniture."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pytest

from brochure.flowables import TextParagraph
from brochure.fonts import fontset_for
from brochure.loader import load_brochure
from brochure.render import BuildOptions, render_pdf
from brochure.richtext import to_markup
from brochure.spans import Span
from brochure.styles import CJK_CANNOT_START, load_theme, make_styles

from .conftest import ROOT


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
