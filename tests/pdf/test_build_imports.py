"""A tagged handout or tri-fold is written by ReportLab alone, tree and metadata included
(pdf/document.py): the build never imports pikepdf. A booklet (imposition) and printer's
marks still do. Behaviour, not time: a fresh interpreter builds and reports `sys.modules`.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from tests.probe import run_command


def _build(out: Path, *args: str) -> set[str]:
    done = run_command("build", "ms-stem-cells", "--lang", "en", "-o", str(out), *args)
    assert done.code in (0, None), done.stderr
    return done.modules


@pytest.mark.parametrize("args", [(), ("--pdfa",), ("--layout", "trifold", "--fit",
                                                     "--edition", "trifold")])
def test_tagged_build_imports_no_pikepdf(tmp_path: Path, args: tuple[str, ...]) -> None:
    out = tmp_path / "x.pdf"
    modules = _build(out, *args)
    assert "reportlab" in modules
    assert "pikepdf" not in modules
    with pikepdf.open(out) as pdf:  # here, not in the build: it is tagged all the same
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert pdf.open_metadata()["pdfuaid:part"] == "1"


def test_booklet_and_marks_still_use_pikepdf(tmp_path: Path) -> None:
    """The probe sees pikepdf when it is imported (else the test above could not fail)."""
    assert "pikepdf" in _build(tmp_path / "x.pdf", "--print-marks")
