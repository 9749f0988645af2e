"""Read YAML into plain Python data *and* keep every value's position.

PyYAML's composed node tree carries start marks; we keep it beside the data so any
validation error's path (`sections.2.blocks.0.kind`) can be walked back to a line and
column. Anchors/aliases are refused (they are never needed in content and are the
vector for "billion laughs" bombs), and so are duplicate keys (the last one would
silently win).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from brochure.content.limits import limits, megabytes
from brochure.content.textcheck import raw_control_problems, scalar_problems
from brochure.errors import BrochureError, Problem
from brochure.records import record
from brochure.safeyaml import SAFE_LOADER

_BaseLoader = SAFE_LOADER


class _PositionLoader(yaml.SafeLoader):
    """Safe loader that refuses aliases (the only road to exponential expansion)."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None,
                None,
                "YAML anchors and aliases (`*name`) are not allowed in brochure files; "
                "write the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)


@record
class YamlDoc:
    """A parsed YAML file: its data, its node tree and its path (for messages)."""

    path: Path
    display: str
    data: Any
    root: Node | None
    text: str = ""  # the file as read (NFC), for positions inside block scalars
    # Positions asked for before: every build asks for each flowable's origin again.
    _positions: dict[tuple, tuple[int, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def node_at(self, loc: Sequence[str | int]) -> Node | None:
        """The deepest node along a validation error's path.

        Path parts that are not keys or indexes (pydantic adds union tags to paths)
        are skipped, so the walk lands on the closest real node.
        """
        node = self.root
        for part in loc:
            child = child_node(node, part)
            if child is not None:
                node = child
        return node

    def position(self, loc: Sequence[str | int]) -> tuple[int, int]:
        key = tuple(loc)
        found = self._positions.get(key)
        if found is None:
            node = self.node_at(loc)
            found = (1, 1) if node is None else (node.start_mark.line + 1,
                                                 node.start_mark.column + 1)
            self._positions[key] = found
        return found

    def key_position(self, loc: Sequence[str | int], key: str) -> tuple[int, int]:
        """Position of a mapping key itself (for 'unknown key' messages)."""
        node = self.node_at(loc)
        if isinstance(node, MappingNode):
            for k, _ in node.value:
                if isinstance(k, ScalarNode) and k.value == key:
                    return (k.start_mark.line + 1, k.start_mark.column + 1)
        return self.position(loc)

    def problem(self, loc: Sequence[str | int], message: str, severity: str = "error") -> Problem:
        line, col = self.position(loc)
        return Problem(self.display, line, col, message, severity)  # type: ignore[arg-type]


def text_nodes(root: Node | None) -> list[ScalarNode]:
    """Every text value of a tree (scalars that are not keys), in file order."""
    found: list[ScalarNode] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:str":
                found.append(node)
        elif isinstance(node, MappingNode):
            stack.extend(value for _, value in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return found


def child_node(node: Node | None, part: str | int) -> Node | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == part:
                return v
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def _duplicate_keys(node: Node, display: str) -> list[Problem]:
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, MappingNode):
            seen: dict[str, Node] = {}
            for k, v in current.value:
                if isinstance(k, ScalarNode):
                    if k.value in seen:
                        first = seen[k.value].start_mark.line + 1
                        problems.append(
                            Problem(
                                display,
                                k.start_mark.line + 1,
                                k.start_mark.column + 1,
                                f"duplicate key `{k.value}` (first given on line {first}); "
                                "keep only one",
                            )
                        )
                    else:
                        seen[k.value] = k
                stack.append(v)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return problems


def _tab_problem(text: str, display: str) -> Problem | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return Problem(
                display,
                number,
                len(line) - len(stripped) + 1,
                "tab character used for indentation; YAML needs spaces — replace tabs with spaces",
            )
    return None


def _fast_compose(text: str) -> Node | None:
    """The root node as libyaml composes a file that the Python loader accepts, ~15×
    faster; None for anything else (a syntax error, an alias, an empty file), which the
    Python composer then reads again and reports at its position.

    The nodes are what the Python composer makes (same values, tags and positions),
    except that libyaml gives plain scalars the style "", set back to None here.
    """
    if _BaseLoader is yaml.SafeLoader:
        return None
    loader = _BaseLoader(text)
    try:
        root = loader.get_single_node()
        if root is None or not _plain_tree(root):
            return None
        return root
    except Exception:  # noqa: BLE001 - the Python loader meets it again and reports it
        return None
    finally:
        loader.dispose()


def _plain_tree(root: Node) -> bool:
    """False when a node is reached twice (an alias); plain scalars get style None."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style == "":
                node.style = None
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return True


def read_yaml(path: Path, display: str | None = None) -> YamlDoc:
    """Parse one YAML file, raising BrochureError with positioned problems if it cannot be read.

    Each limit (limits.yaml) is checked before the work it bounds: the size by stat()
    before reading, control characters and nesting depth before composing nodes, long
    numbers and impossible dates before constructing values.
    """
    display = display or str(path)
    max_bytes = limits().yaml_file_bytes
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BrochureError([Problem(
                display, 1, 1, f"file is {megabytes(size)}, over the {megabytes(max_bytes)} limit "
                "for a brochure file; split it or remove what is not needed")])
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise BrochureError([Problem(display, 0, 0, "file not found")]) from None
    except OSError as exc:
        raise BrochureError([Problem(display, 0, 0, f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > max_bytes:  # grew since stat, or a device or pipe that stat cannot size
        raise BrochureError([Problem(display, 1, 1, f"file is larger than the "
                                     f"{megabytes(max_bytes)} limit for a brochure file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BrochureError(
            [
                Problem(
                    display,
                    line,
                    col,
                    f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save it as UTF-8",
                )
            ]
        ) from None
    # One spelling for every character: decomposed input (common for Vietnamese typed on
    # some systems) would otherwise miss glyphs and compare unequal to the same word.
    text = unicodedata.normalize("NFC", text)
    controls = raw_control_problems(text, display)
    if controls:
        raise BrochureError(controls)
    tab = _tab_problem(text, display)
    if tab:
        raise BrochureError([tab])
    deep = _depth_problem(text, display)
    if deep:
        raise BrochureError([deep])
    root = _fast_compose(text)
    if root is None:
        root = _compose(text, display)
    problems = _duplicate_keys(root, display) + scalar_problems(root, display, text)
    if problems:
        raise BrochureError(problems)
    loader = _BaseLoader("")
    try:
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:  # e.g. a list used as a key
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        raise BrochureError([Problem(display, *where, f"YAML error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise BrochureError([Problem(display, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    return YamlDoc(path=path, display=display, data=data, root=root, text=text)


def _compose(text: str, display: str) -> Node:
    """The node tree as the Python loader composes it, or BrochureError at the position
    of the first syntax error (aliases included)."""
    loader = _PositionLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        plain = indentation_problem(text, mark.line, what) if mark else None
        if plain is not None:
            line, col, message = plain
            raise BrochureError([Problem(display, line, col, message)]) from None
        if isinstance(exc, yaml.scanner.ScannerError | yaml.parser.ParserError):
            what += "; if this line is text, put the whole text in double quotes"
        raise BrochureError([Problem(display, line, col, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise BrochureError([Problem(display, 1, 1, f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    if root is None:
        raise BrochureError([Problem(display, 1, 1, "file is empty; it needs YAML content")])
    return root


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


def _content_lines(lines: list[str], before: int) -> list[int]:
    """Indexes of the non-blank, non-comment lines before `before`, nearest first."""
    return [i for i in range(min(before, len(lines)) - 1, -1, -1)
            if lines[i].strip() and not lines[i].lstrip().startswith("#")]


def indentation_problem(text: str, index: int, what: str) -> tuple[int, int, str] | None:
    """A parser error that is really a line indented wrong, in plain words with the line
    to fix (1-based line, column, message); None when it is something else.

    PyYAML says "expected <block end>, but found '?'" or "mapping values are not allowed
    here"; an author needs "line 9 is indented 5 spaces; the items above it start at 6".
    """
    lines = text.splitlines()
    if not 0 <= index < len(lines):
        return None
    this = lines[index]
    spaces = _indent(this)
    item = this.lstrip().startswith("- ")
    above = _content_lines(lines, index)
    if not above:
        return None
    if "expected <block end>" in what or "expected <block mapping end>" in what:
        # The columns open at this point: the previous line's, then each line above that
        # starts further left (its parents). This line must start at one of them.
        levels = [above[0]]
        for i in above[1:]:
            if _indent(lines[i]) < _indent(lines[levels[-1]]):
                levels.append(i)
        same = [i for i in levels if lines[i].lstrip().startswith("- ") == item] or levels
        match = min(same, key=lambda i: (abs(_indent(lines[i]) - spaces), _indent(lines[i])))
        want = _indent(lines[match])
        kind = "list item" if item else "key"
        like = lines[match].strip()[:40]
        return index + 1, spaces + 1, (
            f"this {kind} is indented {_spaces(spaces)}, which lines up with nothing above "
            f"it; indent it by {_spaces(want)} like line {match + 1} (`{like}`), the level "
            "it most likely belongs to"
        )
    if "mapping values are not allowed" in what:
        prev = above[0]
        previous = lines[prev].strip()
        key, colon, value = previous.removeprefix("- ").partition(": ")
        own = re.match(r"\s*(?:- )?([^\s:#][^:#]*):(?:\s|$)", this)
        if colon and value.strip() and spaces > _indent(lines[prev]) and own:
            column = _indent(lines[prev]) + (2 if previous.startswith("- ") else 0)
            return index + 1, spaces + 1, (
                f"`{own.group(1)}:` is indented more than `{key}:` on line {prev + 1}, so YAML "
                f"reads it as more of that line's text; start it in the same column as "
                f"`{key}:` ({_spaces(column)}). If this line is text, put the whole text in "
                "double quotes"
            )
    return None


def _depth_problem(text: str, display: str) -> Problem | None:
    """Mappings and lists nested deeper than the limit, found from parser events (no
    recursion, unlike composing), at the first one too deep. Syntax errors are left to
    the composer, which reports them at their position."""
    max_depth = limits().yaml_depth
    # libyaml first (fast); it refuses very deep flow nesting before giving an event,
    # so on its error the Python parser (iterative, no limit of its own) looks again.
    for loader in dict.fromkeys((_BaseLoader, yaml.SafeLoader)):
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > max_depth:
                        mark = event.start_mark
                        return Problem(display, mark.line + 1, mark.column + 1,
                                       f"lists and mappings are nested more than {max_depth} "
                                       "deep here; a brochure file needs about 8 levels, check "
                                       "the indentation and brackets")
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
            return None
        except yaml.YAMLError:
            continue
    return None
