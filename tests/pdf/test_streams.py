"""pdf/streams.py remembers stream bytes ReportLab would make again: what it hands back
is what ReportLab's own functions make from the very input, whatever was asked before."""

from __future__ import annotations

import zlib

import pytest
from reportlab.pdfbase import ttfonts

from brochure import memo
from brochure.pdf import streams


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
