"""Every combination of build options builds, or is refused in one clear line.

layout × paper × every subset of {--pdfa, --clinic, --large-print, --print-marks,
--no-tags, --fit}: 384 builds of a small brochure in one process (fonts are prepared
once), with a clinic profile that has a QR code and an SVG logo (the pair that once
brought an unembedded Helvetica into PDF/A).
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from brochure.cli import main
from tests.conftest import ROOT

FLAGS = ("--pdfa", "--clinic", "--large-print", "--print-marks", "--no-tags", "--fit")
LAYOUTS = ("handout", "bifold", "trifold")
PAPERS = ("letter", "a4")
SUBSETS = [s for n in range(len(FLAGS) + 1) for s in itertools.combinations(FLAGS, n)]
# The one combination refused on purpose: 18 pt text does not fit a tri-fold panel.
REFUSED = {("trifold", "--large-print"): "large print is for the handout and bifold layouts"}


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import make_workspace

    ws = make_workspace(tmp_path_factory.mktemp("options"))
    (ws / "assets" / "logos").mkdir()
    shutil.copy(ROOT / "assets" / "logos" / "lakeside.svg", ws / "assets" / "logos")
    (ws / "clinics").mkdir()
    (ws / "clinics" / "c.yaml").write_text(
        "name: Lakeside Neurology Clinic\nphone: \"+1 555 0100\"\nemail: n@lakeside.example\n"
        "logo: logos/lakeside.svg\nonline_url: https://lakeside.example/demo\n"
    )
    return ws


def _refusal(layout: str, flags: tuple[str, ...]) -> str | None:
    return next((why for (lay, flag), why in REFUSED.items()
                 if lay == layout and flag in flags), None)


@pytest.mark.parametrize("flags", SUBSETS, ids=lambda s: "+".join(f[2:] for f in s) or "none")
def test_every_option_combination(ws: Path, monkeypatch, flags: tuple[str, ...]) -> None:
    monkeypatch.chdir(ws)
    runner = CliRunner()
    for layout, paper in itertools.product(LAYOUTS, PAPERS):
        out = f"{layout}-{paper}.pdf"
        args = ["build", "demo", "--lang", "en", "--layout", layout, "--paper", paper, "-o", out]
        for flag in flags:
            args += ["--clinic", "c"] if flag == "--clinic" else [flag]
        result = runner.invoke(main, args)
        where = f"{layout} {paper} {' '.join(flags)}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            where, result.exception)
        assert "Traceback" not in result.output, where
        refusal = _refusal(layout, flags)
        if refusal:
            lines = [line for line in result.stderr.splitlines() if line.strip()]
            assert result.exit_code in (1, 2) and not Path(out).exists(), where
            assert refusal in lines[-1], (where, lines)
            continue
        assert result.exit_code == 0, (where, result.stderr)
        with pikepdf.open(out) as pdf:
            assert pdf.Root.Lang == "en", where
            assert ("/StructTreeRoot" in pdf.Root) == ("--no-tags" not in flags), where
            assert ("/Metadata" in pdf.Root and "/OutputIntents" in pdf.Root) or (
                "--pdfa" not in flags), where
            for page in pdf.pages:
                for font in page.Resources.get("/Font", {}).values():
                    descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].get(
                        "/FontDescriptor")
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                         "/FontFile3")), (where, font.BaseFont)
            if "--print-marks" in flags:
                assert "/TrimBox" in pdf.pages[0] and "/BleedBox" in pdf.pages[0], where
        Path(out).unlink()


def test_a_branded_and_an_unbranded_build_do_not_overwrite_each_other(
    ws: Path, monkeypatch
) -> None:
    monkeypatch.chdir(ws)
    runner = CliRunner()
    base = ["build", "demo", "--lang", "en", "--out", "named"]
    assert runner.invoke(main, base).exit_code == 0
    assert runner.invoke(main, [*base, "--clinic", "c"]).exit_code == 0
    assert runner.invoke(main, [*base, "--clinic", "c", "--format", "html"]).exit_code == 0
    assert sorted(p.name for p in (ws / "named").iterdir()) == [
        "demo-c-en-handout-letter.pdf", "demo-c-en.html", "demo-en-handout-letter.pdf",
    ]
    from brochure.workflow import batch

    (ws / "brochure.toml").write_text('[build]\nout = "matrix"\nclinic = "c"\n')
    results = batch.run(batch.plan_matrix(ws, batch.read_config(ws / "brochure.toml")), jobs=1)
    assert [r.job.name for r in results] == ["demo-c-en-handout-letter.pdf"]
    assert (ws / "matrix" / "demo-c-en-handout-letter.pdf").is_file()
    (ws / "brochure.toml").unlink()
