"""Page layouts: how a story of flowables becomes pages (handout, bi-fold booklet, tri-fold).

Each layout is a function `(story, page) -> bytes` registered in `LAYOUTS`; `FOLDS`
gives the fold positions of each page for printer's marks. A fixed-size layout raises
`Overflow` (layouts/flow.py) when the content does not fit.
"""

from __future__ import annotations

from collections.abc import Callable

from brochure.layouts import bifold, trifold
from brochure.layouts.common import PAPERS, PageSetup
from brochure.layouts.flow import Overflow
from brochure.layouts.handout import build_handout

LAYOUTS = {
    "handout": build_handout,
    "bifold": bifold.build_booklet,
    "trifold": trifold.build_trifold,
}

# Fold x positions per page (cycled): (paper, rtl) -> [[x, ...] for each page]
FOLDS: dict[str, Callable[[str, bool], list[list[float]]]] = {
    "handout": lambda paper, rtl: [],
    "bifold": bifold.folds,
    "trifold": trifold.folds,
}

FIXED_SIZE = {"trifold"}  # layouts that cannot grow: overflow is an error, --fit applies
# Layouts whose pages are then placed on print sheets: (pdf, tags, setup) -> (pdf, tags),
# the structure tree moved with the pages (pdf/impose.py).
IMPOSED = {"bifold": bifold.impose_booklet}

__all__ = ["FIXED_SIZE", "FOLDS", "IMPOSED", "LAYOUTS", "PAPERS", "Overflow", "PageSetup"]
