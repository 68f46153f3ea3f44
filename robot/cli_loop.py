"""`robot run`, `robot demo`, `robot status`, `robot doctor`: the living loop as commands."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from robot.context import Context

log = logging.getLogger(__name__)


def throttled(fn: Callable[[], None], every_s: float) -> Callable[[], None]:
    """Call ``fn`` at most once per ``every_s`` (the loop ticks 4 times a second)."""
    last = [0.0]

    def call() -> None:
        now = time.monotonic()
        if now - last[0] >= every_s:
            last[0] = now
            fn()

    return call


def cmd_run(args: argparse.Namespace, ctx: Context) -> int:
    """The live robot: sound card, serial head, systemd notifications; Ctrl-C stops cleanly."""
    from hardware.head import build_head
    from robot.notify import Notifier
    from robot.wiring import assemble, load_engines
    from speech.mic_reopen import ReopeningMicrophone
    from speech.sounddev import SoundDeviceMicrophone, SoundDeviceSpeaker

    t0 = time.monotonic()
    if ctx.settings.api.enabled:
        from robot.api.server import check_exposure

        check_exposure(ctx.settings.api)  # before a minute of model loading, not after
    notifier = Notifier()
    notifier.status("loading models")
    ctx.data.ensure()
    audio = ctx.settings.audio
    engines = load_engines(ctx)
    api_server = None
    if ctx.settings.api.enabled:
        from robot.api.cli import serve_beside_loop

        api_server = serve_beside_loop(ctx, engines.answerer)
    listener_ref: list[Any] = []

    def mic_changed(up: bool) -> None:
        if listener_ref:
            listener_ref[0].mic_changed(up)

    mic = ReopeningMicrophone.from_settings(
        audio, lambda: SoundDeviceMicrophone.from_settings(audio), on_change=mic_changed)
    speaker = SoundDeviceSpeaker.from_settings(audio)
    head = build_head(ctx.settings.head)
    watchdog = throttled(notifier.watchdog, notifier.watchdog_interval_s or 5.0)
    robot = assemble(ctx, engines, mic, speaker, head, watchdog=watchdog)
    listener_ref.append(robot.listener)
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    robot.start()
    ready = time.monotonic() - t0
    log.info("robot ready in %.1f s (%s)", ready, engines.describe())
    notifier.ready(f"listening; ready in {ready:.1f} s")
    try:
        while not stop.is_set():
            if robot.wait(0.5):  # the loop ended by itself: let systemd restart us
                log.error("the conversation loop stopped")
                return 1
    finally:
        notifier.stopping()
        robot.stop("signal")
        if api_server is not None:
            api_server.stop()
        head.close()
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from robot.demo import cmd_demo as run

    return run(args, ctx)


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    from robot.status import format_status, read_status

    data = read_status(ctx.data.state)
    if args.json:
        print(json.dumps(data or {}, ensure_ascii=False, indent=1, default=str))
        return 0 if data else 1
    from robot.fleet import fleet_lines

    text, alive = format_status(data)
    print("\n".join([text, *fleet_lines(ctx)]))  # a fleet robot's servers, asked now
    return 0 if alive else 1


def cmd_doctor(args: argparse.Namespace, ctx: Context) -> int:
    from robot.doctor import format_checks, run_checks

    checks = run_checks(ctx)
    print(format_checks(checks))
    return 1 if any(c.level == "FAIL" for c in checks) else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="the live robot (microphone, speaker, head)")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser("demo", help="a scripted French conversation with the full robot")
    p.add_argument("--echo-gain", type=float, default=0.3,
                   help="how loud the robot hears its own voice (0 = not at all)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("status", help="what the running loop is doing (state, latency, head)")
    p.add_argument("--json", action="store_true", help="the raw status file")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("doctor", help="check audio, serial port, models, index, disk")
    p.set_defaults(handler=cmd_doctor)


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use the `robot` command")
