"""Tagged bi-fold booklets: the structure tree survives imposition onto print sheets.

The MS brochure in English and Arabic is built as a bi-fold (letter → half-letter pages
in saddle-stitch order). The booklet is laid out and tagged page by page, then every
page's content is copied onto its sheet (impose.py). These tests check what a validator
would, as test_tagging.py does for the handout, plus what imposition could break: the
reading order is the booklet's (not the sheets'), each marked-content sequence on a
sheet is byte for byte the one the booklet page had, links and figure boxes moved with
their page, and not a pixel changed against the untagged build and against the old
imposition with form XObjects (pikepdf's add_overlay).
"""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from pikepdf import Array, Dictionary, Name

from brochure import layouts
from brochure.content.loader import load_brochure
from brochure.content.markup import parse
from brochure.layouts import bifold
from brochure.pdf.finish import finish
from brochure.pdf.impose import Slot, impose
from brochure.pdf.tagging import Annotation, Element, MarkedContent, TagTree
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import ROOT
from tests.pdf.test_tagging import (
    Node,
    assert_content_in_order,
    links_of,
    marks,
    squash,
    texts_by_mcid,
    tree,
)

LANGS = ("en", "ar")


@dataclass
class Built:
    """A tagged bi-fold, and what imposition was given: the booklet and its tags."""

    lang: str
    pdf: bytes
    booklet: bytes
    tags: TagTree  # a copy taken before imposition (which rewrites the tree it is given)

    @cached_property  # kept open: tree nodes hold its objects
    def doc(self) -> pikepdf.Pdf:
        return pikepdf.open(BytesIO(self.pdf))

    @property
    def pages(self) -> int:
        return len(pikepdf.open(BytesIO(self.booklet)).pages)

    def tagged_booklet(self) -> bytes:
        """The booklet itself finished as a tagged PDF (its tree on half-size pages)."""
        return finish(self.booklet, copy.deepcopy(self.tags))


@pytest.fixture(scope="module")
def ms():
    return load_brochure(ROOT / "content" / "ms-stem-cells", cwd=ROOT)


def build_watched(ms, lang: str, **options) -> Built:
    """A bi-fold build that keeps a copy of what went into imposition."""
    seen: dict = {}
    booklet_layout = layouts.LAYOUTS["bifold"]
    impose_booklet = booklet_layout.impose

    def spy(booklet, tags, setup):
        seen.update(booklet=booklet, tags=copy.deepcopy(tags))
        return impose_booklet(booklet, tags, setup)

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(layouts.LAYOUTS, "bifold", dataclasses.replace(booklet_layout, impose=spy))
        pdf = render_pdf(ms, lang, BuildOptions(layout="bifold", **options)).pdf
    return Built(lang, pdf, seen["booklet"], seen["tags"])


@pytest.fixture(scope="module")
def built(ms) -> dict[str, Built]:
    return {lang: build_watched(ms, lang) for lang in LANGS}


def sheet_of(pages: int, rtl: bool) -> dict[int, tuple[int, int]]:
    """Booklet page → (sheet index, half: 0 left, 1 right), from the imposition table."""
    return {
        number: (index, half)
        for index, side in enumerate(bifold.imposition(pages, rtl))
        for half, number in enumerate(side)
        if number
    }


def content_items(root: Node) -> list[tuple[str, int, int]]:
    """(role, page index, MCID) of every marked-content item, in structure order."""
    return [(n.role, page, mcid) for n in root.walk() for page, mcid in n.content]


def sequences(pdf: pikepdf.Pdf) -> dict[tuple[int, int], bytes]:
    """The operators inside each MCID sequence, by (page index, MCID), as written."""
    found: dict[tuple[int, int], list] = {}
    for index, page in enumerate(pdf.pages):
        depth, current = 0, None
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op in ("BDC", "BMC"):
                props = instruction.operands[-1] if op == "BDC" else None
                if current is None and isinstance(props, Dictionary) and "/MCID" in props:
                    current, depth = (index, int(props.MCID)), 0
                    found[current] = []
                    continue
                depth += 1
            elif op == "EMC" and current is not None:
                if depth == 0:
                    current = None
                    continue
                depth -= 1
            if current is not None:
                found[current].append(instruction)
    return {key: pikepdf.unparse_content_stream(ops) for key, ops in found.items()}


