"""`brochure serve`: the live preview in a browser (Starlette app under uvicorn)."""

from __future__ import annotations

from pathlib import Path

import click

from brochure.cli.common import _fail


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (anything but loopback shows the preview to others).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--interval", type=click.FloatRange(0.02, 5), default=0.1, show_default=True,
              help="Seconds between looks at the files.")
def serve(host, port, interval) -> None:
    """Preview the workspace's brochures in a browser; pages reload when a file is saved.

    Opens nothing by itself: visit the address it prints. Ctrl-C stops.
    """
    from brochure.cli import deferred
    from brochure.errors import Problem
    from brochure.serve import ServeState, create_app
    from brochure.serve.server import cannot_listen, run
    from brochure.workflow.mail import is_loopback

    workspace = Path.cwd()
    if not (workspace / "content").is_dir():
        _fail([Problem(".", 0, 0, "no content/ folder here; run `brochure serve` in the "
                       "workspace (the folder that holds content/)")])
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can "
                   "read the brochures and the check reports; use --host 127.0.0.1 to keep "
                   "the preview to yourself", err=True)
    why = cannot_listen(host, port)
    if why:
        _fail([Problem(f"{host}:{port}", 0, 0, f"{why}; choose another --port or --host")])
    deferred.load_now()  # before the server's threads can race to load them
    app = create_app(ServeState(workspace, interval))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {workspace.name} on http://{shown}:{port}/ (Ctrl-C stops)", err=True)
    if not run(app, host, port):
        _fail([Problem(f"{host}:{port}", 0, 0, "could not listen there (in use, or not an "
                       "address of this machine); choose another --port or --host")])
    click.echo("stopped", err=True)
