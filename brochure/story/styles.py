"""House style: the theme (`themes/*.yaml`, data validated on load) turned into ReportLab
paragraph styles for one language, theme and print size."""

# Annotations here are objects, not strings (no `from __future__ import annotations`):
# pydantic would compile and evaluate every field's annotation string when each class is
# made, at every cold start.

from functools import cache

from pydantic import BaseModel, ConfigDict, Field
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from brochure.content.model import Colour
from brochure.fonts.fontset import FontFamily
from brochure.fonts.replay import fix_style
from brochure.language import hyphenation
from brochure.language.hyphenation import hyphenation_language, hyphenator
from brochure.language.script import is_cjk, needs_shaping, script_of
from brochure.language.strings import read_package_yaml
from brochure.memo import Memo, memoised
from brochure.records import record


class _Data(BaseModel):
    """A theme's parts. `defer_build`: one validator, the theme's, is built when the first
    theme is loaded, instead of one per class at import."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class CalloutColours(_Data):
    tint: Colour
    border: Colour
    title: Colour


class ThemeColours(_Data):
    primary: Colour
    accent: Colour
    text: Colour
    muted: Colour
    rule: Colour


class TextSizes(_Data):
    body_size: float
    leading_ratio: float
    title_size: float
    subtitle_size: float
    h2_size: float
    h3_size: float
    small_size: float
    footer_size: float
    large_print_body: float
    large_print_leading_ratio: float
    script_scale: dict[str, float] = {}


class PageSettings(_Data):
    margin_mm: float
    footer_height_mm: float


class StepSettings(_Data):
    number_size: float
    disc_diameter: float


class IllustrationSettings(_Data):
    height_ratio: float
    shrink_floor: float = 0.6


class NotesSettings(_Data):
    line_gap: float


class BookletSettings(_Data):
    """How a bi-fold booklet reaches whole sheets: spacings tried in order, each
    (margins, space between blocks, picture heights) × the house value."""

    spacings: list[tuple[float, float, float]] = [(1.0, 1.0, 1.0)]
    min_last_fill: float = 0.25  # a last content page emptier than this tries another


class Theme(_Data):
    colors: ThemeColours
    callouts: dict[str, CalloutColours]
    text: TextSizes
    page: PageSettings
    steps: StepSettings
    illustration: IllustrationSettings
    notes: NotesSettings
    booklet: BookletSettings = Field(default_factory=BookletSettings)  # made when used

    def with_colours(self, primary: str | None, accent: str | None) -> "Theme":
        """The theme with a clinic's brand colours (None keeps the house colour)."""
        update = {k: v for k, v in (("primary", primary), ("accent", accent)) if v}
        return self.model_copy(update={"colors": self.colors.model_copy(update=update)})


@cache
def load_theme(name: str = "default") -> Theme:
    return Theme.model_validate(read_package_yaml(__package__, "themes", f"{name}.yaml"))


# ---------------------------------------------------------------- paragraph styles


# Characters that must not start a line of Chinese or Japanese (kinsoku). ReportLab's own
# list lacks the full-width comma, colon, semicolon, ! and ?, closing quotes and 》, so a
# line could begin with "，". A character on this list hangs at the end of the line
# before instead (one character at most, as ReportLab does).
CJK_CANNOT_START = "，：；！？．、。”’」』》〉）］｝〕〗〙〛…"



@record(frozen=True)
class Styles:
    """Every paragraph style a brochure uses, for one language, theme and print size.

    Made once per theme, face names, language and options in a process and shared by
    every build that asks for the same (`make_styles`, `derived`): a style is never
    changed once made (`fonts.replay.fix_style`), so memo keys hold the number of its
    settings, worked out once per process, not the settings; and a hyphenated
    brochure's line breaks are reused (the hyphenation callback is the same function)."""

    body: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    summary: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    callout_title: ParagraphStyle
    caption: ParagraphStyle
    small: ParagraphStyle
    footer: ParagraphStyle
    source: ParagraphStyle
    marker: ParagraphStyle
    placeholder: ParagraphStyle


# Styles made, by the theme's identity (a frozen model, kept alive in the value), the
# body family's faces, the language and the options: a rebuild gets the same objects.
_MADE: Memo[tuple, tuple[Theme, Styles]] = Memo("story.styles", 64)


def make_styles(
    theme: Theme,
    body_font: FontFamily,
    lang: str,
    rtl: bool,
    large_print: bool = False,
    hyphenate: bool = False,
) -> Styles:
    """Build styles: left-aligned (right-aligned for RTL), never justified, leading ≥ 1.3.

    Body text is hyphenated only when the brochure asks for it (`hyphenate: true`), and
    only with the document language's patterns. Text sizes grow by the theme's
    `script_scale` for scripts that look small at a Latin size (Arabic, Devanagari).
    The same arguments give the same objects again (`Styles`).
    """
    def make() -> Styles:
        styles = _make_styles(theme, body_font, lang, rtl, large_print, hyphenate)
        for style in vars(styles).values():
            fix_style(style)
        return styles

    return _MADE.made_for(theme, (body_font, lang, rtl, large_print, hyphenate), make)


