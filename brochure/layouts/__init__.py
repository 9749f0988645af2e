"""Page layouts: how a story of flowables becomes pages (handout, bi-fold booklet, tri-fold).

One `Layout` record per layout says everything the rest of the program asks about it:
how to build it, where it folds, whether it can grow, whether its pages are imposed on
print sheets, whether large print fits, its display name and how `preview` shows it.
A fixed-size layout raises `Overflow` (layouts/flow.py) when the content does not fit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brochure.layouts import bifold, trifold
from brochure.layouts.common import PAPERS, PageSetup
from brochure.layouts.flow import Overflow
from brochure.layouts.handout import build_handout

# (pdf, tags, setup) -> (pdf, tags): booklet pages placed on print sheets, the structure
# tree moved with them (pdf/impose.py).
Imposer = Callable[..., tuple[bytes, object]]


def _no_folds(paper: str, rtl: bool = False) -> list[list[float]]:
    return []


@dataclass(frozen=True)
class Layout:
    """One layout, described once."""

    name: str  # as typed after --layout and in file names
    display: str  # as a sentence names it ("the tri-fold")
    build: Callable[..., bytes]  # (story, setup) -> PDF bytes
    folds: Callable[[str, bool], list[list[float]]]  # (paper, rtl) -> fold x per page
    fixed_size: bool = False  # cannot grow: overflow is an error and --fit applies
    impose: Imposer | None = None  # pages onto print sheets afterwards
    large_print: bool = True  # 18 pt text fits its columns
    box: str = "page"  # what the box check calls the frame text must stay in
    preview: str = "pages"  # pages | folded (panels in reading order) | booklet


DEFAULT_LAYOUT = "handout"

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("handout", "handout", build_handout, _no_folds),
        Layout(
            "bifold", "bi-fold booklet", bifold.build_booklet, bifold.folds,
            impose=bifold.impose_booklet, preview="booklet",
        ),
        Layout(
            "trifold", "tri-fold", trifold.build_trifold, trifold.folds, fixed_size=True,
            large_print=False, box="panel", preview="folded",
        ),
    )
}

LARGE_PRINT_LAYOUTS = [name for name, layout in LAYOUTS.items() if layout.large_print]


def large_print_refusal(layout: str) -> str:
    """Why `layout` cannot take --large-print, and what can."""
    can = " or ".join(f"--layout {name}" for name in LARGE_PRINT_LAYOUTS)
    return (
        f"large print is for the {' and '.join(LARGE_PRINT_LAYOUTS)} layouts: a "
        f"{LAYOUTS[layout].display} panel is too narrow for 18 pt text; use {can}"
    )


__all__ = ["DEFAULT_LAYOUT", "LAYOUTS", "PAPERS", "Layout", "Overflow", "PageSetup",
           "large_print_refusal"]
