"""A BuildContext made the way workflow/render.py `_render` makes it, for unit tests of
the story and branding builders (no PDF, no layout)."""

from __future__ import annotations

from pathlib import Path

from brochure.clinic.profile import brand_theme
from brochure.content.loader import LoadedBrochure, load_brochure
from brochure.content.model import Clinic
from brochure.content.plan import plan as make_plan
from brochure.fonts.fontset import fontset_for
from brochure.fonts.printed import printed_text
from brochure.language.script import is_rtl
from brochure.language.strings import load_strings
from brochure.story.blocks import BuildContext
from brochure.story.styles import load_theme, make_styles
from tests.conftest import make_workspace


def workspace_with(tmp: Path, files: dict[str, str]) -> Path:
    """The loader's base brochure, with `files` (name → text) written over it."""
    case = tmp / "case"
    case.mkdir()
    for name, text in files.items():
        (case / name).write_text(text, encoding="utf-8")
    return make_workspace(tmp / "ws", case)


def load(workspace: Path) -> LoadedBrochure:
    return load_brochure(workspace / "content" / "demo", cwd=workspace)


def build_context(
    loaded: LoadedBrochure,
    lang: str = "en",
    edition: str | None = None,
    sections: list[str] | None = None,
    clinic: Clinic | None = None,
    large_print: bool = False,
) -> BuildContext:
    the_plan = make_plan(loaded, lang, edition, sections)
    rtl = is_rtl(lang)
    fonts = fontset_for(lang)
    strings = load_strings(lang)
    fonts.prepare(printed_text(the_plan, strings))
    theme = brand_theme(load_theme(), clinic)
    styles = make_styles(theme, fonts.body, lang, rtl, large_print, loaded.meta.hyphenate)
    return BuildContext(
        plan=the_plan, theme=theme, styles=styles, strings=strings, fonts=fonts, lang=lang,
        rtl=rtl, workspace=loaded.workspace, large_print=large_print,
    )
