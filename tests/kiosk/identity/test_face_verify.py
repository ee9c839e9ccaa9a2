"""Face verification on the shared sample faces: calibration pairs, API, CLI."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kiosk.config import FaceConfig
from kiosk.identity.face import FaceVerifier, ImageUnreadable, load_image

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def face_dir(testdata: Path) -> Path:
    return testdata / "face"


@pytest.fixture(scope="module")
def identities(face_dir: Path) -> dict[str, list[str]]:
    expected = json.loads((face_dir / "expected.json").read_text())
    return expected["face_recognition"]["identities"]


@pytest.fixture(scope="module")
def embeddings(face_dir: Path, identities: dict[str, list[str]]) -> dict[str, np.ndarray]:
    verifier = FaceVerifier()
    out = {}
    for files in identities.values():
        for f in files:
            enc = verifier._encode(load_image(face_dir / f))
            assert enc.faces >= 1, f
            out[f] = enc.embedding
    return out


def _pairs(identities: dict[str, list[str]], same: bool) -> list[tuple[str, str]]:
    owner = {f: who for who, files in identities.items() for f in files}
    return [
        (a, b)
        for a, b in itertools.combinations(sorted(owner), 2)
        if (owner[a] == owner[b]) == same
    ]


def test_every_same_person_pair_matches_at_the_configured_threshold(identities, embeddings) -> None:
    threshold = FaceConfig().threshold
    pairs = _pairs(identities, same=True)
    assert len(pairs) == 26
    far = {p: float(np.linalg.norm(embeddings[p[0]] - embeddings[p[1]])) for p in pairs}
    assert all(d <= threshold for d in far.values()), far


def test_no_different_person_pair_matches(identities, embeddings) -> None:
    threshold = FaceConfig().threshold
    pairs = _pairs(identities, same=False)
    assert len(pairs) == 65
    near = {p: float(np.linalg.norm(embeddings[p[0]] - embeddings[p[1]])) for p in pairs}
    assert all(d > threshold for d in near.values()), near


def test_verify_reports_counts_and_distance(face_dir: Path) -> None:
    v = FaceVerifier(0.5)
    fr = face_dir / "face_recognition"
    same = v.verify(load_image(fr / "obama.jpg"), load_image(fr / "obama2.jpg"))
    assert same.match and same.distance is not None and same.distance <= 0.5
    assert (same.reference_faces, same.probe_faces) == (1, 1) and same.reason is None
    group = v.verify(load_image(fr / "biden.jpg"), load_image(fr / "obama_and_biden.jpg"))
    assert group.probe_faces >= 2  # the largest face is the one compared
    none = v.verify(load_image(fr / "obama.jpg"), load_image(face_dir / "no_face" / "pacman.jpg"))
    assert not none.match and none.distance is None and none.reason == "no_face_in_probe"


def test_session_reference_compare_and_clear(face_dir: Path) -> None:
    fr = face_dir / "face_recognition"
    v = FaceVerifier(0.5)
    with pytest.raises(RuntimeError):
        v.compare(load_image(fr / "obama2.jpg"))
    assert v.encode_reference(load_image(fr / "obama.jpg")) == 1
    assert v.compare(load_image(fr / "obama3.jpg")).match
    assert not v.compare(load_image(fr / "biden2.jpg")).match
    v.clear()
    assert not v.has_reference
    with pytest.raises(RuntimeError):
        v.compare(load_image(fr / "obama2.jpg"))


def test_load_image_errors(tmp_path: Path) -> None:
    with pytest.raises(ImageUnreadable):
        load_image(tmp_path / "missing.jpg")
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a jpeg")
    with pytest.raises(ImageUnreadable):
        load_image(bad)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "face", "verify", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_match_non_match_and_unreadable(face_dir: Path, tmp_path: Path) -> None:
    fr = face_dir / "face_recognition"
    out = _cli(str(fr / "obama.jpg"), str(fr / "obama3.jpg"), "--json")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["match"] is True and got["distance"] <= got["threshold"] == 0.5
    assert set(got) >= {
        "match",
        "distance",
        "threshold",
        "reference_faces",
        "probe_faces",
        "elapsed_ms",
    }

    out = _cli(str(fr / "obama.jpg"), str(fr / "biden.jpg"), "--json", "--threshold", "0.6")
    assert out.returncode == 1 and json.loads(out.stdout)["match"] is False
    assert json.loads(out.stdout)["threshold"] == 0.6

    out = _cli(str(fr / "obama.jpg"), str(face_dir / "no_face" / "pacman.jpg"), "--json")
    assert out.returncode == 1 and json.loads(out.stdout)["reason"] == "no_face_in_probe"

    junk = tmp_path / "junk.png"
    junk.write_text("hello")
    out = _cli(str(junk), str(fr / "obama.jpg"), "--json")
    assert (
        out.returncode == 2
        and "not a readable image" in out.stderr
        and "Traceback" not in out.stderr
    )
    out = _cli(str(tmp_path / "nope.jpg"), str(fr / "obama.jpg"))
    assert out.returncode == 2 and "no such file" in out.stderr


def test_warm_up_and_verify_from_worker_threads(face_dir: Path) -> None:
    import threading

    fr = face_dir / "face_recognition"
    ref, probe = load_image(fr / "obama.jpg"), load_image(fr / "obama3.jpg")
    v = FaceVerifier(0.5)
    results: list[float] = []
    threads = [threading.Thread(target=v.warm_up)] + [
        threading.Thread(target=lambda: results.append(v.verify(ref, probe).distance))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 3 and max(results) - min(results) < 1e-6


def test_logs_carry_no_face_data(face_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    fr = face_dir / "face_recognition"
    v = FaceVerifier(0.5)
    with caplog.at_level("DEBUG"):
        v.encode_reference(load_image(fr / "obama.jpg"))
        v.compare(load_image(fr / "obama2.jpg"))
    for record in caplog.records:
        fields = getattr(record, "fields", {}) or {}
        assert set(fields) <= {"match", "distance", "elapsed_ms"}, fields
        assert "obama" not in record.getMessage()


@pytest.mark.parametrize(
    "ref,probe", [("obama.jpg", "obama2.jpg"), ("rose_leslie_img1.jpg", "rose_leslie_img2.jpg")]
)
def test_chip_photo_sized_reference_still_matches(face_dir: Path, ref: str, probe: str) -> None:
    """A second-generation ID chip photo is 102x126 px: crop a real face to that size."""
    import cv2

    fr = face_dir / "face_recognition"
    image = load_image(fr / ref)
    v = FaceVerifier(0.5)
    from kiosk.identity import face_engine

    top, right, bottom, left = face_engine.detect_faces(face_engine.to_rgb(image), 640)[0]
    w, cx, cy = right - left, (left + right) // 2, (top + bottom) // 2
    crop = image[
        max(0, cy - int(w * 0.95)) : cy + int(w * 0.85),
        max(0, cx - int(w * 0.7)) : cx + int(w * 0.7),
    ]
    chip = cv2.resize(crop, (102, 126), interpolation=cv2.INTER_AREA)
    result = v.verify(chip, load_image(fr / probe))
    assert result.match and result.reference_faces == 1, result
    assert not v.verify(chip, load_image(fr / "biden2.jpg")).match
