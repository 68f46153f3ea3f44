"""A virtual head on a pseudo-terminal: the device side of the protocol, for tests and demos.

The host opens a stable symlink (e.g. /tmp/robot-head) that points at the pty's
slave side, so `head.port` never changes. `unplug()` closes the pty and removes the
link, exactly what the host sees when a USB cable is pulled; `replug()` opens a new
pty, points the link at it, and starts a freshly powered device (sleeping, blank).

    sim = SimulatedHead("/tmp/robot-head"); path = sim.start()
    ... SerialHead(HeadSettings(port=path)) ...
    sim.wait_for(lambda s: s.state.expression == Expression.LISTENING)
    sim.inject(Presence(approaching=True)); sim.unplug(); sim.replug(); sim.stop()
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
import select
import tempfile
import threading
import time
import tty
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from hardware.device import DeviceCounters, DeviceProtocol, DeviceState
from hardware.framing import Frame, FrameDecoder, encode_frame
from hardware.messages import decode_message
from hardware.protocol import Caps, Charset, Message, ProtocolError

log = logging.getLogger(__name__)
M = TypeVar("M", bound=Message)
TICK_S = 0.005


@dataclass(frozen=True)
class Received:
    """One frame as the device read it; `t` is time.monotonic() once it was complete."""

    t: float
    frame: Frame
    message: Message | None  # None: a type or payload the device could not decode
    dropped: bool = False  # discarded on purpose (drop_next, freeze)


def default_caps(cols: int = 32, rows: int = 4, charset: Charset = Charset.CP1252) -> Caps:
    return Caps(cols=cols, rows=rows, charset=charset, name="simulated-head 1.0")


_PTY_NAME = re.compile(r"/dev/(pts/\d+|ttys\d+)")  # a pty slave on Linux, on macOS


def is_pty_link(path: str | os.PathLike[str]) -> bool:
    """A symlink to a pty slave: what a simulator left behind, safe to replace."""
    try:
        return _PTY_NAME.fullmatch(os.readlink(path)) is not None
    except OSError:  # absent, or not a symlink
        return False


class SimulatedHead:
    """The device end of a pty, run on a thread; everything it reads is recorded."""

    def __init__(self, link_path: str | os.PathLike[str] | None = None, *,
                 caps: Caps | None = None, record_max: int = 100_000) -> None:
        self._tmpdir: str | None = None
        if link_path is None:
            self._tmpdir = tempfile.mkdtemp(prefix="robot-head-")
            link_path = Path(self._tmpdir) / "tty"
        self.path = str(link_path)
        self.caps = caps or default_caps()
        self._cond = threading.Condition()
        self._device = DeviceProtocol(self.caps)
        self._decoder = FrameDecoder()
        self._master: int | None = None
        self._slave: int | None = None
        self._tty: str | None = None
        self._wake_r, self._wake_w = os.pipe()
        self._running = False
        self._thread: threading.Thread | None = None
        self._drop = 0
        self._drop_types: frozenset[int] | None = None
        self._frozen = False
        self.record: deque[Received] = deque(maxlen=record_max)
        self.log: deque[str] = deque(maxlen=12)  # last events and link changes, for the UI
        self.handshakes = 0
        self.on_change: Callable[[], None] | None = None

    # -- lifetime --------------------------------------------------------------------

    def start(self) -> str:
        """Open the pty, point the link at it, start the device; returns the path to open."""
        self._plug()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="head-sim", daemon=True)
        self._thread.start()
        return self.path

    def stop(self) -> None:
        self._running = False
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=2.0)
        self._unplug_fds()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._tmpdir is not None:
            with contextlib.suppress(OSError):
                os.rmdir(self._tmpdir)

    def unplug(self) -> None:
        """Pull the cable: the host's reads fail and the path disappears."""
        self._unplug_fds()
        self._note("unplugged")

    def replug(self) -> None:
        """Plug back in: a new pty behind the same path, and a freshly booted device."""
        with self._cond:
            self._device = DeviceProtocol(self.caps)
        self._plug()
        self._note(f"plugged in at {self._tty}")

    def reboot(self) -> None:
        """A firmware reset with the cable in: same pty, a device that forgot the handshake."""
        with self._cond:
            self._device = DeviceProtocol(self.caps)
            self._decoder.reset()
        self._note("rebooted")

    @property
    def tty(self) -> str | None:
        """The current /dev/pts/N behind the link (None while unplugged)."""
        return self._tty

    # -- test and demo controls ------------------------------------------------------

    def inject(self, event: Message) -> None:
        """Make the device report an event (Touch(), Presence(approaching=True), ...)."""
        with self._cond:
            self._device.emit(event)
        self._note(f"event {event}")
        self._wake()

    def drop_next(self, n: int, types: Iterable[int] | None = None) -> None:
        """Lose the next n frames (of these types) as a bad cable would."""
        with self._cond:
            self._drop = n
            self._drop_types = frozenset(types) if types is not None else None

    def freeze(self, frozen: bool = True) -> None:
        """A hung firmware: the port stays open, nothing is answered, no heartbeats."""
        with self._cond:
            self._frozen = frozen
        self._note("frozen" if frozen else "thawed")

    @property
    def frozen(self) -> bool:
        return self._frozen

    def send_raw(self, data: bytes) -> None:
        """Put arbitrary bytes on the wire towards the host (garbage, partial frames)."""
        self._write(data)

    @property
    def state(self) -> DeviceState:
        with self._cond:
            return self._device.state

    @property
    def counters(self) -> DeviceCounters:
        """Duplicates, refusals, lost fire-and-forget frames, events given up."""
        return self._device.counters

    def frames(self) -> list[Received]:
        """A copy of everything received so far, in order (safe while the device runs)."""
        with self._cond:
            return list(self.record)

    def messages(self, kind: type[M]) -> list[M]:
        """Decoded messages of a kind (Message: all) the device took, in order, not dropped."""
        return [r.message for r in self.frames()
                if isinstance(r.message, kind) and not r.dropped]

    def wait_for(self, predicate: Callable[[SimulatedHead], bool], timeout: float = 2.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    # -- the pty ---------------------------------------------------------------------

    def _plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no echo, no line discipline, before the host even opens it
        os.set_blocking(master, False)
        name = os.ttyname(slave)
        try:
            self._link(name)
        except OSError:
            os.close(master)
            os.close(slave)
            raise
        with self._cond:
            self._master, self._slave, self._tty = master, slave, name
            self._decoder.reset()
        self._wake()

    def _link(self, name: str) -> None:
        """Point self.path at the pty, replacing only a (stale) pty link: never a user's file."""
        try:
            os.symlink(name, self.path)  # fails if anything is there: nothing is overwritten
            return
        except FileExistsError:
            if not is_pty_link(self.path):
                raise FileExistsError(errno.EEXIST, "exists and is not a pseudo-terminal link",
                                      self.path) from None
        tmp = f"{self.path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"  # never someone's file
        os.symlink(name, tmp)
        try:
            os.replace(tmp, self.path)  # atomic: the host never sees a half-made link
        except OSError:
            os.unlink(tmp)
            raise

    def _unplug_fds(self) -> None:
        with self._cond:
            fds = (self._master, self._slave)
            name = self._tty
            self._master, self._slave, self._tty = None, None, None
        # Only our own link goes: the path may have been replaced by something else since.
        with contextlib.suppress(OSError):
            if name is not None and os.readlink(self.path) == name:
                os.unlink(self.path)
        for fd in fds:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._wake()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def _write(self, data: bytes) -> None:
        fd = self._master
        if fd is None:
            return
        try:
            os.write(fd, data)
        except BlockingIOError:
            log.debug("simulator: host not reading, %d bytes dropped", len(data))
        except OSError as exc:
            if exc.errno not in (errno.EIO, errno.EBADF):
                raise

    def _run(self) -> None:
        while self._running:
            fd = self._master
            watch = [self._wake_r] + ([fd] if fd is not None else [])
            try:
                ready, _, _ = select.select(watch, [], [], TICK_S)
            except (OSError, ValueError):  # fd closed by unplug() under our feet
                continue
            if self._wake_r in ready:
                with contextlib.suppress(OSError):
                    os.read(self._wake_r, 4096)
            data = b""
            if fd is not None and fd in ready:
                try:
                    data = os.read(fd, 4096)
                except (BlockingIOError, OSError):
                    data = b""
            now = time.monotonic()
            out = self._handle(data, now)
            if out:
                self._write(out)
            if self.on_change is not None and (data or out):
                self.on_change()

    def _handle(self, data: bytes, now: float) -> bytes:
        replies: list[Frame] = []
        with self._cond:
            for frame in self._decoder.feed(data):
                replies += self._receive(frame, now)
            if not self._frozen and self._master is not None:
                replies += self._device.tick(now)
            self._cond.notify_all()
        return b"".join(encode_frame(f) for f in replies)

    def _receive(self, frame: Frame, now: float) -> list[Frame]:
        try:
            msg: Message | None = decode_message(frame)
        except ProtocolError:
            msg = None
        drop = self._frozen or (
            self._drop > 0 and (self._drop_types is None or frame.type in self._drop_types))
        if drop and not self._frozen:
            self._drop -= 1
        self.record.append(Received(now, frame, msg, drop))
        if drop:
            return []
        replies = self._device.receive(frame, now)
        if any(r.type == Caps.TYPE for r in replies):
            self.handshakes += 1
            self.log.append(f"handshake #{self.handshakes}")
        return replies

    def _note(self, text: str) -> None:
        with self._cond:
            self.log.append(text)
            self._cond.notify_all()
        if self.on_change is not None:
            self.on_change()
