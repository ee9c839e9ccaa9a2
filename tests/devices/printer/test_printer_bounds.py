"""Bytes from outside the printer code: bounded pictures, total status decoding (hypothesis)."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.printer import status as S
from devices.printer.render import MAX_PAGE_DOTS, PictureTooLarge, render
from devices.status import DeviceStatus

ROOT = Path(__file__).resolve().parents[3]


def test_a_feed_only_stream_draws_no_kilometre_of_paper(tmp_path):
    # ESC d 255 three thousand times (9 KB): 2.3 km of paper, ~13 GB as a picture before.
    stream = b"\x1bd\xff" * 3000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = render(stream)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert result.picture is None and str(MAX_PAGE_DOTS) in result.too_large
    with pytest.raises(PictureTooLarge, match="no picture drawn"):
        result.png_bytes()
    assert grown_mb < 100, grown_mb  # bounded by the cap, not by the stream
    path = tmp_path / "feed.bin"
    path.write_bytes(stream)
    cli = subprocess.run([sys.executable, "-m", "kiosk.cli", "receipt", "render", str(path),
                          "--png", str(tmp_path / "out.png")], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert cli.returncode == 2 and "no picture drawn" in cli.stderr
    assert "Traceback" not in cli.stderr
    assert not (tmp_path / "out.png").exists()


def test_text_is_still_read_from_a_page_too_long_to_draw():
    stream = b"HEAD\n" + b"\x1bJ\xff" * 200 + b"TAIL\n"
    result = render(stream)
    assert result.too_large and result.lines[0] == "HEAD" and "TAIL" in result.lines


def test_a_normal_receipt_is_still_drawn():
    result = render(b"\x1b@Hello\n" + b"\x1bd\x05" + b"\x1dV\x00")
    assert result.too_large is None and result.picture.height > 24
    assert result.png_bytes().startswith(b"\x89PNG")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(S.STATUS_REQUESTS), st.binary(max_size=3)))
def test_any_dle_eot_answers_decode_to_a_status(answers):
    status = S.decode(S.RawStatus.from_answers(answers))
    assert isinstance(status, DeviceStatus)
    ok, why = S.ready_to_print(status)
    assert isinstance(ok, bool) and isinstance(why, str)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_random_escpos_bytes_render_within_bounds(data):
    result = render(data)
    assert result.too_large or result.picture.height <= MAX_PAGE_DOTS


def test_the_printer_simulator_keeps_a_bounded_history():
    import serial

    from devices.printer.simulator import KEEP_PAGES, PrinterSimulator

    sim = PrinterSimulator()
    url = sim.start()
    try:
        port = serial.serial_for_url(url, timeout=1)
        for i in range(KEEP_PAGES + 20):
            port.write(f"receipt {i}\n".encode() + b"\x1dV\x00")
        port.flush()
        import time

        deadline = time.monotonic() + 20
        last = f"receipt {KEEP_PAGES + 19}"
        while time.monotonic() < deadline and last not in "".join(sim.page_texts()):
            time.sleep(0.05)
        assert len(sim.pages) == KEEP_PAGES
        assert f"receipt {KEEP_PAGES + 19}" in sim.pages[-1].text
        port.close()
    finally:
        sim.stop()
