"""`robot bench speech`: load times, STT and TTS real-time factors, first audio, peak RSS.

A command, not a timed test: it prints figures for the README and the issue notes.
The French section measures what MODELS.md warns about: Whisper base hears espeak-ng's
robotic French poorly; slower speech and a vocabulary prompt are the levers we have.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from robot.context import Context
from robot.core.errors import RobotError
from speech.factory import build_stt, build_tts
from speech.protocols import SAMPLE_RATE, SpeechToText, TextToSpeech
from speech.resample import resample
from speech.tts_espeak import EspeakTts
from speech.wer import wer

EN_TEXT = ("Good morning. The town hall opens at half past eight. "
           "You can renew your identity card at the front desk on the ground floor.")
FR_TEXT = ("Bonjour. La mairie ouvre à 8h30. Vous pouvez renouveler votre carte "
           "d'identité à l'accueil, au rez-de-chaussée.")
KO_TEXT = "안녕하세요. 오늘 날씨가 정말 좋네요. 도서관은 어디에 있습니까?"
FR_QUESTIONS = [
    "Comment renouveler ma carte d'identité ?",
    "Quels sont les horaires d'ouverture de la mairie ?",
    "Où se trouve le service de l'état civil ?",
    "Je voudrais un acte de naissance.",
    "Comment m'inscrire sur les listes électorales ?",
]
FR_PROMPT = ("Questions à l'accueil de la mairie : carte d'identité, passeport, état civil, "
             "acte de naissance, listes électorales, horaires d'ouverture.")

T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mb() -> float:
    """Resident memory now (Linux), to see what each model adds."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return 0.0


def _speech(tts: TextToSpeech, text: str, rate: float | None = None) -> np.ndarray:
    parts = [resample(c.samples, c.sample_rate, SAMPLE_RATE) for c in tts.synthesize(text, rate)]
    return np.concatenate(parts)


def bench_tts(tts: TextToSpeech, text: str, repeat: int) -> str:
    firsts, rtfs = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        first = None
        audio_s = 0.0
        for chunk in tts.synthesize(text):
            first = first if first is not None else time.perf_counter() - start
            audio_s += chunk.duration_s
        total = time.perf_counter() - start
        firsts.append(first or 0.0)
        rtfs.append(total / audio_s if audio_s else 0.0)
    return (f"first audio {statistics.median(firsts) * 1000:.0f} ms, "
            f"RTF {statistics.median(rtfs):.3f}")


def bench_stt(stt: SpeechToText, audio: np.ndarray, language: str, repeat: int,
              reference: str | None = None, stream_ms: int = 0) -> str:
    rtfs, text = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        if stream_ms:
            stream = stt.stream(language)
            step = SAMPLE_RATE * stream_ms // 1000
            for i in range(0, len(audio), step):
                stream.accept(audio[i:i + step])
            text = stream.final().text
        else:
            text = stt.transcribe(audio, language).text
        rtfs.append((time.perf_counter() - start) / (len(audio) / SAMPLE_RATE))
    score = f", WER {wer(reference, text):.0%}" if reference else ""
    return f"RTF {statistics.median(rtfs):.3f}{score}  «{text[:70]}»"


def _french_study(ctx: Context) -> None:
    """Whisper base on espeak-ng French: default speed vs -s 120, without/with a prompt."""
    from speech.stt_whisper import WhisperStt

    model = build_stt(ctx.settings, ctx.models_dir, "fr", "whisper")
    assert isinstance(model, WhisperStt)
    print("\nWhisper base on espeak-ng French, 5 town-hall questions (mean WER, time):")
    for beam in (1, 5):
        for wpm in (175, 120):
            voice = EspeakTts("fr", rate=wpm / 175)
            audios = [_speech(voice, q) for q in FR_QUESTIONS]
            for prompt in ("", FR_PROMPT):
                model.initial_prompt, model.beam_size = prompt or None, beam
                start = time.perf_counter()
                texts = [model.transcribe(a, "fr").text for a in audios]
                took = time.perf_counter() - start
                score = statistics.mean(wer(q, t) for q, t in zip(FR_QUESTIONS, texts, strict=True))
                print(f"  espeak -s {wpm:3d}  beam {beam}  prompt {'yes' if prompt else 'no ':3s}"
                      f"  WER {score:5.0%}  {took:5.1f} s  «{texts[0][:45]}»")


def bench_speech(args: argparse.Namespace, ctx: Context) -> int:
    repeat = max(1, getattr(args, "repeat", 3))
    s, models = ctx.settings, ctx.models_dir
    print(f"speech benchmark, {repeat} runs per figure (medians); models in {models}")

    base = rss_mb()
    piper, t_piper = _timed(lambda: build_tts(s, models, "en"))
    espeak = EspeakTts("fr", s.tts.rate)
    print(f"\nTTS  {piper.name}: load {t_piper:.2f} s (+{rss_mb() - base:.0f} MB), "
          f"{bench_tts(piper, EN_TEXT, repeat)}")
    print(f"TTS  {espeak.name}: (no model), {bench_tts(espeak, FR_TEXT, repeat)}")

    base = rss_mb()
    whisper, t_whisper = _timed(lambda: build_stt(s, models, "en", "whisper"))
    grown = rss_mb() - base
    en_audio, fr_audio = _speech(piper, EN_TEXT, 1.0), _speech(espeak, FR_TEXT, 1.0)
    print(f"\nSTT  whisper: load {t_whisper:.2f} s (+{grown:.0f} MB), {s.stt.threads} threads, "
          f"beam {s.stt.beam_size}, {s.stt.compute_type}")
    print(f"     English Piper speech ({len(en_audio) / SAMPLE_RATE:.1f} s): "
          f"{bench_stt(whisper, en_audio, 'en', repeat, EN_TEXT)}")
    print(f"     French espeak speech ({len(fr_audio) / SAMPLE_RATE:.1f} s): "
          f"{bench_stt(whisper, fr_audio, 'fr', repeat)}")
    del whisper

    try:
        base = rss_mb()
        vosk, t_vosk = _timed(lambda: build_stt(s, models, "ko", "vosk"))
        grown = rss_mb() - base
        ko_audio = _speech(EspeakTts("ko", 1.0), KO_TEXT)
        print(f"STT  vosk-ko: load {t_vosk:.2f} s (+{grown:.0f} MB)")
        print(f"     Korean espeak speech ({len(ko_audio) / SAMPLE_RATE:.1f} s), 200 ms chunks: "
              f"{bench_stt(vosk, ko_audio, 'ko', repeat, stream_ms=200)}")
        del vosk
    except RobotError as exc:
        print(f"STT  vosk: skipped ({exc.message})")

    _french_study(ctx)
    print(f"\npeak RSS {peak_rss_mb():.0f} MB (all models above loaded in one process)")
    return 0
