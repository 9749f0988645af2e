"""Batch builds: the project's whole build matrix, in parallel, skipping what has not changed.

The matrix lives in a TOML file at the workspace root (`brochure.toml`): brochures ×
languages × layouts × papers, with per-layout settings such as the tri-fold's edition.
Each PDF is one job. Jobs run in worker processes (ReportLab holds the GIL, so threads
would not help); one failure never stops the others.

A job is skipped when its *input hash* matches the one recorded beside the PDF in
`<out>/.brochure-build.json`: the bytes of the content files it reads, the clinic
profile and every asset it draws, the job's options, and the code and fonts that turn
them into a PDF (the package's own files and its dependencies' versions). So a second
run with nothing changed only hashes files.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import re
import time
import tomllib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, field, replace
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from brochure.clinic.profile import find_profile, load_profile
from brochure.content.loader import LoadedBrochure, list_brochures, load_brochure
from brochure.content.model import Clinic
from brochure.errors import BrochureError, Problem, os_problem
from brochure.files import write_atomically
from brochure.html import html_output_name, render_html
from brochure.layouts import DEFAULT_LAYOUT, LAYOUTS, PAPERS
from brochure.records import record
from brochure.workflow.inputs import build_inputs, identity
from brochure.workflow.render import (
    BuildOptions,
    BuildResult,
    output_name,
    render_pdf,
    story_context,
)

CONFIG_FILE = "brochure.toml"
MANIFEST = ".brochure-build.json"
Status = Literal["built", "failed", "skipped"]


# ---------------------------------------------------------------- the config file


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LayoutSettings(_Config):
    """Settings that apply to every build of one layout (e.g. the tri-fold's edition)."""

    edition: str | None = None
    fit: bool = False
    print_marks: bool = False


class MatrixConfig(_Config):
    """`[build]`: what `brochure build --all` builds."""

    out: str = "output"
    brochures: Literal["all"] | list[str] = "all"
    languages: Literal["all"] | list[str] = "all"
    layouts: list[str] = Field(default_factory=lambda: [DEFAULT_LAYOUT], min_length=1)
    papers: list[str] = Field(default_factory=lambda: ["letter"], min_length=1)
    clinic: str | None = None
    formats: list[Literal["pdf", "html"]] = Field(default_factory=lambda: ["pdf"], min_length=1)

    @field_validator("layouts")
    @classmethod
    def _known_layouts(cls, value: list[str]) -> list[str]:
        return _known(value, LAYOUTS, "layout")

    @field_validator("papers")
    @classmethod
    def _known_papers(cls, value: list[str]) -> list[str]:
        return _known(value, PAPERS, "paper")


def _known(values: list[str], known: Iterable[str], what: str) -> list[str]:
    unknown = [v for v in values if v not in known]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return values


class ConfigFile(_Config):
    build: MatrixConfig = MatrixConfig()
    layouts: dict[str, LayoutSettings] = {}
    # Without a brochure.toml: each language on its readers' paper (see `default_paper`).
    paper_by_language: bool = Field(default=False, exclude=True)

    @field_validator("layouts")
    @classmethod
    def _known_layouts(cls, value: dict[str, LayoutSettings]) -> dict[str, LayoutSettings]:
        _known(list(value), LAYOUTS, "layout")
        return value


def default_config() -> ConfigFile:
    """The matrix when a workspace has no brochure.toml: every brochure × language, as a
    handout, on each language's usual paper (letter or A4 by its region)."""
    return ConfigFile(paper_by_language=True)


DEFAULT_MATRIX = (
    "every brochure × language as a handout, on letter paper for languages of the Americas "
    "and the Philippines that use it, A4 for the rest"
)


@cache
def _letter_regions() -> frozenset[str]:
    import yaml

    text = (Path(__file__).parent.parent / "layouts" / "papers.yaml").read_text(encoding="utf-8")
    return frozenset(yaml.safe_load(text)["letter_regions"])


def default_paper(lang: str) -> str:
    """`letter` where the language's region prints on US Letter, else `a4`."""
    from babel.core import get_global

    parts = lang.replace("_", "-").split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), None)
    if region is None or region.isdigit():
        likely = get_global("likely_subtags").get(parts[0].lower(), "")
        region = next((p for p in likely.split("_")[1:] if len(p) == 2), None)
    return "letter" if region in _letter_regions() else "a4"


