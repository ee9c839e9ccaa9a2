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
import time
from collections.abc import Callable

from kiosk.config import load_config_for
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

    from ui.window import prepare_environment

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
    try:
        # Journeys register after the first frame: nobody sees the home screen before a touch.
        terminal = build_terminal(config, load_journeys=False)
    except RuntimeError as exc:
        print(f"kiosk run: {exc}", file=sys.stderr)
        return 1
    if config.ui.fullscreen:
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)  # a touch terminal shows no pointer
        terminal.window.showFullScreen()
    else:
        terminal.window.show()

    started: list = []  # the services thread, once the first frame started it

    def after_first_frame() -> None:
        started.append(start_services_in_background(config, terminal.shell.devices))
        terminal.shell.load_journeys()

    first_frame = FirstFrame(after_first_frame)
    # frameSwapped comes from the render thread (threaded loop on xcb): queue it to this one.
    terminal.window.frameSwapped.connect(first_frame.on_frame, Qt.ConnectionType.QueuedConnection)
    if args.quit_after is not None:
        QTimer.singleShot(int(args.quit_after * 1000), app.quit)
    log.info("terminal window open (%sx%s)", config.ui.width, config.ui.height)
    code = app.exec()
    for thread in started:  # quitting while the services still start: let them finish first,
        thread.join(timeout=60)  # or their threads die mid-call at interpreter exit (abort)
    backend = terminal.shell.devices.get("journeys")
    terminal.close()
    if backend is not None:
        backend.close()  # outbox sender, simulators, serial ports
    return code
