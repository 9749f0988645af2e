"""The cache folder is platformdirs' user cache folder for brochure (or $BROCHURE_CACHE_DIR),
whatever the environment says: brochure.files applies the XDG rule itself on Linux."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from brochure import files
from tests.probe import run_command


@pytest.mark.parametrize("xdg", [None, "", "/var/tmp/xdg-cache", "/var/tmp/xdg-cache/",
                                 "relative/cache", "~/cache"])
@pytest.mark.parametrize("home", [None, "/home/nurse", "/home/nurse/", "relative-home", ""])
def test_the_cache_folder_is_platformdirs(monkeypatch, xdg, home):
    monkeypatch.delenv(files.CACHE_ENV, raising=False)
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert files.cache_folder("cldr") == Path(platformdirs.user_cache_dir("brochure"), "cldr")


def test_the_environment_variable_wins(monkeypatch, tmp_path):
    monkeypatch.setenv(files.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/tmp/xdg-cache")
    assert files.cache_folder("fonts", "x") == tmp_path / "fonts" / "x"


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is applied on Linux")
def test_a_linux_build_finds_the_cache_without_platformdirs(tmp_path, monkeypatch):
    """The same folder as platformdirs' (given by $XDG_CACHE_HOME: the fonts already
    prepared there are used), found without importing it."""
    monkeypatch.delenv(files.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(Path(platformdirs.user_cache_dir("brochure")).parent))
    done = run_command("build", "ms-stem-cells", "--lang", "en", "-o", str(tmp_path / "x.pdf"))
    assert done.code in (0, None), done.stderr
    assert (tmp_path / "x.pdf").stat().st_size > 10_000
    assert "platformdirs" not in done.modules
    assert "brochure.files" in done.names
