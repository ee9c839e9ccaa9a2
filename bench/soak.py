"""The long run: hundreds of customer sessions on one terminal, with faults; memory sampled.

One terminal is built by the composition root around simulated devices
(``kiosk.terminal.SimulatedRig``: the real SAM-reader and ESC/POS drivers over
pseudo-terminals to their simulators, the drawn demo customer at the camera with the real
liveness and dlib comparison in the identity helper process, the embedded sandbox over
real HTTP).  Sessions mix the three journeys, driven headless through the same journey
methods and device calls the UI makes, with random faults:

- paper out before a receipt, or paper running out in the middle of one (a pending
  duplicate reprint, printed once the paper is back);
- the ID reader finding no card or going silent for one read (the customer tries again);
- the camera gone for a session (the journey sends the customer to staff);
- the core bank down for a session (stopped and restarted on the same port): what was
  accepted stays pending in the outbox and is sent once the core is back.

At the end the outbox is drained and every action is looked up in the core's own database:
``lost_actions`` (done or pending in the outbox, or shown done, but not in the core),
``doubled_actions`` (in the core more than once).  Memory: RSS, open file descriptors and
threads after session 50 and at the end, and tracemalloc's biggest growth between the two
(file:line).  Writes ``bench/results/soak.json`` with ``sessions``, ``crashes``,
``stuck_screens``, ``lost_actions``, ``doubled_actions``, ``rss_mb_at_50``, ``rss_mb_end``,
``rss_growth_pct``, ``fds_at_50``, ``fds_end``, ``threads_end``.

    .venv/bin/python bench/soak.py [--sessions 500] [--seed 1] [--faults 0.3]

``tests/kiosk/test_soak_short.py`` runs a few dozen sessions of the same harness.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import json
import logging
import os
import platform
import random
import sqlite3
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devices.camera.simulated import SimulatedCamera  # noqa: E402
from devices.idcard.simulator import Fault  # noqa: E402
from kiosk.config import KioskConfig, LimitsConfig  # noqa: E402
from kiosk.devices_io.demo import card_text  # noqa: E402
from kiosk.devices_io.identity_devices import DeviceProblem  # noqa: E402
from kiosk.sandbox.server import start_sandbox  # noqa: E402
from kiosk.sandbox.store import cn_id  # noqa: E402
from kiosk.terminal import SimulatedRig  # noqa: E402

log = logging.getLogger("soak")
JOURNEYS = ("transfer", "open_account", "card_application")
FAULTS = ("paper_out", "paper_runs_out", "reader_no_card", "reader_silent", "camera_gone",
          "core_down")  # fmt: skip
#: A session that takes longer than this is a stuck screen (the customer would be waiting).
STUCK_AFTER_S = 60.0


def rss_mb() -> float:
    """This process's resident set size (MB), from /proc."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def helper_rss_mb(pid: int | None) -> float | None:
    """The identity helper process's RSS (MB), or ``None`` when it is not running."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, TypeError):
        return None


def trimmed_rss_mb() -> float:
    """RSS after glibc gives its free heap pages back (``malloc_trim``): what is live."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc: the raw figure
        pass
    return rss_mb()


def open_fds() -> int:
    """Open file descriptors of this process."""
    return len(os.listdir("/proc/self/fd"))


@dataclass
class Tally:
    """What the sessions did, and the actions to look up in the core at the end."""

    sessions: int = 0
    crashes: int = 0
    stuck_screens: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)
    #: action id -> (kind, what the core finds it by, what the customer was shown: done,
    #: pending, not_done ...)
    actions: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    #: seconds spent per journey (where a soak's time goes)
    seconds: dict[str, float] = field(default_factory=dict)


