from pathlib import Path


def make(ws: Path) -> None:
    import os

    en = ws / "content" / "demo" / "en.yaml"
    os.truncate(en, 3 * 1024**3)
