import io
from pathlib import Path

from PIL import Image


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def make(ws: Path) -> None:
    target = ws / "assets" / "illustrations/pic.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    Image.new('RGB', (64, 64)).save(buf, 'JPEG')
    target.write_bytes(buf.getvalue()[:200])
