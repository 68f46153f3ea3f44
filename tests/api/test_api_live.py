"""The API over real HTTP (uvicorn in a thread, as `robot run` serves it)."""

from __future__ import annotations

import copy
import json

import httpx
import pytest
from api_testlib import Paused, free_port, serve, wait_until, with_api

from rag.answer import Answerer
from robot.api.app import build_app
from robot.api.cli import serve_beside_loop
from robot.api.gate import VOICE, GatedModel, SharedModel
from robot.api.service import Channel
from robot.context import Context

pytestmark = pytest.mark.slow
ELECTIONS = "Comment s'inscrire sur les listes électorales ?"


def test_a_client_leaving_mid_answer_stops_the_model_at_once(
        api_ctx: Context, answerer: Answerer) -> None:
    paused = Paused(answerer.model)
    shared = SharedModel(paused, api_wait_s=0.2)
    channel = Channel(api_ctx, answerer, shared)
    server, url = serve(build_app(channel))
    try:
        with httpx.Client(base_url=url, timeout=60) as http:
            body = {"question": ELECTIONS, "session_id": "leaver"}
            with http.stream("POST", "/v1/ask/stream", json=body) as r:
                lines = r.iter_lines()  # held: a dropped iterator closes the connection
                first = next(line for line in lines if line.startswith("data: "))
                assert json.loads(first[6:])["text"].startswith("D'après")
                assert paused.started.wait(60), "the model never started"
                assert channel.left == 0
            # Gone after the source line, while the model writes: the server hears it
            # now, not at the next sentence, and the model stops at its next token.
            wait_until(lambda: channel.left == 1, "the server to see the client leave")
            paused.go_on.set()
            wait_until(lambda: channel.answering == 0, "the answer to be closed")
            assert shared.gate.holder is None
            assert answerer.memory.history("api:leaver") == []  # cut short, not finished
            again = http.post("/v1/ask", json={"question": ELECTIONS}).json()
        assert again["timings_ms"]["mode"] == "generate" and not again["declined"]
    finally:
        server.stop()


def test_robot_run_serves_the_api_with_its_model_behind_the_gate(
        api_ctx: Context, answerer: Answerer) -> None:
    """What `robot run` does with api.enabled, minus the sound card: the loop's own
    Answerer serves HTTP, and a voice turn holding its model sends the API to the sources."""
    loop_answerer = copy.copy(answerer)  # the session's Answerer stays as it was
    port = free_port()
    server = serve_beside_loop(with_api(api_ctx, enabled=True, port=port), loop_answerer)
    try:
        wait_until(lambda: server.started, "uvicorn to start", 20)
        voice_model = loop_answerer.model
        assert isinstance(voice_model, GatedModel) and voice_model.who == VOICE
        assert voice_model.gate.acquire(VOICE)  # the visitor's turn is generating
        try:
            r = httpx.post(f"http://127.0.0.1:{port}/v1/ask", json={"question": ELECTIONS},
                           timeout=60)
        finally:
            voice_model.gate.release()
        assert r.json()["timings_ms"]["mode"] == "extractive_busy"
    finally:
        server.stop()
