"""Right-to-left paragraphs (Arabic, Persian, Hebrew) as a ReportLab flowable.

ReportLab's own Paragraph cannot do this: its bidi needs `rlbidi` (not on PyPI) and with
shaping on it draws joined letters in left-to-right word order. So this module does the
whole pipeline itself, in the order Unicode prescribes:

1. bidi embedding levels are resolved once per PARAGRAPH (UAX #9, via python-bidi's Rust
   backend), so a number that starts a wrapped line still sits where the paragraph puts it;
2. the text is cut into *atoms* (one word piece with one level, one font face, one span)
   and each atom is shaped by HarfBuzz with its whole word as context, so Arabic letters
   join even across a bold/regular or font change; shaping is cached per atom;
3. lines are broken in LOGICAL order at spaces using the shaped advance widths;
4. each line's atoms are reordered visually (UAX #9 rule L2) and drawn glyph by glyph
   from HarfBuzz positions;
5. the text is made extractable with `/Span <</ActualText ...>> BDC ... EMC`, because
   shaped glyphs (Noto Sans Arabic draws dotless skeletons plus separate dots) have no
   usable ToUnicode: ReportLab maps them to private-use code points.

Which /ActualText (`actual_text=`):
- "visual" (default): one marked sequence per drawn word piece, its characters in
  drawing order (right-to-left pieces reversed and mirrored), the content stream in
  visual order -- the shape of every Word/LibreOffice/Chrome Arabic PDF, which
  extractors turn back into logical order themselves. Measured (tests): poppler's
  pdftotext returns the exact logical lines for Arabic, Persian and numbers; Latin
  with brackets inside Arabic comes back in poppler's own (heuristic) order; pdfium
  (Chrome) returns the right letters per line but flips some short words.
- "line": one marked sequence per line holding its LOGICAL text, the PDF-spec reading
  of ActualText (right for a reader that honours it verbatim). Both pdfium and poppler
  re-reverse it, though: every Arabic word comes out backwards. Offered for the tagged
  PDF work to choose; not the default.

Glyphs are emitted by our own small text-object writer, not by ReportLab's shaped-text
path, so ReportLab's `PDFTextObject.setRise` crash on multi-line shaped Arabic (IndexError
on `self._code[-1]`) is never reached from here.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol
from weakref import WeakKeyDictionary

import uharfbuzz as hb
from bidi.bidi import get_display_inner
from bidi.mirror import MIRRORED
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from brochure.spans import Span

__all__ = [
    "RTLParagraph",
    "actual_text_hex",
    "bidi_levels",
    "visual_order",
]

_EPS = 1e-6
# Collapse runs of ASCII whitespace like HTML does; U+00A0 stays (it must not break).
_WS = re.compile(r"[ \t\n\r\f\v]+")
_LEVELS_BLOCK = re.compile(r"\n    levels: \[\n(.*?)\n    \],\n", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


class _Family(Protocol):
    """The part of `brochure.fonts.FontFamily` this module uses."""

    def face(self, bold: bool = False, italic: bool = False) -> str: ...


class _FontSet(Protocol):
    """The part of `brochure.fonts.FontSet` this module uses."""

    body: _Family

    def runs(self, text: str) -> list[tuple[str, _Family]]: ...


# --------------------------------------------------------------------------- bidi


def bidi_levels(text: str, rtl: bool = True) -> list[int]:
    """UAX #9 embedding level of every character of one paragraph (odd = right-to-left).

    python-bidi 0.6 exposes levels only through the Debug dump of the Rust `BidiInfo`
    (`get_display(debug=True)`), one level per UTF-8 byte; we read the level of each
    character's first byte. If that dump ever changes shape we fall back to python-bidi's
    pure-Python implementation (older UAX #9: no bracket pairs), never to wrong output.
    """
    return list(_levels(text, rtl))


@lru_cache(maxsize=4096)
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


# --------------------------------------------------------------------------- shaping


@dataclass(frozen=True)
class _Glyph:
    """One shaped glyph: the character ReportLab encodes it as, and positions in font units."""

    char: str
    advance: int
    x_offset: int
    y_offset: int


@dataclass(frozen=True)
class _Shaped:
    glyphs: tuple[_Glyph, ...]
    advance: int  # sum of advances, font units
    upem: int
    text: str  # the piece's characters in drawing order (see `_visual`)
    # How `_TextWriter.glyphs` draws it, worked out once with the shaping:
    chars: str = ""  # the glyphs' characters (as ReportLab encodes them)
    plain: str = ""  # the characters of `text` the font has (see `_TextWriter.glyphs`)
    actual_text: str = ""  # `text` as a PDF string
    # In drawing order: (glyph, its y offset, the TJ adjustment before it or None).
    steps: tuple[tuple[int, int, str | None], ...] = ()
    tail: str | None = None  # the TJ adjustment that ends the piece at its advance


class _HBFont:
    """A HarfBuzz font over the very bytes ReportLab embeds, so glyph ids agree."""

    def __init__(self, ttf: TTFont) -> None:
        self.ttf = ttf
        # hbFont() also installs ttf.hbAddPrivate, ReportLab's glyph -> private code map.
        self.font = ttf.hbFont(1000)
        self.font.scale = (ttf.face.unitsPerEm, ttf.face.unitsPerEm)
        self.upem = int(ttf.face.unitsPerEm)


_hb_fonts: dict[tuple[str, int], _HBFont] = {}


def _hb_font(font_name: str) -> _HBFont:
    ttf = pdfmetrics.getFont(font_name)
    if not isinstance(ttf, TTFont):
        raise TypeError(f"RTLParagraph needs TrueType fonts; {font_name!r} is not one")
    key = (font_name, id(ttf))
    hbf = _hb_fonts.get(key)
    if hbf is None:
        hbf = _hb_fonts[key] = _HBFont(ttf)
    return hbf


def _visual(text: str, rtl: bool) -> str:
    """Characters in drawing order: reversed and mirrored in a right-to-left run.

    This is what a visual-order PDF (Word, LibreOffice, Chrome) carries, and what
    pdfium and poppler expect: they turn each line back into logical order themselves.
    """
    if not rtl:
        return text
    return "".join(MIRRORED.get(ch, ch) for ch in reversed(text))


@lru_cache(maxsize=8192)
def _shape(
    font_name: str, font_id: int, word: str, start: int, end: int, rtl: bool, lang: str | None
) -> _Shaped:
    """Shape word[start:end] with the rest of the word as context (so letters join
    across a face change). Cached: a brochure repeats words a lot."""
    del font_id  # part of the cache key only: a re-registered font gets new glyph maps
    hbf = _hb_font(font_name)
    buf = hb.Buffer()
    buf.add_str(word, start, end - start)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    if lang:
        buf.language = lang
    buf.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
    hb.shape(hbf.font, buf, {"kern": True, "liga": True})
    ttf = hbf.ttf
    glyph_to_char = ttf.face.glyphToChar
    glyphs: list[_Glyph] = []
    total = 0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        gid = info.codepoint
        chars = glyph_to_char.get(gid)
        if chars:
            code = chars[0]
        else:
            nominal = hbf.font.get_glyph_h_advance(gid)
            code = ttf.hbAddPrivate(
                hbf.font.glyph_to_string(gid), gid, ttf.face._pdfScale(nominal)
            )
        glyphs.append(_Glyph(chr(code), pos.x_advance, pos.x_offset, pos.y_offset))
        total += pos.x_advance
    text = _visual(word[start:end], rtl)
    steps, tail = _drawing_steps(glyphs, ttf, hbf.upem)
    cmap = ttf.face.charToGlyph
    return _Shaped(
        tuple(glyphs), total, hbf.upem, text,
        chars="".join(g.char for g in glyphs),
        plain="".join(c for c in text if ord(c) in cmap),
        actual_text=actual_text_hex(text),
        steps=steps,
        tail=tail,
    )


def _drawing_steps(
    glyphs: Sequence[_Glyph], ttf: TTFont, upem: int
) -> tuple[tuple[tuple[int, int, str | None], ...], str | None]:
    """The glyphs in drawing order with the TJ adjustments that put each at its HarfBuzz
    position (see `_TextWriter`), and the adjustment that ends at the piece's advance."""
    origins: list[tuple[int, int]] = []  # glyph origins, font units
    pen = 0
    for g in glyphs:
        origins.append((pen + g.x_offset, g.y_offset))
        pen += g.advance
    steps: list[tuple[int, int, str | None]] = []
    at = 0.0  # the text position, font units
    for i in _base_first(origins):
        gap = origins[i][0] - at
        steps.append((i, origins[i][1], _num(-gap * 1000 / upem) if abs(gap) > 1e-3 else None))
        at = origins[i][0] + ttf.face.getCharWidth(ord(glyphs[i].char)) * upem / 1000
    tail = _num(-(pen - at) * 1000 / upem) if abs(pen - at) > 1e-3 else None
    return tuple(steps), tail


# --------------------------------------------------------------------------- layout model


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class _Word:
    """Atoms [lo, hi) of one word; `space` is the atom index of the space before it."""

    lo: int
    hi: int
    space: int | None


@dataclass(frozen=True)
class _Prepared:
    """A paragraph cut into shaped atoms, shared by all fragments of a split."""

    text: str
    levels: tuple[int, ...]
    atoms: tuple[_Atom, ...]
    words: tuple[_Word, ...]
    spans: tuple[Span, ...]
    rtl: bool


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


def _prepare(
    spans: Sequence[Span], fontset: _FontSet, rtl: bool, lang: str | None
) -> _Prepared:
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
        lo = len(atoms)
        j = i
        while j < w_end:
            k = j + 1
            key = (levels[j], fonts[j], span_of[j])
            while k < w_end and (levels[k], fonts[k], span_of[k]) == key:
                k += 1
            shaped = _shape(fonts[j], fids[fonts[j]], word, j - i, k - i, levels[j] % 2 == 1, lang)
            atoms.append(_Atom(j, k, levels[j], fonts[j], span_of[j], False, shaped))
            j = k
        words.append(_Word(lo, len(atoms), pending_space))
        pending_space = None
        i = w_end
    return _Prepared(text, tuple(levels), tuple(atoms), tuple(words), tuple(spans), rtl)


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


# --------------------------------------------------------------------------- PDF output


def actual_text_hex(text: str) -> str:
    """A PDF hex string `<FEFF...>` (UTF-16BE with BOM), safe for any text in /ActualText."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _num(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _base_first(origins: Sequence[tuple[int, int]]) -> list[int]:
    """Drawing order: visual, but a run of raised glyphs goes after the baseline glyph
    that follows it."""
    order: list[int] = []
    i, n = 0, len(origins)
    while i < n:
        if origins[i][1] == 0:
            order.append(i)
            i += 1
            continue
        j = i
        while j < n and origins[j][1] != 0:
            j += 1
        if j < n:
            order.append(j)
            order.extend(range(i, j))
            i = j + 1
        else:
            order.extend(range(i, j))
            i = j
    return order


_HEX_BYTE = tuple(f"<{b:02X}>" for b in range(256))
# Per PDF document: the codes ReportLab gave each (font, characters) drawn in it.
_CODES: WeakKeyDictionary[Any, dict[tuple[str, str], list[tuple[int, int]]]] = (
    WeakKeyDictionary()
)


class _TextWriter:
    """Writes shaped glyphs into one BT ... ET block at exact positions.

    Each glyph's PDF advance is its /Widths entry; TJ adjustments move every glyph to
    its HarfBuzz position, and `Ts` (text rise) lifts the glyphs HarfBuzz raises or
    lowers (Arabic dots, hamza, harakat). A piece's baseline glyphs are drawn first and
    its raised ones after them: extractors take a piece's baseline from its first glyph
    (poppler), or its text from its first text object (pdfium).

    With `pieces`, every drawn word piece is wrapped in `/Span <</ActualText ...>> BDC
    ... EMC` (inside BT/ET, which PDF allows) holding its characters in drawing order.
    """

    def __init__(self, canv: Canvas, pieces: bool) -> None:
        self.canv = canv
        self.doc = canv._doc
        self.codes = _CODES.setdefault(self.doc, {})
        self.pieces = pieces
        self.ops: list[str] = ["BT", "0 Tc 0 Tw 100 Tz 0 Tr 0 Ts"]
        self.font: tuple[str, int] | None = None
        self.size = 0.0
        self.rise = 0.0
        self.tj: list[str] = []

    def _flush(self) -> None:
        if self.tj:
            self.ops.append("[" + " ".join(self.tj) + "] TJ")
            self.tj = []

    def _encode(self, ttf: TTFont, font_name: str, chars: str) -> list[tuple[int, int]]:
        """(subset, byte) of each character: ReportLab's `splitString`, which gives a
        character its code in this document the first time; remembered per document."""
        key = (font_name, chars)
        codes = self.codes.get(key)
        if codes is None:
            codes = self.codes[key] = [
                (subset, b) for subset, chunk in ttf.splitString(chars, self.doc) for b in chunk
            ]
        return codes

    def glyphs(
        self, x: float, y: float, font_name: str, size: float, shaped: _Shaped, mark: bool
    ) -> None:
        if not shaped.glyphs:
            return
        ttf: TTFont = pdfmetrics.getFont(font_name)
        upem = shaped.upem
        codes = self._encode(ttf, font_name, shaped.chars)
        mark = mark and self.pieces
        if mark:
            # pdfium only honours ActualText whose characters the font can encode: give
            # the subset the plain (unshaped) characters too, a few unused glyphs.
            self._encode(ttf, font_name, shaped.plain)
            self.ops.append(f"/Span <</ActualText {shaped.actual_text}>> BDC")
        self.ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
        tj = self.tj
        for i, y_offset, gap in shaped.steps:
            subset, byte = codes[i]
            font_key = (font_name, subset)
            if font_key != self.font or size != self.size:
                self._flush()
                tj = self.tj
                self.ops.append(f"{ttf.getSubsetInternalName(subset, self.doc)} {_num(size)} Tf")
                self.font, self.size = font_key, size
            rise = y_offset * size / upem
            if abs(rise - self.rise) > _EPS:
                self._flush()
                tj = self.tj
                self.ops.append(f"{_num(rise)} Ts")
                self.rise = rise
            if gap is not None:
                tj.append(gap)
            tj.append(_HEX_BYTE[byte])
        if self.rise:
            self._flush()
            self.ops.append("0 Ts")
            self.rise = 0.0
        if shaped.tail is not None:  # end at the piece's advance, inside its marked content
            self.tj.append(shaped.tail)
        self._flush()
        if mark:
            self.ops.append("EMC")

    def finish(self) -> None:
        self._flush()
        self.ops.append("ET")
        self.canv._code.append(" ".join(self.ops))
        self.ops = ["BT"]


# --------------------------------------------------------------------------- flowable


class RTLParagraph(Flowable):
    """A paragraph of right-to-left text (with embedded numbers and Latin) for platypus.

    `spans` are in logical order. `style` gives fontSize, leading, textColor,
    spaceBefore/After, leftIndent/rightIndent and firstLineIndent (applied on the start
    side: the right for RTL). `alignment`, if given, overrides the style's (which is
    ignored unless it is TA_CENTER or TA_JUSTIFY, because ParagraphStyle defaults to
    TA_LEFT, wrong for RTL); the default is the start side (TA_RIGHT for RTL).

    `marker` (a bullet or step number) is drawn in a hanging gutter on the start side of
    the first line, `marker_width` points wide (default: its width plus `marker_gap`).
    `rtl=False` makes a left-to-right paragraph with the same bidi machinery.
    `lang` is a BCP 47 tag passed to HarfBuzz (Persian and Urdu digits/forms differ).
    `actual_text` picks how text is made extractable (see the module docstring).
    Link spans get URI annotations over their drawn words (underlined when the style's
    `linkUnderline` is set, in `link_color` or the text colour). The fonts must be
    TrueType; call `fontset.prepare(text)` beforehand where the font set needs it.
    """

    def __init__(
        self,
        spans: Sequence[Span],
        style: ParagraphStyle,
        fontset: _FontSet,
        *,
        alignment: int | None = None,
        marker: str | None = None,
        marker_width: float | None = None,
        marker_gap: float | None = None,
        rtl: bool = True,
        lang: str | None = None,
        link_color: Color | None = None,
        actual_text: Literal["visual", "line"] = "visual",
    ) -> None:
        super().__init__()
        self.style = style
        self.fontset = fontset
        self.rtl = rtl
        self.lang = lang
        self.link_color = link_color
        self.actual_text = actual_text
        if alignment is None:
            alignment = style.alignment if style.alignment in (TA_CENTER, TA_JUSTIFY) else None
        if alignment is None:
            alignment = TA_RIGHT if rtl else TA_LEFT
        self.alignment = alignment
        self.spaceBefore = float(style.spaceBefore)
        self.spaceAfter = float(style.spaceAfter)
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self._prep = _prepare(spans, fontset, rtl, lang)
        self._w0 = 0
        self._w1 = len(self._prep.words)
        self._first = True  # holds the paragraph's first line (marker, first-line indent)
        self.marker = marker
        self._marker_prep: _Prepared | None = None
        gap = style.fontSize * 0.5 if marker_gap is None else marker_gap
        self.marker_width = 0.0
        if marker:
            self._marker_prep = _prepare([Span(marker)], fontset, rtl, lang)
            natural = sum(a.width(style.fontSize) for a in self._marker_prep.atoms)
            self.marker_width = natural + gap if marker_width is None else marker_width
        self._lines: list[_Line] = []
        self._wrap_key: tuple[float, bool] | None = None
        self.width = 0.0
        self.height = 0.0

    # -- platypus protocol ------------------------------------------------------------

    def _text_width(self, avail: float) -> float:
        s = self.style
        return avail - s.leftIndent - s.rightIndent - self.marker_width

    def _layout(self, avail: float) -> list[_Line]:
        key = (round(avail, 4), self._first)
        if key != self._wrap_key:
            width = self._text_width(avail)
            first = width - (self.style.firstLineIndent if self._first else 0.0)
            self._lines = _break_lines(
                self._prep, self._w0, self._w1, self.style.fontSize, first, width
            )
            self._wrap_key = key
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._layout(availWidth)
        fit = int((availHeight + _EPS) // self.style.leading)
        if fit >= len(lines):
            return [self]
        if not getattr(self.style, "allowWidows", 1) and len(lines) - fit < 2:
            fit = len(lines) - 2
        if not getattr(self.style, "allowOrphans", 0) and fit < 2:
            return []
        if fit < 1:
            return []
        cut = lines[fit].w0
        return [self._fragment(self._w0, cut, first=self._first, last=False),
                self._fragment(cut, self._w1, first=False, last=True)]

    def _fragment(self, w0: int, w1: int, first: bool, last: bool) -> RTLParagraph:
        frag = copy.copy(self)  # shares the prepared (shaped, bidi-resolved) paragraph
        frag._w0, frag._w1, frag._first = w0, w1, first
        frag.spaceBefore = self.spaceBefore if first else 0.0
        frag.spaceAfter = self.spaceAfter if last else 0.0
        if not first:
            frag.marker, frag._marker_prep = None, None
        frag._lines, frag._wrap_key = [], None
        return frag

    def draw(self) -> None:
        canv: Canvas = self.canv
        s = self.style
        size = float(s.fontSize)
        lines = self._layout(self.width)
        y = self.height - size
        left = s.leftIndent + (0.0 if self.rtl else self.marker_width)
        right = self.width - s.rightIndent - (self.marker_width if self.rtl else 0.0)
        color = s.textColor or black
        for n, line in enumerate(lines):
            lo, hi = left, right
            if n == 0 and self._first:
                if self.rtl:
                    hi -= s.firstLineIndent
                else:
                    lo += s.firstLineIndent
                if self._marker_prep is not None:
                    self._draw_marker(canv, y, size, color)
            last = n == len(lines) - 1 and self._w1 == len(self._prep.words)
            self._draw_line(canv, line, lo, hi, y, size, color, justify_ok=not last)
            y -= s.leading

    # -- drawing ----------------------------------------------------------------------

    def _draw_marker(self, canv: Canvas, y: float, size: float, color: Color) -> None:
        prep = self._marker_prep
        assert prep is not None
        s = self.style
        width = sum(a.width(size) for a in prep.atoms)
        # flush against the start edge; the gap stays between marker and text
        x = self.width - s.rightIndent - width if self.rtl else s.leftIndent
        order = visual_order([a.level for a in prep.atoms])
        canv.setFillColor(color)
        self._draw_atoms(canv, prep, order, x, y, size, 0.0, prep.text)

    def _draw_atoms(
        self,
        canv: Canvas,
        prep: _Prepared,
        order: Sequence[int],
        x: float,
        y: float,
        size: float,
        extra: float,
        logical: str,
    ) -> list[tuple[str, float, float]]:
        """Draw atoms left to right from x; return link areas (href, x0, x1)."""
        line_mode = self.actual_text == "line"
        if line_mode:
            canv.addLiteral(f"/Span <</ActualText {actual_text_hex(logical)}>> BDC")
        writer = _TextWriter(canv, pieces=not line_mode)
        links: list[tuple[str, float, float]] = []  # merged when visually adjacent
        for ai in order:
            atom = prep.atoms[ai]
            w = atom.width(size) + (extra if atom.space else 0.0)
            writer.glyphs(x, y, atom.font, size, atom.shaped, mark=not atom.space)
            href = prep.spans[atom.span].href
            if href:
                if links and links[-1][0] == href and abs(links[-1][2] - x) < 0.01:
                    links[-1] = (href, links[-1][1], x + w)
                else:
                    links.append((href, x, x + w))
            x += w
        writer.finish()
        if line_mode:
            canv.addLiteral("EMC")
        return links

    def _draw_line(
        self,
        canv: Canvas,
        line: _Line,
        lo: float,
        hi: float,
        y: float,
        size: float,
        color: Color,
        justify_ok: bool,
    ) -> None:
        prep = self._prep
        words = prep.words
        first_atom = words[line.w0].lo
        last_atom = words[line.w1 - 1].hi  # exclusive; the break space is left out
        idx = list(range(first_atom, last_atom))
        levels = [prep.atoms[a].level for a in idx]
        order = [idx[k] for k in visual_order(levels)]
        avail = hi - lo
        extra = 0.0
        spaces = sum(1 for a in idx if prep.atoms[a].space)
        if self.alignment == TA_JUSTIFY and justify_ok and spaces:
            extra = max(0.0, (avail - line.width) / spaces)
            x = lo
        elif self.alignment == TA_RIGHT:
            x = hi - line.width
        elif self.alignment == TA_CENTER:
            x = lo + (avail - line.width) / 2
        else:
            x = lo
        logical = prep.text[prep.atoms[first_atom].start : prep.atoms[last_atom - 1].end]
        canv.setFillColor(color)
        links = self._draw_atoms(canv, prep, order, x, y, size, extra, logical)
        for href, x0, x1 in links:
            rect = (x0, y - 0.25 * size, x1, y + 0.85 * size)
            canv.linkURL(href, rect, relative=1, thickness=0)
            if getattr(self.style, "linkUnderline", 0):
                canv.saveState()
                canv.setStrokeColor(self.link_color or color)
                canv.setLineWidth(size / 20)
                canv.line(x0, y - 0.12 * size, x1, y - 0.12 * size)
                canv.restoreState()

    # -- introspection (tests, tagging) ------------------------------------------------

    @property
    def text(self) -> str:
        """The logical text of this fragment."""
        prep = self._prep
        if self._w0 >= self._w1:
            return ""
        a0 = prep.atoms[prep.words[self._w0].lo]
        a1 = prep.atoms[prep.words[self._w1 - 1].hi - 1]
        return prep.text[a0.start : a1.end]

    def line_texts(self, avail_width: float) -> list[str]:
        """The logical text of each line at a width (what actual_text="line" carries)."""
        prep = self._prep
        out = []
        for line in self._layout(avail_width):
            a0 = prep.atoms[prep.words[line.w0].lo]
            a1 = prep.atoms[prep.words[line.w1 - 1].hi - 1]
            out.append(prep.text[a0.start : a1.end])
        return out
