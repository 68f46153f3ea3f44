"""Messages, pure: every payload layout round trips, and the examples in PROTOCOL.md hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hardware.events import Battery, Button, DeviceError, Presence, Touch
from hardware.framing import Frame, decode_body, encode_frame
from hardware.messages import MESSAGES, decode_message
from hardware.protocol import (
    Ack,
    AckStatus,
    Caps,
    Charset,
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

SAMPLES: list[Message] = [
    Hello(1, 0, 250, 240),
    Caps(cols=20, rows=2, charset=Charset.LATIN1, max_payload=64,
         expressions=frozenset({Expression.NEUTRAL, Expression.HAPPY}),
         gestures=frozenset({GestureKind.NOD}), commands=frozenset({0x10, 0x20}),
         name="tête-v2"),
    Heartbeat(),
    Ack(200, AckStatus.NOT_READY),
    SetExpression(Expression.SORRY),
    SetMouth(255),
    SetHeadPose(-90.0, 44.5, 120.0),
    DoGesture(GestureKind.SHAKE, 2),
    SetGaze(-100, 100),
    SetLed(1, 2, 3, LedMode.BLINK),
    SetText(TextField.QR, 0x01, "https://exemple.fr/é".encode()),
    ClearDisplay(0b0101),
    Touch(2),
    Button(1, True),
    Presence(False, None),
    Presence(True, 95),
    DeviceError(2, "surchauffe moteur"),
    Battery(None, -5.5, False),
    Battery(87, 36.5, True),
]


@pytest.mark.parametrize("msg", SAMPLES, ids=lambda m: type(m).__name__)
def test_round_trip_through_the_wire(msg: Message) -> None:
    frame = msg.to_frame(42)
    assert frame.ack_requested == msg.RELIABLE
    assert decode_message(decode_body(encode_frame(frame)[:-1])) == msg


def test_every_type_byte_is_unique_and_known() -> None:
    kinds = {type(m) for m in SAMPLES}
    assert set(MESSAGES.values()) == kinds
    assert len(MESSAGES) == len(kinds)


def test_unknown_type_and_short_payloads_are_protocol_errors() -> None:
    with pytest.raises(ProtocolError):
        decode_message(Frame(0x7E, 0, b""))
    caps_without_commands = bytes.fromhex("01 00 20 04 02 00 f0 00 7f 0e 05")
    cases: list[tuple[type[Message], bytes]] = [
        (SetHeadPose, b"\x00\x01"), (Hello, b"\x01"), (SetExpression, b"\x09"),
        (Caps, caps_without_commands),
    ]
    for kind, payload in cases:
        with pytest.raises(ProtocolError):
            kind.parse(payload)


def test_longer_payloads_from_a_newer_minor_are_accepted() -> None:
    assert SetLed.parse(b"\x01\x02\x03\x00\xff\xff") == SetLed(1, 2, 3, LedMode.STEADY)


def test_values_are_clamped_not_wrapped() -> None:
    assert SetMouth(300).payload() == b"\xff"
    assert SetGaze(-500, 500).payload() == b"\x9c\x64"


def _doc_examples() -> list[tuple[str, bytes]]:
    text = (Path(__file__).parents[2] / "hardware" / "PROTOCOL.md").read_text(encoding="utf-8")
    block = text.split("## 9. Examples")[1].split("```")[1]
    found, current = [], None
    for line in block.splitlines():
        m = re.search(r"wire ((?:[0-9a-f]{2} ?)+)$", line)
        if m:
            current = m.group(1)
            found.append(current)
        elif current is not None and re.fullmatch(r"\s+(?:[0-9a-f]{2} ?)+", line):
            found[-1] += " " + line.strip()
        else:
            current = None
    return [(w, bytes.fromhex(w)) for w in found]


def test_protocol_md_examples_decode_and_reencode() -> None:
    examples = _doc_examples()
    assert len(examples) >= 15
    for text, wire in examples:
        assert wire.endswith(b"\x00"), text
        frame = decode_body(wire[:-1])
        decode_message(frame)  # a valid message, not just a valid frame
        assert encode_frame(frame) == wire, text
