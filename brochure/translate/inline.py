"""Inline markup as codes a translator cannot break, and back.

A TEXT value becomes a list of pieces: plain text, paired codes (bold, italic, link)
and standalone placeholders (citations). Each code carries its "original data", the
brochure markup it stands for (`**`, `[` … `](https://…)`, `[@id]`), so a CAT tool shows
it as a tag and the URL or citation id travels untouched. `to_markup` writes pieces
back as markup with every literal `*`, `[`, `]` and `\\` escaped, and `check_pieces`
says what is wrong with a translator's pieces compared with the source's.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from brochure.content.markup import Citation, parse
from brochure.records import record

CodeKind = Literal["bold", "italic", "link", "citation"]
_ATTRS: tuple[CodeKind, ...] = ("link", "bold", "italic")  # outermost first


@record(frozen=True)
class Code:
    """One inline code. `role` is "open"/"close" for paired codes, "single" for placeholders.

    `pair` numbers the code (the XLIFF `id`): an opening and its closing code share it.
    """

    kind: CodeKind
    role: Literal["open", "close", "single"]
    pair: int
    data: str  # the markup it stands for

    @property
    def url(self) -> str | None:
        return self.data[2:-1] if self.kind == "link" and self.role == "close" else None


Piece = str | Code


def citation_markup(ids: tuple[str, ...]) -> str:
    return "[" + "; ".join("@" + i for i in ids) + "]"


def to_pieces(text: str) -> list[Piece]:
    """Text and codes of one (valid) TEXT value, codes numbered from 1 in order."""
    pieces: list[Piece] = []
    state: dict[str, object] = {"link": None, "bold": False, "italic": False}
    open_pairs: dict[str, int] = {}
    counter = 0

    def change(new: dict[str, object]) -> None:
        nonlocal counter
        for attr in reversed(_ATTRS):  # close innermost first
            if state[attr] and state[attr] != new[attr]:
                data = f"]({state[attr]})" if attr == "link" else _STARS[attr]
                pieces.append(Code(attr, "close", open_pairs.pop(attr), data))  # type: ignore[arg-type]
                state[attr] = None if attr == "link" else False
        for attr in _ATTRS:
            if new[attr] and state[attr] != new[attr]:
                counter += 1
                open_pairs[attr] = counter
                data = "[" if attr == "link" else _STARS[attr]
                pieces.append(Code(attr, "open", counter, data))  # type: ignore[arg-type]
                state[attr] = new[attr]

    for item in parse(text).items:
        if isinstance(item, Citation):
            change({"link": None, "bold": state["bold"], "italic": state["italic"]})
            counter += 1
            pieces.append(Code("citation", "single", counter, citation_markup(item.ids)))
            continue
        change({"link": item.href, "bold": item.bold, "italic": item.italic})
        if pieces and isinstance(pieces[-1], str):
            pieces[-1] += item.text
        else:
            pieces.append(item.text)
    change({"link": None, "bold": False, "italic": False})
    return pieces


_STARS = {"bold": "**", "italic": "*"}


def align(source: list[Piece], target: list[Piece]) -> list[Piece]:
    """`target` with its codes numbered like the source's matching codes (same kind and
    data: a link by its URL, a citation by its ids; in order of appearance), so a
    translation's codes carry the source's ids; a code the source lacks gets a number
    the source does not use."""
    free: dict[tuple[str, str], list[int]] = {}
    for pair, key in _pair_keys(source).items():
        free.setdefault(key, []).append(pair)
    first = {key: ids[0] for key, ids in free.items()}  # a repeated code: the same id
    spare = max((c.pair for c in codes(source)), default=0)
    renumber: dict[int, int] = {}
    target_keys = _pair_keys(target)
    for pair, key in target_keys.items():  # same kind and data
        if free.get(key):
            renumber[pair] = free[key].pop(0)
    by_kind: dict[str, list[int]] = {}
    for key, ids in free.items():
        by_kind.setdefault(key[0], []).extend(ids)
    for ids in by_kind.values():
        ids.sort()
    for pair, key in target_keys.items():  # then same kind, in order (a changed URL)
        if pair not in renumber:
            ids = by_kind.get(key[0])
            if ids:
                renumber[pair] = ids.pop(0)
            elif key in first:
                renumber[pair] = first[key]
            else:
                spare += 1
                renumber[pair] = spare
    return [Code(p.kind, p.role, renumber[p.pair], p.data) if isinstance(p, Code) else p
            for p in target]


def _pair_keys(pieces: list[Piece]) -> dict[int, tuple[str, str]]:
    """Each code id with what identifies it: kind and data (a pair by its closing data)."""
    keys: dict[int, tuple[str, str]] = {}
    for code in codes(pieces):
        if code.role != "open":
            keys[code.pair] = (code.kind, code.data)
        elif code.pair not in keys:
            keys[code.pair] = (code.kind, "")
    return keys


def codes(pieces: list[Piece]) -> list[Code]:
    return [p for p in pieces if isinstance(p, Code)]


def plain(pieces: list[Piece]) -> str:
    """The text without codes (what a reader reads, less citation numbers)."""
    return "".join(p for p in pieces if isinstance(p, str))


def _escape(text: str, in_link: bool) -> str:
    out = text.replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[")
    return out.replace("]", "\\]") if in_link else out


def to_markup(pieces: list[Piece]) -> str:
    """Brochure markup for pieces whose codes are complete and in a valid order.

    Spaces just inside a bold or italic code move outside it (`** word**` would not be
    bold), since CAT tools often let a translator leave one there.
    """
    items = _spaces_outside(list(pieces))
    parts: list[str] = []
    in_link = False
    for piece in items:
        if isinstance(piece, str):
            parts.append(_escape(piece, in_link))
        else:
            if piece.kind == "link":
                in_link = piece.role == "open"
            parts.append(piece.data)
    return "".join(parts)


def _spaces_outside(items: list[Piece]) -> list[Piece]:
    for k, piece in enumerate(items):
        if not isinstance(piece, Code) or piece.kind not in ("bold", "italic"):
            continue
        if piece.role == "open" and k + 1 < len(items) and isinstance(items[k + 1], str):
            text = items[k + 1]
            assert isinstance(text, str)
            lead = text[: len(text) - len(text.lstrip())]
            if lead:
                items[k + 1] = text.lstrip()
                if k > 0 and isinstance(items[k - 1], str):
                    items[k - 1] = items[k - 1] + lead  # type: ignore[operator]
                else:
                    items.insert(k, lead)
                    return _spaces_outside(items)
        elif piece.role == "close" and k > 0 and isinstance(items[k - 1], str):
            text = items[k - 1]
            assert isinstance(text, str)
            trail = text[len(text.rstrip()):]
            if trail:
                items[k - 1] = text.rstrip()
                if k + 1 < len(items) and isinstance(items[k + 1], str):
                    items[k + 1] = trail + items[k + 1]  # type: ignore[operator]
                else:
                    items.insert(k + 1, trail)
                    return _spaces_outside(items)
    return items


@record(frozen=True)
class CodeProblem:
    """What is wrong with one code of a translation; `pair` is the code's id, if it has one."""

    pair: int | None
    message: str


