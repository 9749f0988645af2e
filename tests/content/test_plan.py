"""content/plan.py: --edition and --sections choose and order the printed sections;
unknown names are SelectionErrors naming them; citations are numbered by first use in
what is printed."""

from __future__ import annotations

import pytest

from brochure.content.plan import SelectionError, choose_sections, plan
from brochure.errors import BrochureError
from tests.buildctx import load, workspace_with

META = """\
id: demo
source_language: en
reviewed: 2026-11-01
publisher: Test Health
editions:
  short: [intro]
  reversed: [risks, intro]
sources:
  - {id: alpha, title: Alpha study}
  - {id: beta, title: Beta study}
  - {id: gamma, title: Gamma study}
"""

EN = """\
language: en
title: Demo brochure
summary: The main message.
sections:
  - id: intro
    title: Introduction
    blocks:
      - First cites beta [@beta].
      - bullets: ["Then alpha and beta [@alpha; @beta]."]
  - id: risks
    title: Risks
    blocks:
      - callout: {kind: warning, title: Careful, text: "Gamma says so [@gamma]."}
      - Alpha again [@alpha].
  - id: more
    title: More
    blocks:
      - No citations here.
"""

FR = """\
language: fr
title: Brochure
summary: Le message.
translation: {status: draft}
sections:
  - id: intro
    title: Introduction
    blocks:
      - Texte [@beta].
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    ws = workspace_with(tmp_path_factory.mktemp("plan"),
                        {"brochure.yaml": META, "en.yaml": EN, "fr.yaml": FR})
    return load(ws)


def ids(p) -> list[str]:
    return [s.section.id for s in p.sections]


def test_default_is_the_full_edition_in_file_order(loaded) -> None:
    p = plan(loaded, "en")
    assert p.edition == "full"
    assert ids(p) == ["intro", "risks", "more"]
    assert [s.index for s in p.sections] == [0, 1, 2]


def test_an_edition_chooses_and_orders_its_sections(loaded) -> None:
    assert ids(plan(loaded, "en", "short")) == ["intro"]
    p = plan(loaded, "en", "reversed")
    assert p.edition == "reversed"
    assert ids(p) == ["risks", "intro"]
    assert [s.index for s in p.sections] == [1, 0]  # positions in the file, for messages


def test_sections_option_wins_over_edition_in_the_order_given(loaded) -> None:
    p = plan(loaded, "en", "short", ["more", "intro"])
    assert p.edition == "custom"
    assert ids(p) == ["more", "intro"]


def test_unknown_section_is_a_selection_error_naming_it(loaded) -> None:
    with pytest.raises(SelectionError) as info:
        choose_sections(loaded, None, ["intro", "risk", "nope"])
    (problem,) = info.value.problems
    assert problem.file == "--sections"
    assert "unknown section risk, nope" in problem.message
    assert "sections: intro, risks, more" in problem.message


def test_unknown_edition_is_a_selection_error_listing_the_editions(loaded) -> None:
    with pytest.raises(SelectionError) as info:
        plan(loaded, "en", "tiny")
    (problem,) = info.value.problems
    assert problem.file == "--edition"
    assert "`tiny`" in problem.message
    assert "editions: short, reversed, full" in problem.message


def test_citations_numbered_by_first_use_in_printed_sections(loaded) -> None:
    full = plan(loaded, "en")
    assert full.citation_numbers == {"beta": 1, "alpha": 2, "gamma": 3}
    assert [s.id for s in full.cited_sources] == ["beta", "alpha", "gamma"]
    # Printed in another order, numbered in that order; unprinted sources are left out.
    rev = plan(loaded, "en", "reversed")
    assert rev.citation_numbers == {"gamma": 1, "alpha": 2, "beta": 3}
    short = plan(loaded, "en", "short")
    assert short.citation_numbers == {"beta": 1, "alpha": 2}
    assert plan(loaded, "en", section_ids=["more"]).citation_numbers == {}


def test_section_missing_from_a_translation_is_an_error_at_its_file(loaded) -> None:
    assert ids(plan(loaded, "fr", "short")) == ["intro"]
    with pytest.raises(BrochureError) as info:
        plan(loaded, "fr")
    (problem,) = info.value.problems
    assert not isinstance(info.value, SelectionError)
    assert problem.file.endswith("fr.yaml") and problem.line >= 1
    assert "section risks, more is in the `full` edition" in problem.message
