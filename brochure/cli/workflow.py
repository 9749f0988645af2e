"""`brochure preview`, `watch` and `new`: the writing loop around a brochure."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import click

from brochure.cli.common import _fail, _load, _progress, _report, set_up
from brochure.errors import BrochureError, Problem
from brochure.layouts import DEFAULT_LAYOUT, LAYOUTS, PAPERS, large_print_refusal


@click.command(name="preview")
@click.argument("brochure")
@click.option("--lang", "langs", multiple=True, metavar="TAG", help="Language(s) (default: all).")
@click.option(
    "--layout", type=click.Choice(sorted(LAYOUTS)), default=DEFAULT_LAYOUT, show_default=True
)
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="letter", show_default=True)
@click.option("--edition", help="Named section selection from brochure.yaml.")
@click.option("--sections", help="Comma-separated section ids, in print order.")
@click.option("--clinic", help="Clinic profile (or id) for branding.")
@click.option("--large-print", is_flag=True, help="Body text 18 pt or more (not for trifold).")
@click.option("--print-marks", is_flag=True, help="Crop and fold marks, bleed.")
@click.option("--dpi", type=click.IntRange(30, 600), default=110, show_default=True)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default="output/preview",
    show_default=True,
)
@click.option("--format", "format_", type=click.Choice(["pdf", "html"]), default="pdf",
              show_default=True, help="html: the HTML edition, with phone and desktop "
              "screenshots when Chromium is installed.")
def preview(
    brochure, langs, layout, paper, edition, sections, clinic, large_print, print_marks, dpi,
    out_dir, format_,
) -> None:
    """PNG pages, a contact sheet and (tri-fold) a folded view of BROCHURE or of a PDF file;
    with --format html (or an .html file), the HTML edition at phone and desktop width."""
    # Imported here, not at the top: `brochure --help` must not pay for ReportLab.
    from brochure.language.script import is_rtl
    from brochure.workflow.preview import write_preview
    from brochure.workflow.render import BuildOptions, output_name, render_pdf

    out = Path(out_dir)
    if brochure.lower().endswith(".html") and Path(brochure).is_file():
        _preview_html(Path(brochure), out, Path(brochure).stem)
        return
    if format_ == "html":
        given = [name for name, value in (("--layout", layout != "handout"),
                 ("--paper", paper != "letter"), ("--large-print", large_print),
                 ("--print-marks", print_marks)) if value]
        if given:
            raise click.UsageError(f"{', '.join(given)} only change(s) the PDF preview")
        _preview_html_editions(brochure, langs, edition, sections, clinic, out)
        return
    if brochure.lower().endswith(".pdf") and Path(brochure).is_file():
        path = Path(brochure)
        parts = path.stem.split("-")
        layout_, paper_ = (parts[-2], parts[-1]) if len(parts) > 2 else (layout, paper)
        if layout_ not in LAYOUTS or paper_ not in PAPERS:
            layout_, paper_ = layout, paper
        data = path.read_bytes()
        problem = _not_a_pdf(path, data)
        if problem:
            _fail([problem])
        shown = write_preview(data, out, path.stem, layout_, paper_, is_rtl(_pdf_lang(data)), dpi)
        _echo_preview(shown)
        return
    if edition and sections:
        raise click.UsageError("give --edition or --sections, not both")
    if large_print and not LAYOUTS[layout].large_print:
        raise click.UsageError(large_print_refusal(layout))
    try:
        ready = set_up(brochure, langs, edition, sections, clinic)
        loaded = ready.loaded
        options = BuildOptions(layout=layout, paper=paper, edition=edition,
                               sections=ready.sections, clinic=ready.profile,
                               large_print=large_print, print_marks=print_marks,
                               clinic_id=ready.clinic_id)
        for lang in list(langs) or list(loaded.languages):
            result = render_pdf(loaded, lang, options, _progress)
            files = {loaded.meta_doc.display, loaded.languages[lang].doc.display}
            _report([p for p in loaded.warnings if p.file in files] + result.warnings)
            stem = output_name(loaded.id, lang, options).removesuffix(".pdf")
            _echo_preview(write_preview(result.pdf, out, stem, layout, paper, is_rtl(lang), dpi))
    except BrochureError as exc:
        _fail(exc.problems)


def _not_a_pdf(path: Path, data: bytes) -> Problem | None:
    """A file that is not a PDF PDFium and pikepdf can open, as one line."""
    import pikepdf

    if not data.lstrip(b"\x00\t\n\r ")[:5] == b"%PDF-":
        return Problem(str(path), 0, 0, "not a PDF file (it does not start with %PDF-); "
                       "give a PDF made by `brochure build`, or a brochure id")
    try:
        with pikepdf.open(BytesIO(data)):
            pass
    except pikepdf.PdfError:
        return Problem(str(path), 0, 0, "a damaged PDF that cannot be previewed (cut short "
                       "or overwritten?); build it again")
    return None


def _preview_html_editions(brochure, langs, edition, sections, clinic, out: Path) -> None:
    from brochure.clinic.profile import find_profile, load_profile
    from brochure.content.plan import SelectionError, choose_sections
    from brochure.files import write_atomically
    from brochure.html import html_output_name, render_html

    if edition and sections:
        raise click.UsageError("give --edition or --sections, not both")
    section_ids = [s.strip() for s in sections.split(",") if s.strip()] if sections else None
    try:
        loaded = _load(brochure, langs)
        choose_sections(loaded, edition, section_ids)
        profile = None
        if clinic:
            profile = load_profile(find_profile(clinic, loaded.workspace), loaded.workspace)
        for lang in list(langs) or list(loaded.languages):
            page = render_html(loaded, lang, edition, section_ids, profile)
            _report(page.warnings)
            path = out / html_output_name(loaded.id, lang)
            write_atomically(path, page.data)
            _preview_html(path, out, path.stem)
    except SelectionError as exc:
        raise click.UsageError("; ".join(p.message for p in exc.problems)) from None
    except BrochureError as exc:
        _fail(exc.problems)


def _preview_html(path: Path, out: Path, stem: str) -> None:
    """Screenshots of an HTML edition when a Chromium is there; else where to open it."""
    import subprocess

    from brochure.workflow.preview import find_chromium, html_screenshots

    chromium = find_chromium()
    if chromium is None:
        click.echo(f"wrote {path}; open it in a browser (install Chromium, or set "
                   "BROCHURE_CHROMIUM, for phone and desktop screenshots)")
        return
    try:
        shots = html_screenshots(path, out, stem, chromium)
    except (OSError, subprocess.SubprocessError) as exc:
        click.echo(f"wrote {path}; screenshots failed ({exc}); open it in a browser", err=True)
        return
    click.echo(f"{path}: screenshots {', '.join(str(p) for p in shots)}")


def _pdf_lang(data: bytes) -> str:
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        return str(pdf.Root.get("/Lang", "en"))


def _echo_preview(shown) -> None:
    extra = f", {shown.folded}" if shown.folded else ""
    click.echo(f"wrote {len(shown.pages)} page PNG(s), {shown.sheet}{extra}")


@click.command(name="watch")
@click.argument("brochures", nargs=-1, required=True)
@click.option("--lang", "langs", multiple=True, metavar="TAG", help="Language(s) (default: all).")
@click.option("--layout", "layouts", multiple=True, type=click.Choice(sorted(LAYOUTS)))
@click.option("--paper", "papers", multiple=True, type=click.Choice(sorted(PAPERS)))
@click.option("--edition", help="Named section selection from brochure.yaml.")
@click.option("--clinic", help="Clinic profile (or id).")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default="output", show_default=True
)
@click.option("--interval", type=click.FloatRange(0.02, 5), default=0.1, show_default=True,
              help="Seconds between looks at the files.")
def watch_command(brochures, langs, layouts, papers, edition, clinic, out_dir, interval) -> None:
    """Rebuild BROCHURE(s) whenever a file is saved (Ctrl-C stops)."""
    import threading

    from brochure.clinic.profile import find_profile
    from brochure.content.loader import resolve_brochure
    from brochure.workflow.render import BuildOptions
    from brochure.workflow.watch import Target, watch

    cwd = Path.cwd()
    options = [
        BuildOptions(layout=layout, paper=paper, edition=edition)
        for layout in layouts or (DEFAULT_LAYOUT,)
        for paper in papers or ("letter",)
    ]
    try:
        folders = [resolve_brochure(b, cwd).resolve() for b in brochures]
    except BrochureError as exc:
        _fail(exc.problems)
    targets = []
    for folder in folders:
        workspace = folder.parent.parent
        profile = find_profile(clinic, workspace).resolve() if clinic else None
        targets.append(Target(folder, workspace, options, Path(out_dir), list(langs) or None,
                              profile))
    click.echo(f"watching {', '.join(f.name for f in folders)} (Ctrl-C stops)", err=True)
    stop = threading.Event()
    try:
        for target, done in watch(targets, stop, interval):
            now = dt.datetime.now().strftime("%H:%M:%S")
            what = ", ".join(p.name for p in done.changed) or target.folder.name
            _report(done.problems)
            if done.ok:
                click.echo(f"[{now}] {what}: wrote {len(done.written)} PDF(s) in "
                           f"{done.seconds:.2f} s")
            else:
                click.echo(f"[{now}] {what}: build failed; the last good PDF is kept, "
                           "still watching", err=True)
    except KeyboardInterrupt:
        stop.set()
        click.echo("stopped", err=True)


@click.command(name="new")
@click.argument("brochure_id", metavar="ID")
@click.option("--title", help="The brochure's title (default: made from the id).")
@click.option("--lang", default="en", show_default=True, help="The source language.")
def new_command(brochure_id, title, lang) -> None:
    """Start a brochure: content/ID/ with every block kind shown once, ready to build."""
    from brochure.workflow.scaffold import new_brochure

    try:
        written = new_brochure(Path.cwd(), brochure_id, title, lang)
    except BrochureError as exc:
        _fail(exc.problems)
    for path in written:
        click.echo(f"wrote {path.relative_to(Path.cwd())}")
    click.echo(f"next: edit them, then `brochure check {brochure_id}` and "
               f"`brochure build {brochure_id}`")


@click.command(name="init")
def init_command() -> None:
    """Start a workspace here: a commented brochure.toml and the content/, assets/ and
    clinics/ folders."""
    from brochure.workflow.scaffold import init_workspace

    try:
        made = init_workspace(Path.cwd())
    except BrochureError as exc:
        _fail(exc.problems)
    for path in made:
        click.echo(f"wrote {path.relative_to(Path.cwd())}{'/' if path.is_dir() else ''}")
    click.echo("next: `brochure new ID --title \"...\"` for a brochure, then "
               "`brochure build --all`")
