"""One typed action per business action, shared by the journey and the outbox handler;
money is Decimal end to end and a decimal string in the stored payload."""

import json
from decimal import Decimal

import pytest
from test_flow_never_waits import at_confirm

from kiosk.outbox.actions import ACTIONS, CardApplication, Deposit, OpenAccount, Transfer
from kiosk.outbox.online import submit_and_wait


def test_actions_round_trip_with_exact_money():
    t = Transfer(1, 1, 2, 2, Decimal("1234.50"), "kiosk K7-T-x")
    stored = json.loads(json.dumps(t.to_payload()))  # what the outbox keeps
    assert stored["amount"] == "1234.50"
    assert Transfer.from_payload(stored) == t
    assert Deposit.from_payload({"savings_id": 3, "amount": 0.1}).amount == Decimal("0.1")
    o = OpenAccount.from_payload({"firstname": "Ada", "initial_deposit": "20.05"})
    assert o.initial_deposit == Decimal("20.05") and o.office_id == 1
    assert set(ACTIONS) == {"open_account", "deposit", "transfer", "card_application"}


@pytest.mark.parametrize(
    "payload, error",
    [
        ({"savings_id": 1, "amount": "abc"}, ValueError),
        ({"savings_id": 1, "amount": True}, ValueError),
        ({"savings_id": 1, "amount": "NaN"}, ValueError),
        ({"savings_id": 1, "amount": 5, "amout": 5}, TypeError),  # a misspelt field
        ({"amount": 5}, TypeError),
    ],
)
def test_a_payload_that_does_not_fit_is_refused(payload, error):
    with pytest.raises(error):
        Deposit.from_payload(payload)


def test_the_journey_writes_the_handlers_action(bank):
    j = at_confirm(bank)
    action = j.payload()
    assert isinstance(action, Transfer) and action.amount == Decimal("100.00")
    assert action.to_payload()["amount"] == "100.00"
    assert j.confirm() == "done"


def test_the_sender_parks_an_action_that_does_not_fit(bank):
    bad = {"from_client_id": 1, "from_account_id": 1, "to_client_id": 2,
           "to_account_id": 2, "amount": "1,000"}  # fmt: skip
    out = submit_and_wait(bank.outbox, "transfer", bad, "t-bad", 10)
    assert out.status == "refused" and out.reason == "outbox.invalid.payload"
    card = CardApplication.from_payload({"client_id": 2, "card_type": "debit"})
    assert card.reference == "" and card.savings_account_id is None


def test_a_refusal_is_told_by_the_errors_type(bank):
    """The core refuses the transfer at submit (the balance went meanwhile): the customer is
    told why, from the typed error the outbox kept, not from words in a message."""
    from kiosk.flows.steps import Outcome

    j = at_confirm(bank)
    reference = j.data["action_id"]
    bank.core.withdrawal(1, Decimal("52250"))  # elsewhere, after the balance was read
    j.confirm()
    assert j.ended and j.outcome is Outcome.FAILED
    assert j.message.key == "core.insufficient_funds"
    rec = bank.outbox.get(reference)
    assert rec.state == "parked" and rec.steps["refused"]["type"] == "InsufficientFunds"


def test_message_keys_come_from_types_not_words():
    from kiosk.flows.submission import message_key
    from kiosk.outbox.online import Delivery
    from kiosk.outbox.store import ActionRecord

    def refused(kind, code):
        rec = ActionRecord("a", "transfer", "parked", {}, error_code=code,
                           steps={"refused": {"type": kind, "code": code}})  # fmt: skip
        return message_key(Delivery("refused", rec))

    # A validation error whose code happens to say "insufficient" is a rejection.
    assert refused("ValidationFailed", "error.msg.insufficient.parameters") == "core.rejected"
    assert refused("InsufficientFunds", "error.msg.x") == "core.insufficient_funds"
    assert refused("Duplicate", "error.msg.client.duplicate.externalId") == "core.duplicate"
    assert refused("", "outbox.invalid.payload") == "core.rejected"
