import shutil
from pathlib import Path


def make(ws: Path) -> None:
    """A second brochure, `bad`: the demo with a PNG cut short."""
    bad = ws / "content" / "bad"
    shutil.copytree(ws / "content" / "demo", bad)
    brochure = bad / "brochure.yaml"
    brochure.write_text(brochure.read_text().replace("id: demo", "id: bad"))
    (bad / "en.yaml").write_text((bad / "en.yaml").read_text().replace(
        "      - bullets: [One, Two]\n",
        "      - bullets: [One, Two]\n      - illustration: {id: pic, description: A drawing.,"
        " alt: A drawing., asset: illustrations/pic.png}\n"))
    (ws / "assets" / "illustrations" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0")
