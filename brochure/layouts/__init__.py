"""Page layouts: how a story of flowables becomes pages (handout, bi-fold booklet, tri-fold).

One `Layout` record per layout says everything the rest of the program asks about it:
how to build it, where it folds, whether it can grow, whether its pages are imposed on
print sheets, whether large print fits, its display name and how `preview` shows it.
A fixed-size layout raises `Overflow` (layouts/flow.py) when the content does not fit.

Naming layouts and papers costs nothing: the records point at their functions by name
and import the layout's module (ReportLab; pikepdf for the booklet) on the first call,
and `Overflow` and `PageSetup` load on first use, so `brochure --help` never pays for
the build stack. The first call also installs our changes to ReportLab (layouts/patches.py), once.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from brochure.layouts.sizes import PAPERS
from brochure.records import record

# (pdf, tags, setup) -> (pdf, tags): booklet pages placed on print sheets, the structure
# tree moved with them (pdf/impose.py).
Imposer = Callable[..., tuple[bytes, object]]


def _on_call(module: str, name: str) -> Callable:
    """`brochure.layouts.<module>.<name>`, imported when first called."""

    def call(*args, **kwargs):
        import_module("brochure.layouts.patches").install()  # ReportLab as layouts need it
        return getattr(import_module(f"brochure.layouts.{module}"), name)(*args, **kwargs)

    call.__qualname__ = call.__name__ = f"{module}.{name}"
    return call


def _no_folds(paper: str, rtl: bool = False) -> list[list[float]]:
    return []


@record(frozen=True)
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
        Layout("handout", "handout", _on_call("handout", "build_handout"), _no_folds),
        Layout(
            "bifold", "bi-fold booklet", _on_call("bifold", "build_booklet"),
            _on_call("bifold", "folds"), impose=_on_call("bifold", "impose_booklet"),
            preview="booklet",
        ),
        Layout(
            "trifold", "tri-fold", _on_call("trifold", "build_trifold"),
            _on_call("trifold", "folds"), fixed_size=True, large_print=False, box="panel",
            preview="folded",
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


_ON_USE = {"Overflow": "flow", "PageSetup": "common"}


def __getattr__(name: str):
    """`Overflow` and `PageSetup` (ReportLab), imported the first time they are asked for."""
    if name not in _ON_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"brochure.layouts.{_ON_USE[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["DEFAULT_LAYOUT", "LAYOUTS", "PAPERS", "Layout", "Overflow", "PageSetup",
           "large_print_refusal"]
