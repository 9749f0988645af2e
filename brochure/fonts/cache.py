"""The on-disk font cache: generated TTFs and coverage tables, keyed by content.

Generated fonts are expensive (seconds per face) and deterministic, so they are kept in
the user cache folder under a key made of the source file's SHA-256, the build
parameters and `CACHE_FORMAT`. Files are written to a temporary name and renamed into
place, so a process never sees a half-written font even when two build at once (both
write the same bytes; the last rename wins).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no build lock, concurrent first runs just repeat work
    fcntl = None  # type: ignore[assignment]

from brochure.files import cache_folder, write_atomically
from brochure.fonts.config import Ranges

# Bump when the build pipeline changes its output, so stale fonts are not reused.
CACHE_FORMAT = 1


def cache_root() -> Path:
    """The font cache folder: $BROCHURE_CACHE_DIR, else the user cache folder."""
    return cache_folder("fonts", f"v{CACHE_FORMAT}")


def _identity(path: Path) -> tuple[str, int, int] | None:
    """(path, size, mtime): a file checked once is not hashed again while these hold."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns)


def digest(obj: Any) -> str:
    """A stable SHA-256 of a JSON-able value (the cache key of a build)."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """One cache folder: source hashes, generated fonts, coverage tables."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._hashes: dict[str, list[Any]] | None = None
        self._verified: set[tuple[str, int, int]] = set()  # (path, size, mtime) checked

    # -- source file hashes ------------------------------------------------------------
    # Hashing the 19 MB CJK collection costs ~30 ms: remember each file's hash against
    # its size and mtime, as git's index does, so the warm path only stats files.

    def _hash_memo(self) -> dict[str, list[Any]]:
        if self._hashes is None:
            try:
                loaded = json.loads((self.root / "sources.json").read_text("utf-8"))
                self._hashes = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                self._hashes = {}
        return self._hashes

    def source_hash(self, path: Path) -> str:
        """SHA-256 of a font file, from the memo while size and mtime are unchanged."""
        st = path.stat()
        memo = self._hash_memo()
        key = str(path)
        entry = memo.get(key)
        if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
            return str(entry[2])
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        memo[key] = [st.st_size, st.st_mtime_ns, h.hexdigest()]
        write_atomically(
            self.root / "sources.json", json.dumps(memo, sort_keys=True).encode(), durable=True
        )
        return h.hexdigest()

    # -- generated fonts -----------------------------------------------------------------

    def font_path(self, name: str, key: str) -> Path:
        """Where the font built under `key` lives (it may not exist yet)."""
        return self.root / f"{name}-{key[:20]}.ttf"

    # A generated font is trusted only while it is the very file that was written: its
    # size and SHA-256 are recorded beside it (`<font>.sum`) and checked before use. A
    # file cut short by a crash or with flipped bits was once used silently (one such
    # font made a build grow to 24 GB); now it is rebuilt.

    @staticmethod
    def _sum_path(path: Path) -> Path:
        return path.with_name(path.name + ".sum")

    def save_font(self, path: Path, data: bytes) -> None:
        """Write a generated font, then its size and hash."""
        write_atomically(path, data, durable=True)
        record = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        write_atomically(self._sum_path(path), json.dumps(record).encode(), durable=True)
        self._verified.add(_identity(path))

    def verified(self, path: Path) -> bool:
        """True when `path` is a generated font exactly as it was written."""
        identity = _identity(path)
        if identity is None:
            return False
        if identity in self._verified:
            return True
        try:
            record = json.loads(self._sum_path(path).read_text("utf-8"))
            if record["size"] != identity[1]:
                return False
            h = hashlib.sha256()
            with path.open("rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            if h.hexdigest() != record["sha256"]:
                return False
        except (OSError, ValueError, KeyError, TypeError):
            return False
        self._verified.add(identity)
        return True

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold an exclusive lock while building `name`, across processes.

        Batch builds run in worker processes: without it each one would build the same
        fonts at the same time. Correctness does not depend on it (writes are atomic).
        """
        self.root.mkdir(parents=True, exist_ok=True)
        if fcntl is None:
            yield
            return
        with open(self.root / f".{name}.lock", "a+b") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def prune(self, prefix: str, keep: int) -> None:
        """Delete all but the `keep` newest generated fonts whose names start with prefix.

        Per-document subsets would otherwise pile up. A font deleted while another
        process is about to load it is rebuilt by that process.
        """
        found = []
        for path in self.root.glob(f"{prefix}*.ttf"):
            try:
                found.append((path.stat().st_mtime_ns, path.name, path))
            except OSError:
                continue
        for _, _, path in sorted(found, reverse=True)[keep:]:
            path.unlink(missing_ok=True)
            self._sum_path(path).unlink(missing_ok=True)

    # -- coverage tables -----------------------------------------------------------------

    def load_ranges(self, name: str, key: str) -> Ranges | None:
        """A cached coverage table, or None."""
        try:
            data = json.loads((self.root / f"{name}-{key[:20]}.cmap.json").read_text("utf-8"))
            return tuple((int(a), int(b)) for a, b in data["ranges"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save_ranges(self, name: str, key: str, ranges: Ranges) -> None:
        """Cache a coverage table."""
        data = json.dumps({"ranges": [list(r) for r in ranges]}, separators=(",", ":"))
        write_atomically(self.root / f"{name}-{key[:20]}.cmap.json", data.encode(), durable=True)
