"""Text drawn on a ReportLab canvas before, written again without drawing it.

Drawing text is a fifth of a warm build (three fifths in Arabic), and a rebuild (watch,
serve, batch, the benchmark's warm loop) draws the same paragraphs the same way again.
What a paragraph writes is a pure function of what the caller puts in the key (its
lines, size and style: `story.redraw`, `rtl.paragraph`) and of:

- the canvas state drawing starts from (font, size, leading, colours, orientation, the
  graphics-state parameters set: an alpha is written only when it changes);
- the document's names: ReportLab names each font (`/F3`) and graphics state (`/gRLs0`)
  in the order a document first uses it;
- the document's font state for what the paragraph prints: ReportLab numbers the
  characters of an embedded TrueType subset in the order it first meets them. So the
  key holds the code each non-ASCII character printed has now in each font used (or,
  when one has none yet, the next free code). ASCII has its codes from the start.

This lives with the fonts because the font state is what makes it subtle. Replaying
appends the same operators to the page, makes the same changes to the document (fonts
named, characters numbered, graphics states named, PDF version raised, in the same
order) and leaves the canvas state as the drawing left it (a fill colour, a font); the links
it made (annotations) are made again with the same arguments, where the paragraph is
now. A drawing that did anything else — added any other PDF object, used a separation
colour, saved more states than it restored, moved the origin — is not replayed but
drawn every time.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import getFont

from brochure.memo import MISSING, Memo
from brochure.records import record


@record(frozen=True)
class Drawing:
    """What one drawing did: the operators it appended to the page, the fonts it named
    and the characters it numbered in each font (in order), the graphics states it
    named, the PDF version and the canvas state it left."""

    keep: tuple[Any, ...]  # the shared objects whose identity is in the key (kept alive)
    code: tuple[str, ...]
    named: tuple[str, ...]
    numbered: tuple[tuple[str, str], ...]
    params: tuple[tuple[Any, str], ...]
    version: str
    after: tuple[tuple[str, Any], ...]
    after_params: tuple[tuple[str, Any], ...]
    links: tuple[tuple[str, tuple, tuple], ...] = ()  # (method, args, keyword items)


def _weigh(drawing: Drawing | None) -> int:
    return 1 + (sum(map(len, drawing.code)) // 256 if drawing is not None else 0)


# Weight ~ 256 bytes of operators: at most ~16 MB. The shipped matrix draws ~4,000
# different paragraphs.
DRAWN: Memo[tuple, Drawing | None] = Memo("fonts.drawn", 16_384, max_weight=64_000,
                                          weigh=_weigh)


def replayed(canv: Any, keep: tuple[Any, ...], parts: Hashable, fonts: Sequence[str],
             printed: str, draw: Callable[[], None]) -> None:
    """`draw()`, or what it drew before for the same key, replayed.

    `keep`: objects shared between builds whose identity stands for what they hold
    (a paragraph's memoised lines); `parts`: everything else the drawing reads of the
    paragraph; `fonts`: the fonts it may draw in; `printed`: the non-ASCII characters
    it may print (`non_ascii`), each once, in order.
    """
    try:
        key = (tuple(map(id, keep)), parts, _document_state(canv),
               _codes(canv._doc, fonts, printed))
        found = DRAWN.get(key)  # (hashing the key once)
    except TypeError:  # a value that cannot be a key: draw every time
        draw()
        return
    if found is MISSING or (found is not None and not _same(found.keep, keep)):
        DRAWN.put(key, _record(canv, keep, fonts, draw))
    elif found is None:
        draw()
    else:
        _replay(canv, found)


def non_ascii(texts: Sequence[str]) -> str:
    """The non-ASCII characters of `texts`, each once, in order (NBSP prints as 32)."""
    text = "".join(texts)
    if text.isascii():
        return ""
    return "".join(dict.fromkeys(c for c in text if c > "\x7f" and c != "\xa0"))


def style_key(canv: Any, style: Any) -> tuple:
    """Every setting of a ReportLab style (not its parent: its values are copied in),
    worked out once per style and document (drawing never changes a style), or once per
    process for a style never changed once made (`fix_style`)."""
    fixed = fixed_style_key(style)
    if fixed is not None:
        return fixed
    known = canv.__dict__.setdefault("_replay_style_keys", {})
    found = known.get(id(style))
    if found is None or found[0] is not style:
        found = known[id(style)] = (style, _numbered_style(_settings(style)))
    return found[1]


def _settings(style: Any) -> tuple:
    settings = dict(vars(style))
    settings.pop("parent", None)
    return tuple(settings.items())


# Styles never changed once made (`story.styles` shares them between builds), by
# identity (kept alive in the value): the key of their settings, for every document.
_FIXED: Memo[int, tuple[Any, tuple]] = Memo("fonts.fixed_styles", 8_192)


def fix_style(style: Any) -> None:
    """Note a style that is never changed once made: its settings' key (`style_key`,
    `fixed_style_key`) is then worked out once per process, not per document."""
    key = _numbered_style(_settings(style))
    if key[1] != []:  # every setting can be a key
        _FIXED.put(id(style), (style, key))


def fixed_style_key(style: Any) -> tuple | None:
    """The key of every setting of a style noted by `fix_style` (else None): it stands
    for the settings in any memo's key (numbers are never given twice)."""
    found = _FIXED.get(id(style), None)
    return found[1] if found is not None and found[0] is style else None


