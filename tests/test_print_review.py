"""Regressions found by looking at the printed pages: faces, line starts, page furniture."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pytest

from brochure.loader import load_brochure
from brochure.render import BuildOptions, render_pdf

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
