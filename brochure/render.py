"""The pipeline in one place: loaded brochure → plan → fonts → flowables → layout → PDF bytes.

Nothing here touches the file system except `write_atomically`, so a failed build can
never leave a partial PDF behind.
"""

from __future__ import annotations

import calendar
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import BuildContext, build_story
from .document import plan as make_plan
from .errors import BrochureError, Problem
from .fonts import FontSet, fontset_for
from .layouts import LAYOUTS, PageSetup
from .loader import LoadedBrochure, text_position
from .markup import parse
from .model import Clinic, language_texts
from .richtext import escape_text
from .styles import is_rtl, load_strings, load_theme, long_date, make_styles


@dataclass(frozen=True)
class BuildOptions:
    layout: str = "handout"
    paper: str = "letter"
    edition: str | None = None
    sections: list[str] | None = None
    clinic: Clinic | None = None
    large_print: bool = False


@dataclass
class BuildResult:
    pdf: bytes
    warnings: list[Problem] = field(default_factory=list)


def output_name(brochure_id: str, lang: str, options: BuildOptions) -> str:
    return f"{brochure_id}-{lang}-{options.layout}-{options.paper}.pdf"


def missing_glyphs(loaded: LoadedBrochure, lang: str, fonts: FontSet) -> list[Problem]:
    """Every character no font can draw, at its FILE:LINE:COL (never a blank box in print)."""
    language = loaded.languages[lang]
    problems: list[Problem] = []
    for loc, text in language_texts(language.content):
        for ch in fonts.missing(parse(text).plain_text()):
            offset = text.find(ch)
            line, col = text_position(language.doc, loc, max(offset, 0))
            problems.append(
                Problem(
                    language.doc.display,
                    line,
                    col,
                    f"character `{ch}` (U+{ord(ch):04X}) is in no font this "
                    f"brochure uses for `{lang}`; remove or replace it",
                )
            )
    return problems


def render_pdf(
    loaded: LoadedBrochure,
    lang: str,
    options: BuildOptions,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build one PDF in memory. Raises BrochureError for content that cannot be printed."""
    the_plan = make_plan(loaded, lang, options.edition, options.sections)
    content = the_plan.language.content
    rtl = is_rtl(lang)
    fonts = fontset_for(lang, progress)
    all_text = "\n".join(t for _, t in language_texts(content))
    fonts.prepare(all_text)
    problems = missing_glyphs(loaded, lang, fonts)
    if problems:
        raise BrochureError(problems)
    strings = load_strings(lang)
    theme = load_theme()
    clinic = options.clinic
    if clinic and clinic.colors:
        theme = theme.with_colours(clinic.colors.primary, clinic.colors.accent)
    styles = make_styles(theme, fonts.body, lang, rtl, options.large_print)
    ctx = BuildContext(
        the_plan, theme, styles, strings, fonts, lang, rtl, loaded.workspace, options.large_print
    )
    story = build_story(ctx)
    meta = loaded.meta
    reviewed = strings["last_reviewed"].format(date=long_date(meta.reviewed, lang))
    footer_left = f"{escape_text(reviewed)} · {escape_text(strings['disclaimer'])}"
    from .richtext import to_markup
    from .spans import Span

    footer_left = to_markup([Span(reviewed + " · " + strings["disclaimer"])], fonts)
    draft = (
        to_markup([Span(strings["draft_marker"], bold=True)], fonts)
        if the_plan.language.is_draft
        else None
    )
    author = clinic.name if clinic else (meta.publisher or "")
    setup = PageSetup(
        paper=options.paper,
        title=content.title,
        author=author,
        subject=content.summary,
        keywords=", ".join([meta.id, lang, the_plan.edition]),
        lang=lang,
        rtl=rtl,
        body_font=fonts.body.regular,
        footer_left=footer_left,
        page_label=to_markup([Span(strings["page_x_of_y"])], fonts),
        footer_style=styles.footer,
        margin=theme.page.margin_mm * 72 / 25.4,
        footer_height=theme.page.footer_height_mm * 72 / 25.4,
        draft_marker=draft,
        created=calendar.timegm(meta.reviewed.timetuple()),
    )
    pdf = LAYOUTS[options.layout](story, setup)
    return BuildResult(pdf, ctx.warnings)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a partial PDF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
