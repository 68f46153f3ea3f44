"""Framing, pure: CRC-16/CCITT-FALSE, COBS and the resynchronising stream decoder."""

from __future__ import annotations

import random

import pytest

from hardware.framing import (
    FLAG_ACK_REQ,
    Frame,
    FrameDecoder,
    FrameError,
    cobs_decode,
    cobs_encode,
    crc16_ccitt_false,
    decode_body,
    encode_frame,
)


def test_crc_check_value_and_vectors() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    assert crc16_ccitt_false(b"") == 0xFFFF
    assert crc16_ccitt_false(b"A") == 0xB915


@pytest.mark.parametrize(
    ("data", "encoded"),
    [
        ("", "01"),
        ("00", "0101"),
        ("0000", "010101"),
        ("1122 0033", "03112202 33"),
        ("11223344", "0511223344"),
        ("11000000", "02110101 01"),
        (bytes(range(1, 255)).hex(), "ff" + bytes(range(1, 255)).hex()),
        (bytes(range(256)).hex(), "01ff" + bytes(range(1, 255)).hex() + "02ff"),
    ],
)
def test_cobs_reference_vectors(data: str, encoded: str) -> None:
    raw, enc = bytes.fromhex(data.replace(" ", "")), bytes.fromhex(encoded.replace(" ", ""))
    assert cobs_encode(raw) == enc
    assert cobs_decode(enc) == raw


def test_cobs_round_trip_random_payloads() -> None:
    rng = random.Random(4)
    for _ in range(3000):
        n = rng.choice([rng.randrange(0, 20), rng.randrange(240, 270), rng.randrange(0, 1100)])
        zero_bias = rng.random()
        data = bytes(0 if rng.random() < zero_bias else rng.randrange(1, 256) for _ in range(n))
        enc = cobs_encode(data)
        assert 0 not in enc
        assert len(enc) <= n + n // 254 + 1
        assert cobs_decode(enc) == data


@pytest.mark.parametrize("bad", ["00", "0311", "05112233", "021100"])
def test_cobs_rejects_malformed(bad: str) -> None:
    with pytest.raises(FrameError):
        cobs_decode(bytes.fromhex(bad))


def test_frame_round_trip_random() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        frame = Frame(rng.randrange(256), rng.randrange(256),
                      rng.randbytes(rng.randrange(0, 300)), rng.choice([0, FLAG_ACK_REQ]))
        wire = encode_frame(frame)
        assert wire.endswith(b"\x00") and 0 not in wire[:-1]
        assert decode_body(wire[:-1]) == frame


def test_every_single_bit_flip_is_caught() -> None:
    wire = encode_frame(Frame(0x20, 7, "Déjà l'été".encode(), FLAG_ACK_REQ))
    body = wire[:-1]
    for i in range(len(body)):
        for bit in range(8):
            corrupt = bytearray(body)
            corrupt[i] ^= 1 << bit
            if 0 in corrupt:
                continue  # a new delimiter: the decoder sees two short frames instead
            with pytest.raises(FrameError):
                decode_body(bytes(corrupt))


def test_decoder_reassembles_frames_split_anywhere() -> None:
    rng = random.Random(6)
    frames = [Frame(rng.randrange(256), i & 0xFF, rng.randbytes(rng.randrange(0, 250)))
              for i in range(300)]
    stream = b"".join(encode_frame(f) for f in frames)
    dec, got, i = FrameDecoder(), [], 0
    while i < len(stream):
        step = rng.randrange(1, 64)
        got += dec.feed(stream[i : i + step])
        i += step
    assert got == frames
    assert dec.stats.bad_frames == 0


def test_decoder_resynchronises_after_garbage_and_partial_frames() -> None:
    good = [Frame(0x10, 1, b"\x02", FLAG_ACK_REQ), Frame(0x11, 2, b"\x80")]
    partial = encode_frame(Frame(0x20, 3, b"x" * 40))[:17]  # a frame cut by a reset
    corrupt = bytearray(encode_frame(Frame(0x15, 4, b"\x01\x02\x03\x00")))
    corrupt[3] ^= 0x40
    stream = (b"\xff\xfe garbage \x13\x37" + b"\x00" + encode_frame(good[0]) + partial
              + b"\x00" + bytes(corrupt) + encode_frame(good[1]) + b"\x00\x00")
    dec = FrameDecoder()
    assert dec.feed(stream) == good
    assert dec.stats.bad_frames == 3  # garbage, the cut frame, the corrupted one


def test_decoder_drops_runs_longer_than_any_frame() -> None:
    dec = FrameDecoder(max_encoded=100)
    frame = Frame(0x11, 1, b"\x10")
    assert dec.feed(b"\x01" * 250 + b"\x00" + encode_frame(frame)) == [frame]
    assert dec.stats.overflows == 1


def test_random_noise_never_raises() -> None:
    rng = random.Random(7)
    dec = FrameDecoder()
    for _ in range(500):
        dec.feed(rng.randbytes(rng.randrange(1, 200)))
    frame = Frame(0x03, 9)
    assert dec.feed(b"\x00" + encode_frame(frame))[-1] == frame
