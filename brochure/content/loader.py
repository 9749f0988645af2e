"""Find and load a brochure: YAML files → validated models, every problem with a position.

The loader checks everything that can be known from the files alone (structure, ids,
inline markup, citations, asset paths, editions); `brochure.checks` adds the judgement calls
(readability, review dates, health-literacy items).
"""

from __future__ import annotations

import hashlib
from dataclasses import field
from pathlib import Path

from yaml.nodes import ScalarNode

from brochure.content.assets import PICTURE_TYPES, picture_problem
from brochure.content.markup import check_url, parse
from brochure.content.model import (
    BrochureMeta,
    Clinic,
    Illustration,
    LanguageFile,
    Loc,
    language_texts,
)
from brochure.content.placeholders import placeholder_warnings
from brochure.content.validation import did_you_mean, validate
from brochure.content.yamlnodes import YamlDoc, read_yaml
from brochure.errors import BrochureError, Problem
from brochure.language.tags import tag_problem
from brochure.records import record

BROCHURE_FILE = "brochure.yaml"


@record
class LanguageDoc:
    """One language file: its validated content and the YAML it came from."""

    tag: str
    content: LanguageFile
    doc: YamlDoc

    @property
    def is_draft(self) -> bool:
        return self.content.translation is not None and self.content.translation.status == "draft"

    def fingerprint(self) -> str:
        """A short, stable hash of the file's bytes: what a translation records as its source."""
        return hashlib.sha256(self.doc.path.read_bytes()).hexdigest()[:12]


@record
class LoadedBrochure:
    """A brochure folder, loaded: shared metadata and every language, source language first."""

    folder: Path
    workspace: Path
    meta: BrochureMeta
    meta_doc: YamlDoc
    languages: dict[str, LanguageDoc]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def source(self) -> LanguageDoc:
        return self.languages[self.meta.source_language]

    def display_path(self, name: str) -> str:
        return self.meta_doc.display.rsplit("/", 1)[0] + "/" + name


def find_workspace(start: Path) -> Path:
    """The folder that holds `content/`: the brochure's grandparent, as the format says."""
    return start.resolve().parent.parent


def resolve_brochure(arg: str, cwd: Path) -> Path:
    """A brochure folder from a command-line argument: a folder path, or an id under content/."""
    as_path = cwd / arg
    if (as_path / BROCHURE_FILE).is_file():
        return as_path
    by_id = cwd / "content" / arg
    if (by_id / BROCHURE_FILE).is_file():
        return by_id
    known = ", ".join(p.parent.name for p in sorted((cwd / "content").glob(f"*/{BROCHURE_FILE}")))
    hint = f" (brochures here: {known})" if known else " (no content/ folder here)"
    raise BrochureError([Problem(arg, 0, 0, f"no brochure found at `{arg}`{hint}")])


def display_path(path: Path, cwd: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(cwd.resolve()))
    except ValueError:
        return str(path)


def text_position(doc: YamlDoc, loc: Loc, offset: int) -> tuple[int, int]:
    """Line and column of a character inside a text value (best effort for folded text)."""
    node = doc.node_at(loc)
    if not isinstance(node, ScalarNode):
        return doc.position(loc)
    return node_position(doc, node, offset)


