"""`robot doctor`: everything the live robot needs, checked, each with what to do about it.

Each check returns OK, WARN (works, but not as intended) or FAIL (`robot run` would not
work); the command exits non-zero on any FAIL. No check loads a model or opens audio
for long: the doctor must be quick and safe while the service runs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from robot import compose
from robot.context import Context


@dataclass(frozen=True)
class Check:
    level: str  # OK | WARN | FAIL
    name: str
    detail: str
    fix: str = ""


def _ok(name: str, detail: str) -> Check:
    return Check("OK", name, detail)


def check_audio(ctx: Context) -> list[Check]:
    audio = ctx.settings.audio
    try:
        from speech.sounddev import find_device, list_devices

        devices = list_devices()
    except (OSError, ImportError) as exc:
        return [Check("FAIL", "audio", f"PortAudio unavailable: {exc}",
                      "sudo apt-get install -y libportaudio2")]
    except Exception as exc:
        return [Check("FAIL", "audio", f"cannot list audio devices: {exc}",
                      "check the sound card (`arecord -l`, `aplay -l`)")]
    out = []
    for kind, spec, key in (("input", audio.input_device, "audio.input_device"),
                            ("output", audio.output_device, "audio.output_device")):
        channels = "max_input_channels" if kind == "input" else "max_output_channels"
        usable = [d for d in devices if int(d.get(channels, 0) or 0) > 0]
        if not usable:
            out.append(Check("FAIL", f"audio {kind}", f"no {kind} device found",
                             f"plug the {'microphone' if kind == 'input' else 'loudspeaker'} "
                             "in; check `arecord -l` / `aplay -l` and the audio group"))
            continue
        try:
            index = find_device(spec, kind)
        except Exception as exc:
            out.append(Check("FAIL", f"audio {kind}", str(exc),
                             f"set {key} to one of: "
                             + ", ".join(str(d.get("name")) for d in usable[:5])))
            continue
        chosen = next((d for d in devices if d.get("index") == index), None)
        name = chosen.get("name") if chosen else "system default"
        out.append(_ok(f"audio {kind}", f"{name} ({len(usable)} {kind} device(s))"))
    return out


def check_serial(ctx: Context) -> list[Check]:
    head = ctx.settings.head
    if not head.enabled:
        return [Check("WARN", "head", "head.enabled is false: the robot runs without its body",
                      "set head.enabled: true once the head is connected")]
    if head.port.startswith("loop://"):
        return [Check("WARN", "head", "head.port is loop:// (no real head)",
                      "set head.port to the USB serial device, e.g. /dev/ttyUSB0")]
    try:
        import serial

        port = serial.serial_for_url(head.port, baudrate=head.baudrate, timeout=0.1,
                                     do_not_open=True)
        port.open()
        port.close()
    except Exception as exc:
        hint = ("add the robot user to the dialout group" if "ermission" in str(exc)
                else "check the cable and `ls /dev/ttyUSB* /dev/ttyACM*`; set head.port")
        return [Check("FAIL", "head", f"cannot open {head.port}: {exc}", hint)]
    return [_ok("head", f"{head.port} opens at {head.baudrate} baud")]


def check_models(ctx: Context) -> list[Check]:
    from models.manifest import load_manifest, resolve
    from robot.core.errors import RobotError

    s, models_dir = ctx.settings, ctx.models_dir
    out = []
    wanted: list[tuple[str, Callable[[], object]]] = []
    try:
        from speech.factory import stt_model

        wanted.append(("stt", lambda: stt_model(s, models_dir, s.stt.language or s.language)))
    except ImportError:
        pass
    wanted.append(("tts", lambda: resolve("tts", models_dir, s.models.profile,
                                          language=s.language, override=s.models.tts)))
    # A fleet robot's LLM and embeddings run on the server (robot/fleet.py checks it).
    local_llm = s.llm.backend == "local"
    phrasing = local_llm and compose.generates(ctx)
    if phrasing:
        wanted.append(("llm", lambda: resolve("llm", models_dir, s.models.profile,
                                              override=s.models.llm)))
    if s.retrieval.backend == "local":
        wanted.append(("embeddings", lambda: resolve("embeddings", models_dir,
                                                     s.models.profile)))
    # The robot answers without the towns' gazetteer, only knowing capitalised names.
    wanted.append(("places", lambda: resolve("places", models_dir, s.models.profile)))
    manifest = load_manifest()
    for role, find in wanted:
        try:
            model = find()
        except RobotError as exc:
            level = "WARN" if role == "places" or (
                role == "tts" and s.tts.espeak_fallback) else "FAIL"
            out.append(Check(level, f"model {role}", exc.message,
                             exc.hint or "run `robot models install`"))
            continue
        mid, path = getattr(model, "id", "?"), Path(getattr(model, "path", ""))
        problem = _files_problem(manifest, mid, models_dir)
        if problem:
            out.append(Check("FAIL", f"model {role}", f"{mid}: {problem}",
                             "run `robot models verify`, then `robot models install`"))
        else:
            out.append(_ok(f"model {role}", f"{mid} ({path})"))
    if local_llm and not phrasing:
        out.append(_ok("model llm", f"none loaded: the sources' sentences are read "
                                    f"(llm.mode {s.llm.mode})"))
    return out


def _files_problem(manifest: object, mid: str, models_dir: Path) -> str:
    """Every file of the model is there with its published size (no hashing: quick)."""
    try:
        spec = manifest.spec(mid)  # type: ignore[attr-defined]
    except Exception:
        return ""  # a custom path from the config: resolve() already found it
    for f in spec.files:
        path = spec.folder(models_dir) / f.path
        if not path.exists():
            return f"missing {path}"
        if f.size is not None and not f.is_dir and path.stat().st_size != f.size:
            return f"{path.name} is {path.stat().st_size} bytes, expected {f.size}"
    return ""


def check_index(ctx: Context) -> list[Check]:
    if ctx.settings.retrieval.backend == "remote":
        return []  # the server's index: check_fleet
    try:

        status = compose.index_store(ctx).status()
    except Exception as exc:
        return [Check("FAIL", "index", f"cannot read the index: {exc}",
                      "run `robot index sync DIR` (or import a USB stick)")]
    repair = "run `robot index sync --repair DIR` with the town hall's documents"
    if status.version is None:
        if status.problem:
            return [Check("FAIL", "index", status.problem, repair)]
        return [Check("FAIL", "index", f"no index in {ctx.data.index}",
                      "run `robot index sync DIR` with the town hall's documents")]
    if status.problem:
        return [Check("FAIL", "index", f"{status.problem}; serving generation "
                                       f"{status.version} meanwhile", repair)]
    return [_ok("index", f"version {status.version}: {status.documents} documents, "
                         f"{status.chunks} passages")]


def check_disk(ctx: Context) -> list[Check]:
    root = ctx.data.root
    probe = root if root.exists() else next((p for p in root.parents if p.exists()), Path("/"))
    free_gb = shutil.disk_usage(probe).free / 1e9
    writable = os.access(probe, os.W_OK)
    if not writable:
        return [Check("FAIL", "disk", f"{probe} is not writable",
                      "run as the robot user, or fix the data dir's owner")]
    if free_gb < 0.2:
        return [Check("FAIL", "disk", f"{free_gb:.2f} GB free under {probe}",
                      "free space: old logs, index generations (`robot index status`)")]
    if free_gb < 2:
        return [Check("WARN", "disk", f"only {free_gb:.1f} GB free under {probe}",
                      "a document sync needs twice the index size")]
    return [_ok("disk", f"{free_gb:.1f} GB free under {probe}")]


def check_tools(ctx: Context) -> list[Check]:
    from rag.ingest.ocr import missing_tools

    checks = [_ok("espeak-ng", shutil.which("espeak-ng") or "")]
    if shutil.which("espeak-ng") is None:
        checks = [Check("FAIL" if ctx.settings.tts.espeak_fallback else "WARN", "espeak-ng",
                        "not installed (the French voice until a Piper voice is installed)",
                        "sudo apt-get install -y espeak-ng")]
    ocr = missing_tools()
    checks.append(_ok("ocr", "tesseract (fra) and pdftoppm: scanned PDFs are read") if not ocr
                  else Check("WARN", "ocr", f"{ocr}: scanned PDFs are skipped at sync",
                             "sudo apt-get install -y tesseract-ocr tesseract-ocr-fra "
                             "poppler-utils"))
    return checks


def check_fleet(ctx: Context) -> list[Check]:
    """The servers a fleet robot uses: which, and whether they answer now."""
    from robot.fleet import fleet_health

    return [Check(*row) for row in fleet_health(ctx)]


CHECKS = (check_audio, check_serial, check_models, check_index, check_fleet, check_disk,
          check_tools)


def run_checks(ctx: Context) -> list[Check]:
    out: list[Check] = []
    for check in CHECKS:
        try:
            out += check(ctx)
        except Exception as exc:  # a broken check is itself a finding, never a crash
            out.append(Check("FAIL", check.__name__.removeprefix("check_"),
                             f"the check itself failed: {exc}"))
    return out


def format_checks(checks: list[Check]) -> str:
    lines = []
    for c in checks:
        lines.append(f"{c.level:<4}  {c.name:<16} {c.detail}")
        if c.fix and c.level != "OK":
            lines.append(f"      {'':<16} -> {c.fix}")
    fails = sum(c.level == "FAIL" for c in checks)
    warns = sum(c.level == "WARN" for c in checks)
    lines.append(f"\n{fails} problem(s), {warns} warning(s)")
    return "\n".join(lines)
