"""Our own platypus flowables, each knowing its structural role and where it came from.

`Struct` is attached to every flowable we make (`.struct`): the role a screen reader
needs (H1, H2, P, L/LI, Figure with alt text, Note, Artifact...), the language, and the
content position. Tagged PDF and reading-order checks build on it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable
from typing import TypeVar

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.platypus.paragraph import Paragraph
from reportlab.rl_config import _FUZZ

from brochure.fonts import replay
from brochure.language.breaks import break_points, is_word_char
from brochure.records import record
from brochure.story import redraw, reuse

F = TypeVar("F", bound=Flowable)


@record(frozen=True)
class Struct:
    """Structural role of a flowable (PDF structure-element names)."""

    role: str
    alt: str | None = None
    origin: tuple[str, int, int] | None = None
    lang: str | None = None
    group: str | None = None  # list items of one list share it (one L element)


def mark(flowable: F, role: str, **details) -> F:
    """Attach a structural role (and optional alt text, origin, language) to a flowable."""
    flowable.struct = Struct(role, **details)  # type: ignore[attr-defined]
    return flowable


def struct_of(flowable: Flowable) -> Struct | None:
    return getattr(flowable, "struct", None)


class TextParagraph(Paragraph):
    """A ReportLab paragraph whose halves keep its role when it splits across pages, so
    a tagged PDF has one element for the whole paragraph (Paragraph.split drops `.struct`)."""

    def __init__(self, text: str, style: ParagraphStyle, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        # The words as written: with shaping on, ReportLab replaces them by glyph codes.
        self.logical_text = self._logical or unicodedata.normalize("NFC", self.getPlainText())

    # Where the fragments came from and the fonts they use (`reuse`): None when they may
    # not be reused (given by a split, or markup that changes the style).
    _source: tuple[Hashable, tuple[str, ...]] | None = None
    _logical = ""

    def _setup(self, text, style, bulletText, frags, cleaner):
        """Paragraph._setup, with the markup's fragments from `reuse.parsed` when the
        same markup was parsed before in the same style (every rebuild, page footer)."""
        self._source = None
        if frags is None and text is not None:
            parsed = reuse.parsed(text, style, self.caseSensitive, cleaner)
            if parsed is not None:  # shared until line breaking or splitting
                text, frags = parsed.clean, parsed.shared_frags(self)
                self._source = (parsed, parsed.fonts)
                self._logical = parsed.logical
        super()._setup(text, style, bulletText, frags, cleaner)

    def minWidth(self):
        """Paragraph.minWidth, on fragments of its own: ReportLab's marks each fragment
        it splits into words (shared ones are read-only, `reuse.own_fragments`)."""
        reuse.own_fragments(self)
        return super().minWidth()

    def breakLines(self, width):
        """Paragraph.breakLines, or the lines it gave before for the same fragments,
        style and widths (`reuse.broken`)."""
        return reuse.broken(self, "lines", width, super().breakLines)

    def wrap(self, availWidth, availHeight):
        """Paragraph.wrap, not done again at the width it was last done at: platypus asks
        twice (KeepTogether measures its content, then the frame places each piece), a
        third of all wraps. The height does not depend on `availHeight`."""
        last = getattr(self, "_wrapped", None)
        if (last is not None and last[0] == availWidth and last[1] is self.style
                and last[2] is self.frags):
            return last[3]
        size = super().wrap(availWidth, availHeight)
        if self.balance:
            size = self._balanced(availWidth, availHeight, size)
        self._wrapped = (availWidth, self.style, self.frags, size)
        return size

    # A title or heading: never one word alone on its last line (see `_balanced`).
    balance = False

    def _balanced(self, width: float, height: float, size: tuple[float, float]):
        """Lines broken narrower (down to 60 % of the width, same number of lines) until
        the last line holds two words or more; left-aligned lines then sit as before."""
        lines = self.blPara.lines
        cjk = self.style.wordWrap == "CJK"
        enough = 3 if cjk else 2  # Chinese: no one or two characters alone

        def last_ok(found) -> bool:
            return _word_count(found[-1], cjk) >= enough

        if len(lines) < 2 or last_ok(lines) or self.style.alignment != 0:
            return size
        for share in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6):
            narrow = super().wrap(width * share, height)
            tried = self.blPara.lines
            if len(tried) == len(lines) and last_ok(tried):
                self.width = width
                return width, narrow[1]
        return super().wrap(width, height)

    def split(self, availWidth, availHeight):
        # Paragraph.split wraps first when it has no lines; here before `own`, as
        # splitting edits the lines it splits: never the shared ones.
        if (not hasattr(self, "blPara") and self.frags and availWidth >= _FUZZ
                and availHeight >= _FUZZ):
            self.wrap(availWidth, availHeight)
        reuse.own(self)
        parts = super().split(availWidth, availHeight)
        self._wrapped = None  # splitting may change the line fragments: wrap afresh
        if len(parts) > 1:
            self._source = None  # nor are its fragments those of its source any more
        words = self.logical_text.split()
        for part in parts:
            if hasattr(self, "struct"):
                part.struct = self.struct
            count = len(part.getPlainText().split())  # shaping keeps the spaces
            part.logical_text, words = " ".join(words[:count]), words[count:]
        return parts

    def breakLinesCJK(self, maxWidths):
        """CJK line breaking that never starts a line with closing punctuation, and
        never cuts a Latin run (ACC/AHA, a web address) but where `breaks` allows.

        ReportLab hangs one such character at the end of the line before; two in a row
        ("），") still left the second at the start of a line. Then the line before is
        narrowed so its last ordinary character moves down with them, and the paragraph
        is broken again. A Latin run cut in the middle moves down whole, or from its last
        break point that fits (a run longer than a line keeps ReportLab's cut).
        """
        return reuse.broken(self, "cjk", maxWidths, self._break_lines_cjk)

    def _break_lines_cjk(self, maxWidths):  # noqa: N803 - ReportLab's name
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        text = "".join(getattr(f, "text", "") for f in self.frags)
        para = super().breakLinesCJK(widths)
        for _ in range(32):
            narrower = (_kinsoku_widths(para, widths) or _hanging_widths(para, widths)
                        or _latin_run_widths(para, widths, text))
            if narrower is None:
                break
            widths = narrower
            para = super().breakLinesCJK(widths)
        return para

    def draw(self) -> None:
        """Shaped text (Devanagari and other Indic scripts) maps glyphs to nothing or to
        private-use code points, so its real text goes along as /ActualText: copy, search
        and screen readers then get the words, not the glyphs."""
        if not getattr(self.style, "shaping", 0):
            redraw.drawn(self, super().draw)  # or what it drew before, replayed
            return
        hex_text = "<FEFF" + self.logical_text.encode("utf-16-be").hex().upper() + ">"
        self.canv.addLiteral(f"/Span <</ActualText {hex_text}>> BDC")
        super().draw()
        self.canv.addLiteral("EMC")


def _word_count(line, cjk: bool = False) -> int:
    """Words on one broken line of a ReportLab paragraph (either kind of line); for
    Chinese and Japanese, characters."""
    if isinstance(line, tuple):
        return len("".join(line[1]).strip()) if cjk else len(line[1])
    if cjk:
        return len("".join(getattr(f, "text", "") for f in line.words).strip())
    return int(getattr(line, "wordCount", 2))


def _cjk_line_chars(para) -> list[list[tuple[str, float]]]:
    """(character, advance width) of every line of a CJK-broken paragraph."""
    out = []
    for line in para.lines:
        if isinstance(line, tuple):  # one font for the whole paragraph: (space, [text])
            out.append([(c, stringWidth(c, para.fontName, para.fontSize)) for c in line[1][0]])
        else:
            out.append([(c, stringWidth(c, f.fontName, f.fontSize))
                        for f in line.words for c in getattr(f, "text", "")])
    return out


def _kinsoku_widths(para, widths: list[float]) -> list[float] | None:
    """Line widths that move a character down to go before punctuation that starts a
    line, or None when no line starts with such punctuation (or it cannot be helped)."""
    cannot_start = rl_paragraph.ALL_CANNOT_START
    lines = _cjk_line_chars(para)
    for k in range(1, len(lines)):
        if not lines[k] or lines[k][0][0] not in cannot_start:
            continue
        before = lines[k - 1]
        j = len(before) - 1
        while j > 0 and before[j][0] in cannot_start:
            j -= 1
        if j <= 0 or not before[j][0].strip():
            return None
        out = widths + [widths[-1]] * max(0, k + 1 - len(widths))
        out[k - 1] = sum(w for _, w in before[:j]) + before[j][1] / 2
        return out
    return None


def _hanging_widths(para, widths: list[float]) -> list[float] | None:
    """Line widths that move punctuation ReportLab hung past the line's end down, with
    the character before it (nothing is drawn outside the frame), or None."""
    cannot_start = rl_paragraph.ALL_CANNOT_START
    for k, line in enumerate(_cjk_line_chars(para)):
        room = widths[min(k, len(widths) - 1)]
        if sum(w for _, w in line) <= room + 0.01 or len(line) < 3:
            continue
        j = len(line) - 1
        while j > 0 and line[j][0] in cannot_start:
            j -= 1
        if j <= 0 or j == len(line) - 1:
            return None
        narrow = sum(w for _, w in line[:j]) + line[j][1] / 2
        return [*widths[:k], narrow, widths[-1]]
    return None


def _breaks_at_space(text: str, lines: list[list[tuple[str, float]]]) -> list[bool]:
    """For each line, whether the paragraph's text has a space right before it (a line
    break there is a break at a space, not a cut)."""
    out, pos = [], 0
    for line in lines:
        spaced = False
        for n, (c, _) in enumerate(line):
            while pos < len(text) and text[pos] != c and text[pos].isspace():
                spaced = spaced or n == 0
                pos += 1
            pos += 1 if pos < len(text) and text[pos] == c else 0
        out.append(spaced)
    return out


def _latin_run_widths(para, widths: list[float], text: str) -> list[float] | None:
    """Line widths that move a Latin run cut between two lines down to a break point
    (or whole), or None when no line is cut inside such a run (or it cannot be helped)."""
    lines = _cjk_line_chars(para)
    spaced = _breaks_at_space(text, lines)
    for k in range(1, len(lines)):
        before, after = lines[k - 1], lines[k]
        if not before or not after or spaced[k]:
            continue
        if not (is_word_char(before[-1][0]) and is_word_char(after[0][0])):
            continue
        start = len(before)
        while start > 0 and is_word_char(before[start - 1][0]):
            start -= 1
        end = 0
        while end < len(after) and is_word_char(after[end][0]):
            end += 1
        token = "".join(c for c, _ in before[start:]) + "".join(c for c, _ in after[:end])
        cut = len(before) - start
        if cut in break_points(token):
            continue
        earlier = [p for p in break_points(token) if p < cut]
        keep = start + earlier[-1] if earlier else start
        run_width = sum(w for _, w in before[start:]) + sum(w for _, w in after[:end])
        if keep == 0 or (not earlier and run_width > widths[min(k, len(widths) - 1)]):
            continue  # nothing before it on the line, or longer than a line: leave the cut
        # Lines before are final; lines after get the full width again (their content
        # changes), so narrowing one line never squeezes another.
        narrow = sum(w for _, w in before[:keep]) + before[keep][1] / 2
        return [*widths[: k - 1], narrow, widths[-1]]
    return None


class Bookmark(Flowable):
    """A zero-size mark before a heading: adds the bookmark (outline entry) where it lands.

    Kept with the heading that follows, so it works for any heading flowable (left-to-right
    paragraphs and right-to-left ones alike).
    """

    def __init__(self, title: str, key: str, level: int = 0):
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.keepWithNext = 1
        self.struct = Struct("Artifact")

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, self.level)


# ---------------------------------------------------------------- list items


class Marker:
    """What a list item shows beside its text: drawn in a box `width` wide."""

    width: float = 0.0
    height: float = 0.0
    font: str  # the font its text is drawn in

    def draw(self, canv, x: float, top: float, mirror: bool = False) -> None:
        """Draw in the box starting at x; `mirror` hugs the box's right edge (RTL)."""
        raise NotImplementedError

    def printed(self) -> str:
        """The text it draws (a replay's key holds those characters' subset codes)."""
        raise NotImplementedError

    def drawn(self, canv, x: float, top: float, mirror: bool = False) -> None:
        """`draw`, or what the same marker drew before at the same place, replayed
        (`fonts.replay`: every attribute of the marker is in the key)."""
        parts = (type(self).__name__, tuple(vars(self).items()), x, top, mirror)
        replay.replayed(canv, (), parts, (self.font,), replay.non_ascii([self.printed()]),
                        lambda: self.draw(canv, x, top, mirror))


