"""Running the app under uvicorn, stopping cleanly on Ctrl-C or SIGTERM.

uvicorn re-raises the signal that stopped it once it has shut down, so the process
would die by SIGTERM (or a KeyboardInterrupt) after a clean shutdown; here a signal
only asks the server to stop (a second Ctrl-C forces it), and the caller returns
normally.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

import uvicorn
from starlette.applications import Starlette

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def stop(sig, frame) -> None:
            if self.should_exit and sig == signal.SIGINT:
                self.force_exit = True
            self.should_exit = True

        previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run(app: Starlette, host: str, port: int) -> bool:
    """Serve until stopped; False when the server could not start (port taken...)."""
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=1, lifespan="on")
    server = _Server(config)
    try:
        server.run()
    except SystemExit:
        pass  # uvicorn exits when it cannot listen
    return server.started


def cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen at host:port (in use, not this machine), or None."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except OSError as exc:
        return f"`{host}` is not an address of this machine ({exc.strerror or exc})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return f"cannot listen on port {port}: {exc.strerror or exc}"
    return None
