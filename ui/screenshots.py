"""``make screenshots``: render every screen in every language and both text sizes to PNG.

``python -m ui.screenshots --out screenshots`` drives the real window offscreen through the
attract, language and home screens, the help panel, the countdown dialog, the component
gallery with the virtual keyboard open, and every registered journey's sample states
(``JourneySpec.samples``), and saves ``<screen>-<lang>-<normal|large>.png``.
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


def _settle(ms: int = 350) -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(ms)


def _open_keyboard(terminal) -> None:  # noqa: ANN001
    from PySide6.QtQuick import QQuickItem

    field = terminal.window.findChild(QQuickItem, "galleryName_input")
    if field is not None:
        field.forceActiveFocus()


def preview_registry(registry):  # noqa: ANN001, ANN201 - JourneyRegistry in and out
    """A copy of ``registry`` with every tile shown (layout preview; tiles are not started)."""
    from dataclasses import replace

    from ui.journey_host import JourneyRegistry

    preview = JourneyRegistry()
    for spec in registry.all():
        preview.register(replace(spec, available=lambda ctx: True))
    return preview


def render_all(
    out: Path,
    languages: list[str] | None = None,
    registry: Any = None,
    sizes: tuple[str, ...] = ("normal", "large"),
) -> list[Path]:
    """Render every screen; return the PNG paths written.

    Args:
        out: folder for the PNG files (created).
        languages: language codes; default every offered language.
        registry: the journeys; default the installed ones (``ui.journeys.register``).
        sizes: ``normal`` and/or ``large`` (large text, high contrast).
    """
    from ui.window import prepare_environment

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prepare_environment()
    from PySide6.QtGui import QGuiApplication

    from kiosk.config import KioskConfig
    from ui.gallery import GALLERY
    from ui.window import build_terminal

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    config = KioskConfig()
    config.session.idle_seconds = 3600
    terminal = build_terminal(config, registry=registry)
    shell = terminal.shell
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    langs = languages or [lang["code"] for lang in shell._languages()]

    def shoot(name: str, lang: str, size: str) -> None:
        _settle()
        path = out / f"{name}-{lang}-{size}.png"
        terminal.window.grabWindow().save(str(path))
        written.append(path)

    # An action either shows one state (returns None) or yields the names of several.
    def journey_states() -> list[tuple[str, Callable[[], Iterator[str] | None]]]:
        states: list[tuple[str, Callable[[], Iterator[str] | None]]] = []

        def gallery() -> None:
            shell.show_journey(GALLERY.id, GALLERY.create(shell.ctx))

        def gallery_keyboard() -> None:
            gallery()
            _settle()
            _open_keyboard(terminal)

        states += [("gallery", gallery), ("gallery-keyboard", gallery_keyboard)]
        for spec in shell.registry.all():
            if spec.samples is None:
                continue

            def show(spec: JourneySpec = spec) -> Iterator[str]:
                for name, vm in spec.samples(shell.ctx):
                    shell.show_journey(spec.id, vm)
                    yield name

            states.append((f"journey-{spec.id}", show))
        return states

    for lang in langs:
        for size in sizes:
            shell.end_session("screenshot")
            shell.setLanguage(lang)
            terminal.theme.setProperty("largeText", size == "large")
            shoot("01-attract", lang, size)
            shell.touchStart()
            shoot("02-language", lang, size)
            shell.chooseLanguage(lang)
            terminal.theme.setProperty("largeText", size == "large")
            shoot("03-home", lang, size)
            hidden = [
                s for s in shell.registry.all() if s not in shell.registry.available(shell.ctx)
            ]
            if hidden:  # journeys whose services are not up here: preview their tiles too
                real = shell.registry
                shell.registry = preview_registry(real)
                shell.refresh_tiles()
                shoot("03-home-all-tiles", lang, size)
                shell.registry = real
                shell.refresh_tiles()
            shell.openHelp()
            shoot("04-help", lang, size)
            shell.closeHelp()
            shell.session.idle_seconds = 0.01
            _settle(400)
            shoot("05-countdown", lang, size)
            shell.moreTime()
            shell.session.idle_seconds = 3600
            for name, action in journey_states():
                result = action()
                if result is None:
                    shoot(f"06-{name}", lang, size)
                else:  # a journey's samples: one picture per state
                    for state in result:
                        shoot(f"07-{name}-{state}", lang, size)
                shell.home()
    terminal.close()
    del app
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--out DIR`` and optionally ``--language CODE`` (repeatable)."""
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots")
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--language", action="append")
    args = parser.parse_args(argv)
    paths = render_all(args.out, args.language)
    print(f"{len(paths)} screenshots in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
