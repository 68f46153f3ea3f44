"""Events from the device, as the voice loop receives them: small frozen dataclasses.

Each is also a protocol message (type byte and payload layout in PROTOCOL.md §6), so
the simulator and the link share one definition. `LinkState` is made by the host.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import ClassVar

from hardware.protocol import NO_BATTERY, NO_DISTANCE, NO_TEMPERATURE, Message, unpack


@dataclass(frozen=True)
class Touch(Message):
    TYPE: ClassVar[int] = 0x40
    RELIABLE: ClassVar[bool] = True
    zone: int = 0  # 0 = head; other zones are the firmware's choice

    def payload(self) -> bytes:
        return bytes((self.zone & 0xFF,))

    @classmethod
    def parse(cls, payload: bytes) -> Touch:
        return cls(*unpack(">B", payload, "TOUCH"))


@dataclass(frozen=True)
class Button(Message):
    TYPE: ClassVar[int] = 0x41
    RELIABLE: ClassVar[bool] = True
    button: int = 0
    long: bool = False

    def payload(self) -> bytes:
        return bytes((self.button & 0xFF, int(self.long)))

    @classmethod
    def parse(cls, payload: bytes) -> Button:
        button, kind = unpack(">BB", payload, "BUTTON")
        return cls(button, bool(kind))


@dataclass(frozen=True)
class Presence(Message):
    TYPE: ClassVar[int] = 0x42
    RELIABLE: ClassVar[bool] = True
    approaching: bool = True
    distance_cm: int | None = None

    def payload(self) -> bytes:
        dist = NO_DISTANCE if self.distance_cm is None else min(self.distance_cm, 0xFFFE)
        return struct.pack(">BH", int(self.approaching), dist)

    @classmethod
    def parse(cls, payload: bytes) -> Presence:
        state, dist = unpack(">BH", payload, "PRESENCE")
        return cls(bool(state), None if dist == NO_DISTANCE else dist)


@dataclass(frozen=True)
class DeviceError(Message):
    TYPE: ClassVar[int] = 0x43
    RELIABLE: ClassVar[bool] = True
    code: int = 0xFF
    message: str = ""

    def payload(self) -> bytes:
        return bytes((self.code & 0xFF,)) + self.message.encode("utf-8")[:200]

    @classmethod
    def parse(cls, payload: bytes) -> DeviceError:
        (code,) = unpack(">B", payload, "ERROR")
        return cls(code, payload[1:].decode("utf-8", "replace"))


@dataclass(frozen=True)
class Battery(Message):
    """Battery and temperature status, about once a minute; None where not fitted."""

    TYPE: ClassVar[int] = 0x44
    percent: int | None = None
    temperature_c: float | None = None
    charging: bool = False

    def payload(self) -> bytes:
        pct = NO_BATTERY if self.percent is None else max(0, min(100, self.percent))
        temp = NO_TEMPERATURE if self.temperature_c is None else round(self.temperature_c * 10)
        return struct.pack(">BhB", pct, temp, int(self.charging))

    @classmethod
    def parse(cls, payload: bytes) -> Battery:
        pct, temp, flags = unpack(">BhB", payload, "STATUS")
        return cls(None if pct == NO_BATTERY else pct,
                   None if temp == NO_TEMPERATURE else temp / 10, bool(flags & 1))



@dataclass(frozen=True)
class LinkState:
    """Made by the host, not sent by the device: the head came back or went away."""

    connected: bool
    detail: str = ""


HeadEvent = Touch | Button | Presence | DeviceError | Battery | LinkState
EVENTS: dict[int, type[Message]] = {
    m.TYPE: m for m in (Touch, Button, Presence, DeviceError, Battery)
}
