"""Before the branch: QR code to application on screen, and a pre-filled opening against a full one.

Same simulated terminal for both (kiosk.terminal.SimulatedRig: the SAM reader over a
pseudo-terminal, the customer camera playing frames, liveness and the dlib comparison for
real in the identity helper, the sandbox over real HTTP) and a real hub (SQLite) over HTTP.

- ``qr_to_loaded_s``: the phone's QR code is put in front of the camera → the application
  is loaded and the journey shows it for confirmation (zxing-cpp on the camera's frames,
  then the hub's terminal-key route).  Median of several codes.
- ``full_open_account_s`` / ``prefilled_open_account_s``: the customer's time at the
  terminal.  The terminal's own part is measured (card read, face check, hub and core calls,
  the submission through the outbox); what the customer types cannot be measured without a
  person, so it is modelled: ``TOUCH_S_PER_CHAR`` per character typed on the touch keyboard
  and ``TAP_S`` per button or box tapped (``input_model`` in the JSON says so).  The full
  journey types mobile, address and occupation; the pre-filled one types nothing (the QR
  code carries the form).  Both tick the consent box and sign.  Taps are counted the same
  way for both, from the home tile the customer chose to the submit button (the screens of
  tests/e2e/test_e2e_open_account.py and test_e2e_prefilled.py).
- Both journeys start on a terminal in service: its identity helper (face models loaded) was
  started at boot, long before a customer steps up.  A fresh rig's helper is still loading
  its models, so the clock starts once it answers (``_in_service``); before, that start-up
  (5-7 s, more under load) fell inside the first face check of every journey.
- ``prefilled_ratio``: prefilled / full (aim below 0.4).

If ``bench/prearrival_queue.py`` exists (queue tickets, display updates: another area),
its ``measure()`` figures are merged into the same JSON.

Usage: .venv/bin/python bench/prearrival.py [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TESTDATA = ROOT.parent / "shared" / "testdata"

import requests  # noqa: E402

from hub import accounts  # noqa: E402
from hub.server import start_hub  # noqa: E402
from hub.settings import HubSettings  # noqa: E402
from kiosk.config import KioskConfig, LimitsConfig  # noqa: E402
from kiosk.devices_io.demo import card_text  # noqa: E402
from kiosk.devices_io.qr_scan import scan_qr  # noqa: E402
from kiosk.flows.open_account import OpenAccountJourney  # noqa: E402
from kiosk.flows.prefilled import PrefilledJourney  # noqa: E402
from kiosk.prearrival.client import PreappClient  # noqa: E402
from kiosk.sandbox.store import cn_id  # noqa: E402
from kiosk.terminal import SimulatedRig  # noqa: E402

TOUCH_S_PER_CHAR = 1.0  # touch keyboard, one finger, Pinyin candidates for the address
TAP_S = 1.5  # read, find and tap one button or box
SIGN_S = 4.0  # draw a signature
#: The home tile, read card, 3 fields, next, start face, consent, submit.
TAPS_FULL = 9
#: The "I have a code" tile, "confirm and verify" (one tap: the confirmation screen asks for
#: the card first; the card is read and the face check starts with it), consent, submit.
TAPS_PREFILLED = 4
DETAILS = {"mobile": "13800138000", "address": "北京市东城区示例路2号", "occupation": "教师"}


def _faces():
    base = TESTDATA / "face" / "face_recognition"
    if base.is_dir():
        from kiosk.identity.face import load_image

        return load_image(base / "obama.jpg"), load_image(base / "obama2.jpg"), None
    from kiosk.demo_customer import camera_frames, portrait

    return portrait(), portrait(), camera_frames()


ATTEMPTS: list[int] = []  # face checks per journey (a failed liveness is retried, as allowed)


def _face(rig: SimulatedRig, journey) -> None:
    for attempt in range(1, journey.deps.max_face_attempts + 1):
        outcome = rig.terminal.identity.face_check(journey.reference_photo, lambda *_a: None)
        journey.face_result(outcome.passed, outcome.reason, outcome.distance)
        if journey.step != "face":
            ATTEMPTS.append(attempt)
            return


def _in_service(rig: SimulatedRig) -> None:
    """Wait until the rig's identity helper has loaded its models, as on a running terminal."""
    isolated = rig.terminal.identity.isolated
    if isolated is not None:
        isolated.probe_camera(rig.terminal.identity.camera_factory)


def _identity(rig: SimulatedRig, journey) -> None:
    read = rig.terminal.identity.read_card()
    journey.document_read(read.kind, read.fields, source=read.source, valid=read.valid,
                          photo=read.photo, problems=read.problems)  # fmt: skip