def check_mcids(pdf: pikepdf.Pdf) -> dict[tuple[int, int], Node]:
    """Every MCID drawn is referenced exactly once, and the ParentTree says the same."""
    referenced: dict[tuple[int, int], Node] = {}
    for n in tree(pdf).walk():
        for item in n.content:
            assert item not in referenced, f"MCID {item} referenced twice"
            referenced[item] = n
    per_page = marks(pdf)
    drawn = [(i, mcid) for i, m in enumerate(per_page) for mcid in m.mcids]
    assert len(drawn) == len(set(drawn)), "an MCID drawn twice"
    assert set(referenced) == set(drawn)
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    for index, page in enumerate(pdf.pages):
        mcids = sorted(mcid for p, mcid in referenced if p == index)
        if not mcids:
            continue
        assert mcids == list(range(len(mcids))), f"sheet {index + 1}: MCIDs not 0..n-1"
        owners = parent_tree[int(page.obj.StructParents)]
        assert len(owners) == len(mcids)
        for mcid, owner in enumerate(owners):
            assert owner.objgen == referenced[(index, mcid)].obj.objgen
    return referenced


# ---------------------------------------------------------------- catalogue


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_metadata_and_geometry(built, ms, lang) -> None:
    pdf = built[lang].doc
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == lang
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert "/ParentTree" in root.StructTreeRoot
    meta = pdf.open_metadata()
    assert meta["dc:title"] == ms.languages[lang].content.title
    assert meta["pdfuaid:part"] == "1"
    for page in pdf.pages:
        assert page.obj.Tabs == "/S"
        assert [float(v) for v in page.mediabox] == [0, 0, 792, 612]
    assert len(pdf.pages) == len(bifold.imposition(built[lang].pages))


def test_untagged_bifold_has_no_tree(ms) -> None:
    data = render_pdf(ms, "en", BuildOptions(layout="bifold", tagged=False)).pdf
    pdf = pikepdf.open(BytesIO(data))
    assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
    assert b"MCID" not in b"".join(c.read_bytes() for p in pdf.pages for c in _streams(p))


# ---------------------------------------------------------------- the tree


@pytest.mark.parametrize("lang", LANGS)
def test_every_mcid_referenced_once_and_parent_tree_agrees(built, lang) -> None:
    check_mcids(built[lang].doc)


@pytest.mark.parametrize("lang", LANGS)
def test_element_kinds_and_parentage(built, lang) -> None:
    root = tree(built[lang].doc)
    roles = [n.role for n in root.walk()]
    assert roles.count("H1") == 1
    assert {"H2", "P", "L", "LI", "Lbl", "LBody", "Figure", "Aside", "BibEntry"} <= set(roles)
    for n in root.walk():
        if n.role == "LI":
            assert [k.role for k in n.kids] == ["Lbl", "LBody"]
        if n.role == "Figure":
            assert str(n.obj.get("/Alt", "")).strip()


@pytest.mark.parametrize("lang", LANGS)
def test_structure_order_is_booklet_order_not_sheet_order(built, lang) -> None:
    """Each content item in structure order: the same role, on the sheet that holds its
    booklet page, with byte for byte the operators the booklet page had."""
    b = built[lang]
    booklet = pikepdf.open(BytesIO(b.tagged_booklet()))
    sheets = b.doc
    before, after = content_items(tree(booklet)), content_items(tree(sheets))
    assert len(before) == len(after) > 100
    where = sheet_of(b.pages, rtl=lang == "ar")
    assert [(role, where[page + 1][0]) for role, page, _ in before] == [
        (role, sheet) for role, sheet, _ in after
    ]
    visited = [sheet for _, sheet, _ in after]
    assert visited != sorted(visited), "reading order follows the booklet, not the sheets"
    old, new = sequences(booklet), sequences(sheets)
    for (_, page, mcid), (_, sheet, moved) in zip(before, after, strict=True):
        assert old[(page, mcid)] == new[(sheet, moved)], f"page {page + 1} MCID {mcid}"


def test_text_in_structure_order_is_the_content_in_order(built, ms) -> None:
    data = built["en"].pdf
    per_page = texts_by_mcid(data)
    text = squash(
        " ".join(per_page[p].get(m, "") for n in tree(built["en"].doc).walk() for p, m in n.content)
    )
    # The back cover reads last: the fill-in care-team block, then the review lines,
    # which are content there (a booklet's inside pages carry them in the footer).
    back = text.rindex("Mycareteam")
    assert_content_in_order(text[:back], ms.languages["en"].content)
    assert "Lastreviewed" in text[back:] and "Pageof" not in text[back:]


