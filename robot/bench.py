"""`robot bench` (loop): spoken questions through the live loop; latency percentiles.

A fixed set of French questions is synthesised once (espeak-ng), then spoken into the
WAV microphone in real time, ``--repeat`` times, through the same loop `robot run`
uses (no head: the body is measured by `robot bench head`). The speaker does not wait
for playback, so each turn ends when the whole answer is synthesised. Then the echo
gate is measured: the robot's own voice played back into its microphone at several
gains must never interrupt it, and a visitor speaking over it must, quickly.
"""

from __future__ import annotations

import argparse
import os
import resource
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from robot import rig
from robot.context import Context
from robot.watch import TurnWatcher

QUESTIONS = (
    "Comment faire une carte d'identité ?",
    "Quels sont les horaires de la mairie ?",
    "Combien coûte la cantine ?",
    "À quelle heure ouvre la piscine municipale ?",
    "Où se trouve la déchetterie ?",
    "Comment louer une salle municipale ?",
)
STAGES = ("ack", "endpoint", "stt", "retrieval", "llm_first_token", "tts_first_audio",
          "voice_to_voice")
PATHS = ("  answered", "  declined")  # voice_to_voice by outcome
TARGETS = {"ack": "<= 300 ms", "voice_to_voice": "p50 <= 1.0 s, p95 <= 2.0 s"}


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def process_age_s() -> float:
    """Seconds since this process started (Linux /proc), imports included."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(stat[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def run_questions(ctx: Context, repeat: int, out: Any = print) -> dict[str, Any]:
    """Ask every question ``repeat`` times through the loop; per-stage lists of ms."""
    from hardware.events import Presence
    from robot.events import HeadEvent
    from robot.wiring import assemble, load_engines
    from speech.mic_wav import WavMicrophone
    from speech.playback import WavSpeaker

    # The service starts on an index staff already built: indexing is timed apart.
    t_index = time.monotonic()
    out(rig.ensure_index(ctx))
    index_s = time.monotonic() - t_index
    audio = [rig.visitor_speech(q) for q in QUESTIONS]
    t0 = time.monotonic()
    engines = load_engines(ctx)
    mic = WavMicrophone(realtime=True)
    speaker = WavSpeaker(realtime=False)
    robot = assemble(ctx, engines, mic, speaker, None, write_status=False,
                     log_transcripts=False)
    watch = TurnWatcher()
    robot.tracer.sinks.append(watch)
    robot.start()
    ready_s, age_s = time.monotonic() - t0, process_age_s() - index_s
    out(f"ready in {ready_s:.1f} s ({age_s:.1f} s since the process started, "
        f"one-time indexing of {index_s:.1f} s aside): "
        f"{engines.describe()}; load {engines.load_s}")
    robot.post(HeadEvent(Presence(approaching=True)))  # engaged: no wake phrase needed
    watch.wait_turn(1, 60)
    results: dict[str, list[float]] = {k: [] for k in (*STAGES, *PATHS)}
    heard = []
    try:
        for r in range(repeat):
            for q, samples in zip(QUESTIONS, audio, strict=True):
                robot.post(HeadEvent(Presence(approaching=True)))  # keep the session open
                before = len(watch.turns)
                mic.feed(samples)
                if not watch.wait_turn(before + 1, 90):
                    out(f"  no answer within 90 s to {q!r}")
                    continue
                turn = watch.turns[-1]
                for k in STAGES:
                    if k in turn["timings_ms"]:
                        results[k].append(turn["timings_ms"][k])
                v2v = turn["timings_ms"].get("voice_to_voice")
                if v2v is not None:  # misheard questions are declined, and that is faster
                    results[PATHS[0] if turn["sources"] else PATHS[1]].append(v2v)
                heard.append((q, turn["heard"]))
                shown = " ".join(f"{k}={turn['timings_ms'][k]:.0f}" for k in STAGES
                                 if k in turn["timings_ms"])
                out(f"  [{r + 1}/{repeat}] {q} -> {turn['kind']}: {shown}")
                time.sleep(0.5)
    finally:
        robot.stop("bench over")
    from speech.wer import wer

    return {"stages": results, "ready_s": ready_s, "process_age_s": age_s, "index_s": index_s,
            "wer": sum(wer(q, h) for q, h in heard) / max(1, len(heard))}


def measure_echo(gains: tuple[float, ...] = (0.3, 0.6, 1.0), out: Any = print
                 ) -> dict[str, Any]:
    """False barge-ins on the robot's own voice, and how fast a real interruption is seen."""
    from robot.events import BargeIn
    from robot.listener import Listener
    from robot.settings import DialogueSettings
    from speech.mic_wav import WavMicrophone
    from speech.settings import VadSettings
    from speech.tts_espeak import EspeakTts

    text = ("D'après la page Carte d'identité du site de la mairie, la demande se fait en "
            "ligne puis en mairie, sur rendez-vous. Le délai est d'environ trois semaines. "
            "Pensez à apporter un justificatif de domicile et une photo récente.")
    voice = [a for a in EspeakTts("fr", 0.9).synthesize(text)]
    visitor = rig.visitor_speech("Attendez, et pour un enfant ?")
    lead = int(np.argmax(np.abs(visitor) > 500)) / 16000
    report: dict[str, Any] = {"false": {}, "detect_ms": []}
    for gain in gains:
        for interrupt in (False, True):
            speaker = rig.timed_speaker()
            mic = rig.EchoMicrophone(WavMicrophone(realtime=True), speaker, gain=gain)
            events: list[tuple[float, Any]] = []

            def post(e: Any, ev: list[tuple[float, Any]] = events) -> None:
                ev.append((time.monotonic(), e))

            listener = Listener(mic, speaker, VadSettings(), DialogueSettings(), post).start()
            fed = [0.0]

            def speak_over(m: Any = mic, f: list[float] = fed) -> None:
                time.sleep(1.5)
                f[0] = time.monotonic() + lead
                m.feed(visitor)

            if interrupt:
                threading.Thread(target=speak_over, daemon=True).start()
            for a in voice:
                speaker.play(a.samples, a.sample_rate)
            time.sleep(0.5)
            listener.stop()
            barge = [t for t, e in events if isinstance(e, BargeIn)]
            if interrupt:
                hits = [t - fed[0] for t in barge if t >= fed[0] - 0.05]
                report["detect_ms"].append(round(hits[0] * 1000, 0) if hits else None)
            else:
                report["false"][gain] = (len(barge), dict(listener.stats))
            out(f"  echo gain {gain}: {'visitor over the robot' if interrupt else 'own voice'}"
                f" -> {len(barge)} barge-in(s); frames {dict(listener.stats)}")
    return report


