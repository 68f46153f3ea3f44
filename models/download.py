"""HTTP(S) download into a `.part` file that a later run resumes with a Range request."""

from __future__ import annotations

import http.client
import logging
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from robot.core import __version__
from robot.core.errors import ModelError

log = logging.getLogger(__name__)

CHUNK = 1 << 16
OFFLINE_HINT = "no network? copy the files to a USB stick and run `robot models import DIR`"


def _total_from_range(value: str | None) -> int | None:
    """The full length from a Content-Range header (`bytes 100-199/200`, `bytes */200`)."""
    m = re.search(r"/(\d+)\s*$", value or "")
    return int(m.group(1)) if m else None


def _open(url: str, start: int, timeout: float) -> http.client.HTTPResponse:
    headers = {"User-Agent": f"mairie-robot/{__version__}"}
    if start:
        headers["Range"] = f"bytes={start}-"
    req = urllib.request.Request(url, headers=headers)
    host = urlsplit(url).netloc or url
    try:
        resp: http.client.HTTPResponse = urllib.request.urlopen(req, timeout=timeout)
        return resp
    except urllib.error.HTTPError as exc:
        if exc.code == 416:
            raise  # the caller decides: the .part may already be complete
        if exc.code == 404:
            raise ModelError(f"not found (HTTP 404): {url}",
                             hint="the address in the manifest is wrong or the file moved; "
                             + OFFLINE_HINT) from None
        raise ModelError(f"download refused (HTTP {exc.code} {exc.reason}): {url}",
                         hint=OFFLINE_HINT) from None
    except urllib.error.URLError as exc:
        raise ModelError(f"cannot reach {host}: {exc.reason}", hint=OFFLINE_HINT) from None
    except TimeoutError:
        raise ModelError(f"no answer from {host} within {timeout:g} s",
                         hint=OFFLINE_HINT) from None
    except (OSError, http.client.HTTPException) as exc:
        raise ModelError(f"cannot download {url}: {exc}", hint=OFFLINE_HINT) from None


def download(url: str, part: Path, *, timeout: float = 30.0, progress: bool = True) -> Path:
    """Fetch `url` into `part`, resuming what an earlier run left there; return `part`.

    An interrupted transfer raises ModelError and keeps `part` for the next run. The
    caller verifies the complete file before it uses or renames it.
    """
    part.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    try:
        resp = _open(url, have, timeout)
    except urllib.error.HTTPError as exc:  # 416: nothing left after `have` bytes
        total = _total_from_range(exc.headers.get("Content-Range"))
        if total == have:
            log.info("%s already fully downloaded", part.name)
            return part
        log.warning("%s: cannot resume at %d bytes, starting over", part.name, have)
        part.unlink(missing_ok=True)
        have = 0
        resp = _open(url, 0, timeout)
    with resp:
        total = None
        if resp.status == 206:
            start = re.match(r"bytes (\d+)-", resp.headers.get("Content-Range") or "")
            if start is None or int(start.group(1)) != have:
                raise ModelError(f"server answered a wrong range for {url}",
                                 hint=f"delete {part} and run again")
            total = _total_from_range(resp.headers.get("Content-Range"))
            mode = "ab"
            log.info("resuming %s at %d bytes", part.name, have)
        else:
            if have:
                log.warning("%s: server does not resume, starting over", part.name)
            have, mode = 0, "wb"
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
        got = have
        bar = tqdm(total=total, initial=have, unit="B", unit_scale=True, unit_divisor=1024,
                   desc=part.name.removesuffix(".part"), file=sys.stderr,
                   disable=not progress, leave=False)
        try:
            with part.open(mode) as out, bar:
                while chunk := resp.read(CHUNK):
                    out.write(chunk)
                    got += len(chunk)
                    bar.update(len(chunk))
        except (OSError, http.client.HTTPException) as exc:
            raise _interrupted(url, part, got, total, exc) from None
    if total is not None and got != total:
        raise _interrupted(url, part, got, total, "connection closed early")
    return part


def _interrupted(url: str, part: Path, got: int, total: int | None,
                 why: object) -> ModelError:
    of = f" of {total}" if total is not None else ""
    return ModelError(
        f"download of {url} interrupted after {got}{of} bytes ({why})",
        hint=f"run the same command again to resume from {part}",
    )
