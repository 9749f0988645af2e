"""Greedy line breaking of a prepared paragraph in logical order."""

from __future__ import annotations

from brochure.memo import MISSING, Memo
from brochure.records import record
from brochure.rtl.atoms import _Prepared
from brochure.rtl.pdfvalues import _EPS


@record(frozen=True)
class _Line:
    """Words [w0, w1) of a fragment's paragraph, with their natural width in points."""

    w0: int
    w1: int
    width: float


# Broken lines of prepared paragraphs: the paragraph stands in the key by its serial
# (a `_Prepared` is immutable and its serial never reused).
_LINES: Memo[tuple, tuple[_Line, ...]] = Memo("rtl.lines", 16_384, max_weight=100_000,
                                              weigh=lambda lines: 1 + len(lines))


def _break_lines(
    prep: _Prepared, w0: int, w1: int, size: float, first_width: float, width: float
) -> list[_Line]:
    """`_greedy_lines`, memoised: every build breaks the same paragraphs at the same widths."""
    key = (prep.serial, w0, w1, size, first_width, width)
    found = _LINES.get(key)
    if found is MISSING:
        found = _LINES.put(key, tuple(_greedy_lines(prep, w0, w1, size, first_width, width)))
    return list(found)


def _greedy_lines(
    prep: _Prepared, w0: int, w1: int, size: float, first_width: float, width: float
) -> list[_Line]:
    """Greedy line breaking in logical order at spaces. A run of joined words (a long web
    address or word, see `_Word`) breaks inside only when it does not fit a line of its
    own: at its last break point that fits, else between letters (emergency)."""
    atoms = prep.atoms
    words = prep.words
    word_w = [sum(atoms[a].width(size) for a in range(w.lo, w.hi)) for w in words[w0:w1]]

    def gap(k: int, start: int) -> float:
        space = words[k].space
        return atoms[space].width(size) if space is not None and k != start else 0.0

    def measure(start: int, end: int) -> float:
        return sum(word_w[k - w0] + gap(k, start) for k in range(start, end))

    lines: list[_Line] = []
    start, avail = w0, first_width

    def new_line(at: int) -> None:
        nonlocal start, avail
        lines.append(_Line(start, at, measure(start, at)))
        start, avail = at, width

    wi = w0
    while wi < w1:
        end = wi + 1  # the run of joined words starting at wi
        while end < w1 and words[end].joined:
            end += 1
        if measure(start, end) <= avail + _EPS:
            wi = end
            continue
        if wi != start and measure(wi, end) <= width + _EPS:
            new_line(wi)  # fits a line of its own: moves down whole
            continue
        # Longer than a line: fill lines piece by piece, at the last break point that
        # fits (a cut between letters only where no break point does).
        k = wi
        while k < end:
            if k == start or measure(start, k + 1) <= avail + _EPS:
                k += 1
                continue
            soft = [j for j in range(max(start + 1, wi + 1), k + 1) if not words[j].emergency]
            new_line(soft[-1] if soft else k)
            k = start
        wi = end
    if w1 > start:
        lines.append(_Line(start, w1, measure(start, w1)))
    return lines
