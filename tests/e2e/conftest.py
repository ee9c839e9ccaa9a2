"""End-to-end fixtures: the real QML window offscreen, the journeys on simulated devices
(real drivers against simulators), the sandbox over real HTTP."""

from __future__ import annotations

import pytest
from sample_data import TESTDATA, require_testdata

from ui.window import prepare_environment

prepare_environment()

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk.config import KioskConfig, LimitsConfig  # noqa: E402
from kiosk.identity.face import load_image  # noqa: E402
from ui.journey_host import JourneyRegistry  # noqa: E402
from ui.window import build_terminal, find_item  # noqa: E402


class Kiosk:
    """Drives the terminal window like a customer's finger; reads the journey's state."""

    def __init__(self, term, sim, qtbot):
        self.t, self.sim, self.qtbot, self.win = term, sim, qtbot, term.window

    @property
    def vm(self):
        return self.t.shell.journey

    def find(self, name):
        return find_item(self.win, name)

    def item(self, name, timeout=5000):
        def shown():
            it = self.find(name)
            return it is not None and it.isVisible() and it.isEnabled()

        self.qtbot.waitUntil(shown, timeout=timeout)
        return self.find(name)

    def tap(self, name, timeout=5000):
        it = self.item(name, timeout)
        panel = self.find("inputPanel")
        if panel is not None and panel.isVisible():
            QGuiApplication.inputMethod().hide()
            self.qtbot.waitUntil(lambda: not panel.isVisible())
        def centre():
            return it.mapToScene(QPointF(it.width() / 2, it.height() / 2))

        def on_screen():
            pt = centre()
            return 0 <= pt.x() < self.win.width() and 0 <= pt.y() < self.win.height()

        last = [None]

        def settled():
            # A person taps what is on screen and has stopped moving: a control just scrolled
            # into view, or a new one whose layout is still being polished (a press and a
            # release on either side of that polish land on different places: no click).
            pt = centre()
            still, last[0] = pt == last[0], pt
            return still and on_screen()

        self.qtbot.waitUntil(settled, timeout=timeout)
        QTest.mouseClick(self.win, Qt.LeftButton, Qt.NoModifier, centre().toPoint())

    def fill(self, name, text):
        self.item(f"{name}_input")
        QTest.qWait(50)  # a field that just appeared: let the layout place it before tapping
        self.tap(f"{name}_input")
        field = self.find(f"{name}_input")
        field.setProperty("text", "")
        for ch in text:
            QTest.sendKeyEvent(QTest.KeyAction.Click, self.win, Qt.Key_unknown, ch, Qt.NoModifier)
        assert field.property("text") == text

    def wait_step(self, step, timeout=15000):
        def there():
            vm = self.vm
            return (
                vm is not None
                and not vm.property("busy")
                and (vm.property("step") == step if step != "ended" else vm.property("ended"))
            )

        try:
            self.qtbot.waitUntil(there, timeout=timeout)
        except Exception as exc:  # say where the journey stood instead of a bare timeout
            vm = self.vm
            seen = {p: vm.property(p) for p in ("step", "busy", "ended")} if vm else None
            raise AssertionError(f"step {step!r} not reached: {seen}") from exc
        # The machine moves on the worker thread; the screen follows on the GUI thread.
        marker = {"ended": "endedMessage", "pending": "pendingText", "done": "finishButton"}
        if step in marker:
            self.item(marker[step], timeout)

    def sign(self, name="signaturePad"):
        """Draw a signature stroke across the pad with the mouse."""
        from PySide6.QtCore import QPoint

        pad = self.item(name)
        origin = pad.mapToScene(QPointF(20, 40)).toPoint()
        QTest.mousePress(self.win, Qt.LeftButton, Qt.NoModifier, origin)
        for i in range(1, 12):
            QTest.mouseMove(self.win, origin + QPoint(i * 25, (i % 3) * 20))
        QTest.mouseRelease(self.win, Qt.LeftButton, Qt.NoModifier, origin + QPoint(300, 20))

    def start(self, journey, language="zh_CN"):
        self.tap("startButton")
        self.tap(f"language_{language}")
        self.tap(f"tile_{journey}")
        self.qtbot.waitUntil(lambda: self.vm is not None)


@pytest.fixture
def drive(qtbot):
    """Wrap a terminal built elsewhere (e.g. by `kiosk run`'s own wiring) in the driver."""
    return lambda term: Kiosk(term, None, qtbot)


@pytest.fixture
def faces():
    """Two photos of one person and a stranger from the shared samples when they are there;
    else the demo customer's drawn face (``kiosk.demo_customer``) and no stranger, so the
    journeys that only need *a* face run without the samples (``demo`` says which)."""
    base = TESTDATA / "face" / "face_recognition"
    if base.is_dir():
        return {"id_photo": load_image(base / "obama.jpg"), "live": load_image(base / "obama2.jpg"),
                "stranger": load_image(base / "biden.jpg"), "demo": False}  # fmt: skip
    from kiosk.demo_customer import portrait

    return {"id_photo": portrait(), "live": portrait(), "stranger": None, "demo": True}


@pytest.fixture
def stranger(faces):
    """The stranger's photo: skips without the shared samples (fails under CI)."""
    if faces["stranger"] is None:
        require_testdata("face", "face_recognition", "biden.jpg")
    return faces["stranger"]


@pytest.fixture
def e2e_config():
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=6.0))
    cfg.session.idle_seconds = 600
    return cfg


@pytest.fixture
def make_kiosk(qapp, qtbot, tmp_path, faces, e2e_config):
    from ui.journeys import register
    from ui.journeys.simulated import build

    made = []

    def make(card, config=None):
        sim = build(
            tmp_path / f"t{len(made)}",
            card,
            faces["id_photo"],
            faces["live"],
            faces["stranger"],
            config or e2e_config,
        )
        if faces["demo"]:  # the drawn face blinks steadiest as kiosk.demo_customer films it
            from kiosk.demo_customer import camera_clips, camera_frames

            sim.rig.customer_frames[:] = camera_frames()
            sim.rig.customer_actions.update(camera_clips())
        registry = JourneyRegistry()
        register(registry, sim.services)
        term = build_terminal(config or e2e_config, registry=registry)
        term.window.show()
        QTest.qWaitForWindowExposed(term.window)
        kiosk = Kiosk(term, sim, qtbot)
        made.append(kiosk)
        return kiosk

    yield make
    for k in made:
        k.t.close()
        QTest.qWait(10)
        k.sim.close()
