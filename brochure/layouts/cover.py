"""Whole-page pieces of the folded layouts: a cover, a back cover, a page for notes.

A folded brochure is judged by its cover: title at the top, a visual, the main message,
nothing left half empty. `CoverPage` fills the box it is given: `top` from the top,
`bottom` flush with the bottom, and the room between for the visual — the brochure's
picture scaled to it, or, with no picture, the main message's brand-colour band grown
upwards to meet the title. A back cover is the same flowable with no visual.

These are containers without a role of their own: what they draw of their own (the
band's colour) is an artifact, and their content is tagged as it draws.
"""

from __future__ import annotations

import copy

from reportlab.platypus.flowables import CondPageBreak, Flowable

from brochure.story.blocks import Story
from brochure.story.figures import Captioned
from brochure.story.pictures import Picture

GAP = 14.0  # between the top stack, the visual and the bottom stack
MIN_VISUAL = 72.0  # a picture squeezed smaller than an inch is left out


def stack_heights(flowables: list[Flowable], width: float) -> tuple[float, list[float]]:
    """Total height of flowables set one under another, and the space above each."""
    total, gaps = 0.0, []
    for i, f in enumerate(flowables):
        _, h = f.wrap(width, 10_000)
        gap = 0.0
        if i:
            gap = max(flowables[i - 1].getSpaceAfter(), f.getSpaceBefore())
        gaps.append(gap)
        total += gap + h
    return total, gaps


def draw_stack(canv, flowables: list[Flowable], x: float, top: float, width: float) -> float:
    """Draw flowables one under another from `top`; returns the y where they end."""
    _, gaps = stack_heights(flowables, width)
    y = top
    for f, gap in zip(flowables, gaps, strict=True):
        y -= gap + f.height
        f.drawOn(canv, x, y)
    return y


class ColourBand(Flowable):
    """Flowables on a block of brand colour that runs past its box into the margins.

    `bleed` = (left, right, bottom) points the colour extends beyond the box: to a fold
    (stop exactly there) or past a trim edge into the bleed. `stretch` sets a taller
    height than the content needs (a cover grows the band to meet its title).
    """

    def __init__(self, content: list[Flowable], colour, padding: float = 16):
        super().__init__()
        self.content, self.colour, self.padding = content, colour, padding
        self.bleed = (0.0, 0.0, 0.0)
        self.stretch = 0.0
        self._content = content  # reading order sees the text inside (tagging._flatten)

    def wrap(self, availWidth, availHeight):
        inner, _ = stack_heights(self.content, availWidth - 2 * self.padding)
        self.natural = inner + 2 * self.padding
        self.width, self.height = availWidth, max(self.natural, self.stretch)
        return self.width, self.height

    def draw(self) -> None:
        left, right, bottom = self.bleed
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.colour)
        canv.rect(-left, -bottom, self.width + left + right, self.height + bottom, stroke=0,
                  fill=1)
        canv.restoreState()
        # The text sits in the upper part of a stretched band, under the title it answers.
        top = self.height - self.padding - min(self.height - self.natural, 24.0)
        draw_stack(canv, self.content, self.padding, top, self.width - 2 * self.padding)


