"""PDF/A-2b (`--pdfa`), alone and with PDF/UA-1: identification, metadata in step with
the document info, the sRGB output intent, fonts, annotations."""

from __future__ import annotations

import re
from io import BytesIO

import pikepdf
import pytest
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfgen.canvas import Canvas

from brochure.content.loader import load_brochure
from brochure.pdf.document import complete
from brochure.pdf.pdfa import ArchiveError, drop_unembedded_fonts, srgb_profile
from brochure.pdf.xmp import xmp_date
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT
from tests.pdf.test_tagging import marks, tree


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


@pytest.fixture(scope="module")
def archived(ms) -> pikepdf.Pdf:
    return pikepdf.open(BytesIO(render_pdf(ms, "en", BuildOptions(pdfa=True)).pdf))


def _xmp(pdf: pikepdf.Pdf) -> str:
    return pdf.Root.Metadata.read_bytes().decode("utf-8")


def test_identification_and_pdfua_together(archived) -> None:
    meta = archived.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
    assert meta["pdfuaid:part"] == "1"
    xmp = _xmp(archived)
    # PDF/A predefines no pdfuaid schema: it must be declared as an extension schema.
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/" in xmp
    assert "/Filter" not in archived.Root.Metadata.stream_dict
    assert archived.pdf_version == "1.7"
    assert len(archived.trailer.ID) == 2
    tree(archived)  # the structure tree is there too
    marks(archived)


def test_xmp_says_what_the_document_info_says(archived) -> None:
    meta, info = archived.open_metadata(), archived.docinfo
    assert meta["dc:title"] == str(info.Title)
    assert meta["dc:description"] == str(info.Subject)
    assert meta["dc:creator"] == [str(info.Author)]
    assert meta["pdf:Keywords"] == str(info.Keywords)
    assert meta["pdf:Producer"] == str(info.Producer)
    assert meta["xmp:CreatorTool"] == str(info.Creator)
    assert meta["xmp:CreateDate"] == xmp_date(str(info.CreationDate))
    assert meta["xmp:ModifyDate"] == xmp_date(str(info.ModDate))
    assert meta["pdf:Trapped"] == str(info.Trapped).lstrip("/")


def test_xmp_dates() -> None:
    assert xmp_date("D:20261101000000+00'00'") == "2026-11-01T00:00:00+00:00"
    assert xmp_date("D:20261101093000-05'00'") == "2026-11-01T09:30:00-05:00"
    assert xmp_date("D:20261101093000Z") == "2026-11-01T09:30:00Z"
    with pytest.raises(ValueError):
        xmp_date("yesterday")


def test_srgb_output_intent(archived) -> None:
    (intent,) = list(archived.Root.OutputIntents)
    assert intent.S == "/GTS_PDFA1"
    assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
    profile = intent.DestOutputProfile
    assert int(profile.N) == 3
    icc = profile.read_bytes()
    assert icc == srgb_profile()
    assert icc[36:40] == b"acsp" and icc[16:20] == b"RGB " and icc[12:16] == b"mntr"
    assert int.from_bytes(icc[:4], "big") == len(icc)


def test_fonts_embedded_annotations_printable(archived) -> None:
    for page in archived.pages:
        for font in page.obj.Resources.Font.values():
            descriptor = font.FontDescriptor
            assert "/FontFile2" in descriptor, f"{font.BaseFont} not embedded"
            assert "/ToUnicode" in font
        for annot in page.obj.get("/Annots", []):
            assert int(annot.F) == 4  # Print, not Hidden/NoView
        for stream in (page.obj.Contents if isinstance(page.obj.Contents, pikepdf.Array)
                       else [page.obj.Contents]):
            # DeviceCMYK would need a CMYK output intent; ours is sRGB.
            assert not re.search(rb"(?<![\w.])[kK]\n", stream.read_bytes())


def test_pdfa_without_tags(ms) -> None:
    pdf = pikepdf.open(BytesIO(render_pdf(ms, "en", BuildOptions(pdfa=True, tagged=False)).pdf))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2"
    assert "pdfuaid:part" not in meta
    assert "/StructTreeRoot" not in pdf.Root
    assert "pdfaExtension" not in _xmp(pdf)


def test_unused_base14_font_is_dropped_used_one_refused() -> None:
    doc = PDFDocument(invariant=1)
    helvetica = doc.getInternalFontName("Helvetica").lstrip("/")
    fonts = doc.idToObject["BasicFonts"].dict
    assert helvetica in fonts
    drop_unembedded_fonts(doc, ["BT /F9 12 Tf (embedded) Tj ET"])
    assert helvetica not in fonts, "set up but never drawn with: dropped"
    # A page that prints with base-14 Helvetica (never embedded): no PDF/A.
    canvas = Canvas(BytesIO(), invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 72, "Hello")
    canvas.showPage()
    with pytest.raises(ArchiveError, match="Helvetica is not embedded"):
        complete(canvas, None, pdfa=True)


def test_pdfa_build_is_deterministic(ms) -> None:
    options = BuildOptions(pdfa=True)
    assert render_pdf(ms, "en", options).pdf == render_pdf(ms, "en", options).pdf


def test_srgb_profile_carries_a_fixed_date_not_the_clock() -> None:
    header_date = srgb_profile()[24:36]
    assert header_date == bytes.fromhex("07d0" "0001" "0001" "0000" "0000" "0000")
