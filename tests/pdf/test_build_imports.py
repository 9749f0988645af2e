"""A tagged handout or tri-fold is written by ReportLab alone, tree and metadata included
(pdf/document.py): the build never imports pikepdf. A booklet (imposition) and printer's
marks still do. Behaviour, not time: a fresh interpreter builds and reports `sys.modules`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, runpy, sys
sys.argv = ["brochure", *sys.argv[1:]]
try:
    runpy.run_module("brochure", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}),
      file=sys.stderr)
"""


def _build(out: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "build", "ms-stem-cells", "--lang", "en", "-o", str(out),
         *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return set(report["modules"])


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
