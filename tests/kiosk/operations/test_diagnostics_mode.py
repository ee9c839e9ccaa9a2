"""The diagnostics mode over a running terminal: the VendorMode handshake with a customer
mid-journey, and the technician's tests on the real printer simulator, reader simulator,
outbox and sandbox; every action journaled; no customer data reachable."""

from __future__ import annotations

import json

import pytest
from argon2 import PasswordHasher
from ops_terminal import CUSTOMER, SECRETS_OF_CUSTOMER, Terminal

from devices.idcard import open_reader
from kiosk.config import MaintenanceConfig, TechnicianConfig
from kiosk.maintenance.console import ConsoleParts, NotInMode
from kiosk.maintenance.entry import hash_pin
from kiosk.maintenance.mode import DiagnosticsMode

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PIN = "802417"


@pytest.fixture
def mode_terminal(tmp_path):
    t = Terminal(tmp_path / "terminal", maintenance=MaintenanceConfig(
        technicians=[TechnicianConfig(id="T01", pin_hash=hash_pin(PIN, CHEAP))]))
    t.reader = open_reader("simulator")
    parts = ConsoleParts(t.cfg, None, t.bank.journal, t.bank.outbox, t.ops, printer=t.printer,
                         reader=t.reader, core_url=lambda: t.bank.core.base_url)
    t.mode = DiagnosticsMode.build(parts, t.session)
    yield t
    t.reader.close()
    t.reader.simulator.stop()
    t.close()


def _states(journal):
    return [r["state"] for r in journal.records() if r["kind"] == "maintenance.mode"]


def test_entry_waits_for_the_customer_then_exits_back_to_service(mode_terminal):
    t, mode = mode_terminal, mode_terminal.mode
    t.session.start()  # a customer is mid-journey
    result, state = mode.enter("T01", PIN)
    assert result.ok and state == "requested" and mode.vendor.blocks_customers
    with pytest.raises(NotInMode):
        mode.console.print_test_receipt()
    t.session.end("finish")  # the customer leaves: the request is acknowledged
    assert mode.vendor.state == "active" and mode.vendor.technician == "T01"
    assert mode.leave() == "service" and not mode.vendor.blocks_customers
    assert _states(t.bank.journal) == ["requested", "acknowledged", "active", "service"]
    t.ops.recorder.flush()
    kinds = [(e["kind"], e["fields"].get("state")) for e in t.ops.events.all()
             if e["kind"].startswith("maintenance")]
    assert kinds[0] == ("maintenance.entry", None) and kinds[-1] == ("maintenance.state",
                                                                      "service")
    wrong, _ = mode.enter("T01", "000000")
    assert not wrong.ok and mode.vendor.state == "service"


def test_the_technicians_tests_on_real_devices(mode_terminal):
    t, mode = mode_terminal, mode_terminal.mode
    t.transfer()  # a customer was served before the technician came
    assert mode.enter("T01", PIN)[1] == "active"
    console = mode.console

    pages = len(t.sim.pages)
    receipt = console.print_test_receipt()
    assert receipt["printed"] and len(t.sim.pages) == pages + 1
    assert "TEST RECEIPT" in receipt["text"] and "T01" in receipt["text"]
    assert receipt["png"].startswith(b"\x89PNG") and receipt["status"]["device"] == "online"

    card = console.read_card()
    assert card["ok"] and card["id_number_valid"] and "name" in card["fields_present"]
    assert card["photo_bytes"] > 0

    parked_id = t.bank.outbox.submit("deposit", {"savings_id": 999, "amount": "10.00"})
    t.bank.outbox.wait(parked_id, 10)
    view = console.outbox()
    assert [p["action_id"] for p in view["parked"]] == [parked_id]
    assert console.retry(parked_id)
    assert t.bank.outbox.wait(parked_id, 10).state == "parked"  # the core still refuses it
    with pytest.raises(ValueError, match="reason must be one of"):
        console.discard(parked_id, "because")
    assert console.discard(parked_id, "test_action")
    assert t.bank.outbox.get(parked_id).error_code == "discarded.test_action"
    assert console.outbox()["parked"] == []

    reach = console.reachability()
    assert reach["core"]["reachable"] and reach["core"]["latency_ms"] >= 0
    assert reach["hub"]["reachable"] is False  # no hub configured
    counters = console.counters()["values"]
    assert counters["journeys.transfer.completed"] == 1 and counters["outbox.done"] >= 1
    assert console.reset_counters()["values"] == counters
    assert console.counters()["values"] == {}
    t.wait_polled()
    devices = console.devices()
    assert devices["printer"]["status"]["device"] == "online"
    assert devices["printer"]["history"][0]["status"]["device"] == "online"

    actions = [(r["action"], r["result"]) for r in t.bank.journal.records()
               if r["kind"] == "maintenance.action"]
    assert actions == [("print_test", "printed"), ("card_read", "ok"),
                       ("outbox_retry", "ok"), ("outbox_discard", "ok"),
                       ("counters_reset", "ok")]  # fmt: skip
    assert all(r["technician"] == "T01" for r in t.bank.journal.records()
               if r["kind"] == "maintenance.action")
    shown = json.dumps([card, view, reach, counters, devices, receipt["text"]],
                       ensure_ascii=False, default=str)
    on_card = t.reader.simulator.card  # the card the technician read: shown only as checks
    for secret in (*SECRETS_OF_CUSTOMER, on_card.name, on_card.id_number, on_card.address):
        assert secret not in shown
    assert t.bank.journal.verify().ok


def test_camera_preview_with_face_box_and_frame_rate(mode_terminal, testdata):
    import functools

    import cv2

    from devices.camera.simulated import SimulatedCamera

    face = cv2.imread(str(testdata / "face" / "face_recognition" / "obama.jpg"))
    mode = mode_terminal.mode
    mode.console.p.camera_factory = functools.partial(SimulatedCamera, [face], fps=0, loop=True)
    mode.enter("T01", PIN)
    out = mode.console.camera_test(seconds=1.0)
    assert out["ok"] and out["frames"] > 1 and out["fps"] > 0
    assert len(out["faces"]) == 1
    top, right, bottom, left = out["faces"][0]
    assert 0 <= left < right <= face.shape[1] and 0 <= top < bottom <= face.shape[0]
    assert out["preview_jpeg"][:2] == b"\xff\xd8"


def test_customer_data_is_not_in_the_console_even_mid_session(mode_terminal):
    t, mode = mode_terminal, mode_terminal.mode
    t.session.start()
    t.session.personal.update(CUSTOMER)
    mode.enter("T01", PIN)
    assert mode.vendor.state == "requested"
    with pytest.raises(NotInMode):
        mode.console.read_card()
    t.session.end("cancel")
    assert t.session.personal == {} and mode.vendor.active
