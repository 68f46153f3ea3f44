"""The `robot` command: global options, then one subcommand per area, wired in one place."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from robot import __version__
from robot.config import effective_yaml, load_config
from robot.context import Context
from robot.core.errors import RobotError

Handler = Callable[[argparse.Namespace, Context], int]
log = logging.getLogger("robot")

# Each area adds its own subcommands; imported lazily so `robot --help` stays fast.
AREAS = (
    "robot.cli_config",
    "robot.cli_models",
    "robot.cli_speech",
    "robot.cli_index",
    "robot.cli_ask",
    "robot.cli_usb",
    "robot.cli_head",
    "robot.cli_loop",
    "robot.cli_bench",
    "robot.api.cli",
    "robot.fleet",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="robot", description="Offline voice assistant for town-hall reception robots."
    )
    parser.add_argument("--version", action="version", version=f"robot {__version__}")
    parser.add_argument("--config", metavar="PATH", help="YAML configuration file")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, help="index, state and logs")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    import importlib

    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # area not built yet
                continue
            raise
        module.register(sub)
    return parser


def _setup_logging(level: str, verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else getattr(logging, level),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    # Nothing may reach a model hub, ever; chromadb pulls in huggingface_hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    # OpenMP threads that spin while idle steal the CPU from the other engines on 2-4 cores;
    # it must be set before the first OpenMP library loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # numpy's OpenBLAS would start a spinning thread per core for the small vectors of the
    # echo gate and retrieval, where one thread is faster; read when numpy loads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings, path = load_config(args.config)
        _setup_logging(settings.logging.level, args.verbose)
        ctx = Context.build(settings, path, args.data_dir)
        handler: Handler = args.handler
        return handler(args, ctx)
    except RobotError as exc:
        print(f"robot: error [{exc.code}]: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("robot: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `robot ... | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def config_show(args: argparse.Namespace, ctx: Context) -> int:
    print(f"# source: {ctx.config_path or 'built-in defaults'}")
    print(f"# data dir: {ctx.data.root}")
    print(f"# models dir: {ctx.models_dir}")
    print(effective_yaml(ctx.settings), end="")
    return 0
