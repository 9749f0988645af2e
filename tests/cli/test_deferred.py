"""Pillow, HarfBuzz and ReportLab's URL pattern run only when a build uses them
(brochure/cli/deferred.py), and whoever uses them gets the real thing.

Behaviour, not time: fresh interpreters report which modules ran.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

from brochure.cli import deferred
from tests.probe import ROOT, run_command

STRESS = ROOT / "tests" / "data" / "stress" / "content" / "stress"


def _build(tmp_path: Path, *args: str) -> set[str]:
    done = run_command("build", *args, "-o", str(tmp_path / "x.pdf"))
    assert done.code in (0, None), done.stderr
    return done.modules


def _text(pdf: Path) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in doc)


def test_english_build_without_pictures_runs_neither_pillow_nor_harfbuzz(tmp_path):
    modules = _build(tmp_path, "ms-stem-cells", "--lang", "en")
    assert "reportlab" in modules
    assert not modules & {"PIL", "uharfbuzz"}, sorted(modules & {"PIL", "uharfbuzz"})
    assert "multiple sclerosis" in _text(tmp_path / "x.pdf")


def test_arabic_build_runs_harfbuzz(tmp_path):
    """The shaped script gets the real HarfBuzz (and the probe can see it)."""
    assert "uharfbuzz" in _build(tmp_path, "ms-stem-cells", "--lang", "ar")
    assert "الخلايا الجذعية" in _text(tmp_path / "x.pdf")


def test_build_with_a_raster_picture_runs_pillow(tmp_path):
    modules = _build(tmp_path, str(STRESS), "--lang", "en")
    assert "PIL" in modules
    doc = pdfium.PdfDocument(tmp_path / "x.pdf")
    images = [obj for page in doc for obj in page.get_objects()
              if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    assert images


_IN_FRESH_PYTHON = """
import re, sys
from brochure.cli import deferred
deferred.defer()
assert {"uharfbuzz", "PIL", "PIL.Image"} <= deferred.waiting(), deferred.waiting()
import reportlab.platypus.paragraph as paragraph
assert type(paragraph.uri_pat).__name__ == "_LazyPattern", type(paragraph.uri_pat)
assert type(paragraph._wsc_re_split.__self__) is re.Pattern  # a cheap pattern: compiled
assert paragraph.uri_pat.match("https://www.nationalmssociety.org/x").span() == (0, 35)
assert paragraph.uri_pat.match("not a url") is None
import uharfbuzz
assert "uharfbuzz" in deferred.waiting()  # importing again reads only __spec__
assert uharfbuzz.Buffer.__name__ == "Buffer"
assert "uharfbuzz" not in deferred.waiting()
deferred.load_now()
assert not deferred.waiting(), deferred.waiting()
from PIL import Image
assert Image.open and Image.Image.__module__ == "PIL.Image"
"""


def test_lazy_modules_and_pattern_become_the_real_ones():
    done = subprocess.run([sys.executable, "-c", _IN_FRESH_PYTHON], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_only_case_insensitive_patterns_over_the_whole_plane_wait():
    with deferred._slow_patterns_lazy():
        slow = re.compile("[a-z\xa1-\uffff]+", re.I)
        quick = re.compile("[a-z\xa1-\uffff]+")
    assert type(slow) is deferred._LazyPattern
    assert type(quick) is re.Pattern
    assert slow.fullmatch("ÉCOLE").group() == "ÉCOLE"
    assert type(re.compile("[a-z\xa1-\uffff]+", re.I)) is re.Pattern  # re.compile restored
