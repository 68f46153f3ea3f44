"""The soak's fault injectors: wrappers that make the real engines fail on schedule.

Nothing here replaces an engine: ``FaultyModel`` and ``FaultyTts`` pass every call to
the real llama.cpp model and voice until armed, then raise once, as the real engine
raises (``LlmError`` at the call or after the first piece, ``TtsError`` on a sentence).
``SyncChild`` runs a real `robot index sync` in another process (as the USB service
does, niced), and ``LimitedDisk`` puts the data dir on a small tmpfs it can fill, or,
where mounting is not permitted, caps the sync process's file size (RLIMIT_FSIZE).
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robot.core.errors import LlmError, TtsError

log = logging.getLogger(__name__)


class FaultyModel:
    """The real LLM; once armed, its next call raises (at the call, or mid-answer)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.armed: str | None = None  # "at_call" | "mid_stream"
        self.fired: list[str] = []
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def arm(self, how: str) -> None:
        self.armed = how

    def stream(self, messages: list[dict[str, str]], max_tokens: int,
               stop: list[str] | None = None) -> Iterator[str]:
        self.calls += 1
        how, self.armed = self.armed, None
        if how == "at_call":
            self.fired.append(how)
            raise LlmError("llama.cpp failed (soak fault, at the call)")
        pieces = self.real.stream(messages, max_tokens, stop)
        fired = False
        try:
            for n, piece in enumerate(pieces):
                if how == "mid_stream" and n == 1:
                    fired = True
                    self.fired.append(how)
                    raise LlmError("llama.cpp failed while answering (soak fault)")
                yield piece
        finally:
            close = getattr(pieces, "close", None)
            if close is not None:
                close()
            if how == "mid_stream" and not fired:
                self.armed = how  # too short an answer to fail mid-way: the next one


class FaultyTts:
    """The real voice; once armed, the ``nth`` answer sentence after arming raises."""

    def __init__(self, real: Any, spared: tuple[str, ...] = ()) -> None:
        self.real = real
        self.spared = spared  # texts never failed (the apology must be sayable)
        self.armed: int | None = None
        self.fired = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    @property
    def name(self) -> str:
        return str(self.real.name)

    @property
    def language(self) -> str:
        return str(self.real.language)

    def arm(self, nth: int = 1) -> None:
        self.armed = nth

    def synthesize(self, text: str, rate: float | None = None) -> Iterator[Any]:
        if self.armed is not None and not any(text.startswith(s) for s in self.spared):
            self.armed -= 1
            if self.armed <= 0:
                self.armed = None
                self.fired += 1
                raise TtsError("voice process died (soak fault)")
        yield from self.real.synthesize(text, rate)


# --- the disk -----------------------------------------------------------------------------

class LimitedDisk:
    """The data dir on a small tmpfs (root, mount permitted) that ``fill()`` fills up;
    otherwise the sync process gets RLIMIT_FSIZE, so its writes fail the same way."""

    def __init__(self, root: Path, size_mb: int = 64) -> None:
        self.root = root
        self.size_mb = size_mb
        self.mounted = False
        self.filler = root / ".soak-filler"
        self._full = False

    def mount(self) -> LimitedDisk:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0 and shutil.which("mount"):
            proc = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={self.size_mb}m,mode=0755", "tmpfs",
                 str(self.root)], capture_output=True, text=True, check=False)
            self.mounted = proc.returncode == 0
            if not self.mounted:
                log.info("tmpfs mount refused (%s): RLIMIT_FSIZE instead", proc.stderr.strip())
        return self

    def describe(self) -> str:
        if self.mounted:
            return (f"data dir on a {self.size_mb} MB tmpfs, filled to its last "
                    f"{self.LEAVE_BYTES // 1024} KB during the sync (ENOSPC for every writer)")
        return ("no mount permitted: the sync process runs with RLIMIT_FSIZE "
                f"{self.FSIZE_BYTES // 1024} KB (EFBIG on its large writes; the loop's own "
                "writes are not limited)")

    LEAVE_BYTES = 16 * 1024
    FSIZE_BYTES = 64 * 1024

    def free_bytes(self) -> int:
        st = os.statvfs(self.root)
        return st.f_bavail * st.f_frsize

    def fill(self) -> None:
        """Leave LEAVE_BYTES free (tmpfs), or arm the size limit for the next sync."""
        self._full = True
        if not self.mounted:
            return
        with open(self.filler, "ab") as f:
            block = b"\0" * (1 << 20)
            while self.free_bytes() > self.LEAVE_BYTES + len(block):
                f.write(block)
            f.flush()
            with contextlib.suppress(OSError):
                f.write(b"\0" * max(0, self.free_bytes() - self.LEAVE_BYTES))
                f.flush()

    def release(self) -> None:
        self._full = False
        with contextlib.suppress(FileNotFoundError):
            self.filler.unlink()

    @property
    def full(self) -> bool:
        return self._full

    def child_limits(self) -> Callable[[], None] | None:
        """preexec_fn for a sync child while the disk is 'full' without a mount."""
        if self.mounted or not self._full:
            return None
        limit = self.FSIZE_BYTES

        def limits() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not a killed process
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return limits

    def unmount(self) -> None:
        self.release()
        if self.mounted:
            for args in (["umount", str(self.root)], ["umount", "-l", str(self.root)]):
                if subprocess.run(args, capture_output=True, check=False).returncode == 0:
                    break
            self.mounted = False


# --- the index sync, in another process ----------------------------------------------------

@dataclass
class SyncResult:
    code: int
    seconds: float
    output: str


class SyncChild:
    """`robot index sync FOLDER` in a child process, niced like robot-usb@.service."""

    def __init__(self, data_dir: Path, folder: Path, config: Path | None,
                 preexec: Callable[[], None] | None = None) -> None:
        cmd = [sys.executable, "-m", "robot"]
        if config is not None:
            cmd += ["--config", str(config)]
        cmd += ["--data-dir", str(data_dir), "index", "sync", str(folder)]
        env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE", "OPENBLAS_NUM_THREADS": "1",
               "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}

        def start() -> None:
            os.nice(10)
            if preexec is not None:
                preexec()

        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, preexec_fn=start)
        self.result: SyncResult | None = None
        self._thread = threading.Thread(target=self._wait, name="soak-sync", daemon=True)
        self._thread.start()

    def _wait(self) -> None:
        out, _ = self.proc.communicate()
        self.result = SyncResult(self.proc.returncode, time.monotonic() - self.t0, out or "")

    def wait(self, timeout: float) -> SyncResult | None:
        self._thread.join(timeout)
        if self.result is None:
            self.proc.kill()
            self._thread.join(5)
        return self.result


class DocEditor:
    """Changes one document of the served folder, so that each sync makes a generation."""

    def __init__(self, folder: Path, name: str = "dechetterie-encombrants.txt") -> None:
        self.path = folder / name
        self.original = self.path.read_text(encoding="utf-8")
        self.edits = 0

    def edit(self) -> None:
        self.edits += 1
        note = (f"\n\nNote de service n° {self.edits} : la déchetterie ferme à 18 h "
                f"le {1 + self.edits % 28} du mois.\n")
        self.path.write_text(self.original + note, encoding="utf-8")
