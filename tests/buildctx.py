"""A BuildContext made by the pipeline's own `story_context`, for unit tests of the story
and branding builders (no PDF, no layout)."""

from __future__ import annotations

from pathlib import Path

from brochure.content.loader import LoadedBrochure, load_brochure
from brochure.content.model import Clinic
from brochure.story.blocks import BuildContext
from brochure.workflow.render import BuildOptions, story_context
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
    options = BuildOptions(edition=edition, sections=sections, clinic=clinic,
                           large_print=large_print)
    return story_context(loaded, lang, options)
