from pathlib import Path

from tests.hostile_makers import write_asset_bytes


def make(ws: Path) -> None:
    write_asset_bytes(ws, "illustrations/pic.png", b"")
