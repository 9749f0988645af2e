from pathlib import Path


def svg() -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"'
             ' xmlns:xlink="http://www.w3.org/1999/xlink"><defs>',
             '<rect id="u0" width="4" height="3"/>']
    for level in range(1, 9):
        uses = "".join(f'<use xlink:href="#u{level - 1}"/>' for _ in range(10))
        parts.append(f'<g id="u{level}">{uses}</g>')
    parts.append('</defs><use xlink:href="#u8"/></svg>')
    return "".join(parts)


def make(ws: Path) -> None:
    target = ws / "assets" / "logos/logo.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(svg(), encoding="utf-8")
