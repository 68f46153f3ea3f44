"""The serial link to the head: reconnect with backoff, handshake, acks, heartbeats.

Two threads per link. The I/O thread opens the port, handshakes and reads; the writer
thread sends what the Outbox says. Callers only take a lock for a queue operation, so
`send()` returns in microseconds whatever the device does (PROTOCOL.md §7).

    closed --open--> handshake --CAPS--> ready --I/O error, silence--> backoff --> closed
                        |  ^                |
                        |  '--NOT_READY-----'
                        '--no CAPS, wrong major--> backoff (or incompatible: max backoff)
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial

from hardware.device import HEARTBEAT_MISSES
from hardware.framing import Frame, FrameDecoder, encode_frame
from hardware.messages import decode_message
from hardware.outbox import Item, Outbox
from hardware.protocol import (
    PROTOCOL_VERSION,
    Ack,
    AckStatus,
    Caps,
    Heartbeat,
    Hello,
    Message,
    ProtocolError,
)
from hardware.settings import HeadSettings

log = logging.getLogger(__name__)
READ_TIMEOUT_S = 0.05  # how often the I/O thread looks at the clock between bytes
HOST_MAX_PAYLOAD = 240
_REHANDSHAKE = "device asked for a new handshake"


@dataclass(frozen=True)
class LinkHealth:
    """A snapshot for `head.health()`, `robot status` and `robot doctor`."""

    port: str
    phase: str  # closed, handshake, ready, backoff, incompatible, stopped
    connected: bool  # handshake done and the device heard within 3 heartbeats
    device: str | None  # firmware name from CAPS
    last_heartbeat_age_s: float | None  # since the last valid frame from the device
    frames_sent: int
    frames_received: int
    retries: int
    ack_failures: int  # acked commands given up after every retry
    rejected: int  # commands the device answered UNSUPPORTED or BAD_PAYLOAD
    bad_frames: int  # CRC/COBS failures and overflows: line noise
    dropped: int  # commands not sent: the device was away, or the queue was full
    reconnects: int
    last_error: str | None


class SerialLink:
    """One serial link to a head device; `send()` never blocks on the device."""

    def __init__(
        self,
        settings: HeadSettings,
        *,
        on_ready: Callable[[Caps], None] | None = None,
        on_message: Callable[[Message], None] | None = None,
        on_down: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self._on_ready = on_ready or (lambda caps: None)
        self._on_message = on_message or (lambda msg: None)
        self._on_down = on_down or (lambda reason: None)
        self._cond = threading.Condition()  # guards everything below but the port
        self._tx_lock = threading.Lock()  # one writer at a time; close waits for it
        self._stop = threading.Event()
        self._decoder = FrameDecoder()
        self._out = Outbox(ack_timeout_s=settings.ack_timeout_s, retries=settings.retries,
                           heartbeat_s=settings.heartbeat_s, queue_max=settings.queue_max)
        self._port: Any = None
        self._phase = "closed"
        self._incompatible = False
        self._caps: Caps | None = None
        self._lost: str | None = None
        self._last_rx: float | None = None
        self._last_error: str | None = None
        self._last_in_seq: int | None = None
        self._sent = self._received = self._sessions = self._dropped = 0
        self._threads: list[threading.Thread] = []

    # -- the caller's side: never waits for the device -------------------------------

    def start(self) -> None:
        for name, target in (("head-io", self._run_io), ("head-tx", self._run_tx)):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    @property
    def ready(self) -> bool:
        return self._phase == "ready"

    @property
    def caps(self) -> Caps | None:
        """What the connected device reported; None while it is away."""
        return self._caps if self._phase == "ready" else None

    def send(self, msg: Message, *, reliable: bool | None = None, key: str | None = None,
             tag: str | None = None, at: float | None = None) -> bool:
        """Queue a message; False (and counted as dropped) while the device is away.

        key: a newer message with the same key replaces a queued one (latest wins);
        tag: cancel(tag) forgets it while queued; at: monotonic time to send it at.
        """
        item = Item(msg, msg.RELIABLE if reliable is None else reliable, key, tag, at or 0.0)
        with self._cond:
            if self._phase != "ready":
                self._dropped += 1
                return False
            if self._caps is not None and len(msg.payload()) > self._caps.max_payload:
                log.error("head: %s payload exceeds the device's %d bytes, not sent",
                          type(msg).__name__, self._caps.max_payload)
                self._dropped += 1
                return False
            self._out.put(item, time.monotonic())
            self._cond.notify_all()
        return True

    def cancel(self, tag: str) -> None:
        with self._cond:
            self._out.cancel(tag)

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued went out and was acked (tools and tests only)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._out.busy:
                left = deadline - time.monotonic()
                if left <= 0 or self._phase != "ready":
                    return False
                self._cond.wait(left)
        return True

    def wait_ready(self, timeout: float) -> bool:
        """Block until the handshake is done (tools and tests, never the voice loop)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._phase == "ready", timeout)

    def health(self) -> LinkHealth:
        with self._cond:
            n = self._out.counters
            age = None if self._last_rx is None else time.monotonic() - self._last_rx
            return LinkHealth(
                port=self.settings.port, phase=self._phase, connected=self._phase == "ready",
                device=self._caps.name if self._caps else None, last_heartbeat_age_s=age,
                frames_sent=self._sent, frames_received=self._received,
                retries=n.retries, ack_failures=n.ack_failures, rejected=n.rejected,
                bad_frames=self._decoder.stats.bad_frames + self._decoder.stats.overflows,
                dropped=self._dropped + n.dropped, reconnects=max(self._sessions - 1, 0),
                last_error=self._last_error or self._out.last_problem,
            )

    def close(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        for t in self._threads:
            t.join(timeout=2.0)
        self._close_port()
        with self._cond:
            self._phase = "stopped"

    # -- writer thread ---------------------------------------------------------------

    def _run_tx(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                frame, wait = None, 1.0
                if self._phase == "ready":
                    frame, wait = self._out.next_frame(time.monotonic())
                port = self._port
                if frame is None or port is None:
                    self._cond.wait(wait)
                    continue
            self._write(port, encode_frame(frame))

    def _write(self, port: Any, data: bytes) -> None:
        with self._tx_lock:
            if port is not self._port:  # the port was closed while we chose the frame
                return
            try:
                port.write(data)
            except (serial.SerialException, OSError) as exc:
                with self._cond:
                    self._lost = f"write failed: {exc}"
                return
        with self._cond:
            self._sent += 1

    # -- I/O thread: connect, handshake, read ----------------------------------------

    def _run_io(self) -> None:
        s = self.settings
        backoff, failures = s.reconnect_backoff_s, 0
        while not self._stop.is_set():
            reason, served = self._session()
            if self._stop.is_set():
                break
            if served:  # a good session starts the next loss at the shortest backoff
                backoff, failures = s.reconnect_backoff_s, 0
                log.warning("head link lost: %s", reason)
                self._call(self._on_down, reason)
            elif failures == 0:
                log.info("head not available: %s (retrying with backoff)", reason)
            failures += 1
            with self._cond:
                self._phase = "incompatible" if self._incompatible else "backoff"
                self._last_error = reason
            wait = s.reconnect_backoff_max_s if self._incompatible else backoff
            log.debug("head: %s; next attempt in %.2f s", reason, wait)
            self._stop.wait(wait)
            backoff = min(backoff * 2, s.reconnect_backoff_max_s)
        with self._cond:
            self._phase = "stopped"

    def _session(self) -> tuple[str, bool]:
        """Open, handshake and serve until the link is lost: (why it ended, was it ready)."""
        s = self.settings
        try:
            port = serial.serial_for_url(s.port, baudrate=s.baudrate, timeout=READ_TIMEOUT_S,
                                         write_timeout=s.write_timeout_s, exclusive=True)
        except (serial.SerialException, OSError, ValueError) as exc:
            return f"cannot open {s.port}: {exc}", False
        with self._tx_lock:
            self._port = port
        served = False
        try:
            while not self._stop.is_set():
                reason = self._handshake(port)
                if reason is None:
                    served = True
                    reason = self._serve(port)
                if reason != _REHANDSHAKE:
                    return reason, served
                log.info("head: %s", reason)
            return "closed", served
        finally:
            with self._cond:
                self._phase = "closed"
                self._out.reset(time.monotonic())
                self._cond.notify_all()
            self._close_port()

    def _handshake(self, port: Any) -> str | None:
        s = self.settings
        with self._cond:
            self._phase, self._lost = "handshake", None
            self._out.reset(time.monotonic())
            seq = self._out.next_unreliable_seq()
        self._decoder.reset()
        hello = Hello(heartbeat_ms=round(s.heartbeat_s * 1000), max_payload=HOST_MAX_PAYLOAD)
        wire = b"\x00" + encode_frame(hello.to_frame(seq))  # leading 0x00 ends a partial frame
        deadline = time.monotonic() + s.handshake_timeout_s
        next_hello = 0.0
        try:
            port.reset_input_buffer()
            while not self._stop.is_set() and time.monotonic() < deadline:
                if time.monotonic() >= next_hello:
                    with self._tx_lock:
                        port.write(wire)
                    next_hello = time.monotonic() + min(0.25, s.handshake_timeout_s)
                for frame in self._decoder.feed(port.read(port.in_waiting or 1)):
                    if frame.type == Caps.TYPE:
                        return self._accept(Caps.parse(frame.payload))
        except ProtocolError as exc:
            return f"bad CAPS: {exc}"
        except (serial.SerialException, OSError) as exc:
            return f"handshake I/O: {exc}"
        return "no answer to HELLO"

    def _accept(self, caps: Caps) -> str | None:
        if caps.major != PROTOCOL_VERSION[0]:
            self._incompatible = True
            return f"device speaks protocol {caps.major}.{caps.minor}, host {PROTOCOL_VERSION}"
        now = time.monotonic()
        with self._cond:
            self._caps, self._phase, self._last_rx = caps, "ready", now
            self._last_in_seq, self._incompatible = None, False
            self._sessions += 1
            self._out.reset(now)
            self._cond.notify_all()
        log.info("head ready: %r, %dx%d %s, protocol %d.%d", caps.name, caps.cols, caps.rows,
                 caps.charset.name, caps.major, caps.minor)
        self._call(self._on_ready, caps)
        return None

    def _serve(self, port: Any) -> str:
        limit = HEARTBEAT_MISSES * self.settings.heartbeat_s
        while not self._stop.is_set():
            try:
                data = port.read(port.in_waiting or 1)
            except (serial.SerialException, OSError) as exc:
                return f"read failed: {exc}"
            now = time.monotonic()
            for frame in self._decoder.feed(data):
                self._dispatch(frame, now)
            with self._cond:
                if self._lost:
                    return self._lost
                if self._last_rx is not None and now - self._last_rx > limit:
                    return f"no heartbeat for {now - self._last_rx:.1f} s"
        return "closed"

    def _dispatch(self, frame: Frame, now: float) -> None:
        with self._cond:
            self._received += 1
            self._last_rx = now
        try:
            msg = decode_message(frame)
        except ProtocolError as exc:
            log.debug("head: %s", exc)
            if frame.ack_requested:
                self._reply_ack(frame.seq, AckStatus.UNSUPPORTED)
            return
        if isinstance(msg, Ack):
            with self._cond:
                item = self._out.ack(msg)
                if item is not None and msg.status == AckStatus.NOT_READY:
                    self._lost = _REHANDSHAKE  # the device rebooted behind our back
                self._cond.notify_all()
        elif frame.ack_requested:
            self._reply_ack(frame.seq, AckStatus.OK)
            if frame.seq == self._last_in_seq:  # our ACK was lost: do not deliver twice
                return
            self._last_in_seq = frame.seq
            self._call(self._on_message, msg)
        elif not isinstance(msg, Heartbeat | Caps | Hello):
            self._call(self._on_message, msg)

    def _reply_ack(self, seq: int, status: AckStatus) -> None:
        with self._cond:
            self._out.reply_ack(seq, status)
            self._cond.notify_all()

    def _close_port(self) -> None:
        with self._tx_lock:
            port, self._port = self._port, None
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    @staticmethod
    def _call(fn: Callable[[Any], None], arg: Any) -> None:
        try:
            fn(arg)
        except Exception:  # a bad callback must not kill the link
            log.exception("head: callback %r failed", fn)