def node_position(doc: YamlDoc, node: ScalarNode, offset: int) -> tuple[int, int]:
    """Line and column of the character at `offset` in a scalar's value."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.style in (None, "'", '"') and node.start_mark.line == node.end_mark.line:
        return line, col + offset + (1 if node.style else 0)
    if node.style in ("|", ">"):
        # Block scalars: the text starts on the next line, at the block's indentation.
        source = doc.text or node.start_mark.buffer or ""
        lines = node.value[:offset].split("\n")
        text_line = line + len(lines) if node.style == "|" else line + 1
        if node.style == "|":
            raw_lines = source.splitlines() if isinstance(source, str) else []
            if 0 <= text_line - 1 < len(raw_lines):
                raw = raw_lines[text_line - 1]
                indent = len(raw) - len(raw.lstrip(" "))
                return text_line, indent + len(lines[-1]) + 1
        return text_line, 1
    return line, col


def _check_texts(lang: LanguageDoc, source_ids: set[str] | None) -> list[Problem]:
    """Inline markup and citations of every text value (citations not when `source_ids`
    is None: brochure.yaml could not be read)."""
    problems: list[Problem] = []
    for loc, text in language_texts(lang.content):
        parsed = parse(text)
        for error in parsed.errors:
            problems.append(
                Problem(
                    lang.doc.display, *text_position(lang.doc, loc, error.offset), error.message
                )
            )
        for citation in parsed.citations if source_ids is not None else ():
            for cid in citation.ids:
                if cid not in source_ids:
                    hint = did_you_mean(cid, sorted(source_ids))
                    problems.append(
                        Problem(
                            lang.doc.display,
                            *text_position(lang.doc, loc, citation.offset),
                            f"citation `[@{cid}]` names no source in brochure.yaml; {hint}"
                            "add it under `sources:` or fix the id",
                        )
                    )
    return problems


def _check_structure(
    lang: LanguageDoc, meta: BrochureMeta, workspace: Path, source_sections: list[str] | None
) -> tuple[list[Problem], list[Problem]]:
    """Ids, translation block, illustrations and assets; returns (errors, warnings)."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    doc, content = lang.doc, lang.content
    if content.language != lang.tag:
        errors.append(
            doc.problem(
                ("language",),
                f"`language: {content.language}` does not match the file name "
                f"`{lang.tag}.yaml`; make them the same",
            )
        )
    why = tag_problem(lang.tag)
    if why:
        errors.append(doc.problem(("language",), why))
    is_source = lang.tag == meta.source_language
    if is_source and content.translation is not None:
        errors.append(
            doc.problem(
                ("translation",),
                "`translation` is only for translated files; this is the "
                "source language, remove it",
            )
        )
    if not is_source and content.translation is None:
        errors.append(
            doc.problem(
                ("language",),
                f"missing `translation:` (this file is translated from "
                f"`{meta.source_language}`); add `translation: {{status: draft}}`",
            )
        )
    seen: dict[str, int] = {}
    figures: dict[str, int] = {}
    for si, section in enumerate(content.sections):
        if section.id in seen:
            errors.append(
                doc.problem(
                    ("sections", si, "id"),
                    f"section id `{section.id}` is used twice; ids must be unique",
                )
            )
        seen[section.id] = si
        for bi, block in enumerate(section.blocks):
            if not isinstance(block, Illustration):
                continue
            body, loc = block.illustration, ("sections", si, "blocks", bi, "illustration")
            if body.id in figures:
                errors.append(
                    doc.problem(loc + ("id",), f"illustration id `{body.id}` is used twice")
                )
            figures[body.id] = bi
            if body.asset is not None:
                problem = asset_problem(body.asset, workspace)
                if problem is not None:
                    severity, message = problem
                    target = warnings if severity == "warning" else errors
                    target.append(doc.problem(loc + ("asset",), message, severity))
    if source_sections is not None and not is_source:
        missing = [s for s in source_sections if s not in seen]
        extra = [s for s in seen if s not in source_sections]
        if missing:
            warnings.append(
                doc.problem(
                    ("sections",),
                    f"sections missing compared with `{meta.source_language}`: "
                    + ", ".join(missing),
                    "warning",
                )
            )
        for sid in extra:
            warnings.append(
                doc.problem(
                    ("sections", seen[sid], "id"),
                    f"section `{sid}` is not in `{meta.source_language}`",
                    "warning",
                )
            )
    return errors, warnings


