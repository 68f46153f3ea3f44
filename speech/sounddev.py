"""The real sound card, through sounddevice/PortAudio (imported lazily: it needs libportaudio2).

Devices are chosen by index or by a case-insensitive substring of their name. A device
that cannot run at 16 kHz is opened at its own rate and resampled here.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from robot.core.errors import AudioError
from speech.playback import BLOCK_MS, TappedSpeaker
from speech.protocols import SAMPLE_RATE
from speech.resample import StreamResampler
from speech.settings import AudioSettings

log = logging.getLogger(__name__)


def _sd() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio library itself is missing
        raise AudioError(f"sound system unavailable: {exc}",
                         hint="install it: apt-get install libportaudio2") from None
    return sounddevice


def list_devices() -> list[dict[str, Any]]:
    """Every device PortAudio sees (empty on a machine with no sound card)."""
    return [dict(d, index=i) for i, d in enumerate(_sd().query_devices())]


def find_device(spec: str | int | None, kind: str) -> int | None:
    """Index of the device named by ``spec`` (index or name substring); None = default."""
    if spec is None or spec == "":
        return None
    key = "max_input_channels" if kind == "input" else "max_output_channels"
    devices = [d for d in list_devices() if d[key] > 0]
    if isinstance(spec, int) or str(spec).isdigit():
        if any(d["index"] == int(spec) for d in devices):
            return int(spec)
    else:
        for d in devices:
            if str(spec).lower() in d["name"].lower():
                return int(d["index"])
    names = ", ".join(f"{d['index']}: {d['name']}" for d in devices) or "none"
    raise AudioError(f"no {kind} device matches {spec!r}", hint=f"{kind} devices: {names}")


def _pick_format(sd: Any, device: int | None, kind: str, wanted: int) -> tuple[int, int]:
    """(rate, channels) the device accepts: mono at ``wanted`` if it can, else its own rate
    and/or stereo (some USB microphones are stereo-only), converted here."""
    check = sd.check_input_settings if kind == "input" else sd.check_output_settings
    try:
        own = int(sd.query_devices(device, kind)["default_samplerate"])
    except Exception as exc:
        raise AudioError(f"no {kind} device available: {exc}",
                         hint="check the cable, then `robot speech devices`") from None
    for channels in (1, 2):
        for rate in dict.fromkeys((wanted, own)):
            try:
                check(device=device, samplerate=rate, channels=channels, dtype="int16")
                return rate, channels
            except Exception:  # not this combination; try the next
                continue
    raise AudioError(f"the {kind} device accepts neither {wanted} Hz nor {own} Hz, mono or stereo")


class SoundDeviceMicrophone:
    """Mono 16 kHz int16 from a capture device; AudioError when it fails or disappears."""

    def __init__(self, device: str | int | None = None, block_ms: int = 30) -> None:
        sd = _sd()
        try:
            index = find_device(device, "input")
            self.device_rate, self.channels = _pick_format(sd, index, "input", SAMPLE_RATE)
            self._stream = sd.InputStream(
                device=index, samplerate=self.device_rate, channels=self.channels, dtype="int16",
                blocksize=self.device_rate * block_ms // 1000,
            )
            self._stream.start()
        except AudioError:
            raise
        except Exception as exc:
            raise AudioError(f"cannot open the microphone {device or '(default)'}: {exc}") from None
        self._resampler = StreamResampler(self.device_rate, SAMPLE_RATE)
        self._buffer = np.zeros(0, dtype=np.int16)
        log.info("microphone open: %s at %d Hz, %d channel(s)", device or "default",
                 self.device_rate, self.channels)

    @classmethod
    def from_settings(cls, audio: AudioSettings) -> SoundDeviceMicrophone:
        return cls(audio.input_device, audio.block_ms)

    @property
    def sample_rate(self) -> int:
        return SAMPLE_RATE

    def read(self, n_samples: int) -> np.ndarray:
        while len(self._buffer) < n_samples:
            need = n_samples - len(self._buffer)
            frames = max(1, int(need * self.device_rate / SAMPLE_RATE) + 1)
            try:
                data, overflowed = self._stream.read(frames)
            except Exception as exc:
                raise AudioError(f"microphone read failed: {exc}") from None
            if overflowed:
                log.debug("microphone overflow: the loop fell behind")
            frames_in = np.asarray(data, dtype=np.int16).reshape(-1, self.channels)
            if self.channels > 1:
                frames_in = frames_in.mean(axis=1, dtype=np.float64).astype(np.int16)[:, None]
            block = self._resampler.process(frames_in.reshape(-1))
            self._buffer = np.concatenate([self._buffer, block])
        out, self._buffer = self._buffer[:n_samples], self._buffer[n_samples:]
        return out

    def close(self) -> None:
        try:
            self._stream.close()
        except Exception:  # a lost device cannot be closed cleanly; nothing to do
            log.debug("closing the microphone failed", exc_info=True)


class SoundDeviceSpeaker(TappedSpeaker):
    """Plays through an output device in 20 ms blocks so ``stop()`` cuts within one block."""

    def __init__(self, device: str | int | None = None, volume: float = 1.0) -> None:
        super().__init__()
        self.device, self.volume = device, volume
        self._stream: Any = None
        self._stream_rate = 0
        self._channels = 1

    @classmethod
    def from_settings(cls, audio: AudioSettings) -> SoundDeviceSpeaker:
        return cls(audio.output_device, audio.output_volume)

    def _open(self, rate: int) -> int:
        """Open (or keep) a stream for ``rate``; returns the rate the device really runs at."""
        if self._stream is not None and self._stream_rate == rate:
            return rate
        sd = _sd()
        index = find_device(self.device, "output")
        device_rate, self._channels = _pick_format(sd, index, "output", rate)
        if self._stream is None or self._stream_rate != device_rate:
            self._close_stream()
            self._stream = sd.OutputStream(device=index, samplerate=device_rate,
                                           channels=self._channels, dtype="int16",
                                           latency="low")
            self._stream_rate = device_rate
        return device_rate

    def play(self, samples: np.ndarray, sample_rate: int) -> bool:
        self._stop.clear()
        self._playing.set()
        try:
            return self._play(np.asarray(samples, dtype=np.int16).reshape(-1), sample_rate)
        except AudioError:
            raise
        except Exception as exc:
            self._close_stream()  # reopened at the next play
            raise AudioError(f"playback failed: {exc}") from None
        finally:
            self._playing.clear()

    def _play(self, samples: np.ndarray, sample_rate: int) -> bool:
        rate = self._open(sample_rate)
        if rate != sample_rate:
            samples = StreamResampler(sample_rate, rate).process(samples)
        if self.volume != 1.0:
            samples = np.clip(samples * self.volume, -32768, 32767).astype(np.int16)
        self.tap.begin(rate)
        block = rate * BLOCK_MS // 1000
        self._stream.start()
        for i in range(0, len(samples), block):
            if self._stop.is_set():
                self._stream.abort()  # drop what is queued in the device: silence now
                return False
            chunk = samples[i:i + block]
            self.tap.push(chunk)
            self._stream.write(np.repeat(chunk[:, None], self._channels, axis=1))
        self._stream.stop()  # waits for the queued audio to be heard
        return not self._stop.is_set()

    def _close_stream(self) -> None:
        if self._stream is not None:
            try:
                self._stream.close()
            except Exception:
                log.debug("closing the output stream failed", exc_info=True)
            self._stream = None

    def close(self) -> None:
        self.stop()
        self._close_stream()
