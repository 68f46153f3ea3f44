"""The loop's only door to the engines: starts each job of a turn on the engines wired
once (robot/turn.py's transcription, robot/reply.py's spoken reply)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from rag.types import Answering
from robot.body import Body
from robot.reply import Reply, Source, answer_source, sentences_of
from robot.turn import Job, Locks, Post, Transcription
from speech.protocols import Speaker, SpeechToText, TextToSpeech


class Workers:
    """Starts the jobs of a turn on the engines wired once; the loop's only door to them."""

    def __init__(self, stt: SpeechToText, tts: TextToSpeech, answerer: Answering,
                 speaker: Speaker,
                 body: Body, timeouts: dict[str, float],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stt, self.tts, self.answerer = stt, tts, answerer
        self.speaker, self.body = speaker, body
        self.timeouts, self.clock = timeouts, clock
        self.locks = Locks()
        self.post: Post = lambda ev: None  # the loop connects its queue here

    def transcribe(self, turn: int, audio: np.ndarray, speculative: bool = False) -> Job:
        return Transcription(turn, audio, self.stt, self.locks, self.post, self.timeouts,
                             self.clock, speculative).start()

    def answer(self, turn: int, question: str, session_id: str | None,
               rate: float | None, stt_confidence: float | None = None) -> Job:
        """`stt_confidence`: the recogniser's, so a misheard question is not "not found"."""
        source = answer_source(self.answerer, question, session_id, stt_confidence)
        return self._reply(turn, source, "answer", rate)

    def say(self, turn: int, text: str, rate: float | None) -> Job:
        return self._reply(turn, sentences_of(text), "say", rate)

    def _reply(self, turn: int, source: Source, kind: str, rate: float | None) -> Job:
        return Reply(turn, source, kind, self.tts, self.speaker, self.body, self.locks,
                     self.post, self.timeouts, self.clock, rate).start()

    def chime(self) -> None:
        """A short soft two-note sound: "I heard you" (dialogue.ack_sound)."""
        threading.Thread(target=self.speaker.play, args=(ack_chime(), 16000), name="chime",
                         daemon=True).start()


def ack_chime(rate: int = 16000) -> np.ndarray:
    t = np.arange(int(0.06 * rate)) / rate
    notes = [np.sin(2 * np.pi * f * t) * np.hanning(len(t)) for f in (660.0, 880.0)]
    return (np.concatenate(notes) * 0.15 * 32767).astype(np.int16)
