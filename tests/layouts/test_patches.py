"""ReportLab's behaviour is changed in one place (layouts/patches.py), installed once."""

from __future__ import annotations

import subprocess
import sys

from reportlab.lib import textsplit
from reportlab.platypus import Flowable, Frame
from reportlab.platypus import paragraph as rl_paragraph

from brochure.layouts import patches


def _in_fresh_python(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_a_layouts_first_use_installs_every_patch() -> None:
    assert _in_fresh_python(
        "from brochure.layouts import LAYOUTS\n"
        "from brochure.layouts.patches import installed\n"
        "print(installed())\n"
        "LAYOUTS['trifold'].folds('letter', False)\n"
        "print(installed())\n"
    ) == ["False", "True"]


def test_every_patch_is_in_place_in_the_tests() -> None:
    assert patches.installed()
    assert rl_paragraph.sameFrag is patches.same_frag
    assert Flowable.drawOn is patches.measured_draw_on
    assert Frame.add is Frame._add is patches.checked_add
    assert "，" in textsplit.ALL_CANNOT_START and "》" in rl_paragraph.ALL_CANNOT_START


def test_installing_twice_changes_nothing() -> None:
    before = rl_paragraph.ALL_CANNOT_START
    patches.install()
    assert rl_paragraph.ALL_CANNOT_START == before


def test_nothing_is_patched_by_importing_the_story_alone() -> None:
    """Importing the lower stages leaves ReportLab as it ships: the patches are installed
    on purpose, by the layouts, not as a side effect of some import."""
    code = (
        "import brochure.story.blocks, brochure.pdf.tagging, brochure.story.styles\n"
        "from reportlab.platypus import paragraph as p, Flowable\n"
        "from brochure.story.linebreaks import same_frag\n"
        "from brochure.pdf.tagging import tagged_draw_on\n"
        "print(p.sameFrag is same_frag, Flowable.drawOn is tagged_draw_on,\n"
        "      '，' in p.ALL_CANNOT_START)\n"
    )
    assert _in_fresh_python(code) == ["False", "False", "False"]
