"""pdf/formatting.py writes every value exactly as ReportLab's own `format` does: value
by value (names with characters to escape, numbers ReportLab rounds, nested
dictionaries and arrays, references), and whole brochures built either way."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFArrayCompact,
    PDFDictionary,
    PDFDocument,
    PDFString,
    ViewerPreferencesPDFDictionary,
)

from brochure.content.loader import load_brochure
from brochure.pdf import formatting
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT


@pytest.fixture
def reportlab_own(monkeypatch):
    """Within the test, `use()` puts ReportLab's functions back, `ours()` ours."""
    ours = {key: getattr(*key) for key in formatting.REPORTLAB}
    assert all(ours[key] is not fn for key, fn in formatting.REPORTLAB.items()), "installed"

    class Switch:
        def use(self) -> None:
            for (owner, name), fn in formatting.REPORTLAB.items():
                monkeypatch.setattr(owner, name, fn)

        def ours(self) -> None:
            for (owner, name), fn in ours.items():
                monkeypatch.setattr(owner, name, fn)

    return Switch()


def _values(doc: PDFDocument) -> list:
    page_ref = doc.Reference(PDFDictionary({"Type": "/Page"}))
    return [
        "/Name", "/F1+0", "plain words", "x" * 64, "y" * 65, "Ünïcode ™", "",
        0, 1, -7, 123456789, 2**53 + 1, 0.5, 1e-9, 3.14159265, -0.0, True, None,
        b"raw bytes", page_ref, PDFString("(a text) \\ é"), PDFString("多发性硬化"),
        PDFString("unbalanced ( \t", escape=7), PDFString("(balanced)", escape=4),
        PDFString(b"\xfe\xffbytes"), PDFString(b"plain bytes"), PDFString("x", enc="raw"),
        PDFString(PDFString("copied", escape=0)), PDFString("https://example.org/a?b=(c)"),
        PDFDictionary({"Type": "/Annot", "with space": 1, "hash#": [1, 2], "Ä": "/x"}),
        PDFDictionary(OrderedDict([("Z", 1), ("A", PDFArray(range(23)))])),
        PDFDictionary({f"K{i}": i / 3 for i in range(14)}),
        PDFArray([1.25, "/N", PDFArray([]), PDFDictionary({}), page_ref] * 5),
        PDFArrayCompact(list(range(25))),
        *(PDFArray([(i * 37) % 1001 for i in range(n)]) for n in (0, 1, 9, 10, 11, 20, 21, 35)),
        PDFArray([0.5, 1e-9, 2**53 + 1, -3, 1000.0, 250, 7 / 3] * 3),
        PDFArray([1, 2, True]), PDFArray([1, 2, None]),
        ViewerPreferencesPDFDictionary({"DisplayDocTitle": "true", "Z": 1}),
    ]


def test_each_value_formats_as_reportlab_formats_it(reportlab_own) -> None:
    doc = PDFDocument()
    values = _values(doc)
    ours = [pdfdoc.format(v, doc) for v in values]
    reportlab_own.use()
    assert ours == [pdfdoc.format(v, doc) for v in values]


def test_unencodable_name_fails_as_in_reportlab(reportlab_own) -> None:
    doc = PDFDocument()
    with pytest.raises(UnicodeEncodeError):
        pdfdoc.format("bad\x18", doc)
    with pytest.raises(KeyError, match="forward reference"):
        pdfdoc.format(pdfdoc.PDFObjectReference("nowhere"), doc)
    reportlab_own.use()
    with pytest.raises(UnicodeEncodeError):
        pdfdoc.format("bad\x18", doc)


@pytest.mark.parametrize("lang, options", [
    ("en", BuildOptions()),
    ("en", BuildOptions(tagged=False)),
    ("en", BuildOptions(pdfa=True)),
    ("ar", BuildOptions(layout="trifold", edition="trifold", fit=True)),
])
def test_brochure_bytes_equal_reportlab_formatting(reportlab_own, lang, options) -> None:
    loaded = load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT, only=[lang])
    ours = render_pdf(loaded, lang, options).pdf
    reportlab_own.use()
    theirs = render_pdf(loaded, lang, options).pdf
    assert ours == theirs


def test_long_number_arrays_remembered_by_every_value(reportlab_own) -> None:
    """A font's /Widths is remembered by its numbers: one width changed is another array."""
    doc = PDFDocument()
    widths = [500 + i % 7 for i in range(128)]
    arrays = [widths, [*widths[:-1], 999], [float(w) for w in widths], widths[:-1],
              [*widths[:5], 0.5, *widths[6:]], [*widths[:5], -0.0, *widths[6:]]]
    ours = [pdfdoc.format(PDFArray(a), doc) for a in arrays + arrays]
    reportlab_own.use()
    assert ours == [pdfdoc.format(PDFArray(a), doc) for a in arrays + arrays]
    assert len(set(ours)) == 5  # (the float copy writes as the ints do)
