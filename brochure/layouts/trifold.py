"""The tri-fold: one landscape sheet, printed duplex (flip on the short edge), rolled twice.

Outside page, left to right: the flap that folds in, the back panel, the cover. Inside
page: three panels read left to right. Printing duplex mirrors the sheet left to right,
so the panel behind the cover is the first inside panel and the narrow flap's reverse is
the last. Right-to-left languages mirror the whole arrangement.

The body flows: flap → inside 1 → inside 2 → inside 3, sources last; a list never runs
from the flap into the first inside panel (`flap_break`). The cover (title, subtitle, a
visual, the main message, logo; layouts/cover.py) and the back panel (contact block and
QR code, or the fill-in care-team block; review lines) are fixed. Content that does not
fit raises `Overflow`. Room left in the last inside panel gets a heading and ruled lines
for the patient's questions, when at least four lines fit: the only panel with them.
"""

from __future__ import annotations

import copy
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.doctemplate import ActionFlowable, PageTemplate
from reportlab.platypus.flowables import CondPageBreak, Flowable, Spacer
from reportlab.platypus.frames import Frame

from brochure.layouts.common import BLEED, PAPERS, PageSetup, dated_canvas, document_info
from brochure.layouts.cover import front_cover
from brochure.layouts.flow import (
    EnsurePages,
    FlowDoc,
    Overflow,
    place_fixed,
    restoring,
)
from brochure.pdf.tagging import paused, recording_now
from brochure.records import record
from brochure.story.blocks import Story
from brochure.story.figures import RuledLines
from brochure.story.flowables import struct_of

IN = 72.0
MM = 72 / 25.4
# Inside page, left to right (left-to-right languages): the panel behind the cover, the
# middle panel, and the narrower panel that folds in — a roll fold needs it ~1/16 in less.
PANEL_WIDTHS = {
    "letter": (3.6875 * IN, 3.6875 * IN, 3.625 * IN),
    "a4": (100 * MM, 100 * MM, 97 * MM),
}
SIDE = 0.3125 * IN  # text to a fold or trim edge: at least 1/4 in, where office printers stop
TOP = 0.375 * IN
BOTTOM = 0.375 * IN
BAND = 0.2 * IN  # the brand-colour band along the cover's top edge (runs into the bleed)
DRAFT_BAND = 15.0
COVER_LOGO_HEIGHT = 0.55 * IN  # the cover panel is narrow: keep the logo modest
BODY_PANELS = ("flap", "in1", "in2", "in3")


@record(frozen=True)
class Panel:
    """One panel of a page: its left edge and width in points."""

    name: str
    x: float
    width: float


def panels(paper: str, rtl: bool = False) -> tuple[list[Panel], list[Panel]]:
    """(outside, inside) panels, each list left to right on the printed page."""
    a, b, c = PANEL_WIDTHS[paper]
    total = a + b + c
    outside = [Panel("flap", 0, c), Panel("back", c, b), Panel("cover", c + b, a)]
    inside = [Panel("in1", 0, a), Panel("in2", a, b), Panel("in3", a + b, c)]
    if rtl:
        outside = [Panel(p.name, total - p.x - p.width, p.width) for p in reversed(outside)]
        inside = [Panel(p.name, total - p.x - p.width, p.width) for p in reversed(inside)]
    return outside, inside


def folds(paper: str, rtl: bool = False) -> list[list[float]]:
    """Fold positions (x, points) on the outside and the inside page."""
    return [[p.x for p in page[1:]] for page in panels(paper, rtl)]


def page_size(paper: str) -> tuple[float, float]:
    return landscape(PAPERS[paper])


def text_box(panel: Panel, height: float, draft: bool) -> tuple[float, float, float, float]:
    """(x, y, w, h) of a panel's text area: clear of folds and trim, below a draft band."""
    top = TOP + (DRAFT_BAND + 6 if draft else 0)
    return panel.x + SIDE, BOTTOM, panel.width - 2 * SIDE, height - top - BOTTOM


