"""Clinic profiles: validation with positions, WCAG contrast, logo, QR code, contact block."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from brochure.cli import main
from brochure.clinic.contrast import ratio
from brochure.clinic.profile import brand_theme, contrast_problems, load_profile
from brochure.content.loader import load_brochure
from brochure.content.model import Clinic
from brochure.content.yamlnodes import read_yaml
from brochure.errors import BrochureError
from brochure.story.styles import load_theme
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT

URL = "https://lakeside.example/ms-stem-cells"


def profile(tmp_path: Path, text: str, name: str = "clinic.yaml") -> Path:
    (tmp_path / "clinics").mkdir(exist_ok=True)
    path = tmp_path / "clinics" / name
    path.write_text(text)
    return path


def load(tmp_path: Path, text: str) -> Clinic:
    return load_profile(profile(tmp_path, text), tmp_path, tmp_path)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(BrochureError) as info:
        load(tmp_path, text)
    return [str(p) for p in info.value.problems]


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


@pytest.fixture(scope="module")
def lakeside() -> Clinic:
    return load_profile(ROOT / "clinics" / "lakeside.yaml", ROOT, ROOT)


# ---------------------------------------------------------------- contrast


def test_wcag_ratio_known_values() -> None:
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey


def test_house_style_and_example_profile_pass(lakeside) -> None:
    doc = read_yaml(ROOT / "clinics" / "lakeside.yaml")
    assert contrast_problems(lakeside, doc) == []
    house = load_theme()
    assert ratio(house.colors.primary, "#FFFFFF") >= 4.5
    assert ratio(house.colors.text, house.colors.accent) >= 4.5


def test_light_primary_fails_naming_pair_and_ratio(tmp_path) -> None:
    found = problems(tmp_path, 'name: Pale Clinic\ncolors:\n  primary: "#9FC5E8"\n')
    assert any(
        p.startswith("clinics/clinic.yaml:3:12: colour contrast too low: primary #9FC5E8 on "
                     "the white page (#FFFFFF) is 1.")
        and "WCAG needs 4.5:1 for headings, links and rules" in p
        for p in found
    ), found
    # the same primary is also too light for white step numbers (large text, 3:1)
    assert any("white text (#FFFFFF) on primary #9FC5E8" in p and "3:1" in p for p in found)


def test_dark_accent_fails(tmp_path) -> None:
    found = problems(tmp_path, 'name: Dark Clinic\ncolors:\n  accent: "#444444"\n')
    assert any(
        ":3:11: colour contrast too low: text #1A1A1A on accent #444444 is 1." in p
        and "choose a lighter accent colour" in p
        for p in found
    ), found


def test_brand_colours_drive_headings_and_info_callouts(lakeside) -> None:
    theme = brand_theme(load_theme(), lakeside)
    assert theme.colors.primary == "#1B5E63" and theme.colors.accent == "#E6F2F1"
    assert theme.callouts["info"].tint == "#E6F2F1"
    assert theme.callouts["info"].title == "#1B5E63"
    assert theme.callouts["warning"] == load_theme().callouts["warning"]  # red stays red


# ---------------------------------------------------------------- other checks


def test_profile_errors_have_positions(tmp_path) -> None:
    found = problems(
        tmp_path,
        "name: X\nwebsite: ftp://x.example\nonline_url: lakeside.example\n"
        "email: not-an-email\nlogo: logos/missing.png\nfax: 123\n",
    )
    text = "\n".join(found)
    assert "clinics/clinic.yaml:6:1:" in text and "fax" in text  # unknown key, model errors first


def test_profile_checks_links_email_logo(tmp_path) -> None:
    found = problems(
        tmp_path,
        "name: X\nwebsite: ftp://x.example\nonline_url: lakeside.example\n"
        "email: not-an-email\nlogo: logos/missing.png\n",
    )
    text = "\n".join(found)
    assert "clinics/clinic.yaml:2:10: link scheme `ftp:` is not allowed" in text
    assert "clinics/clinic.yaml:3:13: link target `lakeside.example` has no scheme" in text
    assert "clinics/clinic.yaml:4:8: `not-an-email` is not an email address" in text
    assert "clinics/clinic.yaml:5:7: logo `logos/missing.png` not found" in text


def test_logo_svg_with_text_is_refused(tmp_path) -> None:
    (tmp_path / "assets" / "logos").mkdir(parents=True)
    (tmp_path / "assets" / "logos" / "t.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<text x="0" y="8">Hi</text></svg>'
    )
    found = problems(tmp_path, "name: X\nlogo: logos/t.svg\n")
    assert any(":2:7: logo `logos/t.svg` contains text" in p and "outlines" in p for p in found)


def test_logo_outside_assets_is_refused(tmp_path) -> None:
    found = problems(tmp_path, "name: X\nlogo: ../secret.png\n")
    assert any("leaves the assets/ folder" in p for p in found)


# ---------------------------------------------------------------- in the PDF


@pytest.fixture(scope="module")
def tri(ms, lakeside) -> bytes:
    options = BuildOptions(layout="trifold", edition="trifold", clinic=lakeside)
    return render_pdf(ms, "en", options).pdf


def render(pdf: bytes, page: int = 0, scale: float = 3.0) -> Image.Image:
    return pdfium.PdfDocument(pdf)[page].render(scale=scale).to_pil()


@pytest.mark.parametrize("layout", ["trifold", "handout"])
def test_qr_code_decodes_to_online_url(ms, lakeside, tri, layout) -> None:
    if layout == "trifold":
        pdf = tri
    else:
        pdf = render_pdf(ms, "en", BuildOptions(clinic=lakeside, edition="trifold")).pdf
    doc = pdfium.PdfDocument(pdf)
    decoded = set()
    for i in range(len(doc)):
        decoded |= {r.text for r in zxingcpp.read_barcodes(render(pdf, i))}
    assert decoded == {URL}
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert URL in text and "Scan to read this online" in text


def test_svg_logo_drawn_on_cover(tri) -> None:
    """The Lakeside logo's sun (#F2B544) appears on the cover panel, nowhere else."""
    image = render(tri, 0, 1.0).convert("RGB")
    width = image.width
    sun = [
        x
        for (x, y) in ((x, y) for x in range(0, width, 2) for y in range(0, image.height, 2))
        if _near(image.getpixel((x, y)), (0xF2, 0xB5, 0x44))
    ]
    assert sun and min(sun) > width * 2 / 3


