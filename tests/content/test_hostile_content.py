"""Hostile content, beyond the corpus's first line: every problem reported at once,
plain metadata, limits at and over their value, and limits documented.

The corpus (tests/cli/test_hostile.py) shows each input failing fast with its first message;
these tests assert the whole list of messages and the PDF itself.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from brochure.cli import main
from brochure.content.assets import picture_problem
from brochure.content.limits import limits
from brochure.content.markup import parse, plain_text
from tests.conftest import ROOT, make_workspace


def run(ws: Path, *args: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ws)
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def positioned(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines()
            if re.match(r"^\s*\S+:\d+:\d+: ", line)]


# ---------------------------------------------------------------- all at once


def test_brochure_yaml_errors_do_not_hide_language_errors(tmp_path, monkeypatch) -> None:
    ws = make_workspace(tmp_path)
    demo = ws / "content" / "demo"
    edit(demo / "brochure.yaml", "reviewed: 2026-11-01", "reviewed: 2025-02-30")
    edit(demo / "en.yaml", "More text.", "More [text and a \x07 bell.")
    result = run(ws, "check", "demo", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert [line.split(": ", 1)[0] for line in positioned(result.output)] == [
        "content/demo/brochure.yaml:3:11", "content/demo/en.yaml:13:37"]
    # the control character is refused before the markup is read; fixed, the markup shows
    edit(demo / "en.yaml", "\x07 ", "")
    result = run(ws, "check", "demo", monkeypatch=monkeypatch)
    assert [line.split(": ", 1)[0] for line in positioned(result.output)] == [
        "content/demo/brochure.yaml:3:11", "content/demo/en.yaml:13:25"]


def test_missing_glyphs_come_with_markup_errors_and_in_check(tmp_path, monkeypatch) -> None:
    ws = make_workspace(tmp_path)
    demo = ws / "content" / "demo"
    edit(demo / "en.yaml", "More text.", "More **text, 🧪 here.")
    edit(demo / "brochure.yaml", "title: A study of things", "title: A study 🧪 of things")
    for command in ("build", "check"):
        result = run(ws, command, "demo", "--lang", "en", monkeypatch=monkeypatch)
        assert result.exit_code == 1, result.output
        assert positioned(result.output) == [
            "content/demo/brochure.yaml:11:20: character `🧪` (U+1F9EA) is in no font this "
            "brochure uses for `en`; remove or replace it",
            "content/demo/en.yaml:13:25: `**` is never closed; close it or write `\\*\\*` for "
            "stars",
            "content/demo/en.yaml:13:33: character `🧪` (U+1F9EA) is in no font this brochure "
            "uses for `en`; remove or replace it",
        ]
    assert not (ws / "output").exists()


def test_missing_glyphs_in_clinic_profile_without_other_errors(tmp_path, monkeypatch) -> None:
    ws = make_workspace(tmp_path)
    (ws / "clinics").mkdir()
    (ws / "clinics" / "c.yaml").write_text(
        "name: Clinic 🏥\naddress: Main St 📍\nphone: \"📞 555\"\n", encoding="utf-8")
    for command in ("build", "check"):
        result = run(ws, command, "demo", "--clinic", "c", monkeypatch=monkeypatch)
        assert result.exit_code == 1
        assert [line.split(": ", 1)[0] for line in positioned(result.output)] == [
            "clinics/c.yaml:1:14", "clinics/c.yaml:2:18", "clinics/c.yaml:3:9"]


def test_control_characters_all_at_once_in_every_file(tmp_path, monkeypatch) -> None:
    ws = make_workspace(tmp_path)
    demo = ws / "content" / "demo"
    edit(demo / "en.yaml", "title: Demo brochure", 'title: "Demo \\x1b[31m \\v brochure"')
    edit(demo / "brochure.yaml", "reviewed_by: Test team", 'reviewed_by: "Test\\0team"')
    result = run(ws, "check", "demo", monkeypatch=monkeypatch)
    assert positioned(result.output) == [
        "content/demo/brochure.yaml:4:19: control character U+0000 (NUL) is not allowed in "
        "text; delete it",
        "content/demo/en.yaml:2:14: control character U+001B (ESC, the escape character) is "
        "not allowed in text; delete it",
        "content/demo/en.yaml:2:23: control character U+000B (vertical tab) is not allowed in "
        "text; delete it, or use a new line or a space instead",
    ]


# ---------------------------------------------------------------- metadata


def test_markup_in_title_and_summary_gives_plain_metadata(tmp_path, monkeypatch) -> None:
    ws = make_workspace(tmp_path)
    demo = ws / "content" / "demo"
    edit(demo / "en.yaml", "title: Demo brochure", 'title: "A **b** [@smith2020] & <c>"')
    edit(demo / "en.yaml", "summary: This is the main message.",
         "summary: \"*Read* [this](https://example.org) [@smith2020].\"")
    result = run(ws, "build", "demo", "-o", "t.pdf", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    with pikepdf.open(ws / "t.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == "A b & <c>"
        assert str(pdf.docinfo["/Subject"]) == "Read this."
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == "A b & <c>"
            assert xmp["dc:description"] == "Read this."


def test_plain_text_of_markup() -> None:
    assert plain_text("A **b** [@s1]") == "A b"
    assert plain_text("see [the site](https://x.org) [@a; @b].") == "see the site."
    assert plain_text("  two\n lines  ") == "two lines"


# ---------------------------------------------------------------- colours


def test_unquoted_colour_is_an_error_with_the_quoted_fix(tmp_path, monkeypatch) -> None:
    ws = make_workspace(tmp_path)
    (ws / "clinics").mkdir()
    (ws / "clinics" / "c.yaml").write_text(
        "name: C\ncolors:\n  primary: #8FD694   \n  accent: # light blue\n")
    result = run(ws, "build", "demo", "--clinic", "c", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert positioned(result.output) == [
        'clinics/c.yaml:3:3: `primary` is empty: a colour needs quotes in YAML, where an '
        'unquoted # starts a comment; write primary: "#8FD694"',
        'clinics/c.yaml:4:3: `accent` is empty: a colour needs quotes in YAML, where an '
        'unquoted # starts a comment; write accent: "#RRGGBB"',
    ]


# ---------------------------------------------------------------- limits


def test_every_limit_is_documented() -> None:
    documented = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    section = documented.split("## Limits", 1)[1]
    for key in yaml.safe_load((ROOT / "brochure" / "content" / "limits.yaml").read_text()):
        assert f"`{key}`" in section, key


def _write_text_case(ws: Path, length: int) -> None:
    edit(ws / "content" / "demo" / "en.yaml", "More text.", "a" * length)


@pytest.mark.parametrize(("length", "fails"), [(20_000, False), (20_001, True)])
def test_text_length_limit(tmp_path, monkeypatch, length: int, fails: bool) -> None:
    assert limits().text_chars == 20_000
    ws = make_workspace(tmp_path)
    _write_text_case(ws, length)
    result = run(ws, "check", "demo", monkeypatch=monkeypatch)
    lines = [line for line in positioned(result.output) if "characters long" in line]
    assert lines == ([
        "content/demo/en.yaml:13:20: this text is 20,001 characters long, over the limit of "
        "20,000 for one text; split it into shorter paragraphs"] if fails
        else [])


@pytest.mark.parametrize(("depth", "fails"), [(40, False), (41, True)])
def test_yaml_depth_limit(tmp_path, monkeypatch, depth: int, fails: bool) -> None:
    ws = make_workspace(tmp_path)
    path = ws / "content" / "demo" / "en.yaml"
    # the top-level mapping is level 1
    path.write_text(path.read_text() + "extra: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n")
    result = run(ws, "check", "demo", monkeypatch=monkeypatch)
    first = positioned(result.output)[0]
    if fails:
        assert first.startswith("content/demo/en.yaml:14:47: lists and mappings are nested "
                                "more than 40 deep")
    else:
        assert "unknown key `extra`" in first


def test_markup_problems_are_capped_per_text() -> None:
    parsed = parse("[" * 5000)
    assert len(parsed.errors) == limits().markup_problems_per_text + 1
    assert parsed.errors[-1].message.startswith("4990 more markup problem(s) in this text")
    assert [e.offset for e in parsed.errors[:3]] == [0, 1, 2]


def _svg(body: str, extra: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
            f'xlink" width="40" height="30"{extra}>{body}</svg>')


@pytest.mark.parametrize(("count", "fails"), [(19_999, False), (20_000, True)])
def test_svg_element_limit(tmp_path, count: int, fails: bool) -> None:
    path = tmp_path / "p.svg"
    path.write_text(_svg('<rect width="1" height="1"/>' * count))  # + the <svg> itself
    assert (picture_problem(path) is not None) == fails


def test_svg_use_expansion_counts_copies(tmp_path) -> None:
    """200 rects used 100 times expand to 20,000 elements: refused, though the file has 301."""
    group = '<g id="g">' + '<rect width="1" height="1"/>' * 199 + "</g>"
    uses = '<use xlink:href="#g"/>' * 100
    path = tmp_path / "p.svg"
    path.write_text(_svg(f"<defs>{group}</defs>{uses}"))
    assert "expands to more than 20,000 elements" in picture_problem(path)
    path.write_text(_svg(f"<defs>{group}</defs>" + '<use xlink:href="#g"/>' * 90))
    assert picture_problem(path) is None


def test_svg_use_cycle_and_chains(tmp_path) -> None:
    path = tmp_path / "p.svg"
    path.write_text(_svg('<g id="a"><use xlink:href="#b"/></g><g id="b"><use xlink:href="#a"/>'
                         "</g>"))
    assert "refers to itself" in picture_problem(path)
    chain = "".join(f'<use id="u{k + 1}" xlink:href="#u{k}"/>' for k in reversed(range(300)))
    path.write_text(_svg(chain + '<rect id="u0" width="1" height="1"/>'))
    assert "chains <use> references more than 50 deep" in picture_problem(path)


@pytest.mark.parametrize("body", [
    '<path d="M0 0 L 1e308 1e308"/>', '<path d="M0 0L2e10 4"/>', '<rect width="1" height="1e999"/>',
    '<g transform="scale(1e12)"><rect width="1" height="1"/></g>',
    '<style>rect { stroke-width: 1e40 }</style><rect width="1" height="1"/>',
])
def test_svg_numbers_too_large_to_print_are_refused(tmp_path, body: str) -> None:
    """ReportLab cannot write numbers past ~1e20 (a build stopped with ValueError)."""
    path = tmp_path / "p.svg"
    path.write_text(_svg(body))
    assert "too large to print" in picture_problem(path)


def test_svg_colours_and_references_are_not_numbers(tmp_path) -> None:
    path = tmp_path / "p.svg"
    path.write_text(_svg('<linearGradient id="a1e999"/><rect class="x3e20" width="1e9" '
                         'height="1" fill="#3e20aa" stroke="url(#a1e999)"/>'))
    assert picture_problem(path) is None


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0,
                                                              0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b""))


@pytest.mark.parametrize(("size", "fails"), [((5000, 5000), False), ((5000, 5001), True)])
def test_picture_pixel_limit_from_the_header(tmp_path, size, fails: bool) -> None:
    """At 25,000,000 pixels the header passes (and the cut-short data is then found);
    one row more is refused from the header alone."""
    path = tmp_path / "p.png"
    path.write_bytes(_png_header(*size))
    problem = picture_problem(path)
    if fails:
        assert problem == ("is 5000×5001 pixels, over the 25-megapixel limit; use a smaller "
                           "picture (print needs about 2400×3000 at most)")
    else:
        assert problem.startswith("is damaged or cut short")


def test_good_pictures_pass(tmp_path) -> None:
    for name, fmt in (("p.png", "PNG"), ("p.jpg", "JPEG")):
        buffer = io.BytesIO()
        Image.new("RGB", (30, 20), (10, 120, 200)).save(buffer, fmt)
        (tmp_path / name).write_bytes(buffer.getvalue())
        assert picture_problem(tmp_path / name) is None
    (tmp_path / "p.svg").write_text(_svg('<rect width="4" height="3" fill="url(#g)"/>',
                                         ' viewBox="0 0 40 30"'))
    assert picture_problem(tmp_path / "p.svg") is None


@pytest.mark.parametrize(("digits", "fails"), [(40, False), (41, True)])
def test_number_digits_limit(tmp_path, monkeypatch, digits: int, fails: bool) -> None:
    ws = make_workspace(tmp_path)
    edit(ws / "content" / "demo" / "brochure.yaml", "reviewed_by: Test team",
         "review_every_months: " + "9" * digits + "\nreviewed_by: Test team")
    first = positioned(run(ws, "check", "demo", monkeypatch=monkeypatch).output)[0]
    assert first.startswith("content/demo/brochure.yaml:4:22: ")
    assert ("a number with 41 digits is too long" in first) == fails
    assert ("`review_every_months` is out of range" in first) == (not fails)


@pytest.mark.parametrize(("size", "fails"), [(2_000_000, False), (2_000_001, True)])
def test_yaml_file_size_limit(tmp_path, monkeypatch, size: int, fails: bool) -> None:
    ws = make_workspace(tmp_path)
    path = ws / "content" / "demo" / "brochure.yaml"
    text = path.read_bytes()
    path.write_bytes(text + b"#" * (size - len(text) - 1) + b"\n")
    assert path.stat().st_size == size
    result = run(ws, "check", "demo", monkeypatch=monkeypatch)
    too_big = ("content/demo/brochure.yaml:1:1: file is 2,000,001 bytes, over the 2 MB limit "
               "for a brochure file; split it or remove what is not needed")
    assert (too_big in positioned(result.output)) == fails


@pytest.mark.parametrize(("size", "fails"), [(30_000_000, False), (30_000_001, True)])
def test_picture_file_size_limit_by_stat(tmp_path, size: int, fails: bool) -> None:
    """A sparse file: over the limit it is refused without being opened."""
    path = tmp_path / "p.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    os.truncate(path, size)
    problem = picture_problem(path)
    assert problem.startswith("is 30,000,001 bytes, over the 30 MB limit") == fails
