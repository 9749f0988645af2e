"""brochure.files.write_atomically: what a user sees when a write fails."""

from __future__ import annotations

import errno

import pytest

from brochure import files


def test_a_failed_write_names_the_file_asked_for_and_leaves_nothing(tmp_path, monkeypatch) -> None:
    """An OS error while writing (no room, no permission) is about the target, not the
    temporary file beside it, keeps its kind, and leaves no file behind."""
    target = tmp_path / "brochure.pdf"

    def refuse(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device", src, dst)

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError) as info:
        files.write_atomically(target, b"%PDF")
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []

    def no_entry(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".x.tmp"))

    monkeypatch.setattr(files.os, "open", no_entry)
    with pytest.raises(PermissionError) as info:
        files.write_atomically(target, b"%PDF")
    assert info.value.filename == str(target)
    assert list(tmp_path.iterdir()) == []
