"""Offline voice assistant for town-hall reception robots."""

from robot.core import __version__

__all__ = ["__version__"]