def bench_loop(args: argparse.Namespace, ctx: Context) -> int:
    repeat = max(1, int(getattr(args, "repeat", 3)))
    print(f"loop benchmark: {len(QUESTIONS)} spoken questions x {repeat}, real time")
    res = run_questions(ctx, repeat)
    print("\nstage              p50        p95        n   target")
    for k in (*STAGES, *PATHS):
        v = res["stages"][k]
        print(f"{k:<18} {_fmt(percentile(v, 50))}  {_fmt(percentile(v, 95))}  {len(v):>3}"
              f"   {TARGETS.get(k, '')}")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak RSS':<18} {rss_mb:>7.0f} MB   (target <= 1536 MB)")
    print(f"{'time to ready':<18} {res['ready_s']:>7.1f} s    (target <= 10 s; "
          f"{res['process_age_s']:.1f} s counting imports; indexing {res['index_s']:.1f} s "
          "apart)")
    print(f"{'STT word errors':<18} {res['wer']:>7.0%}      (espeak-ng visitor, Whisper base)")
    print("\necho gate (the robot's voice mixed back into its microphone, 50 ms later):")
    echo = measure_echo()
    false = {g: n for g, (n, _) in echo["false"].items()}
    print(f"false barge-ins per gain: {false}; real interruption seen after "
          f"{echo['detect_ms']} ms (VAD needs 90 ms of speech)")
    return 0


def _fmt(ms: float) -> str:
    if ms != ms:  # NaN
        return "      -  "
    return f"{ms / 1000:7.2f} s " if ms >= 1000 else f"{ms:7.0f} ms"
