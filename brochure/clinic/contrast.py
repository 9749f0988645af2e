"""WCAG 2 contrast ratios, so brand colours can never make text hard to read.

Stdlib only: the maths of WCAG 2.x "relative luminance" and "contrast ratio".
"""

from __future__ import annotations

NORMAL_TEXT = 4.5  # WCAG 1.4.3 AA for text under 18 pt (14 pt bold)
LARGE_TEXT = 3.0  # WCAG 1.4.3 AA for text of 18 pt and more (14 pt bold and more)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """`#RRGGBB` → (r, g, b); the model has already checked the form."""
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (_channel(v) for v in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(foreground: str, background: str) -> float:
    """The WCAG contrast ratio, from 1 (none) to 21 (black on white); order does not matter."""
    a, b = luminance(foreground), luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def is_large(size_pt: float, bold: bool) -> bool:
    """WCAG's 'large text': at least 18 pt, or 14 pt when bold."""
    return size_pt >= 18 or (bold and size_pt >= 14)
