"""``make screenshots``: render every screen in every language and mode to PNG.

``python -m ui.screenshots --out screenshots`` drives the real window offscreen through the
attract, language and home screens, the help panel, the cancel question, the countdown
dialog, the component gallery, and every registered journey's sample states
(``JourneySpec.samples``), each with the virtual keyboard closed and, where the screen has a
field to type in, open on each field.  It saves ``<screen>-<lang>-<mode>.png`` (mode:
``normal``, ``large`` = large text with high contrast, ``contrast`` = high contrast alone)
and, with ``--sheet``, a contact sheet of them.  ``on_shot`` lets the screen audit
(:mod:`ui.audit`) measure each state as it is shown.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.journey_host import JourneySpec

MODES = ("normal", "large", "contrast")
# A shot: (state name, language, mode, window, grabbed image) -> None
ShotHook = Callable[[str, str, str, Any, Any], None]


def _settle(ms: int = 350) -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def editable_fields(window: Any) -> list[Any]:
    """The text fields a customer can type into on the current screen, top to bottom."""
    from PySide6.QtQuick import QQuickItem

    panel = window.findChild(QQuickItem, "inputPanel")
    out, stack = [], [window.contentItem()]
    while stack:
        it = stack.pop()
        if not it.isVisible():
            continue
        stack.extend(it.childItems())
        if (
            it.inherits("QQuickTextInput")
            and not it.property("readOnly")
            and it.isEnabled()
            and it.objectName().endswith("_input")
            and (panel is None or not _inside(it, panel))
        ):
            out.append(it)
    out.sort(key=lambda i: (round(i.mapToScene(i.position()).y()), i.mapToScene(i.position()).x()))
    return out


def _inside(item: Any, ancestor: Any) -> bool:
    while item is not None:
        if item is ancestor:
            return True
        item = item.parentItem()
    return False


TELLER_PANEL_STATES = ("queued", "callback-form", "callback-booked", "no-microphone")


def show_teller_panel(call: Any, name: str) -> None:
    """Put the call panel's view-model in a state for a picture ("" hides it again).

    A picture only: the states a real call reaches are tested through the hub and the link.
    """
    import datetime as dt

    from kiosk.teller.callback_windows import callback_windows

    windows = callback_windows(dt.datetime(2026, 12, 1, 10, 5))
    booked = {"reference": "CB-7KQ-M4PA", "start": windows[1][0].timestamp() * 1000,
              "end": windows[1][1].timestamp() * 1000}
    states: dict[str, dict[str, Any]] = {
        "": {"state": "idle", "outcome": "", "callback_form": False, "queue_timed_out": False,
             "callback": {}, "mic_live": True, "chat": [], "callback_error": ""},
        "queued": {"state": "queued", "position": 2, "wait_s": 240, "queue_timed_out": True},
        "callback-form": {"state": "queued", "queue_timed_out": True, "callback_form": True,
                          "windows": windows, "callback_error": "phone"},
        "callback-booked": {"state": "idle", "outcome": "callback", "callback": booked},
        "no-microphone": {"state": "connected", "mic_live": False,
                          "chat": ["您好，我是柜员，请问需要什么帮助？"]},
    }
    call._set(**states[""])
    call._set(**states[name])


def preview_registry(registry):  # noqa: ANN001, ANN201 - JourneyRegistry in and out
    """A copy of ``registry`` with every tile shown (layout preview; tiles are not started)."""
    from dataclasses import replace

    from ui.journey_host import JourneyRegistry

    preview = JourneyRegistry()
    for spec in registry.all():
        preview.register(replace(spec, available=lambda ctx: True))
    return preview


def render_all(
    out: Path | None,
    languages: list[str] | None = None,
    registry: Any = None,
    sizes: tuple[str, ...] = MODES,
    on_shot: ShotHook | None = None,
    keyboard: bool = True,
    settle_ms: int = 350,
    combos: list[tuple[str, str]] | None = None,
) -> list[Path]:
    """Render every screen; return the PNG paths written.

    Args:
        out: folder for the PNG files (created); None saves nothing (``on_shot`` only).
        languages: language codes; default every offered language.
        registry: the journeys; default the installed ones (``ui.journeys.register``).
        sizes: modes among :data:`MODES`.
        on_shot: called with each state as it is shown (the screen audit).
        keyboard: also show each screen with a field focused and the keyboard up.
        settle_ms: wait after each change before grabbing (fades take 180 ms).
        combos: (language, mode) pairs to render instead of every language x mode.
    """
    from ui.window import prepare_environment

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prepare_environment()
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQuick import QQuickItem

    from kiosk.config import KioskConfig
    from ui.gallery import GALLERY
    from ui.journey_host import JourneyRegistry
    from ui.window import build_terminal

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    config = KioskConfig()
    config.session.idle_seconds = 3600
    terminal = build_terminal(config, registry=registry)
    terminal.window.show()
    shell = terminal.shell
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    langs = languages or [lang["code"] for lang in shell._languages()]

    def shoot(name: str, lang: str, size: str) -> None:
        _settle(settle_ms)
        waited = False
        for _ in range(60):  # a step still working (printing the receipt): show its result
            journey = shell.journey if shell.property("screen") == "journey" else None
            if journey is None or not journey.property("busy"):
                break
            waited = True
            _settle(100)
        if waited:
            _settle(500)  # what the work brought (the receipt's picture) is drawn
        for _ in range(20):  # a loaded machine may still be fading the screen in
            loader = terminal.window.findChild(QQuickItem, "screenLoader")
            item = loader.property("item") if loader is not None else None
            if item is None or item.opacity() >= 1.0:
                break
            _settle(50)
        image = terminal.window.grabWindow()
        if out is not None:
            path = out / f"{name}-{lang}-{size}.png"
            image.save(str(path))
            written.append(path)
        if on_shot is not None:
            on_shot(name, lang, size, terminal.window, image)

    def shoot_with_keyboard(name: str, lang: str, size: str) -> None:
        """The state as it is, then once per field with that field focused, keyboard up."""
        shoot(name, lang, size)
        if not keyboard:
            return
        count = len(editable_fields(terminal.window))
        for i in range(count):
            fields = editable_fields(terminal.window)
            if i >= len(fields):
                break
            fields[i].forceActiveFocus()
            QGuiApplication.inputMethod().show()
            shoot(f"{name}-kb{i + 1}", lang, size)
        if count:
            QGuiApplication.inputMethod().hide()
            focus = terminal.window.activeFocusItem()
            if focus is not None:
                focus.setFocus(False)
            _settle(150)

    # An action either shows one state (returns None) or yields the names of several.
    def journey_states() -> list[tuple[str, Callable[[], Iterator[str] | None]]]:
        states: list[tuple[str, Callable[[], Iterator[str] | None]]] = []

        def gallery() -> None:
            shell.show_journey(GALLERY.id, GALLERY.create(shell.ctx))

        states.append(("gallery", gallery))
        for spec in shell.registry.all():
            if spec.samples is None:
                continue

            def show(spec: JourneySpec = spec) -> Iterator[str]:
                for name, vm in spec.samples(shell.ctx):
                    shell.show_journey(spec.id, vm)
                    yield name

            states.append((f"journey-{spec.id}", show))
        return states

    pairs = combos or [(lang, size) for lang in langs for size in sizes]
    for lang, size in pairs:
        shell.end_session("screenshot")
        shell.setLanguage(lang)
        terminal.theme.setMode(size)
        shoot("01-attract", lang, size)
        shell.touchStart()
        shoot("02-language", lang, size)
        shell.chooseLanguage(lang)
        terminal.theme.setMode(size)
        shoot("03-home", lang, size)
        hidden = [s for s in shell.registry.all() if s not in shell.registry.available(shell.ctx)]
        if hidden:  # journeys whose services are not up here: preview their tiles too
            real = shell.registry
            shell.registry = preview_registry(real)
            shell.refresh_tiles()
            shoot("03-home-all-tiles", lang, size)
            shell.registry = real
            shell.refresh_tiles()
        # While the back end starts there are no tiles yet: "Starting…", not "ask staff".
        real = shell.registry
        shell.registry = JourneyRegistry()
        shell.devices.set_starting(True)
        shell.refresh_tiles()
        shoot("03-home-starting", lang, size)
        shell.devices.set_starting(False)
        shell.registry = real
        shell.refresh_tiles()
        shell.openHelp()
        shoot("04-help", lang, size)
        shell.closeHelp()
        for name in TELLER_PANEL_STATES:  # the video-teller panel over the home screen
            show_teller_panel(shell.teller_call, name)
            shoot_with_keyboard(f"04-teller-{name}", lang, size)
        show_teller_panel(shell.teller_call, "")
        shell.session.idle_seconds = 0.01
        _settle(400)
        shoot("05-countdown", lang, size)
        shell.moreTime()
        shell.session.idle_seconds = 3600
        for name, action in journey_states():
            result = action()
            if result is None:
                shoot_with_keyboard(f"06-{name}", lang, size)
            else:  # a journey's samples: one picture per state
                for state in result:
                    shoot_with_keyboard(f"07-{name}-{state}", lang, size)
            if hasattr(shell, "askCancel") and name == "gallery":
                shell.askCancel()
                shoot("06-cancel-question", lang, size)
                shell.keepGoing()
            shell.home()
    terminal.close()
    del app
    return written


def contact_sheet(paths: list[Path], out: Path, columns: int = 6, thumb: int = 320) -> Path:
    """One PNG with every screenshot as a labelled thumbnail (for ``docs/ui.md``)."""
    from PIL import Image, ImageDraw

    thumbs = sorted(paths)
    h = thumb * 800 // 1280
    rows = (len(thumbs) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (thumb + 8) + 8, rows * (h + 28) + 8), "#ffffff")
    draw = ImageDraw.Draw(sheet)
    for n, p in enumerate(thumbs):
        x, y = 8 + (n % columns) * (thumb + 8), 8 + (n // columns) * (h + 28)
        with Image.open(p) as im:
            sheet.paste(im.convert("RGB").resize((thumb, h)), (x, y))
        draw.text((x, y + h + 4), p.stem[:52], fill="#1c2a33")
    sheet.save(out)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--out DIR``, ``--language CODE`` and ``--mode M`` (repeatable)."""
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots")
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--language", action="append")
    parser.add_argument("--mode", action="append", choices=MODES)
    parser.add_argument("--no-keyboard", action="store_true", help="skip keyboard-open states")
    parser.add_argument("--sheet", type=Path, help="also write a contact sheet PNG here")
    args = parser.parse_args(argv)
    paths = render_all(
        args.out, args.language, sizes=tuple(args.mode or MODES), keyboard=not args.no_keyboard
    )
    print(f"{len(paths)} screenshots in {args.out}/")
    if args.sheet:
        print(f"contact sheet: {contact_sheet(paths, args.sheet)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
