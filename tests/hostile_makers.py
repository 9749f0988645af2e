"""Inputs the hostile corpus's `make.py` files generate (tests/data/hostile/*/make.py)."""

from __future__ import annotations

from pathlib import Path


def nested_use_svg(depth: int = 8, fan_out: int = 10) -> str:
    """An SVG whose `<use>` elements nest `depth` deep, each level `fan_out` wide: tiny on
    disk, fan_out ** depth shapes once expanded (a 'billion laughs' of vector graphics)."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"'
             ' xmlns:xlink="http://www.w3.org/1999/xlink"><defs>',
             '<rect id="u0" width="4" height="3"/>']
    for level in range(1, depth + 1):
        uses = "".join(f'<use xlink:href="#u{level - 1}"/>' for _ in range(fan_out))
        parts.append(f'<g id="u{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#u{depth}"/></svg>')
    return "".join(parts)


def write_asset(ws: Path, relative: str, text: str) -> None:
    """A text file under the workspace's assets/ folder."""
    target = ws / "assets" / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
