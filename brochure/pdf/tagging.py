"""Tagged PDF, part 1: marked content and the structure tree, recorded while pages draw.

ReportLab has no tagging API, so we tag at the one place every flowable passes through:
`Flowable.drawOn`. While a `Recorder` is active (`with recording(recorder): build...`),
each flowable that carries a `Struct` (`.struct`, see flowables.py) is drawn inside
marked content:

- content roles (P, H1..H6, LBody, Caption, Figure, BibEntry, ...) get
  `/P <</MCID n>> BDC ... EMC`, and the recorder notes (page, MCID) → element;
- grouping roles (Document, Aside, Note, L, ...) draw their own decoration (tints,
  borders, bars) as `/Artifact`; their children get their own elements;
- a list item's own drawing (its bullet or number) becomes an `Lbl` element;
- `Artifact` flowables (rules, ruled lines) and everything drawn outside a tagged
  flowable (footers, page numbers, draft band, panel tints, fold marks) is `/Artifact`.

A flowable split across pages or panels keeps its `Struct` object, so both halves land in
one element. Marked content never nests one MCID inside another; other marked content
drawn inside ours (the `/Span <</ActualText ...>>` of shaped right-to-left lines) stays
nested in it. The structure tree is written into the PDF as ReportLab saves it
(document.py, structure.py), or for a booklet once its pages are on sheets (finish.py).

Reading order: elements at the top of the tree follow the order of the story that the
layout was given (`reading_order`), not the order of drawing, because a tri-fold draws
its cover and back panels before the inside. Deeper elements follow drawing order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import field
from typing import Any

from reportlab.platypus.flowables import Flowable

from brochure.records import record
from brochure.story.flowables import Struct

# Structure types of ISO 32000-1 (PDF 1.7), which PDF/UA-1 builds on.
STANDARD_ROLES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote "
    "Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula "
    "Form".split()
)
# Our roles that PDF 1.7 lacks, mapped to standard ones (written as the RoleMap).
ROLE_MAP = {"Aside": "Div"}
# Roles whose own drawing is decoration: only their children carry content.
GROUPING = frozenset(
    "Document Part Art Sect Div Aside BlockQuote Note L TOC TOCI Index NonStruct "
    "Table TR THead TBody TFoot".split()
)
_ARTIFACT = "/Artifact BMC"
_OWN_MCID, _OWN_ARTIFACT, _OWN_LABEL = "mcid", "artifact", "label"


class TaggingError(RuntimeError):
    """The layout drew in a way the tagger cannot describe (an internal bug, not content)."""


@record(frozen=True)
class MarkedContent:
    """One marked-content sequence: MCID `mcid` on page `page` (1-based)."""

    page: int
    mcid: int


@record(frozen=True)
class Annotation:
    """The `index`-th annotation (0-based, in /Annots order) on page `page` (1-based)."""

    page: int
    index: int


@record(eq=False)
class Element:
    """A structure element: its role, where it hangs, and its kids in reading order."""

    role: str
    parent: Element | None = None
    kids: list[Element | MarkedContent | Annotation] = field(default_factory=list)
    alt: str | None = None
    lang: str | None = None
    ident: str | None = None  # /ID (PDF/UA wants one on every Note)
    group: str | None = None  # list group, on L elements
    list_numbering: str | None = None  # /ListNumbering of an L: Disc, Decimal
    bbox: tuple[float, float, float, float] | None = None  # of a Figure, in page space
    link_texts: dict[str, str] = field(default_factory=dict)  # Link: visible text by URL
    order: float | None = None  # position in the story (top-level elements)

    def walk(self) -> Iterator[Element]:
        """This element and every element under it, in reading order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()


@record(eq=False)
class _Page:
    number: int
    code: list[str]
    parents: list[Element] = field(default_factory=list)  # by MCID
    annotations: int = 0  # annotations already given an owner
    trailing_artifact: bool = False  # an /Artifact BMC is open at the end of the code


@record(eq=False)
class _Frame:
    """A tagged flowable being drawn."""

    flowable: Flowable
    element: Element | None  # None: everything it draws is an artifact
    own: str


@record(eq=False)
class _Sequence:
    page: _Page
    start: int  # index in the page code just after the opening operator
    frame: _Frame | None
    mcid: int | None
    insert_at: int


