"""`brochure build`: one brochure's PDFs, or the whole matrix in brochure.toml (--all)."""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

import click

from brochure.cli.collector import imports_done
from brochure.cli.common import _fail, _progress, _report, _writable, set_up
from brochure.errors import BrochureError, Problem
from brochure.files import write_atomically
from brochure.layouts import DEFAULT_LAYOUT, LAYOUTS, PAPERS, large_print_refusal

FORMATS = ("pdf", "html")


@click.command(name="build")
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
@click.option("-o", "out_file", type=click.Path(dir_okay=False), help="Write a single file here.")
@click.option(
    "--format", "formats", multiple=True, type=click.Choice(FORMATS),
    help="pdf (default) or html: one self-contained web page per language (repeat for both).",
)
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
    formats,
) -> None:
    """Build PDFs of BROCHURE (a folder path, or an id under content/), or --all."""
    # Imported here, not at the top: `brochure --help` must not pay for ReportLab.
    from brochure.workflow.render import BuildOptions, BuildResult, output_name, render_pdf

    if build_all:
        single = [langs, layouts, papers, edition, sections, clinic, large_print, print_marks,
                  fit, pdfa, out_file, brochure, formats]
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
    for name in layouts:
        if large_print and not LAYOUTS[name].large_print:
            raise click.UsageError(large_print_refusal(name))
    formats = tuple(dict.fromkeys(formats)) or ("pdf",)
    if "pdf" not in formats:
        print_only = [("--layout", layouts), ("--paper", papers), ("--large-print", large_print),
                      ("--print-marks", print_marks), ("--fit", fit), ("--pdfa", pdfa),
                      ("--no-tags", not tags)]
        given = [name for name, value in print_only if value]
        if given:
            raise click.UsageError(
                f"{', '.join(given)} only change(s) the PDF; the HTML edition has no layout "
                "or paper (add --format pdf to build both)"
            )
    try:
        ready = set_up(brochure, () if all_languages else langs, edition, sections, clinic)
    except BrochureError as exc:
        _fail(exc.problems)
    imports_done()  # the stack is imported and the brochure loaded: collect from here on
    loaded, section_ids = ready.loaded, ready.sections
    profile, clinic_id = ready.profile, ready.clinic_id
    targets = [
        (
            lang,
            BuildOptions(
                layout=layout, paper=paper, edition=edition, sections=section_ids,
                clinic=profile, large_print=large_print, print_marks=print_marks, fit=fit,
                tagged=tags, pdfa=pdfa, fit_hint="--fit", clinic_id=clinic_id,
            ),
        )
        for lang in (list(langs) if langs and not all_languages else list(loaded.languages))
        for layout in (layouts or (DEFAULT_LAYOUT,))
        for paper in (papers or ("letter",))
    ]
    if "pdf" not in formats:
        targets = []
    html_langs = (
        list(dict.fromkeys(lang for lang, _ in targets))
        or (list(langs) if langs and not all_languages else list(loaded.languages))
    ) if "html" in formats else []
    if out_file and len(targets) + len(html_langs) != 1:
        raise click.UsageError(
            f"-o names one file but this build makes {len(targets) + len(html_langs)} files; "
            "choose one --lang, --layout, --paper and --format, or use --out DIR"
        )
    warnings = list(loaded.warnings)
    if strict:
        _gate(loaded, list(dict.fromkeys([lang for lang, _ in targets] + html_langs)))
    _report(warnings)
    def pdf(lang: str, options: BuildOptions) -> BuildResult:
        return render_pdf(loaded, lang, options, _progress)

    if html_langs:  # the HTML edition's stack (css-inline...) only when it is asked for
        from brochure.html import html_output_name, render_html

    def html(lang: str) -> BuildResult:
        page = render_html(loaded, lang, edition, section_ids, profile)
        return BuildResult(page.data, page.warnings)

    # (what to build, the file it goes to): every PDF, then every HTML edition
    outputs = [(partial(pdf, lang, options), output_name(loaded.id, lang, options))
               for lang, options in targets]
    outputs += [(partial(html, lang), html_output_name(loaded.id, lang, clinic_id))
                for lang in html_langs]
    failed: list[Problem] = []
    for build_one, name in outputs:
        try:
            result = build_one()
        except BrochureError as exc:
            failed += exc.problems
            continue
        if strict and result.warnings:
            failed += result.warnings
            continue
        _report(result.warnings)
        path = Path(out_file) if out_file else Path(out_dir) / name
        _writable(path, loaded.workspace)
        write_atomically(path, result.pdf)
        click.echo(f"wrote {path} ({len(result.pdf) // 1024} KB)")
        for note in result.notes:
            click.echo(f"  {note}")
    if failed:
        _fail(failed)


# `build` resumes garbage collection itself, once its stack is imported (cli/collector.py).
build.collects_after_imports = True


def _gate(loaded, langs: list[str]) -> None:
    """`build --strict`: run the health-literacy gate first; refuse to build if it fails."""
    from brochure.checks import run_checks, summary_line  # heavy, and only --strict needs it

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


def _build_all(
    config: str | None, jobs: int | None, force: bool, strict: bool, out_dir: str | None
) -> None:
    """`build --all`: progress bar while workers build, then one table row per PDF."""
    from brochure.workflow import batch  # imported here: heavy, and only --all needs it

    imports_done()  # before the workers fork: they share the frozen objects
    workspace = Path.cwd()
    path = Path(config) if config else workspace / batch.CONFIG_FILE
    try:
        if config is None and not path.exists():
            matrix = batch.default_config()
            click.echo(f"note: no {batch.CONFIG_FILE} here, so building {batch.DEFAULT_MATRIX}; "
                       f"`brochure init` writes a {batch.CONFIG_FILE} to choose", err=True)
        else:
            matrix = batch.read_config(path)
        plan = batch.plan_matrix(workspace, matrix, Path(out_dir) if out_dir else None)
    except BrochureError as exc:
        _fail(exc.problems)
    for notice in plan.notices:
        click.echo(f"note: {notice}", err=True)
    total = len(plan.jobs) + len(plan.failed)
    mixed = any(job.format != "pdf" for job in plan.jobs)  # formats = ["pdf", "html"]
    noun, head = ("files", "file") if mixed else ("PDFs", "PDF")
    start = time.perf_counter()
    with click.progressbar(
        length=total, label=f"{total} {noun}", file=sys.stderr, show_pos=True,
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
    click.echo(f"{head:<{width}}  {'status':<7}  {'time':>6}  {'size':>7}")
    for r in results:
        took = f"{r.seconds:.2f}s" if r.status != "skipped" else "-"
        size = f"{r.size // 1024} KB" if r.size else "-"
        click.echo(f"{r.job.name:<{width}}  {r.status:<7}  {took:>6}  {size:>7}")
    sums = batch.totals(results)
    rate = f" ({sums.built / wall:.1f} {noun}/s)" if sums.built and wall > 0 else ""
    per_pdf = f", CPU {sums.cpu / sums.built:.2f} s per built {head}" if sums.built else ""
    click.echo(
        f"{len(results)} {noun}: {sums.built} built, {sums.failed} failed, {sums.skipped} "
        f"skipped (unchanged) in {wall:.1f} s{rate}{per_pdf}; {sums.size / 1e6:.1f} MB in "
        f"{plan.out}"
    )
    if not sums.ok:
        sys.exit(1)
