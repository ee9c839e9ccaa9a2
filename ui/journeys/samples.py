"""Sample states of every journey step for ``make screenshots`` (``JourneySpec.samples``).

Each sample is a real journey driven to the step through its machine methods against a
sandbox (started once per process in a temporary folder; fictitious demo people), shown by a
real ``FlowViewModel``.  No device is needed: the machine receives the facts a device would
have delivered.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from kiosk.identity.idnumber import check_char


def cn_id(first17: str) -> str:
    """A fictitious ID number: 17 digits and their GB 11643 check character."""
    return first17 + check_char(first17)


NEW_PERSON = {"name": "王小样", "sex": "男", "birth_date": "1990-03-07",
              "address": "北京市东城区示例路1号样本小区2号楼301室",
              "id_number": cn_id("11010119900307215"), "valid_to": "2036-05-20"}  # fmt: skip
CLIENT = {"name": "张伟", "sex": "男", "birth_date": "1980-01-01", "address": "北京市",
          "id_number": cn_id("11010519800101001"), "valid_to": "2036-05-20"}  # fmt: skip
_services: Any = None
_counter = iter(range(1000, 10000))


def _new_person() -> dict[str, Any]:
    """A fictitious new customer (a fresh number each time: the sandbox remembers clients)."""
    return {**NEW_PERSON, "id_number": cn_id(f"1101011990030{next(_counter):04d}")}


def _sample_services() -> Any:
    global _services
    if _services is None:
        from kiosk.config import KioskConfig
        from kiosk.devices_io.identity_devices import IdentityDevices
        from kiosk.terminal import Terminal, local_bank
        from ui.journeys.services import JourneyServices

        cfg = KioskConfig()
        folder = tempfile.mkdtemp(prefix="journey-samples-")
        bank = local_bank(folder, cfg)
        receipts = _sample_receipts(folder, bank)
        _services = JourneyServices(Terminal(cfg, bank, IdentityDevices(), receipts))
    return _services


def _sample_receipts(folder: str, bank: Any) -> Any:
    """Receipts printed on the virtual printer, so result screens show the paper."""
    from kiosk.config import KioskConfig
    from kiosk.receipts.journey_adapter import ReceiptsAdapter
    from kiosk.receipts.setup import open_configured_printer

    config = KioskConfig()
    config.storage.data_dir = folder
    try:
        setup = open_configured_printer(config, bank.journal.append, monitor=False)
    except Exception:  # no pseudo-terminals here: the samples show the e-receipt instead
        return None
    receipts = ReceiptsAdapter(setup.service, config.branch.name, config.branch.terminal_id)
    receipts.printed_pages = setup.simulator.pages if setup.simulator is not None else None
    return receipts


def _identified(journey: Any, person: dict[str, Any]) -> Any:
    journey.document_read("cn-id", dict(person), source="chip")
    if journey.step == "face":
        journey.face_result(True, "", 0.35)
    return journey


def _open_account(j: Any) -> Iterator[tuple[str, Callable[[], Any]]]:
    from kiosk.flows.open_account import OpenAccountJourney

    def details() -> Any:
        x = _identified(j(OpenAccountJourney), _new_person())
        x.submit_details("1380013", x.data["form"]["address"]["value"], "")
        return x

    def to_terms() -> Any:
        x = _identified(j(OpenAccountJourney), _new_person())
        x.submit_details("13800138000", "北京市东城区示例路1号", "教师")
        return x

    def face() -> Any:
        x = _identified(j(OpenAccountJourney), _new_person())
        x.submit_details("13800138000", "北京市东城区示例路1号", "教师")
        x.face_result(False, "no_match", 0.72)
        return x

    def done() -> Any:
        x = to_terms()
        x.face_result(True, "", 0.35)
        x.accept_terms(True, b"<svg/>")
        x.submit()
        return x

    def staff() -> Any:
        x = face()
        x.face_result(False, "no_match")
        x.face_result(False, "liveness_failed")
        return x

    yield "1-identity", lambda: j(OpenAccountJourney)
    yield "2-details-error", details
    yield "3-face-retry", face
    yield "4-terms", lambda: (lambda x: (x.face_result(True, "", 0.3), x)[1])(to_terms())
    yield "5-done", done
    yield "6-existing-client", lambda: _identified(j(OpenAccountJourney), CLIENT)
    yield "7-see-staff", staff


def _transfer(j: Any) -> Iterator[tuple[str, Callable[[], Any]]]:
    from kiosk.flows.transfer import TransferJourney

    def at(step: str, amount: str = "100") -> Any:
        x = _identified(j(TransferJourney), CLIENT)
        if step == "choose_account":
            return x
        x.choose_account(x.accounts[0].id)
        english = str(x.language).startswith("en")
        if step == "payee":
            # What the customer typed stays on screen (the view-model keeps it as a draft).
            wrong = "Li Hong" if english else "李红"  # the holder is 李娜: a name mismatch
            x.set_draft("payee_account", "000000002")
            x.set_draft("payee_name", wrong)
            x.submit_payee("000000002", wrong)
            return x
        # The payee as a customer writes the name in each language (pinyin in English).
        x.submit_payee("000000002", "Li Na" if english else "李娜")
        if step == "amount":
            return x
        x.submit_amount(amount)
        return x

    def typed_id() -> Any:
        # A card neither reader nor OCR reads: the number typed, one digit wrong.
        x = j(TransferJourney)
        number = CLIENT["id_number"]
        wrong = number[:16] + ("1" if number[16] != "1" else "2") + number[17]
        x.data["draft"] = {"typed_id": "1", "typed_name": CLIENT["name"],
                           "typed_id_number": wrong}
        x.id_number_typed(wrong, CLIENT["name"])
        return x

    yield "0-identity-typed-id", typed_id
    yield "1-choose-account", lambda: at("choose_account")
    yield "2-payee-mismatch", lambda: at("payee")
    yield "3-amount", lambda: at("amount")
    yield "4-confirm", lambda: at("confirm")
    yield "5-above-teller-limit", lambda: at("confirm", "25000")


def _card(j: Any) -> Iterator[tuple[str, Callable[[], Any]]]:
    from kiosk.flows.card_application import CardApplicationJourney

    def consent() -> Any:
        x = _identified(j(CardApplicationJourney), CLIENT)
        x.choose_card("debit", x.accounts[0].id)
        return x

    def done() -> Any:
        x = consent()
        x.give_consent(True)
        x.submit()
        return x

    yield "1-choose-card", lambda: _identified(j(CardApplicationJourney), CLIENT)
    yield "2-consent", consent
    yield "3-done", done


_PLANS = {"open_account": _open_account, "transfer": _transfer, "card_application": _card}


def samples_for(journey_id: str) -> Callable[[Any], Iterator[tuple[str, Any]]]:
    """The ``samples(ctx)`` function of one journey."""

    def samples(ctx: Any) -> Iterator[tuple[str, Any]]:
        from ui.journeys.viewmodel import FlowViewModel

        if journey_id == "prefilled":  # needs the hub: its own module
            from ui.journeys import prefilled_samples

            yield from prefilled_samples.samples(ctx)
            return

        services = _sample_services()

        def make(machine: Any) -> Any:
            return machine(services.terminal.deps(ctx.language()))

        for name, build in _PLANS.get(journey_id, lambda _make: ())(make):
            journey = build()
            yield name, FlowViewModel(ctx, journey, services)

    return samples
