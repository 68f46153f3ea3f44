"""What the host sends next, pure: no I/O, no clock, no lock (the link holds one).

Acked messages go one at a time (stop-and-wait, PROTOCOL.md §3.3) with retries;
fire-and-forget ones keep only the latest per key (a mouth level superseded before it
left is worthless); scheduled ones wait for their time; a heartbeat fills silence.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass

from hardware.framing import Frame
from hardware.protocol import Ack, AckStatus, Heartbeat, Message

log = logging.getLogger(__name__)


@dataclass
class Item:
    msg: Message
    reliable: bool
    key: str | None = None  # latest wins among queued items with the same key
    tag: str | None = None  # cancel(tag) forgets queued and scheduled items
    at: float = 0.0  # not before this monotonic time
    frame: Frame | None = None
    deadline: float = 0.0
    attempts: int = 0


@dataclass
class OutboxCounters:
    retries: int = 0
    ack_failures: int = 0
    rejected: int = 0
    dropped: int = 0


class Outbox:
    def __init__(self, *, ack_timeout_s: float, retries: int, heartbeat_s: float,
                 queue_max: int) -> None:
        self.ack_timeout_s = ack_timeout_s
        self.retries = retries
        self.heartbeat_s = heartbeat_s
        self.queue_max = queue_max
        self.counters = OutboxCounters()
        self.last_problem: str | None = None
        self._reliable: deque[Item] = deque()
        self._unreliable: dict[object, Item] = {}
        self._scheduled: list[Item] = []
        self._control: deque[Frame] = deque()
        self._inflight: Item | None = None
        self._seq_rel = 0
        self._seq_unrel = 0
        self._last_hb = 0.0

    @property
    def busy(self) -> bool:
        """Something queued, or an acked message still waiting for its ACK."""
        return bool(self._reliable or self._unreliable or self._control or self._inflight)

    def put(self, item: Item, now: float) -> None:
        if item.at > now:
            self._scheduled.append(item)
            self._scheduled.sort(key=lambda i: i.at)  # stable: equal times keep their order
            return
        if not item.reliable:
            self._unreliable[item.key or id(item)] = item
            return
        if item.key is not None:
            for i, queued in enumerate(self._reliable):
                if queued.key == item.key:
                    self._reliable[i] = item  # latest wins, in the same place
                    return
        if len(self._reliable) >= self.queue_max:
            self._reliable.popleft()
            self.counters.dropped += 1
        self._reliable.append(item)

    def reply_ack(self, seq: int, status: AckStatus) -> None:
        """An ACK for a device event jumps every queue."""
        self._control.append(Ack(seq, status).to_frame(self.next_unreliable_seq()))

    def cancel(self, tag: str) -> None:
        self._reliable = deque(i for i in self._reliable if i.tag != tag)
        self._scheduled = [i for i in self._scheduled if i.tag != tag]
        self._unreliable = {k: i for k, i in self._unreliable.items() if i.tag != tag}

    def reset(self, now: float) -> None:
        """A new session: anything queued for the old one is dropped (the head restores)."""
        self.counters.dropped += (
            len(self._reliable) + len(self._scheduled) + (self._inflight is not None)
        )
        self._reliable.clear()
        self._unreliable.clear()
        self._scheduled.clear()
        self._control.clear()
        self._inflight = None
        self._last_hb = now

    def ack(self, ack: Ack) -> Item | None:
        """Match an ACK to the message in flight; None for a late or stray one."""
        item = self._inflight
        if item is None or item.frame is None or item.frame.seq != ack.seq:
            return None
        self._inflight = None
        if ack.status not in (AckStatus.OK, AckStatus.NOT_READY):
            self.counters.rejected += 1
            self.last_problem = f"device refused {type(item.msg).__name__}: {ack.status.name}"
            log.warning("head: %s", self.last_problem)
        return item

    def next_frame(self, now: float) -> tuple[Frame | None, float]:
        """The frame to write now, else (None, seconds until something is due)."""
        if self._control:
            return self._control.popleft(), 0.0
        while self._scheduled and self._scheduled[0].at <= now:
            item = self._scheduled.pop(0)
            item.at = 0.0
            self.put(item, now)
        sent = self._inflight
        if sent is not None and sent.frame is not None and now >= sent.deadline:
            if sent.attempts > self.retries:
                self.counters.ack_failures += 1
                self.last_problem = (
                    f"no ack for {type(sent.msg).__name__} (seq {sent.frame.seq}) "
                    f"after {sent.attempts} attempts"
                )
                log.warning("head: %s", self.last_problem)
                self._inflight = None
            else:
                sent.attempts += 1
                sent.deadline = now + self.ack_timeout_s
                self.counters.retries += 1
                return sent.frame, 0.0
        if self._inflight is None and self._reliable:
            item = self._reliable.popleft()
            self._seq_rel = self._seq_rel % 255 + 1  # 1..255: 0 is never a reliable seq
            item.frame = item.msg.to_frame(self._seq_rel, reliable=True)
            item.attempts, item.deadline = 1, now + self.ack_timeout_s
            self._inflight = item
            return item.frame, 0.0
        if self._unreliable:
            item = self._unreliable.pop(next(iter(self._unreliable)))
            return item.msg.to_frame(self.next_unreliable_seq(), reliable=False), 0.0
        if now - self._last_hb >= self.heartbeat_s:
            self._last_hb = now
            return Heartbeat().to_frame(self.next_unreliable_seq()), 0.0
        wake = self._last_hb + self.heartbeat_s
        if self._inflight is not None:
            wake = min(wake, self._inflight.deadline)
        if self._scheduled:
            wake = min(wake, self._scheduled[0].at)
        return None, max(wake - now, 0.0005)

    def next_unreliable_seq(self) -> int:
        """Fire-and-forget frames count 0..255 on their own, so gaps show losses."""
        seq = self._seq_unrel
        self._seq_unrel = (seq + 1) & 0xFF
        return seq