@record
class TagTree:
    """What the recorder saw: the tree, and per page the element of each MCID."""

    root: Element
    parents: dict[int, list[Element]]  # page number → element by MCID
    trailing_artifact: set[int]  # pages whose code ends inside an open /Artifact
    lang: str

    def pages(self) -> set[int]:
        return set(self.parents)


class Recorder:
    """Emits marked content on the canvas and builds the structure tree as flowables draw.

    One recorder per PDF. `reading_order(story)` tells it the story order; `tree()`
    returns the result once the layout has built the PDF.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self.root = Element("Document")
        self._order: dict[int, float] = {}
        self._elements: dict[int, tuple[Struct, Element]] = {}
        self._pages: dict[int, _Page] = {}
        self._stack: list[_Frame] = []
        self._open: _Sequence | None = None
        self._canvas: Any = None
        self._last_page: _Page | None = None  # the page drawn on last
        self._last_order = -1.0
        self._notes = 0

    # -- set-up -----------------------------------------------------------------------

    def reading_order(self, flowables: Iterable[Flowable]) -> None:
        """The story in reading order; top-level elements are sorted by it at the end."""
        for flowable in _flatten(flowables):
            struct = getattr(flowable, "struct", None)
            if struct is not None and id(struct) not in self._order:
                self._order[id(struct)] = float(len(self._order))

    def read_first(self, flowable: Flowable) -> None:
        """Put this flowable's element first in the document (a notice drawn as furniture)."""
        self._order[id(flowable.struct)] = -1.0  # type: ignore[attr-defined]

    # -- called around drawOn ---------------------------------------------------------

    def begin(self, canv: Any, flowable: Flowable, x: float, y: float) -> None:
        page = self._page(canv)
        self._take_annotations(canv, page)
        if self._stack:
            self._close(page)
        else:
            self._close_trailing(page)
        frame = self._frame(flowable, canv, x, y)
        self._stack.append(frame)
        self._open_for(page, frame)

    def end(self, canv: Any) -> None:
        page = self._page(canv)
        self._take_annotations(canv, page)
        self._close(page)
        self._stack.pop()
        if self._stack:
            self._open_for(page, self._stack[-1])
        else:
            page.code.append(_ARTIFACT)
            page.trailing_artifact = True

    def tree(self) -> TagTree:
        """The finished tree: top-level elements in story order."""
        if self._stack:
            raise TaggingError("the build ended while a tagged flowable was still drawing")
        self.root.kids.sort(key=lambda kid: kid.order if isinstance(kid, Element) else -1.0)
        return TagTree(
            self.root,
            {n: p.parents for n, p in self._pages.items()},
            {n for n, p in self._pages.items() if p.trailing_artifact},
            self.lang,
        )

    # -- pages and sequences ----------------------------------------------------------

    def _page(self, canv: Any) -> _Page:
        page = self._last_page
        if (page is not None and canv is self._canvas and page.code is canv._code
                and page.number == canv.getPageNumber()):
            return page
        if self._canvas is None:
            self._canvas = canv
        elif canv is not self._canvas:
            raise TaggingError("two canvases drew during one tagged build")
        number = canv.getPageNumber()
        page = self._pages.get(number)
        if page is None:
            page = self._pages[number] = _Page(number, canv._code)
            if page.code:  # drawn before the first tagged flowable: page template, bands
                page.code.insert(0, _ARTIFACT)
                page.code.append("EMC")
        elif page.code is not canv._code:
            raise TaggingError(f"page {number} changed its content list while drawing")
        self._last_page = page
        return page

    def _close_trailing(self, page: _Page) -> None:
        if page.trailing_artifact:
            if page.code[-1] is _ARTIFACT:
                page.code.pop()
            else:
                page.code.append("EMC")
            page.trailing_artifact = False

    def _open_for(self, page: _Page, frame: _Frame) -> None:
        element = frame.element
        if element is None or frame.own == _OWN_ARTIFACT:
            page.code.append(_ARTIFACT)
            self._open = _Sequence(page, len(page.code), frame, None, 0)
            return
        mcid = len(page.parents)
        tag = "Lbl" if frame.own == _OWN_LABEL else element.role
        page.code.append(f"/{tag} <</MCID {mcid}>> BDC")
        self._open = _Sequence(page, len(page.code), frame, mcid, len(element.kids))

    def _close(self, page: _Page) -> None:
        seq, self._open = self._open, None
        if seq is None:
            return
        code = page.code
        at, end = seq.start, len(code)
        while at < end and code[at] == "Q":
            at += 1
        if at == end:
            # Nothing drawn (at most the restore after a child): drop the opening operator.
            del code[seq.start - 1]
            return
        page.code.append("EMC")
        if seq.mcid is None or seq.frame is None or seq.frame.element is None:
            return
        element = seq.frame.element
        ref = MarkedContent(page.number, seq.mcid)
        if seq.frame.own == _OWN_LABEL:
            label = _label_of(element)
            label.kids.append(ref)
            page.parents.append(label)
        else:
            element.kids.insert(seq.insert_at, ref)
            page.parents.append(element)

    # -- elements ---------------------------------------------------------------------

    def _frame(self, flowable: Flowable, canv: Any, x: float, y: float) -> _Frame:
        struct: Struct = flowable.struct  # type: ignore[attr-defined]
        outer = self._stack[-1] if self._stack else None
        hidden = outer is not None and outer.element is None
        if hidden or struct.role == "Artifact" or (struct.role == "Figure" and not struct.alt):
            return _Frame(flowable, None, _OWN_ARTIFACT)  # a figure without alt is decoration
        known = self._elements.get(id(struct))
        if known is not None and known[0] is struct:
            element = known[1]  # the rest of a split flowable, or a wrapper's content
        else:
            element = self._new_element(struct, flowable, canv, x, y)
        if element.role == "LI":
            own = _OWN_LABEL
        elif element.role in GROUPING:
            own = _OWN_ARTIFACT
        else:
            own = _OWN_MCID
        return _Frame(flowable, element, own)

    def _new_element(self, struct: Struct, flowable: Flowable, canv: Any, x, y) -> Element:
        role = struct.role
        if role not in STANDARD_ROLES and role not in ROLE_MAP:
            raise TaggingError(f"unknown structure role {role!r} on {type(flowable).__name__}")
        parent = self._stack[-1].element if self._stack else self.root
        assert parent is not None
        if parent.role == "LI" and role not in ("Lbl", "LBody"):
            parent = _body_of(parent)
        if role == "LI":
            parent = self._list_for(parent, struct, flowable)
        lang = struct.lang if struct.lang and struct.lang != self.lang else None
        element = Element(role, parent, alt=struct.alt, lang=lang)
        if role == "Note":
            self._notes += 1
            element.ident = f"note-{self._notes}"
        if role == "Figure":
            element.bbox = _bbox(canv, flowable, x, y)
        self._attach(parent, element, struct)
        self._elements[id(struct)] = (struct, element)
        return element

    def _list_for(self, parent: Element, struct: Struct, flowable: Flowable) -> Element:
        last = parent.kids[-1] if parent.kids else None
        if isinstance(last, Element) and last.role == "L" and last.group == struct.group:
            return last
        lst = Element("L", parent, group=struct.group)
        lst.list_numbering = _numbering(getattr(flowable, "marker", None))
        self._attach(parent, lst, struct)
        return lst

    def _attach(self, parent: Element, element: Element, struct: Struct) -> None:
        if parent is self.root:
            order = self._order.get(id(struct))
            # Not in the story (a colophon, a footer link): right after what precedes it.
            element.order = order if order is not None else self._last_order + 1e-6
            self._last_order = element.order
        parent.kids.append(element)

    def _take_annotations(self, canv: Any, page: _Page) -> None:
        """Annotations made since the last event belong to the flowable drawing now."""
        count = len(canv._annotationrefs)
        if count == page.annotations:
            return
        frame = next((f for f in reversed(self._stack) if f.element is not None), None)
        owner = frame.element if frame is not None else self.root
        assert owner is not None
        texts = _link_texts(frame.flowable) if frame is not None else {}
        for index in range(page.annotations, count):
            link = Element("Link", owner, [Annotation(page.number, index)], link_texts=texts)
            if owner is self.root:
                link.order = self._last_order + 1e-6
                self._last_order = link.order
            owner.kids.append(link)
        page.annotations = count


