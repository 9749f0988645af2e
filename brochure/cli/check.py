"""`brochure check`, `list` and `schema`: look at content without building it."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from brochure.cli.common import _fail, _load
from brochure.content.schema import SCHEMAS, shipped_schema
from brochure.errors import BrochureError


@click.command(name="check")
@click.argument("brochure")
@click.option("--lang", "langs", multiple=True, metavar="TAG", help="Language(s) to check.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--clinic", type=click.Path(dir_okay=False), help="Also check a clinic profile (or id)."
)
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
def check(brochure, langs, fmt, clinic, strict) -> None:
    """Health-literacy gate for BROCHURE: readability, structure, review date, all at once.

    Exit 0 when clean or only warnings, 1 on errors (or on warnings with --strict).
    Thresholds: brochure/checks.yaml, overridden by checks.yaml beside content/.
    """
    from brochure.checks import failed_load_report, format_text, run_checks

    try:
        loaded = _load(brochure, langs)
        _glyphs(loaded, list(langs), clinic)
        report = run_checks(loaded, languages=list(langs) or None, strict=strict, clinic=clinic)
    except BrochureError as exc:
        if fmt == "text":
            _fail(exc.problems)
        report = failed_load_report(brochure, exc.problems, strict)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        click.echo(format_text(report), nl=False)
    if report.exit_code:
        sys.exit(report.exit_code)


def _glyphs(loaded, langs: list[str], clinic: str | None) -> None:
    """Characters no font draws fail `check` as they would fail `build` (BrochureError)."""
    from brochure.clinic.profile import find_profile, load_profile
    from brochure.fonts.fontset import fontset_for
    from brochure.fonts.printed import missing_glyphs

    profile = None
    if clinic:
        try:
            profile = load_profile(find_profile(clinic, loaded.workspace), loaded.workspace)
        except BrochureError:
            profile = None  # the gate reports what is wrong with it
    problems = []
    for tag in loaded.languages:
        if not langs or tag in langs:
            problems += missing_glyphs(loaded, tag, fontset_for(tag), profile)
    if problems:
        raise BrochureError(problems)


@click.command(name="list")
def list_command() -> None:
    """List the brochures in content/ with languages, editions and review status."""
    from brochure.content.loader import list_brochures, load_brochure

    cwd = Path.cwd()
    folders = list_brochures(cwd)
    if not folders:
        click.echo("no brochures found under content/", err=True)
        sys.exit(1)
    today = dt.date.today()
    status = 0
    for folder in folders:
        try:
            loaded = load_brochure(folder, cwd)
        except BrochureError as exc:
            click.echo(
                f"{folder.name}: invalid ({len(exc.problems)} problem(s); "
                f"run `brochure check {folder.name}`)"
            )
            status = 1
            continue
        meta = loaded.meta
        due = meta.next_review()
        review = f"reviewed {meta.reviewed}, next review {due}"
        if due < today:
            review += " (OVERDUE)"
        langs = ", ".join(
            tag + (" (draft)" if doc.is_draft else "") for tag, doc in loaded.languages.items()
        )
        editions = ", ".join(["full", *[e for e in meta.editions if e != "full"]])
        click.echo(f"{loaded.id}\n  languages: {langs}\n  editions: {editions}\n  {review}")
    sys.exit(status)


@click.command(name="schema")
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), default="language")
def schema(kind) -> None:
    """Print the JSON Schema for language files, brochure.yaml or clinic profiles."""
    click.echo(shipped_schema(kind))