class TextMarker(Marker):
    """A bullet or a short label such as '1.'."""

    def __init__(self, text: str, font: str, size: float, colour, width: float):
        self.text, self.font, self.size, self.colour = text, font, size, colour
        self.width, self.height = width, size

    def draw(self, canv, x: float, top: float, mirror: bool = False) -> None:
        canv.setFont(self.font, self.size)
        canv.setFillColor(self.colour)
        nudge = 2 if mirror else -2
        canv.drawCentredString(x + self.width / 2 + nudge, top - self.size, self.text)

    def printed(self) -> str:
        return self.text


class DiscMarker(Marker):
    """A large step number in a filled disc: steps that look like steps."""

    def __init__(self, number: int, font: str, size: float, diameter: float, fill, text_colour):
        self.label, self.font, self.size = str(number), font, size
        self.diameter, self.fill, self.text_colour = diameter, fill, text_colour
        self.width, self.height = diameter + 8, diameter

    def draw(self, canv, x: float, top: float, mirror: bool = False) -> None:
        r = self.diameter / 2
        cx, cy = (x + self.width - r if mirror else x + r), top - r
        canv.setFillColor(self.fill)
        canv.circle(cx, cy, r, stroke=0, fill=1)
        canv.setFillColor(self.text_colour)
        canv.setFont(self.font, self.size)
        canv.drawCentredString(cx, cy - self.size * 0.35, self.label)

    def printed(self) -> str:
        return self.label


