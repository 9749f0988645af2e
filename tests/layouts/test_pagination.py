"""Handout pagination (issue #10 item 6): pictures shrink before they move, titles are
balanced, the clinic's contact band never stands alone on a page."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader

from brochure.clinic.profile import load_profile
from brochure.content.loader import load_brochure
from brochure.content.spans import Span
from brochure.fonts.fontset import fontset_for
from brochure.rtl import RTLParagraph
from brochure.story.flowables import TextParagraph, _word_count
from brochure.story.pictures import Picture
from brochure.story.richtext import to_markup
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT


def test_picture_shrinks_to_the_room_left_down_to_its_floor() -> None:
    picture = Picture(ImageReader(Image.new("RGB", (300, 1200))), 400, 260, shrink_floor=0.6)
    assert picture.wrap(400, 1000)[1] == pytest.approx(260)  # full size where it fits
    assert picture.wrap(400, 200)[1] == pytest.approx(200)  # shrinks to the room left
    assert picture.wrap(400, 100)[1] == pytest.approx(156)  # never below 60 %: moves on
    fixed = Picture(ImageReader(Image.new("RGB", (300, 1200))), 400, 260)
    assert fixed.wrap(400, 100)[1] == pytest.approx(260)  # logos and QR codes do not


TITLE = "What you need to know about your stem-cell treatment plan and afterwards"


@pytest.mark.parametrize("width", [220, 260, 300, 340, 380, 420])
def test_latin_title_never_ends_with_one_word(width: float) -> None:
    fonts = fontset_for("en")
    style = ParagraphStyle("t", fontName=fonts.body.bold, fontSize=26, leading=31)
    plain = TextParagraph(to_markup([Span(TITLE)], fonts), style)
    plain.wrap(width, 1000)
    balanced = TextParagraph(to_markup([Span(TITLE)], fonts), style)
    balanced.balance = True
    balanced.wrap(width, 1000)
    lines = balanced.blPara.lines
    assert len(lines) == len(plain.blPara.lines)  # never a line more
    assert len(lines) == 1 or _word_count(lines[-1]) >= 2
    assert balanced.width == width


@pytest.mark.parametrize("width", [160, 200, 240, 300])
def test_arabic_title_never_ends_with_one_word(width: float) -> None:
    fonts = fontset_for("ar")
    text = "ما يجب أن تعرفه عن خطة علاجك بالخلايا الجذعية وأدويتك وإقامتك في المستشفى"
    fonts.prepare(text)
    para = RTLParagraph([Span(text)], ParagraphStyle("t", fontSize=20, leading=26), fonts)
    para.balance = True
    para.wrap(width, 1000)
    lines = para._lines
    assert len(lines) == 1 or lines[-1].w1 - lines[-1].w0 >= 2
    assert all(line.width <= width + 1e-6 for line in lines)


@pytest.mark.parametrize("lang", ["en", "es", "ru", "vi", "ar", "zh-Hans"])
def test_contact_band_never_alone_on_a_page(lang: str) -> None:
    ms = load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)
    clinic = load_profile(ROOT / "clinics" / "lakeside.yaml", ROOT, ROOT)
    pdf = pdfium.PdfDocument(render_pdf(ms, lang, BuildOptions(clinic=clinic)).pdf)
    last = pdf[len(pdf) - 1].get_textpage().get_text_range()
    assert "Lakeside Neurology Clinic" in last
    assert "doi" in last or "et al" in last  # with the end of the text, not on its own


def test_chinese_title_never_ends_with_one_or_two_characters() -> None:
    fonts = fontset_for("zh-Hans")
    text = ("关于您的干细胞治疗计划、您的药物、您的住院经历以及出院后在家康复期间"
            "需要了解的全部重要事项")
    fonts.prepare(text)
    style = ParagraphStyle("t", fontName=fonts.body.bold, fontSize=26, leading=31,
                           wordWrap="CJK")
    for width in (300,):  # unbalanced: "事项" alone on the last line (checked below)
        plain = TextParagraph(to_markup([Span(text)], fonts), style)
        plain.wrap(width, 1000)
        title = TextParagraph(to_markup([Span(text)], fonts), style)
        title.balance = True
        title.wrap(width, 1000)
        assert len(title.blPara.lines) == len(plain.blPara.lines)
        assert _word_count(plain.blPara.lines[-1], cjk=True) <= 2
        assert _word_count(title.blPara.lines[-1], cjk=True) >= 3
        assert "".join(title.blPara.lines[-1][1]) != "".join(plain.blPara.lines[-1][1])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_no_single_line_widow_or_orphan(lang: str) -> None:
    """A paragraph split at a page end leaves two lines at least on each side."""
    from brochure.story.styles import load_theme, make_styles

    fonts = fontset_for(lang)
    styles = make_styles(load_theme(), fonts.body, lang, lang == "ar")
    words = ("كلمة " if lang == "ar" else "word ") * 60
    fonts.prepare(words)
    leading = styles.body.leading

    def para():
        if lang == "ar":
            return RTLParagraph([Span(words)], styles.body, fonts)
        return TextParagraph(to_markup([Span(words)], fonts), styles.body)

    full = para()
    _, height = full.wrap(300, 10_000)
    count = round(height / leading)
    assert count >= 4
    for room in range(1, count):
        parts = para().split(300, room * leading + 0.5)
        if not parts:
            continue
        heads = parts[0].wrap(300, 10_000)[1] / leading
        tails = parts[1].wrap(300, 10_000)[1] / leading
        assert round(heads) >= 2 and round(tails) >= 2, (room, heads, tails)
