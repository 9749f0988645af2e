"""pdf/streams.py remembers stream bytes ReportLab would make again: what it hands back
is what ReportLab's own functions make from the very input, whatever was asked before."""

from __future__ import annotations

import zlib
from io import BytesIO

import pikepdf
import pytest
from reportlab.pdfbase import ttfonts

from brochure import memo
from brochure.pdf import streams
from brochure.pdf.impose import _flate_stream


@pytest.mark.parametrize("fontname, subset", [
    ("AAAAAA+Atkinson", [32, 65, 66]),
    ("AAAAAA+Atkinson", [32, 65, 67]),  # another code: another map
    ("AAAAAA+Atkinson", [32, 65]),
    ("AAAAAB+Atkinson", [32, 65, 66]),  # another subset name: another map
    ("AAAAAA+Atkinson", list(range(32, 288))),
])
def test_to_unicode_map_is_reportlabs_whatever_came_before(fontname, subset) -> None:
    memo.clear_all()
    streams.to_unicode_cmap("AAAAAA+Atkinson", [32, 65, 66])  # the memo holds one
    assert streams.to_unicode_cmap(fontname, subset) == streams._rl_to_unicode(fontname, subset)
    assert ttfonts.makeToUnicodeCMap is streams.to_unicode_cmap, "installed"


@pytest.mark.parametrize("data", [b"", b"short", bytes(range(256)) * 4, b"x" * 5000])
def test_compressed_is_zlibs_whatever_came_before(data) -> None:
    memo.clear_all()
    streams.compressed(bytes(range(256)) * 4)
    assert streams.compressed(data) == zlib.compress(data)
    assert streams.compressed(data) == zlib.compress(data), "and again, from the memo"


def _as_finished(make_stream) -> bytes:
    """A one-stream PDF saved as impose.py saves sheets, then as finish.py does (with an
    /ID, as ReportLab's booklet has: qpdf keeps its first half, and computes the second
    from what it writes)."""
    pdf = pikepdf.new()
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(b"booklet"), pikepdf.String(b"booklet")])
    pdf.Root.Sheet = make_stream(pdf)
    first = BytesIO()
    pdf.save(first, deterministic_id=True, fix_metadata_version=False)
    again, out = pikepdf.open(BytesIO(first.getvalue())), BytesIO()
    again.save(out, deterministic_id=True, fix_metadata_version=False, min_version="1.7",
               object_stream_mode=pikepdf.ObjectStreamMode.generate,
               stream_decode_level=pikepdf.StreamDecodeLevel.none)
    return out.getvalue()


def test_sheet_compressed_through_the_memo_is_written_as_qpdf_writes_its_own() -> None:
    """impose.py compresses a rewritten sheet's content itself (memoised); qpdf copies
    it: the finished file must be the one qpdf's own compression makes (same zlib)."""
    content = b"".join(b"q 1 0 0 1 %d %d cm BT /F1+0 9 Tf (line %d) Tj ET Q\n" % (i, i, i)
                       for i in range(3000))
    assert (_as_finished(lambda pdf: _flate_stream(pdf, content))
            == _as_finished(lambda pdf: pdf.make_stream(content)))
