"""The simulator's live terminal view (plain ANSI, no curses) and its keyboard.

`render()` is pure (state in, lines out); `run_ui()` redraws and reads keys:
t touch, p presence approaching, l leaving, b button, u unplug/replug, f freeze, q quit.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import termios
import time
import tty
from collections.abc import Iterable
from typing import TextIO

from hardware.device import DeviceState
from hardware.events import Button, Presence, Touch
from hardware.protocol import Caps, Expression, LedMode, Message
from hardware.simulator import SimulatedHead

EYES = {
    Expression.NEUTRAL: ("o", "o", ""),
    Expression.LISTENING: ("O", "O", "  ((( listening )))"),
    Expression.THINKING: ("-", "o", "  ? . o O"),
    Expression.SPEAKING: ("o", "o", ""),
    Expression.HAPPY: ("^", "^", "  :-)"),
    Expression.SORRY: ("u", "u", "  ..."),
    Expression.SLEEPING: ("-", "-", "  z Z z"),
}
KEYS: dict[str, Message] = {
    "t": Touch(),
    "p": Presence(approaching=True, distance_cm=80),
    "l": Presence(approaching=False),
    "b": Button(),
}
HELP = "keys: t touch  p approach  l leave  b button  u unplug/replug  f freeze  q quit"


def _mouth(level: int) -> str:
    if level < 20:
        return " ----- "
    if level < 90:
        return " \\___/ "
    if level < 170:
        return " (___) "
    return " ( O ) "


def face(state: DeviceState) -> list[str]:
    """Five lines of face for the expression, eyes moved by the gaze, mouth by its level."""
    left, right, note = EYES.get(state.expression, ("o", "o", ""))
    shift = 1 if state.gaze[0] > 30 else -1 if state.gaze[0] < -30 else 0
    eyes = " " * (2 + shift) + f"{left}   {right}" + " " * (2 - shift)
    return [
        " .-------. ",
        f"|{eyes:^9}|{note}",
        f"|{'':^9}|",
        f"|{_mouth(state.mouth):^9}|",
        " '-------' ",
    ]


def led_block(state: DeviceState, color: bool) -> str:
    r, g, b = state.led
    swatch = f"\033[48;2;{r};{g};{b}m      \033[0m" if color else "[#]"
    mode = "" if state.led_mode == LedMode.STEADY else f" {state.led_mode.name.lower()}"
    return f"{swatch} rgb({r},{g},{b}){mode}"


def render(state: DeviceState, caps: Caps, *, path: str, plugged: bool,
           log: Iterable[str], color: bool = True) -> list[str]:
    """Everything worth seeing, as plain lines (ANSI colour only in the LED swatch)."""
    width = caps.cols
    border = "+" + "-" * (width + 2) + "+"
    sub = state.subtitle.split("\n") if state.subtitle else []
    sub = (sub + [""] * caps.rows)[: caps.rows]
    link = "ready" if state.ready else "waiting for HELLO"
    gesture = state.last_gesture.name.lower() if state.last_gesture else "-"
    lines = [
        f"robot head simulator - {caps.name} - port {path} "
        f"({'plugged' if plugged else 'UNPLUGGED'}, {link})",
        "",
    ]
    lines += face(state)
    lines += [
        f"expression {state.expression.name.lower():<10} mouth {state.mouth:3d}/255",
        f"head pan {state.pan:+6.1f}°  tilt {state.tilt:+6.1f}°  speed {state.speed:.0f}°/s"
        f"  gaze {state.gaze}",
        f"gesture {gesture} (x{state.gestures})   LED {led_block(state, color)}",
        "",
        border,
        f"| {state.title[:width]:<{width}} |",
        "|" + " " * (width + 2) + "|",
    ]
    lines += [f"| {line[:width]:<{width}} |" for line in sub]
    lines += ["|" + " " * (width + 2) + "|", f"| {state.source[:width]:<{width}} |", border]
    lines += [f"QR: {state.qr or '-'}", "", "last events:"]
    lines += [f"  {entry}" for entry in list(log)[-8:]] or ["  -"]
    lines += ["", HELP]
    return lines


def handle_key(sim: SimulatedHead, key: str) -> bool:
    """Apply one key press; False means quit."""
    if key in ("q", "\x03", "\x04"):
        return False
    if key in KEYS:
        sim.inject(KEYS[key])
    elif key == "u":
        if sim.tty is None:
            sim.replug()
        else:
            sim.unplug()
    elif key == "f":
        sim.freeze(not sim.frozen)
    return True


def run_ui(sim: SimulatedHead, *, out: TextIO = sys.stdout, fps: float = 15.0,
           duration_s: float | None = None) -> None:
    """Redraw on a timer, read single keys; restores the terminal on exit."""
    fd = sys.stdin.fileno()
    interactive = os.isatty(fd)
    saved = termios.tcgetattr(fd) if interactive else None
    end = None if duration_s is None else time.monotonic() + duration_s
    try:
        if interactive:
            tty.setcbreak(fd)
        out.write("\033[?25l")
        while end is None or time.monotonic() < end:
            lines = render(sim.state, sim.caps, path=sim.path, plugged=sim.tty is not None,
                           log=sim.log, color=out.isatty())
            out.write("\033[H\033[2J" + "\n".join(lines) + "\n")
            out.flush()
            if interactive:
                ready, _, _ = select.select([fd], [], [], 1 / fps)
                if ready and not handle_key(sim, os.read(fd, 1).decode(errors="ignore")):
                    break
            else:
                time.sleep(1 / fps)
    finally:
        out.write("\033[?25h")
        out.flush()
        if saved is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def run_plain(sim: SimulatedHead, *, out: TextIO = sys.stdout,
              duration_s: float | None = None) -> None:
    """No terminal: one line per message the device applied (logs, CI, pipes)."""
    seen = 0
    end = None if duration_s is None else time.monotonic() + duration_s
    while end is None or time.monotonic() < end:
        records = sim.frames()
        for r in records[seen:]:
            if r.message is not None and type(r.message).__name__ not in ("Heartbeat", "Ack"):
                out.write(f"{r.t:.3f} {'DROPPED ' if r.dropped else ''}{r.message}\n")
        seen = len(records)
        out.flush()
        time.sleep(0.1)
