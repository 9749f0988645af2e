from pathlib import Path


def svg() -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">' + "<g>" * 200
            + '<rect width="4" height="3"/>' + "</g>" * 200 + "</svg>")


def make(ws: Path) -> None:
    target = ws / "assets" / "illustrations/pic.svg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(svg(), encoding="utf-8")
