"""The command line imports what each command uses: `--help`, `list` and `schema` never
load the build stack (ReportLab, pikepdf, Pillow, HarfBuzz, fontTools, the web server).

Behaviour, not time: a fresh interpreter runs the command and reports `sys.modules`.
"""

from __future__ import annotations

import pytest

from tests.probe import ROOT, run_command

BUILD_STACK = {"reportlab", "pikepdf", "PIL", "uharfbuzz", "fontTools", "starlette", "uvicorn"}


def _run(*args: str) -> tuple[int | str | None, set[str], str]:
    done = run_command(*args)
    return done.code, done.modules, done.stdout


@pytest.mark.parametrize("args", [
    ("--help",), ("build", "--help"), ("email", "--help"), ("preview", "--help"),
    ("watch", "--help"), ("translate", "--help"), ("serve", "--help"), ("--version",),
])
def test_help_loads_no_build_stack(args):
    code, modules, out = _run(*args)
    assert code in (0, None)
    assert "Usage:" in out or "version" in out
    assert not modules & BUILD_STACK, sorted(modules & BUILD_STACK)
    assert "pydantic" not in modules  # nor builds the content model


def test_schema_prints_the_shipped_file_without_pydantic():
    code, modules, out = _run("schema", "clinic")
    assert code in (0, None)
    shipped = (ROOT / "brochure" / "schema" / "clinic.schema.json").read_text(encoding="utf-8")
    assert out == shipped + "\n"
    assert not modules & (BUILD_STACK | {"pydantic"})


def test_list_loads_content_but_not_reportlab_or_pikepdf():
    code, modules, out = _run("list")
    assert code == 0
    assert "ms-stem-cells" in out
    assert not modules & {"reportlab", "pikepdf", "uharfbuzz", "fontTools", "starlette"}


def test_build_does_load_the_stack():
    """The probe can see an import at all (else the tests above could not fail)."""
    _, modules, _ = _run("build", "ms-stem-cells", "--lang", "en", "-o", "/dev/null/x.pdf")
    assert "reportlab" in modules


def test_paper_sizes_are_reportlabs():
    from reportlab.lib.pagesizes import A4, LETTER

    from brochure.layouts import PAPERS

    assert PAPERS == {"letter": LETTER, "a4": A4}


def test_layout_records_reach_their_functions():
    from brochure.layouts import LAYOUTS, bifold, handout

    assert LAYOUTS["bifold"].folds("letter", False) == bifold.folds("letter", False)
    assert LAYOUTS["handout"].build.__name__ == "handout.build_handout"
    assert callable(handout.build_handout)


OTHER_COMMANDS = {"brochure.cli.check", "brochure.cli.workflow", "brochure.cli.translate",
                  "brochure.cli.email_cmd", "brochure.cli.serve"}


def test_a_command_imports_only_its_own_module(tmp_path):
    """Commands are loaded when asked for (cli/guard.py): a build imports none of the
    others' modules; `--help` lists them all; a mistyped command still gets click's
    suggestion among all of them."""
    done = run_command("build", "ms-stem-cells", "--lang", "en", "-o", str(tmp_path / "x.pdf"))
    assert done.code in (0, None), done.stderr
    assert "brochure.cli.build" in done.names
    assert not done.names & OTHER_COMMANDS, sorted(done.names & OTHER_COMMANDS)
    listed = run_command("--help")
    assert OTHER_COMMANDS <= listed.names
    commands = listed.stdout.split("Commands:")[1].split()
    for name in ("build", "check", "email", "init", "list", "new", "preview", "schema",
                 "serve", "translate", "watch"):
        assert name in commands
    typo = run_command("previe")
    assert typo.code == 2 and "Did you mean 'preview'?" in typo.stderr
