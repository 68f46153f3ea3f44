"""The listener across a microphone outage: what the soak found (robot bench soak)."""

from __future__ import annotations

import numpy as np

from robot.listener import Listener
from robot.settings import DialogueSettings
from speech.playback import WavSpeaker
from speech.settings import VadSettings


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_reopened_microphone_is_a_new_stream_not_seconds_late() -> None:
    """During an outage nothing is fed, so stream time stops while the wall clock runs.
    Before the fix every frame after the outage looked 3 s late: the echo gate was off
    (too late to compare) for hours, and the robot heard its own voice as a visitor."""
    clock, posted = Clock(), []
    listener = Listener(object(), WavSpeaker(realtime=False), VadSettings(),  # type: ignore[arg-type]
                        DialogueSettings(), posted.append, clock=clock, vad_fn=lambda f: False)
    block = np.zeros(480, dtype=np.int16)  # 30 ms
    for _ in range(10):
        clock.t += 0.03
        listener.feed(block, clock.t)
    assert listener._reference() is not None  # recent enough to compare
    listener.mic_changed(False, "unplugged")
    clock.t += 3.0  # three seconds without a device: nothing read, nothing fed
    listener.mic_changed(True)
    for _ in range(10):
        clock.t += 0.03
        listener.feed(block, clock.t)
    assert [type(e).__name__ for e in posted] == ["MicrophoneLost", "MicrophoneBack"]
    assert listener._reference() is not None  # the echo gate compares again
    assert listener.stream_clock.update(clock.t, listener.segmenter.time_s) < 0.1
