"""What a process keeps between paragraphs and builds gives what doing it again would."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from brochure.flowables import TextParagraph


def test_paragraph_wrapped_again_at_the_same_width_is_not_broken_again() -> None:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=11, leading=14)
    text = "Stem cells can copy themselves and <b>grow</b> into other kinds of cells. " * 4
    para, fresh = TextParagraph(text, style), TextParagraph(text, style)
    calls = []
    original = para.breakLines
    para.breakLines = lambda widths: calls.append(widths) or original(widths)
    assert para.wrap(200, 500) == para.wrap(200, 30) == fresh.wrap(200, 500)
    assert len(calls) == 1
    assert para.wrap(150, 500) == fresh.wrap(150, 500) and len(calls) == 2
    first, rest = para.split(150, 30)
    assert para.wrap(150, 500) == fresh.wrap(150, 500) and len(calls) == 3  # afresh
    assert first.wrap(150, 500)[1] + rest.wrap(150, 500)[1] == fresh.wrap(150, 500)[1]
