"""Measuring a flow through fixed panels, so a layout can say what did not fit and by how much.

Platypus silently adds pages when content overflows. A fixed-size layout (the tri-fold)
instead lets the flow run on into measuring-only frames of the same size, records where
chosen flowables (section headings) land as a *flow coordinate* — frame index × frame
height + depth into that frame — and raises `Overflow` when anything landed past the
last real frame. Nothing is cut, and the measuring pages are never written out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.frames import Frame

from brochure.records import record
from brochure.story.figures import RuledLines


@record
class Overflow(Exception):
    """Content that does not fit a layout with a fixed number of panels.

    Flow coordinates are points along the flow (see module docstring); `marks` holds the
    start coordinate of each watched flowable by key, in flow order.
    """

    layout: str
    panel_height: float
    panels: int
    needed: float
    marks: list[tuple[str, float]] = field(default_factory=list)
    fixed: dict[str, float] = field(default_factory=dict)  # fixed panel → points too tall

    @property
    def capacity(self) -> float:
        return self.panels * self.panel_height

    @property
    def over(self) -> float:
        """Points of flow past the last panel."""
        return max(0.0, self.needed - self.capacity)

    def spans(self) -> list[tuple[str, float, float]]:
        """(key, start, end) for every watched part; a part ends where the next begins."""
        out = []
        for i, (key, start) in enumerate(self.marks):
            end = self.marks[i + 1][1] if i + 1 < len(self.marks) else self.needed
            out.append((key, start, max(start, end)))
        return out

    def __str__(self) -> str:  # for tracebacks only; fitting.py writes the report
        return f"{self.layout}: {self.over:.0f} pt past {self.panels} panels; fixed {self.fixed}"


class EnsurePages(ActionFlowable):
    """Ends the flow on page `count` at least, so a short brochure still has its inside."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def apply(self, doc) -> None:
        if doc.page < self.count:
            doc.handle_pageBreak()


class FlowDoc(BaseDocTemplate):
    """A doc template that measures: where watched flowables start, where the flow ends."""

    def __init__(self, *args, watch: dict[int, str], real_frames: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.watch = watch  # id(flowable) → key
        self.real_frames = real_frames
        self.frame_index = -1
        self.marks: list[tuple[str, float]] = []
        self.end = 0.0
        self.frame_height = 0.0
        self.fixed_over: dict[str, float] = {}

    def handle_frameBegin(self, resume=0, pageTopFlowables=None):
        self.frame_index += 1
        super().handle_frameBegin(resume, pageTopFlowables)

    def _coordinate(self) -> float:
        frame = self.frame
        self.frame_height = frame._height
        depth = frame._y1 + frame._height - frame._y
        return self.frame_index * frame._height + depth

    def afterFlowable(self, flowable: Flowable) -> None:
        if self.frame is None or isinstance(flowable, ActionFlowable):
            return
        here = self._coordinate()
        key = self.watch.get(id(flowable))
        if key is not None:
            self.marks.append((key, here - getattr(flowable, "height", 0.0)))
        self.end = max(self.end, here)

    def overflow(self, layout: str) -> Overflow | None:
        """The Overflow to raise after `build`, or None when everything fit."""
        panels_over = self.end > self.real_frames * self.frame_height + 0.01
        if not panels_over and not self.fixed_over:
            return None
        return Overflow(
            layout, self.frame_height, self.real_frames, self.end, self.marks, self.fixed_over
        )


def place_fixed(
    canv: Canvas,
    box: tuple[float, float, float, float],
    top: Iterable[Flowable],
    bottom: Iterable[Flowable] = (),
    gap: float = 10,
) -> float:
    """Draw `top` from the top of `box` (x, y, w, h) and `bottom` flush with its bottom.

    Returns how many points did not fit (0 when all did). Ruled note lines at the end
    of `top` are a filler: they are cut to the room left, never reported.
    """
    x, y, w, h = box
    bottom, top = list(bottom), list(top)
    bottom_h = stack_height(bottom, w)
    needed = stack_height(top, w) + (bottom_h + gap if bottom else 0)
    if bottom:
        frame = _frame(x, y, w, bottom_h + 0.5)
        frame.addFromList(list(bottom), canv)
    room = h - (bottom_h + gap if bottom else 0)
    rest = top
    if room > 0:
        frame = _frame(x, y + h - room, w, room)
        frame.addFromList(rest, canv)
        for part in _filler_split(rest, w, frame):
            frame.add(part, canv)
        rest = [f for f in rest if getattr(getattr(f, "struct", None), "role", "") != "Artifact"]
    return max(0.0, needed - h) if rest or room <= 0 else 0.0


def _filler_split(rest: list[Flowable], w: float, frame: Frame) -> list[Flowable]:
    if len(rest) == 1 and isinstance(rest[0], RuledLines):
        parts = rest[0].split(w, frame._y - frame._y1p)
        return parts[:1]
    return []


def stack_height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for i, f in enumerate(flowables):
        _, h = f.wrap(width, 10_000)
        total += h + (f.getSpaceBefore() if i else 0)
        total += f.getSpaceAfter() if i < len(flowables) - 1 else 0
    return total


def _frame(x: float, y: float, w: float, h: float) -> Frame:
    return Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)


@contextmanager
def restoring(flowables: list[Flowable]) -> Iterator[None]:
    """The flowables as they were before the block, for a layout that builds twice.

    Platypus edits flowables as it lays them out (a heading kept with the next flowable
    loses `keepWithNext`, a flowable moved on once is marked `_postponed` and refused the
    next time): a second build of the same story must start from the same place.
    """
    saved = [(f, dict(f.__dict__)) for f in flowables]
    try:
        yield
    finally:
        for f, state in saved:
            f.__dict__.clear()
            f.__dict__.update(state)