def build_trifold(story: Story, setup: PageSetup) -> bytes:
    width, height = page_size(setup.paper)
    outside, inside = panels(setup.paper, setup.rtl)
    by_name = {p.name: p for p in outside + inside}
    draft = bool(setup.draft_marker)
    cover_box = text_box(by_name["cover"], height, draft)
    cover_box = (*cover_box[:3], cover_box[3] - BAND)

    def frame(panel: Panel, suffix: str = "") -> Frame:
        x, y, w, h = text_box(panel, height, draft)
        return Frame(x, y, w, h, 0, 0, 0, 0, id=panel.name + suffix)

    def draw_outside(canv, doc: FlowDoc) -> None:
        _cover_band(canv, by_name["cover"], width, height, setup)
        for panel in outside:
            _draft_band(canv, panel, height, setup)
        over = _draw_cover(canv, story, setup, by_name["cover"], cover_box, width)
        if over > 0.5:
            doc.fixed_over["cover"] = over
        back_top = story.back or story.care_team
        over = place_fixed(canv, text_box(by_name["back"], height, draft), back_top, story.colophon)
        if over > 0.5:
            doc.fixed_over["back"] = over

    def draw_inside(canv, doc: FlowDoc) -> None:
        for panel in inside:
            _draft_band(canv, panel, height, setup)

    lead_ids = {id(f) for f in story.lead_figure}
    body = [f for f in story.body if id(f) not in lead_ids]
    watch = {}
    for f in body:
        struct = struct_of(f)
        if struct is not None and struct.role == "H2":
            watch[id(f)] = f"section:{len(watch)}"
    for f in story.sources:
        struct = struct_of(f)
        if struct is not None and struct.role == "H2":
            watch[id(f)] = "sources"
            break

    def parts(cut: int | None) -> list[Flowable]:
        return body if cut is None else [*body[:cut], ToPanel(BODY_PANELS[1]), *body[cut:]]

    def attempt(cut: int | None) -> bytes:
        buffer = BytesIO()
        doc = FlowDoc(
            buffer,
            pagesize=(width, height),
            leftMargin=0,
            rightMargin=0,
            topMargin=0,
            bottomMargin=0,
            watch=watch,
            real_frames=len(BODY_PANELS),
            **document_info(setup),
        )
        doc.addPageTemplates(
            [
                PageTemplate(
                    "outside", [frame(by_name["flap"])], onPage=draw_outside,
                    autoNextPageTemplate="inside",  # by name: ReportLab cannot peek an index
                ),
                PageTemplate(
                    # Frames flow in reading order (in1, in2, in3), whatever side they sit on.
                    "inside", [frame(by_name[n]) for n in BODY_PANELS[1:]], onPage=draw_inside,
                    autoNextPageTemplate="overflow",
                ),
                # Measuring only: content that lands here did not fit (see flow.py).
                PageTemplate(
                    "overflow", [frame(by_name[n], "-over") for n in BODY_PANELS[1:]],
                    autoNextPageTemplate="overflow",
                ),
            ]
        )
        # The spacer starts page 2 when the flow ended on the flap.
        flow = [*parts(cut), *story.sources, EnsurePages(2), Spacer(0, 0)]
        if story.end_fill:
            last = BODY_PANELS[-1]
            flow += [ToPanel(last), LastPanelFill(story.end_fill, last, doc)]
        doc.build(flow, canvasmaker=dated_canvas(setup))
        overflow = doc.overflow("trifold")
        if overflow is not None:
            raise overflow
        return buffer.getvalue()

    # A list at the flap's end moves on whole when the content still fits with the room
    # that leaves on the flap (tried untagged first); else the flow runs on as it comes.
    flap_w, flap_h = text_box(by_name["flap"], height, draft)[2:]
    cut = flap_break(body, flap_w, flap_h)
    if cut is not None:
        tagged = recording_now()
        with paused(), restoring([*body, *story.sources]):
            try:
                pdf = attempt(cut)
            except Overflow:
                cut = None
            else:
                if not tagged:
                    return pdf
    return attempt(cut)


