"""One builder per block kind: content blocks → flowables with structural roles.

Builders are found through `BUILDERS` (keyed by model class). A new block kind is its
model in content/model.py (a `BlockModel` with its texts and assets), one builder here and
one in html/blocks.py; tests/content/test_block_kinds.py fails while a builder is missing.
Every builder gets the same `BuildContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.fonts import ps2tt
from reportlab.platypus.flowables import CondPageBreak, Flowable, Spacer

from brochure.content.assets import PICTURE_TYPES
from brochure.content.loader import resolve_asset
from brochure.content.markup import to_spans
from brochure.content.model import (
    Block,
    Bullets,
    Callout,
    Faq,
    Illustration,
    Loc,
    Log,
    Notes,
    Steps,
    Table,
)
from brochure.content.model import Paragraph as ParagraphBlock
from brochure.content.plan import Plan
from brochure.content.references import ama_spans
from brochure.content.spans import Span, plain
from brochure.errors import Problem
from brochure.fonts.fontset import FontSet
from brochure.records import record
from brochure.story.figures import Captioned, Placeholder, Rule, RuledLines
from brochure.story.flowables import (
    Bookmark,
    Box,
    DiscMarker,
    ListItem,
    TextMarker,
    TextParagraph,
    mark,
)
from brochure.story.largeprint import no_long_italics
from brochure.story.pictures import Picture, read_picture
from brochure.story.richtext import to_markup
from brochure.story.styles import Styles, Theme, colour, coloured, derived, tight
from brochure.story.tables import EmptyCell, Row, TableFlowable, column_weights
from brochure.story.tables import Style as TableStyle


@record(kw_only=True)
class BuildContext:
    """Everything a block builder needs, for one language of one brochure."""

    plan: Plan
    theme: Theme
    styles: Styles
    strings: dict[str, str]
    fonts: FontSet
    lang: str
    rtl: bool
    workspace: Path
    large_print: bool = False
    warnings: list[Problem] = field(default_factory=list)
    _outline_count: int = 0

    def spans(self, text: str) -> list[Span]:
        spans = to_spans(text, self.plan.citation_numbers)
        return no_long_italics(spans) if self.large_print else spans

    def origin(self, loc: Loc) -> tuple[str, int, int]:
        doc = self.plan.language.doc
        return (doc.display, *doc.position(loc))

    def text(
        self,
        spans: list[Span],
        style,
        role: str = "P",
        loc: Loc | None = None,
        group: str | None = None,
        rtl: bool | None = None,
    ) -> Flowable:
        """A paragraph of spans (right-to-left aware), marked with its role and origin.

        `rtl` overrides the document's direction for text in another script, such as
        the Latin-script reference list of an Arabic brochure.
        """
        rtl = self.rtl if rtl is None else rtl
        origin = self.origin(loc) if loc is not None else None
        bold, italic = _face_of(style.fontName)
        if bold:
            spans = [Span(s.text, True, s.italic, s.href) for s in spans]
        if italic:
            spans = [Span(s.text, s.bold, True, s.href) for s in spans]
        if rtl:
            # Imported here: bidi, shaping and the glyph writer are ~6 ms of a cold start
            # that a left-to-right brochure never uses (layouts/bounds.py relies on it).
            from brochure.rtl import RTLParagraph

            flowable: Flowable = RTLParagraph(spans, style, self.fonts, lang=self.lang,
                                              link_color=self.colour(self.theme.colors.primary))
        else:
            flowable = TextParagraph(
                to_markup(spans, self.fonts, self.theme.colors.primary), style
            )
        return mark(flowable, role, origin=origin, group=group)

    def heading(
        self, text: str, style, role: str, loc: Loc | None, outline: bool
    ) -> list[Flowable]:
        """A heading (always bold), preceded by a bookmark when it belongs in the outline.

        Section headings start a new page (or panel) only when fewer than about four body
        lines would fit below them; what follows may then split, so a long callout after a
        heading does not push both to the next page and leave a hole.
        """
        spans = [Span(s.text, True, s.italic, s.href) for s in self.spans(text)]
        flowables: list[Flowable] = []
        heading = self.text(spans, style, role, loc)
        heading.balance = True  # no word alone on a title's last line
        if role == "H2":
            flowables.append(RoomForHeading(heading, self.styles.body.leading * 4))
        if outline:
            self._outline_count += 1
            flowables.append(Bookmark(plain(spans), f"s{self._outline_count}"))
        flowables.append(heading)
        return flowables

    def colour(self, hex_value: str):
        return colour(hex_value)


class RoomForHeading(CondPageBreak):
    """A page (or panel) break unless the heading, as tall as it wraps here, and `below`
    points of body text fit: a one-line heading does not ask for room for two.

    With `following` set (the section's first flowable), also a break when none of it
    would fit under the heading (a callout whose title cannot go without its text), so
    a heading never ends a page alone.
    """

    following: Flowable | None = None

    def __init__(self, heading: Flowable, below: float):
        super().__init__(below)
        self.heading, self.below = heading, below

    def wrap(self, availWidth, availHeight):
        _, h = self.heading.wrap(availWidth, availHeight)
        self.height = self.heading.getSpaceBefore() + h + self.below
        room = availHeight - self.height + self.below - self.heading.getSpaceAfter()
        canv = getattr(self, "canv", None)
        nothing_fits = (
            self.following is not None
            and self.height <= availHeight
            and self.following.wrap(availWidth, room)[1] > room
            and not self.following.splitOn(canv, availWidth, room)
        )
        if nothing_fits:
            self.height = availHeight + 1
        return super().wrap(availWidth, availHeight)


def _room_before(flowables: list[Flowable], following: list[Flowable]) -> None:
    """Tell a heading's RoomForHeading what comes first under it (spacers skipped)."""
    first = next((f for f in following if not isinstance(f, Spacer)), None)
    for f in flowables:
        if isinstance(f, RoomForHeading):
            f.following = first


def _face_of(font_name: str) -> tuple[bool, bool]:
    """(bold, italic) of a registered face, from ReportLab's family map.

    Not by comparing names with `fonts.body`: a CJK body family is a per-text subset
    whose name changes when characters are added mid-build, and a family with no real
    italic names its upright face as the italic one.
    """
    try:
        _, bold, italic = ps2tt(font_name)
    except ValueError:
        return False, False
    return bool(bold), bool(italic)


def _group_id(ctx: BuildContext, loc: Loc) -> str:
    """Items of one list share a group id: the tagger wraps them in one L element."""
    return "L:" + ".".join(str(p) for p in loc)


def _bullet_items(ctx: BuildContext, texts: list[str], loc: Loc) -> list[Flowable]:
    st = ctx.styles
    size = st.body.fontSize
    group = _group_id(ctx, loc)
    items: list[Flowable] = []
    for k, text in enumerate(texts):
        body = ctx.text(ctx.spans(text), tight(st.body), "LBody", loc + (k,))
        marker = TextMarker(
            "•", ctx.fonts.body.bold, size * 1.1, ctx.colour(ctx.theme.colors.primary), size * 1.4
        )
        items.append(
            mark(
                ListItem(body, marker, size * 1.5, ctx.rtl, space_after=size * 0.35),
                "LI",
                origin=ctx.origin(loc + (k,)),
                group=group,
            )
        )
    return items


def build_paragraph(ctx: BuildContext, text: str, loc: Loc) -> list[Flowable]:
    return [ctx.text(ctx.spans(text), ctx.styles.body, "P", loc)]


def build_bullets(ctx: BuildContext, block: Bullets, loc: Loc) -> list[Flowable]:
    return _bullet_items(ctx, block.bullets, loc + ("bullets",))


def build_steps(ctx: BuildContext, block: Steps, loc: Loc) -> list[Flowable]:
    st, theme = ctx.styles, ctx.theme
    scale = st.body.fontSize / theme.text.body_size
    diameter = theme.steps.disc_diameter * scale
    group = _group_id(ctx, loc + ("steps",))
    items: list[Flowable] = []
    for k, step in enumerate(block.steps):
        here = loc + ("steps", k)
        if isinstance(step, str):
            spans = ctx.spans(step)
        else:
            title = (
                [Span(s.text, True, s.italic, s.href) for s in ctx.spans(step.title)]
                if step.title
                else []
            )
            joiner = [Span(" ")] if title else []
            if title and not title[-1].text.rstrip().endswith((".", ":", "?", "!", "。", "：")):
                joiner = [Span(": " if ctx.lang.split("-")[0] not in ("zh", "ja") else "：")]
            spans = title + joiner + ctx.spans(step.text)
        body = ctx.text(spans, tight(st.body), "LBody", here)
        marker = DiscMarker(
            k + 1,
            ctx.fonts.body.bold,
            theme.steps.number_size * scale,
            diameter,
            ctx.colour(theme.colors.primary),
            colors.white,
        )
        items.append(
            mark(
                ListItem(
                    body,
                    marker,
                    diameter + 10,
                    ctx.rtl,
                    first_line_top=0,
                    space_after=st.body.fontSize * 0.7,
                ),
                "LI",
                origin=ctx.origin(here),
                group=group,
            )
        )
    return items


def build_callout(ctx: BuildContext, block: Callout, loc: Loc) -> list[Flowable]:
    body, here = block.callout, loc + ("callout",)
    colours = ctx.theme.callouts[body.kind]
    inner: list[Flowable] = []
    if body.title:
        inner.append(
            ctx.text(
                ctx.spans(body.title),
                coloured(ctx.styles.callout_title, colours.title),
                "H3",
                here + ("title",),
            )
        )
    if body.text:
        inner.append(ctx.text(ctx.spans(body.text), tight(ctx.styles.body), "P", here + ("text",)))
        if body.bullets:
            inner.append(Spacer(1, ctx.styles.body.fontSize * 0.4))
    if body.bullets:
        inner += _bullet_items(ctx, body.bullets, here + ("bullets",))
    continued = None
    if body.title:
        title_style = coloured(ctx.styles.callout_title, colours.title)

        def continued() -> Flowable:  # a repeat: an artifact, not read twice
            again = ctx.strings["continued"].format(title=plain(ctx.spans(body.title)))
            return ctx.text([Span(again)], title_style, "Artifact")

    box = Box(
        inner,
        ctx.colour(colours.tint),
        ctx.colour(colours.border),
        rtl=ctx.rtl,
        bar=7 if body.kind == "warning" else 5,
        space_after=ctx.styles.body.fontSize,
        continued=continued,
    )
    role = "Aside"  # a "Note" reads as an unlabelled footnote to screen readers
    return [mark(box, role, origin=ctx.origin(here))]


def build_faq(ctx: BuildContext, block: Faq, loc: Loc) -> list[Flowable]:
    out: list[Flowable] = []
    for k, qa in enumerate(block.faq):
        here = loc + ("faq", k)
        q = ctx.text(ctx.spans(qa.q), ctx.styles.h3, "H3", here + ("q",))
        a = ctx.text(ctx.spans(qa.a), ctx.styles.body, "P", here + ("a",))
        out += [q, a]
    return out


def build_illustration(ctx: BuildContext, block: Illustration, loc: Loc) -> list[Flowable]:
    body, here = block.illustration, loc + ("illustration",)
    st = ctx.styles
    path = resolve_asset(body.asset, ctx.workspace) if body.asset else None
    figure: Flowable | None = None
    if path is not None and path.is_file() and path.suffix.lower() in PICTURE_TYPES:
        try:
            figure = Picture(read_picture(path), 6.5 * 72, 260, centred=True,
                             shrink_floor=ctx.theme.illustration.shrink_floor)
        except (OSError, ValueError) as exc:  # the loader checked it; the disk may differ now
            ctx.warnings.append(Problem(
                *ctx.origin(here + ("asset",)),
                f"picture `{body.asset}` cannot be drawn ({exc}); a placeholder box is "
                "printed instead", "warning"))
    if figure is None:
        description = ctx.text([Span(body.description)], st.placeholder, "P")
        label_style = derived(st.placeholder, "placeholder-label", fontSize=9, leading=11)
        label = ctx.text([Span(ctx.strings["illustration_placeholder"].upper(), bold=True)],
                         label_style, "Artifact")
        compact_style = derived(st.placeholder, "placeholder-compact",
                                fontSize=st.small.fontSize, leading=st.small.leading)
        figure = Placeholder(
            description,
            label,
            ctx.theme.illustration.height_ratio,
            ctx.colour(ctx.theme.colors.muted),
            compact=ctx.text([Span(body.description)], compact_style, "P"),
        )
    mark(figure, "Figure", alt=body.alt, origin=ctx.origin(here))
    caption: list[Span] = ctx.spans(body.caption) if body.caption else []
    if body.credit:
        credit = ctx.strings["credit"].format(credit=plain(ctx.spans(body.credit)))
        caption = caption + ([Span(" ")] if caption else []) + [Span(credit)]
    if not caption:
        figure.floats = True  # layouts/floats.py
        return [Spacer(1, 4), figure, Spacer(1, 8)]
    text = ctx.text(caption, tight(st.caption), "Caption", here + ("caption",))
    captioned = Captioned(figure, text)
    captioned.floats = True
    return [Spacer(1, 4), captioned, Spacer(1, st.body.fontSize)]


def build_notes(ctx: BuildContext, block: Notes, loc: Loc) -> list[Flowable]:
    here = loc + ("notes",)
    title = block.notes.title or ctx.strings["notes"]
    size_scale = ctx.styles.body.fontSize / ctx.theme.text.body_size
    lines = RuledLines(
        block.notes.lines, ctx.theme.notes.line_gap * size_scale, ctx.colour(ctx.theme.colors.rule)
    )
    mark(lines, "Artifact")
    heading = ctx.text(ctx.spans(title), ctx.styles.h3, "H3", here)
    return [
        CondPageBreak(min(4, block.notes.lines) * ctx.theme.notes.line_gap),
        heading,
        lines,
        Spacer(1, ctx.styles.body.fontSize),
    ]


def _table(
    ctx: BuildContext, columns: list[str], rows: list[list[str]], here: Loc, log: bool,
    title: Flowable | None,
) -> Flowable:
    """Table > TR > TH/TD: header cells bold, body cells as written (a log's empty)."""
    st = ctx.styles
    theme = ctx.theme
    cell_style = tight(st.body)
    head_style = derived(cell_style, st.body.name + "-th")
    style = TableStyle(ctx.colour(theme.colors.rule), ctx.colour(theme.colors.accent),
                       min_row=theme.notes.line_gap * 1.4 if log else 0.0)

    def cell(text: str, role: str, loc: Loc, bold: bool) -> Flowable:
        if not text:
            return mark(EmptyCell(), role)
        spans = ctx.spans(text)
        if bold:
            spans = [Span(s.text, True, s.italic, s.href) for s in spans]
        return ctx.text(spans, head_style if bold else cell_style, role, loc)

    header = Row([cell(t, "TH", here + ("columns", c), True) for c, t in enumerate(columns)],
                 True, style, ctx.rtl)
    mark(header, "TR")
    body = []
    for r, row in enumerate(rows):
        cells = [cell(t, "TD", here + ("rows", r, c), False) for c, t in enumerate(row)]
        body.append(mark(Row(cells, False, style, ctx.rtl), "TR"))
    table = TableFlowable(header, body, column_weights(columns, rows), style,
                          space_after=st.body.fontSize, title=title)
    return mark(table, "Table", origin=ctx.origin(here))


def _table_title(ctx: BuildContext, title: str | None, here: Loc) -> Flowable | None:
    """A table's title, tagged as its Caption (bold, the size of a small heading)."""
    if not title:
        return None
    spans = [Span(s.text, True, s.italic, s.href) for s in ctx.spans(title)]
    return ctx.text(spans, tight(ctx.styles.h3), "Caption", here + ("title",))


def build_table(ctx: BuildContext, block: Table, loc: Loc) -> list[Flowable]:
    body, here = block.table, loc + ("table",)
    rows = [list(row) for row in body.rows]
    return [_table(ctx, body.columns, rows, here, False, _table_title(ctx, body.title, here))]


def build_log(ctx: BuildContext, block: Log, loc: Loc) -> list[Flowable]:
    body, here = block.log, loc + ("log",)
    rows = [[""] * len(body.columns) for _ in range(body.rows)]
    return [_table(ctx, body.columns, rows, here, True, _table_title(ctx, body.title, here))]


BUILDERS: dict[type, Callable[[BuildContext, object, Loc], list[Flowable]]] = {
    ParagraphBlock: lambda ctx, b, loc: build_paragraph(ctx, b.paragraph, loc + ("paragraph",)),
    Bullets: build_bullets,
    Steps: build_steps,
    Callout: build_callout,
    Faq: build_faq,
    Illustration: build_illustration,
    Notes: build_notes,
    Table: build_table,
    Log: build_log,
}


def build_block(ctx: BuildContext, block: Block, loc: Loc) -> list[Flowable]:
    if isinstance(block, str):
        return build_paragraph(ctx, block, loc)
    return BUILDERS[type(block)](ctx, block, loc)


# ---------------------------------------------------------------- the story


@record
class Story:
    """The brochure's flowables in parts, so layouts can place them (cover, body, end).

    `lead_figure` is the illustration the content puts first (also in `body`: a tri-fold
    moves it to the cover). `logo`, `back` (contact block), `colophon` (review lines),
    `care_team` (fill-in block when there is no clinic) and `end_fill` (a heading and ruled
    lines for room left in a tri-fold's last panel) come from `branding.py`.
    """

    cover: list[Flowable]
    body: list[Flowable]
    sources: list[Flowable]
    lead_figure: list[Flowable] = field(default_factory=list)
    logo: Flowable | None = None
    back: list[Flowable] = field(default_factory=list)
    colophon: list[Flowable] = field(default_factory=list)
    end_fill: list[Flowable] = field(default_factory=list)
    # For covers of the folded layouts (layouts/cover.py): the title part of `cover`, the
    # main message set for a brand-colour band (the layout makes the band, as the summary
    # box's element), the first
    # picture of the printed sections (a decorative copy), and the fill-in "My care team"
    # block a back cover holds when no clinic profile is given.
    cover_title: list[Flowable] = field(default_factory=list)
    message_band: list[Flowable] = field(default_factory=list)
    cover_picture: Flowable | None = None
    care_team: list[Flowable] = field(default_factory=list)
    # Makes the heading of a page for notes (a booklet's pages the content leaves over).
    notes_heading: Callable[[], Flowable] | None = None

    def all(self) -> list[Flowable]:
        """One column in reading order (handout, booklet); the review lines are in the footer."""
        logo = [self.logo, Spacer(1, 10)] if self.logo else []
        # (its heading's page-break rule gives way: the band is kept together whole)
        band = [f for f in self.back if not isinstance(f, RoomForHeading)]
        back = [Spacer(1, 12), *band] if band else []
        text = self.body + self.sources
        # The contact band stays together and closes the last page of text: it takes
        # the last entry with it rather than standing alone on a page of its own.
        for f in (text[-1:] if back else []) + back[:-1]:
            f.keepWithNext = 1
        return logo + self.cover + text + back


def build_cover(ctx: BuildContext) -> list[Flowable]:
    content, st = ctx.plan.language.content, ctx.styles
    parts: list[Flowable] = ctx.heading(content.title, st.title, "H1", ("title",), False)
    if content.subtitle:
        parts.append(ctx.text(ctx.spans(content.subtitle), st.subtitle, "P", ("subtitle",)))
    parts.append(Rule(ctx.colour(ctx.theme.colors.primary), 2.5, 2, 0.25, ctx.rtl))
    parts.append(Spacer(1, 6))
    label = ctx.text(
        [Span(ctx.strings["main_message"].upper())],
        coloured(tight(st.small), ctx.theme.colors.primary),
        "P",
    )
    summary = ctx.text(ctx.spans(content.summary), tight(st.summary), "P", ("summary",))
    box = Box(
        [label, Spacer(1, 3), summary],
        ctx.colour(ctx.theme.colors.accent),
        ctx.colour(ctx.theme.colors.primary),
        padding=12,
        rtl=ctx.rtl,
        space_after=st.body.fontSize * 1.2,
    )
    parts.append(mark(box, "Aside", origin=ctx.origin(("summary",))))
    return parts


def build_sections(ctx: BuildContext, lead: list[Flowable] | None = None) -> list[Flowable]:
    """Every planned section; `lead` collects the flowables of an illustration that opens
    the first section (a tri-fold shows it on the cover)."""
    out: list[Flowable] = []
    for si, planned in enumerate(ctx.plan.sections):
        loc: Loc = ("sections", planned.index)
        heading = ctx.heading(planned.section.title, ctx.styles.h2, "H2", loc + ("title",), True)
        out += heading
        blocks = planned.section.blocks
        for bi, block in enumerate(blocks):
            built = build_block(ctx, block, loc + ("blocks", bi))
            if bi == 0:
                _room_before(heading, built)
            if lead is not None and si == bi == 0 and isinstance(block, Illustration):
                lead += built
            if bi + 1 < len(blocks) and _introduces_list(ctx, block, blocks[bi + 1]):
                built[-1].keepWithNext = 1  # never "What you can do:" alone at a page end
            out += built
    return out


def _introduces_list(ctx: BuildContext, block: Block, following: Block) -> bool:
    """A paragraph ending in a colon, right before the list it introduces."""
    if not isinstance(following, (Bullets, Steps)):
        return False
    text = block if isinstance(block, str) else getattr(block, "paragraph", None)
    if not isinstance(text, str):
        return False
    return plain(ctx.spans(text)).rstrip().endswith((":", "：", "؛"))


def build_sources(ctx: BuildContext) -> list[Flowable]:
    sources = ctx.plan.cited_sources
    if not sources:
        return []
    out: list[Flowable] = ctx.heading(ctx.strings["sources"], ctx.styles.h2, "H2", None, True)
    size = ctx.styles.source.fontSize
    for n, source in enumerate(sources, start=1):
        spans = no_long_italics(ama_spans(source)) if ctx.large_print else ama_spans(source)
        # References are Latin-script text: left to right even in an RTL brochure, and
        # broken between words even in a CJK one (not 'doi:10.1212/WNL.00000' / '000…').
        style = derived(tight(ctx.styles.source), "source-ltr", alignment=TA_LEFT)
        if style.wordWrap == "CJK" and all(ord(c) < 0x2E80 for c in plain(spans)):
            style = derived(tight(ctx.styles.source), "source-ltr", alignment=TA_LEFT,
                            wordWrap=None)
        entry = ctx.text(spans, style, "BibEntry", rtl=False)
        marker = TextMarker(
            f"{n}.", ctx.fonts.body.regular, size, ctx.colour(ctx.theme.colors.text), size * 2
        )
        item = ListItem(entry, marker, size * 2.2, False, space_after=size * 0.4)
        item.keep_whole_below = style.leading * 6  # never a reference's last line alone
        # L > LI > Lbl "1." + LBody > BibEntry: a numbered reference list
        out.append(mark(item, "LI", group="sources"))
    return out


def build_story(ctx: BuildContext) -> Story:
    lead: list[Flowable] = []
    body = build_sections(ctx, lead)
    return Story(build_cover(ctx), body, build_sources(ctx), lead_figure=lead)
