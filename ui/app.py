"""``kiosk run``: the terminal application (entry point ``kiosk.frontends`` -> ``qt``).

Order matters: the configuration is validated before any window exists (a bad file exits
with code 2 and a message naming the field), Qt's environment is set before the application
object, and the background services start only after the attract screen's first frame.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections.abc import Callable

from kiosk.config import load_config_for
from kiosk.journal.story import record_start_for
from kiosk.logs import setup_logging

log = logging.getLogger(__name__)

# Must not be imported before the first frame (checked by bench/startup.py).
HEAVY_MODULES = (
    "dlib",
    "face_recognition",
    "pytesseract",
    "onnxruntime",
    "rapidocr_onnxruntime",
    "cv2",
    "aiortc",
)


def _first_frame_class() -> type:
    from PySide6.QtCore import QObject, Slot

    class FirstFrame(QObject):
        """Runs ``then`` once, on the GUI thread, after the window's first frame."""

        def __init__(self, then: Callable[[], None]) -> None:
            super().__init__()
            self._then: Callable[[], None] | None = then

        @Slot()
        def on_frame(self) -> None:
            if self._then is None:
                return
            then, self._then = self._then, None
            if os.environ.get("KIOSK_BENCH_STARTUP"):  # bench/startup.py reads this line
                heavy = sorted(m for m in HEAVY_MODULES if m in sys.modules)
                print(f"KIOSK_FIRST_FRAME {time.monotonic():.6f} {','.join(heavy)}", flush=True)
            then()

    return FirstFrame


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``kiosk run``."""
    parser.add_argument("--config", metavar="FILE", help="TOML configuration file")
    parser.add_argument(
        "--fullscreen", action="store_true", help="fill the screen (a real terminal)"
    )
    parser.add_argument(
        "--quit-after",
        type=float,
        metavar="SECONDS",
        help="quit after SECONDS (smoke tests, benchmarks)",
    )


def run(args: argparse.Namespace) -> int:
    """Start the terminal; return the process exit code."""
    config = load_config_for("kiosk run", args.config)
    if config is None:
        return 2
    if args.fullscreen:
        config.ui.fullscreen = True
    if "start" not in config.hub.model_fields_set and not config.hub.url:
        # Embedded default: a hub beside the terminal answers "call a teller" (its console
        # URL and sign-in are printed); ``[hub] start = false`` or a ``url`` say otherwise.
        config.hub.start = True
    setup_logging(config.log.level, config.log.file or None)

    from ui.watchdog import Notifier
    from ui.window import prepare_environment

    notifier = Notifier.take_from_environment()  # before any child could inherit it
    note = prepare_environment()
    if note:
        print(note, file=sys.stderr)

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication

    FirstFrame = _first_frame_class()  # noqa: N806 - a class, defined once Qt may load
    from ui.qtlog import install_qt_message_handler
    from ui.services import start_services_in_background
    from ui.window import build_terminal

    install_qt_message_handler()
    app = QGuiApplication(sys.argv[:1])
    app.setApplicationName("branch-kiosk")
    from ui.quit_signals import QuitOnSignals

    quit_signals = QuitOnSignals(app)  # Ctrl+C / SIGTERM: quit the loop, then close below
    try:
        # Journeys register after the first frame: nobody sees the home screen before a touch.
        terminal = build_terminal(config, load_journeys=False)
    except RuntimeError as exc:
        print(f"kiosk run: {exc}", file=sys.stderr)
        return 1
    from ui.lockdown import lock_down
    from ui.watchdog import GuiWatchdog

    lockdown = lock_down(app, terminal.window, config.ui.fullscreen)  # noqa: F841 - kept alive
    watchdog = GuiWatchdog(terminal.shell, notifier)  # READY, STATUS, GUI-loop heartbeats
    if config.ui.fullscreen:
        terminal.window.showFullScreen()
    else:
        terminal.window.show()

    started: list = []  # the services thread, once the first frame started it

    def after_first_frame() -> None:
        watchdog.ready()
        # The journal names the sessions a crash or power cut interrupted (off the GUI thread).
        threading.Thread(target=record_start_for, args=(config,), name="journal-start").start()
        started.append(start_services_in_background(config, terminal.shell.devices,
                                                   terminal.shell.session))
        terminal.shell.load_journeys()

    first_frame = FirstFrame(after_first_frame)
    # frameSwapped comes from the render thread (threaded loop on xcb): queue it to this one.
    terminal.window.frameSwapped.connect(first_frame.on_frame, Qt.ConnectionType.QueuedConnection)
    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    log.info("terminal window open (%sx%s)", config.ui.width, config.ui.height)
    code = app.exec()
    watchdog.stopping()
    stopping = time.monotonic()
    quit_signals.keep_stopping()
    for thread in started:  # quitting while the services still start: let them finish first,
        thread.join(timeout=60)  # or their threads die mid-call at interpreter exit (abort)
    app.processEvents()  # a back end published just before the loop ended: close it too
    backend = terminal.shell.devices.get("journeys")
    terminal.close()
    if backend is not None:
        backend.close()  # outbox sender, simulators, serial ports
    log.info("terminal stopped (%.2f s to close)", time.monotonic() - stopping)
    return code