def table_row_problems(doc: YamlDoc) -> list[Problem]:
    """Every row of a table has one cell per column (a missing cell shifts the rest of
    the row under the wrong heading). Read from the YAML itself, so these come with
    the file's other problems at once, whatever else is wrong with it."""
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []
    sections = data.get("sections")
    for si, section in enumerate(sections if isinstance(sections, list) else []):
        blocks = section.get("blocks") if isinstance(section, dict) else None
        for bi, block in enumerate(blocks if isinstance(blocks, list) else []):
            table = block.get("table") if isinstance(block, dict) else None
            if not isinstance(table, dict):
                continue
            columns, rows = table.get("columns"), table.get("rows")
            if not isinstance(columns, list) or not columns or not isinstance(rows, list):
                continue
            n = len(columns)
            for r, row in enumerate(rows):
                if isinstance(row, list) and len(row) != n:
                    problems.append(doc.problem(
                        ("sections", si, "blocks", bi, "table", "rows", r),
                        f"this row has {len(row)} cell{'s' if len(row) != 1 else ''} but the "
                        f"table has {n} column{'s' if n != 1 else ''}; give every row {n} "
                        'cells (an empty cell is "")',
                    ))
    return problems


def _check_revisions(source: LanguageDoc, languages) -> list[Problem]:
    """Warn about translations made from an older source file (or not saying which)."""
    current = source.fingerprint()
    warnings: list[Problem] = []
    for lang in languages:
        translation = lang.content.translation
        if lang is source or translation is None:
            continue
        if translation.source_revision is None:
            warnings.append(lang.doc.problem(
                ("translation",),
                f"no `source_revision` recorded; add `source_revision: \"{current}\"` once this "
                f"translation matches the current {source.tag}.yaml", "warning"))
        elif translation.source_revision != current:
            warnings.append(lang.doc.problem(
                ("translation", "source_revision"),
                f"translated from an older {source.tag}.yaml (revision "
                f"{translation.source_revision}, now {current}); update the translation, "
                f"then set `source_revision: \"{current}\"`", "warning"))
    return warnings


def resolve_asset(asset: str, workspace: Path) -> Path | None:
    """The asset file inside `assets/`, or None if the path would leave that folder."""
    root = (workspace / "assets").resolve()
    if asset.startswith(("/", "\\")) or ":" in asset.split("/")[0]:
        return None
    candidate = (root / asset).resolve()
    if candidate != root and root not in candidate.parents:
        return None
    return candidate


def asset_problem(asset: str, workspace: Path) -> tuple[str, str] | None:
    """(severity, message) for an asset path that escapes assets/ or does not exist."""
    path = resolve_asset(asset, workspace)
    if path is None:
        return "error", (
            f"asset path `{asset}` leaves the assets/ folder; give a path "
            "relative to assets/, e.g. illustrations/picture.png"
        )
    if not path.is_file():
        return "warning", (
            f"asset `{asset}` not found under assets/; a placeholder box is printed instead"
        )
    if path.suffix.lower() not in PICTURE_TYPES:
        return "error", f"asset `{asset}` is not a PNG, JPEG or SVG image"
    why = picture_problem(path)
    if why:
        return "error", f"picture `{asset}` {why}"
    return None


def _check_meta(
    meta: BrochureMeta, meta_doc: YamlDoc, folder: Path, source: LanguageDoc | None
) -> list[Problem]:
    problems: list[Problem] = []
    if meta.id != folder.name:
        problems.append(
            meta_doc.problem(("id",), f"`id: {meta.id}` must equal the folder name `{folder.name}`")
        )
    ids: set[str] = set()
    for k, source_entry in enumerate(meta.sources):
        if source_entry.id in ids:
            problems.append(
                meta_doc.problem(
                    ("sources", k, "id"), f"source id `{source_entry.id}` is used twice"
                )
            )
        ids.add(source_entry.id)
        for key in ("url",):
            url = getattr(source_entry, key)
            if url:
                reason = check_url(url)
                if reason:
                    problems.append(meta_doc.problem(("sources", k, key), reason))
    if source is not None:
        section_ids = [s.id for s in source.content.sections]
        for name, selection in meta.editions.items():
            if selection == "all":
                continue
            for k, sid in enumerate(selection):
                if sid not in section_ids:
                    problems.append(
                        meta_doc.problem(
                            ("editions", name, k),
                            f"edition `{name}` names section `{sid}`, which `{source.tag}.yaml` "
                            f"does not have; {did_you_mean(sid, section_ids)}"
                            f"sections: {', '.join(section_ids)}",
                        )
                    )
    return problems


