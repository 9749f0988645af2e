"""Right-to-left paragraphs (Arabic, Persian, Hebrew) as a ReportLab flowable.

ReportLab's own Paragraph cannot do this: its bidi needs `rlbidi` (not on PyPI) and with
shaping on it draws joined letters in left-to-right word order. So this package does the
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

from brochure.rtl.bidi import _python_bidi_levels as _python_bidi_levels  # tests
from brochure.rtl.bidi import bidi_levels, visual_order
from brochure.rtl.paragraph import RTLParagraph
from brochure.rtl.pdfvalues import actual_text_hex

__all__ = [
    "RTLParagraph",
    "actual_text_hex",
    "bidi_levels",
    "visual_order",
]
