from pathlib import Path


def make(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    text = "[" * 4_000 + "](" + "x" * 5_000
    en.write_text(en.read_text().replace("More text.", '"' + text + '"'))
