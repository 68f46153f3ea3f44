"""A short soak (robot bench soak): one turn of each kind, each fault once, on real models.

The live loop as `robot run` assembles it (status file, transcript log, the watchdog),
a WAV microphone paced in real time, the simulated head on a pty, the real LLM and
voice wrapped to fail on schedule, real index syncs in another process, the data dir
on a small tmpfs filled up during one of them. Four documents instead of the sample
commune's eighteen keep the one-time indexing to ~12 s; about two minutes in all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from robot import rig
from robot.config import Settings
from robot.context import Context
from robot.soak import run_soak
from robot.soak_plan import FAULTS, KINDS, Step

pytestmark = pytest.mark.slow

DOCUMENTS = ("carte-identite-passeport.html", "horaires-services.csv",
             "tarifs-cantine-periscolaire-2026.pdf", "dechetterie-encombrants.txt")
# Nine turns: every kind, every fault; the questions are the first three of the soak's.
STEPS = [
    Step("question", "llm_raises"),
    Step("follow_up", "index_switch"),
    Step("out_of_scope", "serial_garbage"),
    Step("barge_in"),
    Step("question", "head_unplug"),
    Step("command", "tts_raises"),  # « Répète. »: the repeat fails in the voice
    Step("silence", "mic_lost"),
    Step("noise"),
    Step("question", "disk_full"),
]


def test_a_short_soak_survives_every_fault(tmp_path: Path) -> None:
    assert {s.kind for s in STEPS} == set(KINDS)
    assert {s.fault for s in STEPS if s.fault} == set(FAULTS)
    corpus = tmp_path / "documents"
    corpus.mkdir()
    for name in DOCUMENTS:
        shutil.copy(rig.corpus_dir() / name, corpus / name)
    lines: list[str] = []
    # The model phrases (llm.mode generate): its failure is one of the faults.
    ctx = Context.build(Settings.model_validate({"llm": {"mode": "generate"}}), None,
                        tmp_path / "unused")
    report = run_soak(ctx, len(STEPS), corpus=corpus, out=lines.append,
                      work=tmp_path / "soak", steps=STEPS)
    text = report.format(FAULTS)
    assert report.completed == len(STEPS), text
    assert report.crashes == [], text
    assert report.stuck == [], text
    assert report.injected == {f: 1 for f in FAULTS}, text + "\n" + "\n".join(lines)
    assert report.survived == report.injected, text
    assert report.failures == [] and report.never_fired == [], text
    assert report.watchdog_missed == 0, text
    assert report.ok
