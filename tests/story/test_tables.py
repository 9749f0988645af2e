"""Table and log blocks: text per row in order, Table/TR/TH/TD tags, the header repeated
after a split, right-to-left columns mirrored, every cell inside the table's frame.
(The loader's error for a row with the wrong number of cells is the golden
tests/data/loader_expected/bad-tables.txt.)"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from brochure.content.loader import load_brochure
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import make_workspace
from tests.pdf.test_tagging import marks, squash, texts_by_mcid, tree

EN = """language: en
title: Your medicines
summary: Take your medicines as your care team says.
sections:
  - id: intro
    title: Your schedule
    blocks:
      - "Here is when to take them [@smith2020]."
      - table:
          title: My medicine schedule
          columns: [Medicine, Morning, Evening]
          rows:
{rows}
      - log:
          title: My readings
          columns: [Date, Time, Top number, Bottom number]
          rows: 7
"""

AR = """language: ar
translation: {{status: reviewed}}
title: أدويتك
summary: تناول أدويتك كما يقول فريق رعايتك.
sections:
  - id: intro
    title: جدولك
    blocks:
      - "هذا موعد تناولها [@smith2020]."
      - table:
          columns: [AAAA, BBBB, CCCC]
          rows:
            - [Lisinopril, قرص واحد, لا شيء]
      - log:
          columns: [DDDD, EEEE]
          rows: 3
"""


def workspace(tmp_path: Path, rows: int, arabic: bool = False) -> Path:
    ws = make_workspace(tmp_path)
    lines = [f'            - ["**Medicine {k}** 10 mg", "{k} tablet", none]' for k in range(rows)]
    (ws / "content" / "demo" / "en.yaml").write_text(EN.format(rows="\n".join(lines)))
    if arabic:
        (ws / "content" / "demo" / "ar.yaml").write_text(AR.format())
    return ws


def build(ws: Path, lang: str = "en", **options) -> bytes:
    loaded = load_brochure(ws / "content" / "demo", cwd=ws)
    return render_pdf(loaded, lang, BuildOptions(**options)).pdf


_OPEN: list[pikepdf.Pdf] = []  # the trees' objects live as long as their PDF


def table_elements(data: bytes) -> list:
    pdf = pikepdf.open(BytesIO(data))
    _OPEN.append(pdf)
    return [n for n in tree(pdf).walk() if n.role == "Table"]


def cell_texts(data: bytes, element) -> list[list[str]]:
    """Per TR of a Table element, the text of each TH/TD, in structure order."""
    per_page = texts_by_mcid(data)
    rows = []
    for tr in (k for k in element.kids if k.role == "TR"):
        rows.append([
            squash(" ".join(per_page[p].get(m, "") for p, m in cell.content))
            for cell in tr.kids
        ])
    return rows


def test_tags_and_text_order_per_row(tmp_path: Path) -> None:
    data = build(workspace(tmp_path, 3))
    table, log = table_elements(data)
    assert [k.role for k in table.kids] == ["Caption", "TR", "TR", "TR", "TR"]
    assert squash("My medicine schedule") in squash(
        " ".join(texts_by_mcid(data)[p].get(m, "") for p, m in table.kids[0].content))
    rows = cell_texts(data, table)
    assert rows[0] == ["Medicine", "Morning", "Evening"]
    assert rows[1:] == [[f"Medicine{k}10mg", f"{k}tablet", "none"] for k in range(3)]
    header = table.kids[1]
    assert [c.role for c in header.kids] == ["TH"] * 3
    assert all(c.obj.A.Scope == "/Column" for c in header.kids)
    assert all(c.role == "TD" for tr in table.kids[2:] for c in tr.kids)
    # The log: its header and seven rows of empty cells to write in.
    assert [k.role for k in log.kids].count("TR") == 8
    assert cell_texts(data, log)[0] == ["Date", "Time", "Topnumber", "Bottomnumber"]
    assert all(text == "" for row in cell_texts(data, log)[1:] for text in row)
    marks(pikepdf.open(BytesIO(data)))  # every painting operator tagged or an artifact


def test_long_table_splits_between_rows_and_repeats_its_header(tmp_path: Path) -> None:
    data = build(workspace(tmp_path, 60))
    (table, _log) = table_elements(data)
    pages = {p for tr in table.kids for c in tr.kids for p, _ in c.content}
    assert len(pages) >= 2, "60 rows split over pages"
    # One header row in the structure (TH three times), yet printed on every part.
    assert sum(1 for n in table.walk() if n.role == "TH") == 3
    doc = pdfium.PdfDocument(data)
    for page in sorted(pages):
        text = doc[page].get_textpage().get_text_range()
        assert "Medicine Morning Evening" in " ".join(text.split()), page
    # No row is cut: every row's three cells are on one page.
    for tr in table.kids[1:]:
        assert len({p for c in tr.kids for p, _ in c.content}) == 1
    # Every cell inside the page's text frame.
    for page in sorted(pages):
        width = doc[page].get_size()[0]
        textpage = doc[page].get_textpage()
        for i in range(textpage.count_chars()):
            left, _, right, _ = textpage.get_charbox(i)
            assert 0 < left and right < width


@pytest.mark.parametrize("layout", ["handout", "trifold", "bifold"])
def test_tables_in_every_layout(tmp_path: Path, layout: str) -> None:
    rows = 4 if layout == "trifold" else 12
    data = build(workspace(tmp_path, rows), layout=layout, fit=layout == "trifold")
    table, log = table_elements(data)
    assert cell_texts(data, table)[-1] == [f"Medicine{rows - 1}10mg", f"{rows - 1}tablet", "none"]


def test_right_to_left_columns_are_mirrored(tmp_path: Path) -> None:
    """The first column is on the right in Arabic; the structure still reads it first."""
    data = build(workspace(tmp_path, 1, arabic=True), "ar")
    doc = pdfium.PdfDocument(data)
    textpage = doc[0].get_textpage()
    x = {}
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        if ch in "ABCDE":
            x.setdefault(ch, textpage.get_charbox(i)[0])
    assert x["A"] > x["B"] > x["C"], x
    assert x["D"] > x["E"], x
    table, _log = table_elements(data)
    assert cell_texts(data, table)[0] == ["AAAA", "BBBB", "CCCC"]
