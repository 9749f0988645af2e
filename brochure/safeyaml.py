"""The one safe YAML loader every reader of data uses: libyaml's when it is installed.

PyYAML's pure-Python reader is ~15× slower, and the first file it reads compiles a pattern
over every Unicode character (~3 ms of a cold start). libyaml builds the same values with
the same safe constructors, so the pure-Python loader is left to what only it can do:
positions and messages for files with syntax errors (`yamlnodes._PositionLoader`).
"""

from __future__ import annotations

from typing import Any

import yaml

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """`yaml.safe_load`, with libyaml when it is there."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
