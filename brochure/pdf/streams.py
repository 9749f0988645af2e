"""Stream bytes ReportLab makes again on every build, made once per process.

Saving a PDF compresses every stream (page contents, font subsets, ToUnicode maps, the
object streams of compact.py) and builds every font subset afresh: a sixth of a warm
build, a quarter for Chinese, whose subsets are large. A rebuild (watch, serve, batch)
mostly makes the same streams: the pages an edit did not touch, the subsets of the same
glyphs. Both are pure functions of their input, which is their key here (the stream's
very bytes; the font file object and the subset's codes), so the bytes are those
ReportLab would make.
`layouts.patches` installs them.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFontFile

from brochure.memo import MISSING, Memo

# Keys are the uncompressed bytes (compared in full on a hit, never a digest); the
# weight counts both, in bytes. The shipped matrix keeps 16 MB and 1.3 MB.
_DEFLATED: Memo[bytes, tuple[bytes, bytes]] = Memo(
    "pdf.deflated", 8192, max_weight=32 << 20, weigh=lambda v: len(v[0]) + len(v[1]))
_SUBSETS: Memo[tuple, bytes] = Memo("pdf.subsets", 1024, max_weight=16 << 20, weigh=len)

_SMALL = 256  # shorter streams compress faster than they hash and compare

_CMAPS: Memo[tuple, str] = Memo("pdf.tounicode", 256, max_weight=8 << 20, weigh=len)

_rl_make_subset = TTFontFile.makeSubset
_rl_to_unicode = ttfonts.makeToUnicodeCMap


def deflate(_filter: object, text: str | bytes) -> bytes:
    """ReportLab's `PDFStreamFilterZCompress.encode` (Flate), memoised."""
    data = text.encode("utf8") if isinstance(text, str) else text
    if not isinstance(data, bytes):
        return zlib.compress(data)
    return compressed(data)


def compressed(data: bytes) -> bytes:
    """`zlib.compress(data)`, memoised: also the object streams of compact.py, most of
    which a rebuild makes again byte for byte."""
    if len(data) < _SMALL:
        return zlib.compress(data)
    found = _DEFLATED.get(data)
    if found is MISSING:
        found = _DEFLATED.put(data, (data, zlib.compress(data)))
    return found[1]


def make_subset(font: TTFontFile, subset: Sequence[int]) -> bytes:
    """ReportLab's `TTFontFile.makeSubset` (a font file holding `subset`'s glyphs),
    memoised per font file object: a glyph's code, once given, never changes."""
    key = (font, tuple(subset))
    found = _SUBSETS.get(key)
    if found is MISSING:
        found = _SUBSETS.put(key, _rl_make_subset(font, subset))
    return found


def to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's `makeToUnicodeCMap` (a subset's code → Unicode map, ~130 lines of
    text each build), memoised: a pure function of the subset's name and its codes."""
    key = (fontname, tuple(subset))
    found = _CMAPS.get(key)
    if found is MISSING:
        found = _CMAPS.put(key, _rl_to_unicode(fontname, subset))
    return found