class Soak:
    """One simulated terminal and the scripted customers who use it."""

    def __init__(self, folder: Path, seed: int, fault_rate: float,
                 build: Any = None) -> None:  # fmt: skip
        """``build(folder, card, id_photo, live_face, config)`` makes the rig (default:
        ``SimulatedRig.build``; bench/soak_ui.py passes one that also makes the Qt side)."""
        from kiosk.demo_customer import camera_clips, camera_frames, card_holder, portrait

        self.folder = folder
        self.rng = random.Random(seed)
        self.fault_rate = fault_rate
        self.tally = Tally()
        holder = card_holder()  # 张伟, the sandbox's seeded client with an account
        self.holder_card = card_text(holder.name, holder.id_number)  # type: ignore[attr-defined]
        self.config = cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=3.0))
        cfg.session.idle_seconds = 600
        make = build or (lambda *a, config: SimulatedRig.build(*a, config=config))
        self.rig = make(folder, self.holder_card, portrait(), portrait(), config=cfg)
        self.rig.customer_frames[:] = camera_frames()  # the drawn face blinks steadiest
        self.rig.customer_actions.update(camera_clips())  # and turns as asked
        self.terminal = self.rig.terminal
        self.bank = self.rig.bank
        # A soak is minutes, not hours: retry a core that is back within seconds.
        self.bank.sender.backoff, self.bank.sender.backoff_max = 0.2, 2.0
        self.camera_factory = self.terminal.identity.camera_factory
        self._new_ids = 0

    # --- faults ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def fault(self, name: str | None) -> Iterator[None]:
        """Inject ``name`` for one session, and take it away afterwards."""
        if name is None:
            yield
            return
        self.tally.faults[name] = self.tally.faults.get(name, 0) + 1
        printer, reader = self.rig.printer_sim.faults, self.rig.reader_sim
        if name == "paper_out":
            printer.paper = "out"
        elif name == "paper_runs_out":
            printer.paper_out_after = self.rng.randrange(20, 400)
        elif name == "reader_no_card":
            reader.inject(Fault.NO_CARD, once=True)
        elif name == "reader_silent":
            reader.inject(Fault.TIMEOUT, once=True)
        elif name == "camera_gone":
            self.terminal.identity.camera_factory = functools.partial(
                SimulatedCamera, str(self.folder / "no-camera"))  # fmt: skip
        elif name == "core_down":
            self._core_down()
        try:
            yield
        finally:
            if name in ("paper_out", "paper_runs_out"):
                printer.paper_out_after = None
                self.rig.printer_sim.load_paper()
            elif name.startswith("reader_"):
                reader.clear_fault()
            elif name == "camera_gone":
                self.terminal.identity.camera_factory = self.camera_factory
            elif name == "core_down":
                self._core_up()

    def _core_down(self) -> None:
        sandbox = self.bank.sandbox
        self._core_at = (sandbox.host, sandbox.port)
        sandbox.stop()
        self.bank.sandbox = None

    def _core_up(self) -> None:
        host, port = self._core_at
        self.bank.sandbox = start_sandbox(self.folder / "sandbox.db", host, port)

    # --- customers -------------------------------------------------------------------------
    def _identify(self, journey: Any, card: Any) -> bool:
        """Read the card (again after a reader fault) and pass the face check."""
        self.rig.reader_sim.card = card
        identity = self.terminal.identity
        for _ in range(3):
            try:
                read = identity.read_card()
            except DeviceProblem as exc:
                journey.document_failed(exc.reason)
                continue
            journey.document_read(read.kind, read.fields, source=read.source, valid=read.valid,
                                  photo=read.photo, problems=read.problems)  # fmt: skip
            break
        else:
            journey.cancel()
            return False
        if journey.ended or journey.step != "face":
            return False
        try:
            face = identity.face_check(journey.reference_photo, lambda *a: None)
        except DeviceProblem as exc:
            journey.device_fault("camera", exc.reason)
            return False
        journey.face_result(face.passed, face.reason, face.distance)
        return not journey.ended and journey.step != "face"

    def _transfer(self) -> Any:
        j = self.terminal.start_journey("transfer", self.rng.choice(("zh_CN", "en")))
        if not self._identify(j, self.holder_card) or j.step != "choose_account":
            return j
        amount = Decimal(self.rng.randrange(100, 2000)) / 100
        if j.choose_account(1) and j.submit_payee("000000002", "Li Na") and \
                j.submit_amount(str(amount)):  # fmt: skip
            ref = j.summary()["reference"]
            self.tally.actions[ref] = ("transfer", f"kiosk {ref}", j.confirm())
        return j

    def new_customer_card(self) -> Any:
        """The chip card of someone who is not a client yet (a new one each time)."""
        self._new_ids += 1
        born = dt.date(1970, 1, 1) + dt.timedelta(days=self._new_ids)
        id_number = cn_id(f"440304{born:%Y%m%d}{self._new_ids % 1000:03d}")
        return card_text("欧阳晓明", id_number)

    def _open_account(self) -> Any:
        card = self.new_customer_card()
        j = self.terminal.start_journey("open_account", "zh_CN")
        if not self._identify_details(j, card):
            return j
        if j.step == "terms" and j.accept_terms(True, b"<svg>sig</svg>"):
            key = j.payload().savings_external_id
            shown = j.submit()  # the action id is given here
            self.tally.actions[j.data["action_id"]] = ("open_account", key, shown)
        return j

    def _identify_details(self, j: Any, card: Any) -> bool:
        """Open-account order: document, details, then the face check."""
        identity = self.terminal.identity
        self.rig.reader_sim.card = card
        for _ in range(3):
            try:
                read = identity.read_card()
            except DeviceProblem as exc:
                j.document_failed(exc.reason)
                continue
            j.document_read(read.kind, read.fields, source=read.source, valid=read.valid,
                            photo=read.photo, problems=read.problems)  # fmt: skip
            break
        else:
            j.cancel()
            return False
        if j.step != "details" or not j.submit_details("13800138000", "广东省深圳市福田区2号",
                                                       "教师"):  # fmt: skip
            return False
        try:
            face = identity.face_check(j.reference_photo, lambda *a: None)
        except DeviceProblem as exc:
            j.device_fault("camera", exc.reason)
            return False
        j.face_result(face.passed, face.reason, face.distance)
        return not j.ended

    def _card_application(self) -> Any:
        j = self.terminal.start_journey("card_application", "zh_CN")
        if not self._identify(j, self.holder_card) or j.step != "choose_card":
            return j
        if j.choose_card("debit", 1) and j.give_consent(True):
            aid = j.data["action_id"]
            self.tally.actions[aid] = ("card_application", j.payload().reference, j.submit())
        return j

    def plan(self, journeys: tuple[str, ...] = JOURNEYS) -> tuple[str, str | None]:
        """The next customer's journey, and the fault of the session (or ``None``)."""
        journey_id = self.rng.choice(journeys)
        fault = None
        if self.rng.random() < self.fault_rate:  # in turn, so a short run has every kind
            fault = FAULTS[sum(self.tally.faults.values()) % len(FAULTS)]
        return journey_id, fault

    def session(self) -> None:
        """One customer: a journey, maybe a fault, the receipt, back to the attract screen."""
        journey_id, fault = self.plan()
        started = time.monotonic()
        j = None
        try:
            with self.fault(fault):
                j = {"transfer": self._transfer, "open_account": self._open_account,
                     "card_application": self._card_application}[journey_id]()  # fmt: skip
                if not j.ended and j.step in ("done", "pending"):
                    j.print_receipt()
                    j.finish()
                elif not j.ended:
                    j.cancel()
            if not j.ended:  # a step that accepts no cancel and never ends: stuck
                self.tally.stuck_screens += 1
                self.tally.errors.append(f"{journey_id} stuck on {j.step}")
            outcome = j.outcome.value if j.outcome else "none"
            self.tally.outcomes[outcome] = self.tally.outcomes.get(outcome, 0) + 1
        except Exception as exc:  # a crash of the terminal's code: counted, the soak goes on
            self.tally.crashes += 1
            self.tally.errors.append(f"{journey_id}/{fault}: {type(exc).__name__}: {exc}")
            log.exception("session crashed (%s, fault %s)", journey_id, fault)
        finally:
            if j is not None:
                j.wipe()  # the shell does this at session end
            if time.monotonic() - started > STUCK_AFTER_S:
                self.tally.stuck_screens += 1
            self.tally.sessions += 1
            took = time.monotonic() - started
            self.tally.seconds[journey_id] = self.tally.seconds.get(journey_id, 0.0) + took

    # --- the end ---------------------------------------------------------------------------
    def drain(self, timeout: float = 120.0) -> bool:
        """Print the duplicates still pending; wait until the outbox has nothing to send."""
        self.terminal.receipts.service.retry_pending()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            counts = self.bank.outbox.counts()
            if counts["queued"] == 0 and counts["in_flight"] == 0:
                return True
            self.bank.outbox.wakeup.set()
            time.sleep(0.2)
        return False

    def check_core(self) -> dict[str, Any]:
        """Count each action in the core's database: lost and doubled."""
        db = sqlite3.connect(f"file:{self.folder / 'sandbox.db'}?mode=ro", uri=True)
        lost, doubled, phantom = [], [], []
        try:
            for aid, (kind, key, shown) in self.tally.actions.items():
                state = self.bank.outbox.get(aid).state
                n = _core_count(db, kind, key)
                expected = state in ("done", "queued", "in_flight") or shown == "done"
                if n > 1:
                    doubled.append(aid)
                elif n == 0 and expected:
                    lost.append(aid)
                elif n == 1 and state == "failed":  # cancelled unsent, yet posted
                    phantom.append(aid)
        finally:
            db.close()
        return {"lost": lost, "doubled": doubled, "cancelled_but_posted": phantom}

    @property
    def helper_pid(self) -> int | None:
        """The identity helper process's pid (face checks run there)."""
        proc = getattr(self.terminal.identity.isolated, "_proc", None)
        return proc.pid if proc is not None else None

    def close(self) -> None:
        """Stop the terminal and everything the rig started."""
        self.rig.close()


