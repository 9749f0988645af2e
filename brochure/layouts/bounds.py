"""Nothing outside its box: every flowable a frame draws stays inside that frame.

Platypus keeps a flowable from running off the bottom of its frame, but not off its
sides: a line that cannot break (a long word, an address in a script we never cut) is
drawn past the frame's edge, across a tri-fold's fold or off the paper, and the build
exits 0. While `checking()` is active, every flowable a frame draws is measured from the
layout itself (the widest line of each paragraph, recursively through boxes and list
items) against the frame's inner box; a flowable taller than an empty frame is recorded
too. `problems()` then names each at its FILE:LINE:COL. Cost: one comparison per line
already broken, no second pass.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import field
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.frames import Frame
from reportlab.platypus.paragraph import Paragraph

from brochure.errors import Problem
from brochure.records import record
from brochure.story.figures import Captioned
from brochure.story.flowables import Box, ListItem, struct_of

if TYPE_CHECKING:
    from brochure.rtl import RTLParagraph

TOLERANCE = 0.5  # points: rounding in line widths, never a visible overflow
# Right-to-left paragraphs: loaded only by a build that makes one (story.blocks), so a
# left-to-right build does not import them here either.
_RTL_MODULE = "brochure.rtl.paragraph"


@record
class Outside:
    """A flowable drawn past its frame's side."""

    frame: str
    flowable: Flowable
    culprit: Flowable
    over: float
    side: str


@record
class Checker:
    outside: list[Outside] = field(default_factory=list)
    too_tall: Flowable | None = None
    too_tall_room: float = 0.0

    def problems(self, display: str, place: str) -> list[Problem]:
        """One problem per overflowing block, at its position in the content."""
        out: list[Problem] = []
        seen: set[tuple] = set()
        for item in self.outside:
            where = _origin(item.culprit) or _origin(item.flowable) or (display, 0, 0)
            if where in seen:
                continue
            seen.add(where)
            box = f"panel `{item.frame}`" if place == "panel" else "page's text area"
            wider = ", or use --layout handout (wider lines)" if place == "panel" else ""
            out.append(Problem(*where, (
                f"this text runs {item.over:.0f} pt past the {item.side} edge of its {box}: "
                f"a word or address too long to break; shorten it or put spaces in it{wider}"
            )))
        return out

    def too_tall_problem(self, display: str, place: str) -> Problem:
        f = self.too_tall
        where = (_origin(f) if f is not None else None) or (display, 0, 0)
        height = getattr(f, "height", 0.0)
        return Problem(*where, (
            f"this block is taller than a whole {place} ({height:.0f} pt, room "
            f"{self.too_tall_room:.0f} pt) and cannot be split; make it shorter or split it "
            "into two blocks"
        ))


_ACTIVE: ContextVar[Checker | None] = ContextVar("brochure_bounds", default=None)
_plain_add = Frame._add


def checked_add(self: Frame, flowable: Flowable, canv, trySplit: int = 0) -> int:  # noqa: N803
    """`Frame._add`, measuring what it drew against the frame when a checker is active."""
    checker = _ACTIVE.get()
    at_top = self._atTop
    drawn = _plain_add(self, flowable, canv, trySplit)
    if checker is None or getattr(flowable, "frameAction", None):
        return drawn
    if not drawn:
        if at_top and not trySplit:
            checker.too_tall, checker.too_tall_room = flowable, self._y2 - self._y1p
        return drawn
    left_edge = self._x1 + self._leftPadding
    right_edge = self._x1 + self._width - self._rightPadding
    x = self._x + self._leftExtraIndent
    width = getattr(flowable, "width", 0.0) or 0.0
    left, right, culprit = overflow(flowable)
    name = self.id or "frame"
    if x - left < left_edge - TOLERANCE:
        checker.outside.append(Outside(name, flowable, culprit, left_edge - (x - left), "left"))
    if x + width + right > right_edge + TOLERANCE:
        over = x + width + right - right_edge
        checker.outside.append(Outside(name, flowable, culprit, over, "right"))
    return drawn



@contextmanager
def checking() -> Iterator[Checker]:
    """Measure every flowable frames draw inside the block."""
    checker = Checker()
    token = _ACTIVE.set(checker)
    try:
        yield checker
    finally:
        _ACTIVE.reset(token)


def overflow(f: Flowable) -> tuple[float, float, Flowable]:
    """How far a laid-out flowable's ink runs past its own box, (left, right), in points,
    and the innermost flowable responsible."""
    rtl = sys.modules.get(_RTL_MODULE)  # not loaded: no flowable can be right-to-left
    if rtl is not None and isinstance(f, rtl.RTLParagraph):
        return _rtl_overflow(f)
    if isinstance(f, Paragraph):
        return _paragraph_overflow(f)
    if isinstance(f, Box):
        offset = f.padding + (0.0 if f.rtl else f.bar)
        return _children(f, [(c, offset) for c in f.content])
    if isinstance(f, ListItem):
        return _children(f, [(f.content, 0.0 if f.rtl else f.indent)])
    if isinstance(f, Captioned):
        return _children(f, [(f.figure, 0.0), (f.caption, 0.0)])
    return 0.0, 0.0, f


def _children(
    parent: Flowable, placed: list[tuple[Flowable, float]]
) -> tuple[float, float, Flowable]:
    left = right = 0.0
    culprit = parent
    width = getattr(parent, "width", 0.0) or 0.0
    for child, x in placed:
        cl, cr, who = overflow(child)
        child_width = getattr(child, "width", 0.0) or 0.0
        past_left = -(x - cl)
        past_right = x + child_width + cr - width
        if past_left > left:
            left, culprit = past_left, who
        if past_right > right:
            right, culprit = past_right, who
    return left, right, culprit


def _paragraph_overflow(p: Paragraph) -> tuple[float, float, Flowable]:
    para = getattr(p, "blPara", None)
    lines = getattr(para, "lines", None) or []
    extras = [line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0.0)
              for line in lines]
    over = -min(extras, default=0.0)
    if over <= 0:
        return 0.0, 0.0, p
    return _by_alignment(p.style.alignment, over, p)


def _rtl_overflow(p: RTLParagraph) -> tuple[float, float, Flowable]:
    lines = p._layout(p.width) if p.width else []
    room = p._text_width(p.width)
    over = max((line.width for line in lines), default=0.0) - room
    if over <= 0:
        return 0.0, 0.0, p
    return _by_alignment(p.alignment, over, p)


def _by_alignment(alignment: int, over: float, p: Flowable) -> tuple[float, float, Flowable]:
    if alignment == TA_RIGHT:
        return over, 0.0, p
    if alignment == TA_CENTER:
        return over / 2, over / 2, p
    return 0.0, over, p


def _origin(f: Flowable | None) -> tuple[str, int, int] | None:
    """FILE:LINE:COL of a flowable, or of the first one inside it that has one."""
    if f is None:
        return None
    struct = struct_of(f)
    if struct is not None and struct.origin is not None:
        return struct.origin
    for name in ("content", "figure", "caption"):
        inner = getattr(f, name, None)
        for child in inner if isinstance(inner, list) else [inner]:
            found = _origin(child) if isinstance(child, Flowable) else None
            if found:
                return found
    return None
