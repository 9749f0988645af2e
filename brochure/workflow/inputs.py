"""Which files a build reads: one answer for `build --all` (what to hash before skipping an
unchanged PDF) and `watch`/`serve` (what to watch for a save)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from brochure.content.loader import BROCHURE_FILE, LoadedBrochure, resolve_asset
from brochure.content.model import Clinic


def picture_assets(loaded: LoadedBrochure, langs: Iterable[str] | None = None) -> set[str]:
    """The asset files the blocks of these languages (None: all) draw."""
    wanted = loaded.languages if langs is None else [t for t in langs if t in loaded.languages]
    return {
        asset
        for tag in wanted
        for section in loaded.languages[tag].content.sections
        for block in section.blocks
        if not isinstance(block, str)
        for asset in block.assets()
    }


def build_inputs(
    loaded: LoadedBrochure,
    langs: Iterable[str] | None = None,
    clinic: Path | None = None,
    profile: Clinic | None = None,
) -> list[Path]:
    """Every file building these languages (None: all) reads, sorted: brochure.yaml, the
    source language file (revision checks), the language files, their pictures, the clinic
    profile and its logo. Assets that do not exist are left out (the build warns)."""
    langs = list(loaded.languages) if langs is None else list(langs)
    folder = loaded.folder
    files = {folder / BROCHURE_FILE, folder / f"{loaded.meta.source_language}.yaml"}
    files |= {folder / f"{tag}.yaml" for tag in langs}
    names = picture_assets(loaded, langs)
    if profile is not None and profile.logo:
        names.add(profile.logo)
    files |= {p for p in (resolve_asset(n, loaded.workspace) for n in names) if p is not None}
    if clinic is not None:
        files.add(clinic)
    return sorted(files)


Identity = tuple[str, int, int, int] | None


def identity(path: Path) -> Identity:
    """A file's identity for caches: path, size, modification time and inode (None when
    it cannot be read), so an edited file is never mistaken for the one cached."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
