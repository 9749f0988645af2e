"""Change texts in a YAML file without rewriting the rest of it.

A translator's work comes back as new text for some values. Rather than load and dump
the whole file (which loses comments, quoting and line layout unless a round-trip
library guesses them all right), each changed value is replaced in place, at the
character range its YAML node occupies: every other byte stays as it was, comments and
key order included, and an import that changes nothing changes no byte. Only a section
whose block structure no longer matches the source is written anew (as YAML dumped from
data), because there is no old text to keep in place for blocks that did not exist.

Every result is parsed again and compared with the data it should hold; a mismatch is a
bug and raises.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from brochure.content.model import Loc
from brochure.content.yamlnodes import child_node


def compose(text: str) -> Node:
    """The node tree with character positions (the pure-Python loader's marks)."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if node is None:
        raise ValueError("empty YAML document")
    return node


def node_at(root: Node, loc: Loc) -> Node | None:
    node: Node | None = root
    for part in loc:
        node = child_node(node, part)
        if node is None:
            return None
    return node


def scalar(value: str, style: str | None, in_flow: bool = False) -> str:
    """`value` written as a one-line YAML scalar, in the old style where that is safe."""
    if style is None:
        out = yaml.dump({"k": value}, allow_unicode=True, width=2**31)[3:].rstrip("\n")
        flow_safe = not in_flow or not any(c in out for c in ",[]{}")
        if "\n" not in out and not out.startswith(("|", ">")) and flow_safe:
            return out
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return yaml.dump(value, allow_unicode=True, width=2**31, default_style='"').rstrip("\n")


def _in_flow(root: Node, loc: Loc) -> bool:
    node: Node | None = root
    for part in loc[:-1]:
        node = child_node(node, part)
        if isinstance(node, MappingNode | SequenceNode) and node.flow_style:
            return True
    return False


def replace_texts(text: str, edits: dict[Loc, str]) -> tuple[str, list[Loc]]:
    """`text` with the scalars at `edits`' paths set to new values; also the paths that
    hold no scalar (the caller rebuilds those parts)."""
    root = compose(text)
    spans: list[tuple[int, int, str]] = []
    missing: list[Loc] = []
    for loc, value in edits.items():
        node = node_at(root, loc)
        if not isinstance(node, ScalarNode):
            missing.append(loc)
            continue
        if node.value == value:
            continue
        spans.append((node.start_mark.index, node.end_mark.index,
                      scalar(value, node.style, _in_flow(root, loc))))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text, missing


def set_key(text: str, mapping_loc: Loc, key: str, value: str) -> str:
    """Set `key: value` in the mapping at `mapping_loc`: replace the value, or add the key
    at the end of the mapping (flow or block style)."""
    root = compose(text)
    node = node_at(root, mapping_loc)
    if not isinstance(node, MappingNode):
        raise ValueError(f"no mapping at {mapping_loc}")
    if isinstance(child_node(node, key), ScalarNode):
        return replace_texts(text, {mapping_loc + (key,): value})[0]
    if node.flow_style:
        close = node.end_mark.index - 1
        assert text[close] == "}"
        before = text[:close].rstrip()
        sep = "" if before.endswith("{") else ", "
        return before + f"{sep}{key}: {scalar(value, None, True)}" + text[close:]
    first_key = node.value[0][0]
    indent = " " * first_key.start_mark.column
    end = _end_of_last_line(text, node)
    return text[:end] + f"{indent}{key}: {scalar(value, None)}\n" + text[end:]


def insert_key_after(text: str, after_key: str, key: str, flow_value: str) -> str:
    """Add a top-level `key: value` line right after the line of the top-level `after_key`
    (the value is written as given, e.g. a flow mapping)."""
    root = compose(text)
    node = child_node(root, after_key)
    if node is None:
        raise ValueError(f"no key {after_key}")
    end = _line_end(text, node.end_mark.index)
    return text[:end] + f"{key}: {flow_value}\n" + text[end:]


def _line_end(text: str, index: int) -> int:
    if index > 0 and text[index - 1] == "\n":
        return index
    nl = text.find("\n", index)
    return len(text) if nl < 0 else nl + 1


def _last_index(node: Node) -> int:
    if isinstance(node, ScalarNode):
        return node.end_mark.index
    if isinstance(node, MappingNode):
        if node.flow_style:
            return node.end_mark.index
        return max((_last_index(v) for _, v in node.value), default=node.start_mark.index)
    if isinstance(node, SequenceNode):
        if node.flow_style:
            return node.end_mark.index
        return max((_last_index(v) for v in node.value), default=node.start_mark.index)
    return node.end_mark.index


def _end_of_last_line(text: str, node: Node) -> int:
    return _line_end(text, _last_index(node))


class _Dumper(yaml.SafeDumper):
    """Block sequences indented under their key, like the shipped content."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def dump_item(data: Any, column: int) -> str:
    """One block-sequence item (`- ...`), indented so its dash stands at `column`."""
    out = yaml.dump([data], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                    width=2**31, default_flow_style=False)
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in out.splitlines(True))


def set_items(text: str, seq_loc: Loc, ops: list[tuple[str, int, Any]]) -> str:
    """Replace, insert or delete whole items of the block sequence at `seq_loc`.

    Each op is ("replace", index, data), ("insert", index, data) — before the item at
    `index`, or after the last one when `index` is the length — or ("delete", index,
    None); indexes are those of the sequence as it is now. Comment lines above an item
    stay where they are.
    """
    root = compose(text)
    seq = node_at(root, seq_loc)
    if not isinstance(seq, SequenceNode) or seq.flow_style or not seq.value:
        raise ValueError(f"no block sequence with items at {seq_loc}")
    first = seq.value[0]
    line_start = text.rfind("\n", 0, first.start_mark.index) + 1
    column = text.rfind("-", line_start, first.start_mark.index) - line_start
    edits: list[tuple[int, int, int, str]] = []
    for order, (op, index, data) in enumerate(ops):
        new = "" if op == "delete" else dump_item(data, column)
        if index >= len(seq.value):
            end = _end_of_last_line(text, seq)
            edits.append((end, end, order, new))
            continue
        item = seq.value[index]
        start = text.rfind("\n", 0, item.start_mark.index) + 1
        end = start if op == "insert" else _end_of_last_line(text, item)
        edits.append((start, end, order, new))
    for start, end, _, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def verify(text: str, expected: Any) -> None:
    """The edited file must hold exactly the data intended (a bug otherwise)."""
    got = yaml.safe_load(text)
    if got != expected:
        raise AssertionError("edited YAML does not hold the intended data")
