"""Large print: 18 pt body or more, leading ≥ 1.5, left-aligned, no long italics, no tri-fold."""

from __future__ import annotations

import collections
import shutil

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.lib.enums import TA_LEFT

from brochure.cli import main
from brochure.content.loader import load_brochure
from brochure.content.spans import Span
from brochure.errors import BrochureError
from brochure.story.largeprint import no_long_italics
from brochure.story.styles import load_theme, make_styles
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


def size_counts(pdf: bytes) -> collections.Counter:
    counts: collections.Counter = collections.Counter()
    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1).strip():
                counts[round(pdfium.raw.FPDFText_GetFontSize(text.raw, i), 1)] += 1
    return counts


def italic_runs(pdf: bytes) -> list[str]:
    """Every run of consecutive characters set in an italic font."""
    runs, current = [], ""
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            buf = (pdfium.raw.c_char * 128)()
            pdfium.raw.FPDFText_GetFontInfo(text.raw, i, buf, 128, None)
            ch = text.get_text_range(i, 1)
            if b"Italic" in bytes(buf) or (current and not ch.strip()):
                current += ch
            elif current:
                runs.append(current.strip())
                current = ""
    return runs + ([current.strip()] if current.strip() else [])


def test_styles_large_print_sizes() -> None:
    from brochure.fonts.fontset import fontset_for

    theme = load_theme()
    st = make_styles(theme, fontset_for("en").body, "en", False, large_print=True)
    assert st.body.fontSize >= 18
    assert st.body.leading / st.body.fontSize >= 1.5
    assert st.h2.fontSize > st.body.fontSize and st.title.fontSize > st.h2.fontSize
    assert st.body.alignment == TA_LEFT
    assert st.caption.fontName == st.body.fontName  # captions lose their italic


@pytest.mark.parametrize("layout", ["handout", "bifold"])
def test_large_print_pdf_body_is_18pt(ms, layout) -> None:
    pdf = render_pdf(ms, "en", BuildOptions(layout=layout, large_print=True)).pdf
    body_size, _ = size_counts(pdf).most_common(1)[0]
    assert body_size >= 18
    # Only short italic runs may stay (a journal name of up to three words in the sources).
    runs = italic_runs(pdf)
    assert all(len(run.split()) <= 3 for run in runs), runs
    assert len(italic_runs(render_pdf(ms, "en", BuildOptions(layout=layout)).pdf)) > len(runs)
    normal = render_pdf(ms, "en", BuildOptions(layout=layout)).pdf
    assert size_counts(normal).most_common(1)[0][0] < 18


def test_no_long_italics_keeps_short_emphasis() -> None:
    spans = [Span("a "), Span("very", italic=True), Span(" b ")]
    spans.append(Span("one two three four", italic=True))
    out = no_long_italics(spans)
    assert out[1].italic and not out[3].italic
    joined = [Span("one two ", italic=True), Span("three four", bold=True, italic=True)]
    assert not any(s.italic for s in no_long_italics(joined))
    assert no_long_italics(joined)[1].bold


def test_trifold_refuses_large_print(ms, tmp_path, monkeypatch) -> None:
    with pytest.raises(BrochureError, match="too narrow for 18 pt"):
        render_pdf(ms, "en", BuildOptions(layout="trifold", large_print=True))
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["build", "ms-stem-cells", "--layout", "trifold", "--large-print", "--fit"]
    )
    assert result.exit_code == 2
    assert "large print is for the handout and bifold layouts" in result.stderr
