"""A synthetic visitor for spoken evaluations: espeak-ng or Kokoro speech, lobby babble, the cut.

A visitor voice is an espeak-ng voice (`fr`, `fr+m3`), or `kokoro` / `kokoro:<voice>`
for Kokoro-82M reading French phonemes: far more natural, and far better heard by
Whisper. Only `espeak` and `kokoro` synthesise; mixing babble from clips, mixing at a
signal-to-noise ratio and cutting the first utterance (the live loop's VAD and
endpointer) are pure, so they are tested without audio.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from robot.core.errors import AudioError
from speech.protocols import SAMPLE_RATE
from speech.segmenter import Segmenter, SpeechEnded, SpeechStarted, joined
from speech.settings import VadSettings
from speech.wavio import read_wav

if TYPE_CHECKING:
    from speech.tts_kokoro import KokoroModel

_TIMEOUT_S = 30
KOKORO = "kokoro"
NORMAL_WPM = 175  # espeak-ng's default speed: Kokoro's speed 1.0


def espeak(text: str, wpm: int = 175, voice: str = "fr") -> np.ndarray:
    """``text`` said by espeak-ng (text on stdin, UTF-8), as 16 kHz int16."""
    exe = shutil.which("espeak-ng")
    if exe is None:
        raise AudioError("espeak-ng is not installed", hint="apt-get install espeak-ng")
    try:
        proc = subprocess.run([exe, "-v", voice, "-s", str(wpm), "-b", "1", "--stdout"],
                              input=text.encode("utf-8"), capture_output=True,
                              timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioError(f"espeak-ng failed: {exc}") from None
    if proc.returncode != 0 or not proc.stdout:
        raise AudioError(f"espeak-ng failed (voice {voice!r}): "
                         f"{proc.stderr.decode('utf-8', 'replace')[:200]}")
    return read_wav(proc.stdout)


def kokoro_voice(voice: str) -> str | None:
    """The Kokoro voice a visitor voice names (`kokoro` = the default one); None for espeak."""
    name, sep, which = voice.partition(":")
    if name != KOKORO:
        return None
    from speech.tts_kokoro import DEFAULT_VOICE

    return which if sep and which else DEFAULT_VOICE


def kokoro(text: str, model: KokoroModel, voice: str, wpm: int = NORMAL_WPM) -> np.ndarray:
    """``text`` said by a Kokoro voice, its speed ``wpm`` relative to espeak's, 16 kHz int16."""
    from speech.resample import resample
    from speech.tts_kokoro import KokoroVoice

    speed = min(2.0, max(0.5, wpm / NORMAL_WPM))
    chunks = [resample(c.samples, c.sample_rate, SAMPLE_RATE)
              for c in KokoroVoice(model, voice).synthesize(text, speed)]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def babble(clips: Sequence[np.ndarray], n_samples: int, talkers: int,
           rng: np.random.Generator) -> np.ndarray:
    """Several people talking at once: per talker, clips end to end from a random start,
    all summed (float, unscaled). Each talker is busy the whole time, as in a lobby."""
    out = np.zeros(n_samples, dtype=np.float64)
    usable = [np.asarray(c, dtype=np.float64) for c in clips if len(c)]
    if not usable or n_samples <= 0:
        return out
    longest = max(len(c) for c in usable)
    for _ in range(talkers):
        stream: list[np.ndarray] = []
        length = 0
        while length < n_samples + longest:  # room for a random start
            clip = usable[int(rng.integers(len(usable)))]
            stream.append(clip)
            length += len(clip)
        talk = np.concatenate(stream)
        start = int(rng.integers(len(talk) - n_samples + 1))
        out += talk[start:start + n_samples]
    return out


def power(samples: np.ndarray) -> float:
    x = np.asarray(samples, dtype=np.float64)
    return float(np.mean(x * x)) if len(x) else 0.0


def mix_at_snr(speech: np.ndarray, noise: np.ndarray, snr_db: float,
               lead_s: float = 0.0) -> np.ndarray:
    """``speech`` placed ``lead_s`` into ``noise`` (as long as the result), the noise
    scaled so that speech power / noise power is ``snr_db``; int16, clipped."""
    lead = int(lead_s * SAMPLE_RATE)
    if len(noise) < lead + len(speech):
        raise AudioError("the noise is shorter than the speech it should cover")
    p_noise = power(noise)
    gain = (np.sqrt(power(speech) / (p_noise * 10 ** (snr_db / 10.0)))
            if p_noise > 0 else 0.0)
    mixed = np.asarray(noise, dtype=np.float64) * gain
    mixed[lead:lead + len(speech)] += np.asarray(speech, dtype=np.float64)
    return np.clip(np.round(mixed), -32768, 32767).astype(np.int16)


def first_utterance(audio: np.ndarray, vad: VadSettings,
                    join_gap_s: float = 0.0) -> tuple[np.ndarray, bool]:
    """What the live loop would transcribe: the first utterance the VAD and endpointer
    cut from ``audio`` (silence appended so one running to the end closes), and whether
    one was found (else the whole audio). Speech that starts again within ``join_gap_s``
    of its end continues it, as the loop joins a question said in two breaths
    (``dialogue.join_gap_s``)."""
    seg = Segmenter.from_settings(vad)
    tail = np.zeros(int(SAMPLE_RATE * (vad.end_silence_ms + 300) / 1000), dtype=np.int16)
    stream = np.concatenate((np.asarray(audio, dtype=np.int16), tail))
    frame = seg.frame_len
    heard: np.ndarray | None = None
    end_s = 0.0
    for i in range(0, len(stream) - frame + 1, frame):
        for event in seg.feed(stream[i:i + frame]):
            if isinstance(event, SpeechStarted) and heard is not None:
                if event.at_s - end_s > join_gap_s:
                    return heard, True
            elif isinstance(event, SpeechEnded):
                utterance = event.utterance
                heard = utterance.audio if heard is None else joined(heard, utterance.audio)
                end_s = utterance.end_s
    return (heard, True) if heard is not None else (np.asarray(audio, dtype=np.int16), False)
