"""`robot head simulate|probe|exercise`: a virtual head, and checks of the configured one."""

from __future__ import annotations

import argparse
import queue
import sys
import time
from typing import TYPE_CHECKING

from robot.context import Context
from robot.core.errors import HardwareError

if TYPE_CHECKING:
    from hardware.head import SerialHead

DEFAULT_LINK = "/tmp/robot-head"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("head", help="the robot's head and display over serial")
    s = p.add_subparsers(dest="head_command", metavar="WHAT")
    s.required = True

    sim = s.add_parser("simulate", help="run a virtual head on a pseudo-terminal")
    sim.add_argument("--link", default=DEFAULT_LINK,
                     help=f"stable path to put in head.port (default {DEFAULT_LINK})")
    sim.add_argument("--cols", type=int, default=32, help="display width in characters")
    sim.add_argument("--rows", type=int, default=4, help="subtitle lines")
    sim.add_argument("--charset", choices=["ascii", "latin1", "cp1252", "unicode"],
                     default="cp1252", help="what the display can draw")
    sim.add_argument("--no-ui", action="store_true", help="print messages instead of drawing")
    sim.add_argument("--duration", type=float, help="stop after this many seconds")
    sim.set_defaults(handler=simulate)

    probe = s.add_parser("probe", help="handshake with head.port and print its capabilities")
    probe.add_argument("--timeout", type=float, default=3.0)
    probe.set_defaults(handler=probe_cmd)

    ex = s.add_parser("exercise", help="run every state, gesture and display field on head.port")
    ex.add_argument("--listen", type=float, default=5.0, help="seconds to print device events")
    ex.set_defaults(handler=exercise)


def simulate(args: argparse.Namespace, ctx: Context) -> int:
    from hardware.protocol import Charset
    from hardware.sim_view import run_plain, run_ui
    from hardware.simulator import SimulatedHead, default_caps

    caps = default_caps(args.cols, args.rows, Charset[args.charset.upper()])
    sim = SimulatedHead(args.link, caps=caps)
    try:
        path = sim.start()
    except FileExistsError:
        sim.stop()
        raise HardwareError(f"{args.link} already exists and is not a pseudo-terminal link: "
                            "it is left as it is", hint="choose another path with --link") from None
    except OSError as exc:
        sim.stop()
        raise HardwareError(f"cannot create the pseudo-terminal link {args.link}: {exc}",
                            hint="choose another path with --link") from None
    print(f"simulated head on {sim.tty}; set in the config:\n  head:\n    port: {path}",
          file=sys.stderr)
    if ctx.settings.head.port != path:
        print(f"(the current config has head.port: {ctx.settings.head.port})", file=sys.stderr)
    try:
        if args.no_ui or not sys.stdout.isatty():
            run_plain(sim, duration_s=args.duration)
        else:
            time.sleep(1.0)  # leave the path on screen a moment before the first redraw
            run_ui(sim, duration_s=args.duration)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


def _connect(ctx: Context, timeout: float) -> SerialHead:
    from hardware.head import SerialHead

    settings = ctx.settings.head
    head = SerialHead(settings)
    if not head.wait_ready(timeout):
        health = head.health()
        head.close()
        raise HardwareError(
            f"no head answered on {settings.port}: {health.last_error or 'no handshake'}",
            hint="check the cable and head.port, or run `robot head simulate` for a virtual one",
        )
    return head


def probe_cmd(args: argparse.Namespace, ctx: Context) -> int:
    head = _connect(ctx, args.timeout)
    caps = head.caps
    assert caps is not None
    print(f"device:     {caps.name}")
    print(f"protocol:   {caps.major}.{caps.minor}")
    print(f"display:    {caps.cols} x {caps.rows}, charset {caps.charset.name}")
    print(f"max frame:  {caps.max_payload} payload bytes")
    print(f"commands:   {', '.join(f'0x{c:02x}' for c in sorted(caps.commands))}")
    print(f"expressions: {', '.join(sorted(e.name.lower() for e in caps.expressions))}")
    print(f"gestures:   {', '.join(sorted(g.name.lower() for g in caps.gestures))}")
    time.sleep(min(1.5 * ctx.settings.head.heartbeat_s, 2.0))  # see one heartbeat
    h = head.health()
    print(f"link:       {h.phase}, heartbeat {h.last_heartbeat_age_s or 0:.2f} s ago, "
          f"{h.frames_received} frames in, {h.bad_frames} bad")
    head.close()
    return 0


def exercise(args: argparse.Namespace, ctx: Context) -> int:
    from hardware.behaviour import STATES

    head = _connect(ctx, 3.0)
    head.title("Mairie - accueil")
    head.source("Source : service-public.fr")
    head.qr("https://www.service-public.fr/particuliers/vosdroits/N358")
    for state in STATES:
        print(f"state {state}")
        head.set_state(state)
        head.subtitle(f"État « {state} » : voilà ce que l’on voit, œil compris.")
        time.sleep(1.0)
    for gesture in ("nod", "shake", "tilt"):
        print(f"gesture {gesture}")
        head.gesture(gesture)
        time.sleep(0.8)
    print("mouth sweep")
    for i in range(50):
        head.mouth(abs((i % 10) - 5) / 5)
        time.sleep(0.04)
    head.mouth(0)
    head.clear()
    head.set_state("idle")
    print(f"listening for device events for {args.listen:.0f} s (touch it, wave at it)")
    end = time.monotonic() + args.listen
    events = head.events()
    while time.monotonic() < end:
        try:
            print(f"event {events.get(timeout=max(end - time.monotonic(), 0.01))}")
        except queue.Empty:
            break
    h = head.health()
    print(f"sent {h.frames_sent}, received {h.frames_received}, retries {h.retries}, "
          f"ack failures {h.ack_failures}, refused {h.rejected}")
    head.close()
    return 0 if h.ack_failures == 0 else 1
