"""The answering LLM: llama.cpp in process, or an OpenAI-compatible server for a fleet."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.settings import LlmSettings
from robot.core.errors import LlmError

log = logging.getLogger(__name__)

_REINSTALL = (
    'reinstall it without native CPU detection: CMAKE_ARGS="-DGGML_NATIVE=OFF '
    '-DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON" .venv/bin/pip install --no-cache-dir '
    "--force-reinstall llama-cpp-python==0.3.36"
)


def amx_risk(system_info: str, cpuinfo: str) -> bool:
    """True when llama.cpp was built with AMX kernels and this CPU advertises AMX.

    On VMs that advertise AMX without allowing it, the first decode segfaults in
    ggml_backend_amx_mul_mat: a crash we must refuse up front, not discover live.
    """
    built_with_amx = re.search(r"\bAMX\w*\s*=\s*1", system_info) is not None
    flags = set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags.update(line.split(":", 1)[-1].split())
    return built_with_amx and any(f.startswith("amx") for f in flags)


def _check_amx() -> None:
    import llama_cpp

    info = llama_cpp.llama_print_system_info()
    text = info.decode("utf-8", "replace") if isinstance(info, bytes) else str(info)
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return  # not Linux x86: no AMX there
    # llama-cpp-python 0.3.36's Llama() does not pass `use_extra_bufts` through (its
    # **kwargs are ignored), so rebuilding is the only safe fix on such a machine.
    if amx_risk(text, cpuinfo):
        raise LlmError(
            "llama-cpp-python was built with AMX kernels and this CPU advertises AMX: "
            "the first answer would crash (segfault in ggml_backend_amx_mul_mat)",
            hint=_REINSTALL,
        )


class LlamaCppModel:
    """A GGUF chat model run by llama-cpp-python, streamed piece by piece."""

    def __init__(self, llama: Any, settings: LlmSettings) -> None:
        self._llama = llama
        self._settings = settings

    @classmethod
    def load(cls, path: Path, settings: LlmSettings) -> LlamaCppModel:
        if not path.exists():
            raise LlmError(f"LLM model file not found: {path}",
                           hint="run `robot models install`")
        try:
            import llama_cpp
        except ImportError as exc:
            raise LlmError(f"llama-cpp-python is not installed: {exc}",
                           hint=_REINSTALL) from None
        _check_amx()
        try:
            llama = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=settings.context_tokens,
                n_threads=settings.threads,
                n_threads_batch=settings.threads,
                seed=settings.seed,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise LlmError(f"cannot load LLM {path.name}: {exc}") from None
        log.info("LLM loaded: %s (%d threads, %d ctx)", path.name, settings.threads,
                 settings.context_tokens)
        return cls(llama, settings)

    def stream(
        self, messages: list[dict[str, str]], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        s = self._settings
        try:
            chunks = self._llama.create_chat_completion(
                messages=messages, max_tokens=max_tokens, temperature=s.temperature,
                top_p=0.9, repeat_penalty=1.1, stop=stop or [], stream=True, seed=s.seed,
            )
        except (ValueError, RuntimeError) as exc:
            raise LlmError(f"LLM failed: {exc}") from None
        try:
            for chunk in chunks:
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield piece
        except (ValueError, RuntimeError) as exc:
            raise LlmError(f"LLM failed while answering: {exc}") from None
        finally:
            chunks.close()  # stop decoding now if the caller stopped listening


class OpenAICompatModel:
    """A llama.cpp server (or any OpenAI-style endpoint) streamed over SSE, stdlib only."""

    def __init__(self, settings: LlmSettings) -> None:
        self._settings = settings
        self._url = settings.url.rstrip("/") + "/chat/completions"

    def stream(
        self, messages: list[dict[str, str]], max_tokens: int, stop: list[str] | None = None
    ) -> Iterator[str]:
        s = self._settings
        body = {
            "model": s.model, "messages": messages, "max_tokens": max_tokens,
            "temperature": s.temperature, "top_p": 0.9, "repeat_penalty": 1.1,
            "stream": True, "seed": s.seed,  # the sampling LlamaCppModel uses
            "cache_prompt": True,  # llama.cpp server: reuse the system prompt's KV
        }
        if stop:
            body["stop"] = stop
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if s.token:
            headers["Authorization"] = f"Bearer {s.token}"
        request = urllib.request.Request(
            self._url, data=json.dumps(body).encode("utf-8"), method="POST", headers=headers)
        try:
            response = urllib.request.urlopen(request, timeout=s.timeout_s)
        except urllib.error.HTTPError as exc:
            hint = "set llm.token to the server's model_server.token" if exc.code == 401 \
                else "see the model server's log"
            raise LlmError(f"LLM server {s.url} refused the request ({exc.code} "
                           f"{exc.reason})", hint=hint) from None
        except (urllib.error.URLError, OSError) as exc:
            raise LlmError(f"LLM server {s.url} unreachable: {exc}",
                           hint="check llm.url and that the server is running") from None
        with response:
            try:
                yield from _sse_pieces(response)
            except (OSError, ValueError) as exc:
                raise LlmError(f"LLM server stream broken: {exc}") from None


def _sse_pieces(lines: Any) -> Iterator[str]:
    """Content pieces from an OpenAI-style server-sent event stream."""
    for raw in lines:
        line = raw.decode("utf-8").strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        event = json.loads(data)
        choices = event.get("choices") or [{}]
        piece = (choices[0].get("delta") or {}).get("content")
        if piece:
            yield piece


def server_models(settings: LlmSettings, timeout_s: float = 3.0) -> list[str]:
    """The models an OpenAI-compatible server offers (`GET /models`): is it up, and ours?"""
    headers = {"Authorization": f"Bearer {settings.token}"} if settings.token else {}
    request = urllib.request.Request(settings.url.rstrip("/") + "/models", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            data = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        hint = "set llm.token to the server's model_server.token" if exc.code == 401 else None
        raise LlmError(f"LLM server {settings.url} refused ({exc.code} {exc.reason})",
                       hint=hint) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise LlmError(f"LLM server {settings.url} does not answer ({exc})",
                       hint="check llm.url and that `robot serve-models` runs there") from None
    return [str(m.get("id")) for m in data.get("data") or [] if isinstance(m, dict)]
