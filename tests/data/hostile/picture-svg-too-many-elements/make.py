from pathlib import Path


def svg() -> str:
    rects = '<rect width="1" height="1"/>' * 60_000
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">{rects}</svg>'


def make(ws: Path) -> None:
    target = ws / "assets" / "illustrations/pic.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(svg(), encoding="utf-8")
