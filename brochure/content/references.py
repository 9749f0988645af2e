"""Reference list entries in AMA style, as spans (so links and fonts work like body text)."""

from __future__ import annotations

from brochure.content.model import Source
from brochure.content.spans import Span

DOI_RESOLVER = "https://doi.org/"


def ama_authors(authors: list[str], et_al: bool) -> str:
    """Up to six authors; more than six (or `et_al`) gives the first three and 'et al.'"""
    if len(authors) > 6:
        authors, et_al = authors[:3], True
    text = ", ".join(authors)
    if et_al and authors:
        text += ", et al"
    return text + "." if text else ""


def ama_spans(source: Source) -> list[Span]:
    """One AMA-style entry: Authors. Title. Container. Year;Vol(Issue):Pages. doi:..."""
    parts: list[str] = []
    authors = ama_authors(source.authors, source.et_al)
    if authors:
        parts.append(authors)
    parts.append(source.title.rstrip(".") + ".")
    spans = [Span(" ".join(parts) + " ")]
    if source.container:
        spans.append(Span(source.container.rstrip(".") + ".", italic=True))
    tail = ""
    if source.year:
        tail += str(source.year)
    if source.volume:
        tail += f";{source.volume}"
        if source.issue:
            tail += f"({source.issue})"
    if source.pages:
        tail += f":{source.pages}"
    if tail:  # after the title's own trailing space when there is no container
        spans.append(Span((" " if source.container else "") + tail + "."))
    link = (f"doi:{source.doi}", DOI_RESOLVER + source.doi) if source.doi else (
        (source.url, source.url) if source.url else None)
    if link:
        if spans[-1].text.endswith(" "):
            spans.append(Span(link[0], href=link[1]))
        else:
            spans += [Span(" "), Span(link[0], href=link[1])]
    if spans[-1].text.endswith(" "):  # nothing after the title: no trailing space
        spans[-1] = Span(spans[-1].text.rstrip(" "))
    return spans
