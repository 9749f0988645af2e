"""Everything the package loads at run time is declared in pyproject.toml.

A package installed by hand on a developer's machine makes tests pass there and fail on
a fresh clone; these checks catch that before CI does.
"""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = set()
    for spec in project["dependencies"]:
        names.add(re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("-", "_"))
    return names


def test_font_packages_are_dependencies() -> None:
    table = yaml.safe_load((ROOT / "brochure" / "fonts" / "fonts.yaml").read_text())
    used = {face["package"].lower()
            for family in table["families"].values()
            for face in family["faces"].values()}
    assert used <= _declared(), f"add to pyproject dependencies: {sorted(used - _declared())}"


def test_package_data_globs_cover_data_files() -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    globs = tool["package-data"]["brochure"]
    package = ROOT / "brochure"
    for path in package.rglob("*"):
        if path.suffix in (".yaml", ".json", ".icc") and "__pycache__" not in path.parts:
            relative = path.relative_to(package)
            assert any(relative.match(g) for g in globs), f"{relative} is not package data"
