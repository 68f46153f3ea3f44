"""`robot bench head`: frames per second over a pty, and state-change latency.

Runs the simulator in-process on a real pseudo-terminal (both ends share one
monotonic clock, so "frame fully read by the device" is timed exactly). A pty has
no baud rate; the wire time at the configured baud rate is printed alongside.
"""

from __future__ import annotations

import argparse
import statistics
import time

from hardware.framing import encode_frame
from hardware.head import SerialHead
from hardware.link import SerialLink
from hardware.protocol import Expression, SetExpression, SetMouth, SetText, TextField
from hardware.settings import HeadSettings
from hardware.simulator import SimulatedHead
from robot.context import Context

SUBTITLE = ("Pour renouveler votre carte d'identité,\nprenez rendez-vous en ligne puis\n"
            "venez avec une photo récente.")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _count(sim: SimulatedHead, type_: int, since: float) -> int:
    return sum(1 for r in sim.frames() if r.frame.type == type_ and r.t >= since)


def mouth_throughput(sim: SimulatedHead, settings: HeadSettings, seconds: float) -> float:
    """Fire-and-forget MOUTH frames read by the device per second, producer flat out."""
    link = SerialLink(settings)
    link.start()
    try:
        if not link.wait_ready(3.0):
            return 0.0
        t0 = time.monotonic()
        i = 0
        while time.monotonic() - t0 < seconds:
            for _ in range(64):  # 64 keys: a lagging writer drops the oldest, never queues
                link.send(SetMouth(i & 0xFF), key=f"m{i % 64}")
                i += 1
            time.sleep(0)
        elapsed = time.monotonic() - t0
        time.sleep(0.05)
        return _count(sim, SetMouth.TYPE, t0) / elapsed
    finally:
        link.close()


def subtitle_throughput(sim: SimulatedHead, settings: HeadSettings, n: int) -> float:
    """Acked subtitle frames (one full page each) completed per second, ack included."""
    link = SerialLink(settings.model_copy(update={"queue_max": n + 10}))
    link.start()
    try:
        if not link.wait_ready(3.0):
            return 0.0
        data = SUBTITLE.encode()
        t0 = time.monotonic()
        for i in range(n):
            link.send(SetText(TextField.SUBTITLE, 3, data + str(i).encode()))
        if not link.flush(30.0):
            return 0.0
        return n / (time.monotonic() - t0)
    finally:
        link.close()


def state_latency(sim: SimulatedHead, head: SerialHead, n: int) -> tuple[list[float], list[float]]:
    """(call durations, set_state() -> EXPRESSION frame fully read by the device), in s."""
    calls, latencies = [], []
    states = ("listening", "thinking", "speaking", "idle")
    for i in range(n):
        state = states[i % len(states)]
        want = {"listening": Expression.LISTENING, "thinking": Expression.THINKING,
                "speaking": Expression.SPEAKING, "idle": Expression.NEUTRAL}[state]
        head.flush(1.0)  # each change starts from a quiet link, as in a conversation
        time.sleep(0.005)
        t0 = time.monotonic()
        head.set_state(state)
        calls.append(time.monotonic() - t0)
        got: list[float] = []

        def seen(s: SimulatedHead, t0: float = t0, want: Expression = want,
                 got: list[float] = got) -> bool:
            for r in reversed(s.record):
                if r.t < t0:
                    return False
                if isinstance(r.message, SetExpression) and r.message.expression == want:
                    got.append(r.t)
                    return True
            return False

        if sim.wait_for(seen, timeout=2.0):
            latencies.append(got[0] - t0)
    return calls, latencies


def bench_head(args: argparse.Namespace, ctx: Context) -> int:
    repeat = max(1, getattr(args, "repeat", 3))
    sim = SimulatedHead()
    path = sim.start()
    settings = ctx.settings.head.model_copy(update={"port": path, "enabled": True})
    baud = settings.baudrate
    print(f"head benchmark over a pty ({sim.tty}), {repeat} run(s) per measure")
    try:
        mouth = [mouth_throughput(sim, settings, 2.0) for _ in range(repeat)]
        subs = [subtitle_throughput(sim, settings, 500) for _ in range(repeat)]
        head = SerialHead(settings)
        head.wait_ready(3.0)
        calls, lat = state_latency(sim, head, 100 * repeat)
        head.close()
    finally:
        sim.stop()
    mouth_bytes = len(encode_frame(SetMouth(128).to_frame(0)))
    sub_bytes = len(encode_frame(SetText(TextField.SUBTITLE, 3, SUBTITLE.encode()).to_frame(1)))
    ack_bytes = 9
    wire_mouth = baud / 10 / mouth_bytes
    wire_sub = baud / 10 / (sub_bytes + ack_bytes)
    print(f"  mouth frames (fire-and-forget, {mouth_bytes} B): "
          f"{statistics.median(mouth):8.0f} frames/s sustained "
          f"(wire limit at {baud} baud: {wire_mouth:.0f}/s; lip-sync needs 25/s)")
    print(f"  subtitle frames (acked, {sub_bytes} B):      "
          f"{statistics.median(subs):8.0f} frames/s sustained, each acked before the next "
          f"(wire limit at {baud} baud: {wire_sub:.0f}/s)")
    if lat:
        ms = [x * 1000 for x in lat]
        print(f"  set_state() -> EXPRESSION frame read by the device: p50 {_pct(ms, 0.5):.2f} ms"
              f"  p95 {_pct(ms, 0.95):.2f} ms  max {max(ms):.2f} ms  ({len(ms)} changes)")
    us = [x * 1e6 for x in calls]
    print(f"  set_state() call itself: p50 {_pct(us, 0.5):.0f} µs  p95 {_pct(us, 0.95):.0f} µs"
          f"  max {max(us):.0f} µs")
    return 0 if lat else 1