def actual_texts(pdf: pikepdf.Pdf) -> list[dict[int, str]]:
    """Per page, the /ActualText of the shaped pieces inside each MCID, in drawing order."""
    out = []
    for page in pdf.pages:
        texts: dict[int, str] = {}
        stack: list[int | None] = []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name in ("BDC", "BMC"):
                props = operands[1] if name == "BDC" else None
                mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
                stack.append(int(mcid) if mcid is not None else None)
                if isinstance(props, Dictionary) and "/ActualText" in props:
                    owner = next((s for s in reversed(stack) if s is not None), None)
                    if owner is not None:
                        texts[owner] = texts.get(owner, "") + str(props.ActualText) + " "
            elif name == "EMC":
                stack.pop()
        out.append(texts)
    return out


def test_arabic_headings_in_structure_order_are_the_sections(built, ms) -> None:
    """Arabic pieces carry their text in drawing order (brochure.rtl), so compare words: the
    headings in structure order hold the words of the title and section titles in order."""
    pdf = built["ar"].doc
    pieces = actual_texts(pdf)
    heads = [n for n in tree(pdf).walk() if n.role in ("H1", "H2")]
    content = ms.languages["ar"].content
    wanted = [content.title, *(s.title for s in content.sections)]
    assert len(heads) >= len(wanted)
    for head, title in zip(heads, wanted, strict=False):
        drawn = {
            squash(word.strip("؟:،"))
            for page, mcid in head.content
            for word in pieces[page].get(mcid, "").split()
        }
        for word in parse(title).plain_text().split():
            word = squash(word.strip("؟:،"))
            assert word in drawn or word[::-1] in drawn, f"{title!r}: {word!r}"


# ---------------------------------------------------------------- furniture, blanks


def test_furniture_is_artifact_and_covers_carry_no_number(built) -> None:
    """Inside pages say "Page n of N" (N: the booklet's pages, covers included) as an
    artifact; the cover and back cover carry no number; no half of a sheet is blank."""
    b = built["en"]
    pdf = b.doc
    per_page = marks(pdf)  # every painting operator is in an MCID or an artifact
    assert all(m.mcids and m.artifact_ops for m in per_page)
    texts = texts_by_mcid(b.pdf)
    assert b.pages % 4 == 0
    for index, side in enumerate(bifold.imposition(b.pages)):
        tagged = " ".join(t for k, t in texts[index].items() if k != -1)
        furniture = texts[index].get(-1, "")
        assert None not in side, "a booklet that fills its sheets has no blank half"
        for number in side:
            if number in (1, b.pages):
                assert f"Page {number} of" not in furniture
                continue
            assert f"Page {number} of {b.pages}" in furniture
            assert f"Page {number} of" not in tagged


# ---------------------------------------------------------------- links, figures, bookmarks


@pytest.mark.parametrize("lang", LANGS)
def test_links_moved_with_their_page_and_tagged_with_objr(built, lang) -> None:
    """Each link annotation lands on the half of the sheet that holds its page (the right
    half in Arabic, where the booklet opens the other way), over its own text."""
    b = built[lang]
    pdf = b.doc
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    links = [n for n in tree(pdf).walk() if n.role == "Link"]
    annots = [(i, a) for i, p in enumerate(pdf.pages) for a in p.obj.get("/Annots", [])]
    assert {a.objgen for _, a in annots} == {a.objgen for n in links for a in n.annots}
    where = sheet_of(b.pages, rtl=lang == "ar")
    booklet = pikepdf.open(BytesIO(b.booklet))
    expected = sorted(
        where[number] for number, page in enumerate(booklet.pages, start=1)
        for _ in page.obj.get("/Annots", [])
    )
    halves = [(i, 0 if float(a.Rect[2]) <= 396 else 1) for i, a in annots]
    assert annots and halves == expected
    assert any(half == 1 for _, half in halves) or lang == "en"
    doc = pdfium.PdfDocument(b.pdf)
    for index, annot in annots:
        owner = parent_tree[int(annot.StructParent)]
        assert owner.S == "/Link" and annot.objgen in {a.objgen for a in links_of(owner)}
        rect = [float(v) for v in annot.Rect]
        assert rect[2] <= 396 or rect[0] >= 396, "inside one half of the sheet"
        under = squash(doc[index].get_textpage().get_text_bounded(*rect))
        assert under and under.split("doi:")[-1] in str(annot.Contents), (under, annot.Contents)


