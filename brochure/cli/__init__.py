"""The `brochure` command: the only package that prints or exits.

Exit status: 0 done (warnings allowed), 1 content or profile invalid (or does not fit),
2 the command line is wrong.

One module per group of commands; this one holds the click group and registers them.
"""

from __future__ import annotations

from brochure import records
from brochure.cli import collector, deferred

collector.pause()  # until the command has imported its stack (collector.imports_done)
records.share_everywhere()  # every dataclass (pydantic's too): methods made, not compiled
deferred.defer()  # Pillow, HarfBuzz, pyphen and slow patterns: loaded when first used

import click  # noqa: E402  (imported with collection paused, as the rest of the stack)

from brochure.cli.guard import GuardedGroup  # noqa: E402

# Each command's module, imported when that command runs (or `--help` lists them all): a
# build does not pay for the other commands' options and imports.
COMMANDS = {
    "build": ("build", "build"),
    "check": ("check", "check"),
    "list": ("check", "list_command"),
    "schema": ("check", "schema"),
    "email": ("email_cmd", "email"),
    "preview": ("workflow", "preview"),
    "watch": ("workflow", "watch_command"),
    "new": ("workflow", "new_command"),
    "translate": ("translate", "translate"),
    "serve": ("serve", "serve"),
    "init": ("workflow", "init_command"),
}


@click.group(cls=GuardedGroup, commands=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brochure")
def main() -> None:
    """Patient-education brochures from YAML to print- and email-ready PDF."""


__all__ = ["main"]
