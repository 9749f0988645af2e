"""What every `brochure` command shares: report problems, fail with exit 1, load a brochure."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from brochure.errors import BrochureError, Problem


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