def test_figure_boxes_moved_with_their_page(built) -> None:
    b = built["en"]
    pdf = b.doc
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    booklet_figures = [e for e in b.tags.root.walk() if e.role == "Figure"]
    figures = [n for n in tree(pdf).walk() if n.role == "Figure"]
    assert figures and len(figures) == len(booklet_figures)
    where = sheet_of(b.pages, rtl=False)
    for node, element in zip(figures, booklet_figures, strict=True):
        page = next(k.page for k in element.kids if isinstance(k, MarkedContent))
        sheet, half = where[page]
        assert pages[node.obj.Pg.objgen] == sheet
        moved = [float(v) for v in node.obj.A.BBox]
        assert moved == pytest.approx(
            [v + (396 * half if i % 2 == 0 else 0) for i, v in enumerate(element.bbox)], abs=0.01
        )


def test_bookmarks_point_at_the_sheets(built) -> None:
    b = built["en"]
    pdf = b.doc
    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    booklet = pikepdf.open(BytesIO(b.booklet))
    booklet_pages = {p.objgen: i + 1 for i, p in enumerate(booklet.pages)}
    where = sheet_of(b.pages, rtl=False)
    with booklet.open_outline() as before, pdf.open_outline() as after:
        old, new = list(before.root), list(after.root)
    assert len(new) == len(old) > 5
    for a, c in zip(old, new, strict=True):
        assert a.title == c.title
        assert pages[c.destination[0].objgen] == where[booklet_pages[a.destination[0].objgen]][0]


# ---------------------------------------------------------------- pixels, bytes


def form_xobject_imposition(booklet: bytes, rtl: bool) -> bytes:
    """What the bi-fold used to do: each booklet page as a form XObject (add_overlay)."""
    src = pikepdf.open(BytesIO(booklet))
    out = pikepdf.new()
    width, height = bifold.sheet_size("letter")
    for side in bifold.imposition(len(src.pages), rtl):
        out.add_blank_page(page_size=(width, height))
        for half, number in enumerate(side):
            if number:
                x = half * width / 2
                rect = pikepdf.Rectangle(x, 0, x + width / 2, height)
                out.pages[-1].add_overlay(src.pages[number - 1], rect)
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", LANGS)
def test_rendering_unchanged(built, ms, lang) -> None:
    plain = build_watched(ms, lang, tagged=False)
    tagged = pdfium.PdfDocument(built[lang].pdf)
    untagged = pdfium.PdfDocument(plain.pdf)
    reference = pdfium.PdfDocument(form_xobject_imposition(plain.booklet, rtl=lang == "ar"))
    assert len(tagged) == len(untagged) == len(reference)
    for a, b, c in zip(tagged, untagged, reference, strict=True):
        pixels = a.render(scale=1).to_pil().tobytes()
        assert pixels == b.render(scale=1).to_pil().tobytes(), "tagging changed pixels"
        assert pixels == c.render(scale=1).to_pil().tobytes(), "imposition changed pixels"


def test_deterministic(built, ms) -> None:
    again = render_pdf(ms, "en", BuildOptions(layout="bifold")).pdf
    assert again == built["en"].pdf


# ---------------------------------------------------------------- PDF/A, marks, checkers


def test_print_marks_keep_the_tags(ms) -> None:
    data = render_pdf(
        ms, "ar", BuildOptions(layout="bifold", paper="a4", edition="trifold", print_marks=True)
    ).pdf
    pdf = pikepdf.open(BytesIO(data))
    check_mcids(pdf)
    assert len(pdf.pages) % 2 == 0 and float(pdf.pages[0].obj.TrimBox[2]) == pytest.approx(841.89)


@pytest.mark.parametrize("lang", LANGS)
def test_pdfa_and_checkers(ms, lang, tmp_path: Path) -> None:
    """PDF/A-2b with UA-1; pdfua finds nothing, outloud no error. Known and accepted:
    outloud's TAG-002 calls the footer "prose marked /Artifact" on the two sheets whose
    other half is blank: its furniture heuristic wants a line repeated on 3+ pages, and on
    the other sheets two footers share one line of text. The footer is furniture."""
    data = render_pdf(ms, lang, BuildOptions(layout="bifold", pdfa=True)).pdf
    pdf = pikepdf.open(BytesIO(data))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
    assert meta["pdfuaid:part"] == "1"
    assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"
    check_mcids(pdf)
    pytest.importorskip("pdfua")
    pytest.importorskip("outloud")
    path = tmp_path / f"{lang}-bifold.pdf"
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "pdfua", "check", str(path)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    run = subprocess.run(
        [sys.executable, "-c", "from outloud.cli import main; main()", str(path),
         "--fail-on", "error", "--skip", "TAG-002"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout


# ---------------------------------------------------------------- impose() on its own


def _streams(page: pikepdf.Page) -> list[pikepdf.Stream]:
    contents = page.obj.Contents
    return list(contents) if isinstance(contents, Array) else [contents]


def _page(pdf: pikepdf.Pdf, font: pikepdf.Object, content: bytes) -> pikepdf.Page:
    pdf.add_blank_page(page_size=(200, 300))
    page = pdf.pages[-1]
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(content)
    return page


def _font(pdf: pikepdf.Pdf, name: str) -> pikepdf.Object:
    return pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name(name)))