def _near(a, b, tol=24) -> bool:
    return all(abs(p - q) <= tol for p, q in zip(a, b, strict=False))


def test_png_logo_embedded_as_image(tmp_path, ms) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "assets" / "logos").mkdir(parents=True)
    Image.new("RGB", (240, 80), (20, 90, 160)).save(tmp_path / "assets" / "logos" / "c.png")
    clinic = load(tmp_path, "name: PNG Clinic\nlogo: logos/c.png\n")
    loaded = load_brochure(tmp_path / "content" / "ms-stem-cells", cwd=tmp_path)
    for layout in ("handout", "trifold"):
        pdf = render_pdf(
            loaded, "en", BuildOptions(layout=layout, edition="trifold", clinic=clinic)
        ).pdf
        opened = pikepdf.open(io.BytesIO(pdf))
        first = opened.pages[0]
        images = [
            x for x in first.Resources.XObject.values() if x.get("/Subtype") == "/Image"
        ]
        assert any((int(i.Width), int(i.Height)) == (240, 80) for i in images), layout


def test_cli_clinic_by_id_and_contact_block(tmp_path, monkeypatch) -> None:
    for name in ("content", "assets", "clinics"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    args = ["build", "ms-stem-cells", "--lang", "en", "--clinic", "lakeside", "-o", "x.pdf"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    pdf = (tmp_path / "x.pdf").read_bytes()
    opened = pikepdf.open(io.BytesIO(pdf))
    assert opened.docinfo["/Author"] == "Lakeside Neurology Clinic"
    doc = pdfium.PdfDocument(pdf)
    last = doc[len(doc) - 1].get_textpage().get_text_range()
    for line in ("Contact us", "Lakeside Neurology Clinic", "+1 555 0100", "lakeside.example"):
        assert line in last


def test_cli_bad_profile_exits_1(tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    profile(tmp_path, 'name: X\ncolors:\n  primary: "#FFFF00"\n', "bad.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["build", "ms-stem-cells", "--clinic", "clinics/bad.yaml", "-o", "x.pdf"]
    )
    assert result.exit_code == 1
    assert "clinics/bad.yaml:3:12: colour contrast too low: primary #FFFF00" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
