"""The `brochure` command: the only module that prints or exits.

Exit status: 0 done (warnings allowed), 1 content or profile invalid (or does not fit),
2 the command line is wrong.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from .clinic import find_profile, load_profile
from .document import SelectionError, choose_sections
from .errors import BrochureError, Problem
from .layouts import LAYOUTS, PAPERS
from .loader import list_brochures, load_brochure, resolve_brochure
from .render import (
    LARGE_PRINT_TRIFOLD,
    BuildOptions,
    output_name,
    render_pdf,
    write_atomically,
)
from .schema import SCHEMAS, schema_json


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
    cwd = Path.cwd()
    folder = resolve_brochure(brochure, cwd)
    return load_brochure(folder, cwd, list(langs) or None)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brochure")
def main() -> None:
    """Patient-education brochures from YAML to print- and email-ready PDF."""


@main.command()
@click.argument("brochure", required=False)
@click.option(
    "--all", "build_all", is_flag=True,
    help="Build the whole matrix in brochure.toml, in parallel, skipping unchanged PDFs.",
)
@click.option("--config", type=click.Path(dir_okay=False), help="Matrix file for --all.")
@click.option("-j", "--jobs", type=click.IntRange(1), help="Worker processes for --all.")
@click.option("--force", is_flag=True, help="With --all: rebuild even unchanged PDFs.")
@click.option("--lang", "langs", multiple=True, metavar="TAG", help="Language(s) to build.")
@click.option("--all-languages", is_flag=True, help="Every language (the default).")
@click.option(
    "--layout",
    "layouts",
    multiple=True,
    type=click.Choice(sorted(LAYOUTS)),
    help="Layout (repeat for several). Default: handout.",
)
@click.option(
    "--paper",
    "papers",
    multiple=True,
    type=click.Choice(sorted(PAPERS)),
    help="Paper size (repeat for several). Default: letter.",
)
@click.option("--edition", help="Named section selection from brochure.yaml (default: full).")
@click.option("--sections", help="Comma-separated section ids, in print order.")
@click.option("--clinic", type=click.Path(dir_okay=False), help="Clinic profile YAML (or id).")
@click.option("--large-print", is_flag=True, help="Body text 18 pt or more (not for trifold).")
@click.option(
    "--print-marks", is_flag=True, help="Crop and fold marks, bleed, TrimBox/BleedBox for print."
)
@click.option("--fit", is_flag=True, help="Shrink body text (not below 9 pt) to fit a trifold.")
@click.option("--pdfa", is_flag=True, help="PDF/A-2b for archiving (with the PDF/UA-1 tags).")
@click.option(
    "--tags/--no-tags", default=True, show_default=True, help="Tagged PDF/UA-1 (screen readers)."
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="output",
    show_default=True,
    help="Folder for the PDFs.",
)
@click.option("-o", "out_file", type=click.Path(dir_okay=False), help="Write a single PDF here.")
def build(
    brochure,
    langs,
    all_languages,
    layouts,
    papers,
    edition,
    sections,
    clinic,
    large_print,
    print_marks,
    fit,
    pdfa,
    tags,
    strict,
    out_dir,
    out_file,
    build_all,
    config,
    jobs,
    force,
) -> None:
    """Build PDFs of BROCHURE (a folder path, or an id under content/), or --all."""
    if build_all:
        single = [langs, layouts, papers, edition, sections, clinic, large_print, print_marks,
                  fit, pdfa, out_file, brochure]
        if any(single):
            raise click.UsageError(
                "--all builds the matrix in brochure.toml; give no BROCHURE and set "
                "languages, layouts, papers and editions there"
            )
        source = click.get_current_context().get_parameter_source("out_dir")
        given = source is not None and source.name != "DEFAULT"
        _build_all(config, jobs, force, strict, out_dir if given else None)
        return
    if not brochure:
        raise click.UsageError("give a BROCHURE (an id or a folder), or --all")
    if edition and sections:
        raise click.UsageError("give --edition or --sections, not both")
    if large_print and "trifold" in layouts:
        raise click.UsageError(LARGE_PRINT_TRIFOLD)
    section_ids = [s.strip() for s in sections.split(",") if s.strip()] if sections else None
    try:
        loaded = _load(brochure, () if all_languages else langs)
        choose_sections(loaded, edition, section_ids)
        profile = None
        if clinic:
            profile = load_profile(find_profile(clinic, loaded.workspace), loaded.workspace)
    except SelectionError as exc:
        raise click.UsageError("; ".join(p.message for p in exc.problems)) from None
    except BrochureError as exc:
        _fail(exc.problems)
    targets = [
        (
            lang,
            BuildOptions(
                layout, paper, edition, section_ids, profile, large_print, print_marks, fit,
                tagged=tags, pdfa=pdfa,
            ),
        )
        for lang in (list(langs) if langs and not all_languages else list(loaded.languages))
        for layout in (layouts or ("handout",))
        for paper in (papers or ("letter",))
    ]
    if out_file and len(targets) != 1:
        raise click.UsageError(
            f"-o names one file but this build makes {len(targets)} PDFs; "
            "choose one --lang, --layout and --paper, or use --out DIR"
        )
    warnings = list(loaded.warnings)
    if strict:
        _gate(loaded, list(dict.fromkeys(lang for lang, _ in targets)))
    _report(warnings)
    failed: list[Problem] = []
    for lang, options in targets:
        try:
            result = render_pdf(loaded, lang, options, _progress)
        except BrochureError as exc:
            failed += exc.problems
            continue
        if strict and result.warnings:
            failed += result.warnings
            continue
        _report(result.warnings)
        path = Path(out_file) if out_file else Path(out_dir) / output_name(loaded.id, lang, options)
        write_atomically(path, result.pdf)
        click.echo(f"wrote {path} ({len(result.pdf) // 1024} KB)")
        for note in result.notes:
            click.echo(f"  {note}")
    if failed:
        _fail(failed)


def _gate(loaded, langs: list[str]) -> None:
    """`build --strict`: run the health-literacy gate first; refuse to build if it fails."""
    from .checks import run_checks, summary_line  # heavy, and only --strict needs it

    try:
        report = run_checks(loaded, languages=langs, strict=True)
    except BrochureError as exc:
        _fail(exc.problems)
    if report.ok:
        return
    for finding in report.problems:
        if finding.severity != "notice":
            click.echo(str(finding), err=True)
    click.echo(summary_line(report), err=True)
    click.echo(
        f"not building: the health-literacy gate failed; see `brochure check {loaded.id} "
        "--strict` for the full report",
        err=True,
    )
    sys.exit(1)


@main.command()
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
    from .checks import failed_load_report, format_text, run_checks

    try:
        loaded = _load(brochure, langs)
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


@main.command(name="list")
def list_command() -> None:
    """List the brochures in content/ with languages, editions and review status."""
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


@main.command()
@click.argument("kind", type=click.Choice(sorted(SCHEMAS)), default="language")
def schema(kind) -> None:
    """Print the JSON Schema for language files, brochure.yaml or clinic profiles."""
    click.echo(schema_json(kind))


def _build_all(
    config: str | None, jobs: int | None, force: bool, strict: bool, out_dir: str | None
) -> None:
    """`build --all`: progress bar while workers build, then one table row per PDF."""
    from . import batch  # imported here: heavy, and only --all needs it
    workspace = Path.cwd()
    path = Path(config) if config else workspace / batch.CONFIG_FILE
    try:
        plan = batch.plan_matrix(
            workspace, batch.read_config(path), Path(out_dir) if out_dir else None
        )
    except BrochureError as exc:
        _fail(exc.problems)
    total = len(plan.jobs) + len(plan.failed)
    start = time.perf_counter()
    with click.progressbar(
        length=total, label=f"{total} PDFs", file=sys.stderr, show_pos=True,
        item_show_func=lambda name: name,
    ) as bar:
        results = batch.run(plan, jobs, force, lambda r: bar.update(1, r.job.name), strict)
    wall = time.perf_counter() - start
    for result in results:
        if result.status == "failed":
            click.echo(f"FAILED {result.job.name}", err=True)
            _report(result.errors)
        elif result.status == "built":
            _report(result.warnings)
    width = max((len(r.job.name) for r in results), default=10)
    click.echo(f"{'PDF':<{width}}  {'status':<7}  {'time':>6}  {'size':>7}")
    for r in results:
        took = f"{r.seconds:.2f}s" if r.status != "skipped" else "-"
        size = f"{r.size // 1024} KB" if r.size else "-"
        click.echo(f"{r.job.name:<{width}}  {r.status:<7}  {took:>6}  {size:>7}")
    sums = batch.totals(results)
    per_pdf = f", CPU {sums.cpu / sums.built:.2f} s per built PDF" if sums.built else ""
    click.echo(
        f"{len(results)} PDFs: {sums.built} built, {sums.failed} failed, {sums.skipped} "
        f"skipped (unchanged) in {wall:.1f} s{per_pdf}; {sums.size / 1e6:.1f} MB in {plan.out}"
    )
    if not sums.ok:
        sys.exit(1)


@main.command()
@click.argument("brochure")
@click.option("--to", "to", required=True, metavar="ADDRESS", help="The patient's address.")
@click.option("--lang", metavar="TAG", help="Language (default: the source language).")
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="handout", show_default=True)
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="letter", show_default=True)
@click.option("--edition", help="Named section selection from brochure.yaml.")
@click.option("--clinic", help="Clinic profile (or id): sender name, address and contact.")
@click.option("--from", "from_", metavar="ADDRESS", help="Sender (default: the clinic's email).")
@click.option("--subject", help="Subject line (default: the localized 'Your brochure: TITLE').")
@click.option(
    "--pdf", type=click.Path(exists=True, dir_okay=False), help="Attach this PDF, not a new build."
)
@click.option(
    "--full-resolution", is_flag=True, help="Keep pictures as they are (default: ≤ 150 dpi)."
)
@click.option("--eml", type=click.Path(dir_okay=False), help="Write the message to this file.")
@click.option(
    "--smtp", metavar="HOST[:PORT]", help="Send via this server (587 STARTTLS, 465 TLS)."
)
@click.option("--force", is_flag=True, help="Send a message above 10 MB all the same.")
@click.option("--resend", is_flag=True, help="Send even if this message was sent before.")
def email(
    brochure, to, lang, layout, paper, edition, clinic, from_, subject, pdf, full_resolution,
    eml, smtp, force, resend,
) -> None:
    """Email BROCHURE as a PDF: write the message (--eml FILE) or send it (--smtp HOST).

    SMTP credentials come only from BROCHURE_SMTP_USER and BROCHURE_SMTP_PASSWORD.
    """
    from . import mail
    if bool(eml) == bool(smtp):
        raise click.UsageError("give --eml FILE (write the message) or --smtp HOST (send it)")
    try:
        recipient = mail.check_address(to)
        server = mail.parse_server(smtp) if smtp else None
        login = mail.credentials() if smtp else None
    except mail.MailError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        loaded = _load(brochure, (lang,) if lang else ())
        tag = lang or loaded.meta.source_language
        choose_sections(loaded, edition, None)
        profile = None
        if clinic:
            profile = load_profile(find_profile(clinic, loaded.workspace), loaded.workspace)
        try:
            sender = mail.Sender.of(profile, from_, loaded.meta.publisher)
        except mail.MailError as exc:
            raise click.UsageError(str(exc)) from None
        if pdf:
            data = Path(pdf).read_bytes()
        else:
            dpi = None if full_resolution else mail.EMAIL_DPI
            options = BuildOptions(layout, paper, edition, clinic=profile, max_image_dpi=dpi)
            result = render_pdf(loaded, tag, options, _progress)
            _report(result.warnings)
            data = result.pdf
    except SelectionError as exc:
        raise click.UsageError("; ".join(p.message for p in exc.problems)) from None
    except BrochureError as exc:
        _fail(exc.problems)
    try:
        message = mail.compose(loaded.languages[tag].content, tag, data, recipient, sender, subject)
        raw = mail.as_bytes(message)
        warning = mail.size_check(len(raw), force)
        if warning:
            click.echo(f"warning: {warning}", err=True)
        if eml:
            write_atomically(Path(eml), raw)
            click.echo(f"wrote {eml} ({len(raw) // 1024} KB) for {mail.mask(recipient)}")
            return
        journal = mail.Journal(_state_dir() / "sent-mail.jsonl")
        used = mail.send(message, server, journal, login, resend=resend)
    except mail.MailError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    protection = {"starttls": "STARTTLS", "implicit": "TLS", "none": "no TLS, loopback"}[used]
    click.echo(
        f"sent to {mail.mask(recipient)} via {server} ({protection}), {len(raw) // 1024} KB, "
        f"{message['Message-ID']}"
    )


def _state_dir() -> Path:
    """Where `email` keeps its journal of sent messages (BROCHURE_STATE_DIR overrides)."""
    import os

    import platformdirs

    return Path(os.environ.get("BROCHURE_STATE_DIR") or platformdirs.user_state_path("brochure"))


@main.command()
@click.argument("brochure")
@click.option("--lang", "langs", multiple=True, metavar="TAG", help="Language(s) (default: all).")
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="handout", show_default=True)
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="letter", show_default=True)
@click.option("--edition", help="Named section selection from brochure.yaml.")
@click.option("--clinic", help="Clinic profile (or id) for branding.")
@click.option("--dpi", type=click.IntRange(30, 600), default=110, show_default=True)
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), default="output/preview",
    show_default=True,
)
def preview(brochure, langs, layout, paper, edition, clinic, dpi, out_dir) -> None:
    """PNG pages, a contact sheet and (tri-fold) a folded view of BROCHURE or of a PDF file."""
    from .preview import write_preview
    from .styles import is_rtl

    out = Path(out_dir)
    if brochure.lower().endswith(".pdf") and Path(brochure).is_file():
        path = Path(brochure)
        parts = path.stem.split("-")
        layout_, paper_ = (parts[-2], parts[-1]) if len(parts) > 2 else (layout, paper)
        if layout_ not in LAYOUTS or paper_ not in PAPERS:
            layout_, paper_ = layout, paper
        shown = write_preview(path.read_bytes(), out, path.stem, layout_, paper_,
                              is_rtl(_pdf_lang(path)), dpi)
        _echo_preview(shown)
        return
    try:
        loaded = _load(brochure, langs)
        choose_sections(loaded, edition, None)
        profile = None
        if clinic:
            profile = load_profile(find_profile(clinic, loaded.workspace), loaded.workspace)
        options = BuildOptions(layout, paper, edition, clinic=profile)
        for lang in list(langs) or list(loaded.languages):
            result = render_pdf(loaded, lang, options, _progress)
            _report(result.warnings)
            stem = output_name(loaded.id, lang, options).removesuffix(".pdf")
            _echo_preview(write_preview(result.pdf, out, stem, layout, paper, is_rtl(lang), dpi))
    except SelectionError as exc:
        raise click.UsageError("; ".join(p.message for p in exc.problems)) from None
    except BrochureError as exc:
        _fail(exc.problems)


def _pdf_lang(path: Path) -> str:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return str(pdf.Root.get("/Lang", "en"))


def _echo_preview(shown) -> None:
    extra = f", {shown.folded}" if shown.folded else ""
    click.echo(f"wrote {len(shown.pages)} page PNG(s), {shown.sheet}{extra}")


@main.command(name="watch")
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

    from .watch import Target, watch

    cwd = Path.cwd()
    options = [
        BuildOptions(layout, paper, edition)
        for layout in layouts or ("handout",)
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


@main.command(name="new")
@click.argument("brochure_id", metavar="ID")
@click.option("--title", help="The brochure's title (default: made from the id).")
@click.option("--lang", default="en", show_default=True, help="The source language.")
def new_command(brochure_id, title, lang) -> None:
    """Start a brochure: content/ID/ with every block kind shown once, ready to build."""
    from .scaffold import new_brochure

    try:
        written = new_brochure(Path.cwd(), brochure_id, title, lang)
    except BrochureError as exc:
        _fail(exc.problems)
    for path in written:
        click.echo(f"wrote {path.relative_to(Path.cwd())}")
    click.echo(f"next: edit them, then `brochure check {brochure_id}` and "
               f"`brochure build {brochure_id}`")
