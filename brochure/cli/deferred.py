"""What ReportLab and pydantic load eagerly, loaded when first used instead.

Importing ReportLab imports Pillow (for pictures) and HarfBuzz (for shaped scripts), and
compiles one case-insensitive URL pattern over the whole Basic Multilingual Plane that
only its URL hyphenation ever matches. Together they are about a tenth of a cold `brochure
build` (~35 ms: the pattern alone ~20 ms), and an English handout without pictures uses
none of them; nor does a brochure without hyphenation use pyphen (which lists its
dictionaries when imported), nor any build `pickle` and ReportLab's sandboxed eval
(imported by ReportLab's utilities), `tempfile` (with shutil, bz2 and lzma; imported by
ReportLab and platformdirs) or ReportLab's Python source colouring (imported by its
preformatted paragraphs): ~5 ms together. Two more patterns with a character class up to
the top of that plane cost ~3 ms each to compile (Python maps every one of its 65,536
characters): ReportLab's CJK line wrapper's, which nothing calls, and PyYAML's pure-Python
reader's, which reads only when libyaml is missing or a file has a syntax error to report.
So when the command line starts, those modules become lazy modules (the module runs at the
first use of one of its names) and those patterns lazy patterns (compiled at their first
use). Nothing else changes: whoever uses them gets the real thing.

Pydantic looks up plugins in every installed package's metadata (`importlib.metadata`:
the email parser and more, then a scan of site-packages, ~10 ms) the first time it builds
a validator. Brochure validates with its own models alone, and a plugin installed for
another program must not observe or change what brochure accepts, so the command line
turns them off with pydantic's documented switch (`PYDANTIC_DISABLE_PLUGINS=__all__`,
unless the environment sets it already) and `importlib.metadata` becomes a lazy module
too; the one name pydantic imports from it, `entry_points`, is handed out as a stand-in
that runs the module when it is called.

A lazy module is not safe to run from two threads at once, so a command
that builds in threads (`serve`) calls `load_now()` before it starts them.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

LAZY_MODULES = (  # a package before its modules
    "uharfbuzz", "PIL", "PIL.Image", "importlib.metadata",
    "pyphen",  # imported by ReportLab's paragraphs and ours, used only to hyphenate
    "pickle",  # imported by ReportLab's utilities, used by none of what we call
    "reportlab.lib.PyFontify",  # ReportLab's Python source colouring (XPreformatted)
    "tempfile",  # ReportLab's and platformdirs' temporary files, which a build never makes
    "reportlab.lib.rl_safe_eval",  # ReportLab's sandboxed eval (colour strings, exec)
    # A package: its modules import as usual; its own code, which imports every one of
    # them (tables and their validators, preformatted text, columns), waits.
    "reportlab.platypus",
)
# Functions a lazy module hands out before it runs (`from importlib.metadata import
# entry_points` runs when pydantic's plugin loader is imported): calling one runs it.
STAND_INS = {"importlib.metadata": ("entry_points",),
             "tempfile": ("TemporaryFile", "gettempdir"),  # platformdirs imports them
             # ReportLab's utilities import them (two are callable objects: called alike)
             "reportlab.lib.rl_safe_eval": ("rl_safe_exec", "rl_safe_eval", "safer_globals",
                                            "rl_extended_literal_eval")}
# Modules whose slow patterns (`_slow`) wait; a module imported while one of them runs
# (ReportLab's paragraph imports the CJK wrapper) is covered by its hook too.
PATTERN_MODULES = ("reportlab.platypus.paragraph", "reportlab.lib.textsplit", "yaml.reader")


def defer() -> None:
    """Called once, when the command line starts, before anything imports ReportLab or
    pydantic."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if any(isinstance(finder, _WhenImported) for finder in sys.meta_path):
        return  # deferred already
    patterns = {name for name in PATTERN_MODULES if name not in sys.modules}
    later: dict[str, list[str]] = {}  # package not imported yet -> its lazy modules
    for name in LAZY_MODULES:
        parent = name.rpartition(".")[0]
        if name in sys.modules:
            continue
        if parent and parent not in sys.modules:
            # Looking the module up would import its package (`--help` imports no
            # ReportLab): it becomes lazy when the package has been imported.
            later.setdefault(parent, []).append(name)
        else:
            _make_lazy(name)
    if patterns or later:
        sys.meta_path.insert(0, _WhenImported(patterns, later))


_waiting: set[str] = set()  # lazy modules not run yet


def waiting() -> frozenset[str]:
    """The lazy modules nothing has used yet (their code has not run)."""
    return frozenset(_waiting)


def load_now() -> None:
    """Run the lazy modules now (before a command starts threads)."""
    for name in LAZY_MODULES:
        if name in _waiting:
            getattr(sys.modules[name], "__all__", None)


def _make_lazy(name: str) -> None:
    """Put an empty module object for `name` in `sys.modules`; its first missing attribute
    (PEP 562 `__getattr__`) runs the real module into it. Importing it again, which reads
    only `__spec__`, does not run it."""
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return  # not installed: the importer's own ImportError handling applies
    module = importlib.util.module_from_spec(spec)

    def run() -> ModuleType:
        if name in _waiting:
            del module.__getattr__
            _waiting.discard(name)
            spec.loader.exec_module(module)
        return module

    def run_on_first_use(attribute: str) -> Any:
        if spec.submodule_search_locations is None:
            if attribute == "__path__":
                # `from module import name` asks whether it is a package: it is not,
                # whether run or not (asking must not run it; the name may be a stand-in).
                raise AttributeError(attribute)
        elif not attribute.startswith("__") and importlib.util.find_spec(f"{name}.{attribute}"):
            # `from package import module`: the module, imported as `import package.module`
            # would (neither runs the package's own code)
            return importlib.import_module(f"{name}.{attribute}")
        return getattr(run(), attribute)

    module.__getattr__ = run_on_first_use  # type: ignore[method-assign]
    for attribute in STAND_INS.get(name, ()):
        setattr(module, attribute, _stand_in(run, attribute))
    sys.modules[name] = module
    _waiting.add(name)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def _stand_in(run: Any, attribute: str) -> Any:
    """A function that runs the lazy module, then calls its real `attribute`."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(run(), attribute)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attribute
    return call


def _slow(pattern: object) -> bool:
    """A class reaching U+FFFF (or beyond): compiling maps every character of the plane
    (and with IGNORECASE folds each one's case too)."""
    return isinstance(pattern, str) and ("\uffff" in pattern or "\U0010ffff" in pattern)


class _LazyPattern:
    """Stands in for a compiled pattern until it is first used."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


@contextmanager
def _slow_patterns_lazy() -> Iterator[None]:
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: int = 0) -> Any:
        if _slow(pattern):
            return _LazyPattern(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = compile_now


class _WhenImported:
    """An import hook, once per module: runs each of `PATTERN_MODULES` with its slow
    patterns left lazy, and makes a package's lazy modules lazy once it has run."""

    def __init__(self, patterns: set[str], later: dict[str, list[str]]) -> None:
        self._patterns = patterns
        self._later = later

    def find_spec(self, fullname: str, path: Any, target: ModuleType | None = None):
        if fullname not in self._patterns and fullname not in self._later:
            return None
        patterns = fullname in self._patterns
        self._patterns.discard(fullname)
        lazy = self._later.pop(fullname, [])
        if not self._patterns and not self._later:
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            if patterns:
                with _slow_patterns_lazy():
                    run(module)
            else:
                run(module)
            for name in lazy:
                if name not in sys.modules:
                    _make_lazy(name)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec
