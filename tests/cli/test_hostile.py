"""The hostile-input corpus: each case in tests/data/hostile/<case>/ runs one `brochure`
command in a fresh temporary workspace and must end with its expected exit status and
first message line, print no traceback, leave nothing half-written, and change no file
outside that workspace except the files it declares.

How to add a case: tests/data/hostile/README.md. UPDATE_GOLDENS=1 rewrites each case's
`expected.txt` from what the command printed; review the diff before committing.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, ROOT, make_workspace

HOSTILE = DATA / "hostile"
CASES = sorted(p for p in HOSTILE.iterdir() if (p / "case.yaml").is_file())
CASE_KEYS = {"about", "cmd", "exit", "workspace", "loader", "files", "env", "timeout",
             "writes", "stdin"}
# Folders of the repository that legitimately change while tests run.
NOT_WATCHED = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"}
# Our own temporary files: never left behind by any command, whatever its exit status.
TEMP_PATTERNS = ("*.tmp", ".tmp-*", "*.part")


def _snapshot(root: Path, skip: set[str] = NOT_WATCHED) -> dict[str, tuple[int, int]]:
    """Every file under root (relative path -> size, mtime in ns), skipping cache folders."""
    found: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in files:
            path = Path(folder) / name
            try:
                st = path.lstat()
            except OSError:
                continue
            found[path.relative_to(root).as_posix()] = (st.st_size, st.st_mtime_ns)
    return found


def _changes(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after.keys() | before.keys() if before.get(k) != after.get(k))


def load_case(case: Path) -> dict:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    unknown = set(spec) - CASE_KEYS
    assert not unknown, f"{case.name}/case.yaml: unknown keys {sorted(unknown)}"
    assert isinstance(spec.get("cmd"), list) and spec["cmd"], f"{case.name}: cmd is required"
    assert isinstance(spec.get("exit"), int), f"{case.name}: exit is required"
    return spec


def lay_out(case: Path, spec: dict, ws: Path) -> None:
    """Build the case's workspace: a base, a loader case, inline files, files/, make.py."""
    base = spec.get("workspace", "demo")
    if base == "demo":
        loader_case = spec.get("loader")
        make_workspace(ws, DATA / "loader" / loader_case if loader_case else None)
    elif base == "repo":
        for name in ("content", "assets", "clinics", "brochure.toml"):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, ws / name)
            elif source.is_file():
                shutil.copy(source, ws / name)
    else:
        assert base == "empty", f"{case.name}: workspace is demo, repo or empty"
    for rel, text in (spec.get("files") or {}).items():
        target = ws / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            target.write_bytes(text.encode("utf-8", "surrogatepass"))
        else:
            raise AssertionError(f"{case.name}: files: {rel} must be a string")
    if (case / "files").is_dir():
        shutil.copytree(case / "files", ws, dirs_exist_ok=True)
    if (case / "make.py").is_file():
        module_spec = importlib.util.spec_from_file_location(f"hostile_{case.name}",
                                                             case / "make.py")
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        module.make(ws)


FILE_SIZE = re.compile(r"\(\d+ KB\)")
POSITIONED = re.compile(r"^[^\s:]+:\d+:\d+: ")


def first_line(err: str, out: str) -> str:
    """The golden line: the first FILE:LINE:COL message (standard error first, then
    standard output, where `check` reports), else the first non-empty line."""
    lines = [line.strip() for line in (err + "\n" + out).splitlines() if line.strip()]
    line = next((line for line in lines if POSITIONED.match(line)), lines[0] if lines else "")
    return FILE_SIZE.sub("(N KB)", line)  # "wrote x.pdf (41 KB)": sizes move with the layout


@pytest.fixture(scope="session")
def font_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One font cache for the whole corpus, so each case does not rebuild fonts."""
    return tmp_path_factory.mktemp("hostile-cache")


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_hostile_case(case: Path, tmp_path: Path, font_cache: Path) -> None:
    spec = load_case(case)
    ws = tmp_path / "ws"
    home = tmp_path / "home"
    ws.mkdir()
    home.mkdir()
    lay_out(case, spec, ws)
    tokens = {"{ws}": str(ws), "{tmp}": str(tmp_path)}

    def fill(value: str) -> str:
        for token, real in tokens.items():
            value = value.replace(token, real)
        return value

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BROCHURE_", "SMTP"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), TMPDIR=str(tmp_path),
               BROCHURE_CACHE_DIR=str(font_cache), PYTHONDONTWRITEBYTECODE="1",
               COLUMNS="100", NO_COLOR="1")
    env.update({k: fill(str(v)) for k, v in (spec.get("env") or {}).items()})

    repo_before = _snapshot(ROOT)
    ws_before = _snapshot(ws, skip=set())
    try:
        done = subprocess.run(
            [sys.executable, "-m", "brochure", *(fill(str(a)) for a in spec["cmd"])],
            cwd=ws, env=env, capture_output=True, timeout=spec.get("timeout", 120),
            input=(spec.get("stdin") or "").encode())
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.name}: still running after {spec.get('timeout', 120)} s")
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    everything = (out + err).replace(str(ws), "{ws}").replace(str(tmp_path), "{tmp}")

    assert "Traceback (most recent call last)" not in everything, everything[-3000:]
    got = first_line(err, out).replace(str(ws), "{ws}").replace(str(tmp_path), "{tmp}")
    changed_in_repo = _changes(repo_before, _snapshot(ROOT))
    assert not changed_in_repo, f"files outside the workspace changed: {changed_in_repo}"
    golden = case / "expected.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        golden.write_text(got + "\n", encoding="utf-8")
    assert (done.returncode, got) == (spec["exit"], golden.read_text(encoding="utf-8").rstrip(
        "\n")), everything[-3000:]
    allowed = spec.get("writes") or []
    changed = [p for p in _changes(ws_before, _snapshot(ws, skip=set()))
               if not any(fnmatch.fnmatch(p, pattern) for pattern in allowed)]
    assert not changed, f"files created or changed in the workspace: {changed}"
    leftovers = [p for p in _snapshot(tmp_path, skip=set())
                 if any(fnmatch.fnmatch(Path(p).name, t) for t in TEMP_PATTERNS)]
    assert not leftovers, f"temporary files left behind: {leftovers}"



def test_corpus_size() -> None:
    """Issue #15 asks for at least 80 hostile cases."""
    assert len(CASES) >= 80, f"{len(CASES)} cases"
