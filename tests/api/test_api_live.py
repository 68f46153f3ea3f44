"""The API over real HTTP (uvicorn in a thread, as `robot run` serves it)."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from robot.api.service import Channel

pytestmark = pytest.mark.slow


def test_a_client_leaving_mid_answer_frees_the_model(live_url: str, channel: Channel) -> None:
    assert channel.shared is not None
    gate = channel.shared.gate
    body = {"question": "Comment s'inscrire sur les listes électorales ?"}
    with httpx.Client(base_url=live_url, timeout=60) as http:
        with http.stream("POST", "/v1/ask/stream", json=body) as r:
            assert r.status_code == 200
            first = next(line for line in r.iter_lines() if line.startswith("data: "))
            assert json.loads(first[6:])["text"].startswith("D'après")
        # Gone after the source line: the model is stopped and the gate given back.
        deadline = time.monotonic() + 60
        while gate.holder is not None:
            assert time.monotonic() < deadline, "the gate was never released"
            time.sleep(0.05)
        again = http.post("/v1/ask", json=body).json()
    assert again["timings_ms"]["mode"] == "generate" and not again["declined"]


def test_robot_run_serves_the_api_with_its_model_behind_the_gate(api_ctx, answerer) -> None:
    """What `robot run` does with api.enabled, minus the sound card: the loop's own
    Answerer serves HTTP, and a voice turn holding its model sends the API to the sources."""
    import copy

    from api_testlib import free_port, with_api

    from robot.api.cli import serve_beside_loop
    from robot.api.gate import VOICE, GatedModel

    loop_answerer = copy.copy(answerer)  # the session's Answerer stays as it was
    port = free_port()
    server = serve_beside_loop(with_api(api_ctx, enabled=True, port=port), loop_answerer)
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)
        voice_model = loop_answerer.model
        assert isinstance(voice_model, GatedModel) and voice_model.who == VOICE
        assert voice_model.gate.acquire(VOICE)  # the visitor's turn is generating
        try:
            body = httpx.post(f"http://127.0.0.1:{port}/v1/ask", timeout=60,
                              json={"question": "Comment s'inscrire sur les listes électorales ?"})
        finally:
            voice_model.gate.release()
        assert body.json()["timings_ms"]["mode"] == "extractive_busy"
    finally:
        server.stop()
