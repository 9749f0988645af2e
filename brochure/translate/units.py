"""Translation units: every translatable text of a language file, with a stable id.

One unit per text a reader sees: title, subtitle, summary, each section title and every
text inside a block (paragraph, list item, step title and text, callout title, text and
items, FAQ question and answer, illustration description, alt text, caption and
credit, notes title, and whatever text a newer block kind holds). The walk is over the
YAML data itself, so a block kind added later is translated without a change here:
every string is a text unless its key is one of the few that name or size things.

A unit's id is the section id, the block's position in the section (1-based) and the
path inside the block: `what-is/5/callout/text`, `faq/1/faq/2/q`, `ahsct/title`. Ids
stay the same on re-export as long as the source keeps its block order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from brochure.content.model import Loc
from brochure.records import record

# Keys whose string values are not text for readers: identifiers, file paths, kinds.
NOT_TEXT = frozenset({"id", "kind", "asset", "lines", "language"})
# Keys whose value is printed (or read aloud) as written: no inline markup.
PLAIN = frozenset({"alt", "description"})
TOP_LEVEL = ("title", "subtitle", "summary")


@record(frozen=True)
class Unit:
    """One translatable text of a language file."""

    id: str
    loc: Loc  # path in the YAML file, as the loader's positions use it
    text: str
    markup: bool  # TEXT with inline markup (False: plain text such as alt text)
    section: str | None  # section id, None for the title, subtitle and summary
    kind: str  # what it is, for the translator: "paragraph", "callout (warning) text"


def units_of(data: Any) -> list[Unit]:
    """The units of a language file's data (as read from YAML), in reading order."""
    if not isinstance(data, dict):
        return []
    found: list[Unit] = []
    for key in TOP_LEVEL:
        if isinstance(data.get(key), str):
            found.append(Unit(key, (key,), data[key], True, None, key))
    for si, section in enumerate(data.get("sections") or []):
        if not isinstance(section, dict) or not isinstance(section.get("id"), str):
            continue
        sid = section["id"]
        if isinstance(section.get("title"), str):
            found.append(Unit(f"{sid}/title", ("sections", si, "title"), section["title"],
                              True, sid, "section title"))
        for bi, block in enumerate(section.get("blocks") or []):
            loc: Loc = ("sections", si, "blocks", bi)
            prefix = f"{sid}/{bi + 1}"
            if isinstance(block, str):
                found.append(Unit(prefix, loc, block, True, sid, "paragraph"))
            elif isinstance(block, dict):
                for path, text in _strings(block, ()):
                    found.append(Unit(
                        "/".join([prefix, *(_part(p) for p in path)]), loc + path, text,
                        path[-1] not in PLAIN, sid, _kind(block, path)))
    return found


def _strings(value: Any, path: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        if path and path[-1] not in NOT_TEXT and value.strip():  # an empty cell is no text
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key not in NOT_TEXT:
                yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, int | float) and not isinstance(item, bool):
                item = str(item)  # a number in a list is a table cell: text too
            yield from _strings(item, path + (index,))


def _part(part: str | int) -> str:
    return str(part + 1) if isinstance(part, int) else part


def _kind(block: dict[str, Any], path: Loc) -> str:
    """A short description of a unit's place: `callout (warning) bullet 2`, `faq 1 answer`."""
    name = str(path[0])
    body = block.get(name)
    if isinstance(body, dict) and isinstance(body.get("kind"), str):
        name += f" ({body['kind']})"
    words = [name]
    names = {"q": "question", "a": "answer", "bullets": "bullet", "steps": "step"}
    for k, part in enumerate(path[1:], start=1):
        if isinstance(part, int):
            if k == 1:
                singular = names.get(str(path[0]), str(path[0]))
                words[-1] = words[-1].replace(str(path[0]), singular, 1) + f" {part + 1}"
            else:
                words[-1] = f"{words[-1]} {part + 1}"
        else:
            words.append(names.get(part, part))
    return " ".join(words)


def by_id(units: list[Unit]) -> dict[str, Unit]:
    return {u.id: u for u in units}
