"""Pictures (logos, illustrations: PNG, JPEG or SVG) as flowables that scale into their box.

SVG is read with svglib into a vector ReportLab drawing, so a logo stays sharp in print.
Text inside an SVG would be set in a non-embedded base-14 font: draw logos as shapes
(or convert text to outlines) and let the brochure typeset the clinic's name.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from brochure.content.assets import picture_problem

# Set for one build (the email edition): raster pictures are resampled to at most this many
# pixels per inch of their printed size, so an emailed PDF stays small. None: as in the file.
_MAX_DPI: ContextVar[float | None] = ContextVar("max_image_dpi", default=None)


@contextmanager
def image_resolution(dpi: float | None) -> Iterator[None]:
    """Draw raster pictures at no more than `dpi` at their printed size while active."""
    token = _MAX_DPI.set(dpi)
    try:
        yield
    finally:
        _MAX_DPI.reset(token)


def resampled(reader: ImageReader, width: float, height: float, dpi: float) -> ImageReader:
    """The image at no more than `dpi` for a `width` × `height` pt box (JPEG stays JPEG)."""
    from PIL import Image  # only for an emailed PDF with raster pictures

    image = reader._image
    target = (max(1, round(width / 72 * dpi)), max(1, round(height / 72 * dpi)))
    if image.size[0] <= target[0] and image.size[1] <= target[1]:
        return reader
    jpeg = getattr(image, "format", None) == "JPEG"
    if image.mode not in ("RGB", "RGBA", "L", "LA", "CMYK"):
        image = image.convert("RGBA")
    small = image.resize(target, Image.Resampling.LANCZOS)
    if jpeg and small.mode in ("RGB", "L", "CMYK"):
        buffer = BytesIO()
        small.save(buffer, "JPEG", quality=85, optimize=True)
        buffer.seek(0)
        return ImageReader(buffer)
    return ImageReader(small)


def read_picture(path: Path) -> Drawing | ImageReader:
    """The picture as a drawing (SVG) or image reader; ValueError if it cannot be used."""
    why = picture_problem(path)
    if why:
        raise ValueError(why)
    if path.suffix.lower() == ".svg":
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
    return ImageReader(str(path))


class Picture(Flowable):
    """A picture scaled to fit `max_width` × `max_height` (and the frame), keeping its shape.

    Aligned to the reading-start side: left, or right for right-to-left languages.
    """

    def __init__(
        self,
        source: Drawing | ImageReader,
        max_width: float,
        max_height: float,
        rtl: bool = False,
        centred: bool = False,
        shrink_floor: float = 1.0,
    ):
        super().__init__()
        self.source, self.max_width, self.max_height = source, max_width, max_height
        self.rtl, self.centred = rtl, centred
        # Shrinks to the room left on a page, down to this share of its full size,
        # before it moves on (a picture that jumps to the next page leaves a hole).
        self.shrink_floor = shrink_floor
        if isinstance(source, Drawing):
            self.natural = (float(source.width), float(source.height))
        else:
            self.natural = tuple(float(v) for v in source.getSize())
        self.scale = 1.0
        self.avail = 0.0

    def wrap(self, availWidth, availHeight):
        w, h = self.natural
        full = min(min(self.max_width, availWidth) / w, self.max_height / h)
        room = max(availHeight, 0.0) / h
        self.scale = min(full, max(room, full * self.shrink_floor))
        self.avail = availWidth
        self.width, self.height = availWidth, h * self.scale
        return self.width, self.height

    @property
    def drawn_width(self) -> float:
        return self.natural[0] * self.scale

    def draw(self) -> None:
        w = self.drawn_width
        if self.centred:
            x = (self.avail - w) / 2
        else:
            x = self.avail - w if self.rtl else 0.0
        canv = self.canv
        if isinstance(self.source, Drawing):
            canv.saveState()
            canv.translate(x, 0)
            canv.scale(self.scale, self.scale)
            draw_vector(self.source, canv)
            canv.restoreState()
        else:
            canv.drawImage(self._image(w, self.height), x, 0, w, self.height, mask="auto")

    def _image(self, width: float, height: float) -> ImageReader:
        dpi = _MAX_DPI.get()
        if dpi is None:
            return self.source
        key = (round(width, 2), round(height, 2), dpi)
        if getattr(self, "_resampled", (None,))[0] != key:  # layouts may draw a copy twice
            self._resampled = (key, resampled(self.source, width, height, dpi))
        return self._resampled[1]


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
