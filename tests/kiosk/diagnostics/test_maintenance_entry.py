"""Entry to the diagnostics mode: hub one-time codes, technician PINs (argon2), lockout with
growing waits that survives a restart, every attempt journaled without the secret."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher

from kiosk.config import MaintenanceConfig, TechnicianConfig
from kiosk.journal import Journal
from kiosk.maintenance import otp
from kiosk.maintenance.entry import TechnicianEntry, hash_pin

SECRET = "5f" * 32
PINS = {"T01": "246810", "T02": "135790"}
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # the real scheme, cheap


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def maint_cfg():
    return MaintenanceConfig(
        technicians=[TechnicianConfig(id=t, pin_hash=hash_pin(p, CHEAP)) for t, p in PINS.items()],
        otp_secret=SECRET,
    )


@pytest.fixture
def journal(tmp_path):
    j = Journal(tmp_path / "journal.db")
    yield j
    j.close()


def _entry(cfg, tmp_path, journal, clock, hub=False):
    return TechnicianEntry(cfg, "K7", tmp_path / "entry.json", journal, lambda: hub, clock)


def test_a_hub_code_opens_once_for_its_technician_and_terminal(maint_cfg, tmp_path, journal):
    clock = Clock()
    entry = _entry(maint_cfg, tmp_path, journal, clock, hub=True)
    code = otp.issue(SECRET, "K7", "T01", 300, clock.now)
    assert entry.attempt("T02", code).reason == "wrong"  # issued to T01, not T02
    other_terminal = otp.issue(SECRET, "K8", "T01", 300, clock.now)
    assert entry.attempt("T01", other_terminal).reason == "wrong"
    clock.now += 299  # the same code is still good in the next step...
    result = entry.attempt("T01", code)
    assert (result.ok, result.method) == (True, "code")
    assert entry.attempt("T01", code).reason == "code_used"  # ...but only once
    clock.now += 600
    late = otp.issue(SECRET, "K7", "T01", 300, clock.now - 700)
    assert entry.attempt("T01", late).reason == "wrong"  # two steps old: expired


def test_the_pin_only_while_the_hub_is_unreachable(maint_cfg, tmp_path, journal):
    hub = {"up": True}
    entry = TechnicianEntry(maint_cfg, "K7", tmp_path / "entry.json", journal,
                            lambda: hub["up"], Clock())
    result = entry.attempt("T02", PINS["T02"])
    assert (result.ok, result.reason, result.tries_left) == (False, "pin_needs_code", 5)
    hub["up"] = False
    assert entry.attempt("T02", PINS["T01"]).reason == "wrong"  # another technician's PIN
    result = entry.attempt("T02", PINS["T02"])
    assert (result.ok, result.method, result.tries_left) == (True, "pin", 5)
    assert entry.attempt("T99", PINS["T01"]).reason == "wrong"  # unknown id: same answer


def test_five_wrong_tries_lock_with_growing_waits_across_a_restart(maint_cfg, tmp_path, journal):
    clock = Clock()
    entry = _entry(maint_cfg, tmp_path, journal, clock)
    lefts = [entry.attempt("T01", "000000").tries_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = entry.attempt("T01", "111111")
    assert (fifth.reason, fifth.wait_seconds) == ("wrong", 30.0)
    locked = entry.attempt("T01", PINS["T01"])  # even the right PIN waits
    assert (locked.ok, locked.reason) == (False, "locked") and locked.wait_seconds == 30.0
    clock.now += 31
    for _ in range(4):
        entry.attempt("T01", "999999")
    entry = _entry(maint_cfg, tmp_path, journal, clock)  # the terminal restarts
    second = entry.attempt("T01", "999999")
    assert second.wait_seconds == 60.0  # the second lock lasts twice as long
    assert entry.locked_for() == 60.0
    clock.now += 61
    assert entry.attempt("T01", PINS["T01"]).ok
    for _ in range(5):
        last = entry.attempt("T01", "999999")
    assert last.wait_seconds == 30.0  # a success starts the waits again from the first


def test_bad_input_is_a_clear_refusal_not_a_crash(maint_cfg, tmp_path, journal):
    entry = _entry(maint_cfg, tmp_path, journal, Clock())
    assert entry.attempt("T01", "12ab").reason == "malformed"
    assert entry.attempt("", "123456").reason == "malformed"
    assert entry.attempt("T01", "").reason == "malformed"
    with pytest.raises(ValueError, match="4 to 12 digits"):
        hash_pin("12")


def test_every_attempt_is_journaled_with_the_technician_never_the_secret(
    maint_cfg, tmp_path, journal
):
    clock = Clock()
    entry = _entry(maint_cfg, tmp_path, journal, clock)
    code = otp.issue(SECRET, "K7", "T02", 300, clock.now)
    attempts = [("T01", "000000"), ("T01", PINS["T01"]), ("T02", code), ("T02", code)]
    for tech, secret in attempts:
        entry.attempt(tech, secret)
    records = [r for r in journal.records() if r["kind"] == "maintenance.entry"]
    assert [(r["technician"], r["method"], r["result"]) for r in records] == [
        ("T01", "pin", "wrong"), ("T01", "pin", "ok"), ("T02", "code", "ok"),
        ("T02", "code", "code_used")]  # fmt: skip
    text = json.dumps(journal.records()) + (tmp_path / "entry.json").read_text()
    for secret in (*PINS.values(), code):
        assert secret not in text
    assert journal.verify().ok


def test_a_plain_pin_in_the_configuration_is_refused():
    with pytest.raises(ValueError, match="pin_hash"):
        MaintenanceConfig(technicians=[{"id": "T01", "pin_hash": "246810"}])
