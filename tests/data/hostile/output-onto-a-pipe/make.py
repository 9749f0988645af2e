"""A named pipe where the PDF would go: not a regular file."""

import os
from pathlib import Path


def make(ws: Path) -> None:
    os.mkfifo(ws / "pipe.pdf")
