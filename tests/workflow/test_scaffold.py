"""`brochure new ID`: a folder that shows every block kind, builds, and passes check."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from brochure.cli import main
from brochure.content.loader import load_brochure
from brochure.content.model import BLOCK_KINDS, block_kind
from brochure.errors import BrochureError
from brochure.workflow.render import BuildOptions, render_pdf
from brochure.workflow.scaffold import new_brochure


def cli(ws: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(ws)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_new_brochure_builds_and_passes_check_but_not_strict(tmp_path: Path) -> None:
    result = cli(tmp_path, "new", "knee-care", "--title", "Your knee: after surgery #1")
    assert result.exit_code == 0, result.output
    assert "wrote content/knee-care/en.yaml" in result.output
    check = cli(tmp_path, "check", "knee-care")
    assert check.exit_code == 0, check.output
    build = cli(tmp_path, "build", "knee-care", "--paper", "a4")
    assert build.exit_code == 0, build.output
    assert (tmp_path / "output" / "knee-care-en-handout-a4.pdf").is_file()
    # Every placeholder is a warning at its place, so the gates before print fail.
    assert ("content/knee-care/en.yaml:8:11: warning: `TODO: a short line that says who this "
            "is for` is still placeholder text from `brochure new`") in build.stderr
    strict = cli(tmp_path, "check", "knee-care", "--strict")
    assert strict.exit_code == 1
    strict_build = cli(tmp_path, "build", "knee-care", "--strict", "-o", "strict.pdf")
    assert strict_build.exit_code == 1 and not (tmp_path / "strict.pdf").exists()
    loaded = load_brochure(tmp_path / "content" / "knee-care", tmp_path)
    messages = [str(w) for w in loaded.warnings]
    assert any("brochure.yaml:8:14: warning: `reviewed_by: TODO:" in m for m in messages)
    assert any("points at example.org, an example address" in m for m in messages)
    assert any("en.yaml:9:10: warning: `TODO: the one main message" in m for m in messages)
    assert loaded.languages["en"].content.title == "Your knee: after surgery #1"
    short = render_pdf(loaded, "en", BuildOptions(layout="trifold", edition="trifold"))
    assert short.pdf.startswith(b"%PDF")


def test_placeholders_left_in_real_content_are_found(tmp_path: Path) -> None:
    new_brochure(tmp_path, "demo")
    folder = tmp_path / "content" / "demo"
    meta = (folder / "brochure.yaml").read_text()
    meta = meta.replace('"TODO: who did that review (name and role)"', "Your review team")
    meta = meta.replace('"TODO: your clinic"', "Lakeside Neurology")
    meta = meta.replace('"TODO: the title of the article, guideline or web page"', "A title")
    meta = meta.replace('"TODO: the journal or organisation"', "NIH")
    meta = meta.replace("https://example.org/replace-with-the-real-source",
                        "https://www.ninds.nih.gov/health-information/disorders/ms")
    (folder / "brochure.yaml").write_text(meta)
    en = (folder / "en.yaml").read_text()
    en = "\n".join(line.replace("TODO: ", "") for line in en.splitlines()) + "\n"
    en = en.replace("a short, clear answer.", "Ask us. TODO check the dose with pharmacy")
    (folder / "en.yaml").write_text(en)
    loaded = load_brochure(folder, tmp_path)
    found = [(w.file.rsplit("/", 1)[-1], w.line, w.message.split(" is still")[0])
             for w in loaded.warnings]
    assert found == [
        ("brochure.yaml", 8, "`reviewed_by: Your review team`"),
        ("en.yaml", 45, "`Ask us. TODO check the dose with pharmacy`"),
    ], found


def test_new_then_build_all_with_the_project_matrix(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    (tmp_path / "brochure.toml").write_text((root / "brochure.toml").read_text())
    assert cli(tmp_path, "new", "knee").exit_code == 0
    result = cli(tmp_path, "build", "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert " built, 0 failed" in result.stdout
    built = sorted(p.name for p in (tmp_path / "output").glob("*.pdf"))
    assert built == [f"knee-en-{layout}-{paper}.pdf" for layout in ("bifold", "handout", "trifold")
                     for paper in ("a4", "letter")]


def test_a_missing_layout_edition_falls_back_to_every_section_with_a_notice(
    tmp_path: Path,
) -> None:
    (tmp_path / "brochure.toml").write_text(
        '[build]\nlayouts = ["trifold"]\n[layouts.trifold]\nedition = "leaflet"\nfit = true\n'
    )
    assert cli(tmp_path, "new", "knee").exit_code == 0
    result = cli(tmp_path, "build", "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert ("note: knee: brochure.yaml has no `leaflet` edition, so the trifold uses every "
            "section; add `leaflet: [section ids]` under `editions:` to choose") in result.stderr
    assert (tmp_path / "output" / "knee-en-trifold-letter.pdf").is_file()


def test_build_all_without_brochure_toml_builds_a_default_matrix_and_says_so(
    tmp_path: Path,
) -> None:
    assert cli(tmp_path, "new", "knee").exit_code == 0
    assert cli(tmp_path, "new", "hip", "--lang", "es").exit_code == 0
    result = cli(tmp_path, "build", "--all", "-j", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: no brochure.toml here, so building every brochure "
                                    "× language as a handout")
    assert sorted(p.name for p in (tmp_path / "output").glob("*.pdf")) == [
        "hip-es-handout-a4.pdf", "knee-en-handout-letter.pdf",
    ]


def test_init_writes_a_commented_matrix_and_the_folders(tmp_path: Path) -> None:
    from brochure.workflow import batch

    result = cli(tmp_path, "init")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:4] == [
        "wrote brochure.toml", "wrote content/", "wrote assets/illustrations/", "wrote clinics/",
    ]
    config = batch.read_config(tmp_path / "brochure.toml")
    assert config.build.layouts == ["handout", "trifold"]
    assert config.layouts["trifold"].edition == "trifold"
    assert (tmp_path / "brochure.toml").read_text().startswith("# The build matrix")
    again = cli(tmp_path, "init")
    assert again.exit_code == 1 and "brochure.toml already exists here" in again.stderr
    assert cli(tmp_path, "new", "knee").exit_code == 0
    built = cli(tmp_path, "build", "--all", "-j", "1")
    assert built.exit_code == 0 and "2 PDFs: 2 built, 0 failed" in built.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "en\n"], "--lang: `en\\n` is not a language tag we know"),
        (["--lang", "qaa"], "--lang: `qaa` is not a language tag we know"),
        (["--lang", "en-"], "--lang: `en-` is not a language tag we know"),
        (["--title", "Caf\udce9"], "--title: byte 0xE9 at character 4 is not UTF-8"),
        (["--title", "Two\nlines"], "--title: the title must be one line of printable text, "
                                     "but has U+000A at character 4"),
    ],
)
def test_bad_new_arguments_are_refused_and_leave_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli(tmp_path, "new", "knee", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message), result.stderr
    leftovers = list((tmp_path / "content").iterdir()) if (tmp_path / "content").exists() else []
    assert leftovers == []
    assert cli(tmp_path, "new", "knee").exit_code == 0  # nothing blocks the rerun


def test_a_failed_write_leaves_no_half_made_folder(tmp_path: Path, monkeypatch) -> None:
    real = Path.write_text
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(OSError):
        new_brochure(tmp_path, "knee")
    assert list((tmp_path / "content").iterdir()) == []


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
    root = Path(__file__).resolve().parents[2]
    first = (root / "content" / "ms-stem-cells" / "en.yaml").read_text().splitlines()[0]
    from brochure.workflow.scaffold import schema_path

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
