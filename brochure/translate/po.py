"""Gettext PO out and in (with polib), for teams on Weblate, Pootle or Poedit.

PO has no inline codes, so a message is the brochure markup itself: `**bold**`,
`[label](https://…)`, `[@id]`. Each entry carries the `md-text` flag, which makes
Weblate check Markdown links and syntax, and `max-length:N` where a tri-fold limit
applies. On import the translation is parsed as brochure markup and held to exactly the
same rules as XLIFF (codes present once, URLs unchanged, citations kept).
The unit id is the message context, so equal source texts stay separate messages.
"""

from __future__ import annotations

import polib

from brochure.content.markup import parse
from brochure.translate.bundle import Bundle
from brochure.translate.inline import align, to_markup, to_pieces
from brochure.translate.returned import Returned, ReturnedUnit, Where

H_BROCHURE = "X-Brochure-Id"
H_REVISION = "X-Brochure-Source-Revision"
H_FILE = "X-Brochure-File"
H_SOURCE = "X-Brochure-Source-Language"


def write_po(bundle: Bundle, tool_version: str) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{bundle.brochure} {bundle.revision}",
        "Language": bundle.target_language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"brochure {tool_version}",
        H_BROCHURE: bundle.brochure,
        H_SOURCE: bundle.source_language,
        H_FILE: bundle.original,
        H_REVISION: bundle.revision,
    }
    for unit in bundle.units:
        flags = ["md-text"] if unit.markup else []
        if unit.max_length is not None:
            flags.append(f"max-length:{unit.max_length}")
        target = ""
        if unit.target is not None:
            target = to_markup(unit.target) if unit.markup else str(unit.target[0])
            if unit.status != "final":
                flags.append("fuzzy")
        source = to_markup(unit.source) if unit.markup else str(unit.source[0])
        po.append(polib.POEntry(msgctxt=unit.id, msgid=source, msgstr=target,
                                comment="\n".join(unit.notes), flags=flags))
    return str(po).encode("utf-8")


def read_po(data: bytes, display: str) -> Returned:
    out = Returned(display, None, None, None, None, None, Where(1, 1), Where(1, 1))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        out.problems.append(out.problem(Where(data[: exc.start].count(b"\n") + 1, 1),
                                        "file is not valid UTF-8; save it as UTF-8"))
        return out
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        out.problems.append(out.problem(_line_of(str(exc)), f"malformed PO file: {exc}"))
        return out
    meta = po.metadata
    out.brochure = meta.get(H_BROCHURE)
    out.source_language = meta.get(H_SOURCE)
    out.target_language = meta.get("Language")
    out.revision = meta.get(H_REVISION)
    out.original = meta.get(H_FILE)
    out.header = out.language_where = Where(_header_line(text, "Language"), 1)
    for entry in po:
        if entry.obsolete:
            continue
        where = Where(entry.linenum, 1)
        msgstr_line = Where(_msgstr_line(text, entry.linenum), 1)
        target = None
        if entry.msgstr and "fuzzy" not in entry.flags:
            parsed = parse(entry.msgstr)
            if parsed.errors:
                out.problems.append(out.problem(msgstr_line, f"unit `{entry.msgctxt}`: "
                                                f"{parsed.errors[0].message}"))
                continue
            is_markup = "md-text" in entry.flags
            target = to_pieces(entry.msgstr) if is_markup else [entry.msgstr]
            if is_markup:
                target = align(to_pieces(entry.msgid), target)
        out.units.append(ReturnedUnit(entry.msgctxt or "", target, where, msgstr_line))
    return out


def _line_of(message: str) -> Where:
    digits = [int(w) for w in message.replace(")", " ").split() if w.isdigit()]
    return Where(digits[-1] if digits else 1, 1)


def _header_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f'"{key}:'):
            return number
    return 1


def _msgstr_line(text: str, start: int) -> int:
    lines = text.splitlines()
    for number in range(max(start, 1), len(lines) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return start
