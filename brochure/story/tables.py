"""Tables and fill-in logs as a flowable that knows its rows, its structure and its width.

ReportLab's own Table hides its cells from the tagger and cannot mirror its columns, so
this one draws each row as a `Row` (role TR) whose cells are the content's paragraphs
(role TH or TD): a tagged PDF gets Table > TR > TH/TD in reading order, first column
first, whichever side that column is drawn on (the right for right-to-left languages).

The table always takes its frame's width, each cell wraps inside its column, and a table
taller than the room left splits between rows, the header row repeated on top of each
part — drawn as an artifact there, so a screen reader meets the headings once.
"""

from __future__ import annotations

from reportlab.platypus.flowables import Flowable

from brochure.records import record
from brochure.story.flowables import Struct

PAD = 4.0  # inside each cell


class EmptyCell(Flowable):
    """A cell of a fill-in log: room to write, nothing printed."""

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, 0.0
        return self.width, self.height

    def draw(self) -> None:
        pass


@record
class Style:
    """How a table looks: colours (ReportLab colours), line width, the least row height."""

    rule: object
    header_tint: object
    line: float = 0.6
    min_row: float = 0.0  # a log's rows are tall enough to write in


class Row(Flowable):
    """One row of cells at given column widths; mirrored when `rtl`."""

    def __init__(self, cells: list[Flowable], header: bool, style: Style, rtl: bool):
        super().__init__()
        self.cells, self.header, self.style, self.rtl = cells, header, style, rtl
        self.widths: list[float] = []

    def measure(self, widths: list[float]) -> float:
        self.widths = widths
        tallest = max(c.wrap(w - 2 * PAD, 10_000)[1] for c, w in zip(self.cells, widths,
                                                                       strict=True))
        self.width = sum(widths)
        self.height = max(tallest + 2 * PAD, 0.0 if self.header else self.style.min_row)
        return self.height

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self) -> None:
        canv, style = self.canv, self.style
        if self.header:
            canv.saveState()
            canv.setFillColor(style.header_tint)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.restoreState()
        x = 0.0
        for cell, w in zip(self.cells, self.widths, strict=True):
            left = self.width - x - w if self.rtl else x
            cell.drawOn(canv, left + PAD, self.height - PAD - cell.height)
            x += w


MIN_ROWS = 2  # body rows under the header before a split: never a header with one row


class TableFlowable(Flowable):
    """A title (role Caption), a header row and body rows in a grid as wide as the frame;
    splits between rows, the title staying with the first part."""

    def __init__(
        self,
        header: Row,
        rows: list[Row],
        weights: list[float],
        style: Style,
        space_after: float = 10,
        title: Flowable | None = None,
    ):
        super().__init__()
        self.header, self.rows, self.weights, self.style = header, rows, weights, style
        self.space_after, self.title = space_after, title
        self.title_gap = 4.0
        # Reading order sees the cells (tagging._flatten).
        self._content = [*([title] if title else []), header, *rows]

    def _widths(self, width: float) -> list[float]:
        """Column widths filling `width`: every column at least as wide as its widest word,
        the room over that shared by how much more each column's text would like."""
        if getattr(self, "_widths_for", None) == width:
            return self._widths_cache
        columns = len(self.header.cells)
        least, wish = [0.0] * columns, [0.0] * columns
        for row in (self.header, *self.rows):
            for c, cell in enumerate(row.cells):
                low, high = cell_widths(cell)
                least[c] = max(least[c], low + 2 * PAD)
                wish[c] = max(wish[c], high + 2 * PAD, least[c])
        # A log's empty columns: as wide as their headings want, the rest shared evenly.
        if sum(wish) <= width:
            spare = width - sum(wish)
            widths = [w + spare * k / sum(self.weights) for w, k in zip(wish, self.weights,
                                                                        strict=True)]
        elif sum(least) <= width:
            extra = [w - m for w, m in zip(wish, least, strict=True)]
            spare = width - sum(least)
            widths = [m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True)]
        else:  # a word wider than its share: breaks inside (nothing can leave the frame)
            widths = [width * m / sum(least) for m in least]
        self._widths_for, self._widths_cache = width, widths
        return widths

    def _title_height(self, width: float) -> float:
        if self.title is None:
            return 0.0
        return self.title.wrap(width, 10_000)[1] + self.title_gap

    def wrap(self, availWidth, availHeight):
        widths = self._widths(availWidth)
        self.width = availWidth
        self.grid = sum(r.measure(widths) for r in (self.header, *self.rows))
        self.height = self._title_height(availWidth) + self.grid
        return self.width, self.height

    def getSpaceAfter(self):
        return self.space_after

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        room = availHeight - self.header.height - self._title_height(availWidth)
        used, k = 0.0, 0
        while k < len(self.rows) and used + self.rows[k].height <= room:
            used += self.rows[k].height
            k += 1
        k = min(k, len(self.rows) - MIN_ROWS)  # nor a part with one row under the repeat
        if k < MIN_ROWS:
            return []
        first = self._part(self.header, self.rows[:k], 0, self.title)
        repeat = Row(self.header.cells, True, self.style, self.header.rtl)
        repeat.struct = Struct("Artifact")  # the headings again, for the eye only
        rest = self._part(repeat, self.rows[k:], self.space_after, None)
        return [first, rest]

    def _part(self, header: Row, rows: list[Row], space_after: float, title):
        part = TableFlowable(header, rows, self.weights, self.style, space_after, title)
        if hasattr(self, "struct"):
            part.struct = self.struct
        return part

    def draw(self) -> None:
        canv, style = self.canv, self.style
        if self.title is not None:
            self.title.drawOn(canv, 0, self.height - self.title.height)
        y = self.grid
        for row in (self.header, *self.rows):
            y -= row.height
            row.drawOn(canv, 0, y)
        canv.saveState()
        canv.setStrokeColor(style.rule)
        canv.setLineWidth(style.line)
        canv.rect(0, 0, self.width, self.grid, stroke=1, fill=0)
        y = self.grid
        for row in (self.header, *self.rows[:-1]):
            y -= row.height
            canv.line(0, y, self.width, y)
        x = 0.0
        for w in self.header.widths[:-1]:
            x += w
            at = self.width - x if self.header.rtl else x  # columns mirrored right to left
            canv.line(at, 0, at, self.grid)
        canv.restoreState()


def cell_widths(cell: Flowable) -> tuple[float, float]:
    """(widest word, width on one line) of a cell's text."""
    if isinstance(cell, EmptyCell):
        return 0.0, 0.0
    low = cell.minWidth()
    natural = getattr(cell, "natural_width", None)
    if natural is not None:
        return low, natural()
    cell.wrap(100_000, 100_000)
    high = max(cell.getActualLineWidths0() or [0.0])
    return low, high


def column_weights(columns: list[str], rows: list[list[str]]) -> list[float]:
    """Relative column widths from the text: the longest word (which must fit) and the
    longest cell (which may wrap), in characters; a log's empty columns share evenly."""
    weights = []
    for c, heading in enumerate(columns):
        texts = [heading] + [row[c] for row in rows if c < len(row)]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        longest = max((len(t) for t in texts), default=1)
        weights.append(max(min(longest_word * 1.2, 24), min(longest, 28), 4))
    return weights
