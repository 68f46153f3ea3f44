"""Settings for the conversation loop, the accueil desk, privacy, USB sync and logging."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from robot.settings_base import Section


class AccueilSettings(Section):
    """Where the robot sends visitors it cannot help."""

    commune: str = "Saint-Aubin-sur-Loire"
    desk: str = "l'accueil de la mairie"
    place: str = "au rez-de-chaussée, à gauche de l'entrée"
    hours: str = (
        "du lundi au vendredi de 8 h 30 à 12 h et de 13 h 30 à 17 h 30, le samedi de 9 h à 12 h"
    )
    phone: str = "02 47 00 00 00"


class DialogueSettings(Section):
    wake_phrases: list[str] = ["bonjour robot", "salut robot", "bonjour"]
    follow_up_window_s: float = Field(8.0, ge=0, le=120)
    session_timeout_s: float = Field(45.0, ge=5, le=3600)
    ack_sound: bool = False
    barge_in: bool = True
    barge_in_ratio: float = Field(2.0, ge=1.0, le=20.0)  # mic energy vs. played echo
    timeouts_s: dict[str, float] = {"stt": 10.0, "retrieval": 2.0, "llm": 20.0, "tts": 10.0}
    handoff_channel: Literal["head", "log"] = "head"


class PrivacySettings(Section):
    store_audio: bool = False
    redact_transcripts: bool = True
    retention_days: int = Field(30, ge=0, le=3650)


class UsbSettings(Section):
    folder: str = "robot-documents"
    allow_unsigned: bool = False  # testing only: logged loudly
    max_file_mb: float = Field(50.0, gt=0, le=2000)
    max_files: int = Field(2000, ge=1, le=100000)
    max_total_mb: float = Field(4000.0, gt=0, le=100000)  # whole bundle; staging needs as much


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
