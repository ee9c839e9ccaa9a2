"""``kiosk receipt render`` as a user runs it."""

import json
import subprocess
from pathlib import Path

from PIL import Image

KIOSK = str(Path(__file__).resolve().parents[3] / ".venv" / "bin" / "kiosk")


def kiosk(*args):
    return subprocess.run(
        [KIOSK, "receipt", "render", *map(str, args)], capture_output=True, text=True, timeout=60
    )


def test_text_matches_esc2text(testdata):
    base = testdata / "escpos"
    want = json.loads((base / "expected.json").read_text())["escpos-tools/receipt-with-logo.bin"]
    r = kiosk(base / "escpos-tools/receipt-with-logo.bin", "--text")
    assert r.returncode == 0 and r.stderr == ""
    got = [line.rstrip() for line in r.stdout.splitlines()]
    assert got == [line.rstrip() for line in want["esc2text_expected_output"].splitlines()]


def test_png(testdata, tmp_path):
    out = tmp_path / "r.png"
    r = kiosk(testdata / "escpos/escpos-php/qr-code.bin", "--png", out)
    assert r.returncode == 0, r.stderr
    img = Image.open(out)
    assert img.width == 576 and img.height > 1000


def test_annotated_text_shows_codes(testdata):
    r = kiosk(
        testdata / "escpos/python-escpos/vectors/qr_native_1234_default.bin", "--text", "--annotate"
    )
    assert r.returncode == 0 and "[QR: 1234]" in r.stdout


def test_unreadable_file_exit_2(tmp_path):
    r = kiosk(tmp_path / "nope.bin", "--text")
    assert r.returncode == 2 and "cannot read" in r.stderr and "Traceback" not in r.stderr
    r = kiosk(tmp_path, "--text")  # a directory
    assert r.returncode == 2 and "cannot read" in r.stderr


def test_truncated_stream_renders_valid_part_and_reports(testdata, tmp_path):
    data = (testdata / "escpos/escpos-tools/receipt-with-logo.bin").read_bytes()
    bad = tmp_path / "bad.bin"
    bad.write_bytes(data[9000:] + b"\x1bZ" + b"\x1d(k\xff\xff1P0abc")
    r = kiosk(bad, "--text")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "ampleMart Ltd." in r.stdout and "Shop No. 42." in r.stdout  # cut mid-stream
    assert "unknown command ESC Z" in r.stderr and "truncated GS (" in r.stderr
    r = kiosk(bad, "--png", tmp_path / "bad.png")
    assert r.returncode == 1 and (tmp_path / "bad.png").exists()


def test_png_unwritable_exit_2(testdata, tmp_path):
    r = kiosk(testdata / "escpos/escpos-php/text-size.bin", "--png", tmp_path / "no/such/dir/x.png")
    assert r.returncode == 2 and "cannot write" in r.stderr