class ListItem(Flowable):
    """A marker beside a content flowable (left, or right for RTL); splits across pages."""

    def __init__(
        self,
        content: Flowable,
        marker: Marker | None,
        indent: float,
        rtl: bool = False,
        first_line_top: float = 0.0,
        space_after: float = 0.0,
    ):
        super().__init__()
        self.content, self.marker, self.indent, self.rtl = content, marker, indent, rtl
        self.first_line_top = first_line_top
        self.space_after = space_after
        self.struct = getattr(content, "struct", None)

    def wrap(self, availWidth, availHeight):
        _, h = self.content.wrap(availWidth - self.indent, availHeight)
        marker_h = self.marker.height + self.first_line_top if self.marker else 0
        self.width, self.height = availWidth, max(h, marker_h)
        return self.width, self.height

    def getSpaceAfter(self):
        return max(self.space_after, self.content.getSpaceAfter())

    def getSpaceBefore(self):
        return self.content.getSpaceBefore()

    # An item no taller than this moves on whole rather than split (a reference entry).
    keep_whole_below = 0.0

    def split(self, availWidth, availHeight):
        if self.keep_whole_below and self.wrap(availWidth, availHeight)[1] <= self.keep_whole_below:
            return []
        parts = self.content.split(availWidth - self.indent, availHeight)
        if len(parts) < 2:
            return []
        first = ListItem(parts[0], self.marker, self.indent, self.rtl, self.first_line_top)
        rest = [
            ListItem(p, None, self.indent, self.rtl, self.first_line_top, self.space_after)
            for p in parts[1:]
        ]
        for part in (first, *rest):  # one list item, whatever page each part lands on
            part.struct = self.struct
        return [first, *rest]

    def draw(self) -> None:  # marker first: in a tagged PDF the label precedes the body
        if self.marker:
            x_marker = self.width - self.marker.width if self.rtl else 0
            self.marker.drawn(self.canv, x_marker, self.height - self.first_line_top, self.rtl)
        x_content = 0 if self.rtl else self.indent
        self.content.drawOn(self.canv, x_content, self.height - self.content.height)


