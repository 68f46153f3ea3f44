"""The usb section of the configuration: what a staff USB stick may bring."""

from __future__ import annotations

from pydantic import Field

from robot.core.settings_base import Section


class UsbSettings(Section):
    folder: str = "robot-documents"
    allow_unsigned: bool = False  # testing only: logged loudly
    max_file_mb: float = Field(50.0, gt=0, le=2000)
    max_files: int = Field(2000, ge=1, le=100000)
    max_total_mb: float = Field(4000.0, gt=0, le=100000)  # whole bundle; staging needs as much
