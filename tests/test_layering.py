"""Imports point one way: each package imports only packages below it in the pipeline
(README, "How the code is laid out"), and only the CLI prints or exits."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "brochure"

# Bottom to top: a package may import only those before it.
ORDER = ["records", "errors", "files", "memo", "safeyaml", "language", "content", "fonts", "rtl",
         "story", "pdf", "layouts", "clinic", "html", "readability", "translate", "checks",
         "workflow", "serve", "cli"]

IMPORT = re.compile(r"^\s*(?:from|import) brochure\.(\w+)", re.M)


def stage(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def test_every_package_has_a_place_in_the_order() -> None:
    found = {stage(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert found <= set(ORDER), f"add {sorted(found - set(ORDER))} to ORDER and the README"


def test_imports_point_down_the_pipeline_only() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = stage(path)
        if here in ("__init__", "__main__"):
            continue
        for other in IMPORT.findall(path.read_text(encoding="utf-8")):
            if other != here and ORDER.index(other) > ORDER.index(here):
                wrong.append(f"{path.relative_to(ROOT)} ({here}) imports brochure.{other}")
    assert not wrong, "\n".join(wrong)


def _prints_or_exits(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name in ("print", "sys.exit", "exit", "click.echo", "os._exit"):
                return True
    return False


def test_only_the_cli_prints_or_exits() -> None:
    offenders = [
        str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
        if stage(p) != "cli" and _prints_or_exits(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert not offenders, offenders
