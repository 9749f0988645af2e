"""The file system, in one place: the one atomic writer and the one cache folder.

Every file we make (PDFs, HTML, e-mail messages, manifests, cached fonts and patterns)
is written to a temporary file beside its target and renamed into place, so a reader
never sees half a file and a failed write never replaces a good one.
"""

from __future__ import annotations

import errno
import importlib.util
import os
import stat
import sys
import time
from pathlib import Path

from brochure.errors import BrochureError, Problem

CACHE_ENV = "BROCHURE_CACHE_DIR"
TEMP_SUFFIX = ".tmp"  # temporary files are `.<name>.<random>.tmp` beside their target


def cache_folder(*parts: str) -> Path:
    """A folder under $BROCHURE_CACHE_DIR, else under the user cache folder."""
    base = os.environ.get(CACHE_ENV) or _user_cache_folder()
    return Path(base).joinpath(*parts)


def _user_cache_folder() -> str:
    """platformdirs' user cache folder for brochure. On Linux that is the XDG Base
    Directory rule, applied here when it plainly applies (an absolute $XDG_CACHE_HOME, else
    .cache in an absolute $HOME): importing platformdirs would cost every cold build ~2 ms
    for it. Anything else (another system, Android, no or a relative $HOME) asks
    platformdirs; tests/test_cache_folder.py keeps both answers the same."""
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, "brochure")
        if os.path.isabs(os.environ.get("HOME", "")):
            return os.path.join(os.path.expanduser("~/.cache"), "brochure")
    import platformdirs

    return platformdirs.user_cache_dir("brochure")


def package_file(package: str, *parts: str) -> Path:
    """A file (or folder) shipped inside an installed package: our data files, the font
    packages' fonts. A real path, as ReportLab and our readers open them by name.

    The package is found, not imported (`importlib.resources` would import it, and
    itself imports ~15 modules, `tempfile` and `zipfile` among them, that a build does
    not otherwise need). Raises ModuleNotFoundError when it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package)
    if not spec.submodule_search_locations:
        raise TypeError(f"{package!r} is not a package")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def _file_mode() -> int:
    """What a plainly created file would get (0666 less the umask), read once at import."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def write_atomically(path: Path, data: bytes, durable: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename: never a partial file.

    `durable` also flushes the data to disk before the rename (cache files that other
    processes trust without reading them whole). Refuses to replace anything but a
    regular file (a device such as /dev/full or /dev/stdout, a folder, a pipe): raises
    BrochureError. Temporary files of an earlier write of the same target that was
    killed are removed first.
    """
    problem = target_problem(path)
    if problem:
        raise BrochureError([Problem(str(path), 0, 0, problem)])
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(path)
    try:
        fd, tmp = _new_temporary(path)
    except OSError as exc:
        raise _naming(exc, path) from None
    try:
        if hasattr(os, "fchmod"):  # made 0600; a PDF is for others to read too
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _naming(exc, path) from None
        raise


def _naming(exc: OSError, path: Path) -> OSError:
    """The same error about the file asked for, not our temporary name for it (the user
    never sees that name: a full disk or a folder that cannot be written is reported at
    the path they gave)."""
    return OSError(exc.errno, exc.strerror, str(path))


# tempfile.mkstemp's flags: a new file (never one that exists, nor through a link).
_NEW_FILE = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def _new_temporary(path: Path) -> tuple[int, str]:
    """A new empty file `.<name>.<pid>.<random>.tmp` beside `path`, readable by us alone
    (0600) and open: what `tempfile.mkstemp` makes, without importing tempfile (with the
    shutil, bz2 and lzma it imports) into every build."""
    for _ in range(100):
        tmp = os.path.join(path.parent, f".{path.name}.{os.getpid()}.{os.urandom(5).hex()}"
                                        f"{TEMP_SUFFIX}")
        try:
            return os.open(tmp, _NEW_FILE, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(path.parent))


def target_problem(path: Path) -> str | None:
    """Why `path` must not be replaced by a file we write, or None."""
    try:
        st = os.stat(path)  # follows links: /dev/stdout is a link to a device or pipe
    except OSError:
        return None  # absent (or unreachable: the write itself will say why)
    if stat.S_ISDIR(st.st_mode):
        return "this is a folder, not a file; give a file name"
    if not stat.S_ISREG(st.st_mode):
        return ("this is not a regular file (a device, pipe or socket); nothing is written "
                "over it; give a file name")
    return None


# Files an output must never replace: the sources a brochure is made from.
SOURCE_FOLDERS = ("content", "assets", "clinics", "glossary")
SOURCE_SUFFIXES = (".yaml", ".yml", ".toml", ".png", ".jpg", ".jpeg", ".svg", ".json")


def source_problem(path: Path, workspace: Path) -> str | None:
    """Why a user-given output path would overwrite a source (a content or asset file,
    brochure.toml), or None."""
    target = path.resolve()
    root = workspace.resolve()
    inside = next((f for f in SOURCE_FOLDERS if (root / f) in target.parents), None)
    if inside and target.exists() or target.suffix.lower() in SOURCE_SUFFIXES and target.exists():
        where = f"in {inside}/" if inside else f"a {target.suffix} file"
        return (f"this is a source file ({where}), not an output; nothing is written over "
                "it; give an output name such as brochure.pdf")
    if inside:
        return (f"this is inside {inside}/, where sources live; write outputs elsewhere, "
                "e.g. output/")
    return None


# A temporary file whose writer is gone (killed mid-write) is removed by the next write
# of the same target; one of a writer that may still be running is left alone unless old.
STALE_SECONDS = 24 * 3600


def clean_stale_temporaries(path: Path) -> None:
    """Remove `.<name>.<pid>.<random>.tmp` files beside `path` whose process is gone
    (and older ones without a process id, or over a day old)."""
    prefix = f".{path.name}."
    try:
        candidates = [p for p in path.parent.iterdir()
                      if p.name.startswith(prefix) and p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    now = time.time()
    for candidate in candidates:
        middle = candidate.name[len(prefix):-len(TEMP_SUFFIX)]
        pid_text = middle.split(".", 1)[0]
        try:
            age = now - candidate.lstat().st_mtime
        except OSError:
            continue
        alive = pid_text.isdigit() and _alive(int(pid_text))
        if age > STALE_SECONDS or not alive:
            candidate.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
