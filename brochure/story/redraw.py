"""A ReportLab paragraph drawn again with the same lines: replayed (`fonts.replay`).

What ReportLab's `drawPara` writes depends on the paragraph's lines, its width and
height, every style setting and the few attributes drawing reads (`_offsets`...); the
replay key holds them, and `fonts.replay` adds the canvas and document state. Lines are
identified by the object `reuse.broken` shares for their line-breaking key, so only
paragraphs whose lines came from there are replayed: split halves and bulleted
paragraphs are always drawn (right-to-left ones have their own, `rtl.paragraph`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from brochure.fonts import replay


def remember_lines(p: Any, lines: Any) -> None:
    """Called by `reuse.broken`: these shared lines (None: lines of its own) are the
    paragraph's now. Shared lines are one object per line-breaking key while `reuse`
    keeps them, so the replay key holds their identity."""
    p._drawn_lines = lines


def drawn(p: Any, draw: Callable[[], None]) -> None:
    """`draw()` (the paragraph drawing itself on `p.canv`), or what it drew before for
    the same key, replayed."""
    lines = getattr(p, "_drawn_lines", None)
    if (lines is None or lines is not getattr(p, "blPara", None) or p.bulletText
            or p._source is None):
        draw()
        return
    offsets = getattr(p, "_offsets", None)  # what `drawPara` reads besides lines and style
    parts = (p.width, p.height, type(p).__name__, getattr(p, "_JustifyLast", None),
             getattr(p, "autoLeading", None), p.debug,
             tuple(offsets) if isinstance(offsets, list) else offsets,
             replay.style_key(p.canv, p.style))
    replay.replayed(p.canv, (lines,), parts, p._source[1], _printed(lines), draw)


_PRINTED: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _printed(para: Any) -> str:
    """The non-ASCII characters the lines print, each once, in order."""
    found = _PRINTED.get(para)
    if found is None:
        texts: list[str] = []
        for line in para.lines:
            if isinstance(line, tuple):
                texts.extend(line[1])
            else:
                texts.extend(getattr(word, "text", "") for word in line.words)
        found = _PRINTED[para] = replay.non_ascii(texts)
    return found
