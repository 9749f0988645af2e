"""Figures and page furniture of the story: the illustration's placeholder box, a
figure with its caption, ruled lines for notes and thin rules.

A figure here knows how to give way on a full page: the placeholder shrinks to what is
left down to a floor (and, on an empty page that still cannot hold it, squeezes its
description into smaller type); a captioned figure is kept whole unless not even an
empty page holds it. Whether it moves to the next page instead is the layout's call
(layouts/floats.py).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus.flowables import Flowable

from brochure.story.flowables import Struct, empty_frame_height


class Placeholder(Flowable):
    """The box an illustration will fill, showing what the picture should show."""

    def __init__(
        self,
        description: Flowable,
        label: Flowable,
        height_ratio: float,
        colour,
        max_height: float = 260,
        compact: Flowable | None = None,
    ):
        super().__init__()
        self.description, self.label = description, label
        self.height_ratio, self.colour, self.max_height = height_ratio, colour, max_height
        self.compact = compact  # the description in smaller type, for `squeeze`
        self.shown = description  # the one drawn: chosen anew by every wrap

    def wrap(self, availWidth, availHeight):
        """Full size when it fits; shrinks to what is left of the page down to 65 %, so a
        placeholder does not push a page break that leaves half a page empty."""
        self.width = availWidth
        self.shown = self.description
        wanted = min(self.max_height, availWidth * self.height_ratio)
        _, text_h = self.description.wrap(availWidth - 40, wanted)
        floor = max(wanted * 0.65, text_h + 36)
        self.height = max(floor, min(wanted, availHeight - 30))
        return self.width, self.height

    def squeeze(self, height: float) -> float:
        """Below the 65 % floor, down to its words and their padding, in smaller type if
        need be: for a page where even an empty frame has no more room (large print, a
        long description and caption)."""
        _, text_h = self.shown.wrap(self.width - 40, height)
        if text_h + 36 > height and self.compact is not None:
            self.shown = self.compact
            _, text_h = self.shown.wrap(self.width - 40, height)
        self.height = max(text_h + 36, min(self.height, height))
        return self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(self.colour)
        canv.setFillColor(colors.HexColor("#F4F6F8"))
        canv.setDash(4, 3)
        canv.roundRect(0, 0, self.width, self.height, 6, stroke=1, fill=1)
        canv.setDash()
        canv.restoreState()
        _, label_h = self.label.wrap(self.width - 40, 40)
        self.label.drawOn(canv, 20, self.height - 8 - label_h)
        d = self.shown
        d.drawOn(canv, 20, max(6, (self.height - d.height) / 2 - 6))


class Captioned(Flowable):
    """A figure with its caption underneath, kept together without a fixed height, so a
    shrinkable figure can still fill the rest of a page.

    It has no role of its own: the figure (with its alt text) and the caption are two
    elements, figure first; a caption inside the Figure would be hidden by the alt text.
    """

    def __init__(self, figure: Flowable, caption: Flowable, gap: float = 4):
        super().__init__()
        self.figure, self.caption, self.gap = figure, caption, gap
        self.tagged_parts = (figure, caption)  # their place in the story's reading order

    def wrap(self, availWidth, availHeight):
        _, ch = self.caption.wrap(availWidth, availHeight)
        room = availHeight - ch - self.gap
        _, fh = self.figure.wrap(availWidth, room)
        empty = empty_frame_height(self)
        if fh > room and hasattr(self.figure, "squeeze") and empty is not None \
                and availHeight >= empty - 1:  # a whole frame: the figure must give way
            fh = self.figure.squeeze(room)
        self._whole_frame = empty is not None and availHeight >= empty - 1
        self.width, self.height = availWidth, fh + self.gap + ch
        return self.width, self.height

    def split(self, availWidth, availHeight):
        """Whole, or, when not even an empty frame holds both, the figure and then its
        caption (the caption goes on over the page rather than the build failing)."""
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight or not self._whole_frame:
            return []
        return [self.figure, self.caption]

    def draw(self) -> None:  # figure first: drawing order is reading order inside a flowable
        self.figure.drawOn(self.canv, 0, self.caption.height + self.gap)
        self.caption.drawOn(self.canv, 0, 0)


class RuledLines(Flowable):
    """Ruled lines for handwritten notes."""

    def __init__(self, lines: int, gap: float, colour):
        super().__init__()
        self.lines, self.gap, self.colour = lines, gap, colour

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.lines * self.gap
        return self.width, self.height

    def split(self, availWidth, availHeight):
        fit = int(availHeight // self.gap)
        if fit < 2 or fit >= self.lines:
            return []
        parts = [
            RuledLines(fit, self.gap, self.colour),
            RuledLines(self.lines - fit, self.gap, self.colour),
        ]
        for part in parts:
            if hasattr(self, "struct"):
                part.struct = self.struct
        return parts

    def draw(self) -> None:
        canv = self.canv
        canv.setStrokeColor(self.colour)
        canv.setLineWidth(0.6)
        for i in range(self.lines):
            y = self.height - (i + 1) * self.gap + 2
            canv.line(0, y, self.width, y)


class Rule(Flowable):
    """A thin horizontal rule (decorative: an artifact for screen readers)."""

    def __init__(self, colour, thickness: float = 1.2, space: float = 6, width_ratio=1.0,
                 rtl: bool = False):
        super().__init__()
        self.rtl = rtl
        self.colour, self.thickness, self.space, self.width_ratio = (
            colour,
            thickness,
            space,
            width_ratio,
        )
        self.struct = Struct("Artifact")

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.thickness + 2 * self.space
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.thickness)
        y = self.height / 2
        start = self.width * (1 - self.width_ratio) if self.rtl else 0
        self.canv.line(start, y, start + self.width * self.width_ratio, y)
