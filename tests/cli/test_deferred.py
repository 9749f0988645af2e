"""Pillow, HarfBuzz and ReportLab's URL pattern run only when a build uses them
(brochure/cli/deferred.py), and whoever uses them gets the real thing.

Behaviour, not time: fresh interpreters report which modules ran.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium

from brochure.cli import deferred
from tests.probe import ROOT, Probe, run_command

STRESS = ROOT / "tests" / "data" / "stress" / "content" / "stress"


def _build(tmp_path: Path, *args: str) -> Probe:
    done = run_command("build", *args, "-o", str(tmp_path / "x.pdf"))
    assert done.code in (0, None), done.stderr
    return done


def _text(pdf: Path) -> str:
    doc = pdfium.PdfDocument(pdf)
    return "".join(page.get_textpage().get_text_range() for page in doc)


def test_english_build_without_pictures_runs_neither_pillow_nor_harfbuzz(tmp_path):
    modules = _build(tmp_path, "ms-stem-cells", "--lang", "en").modules
    assert "reportlab" in modules
    assert not modules & {"PIL", "uharfbuzz"}, sorted(modules & {"PIL", "uharfbuzz"})
    assert "multiple sclerosis" in _text(tmp_path / "x.pdf")


# Right-to-left paragraphs (brochure.rtl, python-bidi): imported by the first one made.
RTL = {"brochure.rtl", "brochure.rtl.paragraph", "bidi"}


def test_an_english_build_runs_neither_pickle_nor_python_colouring_nor_package_resources(
        tmp_path):
    """ReportLab imports `pickle`, its Python source colouring and its sandboxed eval,
    ReportLab and platformdirs `tempfile` (and with it shutil, bz2, lzma), for what we
    never call (link colours are CSS colours, which ReportLab reads without eval); the
    `reportlab.platypus` package's own code (importing its tables and preformatted text)
    never runs, as we import its modules by name;
    our data files are found through `brochure.files.package_file`, not
    `importlib.resources` (which imports `tempfile` and `zipfile`)."""
    done = _build(tmp_path, "ms-stem-cells", "--lang", "en")
    lazy = {"pickle", "reportlab.lib.PyFontify", "tempfile", "reportlab.lib.rl_safe_eval",
            "reportlab.platypus"}
    assert lazy <= done.waiting, sorted(done.waiting)
    assert {"reportlab.platypus.paragraph", "reportlab.platypus.doctemplate"} <= done.names
    assert not done.names & {"reportlab.platypus.tables", "reportlab.platypus.xpreformatted"}
    assert not done.names & {"importlib.resources", "zipfile"}
    assert "multiple sclerosis" in _text(tmp_path / "x.pdf")


def test_a_build_without_hyphenation_runs_no_pyphen(tmp_path):
    assert "pyphen" in _build(tmp_path, "ms-stem-cells", "--lang", "en").waiting


def test_reportlab_graphics_waits_for_the_first_svg(tmp_path):
    """Vector pictures (story/vector.py) import ReportLab's graphics package; a build
    without one does not. The clinic's SVG logo is drawn as vector paths, no image."""
    assert not {n for n in _build(tmp_path, "ms-stem-cells", "--lang", "en").names
                if n.startswith("reportlab.graphics")}
    names = _build(tmp_path, "ms-stem-cells", "--lang", "en", "--clinic", "lakeside").names
    assert {"reportlab.graphics.renderPDF", "brochure.story.vector"} <= names
    page = pdfium.PdfDocument(tmp_path / "x.pdf")[0]
    kinds = {obj.type for obj in page.get_objects()}
    assert pdfium.raw.FPDF_PAGEOBJ_PATH in kinds
    assert pdfium.raw.FPDF_PAGEOBJ_IMAGE not in kinds


def test_english_build_reads_no_package_metadata(tmp_path):
    """Pydantic's plugins are off for the command line, so nothing scans site-packages
    and `importlib.metadata` (with the email parser it imports) never runs."""
    done = _build(tmp_path, "ms-stem-cells", "--lang", "en")
    assert "pydantic" in done.modules
    assert "importlib.metadata" in done.waiting
    assert not done.modules & {"email", "csv", "socket"}, sorted(done.modules)


