"""What every `brochure` command shares: report problems, fail with exit 1, load a brochure."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from brochure.errors import BrochureError, Problem
from brochure.records import record


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def _fail(problems: list[Problem]) -> None:
    _report(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    sys.exit(1)


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _load(brochure: str, langs: tuple[str, ...]):
    """Load a brochure; when it has errors, characters no font draws are reported with
    them (not in a second round after the first errors are fixed)."""
    from brochure.content.loader import load_brochure, resolve_brochure

    cwd = Path.cwd()
    folder = resolve_brochure(brochure, cwd)
    try:
        return load_brochure(folder, cwd, list(langs) or None)
    except BrochureError as exc:
        from brochure.fonts.printed import file_glyph_problems

        raise BrochureError(exc.problems + file_glyph_problems(folder, cwd, list(langs))) from None


@record
class SetUp:
    """What a command that builds starts from: the loaded brochure, the sections asked for,
    and the clinic profile (with its id, for file names)."""

    loaded: Any  # brochure.content.loader.LoadedBrochure (imported lazily)
    sections: list[str] | None
    profile: Any  # brochure.content.model.Clinic | None
    clinic_id: str | None


def set_up(
    brochure: str,
    langs: tuple[str, ...],
    edition: str | None = None,
    sections: str | None = None,
    clinic: str | None = None,
) -> SetUp:
    """Load a brochure, check the --edition/--sections choice and read the --clinic
    profile: the one set-up of build, preview and email. A wrong choice is a usage error
    (exit 2); content errors raise BrochureError for the caller to report."""
    from brochure.clinic.profile import find_profile, load_profile
    from brochure.content.plan import SelectionError, choose_sections

    if edition and sections:
        raise click.UsageError("give --edition or --sections, not both")
    section_ids = [s.strip() for s in sections.split(",") if s.strip()] if sections else None
    loaded = _load(brochure, langs)
    try:
        choose_sections(loaded, edition, section_ids)
    except SelectionError as exc:
        raise click.UsageError("; ".join(p.message for p in exc.problems)) from None
    profile = clinic_id = None
    if clinic:
        path = find_profile(clinic, loaded.workspace)
        profile = load_profile(path, loaded.workspace)
        clinic_id = path.stem
    return SetUp(loaded, section_ids, profile, clinic_id)


def _writable(path: Path, workspace: Path) -> None:
    """Refuse, in one line, an output path that would overwrite a source or a device."""
    from brochure.files import source_problem, target_problem

    why = target_problem(path) or source_problem(path, workspace)
    if why:
        _fail([Problem(str(path), 0, 0, why)])
