"""A Spanish translation still marked draft."""

from pathlib import Path

DRAFT = "language: es\ntranslation: {status: draft, source_revision: x}"


def make(ws: Path) -> None:
    folder = ws / "content" / "demo"
    text = (folder / "en.yaml").read_text(encoding="utf-8")
    (folder / "es.yaml").write_text(text.replace("language: en", DRAFT), encoding="utf-8")
