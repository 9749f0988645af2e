"""Bring a translator's file back: validate everything, then write LANG.yaml once.

Nothing is written unless the whole file is right: every unit id known and given once,
every code of the source present once in a valid order, no link address changed, the
target language the one the file was exported for, the brochure and source revision
known. All problems are collected and raised together, each at its FILE:LINE:COL in the
returned file. On success only the changed texts of LANG.yaml are replaced in place
(see `yamledit`), `translation.source_revision` is set to the revision the file was
exported from, and the file is written atomically; importing the same file again
changes nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BrochureError, Problem
from ..loader import load_brochure
from ..render import write_atomically
from . import snapshots, yamledit
from .bundle import Bundle, Project, build_bundle
from .inline import Code, Piece, check_pieces, plain, to_markup, to_pieces
from .po import read_po
from .returned import Returned, ReturnedUnit
from .units import Unit, units_of
from .xliff import read_xliff


@dataclass
class ImportResult:
    language: str
    path: Path
    revision: str
    changed: list[str] = field(default_factory=list)  # unit ids whose text changed
    rebuilt: list[str] = field(default_factory=list)  # sections written anew
    written: bool = False
    warnings: list[Problem] = field(default_factory=list)


def read_returned(path: Path, display: str, fmt: str) -> Returned:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BrochureError([Problem(display, 0, 0, f"cannot read file: {exc.strerror}")]) \
            from None
    return read_po(data, display) if fmt == "po" else read_xliff(data, display)


def import_file(folder: Path, path: Path, display: str, fmt: str, cwd: Path | None = None,
                expect_language: str | None = None) -> ImportResult:
    """Validate a returned XLIFF/PO file against the brochure and write its translation."""
    returned = read_returned(path, display, fmt)
    if returned.problems:
        raise BrochureError(returned.problems)
    loaded = load_brochure(folder, cwd, None)
    project = _project(loaded, returned, expect_language)
    bundle = build_bundle(project, returned.revision)
    texts = _validate(returned, bundle)
    result = _apply(project, bundle, texts)
    result.warnings = _length_warnings(returned, bundle, result.changed)
    return result


def _project(loaded: Any, returned: Returned, expect: str | None) -> Project:
    problems: list[Problem] = []
    at = returned.header
    tag = returned.target_language
    if returned.brochure is not None and returned.brochure != loaded.id:
        problems.append(returned.problem(at, f"this file is for brochure `{returned.brochure}`, "
                                         f"not `{loaded.id}`"))
    if returned.source_language != loaded.meta.source_language:
        problems.append(returned.problem(at, f"source language `{returned.source_language}` is "
                                         f"not the brochure's `{loaded.meta.source_language}`"))
    exported_for = None
    if returned.original:
        exported_for = returned.original.rsplit("/", 1)[-1].removesuffix(".yaml")
    if not tag:
        problems.append(returned.problem(returned.language_where, "no target language given; "
                                         "export the file again"))
    elif exported_for and tag != exported_for:
        problems.append(returned.problem(returned.language_where, f"target language `{tag}` "
                                         f"does not match the language this file was exported "
                                         f"for (`{exported_for}`); set it back to "
                                         f"`{exported_for}`"))
    elif expect and tag != expect:
        problems.append(returned.problem(returned.language_where, f"target language `{tag}` is "
                                         f"not `{expect}` as asked on the command line"))
    elif tag == loaded.meta.source_language or tag not in loaded.languages:
        known = ", ".join(t for t in loaded.languages if t != loaded.meta.source_language)
        problems.append(returned.problem(returned.language_where, f"no translation `{tag}` in "
                                         f"{loaded.id} (translations: {known or 'none'}); "
                                         f"start one with `brochure translate add {loaded.id} "
                                         f"{tag}`"))
    if not returned.revision:
        problems.append(returned.problem(at, "no source revision recorded; export the file "
                                         "again with `brochure translate export`"))
    if problems:
        raise BrochureError(problems)
    assert tag is not None
    return Project(loaded, tag)


def _validate(returned: Returned, bundle: Bundle) -> dict[str, str]:
    """New text per unit id (brochure markup), or every problem found."""
    units = bundle.by_id()
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    seen: dict[str, ReturnedUnit] = {}
    for got in returned.units:
        unit = units.get(got.id)
        if unit is None:
            problems.append(returned.problem(got.where, f"unknown unit id `{got.id}`: the source "
                                             f"revision {bundle.revision} has no such text; "
                                             "do not add or rename units"))
            continue
        if got.id in seen:
            first = seen[got.id].where.line
            problems.append(returned.problem(got.where, f"unit `{got.id}` is given twice (first "
                                             f"on line {first}); keep one"))
            continue
        seen[got.id] = got
        if got.language and got.language != bundle.target_language:
            problems.append(returned.problem(got.target_where, f"unit `{got.id}`: target "
                                             f"language `{got.language}` is not "
                                             f"`{bundle.target_language}`"))
        if got.target is None or not plain(got.target).strip():
            continue
        if not unit.markup:
            if any(isinstance(p, Code) for p in got.target):
                problems.append(returned.problem(got.target_where, f"unit `{got.id}` is plain "
                                                 "text and takes no codes; remove them"))
                continue
            texts[got.id] = plain(got.target)
        else:
            found = check_pieces(unit.source, got.target)
            for p in found:
                problems.append(returned.problem(got.target_where, f"unit `{got.id}`: "
                                                 f"{p.message}"))
            if found:
                continue
            texts[got.id] = to_markup(got.target)
    if problems:
        raise BrochureError(problems)
    return texts


def _same_text(a: str, b: str, markup: bool) -> bool:
    """Equal as the reader sees them (markup spelled differently but meaning the same)."""
    if a == b:
        return True
    if not markup:
        return False
    return _shape(to_pieces(a)) == _shape(to_pieces(b))


def _shape(pieces: list[Piece]) -> list[object]:
    return [(p.kind, p.role, p.data) if isinstance(p, Code) else p for p in pieces]


def _length_warnings(returned: Returned, bundle: Bundle, changed: list[str]) -> list[Problem]:
    """Changed texts longer than their tri-fold length guide (a hint, never a failure)."""
    units = bundle.by_id()
    warnings = []
    for got in returned.units:
        unit = units.get(got.id)
        if unit is None or got.id not in changed or got.target is None:
            continue
        length = len(plain(got.target))
        if unit.max_length is not None and length > unit.max_length:
            warnings.append(Problem(returned.display, got.target_where.line,
                                    got.target_where.column, f"unit `{got.id}` is {length} "
                                    f"characters, over its tri-fold guide of {unit.max_length}; "
                                    "build the tri-fold to see whether it still fits",
                                    "warning"))
    return warnings


def _apply(project: Project, bundle: Bundle, texts: dict[str, str]) -> ImportResult:
    path = project.lang_path
    raw = path.read_bytes()
    original = raw.decode("utf-8-sig")
    lang_data = project.lang_data()
    lang_units = {u.id: u for u in units_of(lang_data)}
    source = project.source_at(bundle.revision)
    source_units = units_of(source)
    states = {s.unit.id: s for s in project.states(bundle.revision)[0]}
    result = ImportResult(project.tag, path, bundle.revision)

    # Sections whose units are exactly the source's take edits in place.
    by_section: dict[str, set[str]] = {}
    for u in source_units:
        by_section.setdefault(u.section or "", set()).add(u.id)
    lang_by_section: dict[str, set[str]] = {}
    for u in lang_units.values():
        lang_by_section.setdefault(u.section or "", set()).add(u.id)
    rebuild = [sid for sid in by_section if sid and by_section[sid] != lang_by_section.get(sid)]

    expected = copy.deepcopy(lang_data)
    edits: dict[tuple, str] = {}
    for u in source_units:
        if u.section in rebuild or u.id not in texts:
            continue
        current = lang_units[u.id]
        if _same_text(current.text, texts[u.id], u.markup):
            continue
        edits[current.loc] = texts[u.id]
        _set(expected, current.loc, texts[u.id])
        result.changed.append(u.id)
    text, missing = yamledit.replace_texts(original, edits)
    assert not missing, missing

    if rebuild:
        lang_index = {s.get("id"): k for k, s in enumerate(lang_data.get("sections") or [])}
        new_sections = []
        for sid in rebuild:
            data = _section_for(source, sid, source_units, texts, states)
            index = lang_index.get(sid)
            new_sections.append((index, data))
            if index is None:
                expected["sections"].append(data)
            else:
                expected["sections"][index] = data
            result.rebuilt.append(sid)
            result.changed += [u.id for u in source_units if u.section == sid]
        text = yamledit.set_sections(text, new_sections)

    translation = lang_data.get("translation") or {}
    if translation.get("source_revision") != bundle.revision:
        text = yamledit.set_key(text, ("translation",), "source_revision", bundle.revision)
        expected["translation"]["source_revision"] = bundle.revision
    if result.changed and translation.get("status") == "reviewed":
        text = yamledit.set_key(text, ("translation",), "status", "draft")
        expected["translation"]["status"] = "draft"
    yamledit.verify(text, expected)
    if text != original:
        write_atomically(path, text.encode("utf-8"))
        result.written = True
    if bundle.revision == project.revision():
        snapshots.store(project.folder, project.source_bytes())
    return result


def _set(data: Any, loc: tuple, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _section_for(source: Any, sid: str, units: list[Unit], texts: dict[str, str],
                 states: dict[str, Any]) -> dict[str, Any]:
    """A section of the source with every text translated as far as known: the returned
    text, else the current translation of that unit, else the source text."""
    index, section = next((k, s) for k, s in enumerate(source["sections"]) if s.get("id") == sid)
    data = copy.deepcopy(section)
    for u in units:
        if u.section != sid:
            continue
        state = states.get(u.id)
        text = texts.get(u.id)
        if text is None and state is not None and state.status in ("final", "changed",
                                                                    "unverified"):
            text = state.translation
        if text is not None:
            _set(data, u.loc[2:], text)
    return data
