"""A translated file as it came back: the same shape whether it was XLIFF or PO."""

from __future__ import annotations

from dataclasses import field

from brochure.errors import Problem
from brochure.records import record
from brochure.translate.inline import Piece


@record(frozen=True)
class Where:
    """A place in the returned file (1-based), for FILE:LINE:COL messages."""

    line: int
    column: int


@record(frozen=True)
class ReturnedUnit:
    id: str
    target: list[Piece] | None  # None: no translation given for this unit
    where: Where
    target_where: Where
    language: str | None = None  # the target's own language tag, when it states one


@record
class Returned:
    """File-level facts and the units; `problems` are the file's own syntax problems."""

    display: str
    brochure: str | None
    source_language: str | None
    target_language: str | None
    revision: str | None
    original: str | None
    header: Where
    language_where: Where
    units: list[ReturnedUnit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, where: Where, message: str) -> Problem:
        return Problem(self.display, where.line, where.column, message)
