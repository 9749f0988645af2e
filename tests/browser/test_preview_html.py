"""`brochure preview --format html`: the HTML edition at phone and desktop width."""

from __future__ import annotations

from click.testing import CliRunner
from PIL import Image

from brochure.cli import main
from tests.browser.chromium import chromium_path


def test_preview_html_takes_phone_and_desktop_screenshots(ms_workspace, monkeypatch):
    monkeypatch.setenv("BROCHURE_CHROMIUM", chromium_path())
    monkeypatch.chdir(ms_workspace)
    result = CliRunner().invoke(main, ["preview", "ms-stem-cells", "--format", "html",
                                       "--lang", "ar", "--out", "shots"])
    assert result.exit_code == 0, result.output
    shots = ms_workspace / "shots"
    assert (shots / "ms-stem-cells-ar.html").is_file()
    sizes = {name: Image.open(shots / f"ms-stem-cells-ar-{name}.png").size
             for name in ("phone", "phone-dark", "desktop")}
    assert sizes["phone"][0] == sizes["phone-dark"][0] == 375 and sizes["desktop"][0] == 1280
    assert sizes["phone"][1] > sizes["desktop"][1] > 2000  # the whole page, longer on a phone
    light = Image.open(shots / "ms-stem-cells-ar-phone.png").convert("L")
    dark = Image.open(shots / "ms-stem-cells-ar-phone-dark.png").convert("L")
    assert light.getpixel((5, light.height - 5)) > 200 and dark.getpixel((5, 5)) < 60
