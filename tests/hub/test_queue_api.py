"""Appointments and queue tickets over real HTTP, on a SQLite file and on real PostgreSQL."""

from __future__ import annotations

import io
import json
import threading
import time

import pytest
import requests
from PIL import Image
from queue_env import PASSWORDS, free_slot, start_queue_hub
from sqlalchemy import select, update

from hub.queue import codes
from hub.queue.tables import appointments, queue_events, queue_tickets


@pytest.fixture
def qhub(db_url: str):
    """A queue hub allowing 4 bookings per client address, one booking per slot."""
    env = start_queue_hub(db_url, booking_rate=(4, 600.0), slot_capacity=1)
    try:
        yield env
    finally:
        env.stop()


def _book(url: str, slot: float, **extra) -> requests.Response:
    body = {"branch": "b1", "service": "cash", "slot": slot, "mobile": "138 0013 8000", **extra}
    return requests.post(f"{url}/api/appointments", json=body, timeout=10)


def _rows(qhub, query) -> list[dict]:
    async def run():
        async with qhub.handle.hub.engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(query)).mappings()]

    return qhub.handle.run(run())


def test_book_change_cancel_check_in_and_walk_in(qhub) -> None:
    url, t1 = qhub.url, qhub.device("t1")
    bad = requests.post(f"{url}/api/appointments", timeout=10,
                        json={"branch": "b1", "service": "nails", "slot": 12, "mobile": "123"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"service", "slot", "mobile"}
    assert requests.post(f"{url}/api/appointments", data="{", timeout=10).status_code == 400

    soon = free_slot(url, after_s=300, before_s=1500)  # check-in already open
    r = _book(url, soon, id_number="11010519491231002X")
    assert r.status_code == 201, r.text
    booked = r.json()
    code = booked["code"]
    assert codes.normalise(code) == code and booked["state"] == "booked"
    assert "mobile" not in json.dumps(booked) and "8000" not in json.dumps(booked)
    # The QR code holds the booking page's URL with the code (decoded by zxing-cpp).
    import zxingcpp

    png = requests.get(f"{url}{booked['qr']}", timeout=10)
    assert png.headers["Content-Type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert decoded and decoded[0].text == f"{url}/m/book/?code={code}"
    assert codes.normalise(decoded[0].text) == code
    svg = requests.get(f"{url}{booked['qr']}?format=svg", timeout=10)
    assert svg.headers["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    # A slot holds one booking here: the same slot again is refused.
    full = _book(url, soon, mobile="13900139000")
    assert full.status_code == 409 and "fully booked" in full.json()["error"]

    # Looking up, changing or cancelling needs the last four digits of the mobile number.
    assert requests.post(f"{url}/api/appointments/{code}/lookup", json={"last4": "1234"},
                         timeout=10).status_code == 404
    seen = requests.post(f"{url}/api/appointments/{code}/lookup", json={"last4": "8000"},
                         timeout=10)
    assert seen.status_code == 200 and seen.json()["slot"] == soon

    later = free_slot(url, after_s=3 * 3600)
    early = _book(url, later).json()["code"]
    too_early = requests.post(f"{url}/api/queue/checkin", json={"code": early}, headers=t1,
                              timeout=10)
    assert too_early.status_code == 409 and too_early.json()["reason"] == "too_early"
    other = free_slot(url, after_s=4 * 3600)
    moved = requests.post(f"{url}/api/appointments/{early}/change",
                          json={"last4": "8000", "slot": other}, timeout=10)
    assert moved.status_code == 200 and moved.json()["slot"] == other
    assert _book(url, later, mobile="13700137000").status_code == 201  # the old slot is free
    assert requests.post(f"{url}/api/appointments/{early}/cancel", json={"last4": "8000"},
                         timeout=10).json()["state"] == "cancelled"
    gone = requests.post(f"{url}/api/queue/checkin", json={"code": early}, headers=t1,
                         timeout=10)
    assert gone.status_code == 410 and gone.json()["reason"] == "cancelled"
    # Four bookings from this address: the fifth is refused with a clear message.
    assert _book(url, free_slot(url, after_s=5 * 3600)).status_code == 201
    limited = _book(url, free_slot(url, after_s=6 * 3600))
    assert limited.status_code == 429 and "too many bookings" in limited.json()["error"]

    # The customer's pending items (personal home's provider) before check-in.
    from hub.idhash import id_hash
    from hub.queue.pending import pending_for

    async def pending():
        key = (await qhub.handle.hub._shared_secret("id_hash_key")).encode()
        async with qhub.handle.hub.engine.connect() as conn:
            return await pending_for(conn, "b1", id_hash(key, "11010519491231002x"),
                                     qhub.handle.hub.settings.queue_timezone)

    assert [p["kind"] for p in qhub.handle.run(pending())] == ["appointment"]

    walk_in = requests.post(f"{url}/api/queue/tickets", json={"service": "cash"}, headers=t1,
                            timeout=10)
    assert walk_in.status_code == 201
    assert walk_in.json()["number"] == "A001" and walk_in.json()["position"] == 0
    assert walk_in.json()["destination"] == "counter" and walk_in.json()["expected_wait_s"] > 0
    ticket = requests.post(f"{url}/api/queue/checkin", json={"code": code.lower()},
                           headers=t1, timeout=10)
    assert ticket.status_code == 201, ticket.text
    t = ticket.json()
    # On time: the head of its service's queue, ahead of the walk-in who came first.
    assert (t["number"], t["position"], t["late"], t["appointment"]) == ("A002", 0, False, True)
    assert t["where"]["en"] and t["where"]["zh"] and t["service_name"]["zh"] == "现金业务"
    assert [p["kind"] for p in qhub.handle.run(pending())] == ["ticket"]
    again = requests.post(f"{url}/api/queue/checkin", json={"code": code}, headers=t1,
                          timeout=10)
    assert again.status_code == 409 and again.json()["reason"] == "checked_in"

    # Late (its slot began an hour ago): the walk-in queue, behind everyone.
    late_code = _rows(qhub, select(appointments.c.code).where(appointments.c.state == "booked"))
    late_code = late_code[0]["code"]
    qhub.sql(update(appointments).where(appointments.c.code == late_code)
             .values(starts_at=time.time() - 3600))
    late = requests.post(f"{url}/api/queue/checkin", json={"code": late_code}, headers=t1,
                         timeout=10).json()
    assert (late["late"], late["position"], late["priority"]) == (True, 2, 0)

    # Unknown, mistyped and other-branch codes are refused, each with its reason.
    body = "2345678"
    unknown = body + codes.check_char(body)
    r = requests.post(f"{url}/api/queue/checkin", json={"code": unknown}, headers=t1, timeout=10)
    assert r.status_code == 404 and r.json()["reason"] == "unknown"
    r = requests.post(f"{url}/api/queue/checkin", json={"code": code[:-1] + "Z" if code[-1] != "Z"
                                                         else code[:-1] + "Y"},
                      headers=t1, timeout=10)
    assert r.status_code == 404 and r.json()["reason"] == "invalid_code"
    assert requests.post(f"{url}/api/queue/checkin", json={"code": code},
                         timeout=10).status_code == 401

    # Wrong phone digits: five tries per code (one above), then 429 naming the wait.
    for _ in range(4):
        assert requests.post(f"{url}/api/appointments/{code}/cancel", json={"last4": "0000"},
                             timeout=10).status_code == 404
    blocked = requests.post(f"{url}/api/appointments/{code}/cancel", json={"last4": "8000"},
                            timeout=10)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "too many wrong attempts" in blocked.json()["error"]


class _Stream:
    """Reads the display's server-sent events on a thread."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.events: list[dict] = []
        self._resp = requests.get(f"{url}/api/queue/stream", headers=headers, stream=True,
                                  timeout=30)
        assert self._resp.status_code == 200
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        buffer = b""
        try:
            for chunk in self._resp.iter_content(chunk_size=None):
                buffer += chunk
                while b"\n\n" in buffer:
                    message, buffer = buffer.split(b"\n\n", 1)
                    for line in message.decode().split("\n"):
                        if line.startswith("data: "):
                            self.events.append(json.loads(line[6:]))
        except (requests.RequestException, AttributeError, ValueError):
            pass

    def wait_for(self, pred, timeout: float = 15.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in list(self.events):
                if pred(event):
                    return event
            time.sleep(0.05)
        raise AssertionError(f"no such event among {len(self.events)}")

    def close(self) -> None:
        self._resp.close()


def test_counter_actions_no_show_after_recalls_and_live_display(qhub) -> None:
    url, t1 = qhub.url, qhub.device("t1")
    cat, leo = qhub.bearer("cat"), qhub.bearer("leo")
    numbers = [requests.post(f"{url}/api/queue/tickets", json={"service": "cash"}, headers=t1,
                             timeout=10).json()["number"] for _ in range(3)]
    assert numbers == ["A001", "A002", "A003"]
    assert requests.get(f"{url}/api/queue/board", params={"branch": "b1"},
                        headers=qhub.bearer("ann"), timeout=10).status_code == 403
    assert requests.get(f"{url}/api/queue/board", params={"branch": "b1"},
                        timeout=10).status_code == 401
    assert requests.post(f"{url}/api/queue/next", headers=qhub.device("d1"), timeout=10,
                         json={"branch": "b1", "counter": "1"}).status_code == 403
    stream = _Stream(url, qhub.device("d1"))
    try:
        first = stream.wait_for(lambda e: True)
        assert first["waiting"]["cash"] == 3 and first["pages"]

        def act(ticket_id: str, action: str, **body) -> requests.Response:
            return requests.post(f"{url}/api/queue/tickets/{ticket_id}/{action}", json=body,
                                 headers=cat, timeout=10)

        called = requests.post(f"{url}/api/queue/next", headers=cat, timeout=10,
                               json={"branch": "b1", "counter": "Counter 3",
                                     "services": ["cash"]}).json()
        assert (called["number"], called["state"], called["counter"]) == \
            ("A001", "called", "Counter 3")
        shown = stream.wait_for(lambda e: (e.get("announce") or {}).get("number") == "A001")
        assert shown["announce"]["counter"] == "Counter 3"
        assert shown["called"][0]["number"] == "A001" and shown["waiting"]["cash"] == 2
        # Recalled at most twice; the next recall drops the ticket as a no-show.
        assert act(called["id"], "recall").json()["recalls"] == 1
        assert act(called["id"], "recall").json()["recalls"] == 2
        dropped = act(called["id"], "recall").json()
        assert (dropped["action"], dropped["state"]) == ("no_show", "no_show")
        assert act(called["id"], "recall").status_code == 409

        second = requests.post(f"{url}/api/queue/next", headers=cat, timeout=10,
                               json={"branch": "b1", "counter": "Counter 3"}).json()
        assert second["number"] == "A002"
        assert act(second["id"], "serve").json()["state"] == "serving"
        time.sleep(0.3)
        assert act(second["id"], "end").json()["state"] == "done"

        third = requests.post(f"{url}/api/queue/next", headers=cat, timeout=10,
                              json={"branch": "b1", "counter": "Counter 3"}).json()
        assert act(third["id"], "park").json()["state"] == "parked"
        moved = act(third["id"], "transfer", service="advice").json()
        assert (moved["state"], moved["service"], moved["transferred_from"]) == \
            ("waiting", "advice", "cash")
        # The lobby manager sends the waiting customer to a free self-service terminal.
        sent = requests.post(f"{url}/api/queue/tickets/{third['id']}/call", headers=leo,
                             json={"counter": "Terminal t2"}, timeout=10).json()
        assert (sent["state"], sent["counter"]) == ("called", "Terminal t2")
        assert requests.post(f"{url}/api/queue/next", headers=cat, timeout=10,
                             json={"branch": "b1", "counter": "Counter 3"}).status_code == 404
    finally:
        stream.close()

    # Every action has its time: waiting and handling are measured from them.
    done = _rows(qhub, select(queue_tickets).where(queue_tickets.c.number == "A002"))[0]
    assert done["called_at"] >= done["issued_at"] and done["ended_at"] - done["served_at"] >= 0.3
    actions = [r["action"] for r in _rows(qhub, select(queue_events.c.action)
                                          .where(queue_events.c.ticket_id == called["id"])
                                          .order_by(queue_events.c.id))]
    assert actions == ["issued", "call", "recall", "recall", "no_show"]
    board = requests.get(f"{url}/api/queue/board", params={"branch": "b1"}, headers=cat,
                         timeout=10).json()
    assert board["terminals"] == ["t1", "t2"]  # where the lobby manager may send someone
    # The measured handling time of A002 (about 0.3 s) now drives cash's expected wait.
    assert 0.3 <= board["expected_wait_s"]["cash"] < 5
    assert PASSWORDS  # the seeded people signed in above


def test_concurrent_terminals_and_counters_never_share_a_number_or_a_customer(qhub) -> None:
    from concurrent.futures import ThreadPoolExecutor

    url = qhub.url
    heads = [qhub.device("t1"), qhub.device("t2")]

    def take(i: int) -> str:
        r = requests.post(f"{url}/api/queue/tickets", json={"service": "cards"},
                          headers=heads[i % 2], timeout=30)
        assert r.status_code == 201, r.text
        return r.json()["number"]

    with ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(take, range(16)))
    assert sorted(numbers) == [f"C{n:03d}" for n in range(1, 17)]
    metrics = requests.get(f"{url}/metrics", timeout=10).text
    assert 'hub_tickets_waiting{branch="b1",service="cards"} 16.0' in metrics
    assert 'hub_ticket_wait_seconds{branch="b1",service="cards"}' in metrics
    cat = qhub.bearer("cat")

    def call(i: int) -> str | None:
        r = requests.post(f"{url}/api/queue/next", headers=cat, timeout=30,
                          json={"branch": "b1", "counter": f"Counter {i % 4}"})
        return r.json()["number"] if r.status_code == 200 else None

    with ThreadPoolExecutor(8) as pool:
        called = [n for n in pool.map(call, range(20)) if n]
    assert sorted(called) == sorted(numbers)  # each customer called once, by one counter
