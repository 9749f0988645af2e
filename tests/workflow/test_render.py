"""The handout PDF: text and order per page, sizes, fonts, links, metadata, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.content.loader import load_brochure
from brochure.errors import BrochureError
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT, make_workspace
from tests.pdfutil import fold, font_names, link_uris, page_texts, reader


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


@pytest.fixture(scope="module")
def en_letter(ms) -> bytes:
    return render_pdf(ms, "en", BuildOptions()).pdf


def test_page_size_letter_and_a4(ms, en_letter) -> None:
    box = reader(en_letter).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)
    a4 = render_pdf(ms, "en", BuildOptions(paper="a4")).pdf
    box = reader(a4).pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)


def test_first_page_has_title_subtitle_summary(ms, en_letter) -> None:
    content = ms.source.content
    first = page_texts(en_letter)[0]
    assert first.startswith(fold(content.title))
    assert fold(content.subtitle) in first
    assert fold(content.summary.replace("**", "")) in first


def test_sections_in_order_then_sources(ms, en_letter) -> None:
    text = " ".join(page_texts(en_letter))
    positions = [text.find(fold(s.title)) for s in ms.source.content.sections]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert text.rfind("Sources") > positions[-1]
    assert "Sormani MP, Muraro PA, Schiavetti I, et al." in text


def test_footer_on_every_page(en_letter) -> None:
    pages = page_texts(en_letter)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Last reviewed November 1, 2026" in text
        assert "does not replace advice from your care team" in text


def test_fonts_embedded_no_base14(en_letter) -> None:
    names = font_names(en_letter)
    assert names
    assert not any("Helvetica" in n or "Times" in n or "Courier" in n for n in names)


def test_links_and_metadata(ms, en_letter) -> None:
    uris = link_uris(en_letter)
    assert "https://doi.org/10.1212/WNL.0000000000003987" in uris
    assert all(u.startswith(("https:", "http:", "mailto:", "tel:")) for u in uris)
    pdf = reader(en_letter)
    assert pdf.metadata.title == ms.source.content.title
    assert pdf.metadata.author == "Lakeside Health"
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    outline = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert outline == [s.title for s in ms.source.content.sections] + ["Sources"]


def test_deterministic(ms, en_letter) -> None:
    assert render_pdf(ms, "en", BuildOptions()).pdf == en_letter


def test_edition_prints_only_its_sections(ms) -> None:
    chosen = ms.meta.editions["trifold"]
    pdf = render_pdf(ms, "en", BuildOptions(edition="trifold")).pdf
    text = " ".join(page_texts(pdf))
    for section in ms.source.content.sections:
        assert (fold(section.title) in text) == (section.id in chosen), section.id


def test_sections_option_sets_order_and_numbers_citations(ms) -> None:
    pdf = render_pdf(ms, "en", BuildOptions(sections=["risks-benefits", "what-is"])).pdf
    text = " ".join(page_texts(pdf))
    risks = text.find("Risks and benefits")
    assert 0 < risks < text.find("What is stem-cell therapy")
    # The first citation printed is number 1, whatever its number in the full edition.
    assert "[1]" in text[risks:]


def _demo(tmp_path: Path, text: str) -> Path:
    ws = make_workspace(tmp_path)
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("More text.", text), encoding="utf-8")
    return ws


def test_author_markup_is_printed_literally(tmp_path: Path) -> None:
    evil = '"<img src=\\"/etc/passwd\\"/> <font size=40>x</font> &amp; <a href=\\"file:///x\\">y</a>"'
    ws = _demo(tmp_path, evil)
    pdf = render_pdf(load_brochure(ws / "content" / "demo", cwd=ws), "en", BuildOptions()).pdf
    text = " ".join(page_texts(pdf))
    assert '<img src="/etc/passwd"/> <font size=40>x</font> &amp; <a href="file:///x">y</a>' in text
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:  # dictionaries sit in compressed streams
        assert all("/XObject" not in page.Resources for page in doc.pages), "no picture"
        uris = [str(a.A.URI) for page in doc.pages for a in page.get("/Annots") or []]
        assert not any(uri.startswith("file:") for uri in uris), uris


def test_missing_glyph_is_an_error_with_position(tmp_path: Path) -> None:
    ws = _demo(tmp_path, "Linear B \U00010000 here")
    loaded = load_brochure(ws / "content" / "demo", cwd=ws)
    with pytest.raises(BrochureError) as info:
        render_pdf(loaded, "en", BuildOptions())
    message = str(info.value)
    assert "content/demo/en.yaml:13:" in message
    assert "U+10000" in message


def test_paragraphs_parse_as_reportlab_and_never_change_each_others_fragments() -> None:
    """Parsed markup is reused (`story.reuse`): paragraphs of the same markup start from
    the same fragments, read-only, and clone them before line breaking or splitting
    edits them, so no paragraph ever sees another's edits."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from brochure.story.flowables import TextParagraph

    style = ParagraphStyle("t", fontName="Helvetica", fontSize=11)
    markup = ('<font name="Helvetica-Bold">Call</font> <a href="https://example.org" '
              'color="#1F4E79"><u>your team</u></a> &amp; more<br/>next line')
    first, second = TextParagraph(markup, style), TextParagraph(markup, style)
    plain = Paragraph(markup, style)
    as_parsed = [vars(f).copy() for f in plain.frags]
    assert [vars(f) for f in first.frags] == as_parsed
    assert [vars(f) for f in second.frags] == as_parsed
    first.wrap(60, 500)  # breaks its fragments into words
    first.split(60, 20)
    assert [vars(f) for f in second.frags] == as_parsed
    assert [vars(f) for f in TextParagraph(markup, style).frags] == as_parsed
    other = ParagraphStyle("u", parent=style, fontSize=14)
    assert {f.fontSize for f in TextParagraph(markup, other).frags} == {14}


