"""The personal home through the Qt UI with a real hub (SQLite): once the ID card is read it
lists the customer's appointment today and the ticket of a booking already checked in (both
booked with the same ID number); nothing before identification; the appointment opens the
check-in journey with its code and ends with a ticket."""

from __future__ import annotations

import requests
from queue_env import free_slot, start_queue_hub

from kiosk.devices_io.demo import card_text
from kiosk.prearrival.client import PreappClient
from kiosk.sandbox.store import cn_id
from ui.journeys import texts

ZHANG_WEI_ID = cn_id("11010519800101001")


def _book(url: str, service: str, id_number: str) -> str:
    slot = free_slot(url, service, after_s=300, before_s=1500)  # today, check-in open
    r = requests.post(f"{url}/api/appointments", timeout=10, json={
        "branch": "b1", "service": service, "slot": slot, "mobile": "13800138000",
        "id_number": id_number})  # fmt: skip
    assert r.status_code == 201, r.text
    return str(r.json()["code"])


def test_home_lists_todays_appointment_and_ticket_then_checks_in(tmp_path, make_kiosk) -> None:
    qhub = start_queue_hub(f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}")
    try:
        url, t1 = qhub.url, qhub.device("t1")
        cards = _book(url, "cards", ZHANG_WEI_ID)
        cash = _book(url, "cash", ZHANG_WEI_ID)
        checked_in = requests.post(f"{url}/api/queue/checkin", json={"code": cash}, headers=t1,
                                   timeout=10)  # fmt: skip
        assert checked_in.status_code == 201, checked_in.text
        ticket = checked_in.json()

        k = make_kiosk(card_text("张伟", ZHANG_WEI_ID))
        terminal = k.sim.rig.terminal
        terminal.link_queue(url, "t1", qhub.keys["t1"])
        terminal.preapps = PreappClient(url, "t1", qhub.keys["t1"])
        k.t.shell.personal_home.attach(k.sim.services)
        k.tap("startButton")
        k.tap("language_en")
        k.item("identifyHomeButton")
        assert k.find("pending_0") is None  # nothing before identification
        k.tap("identifyHomeButton")  # 张伟's ID card on the reader
        first = k.item("pending_0", timeout=15000).property("text")
        second = k.item("pending_1").property("text")
        assert k.find("pending_2") is None
        assert first.startswith(texts.text("home.item.appointment", "en") + " · ")
        assert ticket["service_name"]["en"] not in first  # the cards booking, not the cash one
        assert second == (f"{texts.text('home.item.ticket', 'en')} · {ticket['number']} "
                          f"{ticket['service_name']['en']}")  # fmt: skip
        assert "张伟" not in str(k.t.shell.personal_home.property("items"))

        k.tap("pending_0")  # the appointment: check-in with its code entered
        k.wait_step("done", timeout=30000)
        number = k.find("ticketNumber").property("text")
        board = requests.get(f"{url}/api/queue/board", params={"branch": "b1"},
                             headers=qhub.bearer("cat"), timeout=10).json()  # fmt: skip
        assert number and number != ticket["number"] and number in str(board)
        r = requests.post(f"{url}/api/appointments/{cards}/lookup", json={"last4": "8000"},
                          timeout=10)  # fmt: skip
        assert r.json()["state"] == "checked_in"
        k.tap("finishButton")
        k.qtbot.waitUntil(lambda: k.t.shell.property("screen") == "attract")
        assert k.t.shell.personal_home.property("items") == []  # gone with the session
    finally:
        qhub.stop()
