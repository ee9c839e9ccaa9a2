"""The journey host contract: how a customer journey plugs into the terminal's shell.

A journey (engineer-owned, in ``ui/journeys/`` over a Qt-free state machine in
``kiosk/flows/``) registers one :class:`JourneySpec`.  The home screen shows a tile for every
spec whose ``available(ctx)`` is true; touching the tile calls ``create(ctx)`` for a
:class:`JourneyViewModel`, and the shell shows the QML file named by its ``stepSource`` under
the shell's top bar (help, cancel, language, large text) with the view-model handed in as the
step's ``required property QtObject vm``.  The journey ends by emitting ``finished(outcome)``;
the customer's Cancel and the inactivity timeout call ``cancel()`` first.  Either way the
session ends, its personal data is wiped, the view-model is deleted and the attract screen
comes back.  See docs/ui.md, "Journey host contract".
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Property, QObject, QUrl, Signal, Slot

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.session import Session
    from ui.services import DeviceDirectory

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"

# The services the terminal is built for: their tile titles are translated in shell.ts, so a
# journey that uses exactly these texts needs no translation work of its own.
STANDARD_TITLES = {
    "open_account": QT_TRANSLATE_NOOP("Journeys", "Open an account"),
    "transfer": QT_TRANSLATE_NOOP("Journeys", "Transfer money"),
    "card_application": QT_TRANSLATE_NOOP("Journeys", "Apply for a card"),
    "appointment": QT_TRANSLATE_NOOP("Journeys", "Appointment check-in"),
    "call_teller": QT_TRANSLATE_NOOP("Journeys", "Call a teller"),
}


@dataclass
class HostContext:
    """What the shell hands to every journey.

    Attributes:
        config: the terminal's typed configuration.
        session: the current customer session; keep personal data in ``session.personal``.
        devices: the device workers, filled in the background after the first frame.
        language: returns the current interface language code (``zh_CN``, ``en``).
        teller: placeholder for the video-teller link (None until video tellers exist).
    """

    config: KioskConfig
    session: Session
    devices: DeviceDirectory
    language: Callable[[], str] = lambda: "zh_CN"
    teller: Any = None


class JourneyViewModel(QObject):
    """Base class of every journey's view-model (a QObject living on the GUI thread).

    Subclasses call :meth:`set_step` to show a step screen, keep entered values in their own
    properties (so a language or text-size switch never loses them), store personal data in
    ``ctx.session.personal``, and emit :attr:`finished` when the journey is over.
    """

    stepChanged = Signal()
    textsChanged = Signal()
    finished = Signal(str)  # outcome: "done", "failed", "abandoned"... (logged, no data)

    def __init__(self, ctx: HostContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._step = ""
        self._index = 0
        self._count = 0

    # -- the step on screen ---------------------------------------------------------------

    def set_step(self, qml: str | Path, index: int = 0, count: int = 0) -> None:
        """Show the QML file ``qml`` (a path or URL); ``index``/``count`` feed the progress dots."""
        url = (
            qml
            if isinstance(qml, str) and "://" in qml
            else QUrl.fromLocalFile(str(qml)).toString()
        )
        self._step, self._index, self._count = url, index, count
        self.stepChanged.emit()

    stepSource = Property(str, lambda self: self._step, notify=stepChanged)
    stepIndex = Property(int, lambda self: self._index, notify=stepChanged)
    stepCount = Property(int, lambda self: self._count, notify=stepChanged)

    # -- translated texts the shell shows around the step ---------------------------------

    def title(self) -> str:
        """The journey's title in the current language (top bar). Override to translate."""
        return ""

    def help_text(self) -> str:
        """Help for the current step in the current language (help panel). Override."""
        return ""

    titleText = Property(str, lambda self: self.title(), notify=textsChanged)
    helpText = Property(str, lambda self: self.help_text(), notify=textsChanged)

    def retranslate(self) -> None:
        """Called by the shell after a language switch: re-emit Python-side strings."""
        self.textsChanged.emit()

    # -- ending ---------------------------------------------------------------------------

    @Slot()
    def cancel(self) -> None:
        """Cancel or timeout: stop device work and forget state. Override, call super()."""

    def time_out(self) -> None:
        """The session timed out (inactivity): by default the same as :meth:`cancel`."""
        self.cancel()

    @Slot(str)
    def finish(self, outcome: str = "done") -> None:
        """Convenience for QML: end the journey with ``outcome``."""
        self.finished.emit(outcome)


@dataclass(frozen=True)
class JourneySpec:
    """One journey as the home screen knows it.

    Attributes:
        id: stable identifier, e.g. ``"open_account"`` (logs, tests, objectName ``tile_<id>``).
        title: English source text of the tile, translated in context ``"Journeys"``; write it
            as ``QT_TRANSLATE_NOOP("Journeys", "Open an account")`` so lupdate finds it.
        icon: an SVG/PNG file name under ``assets/icons/`` or an absolute path.
        create: builds the view-model; import heavy modules inside it, not at registration.
        available: false hides the tile (capability not built, device missing); re-checked
            every time the home screen is shown and when devices change.
        order: tiles are sorted by ``order`` then ``id``.
        description: optional one-line source text under the title (context ``"Journeys"``).
        samples: optional, for ``make screenshots``: ``samples(ctx)`` yields ``(name, vm)``
            pairs, each a view-model already put into a state worth a picture.
    """

    id: str
    title: str
    icon: str
    create: Callable[[HostContext], JourneyViewModel]
    available: Callable[[HostContext], bool] = lambda ctx: True
    order: int = 100
    description: str = ""
    samples: Callable[[HostContext], Iterable[tuple[str, JourneyViewModel]]] | None = None

    def icon_url(self) -> str:
        """The icon as a URL the QML Image can load ("" when there is none)."""
        if not self.icon:
            return ""
        path = Path(self.icon)
        if not path.is_absolute():
            path = ASSETS_DIR / "icons" / self.icon
        return QUrl.fromLocalFile(str(path)).toString() if path.exists() else ""


@dataclass
class JourneyRegistry:
    """The journeys this terminal offers (one registry per shell)."""

    _specs: dict[str, JourneySpec] = field(default_factory=dict)

    def register(self, spec: JourneySpec) -> None:
        """Add or replace a journey."""
        self._specs[spec.id] = spec

    def unregister(self, journey_id: str) -> None:
        """Remove a journey (no error when absent)."""
        self._specs.pop(journey_id, None)

    def get(self, journey_id: str) -> JourneySpec:
        """The spec of ``journey_id`` (KeyError when unknown)."""
        return self._specs[journey_id]

    def all(self) -> list[JourneySpec]:
        """Every registered journey, in tile order."""
        return sorted(self._specs.values(), key=lambda s: (s.order, s.id))

    def available(self, ctx: HostContext) -> list[JourneySpec]:
        """The journeys whose capability is there now; a failing check hides the tile."""
        out = []
        for spec in self.all():
            try:
                ok = bool(spec.available(ctx))
            except Exception:  # a broken check must not take the home screen down
                log.exception("availability check of journey %s failed", spec.id)
                ok = False
            if ok:
                out.append(spec)
        return out


def load_installed_journeys(registry: JourneyRegistry, module: str = "ui.journeys") -> None:
    """Let the journeys package register itself: ``ui.journeys.register(registry)``.

    Absent package or function: no journeys (the home screen then shows no tiles).
    """
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return
        raise
    register = getattr(mod, "register", None)
    if callable(register):
        register(registry)