def load_brochure(
    folder: Path, cwd: Path | None = None, only: list[str] | None = None
) -> LoadedBrochure:
    """Load and check one brochure folder; raise BrochureError with every error found.

    `only` limits the languages loaded (the source language is always loaded, since
    translations are compared with it).
    """
    cwd = cwd or Path.cwd()
    folder = folder.resolve()
    workspace = find_workspace(folder)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    meta: BrochureMeta | None = None
    try:
        meta_doc = read_yaml(folder / BROCHURE_FILE, display_path(folder / BROCHURE_FILE, cwd))
        meta, problems = validate(BrochureMeta, meta_doc)
        errors += problems
    except BrochureError as exc:  # still read the language files: report everything at once
        errors += exc.problems
    tags = sorted(p.stem for p in folder.glob("*.yaml") if p.name != BROCHURE_FILE)
    if meta is not None and meta.source_language not in tags:
        errors.append(
            meta_doc.problem(
                ("source_language",),
                f"source language `{meta.source_language}` has no file "
                f"`{meta.source_language}.yaml` in {folder.name}/",
            )
        )
    if only:
        unknown = [t for t in only if t not in tags]
        if unknown:
            raise BrochureError(
                [
                    Problem(
                        display_path(folder, cwd),
                        0,
                        0,
                        f"no language file for {', '.join(unknown)}; available: {', '.join(tags)}",
                    )
                ]
            )
    wanted = [t for t in tags if not only or t in only or (meta and t == meta.source_language)]
    languages: dict[str, LanguageDoc] = {}
    for tag in wanted:
        path = folder / f"{tag}.yaml"
        try:
            doc = read_yaml(path, display_path(path, cwd))
        except BrochureError as exc:
            errors += exc.problems
            continue
        content, problems = validate(LanguageFile, doc)
        errors += problems + table_row_problems(doc)
        if content is not None:
            languages[tag] = LanguageDoc(tag, content, doc)
    if meta is None:
        for lang in languages.values():  # markup still checked; citations need brochure.yaml
            errors += _check_texts(lang, None)
        raise BrochureError(errors)
    source = languages.get(meta.source_language)
    errors += _check_meta(meta, meta_doc, folder, source)
    if source is not None:
        warnings += _check_revisions(source, languages.values())
    source_sections = [s.id for s in source.content.sections] if source else None
    source_ids = {s.id for s in meta.sources}
    for lang in languages.values():
        errs, warns = _check_structure(lang, meta, workspace, source_sections)
        errors += errs + _check_texts(lang, source_ids)
        warnings += warns
    warnings += placeholder_warnings(meta, meta_doc, languages.values())
    if errors:
        raise BrochureError(errors + warnings)
    ordered = dict(sorted(languages.items(), key=lambda kv: kv[0] != meta.source_language))
    return LoadedBrochure(folder, workspace, meta, meta_doc, ordered, warnings)


def load_clinic(path: Path, cwd: Path | None = None) -> Clinic:
    """Load a clinic profile (branding and contact), with positioned errors."""
    doc = read_yaml(path, display_path(path, cwd or Path.cwd()))
    clinic, problems = validate(Clinic, doc)
    if clinic is None:
        raise BrochureError(problems)
    return clinic


def list_brochures(workspace: Path) -> list[Path]:
    return sorted(p.parent for p in (workspace / "content").glob(f"*/{BROCHURE_FILE}"))
