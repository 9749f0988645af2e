"""story/blocks.py: one builder per block kind, each giving flowables with their roles,
text and origin; steps numbered in order; list markers on the reading-start side."""

from __future__ import annotations

from io import BytesIO

import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from brochure.content.model import BLOCK_KINDS, Paragraph
from brochure.story.blocks import BUILDERS, build_block, build_sources, build_story
from brochure.story.figures import Placeholder, RuledLines
from brochure.story.flowables import Box, DiscMarker, ListItem, struct_of
from brochure.story.tables import EmptyCell, TableFlowable
from tests.buildctx import build_context, load, workspace_with

EN = """\
language: en
title: Demo brochure
summary: This is the main message.
sections:
  - id: intro
    title: Introduction
    blocks:
      - A plain paragraph with a citation [@smith2020].
      - paragraph: A paragraph block.
      - bullets: [First bullet, Second bullet]
      - steps:
          - Wash your hands.
          - title: Check the site
            text: Look for redness.
          - Call us.
      - callout:
          kind: warning
          title: Call 911 now
          text: If you have chest pain.
          bullets: [Trouble breathing]
      - faq:
          - q: Does it hurt?
            a: A little.
          - q: How long?
            a: An hour.
      - illustration:
          id: hand
          description: A drawing of a hand.
          alt: A clean hand.
          caption: Wash well.
      - notes:
          title: My questions
          lines: 3
      - table:
          title: Doses
          columns: [Day, Dose]
          rows:
            - [Monday, One pill]
      - log:
          title: My readings
          columns: [Date, Reading]
          rows: 2
  - id: more
    title: More
    blocks:
      - paragraph: More text.
"""

AR = """\
language: ar
title: نشرة تجريبية
summary: هذه هي الرسالة الرئيسية.
translation:
  status: draft
sections:
  - id: intro
    title: مقدمة
    blocks:
      - bullets: [البند الأول, البند الثاني]
      - steps: [اغسل يديك., اتصل بنا.]
  - id: more
    title: المزيد
    blocks:
      - paragraph: نص آخر.
"""


def text_of(flowable) -> str:
    """The words of a paragraph flowable, either kind (ReportLab's or right-to-left)."""
    if isinstance(flowable, ListItem):
        return text_of(flowable.content)
    text = getattr(flowable, "logical_text", None)
    return text if text is not None else flowable.text


def role(flowable) -> str | None:
    s = struct_of(flowable)
    return s.role if s else None


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    return load(workspace_with(tmp_path_factory.mktemp("blocks"), {"en.yaml": EN, "ar.yaml": AR}))


@pytest.fixture(scope="module")
def ctx(loaded):
    return build_context(loaded, "en")


@pytest.fixture(scope="module")
def built(ctx) -> dict[str, list]:
    """Each block of the first section built, keyed by its kind."""
    section = ctx.plan.sections[0]
    out = {}
    for bi, block in enumerate(section.section.blocks):
        kind = "text" if isinstance(block, str) else next(
            k for k, v in BLOCK_KINDS.items() if isinstance(block, v))
        out[kind] = build_block(ctx, block, ("sections", section.index, "blocks", bi))
    return out


def test_every_block_kind_has_a_builder() -> None:
    assert set(BUILDERS) == set(BLOCK_KINDS.values())


def test_the_fixture_covers_every_kind(built) -> None:
    assert set(built) == set(BLOCK_KINDS) | {"text"}


def test_paragraphs_bare_and_keyed_are_one_p_with_their_words(built, ctx) -> None:
    (bare,) = built["text"]
    (keyed,) = built["paragraph"]
    assert role(bare) == role(keyed) == "P"
    number = ctx.plan.citation_numbers["smith2020"]
    assert text_of(bare).startswith("A plain paragraph with a citation")
    assert str(number) in text_of(bare) and "@smith2020" not in text_of(bare)
    assert text_of(keyed) == "A paragraph block."
    # Bare text and `paragraph:` build the same way.
    direct = BUILDERS[Paragraph](ctx, Paragraph(paragraph="Same."), ("x",))
    assert len(direct) == 1 and role(direct[0]) == "P"


def test_origin_is_the_yaml_line_of_the_block(built) -> None:
    lines = EN.splitlines()
    (keyed,) = built["paragraph"]
    file, line, column = struct_of(keyed).origin
    assert file.endswith("content/demo/en.yaml")
    assert lines[line - 1][column - 1:] == "A paragraph block."


def test_bullets_are_list_items_of_one_list_in_order(built) -> None:
    items = built["bullets"]
    assert [text_of(i) for i in items] == ["First bullet", "Second bullet"]
    assert {role(i) for i in items} == {"LI"}
    groups = {struct_of(i).group for i in items}
    assert len(groups) == 1 and None not in groups


def test_steps_numbered_in_order_with_titles_joined(built) -> None:
    items = built["steps"]
    assert [i.marker.label for i in items] == ["1", "2", "3"]
    assert all(isinstance(i.marker, DiscMarker) for i in items)
    assert [text_of(i) for i in items] == [
        "Wash your hands.", "Check the site: Look for redness.", "Call us."]
    assert {role(i) for i in items} == {"LI"}
    assert len({struct_of(i).group for i in items}) == 1


