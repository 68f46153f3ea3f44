"""One small error hierarchy with stable codes, so the loop, the CLI and logs agree."""

from __future__ import annotations


class RobotError(Exception):
    """Base of every error the product reports to a person; `code` is stable for scripts."""

    code = "robot"
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  -> {self.hint}"


class ConfigError(RobotError):
    code = "config"
    exit_code = 2


class UsageError(RobotError):
    """The command line itself is wrong (an empty question, clashing options)."""

    code = "usage"
    exit_code = 2  # as argparse exits for a bad command line


class ModelError(RobotError):
    """A model is missing, corrupt or cannot be installed."""

    code = "model"
    exit_code = 3


class AudioError(RobotError):
    code = "audio"


class SttError(RobotError):
    code = "stt"


class TtsError(RobotError):
    code = "tts"


class LlmError(RobotError):
    code = "llm"


class IndexError_(RobotError):
    """The document index is missing, busy or broken (named to avoid the builtin)."""

    code = "index"


class IndexBusy(IndexError_):
    """Another sync or rollback holds the index: nothing is wrong, try again later."""


class IngestError(RobotError):
    """One document could not be read; the sync goes on without it."""

    code = "ingest"


class HardwareError(RobotError):
    code = "hardware"


class SyncError(RobotError):
    """A USB bundle was refused or a sync could not complete."""

    code = "sync"
    exit_code = 4


class StageTimeout(RobotError):
    code = "timeout"
