"""The one place the robot is assembled from the validated settings.

``load_engines`` loads the models once (in parallel: they are independent and mostly
native code) and warms them; ``assemble`` connects microphone, speaker and head to the
loop. `robot run`, `robot demo`, `robot bench`, `robot ask --wav` and the tests all
come through here, so they all run the same robot.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.types import Answering
from robot import compose
from robot.body import Body
from robot.context import Context
from robot.events import Event, HeadEvent, Shutdown
from robot.heap import heap_trimmer
from robot.listener import Listener
from robot.logs import TranscriptLog
from robot.loop import Conversation, Trace
from robot.status import StatusFile, UsbProgress
from robot.workers import Workers
from speech.protocols import Microphone, Speaker, SpeechToText, TextToSpeech

log = logging.getLogger(__name__)


@dataclass
class Engines:
    """The loaded models: built once per process, shared by every conversation."""

    stt: SpeechToText
    tts: TextToSpeech
    answerer: Answering  # rag.answer.Answerer, or any engine streaming its events
    load_s: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        model = getattr(getattr(self.answerer, "model", None), "name", None)
        return f"stt {self.stt.name}, tts {self.tts.name}" + (f", llm {model}" if model else "")


def index_titles(ctx: Context) -> list[str]:
    """The served documents' titles, shortened to their subject ("Piscine municipale")."""
    import re

    if ctx.settings.retrieval.backend == "remote":
        # A fleet robot's own index is empty: the titles are the server's.
        from rag.remote import RemoteRetriever

        docs = RemoteRetriever(ctx.settings.retrieval).get("/v1/documents", {})
        titles = [str(d.get("title") or "") for d in docs.get("documents") or []
                  if isinstance(d, dict)]
    else:
        store = compose.index_store(ctx)
        version = store.current_version()
        if version is None:
            return []
        titles = [f.title for f in store.gens.manifest(version).files.values()]
    short = (re.split(r" [-:(–] | - ", t)[0].strip() for t in titles if t)
    return list(dict.fromkeys(t for t in short if t))


def vocabulary_prompt(titles: list[str], wake_phrases: list[str]) -> str:
    """Whisper's initial prompt: the words visitors will use, so it spells them right.

    Measured on the espeak-ng visitor: the wake phrase, the document subjects and the
    two commands Whisper otherwise mangles ("Répète", "Au revoir") help; the whole
    command list makes it invent commands out of noise.
    """
    wake = wake_phrases[0][:1].upper() + wake_phrases[0][1:] if wake_phrases else ""
    topics = ". ".join(titles)
    return f"{wake}. {topics}. Répète. Au revoir."[:600]


def with_vocabulary(ctx: Context) -> Context:
    """Whisper hears the town hall's words better when told them: with no
    stt.vocabulary_prompt configured, build one from the served documents' titles."""
    if ctx.settings.stt.vocabulary_prompt:
        return ctx
    try:
        titles = index_titles(ctx)
    except Exception as exc:  # no index yet: the loop will say so when asked
        log.debug("no titles for the vocabulary prompt: %s", exc)
        return ctx
    if not titles:
        return ctx
    prompt = vocabulary_prompt(titles, ctx.settings.dialogue.wake_phrases)
    log.info("Whisper vocabulary prompt from %d document titles", len(titles))
    s = ctx.settings
    stt = s.stt.model_copy(update={"vocabulary_prompt": prompt})
    return dataclasses.replace(ctx, settings=s.model_copy(update={"stt": stt}))


def _timed(name: str, fn: Callable[[], Any], out: dict[str, float]) -> Any:
    t = time.perf_counter()
    value = fn()
    out[name] = round(time.perf_counter() - t, 2)
    return value


def load_engines(ctx: Context, *, warm: bool = True,
                 stt: SpeechToText | None = None, tts: TextToSpeech | None = None,
                 answerer: Any = None) -> Engines:
    """Load STT, TTS and the Answerer in parallel, then warm each so turn one is fast."""
    from speech.factory import build_stt, build_tts

    ctx = with_vocabulary(ctx)
    s, models_dir = ctx.settings, ctx.models_dir
    times: dict[str, float] = {}

    def open_answerer() -> Any:
        return compose.answerer(ctx)

    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="load") as pool:
        f_stt = pool.submit(_timed, "stt", lambda: stt or build_stt(s, models_dir), times)
        f_tts = pool.submit(_timed, "tts", lambda: tts or build_tts(s, models_dir), times)
        f_ans = pool.submit(_timed, "answerer", lambda: answerer or open_answerer(), times)
        engines = Engines(f_stt.result(), f_tts.result(), f_ans.result(), times)
    if warm:
        warm_up(engines)
    log.info("engines ready: %s (load %s)", engines.describe(), times)
    return engines


