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
