"""Settings for audio devices, voice activity detection, STT and TTS."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from robot.core.settings_base import Section


class AudioSettings(Section):
    input_device: str | int | None = None  # name substring or index; None = system default
    output_device: str | int | None = None
    sample_rate: int = Field(16000, ge=8000, le=48000)  # what VAD and STT receive
    block_ms: int = Field(30, ge=10, le=200)
    reopen_backoff_s: float = Field(1.0, gt=0, le=60)
    reopen_backoff_max_s: float = Field(30.0, gt=0, le=600)
    output_volume: float = Field(1.0, ge=0.0, le=2.0)


class VadSettings(Section):
    aggressiveness: int = Field(2, ge=0, le=3)
    frame_ms: Literal[10, 20, 30] = 30
    start_speech_ms: int = Field(90, ge=10, le=2000)  # speech needed to open an utterance
    end_silence_ms: int = Field(700, ge=100, le=5000)
    min_speech_ms: int = Field(250, ge=0, le=5000)
    max_utterance_s: float = Field(15.0, ge=1, le=120)
    pre_roll_ms: int = Field(300, ge=0, le=2000)


class SttSettings(Section):
    # Engine per language, e.g. {fr: vosk}; a language not listed uses `default_engine`,
    # and "auto" takes the engine of the best installed model (the `fr` profile's Vosk
    # model once a technician installs it, else Whisper) with no configuration change.
    engines: dict[str, Literal["whisper", "vosk"]] = {}
    default_engine: Literal["auto", "whisper", "vosk"] = "auto"
    language: str | None = Field("fr", description="forced language; null = detect")
    vocabulary_prompt: str = ""  # hint words for Whisper (street names, services)
    phrases: list[str] = []  # optional Vosk phrase list (restricts recognition to them)
    # 5 hears 9 points more words right than 1 on our French test lines for ~15 % more time.
    beam_size: int = Field(5, ge=1, le=10)
    threads: int = Field(2, ge=1, le=16)
    compute_type: Literal["int8", "int8_float32", "float32"] = "int8"  # Whisper weights
    partial_interval_s: float = Field(0.0, ge=0, le=10)  # Whisper partials; 0 = none (CPU)
    # Whisper's encoder window: 20 s answers ~0.3 s sooner than the full 30 s but hears
    # worse (speech/stt_whisper.py); longer utterances get a longer window.
    window_s: float = Field(30.0, ge=2, le=30)


class TtsSettings(Section):
    # Voice per language: a Piper model id from the manifest, "espeak:<voice>", or a path.
    voices: dict[str, str] = {}
    rate: float = Field(0.9, ge=0.5, le=2.0, description="speaking rate, 1.0 = normal")
    sentence_silence_s: float = Field(0.25, ge=0, le=2)
    espeak_fallback: bool = True
