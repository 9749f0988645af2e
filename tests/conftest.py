"""Shared fixtures: small workspaces built from test data, and the repository root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brochure.layouts.patches import install

install()  # ReportLab patched as in every build (layouts/patches.py)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def make_workspace(tmp: Path, case: Path | None = None, brochure_id: str = "demo") -> Path:
    """A workspace with content/<id>/ from the loader's base brochure, overlaid with a case."""
    folder = tmp / "content" / brochure_id
    shutil.copytree(DATA / "loader" / "_base", folder)
    if case is not None:
        for item in case.iterdir():
            shutil.copy(item, folder / item.name)
    (tmp / "assets" / "illustrations").mkdir(parents=True)
    return tmp


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def ms_workspace(tmp_path: Path) -> Path:
    """A copy of the real MS brochure's workspace (content, assets, clinics)."""
    for name in ("content", "assets", "clinics"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path