def full_opening(rig: SimulatedRig) -> tuple[float, float]:
    """(terminal's measured seconds, modelled input seconds) of a full opening."""
    j = OpenAccountJourney(rig.terminal.deps())
    _in_service(rig)
    t0 = time.perf_counter()
    _identity(rig, j)
    assert j.step == "details", j.step
    j.submit_details(DETAILS["mobile"], DETAILS["address"], DETAILS["occupation"])
    _face(rig, j)
    assert j.step == "terms", j.step
    j.accept_terms(True, b"<svg>sig</svg>")
    assert j.submit() == "done", j.step
    machine = time.perf_counter() - t0
    typed = sum(len(v) for v in DETAILS.values())
    return machine, typed * TOUCH_S_PER_CHAR + TAPS_FULL * TAP_S + SIGN_S


def prefilled_opening(rig: SimulatedRig, client: PreappClient, qr_png: bytes,
                      faces: list) -> tuple[float, float, float]:
    """(measured seconds, modelled input seconds, QR→loaded seconds) of a pre-filled one."""
    j = PrefilledJourney(rig.terminal.deps())
    j.deps.preapps = client
    _in_service(rig)
    t0 = time.perf_counter()
    rig.present_image(qr_png)  # the phone held to the camera
    text = scan_qr(rig.terminal.identity.camera_factory, 10.0)
    j.enter_code(text or "")
    loaded = time.perf_counter() - t0
    assert j.step == "confirm_application", j.step
    rig.customer_frames[:] = faces
    j.confirm_application()
    _identity(rig, j)
    assert j.step == "face", j.step
    _face(rig, j)
    assert j.step == "terms", j.step
    j.accept_terms(True, b"<svg>sig</svg>")
    assert j.submit() == "done", j.step
    machine = time.perf_counter() - t0
    return machine, TAPS_PREFILLED * TAP_S + SIGN_S, loaded


def _queue_figures() -> dict:
    path = ROOT / "bench" / "prearrival_queue.py"
    if not path.exists():
        return {}
    spec = importlib.util.spec_from_file_location("prearrival_queue", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return dict(module.measure())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    id_photo, live, demo_frames = _faces()
    cfg = KioskConfig(limits=LimitsConfig(submit_wait_seconds=8.0))
    full, pre, qr_s = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-prearrival-") as tmp:
        hub = start_hub(HubSettings(db_url=str(Path(tmp) / "hub.db"), port=0))
        try:
            async def enrol():
                async with hub.hub.engine.begin() as conn:
                    return await accounts.enrol_device(conn, "K7", "terminal", "b1")

            client = PreappClient(hub.url, "K7", hub.run(enrol()))
            for r in range(args.repeat):
                for kind in ("full", "prefilled"):
                    id_number = cn_id(f"11010119900301{r % 10}{'1' if kind == 'full' else '3'}5")
                    rig = SimulatedRig.build(Path(tmp) / f"{kind}{r}",
                                             card_text("王小样", id_number), id_photo, live,
                                             config=cfg)  # fmt: skip
                    try:
                        if demo_frames is not None:
                            rig.customer_frames[:] = demo_frames
                        faces = list(rig.customer_frames)
                        if kind == "full":
                            full.append(full_opening(rig))
                            continue
                        body = {"kind": "open_account", "id_number": id_number, "form": DETAILS}
                        made = requests.post(f"{hub.url}/api/preapplications", json=body,
                                             timeout=10).json()  # fmt: skip
                        png = requests.get(made["qr"], timeout=10).content
                        machine, typed, loaded = prefilled_opening(rig, client, png, faces)
                        pre.append((machine, typed))
                        qr_s.append(loaded)
                    finally:
                        rig.close()
        finally:
            hub.stop()
    full_s = statistics.median(m + t for m, t in full)
    pre_s = statistics.median(m + t for m, t in pre)
    out = {
        "qr_to_loaded_s": round(statistics.median(qr_s), 3),
        "prefilled_open_account_s": round(pre_s, 2),
        "full_open_account_s": round(full_s, 2),
        "prefilled_ratio": round(pre_s / full_s, 3),
        "prefilled_machine_s": round(statistics.median(m for m, _ in pre), 2),
        "full_machine_s": round(statistics.median(m for m, _ in full), 2),
        "input_model": {"touch_s_per_char": TOUCH_S_PER_CHAR, "tap_s": TAP_S,
                        "sign_s": SIGN_S, "typed_chars_full": sum(map(len, DETAILS.values())),
                        "typed_chars_prefilled": 0, "taps_full": TAPS_FULL,
                        "taps_prefilled": TAPS_PREFILLED},  # fmt: skip
        "repeat": args.repeat,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "face_attempts": ATTEMPTS,  # included in the measured times
        "aims": {"qr_to_loaded_s": "< 1", "prefilled_ratio": "< 0.4"},
    }
    out.update(_queue_figures())
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "prearrival.json").write_text(json.dumps(out, indent=1, ensure_ascii=False))
    print(json.dumps(out, indent=1, ensure_ascii=False))
    print(f"wrote {results / 'prearrival.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
