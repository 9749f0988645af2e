"""Pictures (logos, illustrations: PNG, JPEG or SVG) as flowables that scale into their box.

SVG is read with svglib into a vector ReportLab drawing, so a logo stays sharp in print.
Text inside an SVG would be set in a non-embedded base-14 font: draw logos as shapes
(or convert text to outlines) and let the brochure typeset the clinic's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.utils import ImageReader
from reportlab.platypus.flowables import Flowable

from brochure.content.assets import picture_problem

if TYPE_CHECKING:  # SVG drawings: story.vector, imported by the first SVG read
    from reportlab.graphics.shapes import Drawing

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
        from brochure.story.vector import read_svg

        return read_svg(path)
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
        if isinstance(source, ImageReader):
            self.natural = tuple(float(v) for v in source.getSize())
        else:  # a vector drawing
            self.natural = (float(source.width), float(source.height))
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
        if isinstance(self.source, ImageReader):
            canv.drawImage(self._image(w, self.height), x, 0, w, self.height, mask="auto")
        else:  # a vector drawing (story.vector)
            from brochure.story.vector import draw_vector

            canv.saveState()
            canv.translate(x, 0)
            canv.scale(self.scale, self.scale)
            draw_vector(self.source, canv)
            canv.restoreState()

    def _image(self, width: float, height: float) -> ImageReader:
        dpi = _MAX_DPI.get()
        if dpi is None:
            return self.source
        key = (round(width, 2), round(height, 2), dpi)
        if getattr(self, "_resampled", (None,))[0] != key:  # layouts may draw a copy twice
            self._resampled = (key, resampled(self.source, width, height, dpi))
        return self._resampled[1]