def describe(code: Code) -> str:
    if code.kind == "citation":
        return f"citation placeholder {code.pair} `{code.data}`"
    if code.kind == "link":
        return f"link code {code.pair}"
    return f"{code.kind} code {code.pair}"


def check_pieces(source: list[Piece], target: list[Piece]) -> list[CodeProblem]:
    """Every code of the source present in the target once, openings before closings,
    data (URLs, citation ids) unchanged; then the result must read back as the same codes.
    """
    problems: list[CodeProblem] = []
    wanted = {(c.pair, c.role): c for c in codes(source)}
    seen: Counter[tuple[int, str]] = Counter()
    opened: set[int] = set()
    for code in codes(target):
        key = (code.pair, code.role)
        expected = wanted.get(key)
        if expected is None:
            problems.append(CodeProblem(code.pair, f"code {code.pair} ({code.role}) is not in "
                                        "the source; remove it"))
            continue
        seen[key] += 1
        if seen[key] == 2:
            problems.append(CodeProblem(code.pair, f"{describe(expected)} appears more than "
                                        "once; keep exactly one"))
        if code.data != expected.data:
            if expected.kind == "link":
                problems.append(CodeProblem(code.pair, f"link URL changed from "
                                            f"`{expected.url}` to `{code.data[2:-1]}`; links "
                                            "must keep their address"))
            else:
                problems.append(CodeProblem(code.pair, f"{describe(expected)} was changed to "
                                            f"`{code.data}`; keep it as it is"))
        if code.role == "open":
            opened.add(code.pair)
        elif code.role == "close" and code.pair not in opened:
            problems.append(CodeProblem(code.pair, f"{describe(expected)} closes before it "
                                        "opens; put the opening code first"))
    for key, code in wanted.items():
        if not seen[key]:
            what = describe(code) if code.role == "single" else f"{describe(code)} ({code.role})"
            problems.append(CodeProblem(code.pair, f"{what} is missing; put it back where it "
                                        "belongs in the translation"))
    if problems:
        return problems
    return _read_back(target)


def _read_back(target: list[Piece]) -> list[CodeProblem]:
    """The markup written for `target` must parse cleanly into the same codes."""
    markup = to_markup(target)
    parsed = parse(markup)
    if parsed.errors:
        return [CodeProblem(None, f"the translation cannot be written as brochure markup "
                            f"({parsed.errors[0].message})")]
    got = [(c.kind, c.role, c.data) for c in codes(to_pieces(markup))]
    want = [(c.kind, c.role, c.data) for c in codes(target)]
    if Counter(got) != Counter(want):
        return [CodeProblem(None, "the formatting codes enclose no text or cross a link or a "
                            "citation in a way brochure markup cannot hold; put some text "
                            "between each opening and closing code")]
    return []
