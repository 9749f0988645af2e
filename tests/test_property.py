"""Property tests: arbitrary YAML and mutated brochures give clean errors, never crashes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure.content.loader import load_brochure
from brochure.errors import BrochureError
from brochure.workflow.render import BuildOptions, render_pdf
from tests.conftest import DATA

# FUZZ_EXAMPLES=1000 for a longer search than the suite's default.
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

KEYS = st.sampled_from(["id", "title", "blocks", "sections", "language", "summary", "callout",
                        "kind", "text", "bullets", "steps", "faq", "q", "a", "notes", "lines"])
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(KEYS | st.text(max_size=8), inner, max_size=5)), max_leaves=20)


def _fresh(tmp: Path) -> Path:
    folder = tmp / "content" / "demo"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA / "loader" / "_base", folder)
    return folder


def _must_not_crash(folder: Path) -> None:
    try:
        loaded = load_brochure(folder, cwd=folder.parent.parent)
        render_pdf(loaded, "en", BuildOptions())
    except BrochureError as exc:
        for problem in exc.problems:
            assert problem.file and problem.message


@SETTINGS
@given(document=values)
def test_any_yaml_document_gives_clean_errors(tmp_path: Path, document) -> None:
    folder = _fresh(tmp_path)
    (folder / "en.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    _must_not_crash(folder)


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_any_bytes_give_clean_errors(tmp_path: Path, raw: bytes) -> None:
    folder = _fresh(tmp_path)
    (folder / "en.yaml").write_bytes(raw)
    _must_not_crash(folder)


@SETTINGS
@given(data=st.data())
def test_mutated_brochure_gives_clean_errors(tmp_path: Path, data) -> None:
    folder = _fresh(tmp_path)
    content = yaml.safe_load((folder / "en.yaml").read_text())
    paths = []

    def walk(node, path):
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(content, ())
    path = data.draw(st.sampled_from(paths[1:]))
    new = data.draw(st.one_of(values, st.text(alphabet="*[]()@\\<>&;:#`", max_size=20)))
    target = content
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    (folder / "en.yaml").write_text(yaml.safe_dump(content, allow_unicode=True))
    _must_not_crash(folder)


# ---------------------------------------------------------------- pictures and profiles

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_with(width: int, height: int, rest: bytes) -> bytes:
    import struct

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + rest


_SVG_PARTS = st.sampled_from([
    "<rect width='4' height='3'/>", "<g>", "</g>", "<use href='#a'/>", "<g id='a'>",
    "<image href='x.png'/>", "<text>t</text>", "<!ENTITY x 'y'>", "&x;", "<circle r='NaN'/>",
    "<path d='M0 0 L 1e308 1e308'/>", "<rect width='-1' height='1e999'/>", "<", ">", "\"",
    "<linearGradient id='g'/>", "<rect fill='url(#g)' width='1' height='1'/>",
])
PICTURES = st.one_of(
    st.tuples(st.just(".png"), st.binary(max_size=300).map(lambda b: PNG_SIGNATURE + b)),
    st.tuples(st.just(".png"), st.builds(
        _png_with, st.integers(0, 70_000), st.integers(0, 70_000), st.binary(max_size=200))),
    st.tuples(st.just(".jpg"), st.binary(max_size=300).map(lambda b: b"\xff\xd8\xff\xe0" + b)),
    st.tuples(st.just(".svg"), st.builds(
        lambda size, parts: "<svg xmlns='http://www.w3.org/2000/svg' " + size + ">"
        + "".join(parts) + "</svg>",
        st.sampled_from(["width='40' height='30'", "width='NaN' height='1'", "viewBox='0 0 0 0'",
                         "", "width='1e400' height='2'", "width='40%' viewBox='0 0 4 3'"]),
        st.lists(_SVG_PARTS, max_size=12)).map(str.encode)),
    st.tuples(st.sampled_from([".png", ".jpg", ".svg"]), st.binary(max_size=100)),
)


def _must_not_crash_with(folder: Path, clinic=None) -> None:
    try:
        loaded = load_brochure(folder, cwd=folder.parent.parent)
        render_pdf(loaded, "en", BuildOptions(clinic=clinic))
    except BrochureError as exc:
        for problem in exc.problems:
            assert problem.file and problem.message


@SETTINGS
@given(picture=PICTURES)
def test_any_picture_gives_clean_errors(tmp_path: Path, picture) -> None:
    """Random bytes behind image headers, as an illustration: refused at the block's
    `asset` with a reason, or drawn; never a crash."""
    suffix, data = picture
    folder = _fresh(tmp_path)
    assets = tmp_path / "assets" / "illustrations"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / f"pic{suffix}").write_bytes(data)
    en = (folder / "en.yaml").read_text()
    (folder / "en.yaml").write_text(en.replace(
        "      - bullets: [One, Two]\n",
        "      - bullets: [One, Two]\n      - illustration: {id: pic, description: A picture.,"
        f" alt: A picture., asset: illustrations/pic{suffix}}}\n"))
    _must_not_crash_with(folder)


CLINIC_KEYS = st.sampled_from(["name", "phone", "email", "website", "address", "logo", "colors",
                               "online_url", "primary", "accent"])
clinic_values = st.recursive(
    st.one_of(scalars, st.sampled_from(["#1F4E79", "#FFF", "logos/x.svg", "https://x.org/" * 30,
                                        "mailto:a@b", "🏥", "\u202e", "a" * 400])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(CLINIC_KEYS, inner, max_size=4)),
    max_leaves=12)


@SETTINGS
@given(profile=st.dictionaries(CLINIC_KEYS, clinic_values, max_size=8),
       logo=st.one_of(st.none(), PICTURES))
def test_any_clinic_profile_gives_clean_errors(tmp_path: Path, profile, logo) -> None:
    """Random clinic profiles (and logos): load_profile gives positioned problems or a
    profile that then builds or is refused cleanly."""
    from brochure.clinic.profile import load_profile

    folder = _fresh(tmp_path)
    if logo is not None:
        suffix, data = logo
        (tmp_path / "assets" / "logos").mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / "logos" / f"x{suffix}").write_bytes(data)
        profile = {**profile, "logo": f"logos/x{suffix}"}
    path = tmp_path / "clinic.yaml"
    path.write_text(yaml.safe_dump(profile, allow_unicode=True))
    try:
        clinic = load_profile(path, tmp_path, cwd=tmp_path)
    except BrochureError as exc:
        for problem in exc.problems:
            assert problem.file == "clinic.yaml" and problem.message
        return
    _must_not_crash_with(folder, clinic)


# ---------------------------------------------------------------- brochure.toml and the CLI

TOML_KEYS = st.sampled_from(["out", "brochures", "languages", "layouts", "papers", "clinic",
                             "edition", "fit", "print_marks", "formats", "build", "trifold"])
toml_scalars = st.one_of(st.booleans(), st.integers(-5, 5), st.text(max_size=12),
                         st.sampled_from(["all", "handout", "trifold", "a4", "letter", "en",
                                          "demo", "output", "pdf", "html"]))
toml_values = st.one_of(toml_scalars, st.lists(toml_scalars, max_size=3))


def _toml_text(tables: dict) -> str:
    import json

    lines = []
    for table, items in tables.items():
        lines.append(f"[{table}]")
        for key, value in items.items():
            lines.append(f"{json.dumps(key)} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


@SETTINGS
@given(
    tables=st.dictionaries(
        st.sampled_from(["build", "layouts.trifold", "layouts.handout", "layouts.poster",
                         "extra"]),
        st.dictionaries(TOML_KEYS, toml_values, max_size=5), max_size=3),
    junk=st.one_of(st.just(b""), st.binary(max_size=20)),
)
def test_any_brochure_toml_gives_clean_errors(tmp_path: Path, tables, junk: bytes) -> None:
    """Random matrices (and stray bytes after them): read_config and plan_matrix give
    positioned problems or a plan, never a crash."""
    from brochure.workflow import batch

    _fresh(tmp_path)
    path = tmp_path / "brochure.toml"
    path.write_bytes(_toml_text(tables).encode("utf-8") + junk)
    try:
        config = batch.read_config(path)
        plan = batch.plan_matrix(tmp_path, config)
    except BrochureError as exc:
        for problem in exc.problems:
            assert problem.file and problem.message
        return
    for job in plan.jobs:
        assert job.name.endswith((".pdf", ".html"))


OPTIONS = st.sampled_from([
    "--lang", "--layout", "--paper", "--edition", "--sections", "--clinic", "--large-print",
    "--print-marks", "--fit", "--pdfa", "--no-tags", "--strict", "-o", "--out", "--all",
    "--format", "-j", "--subject", "--to", "--from", "--eml", "--smtp", "--title", "--dpi",
])
ARGS = st.one_of(OPTIONS, st.sampled_from(["demo", "en", "trifold", "a4", "x.pdf", "0", "-1",
                                           "content/demo/en.yaml", "html", "zz"]),
                 # any text a command line can carry: an argument cannot hold NUL (execve)
                 st.text(st.characters(blacklist_characters="\x00"), max_size=10))


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(["build", "check", "list", "preview", "email", "new", "init"]),
       args=st.lists(ARGS, max_size=6))
def test_any_command_line_gives_clean_errors(tmp_path: Path, command: str, args) -> None:
    """Random arguments: exit 0, 1 or 2 with words, never a traceback; no source changed."""
    from click.testing import CliRunner

    from brochure.cli import main

    folder = _fresh(tmp_path)
    before = {p: p.read_bytes() for p in folder.iterdir()}
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, [command, *args], env={"BROCHURE_SMTP_USER": None})
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1, 2), (command, args, result.output)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (command, args, result.exception)
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in folder.iterdir()} == before, (command, args)
