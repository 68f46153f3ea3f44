"""Protocol messages, pure: each one a frozen dataclass that packs to and from a payload.

Byte layouts are specified in PROTOCOL.md §4-§6; multi-byte integers are big-endian.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from enum import IntEnum
from typing import ClassVar, TypeVar

from hardware.framing import FLAG_ACK_REQ, Frame

PROTOCOL_VERSION = (1, 0)


class ProtocolError(ValueError):
    """A payload that does not match its message layout, or an unknown message type."""


class Expression(IntEnum):
    NEUTRAL = 0
    LISTENING = 1
    THINKING = 2
    SPEAKING = 3
    HAPPY = 4
    SORRY = 5
    SLEEPING = 6


class GestureKind(IntEnum):
    NOD = 1
    SHAKE = 2
    TILT = 3


class LedMode(IntEnum):
    STEADY = 0
    PULSE = 1
    BLINK = 2


class TextField(IntEnum):
    TITLE = 1
    SUBTITLE = 2
    SOURCE = 3
    QR = 4


class Charset(IntEnum):
    """What the display can draw; text always travels as UTF-8 (PROTOCOL.md §5.1)."""

    ASCII = 0
    LATIN1 = 1
    CP1252 = 2  # Latin-1 plus Œ œ Ÿ € ’ “ ” … – —: all of French
    UNICODE = 3  # any printable character of the Basic Multilingual Plane


class AckStatus(IntEnum):
    OK = 0
    UNSUPPORTED = 1  # unknown type, or a value the device does not have
    BAD_PAYLOAD = 2
    NOT_READY = 3  # no handshake yet: the host must send HELLO again


TEXT_FIRST = 0x01  # start a new content for this field
TEXT_LAST = 0x02  # content complete: draw it
CLEAR_ALL = 0x0F
NO_BATTERY = 0xFF
NO_TEMPERATURE = 0x7FFF
NO_DISTANCE = 0xFFFF


def enum_name(value: IntEnum) -> str:
    """The lowercase name used in the YAML and the client API ("happy", "nod")."""
    return value.name.lower()


class Message:
    """Base of every message; TYPE is the frame type byte, RELIABLE the default policy."""

    TYPE: ClassVar[int]
    RELIABLE: ClassVar[bool] = False

    def payload(self) -> bytes:
        return b""

    @classmethod
    def parse(cls, payload: bytes) -> Message:
        return cls()

    def to_frame(self, seq: int, *, reliable: bool | None = None) -> Frame:
        ack = self.RELIABLE if reliable is None else reliable
        return Frame(self.TYPE, seq & 0xFF, self.payload(), FLAG_ACK_REQ if ack else 0)


def unpack(fmt: str, payload: bytes, name: str) -> tuple[int, ...]:
    size = struct.calcsize(fmt)
    if len(payload) < size:
        raise ProtocolError(f"{name}: payload of {len(payload)} bytes, expected {size}")
    return struct.unpack_from(fmt, payload)


E = TypeVar("E", bound=IntEnum)


def _enum(kind: type[E], value: int, name: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise ProtocolError(f"{name}: unknown value {value}") from None


# --- Link level: both directions -----------------------------------------------------


@dataclass(frozen=True)
class Hello(Message):
    TYPE: ClassVar[int] = 0x01
    major: int = PROTOCOL_VERSION[0]
    minor: int = PROTOCOL_VERSION[1]
    heartbeat_ms: int = 1000
    max_payload: int = 240  # the largest payload the host accepts from the device

    def payload(self) -> bytes:
        return struct.pack(">BBHH", self.major, self.minor, self.heartbeat_ms, self.max_payload)

    @classmethod
    def parse(cls, payload: bytes) -> Hello:
        return cls(*unpack(">BBHH", payload, "HELLO"))


@dataclass(frozen=True)
class Caps(Message):
    """The device's answer to HELLO: version, display geometry, charset, what it supports."""

    TYPE: ClassVar[int] = 0x02
    major: int = PROTOCOL_VERSION[0]
    minor: int = PROTOCOL_VERSION[1]
    cols: int = 32
    rows: int = 4
    charset: Charset = Charset.CP1252
    max_payload: int = 240
    expressions: frozenset[Expression] = frozenset(Expression)
    gestures: frozenset[GestureKind] = frozenset(GestureKind)
    commands: frozenset[int] = field(default_factory=lambda: frozenset(COMMANDS))
    name: str = ""

    def payload(self) -> bytes:
        expr = sum(1 << e for e in self.expressions)
        gest = sum(1 << g for g in self.gestures)
        head = struct.pack(">BBBBBHHB", self.major, self.minor, self.cols, self.rows,
                           self.charset, self.max_payload, expr, gest)
        cmds = bytes(sorted(self.commands))
        name = self.name.encode("utf-8")[:64]
        return head + bytes([len(cmds)]) + cmds + bytes([len(name)]) + name

    @classmethod
    def parse(cls, payload: bytes) -> Caps:
        major, minor, cols, rows, charset, max_payload, expr, gest = unpack(
            ">BBBBBHHB", payload, "CAPS")
        rest = payload[10:]
        if not rest or len(rest) < 1 + rest[0]:
            raise ProtocolError("CAPS: command list truncated")
        cmds, rest = rest[1 : 1 + rest[0]], rest[1 + rest[0] :]
        name = rest[1 : 1 + rest[0]].decode("utf-8", "replace") if rest else ""
        return cls(
            major=major, minor=minor, cols=max(cols, 1), rows=max(rows, 1),
            charset=Charset(charset) if charset in Charset._value2member_map_ else Charset.ASCII,
            max_payload=max(max_payload, 16),
            expressions=frozenset(e for e in Expression if expr >> e & 1),
            gestures=frozenset(g for g in GestureKind if gest >> g & 1),
            commands=frozenset(cmds), name=name,
        )


