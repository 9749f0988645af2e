"""The file system, in one place: the one atomic writer and the one cache folder.

Every file we make (PDFs, HTML, e-mail messages, manifests, cached fonts and patterns)
is written to a temporary file beside its target and renamed into place, so a reader
never sees half a file and a failed write never replaces a good one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENV = "BROCHURE_CACHE_DIR"
TEMP_SUFFIX = ".tmp"  # temporary files are `.<name>.<random>.tmp` beside their target


def cache_folder(*parts: str) -> Path:
    """A folder under $BROCHURE_CACHE_DIR, else under the user cache folder."""
    base = os.environ.get(CACHE_ENV)
    if not base:
        import platformdirs  # only when no folder is given

        base = platformdirs.user_cache_dir("brochure")
    return Path(base).joinpath(*parts)


def _file_mode() -> int:
    """What a plainly created file would get (0666 less the umask), read once at import."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def write_atomically(path: Path, data: bytes, durable: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename: never a partial file.

    `durable` also flushes the data to disk before the rename (cache files that other
    processes trust without reading them whole).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes 0600; a PDF is for others to read too
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
