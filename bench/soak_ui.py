"""The long run through the UI: hundreds of customer sessions tapped into one terminal window.

The same terminal, faults and checks as ``bench/soak.py`` (its ``Soak`` injects the faults,
drains the outbox and counts every action in the core's database), but the customers use
the real QML window (offscreen) the way ``tests/e2e`` does: every tap is a mouse click on
the item with that ``objectName``, every value is typed key by key, and each session runs
attract -> language -> home tile -> the journey's steps -> result -> attract, with the
journey view-models, their workers and the QML step screens created and deleted as on a
real terminal.

A screen that makes no progress within ``STUCK_AFTER_S`` (nothing changed, the button
never became tappable) is a stuck screen: counted, then the session is abandoned the way a
customer would (top-bar Cancel, "Yes"), or by the inactivity path when even that fails.

Growth checks at session ``--warmup`` (50) and at the end, besides RSS, descriptors,
threads and tracemalloc: the QObjects under the window and under the shell view-model,
the items in the window's item tree, the Python wrappers of live Qt objects (shiboken) by
type, and the Python objects by type (``gc``).  Writes ``bench/results/soak_ui.json`` with
``sessions``, ``crashes``, ``stuck_screens``, ``lost_actions``, ``doubled_actions``,
``rss_mb_at_50``, ``rss_mb_end``, ``rss_growth_pct``, ``fds_at_50``, ``fds_end``,
``threads_end``, and ``qobjects_at_50`` / ``qobjects_end``.

    .venv/bin/python bench/soak_ui.py [--sessions 500] [--seed 1] [--faults 0.3]
                                      [--max-minutes M]

``tests/e2e/test_soak_ui_short.py`` runs ~20 sessions of the same harness.
"""

from __future__ import annotations

import collections
import gc
import importlib.util
import json
import logging
import os
import platform
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/ itself: bench/ui.py is not the ui package

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if "XDG_CONFIG_HOME" not in os.environ:  # the Pinyin user dictionary is written there
    _xdg = tempfile.mkdtemp(prefix="bench-soak-ui-xdg-")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(_xdg, "config")
    os.environ["XDG_CACHE_HOME"] = os.path.join(_xdg, "cache")

from ui.window import prepare_environment  # noqa: E402

prepare_environment()

from PySide6.QtCore import QEventLoop, QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402


def _load_soak() -> Any:
    """bench/soak.py by its path (bench/ on sys.path would shadow ``ui`` with bench/ui.py)."""
    if "bench_soak" in sys.modules:
        return sys.modules["bench_soak"]
    spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_soak"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


soak = _load_soak()
log = logging.getLogger("soak_ui")
JOURNEYS = soak.JOURNEYS
#: No visible progress for this long is a stuck screen (a customer would give up).
STUCK_AFTER_S = 45.0


class Stuck(Exception):
    """The screen made no progress in time."""


class _Spinner:
    """One event loop and one timer for every wait: a harness that made a QEventLoop and a
    timer per poll would itself grow with the sessions it measures."""

    def __init__(self) -> None:
        self.loop: Any = None

    def __call__(self, ms: int) -> None:
        if self.loop is None:
            self.loop = QEventLoop()
            self.timer = QTimer()
            self.timer.setSingleShot(True)
            self.timer.timeout.connect(self.loop.quit)
        self.timer.start(ms)
        self.loop.exec()


#: Run the event loop ``ms`` ms, releasing the GIL (QTest.qWait keeps it: README).
spin = _Spinner()


def walk_items(window: Any) -> Any:
    """Every item of the window's tree, popups and the keyboard included (from the root).

    Not ``findChild``: PySide6 makes each object it returns a Python child of the window,
    so every item a harness looked up would stay referenced after QML deleted it.
    """
    stack = [window.contentItem().parentItem() or window.contentItem()]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.childItems())


def find_item(window: Any, name: str) -> Any:
    """The item called ``name`` (objectName), or None."""
    return next((it for it in walk_items(window) if it.objectName() == name), None)


def qobject_count(root: Any) -> int:
    """QObjects under ``root`` (recursive ``children()``; not ``findChildren``, see above)."""
    n, stack = 0, list(root.children())
    while stack:
        obj = stack.pop()
        n += 1
        stack.extend(obj.children())
    return n


