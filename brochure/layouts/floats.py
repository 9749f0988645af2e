"""Figures float forward: text after a figure that does not fit the rest of a page
fills that space, and the figure takes the top of the next page.

Platypus places flowables strictly in order, so a picture (or its placeholder) taller
than what is left of a page forces a page break there and leaves the space empty, on
page 1 of the English handout a fifth of the page. Print designers, and LaTeX's floats,
move the text up instead. Here the text after the figure moves ahead of it in pieces
that fit: a paragraph or list, a heading with what it keeps with; the last paragraph of
a piece may continue under the figure (its first lines above, as books set a paragraph
around a top float). The figure keeps the space after it. The tagged reading order
stays the author's (top-level elements follow the story, pdf/tagging.py); only the
drawing moves.

A flowable floats when it has `floats = True` (story/blocks.py sets it on figures).
"""

from __future__ import annotations

from reportlab.platypus.flowables import CondPageBreak, Flowable, Spacer


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
        end = _piece_end(flowables, after)
        piece = flowables[after:end]
        if not piece:
            return
        if any(getattr(f, "floats", False) for f in piece):
            return
        text = [f for f in piece if not isinstance(f, CondPageBreak)]
        if self._needed(text, room) <= room:
            # Whole: a heading's rule for the room it wants below it (its conditional
            # break) has nothing left to guard, and would ask for lines that are not there.
            flowables[0:end] = text + flowables[0:after]
            return
        # The piece's last paragraph or list fits in part: its first lines go above, the
        # rest continues under the figure (as a book sets a paragraph around a top float).
        # Here the heading's rule holds.
        last = piece[-1]
        if not self._heading_rules_hold(piece, room):
            return
        left = room - self._needed(text[:-1], room) - last.getSpaceBefore()
        if left <= 0:
            return
        parts = last.splitOn(self.canv, self.frame._getAvailableWidth(), left)  # type: ignore[attr-defined]
        if len(parts) >= 2:
            flowables[0:end] = piece[:-1] + parts[:1] + flowables[0:after] + parts[1:]

    def _needed(self, flowables: list[Flowable], room: float) -> float:
        """The height these flowables take in a frame `room` high."""
        return sum(self._height(f, room) + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in flowables)

    def _heading_rules_hold(self, piece: list[Flowable], room: float) -> bool:
        """Whether no conditional break in the piece would break the frame here (worked
        out, never wrapped: wrapping one that does not fit breaks the frame)."""
        for f in piece:
            if isinstance(f, CondPageBreak):
                heading = getattr(f, "heading", None)
                want = f.height if heading is None else (
                    heading.getSpaceBefore() + self._height(heading, room) + f.below)
                if want > room:
                    return False
        return True

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
