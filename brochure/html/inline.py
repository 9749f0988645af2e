"""Spans → HTML, the only place the HTML edition turns author text into markup.

Every character an author writes is escaped here, so no text can become a tag, an
entity or an attribute; link targets were checked against the allowed schemes by the
loader and are escaped as attribute values.
"""

from __future__ import annotations

from html import escape

from brochure.content.spans import Span


def text(value: str) -> str:
    """Text content, escaped; a newline in the content is a line break, as in print."""
    return escape(value, quote=False).replace("\n", "<br>")


def attr(value: str) -> str:
    """An attribute value, escaped and double-quoted."""
    return '"' + escape(value, quote=True) + '"'


def spans_html(spans: list[Span], links: bool = True) -> str:
    """Inline HTML for spans: <strong>, <em>, and <a> for links (plain text when not `links`)."""
    out: list[str] = []
    for span in spans:
        piece = text(span.text)
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        if span.href and links:
            piece = f"<a href={attr(span.href)}>{piece}</a>"
        out.append(piece)
    return "".join(out)


def unbold(spans: list[Span]) -> list[Span]:
    """Headings are bold by their style: no <strong> inside them."""
    return [Span(s.text, False, s.italic, s.href) for s in spans]
