"""One answer to "which files does a build read" (batch's digest and watch's file list)."""

from __future__ import annotations

import shutil
from pathlib import Path

from brochure.clinic.profile import load_profile
from brochure.content.loader import load_brochure
from brochure.workflow.inputs import build_inputs, identity
from brochure.workflow.watch import Target
from tests.conftest import ROOT, make_workspace


def workspace(tmp_path: Path) -> Path:
    ws = make_workspace(tmp_path)
    en = ws / "content" / "demo" / "en.yaml"
    picture = ("      - illustration:\n          asset: pictures/a.png\n          alt: A picture.\n"
               "          id: pic\n          description: A picture of a page.\n")
    en.write_text(en.read_text() + picture, encoding="utf-8")
    (ws / "assets" / "pictures").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "gallery" / "handout-en.png", ws / "assets" / "pictures" / "a.png")
    shutil.copytree(ROOT / "assets" / "logos", ws / "assets" / "logos")
    (ws / "clinics").mkdir()
    shutil.copy(ROOT / "clinics" / "lakeside.yaml", ws / "clinics" / "lakeside.yaml")
    return ws


def test_inputs_are_content_pictures_profile_and_logo(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    loaded = load_brochure(ws / "content" / "demo", ws)
    clinic = ws / "clinics" / "lakeside.yaml"
    profile = load_profile(clinic, ws)
    got = {p.relative_to(ws).as_posix() for p in build_inputs(loaded, ["en"], clinic, profile)}
    assert got == {
        "content/demo/brochure.yaml", "content/demo/en.yaml", "assets/pictures/a.png",
        "clinics/lakeside.yaml", "assets/logos/lakeside.svg",
    }


def test_watch_watches_what_a_build_reads(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    target = Target(folder=ws / "content" / "demo", workspace=ws, out=ws / "out",
                    langs=["en"], options=[])
    target.build(None)
    assert ws / "assets" / "pictures" / "a.png" in target.files()


def test_identity_changes_when_a_file_is_edited(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n")
    before = identity(path)
    path.write_text("a: 22\n")
    assert identity(path) != before and identity(tmp_path / "none") is None
