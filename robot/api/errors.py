"""Every refusal the API gives, as `{"error": {"code", "message"}}` with its HTTP status.

Request bodies are checked here, by pure functions, before anything reaches the
Answerer: a bad request gets one clear sentence naming the field, never a traceback.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

SESSION_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
ASK_FIELDS = ("question", "session_id", "id")
_KINDS = {bool: "true/false", int: "a number", float: "a number", list: "a list",
          dict: "an object", str: "a string", type(None): "null"}


class ApiError(Exception):
    """A request we refuse; `code` is stable for scripts, `message` is for people."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def to_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


# What Starlette raises for routing, by status (404 unknown route, 405 wrong method).
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}


@dataclass(frozen=True)
class AskRequest:
    question: str
    session_id: str | None = None
    id: Any = None  # echoed back, as `robot ask --jsonl` does


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), type(value).__name__)


def parse_ask(body: bytes, max_chars: int) -> AskRequest:
    """The question, session and id of a POST /v1/ask body, or the ApiError saying why not."""
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else None
    except UnicodeDecodeError:
        raise ApiError(400, "bad_json", "the body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, "bad_json",
                       f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
                       ) from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_json", 'send a JSON object: {"question": "..."}')
    unknown = sorted(set(data) - set(ASK_FIELDS))
    if unknown:
        raise ApiError(422, "unknown_field", f"unknown field `{unknown[0]}`: use "
                       + ", ".join(ASK_FIELDS))
    if "question" not in data:
        raise ApiError(422, "missing_field", "missing field `question`")
    question = data["question"]
    if not isinstance(question, str):  # 42 would be answered as the text "42"
        raise ApiError(422, "wrong_type", f"`question` must be a string, not {_kind(question)}")
    if not question.strip():
        raise ApiError(422, "empty_question", "`question` is empty")
    if len(question) > max_chars:
        raise ApiError(422, "too_long",
                       f"`question` has {len(question)} characters, at most {max_chars}")
    session = data.get("session_id")
    if session is not None and not isinstance(session, str):
        raise ApiError(422, "wrong_type", f"`session_id` must be a string, not {_kind(session)}")
    if session is not None and not SESSION_ID.fullmatch(session):
        raise ApiError(422, "bad_session_id",
                       "`session_id`: 1 to 64 letters, digits, '.', '_' or '-'")
    rid = data.get("id")
    if isinstance(rid, dict | list):
        raise ApiError(422, "wrong_type", "`id` must be a string or a number")
    return AskRequest(question, session, rid)


def query_text(params: dict[str, str], max_chars: int) -> str:
    """The `q` of GET /v1/search."""
    q = params.get("q")
    if q is None:
        raise ApiError(422, "missing_field", "missing query parameter `q`")
    if not q.strip():
        raise ApiError(422, "empty_question", "`q` is empty")
    if len(q) > max_chars:
        raise ApiError(422, "too_long", f"`q` has {len(q)} characters, at most {max_chars}")
    return q


def query_int(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(422, "wrong_type", f"`{name}` must be a whole number") from None
    if not low <= value <= high:
        raise ApiError(422, "out_of_range", f"`{name}` must be within {low}..{high}")
    return value
