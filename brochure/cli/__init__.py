"""The `brochure` command: the only package that prints or exits.

Exit status: 0 done (warnings allowed), 1 content or profile invalid (or does not fit),
2 the command line is wrong.

One module per group of commands; this one holds the click group and registers them.
"""

from __future__ import annotations

import click

from brochure.cli import build, check, collector, deferred, email_cmd, serve, translate, workflow
from brochure.cli.guard import GuardedGroup

collector.pause()  # until the command has imported its stack (collector.imports_done)
deferred.defer()  # Pillow, HarfBuzz and one slow ReportLab pattern: loaded when used


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="brochure")
def main() -> None:
    """Patient-education brochures from YAML to print- and email-ready PDF."""


for _command in (
    build.build,
    check.check,
    check.list_command,
    check.schema,
    email_cmd.email,
    workflow.preview,
    workflow.watch_command,
    workflow.new_command,
    translate.translate,
    serve.serve,
    workflow.init_command,
):
    main.add_command(_command)

__all__ = ["main"]
