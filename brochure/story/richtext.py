"""Spans → ReportLab paragraph markup, the only place such markup is written.

Author text is escaped here, character by character, so nothing an author writes can
become a tag (`<img>`, `<font>`, `<a href="file:...">`) or an entity. Each run is set
in the font that can draw it (per-script fallback from `FontSet.runs`).
"""

from __future__ import annotations

from html import escape

from brochure.content.spans import Span
from brochure.fonts.fontset import FontSet
from brochure.memo import MISSING, Memo


def escape_text(text: str) -> str:
    """Text safe inside a ReportLab paragraph: `& < >` escaped, newlines become breaks."""
    return escape(text, quote=False).replace("\n", "<br/>")


def quoteattr(value: str) -> str:
    """An attribute value, escaped and quoted as `xml.sax.saxutils.quoteattr` does it
    (that module imports urllib.request and ssl, 8 ms of a cold start)."""
    value = escape(value, quote=False)
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


# Markup made before, by spans, font set (and the state of its families) and link colour:
# every rebuild writes the same paragraphs again.
MARKUP: Memo[tuple, str] = Memo("story.markup", 16_384)


def to_markup(spans: list[Span], fonts: FontSet, link_colour: str = "#1F4E79") -> str:
    """ReportLab paragraph markup for spans; fonts chosen per run, links underlined."""
    key = (tuple(spans), fonts, fonts.generation, link_colour)
    found = MARKUP.get(key)
    if found is MISSING:
        found = _markup(spans, fonts, link_colour)  # may grow a CJK subset: a new generation
        MARKUP.put((key[0], fonts, fonts.generation, link_colour), found)
    return found


def _css_rgb(hex_colour: str) -> str:
    """'#1F4E79' as 'rgb(31,78,121)': the same colour to ReportLab, which reads CSS colours
    at once but a '#' colour only after trying it as a Python expression in its sandboxed
    evaluator (a module of its own, imported for it)."""
    value = int(hex_colour.removeprefix("#"), 16)
    return f"rgb({value >> 16},{value >> 8 & 0xFF},{value & 0xFF})"


def _markup(spans: list[Span], fonts: FontSet, link_colour: str) -> str:
    out: list[str] = []
    for span in spans:
        pieces = []
        for text, family in fonts.runs(span.text):
            face = family.face(span.bold, span.italic)
            pieces.append(f"<font name={quoteattr(face)}>{escape_text(text)}</font>")
        inner = "".join(pieces)
        if span.href:
            colour = quoteattr(_css_rgb(link_colour))
            inner = f"<a href={quoteattr(span.href)} color={colour}><u>{inner}</u></a>"
        out.append(inner)
    return "".join(out)


