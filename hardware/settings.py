"""Settings for the serial link to the head/display and the behaviour mapping."""

from __future__ import annotations

from pydantic import Field

from robot.settings_base import Section


class HeadSettings(Section):
    enabled: bool = True
    port: str = "loop://"  # /dev/ttyUSB0, loop://, socket://host:port, or a pty path
    baudrate: int = Field(115200, ge=1200, le=4_000_000)
    heartbeat_s: float = Field(1.0, gt=0, le=60)
    ack_timeout_s: float = Field(0.25, gt=0, le=10)
    retries: int = Field(3, ge=0, le=20)
    reconnect_backoff_s: float = Field(0.5, gt=0, le=60)
    reconnect_backoff_max_s: float = Field(10.0, gt=0, le=600)
