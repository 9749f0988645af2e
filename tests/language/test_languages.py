"""Every shipped language builds, and its words come back out of the PDF.

Extraction is checked per script: pdfium for left-to-right text (CJK included), and for
Arabic poppler (pdftotext), which honours the /ActualText spans — word by word, since
extractors order Latin words inside Arabic lines their own way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brochure.content.loader import load_brochure
from brochure.content.markup import parse
from brochure.language.dates import long_date
from brochure.language.strings import load_strings
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT
from tests.pdfutil import font_names

MS = ROOT / "content" / "ms-stem-cells"
LANGS = sorted(p.stem for p in MS.glob("*.yaml") if p.stem != "brochure")


def squash(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return re.sub(r"[\s\-‐]+", "", text)


@pytest.fixture(scope="module")
def ms():
    return load_brochure(MS, cwd=ROOT)


@pytest.fixture(scope="module")
def pdfs(ms) -> dict[str, bytes]:
    return {lang: render_pdf(ms, lang, BuildOptions()).pdf for lang in LANGS}


def test_the_brochure_ships_in_six_languages() -> None:
    assert {"en", "es", "ar", "zh-Hans", "vi", "ru"} <= set(LANGS)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "ar"])
def test_text_comes_back_in_order(ms, pdfs, lang: str) -> None:
    doc = pdfium.PdfDocument(pdfs[lang])
    text = squash("".join(page.get_textpage().get_text_range() for page in doc))
    content = ms.languages[lang].content
    at = 0
    for item in [content.title, content.summary, *(s.title for s in content.sections)]:
        wanted = squash(parse(item).plain_text())
        found = text.find(wanted, at)
        assert found >= 0, f"{item!r} missing or out of order"
        at = found + len(wanted)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_arabic_words_extract_as_logical_text(ms, pdfs, tmp_path: Path) -> None:
    path = tmp_path / "ar.pdf"
    path.write_bytes(pdfs["ar"])
    text = squash(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                 text=True, check=True).stdout)
    content = ms.languages["ar"].content
    for item in [content.title, *(s.title for s in content.sections)]:
        for word in parse(item).plain_text().split():
            assert squash(word.strip("؟:،")) in text, word


@pytest.mark.parametrize("lang", LANGS)
def test_draft_marker_and_localized_date_on_every_page(ms, pdfs, lang: str) -> None:
    strings = load_strings(lang)
    draft = ms.languages[lang].is_draft
    date = squash(long_date(ms.meta.reviewed, lang))
    for page in pdfium.PdfDocument(pdfs[lang]):
        text = squash(page.get_textpage().get_text_range())
        if lang != "ar":  # Arabic furniture is checked through its words above
            assert date in text
            assert (squash(strings["draft_marker"]) in text) == draft


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_embedded_and_no_base14(pdfs, lang: str) -> None:
    names = font_names(pdfs[lang])
    assert not any(base in n for n in names for base in ("Helvetica", "Times", "Courier"))


def test_chinese_subset_font_prepared_once(pdfs) -> None:
    """The CJK font cut to the brochure's characters is made once, before layout, from
    everything the PDF prints: one subset in the PDF, not one per character found late
    (the no-break space before a citation, an illustration's placeholder text)."""
    subsets = {re.sub(r"^/?[A-Z]{6}\+|-Bold$", "", n) for n in font_names(pdfs["zh-Hans"])
               if "CJK" in n}
    assert len(subsets) == 1, subsets


@pytest.mark.parametrize("lang", ["ar", "zh-Hans"])
def test_other_scripts_cost_at_most_300_kb(pdfs, lang: str) -> None:
    assert len(pdfs[lang]) < 300 * 1024


def test_devanagari_is_shaped_and_extracts_as_written(tmp_path: Path) -> None:
    """Hindi: conjuncts and vowel signs need shaping; the words must still come back."""
    from tests.conftest import make_workspace

    ws = make_workspace(tmp_path)
    folder = ws / "content" / "demo"
    text = (folder / "brochure.yaml").read_text().replace("source_language: en",
                                                          "source_language: hi")
    (folder / "brochure.yaml").write_text(text)
    (folder / "en.yaml").unlink()
    sentence = "स्टेम सेल एक बुनियादी कोशिका है जो अपनी प्रतियाँ बना सकती है।"
    (folder / "hi.yaml").write_text(
        "language: hi\ntitle: स्टेम सेल उपचार\nsummary: अपनी देखभाल टीम से बात करें।\n"
        "sections:\n  - id: intro\n    title: परिचय\n    blocks:\n"
        f"      - \"{sentence} [@smith2020]\"\n", encoding="utf-8")
    loaded = load_brochure(folder, cwd=ws)
    pdf = render_pdf(loaded, "hi", BuildOptions()).pdf
    page = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert squash(sentence) in squash(page)
    assert b"/ActualText" in pikepdf_content(pdf)


def pikepdf_content(pdf: bytes) -> bytes:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        contents = doc.pages[0].obj.Contents
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        return b"".join(s.read_bytes() for s in streams)
