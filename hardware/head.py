"""The head the voice loop drives: one Protocol, a serial implementation, a null one.

Every method returns within a few hundred microseconds, whatever the device does:
it records the wanted state and queues frames; a writer thread sends them, acks are
handled on the I/O thread. While the head is away nothing is queued; when it comes
back (replugged, rebooted) the expression, pose, LED and display are restored.
Unknown state, reaction, expression, gesture or LED-mode names raise ValueError
(a bug in the caller); nothing else raises.

    head = build_head(settings.head)           # NullHead when head.enabled is false
    head.set_state("listening")                # sleeping|idle|listening|thinking|speaking
    head.react("happy")                        # any key of head.reactions (happy, sorry, ...)
    head.subtitle("Bonjour ! Que puis-je faire pour vous ?", duration_s=2.4)
    head.source("Service état civil — carte d'identité")
    head.qr("https://www.service-public.fr/particuliers/vosdroits/N358")
    player = LipSyncPlayer(head, settings.head.lipsync)          # hardware.lipsync
    player.play(mouth_envelope(pcm, 22050, settings.head.lipsync), start_time=t_play)
    player.stop()                              # barge-in: mouth closed at once
    event = head.events().get_nowait()         # Touch, Button, Presence, DeviceError,
                                               # Battery, LinkState (hardware.events)
    head.health().connected                    # LinkHealth snapshot, see hardware.link
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from hardware.behaviour import (
    KEY_GAZE,
    KEY_MOUTH,
    expression_named,
    fit_to_device,
    gesture_named,
    key_of,
    reaction_messages,
    state_behaviour,
    state_messages,
)
from hardware.events import Battery, Button, DeviceError, HeadEvent, LinkState, Presence, Touch
from hardware.link import LinkHealth, SerialLink
from hardware.nullhead import NullHead
from hardware.protocol import (
    CLEAR_ALL,
    TEXT_FIRST,
    TEXT_LAST,
    Caps,
    ClearDisplay,
    DoGesture,
    LedMode,
    Message,
    SetExpression,
    SetGaze,
    SetHeadPose,
    SetLed,
    SetMouth,
    SetText,
    TextField,
)
from hardware.settings import HeadSettings
from hardware.text import chunk_utf8, fit_line, page_durations, subtitle_pages

log = logging.getLogger(__name__)
HeadHealth = LinkHealth
__all__ = ["Head", "HeadHealth", "NullHead", "SerialHead", "build_head"]
EVENTS_MAX = 256


class Head(Protocol):
    """What the voice loop may ask of the body; no method blocks on the device."""

    def set_state(self, state: str) -> None: ...
    def react(self, reaction: str) -> None: ...
    def expression(self, name: str) -> None: ...
    def subtitle(self, text: str, duration_s: float | None = None) -> None: ...
    def title(self, text: str) -> None: ...
    def source(self, text: str) -> None: ...
    def qr(self, payload: str) -> None: ...
    def clear(self) -> None: ...
    def mouth(self, level: float) -> None: ...
    def gesture(self, name: str) -> None: ...
    def look_at(self, pan: float, tilt: float, speed: float | None = None) -> None: ...
    def gaze(self, x: float, y: float) -> None: ...
    def led(self, r: int, g: int, b: int, mode: str = "steady") -> None: ...
    def events(self) -> queue.Queue[HeadEvent]: ...
    def health(self) -> HeadHealth: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class _Wanted:
    """What the body should show; restored after every handshake."""

    state: str = "sleeping"
    expression: SetExpression | None = None
    pose: SetHeadPose | None = None
    led: SetLed | None = None
    title: str = ""
    source: str = ""
    qr: str = ""
    subtitle: str = ""
    subtitle_t0: float = 0.0
    subtitle_s: float | None = None


class SerialHead:
    """The real head (or the simulator) over `serial.serial_for_url(settings.port)`."""

    def __init__(self, settings: HeadSettings,
                 on_event: Callable[[HeadEvent], None] | None = None) -> None:
        self._settings = settings
        self._on_event = on_event
        self._events: queue.Queue[HeadEvent] = queue.Queue(maxsize=EVENTS_MAX)
        # Held while the wanted state changes *and* its frames are queued, so a restore
        # after a reconnect never queues an older state behind a newer one.
        self._lock = threading.RLock()
        self._want = _Wanted()
        self._link = SerialLink(settings, on_ready=self._restore, on_message=self._on_message,
                                on_down=self._on_down)
        self._link.start()

    # -- body ------------------------------------------------------------------------

    def set_state(self, state: str) -> None:
        """Show a dialogue state: expression, head pose, LED and entry gesture from the YAML."""
        b = state_behaviour(self._settings, state)
        msgs = state_messages(b)
        with self._lock:
            leaving_speech = self._want.state == "speaking" and state != "speaking"
            self._want = replace(self._want, state=state, expression=_first(msgs, SetExpression),
                                 pose=_first(msgs, SetHeadPose), led=_first(msgs, SetLed))
            log.debug("head state -> %s", state)
            self._link.cancel("react")
            if leaving_speech:
                self.mouth(0.0)
            self._send_all(msgs)

    def react(self, reaction: str) -> None:
        """Lay a reaction (happy, sorry, handoff, greet...) over the state for its hold_s."""
        r = self._settings.reactions.get(reaction)
        if r is None:
            known = ", ".join(self._settings.reactions)
            raise ValueError(f"unknown reaction {reaction!r} (known: {known})")
        with self._lock:
            self._link.cancel("react")
            self._send_all(reaction_messages(r))
            back: list[Message] = [m for m in (self._want.expression, self._want.led) if m]
            at = time.monotonic() + r.hold_s
            for msg in self._fit(back):
                self._link.send(msg, tag="react", at=at)

    def expression(self, name: str) -> None:
        msg = SetExpression(expression_named(name))
        with self._lock:
            self._want = replace(self._want, expression=msg)
            self._send_all([msg])

    def gesture(self, name: str) -> None:
        self._send_all([DoGesture(gesture_named(name))])

    def look_at(self, pan: float, tilt: float, speed: float | None = None) -> None:
        """Turn the head: pan -90..90 (right +), tilt -45..45 (up +), speed in °/s."""
        msg = SetHeadPose(max(-90.0, min(90.0, pan)), max(-45.0, min(45.0, tilt)), speed or 0.0)
        with self._lock:
            self._want = replace(self._want, pose=msg)
            self._send_all([msg])

    def gaze(self, x: float, y: float) -> None:
        """Move the eyes only: x, y in -1..1 (right, up); fire-and-forget."""
        msg = SetGaze(round(max(-1.0, min(1.0, x)) * 100), round(max(-1.0, min(1.0, y)) * 100))
        if self._can(msg):
            self._link.send(msg, key=KEY_GAZE)

    def led(self, r: int, g: int, b: int, mode: str = "steady") -> None:
        """LED colour 0..255 each; mode steady, pulse or blink."""
        if mode.upper() not in LedMode.__members__:
            raise ValueError(f"unknown LED mode {mode!r} (known: steady, pulse, blink)")
        msg = SetLed(r, g, b, LedMode[mode.upper()])
        with self._lock:
            self._want = replace(self._want, led=msg)
            self._send_all([msg])

    def mouth(self, level: float) -> None:
        """Mouth openness 0..1, fire-and-forget at 20-30 Hz (see LipSyncPlayer)."""
        msg = SetMouth(round(max(0.0, min(1.0, level)) * 255))
        if self._can(msg):
            self._link.send(msg, key=KEY_MOUTH)

    # -- display ---------------------------------------------------------------------

    def subtitle(self, text: str, duration_s: float | None = None) -> None:
        """Show what the robot says; pages beyond the display are spread over duration_s
        (default: a reading pace of head.subtitle_chars_per_s)."""
        with self._lock:
            self._want = replace(self._want, subtitle=text, subtitle_t0=time.monotonic(),
                                 subtitle_s=duration_s)
            self._send_subtitle(self._want, self._link.caps)

    def title(self, text: str) -> None:
        with self._lock:
            self._want = replace(self._want, title=text)
            self._send_line(TextField.TITLE, text, self._link.caps)

    def source(self, text: str) -> None:
        with self._lock:
            self._want = replace(self._want, source=text)
            self._send_line(TextField.SOURCE, text, self._link.caps)

    def qr(self, payload: str) -> None:
        """A QR code of `payload` (e.g. the online démarche URL); "" removes it."""
        with self._lock:
            self._want = replace(self._want, qr=payload)
            self._send_text(TextField.QR, payload, self._link.caps)

    def clear(self) -> None:
        """Blank title, subtitle, source and QR code."""
        with self._lock:
            self._want = replace(self._want, title="", source="", qr="", subtitle="")
            for f in TextField:
                self._link.cancel(f"text:{f.name}")
            self._send_all([ClearDisplay(CLEAR_ALL)])

    # -- events, health, lifetime ----------------------------------------------------

    def events(self) -> queue.Queue[HeadEvent]:
        """Touch, Button, Presence, DeviceError, Battery and LinkState, oldest first."""
        return self._events

    def health(self) -> HeadHealth:
        return self._link.health()

    @property
    def caps(self) -> Caps | None:
        return self._link.caps

    def wait_ready(self, timeout: float) -> bool:
        """Block until the device answered the handshake (tools and tests only)."""
        return self._link.wait_ready(timeout)

    def flush(self, timeout: float) -> bool:
        """Block until all queued commands are acked (tools and tests only)."""
        return self._link.flush(timeout)

    def close(self) -> None:
        """Put the head to sleep and stop the link (blocks up to 0.5 s: shutdown only)."""
        if self._link.ready:
            self._send_all([ClearDisplay(CLEAR_ALL)])
            self._send_all(state_messages(state_behaviour(self._settings, "sleeping")))
            self._link.flush(0.5)
        self._link.close()

    # -- internals -------------------------------------------------------------------

    def _can(self, msg: Message) -> bool:
        caps = self._link.caps
        return caps is not None and msg.TYPE in caps.commands

    def _fit(self, msgs: list[Message]) -> list[Message]:
        caps = self._link.caps
        return fit_to_device(msgs, caps) if caps is not None else []

    def _send_all(self, msgs: list[Message]) -> None:
        for msg in self._fit(msgs):
            self._link.send(msg, key=key_of(msg))

    def _send_text(self, which: TextField, text: str, caps: Caps | None,
                   at: float | None = None) -> None:
        if caps is None or SetText.TYPE not in caps.commands:
            return
        tag = f"text:{which.name}"
        if at is None:
            self._link.cancel(tag)
        chunks = chunk_utf8(text, max(caps.max_payload - 2, 4))
        for i, data in enumerate(chunks):
            flags = (TEXT_FIRST if i == 0 else 0) | (TEXT_LAST if i == len(chunks) - 1 else 0)
            self._link.send(SetText(which, flags, data), tag=tag, at=at)

    def _send_line(self, which: TextField, text: str, caps: Caps | None) -> None:
        if caps is not None:
            self._send_text(which, fit_line(text, caps.cols, caps.charset), caps)

    def _send_subtitle(self, want: _Wanted, caps: Caps | None) -> None:
        """First page now (or the one due now, after a reconnect), the rest on time."""
        if caps is None:
            return
        self._link.cancel("text:SUBTITLE")
        pages = subtitle_pages(want.subtitle, caps.cols, caps.rows, caps.charset)
        durations = page_durations(pages, want.subtitle_s, self._settings.subtitle_chars_per_s)
        now, t = time.monotonic(), want.subtitle_t0
        starts = []
        for d in durations:
            starts.append(t)
            t += d
        current = max((i for i, s in enumerate(starts) if s <= now), default=0)
        self._send_text(TextField.SUBTITLE, pages[current], caps)
        for i in range(current + 1, len(pages)):
            self._send_text(TextField.SUBTITLE, pages[i], caps, at=starts[i])

    def _restore(self, caps: Caps) -> None:
        """After a handshake: blank, then everything the body should be showing."""
        with self._lock:
            want = self._want
            self._link.send(ClearDisplay(CLEAR_ALL))
            self._send_all([m for m in (want.expression, want.pose, want.led) if m is not None])
            if want.title:
                self._send_line(TextField.TITLE, want.title, caps)
            if want.source:
                self._send_line(TextField.SOURCE, want.source, caps)
            if want.qr:
                self._send_text(TextField.QR, want.qr, caps)
            if want.subtitle:
                self._send_subtitle(want, caps)
        self._push(LinkState(True, caps.name))

    def _on_message(self, msg: Message) -> None:
        if isinstance(msg, Touch | Button | Presence | DeviceError | Battery):
            if isinstance(msg, DeviceError):
                log.warning("head device error %d: %s", msg.code, msg.message)
            self._push(msg)

    def _on_down(self, reason: str) -> None:
        self._push(LinkState(False, reason))

    def _push(self, event: HeadEvent) -> None:
        try:
            self._events.put_nowait(event)
        except queue.Full:  # nobody reads: keep the newest
            with contextlib.suppress(queue.Empty):
                self._events.get_nowait()
            self._events.put_nowait(event)
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:
                log.exception("head: on_event callback failed")


def build_head(settings: HeadSettings,
               on_event: Callable[[HeadEvent], None] | None = None) -> Head:
    """The one place that picks the implementation from the config."""
    if not settings.enabled:
        return NullHead()
    return SerialHead(settings, on_event=on_event)


M = TypeVar("M", bound=Message)


def _first(msgs: list[Message], kind: type[M]) -> M | None:
    return next((m for m in msgs if isinstance(m, kind)), None)
