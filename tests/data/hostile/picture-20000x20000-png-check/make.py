from pathlib import Path

from tests.hostile_makers import huge_png, write_asset_bytes


def make(ws: Path) -> None:
    write_asset_bytes(ws, "illustrations/pic.png", huge_png(20000, 20000))
