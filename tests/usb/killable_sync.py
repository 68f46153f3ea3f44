"""A real USB sync in a child process that stops at a chosen point, for kill -9 tests.

    python killable_sync.py DATA_DIR STICK MARKER copy:FILE    pause while copying FILE
    python killable_sync.py DATA_DIR STICK MARKER index:N      pause mid-embedding, N passages in

It writes MARKER when it reaches the point, then sleeps until the test kills it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from rag.usb.sync import SyncPaths, UsbSync
from robot import compose
from robot.config import load_config
from robot.context import Context


def main() -> None:
    data, stick, marker, where = sys.argv[1:5]
    kind, _, arg = where.partition(":")
    settings, path = load_config(None)
    ctx = Context.build(settings, path, Path(data))

    def pause() -> None:
        Path(marker).write_text("reached\n")
        time.sleep(120)

    def copy_hook(name: str, done: int) -> None:
        if kind == "copy" and name == arg:
            pause()

    class PausingIndex:
        def __init__(self) -> None:
            self.real = compose.index_store(ctx)

        def sync(
            self, folder: Path, *, mode: Any = "replace", remove: Any = (), progress: Any = None
        ) -> Any:
            def step(done: int, total: int, name: str = "") -> None:
                progress(done, total, name)
                if kind == "index" and int(arg) <= done < total:
                    pause()

            return self.real.sync(folder, mode=mode, remove=remove, progress=step)

    paths = SyncPaths(ctx.data.staging, ctx.data.state, ctx.data.keys)
    UsbSync(paths, settings.usb, PausingIndex, copy_hook=copy_hook).run(Path(stick))


if __name__ == "__main__":
    main()
