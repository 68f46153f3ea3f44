"""`robot bench api`: a running `robot serve` under N concurrent clients (figures only).

Each client asks its own questions through `POST /v1/ask/stream` and times the first
answer sentence and the final answer; `--voice` runs the same again while this
machine's configured Answerer (a fleet robot's: the server's index and model) answers
spoken-style questions in a loop, the way a visitor's turn holds the one model.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from robot.context import Context

QUESTIONS = Path(__file__).resolve().parents[1] / "rag" / "corpus" / "questions.yaml"


@dataclass
class Timings:
    source: list[float] = field(default_factory=list)  # the line naming the source, s
    first: list[float] = field(default_factory=list)  # first answer sentence, s
    full: list[float] = field(default_factory=list)  # the final answer, s
    modes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def _questions() -> list[str]:
    items = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return [str(i["question"]) for i in items if i.get("kind") == "fact"]


def _p(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]:.2f}"


def _ask(http: Any, question: str, out: Timings, lock: threading.Lock) -> None:
    t0 = time.perf_counter()
    first = source = None
    try:
        with http.stream("POST", "/v1/ask/stream", json={"question": question}) as r:
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}: {r.read()[:200]!r}")
            event = ""
            for line in r.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "source" and source is None:
                    source = time.perf_counter() - t0
                elif line.startswith("data: ") and event == "sentence" and first is None:
                    first = time.perf_counter() - t0
                elif line.startswith("data: ") and event == "final":
                    mode = json.loads(line[6:])["timings_ms"].get("mode", "?")
                    with lock:
                        out.full.append(time.perf_counter() - t0)
                        out.modes[mode] += 1
                        if first is not None:
                            out.first.append(first)
                        if source is not None:
                            out.source.append(source)
    except Exception as exc:  # a bench reports failures, it does not stop on them
        with lock:
            out.errors.append(f"{type(exc).__name__}: {exc}")


def _load(url: str, token: str | None, clients: int, per_client: int,
          questions: list[str]) -> tuple[Timings, float]:
    import httpx

    out, lock = Timings(), threading.Lock()
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    def client(n: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=300) as http:
            for i in range(per_client):
                _ask(http, questions[(n * per_client + i) % len(questions)], out, lock)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out, time.perf_counter() - t0


class VoiceTurns:
    """This machine's Answerer answering in a loop: a visitor's turns, timed."""

    def __init__(self, ctx: Context, questions: list[str]) -> None:
        from robot import compose

        self.answerer = compose.answerer(ctx)
        self.questions = questions
        self.first: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def turn(self, i: int) -> None:
        from rag.types import SentenceEvent

        t0 = time.perf_counter()
        for event in self.answerer.stream(self.questions[-1 - i % len(self.questions)]):
            if isinstance(event, SentenceEvent) and event.index == 1:
                self.first.append(time.perf_counter() - t0)

    def _run(self) -> None:
        i = 0
        while not self.stop.is_set():
            self.turn(i)
            i += 1

    def report(self, label: str) -> None:
        med = statistics.median(self.first) if self.first else float("nan")
        print(f"  voice turns {label}: {len(self.first)}, first answer sentence "
              f"p50 {med:.2f} s p95 {_p(self.first, .95)} s")
        self.first.clear()


def bench_api(args: argparse.Namespace, ctx: Context) -> int:
    api = ctx.settings.api
    url = (args.url or f"http://{api.host}:{api.port}").rstrip("/")
    # A fleet robot benches its server: the token it searches with.
    token = ctx.settings.retrieval.token or api.token
    questions = _questions()
    runs = [False, True] if args.voice else [False]
    print(f"robot bench api: {url}, {args.repeat} question(s) per client")
    for voice in runs:
        turns = VoiceTurns(ctx, questions) if voice else None
        if turns is not None:
            for i in range(args.repeat * 2):
                turns.turn(i)
            turns.report("alone")
            turns.thread.start()
        for clients in [int(c) for c in args.clients.split(",")]:
            t, wall = _load(url, token, clients, args.repeat, questions)
            label = "with voice turns" if voice else "API alone"
            print(f"  {label:<17} {clients:>2} client(s): {len(t.full) / wall:.2f} answers/s; "
                  f"source line p50 {_p(t.source, .5)} s; "
                  f"first sentence p50 {_p(t.first, .5)} s p95 {_p(t.first, .95)} s; "
                  f"full answer p50 {_p(t.full, .5)} s p95 {_p(t.full, .95)} s; "
                  f"modes {dict(t.modes)}" + (f"; {len(t.errors)} errors: {t.errors[0]}"
                                              if t.errors else ""))
        if turns is not None:
            turns.stop.set()
            turns.thread.join()
            turns.report("meanwhile")
    return 0