def warm_up(engines: Engines) -> None:
    """First calls are slow (allocations, KV cache of the system prompt): pay them now."""
    times = engines.load_s

    def voice() -> None:
        """The voice says a sentence, Whisper hears it: both decoders run for real."""
        from speech.resample import resample

        heard = np.zeros(16000, dtype=np.int16)
        for audio in engines.tts.synthesize("Bonjour, je vous écoute."):
            heard = resample(audio.samples, audio.sample_rate, 16000).astype(np.int16)
        times["warm_tts"] = round(time.perf_counter() - t0, 2)
        engines.stt.transcribe(np.concatenate((np.zeros(4800, np.int16), heard)))

    def answerer() -> None:
        warm = getattr(engines.answerer, "warm_up", None)
        if warm is not None:
            warm()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="warm") as pool:
        futures = [pool.submit(_timed, f"warm_{n}", f, times)
                   for n, f in (("voice", voice), ("answerer", answerer))]
        for f in futures:
            try:
                f.result()
            except Exception as exc:  # a warm-up failing is not fatal: the turn will say
                log.warning("warm-up failed: %s", exc)


class Tracer:
    """Fans the loop's trace out to whoever watches (transcript log, demo, tests)."""

    def __init__(self) -> None:
        self.sinks: list[Trace] = []

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        for sink in list(self.sinks):
            try:
                sink(kind, data)
            except Exception:
                log.exception("trace sink failed")


@dataclass
class Robot:
    """Everything running: the loop thread, the listener thread, the head pump."""

    conversation: Conversation
    listener: Listener
    workers: Workers
    body: Body
    head: Any
    mic: Microphone
    speaker: Speaker
    engines: Engines
    tracer: Tracer
    threads: list[threading.Thread] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Robot:
        loop = threading.Thread(target=self.conversation.run, name="loop", daemon=True)
        pump = threading.Thread(target=self._pump_head, name="head-events", daemon=True)
        self.threads = [loop, pump]
        loop.start()
        pump.start()
        self.listener.start()
        return self

    def post(self, event: Event) -> None:
        self.conversation.post(event)

    def _pump_head(self) -> None:
        if self.head is None:
            return
        try:
            events: queue.Queue[Any] = self.head.events()
        except Exception as exc:
            log.warning("head events unavailable: %s", exc)
            return
        while not self._stop.is_set():
            try:
                event = events.get(timeout=0.2)
            except queue.Empty:
                continue
            self.conversation.post(HeadEvent(event))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the loop thread ends (Shutdown); True if it did."""
        self.threads[0].join(timeout)
        return not self.threads[0].is_alive()

    def stop(self, reason: str = "stop") -> None:
        self._stop.set()
        self.listener.stop()
        self.conversation.post(Shutdown(reason))
        self.wait(5.0)
        for closer in (self.mic.close, self.speaker.close):
            try:
                closer()
            except Exception as exc:
                log.debug("closing: %s", exc)


def assemble(ctx: Context, engines: Engines, mic: Microphone, speaker: Speaker,
             head: Any, *, watchdog: Callable[[], None] = lambda: None,
             write_status: bool = True, log_transcripts: bool = True,
             clock: Callable[[], float] = time.monotonic) -> Robot:
    """Connect the engines, the audio devices and the head to one conversation loop."""
    s = ctx.settings
    body = Body(head, getattr(s.head, "lipsync", None))
    workers = Workers(engines.stt, engines.tts, engines.answerer, speaker, body,
                      dict(s.dialogue.timeouts_s), clock)
    tracer = Tracer()
    on_tick: list[Callable[[float], None]] = []
    on_status = None
    if write_status:
        ctx.data.ensure()
        status = StatusFile(ctx.data.state, {"profile": s.models.profile,
                                             "engines": engines.describe(),
                                             "load_s": engines.load_s},
                            index_version=_index_version(ctx, engines.answerer))
        on_status = status.write
        on_tick.append(UsbProgress(ctx.data.state, body.title))
    if (trim := heap_trimmer()) is not None:
        tracer.sinks.append(trim)
    if log_transcripts and (s.privacy.log_transcripts or s.privacy.store_audio):
        tracer.sinks.append(TranscriptLog(ctx.data.logs, s.privacy).start().trace)
    conversation = Conversation(workers, body, s.dialogue, s.accueil, clock=clock,
                                watchdog=watchdog, trace=tracer, on_status=on_status,
                                on_tick=on_tick)
    listener = Listener(mic, speaker, s.vad, s.dialogue, conversation.post, clock=clock)
    return Robot(conversation, listener, workers, body, head, mic, speaker, engines, tracer)


def _index_version(ctx: Context, answerer: Any) -> Callable[[], Any] | None:
    """The index version the answers come from, and what is wrong with the served one."""
    retriever = getattr(answerer, "retriever", None)
    if retriever is not None and hasattr(retriever, "problem"):
        def served() -> Any:
            problem = retriever.problem
            return f"{retriever.version} ({problem})" if problem else retriever.version

        return served
    try:
        store = compose.index_store(ctx)
    except Exception as exc:
        log.debug("index version unavailable: %s", exc)
        return None
    return store.current_version
