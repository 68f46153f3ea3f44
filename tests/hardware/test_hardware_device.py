"""The device side, pure: handshake, NOT_READY, duplicates, event retries, host loss."""

from __future__ import annotations

from hardware.device import DeviceProtocol
from hardware.events import Presence, Touch
from hardware.framing import Frame
from hardware.messages import decode_message
from hardware.protocol import (
    Ack,
    AckStatus,
    Caps,
    DoGesture,
    Expression,
    GestureKind,
    Heartbeat,
    Hello,
    SetExpression,
    SetMouth,
    SetText,
    TextField,
)


def _ready(now: float = 0.0) -> DeviceProtocol:
    dev = DeviceProtocol(Caps(name="t"))
    replies = dev.receive(Hello(heartbeat_ms=100).to_frame(0), now)
    assert [type(decode_message(f)) for f in replies] == [Caps]
    return dev


def _acks(frames: list[Frame]) -> list[Ack]:
    return [m for m in map(decode_message, frames) if isinstance(m, Ack)]


def test_commands_before_hello_are_refused_not_ready() -> None:
    dev = DeviceProtocol(Caps())
    replies = dev.receive(SetExpression(Expression.HAPPY).to_frame(5), 0.0)
    assert _acks(replies) == [Ack(5, AckStatus.NOT_READY)]
    assert dev.receive(SetMouth(10).to_frame(0), 0.0) == []
    assert dev.state.expression == Expression.SLEEPING


def test_retransmission_is_acked_but_applied_once() -> None:
    dev = _ready()
    nod = DoGesture(GestureKind.NOD).to_frame(7)
    assert _acks(dev.receive(nod, 0.01)) == [Ack(7, AckStatus.OK)]
    assert _acks(dev.receive(nod, 0.02)) == [Ack(7, AckStatus.OK)]  # our ACK was lost
    assert dev.state.gestures == 1 and dev.counters.duplicates == 1
    dev.receive(DoGesture(GestureKind.NOD).to_frame(8), 0.03)
    assert dev.state.gestures == 2


def test_text_chunks_assemble_and_unsupported_values_are_refused() -> None:
    dev = _ready()
    dev.receive(SetText(TextField.TITLE, 0x01, b"Mai").to_frame(1), 0.0)
    assert dev.state.title == ""
    dev.receive(SetText(TextField.TITLE, 0x02, "rie é".encode()).to_frame(2), 0.0)
    assert dev.state.title == "Mairie é"
    small = DeviceProtocol(Caps(expressions=frozenset({Expression.NEUTRAL})))
    small.receive(Hello().to_frame(0), 0.0)
    replies = small.receive(SetExpression(Expression.HAPPY).to_frame(3), 0.0)
    assert _acks(replies) == [Ack(3, AckStatus.UNSUPPORTED)]
    assert _acks(small.receive(Frame(0x30, 4, b"", 1), 0.0)) == [Ack(4, AckStatus.UNSUPPORTED)]
    assert _acks(small.receive(Frame(0x12, 5, b"\x01", 1), 0.0)) == \
        [Ack(5, AckStatus.BAD_PAYLOAD)]


def test_events_are_retried_until_acked_then_given_up() -> None:
    dev = _ready()
    dev.emit(Touch())
    dev.emit(Presence(True, 50))
    first = [f for f in dev.tick(0.01) if f.type == Touch.TYPE]
    assert len(first) == 1 and first[0].ack_requested
    assert not [f for f in dev.tick(0.1) if f.type == Touch.TYPE]  # still within 250 ms
    again = [f for f in dev.tick(0.27) if f.type == Touch.TYPE]
    assert again == first  # same bytes, same seq
    dev.receive(Ack(first[0].seq).to_frame(1), 0.28)
    nxt = [f for f in dev.tick(0.29) if f.type == Presence.TYPE]
    assert len(nxt) == 1 and nxt[0].seq == first[0].seq + 1
    t = 0.29
    for _ in range(5):  # no ack ever: 4 attempts, then given up
        t += 0.26
        dev.receive(Heartbeat().to_frame(2), t)  # the host is alive, it just never acks
        dev.tick(t)
    assert dev.counters.events_given_up == 1


def test_silent_host_is_declared_lost() -> None:
    dev = _ready()
    hb = [f for f in dev.tick(0.11) if f.type == Heartbeat.TYPE]
    assert hb
    dev.tick(0.29)
    assert dev.state.ready
    dev.tick(0.35)  # 3 x 100 ms of silence
    assert not dev.state.ready and dev.state.expression == Expression.SLEEPING
    replies = dev.receive(SetMouth(3).to_frame(9, reliable=True), 0.4)
    assert _acks(replies) == [Ack(9, AckStatus.NOT_READY)]
