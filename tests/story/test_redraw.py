"""A paragraph drawn again from `story.redraw` writes the very bytes ReportLab's drawing
would have, whatever the document drew before it: font names and subset codes given in
another order, another canvas font, another style. And what cannot be replayed (a link)
is drawn every time.

Each case draws documents in a process whose memo was filled by other documents, and
compares the PDF with the same document drawn with every memo empty.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from brochure import memo
from brochure.fonts import replay
from brochure.fonts.fontset import fontset_for
from brochure.story.flowables import TextParagraph

WIDTH = 300.0


def family():
    return fontset_for("en").body


def style(**changes) -> ParagraphStyle:
    settings = {"fontName": family().regular, "fontSize": 11, "leading": 15, **changes}
    return ParagraphStyle("body", **settings)


Para = tuple[str, ParagraphStyle]


def document(paras: list[Para], before: Callable[[Canvas], None] | None = None) -> bytes:
    """One page with `paras` drawn top-down (after `before` on the canvas)."""
    out = io.BytesIO()
    canv = Canvas(out, pagesize=(400, 800), invariant=1, pageCompression=0)
    if before is not None:
        before(canv)
    y = 780.0
    for text, para_style in paras:
        p = TextParagraph(text, para_style)
        _, height = p.wrap(WIDTH, 800)
        y -= height
        p.drawOn(canv, 20, y)
    canv.showPage()
    canv.save()
    return out.getvalue()


def cold(paras: list[Para], before=None) -> bytes:
    memo.clear_all()
    return document(paras, before)


def replays() -> int:
    return memo.stats()["fonts.drawn"].hits


def test_a_document_drawn_again_replays_and_is_the_same() -> None:
    paras = [("Café au lait — naïve coöperation", style()), ("Plain ASCII words", style())]
    want = cold(paras)
    hits = replays()
    assert document(paras) == want
    assert replays() - hits == 2


def test_characters_numbered_in_another_order_are_not_replayed_wrongly() -> None:
    """In the second document 'ï' is met first: another subset code (the font is named
    by the first paragraph in both, so only the codes tell them apart)."""
    first = [("Named", style()), ("Café — naïve", style()), ("A naïve reader", style())]
    second = [("Named", style()), ("A naïve reader", style()), ("Café — naïve", style())]
    memo.clear_all()
    document(first)
    assert document(second) == cold(second)


def test_fonts_named_in_another_order_are_not_replayed_wrongly() -> None:
    bold = style(fontName=family().bold)
    first = [("Regular first", style()), ("Bold second", bold)]
    second = [("Bold second", bold), ("Regular first", style())]
    memo.clear_all()
    document(first)
    assert document(second) == cold(second)


def test_another_canvas_font_is_not_replayed_wrongly() -> None:
    paras = [("Same words, same style", style())]

    def other_font(canv: Canvas) -> None:
        canv.setFont("Helvetica", 7)

    memo.clear_all()
    document(paras)
    assert document(paras, other_font) == cold(paras, other_font)


@pytest.mark.parametrize("changes", [
    {"alignment": TA_CENTER}, {"leading": 19}, {"backColor": colors.yellow},
    {"leftIndent": 12}, {"firstLineIndent": 9}, {"borderColor": colors.red, "borderWidth": 1},
])
def test_a_style_change_is_drawn_anew(changes) -> None:
    text = "A paragraph long enough to break over two lines at this width, or even three."
    memo.clear_all()
    document([(text, style())])
    changed = [(text, style(**changes))]
    assert document(changed) == cold(changed)


def test_every_style_setting_is_in_the_key() -> None:
    base = style()
    for name, value in vars(base).items():
        if name in ("parent", "name"):
            continue
        other = style()
        setattr(other, name, ("changed", value))
        assert replay.style_key(Canvas(io.BytesIO()), other) != replay.style_key(
            Canvas(io.BytesIO()), base), name


def test_a_style_setting_that_cannot_be_a_key_is_drawn_every_time() -> None:
    odd = style()
    odd.tabs = [10, 20]  # a list: no key can hold it
    paras = [("Drawn every time.", odd)]
    want = cold(paras)
    hits = replays()
    assert document(paras) == want
    assert replays() == hits


def test_a_link_is_made_again_where_the_paragraph_is_now() -> None:
    """The annotation's rectangle follows the page position: the second document draws
    the linked paragraph lower, after a longer paragraph."""
    linked = ('See <a href="https://www.nationalmssociety.org">the MS Society</a> and '
              '<a href="mailto:ms@example.org">write</a>.', style())
    first = [("Short.", style()), linked]
    second = [("A longer paragraph before it, to move it down the page. " * 3, style()),
              linked]
    want = cold(second)
    assert want.count(b"/Annot") >= 2
    memo.clear_all()
    document(first)
    hits = replays()
    assert document(second) == want
    assert replays() - hits >= 1  # the linked paragraph was replayed, links and all


def test_list_markers_replay_and_leave_the_canvas_as_drawing_does() -> None:
    """A marker sets the canvas's font and colour and leaves them set; the item's text
    after it is drawn in that state, so a replay must leave the same."""
    from reportlab.lib.colors import HexColor

    from brochure.story.flowables import DiscMarker, ListItem, TextMarker

    def items(canv: Canvas) -> None:
        y = 700.0
        for n, marker in enumerate([
            TextMarker("•", family().regular, 11, HexColor("#1F4E79"), 16),
            DiscMarker(2, family().bold, 10, 18, HexColor("#1F4E79"), HexColor("#FFFFFF")),
            TextMarker("3.", family().bold, 11, HexColor("#333333"), 16),
        ]):
            item = ListItem(TextParagraph(f"Item {n} — naïve café", style()), marker, 24)
            _, height = item.wrap(WIDTH, 800)
            y -= height
            item.drawOn(canv, 20, y)
            canv.drawString(20, y - 10, "after")  # in whatever state the item left

    memo.clear_all()
    want = document([], items)
    hits = replays()
    assert document([], items) == want
    assert replays() - hits >= 6  # three markers and three paragraphs
