"""Problems found in user input, and the exception that carries them.

Every user-facing problem is a `Problem` with a position, so the CLI can print
`FILE:LINE:COLUMN: message` lines. Internal bugs are ordinary exceptions and are
allowed to crash loudly.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import Literal

from brochure.records import record

Severity = Literal["error", "warning"]


@record(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning) at a place in a file; line and column are 1-based."""

    file: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class BrochureError(Exception):
    """Raised when user input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))



# What the operating system said, in the words a clinic's IT person would use.
_OS_REASONS = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EACCES: "permission denied; choose a folder you may write to, or fix its permissions",
    errno.EPERM: "not permitted; choose a folder you may write to, or fix its permissions",
    errno.EROFS: "the file system is read-only; choose a folder on a writable disk",
    errno.ENOTDIR: "a part of this path is a file, not a folder; choose another path",
    errno.EISDIR: "this is a folder, not a file; give a file name",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "the path is too long; choose a shorter one",
    errno.ELOOP: "too many symbolic links in this path",
    errno.EEXIST: "a file is in the way where a folder is needed; move it or choose another path",
    errno.EIO: "the disk reported an input/output error",
}


def os_problem(exc: OSError, hint: str = "") -> Problem:
    """An operating-system error (full disk, no permission, a file where a folder belongs)
    as one plain line naming the path: an environment problem is a user error, not a crash."""
    reason = _OS_REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
    where = str(exc.filename) if exc.filename is not None else "error"
    return Problem(where, 0, 0, reason + (f" ({hint})" if hint else ""))
