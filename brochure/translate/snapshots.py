"""Content-addressed copies of the source-language file that translations were made from.

`translation.source_revision` is a fingerprint of the source file's bytes (see
`loader.LanguageDoc.fingerprint`). To show what changed since, the old text is needed,
so `translate add`, `export` and `import` keep a byte-for-byte copy of each source
revision they work from in `content/<id>/source-revisions/<revision>.yaml`. The file
name is the fingerprint of its bytes, so a copy is written once, never changes, and a
damaged copy is recognised. Git is not needed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from brochure.files import write_atomically

FOLDER = "source-revisions"


def revision_of(data: bytes) -> str:
    """The fingerprint `source_revision` records: the same as LanguageDoc.fingerprint."""
    return hashlib.sha256(data).hexdigest()[:12]


def snapshot_path(brochure_folder: Path, revision: str) -> Path:
    return brochure_folder / FOLDER / f"{revision}.yaml"


def store(brochure_folder: Path, data: bytes) -> str:
    """Keep a copy of a source file's bytes (once); return its revision."""
    revision = revision_of(data)
    path = snapshot_path(brochure_folder, revision)
    if not path.is_file() or path.read_bytes() != data:
        write_atomically(path, data)
    return revision


def load(brochure_folder: Path, revision: str) -> bytes | None:
    """The source file's bytes at `revision`, or None when no (intact) copy is kept."""
    if not revision or not all(c in "0123456789abcdef" for c in revision):
        return None
    path = snapshot_path(brochure_folder, revision)
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data if revision_of(data) == revision else None