def item_tree_count(window: Any) -> int:
    """Items in the window's visual tree (delegates and popups included)."""
    return sum(1 for _ in walk_items(window))


def wrapper_counts() -> collections.Counter[str]:
    """Python wrappers of live Qt objects, by type (what Python keeps of the Qt side)."""
    import shiboken6

    return collections.Counter(type(w).__name__ for w in shiboken6.getAllValidWrappers())


def gc_counts() -> collections.Counter[str]:
    """Python objects tracked by the collector, by type."""
    return collections.Counter(type(o).__name__ for o in gc.get_objects())


def top_count_growth(before: collections.Counter[str], after: collections.Counter[str],
                     n: int = 10) -> dict[str, int]:  # fmt: skip
    """The ``n`` types whose count grew most."""
    diff = after.copy()
    diff.subtract(before)
    return {k: v for k, v in diff.most_common(n) if v > 0}


class UISoak(soak.Soak):
    """One terminal window on the simulated rig, and customers who tap it."""

    def __init__(self, folder: Path, seed: int, fault_rate: float) -> None:
        from ui.journey_host import JourneyRegistry
        from ui.journeys import register
        from ui.journeys.simulated import build
        from ui.window import build_terminal

        made: dict[str, Any] = {}

        def make(folder: Path, card: Any, id_photo: Any, live: Any, config: Any) -> Any:
            made["sim"] = build(folder, card, id_photo, live, None, config)
            return made["sim"].rig

        super().__init__(folder, seed, fault_rate, build=make)
        self.sim = made["sim"]
        registry = JourneyRegistry()
        register(registry, self.sim.services)
        self.ui = build_terminal(self.config, registry=registry)
        self.win = self.ui.window
        self.shell = self.ui.shell
        self.win.show()
        QTest.qWaitForWindowExposed(self.win)
        self._changes = 0
        self._watched: Any = None

    # --- a finger on the screen ------------------------------------------------------------
    @property
    def vm(self) -> Any:
        """The journey view-model on screen, or None."""
        return self.shell.journey

    def find(self, name: str) -> Any:
        return find_item(self.win, name)

    def wait(self, cond: Callable[[], Any], timeout: float = STUCK_AFTER_S,
             what: str = "") -> Any:  # fmt: skip
        """Spin the event loop until ``cond()`` is true; ``Stuck`` after ``timeout`` s."""
        end = time.monotonic() + timeout
        while True:
            value = cond()
            if value:
                return value
            if time.monotonic() > end:
                raise Stuck(what or getattr(cond, "__name__", "condition"))
            spin(5)

    def item(self, name: str) -> Any:
        def shown() -> Any:
            it = self.find(name)
            return it if it is not None and it.isVisible() and it.isEnabled() else None

        return self.wait(shown, what=f"{name} never tappable")

    def tap(self, name: str) -> None:
        it = self.item(name)
        panel = self.find("inputPanel")
        if panel is not None and panel.isVisible():
            QGuiApplication.inputMethod().hide()
            self.wait(lambda: not panel.isVisible(), what="keyboard stays open")
        pt = it.mapToScene(QPointF(it.width() / 2, it.height() / 2)).toPoint()
        QTest.mouseClick(self.win, Qt.LeftButton, Qt.NoModifier, pt)

    def fill(self, name: str, text: str) -> None:
        self.item(f"{name}_input")
        spin(30)  # a field that just appeared: let the layout place it before tapping
        self.tap(f"{name}_input")
        self.find(f"{name}_input").setProperty("text", "")
        for ch in text:
            QTest.sendKeyEvent(QTest.KeyAction.Click, self.win, Qt.Key_unknown, ch, Qt.NoModifier)

    def sign(self) -> None:
        pad = self.item("signaturePad")
        origin = pad.mapToScene(QPointF(20, 40)).toPoint()
        QTest.mousePress(self.win, Qt.LeftButton, Qt.NoModifier, origin)
        for i in range(1, 10):
            QTest.mouseMove(self.win, origin + QPoint(i * 25, (i % 3) * 20))
        QTest.mouseRelease(self.win, Qt.LeftButton, Qt.NoModifier, origin + QPoint(250, 20))

    def _count_change(self) -> None:
        self._changes += 1

    def _watch(self, vm: Any) -> None:
        if vm is not self._watched:
            vm.changed.connect(self._count_change)  # gone with the view-model
            self._watched = vm

    def act(self, button: str, settle: float = STUCK_AFTER_S) -> None:
        """Tap ``button``; wait until the journey answered (its screen changed) and is idle."""
        vm = self.vm
        before = self._changes
        self.tap(button)

        def answered() -> bool:
            return self._changes > before and not vm.property("busy") and \
                not vm.property("faceRunning")  # fmt: skip

        self.wait(answered, settle, what=f"no answer to {button} on {vm.property('step')}")

    def settled(self) -> tuple[str, bool]:
        """The journey's step once it is idle: (step, ended)."""
        vm = self.vm
        self.wait(lambda: not vm.property("busy") and not vm.property("faceRunning"),
                  what=f"busy on {vm.property('step')}")  # fmt: skip
        return str(vm.property("step")), bool(vm.property("ended"))

    # --- customers -------------------------------------------------------------------------
    def start(self, journey_id: str, language: str) -> None:
        self.wait(lambda: self.shell.property("screen") == "attract", what="not back to attract")
        self.tap("startButton")
        self.tap(f"language_{language}")
        self.tap(f"tile_{journey_id}")
        self.wait(lambda: self.vm is not None, what=f"{journey_id} never started")
        self._watch(self.vm)

    def journey(self, journey_id: str, fault: str | None) -> str:
        """One customer's journey through the screens; returns the step or outcome shown."""
        language = self.rng.choice(("zh_CN", "en")) if journey_id == "transfer" else "zh_CN"
        card = self.new_customer_card() if journey_id == "open_account" else self.holder_card
        self.start(journey_id, language)
        reads = 0
        record: Callable[[str], None] | None = None
        for _ in range(30):  # more steps than any journey has: a loop is stuck too
            step, ended = self.settled()
            if ended or step in ("done", "pending"):
                shown = str(self.vm.property("outcome")) if ended else step
                if record is not None:
                    record(shown)
                return shown
            if step == "identity":
                reads += 1
                if reads > 3:  # the customer gives up on the reader
                    self.cancel_by_ui()
                    return "cancelled"
                self.rig.reader_sim.card = card
                self.act("readCardButton")
            elif step == "details":
                self.fill("field_mobile", "13800138000")
                self.fill("field_occupation", "教师")
                self.act("nextButton")
            elif step == "face":
                self.act("startFaceButton")
            elif step == "terms":
                self.tap("consentBox")
                self.sign()
                record = self._recorder("open_account")
                self.act("submitButton")
            elif step == "choose_account":
                self.act("account_0")
            elif step == "payee":
                self.fill("field_payee_account", "000000002")
                self.fill("field_payee_name", "Li Na")
                self.act("nextButton")
            elif step == "amount":
                amount = self.rng.randrange(100, 2000) / 100
                self.fill("field_amount", f"{amount:.2f}")
                self.act("nextButton")
            elif step == "confirm":
                record = self._recorder("transfer")
                self.act("confirmButton")
            elif step == "choose_card":
                self.tap("debitButton")
                self.tap("cardAccount_0")
                self.act("nextButton")
            elif step == "consent":
                self.tap("consentBox")
                record = self._recorder("card_application")
                self.act("submitButton")
            else:  # a step that moves by itself (sending, printing): wait for its answer
                before = self._changes
                self.wait(lambda b=before: self._changes > b, what=f"stays on {step}")
        raise Stuck(f"{journey_id}: no result after 30 steps")

    def _recorder(self, kind: str) -> Callable[[str], None]:
        """What to note once the submit answered: the action and how the core finds it."""
        j = self.vm.journey
        key = j.summary()["reference"] if kind == "transfer" else None

        def record(shown: str) -> None:
            aid = key if kind == "transfer" else j.data.get("action_id")
            if aid is None:  # refused before an action existed: nothing can reach the core
                return
            if kind == "transfer":
                found_by = f"kiosk {key}"
            elif kind == "open_account":
                found_by = j.payload().savings_external_id
            else:
                found_by = j.payload().reference
            self.tally.actions[aid] = (kind, found_by, shown)

        return record

    def finish(self) -> None:
        """Result or ended screen: wait for the receipt, touch Done, back to attract."""
        vm = self.vm
        if vm is not None and not vm.property("ended"):
            self.wait(lambda: bool(vm.property("receipt")), 20.0, what="no receipt")
        self.tap("finishButton")
        self.wait(lambda: self.shell.property("screen") == "attract", what="Done stays")

    def cancel_by_ui(self) -> None:
        """Top-bar Cancel, then "Yes, end"."""
        self.tap("cancelButton")
        if self.shell.property("screen") == "journey" and self.shell.property("cancelAsked"):
            self.tap("cancelYesButton")
        self.wait(lambda: self.shell.property("screen") == "attract", 10.0, what="cancel stays")

    def abandon(self) -> None:
        """A stuck session: Cancel as the customer would; the inactivity path if that fails."""
        try:
            self.cancel_by_ui()
        except Stuck:
            self.shell.end_session("timeout")
            self.wait(lambda: self.shell.property("screen") == "attract", 10.0)

    def session(self) -> None:
        """One customer: a journey, maybe a fault, the receipt, back to the attract screen."""
        journey_id, fault = self.plan()
        started = time.monotonic()
        try:
            with self.fault(fault):
                try:
                    shown = self.journey(journey_id, fault)
                    if self.shell.property("screen") == "journey":
                        self.finish()
                except Stuck as exc:
                    self.tally.stuck_screens += 1
                    self.tally.errors.append(f"{journey_id}/{fault} stuck: {exc}")
                    shown = "stuck"
                    self.abandon()
            self.tally.outcomes[shown] = self.tally.outcomes.get(shown, 0) + 1
        except Exception as exc:  # a crash of the terminal's code: counted, the soak goes on
            self.tally.crashes += 1
            self.tally.errors.append(f"{journey_id}/{fault}: {type(exc).__name__}: {exc}")
            log.exception("session crashed (%s, fault %s)", journey_id, fault)
            self.shell.end_session("timeout")
        finally:
            self._watched = None
            self.tally.sessions += 1
            took = time.monotonic() - started
            self.tally.seconds[journey_id] = self.tally.seconds.get(journey_id, 0.0) + took

    # --- the Qt side's size ----------------------------------------------------------------
    def settle(self, timeout: float = 5.0) -> None:
        """Let what the last session started end (its journey worker, a receipt's print job,
        a connection to the core closing) before counting: threads and descriptors steady
        for 0.3 s and no journey worker left.  A thread that never ends is still counted."""
        end, last, steady = time.monotonic() + timeout, None, 0
        while time.monotonic() < end and steady < 3:
            names = [t.name for t in threading.enumerate()]
            now = (len(names), soak.open_fds())
            steady = steady + 1 if now == last and not any(
                n.removeprefix("journey-") in JOURNEYS for n in names) else 0  # fmt: skip
            last = now
            spin(100)

    def qt_sample(self) -> dict[str, Any]:
        """QObjects and items of the window, the shell's QObjects, wrappers and gc by type."""
        spin(50)  # deleteLater()s of the session just ended
        QGuiApplication.sendPostedEvents(None, 0)  # DeferredDelete included
        self.settle()
        gc.collect()
        return {
            "window_qobjects": qobject_count(self.win),
            "window_items": item_tree_count(self.win),
            "shell_qobjects": qobject_count(self.shell),
            "wrappers": wrapper_counts(),
            "gc": gc_counts(),
            "threads": collections.Counter(t.name for t in threading.enumerate()),
        }

    def close(self) -> None:
        """Close the window, then the device workers and the rig."""
        self.ui.close()
        spin(20)
        self.sim.close()