class CoverPage(Flowable):
    """Fills its frame: `top` from the top, `bottom` at the bottom, `visual` in between.

    The visual is scaled to the room (and left out below `MIN_VISUAL`); a `ColourBand` at
    the start of `bottom` with no visual is stretched to fill the room instead.
    """

    def __init__(
        self, top: list[Flowable], visual: Flowable | None, bottom: list[Flowable]
    ):
        super().__init__()
        top, bottom = _placeable(top), _placeable(bottom)
        visual = _fitting(visual) if visual is not None else None
        self.top, self.visual, self.bottom = top, visual, bottom
        self._content = [*top, *([visual] if visual else []), *bottom]
        self.over = 0.0  # points the content is too tall for the box (0 when it fits)

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, availHeight
        band = self.bottom[0] if self.bottom and isinstance(self.bottom[0], ColourBand) else None
        if band is not None:
            band.stretch = 0.0
        top_h, _ = stack_heights(self.top, availWidth)
        bottom_h, _ = stack_heights(self.bottom, availWidth)
        room = availHeight - top_h - bottom_h - (GAP if self.top and self.bottom else 0)
        self.over = max(0.0, -room)
        self.show_visual = False
        if self.visual is not None and room - 2 * GAP >= MIN_VISUAL:
            target = getattr(self.visual, "figure", self.visual)  # a captioned figure's
            if hasattr(target, "max_height"):  # a picture: scaled to the room
                caption = getattr(self.visual, "caption", None)
                below = caption.wrap(availWidth, room)[1] + self.visual.gap if caption else 0.0
                target.max_height = max(0.0, room - 2 * GAP - below)
            _, h = self.visual.wrap(availWidth, room - 2 * GAP)
            # never over the title or the main message (nothing outside its box)
            self.show_visual = MIN_VISUAL - 0.5 <= h <= room - 2 * GAP + 0.5
            room -= 2 * GAP + h if self.show_visual else 0
        if band is not None and not self.show_visual and room > 0:
            band.stretch = band.natural + room
            band.wrap(availWidth, band.stretch)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        end = draw_stack(canv, self.top, 0, self.height, self.width)
        bottom_h, _ = stack_heights(self.bottom, self.width)
        if self.show_visual and self.visual is not None:
            room_top, room_bottom = end - GAP, bottom_h + GAP
            h = self.visual.height
            self.visual.drawOn(canv, 0, room_bottom + (room_top - room_bottom - h) / 2)
        draw_stack(canv, self.bottom, 0, bottom_h, self.width)


def _fitting(visual: Flowable) -> Flowable:
    """A copy of the visual whose picture scales down to any room: on a cover the
    picture is fitted to the space, it never moves (`Picture.shrink_floor` is for
    pages of text)."""
    if isinstance(visual, Picture):
        fitted = copy.copy(visual)
        fitted.shrink_floor = 0.0
        return fitted
    if isinstance(visual, Captioned):
        fitted = copy.copy(visual)
        fitted.figure = _fitting(visual.figure)
        return fitted
    return visual


class FillPage(Flowable):
    """A heading and as many ruled lines as the rest of the frame holds: a booklet's
    page for notes, where the page count needs one more page than the content fills."""

    def __init__(self, heading: Flowable, line_gap: float, colour):
        super().__init__()
        self.heading, self.line_gap, self.colour = heading, line_gap, colour
        self._content = [heading]

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, max(0.0, availHeight - 1)
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        _, h = self.heading.wrap(self.width, self.height)
        y = self.height - h
        self.heading.drawOn(canv, 0, y)
        y -= self.heading.getSpaceAfter() + 6
        canv.saveState()
        canv.setStrokeColor(self.colour)
        canv.setLineWidth(0.6)
        y -= self.line_gap
        while y >= 0:
            canv.line(0, y, self.width, y)
            y -= self.line_gap
        canv.restoreState()


def _placeable(flowables: list[Flowable]) -> list[Flowable]:
    """Without page-break conditions (a heading's "room below me"): a cover is one box."""
    return [f for f in flowables if not isinstance(f, CondPageBreak)]


def summary_box(story: Story) -> Flowable | None:
    """The cover's main-message box (the Aside of `story.cover`)."""
    for f in story.cover:
        struct = getattr(f, "struct", None)
        if struct is not None and struct.role == "Aside":
            return f
    return None


def front_cover(
    story: Story, colour, visual: Flowable | None = None, logo: Flowable | None = None
) -> tuple[CoverPage, ColourBand | None]:
    """Title and subtitle, the visual (`visual`, else the story's cover picture), the main
    message; the logo above the title. With no picture the main message becomes a band
    of `colour` (returned too, so the layout can run it into the bleed)."""
    visual = visual or story.cover_picture
    box = summary_box(story)
    band = None
    bottom: list[Flowable] = [box] if box is not None else []
    if visual is None and box is not None and story.message_band:
        band = ColourBand(story.message_band, colour)
        band.struct = box.struct  # type: ignore[attr-defined]
        bottom = [band]
    top = ([logo] if logo is not None else []) + (story.cover_title or story.cover[:-1])
    return CoverPage(top, visual, bottom), band


def back_cover(story: Story) -> CoverPage:
    """The clinic's contact block and QR code (or the fill-in care-team block) from the
    top, the review lines and disclaimer at the bottom."""
    return CoverPage(story.back or story.care_team, None, story.colophon)
