"""The page's stylesheet: CSS files in the package (data), with the theme's colours.

`edition.css` uses custom properties for every colour; they are set here from the
theme as branded for the clinic, so the HTML edition wears the same colours as the
PDF (whose contrast the profile loader has already checked). Dark mode keeps the
clinic's primary colour, lightened until it reads on the dark page.
"""

from __future__ import annotations

import re
from functools import cache

from brochure.clinic.contrast import ratio, rgb
from brochure.files import package_file
from brochure.story.styles import Theme

DARK_PAGE = "#121416"
WHITE = "#FFFFFF"


@cache
def _package_css(name: str) -> str:
    return package_file("brochure.html", name).read_text(encoding="utf-8")


def colour_values(theme: Theme) -> dict[str, str]:
    """Every custom property edition.css uses, from the (branded) theme."""
    c = theme.colors
    values = {
        "page": WHITE,
        "text": c.text,
        "muted": c.muted,
        "rule": c.rule,
        "accent": c.accent,
        "primary": c.primary,
        "link": c.primary,
        "summary-label": c.primary,
    }
    for kind, colours in theme.callouts.items():
        values[f"{kind}-tint"] = colours.tint
        values[f"{kind}-border"] = colours.border
        values[f"{kind}-title"] = colours.title
    values["primary-on-dark"] = on_dark(c.primary)
    return values


def on_dark(colour: str, minimum: float = 7.0) -> str:
    """`colour` mixed with white until it has `minimum` contrast on the dark page."""
    r, g, b = rgb(colour)
    for step in range(0, 101, 2):
        t = step / 100
        mixed = "#{:02X}{:02X}{:02X}".format(*(round(v + (255 - v) * t) for v in (r, g, b)))
        if ratio(mixed, DARK_PAGE) >= minimum:
            return mixed
    return WHITE


def stylesheet(theme: Theme) -> str:
    """The page's whole stylesheet: colours, the house style, dark mode and print."""
    values = colour_values(theme)
    root = ":root { color-scheme: light dark; " + " ".join(
        f"--{k}: {v};" for k, v in values.items()
    ) + " }"
    return "\n".join([
        root,
        _package_css("edition.css").strip(),
        "@media (prefers-color-scheme: dark) {\n" + _package_css("dark.css").strip() + "\n}",
        "@media print {\n" + _package_css("print.css").strip() + "\n}",
    ]) + "\n"


_VAR = re.compile(r"var\(--([a-z-]+)\)")


def email_stylesheet(theme: Theme) -> str:
    """Light-mode rules with every colour written out: mail clients know no custom
    properties, and inlined styles cannot hold media queries."""
    values = colour_values(theme)
    return _VAR.sub(lambda m: values[m.group(1)], _package_css("edition.css"))

