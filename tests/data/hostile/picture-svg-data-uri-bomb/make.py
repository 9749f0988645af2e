from pathlib import Path


def svg() -> str:
    payload = "iVBORw0KGgo" * 150_000
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
            f'<image href="data:image/png;base64,{payload}" width="40" height="30"/></svg>')


def make(ws: Path) -> None:
    target = ws / "assets" / "illustrations/pic.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(svg(), encoding="utf-8")
