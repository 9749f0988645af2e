"""UI string tables (`strings/<lang>.yaml`): the words the layout adds around content."""

from __future__ import annotations

from functools import cache

from brochure.files import package_file
from brochure.safeyaml import safe_load


def read_package_yaml(package: str, *path: str) -> dict:
    """A YAML data file shipped inside one of our packages."""
    text = package_file(package, *path).read_text(encoding="utf-8")
    return safe_load(text)


def available_string_tables() -> list[str]:
    folder = package_file(__package__, "strings")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load_strings(lang: str) -> dict[str, str]:
    """The UI string table for a language, falling back from `zh-Hant-TW` to `zh-Hant`, `zh`.

    A language with no table at all gets English; every table must have every key of
    the English one (checked here, so a gap fails loudly instead of printing a blank).
    """
    english = read_package_yaml(__package__, "strings", "en.yaml")
    tables = available_string_tables()
    parts = lang.split("-")
    table = english
    for n in range(len(parts), 0, -1):
        candidate = "-".join(parts[:n])
        if candidate in tables:
            table = read_package_yaml(__package__, "strings", f"{candidate}.yaml")
            break
    missing = sorted(set(english) - set(table))
    if missing:
        raise KeyError(f"string table for {lang} lacks keys: {', '.join(missing)}")
    return {k: str(v) for k, v in table.items()}
