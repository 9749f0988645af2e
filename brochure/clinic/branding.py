"""What a clinic profile adds to a brochure: logo, contact block, QR code, review lines.

Every layout gets the same pieces on the `Story` (`logo`, `back`, `colophon`,
`care_team`, cover pieces) and places them where its format wants them: a handout puts
the logo above the title and the contact block at the end; a tri-fold and a booklet put
them on their covers.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable, Spacer

from brochure.content.loader import resolve_asset
from brochure.content.model import BrochureMeta, Clinic, Illustration, Notes
from brochure.content.spans import Span, plain
from brochure.language.dates import long_date
from brochure.story.blocks import BuildContext, Story
from brochure.story.figures import RuledLines
from brochure.story.flowables import mark
from brochure.story.pictures import Picture, read_picture
from brochure.story.styles import coloured, tight

LOGO_MAX = (2.2 * 72, 0.9 * 72)  # width, height in points
PICTURE_FILES = (".png", ".jpg", ".jpeg")
QR_SIZE = 1.05 * 72  # ≥ 2.5 cm with its quiet zone: scans reliably from a printed page


class QrCode(Flowable):
    """A QR code of `value`, `size` wide: ReportLab's encoder, drawn as filled squares.

    Drawn square by square rather than as a ReportLab Drawing: a Drawing sets the
    base-14 Helvetica as it starts, which PDF/A forbids (every font must be embedded)
    though the code prints no text. Keeps `value` so tests and the tagger can read what
    it encodes.
    """

    def __init__(self, value: str, size: float, rtl: bool = False, centred: bool = True):
        super().__init__()
        # Imported here: ReportLab's barcode package costs ~40 ms to import, and most
        # builds print no QR code.
        from reportlab.graphics.barcode.qr import QrCodeWidget
        from reportlab.graphics.shapes import Rect

        self.value, self.size, self.rtl, self.centred = value, size, rtl, centred
        widget = QrCodeWidget(value, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        self.scale = (size / (x1 - x0), size / (y1 - y0))
        self.squares = [
            (shape.x, shape.y, shape.width, shape.height)
            for shape in widget.draw().contents
            if isinstance(shape, Rect) and shape.fillColor is not None
        ]
        self.avail = size

    def wrap(self, availWidth, availHeight):
        self.avail = availWidth
        self.width, self.height = availWidth, self.size
        return self.width, self.height

    def draw(self) -> None:
        if self.centred:
            x = (self.avail - self.size) / 2
        else:
            x = self.avail - self.size if self.rtl else 0.0
        canv = self.canv
        canv.saveState()
        canv.translate(x, 0)
        canv.scale(*self.scale)
        canv.setFillColorRGB(0, 0, 0)
        path = canv.beginPath()
        for sx, sy, w, h in self.squares:
            path.rect(sx, sy, w, h)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()


def logo_flowable(
    ctx: BuildContext, clinic: Clinic | None, centred: bool = False
) -> Picture | None:
    """The clinic's logo, or None; the profile loader has already checked the file."""
    if clinic is None or not clinic.logo:
        return None
    path = resolve_asset(clinic.logo, ctx.workspace)
    if path is None:
        return None
    logo = Picture(read_picture(path), *LOGO_MAX, rtl=ctx.rtl, centred=centred)
    return mark(logo, "Figure", alt=clinic.name)


def _line(ctx: BuildContext, spans: list[Span], style) -> Flowable:
    """One line of the block. In a right-to-left brochure, text with no right-to-left
    letter before its first left-to-right one (a phone number, an email, a Latin-script
    name) is set left to right, still aligned to the reading side: '+1 555 0100' must
    never print as '0100 555 1+'."""
    if ctx.rtl and not _starts_rtl(plain(spans)):
        ctx = replace(ctx, rtl=False)
    return ctx.text(spans, tight(style), "P")


def _starts_rtl(text: str) -> bool:
    """Unicode bidi rules P2–P3: the first strong character decides the direction."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def contact_block(ctx: BuildContext, clinic: Clinic) -> list[Flowable]:
    """Heading, the clinic's name and details (as links), then the QR code with its URL."""
    st = ctx.styles
    heading = ctx.heading(ctx.strings["contact"], st.h2, "H2", None, True)
    out: list[Flowable] = list(heading) if isinstance(heading, list) else [heading]
    out.append(_line(ctx, [Span(clinic.name, bold=True)], st.body))
    if clinic.address:
        out.append(_line(ctx, [Span(clinic.address)], st.body))
    if clinic.phone:
        digits = "".join(ch for ch in clinic.phone if ch.isdigit() or ch == "+")
        out.append(_line(ctx, [Span(clinic.phone, href=f"tel:{digits}")], st.body))
    if clinic.email:
        out.append(_line(ctx, [Span(clinic.email, href=f"mailto:{clinic.email}")], st.body))
    if clinic.website:
        shown = clinic.website.split("://", 1)[-1].rstrip("/")
        out.append(_line(ctx, [Span(shown, href=clinic.website)], st.body))
    if clinic.online_url:
        out.append(Spacer(1, st.body.fontSize))
        qr = QrCode(clinic.online_url, QR_SIZE, ctx.rtl)
        out.append(mark(qr, "Figure", alt=f"{ctx.strings['scan_for_online']}: {clinic.online_url}"))
        out.append(Spacer(1, 4))
        caption = coloured(tight(st.small), ctx.theme.colors.text)
        centre = type(caption)(caption.name + "-c", parent=caption, alignment=1)
        out.append(_line(ctx, [Span(ctx.strings["scan_for_online"])], centre))
        out.append(_line(ctx, [Span(clinic.online_url, href=clinic.online_url)], centre))
    return out