class ToPanel(ActionFlowable):
    """Moves the flow on to the body panel `name` when it is on an earlier one."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name

    def apply(self, doc) -> None:
        earlier = BODY_PANELS[: BODY_PANELS.index(self.name)]
        while doc.frame is not None and doc.frame.id in earlier:
            doc.handle_frameEnd()  # ending the flap ends its page: the next one starts


def flap_break(body: list[Flowable], width: float, height: float) -> int | None:
    """Where the fold-in flap must end: the index of the first flowable for the first
    inside panel, or None to let the flow run on as it comes.

    The flap is read on its own, beside the first inside panel, so a list must not run
    from it into the next panel (steps 1–3 on the flap, 4–5 inside). When the flap's end
    falls inside a list, the list moves on whole, with the lead-in paragraph that
    introduces it ("What you can do:"); boxes and tables keep themselves whole, and a
    paragraph may continue as it would on any page.
    """
    used = 0.0
    previous: Flowable | None = None
    for k, f in enumerate(body):
        _, h = f.wrap(width, 10_000)
        gap = max(previous.getSpaceAfter(), f.getSpaceBefore()) if previous else 0.0
        if used + gap + h > height:
            if _role(f) != "LI":
                return None
            start = k
            while start > 0 and _same_list(body[start - 1], f):
                start -= 1
            while start > 0 and not _may_break(body[start - 1], body[start]):
                start -= 1
            return start or None
        used += gap + h
        previous = f
    return None  # everything fits on the flap


def _same_list(a: Flowable, b: Flowable) -> bool:
    sa, sb = struct_of(a), struct_of(b)
    return sa is not None and sb is not None and sa.role == sb.role == "LI" and (
        sa.group == sb.group)


def _role(f: Flowable | None) -> str:
    struct = struct_of(f) if f is not None else None
    return struct.role if struct is not None else ""


def _may_break(before: Flowable | None, after: Flowable) -> bool:
    """May a panel end between `before` and `after`?"""
    if before is None or before.getKeepWithNext() or isinstance(before, CondPageBreak):
        return False
    if _role(before) in ("H1", "H2", "H3", "Artifact"):
        return False
    return not _same_list(before, after)


class LastPanelFill(Flowable):
    """A heading and as many ruled lines as the room left in the last panel holds.

    Drawn only in that panel and only when at least `MIN_LINES` lines fit; it sizes
    itself to the room there is, so it never pushes anything out of the tri-fold.
    """

    MIN_LINES = 4

    def __init__(self, parts: list[Flowable], panel: str, doc: FlowDoc):
        super().__init__()
        self.heading, self.lines = parts[0], parts[1]
        self.panel, self.doc = panel, doc
        self.count = 0
        self.gap_above = 0.0

    def wrap(self, availWidth, availHeight):
        self.width, self.height, self.count = availWidth, 0.0, 0
        frame = getattr(self.doc, "frame", None)
        if frame is None or frame.id != self.panel or self.doc.page != 2:
            return self.width, self.height
        self.gap_above = 0.0 if frame._atTop else self.heading.getSpaceBefore() + 12
        _, heading_h = self.heading.wrap(availWidth, availHeight)
        below = self.heading.getSpaceAfter() + 4
        room = availHeight - self.gap_above - heading_h - below
        count = int(room // self.lines.gap) if room > 0 else 0
        if count >= self.MIN_LINES:
            self.count = count
            self.height = self.gap_above + heading_h + below + count * self.lines.gap
        return self.width, self.height

    def draw(self) -> None:
        if not self.count:
            return
        top = self.height - self.gap_above
        self.heading.drawOn(self.canv, 0, top - self.heading.height)
        lines = RuledLines(self.count, self.lines.gap, self.lines.colour)
        lines.struct = getattr(self.lines, "struct", None)
        lines.wrap(self.width, self.height)
        lines.drawOn(self.canv, 0, 0)


def _draw_cover(
    canv, story: Story, setup: PageSetup, panel: Panel,
    box: tuple[float, float, float, float], page_width: float,
) -> float:
    """Title, visual (the lead illustration, the first picture, or the main message's
    colour band), main message and logo, filling the cover's box; points too tall."""
    x, y, w, h = box
    visual = story.lead_figure[1] if len(story.lead_figure) > 1 else None
    logo = _smaller(story.logo, COVER_LOGO_HEIGHT) if story.logo else None
    cover, band = front_cover(story, setup.primary, visual, logo)
    if band is not None:  # past the trim into the bleed; exactly to the fold
        trim_left, trim_right = panel.x <= 0, panel.x + panel.width >= page_width - 1
        band.bleed = (SIDE + (BLEED if trim_left else 0), SIDE + (BLEED if trim_right else 0),
                      BOTTOM + BLEED)
    cover.wrapOn(canv, w, h)
    cover.drawOn(canv, x, y)
    return cover.over


def _smaller(logo: Flowable, max_height: float) -> Flowable:
    """A copy of the logo no taller than `max_height` (the story's logo is left as it is)."""
    small = copy.copy(logo)
    small.max_height = min(getattr(logo, "max_height", max_height), max_height)
    return small


def _cover_band(canv, cover: Panel, width: float, height: float, setup: PageSetup) -> None:
    """A band of the brand colour along the cover's top edge, into the bleed on the trim
    sides and stopping at the fold (so a slightly-off fold never shows it on the back)."""
    left = cover.x if cover.x > 0 else -BLEED
    right = cover.x + cover.width if cover.x + cover.width < width - 1 else width + BLEED
    canv.saveState()
    canv.setFillColor(setup.primary)
    canv.rect(left, height - BAND, right - left, BAND + BLEED, stroke=0, fill=1)
    canv.restoreState()


def _draft_band(canv, panel: Panel, height: float, setup: PageSetup) -> None:
    """Every panel says 'draft translation': a folded brochure is read panel by panel."""
    if not setup.draft_marker:
        return
    x = panel.x + SIDE
    w = panel.width - 2 * SIDE
    y = height - TOP - DRAFT_BAND - (BAND if panel.name == "cover" else 0)
    style = ParagraphStyle(
        "draft", parent=setup.footer_style, alignment=1, textColor=colors.HexColor("#6B4E00")
    )
    marker = setup.text(setup.draft_marker, style, True)
    _, h = marker.wrap(w - 8, DRAFT_BAND)
    canv.saveState()
    canv.setFillColor(colors.HexColor("#FFF3CD"))
    canv.roundRect(x, y, w, max(DRAFT_BAND, h + 4), 3, stroke=0, fill=1)
    canv.restoreState()
    marker.drawOn(canv, x + 4, y + (max(DRAFT_BAND, h + 4) - h) / 2)
