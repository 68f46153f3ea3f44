"""Settings for the document index, retrieval and the answering LLM."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from robot.settings_base import Section


class IndexSettings(Section):
    backend: Literal["local", "http"] = "local"  # http = a shared Chroma server for a fleet
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    collection: str = "mairie"
    chunk_chars: int = Field(700, ge=200, le=4000)
    chunk_overlap_chars: int = Field(100, ge=0, le=1000)
    max_file_mb: float = Field(50.0, gt=0, le=2000)


class RetrievalSettings(Section):
    top_k: int = Field(4, ge=1, le=20)
    candidates: int = Field(20, ge=1, le=200)
    min_score: float = Field(0.0, ge=-1.0, le=1.0)
    max_context_chars: int = Field(1200, ge=200, le=8000)


class LlmSettings(Section):
    backend: Literal["local", "openai"] = "local"  # openai = a llama.cpp server for a fleet
    url: str = "http://127.0.0.1:8080/v1"
    threads: int = Field(2, ge=1, le=32)
    context_tokens: int = Field(2048, ge=512, le=32768)
    max_answer_tokens: int = Field(120, ge=16, le=1024)
    temperature: float = Field(0.1, ge=0.0, le=2.0)
    memory_turns: int = Field(3, ge=0, le=20)
