"""`RTLParagraph`, the platypus flowable that lays out and draws a bidi paragraph."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Literal

from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from brochure.content.spans import Span
from brochure.fonts import replay
from brochure.memo import MISSING, Memo
from brochure.rtl.atoms import _FontSet, _Prepared, _prepared
from brochure.rtl.bidi import visual_order
from brochure.rtl.lines import _break_lines, _Line
from brochure.rtl.pdfvalues import _EPS, actual_text_hex
from brochure.rtl.writer import _TextWriter


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
    `actual_text` picks how text is made extractable (see the package docstring).
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
        self._prep = _prepared(spans, fontset, rtl, lang)
        self._w0 = 0
        self._w1 = len(self._prep.words)
        self._first = True  # holds the paragraph's first line (marker, first-line indent)
        self.marker = marker
        self._marker_prep: _Prepared | None = None
        gap = style.fontSize * 0.5 if marker_gap is None else marker_gap
        self.marker_width = 0.0
        if marker:
            self._marker_prep = _prepared([Span(marker)], fontset, rtl, lang)
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
            if self.balance:
                self._lines = self._balanced(self._lines, first, width)
            self._wrap_key = key
        return self._lines

    # A title or heading: never one word alone on its last line.
    balance = False

    def _balanced(self, lines: list[_Line], first: float, width: float) -> list[_Line]:
        """Lines broken narrower (down to 60 %, same number of lines) until the last one
        holds two words or more; drawn against the start edge as before."""
        if len(lines) < 2 or lines[-1].w1 - lines[-1].w0 >= 2:
            return lines
        size = self.style.fontSize
        for share in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6):
            tried = _break_lines(self._prep, self._w0, self._w1, size, first * share,
                                 width * share)
            if len(tried) == len(lines) and tried[-1].w1 - tried[-1].w0 >= 2:
                return tried
        return lines

    def minWidth(self) -> float:  # noqa: N802 - ReportLab's Paragraph has the same
        """The widest word: a table column narrower than this would break inside it."""
        prep, size = self._prep, float(self.style.fontSize)
        return max(
            (sum(prep.atoms[a].width(size) for a in range(w.lo, w.hi))
             for w in prep.words[self._w0:self._w1]),
            default=0.0,
        )

    def natural_width(self) -> float:
        """The width of the paragraph set on one line (its longest line, if it has breaks)."""
        return max((line.width for line in self._layout(100_000)), default=0.0)

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
        """Draws the lines, or replays what the same part of the same prepared
        paragraph drew before at the same size and style (`fonts.replay`)."""
        marker = self._marker_prep
        preps = (self._prep,) if marker is None else (self._prep, marker)
        parts = (
            tuple(prep.serial for prep in preps), type(self).__name__, self.balance,
            self.width, self.height, self._w0, self._w1, self._first, self.rtl,
            self.alignment, self.marker_width, self.actual_text, self.link_color,
            replay.style_key(self.canv, self.style),
        )
        fonts, printed = zip(*map(_inked, preps), strict=True)
        replay.replayed(self.canv, (), parts, sum(fonts, ()), "".join(printed),
                        self._draw_lines)

    def _draw_lines(self) -> None:
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


# The fonts a prepared paragraph draws in and the characters it gives them, by serial.
_INKED: Memo[int, tuple[tuple[str, ...], str]] = Memo("rtl.inked", 8_192)


def _inked(prep: _Prepared) -> tuple[tuple[str, ...], str]:
    """Every font a prepared paragraph's atoms use, and every non-ASCII character the
    writer may encode for them (the glyphs' and the plain ones)."""
    found = _INKED.get(prep.serial)
    if found is MISSING:
        fonts = tuple(dict.fromkeys(atom.font for atom in prep.atoms))
        texts = [t for atom in prep.atoms for t in (atom.shaped.chars, atom.shaped.plain)]
        found = _INKED.put(prep.serial, (fonts, replay.non_ascii(texts)))
    return found
