from pathlib import Path


def make(ws: Path) -> None:
    brochure = ws / "content" / "demo" / "brochure.yaml"
    nested = "".join("  " * k + f"k{k}:\n" for k in range(1000)) + "  " * 1000 + "x\n"
    brochure.write_text(brochure.read_text() + nested)