# Style settings by number: a key holds the number, so comparing keys does not compare
# forty settings (colours by Python-level `==`) again on every lookup.
_STYLES: Memo[tuple, int] = Memo("fonts.styles", 4_096)
_STYLE_NUMBERS = itertools.count()


def _numbered_style(settings: tuple) -> tuple:
    try:
        number = _STYLES.get(settings)
    except TypeError:  # a setting that cannot be a key: so neither can the drawing's
        return ("style", [])
    if number is MISSING:
        number = _STYLES.put(settings, next(_STYLE_NUMBERS))
    return ("style", number)


def _truetype(font: Any) -> bool:
    """Whether ReportLab subsets the font per document (TrueType), numbering characters."""
    return bool(getattr(font, "_dynamicFont", 0))


def _same(kept: tuple[Any, ...], keep: tuple[Any, ...]) -> bool:
    return len(kept) == len(keep) and all(map(operator.is_, kept, keep))


def _document_state(canv: Any) -> tuple:
    ext = canv._extgstate
    doc = canv._doc
    return (canv._fontname, canv._fontsize, canv._leading, canv.bottomup,
            canv._fillColorObj, canv._strokeColorObj, getattr(canv, "_enforceColorSpace", None),
            tuple(doc.fontMapping.items()), doc._pdfVersion, tuple(ext._d.items()),
            tuple(ext._c.items()))


def _codes(doc: Any, font_names: Sequence[str], chars: str) -> tuple:
    """For each TrueType font: the code of each character (None: not numbered yet; then
    also the next code that would be given), or None when the document has not used it."""
    state = []
    for name in font_names:
        font = getFont(name)
        if not _truetype(font):
            continue
        subset = font.state.get(doc)
        if subset is None:
            state.append((name, None))
            continue
        codes = tuple(map(subset.assignments.get, map(ord, chars)))
        state.append((name, codes, subset.nextCode if None in codes else None))
    return tuple(state)


def _unchanged(canv: Any) -> tuple:
    """What a replayable drawing leaves as it found it (or changes only through the
    links it makes, which a replay makes again)."""
    return (len(canv.state_stack), len(canv._colorsUsed), len(canv._doc.idToObject))


# The canvas's link methods: a drawing's links are made again, in the same order, by a
# replay, at the place the paragraph is drawn then (`relative` rectangles follow the
# current transformation).
_LINKS = ("linkURL", "linkRect")


