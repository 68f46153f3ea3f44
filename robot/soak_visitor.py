"""The soak's visitor and hall: what is said (espeak-ng lines per kind of turn), the
sounds that are not speech, and the room's noise floor under everything the
microphone hears."""

from __future__ import annotations

from typing import Any

import numpy as np

LINES: dict[str, tuple[str, ...]] = {
    "question": ("Comment faire une carte d'identité ?", "Quels sont les horaires de la mairie ?",
                 "Combien coûte la cantine ?", "À quelle heure ouvre la piscine municipale ?",
                 "Où se trouve la déchetterie ?", "Comment louer une salle municipale ?"),
    "follow_up": ("Et pour un enfant de dix ans ?", "Et le samedi ?", "Et combien ça coûte ?"),
    "out_of_scope": ("Quelle est la capitale du Japon ?",
                     "Qui a gagné le match de football hier soir ?",
                     "Quel temps fera-t-il demain à Paris ?"),
    "interrupt": ("Stop !", "Attendez, et pour un enfant ?"),
    "command": ("Répète.", "Plus lentement, s'il vous plaît.",
                "Je voudrais parler à quelqu'un de la mairie.", "Au revoir."),
}


def knocks_and_fan(rng: np.random.Generator) -> np.ndarray:
    """Three knocks on the desk, then a ventilation hum: sound, but nobody speaking."""
    parts = []
    for _ in range(3):
        n = 800  # 50 ms
        burst = rng.normal(0, 9000, n) * np.exp(-np.arange(n) / 150)
        parts += [burst, np.zeros(4000)]
    fan = np.convolve(rng.normal(0, 900, 24000), np.ones(20) / 20, mode="same")
    parts.append(fan)
    return np.clip(np.concatenate(parts), -32768, 32767).astype(np.int16)


class RoomFloor:
    """The hall a microphone is in: a -64 dBFS noise floor under everything it hears.

    A device never delivers digital zeros; webrtcvad adapted to zeros takes the onset
    of any floor for speech, which is the fake microphone's doing, not the robot's.
    """

    def __init__(self, inner: Any, rng: np.random.Generator, rms: float = 20.0) -> None:
        self.inner = inner
        self._floor = rng.normal(0, rms, 160000).astype(np.int16)  # 10 s, looped
        self._at = 0

    @property
    def sample_rate(self) -> int:
        return int(self.inner.sample_rate)

    def read(self, n_samples: int) -> np.ndarray:
        block = self.inner.read(n_samples)
        idx = (self._at + np.arange(n_samples)) % len(self._floor)
        self._at = (self._at + n_samples) % len(self._floor)
        mixed = block.astype(np.int32) + self._floor[idx]
        return np.clip(mixed, -32768, 32767).astype(np.int16)

    def resync(self) -> None:
        self.inner.resync()

    def close(self) -> None:
        self.inner.close()