def run(folder: Path, sessions: int, seed: int = 1, fault_rate: float = 0.3,
        trace: bool = True, warmup: int = 50, progress: int = 25,
        max_seconds: float | None = None) -> dict[str, Any]:  # fmt: skip
    """Run ``sessions`` sessions through the window of one terminal; return the figures.

    ``max_seconds``: stop starting sessions after this long (a loaded machine), and say so.
    """
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if trace:
        tracemalloc.start(1)
    s = UISoak(folder, seed, fault_rate)
    at_warmup = qt_warmup = None
    started = time.monotonic()
    try:
        for i in range(sessions):
            if max_seconds is not None and time.monotonic() - started > max_seconds:
                s.tally.errors.append(f"stopped after {i} sessions: --max-minutes reached")
                break
            s.session()
            if i + 1 == warmup:
                qt_warmup = s.qt_sample()
                at_warmup = soak.Sample.take(trace, s.helper_pid)
            if progress and (i + 1) % progress == 0:
                print(f"session {i + 1}: rss {soak.rss_mb():.1f} MB, fds {soak.open_fds()}, "
                      f"threads {threading.active_count()}, stuck {s.tally.stuck_screens}, "
                      f"crashes {s.tally.crashes}, {time.monotonic() - started:.0f} s",
                      flush=True)  # fmt: skip
        drained = s.drain()
        qt_end = s.qt_sample()
        end = soak.Sample.take(trace, s.helper_pid)
        core = s.check_core()
        t = s.tally
        counts = s.bank.outbox.counts()
        reprints_pending = len(s.terminal.receipts.service.pending)
    finally:
        s.close()
        if trace:
            tracemalloc.stop()
    base, qbase = at_warmup or end, qt_warmup or qt_end
    del app
    return {
        **soak.figures(t, core, base, end),
        # The terminal's own threads: the in-process sandbox (the core) serves each kept-alive
        # connection on a thread of its own, which comes and goes with the client's pool.
        "terminal_threads_at_50": _terminal_threads(qbase["threads"]),
        "terminal_threads_end": _terminal_threads(qt_end["threads"]),
        "threads_growth": top_count_growth(qbase["threads"], qt_end["threads"]),
        "threads_gone": top_count_growth(qt_end["threads"], qbase["threads"]),
        "qobjects_at_50": qbase["window_qobjects"],
        "qobjects_end": qt_end["window_qobjects"],
        "items_at_50": qbase["window_items"],
        "items_end": qt_end["window_items"],
        "shell_qobjects_at_50": qbase["shell_qobjects"],
        "shell_qobjects_end": qt_end["shell_qobjects"],
        "wrappers_at_50": sum(qbase["wrappers"].values()),
        "wrappers_end": sum(qt_end["wrappers"].values()),
        "wrappers_growth": top_count_growth(qbase["wrappers"], qt_end["wrappers"]),
        "gc_objects_at_50": sum(qbase["gc"].values()),
        "gc_objects_end": sum(qt_end["gc"].values()),
        "gc_growth": top_count_growth(qbase["gc"], qt_end["gc"]),
        **soak.outbox_figures(t, counts, drained, reprints_pending, warmup, started),
    }


