"""Which bundle is newer: the signer's sequence number decides, a PC's wrong clock cannot
block later updates, and a technician can make the robot forget what it applied."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from usbkit import DOCS, FakeIndex, make_stick, run_cli, syncer, write_files

import robot.cli_usb
from rag.usb import freshness
from rag.usb import manifest as mf
from rag.usb.keys import Keyring, PrivateKey, generate

LAST = "usb-last-bundle.json"


def iso(when: datetime) -> str:
    return when.astimezone().isoformat(timespec="seconds")


def now() -> datetime:
    return datetime.now(UTC)


def other_docs(tag: str) -> dict[str, str]:
    return {**DOCS, "horaires.md": f"# Horaires\n\nVersion {tag}.\n"}


def test_future_dated_bundle_refused_and_index_unchanged(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """The hostile probe: a PC whose clock says 2031 signs a bundle."""
    sync = syncer(data_dir, fake_index)
    good = make_stick(tmp_path / "good", signer, created=iso(now()), sequence=1)
    assert sync.run(good).result["status"] == "ok"
    record = (data_dir / "state" / LAST).read_bytes()
    ahead = iso(now() + timedelta(days=5 * 365))
    future = make_stick(tmp_path / "future", signer, other_docs("2031"), created=ahead, sequence=2)
    out = sync.run(future)
    assert out.result["code"] == "future_bundle" and out.error is not None
    assert out.error.exit_code == 4
    assert "PC" in out.result["refused"][0]["message"]  # staff are told what to check
    assert len(fake_index.calls) == 1
    assert (data_dir / "state" / LAST).read_bytes() == record
    # Signed a few hours ahead (a PC a time zone off): within the tolerance, accepted.
    soon = make_stick(
        tmp_path / "soon",
        signer,
        other_docs("tz"),
        created=iso(now() + timedelta(hours=20)),
        sequence=3,
    )
    assert sync.run(soon).result["status"] == "ok"


def test_forced_future_bundle_does_not_block_later_updates(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """Even applied (a technician's --force), a 2031 date never makes today's bundles stale."""
    sync = syncer(data_dir, fake_index)
    ahead = iso(now() + timedelta(days=5 * 365))
    future = make_stick(tmp_path / "future", signer, created=ahead, sequence=1)
    assert sync.run(future, force=True).result["status"] == "ok"
    later = make_stick(tmp_path / "later", signer, other_docs("b"), created=iso(now()), sequence=2)
    assert sync.run(later).result["status"] == "ok"
    assert len(fake_index.calls) == 2


def test_robot_stuck_on_a_2031_record_recovers(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """A robot that applied the 2031 bundle before this fix (old record, old bundles)."""
    state = data_dir / "state"
    state.mkdir()
    ahead = iso(now() + timedelta(days=5 * 365))
    old_record = {
        "sha256": "0" * 64,
        "created": ahead,
        "applied_at": iso(now() - timedelta(days=3)),
        "signer": "accueil",
        "version": 4,
    }
    (state / LAST).write_text(json.dumps(old_record), encoding="utf-8")
    legacy = make_stick(tmp_path / "legacy", signer, created=iso(now()))  # no sequence
    assert syncer(data_dir, fake_index).run(legacy).result["status"] == "ok"


def test_replayed_old_bundle_refused_by_its_sequence(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    sync = syncer(data_dir, fake_index)
    first = make_stick(tmp_path / "1", signer, other_docs("1"), created=iso(now()), sequence=1)
    second = make_stick(tmp_path / "2", signer, other_docs("2"), created=iso(now()), sequence=2)
    assert sync.run(first).result["status"] == "ok"
    assert sync.run(second).result["status"] == "ok"
    replay = sync.run(first)
    assert replay.result["code"] == "stale_bundle" and replay.error is not None
    assert "2" in replay.result["refused"][0]["message"]  # the number to beat
    # Same number, other content (two PCs sharing a key and a counter gone astray).
    twin = make_stick(tmp_path / "2b", signer, other_docs("2b"), created=iso(now()), sequence=2)
    assert sync.run(twin).result["code"] == "stale_bundle"
    assert len(fake_index.calls) == 2


def test_pc_clock_behind_does_not_make_a_newer_bundle_stale(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """Bundle 2 comes from a PC whose clock is a year behind: its number makes it newer."""
    sync = syncer(data_dir, fake_index)
    first = make_stick(tmp_path / "1", signer, other_docs("1"), created=iso(now()), sequence=1)
    behind = iso(now() - timedelta(days=365))
    second = make_stick(tmp_path / "2", signer, other_docs("2"), created=behind, sequence=2)
    assert sync.run(first).result["status"] == "ok"
    assert sync.run(second).result["status"] == "ok"


def test_each_signer_has_its_own_sequence(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """Two PCs, two keys, two counters: neither blocks the other, neither can be replayed."""
    annexe = generate(tmp_path / "annexe.key", "annexe")
    Keyring(data_dir / "keys").add(annexe.public)
    sync = syncer(data_dir, fake_index)
    a5 = make_stick(tmp_path / "a5", signer, other_docs("a5"), created=iso(now()), sequence=5)
    b1 = make_stick(tmp_path / "b1", annexe, other_docs("b1"), created=iso(now()), sequence=1)
    a6 = make_stick(tmp_path / "a6", signer, other_docs("a6"), created=iso(now()), sequence=6)
    assert sync.run(a5).result["status"] == "ok"
    assert sync.run(b1).result["status"] == "ok"
    assert sync.run(a5).result["code"] == "stale_bundle"  # replayed after b1
    assert sync.run(a6).result["status"] == "ok"
    assert sync.run(b1).result["code"] == "stale_bundle"
    assert len(fake_index.calls) == 3


def test_bundles_without_sequence_still_work(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, fake_index: FakeIndex
) -> None:
    """Sticks signed before sequences existed: same bytes, same signature, dates decide."""
    stick = make_stick(tmp_path / "legacy", signer, created=iso(now() - timedelta(days=1)))
    raw = (stick / "robot-documents" / mf.MANIFEST_NAME).read_bytes()
    assert b"sequence" not in raw and mf.parse(raw).to_bytes() == raw
    sync = syncer(data_dir, fake_index)
    assert sync.run(stick).result["status"] == "ok"
    older = make_stick(
        tmp_path / "older", signer, other_docs("o"), created=iso(now() - timedelta(days=9))
    )
    assert sync.run(older).result["code"] == "stale_bundle"
    numbered = make_stick(tmp_path / "n", signer, other_docs("n"), created=iso(now()), sequence=1)
    assert sync.run(numbered).result["status"] == "ok"
    # An old unnumbered stick replayed after numbered bundles: still refused by its date.
    assert sync.run(older).result["code"] == "stale_bundle"


@pytest.mark.parametrize("bad", [0, -3, True, "7", 1.5])
def test_sequence_must_be_a_positive_integer(bad: object) -> None:
    raw = mf.build([], "2026-03-02T10:00:00+01:00", "replace", [], None, sequence=4).to_bytes()
    data = json.loads(raw)
    assert data["sequence"] == 4 and mf.parse(raw).sequence == 4
    data["sequence"] = bad
    with pytest.raises(mf.ManifestError, match="sequence"):
        mf.parse(json.dumps(data).encode())


def test_future_tolerance_boundary() -> None:
    """Pure decision: up to FUTURE_TOLERANCE ahead of the robot's clock is accepted."""
    t = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
    tol = freshness.FUTURE_TOLERANCE

    def manifest(created: datetime) -> mf.Manifest:
        return mf.build([], created.isoformat(), "replace", [], None, sequence=1)

    assert freshness.refusal(manifest(t + tol - timedelta(minutes=1)), None, t) is None
    late = freshness.refusal(manifest(t + tol + timedelta(minutes=1)), None, t)
    assert late is not None and late.code == "future_bundle"


def test_bundle_create_numbers_each_bundle(
    tmp_path: Path, data_dir: Path, signer: PrivateKey, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "staff.key"
    stick = tmp_path / "stick"
    write_files(stick / "robot-documents", DOCS)
    manifest = stick / "robot-documents" / mf.MANIFEST_NAME

    def sequence() -> int:
        return int(json.loads(manifest.read_text())["sequence"])

    assert run_cli("bundle", "create", str(stick), "--key", str(key), data_dir=data_dir) == 0
    assert sequence() == 1 and "bundle #1" in capsys.readouterr().out
    assert run_cli("bundle", "create", str(stick), "--key", str(key), data_dir=data_dir) == 0
    assert sequence() == 2
    assert (tmp_path / "staff.key.seq").read_text().strip() == "2"
    # The same key on a second PC (a copy without the counter): the stick carries the number.
    pc2 = tmp_path / "pc2"
    pc2.mkdir()
    (pc2 / "staff.key").write_bytes(key.read_bytes())
    (pc2 / "staff.key").chmod(0o600)
    assert (
        run_cli("bundle", "create", str(stick), "--key", str(pc2 / "staff.key"), data_dir=data_dir)
        == 0
    )
    assert sequence() == 3
    # A technician's explicit number, e.g. to jump past what the robot last applied.
    assert (
        run_cli(
            "bundle", "create", str(stick), "--key", str(key), "--sequence", "40", data_dir=data_dir
        )
        == 0
    )
    assert sequence() == 40
    assert run_cli("bundle", "create", str(stick), "--key", str(key), data_dir=data_dir) == 0
    assert sequence() == 41
    assert run_cli("usb", "check", str(stick), data_dir=data_dir) == 0
    assert "lot n° 41" in capsys.readouterr().out
    # A number planted on the stick without the key's signature is not followed.
    manifest.write_text(manifest.read_text().replace('"sequence": 41', '"sequence": 9999'))
    assert (
        run_cli("bundle", "create", str(stick), "--key", str(pc2 / "staff.key"), data_dir=data_dir)
        == 0
    )
    assert sequence() == 4  # pc2's own counter said 3


@pytest.fixture
def fake_cli_index(monkeypatch: pytest.MonkeyPatch) -> FakeIndex:
    index = FakeIndex()
    monkeypatch.setattr(robot.cli_usb, "_open_index", lambda ctx: index)
    return index


def test_usb_reset_forgets_the_last_applied_bundle(
    tmp_path: Path,
    data_dir: Path,
    signer: PrivateKey,
    fake_cli_index: FakeIndex,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A PC's counter lost (reinstalled): its bundles are refused until a technician resets."""
    high = make_stick(tmp_path / "high", signer, other_docs("h"), created=iso(now()), sequence=9)
    low = make_stick(tmp_path / "low", signer, other_docs("l"), created=iso(now()), sequence=1)
    assert run_cli("usb", "sync", str(high), data_dir=data_dir) == 0
    assert run_cli("usb", "sync", str(low), data_dir=data_dir) == 4
    capsys.readouterr()
    assert run_cli("usb", "reset", data_dir=data_dir) == 0
    out = capsys.readouterr().out
    assert "accueil" in out and "9" in out
    assert not (data_dir / "state" / LAST).exists()
    assert run_cli("usb", "sync", str(low), data_dir=data_dir) == 0
    assert len(fake_cli_index.calls) == 2
    assert run_cli("usb", "sync", str(high), data_dir=data_dir) == 0  # history starts again
    assert run_cli("usb", "reset", data_dir=data_dir) == 0
    assert run_cli("usb", "reset", data_dir=data_dir) == 0  # nothing to forget: fine
    assert "nothing" in capsys.readouterr().out
