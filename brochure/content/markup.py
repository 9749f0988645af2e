"""Inline markup: the small, safe language of TEXT fields.

`**bold**`, `*italic*`, `[label](url)`, citations `[@id; @id2]` and backslash
escapes — nothing else is interpreted. The parser returns plain-text spans and
citation references, never ReportLab markup: escaping for ReportLab happens where the
markup is generated (`richtext.py`), so author text can never become a tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import field

from brochure.content.limits import limits
from brochure.content.spans import Span
from brochure.memo import memoised
from brochure.records import record

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")
_ESCAPABLE = set("*[]\\()_@")
_CITATION = re.compile(r"\[@([A-Za-z0-9_-]+(?:\s*;\s*@[A-Za-z0-9_-]+)*)\]")
# The target of a link, after the label's `](`: no spaces, balanced single parentheses.
_TARGET = re.compile(r"((?:[^()\s]|\([^()\s]*\))*)\)")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@record(frozen=True)
class Citation:
    """A citation reference `[@a; @b]` at `offset` characters into the text."""

    ids: tuple[str, ...]
    offset: int


@record(frozen=True)
class MarkupError:
    offset: int
    message: str


@record
class Parsed:
    """The result of parsing one TEXT value."""

    items: list[Span | Citation] = field(default_factory=list)
    errors: list[MarkupError] = field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        return [i for i in self.items if isinstance(i, Citation)]

    def plain_text(self) -> str:
        """The text as a reader sees it, without citation markers (for checks and search)."""
        return "".join(i.text for i in self.items if isinstance(i, Span))


def check_url(url: str) -> str | None:
    """Why a link target is refused, or None when it is allowed."""
    match = _SCHEME.match(url)
    if not match:
        return (
            f"link target `{url}` has no scheme; write a full address starting with "
            "https://, http://, mailto: or tel:"
        )
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        return f"link scheme `{scheme}:` is not allowed; use https, http, mailto or tel"
    if scheme in ("http", "https") and not url[len(scheme) + 1 :].startswith("//"):
        return f"link target `{url}` is not a valid web address (expected {scheme}://...)"
    return None


@record(frozen=True)
class _Link:
    """Where a link's parts are: label text[label_start:label_end], target from url_start."""

    label_start: int
    label_end: int
    url_start: int
    url: str
    end: int


class _Parser:
    """One pass over the text. Each `[` looks for its link by lookups in tables made once
    (the next unescaped `]`, the target after each `](`), so the work stays linear in the
    length of the text, whatever it holds (50,000 `[` in a row included)."""

    def __init__(self, text: str):
        self.text = text
        self._closes: list[int] | None = None
        self._targets: dict[int, re.Match[str] | None] = {}
        self.out = Parsed()
        self.bold = False
        self.italic = False
        self.href: str | None = None
        self.buffer: list[str] = []
        self.open_bold_at = -1
        self.open_italic_at = -1

    def flush(self) -> None:
        if self.buffer:
            span = Span("".join(self.buffer), self.bold, self.italic, self.href)
            items = self.out.items
            last = items[-1] if items else None
            if isinstance(last, Span) and (last.bold, last.italic, last.href) == (
                span.bold,
                span.italic,
                span.href,
            ):
                items[-1] = Span(last.text + span.text, span.bold, span.italic, span.href)
            else:
                items.append(span)
            self.buffer = []

    def next_close(self, start: int) -> int:
        """Index of the first `]` at or after `start` that no backslash escapes (or -1)."""
        if self._closes is None:
            text, n = self.text, len(self.text)
            escaped = bytearray(n)
            i = 0
            while i < n:
                if text[i] == "\\" and i + 1 < n and text[i + 1] != "\n":
                    escaped[i + 1] = 1
                    i += 2
                else:
                    i += 1
            closes, nxt = [-1] * (n + 1), -1
            for i in range(n - 1, -1, -1):
                if text[i] == "]" and not escaped[i]:
                    nxt = i
                elif text[i] == "\\" and not escaped[i] and text[i + 1 : i + 2] in ("", "\n"):
                    nxt = -1  # a backslash that escapes nothing ends any label before it
                closes[i] = nxt
            self._closes = closes
        return self._closes[start]

    def link_at(self, i: int) -> _Link | None:
        """The link `[label](target)` that starts at the `[` at i, if there is one."""
        close = self.next_close(i + 1)
        if close < 0 or not self.text.startswith("(", close + 1):
            return None
        if close not in self._targets:  # many `[` share one `]`: match its target once
            self._targets[close] = _TARGET.match(self.text, close + 2)
        target = self._targets[close]
        if target is None:
            return None
        return _Link(i + 1, close, close + 2, target.group(1), target.end())

    def error(self, offset: int, message: str) -> None:
        self.out.errors.append(MarkupError(offset, message))

    def run(self, start: int, end: int, in_link: bool = False) -> None:
        text = self.text
        i = start
        while i < end:
            ch = text[i]
            if ch == "\\" and i + 1 < end:
                nxt = text[i + 1]
                if nxt in _ESCAPABLE:
                    self.buffer.append(nxt)
                    i += 2
                    continue
                self.buffer.append(ch)
                i += 1
                continue
            if ch == "*":
                i = self.star(i, end)
                continue
            if ch == "[" and not in_link:
                i = self.bracket(i, end)
                continue
            if ch == "[" and in_link:
                self.error(i, "`[` inside a link label; write `\\[` for a literal bracket")
            self.buffer.append(ch)
            i += 1

    def star(self, i: int, end: int) -> int:
        text = self.text
        double = text.startswith("**", i) and i + 1 < end
        width = 2 if double else 1
        before = text[i - 1] if i > 0 else " "
        after = text[i + width] if i + width < end else " "
        is_open = self.bold if double else self.italic
        if is_open and not before.isspace():
            self.flush()
            if double:
                self.bold, self.open_bold_at = False, -1
            else:
                self.italic, self.open_italic_at = False, -1
            return i + width
        if not is_open and not after.isspace():
            self.flush()
            if double:
                self.bold, self.open_bold_at = True, i
            else:
                self.italic, self.open_italic_at = True, i
            return i + width
        # A star with space on both sides ("5 * 3") is just a character.
        self.buffer.append(text[i : i + width])
        return i + width

    def bracket(self, i: int, end: int) -> int:
        text = self.text
        citation = _CITATION.match(text, i, end)
        if citation:
            self.flush()
            ids = tuple(part.strip().lstrip("@") for part in citation.group(1).split(";"))
            self.out.items.append(Citation(ids, i))
            return citation.end()
        if text.startswith("[@", i):
            self.error(
                i,
                "malformed citation; write `[@id]` or `[@id1; @id2]` with ids of letters, "
                "digits, `_` and `-`",
            )
        link = self.link_at(i)
        if link is not None and link.end <= end:
            url: str | None = link.url
            problem = check_url(link.url)
            if problem:
                self.error(link.url_start, problem)
                url = None
            self.flush()
            self.href = url
            self.run(link.label_start, link.label_end, in_link=True)
            self.flush()
            self.href = None
            if not text[link.label_start : link.label_end].strip():
                self.error(i, "link has an empty label; write `[words to click](address)`")
            return link.end
        if not text.startswith("[@", i):
            self.error(
                i,
                "`[` starts neither a link `[label](https://...)` nor a citation `[@id]`; "
                "write `\\[` for a literal bracket",
            )
        self.buffer.append("[")
        return i + 1