def test_callout_is_an_aside_box_with_title_text_and_bullets(built, ctx) -> None:
    (box,) = built["callout"]
    assert isinstance(box, Box) and role(box) == "Aside"
    title, text, spacer, bullet = box.content
    assert role(title) == "H3" and text_of(title) == "Call 911 now"
    assert role(text) == "P" and text_of(text) == "If you have chest pain."
    assert isinstance(spacer, Spacer)
    assert role(bullet) == "LI" and text_of(bullet) == "Trouble breathing"
    # A warning's bar is wider than other kinds' (it reads as a warning in greyscale).
    assert box.bar == 7
    # Split over pages, every part after the first repeats the title, as an artifact.
    again = box.continued()
    assert role(again) == "Artifact"
    assert text_of(again) == ctx.strings["continued"].format(title="Call 911 now")


def test_faq_is_question_heading_then_answer_in_order(built) -> None:
    flowables = built["faq"]
    assert [role(f) for f in flowables] == ["H3", "P", "H3", "P"]
    assert [text_of(f) for f in flowables] == ["Does it hurt?", "A little.", "How long?",
                                               "An hour."]


def test_illustration_without_asset_is_a_placeholder_figure_with_alt_and_caption(built) -> None:
    flowables = built["illustration"]
    captioned = flowables[1]
    figure, caption = captioned.figure, captioned.caption
    assert isinstance(figure, Placeholder)
    assert role(figure) == "Figure" and struct_of(figure).alt == "A clean hand."
    assert role(caption) == "Caption" and text_of(caption) == "Wash well."


def test_notes_heading_and_ruled_lines(built) -> None:
    flowables = built["notes"]
    heading = next(f for f in flowables if role(f) == "H3")
    lines = next(f for f in flowables if isinstance(f, RuledLines))
    assert text_of(heading) == "My questions"
    assert role(lines) == "Artifact" and lines.lines == 3


def test_table_has_header_and_body_cells_in_order(built) -> None:
    (table,) = built["table"]
    assert isinstance(table, TableFlowable) and role(table) == "Table"
    assert role(table.title) == "Caption" and text_of(table.title) == "Doses"
    assert [role(c) for c in table.header.cells] == ["TH", "TH"]
    assert [text_of(c) for c in table.header.cells] == ["Day", "Dose"]
    (row,) = table.rows
    assert [role(c) for c in row.cells] == ["TD", "TD"]
    assert [text_of(c) for c in row.cells] == ["Monday", "One pill"]


def test_log_is_a_table_of_empty_rows(built) -> None:
    (table,) = built["log"]
    assert role(table) == "Table" and text_of(table.title) == "My readings"
    assert [text_of(c) for c in table.header.cells] == ["Date", "Reading"]
    assert len(table.rows) == 2
    assert all(role(c) == "TD" and isinstance(c, EmptyCell)
               for row in table.rows for c in row.cells)


def test_story_sections_in_plan_order_and_sources_numbered(ctx) -> None:
    story = build_story(ctx)
    h2 = [text_of(f) for f in story.body if role(f) == "H2"]
    assert h2 == ["Introduction", "More"]
    assert role(story.cover[-1]) == "Aside"  # the main-message box
    sources = build_sources(ctx)
    heading = next(f for f in sources if role(f) == "H2")
    assert text_of(heading) == ctx.strings["sources"]
    entries = [f for f in sources if isinstance(f, ListItem)]
    assert [e.marker.text for e in entries] == ["1."]
    assert text_of(entries[0]).startswith("Smith A, Jones B. A study of things.")


def test_edition_prints_only_its_sections(loaded) -> None:
    story = build_story(build_context(loaded, "en", edition="short"))
    assert [text_of(f) for f in story.body if role(f) == "H2"] == ["Introduction"]


def _marker_and_text_x(item: ListItem, width: float = 300) -> tuple[float, float]:
    """Where a list item draws its step disc's centre and its text's left edge."""
    item.wrap(width, 1000)
    canvas = Canvas(BytesIO())
    circles: list[float] = []
    draw_circle = canvas.circle
    canvas.circle = lambda x, y, r, **kw: (circles.append(x), draw_circle(x, y, r, **kw))
    at: list[float] = []
    content_draw_on = item.content.drawOn
    item.content.drawOn = lambda canv, x, y, *a: (at.append(x), content_draw_on(canv, x, y, *a))
    item.drawOn(canvas, 0, 0)
    return circles[0], at[0]


def test_rtl_puts_markers_on_the_right(loaded, ctx) -> None:
    ar = build_context(loaded, "ar")
    assert ar.rtl and not ctx.rtl
    ltr_items = build_block(ctx, ctx.plan.sections[0].section.blocks[3], ("sections", 0))
    ltr_disc, ltr_text = _marker_and_text_x(ltr_items[0])
    assert ltr_disc < 30 and ltr_text > ltr_disc  # disc left, text to its right

    section = ar.plan.sections[0]
    bullets = build_block(ar, section.section.blocks[0], ("sections", 0, "blocks", 0))
    steps = build_block(ar, section.section.blocks[1], ("sections", 0, "blocks", 1))
    assert all(i.rtl for i in bullets + steps)
    assert [text_of(i) for i in bullets] == ["البند الأول", "البند الثاني"]
    assert [i.marker.label for i in steps] == ["1", "2"]
    disc, text = _marker_and_text_x(steps[0])
    assert disc > 270 and text == 0  # disc hugs the right edge, text starts at the left
