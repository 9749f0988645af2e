"""Imposition that keeps a tagged PDF tagged: logical pages copied onto print sheets.

A booklet is laid out and tagged (tagging.py) as logical pages, then placed on sheets.
Placing a page as a form XObject (pikepdf's `add_overlay`) hides its marked content
inside the XObject, out of reach of plain MCID references, so instead each page's
content is copied into its sheet's content stream,

    q 1 0 0 1 dx dy cm  x0 y0 w h re W n  <the page's content>  Q

which draws what the form XObject drew (same offset, clipped to the page's box). Then:

- resources are merged per sheet; a name that means different objects on two pages of
  one sheet is renamed in the content (pages of one ReportLab document share them all);
- the MCIDs of each page after the first on a sheet are offset by the MCIDs before it,
  and the `TagTree` is rewritten to match: marked-content and annotation references
  point at sheets, the per-sheet owner lists (the ParentTree) are concatenated in the
  same order, figure bounding boxes move with their page;
- link annotations move with their page (Rect, QuadPoints, /P); destinations of
  bookmarks, links and named destinations point at the sheet that holds their page;
- a page the recorder never tagged is wrapped as an artifact on a tagged sheet, and an
  artifact left open at the end of a page is closed before the page's `Q`. Blank slots
  draw nothing.

finish.py then writes the structure tree for the sheets as for any other PDF.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name

from brochure.pdf.streams import compressed
from brochure.pdf.tagging import Annotation, MarkedContent, TagTree
from brochure.records import record

# Resource categories whose names the content stream uses, and the operators that use them.
CATEGORIES = ("/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/XObject", "/Font",
              "/Properties")
_USES = {
    "Tf": "/Font", "Do": "/XObject", "gs": "/ExtGState", "cs": "/ColorSpace",
    "CS": "/ColorSpace", "scn": "/Pattern", "SCN": "/Pattern", "sh": "/Shading",
    "BDC": "/Properties", "DP": "/Properties",
}
PROCSET = Array([Name.PDF, Name.Text, Name.ImageB, Name.ImageC, Name.ImageI])
# Marked content exactly as tagging.py writes it: `/P <</MCID 3>> BDC`.
_MCID = re.compile(rb"<</MCID (\d+)>> BDC")
# Which coordinates of a destination are x (1) or y (2), by kind (ISO 32000-1, 12.3.2.2).
_DEST_AXES = {"/XYZ": (1, 2), "/FitH": (2,), "/FitBH": (2,), "/FitV": (1,), "/FitBV": (1,),
              "/FitR": (1, 2, 1, 2)}


class ImposeError(RuntimeError):
    """The booklet cannot be imposed as asked (an internal bug, not content)."""


@record(frozen=True)
class Slot:
    """Logical page `page` (1-based) placed with its lower-left corner at (x, y)."""

    page: int
    x: float
    y: float


@record(frozen=True)
class _Placed:
    sheet: int  # 1-based
    dx: float
    dy: float
    mcids: int  # MCIDs of the sheet drawn before this page
    annots: int  # annotations of the sheet before this page's


def impose(
    pdf: bytes,
    arrange: Callable[[int], list[list[Slot]]],
    size: tuple[float, float],
    tags: TagTree | None = None,
    rewritten: bool = False,
) -> tuple[bytes, TagTree | None]:
    """Sheets of `size`, holding the slots `arrange(page count)` gives for each sheet.

    Within a sheet pages are drawn in page order (the lower page number first), so the
    content stream reads in booklet order too. With `tags`, the tree is returned
    rewritten for the sheets; the booklet's own `tags` must not be used afterwards.
    `rewritten`: finish.py writes the sheets again (`finish.rewrites`), so their content
    is compressed here, through the stream memo (see `_flate_stream`).
    """
    doc = pikepdf.open(BytesIO(pdf))
    pages = list(doc.pages)
    count = len(pages)
    width, height = size
    placed: dict[int, _Placed] = {}
    moved: dict[tuple[int, int], tuple[pikepdf.Object, float, float]] = {}
    for number, slots in enumerate(arrange(count), start=1):
        slots = sorted(slots, key=lambda s: s.page)
        if any(not 1 <= s.page <= count for s in slots):
            raise ImposeError(f"sheet {number} places a page the booklet does not have")
        sheet = doc.make_indirect(
            Dictionary(Type=Name.Page, MediaBox=Array([0, 0, width, height]))
        )
        tagged_sheet = tags is not None and any(s.page in tags.parents for s in slots)
        merged: dict[str, dict[str, pikepdf.Object]] = {}
        parts: list[bytes] = []
        annots: list[pikepdf.Object] = []
        mcids = 0
        procset = False
        for slot in slots:
            page = pages[slot.page - 1]
            if int(page.obj.get("/Rotate", 0)) % 360:
                raise ImposeError(f"page {slot.page} is rotated")
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            dx, dy = slot.x - x0, slot.y - y0
            resources = page.obj.get("/Resources")
            renames = _merge(merged, resources, slot.page)
            procset = procset or (resources is not None and "/ProcSet" in resources)
            content = b"\n".join(s.read_bytes() for s in _streams(page))
            own = tags.parents.get(slot.page) if tags is not None else None
            content = _rewrite(doc, content, mcids, len(own or ()), renames)
            if tags is not None and own is None and tagged_sheet:
                content = b"/Artifact BMC\n" + content + b"\nEMC"
            elif tags is not None and slot.page in tags.trailing_artifact:
                content += b"\nEMC"
            parts.append(
                f"q 1 0 0 1 {_num(dx)} {_num(dy)} cm {_num(x0)} {_num(y0)} "
                f"{_num(x1 - x0)} {_num(y1 - y0)} re W n\n".encode()
                + content
                + b"\nQ\n"
            )
            placed[slot.page] = _Placed(number, dx, dy, mcids, len(annots))
            moved[page.obj.objgen] = (sheet, dx, dy)
            mcids += len(own or ())
            for annot in page.obj.get("/Annots") or []:
                _move_annotation(annot, sheet, dx, dy)
                annots.append(annot)
            if "/Group" in page.obj and "/Group" not in sheet:
                sheet.Group = page.obj.Group
        resources = Dictionary({k: Dictionary(v) for k, v in merged.items()})
        if procset:
            resources.ProcSet = PROCSET
        sheet.Resources = resources
        content = b"".join(parts)
        sheet.Contents = _flate_stream(doc, content) if rewritten else doc.make_stream(content)
        if annots:
            sheet.Annots = Array(annots)
        doc.pages.append(pikepdf.Page(sheet))
        if doc.pages[-1].obj.objgen != sheet.objgen:
            raise ImposeError("pikepdf copied the sheet instead of adding it")
    if len(placed) != count:
        raise ImposeError(f"{count - len(placed)} booklet pages were not placed on a sheet")
    _move_destinations(doc, moved)
    del doc.pages[:count]
    out = BytesIO()
    doc.save(out, deterministic_id=True, fix_metadata_version=False)  # XMP as written
    return out.getvalue(), (_move_tags(tags, placed) if tags is not None else None)


def _flate_stream(doc: pikepdf.Pdf, content: bytes) -> pikepdf.Stream:
    """`content` as a Flate stream, compressed through the stream memo (pdf/streams.py):
    the very bytes qpdf writes for an uncompressed stream (the same zlib at its default
    level), and copies as they are, so a rebuild's unchanged sheets cost nothing. Only
    for sheets written again by finish.py: qpdf puts /Length before /Filter in a stream
    it compresses and after it in one it copies, until a later save writes both alike."""
    return pikepdf.Stream(doc, compressed(content), Filter=Name.FlateDecode)


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _streams(page: pikepdf.Page) -> list[pikepdf.Stream]:
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, Array) else [contents]


# ---------------------------------------------------------------- resources and content


def _same(a: pikepdf.Object, b: pikepdf.Object) -> bool:
    if a.is_indirect or b.is_indirect:
        return a.is_indirect and b.is_indirect and a.objgen == b.objgen
    return a.unparse() == b.unparse()


def _merge(
    merged: dict[str, dict[str, pikepdf.Object]], resources: pikepdf.Object | None, page: int
) -> dict[str, dict[str, str]]:
    """Add a page's resources to the sheet's; the names to change in its content."""
    renames: dict[str, dict[str, str]] = {}
    if resources is None:
        return renames
    for category in CATEGORIES:
        entries = resources.get(category)
        if entries is None:
            continue
        target = merged.setdefault(category, {})
        for name, obj in entries.items():
            have = target.get(name)
            if have is None:
                target[name] = obj
            elif not _same(have, obj):
                new, n = f"{name}.p{page}", 1
                while new in target:
                    new, n = f"{name}.p{page}.{n}", n + 1
                target[new] = obj
                renames.setdefault(category, {})[name] = new
    return renames


def _rewrite(
    doc: pikepdf.Pdf, content: bytes, offset: int, count: int, renames: dict[str, dict[str, str]]
) -> bytes:
    """A page's content with its `count` MCIDs moved up by `offset` and resources renamed.

    The common case (no renaming) edits the marked-content operators tagging.py wrote,
    and checks it found exactly MCIDs 0..count-1 in order; anything else (text that
    happens to look like an operator, a renamed resource) takes the full parse.
    """
    if not renames:
        if not offset:
            return content
        found: list[int] = []

        def bump(match: re.Match[bytes]) -> bytes:
            found.append(int(match[1]))
            return b"<</MCID %d>> BDC" % (int(match[1]) + offset)

        edited = _MCID.sub(bump, content)
        if found == list(range(count)):
            return edited
    return _parse_rewrite(doc, content, offset, renames)


def _parse_rewrite(
    doc: pikepdf.Pdf, content: bytes, offset: int, renames: dict[str, dict[str, str]]
) -> bytes:
    instructions: list = []
    for instruction in pikepdf.parse_content_stream(doc.make_stream(content)):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            instructions.append(instruction)
            continue
        operands, operator = list(instruction.operands), instruction.operator
        op = str(operator)
        table = renames.get(_USES.get(op, ""), {})
        operands = [
            Name(table[str(o)]) if isinstance(o, Name) and str(o) in table else o
            for o in operands
        ]
        if op == "BDC" and offset and isinstance(operands[-1], Dictionary):
            props = operands[-1]
            if "/MCID" in props:
                props = Dictionary({k: v for k, v in props.items()})
                props.MCID = int(props.MCID) + offset
                operands[-1] = props
        instructions.append((operands, operator))
    return pikepdf.unparse_content_stream(instructions)


# ---------------------------------------------------------------- annotations, destinations


def _move_annotation(annot: pikepdf.Object, sheet: pikepdf.Object, dx: float, dy: float) -> None:
    if "/Rect" in annot:
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        annot.Rect = Array([x0 + dx, y0 + dy, x1 + dx, y1 + dy])
    if "/QuadPoints" in annot:
        points = [float(v) for v in annot.QuadPoints]
        annot.QuadPoints = Array([v + (dx if i % 2 == 0 else dy) for i, v in enumerate(points)])
    if "/P" in annot:
        annot.P = sheet


def _move_dest(dest: pikepdf.Object, moved: dict) -> pikepdf.Object:
    """An explicit destination on a booklet page, pointed at the same spot on its sheet."""
    if not isinstance(dest, Array) or len(dest) < 1 or not isinstance(dest[0], Dictionary):
        return dest  # a named destination: the name tree is moved on its own
    where = moved.get(dest[0].objgen)
    if where is None:
        return dest
    sheet, dx, dy = where
    items = list(dest)
    kind = str(items[1]) if len(items) > 1 else "/Fit"
    for i, axis in enumerate(_DEST_AXES.get(kind, ()), start=2):
        try:
            value = float(items[i])
        except (IndexError, TypeError, ValueError):
            continue  # null (keep the current value) or missing
        items[i] = value + (dx if axis == 1 else dy)
    items[0] = sheet
    return Array(items)


def _move_target(holder: pikepdf.Object, moved: dict) -> None:
    """/Dest, or a GoTo action's /D, of an outline item, annotation or name-tree value."""
    if "/Dest" in holder:
        holder.Dest = _move_dest(holder.Dest, moved)
    action = holder.get("/A")
    if isinstance(action, Dictionary) and action.get("/S") == Name.GoTo and "/D" in action:
        action.D = _move_dest(action.D, moved)


