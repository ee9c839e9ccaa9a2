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
