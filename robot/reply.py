"""Speaking a reply sentence by sentence, cancellable at any moment.

A ``Reply`` has two threads and a queue between them: the producer pulls verified
sentences from the Answerer (or a fixed text) and synthesises each; the player plays the
previous one meanwhile, shows its subtitle and moves the mouth. Cancelling (barge-in,
"stop") sets an Event, stops the speaker and drops what is queued: pipecat's rule that
control jumps the queue and data is dropped on interruption.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rag.confirm import CONFIRM
from rag.types import Answering, FinalEvent, SentenceEvent
from rag.understood import NOT_UNDERSTOOD
from robot.body import Body
from robot.core.sentences import split_sentences
from robot.events import AnswerReady, AnswerStarted, SentenceSpoken, SpeakingDone, StageFailed
from robot.turn import Job, Locks, Post, describe, stage_of
from speech.protocols import Speaker, SpeechAudio, TextToSpeech
from speech.tts_piper import with_pause

log = logging.getLogger(__name__)
_END = object()

Source = Callable[[], Iterable[Any]]  # yields sentences (str), then optionally an Answer


@dataclass(frozen=True)
class Spoken:
    """Audio to play and the sentence as written ("" for the rest of a long one)."""

    audio: SpeechAudio
    written: str


class Reply(Job):
    """Speak what a source produces: synthesise sentence N+1 while sentence N plays."""

    def __init__(self, turn: int, source: Source, kind: str, tts: TextToSpeech,
                 speaker: Speaker, body: Body, locks: Locks, post: Post,
                 timeouts: dict[str, float], clock: Callable[[], float],
                 rate: float | None = None) -> None:
        super().__init__(turn, timeouts, clock)
        self.kind = kind  # "answer" | "say": which lock and stage the source needs
        self._source, self._tts, self._speaker, self._body = source, tts, speaker, body
        self._locks, self._post, self._rate = locks, post, rate
        self._audio: queue.Queue[Any] = queue.Queue()
        self._in_play = threading.Event()
        self.answer: Any = None
        self.t_started = clock()

    def start(self) -> Reply:
        threading.Thread(target=self._produce, name=f"reply-{self.turn}", daemon=True).start()
        threading.Thread(target=self._play, name=f"play-{self.turn}", daemon=True).start()
        return self

    def cancel(self) -> None:
        """Stop now: the speaker is cut, queued sentences are dropped, the source closed."""
        super().cancel()
        self._speaker.stop()
        self._drain()
        self._audio.put(_END)
        # A play() that began a hair after stop() would not be cut by it: stop again.
        threading.Thread(target=self._restop, name="restop", daemon=True).start()

    def _restop(self) -> None:
        for _ in range(10):
            time.sleep(0.05)
            if self._in_play.is_set():
                self._speaker.stop()

    def _drain(self) -> None:
        try:
            while True:
                self._audio.get_nowait()
        except queue.Empty:
            pass

    # --- producer: source -> TTS -> queue ---------------------------------------------
    def _produce(self) -> None:
        lock = self._locks.answer if self.kind == "answer" else _nolock()
        stage = "llm" if self.kind == "answer" else "tts"
        self._enter(stage)  # waiting for a cancelled reply's engine counts against the stage
        try:
            with lock:
                if self.cancelled.is_set():
                    return
                items: Iterator[Any] = iter(self._source())
                try:
                    self._produce_from(items, stage)
                finally:
                    close = getattr(items, "close", None)
                    if close is not None:
                        close()  # stops the LLM decoding a cancelled answer
        except Exception as exc:
            if not self.cancelled.is_set():
                log.warning("reply %d failed in %s: %s", self.turn, self._stage, describe(exc))
                self._audio.put(StageFailed(self.turn, stage_of(exc, self._stage or stage),
                                            describe(exc)))
        finally:
            self._enter(None)
            self._audio.put(_END)

    def _produce_from(self, items: Iterator[Any], stage: str) -> None:
        first = True
        while not self.cancelled.is_set():
            self._enter(stage)
            item = next(items, _END)
            if item is _END:
                return
            if not isinstance(item, str):
                self.answer = item  # the final Answer: sources, timings, declined
                self._post(AnswerReady(self.turn, item))
                self._show_source(item)
                continue
            if first and self.kind == "answer":
                self.timings_ms["first_sentence"] = self._since_start()
            self._enter("tts")
            with self._locks.tts:
                # One sentence at a time, so that each audio keeps its written form: the
                # display shows "02 47 00 00 00", not what the voice reads for it.
                written_all = split_sentences(item)
                pause = float(getattr(self._tts, "sentence_silence_s", 0.0))
                for i, written in enumerate(written_all):
                    audios = list(self._tts.synthesize(written, self._rate))
                    if self.cancelled.is_set():
                        return
                    if audios and i < len(written_all) - 1:  # the pause the voice makes
                        last = audios[-1]
                        audios[-1] = replace(last, samples=with_pause(
                            last.samples, last.sample_rate, pause))
                    for n, audio in enumerate(audios):
                        if first:
                            self.timings_ms["tts_first_audio"] = self._leave("tts")
                            first = False
                        self._audio.put(Spoken(audio, written if n == 0 else ""))

    def _since_start(self) -> float:
        return round((self._clock() - self.t_started) * 1000.0, 1)

    def _show_source(self, answer: Any) -> None:
        sources = getattr(answer, "sources", None) or []
        if sources and not getattr(answer, "declined", False):
            self._body.source(f"Source : {sources[0].title}")
        elif getattr(answer, "reason", "") in (NOT_UNDERSTOOD, CONFIRM):
            # What it heard, on the display: the visitor sees what to say differently.
            self._body.source(f"J'ai entendu : « {answer.question} »")

    # --- player: queue -> speaker ------------------------------------------------------
    def _play(self) -> None:
        spoken: list[str] = []
        interrupted = False
        started = False
        while True:
            item = self._audio.get()
            if item is _END or self.cancelled.is_set():
                interrupted = interrupted or self.cancelled.is_set()
                break
            if isinstance(item, StageFailed):
                self._post(item)
                return
            audio: SpeechAudio = item.audio
            written: str = item.written
            if written:
                self._body.subtitle(written, audio.duration_s)
            stop_mouth = self._body.lipsync(audio.samples, audio.sample_rate)
            self._in_play.set()
            if not started:
                started = True
                self.timings_ms["first_audio"] = self._since_start()
                self._post(AnswerStarted(self.turn, self._clock()))
            if written:
                self._post(SentenceSpoken(self.turn, written))
            try:
                done = self._speaker.play(audio.samples, audio.sample_rate)
            except Exception as exc:
                self._post(StageFailed(self.turn, "audio", describe(exc)))
                return
            finally:
                self._in_play.clear()
                stop_mouth()
            if written:
                spoken.append(written)
            if not done:
                interrupted = True
                break
        self._post(SpeakingDone(self.turn, interrupted, " ".join(spoken), self.answer,
                                dict(self.timings_ms), self._speaker.audible_for()))


class _nolock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def sentences_of(text: str) -> Source:
    """A fixed text as a reply source (greetings, apologies, repeats)."""
    return lambda: [text]


def answer_source(answerer: Answering, question: str, session_id: str | None,
                  stt_confidence: float | None = None) -> Source:
    """The Answerer's stream as a reply source: sentence texts, then the final Answer."""

    def run() -> Iterator[Any]:
        stream = answerer.stream(question, session_id, stt_confidence)
        try:
            for event in stream:
                match event:
                    case SentenceEvent(text=text):
                        yield text
                    case FinalEvent(answer=answer):
                        yield answer
        finally:
            stream.close()  # stops the model now, not when the generator is collected

    return run

