"""Checks on every character and value of a YAML file, before the values are built.

Control characters print as empty boxes (and make PDF metadata invalid XML), so they
are refused wherever they come from — typed into the file or written as an escape such
as "\\x07" — in every file the tool reads: language files, brochure.yaml, clinic
profiles. Values that would crash or stall later stages are refused here too, at their
position: whole numbers longer than Python will convert, dates that are not on the
calendar, and texts over the per-text length limit (limits.yaml).
"""

from __future__ import annotations

import re
import unicodedata

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from brochure.content.limits import limits
from brochure.errors import Problem
from brochure.safeyaml import SAFE_LOADER

_NAMES = {
    0x00: "NUL", 0x07: "BEL, the bell", 0x08: "backspace", 0x0B: "vertical tab",
    0x0C: "form feed", 0x0D: "carriage return", 0x1B: "ESC, the escape character",
    0x7F: "DEL", 0x85: "NEL, next line", 0x9B: "CSI", 0x2028: "line separator",
    0x2029: "paragraph separator", 0xFFFE: "not a character", 0xFFFF: "not a character",
}
_OTHERS = "\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff"
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f" + _OTHERS + "]")
# In the file as typed, a carriage return is fine before a line feed (CRLF files).
_RAW_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f" + _OTHERS + "]|\r(?!\n)")
# Escapes of YAML double-quoted scalars: one match per escape, left to right.
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_SIMPLE_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v",
                   "f": "\f", "r": "\r", "e": "\x1b", "N": "\x85", "L": "\u2028",
                   "P": "\u2029"}
MAX_LISTED = 20  # per file; more are counted in one last problem

INT_TAG = "tag:yaml.org,2002:int"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
STR_TAG = "tag:yaml.org,2002:str"


def forbidden(ch: str) -> bool:
    """A character that may not appear in text: controls (but tab and line feed),
    line/paragraph separators, surrogates and the non-characters U+FFFE/U+FFFF."""
    return _FORBIDDEN.match(ch) is not None


def describe_char(ch: str) -> str:
    code = ord(ch)
    name = _NAMES.get(code) or ("a lone surrogate half" if 0xD800 <= code <= 0xDFFF
                                else unicodedata.name(ch, "a control character"))
    return f"U+{code:04X} ({name})"


def _control_message(ch: str) -> str:
    hint = ", or use a new line or a space instead" if ch in "\v\f\x85\u2028\u2029\r" else ""
    return f"control character {describe_char(ch)} is not allowed in text; delete it{hint}"


def raw_control_problems(text: str, display: str) -> list[Problem]:
    """Control characters typed into the file itself (a CR only before LF), all at once."""
    problems: list[Problem] = []
    for match in _RAW_FORBIDDEN.finditer(text):
        index, ch = match.start(), match.group()
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        message = _control_message(ch)
        if ch == "\r":
            message = ("carriage return without a line feed (an old Mac line ending); save "
                       "the file with LF or CRLF line endings")
        problems.append(Problem(display, line, column, message))
        if len(problems) > MAX_LISTED:
            more = len(_RAW_FORBIDDEN.findall(text, index))
            problems[-1] = Problem(display, line, column,
                                   f"{more} more control character(s) from here on; "
                                   "delete them too")
            break
    return problems


def scalar_problems(root: Node, display: str, text: str) -> list[Problem]:
    """Every value: control characters from escapes, numbers too long to convert, dates
    not on the calendar, texts over the length limit."""
    lim = limits()
    problems: list[Problem] = []
    lines: list[int] | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
            continue
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
            continue
        if not isinstance(node, ScalarNode):
            continue
        where = (node.start_mark.line + 1, node.start_mark.column + 1)
        value = node.value
        if node.style == '"' and _FORBIDDEN.search(value):
            if lines is None:
                lines = [0] + [m.end() for m in re.finditer("\n", text)]
            problems += _escape_problems(node, display, text, lines)
        elif node.tag == INT_TAG:
            digits = sum(ch.isdigit() for ch in value)
            if digits > lim.number_digits:
                problems.append(Problem(display, *where,
                                        f"a number with {digits:,} digits is too long (at most "
                                        f"{lim.number_digits}); if it is text, put it in quotes"))
        elif node.tag == TIMESTAMP_TAG:
            why = _date_problem(value)
            if why:
                problems.append(Problem(display, *where, why))
        if len(value) > lim.text_chars:
            problems.append(Problem(display, *where,
                                    f"this text is {len(value):,} characters long, over the "
                                    f"limit of {lim.text_chars:,} for one text; split it into "
                                    "shorter paragraphs"))
    return problems


def _escape_problems(node: ScalarNode, display: str, text: str, lines: list[int]) -> list[Problem]:
    """Positions of the escapes in a double-quoted scalar that stand for a forbidden
    character (or of the character itself, if it was typed)."""
    start = lines[node.start_mark.line] + node.start_mark.column
    end = lines[node.end_mark.line] + node.end_mark.column if node.end_mark.line < len(
        lines) else len(text)
    problems: list[Problem] = []
    for match in _ESCAPE.finditer(text, start, end):
        ch = _unescape(match.group())
        if ch is not None and forbidden(ch):
            offset = match.start()
            line = max(k for k in range(node.start_mark.line, node.end_mark.line + 1)
                       if k < len(lines) and lines[k] <= offset)
            problems.append(Problem(display, line + 1, offset - lines[line] + 1,
                                    _control_message(ch)))
    if not problems:  # typed, not escaped (the raw check reports it already) — at the value
        ch = next(ch for ch in node.value if forbidden(ch))
        problems.append(Problem(display, node.start_mark.line + 1, node.start_mark.column + 1,
                                _control_message(ch)))
    return problems


def _unescape(escape: str) -> str | None:
    kind = escape[1]
    if kind in "xuU" and len(escape) > 2:
        code = int(escape[2:], 16)
        return chr(code) if code <= 0x10FFFF else None
    return _SIMPLE_ESCAPES.get(kind)


def _date_problem(value: str) -> str | None:
    """Why a value YAML reads as a date is not one on the calendar, or None."""
    try:
        SAFE_LOADER.construct_yaml_timestamp(SAFE_LOADER(""), ScalarNode(TIMESTAMP_TAG, value))
    except (ValueError, OverflowError) as exc:
        return (f"`{value}` is not a real date ({exc}); write an existing date as "
                "YYYY-MM-DD, e.g. 2026-11-01")
    return None
