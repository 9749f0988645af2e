"""Workspaces and a CLI runner for the translation tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from brochure.cli import main
from tests.conftest import DATA, ROOT

DEMO = DATA / "translate" / "demo"


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose content/demo/ has every block kind and inline code, English only."""
    shutil.copytree(DEMO, tmp_path / "content" / "demo")
    (tmp_path / "assets").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped MS brochure's content."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    if (ROOT / "assets").exists():
        shutil.copytree(ROOT / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    """`brochure ARGS` in the current folder: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
