"""A reply job with the real espeak-ng voice: what the display shows and the log records."""

from __future__ import annotations

import queue
import shutil
from typing import Any

import pytest

from robot.body import Body
from robot.events import SentenceSpoken, SpeakingDone
from robot.workers import Workers
from speech.playback import WavSpeaker
from speech.tts_espeak import EspeakTts

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")


class Display:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def __getattr__(self, name: str) -> Any:
        return lambda *a, **k: self.calls.append((name, a))


def test_subtitles_and_log_keep_the_written_sentence_the_voice_reads_out() -> None:
    display = Display()
    speaker = WavSpeaker(realtime=False)
    workers = Workers(None, EspeakTts("fr"), None, speaker, Body(display), {})  # type: ignore[arg-type]
    events: queue.Queue[Any] = queue.Queue()
    workers.post = events.put
    workers.say(1, "Appelez le 02 47 00 00 00. Ouvert à 8 h 30 !", None)
    seen = []
    while True:
        ev = events.get(timeout=30)
        seen.append(ev)
        if isinstance(ev, SpeakingDone):
            break
    written = ["Appelez le 02 47 00 00 00.", "Ouvert à 8 h 30 !"]
    assert [e.text for e in seen if isinstance(e, SentenceSpoken)] == written
    assert [a[0] for name, a in display.calls if name == "subtitle"] == written
    assert seen[-1].spoken == " ".join(written)
    assert len(speaker.played) == 2  # the voice still said them (spelled out) one by one
    # The voice's pause between sentences is kept after all but the last.
    alone = [len(a.samples) for w in written for a in EspeakTts("fr").synthesize(w)]
    pause = int(EspeakTts("fr").sentence_silence_s * speaker.played[0].sample_rate)
    assert [len(p.samples) for p in speaker.played] == [alone[0] + pause, alone[1]]
