"""The composition root: the whole terminal built from its configuration, without Qt.

``Terminal.from_config(config)`` opens everything a running terminal needs: the bank link
(core-banking client, outbox with its sender, journal, the stores; the embedded sandbox when
no core bank is configured), the ID-card reader, the cameras and the identity helper
process, the receipt printer, and the journeys registry.  ``SimulatedRig.build(...)`` does
the same around device simulators (end-to-end tests, the journey benchmark, a headless soak
run).  ``ui/`` only adapts a ``Terminal`` to Qt (worker threads, signals); it wires nothing.

This is the only module that starts the embedded defaults (``kiosk.sandbox``), checked by
an import-linter contract.  Everything here blocks on devices and the network: call it on a
background thread.
"""

from __future__ import annotations

import functools
import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.bank_link import BankLink
from kiosk.config import KioskConfig, StorageConfig
from kiosk.devices_io.identity_devices import IdentityDevices
from kiosk.devices_io.identity_process import IsolatedIdentity
from kiosk.flows.ports import FlowDeps
from kiosk.flows.steps import Journey
from kiosk.receipts.journey_adapter import ReceiptsAdapter

log = logging.getLogger(__name__)

#: The journeys a terminal offers: id -> "module:class" (imported on first use).
JOURNEYS: dict[str, str] = {
    "open_account": "kiosk.flows.open_account:OpenAccountJourney",
    "transfer": "kiosk.flows.transfer:TransferJourney",
    "card_application": "kiosk.flows.card_application:CardApplicationJourney",
    "prefilled": "kiosk.flows.prefilled:PrefilledJourney",  # "I have a code" (issue 12)
    # Appointments and queue tickets (issue 12): need the hub (``Terminal.queue``).
    "appointment": "kiosk.flows.checkin:AppointmentCheckInJourney",
    "queue_ticket": "kiosk.flows.take_ticket:TakeTicketJourney",
}


def journey_class(journey_id: str) -> type[Journey]:
    """The state machine of journey ``journey_id`` (KeyError for an unknown id)."""
    module, name = JOURNEYS[journey_id].split(":")
    cls: type[Journey] = getattr(importlib.import_module(module), name)
    return cls


def local_bank(
    folder: str | Path,
    config: KioskConfig | None = None,
    *,
    sandbox_url: str | None = None,
    start_sender: bool = True,
    max_retries: int | None = None,
    outbox_path: str | Path | None = None,
    journal_path: str | Path | None = None,
    sandbox_db: str | Path | None = None,
    sandbox_host: str = "127.0.0.1",
    sandbox_port: int = 0,
    keys: Any = None,
) -> BankLink:
    """A bank link in ``folder``: to ``sandbox_url``, or to a sandbox started here.

    ``keys`` (kiosk.security.keys) seal the personal data at rest and key the ID hashes.

    ``outbox_path``, ``journal_path`` and ``sandbox_db`` override the file names in
    ``folder`` (the terminal passes its configured ones: see :func:`terminal_bank`).
    """
    cfg = config or KioskConfig()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sandbox = None
    if sandbox_url is None:
        from kiosk.sandbox.server import start_sandbox

        sandbox = start_sandbox(sandbox_db or folder / "sandbox.db", sandbox_host, sandbox_port)
        sandbox_url = sandbox.url
    try:
        bank = BankLink.open(folder, cfg, sandbox_url, start_sender=start_sender,
                             max_retries=max_retries, outbox_path=outbox_path,
                             journal_path=journal_path, keys=keys)  # fmt: skip
    except Exception:
        if sandbox is not None:
            sandbox.stop()
        raise
    bank.sandbox = sandbox
    return bank


