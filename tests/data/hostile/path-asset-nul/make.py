"""An illustration whose asset path holds a NUL (written as a YAML escape)."""

from pathlib import Path

BLOCK = """
      - illustration:
          id: nul
          description: A picture.
          alt: A picture.
          asset: "illustrations/a\\0b.png"
"""


def make(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    marker = "    blocks:\n"
    at = text.index(marker) + len(marker)
    en.write_text(text[:at] + BLOCK.lstrip("\n") + text[at:], encoding="utf-8")