def _core_count(db: sqlite3.Connection, kind: str, key: str) -> int:
    """How many times the core holds the action found by ``key`` (see ``Tally.actions``)."""
    sql = {
        "transfer": "SELECT COUNT(*) FROM account_transfers WHERE description = ?",
        "open_account": "SELECT COUNT(*) FROM savings_accounts WHERE external_id = ?"
        " AND status_id = 300",  # approved and activated: the whole opening
        "card_application": "SELECT COUNT(*) FROM card_application WHERE reference = ?",
    }[kind]
    return int(db.execute(sql, (key,)).fetchone()[0])


def steady_fds_and_threads(timeout: float = 3.0) -> None:
    """Wait until descriptors and threads stop changing for 0.3 s (a connection to the core
    closing, a print job's thread ending), at most ``timeout`` s: what stays is counted."""
    end, last, steady = time.monotonic() + timeout, None, 0
    while time.monotonic() < end and steady < 3:
        now = (open_fds(), threading.active_count())
        steady, last = (steady + 1 if now == last else 0), now
        time.sleep(0.1)


@dataclass
class Sample:
    """Process figures at one moment."""

    rss_mb: float
    fds: int
    threads: int
    trimmed_mb: float = 0.0
    helper_mb: float | None = None
    #: tracemalloc's snapshot, kept in a file: one held in memory (~90 MB) would count as
    #: growth in every later RSS figure.
    snapshot: str | None = None

    @classmethod
    def take(cls, trace: bool, helper_pid: int | None = None) -> Sample:
        gc.collect()
        steady_fds_and_threads()
        raw, trimmed = rss_mb(), trimmed_rss_mb()
        # The snapshot after the figures: building one takes ~90 MB, which an RSS read just
        # after it would count.
        snap = None
        if trace:
            fd, snap = tempfile.mkstemp(prefix="soak-", suffix=".tracemalloc")
            os.close(fd)
            tracemalloc.take_snapshot().dump(snap)
        helper = helper_rss_mb(helper_pid)
        return cls(round(raw, 1), open_fds(), threading.active_count(), round(trimmed, 1),
                   None if helper is None else round(helper, 1), snap)  # fmt: skip


