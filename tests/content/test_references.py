"""content/references.py: reference-list entries in AMA style, as spans (the journal in
italics, the DOI as an https://doi.org link)."""

from __future__ import annotations

from brochure.content.model import Source
from brochure.content.references import ama_authors, ama_spans
from brochure.content.spans import plain


def source(**fields) -> Source:
    return Source.model_validate({"id": "s", "title": "A study of things", **fields})


FULL = source(
    authors=["Smith A", "Jones B"],
    container="Journal of Tests",
    year=2020,
    volume="12",
    issue="3",
    pages="45-50",
    doi="10.1000/test.1",
)


def test_full_entry_reads_in_ama_order() -> None:
    assert plain(ama_spans(FULL)) == (
        "Smith A, Jones B. A study of things. Journal of Tests. 2020;12(3):45-50. "
        "doi:10.1000/test.1"
    )


def test_journal_is_italic_and_nothing_else_is() -> None:
    italic = [s.text for s in ama_spans(FULL) if s.italic]
    assert italic == ["Journal of Tests."]
    assert not any(s.bold for s in ama_spans(FULL))


def test_doi_links_to_the_https_resolver() -> None:
    links = [(s.text, s.href) for s in ama_spans(FULL) if s.href]
    assert links == [("doi:10.1000/test.1", "https://doi.org/10.1000/test.1")]


def test_url_is_the_link_when_there_is_no_doi() -> None:
    spans = ama_spans(source(url="https://example.org/page"))
    assert [(s.text, s.href) for s in spans if s.href] == [
        ("https://example.org/page", "https://example.org/page")]
    # With both, the DOI is printed and the web address is not.
    both = ama_spans(source(doi="10.1/x", url="https://example.org/page"))
    assert [s.href for s in both if s.href] == ["https://doi.org/10.1/x"]
    assert "example.org" not in plain(both)


def test_title_and_journal_end_with_one_full_stop() -> None:
    text = plain(ama_spans(source(title="Ends with a stop.", container="J Tests.")))
    assert text == "Ends with a stop. J Tests."


def test_missing_parts_leave_no_stray_punctuation() -> None:
    def words(src: Source) -> str:  # (spaces between spans collapse when set)
        return " ".join(plain(ama_spans(src)).split())

    assert words(source()) == "A study of things."
    assert words(source(year=2021)) == "A study of things. 2021."
    assert plain(ama_spans(source(year=2021, volume="4", pages="1-9"))).endswith(
        " 2021;4:1-9.")
    # An issue without a volume is not printed on its own.
    assert "(" not in plain(ama_spans(source(year=2021, issue="2")))


def test_authors_up_to_six_then_three_and_et_al() -> None:
    six = [f"Author{k} A" for k in range(1, 7)]
    assert ama_authors(six, False) == ", ".join(six) + "."
    seven = six + ["Author7 A"]
    assert ama_authors(seven, False) == "Author1 A, Author2 A, Author3 A, et al."
    assert ama_authors(["Smith A"], True) == "Smith A, et al."
    assert ama_authors([], True) == ""
    assert plain(ama_spans(source(authors=seven))).startswith(
        "Author1 A, Author2 A, Author3 A, et al. A study of things.")


def test_no_double_or_trailing_space_without_a_journal() -> None:
    from brochure.content.model import Source
    from brochure.content.references import ama_spans
    from brochure.content.spans import plain

    bare = Source.model_validate({"id": "s", "title": "A study of things", "year": 2021})
    assert plain(ama_spans(bare)) == "A study of things. 2021."
    only = Source.model_validate({"id": "s", "title": "A study", "doi": "10.1/x"})
    assert plain(ama_spans(only)) == "A study. doi:10.1/x"
    title = Source.model_validate({"id": "s", "title": "Just a title"})
    assert plain(ama_spans(title)) == "Just a title."
