"""The command group's guard: a bad environment is a user error, one line, exit 1.

Checked before any command runs (variables the libraries below us would trip over), and
around every command (an operating-system error — full disk, no permission, a file where
a folder belongs — anywhere in a command becomes `PATH: what is wrong`, not a traceback).
"""

from __future__ import annotations

import importlib
import os

import click

from brochure.cli.collector import imports_done
from brochure.errors import Problem, os_problem

# Year 9999 at most: ReportLab turns the value into a calendar date.
_LAST_EPOCH = 253402300799


def environment_problems() -> list[Problem]:
    """Environment variables that would crash a build, each with how to fix it."""
    problems = []
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip():
        value = epoch.strip()
        if not value.isascii() or not value.isdigit() or int(value) > _LAST_EPOCH:
            problems.append(Problem(
                "SOURCE_DATE_EPOCH", 0, 0,
                f"`{value[:40]}` is not a time: give whole seconds since 1970-01-01 UTC "
                "(for example 1700000000), or unset it",
            ))
    cache = os.environ.get("BROCHURE_CACHE_DIR")
    if cache and os.path.exists(cache) and not os.path.isdir(cache):
        problems.append(Problem(
            "BROCHURE_CACHE_DIR", 0, 0,
            f"`{cache}` is a file, not a folder; point it at a folder for the font cache",
        ))
    return problems


def _cache_hint(path: object) -> str:
    cache = os.environ.get("BROCHURE_CACHE_DIR")
    if cache and str(path).startswith(cache):
        return "the font cache: point BROCHURE_CACHE_DIR at a folder you may write to"
    return ""


class GuardedGroup(click.Group):
    """A click group that turns environment errors into one line and exit status 1.

    Its commands are named with the module that holds each one (`commands`: name ->
    (module under brochure.cli, attribute)) and imported when first asked for: click's
    documented way to load subcommands lazily.
    """

    def __init__(self, *args, commands: dict[str, tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = dict(commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self._lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._lazy:
            module, attribute = self._lazy[cmd_name]
            command = getattr(importlib.import_module(f"brochure.cli.{module}"), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """The command to run; garbage collection resumes now unless the command says it
        resumes it itself, after importing its stack (`collects_after_imports`)."""
        if args and args[0] not in self.commands and args[0] not in self._lazy:
            for known in self._lazy:  # all of them, for click's "Did you mean ...?"
                self.get_command(ctx, known)
        name, command, rest = super().resolve_command(ctx, args)
        if not getattr(command, "collects_after_imports", False):
            imports_done()
        return name, command, rest

    def invoke(self, ctx: click.Context):
        from brochure.cli.common import _fail

        problems = environment_problems()  # --help and --version never get here
        if problems:
            _fail(problems)
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise
        except OSError as exc:
            _fail([os_problem(exc, _cache_hint(exc.filename))])
