"""What the preview knows: each brochure's current state, built on demand, kept warm.

The watch machinery (`watch.watch` over one `Target` per brochure, with no PDF options)
follows every file a brochure reads and, on a save, loads the brochure again: that
round's problems become the brochure's state, and the version of each language it
affects goes up. Pages ask for a preview of (brochure, language, options); it is built
only when that version has none yet, so a save rebuilds only what changed and only what
someone looks at. The last good preview of each page is kept, so broken content never
takes it away. Builds run one at a time under a lock; nothing here is written to disk.
"""

from __future__ import annotations

import threading
from dataclasses import field
from io import BytesIO
from pathlib import Path

from brochure.clinic.profile import find_profile, load_profile
from brochure.content.loader import BROCHURE_FILE, LoadedBrochure, list_brochures, load_brochure
from brochure.errors import BrochureError, Problem
from brochure.html import render_html
from brochure.records import record
from brochure.workflow.render import BuildOptions, render_pdf
from brochure.workflow.watch import Round, Target, watch

PAGE_DPI = 72


@record(frozen=True)
class Choice:
    """What the reader chose on a brochure page: the PDF's layout, paper and clinic."""

    layout: str = "handout"
    paper: str = "letter"
    clinic: str = ""
    edition: str = ""


@record
class Preview:
    """One built page: the HTML edition, the PDF's pages as PNG, the check findings."""

    html: str
    pages: list[bytes]
    findings: list  # checks.Finding
    warnings: list[Problem]


@record
class Outcome:
    """A request's answer: the preview, or the problems that stopped it (and the last good)."""

    version: int
    preview: Preview | None = None
    problems: list[Problem] = field(default_factory=list)
    last_good: Preview | None = None


class PreviewTarget(Target):
    """A watch target that only loads (checks) the brochure: the preview builds on demand."""

    affected: list[str] | None = None

    def files(self) -> set[Path]:
        """Its own files and every clinic profile (a page may show any of them)."""
        return super().files() | set((self.workspace / "clinics").glob("*.yaml"))

    def build(self, changed: set[Path] | None) -> Round:
        self.affected = self._affected(changed)
        return super().build(changed)


class ServeState:
    """The preview's memory, shared by the request handlers and the watcher thread."""

    def __init__(self, workspace: Path, interval: float = 0.1):
        self.workspace = workspace.resolve()
        self.interval = interval
        self.lock = threading.RLock()
        self.stop = threading.Event()
        self.changed = threading.Condition()
        self._versions: dict[tuple[str, str], int] = {}
        self._generation = 0  # brochure-wide changes bump every language
        self._problems: dict[str, list[Problem]] = {}
        self._built: dict[tuple, Preview] = {}
        self._last_good: dict[tuple, Preview] = {}
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ versions

    def version(self, brochure: str, lang: str) -> int:
        return self._generation + self._versions.get((brochure, lang), 0)

    def problems(self, brochure: str) -> list[Problem]:
        return list(self._problems.get(brochure, []))

    def _record(self, target: PreviewTarget, done: Round) -> None:
        brochure = target.folder.name
        with self.changed:
            self._problems[brochure] = [p for p in done.problems if p.is_error]
            if target.affected is None or not done.changed:
                self._generation += 1
            else:
                for lang in target.affected:
                    key = (brochure, lang)
                    self._versions[key] = self._versions.get(key, 0) + 1
            self.changed.notify_all()

    # ------------------------------------------------------------ watching

    def start(self) -> None:
        """Follow the workspace's brochures in a background thread until `close`."""
        targets = [
            PreviewTarget(folder.resolve(), self.workspace, [], self.workspace / "output")
            for folder in list_brochures(self.workspace)
        ]

        def run() -> None:
            for target, done in watch(targets, self.stop, self.interval):
                self._record(target, done)

        self._thread = threading.Thread(target=run, name="brochure-serve-watch", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        with self.changed:
            self.changed.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def wait_for_change(self, brochure: str, lang: str, seen: int, timeout: float) -> int:
        """Block until the version moves past `seen` (or timeout, or closing); the version."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.version(brochure, lang) != seen or self.stop.is_set(), timeout
            )
            return self.version(brochure, lang)

    # ------------------------------------------------------------ building

    def brochures(self) -> list[Path]:
        return list_brochures(self.workspace)

    def folder(self, brochure: str) -> Path | None:
        folder = self.workspace / "content" / brochure
        if "/" in brochure or brochure.startswith(".") or not (folder / BROCHURE_FILE).is_file():
            return None
        return folder

    def load(self, brochure: str, langs: list[str] | None = None) -> LoadedBrochure:
        folder = self.folder(brochure)
        if folder is None:
            raise KeyError(brochure)
        with self.lock:
            return load_brochure(folder, self.workspace, langs)

    def preview(self, brochure: str, lang: str, choice: Choice) -> Outcome:
        """The preview for this version, built now if it has not been; never raises for
        content problems (they come back as the outcome's problems)."""
        page = (brochure, lang, choice)
        with self.lock:
            version = self.version(brochure, lang)
            key = (*page, version)
            outcome = Outcome(version, last_good=self._last_good.get(page))
            if key in self._built:
                outcome.preview = self._built[key]
                return outcome
            try:
                built = self._build(brochure, lang, choice)
            except BrochureError as exc:
                outcome.problems = exc.problems
                return outcome
            except KeyError:
                raise
            except Exception as exc:  # a bug must not take the preview down with it
                outcome.problems = [Problem(
                    brochure, 0, 0,
                    f"internal error while building ({exc.__class__.__name__}: {exc})",
                )]
                return outcome
            self._built = {k: v for k, v in self._built.items() if k[:3] != page}
            self._built[key] = self._last_good[page] = outcome.preview = built
            return outcome

    def _build(self, brochure: str, lang: str, choice: Choice) -> Preview:
        from brochure.checks import run_checks
        from brochure.workflow.preview import render_pages

        loaded = self.load(brochure, [lang])
        if lang not in loaded.languages:
            raise KeyError(lang)
        clinic = None
        if choice.clinic:
            path = find_profile(choice.clinic, self.workspace)
            clinic = load_profile(path, self.workspace, self.workspace)
        edition = choice.edition or None
        page = render_html(loaded, lang, edition, None, clinic)
        options = BuildOptions(layout=choice.layout, paper=choice.paper, edition=edition,
                               clinic=clinic)
        pdf = render_pdf(loaded, lang, options)
        pngs = []
        for image in render_pages(pdf.pdf, PAGE_DPI):
            buffer = BytesIO()
            image.save(buffer, "PNG")
            pngs.append(buffer.getvalue())
        report = run_checks(loaded, languages=[lang], clinic=choice.clinic or None,
                            cwd=self.workspace)
        findings = [f for f in report.problems if f.language in (lang, None)]
        return Preview(page.html, pngs, findings, page.warnings + pdf.warnings)
