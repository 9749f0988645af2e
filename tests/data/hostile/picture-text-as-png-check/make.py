from pathlib import Path

from tests.hostile_makers import write_asset


def make(ws: Path) -> None:
    write_asset(ws, "illustrations/pic.png", "just some text, not a picture")
