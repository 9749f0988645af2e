"""Start a translation: LANG.yaml as a copy of the source, marked as a draft.

The new file is the source file's own text (comments and layout included) with
`language:` changed and `translation: {status: draft, source_revision: …}` added, so the
section ids and block structure are the source's and every text is still the source's
words: `brochure check` lists each of them as "not yet translated" until it is.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from brochure.content.loader import load_brochure
from brochure.errors import BrochureError, Problem
from brochure.files import write_atomically
from brochure.language.strings import available_string_tables
from brochure.translate import snapshots, yamledit


def string_table_for(tag: str) -> str | None:
    """The UI string table a tag uses (`es-MX` → `es`), or None when there is none."""
    tables = set(available_string_tables())
    parts = tag.split("-")
    for n in range(len(parts), 0, -1):
        if "-".join(parts[:n]) in tables:
            return "-".join(parts[:n])
    return None


def add_language(folder: Path, tag: str, cwd: Path | None = None) -> Path:
    """Write LANG.yaml for a new translation; return its path."""
    loaded = load_brochure(folder, cwd, None)
    source = loaded.source
    where = loaded.display_path(f"{tag}.yaml")
    if tag == loaded.meta.source_language:
        raise BrochureError([Problem(where, 0, 0, f"`{tag}` is the source language of "
                                     f"{loaded.id}; choose the language to translate into")])
    if string_table_for(tag) is None:
        tables = ", ".join(available_string_tables())
        raise BrochureError([Problem(where, 0, 0, f"no UI strings for `{tag}` (page numbers, "
                                     f"footer and headings would be missing); languages with "
                                     f"UI strings: {tables}; add brochure/strings/{tag}.yaml "
                                     "first")])
    path = loaded.folder / f"{tag}.yaml"
    if path.exists():
        raise BrochureError([Problem(where, 0, 0, f"{tag}.yaml already exists; send it to "
                                     f"the translator with `brochure translate export "
                                     f"{loaded.id} {tag}`")])
    data = source.doc.path.read_bytes()
    revision = snapshots.store(loaded.folder, data)
    text = source.doc.text  # as read: NFC, no byte-order mark
    text = yamledit.replace_texts(text, {("language",): tag})[0]
    text = yamledit.insert_key_after(text, "language", "translation",
                                     f"{{status: draft, source_revision: "
                                     f"{yamledit.scalar(revision, None, True)}}}")
    got = yaml.safe_load(text)
    if got.pop("translation", None) != {"status": "draft", "source_revision": revision} \
            or got != {**source.doc.data, "language": tag}:
        raise AssertionError("the new language file does not hold the source's content")
    write_atomically(path, text.encode("utf-8"))
    return path
