"""Tagged PDFs are written compact (pdf/compact.py): every object that is not a stream
sits in a Flate-compressed object stream, indexed by a cross-reference stream, and the
file reads cleanly in qpdf (pikepdf) and PDFium."""

from __future__ import annotations

import re
from io import BytesIO

import pikepdf
import pypdfium2 as pdfium
import pytest

from brochure.content.loader import load_brochure
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


@pytest.mark.parametrize("options", [BuildOptions(), BuildOptions(pdfa=True, tagged=False),
                                     BuildOptions(layout="trifold", edition="trifold", fit=True)])
def test_objects_packed_in_object_streams(ms, options) -> None:
    data = render_pdf(ms, "en", options).pdf
    assert b"/StructElem" not in data and b"/Type /Catalog" not in data, "packed, compressed"
    assert b"\nxref\n" not in data and b"/Type /XRef" in data
    top_level = re.findall(rb"\n\d+ 0 obj\n(.*?)endobj\n", data, re.S)
    assert top_level and all(b"\nstream\n" in body for body in top_level), "streams only"
    with pikepdf.open(BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == [] and pdf.get_warnings() == []
        assert pdf.pdf_version == "1.7"
        assert str(pdf.Root.Type) == "/Catalog" and len(pdf.pages) >= 2
        assert (("/StructTreeRoot" in pdf.Root) == options.tagged)
        packed = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                  and o.get("/Type") == "/ObjStm"]
        assert packed
    doc = pdfium.PdfDocument(data)
    assert len(doc) >= 2 and doc[0].get_textpage().get_text_range().strip()


def test_untagged_plain_pdf_is_left_as_reportlab_writes_it(ms) -> None:
    data = render_pdf(ms, "en", BuildOptions(tagged=False)).pdf
    assert b"\nxref\n" in data and b"/Type /XRef" not in data and b"/Metadata" not in data