def _text(mcid: int | None, words: str) -> bytes:
    shown = f"BT /F1 12 Tf 20 200 Td ({words}) Tj ET"
    if mcid is None:
        return shown.encode()
    return f"/P <</MCID {mcid}>> BDC {shown} EMC".encode()


def test_impose_renames_clashing_resources_and_renumbers_mcids() -> None:
    """Four 200×300 pages on two 400×300 sheets, [1 | 2] and [3 | 4]: page 2 shows text
    that looks like a marked-content operator, page 3 was never tagged, page 4 calls a
    different font /F1, page 1 ends inside an open artifact and links to page 4."""
    src = pikepdf.new()
    helvetica = _font(src, "/Helvetica")
    _page(src, helvetica, _text(0, "Alpha") + b" /Artifact BMC 0 0 5 5 re f")
    _page(src, helvetica, _text(0, "Beta <</MCID 0>> BDC"))
    _page(src, helvetica, _text(None, "Gamma"))
    _page(src, _font(src, "/Courier"), _text(0, "Delta"))
    link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([10, 10, 50, 30]),
                      Dest=Array([src.pages[3].obj, Name.XYZ, 5, 6, None]), P=src.pages[0].obj)
    src.pages[0].obj.Annots = Array([src.make_indirect(link)])
    buffer = BytesIO()
    src.save(buffer)

    root = Element("Document")
    ps = [Element("P", root, [MarkedContent(n, 0)]) for n in (1, 2, 4)]
    ps[0].kids.append(Element("Link", ps[0], [Annotation(1, 0)]))
    ps[2].bbox = (20.0, 200.0, 60.0, 212.0)
    root.kids = list(ps)
    tags = TagTree(root, {1: [ps[0]], 2: [ps[1]], 4: [ps[2]]}, {1}, "en")

    def sides(pages: int) -> list[list[Slot]]:
        assert pages == 4
        return [[Slot(2, 200, 0), Slot(1, 0, 0)], [Slot(3, 0, 0), Slot(4, 200, 0)]]

    data, moved = impose(buffer.getvalue(), sides, (400, 300), tags)
    assert moved is not None
    assert moved.parents == {1: [ps[0], ps[1]], 2: [ps[2]]} and not moved.trailing_artifact
    assert [e.kids[0] for e in ps] == [MarkedContent(1, 0), MarkedContent(1, 1),
                                       MarkedContent(2, 0)]
    assert ps[0].kids[1].kids == [Annotation(1, 0)]
    assert ps[2].bbox == (220.0, 200.0, 260.0, 212.0)

    finished = finish(data, moved)
    pdf = pikepdf.open(BytesIO(finished))
    assert len(pdf.pages) == 2
    check_mcids(pdf)
    assert list(pdf.pages[0].obj.Resources.Font.keys()) == ["/F1"], "one font, one name"
    fonts = pdf.pages[1].obj.Resources.Font
    assert {str(f.BaseFont) for f in fonts.values()} == {"/Helvetica", "/Courier"}
    sheet2 = b"".join(c.read_bytes() for c in _streams(pdf.pages[1]))
    assert b"/Artifact BMC" in sheet2.split(b"(Gamma)")[0], "the untagged page is an artifact"
    (renamed,) = [k for k in fonts.keys() if k != "/F1"]
    assert renamed.encode() + b" 12 Tf" in sheet2.split(b"(Gamma)")[1]
    annot = pdf.pages[0].obj.Annots[0]
    assert annot.P.objgen == pdf.pages[0].objgen
    assert list(annot.Dest)[1:] == [Name.XYZ, 205, 6, None]
    assert annot.Dest[0].objgen == pdf.pages[1].objgen
    doc = pdfium.PdfDocument(finished)
    halves = [[doc[i].get_textpage().get_text_bounded(x, 0, x + 200, 300).strip()
               for x in (0, 200)] for i in range(2)]
    assert halves == [["Alpha", "Beta <</MCID 0>> BDC"], ["Gamma", "Delta"]]
    texts = texts_by_mcid(finished)
    assert texts[0][1].strip() == "Beta <</MCID 0>> BDC" and texts[1][0].strip() == "Delta"
