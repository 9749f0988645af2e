from pathlib import Path


def make(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace("More text.", "a" * 20_001))
