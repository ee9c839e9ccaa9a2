"""The dashboard's figures over real HTTP, on SQLite and PostgreSQL: who may see what, and
figures checked against ones computed here from the generated rows."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pytest
import requests
from ops_month_env import MONTH_START, load_month

from kiosk.maintenance.otp import matching_counter

PERIOD = {"from": "2026-11-01", "to": "2026-11-30"}


def _get(env, who: str | None, **params):
    headers = env.bearer(who) if who else {}
    return requests.get(f"{env.url}/api/ops/summary", params={**PERIOD, **params},
                        headers=headers, timeout=30)


def test_only_managers_and_supervisors_of_the_branch(hub_env) -> None:
    load_month(hub_env, sessions_per_day=2)
    assert _get(hub_env, None).status_code == 401
    assert _get(hub_env, "ann").status_code == 403  # a teller
    assert _get(hub_env, "mia", branch="branch-1").status_code == 403
    r = requests.get(f"{hub_env.url}/api/ops/branches", headers=hub_env.bearer("mia"), timeout=10)
    assert r.json() == {"branches": ["branch-0"]}
    assert _get(hub_env, "mia", **{"from": "November"}).status_code == 400
    page = requests.get(f"{hub_env.url}/ops/", timeout=10)
    assert page.status_code == 200 and "chart.umd.min.js" in page.text
    lib = requests.get(f"{hub_env.url}/ops/vendor/chart.umd.min.js", timeout=10)
    assert lib.status_code == 200 and "Chart" in lib.text[:2000]


def test_figures_match_the_generated_month(hub_env) -> None:
    month = load_month(hub_env)
    r = _get(hub_env, "mia")
    assert r.status_code == 200, r.text
    s = r.json()
    mine = [row for row in month.rows if row["branch"] == "branch-0"]
    starts = [row for row in mine if row["kind"] == "session.start"]
    assert s["branches"] == ["branch-0"]
    assert sum(h["sessions"] for h in s["sessions_per_hour"]) == len(starts)
    per_hour = Counter(int(row["ts"] // 3600) * 3600 for row in starts)
    assert {h["hour"]: h["sessions"] for h in s["sessions_per_hour"]} == dict(per_hour)

    ends = [row for row in mine if row["kind"] == "journey.end"]
    for item in s["handling"]:
        durations = sorted(r["duration_s"] for r in ends if r["journey"] == item["journey"])
        assert item["count"] == len(durations)
        # Exact to the roll-up's one-second bucket.
        assert item["median_s"] == pytest.approx(statistics.median(durations), abs=1.0)
        assert item["p90_s"] == pytest.approx(statistics.quantiles(durations, n=10,
                                                                   method="inclusive")[8],
                                              abs=1.0)
    abandoned = Counter((r["journey"], r["step"]) for r in ends
                        if r["outcome"] in ("cancelled", "timed_out"))
    assert {(a["journey"], a["step"]): a["abandoned"] for a in s["abandonment"]} == abandoned

    faults = Counter(r["terminal_id"] for r in mine if r["kind"] == "device.fault")
    assert {d["terminal"]: d["faults"] for d in s["devices"]} == {t: n for t, n in faults.items()}
    for d in s["devices"]:
        down = sum(r["duration_s"] for r in mine if r["kind"] == "device.recovered"
                   and r["terminal_id"] == d["terminal"])
        assert d["availability"] == pytest.approx(1 - down / (30 * 86400))

    assert sum(h["calls"] for h in s["queue_waits"]) == len(month.waits)
    assert max(h["p90_s"] for h in s["queue_waits"]) <= max(month.waits)
    (ann,) = s["tellers"]
    assert ann["calls"] == 40 and ann["busy_s"] == pytest.approx(40 * 300)

    # Staffing: the inputs are the measured rates; 'needed' is Erlang C's answer for them.
    counters = [h for h in s["staffing"]["hours"] if h["for"] == "counters"]
    ten_mondays = [r for r in mine if r["kind"] == "session.end"
                   and dt.datetime.fromtimestamp(r["ts"], dt.UTC).weekday() == 0
                   and dt.datetime.fromtimestamp(r["ts"], dt.UTC).hour == 10]
    monday_10 = next(h for h in counters if h["weekday"] == 0 and h["hour"] == 10)
    assert monday_10["arrivals_per_hour"] == pytest.approx(len(ten_mondays) / 5, abs=1e-3)
    assert monday_10["needed"] >= 1 and monday_10["service_level"] >= 0.8

    # Narrowing the dates narrows the figures.
    one_day = _get(hub_env, "mia", **{"from": "2026-11-03", "to": "2026-11-03"}).json()
    day_starts = [r for r in starts if 2 * 86400 <= r["ts"] - MONTH_START < 3 * 86400]
    assert sum(h["sessions"] for h in one_day["sessions_per_hour"]) == len(day_starts)


def test_a_supervisor_issues_a_technician_code_for_a_terminal_of_the_branch(hub_env) -> None:
    secret = "ab" * 16
    url = f"{hub_env.url}/api/ops/technician-codes"
    body = {"terminal_id": "t1", "technician_id": "T01"}
    r = requests.post(url, json=body, headers=hub_env.bearer("sue"), timeout=10)
    assert r.status_code == 409 and "otp-secret" in r.json()["error"]  # none configured
    hub_env.handle.hub.settings.otp_secret = secret
    r = requests.post(url, json=body, headers=hub_env.bearer("sue"), timeout=10)
    assert r.status_code == 201, r.text
    code = r.json()["code"]
    assert len(code) == 8 and matching_counter(secret, "t1", "T01", code) is not None
    assert matching_counter(secret, "t2", "T01", code) is None  # bound to that terminal
    other = {"terminal_id": "t9", "technician_id": "T01"}  # branch b9
    assert requests.post(url, json=other, headers=hub_env.bearer("sue"),
                         timeout=10).status_code == 403
    assert requests.post(url, json=body, headers=hub_env.bearer("ann"),
                         timeout=10).status_code == 403
    assert requests.post(url, json=body, timeout=10).status_code == 401
