"""The base layer: errors, paths, the settings base, redaction, the version.

It imports nothing else of the project, so every package may use it: the subsystems
(`rag`, `speech`, `models`, `hardware`) use only this of `robot`, and the app above
them (the rest of `robot`) composes them (tests/test_layers.py checks both).
"""

__version__ = "0.1.0"
