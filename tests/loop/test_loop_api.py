"""`robot run` with the API on: the live voice loop and HTTP clients answered by one
process and one model at once, the visitor at the robot first.

The whole robot as in test_loop_live (WAV microphone, simulated head on a pty, real
models), with the API served beside it exactly as `robot run` does (serve_beside_loop).
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from api_testlib import Paused, free_port, wait_until, with_api

from robot import compose, rig
from robot.api.cli import serve_beside_loop
from robot.api.gate import API, VOICE, GatedModel
from robot.context import Context
from robot.intents import parse
from robot.states import State
from robot.wiring import Engines

pytestmark = pytest.mark.slow
API_QUESTION = "Comment s'inscrire sur les listes électorales ?"
VISITOR = "Bonjour robot, comment faire une carte d'identité ?"


@pytest.fixture(scope="module")
def phrasing(ctx: Context) -> Any:
    """An Answerer whose model phrases (llm.mode generate): the one model both share."""
    return compose.answerer(rig.with_settings(ctx, llm={"mode": "generate"}))


@contextmanager
def beside_loop(ctx: Context, engines: Engines, answerer: Any, live_factory: Any,
                **api: Any) -> Iterator[tuple[str, Any]]:
    """`robot run` with the API on, as `serve_beside_loop` serves it: (its URL, the live
    robot answering with ``answerer``, which the API shares)."""
    port = free_port()
    server = serve_beside_loop(with_api(ctx, enabled=True, port=port, **api), answerer)
    try:
        wait_until(lambda: server.started, "uvicorn to start", 20)
        live = live_factory(engines_=dataclasses.replace(engines, answerer=answerer))
        live.engage()
        yield f"http://127.0.0.1:{port}", live
    finally:
        server.stop()


def test_a_visitor_stops_an_api_answer_and_both_are_answered(
        ctx: Context, engines: Engines, live_factory: Any, voice: Any, phrasing: Any) -> None:
    answerer = copy.copy(phrasing)  # the module's Answerer stays ungated
    paused = Paused(answerer.model)  # the API's generation holds after its first piece
    answerer.model = paused
    api_result: dict[str, Any] = {}
    with beside_loop(ctx, engines, answerer, live_factory, llm_wait_s=0.2) as (url, live):
        voice_model = answerer.model
        assert isinstance(voice_model, GatedModel) and voice_model.who == VOICE
        asking = threading.Thread(target=lambda: api_result.update(httpx.post(
            f"{url}/v1/ask", json={"question": API_QUESTION}, timeout=120).json()))
        try:
            asking.start()
            assert paused.started.wait(120), "the API question never reached the model"
            assert voice_model.gate.holder == API
            # The visitor asks while the API's answer holds the model.
            live.say(voice(VISITOR))
            live.wait(lambda: voice_model.gate.voice_waiting, 120)
            paused.go_on.set()  # the API's next token meets the waiting visitor and yields
            asking.join(120)
            live.settled(2, 120)
        finally:
            paused.go_on.set()
    turn = live.turns[1]
    assert turn["kind"] == "answer" and not turn["declined"] and turn["sources"], \
        live.explain()
    assert live.state in (State.IDLE, State.SLEEPING)
    # The API was not dropped: its answer was read from its sources, and says so.
    assert api_result["timings_ms"]["mode"] == "extractive_busy", api_result
    assert not api_result["declined"] and api_result["sources"], api_result
    assert voice_model.gate.holder is None


def test_the_api_answers_what_the_robot_said(
        ctx: Context, engines: Engines, live_factory: Any, voice: Any, phrasing: Any) -> None:
    """One brain for every channel: the question the robot heard, asked over HTTP, gets
    the robot's answer and sources (each in a fresh session). What the robot answered is
    the utterance without its wake phrase (« Bonjour robot, … »): that is what is asked."""
    answerer = copy.copy(phrasing)
    with beside_loop(ctx, engines, answerer, live_factory) as (url, live):
        live.say(voice(VISITOR))
        live.settled(2, 120)
        turn = live.turns[1]
        assert turn["kind"] == "answer" and not turn["declined"], live.explain()
        question = parse(turn["heard"], ctx.settings.dialogue.wake_phrases).question
        r = httpx.post(f"{url}/v1/ask", json={"question": question}, timeout=120).json()
    assert r["timings_ms"]["mode"] == "generate"
    assert [s["title"] for s in r["sources"]] == turn["sources"]
    assert r["answer"] == turn["reply"], (r["answer"], turn["reply"])
