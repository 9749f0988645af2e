"""A small PDF that says it is Spanish."""

from pathlib import Path

import pikepdf


def make(ws: Path) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Lang = pikepdf.String("es")
    pdf.save(ws / "es.pdf")
