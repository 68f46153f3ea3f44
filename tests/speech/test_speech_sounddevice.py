"""The sounddevice microphone and speaker on ALSA file devices (no sound card needed).

PortAudio reads the ALSA configuration once per process, so each check runs in a fresh
interpreter whose HOME holds an ``.asoundrc`` with file-backed capture and playback PCMs.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ASOUNDRC = """
pcm.robotout {{ type file; slave.pcm "null"; file "{out}"; format "raw" }}
pcm.robotin {{ type file; slave.pcm "null"; file "/dev/null"; infile "{inp}"; format "raw" }}
"""


@pytest.fixture
def alsa_home(tmp_path: Path) -> Path:
    t = np.arange(32000) / 16000
    (tmp_path / "in.raw").write_bytes((np.sin(2 * np.pi * 440 * t) * 12000).astype("<i2").tobytes())
    (tmp_path / ".asoundrc").write_text(ASOUNDRC.format(out=tmp_path / "out.raw",
                                                        inp=tmp_path / "in.raw"))
    return tmp_path


def run(home: Path, code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_microphone_by_name_reads_16k_mono(alsa_home: Path) -> None:
    out = run(alsa_home, """
        import numpy as np
        from speech.sounddev import SoundDeviceMicrophone
        mic = SoundDeviceMicrophone("ROBOTIN")  # name substring, any case
        a = np.concatenate([mic.read(480) for _ in range(20)])
        mic.close()
        print(mic.sample_rate, a.dtype, len(a), int(np.abs(a).max()))
    """)
    rate, dtype, n, peak = out.split()
    assert (rate, dtype, n) == ("16000", "int16", "9600") and 11000 < int(peak) <= 12000


def test_speaker_plays_everything_and_reports_level(alsa_home: Path) -> None:
    out = run(alsa_home, """
        import numpy as np
        from speech.sounddev import SoundDeviceSpeaker, find_device
        sp = SoundDeviceSpeaker("robotout", volume=0.5)
        x = (np.sin(np.arange(22050) / 5) * 8000).astype(np.int16)
        print(sp.play(x, 22050), sp.play(x, 22050), sp.is_playing(), find_device(0, "output"))
        sp.close()
    """)
    assert out.split() == ["True", "True", "False", "0"]
    played = np.frombuffer((alsa_home / "out.raw").read_bytes(), "<i2")
    assert len(played) == 2 * 22050 and 3800 < np.abs(played).max() <= 4000  # volume 0.5


def test_unknown_device_lists_the_real_ones(alsa_home: Path) -> None:
    out = run(alsa_home, """
        from robot.core.errors import AudioError
        from speech.sounddev import SoundDeviceMicrophone
        try:
            SoundDeviceMicrophone("USB PnP")
        except AudioError as exc:
            print(exc)
    """)
    assert "no input device matches 'USB PnP'" in out and "robotin" in out
