"""Platypus's frame copies (made while measuring what must stay together) are what
`copy.deepcopy` made: the same attributes, and lists of their own."""

from __future__ import annotations

import copy

from reportlab.platypus import Frame

from brochure.layouts import patches
from brochure.layouts.framecopy import copy_frame


def test_a_frame_copy_equals_deepcopy_and_owns_its_lists() -> None:
    frame = Frame(10, 20, 300, 400, id="panel-2")
    frame._y -= 55.5  # part filled
    filled_to = frame._y
    frame._generated_content = [["a"], "b"]
    twin = copy_frame(frame, {})
    assert type(twin) is Frame
    assert vars(twin) == vars(copy.deepcopy(frame))
    twin._generated_content[0].append("c")
    twin._y = 0
    assert frame._generated_content == [["a"], "b"] and frame._y == filled_to


def test_deepcopy_of_a_frame_uses_it_once_installed() -> None:
    patches.install()
    frame = Frame(0, 0, 100, 100)
    twin = copy.deepcopy(frame)
    assert Frame.__deepcopy__ is copy_frame
    assert twin is not frame and vars(twin) == vars(frame)
