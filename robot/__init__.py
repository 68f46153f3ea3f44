"""Offline voice assistant for town-hall reception robots."""

__version__ = "0.1.0"
