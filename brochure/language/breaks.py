"""Where a long string with no spaces may break: web addresses, DOIs, paths, long words.

A reader expects a web address or a DOI to break after `/ . - _ ? & =` and never to gain a
hyphen there (a hyphen would look like part of the address). Short tokens such as
"ACC/AHA", "and/or" or "mm/Hg" never break inside: they move to the next line whole. A
word longer than a whole line (no break point at all) may break between any two letters,
as a last resort, so nothing runs out of its box.

One answer for every line breaker: ReportLab's Latin paragraphs (`flowables.py` patches
its URI splitting with `break_points`), its CJK line breaking (Latin runs inside Chinese)
and the right-to-left engine (`rtl/atoms.py`).
"""

from __future__ import annotations

BREAK_AFTER = frozenset("/.-_?&=#")
# Tokens shorter than this never break inside at a break character (ACC/AHA, and/or).
MIN_BREAKABLE = 16
# A word without break points this long gets emergency break points between letters,
# used only when the word is wider than a whole line.
MIN_EMERGENCY = 20


def break_points(token: str, limit: int | None = None) -> list[int]:
    """Offsets at which `token` may break (the text before the offset ends a line), after
    a run of break characters and before a letter or digit; [] for short tokens. With
    `limit`, only offsets up to it."""
    if len(token) < MIN_BREAKABLE:
        return []
    points = []
    seen_alnum = token[:1].isalnum() or token[1:2].isalnum()
    end = len(token) - 1 if limit is None else min(len(token) - 1, limit + 1)
    for i in range(2, end):
        if token[i - 1] in BREAK_AFTER and token[i] not in BREAK_AFTER and token[i].isalnum():
            if seen_alnum:
                points.append(i)
        seen_alnum = seen_alnum or token[i].isalnum()
    return points


def emergency_points(token: str) -> list[int]:
    """Break points between letters of an over-long token with no other break point."""
    if len(token) < MIN_EMERGENCY:
        return []
    return list(range(1, len(token)))


def is_word_char(ch: str) -> bool:
    """A character of a Latin/Cyrillic/digit run: CJK line breaking must not cut between
    two of them except at a break point (ideographs, kana, hangul and spaces may)."""
    if ch.isspace():
        return False
    code = ord(ch)
    if 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF:
        return False
    if 0xFF00 <= code <= 0xFFEF or 0x3000 <= code <= 0x303F:
        return False
    return True
