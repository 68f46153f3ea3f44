"""Speech fixtures: each real model loaded once per session; settings built in code."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.config import Settings
from speech.factory import build_stt, build_tts
from speech.protocols import SpeechToText, TextToSpeech


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def piper_en(settings: Settings, models_dir: Path) -> TextToSpeech:
    return build_tts(settings, models_dir, "en")


@pytest.fixture(scope="session")
def whisper(settings: Settings, models_dir: Path) -> SpeechToText:
    return build_stt(settings, models_dir, "en", "whisper")


@pytest.fixture(scope="session")
def vosk_ko(settings: Settings, models_dir: Path) -> SpeechToText:
    return build_stt(settings, models_dir, "ko", "vosk")
