"""Clinic profiles: load one, check what the model cannot (logo, links, colour contrast).

A profile changes how a brochure looks, so everything it could break is checked at load
time with FILE:LINE:COL positions: a missing or unreadable logo, a link that is not a
web address, and any text/background colour pair below WCAG contrast.
"""

from __future__ import annotations

import re
from pathlib import Path

from brochure.clinic.contrast import LARGE_TEXT, NORMAL_TEXT, ratio
from brochure.content.assets import picture_problem
from brochure.content.limits import limits
from brochure.content.loader import resolve_asset
from brochure.content.markup import check_url
from brochure.content.model import Clinic
from brochure.content.validation import validate
from brochure.content.yamlnodes import YamlDoc, read_yaml
from brochure.errors import BrochureError, Problem
from brochure.records import record
from brochure.story.pictures import read_picture
from brochure.story.styles import Theme, load_theme

LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")
WHITE = "#FFFFFF"


@record(frozen=True)
class ColourPair:
    """A text colour on a background that a branded brochure prints, and what it is for."""

    text_key: str  # theme colour name of the text ("primary", "text", "white")
    background_key: str  # theme colour name of the background ("page", "accent", "primary")
    use: str
    minimum: float


# Every pair the clinic's `primary` and `accent` colours take part in (see blocks.py and
# branding.py): links are body-size text, so `primary` on the page needs 4.5:1.
PAIRS = (
    ColourPair("primary", "page", "headings, links and rules on the page", NORMAL_TEXT),
    ColourPair("text", "accent", "body text in the summary box and info callouts", NORMAL_TEXT),
    ColourPair("primary", "accent", "the summary label and info callout titles", NORMAL_TEXT),
    ColourPair("white", "primary", "step numbers (large bold text) in primary discs", LARGE_TEXT),
    *(
        ColourPair("primary", f"callout:{kind}", f"links in {kind} callouts", NORMAL_TEXT)
        for kind in ("key-facts", "tip", "warning")
    ),
)


def brand_theme(theme: Theme, clinic: Clinic | None) -> Theme:
    """The house theme in the clinic's colours: headings, rules, summary box, info callouts.

    Warning, tip and key-facts callouts keep their house colours: their colour means
    something (red for a warning) that a brand must not change.
    """
    if clinic is None or clinic.colors is None:
        return theme
    primary, accent = clinic.colors.primary, clinic.colors.accent
    themed = theme.with_colours(primary, accent)
    info = themed.callouts["info"].model_copy(
        update={
            k: v
            for k, v in (("tint", accent), ("border", primary), ("title", primary))
            if v is not None
        }
    )
    return themed.model_copy(update={"callouts": {**themed.callouts, "info": info}})


def _colour_value(theme: Theme, key: str) -> str:
    if key == "page" or key == "white":
        return WHITE
    if key.startswith("callout:"):
        return theme.callouts[key.split(":", 1)[1]].tint
    return getattr(theme.colors, key)


def contrast_problems(clinic: Clinic, doc: YamlDoc, theme: Theme | None = None) -> list[Problem]:
    """One problem per colour pair the profile creates that is below WCAG AA, at the colour."""
    if clinic.colors is None:
        return []
    given = {k for k in ("primary", "accent") if getattr(clinic.colors, k)}
    branded = brand_theme(theme or load_theme(), clinic)
    problems: list[Problem] = []
    for pair in PAIRS:
        involved = [k for k in (pair.text_key, pair.background_key) if k in given]
        if not involved:
            continue
        fg, bg = _colour_value(branded, pair.text_key), _colour_value(branded, pair.background_key)
        value = ratio(fg, bg)
        if value + 1e-9 >= pair.minimum:
            continue
        names = {"page": f"the white page ({WHITE})", "white": f"white text ({WHITE})"}
        if pair.background_key.startswith("callout:"):
            kind = pair.background_key.split(":", 1)[1]
            names[pair.background_key] = f"the {kind} callout tint ({bg})"
        text = names.get(pair.text_key, f"{pair.text_key} {fg}")
        background = names.get(pair.background_key, f"{pair.background_key} {bg}")
        problems.append(
            doc.problem(
                ("colors", involved[0]),
                f"colour contrast too low: {text} on {background} is {value:.2f}:1, "
                f"WCAG needs {pair.minimum:g}:1 for {pair.use}; choose a "
                + ("darker" if involved[0] != "accent" else "lighter")
                + f" {involved[0]} colour",
            )
        )
    return problems


