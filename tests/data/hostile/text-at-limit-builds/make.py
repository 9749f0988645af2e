from pathlib import Path


def make(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    text = ("Rest well and drink water. " * 741)[:19_999] + "."
    en.write_text(en.read_text().replace("More text.", text))
