"""Callbacks booked by a terminal (through its TellerLink) reach the branch's tellers.

Real hub over HTTP on SQLite and PostgreSQL: what is stored is only what the customer typed
or chose; bad fields are named; other branches do not see it; a done callback leaves the list.
"""

from __future__ import annotations

import json
import time
from datetime import datetime

import requests

from kiosk.teller.callback_windows import callback_windows
from kiosk.teller.link import TellerLink


def test_a_booked_callback_is_listed_for_the_branch_tellers(hub_env) -> None:
    start, end = (d.timestamp() for d in callback_windows(datetime.now())[1])
    link = TellerLink(hub_env.url, "t1", hub_env.keys["t1"], video=None, audio=None).start()
    try:
        bad = link.book_callback("12345", (end, start), "fr").result(15)
        assert not bad["ok"]
        assert {e["field"] for e in bad["errors"]} == {"phone", "window_end", "language"}
        booked = link.book_callback("138 0013 8000", (start, end), "en").result(15)
    finally:
        link.stop()
    assert booked["ok"] and booked["reference"].startswith("CB-")
    other = requests.post(f"{hub_env.url}/api/callbacks", headers=hub_env.device("t9"),
                          json={"phone": "13900139000", "window_start": start,
                                "window_end": end, "language": "zh"}, timeout=10)
    assert other.status_code == 201  # branch b9's terminal: not ann's branch

    ann = hub_env.bearer("ann")
    listed = requests.get(f"{hub_env.url}/api/callbacks", headers=ann, timeout=10).json()
    assert [c["reference"] for c in listed["callbacks"]] == [booked["reference"]]
    row = listed["callbacks"][0]
    assert row["phone"] == "+8613800138000" and row["language"] == "en"
    assert (row["window_start"], row["window_end"]) == (start, end)
    assert row["terminal_id"] == "t1" and row["branch"] == "b1"
    assert set(row) == {"id", "reference", "terminal_id", "branch", "skill", "language",
                        "phone", "window_start", "window_end", "created_at"}

    done = requests.post(f"{hub_env.url}/api/callbacks/{row['id']}/done", headers=ann,
                         timeout=10)
    assert done.status_code == 200
    again = requests.post(f"{hub_env.url}/api/callbacks/{row['id']}/done", headers=ann,
                          timeout=10)
    assert again.status_code == 409
    assert requests.get(f"{hub_env.url}/api/callbacks", headers=ann,
                        timeout=10).json()["callbacks"] == []


def test_callback_refusals(hub_env) -> None:
    url = f"{hub_env.url}/api/callbacks"
    now = time.time()
    body = {"phone": "13800138000", "window_start": now + 3600, "window_end": now + 7200,
            "language": "zh"}
    assert requests.post(url, json=body, timeout=10).status_code == 401
    assert requests.get(url, timeout=10).status_code == 401
    # A person cannot book for a terminal; a terminal cannot read the list.
    assert requests.post(url, json=body, headers=hub_env.bearer("ann"),
                         timeout=10).status_code == 403
    assert requests.get(url, headers=hub_env.device("t1"), timeout=10).status_code == 403
    r = requests.post(url, data=b"{not json", headers=hub_env.device("t1"), timeout=10)
    assert r.status_code == 400
    r = requests.post(url, json={**body, "window_start": now - 90000,
                                 "window_end": now - 86400},
                      headers=hub_env.device("t1"), timeout=10)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "window_start"
    r = requests.post(url, json=body, headers=hub_env.device("t1"), timeout=10)
    assert r.status_code == 201
    trail = requests.get(f"{hub_env.url}/api/calls", headers=hub_env.bearer("sue"), timeout=10)
    assert trail.status_code == 200
    listed = requests.get(url, headers=hub_env.bearer("sue"), timeout=10).json()["callbacks"]
    assert len(listed) == 1
    done = requests.post(f"{url}/{listed[0]['id']}/done", headers=hub_env.bearer("bob"),
                         timeout=10)
    assert done.status_code == 200


def test_callback_windows_stay_in_opening_hours() -> None:
    windows = callback_windows(datetime(2026, 12, 1, 16, 40))
    assert windows == [
        (datetime(2026, 12, 2, 9), datetime(2026, 12, 2, 11)),
        (datetime(2026, 12, 2, 11), datetime(2026, 12, 2, 13)),
        (datetime(2026, 12, 2, 13), datetime(2026, 12, 2, 15)),
    ]
    first = callback_windows(datetime(2026, 12, 1, 6, 5))[0]
    assert first == (datetime(2026, 12, 1, 9), datetime(2026, 12, 1, 11))
    assert callback_windows(datetime(2026, 12, 1, 10, 20))[0][0] == datetime(2026, 12, 1, 11)
    assert json.dumps([w[0].isoformat() for w in windows])  # plain values for the screen