def _terminal_threads(names: collections.Counter[str]) -> int:
    """Threads by name, less the sandbox's connection threads (the core's side)."""
    return sum(n for name, n in names.items() if not name.startswith("sandbox-"))


KEYS = ("sessions", "crashes", "stuck_screens", "lost_actions", "doubled_actions",
        "rss_mb_at_50", "rss_mb_end", "rss_growth_pct", "fds_at_50", "fds_end", "threads_end",
        "qobjects_at_50", "qobjects_end")  # fmt: skip


def main() -> int:
    ap = soak.arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--max-minutes", type=float, help="start no session after this long")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-soak-ui-") as tmp:
        result = run(
            Path(tmp),
            args.sessions,
            args.seed,
            args.faults,
            not args.no_trace,
            args.warmup,
            max_seconds=args.max_minutes * 60 if args.max_minutes else None,
        )
    result["seed"] = args.seed
    result["machine"] = (f"{platform.machine()} {os.cpu_count()} cores, load "
                         f"{load_start:.1f} at start, {os.getloadavg()[0]:.1f} at end")  # fmt: skip
    out = Path(os.environ.get("SOAK_RESULT", ROOT / "bench" / "results" / "soak_ui.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: result[k] for k in KEYS}))
    bad = result["crashes"] or result["stuck_screens"] or result["lost_actions"] or \
        result["doubled_actions"]  # fmt: skip
    return 1 if bad else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # PySide6 objects collected at interpreter exit can crash it (journeys.py)
