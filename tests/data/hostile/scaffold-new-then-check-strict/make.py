"""`brochure new knee` run first, as an author would."""

import datetime as dt
from pathlib import Path

from brochure.workflow.scaffold import new_brochure


def make(ws: Path) -> None:
    new_brochure(ws, "knee", today=dt.date(2026, 1, 15))