def logo_problem(logo: str, workspace: Path) -> str | None:
    """Why a logo cannot be used, or None: it must be a readable PNG, JPEG or SVG in assets/."""
    path = resolve_asset(logo, workspace)
    if path is None:
        return f"logo path `{logo}` leaves the assets/ folder; give a path relative to assets/"
    if path.suffix.lower() not in LOGO_TYPES:
        return f"logo `{logo}` is not a PNG, JPEG or SVG file"
    if not path.is_file():
        return f"logo `{logo}` not found (looked for {path})"
    why = picture_problem(path)
    if why:
        return f"logo `{logo}` {why}"
    try:
        read_picture(path)
    except (OSError, ValueError) as exc:
        return f"logo `{logo}` cannot be read: {exc}"
    return None


def _empty_colour_problems(doc: YamlDoc) -> list[Problem]:
    """`primary: #8FD694` unquoted is a YAML comment, so the colour is silently empty and
    the house colour would be used: say so, and show the line with quotes."""
    colours = doc.data.get("colors") if isinstance(doc.data, dict) else None
    if colours is None and isinstance(doc.data, dict) and "colors" in doc.data:
        colours = {"colors": None}
        where: tuple[str, ...] = ()
    else:
        where = ("colors",)
    problems: list[Problem] = []
    for key, value in (colours or {}).items() if isinstance(colours, dict) else ():
        if value is not None:
            continue
        line, column = doc.key_position(where, key)
        source = doc.text.splitlines()[line - 1] if 0 < line <= len(doc.text.splitlines()) else ""
        comment = re.search(r"#\s*([0-9A-Fa-f]{6})\b", source)
        colour = f"#{comment.group(1)}" if comment else "#RRGGBB"
        problems.append(Problem(doc.display, line, column,
                                f"`{key}` is empty: a colour needs quotes in YAML, where an "
                                f"unquoted # starts a comment; write {key}: \"{colour}\""))
    return problems


def _link_problems(clinic: Clinic, doc: YamlDoc) -> list[Problem]:
    problems: list[Problem] = []
    for key in ("website", "online_url"):
        url = getattr(clinic, key)
        if url is None:
            continue
        why = check_url(url)
        if why is None and not url.lower().startswith(("https://", "http://")):
            why = f"`{key}` must be a web address starting with https:// or http://"
        if why is None and key == "online_url" and len(url) > limits().qr_url_chars:
            why = (f"`online_url` is {len(url):,} characters: printed as a QR code 2.5 cm wide, "
                   f"more than {limits().qr_url_chars} do not scan from paper; give a shorter "
                   "address (a short page on your site that links on)")
        if why:
            problems.append(doc.problem((key,), why))
    if clinic.email is not None and ("@" not in clinic.email or " " in clinic.email.strip()):
        problems.append(doc.problem(("email",), f"`{clinic.email}` is not an email address"))
    return problems


def load_profile(path: Path, workspace: Path, cwd: Path | None = None) -> Clinic:
    """Load and check a clinic profile; raises BrochureError listing every problem."""
    display = str(path)
    try:
        display = str(path.resolve().relative_to((cwd or Path.cwd()).resolve()))
    except ValueError:
        pass
    doc = read_yaml(path, display)
    clinic, problems = validate(Clinic, doc)
    if clinic is None:
        raise BrochureError(problems)
    problems = _empty_colour_problems(doc) + _link_problems(clinic, doc)
    problems += contrast_problems(clinic, doc)
    if clinic.logo:
        why = logo_problem(clinic.logo, workspace)
        if why:
            problems.append(doc.problem(("logo",), why))
    if problems:
        raise BrochureError(problems)
    clinic._source = doc
    return clinic


def find_profile(value: str, workspace: Path) -> Path:
    """`--clinic` takes a file path or a profile id under `clinics/`."""
    path = Path(value)
    if path.is_file() or value.endswith((".yaml", ".yml")) or "/" in value:
        return path
    return workspace / "clinics" / f"{value}.yaml"
