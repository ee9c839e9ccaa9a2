"""A hub for the queue tests: the branch's clock set so that it is midday there now, seeded
counter staff, a lobby manager, terminals and a display (hub, kiosk and e2e tests import it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import requests

PASSWORDS = {"cat": "cat-counter-1", "leo": "leo-lobby-22", "ann": "ann-teller-3"}


def midday_zone() -> str:
    """A fixed-offset zone where the local time is now between 11:00 and 13:00.

    Slots start within opening hours and in the future, so the tests pick the branch's time
    zone rather than fake the clock (``Etc/GMT-N`` is UTC+N).
    """
    offset = 12 - dt.datetime.now(dt.UTC).hour
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


@dataclass
class QueueHub:
    """A running hub and how to talk to it."""

    handle: Any
    url: str
    keys: dict[str, str]

    def bearer(self, username: str) -> dict[str, str]:
        """Sign ``username`` in; return the Authorization header."""
        r = requests.post(f"{self.url}/api/auth/login", timeout=10,
                          json={"username": username, "password": PASSWORDS[username]})
        r.raise_for_status()
        return {"Authorization": f"Bearer {r.json()['token']}"}

    def device(self, device_id: str) -> dict[str, str]:
        """Authorization header of a device."""
        return {"Authorization": f"Device {device_id}:{self.keys[device_id]}"}

    def sql(self, statement: Any) -> None:
        """Run one statement on the hub's database (what time would do: a slot now past)."""

        async def run() -> None:
            async with self.handle.hub.engine.begin() as conn:
                await conn.execute(statement)

        self.handle.run(run())

    def stop(self) -> None:
        """Stop the hub."""
        self.handle.stop()


def start_queue_hub(db_url: str, **settings: Any) -> QueueHub:
    """Start a hub on ``db_url`` with cat (counter staff), leo (lobby manager), ann (teller),
    terminals t1, t2 (branch b1), t9 (b9) and display d1 (b1)."""
    from hub import accounts
    from hub.server import start_hub
    from hub.settings import HubSettings

    base: dict[str, Any] = {"queue_timezone": midday_zone(), "queue_opening": "00:00-23:55",
                            "slot_minutes": 5, "checkin_early_s": 1800.0,
                            "checkin_late_s": 600.0, "max_recalls": 2}
    base.update(settings)
    handle = start_hub(HubSettings(db_url=db_url, port=0, **base))

    async def seed() -> dict[str, str]:
        async with handle.hub.engine.begin() as conn:
            await accounts.create_person(conn, "cat", PASSWORDS["cat"], {"counter_staff": ["b1"]})
            await accounts.create_person(conn, "leo", PASSWORDS["leo"], {"lobby_manager": ["b1"]})
            await accounts.create_person(conn, "ann", PASSWORDS["ann"], {"teller": ["b1"]})
            keys = {}
            for dev, kind, branch in (("t1", "terminal", "b1"), ("t2", "terminal", "b1"),
                                      ("t9", "terminal", "b9"), ("d1", "display", "b1")):
                keys[dev] = await accounts.enrol_device(conn, dev, kind, branch)
            return keys

    try:
        return QueueHub(handle, handle.url, handle.run(seed()))
    except BaseException:
        handle.stop()
        raise


def free_slot(url: str, service: str = "cash", branch: str = "b1", after_s: float = 0.0,
              before_s: float | None = None) -> float:
    """The first free slot starting more than ``after_s`` from now (and before ``before_s``)."""
    r = requests.get(f"{url}/api/book/slots", params={"branch": branch, "service": service},
                     timeout=10)
    r.raise_for_status()
    now = dt.datetime.now(dt.UTC).timestamp()
    for slot in r.json()["slots"]:
        if slot["slot"] > now + after_s and (before_s is None or slot["slot"] < now + before_s):
            return float(slot["slot"])
    raise AssertionError(f"no free slot {after_s}-{before_s} s ahead: {r.json()}")


def book(url: str, slot: float, service: str = "cash", mobile: str = "13800138000") -> dict:
    """Book ``slot`` over the public API; return the booking."""
    r = requests.post(f"{url}/api/appointments", timeout=10, json={
        "branch": "b1", "service": service, "slot": slot, "mobile": mobile})
    assert r.status_code == 201, r.text
    return dict(r.json())


def qr_frame(url: str, code: str, size: tuple[int, int] = (640, 480)) -> Any:
    """A camera frame of a phone screen showing the booking's QR code (the hub's PNG)."""
    import cv2
    import numpy as np

    png = requests.get(f"{url}/api/appointments/{code}/qr", timeout=10).content
    qr = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    frame = np.full((size[1], size[0], 3), 60, np.uint8)  # a dim room around the phone
    side = min(size) - 80
    qr = cv2.resize(qr, (side, side), interpolation=cv2.INTER_NEAREST)
    y, x = (size[1] - side) // 2, (size[0] - side) // 2
    frame[y:y + side, x:x + side] = qr
    return frame
