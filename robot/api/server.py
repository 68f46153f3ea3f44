"""Serve the API with uvicorn: alone (`robot serve`) or in a thread beside the voice loop."""

from __future__ import annotations

import ipaddress
import logging
import threading
from typing import Any

import uvicorn

from robot.core.errors import ConfigError
from robot.settings import ApiSettings

log = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_exposure(api: ApiSettings) -> None:
    """Refuse to open the robot's knowledge and logs to a network with no token."""
    if not is_loopback(api.host) and api.token is None:
        raise ConfigError(
            f"api.host is {api.host}: other machines could reach the API, so api.token "
            "is required",
            hint="set api.token to a secret of 16+ characters, or api.host: 127.0.0.1")


def make_server(app: Any, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server; in a thread it installs no signal handler (the main thread's)."""
    # No access log: clients' addresses and the staff's search words (in the URL) are
    # personal data the robot has no need to keep.
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="off",
                            access_log=False, server_header=False)
    return uvicorn.Server(config)


class ApiThread:
    """The API beside the voice loop in `robot run`; `stop()` ends it cleanly."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        self.server = make_server(app, host, port)
        self.host, self.port = host, port
        self.thread = threading.Thread(target=self._run, name="api", daemon=True)

    def _run(self) -> None:
        try:
            self.server.run()
        except BaseException:  # uvicorn exits with SystemExit when the port is taken
            log.exception("the API server stopped")

    def start(self) -> ApiThread:
        self.thread.start()
        log.info("API on http://%s:%s (kiosk at /, staff at /staff)", self.host, self.port)
        return self

    @property
    def started(self) -> bool:
        return self.server.started

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
