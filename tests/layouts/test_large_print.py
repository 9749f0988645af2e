"""Large print in every language and layout that allows it: the build succeeds, and the
footer's "Page 2 of 8" stays on one line.

The Arabic large-print bi-fold once failed with ReportLab's LayoutError (a captioned
illustration placeholder taller than an empty page) and broke its page number over two
lines ("صفحة 25 من" / "28").
"""

from __future__ import annotations

import re
from functools import cache

import pypdfium2 as pdfium
import pytest

from brochure.content.loader import load_brochure
from brochure.language.strings import load_strings
from brochure.layouts import LAYOUTS
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT

MS = ROOT / "content" / "ms-stem-cells"


@cache
def _loaded():
    return load_brochure(MS, cwd=ROOT)


CASES = [(lang, layout) for lang in sorted(_loaded().languages)
         for layout in sorted(LAYOUTS) if LAYOUTS[layout].large_print]


@pytest.mark.parametrize(("lang", "layout"), CASES, ids=[f"{a}-{b}" for a, b in CASES])
def test_large_print_builds_with_whole_page_numbers(lang: str, layout: str) -> None:
    result = render_pdf(_loaded(), lang, BuildOptions(layout=layout, large_print=True))
    label = load_strings(lang)["page_x_of_y"]
    whole = re.compile(re.escape(label).replace(r"\{page\}", r"\d+")
                       .replace(r"\{pages\}", r"\d+"))
    head = label.split("{pages}")[0].strip() if label.index("{page}") < label.index(
        "{pages}") else label.split("{page}")[0].strip()
    start = re.compile(re.escape(head).replace(r"\{page\}", r"\d+")
                       .replace(r"\{pages\}", r"\d+"))
    doc = pdfium.PdfDocument(result.pdf)
    labels = 0
    for index in range(len(doc)):
        text = doc[index].get_textpage().get_text_range()
        found = len(whole.findall(text))
        assert found == len(start.findall(text)), (index, text[-300:])  # none broken
        labels += found
    assert labels >= len(doc)  # a number on (nearly) every page
