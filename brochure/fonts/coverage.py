"""Text as fonts see it: clusters, neutral characters, coverage sets.

Pure functions of Unicode data, kept apart from the font machinery so the rules for
where a font may change are easy to read and test.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

from brochure.fonts.config import Ranges


class Coverage:
    """A set of code points stored as sorted ranges (CJK fonts map ~45,000)."""

    __slots__ = ("_ends", "_starts", "ranges")

    def __init__(self, ranges: Ranges) -> None:
        self.ranges = ranges
        self._starts = [lo for lo, _ in ranges]
        self._ends = [hi for _, hi in ranges]

    def __contains__(self, cp: int) -> bool:
        i = bisect_right(self._starts, cp) - 1
        return i >= 0 and cp <= self._ends[i]


# -- characters --------------------------------------------------------------------------


def ignorable(ch: str) -> bool:
    """Characters no font needs a glyph for: controls, format characters such as the
    soft hyphen, ZWJ/ZWNJ and bidi marks, line/paragraph separators, variation
    selectors. They never cause a font switch and are never reported missing."""
    cp = ord(ch)
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or cp == 0x034F:
        return True
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def attaches(ch: str) -> bool:
    """Characters that belong to the preceding one: combining marks, joiners, selectors."""
    cp = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me") or cp in (0x200C, 0x200D)
            or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF)


def neutral(ch: str) -> bool:
    """Spaces, punctuation, digits and symbols: they follow the surrounding run."""
    return unicodedata.category(ch)[0] in "ZPNSC"


def clusters_of(text: str) -> list[str]:
    """Base characters with their combining marks, so a mark never changes font."""
    out: list[str] = []
    for ch in text:
        if out and attaches(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def needed(chars: Iterable[str]) -> list[int]:
    """The code points a font must have to draw `chars`."""
    return [ord(c) for c in chars if not ignorable(c)]
