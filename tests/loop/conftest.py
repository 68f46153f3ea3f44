"""The live robot's fixtures: real models loaded once for the session (about a minute
with the index), a simulated head on a pty, a WAV microphone and a recording speaker."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from livelib import Live, head_ready

from robot import rig
from robot.config import Settings
from robot.context import Context
from robot.states import allowed
from robot.wiring import Engines, Robot, assemble, load_engines
from speech.mic_wav import WavMicrophone


@pytest.fixture(scope="session")
def ctx(tmp_path_factory: pytest.TempPathFactory,
        copy_sample_data: Callable[[Path], Path]) -> Context:
    root = copy_sample_data(tmp_path_factory.mktemp("loop-data"))
    c = Context.build(Settings(), None, root)
    rig.ensure_index(c)
    # A shared CI box can stall Whisper for seconds: stage timeouts are tested with fakes
    # (test_loop_states); here they must not turn a slow moment into an apology.
    return rig.with_settings(c, dialogue={"timeouts_s": {"stt": 60.0, "retrieval": 30.0,
                                                         "llm": 60.0, "tts": 30.0}})


@pytest.fixture(scope="session")
def engines(ctx: Context) -> Engines:
    loaded = load_engines(ctx)
    # The repair vocabulary is built in the background at start-up: every test's turns
    # get the same one, whichever test runs first.
    settle = getattr(getattr(loaded.answerer, "repairer", None), "settle", None)
    if settle is not None:
        settle(60)
    return loaded


@pytest.fixture(scope="session")
def voice() -> Callable[[str], np.ndarray]:
    cache: dict[str, np.ndarray] = {}

    def say(text: str) -> np.ndarray:
        if text not in cache:
            cache[text] = rig.visitor_speech(text)
        return cache[text]

    return say


@pytest.fixture
def live_factory(ctx: Context, engines: Engines) -> Iterator[Callable[..., Live]]:
    made: list[tuple[Robot, Any, Any]] = []
    lives: list[Live] = []

    def make(*, realtime_speaker: bool = False, echo: float = 0.0, mic: Any = None,
             engines_: Engines | None = None) -> Live:
        sim, head, c = rig.start_simulated_head(ctx)
        speaker = rig.timed_speaker(realtime=realtime_speaker)
        wav = WavMicrophone(realtime=True)
        listener: list[Any] = []

        def notify(up: bool) -> None:  # the listener exists only once assembled
            if listener:
                listener[0].mic_changed(up)

        microphone = mic(wav, notify) if mic else rig.EchoMicrophone(wav, speaker, gain=echo)
        robot = assemble(c, engines_ or engines, microphone, speaker, head)
        listener.append(robot.listener)
        live = Live(robot, sim, wav, speaker)
        robot.start()
        assert head_ready(sim)
        made.append((robot, head, sim))
        lives.append(live)
        return live

    yield make
    for robot, head, sim in made:
        robot.stop("test over")
        head.close()
        sim.stop()
    for live in lives:  # every transition taken is one the state diagram declares
        assert all(allowed(a, b) for a, b in live.transitions), live.transitions
