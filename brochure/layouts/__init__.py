"""Page layouts: how a story of flowables becomes pages (handout; fold layouts to come).

Each layout is a function `(story, page) -> bytes` registered in `LAYOUTS`.
"""

from __future__ import annotations

from .common import PAPERS, PageSetup
from .handout import build_handout

LAYOUTS = {"handout": build_handout}

__all__ = ["LAYOUTS", "PAPERS", "PageSetup"]
