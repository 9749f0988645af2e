"""Garbage collection around a command: off while it imports its stack, then resumed.

Importing ReportLab, pydantic and our own packages makes several hundred thousand
objects that live as long as the process. The cyclic collector walks them again and
again while they are being made, about a tenth of a cold `brochure build`. So collection
is paused from start-up until the command has imported what it needs; then
`gc.freeze()` moves everything made so far out of the collector's view for good, and
collection resumes for the build itself (a long `watch`, `serve` or batch run collects as
usual). Forked batch workers also keep sharing the frozen objects' memory pages with the
parent instead of copying them when the collector would have touched them.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Called once, when the command line starts."""
    gc.disable()


def imports_done() -> None:
    """The command has imported its stack: freeze what exists, collect from now on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
