"""A Spanish translation still marked draft."""

from pathlib import Path


def make(ws: Path) -> None:
    folder = ws / "content" / "demo"
    text = (folder / "en.yaml").read_text(encoding="utf-8").replace("language: en", "language: es")
    text = text.replace("language: es", "language: es\ntranslation: {status: draft, source_revision: x}")
    (folder / "es.yaml").write_text(text, encoding="utf-8")