def _move_destinations(doc: pikepdf.Pdf, moved: dict) -> None:
    root = doc.Root
    for page in doc.pages:
        for annot in page.obj.get("/Annots") or []:
            _move_target(annot, moved)
    outlines = root.get("/Outlines")
    stack = [outlines.First] if outlines is not None and "/First" in outlines else []
    while stack:
        item = stack.pop()
        _move_target(item, moved)
        stack += [item[k] for k in ("/Next", "/First") if k in item]
    dests = root.get("/Dests")  # PDF 1.1 style: a dictionary of names
    if isinstance(dests, Dictionary):
        for name, value in list(dests.items()):
            if isinstance(value, Dictionary):
                _move_target(value, moved)
            else:
                dests[name] = _move_dest(value, moved)
    names = root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, Dictionary) else None
    nodes = [tree] if tree is not None else []
    while nodes:
        node = nodes.pop()
        nodes += list(node.get("/Kids") or [])
        leaf = node.get("/Names")
        for i in range(1, len(leaf) if leaf is not None else 0, 2):
            if isinstance(leaf[i], Dictionary):
                _move_target(leaf[i], moved)
            else:
                leaf[i] = _move_dest(leaf[i], moved)
    action = root.get("/OpenAction")
    if isinstance(action, Array):
        root.OpenAction = _move_dest(action, moved)
    elif isinstance(action, Dictionary):
        _move_target(action, moved)