def _label_of(item: Element) -> Element:
    """The Lbl of a list item (its bullet or number), always its first kid."""
    first = item.kids[0] if item.kids else None
    if isinstance(first, Element) and first.role == "Lbl":
        return first
    label = Element("Lbl", item)
    item.kids.insert(0, label)
    return label


def _body_of(item: Element) -> Element:
    """The LBody that holds a list item's content when the content is not an LBody itself."""
    last = item.kids[-1] if item.kids else None
    if isinstance(last, Element) and last.role == "LBody":
        return last
    body = Element("LBody", item)
    item.kids.append(body)
    return body


def _numbering(marker: Any) -> str | None:
    """ListNumbering from what the first item shows: a number, a bullet, or nothing."""
    label = marker if isinstance(marker, str) else None
    for name in ("text", "label"):
        label = label or getattr(marker, name, None)
    if not label:
        return None
    return "Decimal" if label.strip()[:1].isdigit() else "Disc"


def _bbox(canv: Any, flowable: Flowable, x: float, y: float) -> tuple[float, float, float, float]:
    x0, y0 = canv.absolutePosition(x, y)
    x1, y1 = canv.absolutePosition(x + flowable.width, y + flowable.height)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _link_texts(flowable: Flowable) -> dict[str, str]:
    """Visible text of each link in a paragraph, for the annotation's /Contents."""
    texts: dict[str, str] = {}
    for frag in getattr(flowable, "frags", None) or []:  # ReportLab Paragraph
        for _, url in getattr(frag, "link", None) or []:
            texts[url] = texts.get(url, "") + frag.text
    prep = getattr(flowable, "_prep", None)  # rtl.RTLParagraph
    for span in getattr(prep, "spans", None) or []:
        if span.href:
            texts[span.href] = texts.get(span.href, "") + span.text
    return {url: " ".join(text.split()) for url, text in texts.items()}


