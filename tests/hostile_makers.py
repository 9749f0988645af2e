"""Inputs the hostile corpus's `make.py` files generate (tests/data/hostile/*/make.py)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image


def nested_use_svg(depth: int = 8, fan_out: int = 10) -> str:
    """An SVG whose `<use>` elements nest `depth` deep, each level `fan_out` wide: tiny on
    disk, fan_out ** depth shapes once expanded (a 'billion laughs' of vector graphics)."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"'
             ' xmlns:xlink="http://www.w3.org/1999/xlink"><defs>',
             '<rect id="u0" width="4" height="3"/>']
    for level in range(1, depth + 1):
        uses = "".join(f'<use xlink:href="#u{level - 1}"/>' for _ in range(fan_out))
        parts.append(f'<g id="u{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#u{depth}"/></svg>')
    return "".join(parts)


def write_asset(ws: Path, relative: str, text: str) -> None:
    """A text file under the workspace's assets/ folder."""
    target = ws / "assets" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def write_asset_bytes(ws: Path, relative: str, data: bytes) -> None:
    """A binary file under the workspace's assets/ folder."""
    target = ws / "assets" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height; its pixel data is one compressed row."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(b"\0" * (width + 1))) + _chunk(b"IEND", b""))


def picture_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    """A small, valid picture file's bytes (cut it short for a truncated one)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, kind)
    return buffer.getvalue()
