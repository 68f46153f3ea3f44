"""The always-open ear: microphone -> VAD and echo gate -> endpointer -> loop events.

Runs on its own thread and posts SpeechStarted / BargeIn, SpeechPaused / SpeechResumed
(a short silence inside speech: the loop acknowledges and transcribes speculatively),
SpeechEnded, SpeechDropped, MicrophoneLost / MicrophoneBack. A voiced frame counts as
speech only if the echo gate (robot.bargein) says the played audio does not explain it,
so the robot's own voice never opens an utterance.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from robot.bargein import GateParams, GateResult, analyse
from robot.events import (
    BargeIn,
    Event,
    MicrophoneBack,
    MicrophoneLost,
    Shutdown,
    SpeechDropped,
    SpeechEnded,
    SpeechPaused,
    SpeechResumed,
    SpeechStarted,
)
from robot.settings import DialogueSettings
from speech import segmenter as seg
from speech.endpointer import EndpointConfig
from speech.protocols import SAMPLE_RATE, EndOfAudio, Microphone, Speaker
from speech.settings import VadSettings

log = logging.getLogger(__name__)
Vad = Callable[[np.ndarray], bool]
MAX_LATE_S = 1.5  # listener this far behind real time: the speaker's memory is too short
BARGE_IN_PRE_ROLL_S = 0.08


class StreamClock:
    """Maps audio-stream time to wall-clock time for a real-time source that may be read late.

    A block can only be read after its last sample was captured, so the smallest
    ``now - stream_time`` seen is the best estimate of the stream's start; how much a
    read exceeds it is how late we are. The estimate leaks upwards slowly so it follows
    a sound card clock slightly slower than the system's (200 ppm covers cheap cards; a
    faster leak would make the mapping jitter, and the echo gate's lag with it).
    Pure: the caller gives ``now``.
    """

    def __init__(self, leak_per_s: float = 0.0002) -> None:
        self.leak = leak_per_s
        self.offset: float | None = None
        self._last = 0.0

    def update(self, now: float, stream_s: float) -> float:
        """Note a read that ended at ``stream_s`` returned at ``now``; returns the lateness."""
        off = now - stream_s
        if self.offset is None:
            self.offset = off
        else:
            self.offset = min(self.offset + self.leak * max(0.0, now - self._last), off)
        self._last = now
        return off - self.offset

    def wall(self, stream_s: float) -> float:
        return (self.offset or 0.0) + stream_s


def gate_params(dialogue: DialogueSettings) -> GateParams:
    return GateParams(ratio=dialogue.barge_in_ratio, max_lag_s=dialogue.barge_in_max_lag_s)


class Listener:
    def __init__(self, mic: Microphone, speaker: Speaker | None, vad: VadSettings,
                 dialogue: DialogueSettings, post: Callable[[Event], None], *,
                 clock: Callable[[], float] = time.monotonic, vad_fn: Vad | None = None,
                 on_end: Callable[[], None] | None = None) -> None:
        self.mic, self.speaker, self.post, self.clock = mic, speaker, post, clock
        self.gate = gate_params(dialogue)
        self.frame_len = SAMPLE_RATE * vad.frame_ms // 1000
        # Pauses are the endpointer's: one state machine, fed in audio time.
        config = replace(EndpointConfig.from_settings(vad),
                         pause_ms=dialogue.speculative_pause_ms)
        self.segmenter = seg.Segmenter(config, vad.frame_ms,
                                       vad=vad_fn or seg.webrtc_vad(vad.aggressiveness))
        self._ring = np.zeros(self.gate.fit_samples, dtype=np.int16)  # the mic's last window
        self._trim = 0  # samples of echo-laden pre-roll dropped from a barge-in utterance
        self._t_read = clock()
        self.stream_clock = StreamClock()
        self._down_since: float | None = None
        self._stop = threading.Event()
        self._on_end = on_end
        self.thread: threading.Thread | None = None
        self.stats: Counter[str] = Counter()  # voiced / echo / foreign frames, barge-ins

    # --- thread ---------------------------------------------------------------------------
    def start(self) -> Listener:
        self.thread = threading.Thread(target=self.run, name="listener", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                block = self.mic.read(self.frame_len)
            except EndOfAudio:
                log.info("microphone script ended")
                (self._on_end or (lambda: self.post(Shutdown("end of audio"))))()
                return
            except Exception as exc:  # an unwrapped device failing: report, wait, retry
                self.mic_changed(False, str(exc))
                self._stop.wait(1.0)
                continue
            if self._down_since is not None and not getattr(self.mic, "available", True):
                continue  # a reopening microphone gives silence while down
            self.feed(block, self.clock())

    def mic_changed(self, up: bool, error: str = "device lost") -> None:
        """ReopeningMicrophone's on_change: tell the loop, forget a half-heard utterance."""
        now = self.clock()
        if not up and self._down_since is None:
            self._down_since = now
            self.segmenter.reset()
            self.post(MicrophoneLost(error))
        elif up and self._down_since is not None:
            self.post(MicrophoneBack(round(now - self._down_since, 2)))
            self._down_since = None
            # A reopened device is a new stream: the outage fed nothing, so the old
            # mapping would find every frame seconds late (echo gate off for hours).
            self.stream_clock = StreamClock(self.stream_clock.leak)

    # --- one block of audio (pure apart from posting; tests call it directly) -------------
    def feed(self, block: np.ndarray, t_read: float) -> None:
        self._t_read = t_read
        self.stream_clock.update(t_read, self.segmenter.time_s + len(block) / SAMPLE_RATE)
        for i in range(0, len(block) - self.frame_len + 1, self.frame_len):
            frame = block[i:i + self.frame_len]
            self._ring = np.concatenate((self._ring[len(frame):], frame))
            cleaned, gate = self._gate_frame(frame)
            for event in self.segmenter.feed(cleaned, gate=gate):
                self._segment(event)

    def _at(self, stream_s: float) -> float:
        """Wall-clock time of a point of the audio stream (when it was captured)."""
        return self.stream_clock.wall(stream_s)

    def _segment(self, event: seg.SegmentEvent) -> None:
        match event:
            case seg.SpeechStarted(at_s=at, audio=audio):
                self._trim = 0
                if self._robot_audible():
                    # Over the robot's voice the pre-roll is mostly its echo: keep only
                    # BARGE_IN_PRE_ROLL_S of it, or STT hears the robot's last syllable.
                    onset = len(audio) - int((self.segmenter.time_s - at) * SAMPLE_RATE)
                    self._trim = max(0, onset - int(BARGE_IN_PRE_ROLL_S * SAMPLE_RATE))
                    self.stats["barge_ins"] += 1
                    self.post(BargeIn(t=self._t_read, t_onset=self._at(at)))
                else:
                    self.post(SpeechStarted(self._at(at)))
            case seg.SpeechPaused(audio=audio, end_s=end):
                self.post(SpeechPaused(audio[self._trim:], t_end=self._at(end)))
            case seg.SpeechResumed():
                self.post(SpeechResumed(self._t_read))
            case seg.SpeechEnded(utterance=utt):
                self.post(SpeechEnded(utt.audio[self._trim:], t_end=self._at(utt.end_s),
                                      t_detected=self._t_read))
            case seg.SpeechDiscarded():
                self.post(SpeechDropped(self._t_read))

    def _robot_audible(self) -> bool:
        if self.speaker is None:
            return False
        if self.speaker.is_playing():
            return True
        ref = self.speaker.reference(0.3)
        return bool(np.abs(ref).max(initial=0) > 100)

    def _gate_frame(self, frame: np.ndarray) -> tuple[np.ndarray, seg.Gate]:
        """Compare the frame with what the robot plays: the frame with the echo removed
        (what the endpointer keeps for STT, so "Stop !" said over the robot is not
        transcribed through it), and the gate that says whether a voiced frame is the
        visitor's: only what the played audio does not explain is speech."""
        if self.speaker is None:
            return frame, self._verdict(None, too_late=False)
        ref = self._reference()
        if ref is None:
            return frame, self._verdict(None, too_late=True)
        if not np.abs(ref).max(initial=0) > 0:
            return frame, self._verdict(None, too_late=False)
        result = analyse(self._ring, ref, self.gate, tail=len(frame))
        return result.cleaned(frame), self._verdict(result, too_late=False)

    def _verdict(self, result: GateResult | None, *, too_late: bool) -> seg.Gate:
        """The segmenter asks it only for frames the VAD called voiced."""
        def gate(_frame: np.ndarray) -> bool:
            self.stats["voiced"] += 1
            if too_late:  # too late to compare: never cut the robot on a guess
                self.stats["too_late"] += 1
                return self.speaker is None or not self.speaker.is_playing()
            if result is None:
                return True
            self.stats["foreign" if result.foreign else "echo"] += 1
            return result.foreign
        return gate

    def _reference(self) -> np.ndarray | None:
        """What was played up to the moment this frame was captured (not up to now).

        When the listener runs late (a busy CPU), the microphone frame is older than the
        speaker's "now": shift the reference back by the lateness so the echo stays
        within the lags the gate searches.
        """
        assert self.speaker is not None
        frame_end = self.segmenter.time_s + self.segmenter.frame_ms / 1000
        late = max(0.0, self.clock() - self._at(frame_end))
        if late > MAX_LATE_S:
            return None
        cut = int(late * SAMPLE_RATE)
        ref = self.speaker.reference(self.gate.reference_s + late)
        return ref[: len(ref) - cut] if cut else ref