@dataclass(frozen=True)
class Heartbeat(Message):
    TYPE: ClassVar[int] = 0x03


@dataclass(frozen=True)
class Ack(Message):
    TYPE: ClassVar[int] = 0x04
    seq: int = 0
    status: AckStatus = AckStatus.OK

    def payload(self) -> bytes:
        return bytes((self.seq & 0xFF, self.status))

    @classmethod
    def parse(cls, payload: bytes) -> Ack:
        seq, status = unpack(">BB", payload, "ACK")
        return cls(seq, AckStatus(status) if status in AckStatus._value2member_map_
                   else AckStatus.BAD_PAYLOAD)


# --- Commands: host -> device --------------------------------------------------------


@dataclass(frozen=True)
class SetExpression(Message):
    TYPE: ClassVar[int] = 0x10
    RELIABLE: ClassVar[bool] = True
    expression: Expression = Expression.NEUTRAL

    def payload(self) -> bytes:
        return bytes((self.expression,))

    @classmethod
    def parse(cls, payload: bytes) -> SetExpression:
        (value,) = unpack(">B", payload, "EXPRESSION")
        return cls(_enum(Expression, value, "EXPRESSION"))


@dataclass(frozen=True)
class SetMouth(Message):
    """Mouth openness 0 (closed) .. 255 (wide open); sent at 20-30 Hz, never acked."""

    TYPE: ClassVar[int] = 0x11
    level: int = 0

    def payload(self) -> bytes:
        return bytes((max(0, min(255, self.level)),))

    @classmethod
    def parse(cls, payload: bytes) -> SetMouth:
        return cls(*unpack(">B", payload, "MOUTH"))


@dataclass(frozen=True)
class SetHeadPose(Message):
    """Pan/tilt in degrees (0.1° on the wire), speed in degrees per second (0 = default)."""

    TYPE: ClassVar[int] = 0x12
    RELIABLE: ClassVar[bool] = True
    pan: float = 0.0
    tilt: float = 0.0
    speed: float = 0.0

    def payload(self) -> bytes:
        return struct.pack(">hhH", round(self.pan * 10), round(self.tilt * 10),
                           max(0, min(0xFFFF, round(self.speed))))

    @classmethod
    def parse(cls, payload: bytes) -> SetHeadPose:
        pan, tilt, speed = unpack(">hhH", payload, "HEAD_POSE")
        return cls(pan / 10, tilt / 10, float(speed))


@dataclass(frozen=True)
class DoGesture(Message):
    TYPE: ClassVar[int] = 0x13
    RELIABLE: ClassVar[bool] = True
    gesture: GestureKind = GestureKind.NOD
    repeat: int = 1

    def payload(self) -> bytes:
        return bytes((self.gesture, max(1, min(255, self.repeat))))

    @classmethod
    def parse(cls, payload: bytes) -> DoGesture:
        kind, repeat = unpack(">BB", payload, "GESTURE")
        return cls(_enum(GestureKind, kind, "GESTURE"), repeat)


@dataclass(frozen=True)
class SetGaze(Message):
    """Where the eyes look, -100..100 each way (right and up positive); fire-and-forget."""

    TYPE: ClassVar[int] = 0x14
    x: int = 0
    y: int = 0

    def payload(self) -> bytes:
        return struct.pack(">bb", max(-100, min(100, self.x)), max(-100, min(100, self.y)))

    @classmethod
    def parse(cls, payload: bytes) -> SetGaze:
        return cls(*unpack(">bb", payload, "GAZE"))


@dataclass(frozen=True)
class SetLed(Message):
    TYPE: ClassVar[int] = 0x15
    RELIABLE: ClassVar[bool] = True
    r: int = 0
    g: int = 0
    b: int = 0
    mode: LedMode = LedMode.STEADY

    def payload(self) -> bytes:
        return bytes((self.r & 0xFF, self.g & 0xFF, self.b & 0xFF, self.mode))

    @classmethod
    def parse(cls, payload: bytes) -> SetLed:
        r, g, b, mode = unpack(">BBBB", payload, "LED")
        return cls(r, g, b, _enum(LedMode, mode, "LED"))


@dataclass(frozen=True)
class SetText(Message):
    """One chunk of a display field's UTF-8 text; FIRST starts it, LAST draws it."""

    TYPE: ClassVar[int] = 0x20
    RELIABLE: ClassVar[bool] = True
    text_field: TextField = TextField.SUBTITLE
    flags: int = TEXT_FIRST | TEXT_LAST
    data: bytes = b""

    def payload(self) -> bytes:
        return bytes((self.text_field, self.flags)) + self.data

    @classmethod
    def parse(cls, payload: bytes) -> SetText:
        kind, flags = unpack(">BB", payload, "TEXT")
        return cls(_enum(TextField, kind, "TEXT"), flags, payload[2:])


@dataclass(frozen=True)
class ClearDisplay(Message):
    TYPE: ClassVar[int] = 0x21
    RELIABLE: ClassVar[bool] = True
    mask: int = CLEAR_ALL  # bit (field - 1) per TextField

    def payload(self) -> bytes:
        return bytes((self.mask & 0xFF,))

    @classmethod
    def parse(cls, payload: bytes) -> ClearDisplay:
        return cls(*unpack(">B", payload, "CLEAR"))


COMMANDS: dict[int, type[Message]] = {
    m.TYPE: m
    for m in (SetExpression, SetMouth, SetHeadPose, DoGesture, SetGaze, SetLed, SetText,
              ClearDisplay)
}
LINK: dict[int, type[Message]] = {m.TYPE: m for m in (Hello, Caps, Heartbeat, Ack)}
