"""`robot bench [speech|rag|head|soak|api]`: benchmarks that print figures (never timed tests)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from robot.context import Context

# name -> "module:function(args, ctx) -> int"; imported only when run.
BENCHES = {
    "loop": "robot.bench:bench_loop",
    "speech": "robot.bench_speech:bench_speech",
    "rag": "robot.bench_rag:bench_rag",
    "head": "robot.bench_head:bench_head",
    "soak": "robot.soak:bench_soak",
    "api": "robot.bench_api:bench_api",
}
# Options a bench takes besides --repeat.
OPTIONS: dict[str, list[tuple[str, dict[str, object]]]] = {
    "api": [
        ("--url", {"help": "the API to load (default: api.host and api.port)"}),
        ("--clients", {"default": "1,4", "help": "concurrent clients, e.g. 1,4,16"}),
        ("--voice", {"action": "store_true", "help": "again, while this robot's own "
                     "Answerer answers in a loop (a visitor holding the model)"}),
    ],
    "rag": [
        ("--pages", {"type": int, "default": 0, "metavar": "N",
                     "help": "also index a synthetic N-page PLU and say where the time goes"}),
    ],
    "soak": [
        ("--turns", {"type": int, "default": 1000, "help": "spoken turns (default 1000)"}),
        ("--corpus", {"metavar": "DIR", "help": "documents to serve (default: the sample "
                                                "commune)"}),
        ("--trace-memory", {"action": "store_true", "help": "trace Python allocations "
                            "(numpy's too) from turn 100 and print the lines that grew most; "
                            "the tracing costs memory itself, so RSS figures are off"}),
    ],
}


def _runner(target: str) -> Callable[[argparse.Namespace, Context], int]:
    def run(args: argparse.Namespace, ctx: Context) -> int:
        module, func = target.split(":")
        handler: Callable[[argparse.Namespace, Context], int] = getattr(
            importlib.import_module(module), func
        )
        return handler(args, ctx)

    return run


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="benchmarks: loop (default), speech, rag, head, soak, api")
    p.set_defaults(handler=_runner(BENCHES["loop"]))
    s = p.add_subparsers(dest="bench_command", metavar="WHAT")
    for name, target in BENCHES.items():
        b = s.add_parser(name, help=f"{name} benchmark")
        b.add_argument("--repeat", type=int, default=3, help="runs per measure")
        for flag, kwargs in OPTIONS.get(name, []):
            b.add_argument(flag, **kwargs)
        b.set_defaults(handler=_runner(target))
