"""A right-to-left paragraph drawn again from `fonts.replay` writes the very bytes its
own drawing would have, whatever the document drew before it, and leaves the canvas as
drawing leaves it. Each case compares a document drawn in a process whose memo was
filled by other documents with the same document drawn with every memo empty."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.colors import Color, black
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from brochure import memo
from brochure.content.spans import Span
from brochure.fonts.fontset import fontset_for
from brochure.rtl import RTLParagraph

FIRST = [Span("يجب على المرضى استشارة "), Span("الطبيب", bold=True), Span(" قبل البدء")]
SECOND = [Span("شملت الدراسة 156 مريضا في عام 2021 وتحسنت حالة 83 منهم")]
LINKED = [Span("اقرأ المزيد", href="https://example.org/ms")]


def style() -> ParagraphStyle:
    return ParagraphStyle("ar", fontName=fontset_for("ar").body.regular, fontSize=12,
                          leading=18, textColor=Color(0.1, 0.2, 0.5, alpha=0.5))


def document(texts: list[list[Span]], after: Callable[[Canvas], None] | None = None) -> bytes:
    """One page, each paragraph drawn by itself then `after` (same saved state)."""
    out = io.BytesIO()
    canv = Canvas(out, pagesize=(400, 600), invariant=1, pageCompression=0)
    y = 580.0
    for spans in texts:
        p = RTLParagraph(spans, style(), fontset_for("ar"), lang="ar")
        _, height = p.wrap(300, 600)
        y -= height
        canv.saveState()
        canv.translate(20, y)
        p.canv = canv
        p.draw()
        if after is not None:
            after(canv)
        canv.restoreState()
    canv.showPage()
    canv.save()
    return out.getvalue()


def cold(texts, after=None) -> bytes:
    memo.clear_all()
    return document(texts, after)


def hits() -> int:
    return memo.stats()["fonts.drawn"].hits


def test_drawn_again_is_replayed_and_the_same() -> None:
    want = cold([FIRST, SECOND])
    before = hits()
    assert document([FIRST, SECOND]) == want
    assert hits() - before == 2


def test_characters_met_in_another_order_are_not_replayed_wrongly() -> None:
    memo.clear_all()
    document([FIRST, SECOND])
    assert document([SECOND, FIRST]) == cold([SECOND, FIRST])


def test_the_canvas_is_left_as_drawing_leaves_it() -> None:
    """Drawing sets the fill colour and its alpha (half); what comes next writes an
    alpha only when it changes, and may read the colour: a replay must leave both set."""

    def black_text(canv: Canvas) -> None:
        canv.setStrokeColor(canv._fillColorObj)  # the colour the paragraph left
        canv.setFillColor(black)  # alpha 1 again: written only after the paragraph's half
        canv.drawString(0, -20, "ok")

    want = cold([FIRST, SECOND], black_text)
    assert document([FIRST, SECOND], black_text) == want


def test_a_link_is_made_again_where_the_paragraph_is_now() -> None:
    want = cold([FIRST, FIRST, LINKED])
    assert want.count(b"/Annot") >= 1
    memo.clear_all()
    document([FIRST, LINKED])  # one paragraph above it: the replay below is lower down
    before = hits()
    assert document([FIRST, FIRST, LINKED]) == want
    assert hits() - before >= 2  # the second FIRST and the linked paragraph
