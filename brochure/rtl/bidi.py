"""Bidi embedding levels of a paragraph (UAX #9, via python-bidi) and visual order (rule L2)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bidi.bidi import get_display_inner

from brochure.memo import memoised

_LEVELS_BLOCK = re.compile(r"\n    levels: \[\n(.*?)\n    \],\n", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def bidi_levels(text: str, rtl: bool = True) -> list[int]:
    """UAX #9 embedding level of every character of one paragraph (odd = right-to-left).

    python-bidi 0.6 exposes levels only through the Debug dump of the Rust `BidiInfo`
    (`get_display(debug=True)`), one level per UTF-8 byte; we read the level of each
    character's first byte. If that dump ever changes shape we fall back to python-bidi's
    pure-Python implementation (older UAX #9: no bracket pairs), never to wrong output.
    """
    return list(_levels(text, rtl))


@memoised("rtl.bidi", 4096)
def _levels(text: str, rtl: bool) -> tuple[int, ...]:
    """`bidi_levels`, cached: every build of a brochure resolves the same paragraphs."""
    if not text:
        return ()
    base = "R" if rtl else "L"
    try:
        dump = get_display_inner(text, base, True)
        block = _LEVELS_BLOCK.search(dump)
        if block is None:
            raise ValueError("no levels in python-bidi debug output")
        per_byte = [int(v) for v in _LEVEL.findall(block.group(1))]
        if len(per_byte) != len(text.encode("utf-8")):
            raise ValueError("python-bidi level count does not match the text")
        levels: list[int] = []
        pos = 0
        for ch in text:
            levels.append(per_byte[pos])
            pos += len(ch.encode("utf-8"))
        return tuple(levels)
    except ValueError:
        return tuple(_python_bidi_levels(text, base))


def _python_bidi_levels(text: str, base: str) -> list[int]:
    """Levels from python-bidi's pure-Python algorithm (the fallback)."""
    from bidi import algorithm as alg

    storage = alg.get_empty_storage()
    storage["base_level"] = alg.PARAGRAPH_LEVELS[base]
    storage["base_dir"] = base
    alg.get_embedding_levels(text, storage)
    alg.explicit_embed_and_overrides(storage)
    alg.resolve_weak_types(storage)
    alg.resolve_neutral_types(storage, False)
    alg.resolve_implicit_levels(storage, False)
    return [int(c["level"]) for c in storage["chars"]]


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indices of items in left-to-right display order (UAX #9 rule L2).

    From the highest level down to the lowest odd level, reverse every maximal run of
    items at that level or higher.
    """
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(lv for lv in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        n = len(order)
        while i < n:
            if levels[order[i]] >= level:
                j = i
                while j < n and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
