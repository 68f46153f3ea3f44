"""`robot bench [speech|rag|head]`: benchmarks that print figures (never timed tests)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

from robot.context import Context

# name -> "module:function(args, ctx) -> int"; imported only when run.
BENCHES = {
    "loop": "robot.bench:bench_loop",
    "speech": "speech.bench:bench_speech",
    "rag": "rag.bench:bench_rag",
    "head": "hardware.bench:bench_head",
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
    p = sub.add_parser("bench", help="benchmarks: loop (default), speech, rag, head")
    p.set_defaults(handler=_runner(BENCHES["loop"]))
    s = p.add_subparsers(dest="bench_command", metavar="WHAT")
    for name, target in BENCHES.items():
        b = s.add_parser(name, help=f"{name} benchmark")
        b.add_argument("--repeat", type=int, default=3, help="runs per measure")
        b.set_defaults(handler=_runner(target))
