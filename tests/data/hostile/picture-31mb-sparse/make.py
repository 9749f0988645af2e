from pathlib import Path


def make(ws: Path) -> None:
    import os

    path = ws / "assets" / "illustrations" / "pic.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    os.truncate(path, 31_000_000)
