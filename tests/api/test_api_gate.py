"""The one LLM shared by the voice loop and the API; and no API on a network unguarded."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from api_testlib import Paused, wait_until
from starlette.testclient import TestClient

from rag.answer import Answerer
from robot.api.app import build_app
from robot.api.gate import API, VOICE, LlmGate, SharedModel
from robot.api.server import check_exposure
from robot.api.service import Channel
from robot.cli import main
from robot.core.errors import ConfigError
from robot.settings import ApiSettings

ELECTIONS = "Comment s'inscrire sur les listes électorales ?"


def test_voice_waiters_pass_before_api_waiters() -> None:
    gate = LlmGate()
    assert gate.acquire(API)
    order: list[str] = []

    def take(who: str) -> None:
        gate.acquire(who)
        order.append(who)
        gate.release()

    api = threading.Thread(target=take, args=(API,))
    api.start()
    voice = threading.Thread(target=take, args=(VOICE,))
    voice.start()
    wait_until(lambda: gate.voice_waiting, "the voice turn to queue")
    gate.release()
    voice.join(10)
    api.join(10)
    assert order == [VOICE, API]
    assert gate.holder is None


@pytest.mark.slow
def test_an_api_question_meeting_a_busy_model_is_answered_from_the_sources(
        client: TestClient, channel: Channel) -> None:
    assert channel.shared is not None
    gate = channel.shared.gate
    assert gate.acquire(VOICE)  # a visitor's turn holds the model
    try:
        body = client.post("/v1/ask", json={"question": ELECTIONS}).json()
    finally:
        gate.release()
    assert body["timings_ms"]["mode"] == "extractive_busy"
    assert body["timings_ms"]["llm_first_token"] is None  # the model was never asked
    assert not body["declined"] and body["sources"][0]["file"] == "faq-citoyennete.md"
    assert "service-public.fr" in body["answer"]


@pytest.mark.slow
def test_a_visitor_turn_stops_an_api_generation_and_goes_first(
        api_ctx, answerer: Answerer) -> None:
    paused = Paused(answerer.model)
    shared = SharedModel(paused, api_wait_s=0.2)
    client = TestClient(build_app(Channel(api_ctx, answerer, shared)))
    result: dict[str, object] = {}
    asking = threading.Thread(target=lambda: result.update(
        client.post("/v1/ask", json={"question": ELECTIONS}).json()))
    asking.start()
    assert paused.started.wait(60), "the API question never reached the model"
    voice_got_it = threading.Event()

    def visitor() -> None:
        if shared.gate.acquire(VOICE):
            voice_got_it.set()
            shared.gate.release()

    turn = threading.Thread(target=visitor)
    turn.start()
    wait_until(lambda: shared.gate.voice_waiting, "the visitor's turn to queue")
    paused.go_on.set()  # the API generation's next token meets the waiting visitor
    turn.join(60)
    asking.join(60)
    assert voice_got_it.is_set()
    timings = result["timings_ms"]
    assert isinstance(timings, dict) and timings["mode"] == "extractive_busy"
    assert not result["declined"] and "service-public.fr" in str(result["answer"])
    assert shared.gate.holder is None


def test_a_network_address_without_a_token_is_refused() -> None:
    check_exposure(ApiSettings())  # 127.0.0.1: fine
    check_exposure(ApiSettings(host="::1"))
    check_exposure(ApiSettings(host="0.0.0.0", token="x" * 16))
    with pytest.raises(ConfigError, match=r"api\.token is required"):
        check_exposure(ApiSettings(host="0.0.0.0"))
    with pytest.raises(ConfigError):
        check_exposure(ApiSettings(host="robot.mairie.lan"))


@pytest.mark.parametrize("command", [["serve", "--host", "0.0.0.0"], ["run"]])
def test_serve_and_run_refuse_to_start_exposed_without_a_token(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "robot.yaml"
    config.write_text("api:\n  enabled: true\n  host: 192.168.1.20\n", encoding="utf-8")
    code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"), *command])
    assert code == 2
    err = capsys.readouterr().err
    assert "api.token is required" in err and "Traceback" not in err
    assert err.count("\n") <= 3  # one clear message and its hint
