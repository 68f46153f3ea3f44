"""espeak-ng: the robotic but always-available voice for a language with no Piper voice.

One subprocess per sentence, text on stdin (never on the command line, where a leading
"-" would be an option), a WAV on stdout. Far faster than real time.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

from robot.core.errors import TtsError
from speech.protocols import SpeechAudio
from speech.textclean import prepare
from speech.tts_piper import with_pause
from speech.wavio import decode_wav

_NORMAL_WPM = 175  # espeak-ng's default speed, our rate 1.0
_TIMEOUT_S = 20


class EspeakTts:
    def __init__(self, voice: str = "fr", rate: float = 1.0, sentence_silence_s: float = 0.25,
                 command: str = "espeak-ng") -> None:
        exe = shutil.which(command)
        if exe is None:
            raise TtsError(f"{command} is not installed", hint="apt-get install espeak-ng")
        self._exe = exe
        self.voice, self.rate, self.sentence_silence_s = voice, rate, sentence_silence_s

    @property
    def name(self) -> str:
        return f"espeak:{self.voice}"

    @property
    def language(self) -> str:
        return self.voice.split("+")[0].split("-")[0]

    def wpm(self, rate: float | None = None) -> int:
        return max(80, min(450, round(_NORMAL_WPM * (rate or self.rate))))

    def _run(self, sentence: str, wpm: int) -> SpeechAudio:
        cmd = [self._exe, "-v", self.voice, "-s", str(wpm), "-b", "1", "--stdout"]
        try:
            proc = subprocess.run(cmd, input=sentence.encode("utf-8"), capture_output=True,
                                  timeout=_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TtsError(f"espeak-ng failed: {exc}") from None
        if proc.returncode != 0 or not proc.stdout:
            err = proc.stderr.decode("utf-8", "replace").strip()[:200]
            raise TtsError(f"espeak-ng failed (voice {self.voice!r}): {err or proc.returncode}")
        wav = decode_wav(proc.stdout, "espeak-ng output")
        samples = (wav.data[:, 0] * 32767).round().astype("int16")
        return SpeechAudio(samples, wav.sample_rate, sentence)

    def synthesize(self, text: str, rate: float | None = None) -> Iterator[SpeechAudio]:
        wpm = self.wpm(rate)
        sentences = prepare(text, self.language)
        for i, sentence in enumerate(sentences):
            audio = self._run(sentence, wpm)
            if i < len(sentences) - 1:
                samples = with_pause(audio.samples, audio.sample_rate, self.sentence_silence_s)
                audio = SpeechAudio(samples, audio.sample_rate, sentence)
            yield audio
