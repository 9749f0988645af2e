"""`brochure new ID`: a brochure folder to start from, with every block kind shown once.

The files come from `templates/new/` (package data) and are filled in with the id, the
title and today's date. They build and pass `brochure check` as they are, so an author
starts from something that works and changes one thing at a time. Each file starts with
the `yaml-language-server` line, so editors autocomplete and validate from the first key.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from string import Template

from brochure.errors import BrochureError, Problem
from brochure.files import package_file

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# BCP 47 as brochures use it: language, then optional script, region and variants
# (en, es-419, zh-Hans, sr-Latn-RS). Matched whole: `en\n` is not `en`.
LANG_PATTERN = re.compile(
    r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
)
TEMP_SUFFIX = ".tmp"  # the folder is made as content/.<id>.<random>.tmp, then renamed


def schema_path(name: str, folder: Path) -> str:
    """The package's JSON Schema file, relative to the new folder (as editors resolve it)."""
    schema = package_file("brochure", "schema", f"{name}.schema.json")
    return Path(os.path.relpath(schema.resolve(), folder.resolve())).as_posix()


def _template(name: str) -> Template:
    text = package_file(__package__, "templates", "new", name).read_text("utf-8")
    return Template(text)


def new_brochure(
    workspace: Path,
    brochure_id: str,
    title: str | None = None,
    lang: str = "en",
    today: dt.date | None = None,
) -> list[Path]:
    """Create `content/<id>/` with brochure.yaml and `<lang>.yaml`; returns the files.

    Refuses an id the format does not allow and a folder that already exists (nothing
    an author wrote is ever overwritten).
    """
    problems = _argument_problems(brochure_id, title, lang)
    if problems:
        raise BrochureError(problems)
    content = workspace / "content"
    folder = content / brochure_id
    if folder.exists():
        raise BrochureError([Problem(str(folder), 0, 0, (
            f"content/{brochure_id} already exists; choose another id or edit that brochure"))])
    today = today or dt.date.today()
    title = title or brochure_id.replace("-", " ").capitalize()
    content.mkdir(parents=True, exist_ok=True)
    values = {
        "id": brochure_id,
        "lang": lang,
        "title": _quoted(title),
        "today": today.isoformat(),
        "year": str(today.year),
        "schema_brochure": schema_path("brochure", folder),
        "schema_language": schema_path("language", folder),
    }
    names = (("brochure.yaml", "brochure.yaml"), ("language.yaml", f"{lang}.yaml"))
    # All files in a hidden temporary folder, then one rename: an interrupted or failed
    # `new` leaves no half-made brochure that would block the next try.
    staging = Path(tempfile.mkdtemp(prefix=f".{brochure_id}.", suffix=TEMP_SUFFIX, dir=content))
    try:
        for template, name in names:
            (staging / name).write_text(_template(template).substitute(values), encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        try:
            os.rename(staging, folder)
        except OSError:
            if folder.exists():
                raise BrochureError([Problem(str(folder), 0, 0, (
                    f"content/{brochure_id} already exists; choose another id or edit that "
                    "brochure"))]) from None
            raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [folder / name for _, name in names]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _shown(text: str) -> str:
    """A value as typed, with invisible characters and undecodable bytes made visible."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _argument_problems(brochure_id: str, title: str | None, lang: str) -> list[Problem]:
    """What is wrong with `new`'s arguments, all at once."""
    problems = []
    if not ID_PATTERN.fullmatch(brochure_id):
        problems.append(Problem("ID", 0, 0, (
            f"`{_shown(brochure_id)}` cannot be a brochure id: use lower-case letters, digits "
            "and single hyphens, e.g. `knee-replacement`")))
    if not LANG_PATTERN.fullmatch(lang) or not _known_language(lang):
        problems.append(Problem("--lang", 0, 0, (
            f"`{_shown(lang)}` is not a language tag we know; use a BCP 47 tag such as en, "
            "es-419 or zh-Hans")))
    if title is not None:
        try:
            title.encode("utf-8")
        except UnicodeEncodeError as exc:
            byte = title[exc.start].encode("utf-8", "surrogateescape")
            problems.append(Problem("--title", 0, 0, (
                f"byte 0x{byte[0]:02X} at character {exc.start + 1} is not UTF-8 (is the "
                "terminal set to another encoding?); type the title again in UTF-8")))
        else:
            bad = next((c for c in title if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
            if bad is not None:
                problems.append(Problem("--title", 0, 0, (
                    f"the title must be one line of printable text, but has U+{ord(bad):04X} "
                    f"at character {title.index(bad) + 1}; remove it")))
            elif not title.strip():
                problems.append(Problem("--title", 0, 0, "the title is empty"))
    return problems


def _known_language(lang: str) -> bool:
    """The primary language exists in CLDR (Babel), so dates and plurals can be written."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang.split("-")[0])
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (a title may contain `:` or `#`)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


WORKSPACE_FOLDERS = ("content", "assets/illustrations", "clinics")


def init_workspace(workspace: Path) -> list[Path]:
    """Write a commented brochure.toml and the workspace folders; returns what was made.

    Refuses a workspace that has a brochure.toml already (nothing is overwritten).
    """
    config = workspace / "brochure.toml"
    if config.exists():
        raise BrochureError([Problem(str(config), 0, 0, (
            "brochure.toml already exists here; edit it, or run `brochure init` in an empty "
            "folder"))])
    made = []
    for name in WORKSPACE_FOLDERS:
        folder = workspace / name
        if not folder.exists():
            folder.mkdir(parents=True)
            made.append(folder)
    text = package_file(__package__, "templates", "init", "brochure.toml")
    write_new(config, text.read_text("utf-8"))
    return [config, *made]


def write_new(path: Path, text: str) -> None:
    """Create `path` whole or not at all, and never over an existing file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    tmp.write_text(text, encoding="utf-8")
    try:
        os.link(tmp, path)  # fails if `path` appeared meanwhile: never replaces it
    except FileExistsError:
        raise BrochureError([Problem(str(path), 0, 0, f"{path.name} already exists")]) from None
    finally:
        tmp.unlink(missing_ok=True)
