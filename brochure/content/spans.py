"""The rendering-level unit of inline text: a run of characters with one formatting.

Every text renderer (ReportLab paragraphs, the right-to-left line breaker) consumes a
list of `Span`s, so inline markup is parsed exactly once, in `markup.py`.
"""

from __future__ import annotations

from brochure.records import record


@record(frozen=True)
class Span:
    """A run of plain text (never markup) with its formatting.

    `href` is set for link text and is already checked against the allowed schemes.
    """

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


def plain(spans: list[Span]) -> str:
    """The text of spans without their formatting."""
    return "".join(s.text for s in spans)
