"""Inline markup: formatting, links, citations, escapes — and that nothing becomes a tag."""

from __future__ import annotations

import pytest

from brochure.content.markup import Citation, format_citation, parse, resolve
from brochure.content.spans import Span


def test_bold_italic_nesting() -> None:
    items = parse("a **b *c* d** e").items
    assert items == [Span("a "), Span("b ", True), Span("c", True, True), Span(" d", True),
                     Span(" e")]


def test_star_with_spaces_is_literal() -> None:
    assert parse("5 * 3 = 15").items == [Span("5 * 3 = 15")]


def test_escapes() -> None:
    parsed = parse(r"\*not italic\* and \[not a link\] and a \\ backslash")
    assert parsed.errors == []
    assert parsed.plain_text() == r"*not italic* and [not a link] and a \ backslash"


def test_link_and_allowed_schemes() -> None:
    for url in ("https://a.org/x?y=1", "http://a.org", "mailto:x@y.org", "tel:+15550100"):
        parsed = parse(f"see [here]({url})")
        assert parsed.errors == []
        assert parsed.items[-1] == Span("here", href=url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
                                 "ftp://x.org", "JAVASCRIPT:x", "/etc/passwd", "https:evil"])
def test_other_link_targets_are_errors(url: str) -> None:
    parsed = parse(f"[click]({url})")
    assert parsed.errors, url
    assert all(s.href is None for s in parsed.items if isinstance(s, Span))


@pytest.mark.parametrize("text", [
    '<img src="/etc/passwd"/>',
    '<font name="Courier" size="40">big</font>',
    "&amp; &lt; &#60; &nbsp;",
    '<a href="file:///etc/passwd">x</a>',
    "<b>not bold</b> <para>",
])
def test_tags_and_entities_are_text(text: str) -> None:
    parsed = parse(text)
    assert parsed.errors == []
    assert parsed.plain_text() == text


def test_citations_parse_with_offsets() -> None:
    parsed = parse("Fact [@a]. More [@b; @c].")
    assert parsed.citations == [Citation(("a",), 5), Citation(("b", "c"), 16)]


def test_resolve_keeps_number_with_word() -> None:
    spans = resolve(parse("Fact [@a] and [@b; @a]."), {"a": 1, "b": 2})
    assert "".join(s.text for s in spans) == "Fact\u00a0[1] and\u00a0[1, 2]."


def test_format_citation_ranges() -> None:
    assert format_citation([3, 1, 2, 5]) == "[1–3, 5]"
    assert format_citation([4, 6]) == "[4, 6]"


@pytest.mark.parametrize("text,fragment", [
    ("**open", "never closed"),
    ("*open", "never closed"),
    ("a [b c", "literal bracket"),
    ("[@bad id]", "malformed citation"),
    ("[](https://x.org)", "empty label"),
])
def test_errors(text: str, fragment: str) -> None:
    assert any(fragment in e.message for e in parse(text).errors)