@memoised("content.markup", 8192)
def parse(text: str) -> Parsed:
    """Parse one TEXT value into spans and citations, collecting every error.

    Cached: the loader, the citation numbering and the builders all parse the same
    texts. Callers must not modify the result.
    """
    parser = _Parser(text)
    parser.run(0, len(text))
    parser.flush()
    if parser.bold:
        parser.error(
            parser.open_bold_at, "`**` is never closed; close it or write `\\*\\*` for stars"
        )
    if parser.italic:
        parser.error(
            parser.open_italic_at, "`*` is never closed; close it or write `\\*` for a star"
        )
    errors, cap = parser.out.errors, limits().markup_problems_per_text
    if len(errors) > cap:
        parser.out.errors = errors[:cap] + [MarkupError(
            errors[cap].offset, f"{len(errors) - cap} more markup problem(s) in this text from "
            "here on; fix the ones above first")]
    return parser.out


def plain_text(text: str) -> str:
    """Inline markup → the words a reader sees, without citation markers, on one line:
    for metadata that takes no markup (the PDF's /Title and XMP, email subjects)."""
    words = " ".join(parse(text).plain_text().split())
    return re.sub(r"\s+([.,;:!?])", r"\1", words)


def format_citation(numbers: Iterable[int]) -> str:
    """`[1]`, `[1, 3]`, `[2–4]`: sorted numbers with runs of three or more as ranges."""
    nums = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{nums[i]}–{nums[j]}")
        else:
            parts.extend(str(n) for n in nums[i : j + 1])
        i = j + 1
    return "[" + ", ".join(parts) + "]"


def resolve(parsed: Parsed, numbers: Mapping[str, int]) -> list[Span]:
    """Spans with every citation replaced by its bracketed number(s)."""
    spans: list[Span] = []
    for item in parsed.items:
        if isinstance(item, Citation):
            label = format_citation(numbers[i] for i in item.ids if i in numbers)
            last = spans[-1] if spans else None
            if last is not None and last.text.endswith(" "):
                # Keep the number on the same line as the word it supports.
                spans[-1] = Span(last.text.rstrip(" "), last.bold, last.italic, last.href)
            spans.append(Span("\u00a0" + label if spans else label))
        else:
            spans.append(item)
    return spans


def to_spans(text: str, numbers: Mapping[str, int] | None = None) -> list[Span]:
    """Parse and resolve in one go (the text is known to be valid)."""
    return resolve(parse(text), numbers or {})
