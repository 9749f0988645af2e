"""Greedy line breaking of a prepared paragraph in logical order."""

from __future__ import annotations

from dataclasses import dataclass

from brochure.rtl.atoms import _Prepared
from brochure.rtl.pdfvalues import _EPS


@dataclass(frozen=True)
class _Line:
    """Words [w0, w1) of a fragment's paragraph, with their natural width in points."""

    w0: int
    w1: int
    width: float


def _break_lines(
    prep: _Prepared, w0: int, w1: int, size: float, first_width: float, width: float
) -> list[_Line]:
    """Greedy line breaking in logical order at spaces (an over-long word gets its own
    line and overflows rather than being cut)."""
    lines: list[_Line] = []
    start = w0
    cur = 0.0
    avail = first_width
    atoms = prep.atoms
    for wi in range(w0, w1):
        word = prep.words[wi]
        ww = sum(atoms[a].width(size) for a in range(word.lo, word.hi))
        if wi == start:
            cur = ww
            continue
        sw = atoms[word.space].width(size) if word.space is not None else 0.0
        if cur + sw + ww <= avail + _EPS:
            cur += sw + ww
        else:
            lines.append(_Line(start, wi, cur))
            start = wi
            cur = ww
            avail = width
    if w1 > start:
        lines.append(_Line(start, w1, cur))
    return lines
