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
from importlib import resources
from pathlib import Path
from string import Template

from .errors import BrochureError, Problem

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def schema_path(name: str, folder: Path) -> str:
    """The package's JSON Schema file, relative to the new folder (as editors resolve it)."""
    schema = Path(str(resources.files("brochure").joinpath("schema", f"{name}.schema.json")))
    return Path(os.path.relpath(schema.resolve(), folder.resolve())).as_posix()


def _template(name: str) -> Template:
    text = resources.files("brochure").joinpath("templates", "new", name).read_text("utf-8")
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
    if not ID_PATTERN.match(brochure_id):
        raise BrochureError([Problem(brochure_id, 0, 0, (
            f"`{brochure_id}` cannot be a brochure id: use lower-case letters, digits and "
            "single hyphens, e.g. `knee-replacement`"))])
    if not LANG_PATTERN.match(lang):
        raise BrochureError([Problem(lang, 0, 0, f"`{lang}` is not a language tag like en or "
                                     "zh-Hans")])
    folder = workspace / "content" / brochure_id
    if folder.exists():
        raise BrochureError([Problem(str(folder), 0, 0, (
            f"content/{brochure_id} already exists; choose another id or edit that brochure"))])
    today = today or dt.date.today()
    title = title or brochure_id.replace("-", " ").capitalize()
    if "\n" in title:
        raise BrochureError([Problem(brochure_id, 0, 0, "the title must be one line")])
    folder.mkdir(parents=True)
    values = {
        "id": brochure_id,
        "lang": lang,
        "title": _quoted(title),
        "today": today.isoformat(),
        "year": str(today.year),
        "schema_brochure": schema_path("brochure", folder),
        "schema_language": schema_path("language", folder),
    }
    written = []
    for template, name in (("brochure.yaml", "brochure.yaml"), ("language.yaml", f"{lang}.yaml")):
        path = folder / name
        path.write_text(_template(template).substitute(values), encoding="utf-8")
        written.append(path)
    return written


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (a title may contain `:` or `#`)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
