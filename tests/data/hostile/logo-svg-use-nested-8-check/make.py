from pathlib import Path

from tests.hostile_makers import nested_use_svg, write_asset


def make(ws: Path) -> None:
    write_asset(ws, "logos/logo.svg", nested_use_svg())
