"""The view-model of a running journey: a kiosk.flows state machine shown step by step.

One class serves the three journeys: it owns the journey object, runs every journey call on
the session's journey worker, device work on the identity devices' workers, and publishes
what the journey offers (``journey.view()``, one snapshot after each call) as Qt
properties.  Entered values live in the machine, so a language or text-size switch, which
only re-renders the screen, never loses them.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QTimer, Signal, Slot

from kiosk.devices_io.identity_devices import DeviceProblem
from kiosk.flows.identify_steps import IdentifySteps
from kiosk.flows.steps import FlowError
from kiosk.flows.view import JourneyView
from ui.journey_host import HostContext, JourneyViewModel
from ui.journeys import texts
from ui.journeys.precompile import precompile_steps
from ui.journeys.runner import Worker
from ui.journeys.signature import strokes_to_svg
from ui.journeys.speech import Guidance

log = logging.getLogger(__name__)

QML_ROOT = Path(__file__).resolve().parent
# Steps each journey shows as progress dots (result steps are not counted).
_DOT_STEPS = {
    "open_account": ("identity", "details", "face", "terms", "submitting"),
    "transfer": ("identity", "face", "choose_account", "payee", "amount", "confirm"),
    "card_application": ("identity", "face", "choose_card", "consent", "submitting"),
    "prefilled": ("code", "confirm_application", "identity", "face", "submitting"),
}


def qr_data_url(payload: str) -> str:
    """The e-receipt QR code as a PNG data URL (QML's Image loads it directly)."""
    import base64
    import io

    import qrcode

    buf = io.BytesIO()
    qrcode.make(payload, box_size=6, border=2).save(buf)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def _plain(value: Any) -> Any:
    """Make a value QML can take (Decimals as strings, nested dicts/lists copied)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


#: Journeys whose face check starts when its screen opens: the pre-filled one, where the
#: confirmation's "confirm and verify" tap starts the whole identity check.
_FACE_ON_ARRIVAL = frozenset({"prefilled"})


class FlowViewModel(JourneyViewModel):
    """Shows a ``kiosk.flows`` journey and forwards the customer's input to it."""

    changed = Signal()
    busyChanged = Signal()
    faceChanged = Signal()
    _face_progress = Signal(float, str, bytes)
    _code_preview = Signal(bytes)

    def __init__(self, ctx: HostContext, journey: IdentifySteps, services: Any) -> None:
        super().__init__(ctx)
        self.journey = journey
        self._view: JourneyView = journey.view()
        self.services = services
        self.worker = Worker(journey.NAME, self)
        self.worker.busyChanged.connect(lambda _b: self.busyChanged.emit())
        self.guidance = Guidance(services.speech_engine, self)
        self._face_value = 0.0
        self._face_prompt = ""
        self._face_running = False
        self._face_preview = ""
        self._scanning = False
        self._scan_preview = ""
        self._face_progress.connect(self._on_face_progress)
        self._code_preview.connect(self._on_code_preview)
        self._finished_emitted = False
        self._last_step = ""
        self._auto_started = False  # whether this screen's own action (send, print) started
        self._picture_page: Any = None  # the printed page last drawn, and its data URL
        self._picture_url = ""
        self._picture_tries = 0
        self.journey.set_language(ctx.language())
        precompile_steps()  # no-op when the home screen already did it
        self._show()

    # --- language ------------------------------------------------------------------------
    def current_view(self) -> JourneyView:
        """The journey's view as last read on the GUI thread (no lock taken)."""
        return self._view

    @property
    def lang(self) -> str:
        """The current interface language."""
        return self._view.language

    def t(self, key: str, params: dict[str, Any] | None = None) -> str:
        """Words for ``key`` in the current language."""
        return texts.text(key, self.lang, params)

    def title(self) -> str:
        """Top-bar title."""
        return self.t(f"title.{self.journey.NAME}")

    def help_text(self) -> str:
        """Help for the current step in more words than its prompt, and how to get a person."""
        step = "ended" if self._view.ended else self._view.step
        key = f"help.{step}"
        words = self.t(key) if key in texts.T else self.t(self._view.speech_key)
        return f"{words}\n\n{self.t('help.person')}"

    def retranslate(self) -> None:
        """Language switched: keep everything, re-render the words."""
        if self.ctx is not None:
            self.journey.set_language(self.ctx.language())
            self._view = self.journey.view()
        super().retranslate()
        self.changed.emit()

    # --- state → screen ----------------------------------------------------------------------
    def _qml_for(self, step: str) -> Path:
        name = "Ended" if self._view.ended else "".join(p.title() for p in step.split("_"))
        own = QML_ROOT / self.journey.NAME / f"{name}.qml"
        return own if own.exists() else QML_ROOT / "common" / f"{name}.qml"

    def _show(self) -> None:
        v = self._view = self.journey.view()
        if self._scanning and v.step != "code":  # the code was typed or the journey ended
            self.services.identity.stop_qr()
        screen = "Ended" if v.ended else v.step
        if screen != self._last_step:
            self._last_step = screen
            self._auto_started = False
            dots = _DOT_STEPS.get(v.name, ())
            index = dots.index(v.step) if v.step in dots else len(dots)
            self.set_step(self._qml_for(v.step), index, len(dots))
            self.textsChanged.emit()
            self.guidance.say(self._prompt(), self.lang)
            if screen == "face" and self.journey.NAME in _FACE_ON_ARRIVAL and not v.auto:
                # The confirmation's one tap asked for the identity check: card, then face.
                # A failed attempt stays on this screen, and its retry is the customer's tap.
                self.startFaceCheck()
        if v.auto and not self._auto_started:
            # The step sends or prints by itself, once per screen.  The journey offers it only
            # when nothing else runs: a code typed while the camera's scan slice was still
            # reading reached "submitting" busy, and the send waits for the scan's return.
            self._auto_started = True
            self._call(self.journey.run_auto)
        self.changed.emit()

    def _prompt(self) -> str:
        if self._view.ended:
            return self._message_text()
        return self.t(self._view.speech_key, self._view.message_params)

    def _call(self, fn: Any, *args: Any) -> None:
        """Run a journey method on the journey worker; refresh the screen when it returns."""

        def run() -> Any:
            return fn(*args)

        run.__name__ = getattr(fn, "__name__", "call")
        self.worker.submit(run, self._after_call)

    def apply_correction(self, field: str, value: str) -> None:
        """A teller's correction the customer confirmed: it becomes the field's entry."""
        self._call(self.journey.set_draft, field, value)

    def _after_call(self, _result: Any, error: BaseException | None) -> None:
        if error is not None and not isinstance(error, FlowError):
            log.error(
                "journey %s: %s in step %s",
                self.journey.NAME,
                type(error).__name__,
                self._view.step,
            )
            self.journey.abort(type(error).__name__)
        self._show()

    # --- properties --------------------------------------------------------------------------
    step = Property(str, lambda self: self._view.step, notify=changed)
    journeyName = Property(str, lambda self: self.journey.NAME, constant=True)
    ended = Property(bool, lambda self: self._view.ended, notify=changed)
    outcome = Property(str, lambda self: self._view.outcome, notify=changed)
    busy = Property(bool, lambda self: self.worker.busy, notify=busyChanged)
    tr = Property("QVariantMap", lambda self: texts.table(self.lang), notify=changed)

    def _message_text(self) -> str:
        v = self._view
        return self.t(v.message_key, dict(v.message_params)) if v.message_key else ""

    messageText = Property(str, _message_text, notify=changed)
    messageKey = Property(str, lambda self: self._view.message_key, notify=changed)
    promptText = Property(str, lambda self: self._prompt(), notify=changed)

    def _errors(self) -> dict[str, str]:
        v = self._view  # a field error may carry the message's figures (a limit)
        return {
            k: self.t(key, dict(v.message_params) if v.message_key == key else None)
            for k, key in v.errors.items()
        }

    errors = Property("QVariantMap", _errors, notify=changed)
    form = Property("QVariantMap", lambda self: _plain(self._view.form), notify=changed)
    inputs = Property("QVariantMap", lambda self: _plain(self._view.inputs), notify=changed)

    def _accounts(self) -> list[dict[str, Any]]:
        return [
            {
                "id": a.id,
                "masked": a.masked,
                "product": texts.product(a.product, self.lang),
                "currency": a.currency,
                "balance": a.balance,
                # As the language writes money: "1,234.50 元" / "CNY 1,234.50".
                "balanceText": ""
                if a.balance_value is None
                else texts.money(a.balance_value, self.lang, a.currency or "CNY"),
            }
            for a in self._view.accounts
        ]

    accounts = Property("QVariantList", _accounts, notify=changed)

    def _amount_info(self) -> dict[str, str]:
        """Balance and limits the amount screen shows before the customer types."""
        a = self._view.amount_info
        if not a:
            return {}
        cur = a["currency"]
        info = {
            "perTransaction": texts.money(a["per_transaction"], self.lang, cur),
            "todayLeft": texts.money(a["today_left"], self.lang, cur),
            "tellerAbove": texts.money(a["teller_above"], self.lang, cur),
        }
        if a["balance"] is not None:
            info["balance"] = texts.money(a["balance"], self.lang, cur)
        return info

    amountInfo = Property("QVariantMap", _amount_info, notify=changed)

    def _summary(self) -> dict[str, Any]:
        if not self._view.summary:
            return {}
        summary = _plain(self._view.summary)
        summary["amountText"] = texts.money(
            summary.get("amount", ""), self.lang, summary.get("currency") or "CNY"
        )
        return summary

    summary = Property("QVariantMap", _summary, notify=changed)
    # A result screen: the top bar's Cancel becomes Done (nothing left to cancel).
    atResult = Property(
        bool,
        lambda self: self._view.ended
        or self._view.step in ("done", "pending", "existing_client"),
        notify=changed,
    )

    def _result_title(self) -> str:
        if not self._view.ended:
            return ""
        return self.t(f"ended.title.{self._view.outcome or 'cancelled'}")

    # What happened, as the ended screen's title ("Not completed", "See staff"...).
    resultTitle = Property(str, _result_title, notify=changed)
    documentSource = Property(str, lambda self: self._view.document_source, notify=changed)
    accountNo = Property(str, lambda self: self._view.account_no, notify=changed)
    reference = Property(str, lambda self: self._view.reference, notify=changed)

    def _receipt(self) -> dict[str, Any]:
        r = self._view.receipt
        if not r:
            return {}
        key = (
            ("receipt.duplicate" if r["duplicate"] else "receipt.printed")
            if r["printed"]
            else "receipt.e_receipt"
        )
        return {
            "printed": r["printed"],
            "qr": r["qr"],
            "text": self.t(key),
            "qrImage": qr_data_url(r["qr"]) if r["qr"] else "",
            "picture": self._receipt_picture() if r["printed"] else "",
        }

    def _receipt_picture(self) -> str:
        """The page the (virtual) printer printed, drawn by devices.printer.render (demo)."""
        pages = getattr(getattr(self.services, "receipts", None), "printed_pages", None)
        if not pages:
            if pages is not None and self._picture_tries < 10:  # the cut is still on its way
                self._picture_tries += 1
                QTimer.singleShot(200, self.changed.emit)
            return ""
        page = pages[-1]
        if self._picture_page is not page:
            import base64

            self._picture_page = page
            png = page.png_bytes() if page.picture is not None else b""
            url = "data:image/png;base64," + base64.b64encode(png).decode()
            self._picture_url = url if png else ""
        return self._picture_url

    receipt = Property("QVariantMap", _receipt, notify=changed)
    faceProgress = Property(float, lambda self: self._face_value, notify=faceChanged)
    facePrompt = Property(str, lambda self: self._face_prompt, notify=faceChanged)
    faceRunning = Property(bool, lambda self: self._face_running, notify=faceChanged)
    facePreview = Property(str, lambda self: self._face_preview, notify=faceChanged)
    draft = Property("QVariantMap", lambda self: dict(self._view.draft), notify=changed)

    @Slot(str, str)
    def setDraft(self, key: str, value: str) -> None:  # noqa: N802 - QML API
        """Keep what is being typed in the machine, so a re-rendered screen shows it again."""
        self.journey.set_draft(key, value)
        self._view = self.journey.view()

    # --- identity ------------------------------------------------------------------------
    @Slot()
    def readCard(self) -> None:  # noqa: N802 - QML API
        """Read the ID card on the chip reader (reader worker), then judge it (journey worker)."""
        self.services.identity.read_card_async(self, self._on_document)

    @Slot()
    def scanDocument(self) -> None:  # noqa: N802 - QML API
        """OCR the document placed on the scanner."""
        self.services.identity.scan_document_async(self, self._on_document)

    @Slot(str, str)
    def submitTypedId(self, id_number: str, name: str) -> None:  # noqa: N802 - QML API
        """The card cannot be read: the number and name the customer typed."""
        self._call(self.journey.id_number_typed, id_number, name)

    def _on_document(self, read: Any, error: BaseException | None) -> None:
        if error is not None or read is None:
            if error is None:
                reason = "unreadable"
            else:
                reason = error.reason if isinstance(error, DeviceProblem) else "reader_fault"
            self._call(self.journey.document_failed, reason)
            return
        self._call(
            lambda: self.journey.document_read(
                read.kind,
                read.fields,
                source=read.source,
                valid=read.valid,
                photo=read.photo,
                problems=read.problems,
            )
        )

    @Slot()
    def startFaceCheck(self) -> None:  # noqa: N802 - QML API
        """Run liveness + comparison on the camera worker; the result goes to the journey."""
        if self._face_running or self._view.step != "face":
            return
        self._face_running = True
        self._face_value, self._face_prompt = 0.0, self.t("face.guide")
        self.faceChanged.emit()
        self.services.identity.face_check_async(
            self, self.journey.reference_photo, self._face_progress.emit, self._on_face
        )

    @Slot(float, str, bytes)
    def _on_face_progress(self, value: float, prompt_key: str, preview: bytes) -> None:
        if preview:
            import base64

            self._face_preview = "data:image/jpeg;base64," + base64.b64encode(preview).decode()
        if self.ctx is not None:
            self.ctx.session.touch()  # the customer is visibly busy: no inactivity warning
        self._face_value = value
        new_prompt = self.t(prompt_key) if prompt_key else self._face_prompt
        if new_prompt != self._face_prompt:
            self._face_prompt = new_prompt
            self.guidance.say(new_prompt, self.lang)
        self.faceChanged.emit()

    def _on_face(self, result: Any, error: BaseException | None) -> None:
        self._face_running = False
        self._face_preview = ""  # the customer's picture goes as soon as the check ends
        self.faceChanged.emit()
        if error is not None or result is None:
            self._call(self.journey.device_fault, "camera", type(error).__name__)
            return
        if result.reason == "cancelled" or self._view.ended:
            return
        self._call(self.journey.face_result, result.passed, result.reason, result.distance)

    # --- open account --------------------------------------------------------------------
    @Slot(str, str, str)
    def submitDetails(self, mobile: str, address: str, occupation: str) -> None:  # noqa: N802
        """Details step: mobile, address, occupation."""
        self._call(self.journey.submit_details, mobile, address, occupation)

    @Slot(bool, "QVariantList")
    def acceptTerms(self, consent: bool, strokes: list) -> None:  # noqa: N802
        """Terms step: consent and the drawn signature (strokes of [x, y] points)."""
        svg = strokes_to_svg(strokes) if strokes else b""
        self._call(self.journey.accept_terms, consent, svg)

    @Slot()
    def finishExisting(self) -> None:  # noqa: N802 - QML API
        """Existing client: leave."""
        self._call(self.journey.finish_existing)

    # --- transfer ------------------------------------------------------------------------
    @Slot(int)
    def chooseAccount(self, account_id: int) -> None:  # noqa: N802 - QML API
        """Pick the source account."""
        self._call(self.journey.choose_account, account_id)

    @Slot(str, str)
    def submitPayee(self, account_no: str, name: str) -> None:  # noqa: N802 - QML API
        """Payee account and name."""
        self._call(self.journey.submit_payee, account_no, name)

    @Slot(str)
    def submitAmount(self, amount: str) -> None:  # noqa: N802 - QML API
        """The amount."""
        self._call(self.journey.submit_amount, amount)

    @Slot()
    def confirm(self) -> None:
        """Confirm screen: send. A second press queues behind the first and changes nothing."""
        self._call(self.journey.confirm)

    @Slot()
    def back(self) -> None:
        """One step back, keeping what was entered."""
        self._call(self.journey.back)

    # --- card ----------------------------------------------------------------------------
    @Slot(str, int, str, str)
    def chooseCard(self, kind: str, account_id: int, income: str, employer: str) -> None:  # noqa: N802
        """Debit on an account, or credit with income and employer."""
        self._call(
            self.journey.choose_card,
            kind,
            account_id if account_id >= 0 else None,
            income,
            employer,
        )

    @Slot(bool)
    def giveConsent(self, consent: bool) -> None:  # noqa: N802 - QML API
        """Card terms consent."""
        self._call(self.journey.give_consent, consent)

    # --- pre-filled application ----------------------------------------------------------
    @Slot(str)
    def enterCode(self, text: str) -> None:  # noqa: N802 - QML API
        """A typed code: the hub is asked on the journey worker."""
        self.services.identity.stop_qr()
        self._call(self.journey.enter_code, text)

    @Slot()
    def scanCode(self) -> None:  # noqa: N802 - QML API
        """Look for the QR code in the camera's frames (camera worker, never the GUI thread)."""
        if self._scanning or self._view.step != "code":
            return
        self._scanning = True
        self.scanningChanged.emit()
        self.services.identity.scan_qr_async(self, self._on_qr, preview=self._code_preview.emit)

    @Slot(bytes)
    def _on_code_preview(self, jpeg: bytes) -> None:
        if not self._scanning or not jpeg:  # a frame that arrived after the scan ended
            return
        import base64

        self._scan_preview = "data:image/jpeg;base64," + base64.b64encode(jpeg).decode()
        self.scanningChanged.emit()

    def _on_qr(self, text: Any, error: BaseException | None) -> None:
        self._scanning = False
        self._scan_preview = ""  # what the camera saw goes when the scan ends
        self.scanningChanged.emit()
        if self._view.ended or self._view.step != "code":
            return
        if text:
            self._call(self.journey.enter_code, text)
        else:
            reason = error.reason if isinstance(error, DeviceProblem) else "not_seen"
            self._call(self.journey.scan_failed, reason)

    scanningChanged = Signal()
    scanning = Property(bool, lambda self: self._scanning, notify=scanningChanged)
    scanPreview = Property(str, lambda self: self._scan_preview, notify=scanningChanged)

    @Slot()
    def confirmApplication(self) -> None:  # noqa: N802 - QML API
        """The loaded application is the customer's: identity next, the card read at once.

        The confirmation screen already asks for the card on the reader, so the same tap
        reads it (and the face check starts when its screen opens, ``_FACE_ON_ARRIVAL``);
        the identity screen's own buttons (read again, scan, type) stay for a card that was
        not there or could not be read.
        """
        self.worker.submit(self.journey.confirm_application, self._after_confirm)

    def _after_confirm(self, result: Any, error: BaseException | None) -> None:
        self._after_call(result, error)
        if error is None and self._view.step == "identity" and not self._view.ended:
            self.readCard()

    @Slot()
    def otherCode(self) -> None:  # noqa: N802 - QML API
        """Not this application: back to the code step."""
        self._call(self.journey.other_code)

    # --- guidance, ending ----------------------------------------------------------------------
    @Slot()
    def repeatGuidance(self) -> None:  # noqa: N802 - QML API
        """Say the current step's prompt again."""
        self.guidance.say(self._prompt(), self.lang)

    @Slot()
    def leave(self) -> None:
        """Result or end screen: the customer is done."""
        view = self.journey.view()
        if not view.ended and view.step in ("done", "pending"):
            self.journey.finish()
        self._emit_finished()

    def _emit_finished(self) -> None:
        if not self._finished_emitted:
            self._finished_emitted = True
            self.finished.emit(self.journey.view().outcome or "cancelled")
            self.worker.stop()
            self.guidance.stop()
            self.journey.wipe()

    @Slot()
    def cancel(self) -> None:
        """Shell cancel: end the machine, stop workers, wipe."""
        self._stop(timed_out=False)

    def time_out(self) -> None:
        """Inactivity: end with the step's timeout outcome, stop workers, wipe."""
        self._stop(timed_out=True)

    def _stop(self, timed_out: bool) -> None:
        if not self.journey.view().ended:
            if timed_out or not self.journey.cancel():
                self.journey.timed_out()  # ends even mid-submit; the outbox finishes the action
        self.services.identity.cancel()
        self.worker.stop()
        self.guidance.stop()
        self._face_preview = self._scan_preview = ""
        self.journey.wipe()
