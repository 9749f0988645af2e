"""SVG pictures as ReportLab vector drawings: read with svglib, drawn without a font.

Kept apart from `pictures` so that ReportLab's graphics package (shapes, renderers: ~1.5 ms
of a cold start) is imported by the first SVG read, not by every build.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String


def read_svg(path: Path) -> Drawing:
    """The SVG file as a drawing; ValueError if it has no size or contains text."""
    logging.getLogger("svglib").setLevel(logging.CRITICAL)  # we report failures ourselves
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(str(path), external_reference_root=str(path.parent))
    if drawing is None or not all(
        math.isfinite(v) and v > 0 for v in (drawing.width or 0, drawing.height or 0)
    ):
        raise ValueError("not a valid SVG drawing with a width and height")
    if _has_text(drawing):
        raise ValueError(
            "the SVG contains text, which would print in a font that is not embedded; "
            "convert the text to outlines (paths)"
        )
    return drawing


class _TextlessRenderer(renderPDF._PDFRenderer):
    """ReportLab's PDF renderer, minus the font it sets before every drawing.

    A drawing starts by selecting the base-14 Helvetica even when it has no text; PDF/A
    forbids a font that is not embedded, so `--pdfa` with an SVG logo failed.
    """

    def applyStateChanges(self, delta, newState):
        delta = {k: v for k, v in delta.items() if k not in ("fontName", "fontSize")}
        super().applyStateChanges(delta, newState)


def _has_text(node) -> bool:
    if isinstance(node, String):
        return True
    return any(_has_text(child) for child in getattr(node, "contents", ()))


def draw_vector(drawing: Drawing, canv) -> None:
    """Draw a vector drawing at the origin; one without text selects no font."""
    renderer = renderPDF._PDFRenderer() if _has_text(drawing) else _TextlessRenderer()
    renderer.draw(renderPDF.renderScaledDrawing(drawing), canv, 0, 0)
