"""Measuring builds: a layout that tries settings before its real build (a booklet its
spacings) needs only where the pages break and how full the last one is.

Laying out is wrapping and splitting; drawing and writing the PDF add nothing to it,
and were most of a booklet's build (five measuring builds drew and saved every page).
On a `MeasuringCanvas` flowables are not drawn (`measured_draw_on`, installed by
`layouts.patches`) and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from brochure.pdf.tagging import tagged_draw_on


class MeasuringCanvas(Canvas):
    """A canvas for measuring builds: flowables are laid out on it, never drawn."""

    measuring = True

    def save(self) -> None:
        """Nothing to write: a measuring build's bytes are never used."""


def measured_draw_on(self: Flowable, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
    """`Flowable.drawOn` (tagged, see `pdf.tagging`), skipped on a measuring canvas."""
    if getattr(canvas, "measuring", False):
        return
    tagged_draw_on(self, canvas, x, y, _sW)
