from pathlib import Path

from tests.hostile_makers import nested_use_svg, write_asset


def make(ws: Path) -> None:
    write_asset(ws, "illustrations/pic.svg", nested_use_svg())
