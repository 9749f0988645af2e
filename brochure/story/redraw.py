"""What a paragraph drew before, written again without ReportLab drawing it.

Drawing paragraphs is a fifth of a warm build, and a rebuild (watch, serve, batch, the
benchmark's warm loop) draws the same paragraphs with the same lines again. What
ReportLab's `drawPara` writes is a pure function of:

- the paragraph's lines (the line-breaking key `reuse.broken` gave them), its width and
  height, every style setting, and the few attributes drawing reads (`_offsets`...);
- the canvas's text state when drawing starts (font, size, leading, orientation);
- the document's font state for what the paragraph prints: ReportLab names each font
  (`/F3`) in the order a document first uses it, and numbers the characters of an
  embedded TrueType subset in the order it first meets them. So the key holds, for each
  font the paragraph uses, its name in this document (or how many fonts are named
  before it) and the code each non-ASCII character it prints has now (or, when one has
  none yet, the next free code). ASCII has its own codes from the subset's start.

Replaying appends the same operators to the page and makes the same changes to the
document's font state that drawing made (fonts named, characters numbered, in the same
order). A drawing that did anything else — added a link annotation or any other PDF
object, used a separation colour, left the canvas state changed — is not replayed but
drawn every time. Only paragraphs whose lines came from `reuse.broken` are memoised:
split halves, right-to-left, shaped and bulleted paragraphs are always drawn.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import getFont

from brochure.memo import MISSING, Memo


@dataclass(frozen=True)
class Drawing:
    """What one drawing of a paragraph did: the operators it appended to the page, the
    fonts it named and the characters it numbered in each font (in order), the
    graphics-state parameters it named, and the PDF version it left."""

    lines: Any  # the shared lines drawn (kept alive: the key holds their id)
    code: tuple[str, ...]
    named: tuple[str, ...]
    numbered: tuple[tuple[str, str], ...]
    params: tuple[tuple[Any, str], ...]
    version: str


def _weigh(drawing: Drawing | None) -> int:
    return 1 + (sum(map(len, drawing.code)) // 256 if drawing is not None else 0)


# Weight ~ 256 bytes of operators: at most ~16 MB. The shipped matrix draws ~3,000
# different paragraphs.
DRAWN: Memo[tuple, Drawing | None] = Memo("story.drawn", 16_384, max_weight=64_000,
                                          weigh=_weigh)

# Paragraph attributes `drawPara` reads besides its lines, size and style.
_READ = ("_offsets", "_JustifyLast", "autoLeading", "debug", "bulletText")


def remember_lines(p: Any, lines: Any) -> None:
    """Called by `reuse.broken`: these shared lines (None: lines of its own) are the
    paragraph's now. Shared lines are one object per line-breaking key while `reuse`
    keeps them, so the drawing key holds their identity."""
    p._drawn_lines = lines


def drawn(p: Any, draw: Callable[[], None]) -> None:
    """`draw()` (the paragraph drawing itself on `p.canv`), or what it drew before for
    the same key, replayed."""
    canv = p.canv
    key = _key(p, canv)
    if key is None:
        draw()
        return
    found = DRAWN.get(key)
    if found is MISSING or (found is not None and found.lines is not p.blPara):
        DRAWN.put(key, _record(canv, p, draw))
    elif found is None:
        draw()
    else:
        _replay(canv, found)


def _key(p: Any, canv: Any) -> tuple | None:
    lines = getattr(p, "_drawn_lines", None)
    if lines is None or lines is not getattr(p, "blPara", None) or p.bulletText:
        return None
    try:
        key = (
            id(lines), p.width, p.height, type(p).__name__,
            tuple(_hashable(getattr(p, name, None)) for name in _READ),
            _style_key(p.style), _document_state(canv),
            _codes(canv._doc, p._source[1], _printed(lines)),
        )
        hash(key)
    except TypeError:  # a style value that cannot be a key: draw every time
        return None
    return key


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _style_key(style: Any) -> tuple:
    """Every setting of the style (not its parent: its values are copied in). A value
    that cannot be hashed makes the key fail (TypeError): the paragraph is drawn."""
    settings = dict(vars(style))
    del settings["parent"]
    return tuple(settings.items())


_PRINTED: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _printed(para: Any) -> str:
    """The non-ASCII characters the lines print, each once, in order."""
    found = _PRINTED.get(para)
    if found is None:
        found = _PRINTED[para] = _non_ascii(para)
    return found


def _non_ascii(para: Any) -> str:
    texts = []
    for line in para.lines:
        if isinstance(line, tuple):
            texts.extend(line[1])
        else:
            texts.extend(getattr(word, "text", "") for word in line.words)
    text = "".join(texts)
    if text.isascii():
        return ""
    return "".join(dict.fromkeys(c for c in text if c > "\x7f" and c != "\xa0"))  # NBSP: 32


def _document_state(canv: Any) -> tuple:
    """What drawing reads of the canvas and document besides the subset codes: the
    text state it starts from, the fonts named so far (their names are in the
    operators), the PDF version (drawing may raise it), the graphics-state parameters
    set and named so far (an alpha is written only when it changes, under a name given
    in order of first use)."""
    ext = canv._extgstate
    return (canv._fontname, canv._fontsize, canv._leading, canv.bottomup,
            getattr(canv, "_enforceColorSpace", None), tuple(canv._doc.fontMapping.items()),
            canv._doc._pdfVersion, tuple(ext._d.items()), tuple(ext._c.items()))


def _codes(doc: Any, font_names: tuple[str, ...], chars: str) -> tuple:
    """For each TrueType font the paragraph uses: the code of each character it prints
    (None: not numbered yet; then also the next code that would be given)."""
    state = []
    for name in font_names:
        font = getFont(name)
        if not getattr(font, "_dynamicFont", 0):
            continue
        subset = font.state.get(doc)
        if subset is None:
            state.append((name, None))
            continue
        codes = tuple(map(subset.assignments.get, map(ord, chars)))
        state.append((name, codes, subset.nextCode if None in codes else None))
    return tuple(state)


def _unchanged(canv: Any) -> tuple:
    """What a replayable drawing leaves as it found it."""
    return (canv._fontname, canv._fontsize, canv._leading, canv._fillColorObj,
            canv._strokeColorObj, len(canv.state_stack), tuple(canv._extgstate._d.items()),
            len(canv._colorsUsed), len(canv._doc.idToObject))  # a link adds an object


def _record(canv: Any, p: Any, draw: Callable[[], None]) -> Drawing | None:
    """Draw, and note what the drawing did; None when it did something a replay could
    not repeat."""
    doc = canv._doc
    start = len(canv._code)
    before = _unchanged(canv)
    named_before = len(doc.fontMapping)
    params_before = len(canv._extgstate._c)
    fonts = [(name, font) for name in p._source[1]
             if getattr(font := getFont(name), "_dynamicFont", 0)]
    numbered_before = {name: _numbered_count(font, doc) for name, font in fonts}
    draw()
    if _unchanged(canv) != before:
        return None
    numbered = []
    for name, font in fonts:
        subset = font.state.get(doc)
        new = list(subset.assignments)[numbered_before[name]:] if subset is not None else ()
        if new:
            numbered.append((name, "".join(map(chr, new))))
    return Drawing(
        lines=p.blPara,
        code=tuple(canv._code[start:]),
        named=tuple(list(doc.fontMapping)[named_before:]),
        numbered=tuple(numbered),
        params=tuple(list(canv._extgstate._c.items())[params_before:]),
        version=doc._pdfVersion,
    )


def _numbered_count(font: Any, doc: Any) -> int:
    """How many characters a TrueType font has numbered in the document (a subset
    numbers its ASCII when it is made; numbers are only added, in insertion order)."""
    subset = font.state.get(doc)
    return len(subset.assignments) if subset is not None else 0


def _replay(canv: Any, drawing: Drawing) -> None:
    doc = canv._doc
    for name, chars in drawing.numbered:
        getFont(name).splitString(chars, doc)
    for name in drawing.named:
        font = getFont(name)
        if getattr(font, "_dynamicFont", 0):
            font.getSubsetInternalName(0, doc)
        else:
            doc.getInternalFontName(name)
    canv._extgstate._c.update(drawing.params)
    doc._pdfVersion = drawing.version
    canv._code.extend(drawing.code)
