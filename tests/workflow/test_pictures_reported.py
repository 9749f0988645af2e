"""A picture that is missing is reported wherever a brochure goes out (build, check,
email, preview), and an SVG illustration is drawn, not replaced by the placeholder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner

from brochure.cli import main
from tests.conftest import ROOT

BLOCKS = """    blocks:
      - illustration:
          id: gone
          description: A picture that was never saved.
          alt: A picture.
          asset: illustrations/missing.png
      - illustration:
          id: vector
          description: The clinic's vector drawing.
          alt: A drawing.
          asset: illustrations/drawing.svg
"""
WARNING = ("content/demo/en.yaml:12:18: warning: asset `illustrations/missing.png` not found "
           "under assets/; a placeholder box is printed instead")


@pytest.fixture
def ws(workspace: Path, monkeypatch) -> Path:
    en = workspace / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("    blocks:\n", BLOCKS, 1))
    shutil.copy(ROOT / "assets" / "logos" / "lakeside.svg",
                workspace / "assets" / "illustrations" / "drawing.svg")
    monkeypatch.chdir(workspace)
    return workspace


@pytest.mark.parametrize(
    "args",
    [
        ["build", "demo", "--lang", "en", "-o", "x.pdf"],
        ["check", "demo"],
        ["email", "demo", "--to", "p@example.org", "--from", "c@example.org", "--eml", "m.eml"],
        ["preview", "demo", "--lang", "en", "--dpi", "30", "--out", "pv"],
    ],
    ids=lambda a: a[0],
)
def test_a_missing_picture_is_reported(ws: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert WARNING in result.output


def test_an_svg_illustration_is_drawn(ws: Path) -> None:
    assert CliRunner().invoke(main, ["build", "demo", "--lang", "en", "-o", "x.pdf"]).exit_code == 0
    page = pypdfium2.PdfDocument(str(ws / "x.pdf"))[0]
    text = page.get_textpage().get_text_range()
    assert "A picture that was never saved." in text  # the missing one: placeholder
    assert "The clinic's vector drawing." not in text  # the SVG: drawn instead
    paths = [o for o in page.get_objects(max_depth=3)
             if o.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH]
    assert len(paths) > 5
