"""Where each unit of a translation stands against the source: the facts behind export
states, `translate status` and `translate diff`.

A translation records the source revision it was made from. With that revision's text
(from the snapshot store) each current source unit is matched to the unit it was then:
same id and same text (unchanged), same text elsewhere (moved, unchanged), same id but
new text (changed), or nothing (new). The translation of a unit is the language file's
text at the matched old unit's place.
"""

from __future__ import annotations

from typing import Any, Literal

from brochure.records import record
from brochure.translate.units import Unit, units_of

Status = Literal["final", "changed", "new", "untranslated", "unverified"]
STATUSES: tuple[Status, ...] = ("final", "changed", "new", "untranslated", "unverified")


@record(frozen=True)
class UnitState:
    unit: Unit  # the unit in the source (at the revision worked from)
    status: Status
    translation: str | None  # the current translated text, if the language file has one
    old_source: str | None  # the source text the translation was made from, when known
    translated_id: str | None = None  # where the translation is in the language file


@record(frozen=True)
class Removed:
    """A unit of the old source that the current source no longer has."""

    unit: Unit
    translation: str | None


def has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def unit_states(
    source: Any, old_source: Any | None, translation: Any, same_revision: bool
) -> tuple[list[UnitState], list[Removed]]:
    """Each source unit's status. `old_source` is the source data the translation was
    made from (None when unknown); `same_revision` when that is the source itself."""
    current = units_of(source)
    translated = {u.id: u.text for u in units_of(translation)}
    if same_revision:
        old_source = source
    if old_source is None:
        states = []
        for unit in current:
            text = translated.get(unit.id)
            status: Status = "new" if text is None else (
                "untranslated" if _same(unit, text) else "unverified")
            states.append(UnitState(unit, status, text, None,
                                    None if text is None else unit.id))
        return states, []
    old = units_of(old_source)
    old_by_id = {u.id: u for u in old}
    old_by_text: dict[tuple[str, bool], Unit] = {}
    for u in old:
        old_by_text.setdefault((u.text, u.markup), u)
    used: set[str] = set()
    states = []
    for unit in current:
        match = old_by_id.get(unit.id)
        if match is None or match.text != unit.text:
            moved = old_by_text.get((unit.text, unit.markup))
            if moved is not None and moved.id not in used:
                match = moved
        if match is None:
            states.append(UnitState(unit, "new", None, None))
            continue
        used.add(match.id)
        text = translated.get(match.id)
        if text is None:
            status = "new"
        elif _same(unit, text) and match.text == unit.text:
            status = "untranslated"
        elif match.text == unit.text:
            status = "final"
        else:
            status = "changed"
        states.append(UnitState(unit, status, text, match.text,
                                None if text is None else match.id))
    removed = [Removed(u, translated.get(u.id)) for u in old if u.id not in used]
    return states, removed


def _same(unit: Unit, text: str) -> bool:
    return text == unit.text and has_words(text)


def counts(states: list[UnitState]) -> dict[Status, int]:
    found = dict.fromkeys(STATUSES, 0)
    for state in states:
        found[state.status] += 1
    return found


def changed_part(old: str, new: str, context: int = 20) -> tuple[str, str]:
    """The part of two texts that differs, with a few words around it, `…` where cut:
    long sentences that differ in one word stay readable in a one-line message."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    cut = max(0, start - context)
    cut = old.rfind(" ", 0, cut + 1) + 1 if cut else 0
    tail = end - context

    def clip(text: str) -> str:
        stop = len(text) - tail if tail > 0 else len(text)
        if tail > 0:
            space = text.find(" ", stop)
            stop = len(text) if space < 0 else space
        return ("…" if cut else "") + text[cut:stop] + ("…" if stop < len(text) else "")

    return clip(old), clip(new)
