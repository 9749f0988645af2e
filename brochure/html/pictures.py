"""Pictures embedded in the page as data URIs, resampled for screens.

A screen needs far fewer pixels than print: a raster picture is cut to at most
`SCREEN_WIDTH` pixels wide (twice a phone's CSS width, for sharp text on dense
screens). SVG is embedded as written; inside an <img> it can neither run script nor
fetch anything.
"""

from __future__ import annotations

import base64
from io import BytesIO
from pathlib import Path

from PIL import Image

from brochure.records import record

SCREEN_WIDTH = 1200
MAX_PIXELS = 25_000_000


@record(frozen=True)
class Embedded:
    """A picture ready for <img>: its data URI and size in pixels (for width/height)."""

    uri: str
    width: int
    height: int


def embed(path: Path) -> Embedded:
    """The picture at `path` as a data URI; ValueError when it cannot be used."""
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        width, height = _svg_size(path)
        return Embedded(_uri("image/svg+xml", data), width, height)
    try:
        image = Image.open(BytesIO(data))
        image.load()
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"cannot read the picture: {exc}") from None
    if image.width * image.height > MAX_PIXELS:
        raise ValueError(f"image is {image.width}×{image.height} pixels; use one under 25 MP")
    jpeg = image.format == "JPEG"
    if image.width > SCREEN_WIDTH:
        height = max(1, round(image.height * SCREEN_WIDTH / image.width))
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA" if not jpeg else "RGB")
        image = image.resize((SCREEN_WIDTH, height), Image.Resampling.LANCZOS)
    elif not jpeg and image.format == "PNG":
        return Embedded(_uri("image/png", data), image.width, image.height)
    elif jpeg:
        return Embedded(_uri("image/jpeg", data), image.width, image.height)
    buffer = BytesIO()
    if jpeg and image.mode in ("RGB", "L"):
        image.save(buffer, "JPEG", quality=85, optimize=True)
        mime = "image/jpeg"
    else:
        image.save(buffer, "PNG", optimize=True)
        mime = "image/png"
    return Embedded(_uri(mime, buffer.getvalue()), image.width, image.height)


def _uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _svg_size(path: Path) -> tuple[int, int]:
    """The SVG's own size in CSS pixels (via svglib, as the PDF reads it)."""
    from brochure.story.pictures import read_picture

    drawing = read_picture(path)
    return max(1, round(drawing.width * 4 / 3)), max(1, round(drawing.height * 4 / 3))
