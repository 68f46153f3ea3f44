"""Wire framing, pure: COBS + CRC-16/CCITT-FALSE, 0x00-delimited (see PROTOCOL.md §2).

No I/O and no clock here, so the firmware side can be checked against these
functions byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass

DELIMITER = b"\x00"
FLAG_ACK_REQ = 0x01  # the receiver must answer with ACK(seq); the sender retries
HEADER_LEN = 3  # type, flags, seq
CRC_LEN = 2
MAX_PAYLOAD_LIMIT = 1024  # absolute protocol limit; the device advertises its own (>= 64)
# Longest legal encoded frame (body + COBS overhead), past which the decoder resyncs.
MAX_ENCODED = HEADER_LEN + MAX_PAYLOAD_LIMIT + CRC_LEN + (MAX_PAYLOAD_LIMIT // 254) + 2


class FrameError(ValueError):
    """A frame body that is not valid COBS, too short, or fails its CRC."""


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


_CRC_TABLE = _crc_table()


def crc16_ccitt_false(data: bytes, crc: int = 0xFFFF) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, xorout 0; check 0x29B1."""
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[((crc >> 8) ^ byte) & 0xFF]
    return crc


def cobs_encode(data: bytes) -> bytes:
    """Consistent Overhead Byte Stuffing: the output holds no 0x00 byte."""
    out = bytearray([0])
    code_at, code = 0, 1
    last = len(data) - 1
    for i, byte in enumerate(data):
        if byte:
            out.append(byte)
            code += 1
        if not byte or code == 0xFF:
            out[code_at] = code
            code = 1
            if not byte or i < last:  # no empty trailing block after a full one
                code_at = len(out)
                out.append(0)
            else:
                return bytes(out)
    out[code_at] = code
    return bytes(out)


def cobs_decode(data: bytes) -> bytes:
    """Inverse of cobs_encode (without the delimiter); FrameError on malformed input."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        code = data[i]
        if code == 0:
            raise FrameError("zero byte inside a COBS frame")
        end = i + code
        if end > n:
            raise FrameError("COBS block runs past the end of the frame")
        block = data[i + 1 : end]
        if 0 in block:
            raise FrameError("zero byte inside a COBS block")
        out += block
        i = end
        if code != 0xFF and i < n:
            out.append(0)
    return bytes(out)


@dataclass(frozen=True)
class Frame:
    """One frame: message type, flags, sequence number and raw payload."""

    type: int
    seq: int = 0
    payload: bytes = b""
    flags: int = 0

    @property
    def ack_requested(self) -> bool:
        return bool(self.flags & FLAG_ACK_REQ)


def encode_frame(frame: Frame) -> bytes:
    """Frame -> bytes on the wire: COBS(type flags seq payload crc_hi crc_lo) + 0x00."""
    if len(frame.payload) > MAX_PAYLOAD_LIMIT:
        raise ValueError(f"payload of {len(frame.payload)} bytes exceeds {MAX_PAYLOAD_LIMIT}")
    body = bytes((frame.type & 0xFF, frame.flags & 0xFF, frame.seq & 0xFF)) + frame.payload
    body += crc16_ccitt_false(body).to_bytes(2, "big")
    return cobs_encode(body) + DELIMITER


def decode_body(encoded: bytes) -> Frame:
    """Bytes between two delimiters -> Frame; FrameError if anything is off."""
    body = cobs_decode(encoded)
    if len(body) < HEADER_LEN + CRC_LEN:
        raise FrameError(f"frame of {len(body)} bytes is too short")
    if crc16_ccitt_false(body[:-CRC_LEN]) != int.from_bytes(body[-CRC_LEN:], "big"):
        raise FrameError("CRC mismatch")
    return Frame(type=body[0], flags=body[1], seq=body[2], payload=body[HEADER_LEN:-CRC_LEN])


@dataclass
class DecoderStats:
    frames: int = 0
    bad_frames: int = 0  # COBS, length or CRC failures
    overflows: int = 0  # runs of bytes longer than any legal frame


class FrameDecoder:
    """Stream of bytes in, frames out; garbage and partial frames resynchronise at 0x00."""

    def __init__(self, max_encoded: int = MAX_ENCODED) -> None:
        self._buf = bytearray()
        self._max = max_encoded
        self._skipping = False
        self.stats = DecoderStats()

    def reset(self) -> None:
        """Forget a partial frame (after a reconnect the old bytes mean nothing)."""
        self._buf.clear()
        self._skipping = False

    def feed(self, data: bytes) -> list[Frame]:
        frames: list[Frame] = []
        start = 0
        while True:
            end = data.find(0, start)
            chunk = data[start:] if end < 0 else data[start:end]
            if not self._skipping:
                self._buf += chunk
                if len(self._buf) > self._max:
                    self.stats.overflows += 1
                    self._buf.clear()
                    self._skipping = True  # drop the rest of this run up to its 0x00
            if end < 0:
                return frames
            if self._buf and not self._skipping:
                try:
                    frames.append(decode_body(bytes(self._buf)))
                    self.stats.frames += 1
                except FrameError:
                    self.stats.bad_frames += 1
            self._buf.clear()
            self._skipping = False
            start = end + 1
