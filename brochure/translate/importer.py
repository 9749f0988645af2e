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
from dataclasses import field
from pathlib import Path
from typing import Any

from brochure.errors import BrochureError, Problem
from brochure.files import write_atomically
from brochure.records import record
from brochure.translate import snapshots, yamledit
from brochure.translate.bundle import Bundle, Project, build_bundle, load_for
from brochure.translate.inline import Code, Piece, check_pieces, plain, to_markup, to_pieces
from brochure.translate.po import read_po
from brochure.translate.returned import Returned, ReturnedUnit
from brochure.translate.units import Unit, units_of
from brochure.translate.xliff import read_xliff


@record
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
    loaded = load_for(folder, returned.target_language, cwd)
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
    """Write the returned texts into LANG.yaml, changing as little of the file as can be.

    Each source section is matched with the translation's section of the same id. A
    block whose units have the same shape in both gets its changed texts replaced in
    place; a block that differs (the source gained, lost or reordered blocks since) is
    written anew from the source block with every text translated as far as known; a
    section the translation lacks is inserted where the source has it.
    """
    path = project.lang_path
    original = path.read_bytes().decode("utf-8-sig")
    lang_data = project.lang_data()
    source = project.source_at(bundle.revision)
    source_units = units_of(source)
    lang_units = {u.id: u for u in units_of(lang_data)}
    states = {s.unit.id: s for s in project.states(bundle.revision)[0]}
    result = ImportResult(project.tag, path, bundle.revision)

    wanted: dict[str, str | None] = {}
    for u in source_units:
        state = states.get(u.id)
        known = state.translation if state is not None and state.status in (
            "final", "changed", "unverified") else None
        wanted[u.id] = texts.get(u.id, known)

    def final_text(u: Unit) -> str:
        """What a unit written anew holds: the translation if known, else the source."""
        return wanted[u.id] if wanted[u.id] is not None else u.text  # type: ignore[return-value]

    expected = copy.deepcopy(lang_data)
    edits: dict[tuple, str] = {}
    block_ops: dict[int, list[tuple[str, int, Any]]] = {}
    section_ops: list[tuple[str, int, Any]] = []
    lang_sections = {s.get("id"): k for k, s in enumerate(lang_data.get("sections") or [])}
    by_owner = _by_owner(source_units)

    def edit(u: Unit, at: tuple) -> None:
        want = wanted[u.id]
        have = lang_units.get(u.id)
        if want is None or (have is not None and _same_text(have.text, want, u.markup)):
            return
        edits[at] = want
        _set(expected, at, want)
        result.changed.append(u.id)

    for u in by_owner.get(None, []):  # title, subtitle, summary
        if u.id in lang_units:
            edit(u, lang_units[u.id].loc)
    for si, section in enumerate(source.get("sections") or []):
        sid = section.get("id")
        li = lang_sections.get(sid)
        if li is None:  # insert before the next source section the translation has
            later = [lang_sections[s.get("id")] for s in source["sections"][si + 1:]
                     if s.get("id") in lang_sections]
            data = _filled(section, ("sections", si), source_units, final_text)
            section_ops.append(("insert", min(later, default=len(lang_sections)), data))
            result.rebuilt.append(sid)
            result.changed += [u.id for u in source_units if u.section == sid]
            continue
        for u in by_owner.get((si, None), []):  # the section title
            edit(u, ("sections", li) + u.loc[2:])
        lang_blocks = lang_data["sections"][li].get("blocks") or []
        ops: list[tuple[str, int, Any]] = []
        for bi, block in enumerate(section.get("blocks") or []):
            units = by_owner.get((si, bi), [])
            here = ("sections", li, "blocks", bi)
            if bi < len(lang_blocks) and _block_shape(block) == _block_shape(lang_blocks[bi]):
                for u in units:
                    edit(u, here + u.loc[4:])
                continue
            data = _filled(block, ("sections", si, "blocks", bi), source_units, final_text)
            ops.append(("replace" if bi < len(lang_blocks) else "insert", bi, data))
            if bi < len(lang_blocks):
                expected["sections"][li]["blocks"][bi] = data
            else:
                expected["sections"][li]["blocks"].append(data)
            result.changed += [u.id for u in units if lang_units.get(u.id) is None
                               or lang_units[u.id].text != final_text(u)]
        extra = range(len(section.get("blocks") or []), len(lang_blocks))
        ops += [("delete", bi, None) for bi in extra]
        del expected["sections"][li]["blocks"][len(section.get("blocks") or []):]
        if ops:
            block_ops[li] = ops
            result.rebuilt.append(sid)

    text, missing = yamledit.replace_texts(original, edits)
    assert not missing, missing
    for li, ops in block_ops.items():
        text = yamledit.set_items(text, ("sections", li, "blocks"), ops)
    if section_ops:
        text = yamledit.set_items(text, ("sections",), section_ops)
        for _, index, data in sorted(section_ops, key=lambda op: -op[1]):
            expected["sections"].insert(index, data)

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


def _by_owner(units: list[Unit]) -> dict[Any, list[Unit]]:
    """Units grouped by what holds them: None (top level), (section, None) for a section
    title, (section, block) for a block's texts; indexes are the source's."""
    owners: dict[Any, list[Unit]] = {}
    for u in units:
        if u.loc[0] != "sections":
            key = None
        elif u.loc[2] == "title":
            key = (u.loc[1], None)
        else:
            key = (u.loc[1], u.loc[3])
        owners.setdefault(key, []).append(u)
    return owners


def _block_shape(block: Any) -> list[tuple[Any, ...]]:
    """A block's structure without its texts: kinds, keys and list lengths."""
    if isinstance(block, str):
        return [("text",)]
    return [loc for loc, _ in sorted(_leaves(block, ()), key=lambda x: str(x[0]))]


def _leaves(value: Any, path: tuple) -> list[tuple[tuple, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, path + (k,))]
    if isinstance(value, list):
        return [leaf for k, v in enumerate(value) for leaf in _leaves(v, path + (k,))]
    return [(path if isinstance(value, str) else path + (value,), value)]


def _filled(data: Any, loc: tuple, units: list[Unit], text_of: Any) -> Any:
    """A copy of a source section or block with each of its texts as `text_of` says."""
    out = copy.deepcopy(data)
    if isinstance(out, str):
        unit = next(u for u in units if u.loc == loc)
        return text_of(unit)
    for u in units:
        if u.loc[: len(loc)] == loc and len(u.loc) > len(loc):
            _set(out, u.loc[len(loc):], text_of(u))
    return out


def _set(data: Any, loc: tuple, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value
