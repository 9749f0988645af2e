"""Long strings break where a reader expects (issue #10 item 2): web addresses and DOIs
after `/ . - _ ? & =` with no hyphen, over-long words between letters, "ACC/AHA" never
inside; in Latin, Chinese (CJK line breaking) and Arabic (the RTL engine) paragraphs."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle

from brochure.content.spans import Span
from brochure.fonts.fontset import fontset_for
from brochure.language.breaks import break_points, is_word_char
from brochure.rtl import RTLParagraph
from brochure.story.flowables import TextParagraph
from brochure.story.richtext import to_markup

URL = ("https://www.nationalmssociety.org/understanding-ms/treating-ms/disease-modifying-"
       "therapies/stem-cells?utm_source=brochure&utm_medium=print&ref=a_b-c_d")
DOI = "10.1212/WNL.0000000000003987.supplementary-material.appendix-table-S12.version-2"
WORD = "Pseudopseudohypoparathyroidismcontrolled"
PAIRS = ("ACC/AHA", "and/or", "ESC/EAN")


def test_break_points_follow_break_characters() -> None:
    points = break_points(URL)
    assert points and all(URL[i - 1] in "/.-_?&=#" for i in points)
    assert 6 not in points and 7 not in points  # never inside "://"
    assert break_points(DOI)
    for pair in PAIRS:
        assert break_points(pair) == []


def latin_lines(text: str, width: float, lang: str = "en") -> list[str]:
    fonts = fontset_for(lang)
    fonts.prepare(text)
    style = ParagraphStyle(
        "t", fontName=fonts.body.regular, fontSize=12, leading=16, uriWasteReduce=0,
        wordWrap="CJK" if lang.startswith("zh") else None, splitLongWords=1,
        embeddedHyphenation=2,
    )
    para = TextParagraph(to_markup([Span(text)], fonts), style)
    para.wrap(width, 10_000)
    out = []
    for line in para.blPara.lines:
        words = getattr(line, "words", None)
        text_of = "".join(getattr(f, "text", "") for f in words) if words else " ".join(line[1])
        out.append(text_of.strip())
    return out


TEXT = f"Read {URL} or cite {DOI}. Words like {WORD} and ACC/AHA or and/or ESC/EAN stay whole."
ZH_TEXT = f"请阅读 {URL} 或引用 {DOI}。像 {WORD} 和 ACC/AHA 或 and/or ESC/EAN 这样的词保持完整。"


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
@pytest.mark.parametrize("width", [140, 170, 200, 260])
def test_latin_and_cjk_lines_break_at_break_points(lang: str, width: float) -> None:
    text = TEXT if lang == "en" else ZH_TEXT
    lines = latin_lines(text, width, lang)
    joined = "\n".join(lines)
    for pair in PAIRS:
        assert pair in joined.replace("\n", "") and pair in joined, (pair, lines)
    # The address comes back whole when the lines are joined without anything between:
    # no hyphen was added at a break.
    assert URL in "".join(lines), lines
    assert DOI in "".join(lines), lines
    assert_cuts_only_inside(lines, WORD, text)


def assert_cuts_only_inside(lines: list[str], word: str, text: str) -> None:
    """A line that ends between two letters or digits (not at a space of `text`) does so
    inside the over-long word only: addresses break after / . - _ ? & =."""
    for a, b in zip(lines, lines[1:], strict=False):
        if a and b and latin(a[-1]) and latin(b[0]):
            last, first = a.split()[-1], b.split()[0]
            if f"{last} {first}" in text:
                continue
            assert last + first in word, f"cut inside a word: {a!r} / {b!r}"


@pytest.mark.parametrize("width", [140, 180, 240])
def test_rtl_lines_break_long_latin_runs(width: float) -> None:
    fonts = fontset_for("ar")
    text = f"اقرأ المزيد على {URL} أو {DOI} مثل {WORD} وإرشادات ACC/AHA و/أو ESC/EAN."
    fonts.prepare(text)
    para = RTLParagraph([Span(text)], ParagraphStyle("r", fontSize=12, leading=18), fonts)
    para.wrap(width, 10_000)
    assert all(line.width <= width + 1e-6 for line in para._lines)
    lines = para.line_texts(width)
    assert URL in "".join(lines)
    for pair in ("ACC/AHA", "و/أو", "ESC/EAN"):
        assert any(pair in line for line in lines), (pair, lines)
    assert_cuts_only_inside(lines, WORD, text)


def latin(ch: str) -> bool:
    return ch.isalnum() and is_word_char(ch)
