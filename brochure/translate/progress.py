"""`translate status` and `translate diff`: where each translation stands, what changed.

Both compare the current source with the source revision a translation records, whose
text comes from the snapshot store; without that copy a translation's units are
"unverified" (translated, but against an unknown source).
"""

from __future__ import annotations

from brochure.content.loader import LoadedBrochure
from brochure.records import record
from brochure.translate import snapshots
from brochure.translate.bundle import Project
from brochure.translate.state import STATUSES, Status, counts


@record(frozen=True)
class StatusRow:
    language: str
    counts: dict[Status, int]
    total: int
    review: str  # draft | reviewed
    reviewed_by: str | None
    revision: str | None
    current: bool  # made from the current source revision
    known: bool  # the old source text is available (snapshot or current)


def status_rows(loaded: LoadedBrochure) -> list[StatusRow]:
    rows = []
    for tag, lang in loaded.languages.items():
        if tag == loaded.meta.source_language:
            continue
        project = Project(loaded, tag)
        states, _ = project.states()
        translation = lang.content.translation
        revision = translation.source_revision if translation else None
        rows.append(StatusRow(
            tag, counts(states), len(states),
            translation.status if translation else "draft",
            translation.reviewed_by if translation else None, revision,
            revision == project.revision(),
            revision == project.revision() or (
                revision is not None and snapshots.load(loaded.folder, revision) is not None)))
    return rows


@record(frozen=True)
class DiffEntry:
    unit: str
    kind: str  # changed | new | removed
    old: str | None
    new: str | None
    translation: str | None


def diff_entries(project: Project) -> tuple[list[DiffEntry], bool]:
    """Unit by unit, what changed in the source since the translation's revision; and
    whether the old source is known at all."""
    states, removed = project.states()
    known = project.source_at(project.recorded_revision()) is not None
    entries = [DiffEntry(s.unit.id, s.status, s.old_source, s.unit.text, s.translation)
               for s in states if s.status in ("changed", "new")]
    entries += [DiffEntry(r.unit.id, "removed", r.unit.text, None, r.translation)
                for r in removed]
    return entries, known


__all__ = ["STATUSES", "DiffEntry", "StatusRow", "diff_entries", "status_rows"]
