"""The layout model: a paragraph cut into shaped atoms (word pieces with one bidi level,
one face and one span) and words."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import field
from typing import Protocol

from reportlab.pdfbase import pdfmetrics

from brochure.content.spans import Span
from brochure.language.breaks import MIN_BREAKABLE, break_points, emergency_points
from brochure.memo import MISSING, Memo
from brochure.records import record
from brochure.rtl.bidi import bidi_levels
from brochure.rtl.shaping import _shape, _Shaped

# Collapse runs of ASCII whitespace like HTML does; U+00A0 stays (it must not break).
_WS = re.compile(r"[ \t\n\r\f\v]+")


class _Family(Protocol):
    """The part of `brochure.fonts.fontset.FontFamily` this package uses."""

    def face(self, bold: bool = False, italic: bool = False) -> str: ...


class _FontSet(Protocol):
    """The part of `brochure.fonts.fontset.FontSet` this package uses."""

    body: _Family

    def runs(self, text: str) -> list[tuple[str, _Family]]: ...


@record(frozen=True)
class _Atom:
    """A piece of one word (or one space) with one level, one face and one span."""

    start: int
    end: int
    level: int
    font: str
    span: int
    space: bool
    shaped: _Shaped

    def width(self, size: float) -> float:
        return self.shaped.advance * size / self.shaped.upem


@record(frozen=True)
class _Word:
    """Atoms [lo, hi) of one word; `space` is the atom index of the space before it.

    A long web address or word is cut into several words with no space between them
    (`brochure.language.breaks`): `joined` says a word continues the one before, so a line breaks
    there only when the whole run does not fit a line; `emergency` marks a cut between
    letters, used only when no break point fits.
    """

    lo: int
    hi: int
    space: int | None
    joined: bool = False
    emergency: bool = False


_SERIALS = itertools.count(1)


@record(frozen=True)
class _Prepared:
    """A paragraph cut into shaped atoms, shared by all fragments of a split and, being
    immutable, by every build that lays out the same paragraph (`_prepared`)."""

    text: str
    levels: tuple[int, ...]
    atoms: tuple[_Atom, ...]
    words: tuple[_Word, ...]
    spans: tuple[Span, ...]
    rtl: bool
    # Never reused within the process: stands for the whole in memo keys (`lines`).
    serial: int = field(default_factory=lambda: next(_SERIALS), compare=False)


def _clean_spans(spans: Sequence[Span]) -> list[Span]:
    """NFC, collapsed whitespace, no leading/trailing space, no empty spans."""
    out: list[Span] = []
    prev_space = True  # drop leading whitespace
    for sp in spans:
        t = _WS.sub(" ", unicodedata.normalize("NFC", sp.text))
        if prev_space and t.startswith(" "):
            t = t[1:]
        if not t:
            continue
        prev_space = t.endswith(" ")
        out.append(Span(t, sp.bold, sp.italic, sp.href))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        t = last.text.rstrip(" ")
        if t:
            out.append(Span(t, last.bold, last.italic, last.href))
    return out


def _families(fontset: _FontSet, text: str) -> list[_Family]:
    """The family drawing each character, from `FontSet.runs` over the whole paragraph."""
    runs = fontset.runs(text) if text else []
    if "".join(r for r, _ in runs) != text:
        return [fontset.body] * len(text)
    fams: list[_Family] = []
    for run, fam in runs:
        fams.extend([fam] * len(run))
    return fams


# Prepared paragraphs: a fifth of a warm Arabic build, and every build prepares the same.
# (Weight: atoms kept, ~0.2 KB each; the shipped matrix keeps 4,000.)
_PREPARED: Memo[tuple, _Prepared] = Memo("rtl.prepared", 4096, max_weight=100_000,
                                         weigh=lambda prep: 1 + len(prep.atoms))


def _prepared(
    spans: Sequence[Span], fontset: _FontSet, rtl: bool, lang: str | None
) -> _Prepared:
    """`_prepare`, memoised. The key holds what the result depends on: the spans, the
    direction and language, the family of every run, and the fonts (objects, not only
    names) of those families."""
    spans = _clean_spans(spans)
    text = "".join(sp.text for sp in spans)
    runs = tuple(fontset.runs(text)) if text else ()
    families = {fam for _, fam in runs} | {fontset.body}
    fonts = tuple(sorted(
        (name, pdfmetrics.getFont(name)) for name in {
            fam.face(bold, italic) for fam in families
            for bold in (False, True) for italic in (False, True)}
    ))
    key = (tuple(spans), rtl, lang, runs, fontset.body, fonts)
    found = _PREPARED.get(key)
    if found is MISSING:
        found = _PREPARED.put(key, _prepare(spans, fontset, rtl, lang, cleaned=True))
    return found


def _prepare(
    spans: Sequence[Span], fontset: _FontSet, rtl: bool, lang: str | None,
    cleaned: bool = False,
) -> _Prepared:
    if not cleaned:
        spans = _clean_spans(spans)
    text = "".join(sp.text for sp in spans)
    levels = bidi_levels(text, rtl)
    fams = _families(fontset, text)
    span_of: list[int] = []
    for i, sp in enumerate(spans):
        span_of.extend([i] * len(sp.text))
    fonts = [
        fams[i].face(spans[span_of[i]].bold, spans[span_of[i]].italic) for i in range(len(text))
    ]
    fids = {name: id(pdfmetrics.getFont(name)) for name in set(fonts)}

    atoms: list[_Atom] = []
    words: list[_Word] = []
    pending_space: int | None = None
    i = 0
    n = len(text)
    while i < n:
        if text[i] == " ":
            shaped = _shape(fonts[i], fids[fonts[i]], " ", 0, 1, levels[i] % 2 == 1, lang)
            atoms.append(_Atom(i, i + 1, levels[i], fonts[i], span_of[i], True, shaped))
            pending_space = len(atoms) - 1
            i += 1
            continue
        w_end = text.find(" ", i)
        w_end = n if w_end < 0 else w_end
        word = text[i:w_end]
        cuts = _word_cuts(word)
        for piece, (a, b, emergency) in enumerate(cuts):
            lo = len(atoms)
            j = i + a
            while j < i + b:
                k = j + 1
                key = (levels[j], fonts[j], span_of[j])
                while k < i + b and (levels[k], fonts[k], span_of[k]) == key:
                    k += 1
                # Context for shaping: the word, or around the piece of a very long
                # one (a piece of a cut address or word; shaping the whole token for
                # each of its pieces would take quadratic time).
                lo_ctx = 0 if len(cuts) == 1 else max(0, j - i - CONTEXT)
                hi_ctx = len(word) if len(cuts) == 1 else min(len(word), k - i + CONTEXT)
                shaped = _shape(
                    fonts[j], fids[fonts[j]], word[lo_ctx:hi_ctx], j - i - lo_ctx,
                    k - i - lo_ctx, levels[j] % 2 == 1, lang,
                )
                atoms.append(_Atom(j, k, levels[j], fonts[j], span_of[j], False, shaped))
                j = k
            words.append(_Word(lo, len(atoms), pending_space if piece == 0 else None,
                               joined=piece > 0, emergency=emergency))
        pending_space = None
        i = w_end
    return _Prepared(text, tuple(levels), tuple(atoms), tuple(words), tuple(spans), rtl)


CONTEXT = 16  # characters of context either side of a piece of a cut word


def _word_cuts(word: str) -> list[tuple[int, int, bool]]:
    """(start, end, emergency) pieces of a word: cut at the break points of a long web
    address or DOI, and between letters of a long piece with none (right-to-left words
    are never cut: Arabic letters join)."""
    if len(word) < MIN_BREAKABLE or bidi_strong_rtl(word):
        return [(0, len(word), False)]
    bounds = [0, *break_points(word), len(word)]
    out: list[tuple[int, int, bool]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        inner = emergency_points(word[a:b])
        cuts = [a, *(a + p for p in inner), b]
        out += [(x, y, n > 0) for n, (x, y) in enumerate(zip(cuts, cuts[1:], strict=False))]
    return out


def bidi_strong_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