def colophon(ctx: BuildContext, meta: BrochureMeta, clinic: Clinic | None) -> list[Flowable]:
    """Review and disclaimer lines (a handout prints them in its footer instead)."""
    small = tight(ctx.styles.small)
    lines = []
    if clinic is None and meta.publisher:
        lines.append(_line(ctx, [Span(meta.publisher, bold=True)], small))
    lines.append(
        _line(
            ctx,
            [Span(ctx.strings["last_reviewed"].format(date=long_date(meta.reviewed, ctx.lang)))],
            small,
        )
    )
    if meta.reviewed_by:
        lines.append(
            _line(ctx, [Span(ctx.strings["reviewed_by"].format(name=meta.reviewed_by))], small)
        )
    lines.append(
        _line(
            ctx,
            [Span(ctx.strings["next_review"].format(date=long_date(meta.next_review(), ctx.lang)))],
            small,
        )
    )
    lines.append(Spacer(1, 4))
    lines.append(_line(ctx, [Span(ctx.strings["disclaimer"])], small))
    return lines


def care_team_block(ctx: BuildContext) -> list[Flowable]:
    """A fill-in "My care team" block (name, phone, after-hours line) for a brochure with
    no clinic profile: the advice "call your care team" needs a number to call."""
    st = ctx.styles
    out: list[Flowable] = list(ctx.heading(ctx.strings["my_care_team"], st.h2, "H2", None, True))
    gap = ctx.theme.notes.line_gap * 1.5  # room to write, even for a shaky hand (~0.45 in)
    rule = colors.HexColor(ctx.theme.colors.rule)
    for key in ("care_team_name", "care_team_phone", "care_team_after_hours"):
        out.append(Spacer(1, 4))
        out.append(_line(ctx, [Span(ctx.strings[key], bold=True)], st.body))
        out.append(mark(RuledLines(1, gap, rule), "Artifact"))
    return out


def message_band(ctx: BuildContext) -> list[Flowable]:
    """The main message set in white, for the brand-colour band that is a folded layout's
    cover visual when the brochure has no picture (layouts/cover.py draws the band)."""
    st = ctx.styles
    white = "#FFFFFF"
    label = ctx.text([Span(ctx.strings["main_message"].upper(), bold=True)],
                     coloured(tight(st.small), white), "P")
    summary = ctx.text(ctx.spans(ctx.plan.language.content.summary),
                       coloured(tight(st.summary), white), "P", ("summary",))
    return [label, Spacer(1, 4), summary]


def cover_picture(ctx: BuildContext) -> Flowable | None:
    """The first picture (PNG or JPEG file) of the printed sections, for a cover: a copy
    marked decorative, since the picture with its alt text stays in the body."""
    for planned in ctx.plan.sections:
        for block in planned.section.blocks:
            if not isinstance(block, Illustration) or not block.illustration.asset:
                continue
            path = resolve_asset(block.illustration.asset, ctx.workspace)
            if path is not None and path.is_file() and path.suffix.lower() in PICTURE_FILES:
                picture = Picture(read_picture(path), 10_000, 10_000, centred=True)
                return mark(picture, "Artifact")
    return None


def questions_area(ctx: BuildContext, story: Story) -> list[Flowable]:
    """A heading and ruled lines for the patient's questions, for room a tri-fold's last
    panel has left: titled like the content's own notes block ("Questions for my care
    team"), else "Notes". Empty when the printed sections already have a notes block."""
    if any(isinstance(f, RuledLines) for f in story.body):
        return []
    titles = [
        block.notes.title
        for section in ctx.plan.language.content.sections
        for block in section.blocks
        if isinstance(block, Notes) and block.notes.title
    ]
    title = titles[0] if titles else ctx.strings["notes"]
    spans = [Span(s.text, True, s.italic) for s in ctx.spans(title)]
    # H2: a part of its own, not a subsection of the sources it follows.
    heading = ctx.text(spans, ctx.styles.h3, "H2")
    lines = RuledLines(40, ctx.theme.notes.line_gap, colors.HexColor(ctx.theme.colors.rule))
    return [heading, mark(lines, "Artifact")]


def brand_story(
    story: Story, ctx: BuildContext, meta: BrochureMeta, clinic: Clinic | None
) -> Story:
    """The story with the clinic's logo, contact block and the review lines attached."""
    story.logo = logo_flowable(ctx, clinic)
    story.back = contact_block(ctx, clinic) if clinic else []
    story.colophon = colophon(ctx, meta, clinic)
    story.care_team = [] if clinic else care_team_block(ctx)
    story.end_fill = questions_area(ctx, story)
    story.cover_title = [f for f in story.cover if getattr(f, "struct", None) is None
                         or f.struct.role != "Aside"]
    story.message_band = message_band(ctx)
    story.cover_picture = cover_picture(ctx)
    story.notes_heading = lambda: ctx.text([Span(ctx.strings["notes"], bold=True)],
                                           ctx.styles.h2, "H2")
    return story
