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
