"""Images above the pixel limit are refused from their header, before any decoding."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from kiosk.identity.image_limits import MAX_PIXELS, check_pixels

ROOT = Path(__file__).resolve().parents[3]


def _png_bomb(path: Path, side: int = 30000) -> None:
    """A valid grey PNG of side x side white pixels: under 1 MB on disk, 900 MB decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (len(data).to_bytes(4, "big") + kind + data
                + zlib.crc32(kind + data).to_bytes(4, "big"))  # fmt: skip

    ihdr = side.to_bytes(4, "big") * 2 + bytes([8, 0, 0, 0, 0])
    raw = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * side
    data = b"".join(raw.compress(row) for _ in range(side)) + raw.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", data)
                     + chunk(b"IEND", b""))  # fmt: skip


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "bomb.png"
    _png_bomb(path)
    assert path.stat().st_size < 2_000_000
    return path


def test_the_guard_reads_only_the_header(bomb):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ValueError, match="above the limit of 64 megapixels"):
        check_pixels(bomb)
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 50  # MB
    assert 30000 * 30000 > MAX_PIXELS


def test_an_image_just_above_the_limit_names_its_size(tmp_path):
    path = tmp_path / "big.png"
    _png_bomb(path, 9000)  # 81 MP: above ours, below Pillow's own bomb limit
    with pytest.raises(ValueError, match="9000x9000 pixels is above the limit"):
        check_pixels(path)
    small = tmp_path / "small.png"
    _png_bomb(small, 100)
    check_pixels(small)  # passes


@pytest.mark.parametrize("command", [["ocr", "{bomb}", "--json"],
                                     ["face", "verify", "{bomb}", "{bomb}", "--json"]])
def test_ocr_and_face_verify_refuse_a_bomb_with_exit_2(bomb, command):
    args = [a.replace("{bomb}", str(bomb)) for a in command]
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, timeout=120,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert out.returncode == 2, out.stdout + out.stderr
    assert "above the limit" in out.stderr + out.stdout
    assert "Traceback" not in out.stderr
