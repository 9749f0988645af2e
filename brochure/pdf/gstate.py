"""The canvas steps around every flowable platypus draws, in fewer Python steps.

`Flowable.drawOn` wraps each drawing in `q`, `1 0 0 1 x y cm` ... `Q`: two hundred
times in a warm handout build. ReportLab's `push_state_stack` (under `saveState`) copies
the state attribute by attribute into a dict, by names that are not interned (each
lookup compares the strings), and makes a new graphics-state record through its
constructor; `translate` goes through the general `transform`, formatting six numbers
each time. These replacements (`layouts.patches`) take the same steps with the same
results, to the bit: the same state restored (saved as a tuple of the values, in
`STATE_ATTRIBUTES` order, taken in one step), the same matrix (the same arithmetic),
the same operator text; a move's `cm` operator is formatted once per process for each
(x, y) met before (equal numbers format alike: `fp_str(-0.0)` is "0" too).
"""

from __future__ import annotations

import operator
import sys
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas, ExtGState

_rl_push_state_stack = Canvas.push_state_stack
_rl_transform = Canvas.transform
_RL_NAMES = Canvas.STATE_ATTRIBUTES
_NAMES = tuple(map(sys.intern, _RL_NAMES))  # as the attributes' own names: found by identity
_state_of = operator.itemgetter(*_NAMES)


def push_state_stack(self: Canvas) -> None:
    """`Canvas.push_state_stack`: the state saved in one step (a tuple)."""
    if self.STATE_ATTRIBUTES is not _RL_NAMES or type(self._extgstate) is not ExtGState:
        _rl_push_state_stack(self)  # a dict, as ReportLab saves it
        return
    self.state_stack.append(_state_of(self.__dict__))
    now = self._extgstate
    copy = ExtGState.__new__(ExtGState)  # `ExtGState.pushCopy` without the constructor
    copy._d = now._d.copy()
    copy._c = now._c
    self._extgstate = copy


def pop_state_stack(self: Canvas) -> None:
    """`Canvas.pop_state_stack`: the state saved last put back (a tuple of ours, or
    ReportLab's dict)."""
    state = self.state_stack.pop()
    if type(state) is tuple:
        self.__dict__.update(zip(_NAMES, state, strict=True))
    else:
        self.__dict__.update(state)


_MOVES: dict[tuple[float, float], str] = {}
_MAX_MOVES = 8_192


def translate(self: Canvas, dx: Any, dy: Any) -> None:
    """`Canvas.translate`: `transform(1, 0, 0, 1, dx, dy)` without its general steps
    when it appends a new `cm` (not when it would merge into the one before, nor on a
    canvas with a `transform` of its own)."""
    code = self._code
    if (not rl_canvas.ENABLE_TRACKING or (code and code[-1][-3:] == " cm")
            or type(self).transform is not _rl_transform):
        self.transform(1, 0, 0, 1, dx, dy)
        return
    a0, b0, c0, d0, e0, f0 = self._currentMatrix
    self._currentMatrix = (a0 * 1 + c0 * 0, b0 * 1 + d0 * 0,
                           a0 * 0 + c0 * 1, b0 * 0 + d0 * 1,
                           a0 * dx + c0 * dy + e0, b0 * dx + d0 * dy + f0)
    if type(dx) is not float or type(dy) is not float:
        code.append(f"{fp_str(1, 0, 0, 1, dx, dy)} cm")
        return
    move = _MOVES.get((dx, dy))
    if move is None:
        move = f"{fp_str(1, 0, 0, 1, dx, dy)} cm"
        if len(_MOVES) < _MAX_MOVES:
            _MOVES[dx, dy] = move
    code.append(move)