def traced_figures(before: str | None, after: str | None) -> dict[str, Any]:
    """``traced_growth`` (top lines) and ``traced_growth_kb`` between two snapshot files,
    which are deleted."""
    try:
        a, b = (None if p is None else tracemalloc.Snapshot.load(p) for p in (before, after))
        return {"traced_growth": top_growth(a, b), "traced_growth_kb": traced_total_kb(a, b)}
    finally:
        for p in {before, after} - {None}:
            Path(p).unlink(missing_ok=True)  # type: ignore[arg-type]


def top_growth(before: Any, after: Any, n: int = 10) -> list[dict[str, Any]]:
    """tracemalloc's biggest growths between two snapshots, by file and line."""
    if before is None or after is None:
        return []
    stats = after.compare_to(before, "lineno")
    return [{"where": str(s.traceback[0]), "kb": round(s.size_diff / 1024, 1),
             "blocks": s.count_diff} for s in stats[:n] if s.size_diff > 0]  # fmt: skip


def traced_total_kb(before: Any, after: Any) -> float | None:
    """Python heap growth between two snapshots (KB, all lines)."""
    if before is None or after is None:
        return None
    return round(sum(s.size_diff for s in after.compare_to(before, "filename")) / 1024, 1)


def figures(t: Tally, core: dict[str, Any], base: Sample, end: Sample) -> dict[str, Any]:
    """The issue's figures (sessions, lost/doubled, memory, descriptors, threads) of a soak."""
    return {
        "sessions": t.sessions,
        "crashes": t.crashes,
        "stuck_screens": t.stuck_screens,
        "lost_actions": len(core["lost"]),
        "doubled_actions": len(core["doubled"]),
        "cancelled_but_posted": len(core["cancelled_but_posted"]),
        "rss_mb_at_50": base.rss_mb,
        "rss_mb_end": end.rss_mb,
        "rss_growth_pct": round((end.rss_mb - base.rss_mb) / base.rss_mb * 100, 2),
        "fds_at_50": base.fds,
        "fds_end": end.fds,
        "threads_at_50": base.threads,
        "threads_end": end.threads,
        "rss_mb_trimmed_at_50": base.trimmed_mb,
        "rss_mb_trimmed_end": end.trimmed_mb,
        "helper_rss_mb_at_50": base.helper_mb,
        "helper_rss_mb_end": end.helper_mb,
        **traced_figures(base.snapshot, end.snapshot),
    }


