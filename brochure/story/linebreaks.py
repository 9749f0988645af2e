"""How ReportLab breaks our lines: the replacements for its line-breaking helpers.

ReportLab has no hooks for these; `brochure.layouts.patches` installs them, each with the
reason beside it: a faster equal `sameFrag`, web addresses and DOIs broken after
`/ . - _ ? & =` (`brochure.language.breaks`), no short piece after a compound's own hyphen,
and a word's own hyphen kept when a paragraph splits across pages.
"""

from __future__ import annotations

import re

from reportlab.platypus import paragraph as rl_paragraph

from brochure.language.breaks import break_points

_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor",
              "nobr")
_ABSENT = object()


def same_frag(f, g) -> bool:
    """ReportLab's `sameFrag` (may two fragments share one run of a line?), the same test
    in Python: the C version (`_rl_accel`) raises and clears an AttributeError for every
    attribute a fragment lacks, eight per call, and line breaking calls it for every word:
    4 µs a call against 1 µs here, a tenth of an English build."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    for key in _FRAG_KEYS:
        a, b = fd.get(key, _ABSENT), gd.get(key, _ABSENT)
        if a is not b and ((a is _ABSENT) or (b is _ABSENT) or a != b):
            return False
    return True



def uri_split_pairs(text) -> list[tuple[str, str]] | None:
    """ReportLab's `_uri_split_pairs` (where a web address may split, longest head
    first), for every long web address, DOI or path: after `/ . - _ ? & =`, with no
    hyphen (`breaks.break_points`). ReportLab's own splits URIs at slashes only and cuts
    a DOI anywhere; None sends other words to its hyphenation, as before. ReportLab asks
    only for a token longer than a line (styles: `uriWasteReduce=0`): one that fits a
    line moves down whole."""
    text = text.decode("utf8") if isinstance(text, bytes) else str(text)
    # No line holds more than _MAX_HEAD characters: longer heads are never tried (each
    # costs a string width, and a 9,000-character address took minutes).
    heads = break_points(text, limit=_MAX_HEAD)
    return [(text[:i], text[i:]) for i in reversed(heads)] if heads else None


_MAX_HEAD = 400

_rl_hy_gen_pair = rl_paragraph._hyGenPair
_rl_hy_gen_frags_pair = rl_paragraph._hyGenFragsPair


def _compound_break_ok(word: str, head: str, tail: str) -> bool:
    """A break after a compound's own hyphen ('какое-' / 'то') leaves at least two
    letters before it and three after it, as hyphenation does; addresses are exempt."""
    if not head.endswith("-") or break_points(word):
        return True
    before = re.search(r"(\w*)-$", head).group(1)
    after = re.match(r"\w*", tail).group()
    return len(before) >= 2 and len(after) >= 3


def hy_gen_pair(hyphenator, s, *rest):
    """ReportLab's `_hyGenPair`, refusing short compound pieces (`_compound_break_ok`)."""
    found = _rl_hy_gen_pair(hyphenator, s, *rest)
    if found and not found[0] and not _compound_break_ok(str(s), found[4], found[5]):
        return None
    return found


def hy_gen_frags_pair(hyphenator, FW, *rest):  # noqa: N803
    """ReportLab's `_hyGenFragsPair` (a word in several fonts), with the same limits."""
    found = _rl_hy_gen_frags_pair(hyphenator, FW, *rest)
    if found and not found[0]:
        head = "".join(t for _, t in found[1][1:])
        tail = "".join(t for _, t in found[2][1:])
        if not _compound_break_ok(head + tail, head, tail):
            return None
    return found

_rl_shy_unsplit = rl_paragraph._shyUnsplit


def shy_unsplit(s, ss=None):
    """ReportLab's `_shyUnsplit` (rejoin two pieces of a word split at a line end), which
    strips a trailing '-' from the first piece even when it is the word's own: a web
    address broken after '-' came back as 'treatingms' when its paragraph was split
    across pages. An added hyphen is stripped before the join (`ss` None), and soft
    hyphens keep ReportLab's handling."""
    if ss and not isinstance(s, rl_paragraph._SHYIndexedStr) and not hasattr(ss, "_shyIndices"):
        return s + ss
    return _rl_shy_unsplit(s, ss)