def terminal_bank(cfg: KioskConfig) -> BankLink:
    """The running terminal's link: the files, core bank and sandbox ``cfg`` names.

    The outbox and journal are where ``kiosk outbox status``, ``kiosk journal verify``
    and ``kiosk diagnostics`` look for them.  The data folder is made private (0700/0600)
    and the terminal's keys loaded first: outside the demo, no keys means no start.
    """
    from kiosk.security.keys import config_keys
    from kiosk.security.permissions import secure_data_dir

    st, sb = cfg.storage, cfg.sandbox
    folder = cfg.data_path("")
    for fixed in secure_data_dir(folder):  # 0700 / 0600, checked at every start
        log.warning("data folder permission tightened: %s", fixed)
    keys = config_keys(cfg)
    return local_bank(
        cfg.data_path(""),
        cfg,
        sandbox_url=cfg.corebank.url or None,
        outbox_path=cfg.data_path("outbox.db", st.outbox_db),
        journal_path=cfg.data_path("journal.db", st.journal_db),
        sandbox_db=cfg.data_path("sandbox.db", sb.db),
        sandbox_host=sb.host,
        sandbox_port=sb.port,
        keys=keys,
    )


@dataclass
class Terminal:
    """One terminal: bank link, identity devices, receipts, and the journeys they serve.

    Attributes:
        config: the configuration it was built from.
        bank: core-banking client, outbox + sender, journal, daily totals, applications.
        identity: the identity devices (chip reader, tray camera, customer camera, helper).
        receipts: the journeys' receipts port (``None``: every receipt is an e-receipt).
        printer: the receipt printer driver (``None`` when it could not be opened).
        closers: what ``close()`` stops, in reverse order.
        teller: the teller link and, by default, the embedded hub (kiosk.teller.startup
            ``TellerService``); ``None`` when no hub is configured.
        desk: the journeys' approval port over that link (``FlowDeps.teller``), or ``None``.
        teller_listeners: called with each kiosk.teller.events.TellerEvent, on the link's
            thread (the UI adds one that re-emits it as a Qt signal).
    """

    config: KioskConfig
    bank: BankLink
    identity: IdentityDevices
    receipts: ReceiptsAdapter | None = None
    printer: Any = None
    closers: list[Callable[[], None]] = field(default_factory=list)
    teller: Any = None
    desk: Any = None
    teller_listeners: list[Callable[[Any], None]] = field(default_factory=list)
    call_camera: Any = None
    arrival: Any = None  # kiosk.recognition.arrival.ArrivalService (needs a hub and keys)
    preapps: Any = None  # kiosk.prearrival.client.PreappClient on the linked hub, or None
    hub_key: str = field(default="", repr=False)  # this terminal's device key on the hub

    @property
    def mobile_url(self) -> str:
        """The linked hub's phone page (``/m/``: pre-fill an application), or ""."""
        return f"{self.preapps.hub_url}/m/" if self.preapps is not None else ""
    queue: Any = None  # kiosk.queue.client.QueueClient, once a hub is linked

    @property
    def speech_engine(self) -> str:
        """The QTextToSpeech engine the front end speaks with."""
        return self.config.ui.speech_engine

    @classmethod
    def from_config(cls, config: KioskConfig, bank: BankLink | None = None) -> Terminal:
        """Open the devices and the bank link ``config`` names (blocking: background thread).

        Pass ``bank`` when a bank link already runs (one sender per outbox).  A device that
        cannot be opened is logged and left out: its journeys' steps take their fault path.
        """
        from devices.camera.factory import open_camera
        from devices.idcard import open_reader
        from kiosk.devices_io.demo import demo_customer
        from kiosk.receipts.setup import open_configured_printer

        closers: list[Callable[[], None]] = []
        if bank is None:
            bank = terminal_bank(config)
            closers.append(bank.close)
        reader = None
        try:
            ic = config.idcard
            reader = open_reader(ic.driver, ic.url, ic.baudrate, ic.timeout)
            if reader is not None:
                closers.append(reader.close)
        except Exception:  # no reader: the journeys offer the document scan instead
            log.exception("ID card reader could not be opened")
        if reader is not None:
            try:
                reader.sam_status()  # asked once: the printer's monitor polls it already
            except Exception as exc:  # the status now says what is wrong; journeys offer OCR
                log.warning("ID card reader does not answer: %s", exc)
        cam = config.camera
        camera_factory = None
        scanner = None
        challenge = None
        if cam.driver == "opencv" or cam.simulator_source:
            camera_factory = functools.partial(open_camera, cam.driver, cam.source, cam.width,
                                               cam.height, cam.simulator_source)  # fmt: skip
        elif cam.driver == "simulator":
            demo = demo_customer()
            if demo is not None:
                scanner, camera_factory = demo  # the drawn customer blinks and turns
        isolated = IsolatedIdentity(config.face.threshold, config.face.liveness_timeout,
                                    challenge)  # fmt: skip
        isolated.start()
        closers.append(isolated.stop)
        share = None
        if cam.driver == "opencv" and camera_factory is not None:
            # A real device opens once: the call's video and the face check share its owner.
            from devices.camera.shared import SharedCamera

            share = SharedCamera(camera_factory, max_size=(max(cam.width, 1920),
                                                           max(cam.height, 1080)))
            closers.append(share.close)
            camera_factory = share.view
        identity = IdentityDevices(reader=reader, scanner=scanner, camera_factory=camera_factory,
                                   face_threshold=config.face.threshold,
                                   liveness_timeout=config.face.liveness_timeout,
                                   challenge=challenge, isolated=isolated,
                                   share=share)  # fmt: skip
        receipts, printer = None, None
        try:
            setup = open_configured_printer(config, bank.journal.append, monitor=True,
                                            sealer=bank.sealer)  # fmt: skip
            closers.append(setup.close)
            printer = setup.printer
            receipts = ReceiptsAdapter(setup.service, config.branch.name,
                                       config.branch.terminal_id)  # fmt: skip
            if setup.simulator is not None:  # demo: the result screen shows the paper
                receipts.printed_pages = setup.simulator.pages
        except Exception:  # no printer: every receipt becomes the e-receipt QR
            log.exception("receipt printer could not be opened")
        terminal = cls(config, bank, identity, receipts, printer, closers)
        terminal.start_teller()
        return terminal

    def start_teller(self, announce: Callable[[str], None] = print) -> None:
        """Link to the configured hub (``[hub]``), starting the embedded one when ``start``.

        Prints the console's URL and the demo teller's sign-in for an embedded hub.  A hub
        that cannot be started is logged: the journeys then refuse what needs a teller.
        """
        hub = self.config.hub
        if not (hub.start or hub.url) or self.teller is not None:
            return
        from kiosk.teller.approvals import TellerDesk
        from kiosk.teller.call_camera import CallCamera
        from kiosk.teller.startup import start_teller

        factory = self.identity.camera_factory
        camera = CallCamera(factory) if factory is not None else None
        try:
            service = start_teller(self.config, video=camera, on_event=self._teller_event,
                                   announce=announce)  # fmt: skip
        except Exception:
            log.exception("teller hub could not be started")
            return
        if service is None:
            return
        if camera is not None:
            self.call_camera = camera
            self.teller_listeners.append(camera.on_event)
            self.closers.append(camera.stop)  # closers run in reverse: after the link
        self.teller = service
        self.desk = TellerDesk(service.link, hub.approval_timeout_s)
        from kiosk.prearrival.client import PreappClient

        key = service.embedded.terminal_key if service.embedded is not None else hub.key
        self.hub_key = key
        self.preapps = PreappClient(service.link.hub_url, self.config.branch.terminal_id, key)
        self.closers.append(service.stop)
        self.link_queue(service.link.hub_url, service.link.terminal_id, key)
        self.start_arrival()

    def start_arrival(self) -> None:
        """Recognition on arrival over the teller link's hub (logged and left out on error)."""
        if self.teller is None or self.arrival is not None:
            return
        from kiosk.recognition.startup import start_arrival

        link = self.teller.link
        try:
            self.arrival = start_arrival(self.config, link.hub_url, self.hub_key, self.bank.id_key,
                                         self.identity.camera_factory, self.bank.journal.append)
        except Exception:
            log.exception("recognition on arrival could not be started")
            return
        if self.arrival is not None:
            self.closers.append(self.arrival.close)

    def link_queue(self, hub_url: str, terminal_id: str, key: str) -> None:
        """Use the hub at ``hub_url`` for check-ins and tickets (this terminal's device key)."""
        from kiosk.queue.client import QueueClient

        self.queue = QueueClient(hub_url, terminal_id, key)
        self.closers.append(self.queue.close)

    def _teller_event(self, event: Any) -> None:
        for listener in list(self.teller_listeners):
            try:
                listener(event)
            except Exception:  # one listener's bug must not starve the others
                log.exception("teller event listener failed")

    # --- what the front end asks ---------------------------------------------------------
    def deps(self, language: str | None = None) -> FlowDeps:
        """A new journey's dependencies."""
        deps = self.bank.deps(language, receipts=self.receipts, teller=self.desk,
                              preapps=self.preapps)
        deps.queue, deps.qr_camera = self.queue, self.identity.camera_factory
        return deps

    def start_journey(self, journey_id: str, language: str | None = None) -> Journey:
        """A new journey ``journey_id`` for one session."""
        return journey_class(journey_id)(self.deps(language))

    def device_statuses(self) -> dict[str, Any]:
        """Each device's last reported status (XFS4IoT fields only, no personal data)."""
        reader = self.identity.reader
        no_device = {"device": "noDevice"}
        return {
            "idcard": {
                "driver": self.config.idcard.driver,
                **(reader.status.as_dict() if reader is not None else no_device),
            },
            "printer": {
                "driver": self.config.printer.driver,
                **(self.printer.status.as_dict() if self.printer is not None else no_device),
            },
            "camera": {"driver": self.config.camera.driver, **self.identity.camera_status},
        }

    def close(self) -> None:
        """Stop what this terminal started (the face check in progress is cancelled)."""
        self.identity.cancel()
        for close in reversed(self.closers):
            began = time.monotonic()
            try:
                close()
            except Exception:
                log.exception("closing a terminal part failed")
            if (took := time.monotonic() - began) > 0.2:  # what makes a stop slow, for the log
                log.info("closing %s took %.2f s", getattr(close, "__qualname__", close), took)
        self.closers.clear()