class _LinkLog:
    """Calls to the canvas's link methods during one drawing, with the PDF objects they
    made; installed on the canvas instance for the drawing only."""

    def __init__(self, canv: Any) -> None:
        self.canv = canv
        self.calls: list[tuple[str, tuple, tuple]] = []
        self.objects = 0
        self._own = {name: canv.__dict__[name] for name in _LINKS if name in canv.__dict__}

    def __enter__(self) -> _LinkLog:
        for name in _LINKS:
            self.canv.__dict__[name] = self._logging(name, getattr(self.canv, name))
        return self

    def __exit__(self, *exc: object) -> None:
        for name in _LINKS:
            del self.canv.__dict__[name]
        self.canv.__dict__.update(self._own)

    def _logging(self, name: str, real: Callable) -> Callable:
        objects = self.canv._doc.idToObject

        def call(*args: Any, **kwargs: Any) -> Any:
            before = len(objects)
            result = real(*args, **kwargs)
            self.objects += len(objects) - before
            self.calls.append((name, args, tuple(kwargs.items())))
            return result

        return call


# Canvas state a drawing may leave changed, to values of its own (a colour, a font),
# not relative to where it was drawn (the transformation matrix, the text position).
_SETTABLE = ("_fontname", "_fontsize", "_leading", "_fillColorObj", "_strokeColorObj",
             "_lineWidth", "_lineCap", "_lineJoin", "_lineDash", "_mitreLimit")


def _state(canv: Any) -> dict[str, Any]:
    state = canv.__dict__
    return {name: state[name] for name in canv.STATE_ATTRIBUTES if name != "_extgstate"}


def _record(canv: Any, keep: tuple[Any, ...], font_names: Sequence[str],
            draw: Callable[[], None]) -> Drawing | None:
    """Draw, and note what the drawing did; None when it did something a replay could
    not repeat."""
    doc = canv._doc
    start = len(canv._code)
    before = _unchanged(canv)
    named_before = len(doc.fontMapping)
    params_before = len(canv._extgstate._c)
    fonts = [(name, font) for name in dict.fromkeys(font_names)
             if _truetype(font := getFont(name))]
    numbered_before = {name: _numbered_count(font, doc) for name, font in fonts}
    state_before = _state(canv)
    with _LinkLog(canv) as links:
        draw()
    now = _unchanged(canv)
    if now[:2] != before[:2] or now[2] - before[2] != links.objects:
        return None
    named = tuple(list(doc.fontMapping)[named_before:])
    if links.calls and any(not _truetype(getFont(n)) for n in named):
        return None  # a standard font's objects and the links' would change their order
    after = tuple((name, value) for name, value in _state(canv).items()
                  if value is not state_before[name] and value != state_before[name])
    if any(name not in _SETTABLE for name, _ in after):
        return None
    numbered = []
    for name, font in fonts:
        subset = font.state.get(doc)
        if subset is not None and len(subset.assignments) > numbered_before[name]:
            new = itertools.islice(subset.assignments, numbered_before[name], None)
            numbered.append((name, "".join(map(chr, new))))
    return Drawing(
        keep=keep,
        code=tuple(canv._code[start:]),
        named=named,
        numbered=tuple(numbered),
        params=tuple(list(canv._extgstate._c.items())[params_before:]),
        version=doc._pdfVersion,
        after=after,
        after_params=tuple(canv._extgstate._d.items()),
        links=tuple(links.calls),
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
        if _truetype(font):
            font.getSubsetInternalName(0, doc)
        else:
            doc.getInternalFontName(name)
    canv._extgstate._c.update(drawing.params)
    doc._pdfVersion = drawing.version
    canv._code.extend(drawing.code)
    for method, args, keywords in drawing.links:
        getattr(canv, method)(*args, **dict(keywords))
    canv.__dict__.update(drawing.after)
    params = canv._extgstate._d
    params.clear()
    params.update(drawing.after_params)
