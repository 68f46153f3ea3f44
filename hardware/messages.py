"""Every message by its type byte, and the one decoder both sides use."""

from __future__ import annotations

import struct

from hardware.events import EVENTS
from hardware.framing import Frame
from hardware.protocol import COMMANDS, LINK, Message, ProtocolError

MESSAGES: dict[int, type[Message]] = LINK | COMMANDS | EVENTS


def decode_message(frame: Frame) -> Message:
    """Frame -> message; ProtocolError for an unknown type or a malformed payload."""
    kind = MESSAGES.get(frame.type)
    if kind is None:
        raise ProtocolError(f"unknown message type 0x{frame.type:02x}")
    try:
        return kind.parse(frame.payload)
    except (struct.error, UnicodeDecodeError) as exc:
        raise ProtocolError(f"{kind.__name__}: {exc}") from None
