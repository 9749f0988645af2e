"""Watch: rebuild a brochure's PDFs whenever one of its files is saved.

Polling with `os.stat` (size, mtime, inode) keeps this free of platform file-event APIs and
works on network drives and in containers; at 0.1 s it costs nothing measurable. A
change is acted on once the files have stopped changing for a moment, so an editor that
writes in several steps is seen once. Everything runs in one process, so fonts and
styles stay warm and a rebuild of one language takes a fraction of a second.

A half-saved or broken file is only a failed round: its problems are reported with
FILE:LINE:COL, the last good PDF stays in place, and watching goes on.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import field, replace
from pathlib import Path

from brochure.clinic.profile import load_profile
from brochure.content.loader import BROCHURE_FILE, LoadedBrochure, load_brochure
from brochure.errors import BrochureError, Problem
from brochure.files import write_atomically
from brochure.records import record
from brochure.workflow.inputs import build_inputs
from brochure.workflow.render import BuildOptions, output_name, render_pdf

Stamp = tuple[int, int, int] | None  # (mtime_ns, size, inode); None: the file is missing


@record
class Round:
    """One rebuild: what changed, what was written, what went wrong, how long it took."""

    changed: list[Path]
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


@record
class Target:
    """One brochure to keep built: which languages and options, where to."""

    folder: Path
    workspace: Path
    options: list[BuildOptions]
    out: Path
    langs: list[str] | None = None
    clinic: Path | None = None
    _inputs: set[Path] = field(default_factory=set)

    def files(self) -> set[Path]:
        """Every file a build of this brochure reads: content, profile, pictures."""
        found = set(self.folder.glob("*.yaml")) | {self.folder / BROCHURE_FILE} | self._inputs
        if self.clinic is not None:
            found.add(self.clinic)
        return found

    def build(self, changed: set[Path] | None) -> Round:
        """Rebuild what `changed` affects (everything when None)."""
        start = time.perf_counter()
        result = Round(sorted(changed or []))
        try:
            langs = self._affected(changed)
            loaded = load_brochure(self.folder, self.workspace, langs)
            profile = load_profile(self.clinic, self.workspace) if self.clinic else None
            self._inputs = set(build_inputs(loaded, None, self.clinic, profile))
            result.problems += loaded.warnings
            for lang in langs or self.langs or list(loaded.languages):
                for options in self.options:
                    branded = replace(options, clinic=profile,
                                      clinic_id=self.clinic.stem if self.clinic else None)
                    path = self._one(loaded, lang, branded, result)
                    if path is not None:
                        result.written.append(path)
        except BrochureError as exc:
            result.problems += exc.problems
        except Exception as exc:  # a watcher must outlive any one bad save, even a bug
            where = traceback.extract_tb(exc.__traceback__)[-1]
            result.problems.append(Problem(
                "brochure", 0, 0,
                f"internal error while building ({exc.__class__.__name__}: {exc} at "
                f"{Path(where.filename).name}:{where.lineno}); still watching",
            ))
        result.seconds = time.perf_counter() - start
        return result

    def _one(
        self, loaded: LoadedBrochure, lang: str, options: BuildOptions, result: Round
    ) -> Path | None:
        try:
            built = render_pdf(loaded, lang, options)
        except BrochureError as exc:
            result.problems += exc.problems
            return None
        result.problems += built.warnings
        path = self.out / output_name(loaded.id, lang, options)
        write_atomically(path, built.pdf)
        return path

    def _affected(self, changed: set[Path] | None) -> list[str] | None:
        """Only the languages whose own file changed; None (all) for shared inputs."""
        if changed is None:
            return self.langs
        tags = set()
        for path in changed:
            if path.parent != self.folder or path.name == BROCHURE_FILE:
                return self.langs
            tags.add(path.stem)
        existing = {p.stem for p in self.folder.glob("*.yaml")}
        wanted = [t for t in sorted(tags) if t in existing and (not self.langs or t in self.langs)]
        return wanted or self.langs


def stamp(path: Path) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def watch(
    targets: list[Target],
    stop: threading.Event,
    interval: float = 0.1,
    settle: float = 0.05,
    clock: Callable[[], float] = time.perf_counter,
) -> Iterator[tuple[Target, Round]]:
    """Build every target once, then again whenever its files change, until `stop` is set.

    Yields (target, round) after each build. A change is built once the files have been
    still for `settle` seconds (an editor saving in several writes is one change).
    """
    seen: dict[Path, Stamp] = {}
    for target in targets:
        done = target.build(None)
        seen.update({p: stamp(p) for p in target.files()})
        yield target, done
    while not stop.wait(interval):
        for target in targets:
            known = {p for p in seen if p.parent == target.folder}  # deletions count too
            changed = {p for p in target.files() | known if stamp(p) != seen.get(p, "unknown")}
            if not changed:
                continue
            changed |= _settled(target, changed, settle, stop)
            seen.update({p: stamp(p) for p in target.files() | changed})
            yield target, target.build(changed)


def _settled(target: Target, changed: set[Path], settle: float, stop: threading.Event) -> set[Path]:
    """Wait until the files stop changing (bounded: a file rewritten forever still builds)."""
    before = {p: stamp(p) for p in target.files() | changed}
    more: set[Path] = set()
    for _ in range(20):
        if stop.wait(settle):
            break
        now = {p: stamp(p) for p in target.files() | changed}
        moved = {p for p in now if now[p] != before.get(p)}
        if not moved:
            break
        more |= moved
        before = now
    return more
