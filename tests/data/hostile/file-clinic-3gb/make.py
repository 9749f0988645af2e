from pathlib import Path


def make(ws: Path) -> None:
    import os

    path = ws / "clinics" / "big.yaml"
    path.parent.mkdir()
    path.write_text("name: Big\n")
    os.truncate(path, 3 * 1024**3)
