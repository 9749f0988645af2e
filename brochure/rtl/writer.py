"""A small PDF text-object writer: shaped glyphs at exact positions, with /ActualText."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.rtl.pdfvalues import _EPS, _num
from brochure.rtl.shaping import _Shaped

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
