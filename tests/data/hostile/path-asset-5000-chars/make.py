"""An illustration whose asset path is 5,000 characters long."""

from pathlib import Path

BLOCK = """
      - illustration:
          id: nul
          description: A picture.
          alt: A picture.
          asset: "illustrations/{long}.png"
"""


def make(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    text = en.read_text(encoding="utf-8")
    marker = "    blocks:\n"
    at = text.index(marker) + len(marker)
    block = BLOCK.replace("{long}", "x" * 4980).lstrip("\n")
    en.write_text(text[:at] + block + text[at:], encoding="utf-8")
