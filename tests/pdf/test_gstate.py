"""The faster canvas steps (`pdf.gstate`) leave what ReportLab's own would: the same
operators, matrix and saved state, whatever the numbers."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from brochure.layouts import patches
from brochure.pdf import gstate

MOVES = [(10.5, 20.25), (-0.0, 0.0), (0, 3), (1e-9, -2.5e7), (0.0000004, -0.0000004),
         (True, 2.0), (72.0, 700.125)]


def steps(canv: Canvas, translate, push) -> list:
    seen = []
    canv.rotate(30)  # a matrix with negative and non-integer terms
    for dx, dy in MOVES:
        push(canv)
        canv._code.append("q")
        translate(canv, dx, dy)
        translate(canv, dy, dx)  # right after a `cm`: merged into it, as ReportLab does
        canv.setFillColorRGB(0.2, 0.4, 0.6, 0.5)
        translate(canv, dx, dy)  # after another operator: a new `cm`
        saved = dict(canv.state_stack[-1])
        outer = saved.pop("_extgstate")
        seen.append((list(canv._code), canv._currentMatrix, saved, outer._d,
                     canv._extgstate._d, canv._extgstate._c is outer._c))
        canv.restoreState()
    seen.append((list(canv._code), canv._currentMatrix, canv._extgstate._d))
    return [repr(s) for s in seen]


def test_translate_and_saved_state_equal_reportlabs() -> None:
    patches.install()
    ours = steps(Canvas(io.BytesIO()), gstate.translate, gstate.push_state_stack)
    theirs = steps(Canvas(io.BytesIO()), lambda c, x, y: c.transform(1, 0, 0, 1, x, y),
                   gstate._rl_push_state_stack)
    assert ours == theirs
    made = "'1 0 0 1 30.75 30.75 cm', '.2 .4 .6 rg', '/gRLs0 gs', '1 0 0 1 10.5 20.25 cm'"
    assert made in ours[0]


@pytest.mark.parametrize("dx", [0.1, -3.0])
def test_a_canvas_with_its_own_transform_is_asked(dx) -> None:
    patches.install()
    calls = []

    class Own(Canvas):
        def transform(self, *args):
            calls.append(args)
            super().transform(*args)

    canv = Own(io.BytesIO())
    canv.saveState()
    canv.translate(dx, 2.0)
    assert calls == [(1, 0, 0, 1, dx, 2.0)]