def test_a_users_pydantic_plugin_setting_is_kept(tmp_path):
    """PYDANTIC_DISABLE_PLUGINS set by the user wins; pydantic then looks plugins up
    through the stand-in `entry_points`, which runs the real module."""
    script = _PROBE_ENV + "assert 'importlib.metadata' not in deferred.waiting()\n"
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": ""}
    done = subprocess.run(
        [sys.executable, "-c", script, "build", "ms-stem-cells", "--lang", "en", "-o",
         str(tmp_path / "x.pdf")], cwd=ROOT, env=env, capture_output=True, text=True,
        check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.pdf").stat().st_size > 10_000


# `brochure ARGS` in this interpreter, then checks of what it left (the scripts below).
_RUN_BROCHURE = """
import os, runpy, sys
sys.argv = ["brochure", *sys.argv[1:]]
try:
    runpy.run_module("brochure", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
"""

_PROBE_ENV = _RUN_BROCHURE + """
from brochure.cli import deferred
assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
"""


def test_english_build_imports_no_right_to_left_machinery(tmp_path):
    names = _build(tmp_path, "ms-stem-cells", "--lang", "en").names
    assert "brochure.story.blocks" in names and "brochure.layouts.bounds" in names
    assert not names & RTL, sorted(names & RTL)


def test_arabic_build_runs_harfbuzz_and_the_right_to_left_paragraphs(tmp_path):
    """The shaped script gets the real HarfBuzz and RTL paragraphs (and the probe sees
    them); the frame check still measures them (layouts/bounds.py)."""
    done = _build(tmp_path, "ms-stem-cells", "--lang", "ar")
    assert "uharfbuzz" in done.modules
    assert RTL <= done.names
    assert "الخلايا الجذعية" in _text(tmp_path / "x.pdf")


def test_build_with_a_raster_picture_runs_pillow(tmp_path):
    assert "PIL" in _build(tmp_path, str(STRESS), "--lang", "en").modules
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
from importlib.metadata import entry_points  # a stand-in: the module has not run
assert "importlib.metadata" in deferred.waiting()
assert "brochure" in {ep.name for ep in entry_points(group="console_scripts")}
assert "importlib.metadata" not in deferred.waiting()
import importlib.metadata
assert importlib.metadata.entry_points is not entry_points  # the real one from now on
assert importlib.metadata.version("pydantic")
assert "pyphen" in deferred.waiting()
from brochure.language.hyphenation import hyphenator
assert ("respon", "sabilidades") in hyphenator("es")("responsabilidades")
assert "pyphen" not in deferred.waiting()
from reportlab.platypus import flowables  # a module of the lazy package: it waits
assert "reportlab.platypus" in deferred.waiting() and flowables.Flowable
from reportlab.platypus import Table  # one of the package's own names: it runs
assert "reportlab.platypus" not in deferred.waiting()
assert Table.__module__ == "reportlab.platypus.tables"
import reportlab.platypus
assert reportlab.platypus.Paragraph is paragraph.Paragraph
from reportlab.lib import colors
assert "reportlab.lib.rl_safe_eval" in deferred.waiting()
assert colors.toColor("#1F4E79") == colors.toColor("rgb(31,78,121)")  # '#': evaluated first
assert "reportlab.lib.rl_safe_eval" not in deferred.waiting()
from tempfile import gettempdir  # a stand-in: the module has not run
assert "tempfile" in deferred.waiting()
import os.path
assert os.path.isdir(gettempdir())
assert "tempfile" not in deferred.waiting()
import tempfile
assert tempfile.gettempdir is not gettempdir and not hasattr(tempfile, "__path__")
import pickle
assert pickle.loads(pickle.dumps({"a": (1, 2)})) == {"a": (1, 2)}
assert "pickle" not in deferred.waiting()
from reportlab.platypus.xpreformatted import PythonPreformatted
from reportlab.lib.styles import getSampleStyleSheet
assert PythonPreformatted("x = 1", getSampleStyleSheet()["Code"]).wrap(200, 200)[1] > 0
assert "reportlab.lib.PyFontify" not in deferred.waiting()
deferred.load_now()
assert not deferred.waiting(), deferred.waiting()
from PIL import Image
assert Image.open and Image.Image.__module__ == "PIL.Image"
"""


def test_lazy_modules_and_pattern_become_the_real_ones():
    done = subprocess.run([sys.executable, "-c", _IN_FRESH_PYTHON], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_only_patterns_with_a_class_up_to_the_top_of_the_plane_wait():
    with deferred._slow_patterns_lazy():
        slow = re.compile("[a-z\xa1-\uffff]+", re.I)
        wide = re.compile("([\u2e80-\uffff])")
        astral = re.compile("[^\x20-\x7e\U00010000-\U0010ffff]")
        quick = re.compile("[a-z\xa1-\u2fff]+", re.I)
    assert {type(slow), type(wide), type(astral)} == {deferred._LazyPattern}
    assert type(quick) is re.Pattern
    assert slow.fullmatch("ÉCOLE").group() == "ÉCOLE"
    assert wide.sub(r"\1 ", "a中b") == "a中 b"
    assert astral.search("ok\n").start() == 2
    assert type(re.compile("[a-z\xa1-\uffff]+", re.I)) is re.Pattern  # re.compile restored


_PATTERNS_IN_A_BUILD = _RUN_BROCHURE + """
import reportlab.lib.textsplit as textsplit, yaml.reader as reader
from brochure.cli.deferred import _LazyPattern
for pattern in (textsplit.rx, reader.Reader.NON_PRINTABLE):
    assert type(pattern) is _LazyPattern and pattern._compiled is None, pattern
"""


def test_an_english_build_compiles_neither_the_cjk_wrapper_nor_the_python_yaml_pattern(
        tmp_path):
    """libyaml reads every file of a good brochure and our data files; ReportLab's CJK
    wrapper is never called."""
    done = subprocess.run(
        [sys.executable, "-c", _PATTERNS_IN_A_BUILD, "build", "ms-stem-cells", "--lang", "en",
         "-o", str(tmp_path / "x.pdf")],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "x.pdf").stat().st_size > 10_000


def test_a_yaml_syntax_error_is_read_by_the_python_reader_with_its_real_pattern(tmp_path):
    """The lazy reader pattern compiles when the pure-Python loader reports an error."""
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "brochure.yaml").write_text("id: bad\nsource_language: en\n  - oops: [\n",
                                          encoding="utf-8")
    done = run_command("check", str(folder))
    assert done.code == 1
    assert done.stderr.startswith(f"{folder / 'brochure.yaml'}:3:3: `oops:` is indented more")
    assert "Traceback" not in done.stderr
