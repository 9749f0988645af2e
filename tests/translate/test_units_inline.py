"""Unit ids and the markup ↔ inline-code conversion underneath export and import."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from brochure.content.markup import Citation, parse
from brochure.content.model import language_texts
from brochure.translate.inline import Code, align, check_pieces, to_markup, to_pieces
from brochure.translate.units import units_of
from tests.conftest import ROOT
from tests.translate.conftest import DEMO


def meaning(text: str) -> list[object]:
    """What a reader sees of a TEXT, character by character, and the cited ids: bold or
    italic on a space is invisible (and codes move spaces out of emphasis)."""
    out: list[object] = []
    for item in parse(text).items:
        if isinstance(item, Citation):
            out.append(("cite", item.ids))
            continue
        for ch in item.text:
            visible = not ch.isspace()
            out.append((ch, item.bold and visible, item.italic and visible, item.href))
    return out


def test_unit_ids_are_section_block_and_path() -> None:
    units = units_of(yaml.safe_load((DEMO / "en.yaml").read_text()))
    ids = [u.id for u in units]
    assert ids[:6] == ["title", "subtitle", "summary", "care/title", "care/1", "care/2"]
    assert "care/4/callout/bullets/2" in ids and "moving/2/faq/1/a" in ids
    assert "moving/1/steps/1/title" in ids and "moving/1/steps/2" in ids
    kinds = {u.id: u.kind for u in units}
    assert kinds["care/4/callout/bullets/2"] == "callout (warning) bullet 2"
    plain = {u.id for u in units if not u.markup}
    assert plain == {"moving/3/illustration/description", "moving/3/illustration/alt"}
    assert not any(i.endswith(("/id", "/kind", "/asset", "/lines")) for i in ids)


def test_a_block_kind_added_later_is_translated_without_code_changes() -> None:
    data = {"title": "T", "summary": "S", "sections": [{"id": "s", "title": "A", "blocks": [
        {"table": {"caption": "Doses", "header": ["Drug", "When"],
                   "rows": [["A", "Morning"], ["B", "Night"]]}},
        {"log": {"title": "My symptoms", "headings": ["Date", "How I felt"], "rows": 7}}]}]}
    ids = [u.id for u in units_of(data)]
    assert ids[3:] == ["s/1/table/caption", "s/1/table/header/1", "s/1/table/header/2",
                       "s/1/table/rows/1/1", "s/1/table/rows/1/2", "s/1/table/rows/2/1",
                       "s/1/table/rows/2/2", "s/2/log/title", "s/2/log/headings/1",
                       "s/2/log/headings/2"]


def test_every_shipped_text_survives_codes_and_back() -> None:
    from brochure.content.loader import load_brochure

    loaded = load_brochure(ROOT / "content" / "ms-stem-cells", ROOT)
    count = 0
    for lang in loaded.languages.values():
        for _, text in language_texts(lang.content):
            pieces = to_pieces(text)
            assert meaning(to_markup(pieces)) == meaning(text), text
            assert check_pieces(pieces, pieces) == []
            count += 1
    assert count > 500


TEXT = st.text(alphabet="ab *[]()@\\_.", max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, st.sampled_from(
    ["**bold**", "*it*", "[x](https://e.org/a_(b))", "[@s1]", "[@s1; @s2]", "**[l](tel:1)**"])),
    max_size=6))
def test_markup_round_trips_through_codes(parts: list[str]) -> None:
    text = "".join(parts)
    if parse(text).errors:
        return
    pieces = to_pieces(text)
    assert meaning(to_markup(pieces)) == meaning(text)


def test_spaces_inside_bold_move_outside() -> None:
    source = to_pieces("Call **now** please.")
    bold_open, bold_close = (p for p in source if isinstance(p, Code))
    target = ["Llame", bold_open, " ya ", bold_close, "por favor."]
    assert check_pieces(source, target) == []
    assert to_markup(target) == "Llame **ya** por favor."


def test_translation_codes_take_the_source_ids_by_url_and_order() -> None:
    source = to_pieces("See [a](https://a.org) and [b](https://b.org) [@x].")
    target = align(source, to_pieces("[@x] Vea [b](https://b.org) y [a](https://a.org)."))
    ids = {c.data: c.pair for c in target if isinstance(c, Code) and c.role != "open"}
    src = {c.data: c.pair for c in source if isinstance(c, Code) and c.role != "open"}
    assert ids == src
