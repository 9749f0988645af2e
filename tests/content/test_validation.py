"""content/validation.py: pydantic errors become FILE:LINE:COLUMN problems at the YAML
node they are about, in words an author can act on, with the key they probably meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.content.model import BrochureMeta, LanguageFile
from brochure.content.validation import did_you_mean, validate
from brochure.content.yamlnodes import read_yaml

BAD = """\
language: en
title: Demo
summary: Message.
sections:
  - id: intro
    titel: Introduction
    blocks:
      - bullet: [One]
      - notes: {lines: many}
      - callout:
          kind: danger
          text: Hi
  - id: Bad_Id
    title: X
    blocks: []
"""


def problems(tmp_path: Path, text: str, model=LanguageFile) -> list[str]:
    path = tmp_path / "en.yaml"
    path.write_text(text, encoding="utf-8")
    value, found = validate(model, read_yaml(path, "content/demo/en.yaml"))
    assert value is None if found else value is not None
    return sorted(str(p) for p in found)


def at(text: str, line: int, column: int) -> str:
    """The text of the file from a 1-based line and column."""
    return text.splitlines()[line - 1][column - 1:]


@pytest.mark.parametrize(
    ("word", "choices", "expected"),
    [
        ("titel", ["id", "title", "blocks"], "did you mean `title`? "),
        ("bullet", ["paragraph", "bullets", "steps"], "did you mean `bullets`? "),
        ("colour", ["name", "phone", "colors"], "did you mean `colors`? "),
        ("xyz", ["id", "title", "blocks"], ""),
        ("title", [], ""),
    ],
)
def test_did_you_mean(word: str, choices: list[str], expected: str) -> None:
    assert did_you_mean(word, choices) == expected


def test_valid_file_gives_the_model_and_no_problems(tmp_path: Path) -> None:
    text = "language: en\ntitle: Demo\nsummary: M.\nsections:\n  - id: a\n    title: A\n" \
           "    blocks: [Text.]\n"
    path = tmp_path / "en.yaml"
    path.write_text(text)
    value, found = validate(LanguageFile, read_yaml(path, "en.yaml"))
    assert found == [] and value.sections[0].blocks == ["Text."]


def test_every_problem_at_once_each_at_its_node(tmp_path: Path) -> None:
    assert problems(tmp_path, BAD) == sorted([
        "content/demo/en.yaml:5:5: missing required key `title`",
        "content/demo/en.yaml:6:5: unknown key `titel`; did you mean `title`? "
        "allowed here: id, title, blocks",
        "content/demo/en.yaml:8:9: unknown block kind `bullet`; did you mean `bullets`? "
        "a block is text or one of: paragraph, bullets, steps, callout, faq, illustration, "
        "notes, table, log",
        "content/demo/en.yaml:9:24: `lines` should be a whole number, got `many`",
        "content/demo/en.yaml:11:17: `danger` is not allowed for `kind`; use one of: "
        "'info', 'key-facts', 'tip' or 'warning'",
        "content/demo/en.yaml:13:9: `Bad_Id` is not a valid `id`: use lowercase letters, "
        "digits and `-`",
        "content/demo/en.yaml:15:13: `blocks` needs at least one item",
    ])


def test_positions_point_at_the_offending_text(tmp_path: Path) -> None:
    found = problems(tmp_path, BAD)
    where = {p.split(": ", 1)[1]: tuple(int(n) for n in p.split(":")[1:3]) for p in found}

    def text_at(start: str) -> str:
        (key,) = [k for k in where if k.startswith(start)]
        return at(BAD, *where[key])

    assert text_at("unknown key").startswith("titel:")  # the key itself, not its value
    assert text_at("unknown block kind").startswith("bullet:")
    assert text_at("`lines`") == "many}"
    assert text_at("`danger`") == "danger"
    assert text_at("`Bad_Id`") == "Bad_Id"
    assert text_at("`blocks` needs") == "[]"


def test_unknown_key_in_nested_model_lists_that_models_keys(tmp_path: Path) -> None:
    text = BAD.replace("titel", "title").replace("bullet:", "callout:").split("  - id: Bad")[0]
    text = text.replace("callout: [One]", "callout: {kind: tip, text: Hi, tilte: T}")
    (first, *_) = [p for p in problems(tmp_path, text) if "unknown key" in p]
    assert "unknown key `tilte`; did you mean `title`? allowed here: kind, title, text, " \
           "bullets" in first


def test_top_level_that_is_not_a_mapping(tmp_path: Path) -> None:
    assert problems(tmp_path, "- a\n- b\n") == [
        "content/demo/en.yaml:1:1: expected a mapping of keys at the top level, got a list"]


def test_dates_and_ranges_in_brochure_yaml(tmp_path: Path) -> None:
    text = "id: demo\nsource_language: en\nreviewed: soon\nsources: []\nreview_every_months: 0\n"
    assert problems(tmp_path, text, BrochureMeta) == [
        "content/demo/en.yaml:3:11: `reviewed` should be a date like 2026-11-01, got `soon`",
        "content/demo/en.yaml:5:22: `review_every_months` is out of range: input should be "
        "greater than or equal to 1",
    ]


def test_a_block_with_two_kind_keys(tmp_path: Path) -> None:
    text = "language: en\ntitle: D\nsummary: M.\nsections:\n  - id: a\n    title: A\n" \
           "    blocks:\n      - {paragraph: P, bullets: [B]}\n"
    (problem,) = problems(tmp_path, text)
    assert problem.startswith("content/demo/en.yaml:8:9: a block has exactly one kind key, "
                              "found `paragraph`, `bullets`")
