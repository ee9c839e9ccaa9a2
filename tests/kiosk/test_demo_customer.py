"""The demo customer ships with the product: with the shared sample data out of reach, the
drawn face passes the face check and the blink challenge against the card on the tray, the
card's OCR names the sandbox's seeded client, and that client has money to transfer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kiosk.demo_customer import HOLDER_ID_NUMBER, HOLDER_NAME
from kiosk.sandbox.store import DEMO_CUSTOMERS

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter where opening anything under ../shared raises: the demo must
# not even look there.  Face check and OCR are the terminal's own (IdentityDevices).
SCRIPT = r"""
import functools, json, sys
SHARED = sys.argv[1]
def guard(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(SHARED):
        raise PermissionError(f"the demo read shared sample data: {args[0]}")
sys.addaudithook(guard)
from devices.camera.simulated import SimulatedCamera
from kiosk.demo_customer import demo_customer
from kiosk.devices_io.identity_devices import IdentityDevices
customer = demo_customer()
tray = SimulatedCamera([customer.tray_image], fps=0, loop=True)
devices = IdentityDevices(
    scanner=tray, challenge="blink", liveness_timeout=8.0, face_threshold=0.5,
    camera_factory=functools.partial(SimulatedCamera, customer.camera_frames, fps=0, loop=True))
read = devices.scan_document()
face = devices.face_check(read.photo, lambda *_: None)
print(json.dumps({"kind": read.kind, "valid": read.valid, "fields": read.fields,
                  "passed": face.passed, "reason": face.reason, "distance": face.distance}))
"""


def test_demo_face_passes_and_the_card_reads_without_shared_data():
    shared = str(ROOT.parent / "shared")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", SCRIPT, shared], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=240)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["passed"] is True and out["reason"] == "", out
    assert out["distance"] < 0.5
    assert out["kind"] == "cn-id" and out["valid"] is True
    assert out["fields"]["name"] == HOLDER_NAME
    assert out["fields"]["id_number"] == HOLDER_ID_NUMBER


def test_card_holder_is_the_seeded_client_with_money(client):
    first, last, external_id, _mobile, (_kind, id_number), accounts = DEMO_CUSTOMERS[0]
    assert (last + first, id_number) == (HOLDER_NAME, HOLDER_ID_NUMBER)
    holder = client.get_client_by_external_id(external_id)
    [(account_external_id, _fen)] = accounts
    savings = client.get_savings_by_external_id(account_external_id)
    assert savings.client_id == holder.id
    assert savings.summary.account_balance > 1000  # enough for a demo transfer


def test_camera_frames_blink_and_are_never_identical():
    from kiosk.demo_customer import FRAME_SIZE, camera_frames, portrait

    frames = camera_frames()
    assert all(f.shape == (FRAME_SIZE[1], FRAME_SIZE[0], 3) for f in frames)
    assert len({f.tobytes() for f in frames}) == len(frames)
    # The shut frames differ from the open ones around the eyes only (not the mouth).
    open_, shut = frames[0].astype(int), frames[9].astype(int)
    changed = abs(open_ - shut).sum(axis=2) > 60  # well above the sensor noise
    h = FRAME_SIZE[1]
    assert changed[: h // 2].sum() > 200 and changed[int(h * 0.6) :].sum() == 0
    assert portrait().shape == (600, 480, 3)
