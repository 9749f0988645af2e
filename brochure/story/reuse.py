"""What `TextParagraph` reuses between paragraphs and builds: the fragments ReportLab's
parser makes of markup, and the lines its line breaking makes of fragments.

Parsing is a sixth of a warm build and line breaking a quarter, and a rebuild (watch,
serve, batch, the other paper or layout, every page footer) parses and breaks the same
paragraphs at the same widths again. Both are pure functions of their key:

- parsed markup: the markup and what of the style the parser reads;
- broken lines: where the fragments came from (the parse, or the break that made them:
  ReportLab's `breakLines` replaces a paragraph's fragments by its words; either kept
  result, by identity: a new one is a new key), every style setting line breaking
  reads, the widths, the font objects (not only their names), and ReportLab's
  line-breaking helpers as `layouts.patches` left them.

A style never changed once made (`story.styles`, `fonts.replay.fix_style`) is in a key
as the number of all its settings, worked out once per process.

One thing is taken as fixed: ReportLab's font-family mapping (which face `<b>` or a
`<font name>` means), as `fonts` registers each face name once per process; whoever
registers other fonts under the same names must call `brochure.memo.clear_all()`.

Sharing: parsed fragments and broken lines are shared read-only. Drawing reads them
(right-to-left ReportLab paragraphs, which reverse their lines while drawing, are never
memoised); line breaking, which may edit the fragments it breaks, gets clones first
(`broken`), and so does `Paragraph.split`, which edits the lines and words it splits
(`own`). A paragraph whose lines were broken before never breaks its fragments: it gets
the words its line breaking made of them (or keeps them, read-only), so cloning every
parse would copy for nothing. Splitting is rare; copying every hit would cost a tenth of
what it saves.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.lib import textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import Paragraph, ParaLines, textTransformFrags
from reportlab.platypus.paraparser import ParaParser

from brochure.fonts import replay
from brochure.memo import MISSING, Memo
from brochure.records import record
from brochure.story import redraw


@record(frozen=True, eq=False)  # a line-breaking key holds it by identity
class Parsed:
    """A paragraph's markup as ReportLab's parser leaves it (shared read-only:
    `shared_frags`), the font names its fragments use, its plain text (and that in
    Unicode's composed form), and the markup as the paragraph's cleaner left it."""

    key: tuple
    frags: tuple
    fonts: tuple[str, ...]
    plain: str
    logical: str
    clean: str

    def shared_frags(self, p: Paragraph) -> list:
        """The fragments for paragraph `p`, shared until it would change them
        (`own_fragments`)."""
        p._shared_frags = True
        return list(self.frags)


def own_fragments(p: Paragraph) -> None:
    """Give a paragraph clones of shared parsed fragments before line breaking or
    splitting may edit them."""
    if p.__dict__.get("_shared_frags"):
        p._shared_frags = False
        p.frags = [f.clone() for f in p.frags]


@record(frozen=True, eq=False)  # the next line-breaking key holds it by identity
class Broken:
    """Lines as ReportLab's line breaking returned them, the words it made the paragraph's
    fragments (None when it left them), and what else it set on the paragraph."""

    para: ParaLines
    frags: tuple | None
    side: tuple[tuple[str, Any], ...]


def _weigh_parsed(parsed: Parsed | None) -> int:
    return 1 + (len(parsed.frags) + len(parsed.plain) // 16 if parsed is not None else 0)


def _weigh_broken(broken: Broken) -> int:
    lines = broken.para.lines
    words = sum(len(line[1]) if isinstance(line, tuple) else len(line.words) for line in lines)
    return 1 + len(lines) + words + len(broken.frags or ())


# Weights count objects kept (fragments, lines, words), ~0.3 KB each: at most ~50 MB of
# lines and ~12 MB of parses. The shipped matrix (6 languages x 6 layouts and papers)
# keeps 71,000 and 7,500.
PARSED: Memo[tuple, Parsed | None] = Memo("story.parsed", 16_384, max_weight=40_000,
                                          weigh=_weigh_parsed)
BROKEN: Memo[tuple, Broken] = Memo("story.broken", 32_768, max_weight=160_000,
                                   weigh=_weigh_broken)


# ---------------------------------------------------------------- parsing


_LINE_SETTINGS = tuple(f"{line}{what}" for line in ("underline", "strike")
                       for what in ("Width", "Color", "Offset", "Gap"))


def parse_key(style: ParagraphStyle) -> tuple:
    """What ParaParser reads of the style: its first fragment's font, size and colour,
    the underline and strike settings, a link's underline, the text transform."""
    return (
        style.fontName, style.fontSize, style.textColor, style.textTransform,
        getattr(style, "linkUnderline", None),
        *[getattr(style, name, "") for name in _LINE_SETTINGS],
    )


def parsed(markup: str, style: ParagraphStyle, case_sensitive: int,
           cleaner: Callable[[str], str]) -> Parsed | None:
    """The parse of `markup` (once `cleaner` has tidied its white space) in `style`, or
    None when it may not be reused (markup that changes the style or draws, <seq>
    numbering, and errors, which Paragraph reports)."""
    key = (markup, cleaner, case_sensitive, replay.fixed_style_key(style) or parse_key(style))
    found = PARSED.get(key)
    if found is MISSING:
        found = PARSED.put(key, _parse(key, cleaner(markup), style, case_sensitive))
    return found


def _parse(key: tuple, markup: str, style: ParagraphStyle, case_sensitive: int) -> Parsed | None:
    if "<seq" in markup:
        return None
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parsed_style, frags, bullet_frags = parser.parse(markup, style)
    if frags is None or bullet_frags or parsed_style is not style:
        return None
    if any(hasattr(f, "cbDefn") for f in frags):
        return None
    textTransformFrags(frags, style)
    fonts = tuple(sorted({style.fontName, *(f.fontName for f in frags)}))
    plain = "".join(getattr(f, "text", "") for f in frags)
    return Parsed(key, tuple(frags), fonts, plain, unicodedata.normalize("NFC", plain), markup)


# ---------------------------------------------------------------- line breaking


def _style_key(style: ParagraphStyle) -> tuple:
    """Every style setting ReportLab's line breaking (and ours for CJK) reads; the
    indents are in the widths."""
    return (
        style.fontName, style.fontSize, style.textColor, style.wordWrap, style.shaping,
        style.hyphenationLang, style.uriWasteReduce, style.embeddedHyphenation,
        getattr(style, "hyphenationMinWordLength", None), style.spaceShrinkage,
        style.splitLongWords, style.endDots, style.justifyBreaks,
        getattr(style, "autoLeading", None),
    )


def _helpers() -> tuple:
    """ReportLab's line-breaking helpers and settings that `layouts.patches` replaces:
    lines broken before the patches are not those broken after."""
    return (
        rl_paragraph.sameFrag, rl_paragraph._uri_split_pairs, rl_paragraph._hyGenPair,
        rl_paragraph._hyGenFragsPair, rl_paragraph._shyUnsplit,
        rl_paragraph.ALL_CANNOT_START, textsplit.ALL_CANNOT_START,
    )


def _break_key(p: Paragraph, kind: str, width: Any) -> tuple | None:
    source = getattr(p, "_source", None)
    style = p.style
    if source is None or p.bulletText or style.wordWrap in ("RTL", "LTR"):
        return None
    if kind == "cjk" and getattr(p, "_splitpara", 0):
        return None
    widths = tuple(width) if isinstance(width, (list, tuple)) else (width,)
    frags_from, font_names = source
    return (
        kind, frags_from, widths, replay.fixed_style_key(style) or _style_key(style),
        getattr(p, "autoLeading", None),
        p.encoding, tuple(map(getFont, font_names)), _helpers(),
    )


# What each kind of line breaking sets on the paragraph besides its answer.
_SIDE = {
    "lines": ("height", "_width_max", "_splitLongWordCount", "_hyphenations"),
    "cjk": ("height",),
}


def broken(p: Paragraph, kind: str, width: Any,
           compute: Callable[[Any], ParaLines]) -> ParaLines:
    """`compute(width)` (a paragraph's line breaking of its fragments), or the lines it
    gave for the same key before, with the same effects on the paragraph."""
    key = _break_key(p, kind, width)
    if key is None:
        redraw.remember_lines(p, None)
        own_fragments(p)
        return compute(width)
    found = BROKEN.get(key)
    if found is MISSING:
        own_fragments(p)
        before = p.frags
        para = compute(width)
        words = tuple(p.frags) if p.frags is not before else None
        side = tuple((name, p.__dict__[name]) for name in _SIDE[kind] if name in p.__dict__)
        found = BROKEN.put(key, Broken(para, words, side))
    else:
        for name, value in found.side:
            setattr(p, name, value)
        if found.frags is not None:
            p.frags = list(found.frags)
            p._shared_frags = False  # (words: shared lines' own, see `own`)
    if found.frags is not None:  # the paragraph's fragments are now these words
        p._source = (found, p._source[1])
    p._shared_lines = True
    redraw.remember_lines(p, found.para)
    return found.para


def own(p: Paragraph) -> None:
    """Give a paragraph private copies of shared lines and words before ReportLab's
    `split` edits them (it adds spaces to line ends, retypes a hyphenated last word)."""
    own_fragments(p)
    if not getattr(p, "_shared_lines", False):
        return
    p._shared_lines = False
    para = getattr(p, "blPara", None)
    if para is not None:
        p.blPara = para.clone(lines=[_own_line(line) for line in para.lines])
    if rl_paragraph._processed_frags(p.frags):
        p.frags = [copy.copy(word) for word in p.frags]


def _own_line(line: Any) -> Any:
    if isinstance(line, tuple):  # kind 0: (extra space, [words]); words are str (subclasses)
        space, words = line
        return space, [w if type(w) is str else copy.copy(w) for w in words]
    return line.clone(words=[w.clone() for w in line.words])