_CLIPS: dict[str, dict[str, list[Any]]] = {}


def _acting_clips(frame: Any) -> dict[str, list[Any]]:
    """face_synthetic.acting_clips of a camera frame, rendered once per face (~1 s each)."""
    import hashlib

    from kiosk.identity import face_synthetic

    key = hashlib.sha1(frame.tobytes()).hexdigest()
    if key not in _CLIPS:
        _CLIPS[key] = face_synthetic.acting_clips(frame)
    return {k: list(v) for k, v in _CLIPS[key].items()}


@dataclass
class SimulatedRig:
    """A terminal whose devices are simulators behind the real drivers; faults change live.

    Every device is the real driver on the real protocol against a simulator: the SAM
    reader over a pseudo-terminal to ``SimulatedSamReader``, the ESC/POS printer over a
    pseudo-terminal to ``PrinterSimulator`` (through ``ReceiptService``), cameras as
    ``SimulatedCamera`` playing frames.  The customer in front of the camera is made from a
    face photo with ``kiosk.identity.face_synthetic``: still, and blinking or turning his
    head when the screen asks (``devices.camera.acting``), since a still photo must not
    pass liveness.  The bank is the sandbox over real HTTP.
    """

    terminal: Terminal
    reader_sim: Any
    printer_sim: Any
    customer_frames: list[Any] = field(repr=False, default_factory=list)
    stranger_frames: list[Any] = field(repr=False, default_factory=list)
    # What the customer does when the screen asks (blink, turn_left, turn_right), over the
    # still frames above; emptied while someone or something else is shown to the camera.
    customer_actions: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def bank(self) -> BankLink:
        """The terminal's bank link."""
        return self.terminal.bank

    def show_to_camera(self, *frames: Any) -> None:
        """From now on the customer camera sees ``frames`` (a booking's QR code on a phone).

        ``present_customer`` puts the customer's face back in front of it.
        """
        if not hasattr(self, "_faces"):
            self._faces = list(self.customer_frames)
            self._actions = dict(self.customer_actions)
        self.customer_frames[:] = list(frames)
        self.customer_actions.clear()

    def present_stranger(self) -> None:
        """From now on someone else stands in front of the camera (face check fails)."""
        self.customer_frames[:] = self.stranger_frames
        self.customer_actions.clear()  # he blinks at most: the check fails on who he is

    def present_image(self, image: Any) -> None:
        """Hold ``image`` (BGR, or encoded PNG/JPEG bytes: a phone's QR code) to the camera.

        ``present_customer`` puts the customer's face back in front of it.
        """
        import cv2
        import numpy as np

        if isinstance(image, bytes | bytearray):
            image = cv2.imdecode(np.frombuffer(bytes(image), np.uint8), cv2.IMREAD_COLOR)
        # A phone held up in a room: the picture in the middle of a larger grey frame.
        canvas = np.full((480, 640, 3), 90, np.uint8)
        side = 400
        shown = cv2.resize(image, (side, side), interpolation=cv2.INTER_NEAREST)
        y, x = (480 - side) // 2, (640 - side) // 2
        canvas[y:y + side, x:x + side] = shown
        self.show_to_camera(*[canvas] * 3)

    def present_customer(self) -> None:
        """The customer's own face in front of the camera again (after ``show_to_camera``)."""
        faces = getattr(self, "_faces", None)
        if faces is not None:
            self.customer_frames[:] = faces
            self.customer_actions.update(self._actions)

    @classmethod
    def build(
        cls,
        folder: str | Path,
        card: Any,
        id_photo: Any,
        live_face: Any,
        stranger_face: Any = None,
        config: KioskConfig | None = None,
        sandbox_url: str | None = None,
        isolate: bool = True,
    ) -> SimulatedRig:
        """Start the sandbox, the reader and printer simulators and the terminal on them."""
        from devices.camera.acting import acting_camera
        from devices.camera.simulated import SimulatedCamera
        from devices.idcard import SamReader
        from devices.idcard.simulator import SimulatedSamReader
        from devices.printer import PrinterSimulator, open_printer
        from kiosk.devices_io.demo import card_front
        from kiosk.identity import face_synthetic
        from kiosk.receipts.service import ReceiptService

        cfg = config or KioskConfig()
        folder = Path(folder)
        if cfg.storage.data_dir == StorageConfig().data_dir:
            # A rig keeps every file in its folder (embedded hub, events, status), never in the
            # user's real data folder; set on the config itself so the Qt shell built from the
            # same config agrees.
            cfg.storage.data_dir = str(folder)
        bank = local_bank(folder, cfg, sandbox_url=sandbox_url, max_retries=1)
        closers: list[Callable[[], None]] = [bank.close]
        reader_sim = SimulatedSamReader(card)
        reader = SamReader.open(reader_sim.start(), cfg.idcard.baudrate, cfg.idcard.timeout)
        closers += [reader_sim.stop, reader.close]
        printer_sim = PrinterSimulator("pty")
        printer = open_printer(printer_sim.start(), 115200, 48, True, status_timeout=0.3)
        closers += [printer_sim.stop, printer.close]
        receipt_service = ReceiptService(printer, bank.journal.append, folder / "reprints.json",
                                         sealer=bank.sealer)  # fmt: skip
        closers.append(receipt_service.close)
        live = face_synthetic.frame_from_photo(live_face)
        frames = face_synthetic.blink_frames(live)
        stranger = (
            face_synthetic.blink_frames(face_synthetic.frame_from_photo(stranger_face))
            if stranger_face is not None
            else []
        )
        tray = SimulatedCamera([card_front(id_photo)], fps=0, loop=True)
        liveness_timeout = min(cfg.face.liveness_timeout, 5.0)  # each of the plan's two
        # The customer reads the screen (devices.camera.acting): the terminal's own plan,
        # a blink then a turn to a random side, runs on him.
        clips = _acting_clips(live)
        isolated = None
        if isolate:
            isolated = IsolatedIdentity(cfg.face.threshold, liveness_timeout, None)
            isolated.start()
            closers.append(isolated.stop)
        identity = IdentityDevices(
            reader=reader,
            scanner=tray,
            camera_factory=functools.partial(acting_camera, frames, clips, fps=0, noise=1.0),
            face_threshold=cfg.face.threshold,
            liveness_timeout=liveness_timeout,
            challenge=None,
            isolated=isolated,
        )
        receipts = ReceiptsAdapter(receipt_service, cfg.branch.name, cfg.branch.terminal_id)
        terminal = Terminal(cfg, bank, identity, receipts, printer, closers)
        return cls(terminal, reader_sim, printer_sim, frames, stranger, clips)

    def close(self) -> None:
        """Stop everything this rig started."""
        self.terminal.close()
