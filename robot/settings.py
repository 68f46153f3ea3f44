"""Settings for the conversation loop, the accueil desk, privacy, USB sync and logging."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from robot.core.settings_base import Section


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
    """How the robot converses: engagement, timing, barge-in and what it says."""

    wake_phrases: list[str] = ["bonjour robot", "salut robot", "bonjour"]
    follow_up_window_s: float = Field(8.0, ge=0, le=120)  # next question without wake phrase
    session_timeout_s: float = Field(45.0, ge=5, le=3600)  # silence that ends the memory
    ack_sound: bool = False  # a short soft chime when the visitor stops speaking
    # After this much silence inside speech: thinking face and a speculative transcription,
    # so the ack comes within 300 ms and STT is done by the endpoint. 0 = off.
    speculative_pause_ms: int = Field(240, ge=0, le=2000)
    join_gap_s: float = Field(1.5, ge=0, le=10)  # speech resumed this soon: same question
    barge_in: bool = True
    # Foreign speech = mic energy >= ratio x the energy the played echo explains.
    barge_in_ratio: float = Field(1.5, ge=1.0, le=20.0)
    barge_in_max_lag_s: float = Field(0.2, gt=0, le=1.0)  # speaker -> mic delay searched
    timeouts_s: dict[str, float] = {
        "stt": 10.0, "retrieval": 2.0, "llm": 20.0, "tts": 10.0}
    handoff_channel: Literal["head", "log"] = "head"
    slower_factor: float = Field(0.8, gt=0.3, lt=1.0)  # "plus lentement" multiplies the rate
    min_rate: float = Field(0.6, ge=0.3, le=1.0)
    status_interval_s: float = Field(2.0, gt=0, le=60)
    # What the robot says; {desk}, {place}, {hours}, {phone}, {commune} come from `accueil`.
    greeting: str = "Bonjour ! Je suis le robot d'accueil de la mairie. Que puis-je pour vous ?"
    listening_prompt: str = "Oui, je vous écoute."
    apology: str = ("Excusez-moi, je n'ai pas pu répondre. "
                    "Vous pouvez vous adresser à {desk}, {place}.")
    handoff_text: str = ("Je préviens un agent. Vous pouvez aussi vous adresser à {desk}, "
                         "{place}, {hours}.")
    goodbye: str = "Au revoir, et bonne journée !"
    nothing_to_repeat: str = "Je n'ai encore rien dit. Quelle est votre question ?"

    @field_validator("timeouts_s")
    @classmethod
    def _positive(cls, v: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(v) - {"stt", "retrieval", "llm", "tts"})
        if unknown:
            raise ValueError(f"unknown stage {', '.join(unknown)}: use stt, retrieval, llm, tts")
        bad = [k for k, s in v.items() if not 0 < s <= 600]
        if bad:
            raise ValueError(f"timeouts must be within 0..600 s: {', '.join(bad)}")
        return v

    @field_validator("greeting", "listening_prompt", "apology", "handoff_text", "goodbye",
                     "nothing_to_repeat")
    @classmethod
    def _placeholders(cls, v: str) -> str:
        for name in re.findall(r"{(\w*)}", v):
            if name not in ("desk", "place", "hours", "phone", "commune"):
                raise ValueError(f"unknown placeholder {{{name}}}: use desk, place, hours, "
                                 "phone or commune")
        return v


class PrivacySettings(Section):
    """What the robot keeps about visitors: no audio, redacted transcripts, for a while."""

    store_audio: bool = False  # never write visitors' voices to disk unless set
    log_transcripts: bool = True  # daily transcript files under <data dir>/logs
    redact_transcripts: bool = True  # phone numbers, e-mails, names, ID numbers
    retention_days: int = Field(30, ge=0, le=3650)  # older daily files pruned at start-up


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class ApiSettings(Section):
    """The local HTTP API, kiosk and staff pages (`robot serve`, or inside `robot run`)."""

    enabled: bool = False  # `robot run` serves it too, beside the voice loop
    host: str = "127.0.0.1"  # any other address needs a token
    port: int = Field(8088, ge=1, le=65535)  # 8080 is the fleet's llama.cpp server
    token: str | None = Field(None, min_length=16, max_length=200)  # bearer for /v1 and /staff
    max_body_bytes: int = Field(4096, ge=256, le=1_000_000)
    max_question_chars: int = Field(500, ge=20, le=5000)
    rate_per_minute: int = Field(30, ge=1, le=10_000)  # requests per client to /v1
    # How long an API question waits for the model a visitor's turn holds; then the
    # source sentences are read instead (timings_ms.mode: extractive_busy).
    llm_wait_s: float = Field(3.0, ge=0, le=120)

    @field_validator("token")
    @classmethod
    def _printable(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[\x21-\x7e]+", v):
            raise ValueError("use letters, digits and punctuation, no spaces")
        return v


class ModelServerSettings(Section):
    """`robot serve-models`: the fleet's one LLM, served to every robot (llama.cpp server)."""

    host: str = "127.0.0.1"  # any other address needs a token
    port: int = Field(8080, ge=1, le=65535)
    token: str | None = Field(None, min_length=16, max_length=200)  # the robots' llm.token
    threads: int = Field(2, ge=1, le=64)
    context_tokens: int = Field(2048, ge=512, le=32768)
    # llama.cpp's server cuts an answer short when another request arrives (its default);
    # in a fleet that is one robot silencing another, so requests queue instead.
    interrupt_requests: bool = False

    @field_validator("token")
    @classmethod
    def _printable(cls, v: str | None) -> str | None:
        return ApiSettings._printable(v)