# ---------------------------------------------------------------- the structure tree


def _move_tags(tags: TagTree, placed: dict[int, _Placed]) -> TagTree:
    """The tree with every page reference moved to the sheet and MCID it was given."""
    parents: dict[int, list] = {}
    for page in sorted(tags.parents, key=lambda p: (placed[p].sheet, p)):
        where = placed[page]
        owners = parents.setdefault(where.sheet, [])
        if len(owners) != where.mcids:
            raise ImposeError(f"page {page}: MCIDs out of step on sheet {where.sheet}")
        owners.extend(tags.parents[page])
    for element in list(tags.root.walk()):
        first: MarkedContent | None = None
        kids: list = []
        for kid in element.kids:
            if isinstance(kid, MarkedContent):
                first = first or kid
                where = placed[kid.page]
                kid = MarkedContent(where.sheet, kid.mcid + where.mcids)
            elif isinstance(kid, Annotation):
                where = placed[kid.page]
                kid = Annotation(where.sheet, kid.index + where.annots)
            kids.append(kid)
        element.kids = kids
        if element.bbox is not None and first is not None:
            where = placed[first.page]
            x0, y0, x1, y1 = element.bbox
            element.bbox = (x0 + where.dx, y0 + where.dy, x1 + where.dx, y1 + where.dy)
    return TagTree(tags.root, parents, set(), tags.lang)
