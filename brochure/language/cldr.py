"""Babel's answers kept on disk between runs, so a cold command need not ask again.

Every build asks Babel two kinds of question: the script a language is likely written in
(CLDR's likely subtags, in Babel's global table: a ~3.5 ms unpickle) and a date written out
in a language (that locale's data merged with the root locale's, ~5 ms, after importing
Babel, ~3 ms): ~11 ms of a cold English build, for the same few answers every time. An
answer depends only on the question and on the Babel installation, so answers are kept
in one small JSON file in the cache folder named after that installation (the path, size
and time of its CLDR global table: an upgraded or reinstalled Babel starts a new file).
Babel stays the only source: a question not answered before is asked of Babel, and its
answer added to the file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import threading
from collections.abc import Callable
from pathlib import Path

from brochure.errors import BrochureError
from brochure.files import cache_folder, write_atomically

MAX_ANSWERS = 5_000  # of one kind; a file that reaches it starts that kind again

_lock = threading.Lock()
_loaded: tuple[Path | None, dict[str, dict[str, str]]] | None = None


def remembered(kind: str, question: str, ask: Callable[[], str]) -> str:
    """Babel's answer (`ask()`) to a question of one kind, from the file when it was
    asked before with this Babel installation."""
    path, answers = _answers()
    found = answers.get(kind, {}).get(question)
    if found is not None:
        return found
    answer = ask()
    with _lock:
        table = answers.setdefault(kind, {})
        if len(table) >= MAX_ANSWERS:
            table.clear()
        table[question] = answer
        if path is not None:
            _save(path, answers)
    return answer


def _answers() -> tuple[Path | None, dict[str, dict[str, str]]]:
    """(the file, its answers), read once per process."""
    global _loaded
    with _lock:
        if _loaded is None:
            path = _file()
            _loaded = (path, _read(path) if path is not None else {})
        return _loaded


def _file() -> Path | None:
    """This Babel installation's answer file (None: no Babel to key it by)."""
    spec = importlib.util.find_spec("babel")  # finds, does not import
    if spec is None or spec.origin is None:
        return None
    table = Path(spec.origin).parent / "global.dat"
    try:
        st = table.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{table}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()
    return cache_folder("cldr", f"{key[:20]}.json")


def _read(path: Path) -> dict[str, dict[str, str]]:
    """The answers in the file; none when it is missing or not what we write."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {kind: {str(q): a for q, a in table.items() if isinstance(a, str)}
            for kind, table in data.items() if isinstance(table, dict)}


def _save(path: Path, answers: dict[str, dict[str, str]]) -> None:
    """Write the answers (a cache: a folder we cannot write to only costs time)."""
    data = json.dumps(answers, ensure_ascii=False, sort_keys=True).encode("utf-8")
    try:
        write_atomically(path, data)
    except (OSError, BrochureError):
        pass


def forget() -> None:
    """Read the file again at the next question (tests; another cache folder)."""
    global _loaded
    with _lock:
        _loaded = None