def read_config(path: Path) -> ConfigFile:
    """The build matrix from a TOML file; BrochureError naming every wrong key."""
    display = str(path)
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BrochureError([Problem(
            display, line, col, f"byte 0x{raw[exc.start]:02X} is not UTF-8; save the file as "
            "UTF-8 (your editor's \"Save with encoding\")",
        )]) from None
    except FileNotFoundError:
        raise BrochureError(
            [Problem(display, 0, 0, f"no {path.name} here; `brochure build --all` reads the "
                     "build matrix from it (see the project's brochure.toml)")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 has the position only in the message: "... (at line 1, column 7)".
        text = str(exc)
        found = re.search(r" \(at line (\d+), column (\d+)\)$", text)
        line, col = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        message = text[: found.start()] if found else text
        raise BrochureError([Problem(display, line, col, f"not valid TOML: {message}")]) from None
    try:
        config = ConfigFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(display, 0, 0, f"`{'.'.join(str(p) for p in err['loc'])}`: {err['msg']}")
            for err in exc.errors()
        ]
        raise BrochureError(problems) from None
    out = path.parent / config.build.out
    if out.exists() and not out.is_dir():
        found = re.search(r"^[ \t]*out[ \t]*=", raw.decode("utf-8"), re.MULTILINE)
        line = raw.decode("utf-8").count("\n", 0, found.start()) + 1 if found else 0
        raise BrochureError([Problem(
            display, line, 1, f"`out` names `{config.build.out}`, a file, not a folder; "
            "give a folder for the PDFs",
        )])
    return config


# ---------------------------------------------------------------- jobs


@record(frozen=True)
class Job:
    """One PDF of the matrix."""

    brochure: str
    folder: Path
    lang: str
    layout: str
    paper: str
    edition: str | None = None
    fit: bool = False
    print_marks: bool = False
    clinic: Path | None = None
    format: str = "pdf"  # or "html": the HTML edition (layout, paper and settings unused)

    def options(self, profile: Clinic | None) -> BuildOptions:
        return BuildOptions(
            layout=self.layout, paper=self.paper, edition=self.edition, clinic=profile,
            print_marks=self.print_marks, fit=self.fit,
            fit_hint=f"`fit = true` under [layouts.{self.layout}] in {CONFIG_FILE}",
            clinic_id=self.clinic.stem if self.clinic else None,
        )

    @property
    def name(self) -> str:
        clinic = self.clinic.stem if self.clinic else None
        if self.format == "html":
            return html_output_name(self.brochure, self.lang, clinic)
        return output_name(self.brochure, self.lang,
                           BuildOptions(layout=self.layout, paper=self.paper,
                                        clinic_id=clinic))


@record
class JobResult:
    """What happened to one job: status, wall and CPU seconds, PDF size, problems."""

    job: Job
    status: Status
    seconds: float = 0.0
    cpu: float = 0.0
    size: int = 0
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    digest: str = ""


@record
class Plan:
    """The jobs of a run, plus brochures that could not even be loaded (their jobs failed)."""

    workspace: Path
    out: Path
    jobs: list[Job]
    digests: dict[Job, str]
    failed: list[JobResult]
    notices: list[str] = field(default_factory=list)  # what the plan decided on its own


def plan_matrix(workspace: Path, config: ConfigFile, out: Path | None = None) -> Plan:
    """Expand the matrix into jobs and hash each job's inputs."""
    matrix = config.build
    out = out if out is not None else workspace / matrix.out
    folders = list_brochures(workspace)
    if matrix.brochures != "all":
        by_id = {f.name: f for f in folders}
        unknown = [b for b in matrix.brochures if b not in by_id]
        if unknown:
            raise BrochureError([Problem(CONFIG_FILE, 0, 0, "`build.brochures` names no brochure "
                                         f"folder for {', '.join(unknown)}")])
        folders = [by_id[b] for b in matrix.brochures]
    clinic_path = find_profile(matrix.clinic, workspace) if matrix.clinic else None
    code = code_digest()
    jobs: list[Job] = []
    digests: dict[Job, str] = {}
    failed: list[JobResult] = []
    notices: list[str] = []
    for folder in folders:
        tags = sorted(p.stem for p in folder.glob("*.yaml") if p.name != "brochure.yaml")
        langs = tags if matrix.languages == "all" else [t for t in matrix.languages if t in tags]
        here = [
            Job(folder.name, folder, lang, layout, paper, *_settings(config, layout), clinic_path)
            for layout in (matrix.layouts if "pdf" in matrix.formats else [])
            for paper in matrix.papers
            for lang in langs
            if not config.paper_by_language
        ] + [
            Job(folder.name, folder, lang, layout, default_paper(lang), *_settings(config, layout),
                clinic_path)
            for layout in matrix.layouts
            for lang in langs
            if config.paper_by_language
        ]
        if "html" in matrix.formats:  # one page per language: no layout, no paper
            here += [Job(folder.name, folder, lang, "html", "", clinic=clinic_path,
                         format="html") for lang in langs]
        try:
            loaded = _load(folder, workspace)
            profile = _profile(clinic_path, workspace) if clinic_path else None
        except BrochureError as exc:
            failed += [JobResult(job, "failed", errors=exc.problems) for job in here]
            continue
        for job in here:
            if job.edition and job.edition not in loaded.meta.editions:
                notice = (
                    f"{folder.name}: brochure.yaml has no `{job.edition}` edition, so the "
                    f"{job.layout} uses every section; add `{job.edition}: [section ids]` "
                    "under `editions:` to choose"
                )
                if notice not in notices:
                    notices.append(notice)
                job = replace(job, edition=None)
            jobs.append(job)
            digests[job] = job_digest(job, loaded, code, profile)
    return Plan(workspace, out, jobs, digests, failed, notices)


def _settings(config: ConfigFile, layout: str) -> tuple[str | None, bool, bool]:
    s = config.layouts.get(layout, LayoutSettings())  # type: ignore[call-overload]
    return s.edition, s.fit, s.print_marks


# ---------------------------------------------------------------- input hashes


@cache
def code_digest() -> str:
    """The code, data and fonts that make PDFs: package files and dependency versions."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json", ".css", ".ttf", ".otf") and path.is_file():
            h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for requirement in metadata.requires("brochure") or []:
        name = requirement.split(";")[0]
        for sep in "<>=!~[ (":
            name = name.split(sep)[0]
        try:
            h.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            continue
    return h.hexdigest()


def job_digest(job: Job, loaded: LoadedBrochure, code: str, profile: Clinic | None = None) -> str:
    """Everything one output depends on, hashed: the files it reads (`build_inputs`),
    its options and the code."""
    h = hashlib.sha256(code.encode())
    h.update(repr((job.format, job.layout, job.paper, job.edition, job.fit, job.print_marks))
             .encode())
    for path in build_inputs(loaded, [job.lang], job.clinic, profile):
        _hash_file(h, path)
    return h.hexdigest()


def _hash_file(h, path: Path) -> None:
    h.update(str(path).encode() + b"\0")
    try:
        h.update(hashlib.sha256(path.read_bytes()).digest())
    except OSError:
        h.update(b"<missing>")


# ---------------------------------------------------------------- the manifest


def read_manifest(out: Path) -> dict[str, dict]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_current(entry: dict | None, digest: str, pdf: Path) -> bool:
    if not entry or entry.get("hash") != digest:
        return False
    try:
        return pdf.stat().st_size == entry.get("size")
    except OSError:
        return False


def write_manifest(out: Path, manifest: dict[str, dict]) -> None:
    text = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False)
    write_atomically(out / MANIFEST, text.encode("utf-8"))


# ---------------------------------------------------------------- running


# A worker builds many outputs of the same brochure: each is loaded once per process, and
# loaded again when any file in its folder (or the profile) is not the one loaded.
_LOADED: dict[tuple[Path, Path], tuple[tuple, LoadedBrochure]] = {}
_PROFILES: dict[tuple[Path, Path], tuple[tuple, Clinic]] = {}


def _load(folder: Path, workspace: Path) -> LoadedBrochure:
    key = (folder, workspace)
    files = tuple(identity(p) for p in sorted(folder.glob("*.yaml")))
    cached = _LOADED.get(key)
    if cached is None or cached[0] != files:
        _LOADED[key] = (files, load_brochure(folder, workspace))
    return _LOADED[key][1]


def _profile(path: Path, workspace: Path) -> Clinic:
    key = (path, workspace)
    cached = _PROFILES.get(key)
    if cached is None or cached[0] != (identity(path),):
        _PROFILES[key] = ((identity(path),), load_profile(path, workspace, workspace))
    return _PROFILES[key][1]


def build_job(
    job: Job, workspace: Path, out: Path, digest: str = "", strict: bool = False
) -> JobResult:
    """Build one PDF and write it atomically; every user error becomes a failed result
    (with `strict`, so does a warning, and nothing is written)."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        loaded = _load(job.folder, workspace)
        profile = _profile(job.clinic, workspace) if job.clinic else None
        if job.format == "html":
            page = render_html(loaded, job.lang, clinic=profile)
            result = BuildResult(page.data, page.warnings)
        else:
            result = render_pdf(loaded, job.lang, job.options(profile))
        if strict and (_own(loaded, job.lang) or result.warnings):
            raise BrochureError([*_own(loaded, job.lang), *result.warnings])
        write_atomically(out / job.name, result.pdf)
    except BrochureError as exc:
        return JobResult(job, "failed", time.perf_counter() - start,
                         time.process_time() - cpu, errors=exc.problems)
    except OSError as exc:  # the environment (a full disk, no permission), not a bug
        return JobResult(job, "failed", time.perf_counter() - start,
                         time.process_time() - cpu, errors=[os_problem(exc)])
    except Exception as exc:  # noqa: BLE001 - a bug on one input must not stop the others
        where = str(job.folder.relative_to(workspace) if job.folder.is_relative_to(workspace)
                    else job.folder)
        bug = Problem(where, 0, 0, f"internal error building {job.name}: "
                      f"{type(exc).__name__}: {exc}; this is a bug in brochure — please report "
                      "it with this brochure (the other PDFs were built)")
        return JobResult(job, "failed", time.perf_counter() - start,
                         time.process_time() - cpu, errors=[bug])
    return JobResult(
        job, "built", time.perf_counter() - start, time.process_time() - cpu, len(result.pdf),
        warnings=result.warnings, notes=result.notes, digest=digest,
    )


def _own(loaded: LoadedBrochure, lang: str) -> list[Problem]:
    """The load warnings about this language's file or the shared brochure.yaml."""
    files = {loaded.meta_doc.display, loaded.languages[lang].doc.display}
    return [p for p in loaded.warnings if p.file in files]


_START = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")


def _worker_init() -> None:
    """Workers ignore Ctrl-C: the parent stops the pool and reports."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(
    plan: Plan,
    jobs: int | None = None,
    force: bool = False,
    on_result: Callable[[JobResult], None] | None = None,
    strict: bool = False,
) -> list[JobResult]:
    """Run every job of the plan; results in matrix order. `on_result` sees each as it ends.

    With `strict`, a warning fails its job, even one recorded when an unchanged PDF was built.
    """
    notify = on_result or (lambda r: None)
    manifest = read_manifest(plan.out)
    results: dict[Job, JobResult] = {}
    for failed in plan.failed:
        results[failed.job] = failed
        notify(failed)
    todo: list[Job] = []
    for job in plan.jobs:
        entry = manifest.get(job.name)
        if not force and _is_current(entry, plan.digests[job], plan.out / job.name):
            skipped = JobResult(job, "skipped", size=entry["size"])  # type: ignore[index]
            skipped.warnings = [Problem(**p) for p in entry.get("warnings", [])]  # type: ignore[union-attr]
            if strict and skipped.warnings:
                skipped = JobResult(job, "failed", errors=skipped.warnings)
            results[job] = skipped
            notify(skipped)
        else:
            todo.append(job)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    try:
        for result in _execute(plan, todo, workers, strict):
            results[result.job] = result
            if result.status == "built":
                manifest[result.job.name] = {
                    "hash": result.digest,
                    "size": result.size,
                    "warnings": [asdict(p) for p in result.warnings],
                }
            else:
                manifest.pop(result.job.name, None)
            notify(result)
    finally:  # also on Ctrl-C: what was built is recorded, the next run skips it
        if todo:
            write_manifest(plan.out, manifest)
    order = [f.job for f in plan.failed] + plan.jobs
    return [results[job] for job in order]


def _execute(plan: Plan, todo: list[Job], workers: int, strict: bool) -> Iterable[JobResult]:
    if workers == 1:
        for job in todo:
            yield build_job(job, plan.workspace, plan.out, plan.digests[job], strict)
        return
    # Longest jobs first (CJK and imposed layouts), so no worker is left with a big one last.
    ordered = sorted(todo, key=_weight, reverse=True)
    _preload(plan, todo)
    # What the parent holds now lives as long as the workers: out of the collector's
    # view, a worker neither walks it nor copies its memory pages by touching them.
    gc.freeze()
    # The workers start once for the whole run and, forked, begin with everything this
    # process has imported (ReportLab, pikepdf, the content model: this module imports the
    # render stack) and loaded (brochures, font sets) instead of doing it again; each
    # keeps what it adds across jobs.
    with ProcessPoolExecutor(workers, mp_context=_START, initializer=_worker_init) as pool:
        futures = [
            pool.submit(build_job, job, plan.workspace, plan.out, plan.digests[job], strict)
            for job in ordered
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def _preload(plan: Plan, todo: list[Job]) -> None:
    """Before the workers fork: each brochure's font set for every language to build,
    prepared for its characters, so no worker loads and subsets the same fonts again."""
    for folder, lang in dict.fromkeys((j.folder, j.lang) for j in todo if j.format == "pdf"):
        try:
            story_context(_load(folder, plan.workspace), lang, BuildOptions())
        except BrochureError:
            pass  # the job itself reports it, with the rest of its problems


def _weight(job: Job) -> int:
    return (job.lang.startswith(("zh", "ja", "ko")) * 2) + (job.layout != DEFAULT_LAYOUT)


# ---------------------------------------------------------------- summary


@record(frozen=True)
class Totals:
    """Counts and sums over a run (wall time is the caller's: workers overlap)."""

    built: int
    failed: int
    skipped: int
    cpu: float
    size: int

    @property
    def ok(self) -> bool:
        return self.failed == 0


def totals(results: list[JobResult]) -> Totals:
    count = {s: sum(r.status == s for r in results) for s in ("built", "failed", "skipped")}
    return Totals(
        count["built"], count["failed"], count["skipped"],
        sum(r.cpu for r in results), sum(r.size for r in results),
    )