def _flatten(flowables: Iterable[Flowable]) -> Iterator[Flowable]:
    """Flowables and the content of wrappers: those platypus unpacks (KeepTogether) and
    ours that draw tagged parts of their own (`tagged_parts`: a figure and its caption)."""
    for flowable in flowables:
        if flowable is None:
            continue
        yield flowable
        inner = getattr(flowable, "_content", None) or getattr(flowable, "tagged_parts", None)
        if isinstance(inner, list | tuple):
            yield from _flatten(inner)


def reading_order(story: Any) -> list[Flowable]:
    """A story's flowables in reading order, whatever parts this Story has."""
    parts: list[Flowable] = list(story.all())
    seen = {id(f) for f in _flatten(parts)}
    for name in ("care_team", "colophon"):  # tri-fold back panel pieces the handout omits
        parts += [f for f in getattr(story, name, None) or [] if id(f) not in seen]
    return parts


# -- the drawOn hook ------------------------------------------------------------------

_ACTIVE: ContextVar[Recorder | None] = ContextVar("brochure_tagging", default=None)
_plain_draw_on = Flowable.drawOn


def tagged_draw_on(self: Flowable, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
    """`Flowable.drawOn`, wrapped in marked content when a recorder is active.

    Installed by `brochure.layouts.patches` with ReportLab's other changes: platypus
    gives no hook around a
    flowable's drawing, nested flowables (a paragraph inside a callout box) are drawn
    by their parents, and split halves are made by ReportLab itself. Outside
    `recording()` it only adds a context-variable lookup.
    """
    recorder = _ACTIVE.get()
    if recorder is None or getattr(self, "struct", None) is None:
        _plain_draw_on(self, canvas, x, y, _sW)
        return
    recorder.begin(canvas, self, x, y)
    _plain_draw_on(self, canvas, x, y, _sW)
    recorder.end(canvas)


@contextmanager
def recording(recorder: Recorder | None) -> Iterator[Recorder | None]:
    """Tag everything drawn inside the block with `recorder` (None: tag nothing)."""
    if recorder is None:
        yield None
        return
    token = _ACTIVE.set(recorder)
    try:
        yield recorder
    finally:
        _ACTIVE.reset(token)


@contextmanager
def paused() -> Iterator[None]:
    """Tag nothing inside the block: measuring builds a layout makes before its real one
    (a booklet trying spacings to fill whole sheets) must not reach the recorder."""
    token = _ACTIVE.set(None)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active_recorder() -> Recorder | None:
    """The recorder tagging what is drawn now (the canvas writes its tree as it saves)."""
    return _ACTIVE.get()


def recording_now() -> bool:
    """Whether drawing is being tagged (a layout may then skip rebuilding untagged)."""
    return _ACTIVE.get() is not None
