"""``POST /api/pending`` over real HTTP, on a SQLite file and on real PostgreSQL.

The personal home's one route: an identified customer's pre-filled application, today's
appointment and the ticket of a booking checked in, all found from the ID number the
terminal read (keyed hashes on the hub); nothing without a terminal key, nothing for anyone
else, nothing for another branch's terminal.
"""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from queue_env import free_slot, start_queue_hub

from kiosk.sandbox.store import cn_id

ID = "11010519491231002X"
OTHER_ID = cn_id("31010419920315102")  # someone else, with a booking of their own


def _zone_on_another_day_than_shanghai() -> str:
    """A zone whose date today is not Shanghai's, not near its midnight (slots ahead exist).

    A branch's "today" must be its own (``queue_timezone``), not a default zone's: tickets
    are filed under the branch's day.
    """
    hour = dt.datetime.now(dt.UTC).hour
    return "Etc/GMT-14" if 10 <= hour < 16 else "Etc/GMT+12"  # UTC+14 or UTC-12


@pytest.fixture
def qhub(db_url: str):
    env = start_queue_hub(db_url, slot_capacity=2,
                          queue_timezone=_zone_on_another_day_than_shanghai())
    try:
        yield env
    finally:
        env.stop()


def _pending(qhub, id_number: str, device: str = "t1") -> list[dict]:
    r = requests.post(f"{qhub.url}/api/pending", json={"id_number": id_number},
                      headers=qhub.device(device), timeout=10)  # fmt: skip
    assert r.status_code == 200, r.text
    return r.json()["items"]


def _book(qhub, service: str, id_number: str) -> str:
    slot = free_slot(qhub.url, service, after_s=300, before_s=1500)  # today, check-in open
    r = requests.post(f"{qhub.url}/api/appointments", timeout=10, json={
        "branch": "b1", "service": service, "slot": slot, "mobile": "13800138000",
        "id_number": id_number})
    assert r.status_code == 201, r.text
    return str(r.json()["code"])


def test_an_identified_customer_sees_application_appointment_and_ticket(qhub) -> None:
    url = qhub.url
    # Without a terminal key the route answers nothing; without an ID number, a clear 422.
    anonymous = requests.post(f"{url}/api/pending", json={"id_number": ID}, timeout=10)
    assert anonymous.status_code == 401 and "items" not in anonymous.text
    missing = requests.post(f"{url}/api/pending", json={}, headers=qhub.device("t1"),
                            timeout=10)  # fmt: skip
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "id_number"
    assert _pending(qhub, ID) == []

    pre = requests.post(f"{url}/api/preapplications", timeout=10, json={
        "kind": "card_application", "id_number": ID, "form": {"card": "debit"},
        "branch": "b1"}).json()["code"]
    cash = _book(qhub, "cash", ID)
    cards = _book(qhub, "cards", ID.lower())  # the same number, typed with a small x
    _book(qhub, "cash", OTHER_ID)
    checked_in = requests.post(f"{url}/api/queue/checkin", json={"code": cash},
                               headers=qhub.device("t1"), timeout=10)  # fmt: skip
    assert checked_in.status_code == 201, checked_in.text
    ticket = checked_in.json()

    items = _pending(qhub, ID)
    assert [i["kind"] for i in items] == ["preapplication", "appointment", "ticket"]
    application, appointment, queued = items
    assert application["code"] == pre and application["application"] == "card_application"
    assert appointment["code"] == cards and appointment["service"] == "cards"
    assert appointment["service_name"]["en"] and appointment["service_name"]["zh"]
    assert queued["number"] == ticket["number"] and queued["state"] == "waiting"
    # Only what the home screen shows: no ID number, no mobile number, no hash.
    text = str(items)
    assert ID not in text and ID.lower() not in text and "13800138000" not in text
    assert "id_hash" not in text

    # Someone else's number finds only their own booking; another branch's terminal nothing.
    assert [i["kind"] for i in _pending(qhub, OTHER_ID)] == ["appointment"]
    assert _pending(qhub, ID, "t9") == []
