from pathlib import Path


def make(ws: Path) -> None:
    path = ws / "content" / "demo" / "brochure.yaml"
    text = path.read_text()
    path.write_text(text + "#" * (2_000_001 - len(text.encode()) - 1) + "\n")
