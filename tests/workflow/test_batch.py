"""`brochure build --all`: the matrix, parallel workers, failures isolated, unchanged skipped."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.cli import main
from brochure.errors import BrochureError
from brochure.workflow import batch

MATRIX = """
[build]
layouts = ["handout"]
papers = ["letter", "a4"]
"""


@pytest.fixture
def ws(workspace: Path) -> Path:
    """The demo brochure in two languages, and a matrix of handouts on two papers."""
    folder = workspace / "content" / "demo"
    es = (folder / "en.yaml").read_text().replace("language: en", "language: es")
    (folder / "es.yaml").write_text(es.replace("language: es", "language: es\ntranslation: "
                                               "{status: reviewed, source_revision: x}"))
    (workspace / "brochure.toml").write_text(MATRIX)
    return workspace


def run_all(ws: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(ws)
    try:
        return CliRunner().invoke(main, ["build", "--all", *args], catch_exceptions=False)
    finally:
        os.chdir(cwd)


def plan(ws: Path) -> batch.Plan:
    return batch.plan_matrix(ws, batch.read_config(ws / "brochure.toml"))


def statuses(results: list[batch.JobResult]) -> dict[str, str]:
    return {r.job.name: r.status for r in results}


def test_builds_the_matrix_then_skips_what_did_not_change(ws: Path) -> None:
    first = batch.run(plan(ws), jobs=1)
    assert statuses(first) == {
        "demo-en-handout-letter.pdf": "built",
        "demo-es-handout-letter.pdf": "built",
        "demo-en-handout-a4.pdf": "built",
        "demo-es-handout-a4.pdf": "built",
    }
    pdf = (ws / "output" / "demo-en-handout-a4.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and first[2].size == len(pdf)
    umask = os.umask(0o022)
    os.umask(umask)
    mode = (ws / "output" / "demo-en-handout-a4.pdf").stat().st_mode & 0o777
    assert mode == 0o666 & ~umask  # as any file made by the user, not mkstemp's 0600

    again = batch.run(plan(ws), jobs=1)
    assert set(statuses(again).values()) == {"skipped"}

    # A translation changes: only its PDFs are rebuilt.
    es = ws / "content" / "demo" / "es.yaml"
    es.write_text(es.read_text().replace("Demo brochure", "Folleto de prueba"))
    changed = statuses(batch.run(plan(ws), jobs=1))
    assert changed["demo-es-handout-a4.pdf"] == "built"
    assert changed["demo-en-handout-a4.pdf"] == "skipped"

    # A shared file changes: everything is rebuilt; --force rebuilds all the same.
    meta = ws / "content" / "demo" / "brochure.yaml"
    meta.write_text(meta.read_text().replace("Test team", "Test nurses"))
    assert set(statuses(batch.run(plan(ws), jobs=1)).values()) == {"built"}
    assert set(statuses(batch.run(plan(ws), jobs=1, force=True)).values()) == {"built"}


def test_a_deleted_or_replaced_pdf_is_rebuilt(ws: Path) -> None:
    batch.run(plan(ws), jobs=1)
    (ws / "output" / "demo-en-handout-a4.pdf").unlink()
    (ws / "output" / "demo-es-handout-a4.pdf").write_bytes(b"%PDF-1.4 not ours")
    result = statuses(batch.run(plan(ws), jobs=1))
    assert result["demo-en-handout-a4.pdf"] == "built"
    assert result["demo-es-handout-a4.pdf"] == "built"
    assert result["demo-en-handout-letter.pdf"] == "skipped"


def test_an_asset_the_brochure_draws_is_an_input(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text() + "      - illustration: {id: fig, description: A picture, "
                  "alt: A picture, asset: illustrations/fig.png}\n")
    digest = plan(ws).digests
    (ws / "assets" / "illustrations" / "fig.png").write_bytes(_png())
    after = plan(ws).digests
    changed = {job.lang for job in digest if digest[job] != after[job]}
    assert changed == {"en"}


def test_parallel_builds_match_serial_builds_byte_for_byte(ws: Path, tmp_path: Path) -> None:
    serial = batch.run(plan(ws), jobs=1)
    copies = {r.job.name: (ws / "output" / r.job.name).read_bytes() for r in serial}
    shutil.rmtree(ws / "output")
    parallel = batch.run(plan(ws), jobs=2)
    assert statuses(parallel) == statuses(serial)
    for name, data in copies.items():
        assert (ws / "output" / name).read_bytes() == data, name


def test_one_broken_brochure_does_not_stop_the_others(ws: Path) -> None:
    broken = ws / "content" / "broken"
    shutil.copytree(ws / "content" / "demo", broken)
    (broken / "brochure.yaml").write_text(
        (broken / "brochure.yaml").read_text().replace("id: demo", "id: broken")
    )
    (broken / "en.yaml").write_text((broken / "en.yaml").read_text().replace("title:", "titel:", 1))
    result = run_all(ws, "--jobs", "2")
    assert result.exit_code == 1
    assert "broken-en-handout-letter.pdf  failed" in result.output
    assert "demo-en-handout-letter.pdf    built" in result.output
    assert "content/broken/en.yaml:2:1: unknown key `titel`" in result.output
    assert "8 PDFs: 4 built, 4 failed, 0 skipped" in result.output
    assert (ws / "output" / "demo-es-handout-a4.pdf").is_file()
    assert not (ws / "output" / "broken-en-handout-a4.pdf").exists()


def test_a_crash_on_one_input_does_not_stop_the_others(ws: Path, monkeypatch) -> None:
    """An internal error (a bug) on one PDF fails that PDF with one line; the rest build."""
    real = batch.render_pdf

    def render(loaded, lang, options, *args, **kwargs):
        if lang == "es" and options.paper == "a4":
            raise RecursionError("maximum recursion depth exceeded")
        return real(loaded, lang, options, *args, **kwargs)

    monkeypatch.setattr(batch, "render_pdf", render)
    result = run_all(ws, "--jobs", "1")
    assert result.exit_code == 1
    assert ("content/demo: internal error building demo-es-handout-a4.pdf: RecursionError: "
            "maximum recursion depth exceeded; this is a bug in brochure") in result.output
    assert "4 PDFs: 3 built, 1 failed, 0 skipped" in result.output
    assert (ws / "output" / "demo-en-handout-a4.pdf").is_file()


def test_cli_table_and_second_run(ws: Path) -> None:
    first = run_all(ws)
    assert first.exit_code == 0, first.output
    assert "4 PDFs: 4 built, 0 failed, 0 skipped" in first.output
    assert re.search(r"in \d+\.\d s \(\d+\.\d PDFs/s\)", first.output)  # throughput
    second = run_all(ws)
    assert "4 PDFs: 0 built, 0 failed, 4 skipped" in second.output
    assert "PDFs/s" not in second.output  # nothing built: no rate to claim
    assert second.exit_code == 0


def test_strict_fails_a_build_with_warnings_and_writes_nothing(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text() + "      - illustration: {id: fig, description: A picture, "
                  "alt: A picture, asset: illustrations/missing.png}\n")
    es = ws / "content" / "demo" / "es.yaml"
    fingerprint = hashlib.sha256(en.read_bytes()).hexdigest()[:12]
    es.write_text(es.read_text().replace("source_revision: x", f"source_revision: {fingerprint}"))
    result = run_all(ws, "--strict")
    assert result.exit_code == 1
    assert "asset `illustrations/missing.png` not found" in result.output
    assert not (ws / "output" / "demo-en-handout-a4.pdf").exists()
    assert (ws / "output" / "demo-es-handout-a4.pdf").exists()


def test_all_refuses_single_build_options(ws: Path) -> None:
    assert run_all(ws, "--lang", "en").exit_code == 2
    cwd = os.getcwd()
    os.chdir(ws)
    try:
        assert CliRunner().invoke(main, ["build"]).exit_code == 2
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[build]\nlayout = ['handout']\n", "`build.layout`: Extra inputs are not permitted"),
        ("[build]\nlayouts = ['poster']\n", "unknown layout poster"),
        ("[build]\npapers = ['a5']\n", "unknown paper a5"),
        ("[layouts.poster]\nedition = 'x'\n", "unknown layout poster"),
        ("[build\n", "not valid TOML"),
    ],
)
def test_config_errors_are_clear(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "brochure.toml"
    path.write_text(text)
    with pytest.raises(BrochureError) as caught:
        batch.read_config(path)
    assert message in str(caught.value)


def test_missing_config_says_what_it_is_for(tmp_path: Path) -> None:
    with pytest.raises(BrochureError, match="reads the build matrix"):
        batch.read_config(tmp_path / "brochure.toml")


def test_the_project_matrix_covers_every_layout_and_paper() -> None:
    root = Path(__file__).resolve().parents[2]
    config = batch.read_config(root / "brochure.toml")
    assert set(config.build.layouts) == {"handout", "bifold", "trifold"}
    assert set(config.build.papers) == {"letter", "a4"}
    assert config.layouts["trifold"].edition == "trifold"
    assert config.build.formats == ["pdf", "html"]


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_clinic_profile_and_its_logo_are_inputs(ws: Path) -> None:
    (ws / "clinics").mkdir()
    (ws / "clinics" / "test.yaml").write_text("name: Test Clinic\nlogo: logos/logo.png\n")
    (ws / "assets" / "logos").mkdir()
    (ws / "assets" / "logos" / "logo.png").write_bytes(_png())
    (ws / "brochure.toml").write_text(MATRIX + 'clinic = "test"\n')
    before = plan(ws)
    assert not before.failed and len(before.jobs) == 4
    assert set(statuses(batch.run(before, jobs=1)).values()) == {"built"}
    from PIL import Image

    Image.new("RGB", (40, 30), "orange").save(ws / "assets" / "logos" / "logo.png")
    after = plan(ws)
    assert all(before.digests[job] != after.digests[job] for job in before.jobs)
    (ws / "clinics" / "test.yaml").write_text("name: Test Clinic\nlogo: logos/missing.png\n")
    broken = plan(ws)
    assert len(broken.failed) == 4 and "logo" in str(broken.failed[0].errors[0])


def test_formats_html_builds_one_page_per_language_and_skips_it_when_unchanged(ws: Path) -> None:
    (ws / "brochure.toml").write_text(MATRIX + 'formats = ["pdf", "html"]\n')
    first = batch.run(plan(ws), jobs=1)
    assert statuses(first) == {
        "demo-en-handout-letter.pdf": "built", "demo-es-handout-letter.pdf": "built",
        "demo-en-handout-a4.pdf": "built", "demo-es-handout-a4.pdf": "built",
        "demo-en.html": "built", "demo-es.html": "built",
    }
    page = (ws / "output" / "demo-es.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="es" dir="ltr">' in page
    again = batch.run(plan(ws), jobs=1)
    assert set(statuses(again).values()) == {"skipped"}
    folder = ws / "content" / "demo"
    (folder / "es.yaml").write_text((folder / "es.yaml").read_text() + "\n")
    third = statuses(batch.run(plan(ws), jobs=1))
    assert third["demo-es.html"] == "built" and third["demo-en.html"] == "skipped"
    (ws / "brochure.toml").write_text(MATRIX + 'formats = ["html"]\n')
    assert sorted(statuses(batch.run(plan(ws), jobs=1))) == ["demo-en.html", "demo-es.html"]
    (ws / "brochure.toml").write_text(MATRIX + 'formats = ["epub"]\n')
    with pytest.raises(BrochureError, match="formats"):
        plan(ws)
