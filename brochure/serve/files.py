"""Which files the preview may serve: only inside a few workspace folders, never beyond.

A request path is taken apart into names; `..`, empty names, hidden names and absolute
paths are refused before the file system is asked, and the resolved file (symlinks
followed) must still be inside the folder it was asked from. Anything else is "not
found", so the server tells nothing about what lies outside.
"""

from __future__ import annotations

from pathlib import Path

SERVED = ("output", "assets")  # /files/<folder>/... : built files and pictures
SOURCES = ("content", "clinics")  # /source/... : the YAML a finding points into


def inside(root: Path, relative: str) -> Path | None:
    """The regular file `relative` names under `root`, or None when it is not one, or
    would leave `root` (by `..`, an absolute path or a symlink)."""
    if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    base = root.resolve()
    try:
        found = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if base not in found.parents or not found.is_file():
        return None
    return found


def served_file(workspace: Path, relative: str) -> Path | None:
    """A file under output/ or assets/ of the workspace, or None."""
    folder, _, rest = relative.partition("/")
    if folder not in SERVED:
        return None
    return inside(workspace / folder, rest)


def source_file(workspace: Path, relative: str) -> Path | None:
    """A YAML file under content/ or clinics/ (what findings point into), or None."""
    folder, _, rest = relative.partition("/")
    if folder not in SOURCES or not rest.endswith((".yaml", ".yml")):
        return None
    return inside(workspace / folder, rest)
