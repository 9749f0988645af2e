"""What a reader reads, as readability items, and the way back to FILE:LINE:COL.

The readability engine sees plain text (markup and citation markers removed), so its
offsets are offsets into that plain text. Each item here remembers the raw TEXT value
and its YAML path; `locate` maps a plain-text position back through the markup to the
line and column an author edits.
"""

from __future__ import annotations

import re

from brochure.content.loader import LanguageDoc, text_position
from brochure.content.markup import parse
from brochure.content.model import Loc, language_texts
from brochure.readability import TextItem
from brochure.records import record

SUMMARY = "@summary"  # the summary's scope key; "@" cannot start a section id

# Labels, not prose: titles and headings, captions and credits. Short fragments
# without a full stop would count as sentences and lower every score.
_LABEL_KEYS = frozenset({"title", "caption", "credit"})
_MASKED = re.compile(r"\[@[^\]]*\]|\]\([^)\s]*\)")  # citations, link targets


@record(frozen=True)
class TextRef:
    """One readability item's source: its YAML path, raw TEXT and plain text."""

    loc: Loc
    raw: str
    plain: str
    section: str | None  # section id, or SUMMARY

    def raw_offset(self, plain_offset: int) -> int:
        """Where a character of the plain text stands in the raw TEXT (best effort).

        Plain characters appear in the raw text in the same order; markup characters,
        citations and link targets are skipped over.
        """
        masked = [False] * len(self.raw)
        for m in _MASKED.finditer(self.raw):
            for i in range(m.start(), m.end()):
                masked[i] = True
        j = 0
        for k, ch in enumerate(self.plain):
            while j < len(self.raw) and (masked[j] or self.raw[j] != ch):
                j += 1
            if j >= len(self.raw):
                return len(self.raw)
            if k == plain_offset:
                return j
            j += 1
        return len(self.raw)


def reading_items(
    lang: LanguageDoc, skip: frozenset[Loc] = frozenset()
) -> tuple[list[TextItem], list[TextRef]]:
    """The summary and every block's prose, in reading order; `skip` leaves out texts that
    are not in this language yet (a new translation still holds the source's words).

    Each TextItem's `file` is the index of its TextRef, and its text starts at line 1,
    column 1, so a finding's (line, column) is a position in the plain text.
    """
    items: list[TextItem] = []
    refs: list[TextRef] = []
    sections = lang.content.sections
    for loc, raw in language_texts(lang.content):
        if loc[0] in ("title", "subtitle") or loc[-1] in _LABEL_KEYS or loc in skip:
            continue
        section = SUMMARY if loc[0] == "summary" else sections[int(loc[1])].id
        plain = parse(raw).plain_text()
        refs.append(TextRef(loc, raw, plain, section))
        items.append(TextItem(plain, str(len(refs) - 1), 1, 1, section))
    return items, refs


def plain_offset(text: str, line: int, column: int) -> int:
    """Invert the engine's `_locate` for an item that starts at line 1, column 1."""
    if line <= 1:
        return column - 1
    start = -1
    for _ in range(line - 1):
        start = text.find("\n", start + 1)
        if start < 0:
            return len(text)
    return start + column


def locate(lang: LanguageDoc, refs: list[TextRef], key: str, line: int, column: int) -> tuple[
    int, int
]:
    """FILE line and column of a finding the engine placed at (line, column) of item `key`."""
    ref = refs[int(key)]
    offset = ref.raw_offset(plain_offset(ref.plain, line, column))
    return text_position(lang.doc, ref.loc, offset)
