"""Export → import round trips, and a script-filled translation that survives to the PDF."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tests.layouts.test_print_review import font_at
from tests.pdfutil import link_uris
from tests.translate.conftest import run
from tests.translate.fill import reverse_po, reverse_xliff

SHIPPED = ["ar", "es", "ru", "vi", "zh-Hans"]


@pytest.mark.parametrize("fmt", ["xlf", "po"])
@pytest.mark.parametrize("lang", SHIPPED)
def test_export_then_import_unchanged_is_byte_identical(shipped: Path, lang: str,
                                                        fmt: str) -> None:
    path = shipped / "content" / "ms-stem-cells" / f"{lang}.yaml"
    before = path.read_bytes()
    code, out, _ = run("translate", "export", "ms-stem-cells", lang, "-o", f"x.{fmt}")
    assert code == 0 and "98 units" in out
    for _ in range(2):  # and again: importing twice changes nothing
        code, out, err = run("translate", "import", "ms-stem-cells", f"x.{fmt}")
        assert code == 0, err
        assert "already up to date" in out
        assert path.read_bytes() == before


def _pdf_facts(pdf_path: Path, words: tuple[str, ...]) -> tuple[str, list[str], dict[str, str]]:
    """All text, link URIs, and the font of each of `words` where it is printed."""
    doc = pdfium.PdfDocument(pdf_path)
    text, fonts = "", {}
    for page in doc:
        page_text = page.get_textpage().get_text_range()
        for word in words:
            if word in page_text:
                fonts[word] = font_at(page, page_text.index(word))
        text += page_text
    return text, link_uris(pdf_path.read_bytes()), fonts


@pytest.mark.parametrize("fmt", ["xlf", "po"])
def test_script_filled_translation_builds_with_codes_intact(demo: Path, fmt: str) -> None:
    assert run("translate", "add", "demo", "fr")[0] == 0
    assert run("translate", "export", "demo", "fr", "-o", f"fr.{fmt}")[0] == 0
    data = Path(f"fr.{fmt}").read_bytes()
    Path(f"done.{fmt}").write_bytes(reverse_xliff(data) if fmt == "xlf" else reverse_po(data))
    code, out, err = run("translate", "import", "demo", f"done.{fmt}")
    assert code == 0, err
    fr = (demo / "content" / "demo" / "fr.yaml").read_text()
    assert "# a comment that must survive an import" in fr
    if fmt == "xlf":
        assert "**yrd**" in fr and "*naelc*" in fr
        assert "[ediug erac dnuow](https://example.org/wound)" in fr
    assert "[@smith2020; @lee2021]" in fr
    code, _, err = run("build", "demo", "--lang", "fr", "-o", "fr.pdf")
    assert code == 0, err
    # XLIFF targets are reversed around the codes; PO keeps words with markup as they are
    bold_words = (("yrd", "revef", "lomatecaraP") if fmt == "xlf"
                  else ("dry", "fever", "Paracetamol"))  # the last in a table cell
    text, uris, fonts = _pdf_facts(demo / "fr.pdf", (*bold_words, "gnisserd"))
    assert "https://example.org/wound" in uris
    assert "[1]" in text and "[1, 2]" in text  # both citations numbered, in order
    assert "Another study" in text  # and the source list printed
    assert all(fonts[w].endswith("-Bold") for w in bold_words), fonts
    assert not fonts["gnisserd"].endswith("-Bold"), fonts
    assert "Keep the dressing" not in text  # nothing left in English


def test_a_broken_other_language_does_not_block_this_one(shipped: Path) -> None:
    (shipped / "content" / "ms-stem-cells" / "ru.yaml").write_text("language: ru\ntitle: [\n")
    assert run("translate", "export", "ms-stem-cells", "es", "-o", "es.xlf")[0] == 0
    code, out, err = run("translate", "import", "ms-stem-cells", "es.xlf")
    assert code == 0 and "already up to date" in out, err
    code, _, err = run("translate", "export", "ms-stem-cells", "ru", "-o", "ru.xlf")
    assert code == 1 and "ru.yaml:3:1: YAML syntax error" in err
