"""The device side of the protocol, pure: a reference for firmware authors.

No I/O and no clock: `receive()` and `tick()` take the time and return the frames
to write. The simulator wraps this with a pty; a firmware port would follow it
step by step (PROTOCOL.md §7).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, replace

from hardware.framing import Frame
from hardware.messages import decode_message
from hardware.protocol import (
    TEXT_FIRST,
    TEXT_LAST,
    Ack,
    AckStatus,
    Caps,
    ClearDisplay,
    DoGesture,
    Expression,
    GestureKind,
    Heartbeat,
    Hello,
    LedMode,
    Message,
    ProtocolError,
    SetExpression,
    SetGaze,
    SetHeadPose,
    SetLed,
    SetMouth,
    SetText,
    TextField,
)

log = logging.getLogger(__name__)
HEARTBEAT_MISSES = 3  # silence of 3 heartbeat periods = the other side is gone
EVENT_ACK_TIMEOUT_S = 0.25
EVENT_RETRIES = 3


@dataclass(frozen=True)
class DeviceState:
    """What a person standing in front of the robot would see."""

    ready: bool = False  # handshake done and the host is alive
    expression: Expression = Expression.SLEEPING
    mouth: int = 0
    pan: float = 0.0
    tilt: float = 0.0
    speed: float = 0.0
    gaze: tuple[int, int] = (0, 0)
    led: tuple[int, int, int] = (0, 0, 0)
    led_mode: LedMode = LedMode.STEADY
    title: str = ""
    subtitle: str = ""
    source: str = ""
    qr: str = ""
    last_gesture: GestureKind | None = None
    gestures: int = 0  # how many gestures were played since power-on

    def text(self, which: TextField) -> str:
        return str(getattr(self, which.name.lower()))


def _with_text(state: DeviceState, which: TextField, text: str) -> DeviceState:
    match which:
        case TextField.TITLE:
            return replace(state, title=text)
        case TextField.SUBTITLE:
            return replace(state, subtitle=text)
        case TextField.SOURCE:
            return replace(state, source=text)
        case TextField.QR:
            return replace(state, qr=text)


@dataclass
class _Outgoing:
    frame: Frame
    deadline: float = 0.0
    attempts: int = 0


@dataclass
class DeviceCounters:
    frames_in: int = 0
    duplicates: int = 0  # retransmissions already applied (our ACK was lost)
    rejected: int = 0  # answered UNSUPPORTED, BAD_PAYLOAD or NOT_READY
    events_sent: int = 0
    events_given_up: int = 0
    host_lost: int = 0
    unreliable_lost: int = 0  # gaps in the host's unreliable sequence


class DeviceProtocol:
    """Handshake, acks, de-duplication, heartbeats and event retries for one device."""

    def __init__(self, caps: Caps) -> None:
        self.caps = caps
        self.state = DeviceState()
        self.counters = DeviceCounters()
        self._heartbeat_s = 1.0
        self._last_rx = 0.0
        self._last_hb_tx = 0.0
        self._last_reliable_in: int | None = None
        self._next_unreliable_in: int | None = None
        self._seq_reliable = 0
        self._seq_unreliable = 0
        self._text: dict[TextField, bytearray] = {f: bytearray() for f in TextField}
        self._events: deque[_Outgoing] = deque(maxlen=32)
        self._inflight: _Outgoing | None = None

    # -- host -> device ------------------------------------------------------------

    def receive(self, frame: Frame, now: float) -> list[Frame]:
        """Apply one valid frame; return the frames to send back (ACK, CAPS)."""
        self.counters.frames_in += 1
        self._last_rx = now
        if frame.type == Hello.TYPE:
            return self._hello(frame, now)
        if not frame.ack_requested and self.state.ready:
            self._count_unreliable(frame.seq)
        if frame.type == Ack.TYPE:
            self._ack_in(frame)
            return []
        if not self.state.ready:  # anything but HELLO before the handshake
            if frame.ack_requested:
                self.counters.rejected += 1
                return [self._ack(frame.seq, AckStatus.NOT_READY)]
            return []
        if frame.type == Heartbeat.TYPE:
            return []
        if not frame.ack_requested:
            self._apply(frame)
            return []
        if frame.seq == self._last_reliable_in:  # our ACK was lost: ack again, do not redo
            self.counters.duplicates += 1
            return [self._ack(frame.seq, AckStatus.OK)]
        status = self._apply(frame)
        if status == AckStatus.OK:
            self._last_reliable_in = frame.seq
        else:
            self.counters.rejected += 1
        return [self._ack(frame.seq, status)]

    def _hello(self, frame: Frame, now: float) -> list[Frame]:
        try:
            hello = Hello.parse(frame.payload)
        except ProtocolError:
            return []
        self._heartbeat_s = max(hello.heartbeat_ms, 50) / 1000
        self._last_reliable_in = None
        self._next_unreliable_in = None
        self._inflight = None
        self._text = {f: bytearray() for f in TextField}
        self.state = replace(self.state, ready=True)
        self._last_hb_tx = now
        return [self.caps.to_frame(self._next_unreliable())]

    def _count_unreliable(self, seq: int) -> None:
        if self._next_unreliable_in is not None and seq != self._next_unreliable_in:
            self.counters.unreliable_lost += (seq - self._next_unreliable_in) & 0xFF
        self._next_unreliable_in = (seq + 1) & 0xFF

    def _apply(self, frame: Frame) -> AckStatus:
        if frame.type not in self.caps.commands:
            return AckStatus.UNSUPPORTED
        try:
            msg = decode_message(frame)
        except ProtocolError:
            return AckStatus.BAD_PAYLOAD
        return self.apply(msg)

    def apply(self, msg: Message) -> AckStatus:
        """Change the body and display; a firmware would drive motors and screens here."""
        s = self.state
        match msg:
            case SetExpression(expression=e):
                if e not in self.caps.expressions:
                    return AckStatus.UNSUPPORTED
                self.state = replace(s, expression=e)
            case SetMouth(level=level):
                self.state = replace(s, mouth=level)
            case SetHeadPose(pan=pan, tilt=tilt, speed=speed):
                self.state = replace(s, pan=pan, tilt=tilt, speed=speed)
            case DoGesture(gesture=g):
                if g not in self.caps.gestures:
                    return AckStatus.UNSUPPORTED
                self.state = replace(s, last_gesture=g, gestures=s.gestures + 1)
            case SetGaze(x=x, y=y):
                self.state = replace(s, gaze=(x, y))
            case SetLed(r=r, g=g, b=b, mode=mode):
                self.state = replace(s, led=(r, g, b), led_mode=mode)
            case SetText(text_field=which, flags=flags, data=data):
                return self._text_chunk(which, flags, data)
            case ClearDisplay(mask=mask):
                for which in TextField:
                    if mask >> (which - 1) & 1:
                        self.state = _with_text(self.state, which, "")
            case _:
                return AckStatus.UNSUPPORTED
        return AckStatus.OK

    def _text_chunk(self, which: TextField, flags: int, data: bytes) -> AckStatus:
        buf = self._text[which]
        if flags & TEXT_FIRST:
            buf.clear()
        if len(buf) + len(data) > 4096:
            buf.clear()
            return AckStatus.BAD_PAYLOAD
        buf += data
        if flags & TEXT_LAST:
            text = bytes(buf).decode("utf-8", "replace")
            self.state = _with_text(self.state, which, text)
            buf.clear()
        return AckStatus.OK

    # -- device -> host ------------------------------------------------------------

    def emit(self, event: Message) -> None:
        """Queue an event; reliable ones are sent one at a time until acked."""
        self._events.append(_Outgoing(event.to_frame(0)))

    def tick(self, now: float) -> list[Frame]:
        """Heartbeats, event (re)transmission and host-loss detection; call every ~10 ms."""
        if not self.state.ready:
            self._events.clear()  # nobody to tell: events before the handshake are dropped
            return []
        if now - self._last_rx > HEARTBEAT_MISSES * self._heartbeat_s:
            log.info("host silent for %.1f s: back to waiting for HELLO", now - self._last_rx)
            self.counters.host_lost += 1
            self.state = replace(self.state, ready=False, expression=Expression.SLEEPING,
                                 mouth=0)
            self._inflight = None
            return []
        out: list[Frame] = []
        if now - self._last_hb_tx >= self._heartbeat_s:
            self._last_hb_tx = now
            out.append(Heartbeat().to_frame(self._next_unreliable()))
        out += self._pump_events(now)
        return out

    def _pump_events(self, now: float) -> list[Frame]:
        out: list[Frame] = []
        while self._inflight is None and self._events:
            item = self._events.popleft()
            if item.frame.ack_requested:
                seq = self._next_reliable()
                item.frame = replace(item.frame, seq=seq)
                self._inflight = item
            else:
                out.append(replace(item.frame, seq=self._next_unreliable()))
                self.counters.events_sent += 1
        sent = self._inflight
        if sent is not None and now >= sent.deadline:
            if sent.attempts > EVENT_RETRIES:
                self.counters.events_given_up += 1
                self._inflight = None
                return out + self._pump_events(now)
            sent.attempts += 1
            sent.deadline = now + EVENT_ACK_TIMEOUT_S
            if sent.attempts == 1:
                self.counters.events_sent += 1
            out.append(sent.frame)
        return out

    def _ack_in(self, frame: Frame) -> None:
        try:
            ack = Ack.parse(frame.payload)
        except ProtocolError:
            return
        if self._inflight is not None and self._inflight.frame.seq == ack.seq:
            self._inflight = None

    def _ack(self, seq: int, status: AckStatus) -> Frame:
        return Ack(seq, status).to_frame(self._next_unreliable())

    def _next_reliable(self) -> int:
        self._seq_reliable = self._seq_reliable % 255 + 1  # 1..255, never 0
        return self._seq_reliable

    def _next_unreliable(self) -> int:
        seq = self._seq_unreliable
        self._seq_unreliable = (seq + 1) & 0xFF
        return seq

