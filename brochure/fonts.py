"""Fonts: which embedded TrueType font draws which character, per language.

INTERFACE SKELETON — being implemented. The contract below is what the rest of the
package codes against; keep it stable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FontFamily:
    """One typeface in four faces, each registered with ReportLab under its own name.

    `registerFontFamily(name, ...)` has been called, so `<b>`/`<i>` inside a
    `<font name=...>` tag in a Paragraph pick the right face.
    """

    name: str                 # family name, e.g. "BrochureLatin"
    regular: str              # ReportLab font names of the four faces
    bold: str
    italic: str
    bold_italic: str
    paths: dict[str, Path]    # face ("regular", "bold", "italic", "bold_italic") -> TTF file
    rtl: bool = False         # the script is written right to left (Arabic, Hebrew, ...)

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The ReportLab font name for a face."""
        raise NotImplementedError


class FontSet:
    """The fonts one language's brochure uses: a body family and per-script fallbacks."""

    body: FontFamily

    def prepare(self, text: str) -> None:
        """Make sure every character of `text` can be drawn (may build cached subsets)."""
        raise NotImplementedError

    def runs(self, text: str) -> list[tuple[str, FontFamily]]:
        """Split text into maximal runs, each drawn by the first family that has all its
        characters: the body family first, then the fallbacks."""
        raise NotImplementedError

    def missing(self, text: str) -> list[str]:
        """Characters of text that no configured font can draw, in order, no repeats."""
        raise NotImplementedError


def fontset_for(lang: str, progress: Callable[[str], None] | None = None) -> FontSet:
    """The (per-process cached) font set for a BCP 47 language tag."""
    raise NotImplementedError
