"""`kiosk ocr` as a user runs it (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2

from devices.idcard import specimen

ROOT = Path(__file__).resolve().parents[3]


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "ocr", *args],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )  # fmt: skip


def test_card_front_json(tmp_path):
    card = specimen.generate(42)
    path = tmp_path / "front.jpg"
    cv2.imwrite(str(path), card.front)
    proc = _kiosk(str(path), "--json", "--kind", "cn-id")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"kind", "fields", "valid", "problems", "confidence", "elapsed_ms"}
    assert out["problems"] == []
    assert out["kind"] == "cn-id-front"
    assert out["fields"]["id_number"] == card.person.id_number
    assert set(out["fields"]) == {"name", "sex", "ethnicity", "birth_date", "address", "id_number"}
    assert out["valid"] is True and out["elapsed_ms"] > 0


def test_mrz_json(testdata):
    proc = _kiosk(str(testdata / "mrz" / "icao" / "passport-td3.png"), "--json")
    out = json.loads(proc.stdout)
    assert out["kind"] == "mrz" and out["valid"] is True
    assert out["fields"]["number"] == "L898902C3"
    assert out["fields"]["lines"][1] == "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    for key in ("mrz_type", "document_type", "country", "date_of_birth", "expiration_date",
                "nationality", "sex", "surname", "names", "personal_number"):  # fmt: skip
        assert key in out["fields"]


def test_face_image_gives_kind_null(testdata):
    proc = _kiosk(str(testdata / "face" / "face_recognition" / "biden.jpg"), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["kind"] is None and out["fields"] == {} and out["valid"] is False


def test_unreadable_file_exit_2(tmp_path):
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG not really")
    proc = _kiosk(str(bad), "--json")
    assert proc.returncode == 2
    assert "not an image" in proc.stderr and "Traceback" not in proc.stderr
    proc = _kiosk(str(tmp_path / "missing.jpg"), "--json")
    assert proc.returncode == 2 and "cannot read" in proc.stderr and proc.stdout == ""
