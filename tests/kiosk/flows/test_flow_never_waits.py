"""The GUI thread calls a journey's cancel, timeout, language and wipe while a submit waits on
the core; those calls must never wait for it (the journey's lock is not held across the
wait), and what the core does meanwhile still ends exactly once."""

import threading
import time
from decimal import Decimal

from test_flow_transfer_card import balance, identified

from kiosk.flows.transfer import TransferJourney


def at_confirm(bank):
    j = identified(TransferJourney, bank)
    assert j.choose_account(1)
    assert j.submit_payee("000000002", "Li Na")
    assert j.submit_amount("100")
    assert j.step == "confirm"
    return j


def press_confirm_on_a_slow_core(bank, j):
    bank.sandbox.app.write_delay = 2.0  # the core takes 2 s per write
    worker = threading.Thread(target=j.confirm)
    worker.start()
    deadline = time.monotonic() + 10
    while j.step != "submitting" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert j.step == "submitting"
    return worker


def test_language_and_a_second_press_do_not_wait_for_the_core(bank):
    j = at_confirm(bank)
    before = balance(bank, 1)
    worker = press_confirm_on_a_slow_core(bank, j)
    j.set_language("en")
    j.set_large_text(True)
    assert j.confirm() == "submitting"  # a second press returns at once
    assert worker.is_alive(), "the GUI-thread calls waited for the core"
    worker.join(30)
    assert j.step == "done" and j.language == "en"
    assert balance(bank, 1) == before - Decimal("100")


def test_timeout_while_the_core_answers_ends_the_journey_and_posts_once(bank):
    j = at_confirm(bank)
    before = balance(bank, 1)
    worker = press_confirm_on_a_slow_core(bank, j)
    j.timed_out()
    assert j.ended
    assert worker.is_alive(), "the timeout waited for the core"
    j.wipe()
    worker.join(30)
    assert j.ended and j.data == {}  # the late answer does not bring the data back
    bank.sandbox.app.write_delay = 0
    assert balance(bank, 1) == before - Decimal("100")  # the transfer went through once
    assert bank.journal.verify().ok


# --- every step that waits on the core, in every journey ----------------------------------
# With the core answering every request after 2 s, the GUI thread's calls (language, text
# size, help, cancel, inactivity end, wipe) return while the step's worker still waits, and
# the late answer does not bring the ended journey back.

import pytest  # noqa: E402
from test_flow_open_account import chip  # noqa: E402
from test_flow_transfer_card import zhang  # noqa: E402

from kiosk.flows.card_application import CardApplicationJourney  # noqa: E402
from kiosk.flows.open_account import OpenAccountJourney  # noqa: E402


def open_at_identity(bank):
    j = OpenAccountJourney(bank.deps())
    return j, lambda: j.document_read("cn-id", zhang(), source="chip")  # an existing client


def open_at_submitting(bank):
    j = OpenAccountJourney(bank.deps())
    j.document_read("cn-id", chip(), source="chip")
    assert j.submit_details("13800138000", "广东省深圳市福田区1号", "engineer")
    j.face_result(True, "", 0.3)
    assert j.accept_terms(True, b"<svg/>") and j.step == "submitting"
    return j, j.submit


def at_face(journey_cls):
    def setup(bank):
        j = journey_cls(bank.deps())
        j.document_read("cn-id", zhang(), source="chip")
        assert j.step == "face"
        return j, lambda: j.face_result(True, "", 0.3)

    return setup


def transfer_at_payee(bank):
    j = identified(TransferJourney, bank)
    assert j.choose_account(1)
    return j, lambda: j.submit_payee("000000002", "Li Na")


def transfer_at_confirm(bank):
    j = at_confirm(bank)
    return j, j.confirm


def card_at_submitting(bank):
    j = identified(CardApplicationJourney, bank)
    assert j.choose_card("debit", 1) and j.give_consent(True)
    return j, j.submit


WAITING_STEPS = {
    "open_account/identity": open_at_identity,
    "open_account/submitting": open_at_submitting,
    "transfer/face": at_face(TransferJourney),
    "transfer/payee": transfer_at_payee,
    "transfer/submitting": transfer_at_confirm,
    "card_application/face": at_face(CardApplicationJourney),
    "card_application/submitting": card_at_submitting,
}


@pytest.mark.parametrize("case", sorted(WAITING_STEPS))
def test_gui_calls_return_before_a_slow_core_answers(bank, case):
    end = "cancel" if sorted(WAITING_STEPS).index(case) % 2 else "timeout"  # both, in turn
    j, blocking = WAITING_STEPS[case](bank)
    app = bank.sandbox.app
    started = app.delayed_requests
    app.request_delay = 2.0
    worker = threading.Thread(target=blocking)
    worker.start()
    deadline = time.monotonic() + 15
    while app.delayed_requests == started and time.monotonic() < deadline:
        time.sleep(0.005)
    assert app.delayed_requests > started, f"{case}: the step never asked the core"
    step = j.step

    j.set_language("en")
    j.set_large_text(True)
    j.help_requested()
    assert j.step == step and not j.ended
    if end == "cancel":
        j.cancel()  # refused while the core is written to: inactivity then ends it
        if not j.ended:
            j.timed_out()
    else:
        j.timed_out()
    j.wipe()
    assert j.ended
    assert worker.is_alive(), f"{case}: a GUI-thread call waited for the core"

    app.request_delay = 0
    worker.join(60)
    assert not worker.is_alive()
    # The late answer did not revive the journey nor bring its data back.
    assert j.ended and j.step == step and j.data == {}
    assert j.language == "en"
    assert bank.journal.verify().ok
