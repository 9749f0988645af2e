"""HarfBuzz shaping of word pieces, cached, with how each shaped piece is drawn."""

from __future__ import annotations

from collections.abc import Sequence

import uharfbuzz as hb
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from brochure.memo import memoised
from brochure.records import record
from brochure.rtl.pdfvalues import _num, actual_text_hex


@record(frozen=True)
class _Glyph:
    """One shaped glyph: the character ReportLab encodes it as, and positions in font units."""

    char: str
    advance: int
    x_offset: int
    y_offset: int


@record(frozen=True)
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


_PRIVATE_FIRST, _PRIVATE_LAST = 0xE000, 0xF8FF  # the BMP private-use area


class _HBFont:
    """A HarfBuzz font over the very bytes ReportLab embeds, so glyph ids agree."""

    def __init__(self, ttf: TTFont) -> None:
        self.ttf = ttf
        # hbFont() also installs ttf.hbAddPrivate, ReportLab's glyph -> private code map.
        self.font = ttf.hbFont(1000)
        self.font.scale = (ttf.face.unitsPerEm, ttf.face.unitsPerEm)
        self.upem = int(ttf.face.unitsPerEm)
        self._private: dict[int, int] | None = None

    def private_code(self, gid: int) -> int:
        """The code a glyph with no character of its own is encoded as.

        ReportLab hands out private-use codes in the order glyphs are first shaped in the
        process, so a PDF's bytes depended on what the process built before (`build --all
        -j 1` and `-j 2` differed). Here the codes follow glyph order: a function of the
        font alone, the same in every process.
        """
        if self._private is None:
            face = self.ttf.face
            taken = set(face.charToGlyph)
            free = (c for c in range(_PRIVATE_FIRST, _PRIVATE_LAST + 1) if c not in taken)
            unmapped = (g for g in range(face.numGlyphs) if not face.glyphToChar.get(g))
            self._private = dict(zip(unmapped, free, strict=False))
        code = self._private.get(gid)
        if code is None:  # more unencoded glyphs than private codes: ReportLab's order
            nominal = self.font.get_glyph_h_advance(gid)
            return self.ttf.hbAddPrivate(
                self.font.glyph_to_string(gid), gid, self.ttf.face._pdfScale(nominal)
            )
        face = self.ttf.face
        if code not in face.charToGlyph:
            face.charToGlyph[code] = gid
            face.glyphToChar.setdefault(gid, []).append(code)
            face.charWidths[code] = face._pdfScale(self.font.get_glyph_h_advance(gid))
        return code


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


@memoised("rtl.shaped", 16_384)
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
        code = chars[0] if chars else hbf.private_code(gid)
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