# ---------------------------------------------------------------- boxes


class Box(Flowable):
    """A tinted, framed box around flowables (callouts, the summary); splits across pages.

    A thick bar on the reading-start side marks the kind (left, or right for RTL), so the
    box reads as a warning or tip even in greyscale print.
    """

    def __init__(
        self,
        content: list[Flowable],
        tint,
        border,
        padding: float = 9,
        bar: float = 5,
        rtl: bool = False,
        space_after: float = 10,
        continued: Callable[[], Flowable] | None = None,
    ):
        super().__init__()
        self.content, self.tint, self.border = content, tint, border
        self.padding, self.bar, self.rtl = padding, bar, rtl
        self.space_after = space_after
        # Makes the box's title again, "… (continued)", for each part after a split.
        self.continued = continued
        self._sizes: list[tuple[float, float]] = []

    def _inner_width(self, availWidth: float) -> float:
        return availWidth - 2 * self.padding - self.bar

    def wrap(self, availWidth, availHeight):
        inner = self._inner_width(availWidth)
        total, self._sizes = 0.0, []
        for i, f in enumerate(self.content):
            w, h = f.wrap(inner, availHeight)
            before = f.getSpaceBefore() if i else 0
            after = f.getSpaceAfter() if i < len(self.content) - 1 else 0
            self._sizes.append((before, after))
            total += before + h + after
        self.width, self.height = availWidth, total + 2 * self.padding
        return self.width, self.height

    def getSpaceAfter(self):
        return self.space_after

    def split(self, availWidth, availHeight):
        """Never split a box that an empty frame (page or panel) holds whole: it moves on
        whole. A taller one splits, and every part after the first starts with the
        title again ("… (continued)"), so no part of a warning goes without its title."""
        empty = empty_frame_height(self)
        if empty is not None and self.wrap(availWidth, empty)[1] <= empty + 0.01:
            return []
        inner = self._inner_width(availWidth)
        room = availHeight - 2 * self.padding
        used = 0.0
        for i, f in enumerate(self.content):
            _, h = f.wrap(inner, room - used)
            before = f.getSpaceBefore() if i else 0
            if used + before + h <= room:
                used += before + h + f.getSpaceAfter()
                continue
            parts = f.split(inner, room - used - before)
            head = self.content[:i] + (parts[:1] if len(parts) > 1 else [])
            tail = (parts[1:] if len(parts) > 1 else [f]) + self.content[i + 1 :]
            while head and head[-1].getKeepWithNext():  # a callout title goes with its text
                tail.insert(0, head.pop())
            if not head or (self.continued is not None and len(head) == 1
                            and head[0].getKeepWithNext()):
                return []
            if self.continued is not None:
                tail.insert(0, self.continued())
            return [self._like(head, 0), self._like(tail, self.space_after)]
        return [self]

    def _like(self, content: list[Flowable], space_after: float) -> Box:
        box = Box(content, self.tint, self.border, self.padding, self.bar, self.rtl, space_after,
                  self.continued)
        if hasattr(self, "struct"):
            box.struct = self.struct
        return box

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.tint)
        canv.setStrokeColor(self.border)
        canv.setLineWidth(0.8)
        canv.roundRect(0, 0, self.width, self.height, 4, stroke=1, fill=1)
        if self.bar:
            canv.setFillColor(self.border)
            x = self.width - self.bar if self.rtl else 0
            canv.rect(x, 0, self.bar, self.height, stroke=0, fill=1)
        canv.restoreState()
        x = self.padding + (0 if self.rtl else self.bar)
        y = self.height - self.padding
        for i, f in enumerate(self.content):
            before, after = self._sizes[i] if i < len(self._sizes) else (0, 0)
            y -= before + f.height
            f.drawOn(canv, x, y)
            y -= after


def empty_frame_height(flowable: Flowable) -> float | None:
    """The inner height of the frame the flowable is being laid out in, when empty (None
    outside a doc template's flow: the canvas is set during `splitOn`)."""
    doc = getattr(getattr(flowable, "canv", None), "_doctemplate", None)
    frame = getattr(doc, "frame", None)
    if frame is None:
        return None
    return frame._y2 - frame._y1p
