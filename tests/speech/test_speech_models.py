"""Real models: Piper speaks, Whisper hears it back; Vosk streams Korean; espeak-ng French."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from models.manifest import load_manifest
from robot.config import Settings
from robot.core.errors import ModelError
from speech.factory import build_stt, build_tts, stt_model
from speech.protocols import SAMPLE_RATE, SpeechToText, TextToSpeech, Transcript
from speech.resample import resample
from speech.wavio import decode_wav, read_wav
from speech.wer import wer

pytestmark = pytest.mark.slow
SENTENCE = "The town hall is open from Monday to Friday. Please take a ticket at the front desk."


def speak(tts: TextToSpeech, text: str, rate: float | None = None) -> np.ndarray:
    chunks = list(tts.synthesize(text, rate))
    return np.concatenate([resample(c.samples, c.sample_rate, SAMPLE_RATE) for c in chunks])


def espeak(text: str, voice: str) -> np.ndarray:
    out = subprocess.run(["espeak-ng", "-v", voice, "--stdout"], input=text.encode(),
                         capture_output=True, check=True).stdout
    return decode_wav(out).to_mono_int16()


def test_piper_yields_one_chunk_per_sentence(piper_en: TextToSpeech) -> None:
    chunks = list(piper_en.synthesize(SENTENCE))
    assert [c.sentence for c in chunks] == [
        "The town hall is open from Monday to Friday.",
        "Please take a ticket at the front desk."]
    assert all(c.samples.dtype == np.int16 and c.sample_rate == 22050 for c in chunks)
    assert 1.0 < chunks[0].duration_s < 6.0


def test_piper_then_whisper_round_trip(piper_en: TextToSpeech, whisper: SpeechToText) -> None:
    result = whisper.transcribe(speak(piper_en, SENTENCE, rate=1.0), "en")
    assert isinstance(result, Transcript)
    assert wer(SENTENCE, result.text) < 0.10, result.text
    assert result.language == "en" and result.confidence > 0.3
    assert result.duration_s == pytest.approx(5, abs=2.5)


def test_whisper_detects_the_language(piper_en: TextToSpeech, settings: Settings,
                                      models_dir: Path) -> None:
    detecting = build_stt(settings.model_copy(update={"stt": settings.stt.model_copy(
        update={"language": None})}), models_dir, engine="whisper")
    result = detecting.transcribe(speak(piper_en, "Where can I renew my passport?"))
    assert result.language == "en" and "passport" in result.text.lower()


def test_whisper_window_grows_with_the_utterance() -> None:
    from speech.stt_whisper import window_frames

    assert window_frames(300, 15) == 1500  # a 3 s question: the configured 15 s
    assert window_frames(1650, 15) == 1800  # 16.5 s: the utterance and a second, rounded
    assert window_frames(2950, 15) == 3000 and window_frames(300, 30) == 3000


def test_whisper_short_window_hears_as_the_full_one(piper_en: TextToSpeech, settings: Settings,
                                                    models_dir: Path) -> None:
    def stt(window_s: float, prompt: str = "") -> SpeechToText:
        cfg = settings.stt.model_copy(update={"window_s": window_s, "vocabulary_prompt": prompt})
        return build_stt(settings.model_copy(update={"stt": cfg}), models_dir, "en", "whisper")

    audio = speak(piper_en, SENTENCE, rate=1.0)
    full, short = stt(30).transcribe(audio, "en"), stt(6).transcribe(audio, "en")
    assert wer(SENTENCE, short.text) < 0.10 and wer(SENTENCE, full.text) < 0.10, short.text
    assert short.confidence > 0.3 and abs(short.confidence - full.confidence) < 0.2
    # ~14 s with a 6 s window (and a prompt): the window grows, the end is not cut.
    more = ("Passports are renewed on appointment only, with two recent photographs. "
            "The library lends books, records and films to every resident for free.")
    long = stt(6, "Town hall. Front desk.").transcribe(
        np.concatenate([audio, speak(piper_en, more, rate=1.0)]), "en")
    assert wer(f"{SENTENCE} {more}", long.text) < 0.15, long.text


def test_whisper_stream_buffers_until_final(piper_en: TextToSpeech, whisper: SpeechToText) -> None:
    audio = speak(piper_en, "Good morning.")
    stream = whisper.stream("en")
    assert all(stream.accept(audio[i:i + 3200]) is None for i in range(0, len(audio), 3200))
    assert "morning" in stream.final().text.lower()


def test_whisper_optional_partials(whisper: SpeechToText) -> None:
    # espeak-ng says it the same way every time; Piper's voice varies from one synthesis
    # to the next (VITS noise), and Whisper's partial from 1.5 s of it did with it (« the
    # tom hall is open from Monday », « the town hall is open for months »).
    audio = espeak(SENTENCE, "en")
    whisper.partial_interval_s = 1.5  # type: ignore[attr-defined]
    try:
        stream = whisper.stream("en")
        partials = [p for i in range(0, len(audio), 8000)
                    if (p := stream.accept(audio[i:i + 8000])) is not None]
    finally:
        whisper.partial_interval_s = 0.0  # type: ignore[attr-defined]
    # The first partial is the sentence's start, heard from 1.5 s of audio.
    assert len(partials) >= 2 and wer("The town hall is open from Monday.", partials[0]) < 0.2
    assert wer(SENTENCE, stream.final().text) < 0.10


def test_whisper_on_silence_is_cheap_and_harmless(whisper: SpeechToText) -> None:
    assert whisper.transcribe(np.zeros(800, dtype=np.int16), "en").text == ""


def test_vosk_streams_partials_then_a_final(vosk_ko: SpeechToText) -> None:
    audio = espeak("안녕하세요. 오늘 날씨가 정말 좋네요. 도서관은 어디에 있습니까?", "ko")
    stream = vosk_ko.stream("ko")
    partials = []
    for i in range(0, len(audio), 3200):  # 200 ms chunks, as a live microphone gives them
        text = stream.accept(audio[i:i + 3200])
        if text is not None:
            partials.append(text)
    final = stream.final()
    assert len(partials) >= 3 and partials[0]  # text appeared while "speaking"
    assert final.text.strip() and final.language == "ko"
    assert final.duration_s == pytest.approx(len(audio) / SAMPLE_RATE)
    assert 0 < final.confidence <= 1


def test_vosk_phrase_list(models_dir: Path, settings: Settings) -> None:
    phrases = ["안녕하세요", "감사합니다"]
    custom = settings.model_copy(update={"stt": settings.stt.model_copy(update={
        "phrases": phrases})})
    stt = build_stt(custom, models_dir, "ko", "vosk")
    text = stt.transcribe(espeak("안녕하세요", "ko")).text
    assert text in phrases


def test_espeak_french_voice_is_the_default_fallback(settings: Settings, models_dir: Path) -> None:
    tts = build_tts(settings, models_dir, "fr")
    assert tts.name == "espeak:fr" and tts.language == "fr"
    chunks = list(tts.synthesize("Bonjour ! La mairie ouvre à 8h30. Le timbre coûte 25 €."))
    assert [c.sentence for c in chunks] == [
        "Bonjour!", "La mairie ouvre à huit heures trente.",
        "Le timbre coûte vingt-cinq euros."]
    slow = next(iter(tts.synthesize("La mairie ouvre à huit heures.", rate=0.7)))
    fast = next(iter(tts.synthesize("La mairie ouvre à huit heures.", rate=1.3)))
    assert slow.duration_s > fast.duration_s * 1.4


@pytest.mark.parametrize("text", ["😀👍🎉", "Bonjour 👋 ! ✓ → ★", "🇫🇷 Merci 🙏🏽. À bientôt !", ""])
def test_emoji_text_is_synthesised_without_crash(text: str, piper_en: TextToSpeech,
                                                 settings: Settings, models_dir: Path) -> None:
    for tts in (piper_en, build_tts(settings, models_dir, "fr")):
        for chunk in tts.synthesize(text):
            assert len(chunk.samples) > 0


def test_piper_rate_makes_speech_slower(piper_en: TextToSpeech) -> None:
    # Piper draws its phoneme durations at random (noise_w): one take at rate 0.7 came out
    # only 1.17x a take at 1.0 in CI. Half speed, median of three takes: 1.65-1.87x here.
    def length(rate: float) -> float:
        return statistics.median(len(speak(piper_en, "Please wait here.", rate=rate))
                                 for _ in range(3))

    assert length(0.5) > length(1.0) * 1.3


def test_factory_voice_choices(settings: Settings, models_dir: Path) -> None:
    assert build_tts(settings, models_dir, "fr", voice="espeak:fr+f2").name == "espeak:fr+f2"
    onnx = models_dir / "piper-en-joe" / "en_US-joe-medium.onnx"
    assert build_tts(settings, models_dir, "en", voice=str(onnx)).language == "en"
    with pytest.raises(ModelError, match="not installed"):
        build_tts(settings, models_dir, "fr", voice="piper-fr-siwis")
    with pytest.raises(ModelError, match="unknown model"):
        build_tts(settings, models_dir, "fr", voice="no-such-voice")
    configured = settings.model_copy(update={"tts": settings.tts.model_copy(
        update={"voices": {"fr": "espeak:fr+m3"}})})
    assert build_tts(configured, models_dir, "fr").name == "espeak:fr+m3"


def test_factory_takes_the_fr_profile_when_installed(tmp_path: Path, settings: Settings) -> None:
    # A robot where the technician installed the French Vosk model and Piper voice.
    (tmp_path / "vosk-small-fr" / "model").mkdir(parents=True)
    for f in load_manifest().spec("whisper-base").files:
        (tmp_path / "whisper-base" / f.path).parent.mkdir(exist_ok=True)
        (tmp_path / "whisper-base" / f.path).touch()
    assert stt_model(settings, tmp_path, "fr").id == "vosk-small-fr"
    assert stt_model(settings, tmp_path, "en").id == "whisper-base"
    forced = settings.model_copy(update={"stt": settings.stt.model_copy(
        update={"engines": {"fr": "whisper"}})})
    assert stt_model(forced, tmp_path, "fr").id == "whisper-base"


def test_factory_takes_a_french_piper_voice_when_installed(tmp_path: Path, settings: Settings,
                                                           models_dir: Path) -> None:
    # Stand-in for fr_FR-siwis-medium: the English voice's files under the French names.
    voice = tmp_path / "piper-fr-siwis"
    voice.mkdir()
    joe = models_dir / "piper-en-joe" / "en_US-joe-medium.onnx"
    (voice / "fr_FR-siwis-medium.onnx").symlink_to(joe)
    (voice / "fr_FR-siwis-medium.onnx.json").symlink_to(joe.with_name(joe.name + ".json"))
    tts = build_tts(settings, tmp_path, "fr")
    assert tts.name == "piper:fr_FR-siwis-medium" and tts.language == "fr"
    first = next(iter(tts.synthesize("Ouvert à 8h30.")))
    assert first.sentence == "Ouvert à huit heures trente."  # French rules applied


def test_cli_say_then_transcribe(tmp_path: Path) -> None:
    robot = str(Path(sys.executable).with_name("robot"))
    out = tmp_path / "say.wav"
    # Piper samples noise, so a very short phrase can be misheard run to run: a full
    # sentence, and most of its content words, make the round trip a stable check.
    text = "The town hall is open every morning from Monday to Friday."
    said = subprocess.run([robot, "speech", "say", text, "--out", str(out),
                           "--language", "en", "--rate", "1.0"], capture_output=True, text=True)
    assert said.returncode == 0, said.stderr
    assert 1.0 < len(read_wav(out)) / SAMPLE_RATE < 8
    heard = subprocess.run([robot, "speech", "transcribe", str(out), "--language", "en"],
                           capture_output=True, text=True)
    assert heard.returncode == 0, heard.stderr
    words = ("town", "hall", "open", "morning", "monday", "friday")
    assert sum(w in heard.stdout.lower() for w in words) >= 5, heard.stdout
