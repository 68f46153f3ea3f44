"""The API over the real Answerer: the answer contract, the SSE order, search, refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest
from api_testlib import TOKEN
from starlette.testclient import TestClient

from rag.contract import TIMING_KEYS, answer_to_json
from rag.types import Answer

pytestmark = pytest.mark.slow
PRICE = "Combien coûte une entrée adulte à la piscine ?"
ELECTIONS = "Comment s'inscrire sur les listes électorales ?"


def sse_events(client: TestClient, body: dict[str, Any]) -> list[tuple[str, Any]]:
    """(event, data) in the order they came over the wire."""
    events = []
    with client.stream("POST", "/v1/ask/stream", json=body) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        event = ""
        for line in r.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                events.append((event, json.loads(line[6:])))
    return events


def test_ask_gives_the_robot_ask_json_contract(client: TestClient) -> None:
    r = client.post("/v1/ask", json={"question": PRICE, "id": 7})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == set(answer_to_json(Answer(question="q", text="t")))
    assert body["id"] == 7 and body["question"] == PRICE and not body["declined"]
    assert "4,20 €" in body["answer"]
    assert body["sources"][0] == {"file": "piscine-municipale.html",
                                  "title": "Piscine municipale : horaires et tarifs 2026",
                                  "page": None}
    assert set(TIMING_KEYS) <= set(body["timings_ms"])
    assert body["timings_ms"]["mode"] == "generate"


def test_stream_names_the_source_then_each_sentence_then_the_answer(
        client: TestClient) -> None:
    events = sse_events(client, {"question": ELECTIONS})
    kinds = [e for e, _ in events]
    assert kinds[0] == "source" and kinds[-1] == "final"
    assert set(kinds[1:-1]) == {"sentence"} and len(kinds) >= 3
    source, final = events[0][1], events[-1][1]
    assert source["text"].startswith("D'après le document « Citoyenneté")
    said = [d["text"] for e, d in events if e in ("source", "sentence")]
    assert final["answer"] == " ".join(said)  # the stream says exactly the answer
    assert final["sources"][0]["file"] == "faq-citoyennete.md"
    # The passage names service-public.fr: its link and a QR code drawn locally.
    assert final["link"]["url"] == "https://service-public.fr"
    assert final["link"]["qr_svg"].startswith("data:image/svg+xml")
    assert set(final) - {"link"} == set(answer_to_json(Answer(question="q", text="t")))


def test_a_declined_question_streams_a_null_source_first(client: TestClient) -> None:
    events = sse_events(client, {"question": "Quelle est la capitale de l'Australie ?"})
    assert events[0] == ("source", None) and events[-1][0] == "final"
    final = events[-1][1]
    assert final["declined"] and final["sources"] == [] and final["link"] is None


def test_a_follow_up_in_the_same_session_keeps_the_topic(client: TestClient) -> None:
    client.post("/v1/ask", json={"question": PRICE, "session_id": "visitor-1"})
    follow = client.post("/v1/ask", json={"question": "Et pour un enfant ?",
                                          "session_id": "visitor-1"}).json()
    assert not follow["declined"]
    assert follow["sources"][0]["file"] == "piscine-municipale.html"
    # Another session (or none) has no topic to hang « et pour un enfant » on.
    alone = client.post("/v1/ask", json={"question": "Et pour un enfant ?",
                                         "session_id": "visitor-2"}).json()
    assert alone["declined"] and alone["reason"] == "not_found"


def test_search_gives_exact_sources_and_flags_the_old_version(client: TestClient) -> None:
    r = client.get("/v1/search", params={"q": "tarif enfant piscine", "k": 8})
    assert r.status_code == 200
    passages = r.json()["passages"]
    assert passages and set(passages[0]) == {"id", "file", "title", "section", "page", "date",
                                             "superseded", "score", "dense", "lexical", "text",
                                             "content_hash", "extra"}
    current = [p for p in passages if p["file"] == "piscine-municipale.html"]
    old = [p for p in passages if p["file"] == "tarifs-piscine-2025.pdf"]
    assert current and not any(p["superseded"] for p in current)
    assert old and all(p["superseded"] and p["page"] == 1 for p in old)
    assert current[0]["date"] == "2026-01-05"


def test_status_documents_unanswered_and_health(client: TestClient) -> None:
    client.post("/v1/ask", json={"question": "Où se trouve le terrain de golf ?"})
    assert client.get("/healthz").json() == {"ok": True}
    status = client.get("/v1/status").json()
    assert status["index"]["version"] == 1 and status["index"]["documents"] == 4
    assert status["llm"]["mode"] == "generate"
    docs = client.get("/v1/documents").json()
    assert {d["file"] for d in docs["documents"]} >= {"faq-citoyennete.md"}
    report = client.get("/v1/unanswered").json()
    assert any("golf" in g["question"] for g in report["questions"])


BAD = [
    # (method, path, request kwargs, status, code)
    ("POST", "/v1/ask", {"content": b'{"question": '}, 400, "bad_json"),
    ("POST", "/v1/ask", {"content": b'["question"]'}, 400, "bad_json"),
    ("POST", "/v1/ask", {"json": {}}, 422, "missing_field"),
    ("POST", "/v1/ask", {"json": {"question": 42}}, 422, "wrong_type"),
    ("POST", "/v1/ask", {"json": {"question": "   "}}, 422, "empty_question"),
    ("POST", "/v1/ask", {"json": {"question": "x" * 501}}, 422, "too_long"),
    ("POST", "/v1/ask", {"json": {"question": "a", "session_id": "../etc"}}, 422,
     "bad_session_id"),
    ("POST", "/v1/ask", {"json": {"question": "a", "session_id": 3}}, 422, "wrong_type"),
    ("POST", "/v1/ask", {"json": {"question": "a", "session": "s"}}, 422, "unknown_field"),
    ("POST", "/v1/ask/stream", {"json": {"question": None}}, 422, "wrong_type"),
    ("POST", "/v1/ask", {"content": b"x" * 5000}, 413, "too_large"),
    ("GET", "/v1/search", {}, 422, "missing_field"),
    ("GET", "/v1/search", {"params": {"q": "piscine", "k": "beaucoup"}}, 422, "wrong_type"),
    ("GET", "/v1/search", {"params": {"q": "piscine", "k": "99"}}, 422, "out_of_range"),
    ("GET", "/v1/nowhere", {}, 404, "not_found"),
    ("GET", "/v1/ask", {}, 405, "method_not_allowed"),
    ("DELETE", "/v1/status", {}, 405, "method_not_allowed"),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "code"), BAD,
                         ids=[f"{b[3]}-{b[4]}-{i}" for i, b in enumerate(BAD)])
def test_every_bad_request_gets_a_json_error(client: TestClient, method: str, path: str,
                                             kwargs: dict[str, Any], status: int,
                                             code: str) -> None:
    r = client.request(method, path, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    error = r.json()["error"]
    assert error["code"] == code and error["message"] and "Traceback" not in r.text


def test_a_chunked_body_over_the_limit_is_refused(client: TestClient) -> None:
    def chunks():  # no Content-Length: the size is counted as it arrives
        for _ in range(10):
            yield b'{"question": "' + b"a" * 1000

    r = client.post("/v1/ask", content=chunks())
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_the_token_is_required_when_set(make_client) -> None:
    c = make_client(token=TOKEN)
    r = c.post("/v1/ask", json={"question": PRICE})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    wrong = c.get("/v1/status", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert c.get("/v1/status", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    # The staff page asks the browser for the token (as a password); the kiosk is public.
    staff = c.get("/staff")
    assert staff.status_code == 401 and staff.headers["www-authenticate"].startswith("Basic")
    assert c.get("/staff", auth=("agent", TOKEN)).status_code == 200
    assert c.get("/").status_code == 200 and c.get("/healthz").status_code == 200


def test_too_many_requests_from_one_client_are_slowed(make_client) -> None:
    c = make_client(clock=lambda: 1000.0, rate_per_minute=3)  # a clock that never moves
    for _ in range(3):
        assert c.get("/v1/status").status_code == 200
    r = c.get("/v1/status")
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert int(r.headers["retry-after"]) == 20
    assert c.get("/healthz").status_code == 200  # health checks are never limited


def test_the_staff_page_shows_sources_documents_and_gaps(client: TestClient) -> None:
    client.post("/v1/ask", json={"question": "Où se trouve le terrain de golf ?"})
    page = client.get("/staff", params={"q": "tarif enfant piscine"}).text
    assert '<html lang="fr">' in page and '<label for="q">' in page
    assert "tarifs-piscine-2025.pdf" in page and "ancienne version" in page
    assert "Index version 1" in page and "faq-citoyennete.md" in page
    assert "terrain de golf" in page


def test_the_kiosk_page_lists_the_documents_subjects_and_the_desk(
        client: TestClient) -> None:
    page = client.get("/").text
    assert '<html lang="fr">' in page and 'aria-live="polite"' in page
    assert 'data-question="Piscine municipale"' in page
    assert "02 47 00 00 00" in page and "http" not in page.split("<body>")[1]
    css = client.get("/assets/robot.css")
    assert css.status_code == 200 and "px" not in css.text.replace("0px", "")
