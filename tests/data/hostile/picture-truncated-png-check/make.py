from pathlib import Path

from tests.hostile_makers import picture_bytes, write_asset_bytes


def make(ws: Path) -> None:
    write_asset_bytes(ws, "illustrations/pic.png", picture_bytes()[:60])