def test_a_fresh_process_builds_the_same_bytes(ms, en_letter) -> None:
    """What one process keeps between builds (parsed markup, fonts, patterns) changes
    nothing: a build in a new process is byte-identical to a rebuild in this one."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path\n"
        "from brochure.content.loader import load_brochure\n"
        "from brochure.workflow.render import BuildOptions, render_pdf\n"
        "root = Path(sys.argv[1])\n"
        "ms = load_brochure(root / 'content' / 'ms-stem-cells', cwd=root)\n"
        "sys.stdout.buffer.write(render_pdf(ms, 'en', BuildOptions()).pdf)\n"
    )
    fresh = subprocess.run([sys.executable, "-c", script, str(ROOT)], check=True,
                           capture_output=True).stdout
    render_pdf(ms, "en", BuildOptions(paper="a4"))
    assert fresh == render_pdf(ms, "en", BuildOptions()).pdf == en_letter


def test_streams_are_compressed_once(ms, en_letter) -> None:
    """Flate only (no ASCII85, a quarter bigger), and a booklet's pass through pikepdf
    (pdf/finish.py) copies ReportLab's compressed streams as they are (a one-element
    filter array made qpdf redo them)."""
    import io

    import pikepdf

    untagged = render_pdf(ms, "en", BuildOptions(tagged=False)).pdf
    booklet = render_pdf(ms, "en", BuildOptions(layout="bifold")).pdf
    for pdf in (en_letter, untagged, booklet):
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            streams = [o for o in doc.objects if isinstance(o, pikepdf.Stream)]
            filters = [o.get("/Filter") for o in streams]
            assert not any("/ASCII85Decode" in str(f) for f in filters)
    with pikepdf.open(io.BytesIO(booklet)) as doc:
        streams = [o for o in doc.objects if isinstance(o, pikepdf.Stream)]
        assert any(o.get("/Filter") == pikepdf.Name.FlateDecode for o in streams)
        for stream in streams:
            assert stream.get("/Filter") in (None, pikepdf.Name.FlateDecode)


def test_bookmarks_open_the_page_of_their_heading(en_letter) -> None:
    pdf = reader(en_letter)
    pages = page_texts(en_letter)
    entries = [item for item in pdf.outline if not isinstance(item, list)]
    numbers = [pdf.get_destination_page_number(item) for item in entries]
    assert numbers == sorted(numbers) and numbers[-1] > 0
    for item, number in zip(entries, numbers, strict=True):
        assert fold(item.title) in pages[number], item.title


def test_missing_glyph_in_a_placeholder_description_is_an_error(tmp_path: Path) -> None:
    ws = _demo(tmp_path, "Text.")
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text() + "      - illustration: {id: pic, description: \"Linear B "
                  "\U00010000\", alt: A picture}\n", encoding="utf-8")
    loaded = load_brochure(ws / "content" / "demo", cwd=ws)
    with pytest.raises(BrochureError) as info:
        render_pdf(loaded, "en", BuildOptions())
    assert "content/demo/en.yaml:14:" in str(info.value) and "U+10000" in str(info.value)
