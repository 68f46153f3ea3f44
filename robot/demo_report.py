"""The demo's record: each reply as a WAV file, and the closing summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from speech.wavio import write_wav

TIMING_ORDER = ("ack", "endpoint", "stt", "retrieval", "llm_first_token", "tts_first_audio",
                "voice_to_voice", "barge_in_stop")


def write_replies(folder: Path, speaker: Any, turns: list[dict[str, Any]],
                  finished_at: list[float]) -> list[Path | None]:
    """One WAV per turn: the sentences played between the previous turn's end and its own.

    The robot's replies are the one exception to privacy.store_audio: the demo's visitor
    is synthetic and these files are what a person listens to afterwards.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.wav"):
        old.unlink()
    spans: list[tuple[float, float]] = list(getattr(speaker, "spans", []))
    played = list(speaker.played)
    files: list[Path | None] = []
    prev = 0.0
    for turn, end in zip(turns, finished_at, strict=False):
        parts = [p for p, (t0, _) in zip(played, spans, strict=False) if prev <= t0 <= end]
        prev = end
        if not parts:
            files.append(None)
            continue
        rate = parts[0].sample_rate
        gap = np.zeros(rate // 5, dtype=np.int16)
        audio = np.concatenate([x for p in parts for x in (p.samples, gap)])
        path = folder / f"{turn['turn']:02d}-{turn['kind'].replace(':', '-')}.wav"
        write_wav(path, audio, rate)
        files.append(path)
    return files


def _ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def _timings(t: dict[str, float]) -> str:
    return " · ".join(f"{k.replace('_', ' ')} {_ms(t[k])}" for k in TIMING_ORDER if k in t)


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def summary(rows: list[dict[str, Any]], files: list[Path | None], extra: dict[str, Any]) -> str:
    """The closing summary: per turn, what was said, heard, answered, from where, how fast."""
    out = ["", "=" * 78, "DEMO SUMMARY", "=" * 78]
    for row, path in zip(rows, files, strict=False):
        turn = row["turn"]
        said = row.get("said")
        out.append(f"[{turn['turn']}] {turn['kind'] or '-'}"
                   + ("  (interrupted)" if turn["interrupted"] else "")
                   + (f"  (failed: {turn['failed']})" if turn.get("failed") else ""))
        if said:
            out.append(f"    visitor said: « {said} »")
        if turn["heard"]:
            out.append(f"    robot heard:  « {turn['heard']} »")
        if turn["reply"]:
            out.append(f"    robot said:   « {turn['reply']} »")
        if turn["sources"]:
            out.append(f"    source:       {', '.join(turn['sources'])}")
        elif turn["declined"]:
            out.append("    source:       (none: declined, sent to the accueil)")
        if turn["timings_ms"]:
            out.append(f"    timings:      {_timings(turn['timings_ms'])}")
        if path is not None:
            out.append(f"    audio:        {path}")
    answered = [r["turn"]["timings_ms"] for r in rows if "voice_to_voice" in
                r["turn"]["timings_ms"]]
    v2v = [t["voice_to_voice"] for t in answered]
    acks = [r["turn"]["timings_ms"]["ack"] for r in rows if "ack" in r["turn"]["timings_ms"]]
    out += ["-" * 78,
            f"models ready in {extra['ready_s']:.1f} s; {len(rows)} turns; "
            f"voice-to-voice p50 {_ms(_percentile(v2v, 50))}, max {_ms(max(v2v or [0]))}; "
            f"acknowledgement p50 {_ms(_percentile(acks, 50))}, max {_ms(max(acks or [0]))}; "
            f"thinking face received by the head {_ms(_percentile(extra['face_ms'], 50))} "
            f"(p50) after the end of speech",
            f"barge-in: {extra['barge_ins']} (expected {extra['expected_barge_ins']}), the robot "
            f"fell silent {', '.join(_ms(c) for c in extra.get('cuts_ms', [])) or '-'} after "
            "the visitor's voice began;",
            f"  "
            f"false barge-ins on the robot's own voice: {extra['false_barge_ins']} "
            f"(echo gain {extra['echo_gain']}; voiced frames during playback judged echo "
            f"{extra['echo_frames']}, foreign {extra['foreign_frames']})",
            f"STT on the synthetic visitor: word error rate {extra['wer']:.0%} "
            "(espeak-ng French through Whisper base; see README)",
            f"head (simulator): {extra['head']}",
            "", "What to look at:",
            f"  - the replies as audio: {extra['demo_dir']}/*.wav",
            f"  - the redacted transcript log: {extra['transcript']}",
            f"  - the loop's status file: {extra['status']} (or `robot status`)",
            "  - `robot -v demo` shows every state transition (one log line each)"]
    return "\n".join(out)
