"""`brochure translate`: hand texts to professional translators and take them back.

add → export (XLIFF 1.2 or PO) → the translator's CAT tool → import → check → review.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from brochure.cli.common import _fail, _load, _report
from brochure.errors import BrochureError


@click.group(name="translate")
def translate() -> None:
    """Work with professional translators (XLIFF 1.2 or PO for CAT tools).

    \b
    brochure translate add ID fr                start fr.yaml from the source
    brochure translate export ID fr -o fr.xlf   send this file to the translator
    brochure translate import ID fr.xlf         take it back (validated first)
    brochure translate review ID fr --by NAME   after reading the draft PDF
    brochure translate status ID                every language at a glance
    brochure translate diff ID fr               what changed in the source since
    """


def _folder(brochure: str) -> Path:
    from brochure.content.loader import resolve_brochure

    return resolve_brochure(brochure, Path.cwd())


def _format(fmt: str | None, path: str | None) -> str:
    if fmt:
        return fmt
    return "po" if path and path.lower().endswith((".po", ".pot")) else "xliff"


def _version() -> str:
    from importlib import metadata  # 25 ms: only export needs it, not `brochure --help`

    try:
        return metadata.version("brochure")
    except metadata.PackageNotFoundError:
        return "0"


@translate.command(name="add")
@click.argument("brochure")
@click.argument("lang")
def add(brochure: str, lang: str) -> None:
    """Start translation LANG of BROCHURE: LANG.yaml as a draft copy of the source."""
    from brochure.translate.adding import add_language

    try:
        path = add_language(_folder(brochure), lang, Path.cwd())
    except BrochureError as exc:
        _fail(exc.problems)
    click.echo(f"wrote {_display(path)} (a draft: every text is still the source's; "
               f"send it with `brochure translate export {brochure} {lang}`)")


@translate.command(name="export")
@click.argument("brochure")
@click.argument("lang")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="File to write (default: BROCHURE.LANG.xlf or .po in this folder).")
@click.option("--format", "fmt", type=click.Choice(["xliff", "po"]),
              help="XLIFF 1.2 (default) or gettext PO; a .po output name means PO.")
def export(brochure: str, lang: str, output: str | None, fmt: str | None) -> None:
    """Write the texts of BROCHURE for a translator into LANG (XLIFF 1.2 or PO).

    Units unchanged since the translation's source revision are marked final
    (XLIFF state="final", PO translated), changed ones need review (PO fuzzy), new
    ones have no target.
    """
    from brochure.files import write_atomically
    from brochure.translate.bundle import build_bundle, open_project, store_current_source
    from brochure.translate.po import write_po
    from brochure.translate.xliff import write_xliff

    fmt = _format(fmt, output)
    try:
        project = open_project(_folder(brochure), lang, Path.cwd())
        bundle = build_bundle(project)
        store_current_source(project)
    except BrochureError as exc:
        _fail(exc.problems)
    data = (write_po if fmt == "po" else write_xliff)(bundle, _version())
    path = Path(output or f"{bundle.brochure}.{lang}.{'po' if fmt == 'po' else 'xlf'}")
    try:
        write_atomically(path, data)
    except OSError as exc:
        click.echo(f"{path}: cannot write: {exc.strerror}", err=True)
        sys.exit(1)
    n = Counter(u.status for u in bundle.units)
    click.echo(f"wrote {path}: {len(bundle.units)} units, {n['final']} final, "
               f"{n['changed'] + n['unverified']} to review, "
               f"{n['new'] + n['untranslated']} to translate "
               f"(source revision {bundle.revision})")


@translate.command(name="import")
@click.argument("brochure")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["xliff", "po"]),
              help="Default: from the file name (.po is PO, anything else XLIFF).")
@click.option("--lang", "expect", metavar="TAG", help="Refuse the file unless it is for TAG.")
def import_command(brochure: str, file: str, fmt: str | None, expect: str | None) -> None:
    """Validate a translated FILE and write its texts into BROCHURE's language file.

    Nothing is written unless the whole file is right; every problem is reported as
    FILE:LINE:COL with the unit id.
    """
    from brochure.translate.importer import import_file

    path = Path(file)
    if not path.is_file():
        click.echo(f"{file}: file not found", err=True)
        sys.exit(1)
    try:
        result = import_file(_folder(brochure), path, file, _format(fmt, file), Path.cwd(),
                             expect)
    except BrochureError as exc:
        _fail(exc.problems)
    _report(result.warnings)
    target = _display(result.path)
    if not result.written:
        click.echo(f"{target}: already up to date (source revision {result.revision})")
        return
    what = f"{len(result.changed)} text(s) changed"
    if result.rebuilt:
        what += f"; sections written anew from the source's structure: {', '.join(result.rebuilt)}"
    click.echo(f"wrote {target}: {what}; source_revision {result.revision}")


@translate.command(name="status")
@click.argument("brochure")
def status(brochure: str) -> None:
    """A table per language: units final, changed and new since, review state."""
    from brochure.translate.progress import status_rows

    try:
        loaded = _load(brochure, ())
        rows = status_rows(loaded)
    except BrochureError as exc:
        _fail(exc.problems)
    if not rows:
        click.echo(f"{loaded.id}: no translations yet; start one with "
                   f"`brochure translate add {loaded.id} LANG`")
        return
    head = ("language", "units", "final", "changed", "new", "untranslated", "unverified",
            "source", "status", "reviewed by")
    table = [head]
    for r in rows:
        source = "current" if r.current else (f"{r.revision} (old)" if r.known else
                                              f"{r.revision or 'none'} (unknown)")
        table.append((r.language, str(r.total), str(r.counts["final"]),
                      str(r.counts["changed"]), str(r.counts["new"]),
                      str(r.counts["untranslated"]), str(r.counts["unverified"]), source,
                      r.review, r.reviewed_by or "-"))
    widths = [max(len(row[k]) for row in table) for k in range(len(head))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                   .rstrip())


@translate.command(name="diff")
@click.argument("brochure")
@click.argument("lang")
def diff(brochure: str, lang: str) -> None:
    """What changed in the source since LANG's source_revision, unit by unit."""
    from brochure.translate.bundle import open_project
    from brochure.translate.progress import diff_entries

    try:
        project = open_project(_folder(brochure), lang, Path.cwd())
        entries, known = diff_entries(project)
    except BrochureError as exc:
        _fail(exc.problems)
    revision, current = project.recorded_revision(), project.revision()
    if not known:
        click.echo(f"{lang}: the source it was translated from ({revision or 'not recorded'}) "
                   f"is not kept in source-revisions/, so changes cannot be shown; import a "
                   "translated export to record it", err=True)
        sys.exit(1)
    if not entries:
        click.echo(f"{lang}: no source changes since {revision}")
        return
    click.echo(f"{lang}: source {revision} → {current}, {len(entries)} unit(s)")
    for e in entries:
        click.echo(f"\n{e.unit} ({e.kind})")
        if e.old is not None:
            click.echo(f"  - {e.old}")
        if e.new is not None:
            click.echo(f"  + {e.new}")
        click.echo(f"  {lang}: {e.translation if e.translation is not None else '(none)'}")


@translate.command(name="review")
@click.argument("brochure")
@click.argument("lang")
@click.option("--by", "by", required=True, help="Who reviewed the translation.")
def review(brochure: str, lang: str, by: str) -> None:
    """Mark LANG as reviewed by a named reviewer (status: reviewed, reviewed_by)."""
    from brochure.translate.reviewing import mark_reviewed

    try:
        path = mark_reviewed(_folder(brochure), lang, by, Path.cwd())
    except BrochureError as exc:
        _fail(exc.problems)
    click.echo(f"wrote {_display(path)}: status reviewed, reviewed_by {by}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
