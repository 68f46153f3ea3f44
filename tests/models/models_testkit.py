"""Helpers for the model installer tests: a local HTTP server with Range, tiny wheels."""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class FileServer:
    """What the test server serves and how it misbehaves; `requests` records (path, Range)."""

    base: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    cut_after: dict[str, int] = field(default_factory=dict)  # close the connection early
    ignore_range: bool = False
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


def make_handler(state: FileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0].lstrip("/")
            rng = self.headers.get("Range")
            state.requests.append((path, rng))
            data = state.files.get(path)
            if data is None:
                self.send_error(404)
                return
            start = 0
            m = re.fullmatch(r"bytes=(\d+)-", rng or "")
            if m and not state.ignore_range:
                start = int(m.group(1))
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            cut = state.cut_after.get(path)
            if cut is not None:  # promise the whole body, send part of it, hang up
                self.wfile.write(body[: max(0, cut - start)])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


def url_model(base: str, *files: tuple[str, bytes | None], **source: Any) -> dict[str, Any]:
    """A `url` model: (path, content whose checksum the manifest pins, or None for TOFU)."""
    return {
        "role": "tts", "engine": "piper", "languages": ["fr"], "license": "MIT",
        "source": {"kind": "url", "url": base, **source},
        "files": [{"path": p, "sha256": sha(c) if c is not None else None} for p, c in files],
    }


def build_wheel(folder: Path, name: str, version: str, members: dict[str, bytes]) -> Path:
    """A minimal, valid wheel holding `members` (what model packages look like)."""
    dist = f"{re.sub(r'[-_.]+', '_', name)}-{version}"
    path = folder / f"{dist}-py3-none-any.whl"
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {name}\n"
                                      f"Version: {version}\n".encode(),
        f"{dist}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n",
    }
    everything = {**members, **meta}
    record = "".join(f"{n},,\n" for n in everything) + f"{dist}.dist-info/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in everything.items():
            zf.writestr(n, data)
        zf.writestr(f"{dist}.dist-info/RECORD", record)
    return path
