"""The command line: exit codes 0/1/2, messages on stderr without tracebacks, file names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.cli import main


@pytest.fixture
def run(workspace: Path):
    def invoke(*args: str):
        runner = CliRunner()
        cwd = os.getcwd()
        os.chdir(workspace)
        try:
            return runner.invoke(main, list(args), catch_exceptions=False)
        finally:
            os.chdir(cwd)

    return invoke


def test_build_writes_named_pdfs(run, workspace: Path) -> None:
    result = run("build", "demo", "--paper", "letter", "--paper", "a4")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (workspace / "output").iterdir())
    assert names == ["demo-en-handout-a4.pdf", "demo-en-handout-letter.pdf"]
    assert (workspace / "output" / "demo-en-handout-a4.pdf").read_bytes().startswith(b"%PDF")


def test_build_by_folder_path_and_single_output(run, workspace: Path) -> None:
    result = run("build", "content/demo", "-o", "one.pdf")
    assert result.exit_code == 0, result.output
    assert (workspace / "one.pdf").is_file()


def test_unknown_edition_or_section_is_usage_error(run) -> None:
    result = run("build", "demo", "--edition", "tiny")
    assert result.exit_code == 2
    assert "unknown edition `tiny`; editions: short, full" in result.output
    result = run("build", "demo", "--sections", "intro,nope")
    assert result.exit_code == 2
    assert "unknown section nope; sections: intro, more" in result.output


def test_invalid_content_exit_1_all_errors_no_traceback(run, workspace: Path) -> None:
    en = workspace / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("title: Introduction", "titel: Introduction")
                  .replace("[@smith2020]", "[@nobody]"))
    result = run("build", "demo")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "content/demo/en.yaml:6:5: unknown key `titel`; did you mean `title`?" in result.stderr
    assert not (workspace / "output").exists()


def test_failed_build_keeps_the_good_pdf(run, workspace: Path) -> None:
    assert run("build", "demo").exit_code == 0
    good = workspace / "output" / "demo-en-handout-letter.pdf"
    before = good.read_bytes()
    en = workspace / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("More text.", "Bad glyph \U00010000"))
    result = run("build", "demo")
    assert result.exit_code == 1
    assert "U+10000" in result.stderr
    assert good.read_bytes() == before
    assert sorted(p.name for p in good.parent.iterdir()) == [good.name]


def test_check_text_and_json(run, workspace: Path) -> None:
    result = run("check", "demo")
    assert result.exit_code == 0
    assert "demo: OK" in result.output
    en = workspace / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("[@smith2020]", "[@nobody]"))
    result = run("check", "demo", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["problems"][0]["line"] == 8


def test_list_shows_languages_editions_review(run) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert "demo" in result.output
    assert "languages: en" in result.output
    assert "editions: full, short" in result.output
    assert "next review 2028-11-01" in result.output


def test_schema_is_json(run) -> None:
    result = run("schema", "language")
    schema = json.loads(result.output)
    assert "sections" in schema["properties"]
    assert run("schema", "nope").exit_code == 2


def test_shipped_schemas_are_current() -> None:
    from brochure.content.schema import SCHEMAS, schema_json

    folder = Path(__file__).resolve().parents[2] / "brochure" / "schema"
    for kind in SCHEMAS:
        assert (folder / f"{kind}.schema.json").read_text() == schema_json(kind), (
            f"regenerate: brochure schema {kind} > brochure/schema/{kind}.schema.json")
