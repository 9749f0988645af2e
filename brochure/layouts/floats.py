"""Figures float forward: text after a figure that does not fit the rest of a page
fills that space, and the figure takes the top of the next page.

Platypus places flowables strictly in order, so a picture (or its placeholder) taller
than what is left of a page forces a page break there and leaves the space empty, on
page 1 of the English handout a fifth of the page. Print designers, and LaTeX's floats,
move the text up instead. Here the text after the figure moves ahead of it in whole
pieces that fit: a paragraph or list, a heading with what it keeps with. The figure keeps
the space after it. The tagged reading order stays the author's (top-level elements
follow the story, pdf/tagging.py); only the drawing moves.

A flowable floats when it has `floats = True` (story/blocks.py sets it on figures).
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, Spacer


class FloatingFigures:
    """A doc-template mixin: ReportLab's `filterFlowables` hook moves text ahead of a
    floating figure that does not fit the current frame."""

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        super().filterFlowables(flowables)  # type: ignore[misc]
        if not flowables or not getattr(flowables[0], "floats", False):
            return
        frame = getattr(self, "frame", None)
        if frame is None or frame._atTop:  # an empty frame: the figure goes here
            return
        room = frame._y - frame._y1p
        if self._height(flowables[0], room) <= room:
            return
        after = 1
        while after < len(flowables) and type(flowables[after]) is Spacer:
            after += 1  # the space below the figure stays with it
        piece = flowables[after:_piece_end(flowables, after)]
        if piece and self._fits(piece, room):
            flowables[0:after + len(piece)] = piece + flowables[0:after]

    def _fits(self, piece: list[Flowable], room: float) -> bool:
        """Whether the whole piece fits in `room`, its heading's rule for the room it
        wants below it included (a conditional break is never wrapped here: wrapping one
        that does not fit would break the frame)."""
        needed = 0.0
        for f in piece:
            if getattr(f, "floats", False):
                return False
            if isinstance(f, CondPageBreak):
                heading = getattr(f, "heading", None)
                want = f.height if heading is None else (
                    heading.getSpaceBefore() + self._height(heading, room) + f.below)
                if want > room:
                    return False
                continue
            needed += self._height(f, room) + f.getSpaceBefore() + f.getSpaceAfter()
        return needed <= room

    def _height(self, flowable: Flowable, room: float) -> float:
        width = self.frame._getAvailableWidth()  # type: ignore[attr-defined]
        return flowable.wrapOn(self.canv, width, room)[1]  # type: ignore[attr-defined]


def _piece_end(flowables: list[Flowable], start: int) -> int:
    """Where the piece of text starting at `start` ends: a paragraph, list or box, with
    what leads into it (a conditional break, a bookmark, a heading and anything kept
    with the next)."""
    headings = set()
    i = start
    while i < len(flowables):
        f = flowables[i]
        if isinstance(f, CondPageBreak):
            if getattr(f, "heading", None) is not None:
                headings.add(id(f.heading))
        elif not (f.getKeepWithNext() or id(f) in headings):
            return i + 1
        i += 1
    return i
