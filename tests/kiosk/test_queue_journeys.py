"""The terminal's queue journeys (Qt-free) against a real hub over HTTP: check-in by the QR code
the simulated camera shows or by a typed code, refusals with their reasons, a walk-in ticket."""

from __future__ import annotations

import functools

import pytest
from queue_env import book, free_slot, qr_frame, start_queue_hub

from devices.camera.simulated import SimulatedCamera
from kiosk.flows.checkin import AppointmentCheckInJourney
from kiosk.flows.ports import FlowDeps
from kiosk.flows.take_ticket import TakeTicketJourney
from kiosk.queue import codes
from kiosk.queue.client import QueueClient


@pytest.fixture
def qhub(tmp_path):
    env = start_queue_hub(f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}")
    try:
        yield env
    finally:
        env.stop()


def _deps(qhub, frames=None) -> FlowDeps:
    camera = functools.partial(SimulatedCamera, frames, fps=0) if frames else None
    return FlowDeps(core=None, outbox=None, queue=QueueClient(qhub.url, "t1", qhub.keys["t1"]),
                    qr_camera=camera, language="en")


def test_check_in_by_camera_qr_and_refusals(qhub) -> None:
    booking = book(qhub.url, free_slot(qhub.url, after_s=120, before_s=1500))
    journey = AppointmentCheckInJourney(_deps(qhub, [qr_frame(qhub.url, booking["code"])]))
    assert journey.scan_camera(timeout_s=10) and journey.view().auto == "submit"
    journey.run_auto()
    view = journey.view()
    assert view.step == "done" and view.summary["number"] == "A001"
    assert view.summary["appointment"] and view.summary["ahead"] == 0
    assert view.summary["where"] and view.message_key == "queue.ticket"
    receipt = journey.print_receipt()  # no printer here: the e-receipt
    assert receipt["printed"] is False and receipt["qr"].endswith("A001")

    # The same booking again, typed: already checked in.
    again = AppointmentCheckInJourney(_deps(qhub))
    assert not again.enter_code("ABC")  # not a code: stays, field error
    assert again.view().errors == {"code": "queue.code_invalid"} and again.step == "scan"
    assert again.enter_code(booking["code"].lower())
    again.run_auto()
    assert (again.view().outcome, again.view().message_key) == ("refused", "queue.checked_in")

    body = "9999999"
    unknown = AppointmentCheckInJourney(_deps(qhub))
    assert unknown.enter_code(body + codes.check_char(body))
    unknown.run_auto()
    assert unknown.view().message_key == "queue.unknown"

    early = book(qhub.url, free_slot(qhub.url, after_s=3 * 3600))
    too_early = AppointmentCheckInJourney(_deps(qhub))
    assert too_early.enter_code(early["code"])
    too_early.run_auto()
    view = too_early.view()
    assert view.message_key == "queue.too_early"
    assert len(view.message_params["opens"]) == 16  # YYYY-MM-DD HH:MM

    import requests

    requests.post(f"{qhub.url}/api/appointments/{early['code']}/cancel", json={"last4": "8000"},
                  timeout=10).raise_for_status()
    cancelled = AppointmentCheckInJourney(_deps(qhub))
    assert cancelled.enter_code(early["code"])
    cancelled.run_auto()
    assert cancelled.view().message_key == "queue.cancelled"

    lost = AppointmentCheckInJourney(FlowDeps(core=None, outbox=None, queue=QueueClient(
        "http://127.0.0.1:9", "t1", "x", timeout_s=2)))
    assert lost.enter_code(early["code"])
    lost.run_auto()
    assert lost.view().message_key == "queue.unreachable"


def test_take_a_ticket_for_a_service(qhub) -> None:
    journey = TakeTicketJourney(_deps(qhub))
    assert not journey.choose_service("nails") and journey.view().errors
    assert journey.choose_service("video")
    journey.run_auto()
    view = journey.view()
    assert view.step == "done" and view.summary["number"] == "V001"
    assert view.summary["destination"] == "video_teller" and view.summary["wait_min"] >= 1
    journey.finish()
    assert journey.view().outcome == "completed"


def test_a_camera_that_fails_leaves_typing_the_code(qhub) -> None:
    from devices.camera.simulated import CameraFault

    def broken():
        camera = SimulatedCamera([qr_frame(qhub.url, "23456789")], fps=0)
        camera.inject(CameraFault.UNPLUGGED)
        return camera

    deps = _deps(qhub)
    deps.qr_camera = broken
    journey = AppointmentCheckInJourney(deps)
    assert journey.scan_camera(timeout_s=2) is False
    view = journey.view()
    assert view.step == "scan" and view.errors == {"camera": "queue.camera_failed"}
    booking = book(qhub.url, free_slot(qhub.url, after_s=60, before_s=1500))
    assert journey.enter_code(booking["code"])
    journey.run_auto()
    assert journey.view().summary["number"] == "A001"
