"""Spans → HTML, the only place the HTML edition turns author text into markup.

Every character an author writes is escaped here, so no text can become a tag, an
entity or an attribute; link targets were checked against the allowed schemes by the
loader and are escaped as attribute values.
"""

from __future__ import annotations

import re
from html import escape

from brochure.content.spans import Span
from brochure.language.breaks import MIN_BREAKABLE, break_points, emergency_points, is_word_char

_SPACE = re.compile(r"(\s+)")


def text(value: str) -> str:
    """Text content, escaped; a newline in the content is a line break, as in print.

    Long tokens may break where print breaks them (`language/breaks.py`): a web address or DOI
    after `/ . - _ ? & =` (<wbr>), a word longer than a line between any letters, and
    only when it must (so a table column or a phone line is never held wide by one)."""
    out = []
    for piece in _SPACE.split(value):
        if len(piece) < MIN_BREAKABLE or not all(is_word_char(ch) for ch in piece):
            out.append(escape(piece, quote=False))
        elif points := break_points(piece):
            cuts = [0, *points, len(piece)]
            out.append("<wbr>".join(escape(piece[a:b], quote=False)
                                    for a, b in zip(cuts, cuts[1:], strict=False)))
        elif emergency_points(piece):
            out.append(f'<span class="long">{escape(piece, quote=False)}</span>')
        else:
            out.append(escape(piece, quote=False))
    return "".join(out).replace("\n", "<br>")


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
