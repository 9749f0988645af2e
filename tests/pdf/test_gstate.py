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


def state(canv: Canvas, saved: object) -> dict:
    """A saved state as names and values (ours is a tuple, ReportLab's a dict)."""
    values = dict(zip(Canvas.STATE_ATTRIBUTES, saved, strict=True)) if isinstance(
        saved, tuple) else dict(saved)
    values["_extgstate"] = values["_extgstate"]._d
    return values


def now(canv: Canvas) -> dict:
    return state(canv, {name: getattr(canv, name) for name in Canvas.STATE_ATTRIBUTES})


def steps(canv: Canvas, translate, push, pop) -> list:
    seen = []
    canv.rotate(30)  # a matrix with negative and non-integer terms
    for dx, dy in MOVES:
        push(canv)
        canv._code.append("q")
        translate(canv, dx, dy)
        translate(canv, dy, dx)  # right after a `cm`: merged into it, as ReportLab does
        canv.setFillColorRGB(0.2, 0.4, 0.6, 0.5)
        translate(canv, dx, dy)  # after another operator: a new `cm`
        outer = canv.state_stack[-1]
        outer = outer[-1] if isinstance(outer, tuple) else outer["_extgstate"]
        seen.append((list(canv._code), now(canv), state(canv, canv.state_stack[-1]),
                     canv._extgstate._c is outer._c))
        canv._code.append("Q")
        pop(canv)
        seen.append(now(canv))
    seen.append(list(canv._code))
    return [repr(s) for s in seen]


def test_translate_and_saved_state_equal_reportlabs() -> None:
    patches.install()
    ours = steps(Canvas(io.BytesIO()), gstate.translate, gstate.push_state_stack,
                 gstate.pop_state_stack)
    theirs = steps(Canvas(io.BytesIO()), lambda c, x, y: c.transform(1, 0, 0, 1, x, y),
                   gstate._rl_push_state_stack, lambda c: c.__dict__.update(c.state_stack.pop()))
    assert Canvas.STATE_ATTRIBUTES[-1] == "_extgstate"
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