def _make_styles(theme: Theme, body_font: FontFamily, lang: str, rtl: bool,
                 large_print: bool, hyphenate: bool) -> Styles:
    t = theme.text
    script = t.script_scale.get(script_of(lang), 1.0)
    latin_small = t.small_size * (t.large_print_body / t.body_size if large_print else 1.0)
    size = (t.large_print_body if large_print else t.body_size) * script
    ratio = t.large_print_leading_ratio if large_print else t.leading_ratio
    scale = size / t.body_size
    align = TA_RIGHT if rtl else TA_LEFT
    text_colour = colors.HexColor(theme.colors.text)
    primary = colors.HexColor(theme.colors.primary)
    muted = colors.HexColor(theme.colors.muted)
    word_wrap = "CJK" if is_cjk(lang) else None
    hyphen_lang = (
        hyphenation_language(lang) if hyphenate and not word_wrap and not rtl else None
    )
    hyphenation.prepare(hyphen_lang)  # the patterns from the disk cache, not parsed again
    hyphenate = hyphenator(hyphen_lang) if hyphen_lang else None
    shaping = 1 if needs_shaping(lang) else 0

    def style(
        name: str, font_size: float, face: str, colour=text_colour, **extra
    ) -> ParagraphStyle:
        extra.setdefault("leading", round(font_size * ratio, 2))
        extra.setdefault("alignment", align)
        may_hyphenate = extra.pop("hyphenate", True) and font_size <= size
        return ParagraphStyle(
            name,
            shaping=shaping,
            fontName=face,
            fontSize=font_size,
            textColor=colour,
            wordWrap=word_wrap,
            hyphenationLang=hyphenate if may_hyphenate else None,
            # 2: a word that fits no break on this line is tried again at the start of
            # the next (a long web address then breaks at its break points there, not
            # between letters from the end of this line); 1 alone breaks a compound
            # at its own hyphen when it does not fit.
            embeddedHyphenation=2,
            # A web address or DOI that fits a line moves down whole; a longer one breaks
            # at its break points (story/linebreaks.uri_split_pairs).
            uriWasteReduce=0,
            # Ragged-right text never squeezes its spaces: ReportLab would let such a line
            # run up to 5 % of a space per word past the frame (layouts/bounds.py).
            spaceShrinkage=0,
            allowWidows=0,
            allowOrphans=0,
            **extra,
        )

    small = max(t.small_size * scale, t.small_size)
    return Styles(
        body=style("body", size, body_font.regular, spaceAfter=size * 0.6),
        title=style(
            "title",
            t.title_size * scale,
            body_font.bold,
            primary,
            leading=t.title_size * scale * 1.2,
            spaceAfter=6,
        ),
        subtitle=style(
            "subtitle", t.subtitle_size * scale, body_font.regular, muted, spaceAfter=12
        ),
        summary=style("summary", size * 1.12, body_font.bold, text_colour),
        h2=style(
            "h2",
            t.h2_size * scale,
            body_font.bold,
            primary,
            spaceBefore=size * 1.2,
            spaceAfter=size * 0.5,
            leading=t.h2_size * scale * 1.25,
        ),
        h3=style(
            "h3",
            t.h3_size * scale,
            body_font.bold,
            text_colour,
            spaceBefore=size * 0.4,
            spaceAfter=size * 0.2,
            keepWithNext=1,
        ),
        callout_title=style(
            "callout_title",
            size * 1.05,
            body_font.bold,
            text_colour,
            spaceAfter=size * 0.3,
            keepWithNext=1,
        ),
        caption=style(
            "caption",
            small,
            body_font.italic if not large_print else body_font.regular,
            muted,
            spaceAfter=size * 0.6,
        ),
        small=style("small", small, body_font.regular, muted),
        # Page furniture: a footer line or the draft band is never hyphenated.
        footer=style("footer", t.footer_size * scale, body_font.regular, muted, hyphenate=False),
        # References are Latin-script titles in their own language: never hyphenated with
        # the document's patterns, and at the Latin small size (≥ 9 pt) in every script.
        source=style(
            "source", max(latin_small, t.small_size), body_font.regular, text_colour,
            spaceAfter=small * 0.5, hyphenate=False,
        ),
        marker=style("marker", size, body_font.bold, primary, alignment=TA_CENTER),
        placeholder=style("placeholder", size, body_font.regular, muted, alignment=TA_CENTER),
    )


# Styles derived from a style, by the parent's identity (kept alive in the value), the
# name and the settings changed.
_DERIVED: Memo[tuple, tuple[ParagraphStyle, ParagraphStyle]] = Memo("story.derived", 1_024)


def derived(parent: ParagraphStyle, name: str, **settings) -> ParagraphStyle:
    """`ParagraphStyle(name, parent=parent, **settings)`, the same object for the same
    parent, name and settings (never change it: builds share it, see `Styles`)."""
    def make() -> ParagraphStyle:
        style = ParagraphStyle(name, parent=parent, **settings)
        fix_style(style)
        return style

    return _DERIVED.made_for(parent, (name, *sorted(settings.items())), make)


def tight(style: ParagraphStyle) -> ParagraphStyle:
    """The same style with no space after (for text inside list items and boxes)."""
    return derived(style, style.name + "-tight", spaceAfter=0)


@memoised("story.colours", 256)
def colour(hex_value: str) -> colors.Color:
    """ReportLab's colour for `#RRGGBB`, the same object each time (never changed): keys
    that hold it compare it by identity, not by its Python-level `==`."""
    return colors.HexColor(hex_value)


def coloured(style: ParagraphStyle, hex_value: str) -> ParagraphStyle:
    """The same style in another text colour."""
    return derived(style, style.name + "-" + hex_value, textColor=colour(hex_value))
