"""What the host sends next, pure: stop-and-wait, retries, latest-wins, schedule, heartbeat."""

from __future__ import annotations

from hardware.framing import Frame
from hardware.outbox import Item, Outbox
from hardware.protocol import (
    Ack,
    AckStatus,
    Expression,
    Heartbeat,
    SetExpression,
    SetMouth,
    SetText,
    TextField,
)


def _box() -> Outbox:
    return Outbox(ack_timeout_s=0.1, retries=2, heartbeat_s=1.0, queue_max=4)


def _drain(box: Outbox, now: float) -> list[Frame]:
    out: list[Frame] = []
    while True:
        frame, _ = box.next_frame(now)
        if frame is None:
            return out
        out.append(frame)


def test_one_acked_frame_in_flight_and_unreliable_ones_pass_it() -> None:
    box = _box()
    box.reset(0.0)
    box.put(Item(SetExpression(Expression.HAPPY), True), 0.0)
    box.put(Item(SetExpression(Expression.SORRY), True), 0.0)
    box.put(Item(SetMouth(9), False, key="mouth"), 0.0)
    sent = _drain(box, 0.0)
    assert [f.type for f in sent] == [SetExpression.TYPE, SetMouth.TYPE]
    assert sent[0].ack_requested and sent[0].seq == 1 and not sent[1].ack_requested
    assert box.ack(Ack(1, AckStatus.OK)) is not None
    second = _drain(box, 0.01)
    assert [f.seq for f in second] == [2] and box.busy


def test_retries_then_gives_up_and_goes_on() -> None:
    box = _box()
    box.reset(0.0)
    box.put(Item(SetText(TextField.TITLE), True), 0.0)
    box.put(Item(SetExpression(), True), 0.0)
    first = _drain(box, 0.0)
    assert _drain(box, 0.05) == []
    retries = _drain(box, 0.11) + _drain(box, 0.22)
    assert retries == first + first  # the same bytes again
    given_up = _drain(box, 0.33)
    assert [f.type for f in given_up] == [SetExpression.TYPE]
    assert box.counters.retries == 2 and box.counters.ack_failures == 1
    assert box.ack(Ack(first[0].seq)) is None  # a late ack for the abandoned frame


def test_latest_wins_for_keyed_messages() -> None:
    box = _box()
    box.reset(0.0)
    box.put(Item(SetText(TextField.TITLE), True), 0.0)  # occupies the slot in flight
    _drain(box, 0.0)
    for level in range(10):
        box.put(Item(SetMouth(level), False, key="mouth"), 0.0)
    box.put(Item(SetExpression(Expression.HAPPY), True, key="expr"), 0.0)
    box.put(Item(SetExpression(Expression.SORRY), True, key="expr"), 0.0)
    sent = _drain(box, 0.01)
    assert sent[0].payload == b"\x09" and len(sent) == 1
    box.ack(Ack(1))
    (expr,) = _drain(box, 0.02)
    assert expr.payload == bytes([Expression.SORRY])


def test_queue_bound_drops_the_oldest() -> None:
    box = _box()
    box.reset(0.0)
    for i in range(6):
        box.put(Item(SetText(TextField.TITLE, 3, bytes([65 + i])), True), 0.0)
    assert box.counters.dropped == 2


def test_scheduled_and_cancelled_and_heartbeat() -> None:
    box = _box()
    box.reset(0.0)
    box.put(Item(SetText(TextField.SUBTITLE, 3, b"page 2"), True, tag="sub", at=0.5), 0.0)
    box.put(Item(SetText(TextField.SUBTITLE, 3, b"page 3"), True, tag="sub", at=0.9), 0.0)
    frame, wait = box.next_frame(0.0)
    assert frame is None and wait == 0.5
    (page2,) = _drain(box, 0.5)
    assert page2.payload.endswith(b"page 2")
    box.ack(Ack(page2.seq))
    box.cancel("sub")
    assert _drain(box, 0.95) == []
    (hb,) = _drain(box, 1.0)
    assert hb.type == Heartbeat.TYPE and not box.busy


def test_reset_drops_everything_queued() -> None:
    box = _box()
    box.reset(0.0)
    box.put(Item(SetExpression(), True), 0.0)
    box.put(Item(SetExpression(), True), 0.0)
    _drain(box, 0.0)
    box.reset(1.0)
    assert not box.busy and box.counters.dropped == 2
