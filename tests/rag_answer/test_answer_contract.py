"""The JSON contract scripts rely on, the unanswered report, and the LLM backends' seams."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from answer_fakes import MemoryRetriever, ScriptedModel

from rag.answer import AnswerConfig, Answerer
from rag.contract import answer_to_json
from rag.guard import Desk
from rag.llm import OpenAICompatModel, amx_risk
from rag.settings import LlmSettings
from rag.types import Answer, Source
from rag.unanswered import UnansweredLog, format_report, group
from robot.cli import main
from robot.cli_ask import run_jsonl

CONTRACT = {"id", "question", "answer", "sources", "declined", "reason", "language",
            "timings_ms"}


def test_answer_to_json_has_exactly_the_contract_fields() -> None:
    ans = Answer("Q ?", "R.", [Source("a.pdf", "A", 2)], False, "fr", 0.8,
                 {"retrieval": 12.0, "llm_first_token": 300.0, "total": 900.0, "other": 1.0})
    out = answer_to_json(ans, id=7)
    assert set(out) == CONTRACT
    assert out["sources"] == [{"file": "a.pdf", "title": "A", "page": 2}]
    assert out["timings_ms"] == {"retrieval": 12.0, "llm_first_token": 300.0, "total": 900.0}
    # a later --wav adds fields, never overrides the contract
    extra = answer_to_json(ans, id=7, extra={"reply_wav": "r.wav", "answer": "x"})
    assert extra["reply_wav"] == "r.wav" and extra["answer"] == "R."


def test_stage_that_did_not_run_is_null() -> None:
    out = answer_to_json(Answer("Q", "Non.", declined=True, timings_ms={"total": 3.0},
                                reason="not_found"))
    assert out["timings_ms"] == {"retrieval": None, "llm_first_token": None, "total": 3.0}
    assert out["reason"] == "not_found"


def test_jsonl_answers_each_line_in_its_session(tmp_path: Path) -> None:
    answerer = Answerer(MemoryRetriever(), ScriptedModel("Le passeport coûte 42 € pour un mineur "
                                                         "de 15 à 17 ans."),
                        AnswerConfig(), Desk("l'accueil", "ici", "de 9 h à 17 h", "01"),
                        unanswered=UnansweredLog(tmp_path / "u.jsonl"))
    lines = [
        json.dumps({"id": 1, "question": "Combien coûte un passeport ?", "session": "s"}),
        "",
        json.dumps({"id": "b", "question": "et pour un mineur de 16 ans ?", "session": "s"}),
        "{not json",
        json.dumps({"id": 3}),
    ]
    out = io.StringIO()
    code = run_jsonl(answerer, lines, out)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == [1, "b", None, 3]
    assert set(rows[0]) == CONTRACT and set(rows[1]) == CONTRACT
    assert "42 €" in rows[1]["answer"]
    assert "error" in rows[2] and "error" in rows[3]
    assert code == 1


def test_jsonl_errors_name_their_line_and_the_rest_is_answered(tmp_path: Path) -> None:
    answerer = Answerer(MemoryRetriever(), ScriptedModel("La mairie ouvre à 8 h 30."),
                        AnswerConfig(), Desk("l'accueil", "ici", "de 9 h à 17 h", "01"),
                        unanswered=UnansweredLog(tmp_path / "u.jsonl"))
    lines = ['{"id": 1, "question": 42}', "", "{not json", '["a"]',
             '{"id": 4, "question": "   "}', '{"id": 5, "question": "Quand ouvre la mairie ?"}']
    out = io.StringIO()
    assert run_jsonl(answerer, lines, out) == 1
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r.get("line") for r in rows] == [1, 3, 4, 5, None]
    assert rows[0] == {"id": 1, "line": 1,
                       "error": "line 1: `question` must be a string, not a number"}
    assert rows[1]["error"].startswith("line 3: invalid JSON:")
    assert rows[2]["error"] == "line 4: not a JSON object with a `question`"
    assert rows[3]["error"] == "line 5: `question` is empty"
    assert set(rows[4]) == CONTRACT and rows[4]["id"] == 5


def test_an_empty_question_is_a_usage_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    for empty in ("", "   "):
        assert main(["--data-dir", str(tmp_path), "ask", empty]) == 2
        err = capsys.readouterr().err
        assert "robot: error [usage]: the question is empty" in err


def test_unanswered_report_groups_and_keeps_no_personal_data(tmp_path: Path) -> None:
    clock = iter([100.0, 200.0, 300.0, 400.0, 500.0])
    log = UnansweredLog(tmp_path / "state" / "u.jsonl", clock=lambda: next(clock))
    log.record("Bonjour, je m appelle Jean Dupont, où garer mon camping-car ?", "not_found", 0.1)
    log.record("Où garer mon camping-car ?", "not_found", 0.2)
    log.record("Mon numéro est 06 12 34 56 78, quand passe le bus ?", "low_confidence", 0.4)
    log.record("Espèce d'idiot", "abuse", 1.0)
    log.record("Où habite M. Martin ?", "personal_data", 1.0)
    raw = (tmp_path / "state" / "u.jsonl").read_text(encoding="utf-8")
    for secret in ("Dupont", "06 12", "idiot", "Martin"):
        assert secret not in raw
    groups, refused = group(log.read())
    assert groups[0].count == 2 and "camping-car" in groups[0].question
    assert groups[0].last_seen == 200.0
    assert refused == {"abuse": 1, "personal_data": 1}
    text = format_report(groups, refused)
    assert "camping-car" in text and "Dupont" not in text and "06 12" not in text


def test_amx_guard_only_when_both_build_and_cpu_have_it() -> None:
    amx_cpu = "processor: 0\nflags\t\t: fpu sse avx2 amx_bf16 amx_tile amx_int8\n"
    plain_cpu = "flags\t\t: fpu sse avx2\n"
    built = "CPU : AVX2 = 1 | AMX_INT8 = 1 | REPACK = 1 |"
    safe = "CPU : AVX2 = 1 | F16C = 1 | REPACK = 1 |"
    assert amx_risk(built, amx_cpu)
    assert not amx_risk(safe, amx_cpu)
    assert not amx_risk(built, plain_cpu)


class _Stub(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Stub.seen.append({"path": self.path, **body})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in ("La mairie ", "ouvre ", "à 8 h 30."):
            event = {"choices": [{"delta": {"content": piece}}]}
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_openai_compatible_server_streams_pieces(stub_server: str) -> None:
    model = OpenAICompatModel(LlmSettings(backend="openai", url=stub_server))
    messages = [{"role": "user", "content": "Horaires ?"}]
    pieces = list(model.stream(messages, max_tokens=20, stop=["\n"]))
    assert "".join(pieces) == "La mairie ouvre à 8 h 30."
    sent = _Stub.seen[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["stream"] is True
    assert sent["messages"] == messages and sent["max_tokens"] == 20 and sent["stop"] == ["\n"]


def test_openai_server_down_is_an_llm_error() -> None:
    from robot.core.errors import LlmError

    model = OpenAICompatModel(LlmSettings(backend="openai", url="http://127.0.0.1:9/v1",
                                          timeout_s=2))
    with pytest.raises(LlmError):
        list(model.stream([{"role": "user", "content": "x"}], max_tokens=5))


def test_prompt_leak_is_detected() -> None:
    from rag.eval import leaks_prompt
    from rag.prompt import SYSTEM_PROMPT

    rule = SYSTEM_PROMPT.splitlines()[3]
    assert leaks_prompt(f"Voici mes règles : {rule}")
    assert not leaks_prompt("Je ne peux pas faire cela.")
