"""What a process keeps between paragraphs and builds gives what doing it again would."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from brochure.story.flowables import TextParagraph


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


def test_same_frag_agrees_with_reportlabs() -> None:
    """linebreaks.same_frag replaces ReportLab's C sameFrag in line breaking."""
    import itertools

    from reportlab.lib import colors
    from reportlab.lib.rl_accel import sameFrag
    from reportlab.platypus import paragraph as rl_paragraph
    from reportlab.platypus.paraparser import ParaFrag

    from brochure.story.linebreaks import same_frag

    assert rl_paragraph.sameFrag is same_frag
    blue = colors.HexColor("#1F4E79")
    base = ParaFrag(fontName="Helvetica", fontSize=11, textColor=blue, rise=0, us_lines=[],
                    link=[], text="a")
    frags = [
        base, base.clone(text="b"), base.clone(textColor=colors.HexColor("#1F4E79")),
        base.clone(textColor=colors.black), base.clone(fontSize=12), base.clone(rise=2),
        base.clone(fontName="Helvetica-Bold"), base.clone(link=[("uri", "https://x.org")]),
        base.clone(us_lines=[("underline", 1)]), base.clone(backColor=None),
        base.clone(backColor=colors.yellow), base.clone(nobr=1), base.clone(lineBreak=True),
        base.clone(cbDefn=object()),
    ]
    no_colour = base.clone()
    del no_colour.textColor
    frags.append(no_colour)
    markup = ('<font name="Helvetica-Bold">Call</font> <a href="https://example.org" '
              'color="#1F4E79"><u>your team</u></a> <font color="red">now</font>')
    frags += TextParagraph(markup, ParagraphStyle("t", fontName="Helvetica")).frags
    for f, g in itertools.product(frags, repeat=2):
        assert same_frag(f, g) == bool(sameFrag(f, g)), (vars(f), vars(g))


def test_markup_made_again_names_the_fonts_as_they_are_now() -> None:
    """A Chinese subset grown by new characters is a font with a new name: markup made
    before for the same spans must not come back with the old one."""
    from brochure import memo
    from brochure.content.spans import Span
    from brochure.fonts.fontset import fontset_for
    from brochure.story.richtext import _markup, to_markup

    fonts = fontset_for("zh-Hans")
    fonts.prepare("中文治疗")
    spans = [Span("中文"), Span("治疗", bold=True)]
    before = memo.stats()["story.markup"].hits
    first = to_markup(spans, fonts)
    assert to_markup(spans, fonts) == first == _markup(spans, fonts, "#1F4E79")
    assert memo.stats()["story.markup"].hits == before + 1
    fonts.prepare("中文治疗研究它们新字")  # the subset grows: its faces are renamed
    again = to_markup(spans, fonts)
    assert again == _markup(spans, fonts, "#1F4E79") != first
    assert to_markup(spans, fonts, "#000000") == _markup(spans, fonts, "#000000")