def outbox_figures(t: Tally, counts: dict[str, int], drained: bool, reprints_pending: int,
                   warmup: int, started: float) -> dict[str, Any]:
    """What was left to send or reprint, how sessions ended, and how long the soak took."""
    return {
        "actions": len(t.actions),
        "outbox": counts,
        "outbox_drained": drained,
        "reprints_pending_end": reprints_pending,
        "outcomes": t.outcomes,
        "faults": t.faults,
        "seconds_by_journey": {k: round(v, 1) for k, v in t.seconds.items()},
        "errors": t.errors[:20],
        "warmup_sessions": warmup,
        "seconds": round(time.monotonic() - started, 1),
    }


def run(folder: Path, sessions: int, seed: int = 1, fault_rate: float = 0.3,
        trace: bool = True, warmup: int = 50) -> dict[str, Any]:  # fmt: skip
    """Run ``sessions`` sessions on one terminal in ``folder``; return the figures."""
    if trace:
        tracemalloc.start(1)
    soak = Soak(folder, seed, fault_rate)
    at_warmup = None
    started = time.monotonic()
    try:
        for i in range(sessions):
            soak.session()
            if i + 1 == warmup:
                at_warmup = Sample.take(trace, soak.helper_pid)
            if (i + 1) % 25 == 0:
                print(f"session {i + 1}: rss {rss_mb():.1f} MB, fds {open_fds()}, threads "
                      f"{threading.active_count()}", flush=True)  # fmt: skip
        drained = soak.drain()
        end = Sample.take(trace, soak.helper_pid)
        core = soak.check_core()
        t = soak.tally
        counts = soak.bank.outbox.counts()
        reprints_pending = len(soak.terminal.receipts.service.pending)
        pages = soak.rig.printer_sim.pages + soak.rig.printer_sim.torn
        printer_pages = len(soak.rig.printer_sim.pages)
        pictures = [p.picture for p in pages if p.picture is not None]
        picture_mb = sum(len(p.tobytes()) for p in pictures) / 2**20
    finally:
        soak.close()
        if trace:
            tracemalloc.stop()
    base = at_warmup or end
    return {
        **figures(t, core, base, end),
        "printer_pages_kept": printer_pages,
        "printer_pictures_kept": len(pictures),
        "printer_pictures_mb": round(picture_mb, 1),
        **outbox_figures(t, counts, drained, reprints_pending, warmup, started),
    }


def arguments(description: str) -> argparse.ArgumentParser:
    """The options both soaks take (``bench/soak_ui.py`` adds its own to these)."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--sessions", type=int, default=500)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--faults", type=float, default=0.3, help="share of sessions with a fault")
    ap.add_argument("--warmup", type=int, default=50, help="sessions before the first sample")
    ap.add_argument("--no-trace", action="store_true", help="without tracemalloc (its cost)")
    return ap


def main() -> int:
    args = arguments(__doc__.split("\n\n")[0]).parse_args()
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        result = run(
            Path(tmp), args.sessions, args.seed, args.faults, not args.no_trace, args.warmup
        )
    result["seed"] = args.seed
    result["machine"] = (f"{platform.machine()} {os.cpu_count()} cores, "
                         f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    out = Path(os.environ.get("SOAK_RESULT", ROOT / "bench" / "results" / "soak.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    keys = (
        "sessions",
        "crashes",
        "stuck_screens",
        "lost_actions",
        "doubled_actions",
        "rss_mb_at_50",
        "rss_mb_end",
        "rss_growth_pct",
        "fds_at_50",
        "fds_end",
        "threads_end",
    )
    print(json.dumps({k: result[k] for k in keys}))
    bad = result["crashes"] or result["stuck_screens"] or result["lost_actions"] or \
        result["doubled_actions"]  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
