"""What a running terminal records about its customers' sessions: the events the hub will
get (with durations, the step a customer abandoned on, device faults, recoveries and busy
time), and none of the customer's data in them or in /metrics."""

from __future__ import annotations

import json
import time

import requests
from ops_terminal import SECRETS_OF_CUSTOMER


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def test_sessions_journeys_and_device_events_without_personal_data(terminal):
    ops = terminal.ops
    assert _wait(lambda: ops.history.current().get("printer", {}).get("device") == "online")
    terminal.transfer()
    terminal.transfer(cancel_at="payee")
    terminal.sim.faults.paper = "out"
    assert _wait(lambda: ops.history.current()["printer"].get("paper") == "out")
    terminal.sim.faults.paper = "full"
    assert _wait(lambda: ops.history.current()["printer"].get("paper") == "full")
    ops.recorder.flush()
    events = ops.events.all()
    kinds = [e["kind"] for e in events]

    assert kinds.count("session.start") == 2 and kinds.count("session.end") == 2
    ends = [e["fields"] for e in events if e["kind"] == "journey.end"]
    assert [(f["outcome"], f.get("abandoned_step")) for f in ends] == [
        ("completed", None), ("cancelled", "payee")]  # fmt: skip
    sessions = [e["fields"] for e in events if e["kind"] == "session.end"]
    assert [s["reason"] for s in sessions] == ["finish", "cancel"]
    # Each journey belongs to its session; every step left has its duration.
    starts = [e["fields"] for e in events if e["kind"] == "session.start"]
    assert [f["session"] for f in ends] == [s["session"] for s in starts]
    steps = [e["fields"] for e in events if e["kind"] == "journey.step"]
    first = [s["step"] for s in steps if s["run"] == ends[0]["run"]]
    assert first[:3] == ["identity", "face", "choose_account"] and first[-1] == "done"
    assert all(s["duration_s"] >= 0 for s in steps)
    busy = {e["fields"]["device"] for e in events if e["kind"] == "device.busy"}
    assert busy == {"idcard", "camera", "printer"}
    fault = next(e["fields"] for e in events if e["kind"] == "device.fault")
    # Out of paper, the printer reports itself offline (DLE EOT 1) as well.
    assert (fault["device"], fault["state"], fault["paper"]) == ("printer", "offline", "out")
    recovered = next(e["fields"] for e in events if e["kind"] == "device.recovered")
    assert recovered["previous"] == "offline" and recovered["down_s"] > 0
    assert kinds.index("device.fault") < kinds.index("device.recovered")
    assert len({e["id"] for e in events}) == len(events)
    assert ops.counters.snapshot()["values"]["faults.printer"] == 1  # the technician's count

    text = json.dumps(events, ensure_ascii=False)
    port = ops.serve_metrics("127.0.0.1", 0)
    metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    history = json.dumps(ops.history.entries(), ensure_ascii=False)
    for secret in SECRETS_OF_CUSTOMER:
        assert secret not in text and secret not in metrics and secret not in history, secret
    # The receipt reference links to the customer's transaction: events never carry it.
    journal = terminal.bank.journal.records()
    refs = {r["reference"] for r in journal if "reference" in r} | {r["session"] for r in
                                                                     journal if "session" in r}
    assert refs and not any(ref in text for ref in refs)


def test_kiosk_diagnostics_reports_the_operations_side(terminal):
    from kiosk.diagnostics.probes import probe_operations

    terminal.transfer()
    terminal.ops.recorder.flush()
    assert _wait(lambda: "printer" in terminal.ops.history.current())  # polled at start
    def counted():  # the poller saves the counters with every poll
        counters = probe_operations(terminal.cfg)["counters"] or {"values": {}}
        return counters["values"].get("journeys.transfer.completed")

    assert _wait(counted) == 1
    report = probe_operations(terminal.cfg)
    assert report["events_queued"] == terminal.ops.events.depth() > 0  # no hub configured
    assert report["counters"]["values"]["journeys.transfer.completed"] == 1
    assert report["status_changes"][0]["name"] == "printer"
