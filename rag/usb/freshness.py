"""Is a bundle newer than what the robot applied? Pure decisions: no I/O, the clock passed in.

Each signing key numbers its own bundles (1, 2, 3...; `robot bundle create` keeps the
counter next to the key). A bundle is new when its number is above the highest one the
robot applied from that key, so:
  - a replayed old stick is refused, whatever date it carries;
  - a PC whose clock is wrong, ahead or behind, cannot make later bundles look old;
  - several PCs, one key each, never block one another.
Sticks signed before numbers existed are compared by date as before, but only against
dates the robot's clock finds plausible: a 2031 date applied once cannot block them.

The date keeps one job: a bundle dated more than FUTURE_TOLERANCE ahead of the robot's
clock comes from a PC with a wrong clock and is refused, so staff fix the PC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from rag.usb.errors import Refusal
from rag.usb.manifest import Manifest

# Two days: above any time-zone mistake on the PC (zones span 26 h; ISO offsets make a
# correctly set zone harmless) plus a day of lag on the robot, which has no network to
# set its clock; still catches a PC wrong by days, months or years. A wider margin would
# cost no safety (numbers, not dates, stop replays), a narrower one refuses good bundles.
FUTURE_TOLERANCE = timedelta(hours=48)
UNSIGNED = "unsigned"  # the signer id of test bundles (usb.allow_unsigned)


def signer_id(m: Manifest) -> str:
    return m.signer or UNSIGNED


def _date(text: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


@dataclass(frozen=True)
class Record:
    """What the robot applied: the last bundle and, per signer, the highest number."""

    sha256: str | None = None  # the last bundle's manifest: plugged again, it is up to date
    newest_created: datetime | None = None  # the bar for unnumbered bundles
    sequences: Mapping[str, int] = field(default_factory=dict)  # signer id -> highest
    info: Mapping[str, Any] = field(default_factory=dict)  # created, applied_at, version...

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        """Also reads records written before numbers existed (their `created` is the bar)."""
        seqs = data.get("sequences")
        sequences = {
            str(k): v
            for k, v in (seqs.items() if isinstance(seqs, dict) else ())
            if isinstance(v, int) and not isinstance(v, bool)
        }
        sha = data.get("sha256")
        own = ("sha256", "newest_created", "sequences")
        return cls(
            sha256=sha if isinstance(sha, str) else None,
            newest_created=_date(data.get("newest_created", data.get("created"))),
            sequences=sequences,
            info={k: v for k, v in data.items() if k not in own},
        )

    def to_json(self) -> dict[str, Any]:
        newest = self.newest_created.isoformat() if self.newest_created else None
        return {
            **self.info,
            "sha256": self.sha256,
            "newest_created": newest,
            "sequences": dict(sorted(self.sequences.items())),
        }


def _plausible(when: datetime | None, now: datetime) -> datetime | None:
    """A recorded date the robot's clock can believe; one from a clock far ahead is ignored."""
    return when if when is not None and when <= now + FUTURE_TOLERANCE else None


def refusal(m: Manifest, last: Record | None, now: datetime) -> Refusal | None:
    """Why this bundle (not the one applied last) must not be applied, or None."""
    created = _date(m.created)
    if created is not None and created > now + FUTURE_TOLERANCE:
        return Refusal(
            "future_bundle",
            detail=f"created {m.created}, robot clock {now.isoformat(timespec='seconds')}, "
            f"tolerance {FUTURE_TOLERANCE}",
            advice=f"lot daté du {created:%d/%m/%Y à %H:%M}",
        )
    if last is None:
        return None
    if m.sequence is not None:
        best = last.sequences.get(signer_id(m))
        if best is not None and m.sequence <= best:
            return Refusal(
                "stale_bundle",
                detail=f"bundle #{m.sequence}, #{best} already applied from this signer",
                advice=f"lot n° {m.sequence}, déjà installé jusqu'au n° {best} ; un lot plus "
                f"récent se fait avec « robot bundle create … --sequence {best + 1} »",
            )
        return None
    bar = _plausible(last.newest_created, now)
    if bar is not None and created is not None and created < bar:
        return Refusal(
            "stale_bundle",
            detail=f"unnumbered bundle created {m.created} < newest applied {bar.isoformat()}",
            advice=f"lot du {created:%d/%m/%Y}, installé depuis : lot du {bar:%d/%m/%Y}",
        )
    return None


def applied(
    last: Record | None, m: Manifest, digest: str, now: datetime, info: Mapping[str, Any]
) -> Record:
    """The record once `m` is applied. Numbers and dates only go up, even after a --force,
    so a technician's rollback to an old bundle does not reopen the door to replays."""
    sequences = dict(last.sequences) if last else {}
    if m.sequence is not None:
        sid = signer_id(m)
        sequences[sid] = max(m.sequence, sequences.get(sid, 0))
    newest = _plausible(last.newest_created if last else None, now)
    created = _plausible(_date(m.created), now)
    if created is not None and (newest is None or created > newest):
        newest = created
    return Record(digest, newest, sequences, dict(info))


def next_sequence(counter: int, previous: Manifest | None) -> int:
    """The number for a new bundle: after the PC's counter and after the number of the
    stick's previous bundle by the same key (that key copied to a PC without its counter)."""
    return max(counter, previous.sequence if previous and previous.sequence else 0) + 1
