"""What goes to a translator: the units of one language, with codes, states and notes.

The bundle is the one description that the XLIFF and PO writers serialise and the
importer checks a returned file against, so both formats say and validate the same.
"""

from __future__ import annotations

import math
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from brochure.content.loader import LoadedBrochure, load_brochure
from brochure.errors import BrochureError, Problem
from brochure.files import package_file
from brochure.readability import load_glossary, terms_in
from brochure.records import record
from brochure.translate import snapshots
from brochure.translate.inline import Piece, align, plain, to_pieces
from brochure.translate.state import Removed, Status, UnitState, unit_states


@record(frozen=True)
class BundleUnit:
    id: str
    kind: str
    section: str | None
    source: list[Piece]
    target: list[Piece] | None  # the current translation, offered for final/changed units
    status: Status
    notes: tuple[str, ...]
    max_length: int | None
    markup: bool


@record
class Bundle:
    brochure: str
    source_language: str
    target_language: str
    revision: str  # the source revision the units come from
    units: list[BundleUnit] = field(default_factory=list)

    @property
    def original(self) -> str:
        """The file the translation goes into, as XLIFF's `original` names it."""
        return f"{self.brochure}/{self.target_language}.yaml"

    def by_id(self) -> dict[str, BundleUnit]:
        return {u.id: u for u in self.units}


@record
class Project:
    """A brochure's source language and one translation, as files and data."""

    loaded: LoadedBrochure
    tag: str

    @property
    def folder(self) -> Path:
        return self.loaded.folder

    @property
    def source_path(self) -> Path:
        return self.loaded.source.doc.path

    @property
    def lang_path(self) -> Path:
        return self.folder / f"{self.tag}.yaml"

    @property
    def lang_display(self) -> str:
        return self.loaded.languages[self.tag].doc.display

    def source_bytes(self) -> bytes:
        return self.source_path.read_bytes()

    def revision(self) -> str:
        return snapshots.revision_of(self.source_bytes())

    def lang_data(self) -> Any:
        return self.loaded.languages[self.tag].doc.data

    def recorded_revision(self) -> str | None:
        translation = self.loaded.languages[self.tag].content.translation
        return translation.source_revision if translation else None

    def source_at(self, revision: str | None) -> Any | None:
        """The source data at `revision`: the current file, a snapshot, or None (unknown)."""
        if revision is None:
            return None
        if revision == self.revision():
            return self.loaded.source.doc.data
        data = snapshots.load(self.folder, revision)
        return None if data is None else yaml.safe_load(data.decode("utf-8-sig"))

    def states(self, revision: str | None = None) -> tuple[list[UnitState], list[Removed]]:
        """Unit states against the source at `revision` (default: the current source)."""
        revision = revision or self.revision()
        source = self.source_at(revision)
        recorded = self.recorded_revision()
        return unit_states(source, self.source_at(recorded), self.lang_data(),
                           recorded == revision)


def load_for(folder: Path, tag: str | None, cwd: Path | None = None) -> LoadedBrochure:
    """The brochure with its source language and translation `tag` (all languages when
    there is no such file, so a message can name those that exist): a broken file of
    another language does not stop work on this one."""
    safe = tag is not None and "/" not in tag and "\\" not in tag and tag not in ("", ".", "..")
    if safe and (folder / f"{tag}.yaml").is_file():
        return load_brochure(folder, cwd, [tag])  # type: ignore[list-item]
    return load_brochure(folder, cwd, None)


def open_project(folder: Path, tag: str, cwd: Path | None = None) -> Project:
    """Load a brochure for work on translation `tag`; every problem at once."""
    loaded = load_for(folder, tag, cwd)
    source = loaded.meta.source_language
    if tag == source:
        raise BrochureError([Problem(loaded.meta_doc.display, *loaded.meta_doc.position(
            ("source_language",)), f"`{tag}` is the source language; translations go from "
            f"`{source}` into another language")])
    if tag not in loaded.languages:
        known = ", ".join(t for t in loaded.languages if t != source) or "none yet"
        raise BrochureError([Problem(loaded.display_path(f"{tag}.yaml"), 0, 0,
                                     f"no translation `{tag}` (translations: {known}); "
                                     f"start one with `brochure translate add "
                                     f"{loaded.id} {tag}`")])
    return Project(loaded, tag)


@cache
def _settings() -> dict[str, Any]:
    text = package_file("brochure.translate", "notes.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _trifold_sections(loaded: LoadedBrochure, source: Any) -> set[str]:
    edition = loaded.meta.editions.get(_settings()["trifold"]["edition"])
    if edition is None:
        return set()
    if edition == "all":
        return {s.get("id") for s in source.get("sections") or []}
    return set(edition)


def _max_length(length: int, growth: list[list[Any]]) -> int:
    factor = next(f for limit, f in growth if limit is None or length <= limit)
    return math.ceil(length * factor)


def build_bundle(project: Project, revision: str | None = None) -> Bundle:
    """The units to translate, from the source at `revision` (default: current)."""
    revision = revision or project.revision()
    source = project.source_at(revision)
    if source is None:
        raise BrochureError([Problem(project.lang_display, 0, 0,
                                     f"source revision {revision} is not kept in "
                                     f"{snapshots.FOLDER}/; export again from the current "
                                     f"{project.loaded.source.tag}.yaml")])
    settings = _settings()
    trifold = _trifold_sections(project.loaded, source)
    cover = set(settings["trifold"]["cover"])
    glossary = load_glossary(project.loaded.meta.source_language)
    titles = {s.get("id"): s.get("title") for s in source.get("sections") or []}
    states, _ = project.states(revision)
    bundle = Bundle(project.loaded.id, project.loaded.meta.source_language, project.tag,
                    revision)
    for state in states:
        unit = state.unit
        pieces = to_pieces(unit.text) if unit.markup else [unit.text]
        notes = []
        if unit.section:
            notes.append(f"Section: {titles.get(unit.section)}")
        notes.append(f"Kind: {unit.kind}" + ("" if unit.markup else
                                             " (plain text, printed or read aloud as written)"))
        max_length = None
        if unit.id in cover or unit.section in trifold:
            max_length = _max_length(len(plain(pieces)), settings["trifold"]["growth"])
            notes.append(f"Tri-fold: printed in a narrow panel; at most {max_length} "
                         "characters, or the leaflet may not fit")
        found = terms_in(plain(pieces), glossary)[: settings["max_glossary_terms"]]
        if found:
            notes.append("Glossary: " + "; ".join(
                t.term + (f" (plain words: {', '.join(t.plain[:2])})" if t.plain else "")
                for t in found))
        if state.status == "changed" and state.old_source is not None:
            notes.append(f"Changed since the last translation; the source was: "
                         f"{state.old_source}")
        if state.status == "unverified":
            notes.append("No record of the source this was translated from; please check")
        target = None
        if state.translation is not None and state.status in ("final", "changed", "unverified"):
            target = (align(pieces, to_pieces(state.translation)) if unit.markup
                      else [state.translation])
        bundle.units.append(BundleUnit(unit.id, unit.kind, unit.section, pieces, target,
                                       state.status, tuple(notes), max_length, unit.markup))
    return bundle


def store_current_source(project: Project) -> str:
    return snapshots.store(project.folder, project.source_bytes())

