"""The one place speech engines are chosen and loaded, from the validated settings.

Models come from ``models.manifest.resolve`` so the installed profile decides: when a
technician installs the ``fr`` profile (Vosk French, Piper siwis) they are taken with
no code change.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from models.manifest import ResolvedModel, load_manifest, resolve
from models.settings import ModelsSettings
from robot.core.errors import ModelError, TtsError
from speech.protocols import SpeechToText, TextToSpeech
from speech.settings import SttSettings, TtsSettings


class Settings(Protocol):
    """The sections speech engines are built from (the app's configuration has them)."""

    @property
    def language(self) -> str: ...
    @property
    def stt(self) -> SttSettings: ...
    @property
    def tts(self) -> TtsSettings: ...
    @property
    def models(self) -> ModelsSettings: ...

log = logging.getLogger(__name__)


def _installed_elsewhere(role: str, models_dir: Path, language: str,
                         engine: str) -> ResolvedModel | None:
    """An installed model the profile does not name, for an engine asked for explicitly
    (e.g. the test-only Korean Vosk model behind `--engine vosk --language ko`)."""
    for spec in load_manifest().models.values():
        if (spec.role == role and spec.engine == engine and language in spec.languages
                and spec.is_installed(models_dir)):
            return ResolvedModel(spec.id, role, spec.engine, spec.main_path(models_dir), language)
    return None


def stt_model(settings: Settings, models_dir: Path, language: str,
              engine: str | None = None) -> ResolvedModel:
    """Which STT model serves ``language``: explicit engine, else `stt.engines`, else profile."""
    cfg = settings.stt
    wanted = engine or cfg.engines.get(language)
    if wanted is None and cfg.default_engine != "auto":
        wanted = cfg.default_engine
    if settings.models.stt is not None:  # an explicit path, unless another engine is asked
        model = resolve("stt", models_dir, override=settings.models.stt, language=language)
        if wanted is None or model.engine == wanted:
            return model
    try:
        return resolve("stt", models_dir, profile=settings.models.profile,
                       language=language, engine_hint=wanted)
    except ModelError:
        found = _installed_elsewhere("stt", models_dir, language, wanted) if wanted else None
        if found is None:
            raise
        log.info("stt %s: using %s, installed outside the %s profile",
                 language, found.id, settings.models.profile)
        return found


def build_stt(settings: Settings, models_dir: Path, language: str | None = None,
              engine: str | None = None) -> SpeechToText:
    """Load the STT engine for ``language`` (forced) or the configured one (null = detect)."""
    forced = language or settings.stt.language
    model = stt_model(settings, models_dir, forced or settings.language, engine)
    cfg = settings.stt
    if model.engine == "whisper":
        from speech.stt_whisper import WhisperStt

        return WhisperStt(model.path, language=forced, threads=cfg.threads,
                          beam_size=cfg.beam_size, initial_prompt=cfg.vocabulary_prompt,
                          compute_type=cfg.compute_type,
                          partial_interval_s=cfg.partial_interval_s, window_s=cfg.window_s)
    if model.engine == "vosk":
        from speech.stt_vosk import VoskStt

        return VoskStt(model.path, language=model.language, phrases=cfg.phrases or None)
    raise ModelError(f"{model.id}: unknown STT engine {model.engine!r}")


def _voice_from_spec(spec: str, language: str, settings: Settings,
                     models_dir: Path) -> TextToSpeech:
    """A voice named in config or on the command line: "espeak[:v]", a model id, or a path."""
    tts = settings.tts
    if spec == "espeak" or spec.startswith("espeak:"):
        from speech.tts_espeak import EspeakTts

        voice = spec.partition(":")[2] or language
        return EspeakTts(voice, tts.rate, tts.sentence_silence_s)
    path = Path(spec).expanduser()
    if path.suffix == ".onnx" or path.exists():
        if not path.exists():
            raise ModelError(f"voice file not found: {path}")
        return _piper(path, settings, None)
    model = load_manifest().spec(spec)
    if model.role != "tts":
        raise ModelError(f"{spec} is a {model.role} model, not a voice")
    if model.engine == "espeak":
        return _voice_from_spec("espeak", language, settings, models_dir)
    if not model.is_installed(models_dir):
        raise ModelError(f"voice {spec} is not installed in {models_dir}",
                         hint="run `robot models install` or `robot models import DIR`")
    if model.engine == "kokoro":  # only when named: e.g. to listen to its French accent
        from speech.tts_kokoro import KokoroVoice

        return KokoroVoice.load(model.folder(models_dir), rate=tts.rate,
                                sentence_silence_s=tts.sentence_silence_s)
    return _piper(model.main_path(models_dir), settings, language)


def _piper(path: Path, settings: Settings, language: str | None) -> TextToSpeech:
    from speech.tts_piper import PiperTts

    return PiperTts(path, settings.tts.rate, settings.tts.sentence_silence_s, language)


def build_tts(settings: Settings, models_dir: Path, language: str | None = None,
              voice: str | None = None) -> TextToSpeech:
    """The voice for ``language``: ``voice``, else `tts.voices`, else the profile's, else espeak."""
    language = language or settings.language
    spec = voice or settings.tts.voices.get(language)
    if spec:
        return _voice_from_spec(spec, language, settings, models_dir)
    override = settings.models.tts if language == settings.language else None
    try:
        model = resolve("tts", models_dir, profile=settings.models.profile,
                        language=language, override=override)
    except ModelError as exc:
        if not settings.tts.espeak_fallback:
            raise
        log.warning("no voice installed for %s (%s); using espeak-ng", language, exc.message)
        return _voice_from_spec("espeak", language, settings, models_dir)
    if model.engine == "espeak":
        return _voice_from_spec("espeak", language, settings, models_dir)
    if model.engine == "piper":
        return _piper(model.path, settings, language)
    raise TtsError(f"{model.id}: unknown TTS engine {model.engine!r}")
