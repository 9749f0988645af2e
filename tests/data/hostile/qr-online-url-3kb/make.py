"""A clinic profile whose online_url is 3,000 characters long."""

from pathlib import Path


def make(ws: Path) -> None:
    url = "https://clinic.example/" + "a" * 2977
    (ws / "clinics").mkdir(exist_ok=True)
    (ws / "clinics" / "c.yaml").write_text(f"name: C\nonline_url: {url}\n", encoding="utf-8")
