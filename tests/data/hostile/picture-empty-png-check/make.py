import io
from pathlib import Path

from PIL import Image


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def make(ws: Path) -> None:
    target = ws / "assets" / "illustrations/pic.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b'')
