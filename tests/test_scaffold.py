"""`brochure new ID`: a folder that shows every block kind, builds, and passes check."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from brochure.cli import main
from brochure.errors import BrochureError
from brochure.loader import load_brochure
from brochure.model import BLOCK_KINDS, block_kind
from brochure.render import BuildOptions, render_pdf
from brochure.scaffold import new_brochure


def cli(ws: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(ws)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_new_brochure_builds_and_passes_check(tmp_path: Path) -> None:
    result = cli(tmp_path, "new", "knee-care", "--title", "Your knee: after surgery #1")
    assert result.exit_code == 0, result.output
    assert "wrote content/knee-care/en.yaml" in result.output
    check = cli(tmp_path, "check", "knee-care", "--strict")
    assert check.exit_code == 0, check.output
    build = cli(tmp_path, "build", "knee-care", "--strict", "--paper", "a4")
    assert build.exit_code == 0, build.output
    assert (tmp_path / "output" / "knee-care-en-handout-a4.pdf").is_file()
    loaded = load_brochure(tmp_path / "content" / "knee-care", tmp_path)
    assert loaded.warnings == []
    assert loaded.languages["en"].content.title == "Your knee: after surgery #1"
    short = render_pdf(loaded, "en", BuildOptions(edition="short"))
    assert short.warnings == [] and short.pdf.startswith(b"%PDF")


def test_every_block_kind_is_shown_once(tmp_path: Path) -> None:
    _, en = new_brochure(tmp_path, "demo")
    data = yaml.safe_load(en.read_text())
    kinds = [block_kind(b) for s in data["sections"] for b in s["blocks"]]
    assert set(kinds) == set(BLOCK_KINDS) | {"text"}
    assert all(kinds.count(k) == 1 for k in BLOCK_KINDS)


def test_files_start_with_a_schema_line_that_resolves(tmp_path: Path) -> None:
    files = new_brochure(tmp_path, "demo", lang="es", today=dt.date(2030, 1, 2))
    assert [f.name for f in files] == ["brochure.yaml", "es.yaml"]
    for path, kind in zip(files, ("brochure", "language"), strict=True):
        first = path.read_text().splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix)
        target = (path.parent / first.removeprefix(prefix)).resolve()
        assert target.name == f"{kind}.schema.json" and target.is_file()
    meta = yaml.safe_load(files[0].read_text())
    assert meta["reviewed"] == dt.date(2030, 1, 2) and meta["source_language"] == "es"


def test_schema_line_is_relative_inside_the_repository() -> None:
    root = Path(__file__).resolve().parent.parent
    first = (root / "content" / "ms-stem-cells" / "en.yaml").read_text().splitlines()[0]
    from brochure.scaffold import schema_path

    assert first.endswith(schema_path("language", root / "content" / "ms-stem-cells"))


@pytest.mark.parametrize("bad", ["Knee", "knee_care", "-knee", "knee--care", "", "a/b"])
def test_bad_ids_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(BrochureError, match="cannot be a brochure id"):
        new_brochure(tmp_path, bad)
    assert not (tmp_path / "content").exists() or not any((tmp_path / "content").iterdir())


def test_never_overwrites(tmp_path: Path) -> None:
    new_brochure(tmp_path, "demo")
    en = tmp_path / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("What is this about?", "Mine"))
    result = cli(tmp_path, "new", "demo")
    assert result.exit_code == 1 and "already exists" in result.output
    assert "Mine" in en.read_text()
